"""espeak-ng: the fallback voice for every language espeak-ng has, timed by its own word events.

Bound with ctypes to libespeak-ng: the copy bundled by ``espeakng-loader`` when
installed, else the system's (Debian ``espeak-ng``). espeak-ng keeps one global
state, so one lock serialises synthesis (it runs about 500 times faster than real
time, so this costs nothing). Word starts are espeak's word events; a word ends at
its first pause phoneme or where the next word starts. The rate is espeak's own
words-per-minute setting; past what espeak reaches, audio is time-stretched.
Lexicon phonemes (IPA) are not espeak's phoneme mnemonics, so this engine speaks
``say``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from voxpress.errors import SynthesisError, VoiceError
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, VoiceInfo
from voxpress.voices.stretch import time_stretch
from voxpress.voices.timing import assemble

if TYPE_CHECKING:
    from voxpress.settings import Settings
    from voxpress.voices.catalogue import CatalogueEntry

BASE_WPM = 175
"""espeak-ng's default pace: rate 1.0."""
WPM_RANGE = (80, 450)
"""Paces espeak-ng sets by itself; beyond them audio is time-stretched."""
RATE_RANGE = (0.3, 4.0)

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_PHONEME_EVENTS = 0x0001
_CHARS_UTF8 = 1
_ENDPAUSE = 0x1000
_EVENT_WORD = 1
_EVENT_PHONEME = 7
_PARAM_RATE = 1


class _EventId(ctypes.Union):
    _fields_ = (("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8))


class _Event(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    )


class _Voice(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    )


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


@dataclass(frozen=True)
class EspeakLanguage:
    """One espeak-ng voice: the language it speaks."""

    identifier: str
    """espeak's voice identifier, e.g. ``roa/fr``."""
    language: str
    """Its language tag (from the voice file's name), e.g. ``fr``, ``en-us`` or ``en-gb-x-rp``."""
    name: str
    """espeak's name, e.g. ``French (France)``."""


class _Library:
    """libespeak-ng, initialised once, with the state of the synthesis in progress."""

    def __init__(self) -> None:
        path, data_dir = _library_location()
        try:
            self.lib = ctypes.CDLL(path)
        except OSError as error:
            raise VoiceError(
                f"espeak-ng is not installed ({error}); install the espeak-ng package"
            ) from error
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_Initialize.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
        self.lib.espeak_SetVoiceByName.argtypes = (ctypes.c_char_p,)
        self.lib.espeak_SetParameter.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int)
        self.lib.espeak_Synth.argtypes = (
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.POINTER(ctypes.c_uint),
            ctypes.c_void_p,
        )
        self.lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        self.lib.espeak_ListVoices.argtypes = (ctypes.c_void_p,)
        data = data_dir.encode() if data_dir else None
        self.sample_rate = self.lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, data, _INITIALIZE_PHONEME_EVENTS
        )
        if self.sample_rate <= 0:
            raise VoiceError("espeak-ng could not start (its data folder is missing)")
        self.lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._events: list[tuple[int, int, int, str]] = []
        self._callback = _CALLBACK(self._on_audio)  # kept referenced: espeak holds the pointer
        self.lib.espeak_SetSynthCallback(self._callback)

    def _on_audio(self, wav: ctypes.Array[ctypes.c_short], count: int, events: ctypes.Array[_Event]) -> int:
        if count > 0 and wav:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).astype(np.float32) / 32768.0)
        index = 0
        while events[index].type != 0:
            event = events[index]
            if event.type in (_EVENT_WORD, _EVENT_PHONEME):
                phoneme = event.id.string.decode("ascii", "replace") if event.type == _EVENT_PHONEME else ""
                self._events.append((event.type, event.text_position, event.audio_position, phoneme))
            index += 1
        return 0

    def voices(self) -> list[EspeakLanguage]:
        found: list[EspeakLanguage] = []
        with self.lock:
            listing = self.lib.espeak_ListVoices(None)
            index = 0
            while listing[index]:
                voice = listing[index].contents
                identifier = (voice.identifier or b"").decode()
                if identifier and not identifier.startswith("mb/"):
                    language = identifier.rsplit("/", 1)[-1].lower()  # ``roa/fr`` speaks ``fr``
                    found.append(EspeakLanguage(identifier, language, voice.name.decode()))
                index += 1
        return found

    def speak(
        self, identifier: str, text: str, words_per_minute: int
    ) -> tuple[np.ndarray, list[tuple[int, int, int, str]]]:
        with self.lock:
            self._chunks, self._events = [], []
            if self.lib.espeak_SetVoiceByName(identifier.encode()) != 0:
                raise VoiceError(f"espeak-ng has no voice '{identifier}'")
            self.lib.espeak_SetParameter(_PARAM_RATE, words_per_minute, 0)
            data = text.encode("utf-8") + b"\0"
            status = self.lib.espeak_Synth(data, len(data), 0, 1, 0, _CHARS_UTF8 | _ENDPAUSE, None, None)
            if status != 0:
                raise SynthesisError(f"espeak-ng failed on a sentence (status {status})")
            audio = np.concatenate(self._chunks) if self._chunks else np.zeros(0, dtype=np.float32)
            return audio, list(self._events)


def _library_location() -> tuple[str, str | None]:
    """libespeak-ng and its data folder: espeakng-loader's bundled copy, else the system's."""
    try:
        import espeakng_loader

        return espeakng_loader.get_library_path(), espeakng_loader.get_data_path()
    except (ImportError, RuntimeError):
        return ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1", None


_library: _Library | None = None
_library_lock = threading.Lock()


def library() -> _Library:
    global _library
    with _library_lock:
        if _library is None:
            _library = _Library()
        return _library


class EspeakVoice:
    """espeak-ng speaking one language; ``synthesize`` may be called from several threads."""

    rate_range = RATE_RANGE

    def __init__(self, language: EspeakLanguage) -> None:
        self.language = language
        self.library = library()
        self.info = voice_info(language, self.library.sample_rate)

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        """Speak ``sentence`` at ``rate`` (1.0 = 175 WPM) with espeak's word events as times."""
        if not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
            raise VoiceError(f"rate {rate:g} is outside {RATE_RANGE[0]:g}–{RATE_RANGE[1]:g}")
        sample_rate = self.library.sample_rate
        parts: list[str] = []
        starts: list[tuple[int, int, int]] = []  # (character offset in text, word index, letters)
        offset = 0
        for index, word in enumerate(sentence.words):
            if not word.say.strip():
                continue
            piece = word.say.strip() + word.punctuation
            starts.append((offset, index, max(1, sum(c.isalnum() for c in piece))))
            parts.append(piece)
            offset += len(piece) + 1
        if not parts:
            return SentenceAudio(np.zeros(0, dtype=np.float32), sample_rate, [None] * len(sentence.words))

        wpm = round(min(max(BASE_WPM * rate, WPM_RANGE[0]), WPM_RANGE[1]))
        audio, events = self.library.speak(self.language.identifier, " ".join(parts), wpm)
        bounds = _word_bounds(events, starts, len(audio) * 1000 // sample_rate)
        stretch = rate * BASE_WPM / wpm
        if abs(stretch - 1.0) > 1e-3:
            audio = time_stretch(audio, stretch, sample_rate)
            bounds = {k: (s / stretch, e / stretch) for k, (s, e) in bounds.items()}
        in_samples = {k: (start * sample_rate, end * sample_rate) for k, (start, end) in bounds.items()}
        return assemble(sentence, audio, in_samples, sample_rate)


def _word_bounds(
    events: list[tuple[int, int, int, str]], starts: list[tuple[int, int, int]], total_ms: int
) -> dict[int, tuple[float, float]]:
    """(start, end) in seconds per word index from espeak's word and phoneme events.

    espeak sometimes speaks two words as one ("of the" gets one word event); such a
    group's phonemes are shared among its words in proportion to their letters.
    """
    offsets = [offset for offset, _, _ in starts]
    groups: list[tuple[int, float, list[tuple[float, str]]]] = []  # (slot, start, phonemes)
    for kind, position, audio_ms, phoneme in events:
        if kind == _EVENT_WORD:
            character = max(0, position - 1)  # espeak counts characters from 1
            slot = max(0, int(np.searchsorted(offsets, character, side="right")) - 1)
            groups.append((slot, audio_ms / 1000, []))
        elif groups:
            groups[-1][2].append((audio_ms / 1000, phoneme))

    bounds: dict[int, tuple[float, float]] = {}
    for number, (slot, start, phonemes) in enumerate(groups):
        following = groups[number + 1][1] if number + 1 < len(groups) else total_ms / 1000
        next_slot = groups[number + 1][0] if number + 1 < len(groups) else len(starts)
        end = min([t for t, name in phonemes if name.startswith("_") and t > start], default=following)
        sounds = [t for t, name in phonemes if not name.startswith("_") and t < end]
        covered = list(range(slot, max(slot + 1, next_slot)))
        letters = np.cumsum([starts[k][2] for k in covered], dtype=float)
        word_starts = [start]
        for share in letters[:-1] / letters[-1]:
            cut = round(share * len(sounds))
            word_starts.append(sounds[cut] if 0 < cut < len(sounds) else start)
        for k, (slot_k, word_start) in enumerate(zip(covered, word_starts, strict=True)):
            word_end = word_starts[k + 1] if k + 1 < len(word_starts) else end
            index = starts[slot_k][1]
            first, last = bounds.get(index, (word_start, word_end))
            bounds[index] = (min(first, word_start), max(last, word_end))
    return bounds


def voice_info(language: EspeakLanguage, sample_rate: int = 22050) -> VoiceInfo:
    primary = language.language.split("-")[0]
    return VoiceInfo(
        id=f"espeak:{language.language}",
        engine="espeak",
        language=language.language,
        name=f"espeak-ng {language.name}",
        sample_rate=sample_rate,
        quality="formant, robotic",
        word_timings=True,
        languages=(primary,),
    )


def catalogue(settings: Settings) -> list[CatalogueEntry]:
    """One espeak-ng voice per language it has (variants such as ``en-gb-x-rp`` included)."""
    from voxpress.voices.catalogue import CatalogueEntry

    try:
        lib = library()
    except VoiceError:
        return []
    entries: list[CatalogueEntry] = []
    seen: set[str] = set()
    for language in sorted(lib.voices(), key=lambda v: v.language):
        info = voice_info(language, lib.sample_rate)
        if info.id in seen:
            continue
        seen.add(info.id)
        entries.append(CatalogueEntry(info=info, load=partial(EspeakVoice, language), rank=_rank(language)))
    return entries


def _rank(language: EspeakLanguage) -> int:
    """Plain language voices (``fr``) before regional ones (``fr-be``) as a language's default."""
    return 10 if "-" not in language.language else 5
