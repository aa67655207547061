"""Kokoro-82M voices (Apache-2.0 weights) through onnxruntime, with word times from its durations.

The model is patched once (cached) to also output the encoder's per-token
durations: frames of 600 samples, so word spans follow from the phonemes of
each word (``voices.phonemes``, then ``voices.timing``); and to take a cap on each
token's frames, so the pause it would make after a sentence's last word (trimmed away)
is not computed. English words are read from misaki's dictionaries, the G2P Kokoro
was trained on, and the rest by espeak-ng
rewritten into misaki's phoneme inventory (``speech.kokoro_english``); the other
alphabetic languages' phonemes come from espeak-ng offline, adjusted as Kokoro's
own tokenizers do (``vocabulary``); Chinese and Japanese ones from misaki's G2P
(``cjk``). All voices share one model session; ``synthesize`` may be called from
several threads; a narration's quick first piece, made alone while the listener waits, runs on a
second session with more threads (``synthesize_first``).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import onnxruntime

from voxpress.errors import SynthesisError, VoiceError
from voxpress.speech.kokoro_english import kokoro_english_phonemes, misaki_sentence
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, VoiceInfo
from voxpress.voices.kokoro.cjk import cjk_phonemes
from voxpress.voices.kokoro.files import KokoroFiles, find_kokoro, load_style
from voxpress.voices.kokoro.vocabulary import (
    DEFAULT_VOICES,
    LANGUAGES,
    VOCAB,
    kokoro_phonemes,
    voice_language,
)
from voxpress.voices.model_cache import derived_model
from voxpress.voices.native_memory import bound_native_memory, emptied_after_each_call
from voxpress.voices.phonemes import PUNCTUATION, sentence_phonemes
from voxpress.voices.stretch import time_stretch
from voxpress.voices.timing import assemble, word_bounds

if TYPE_CHECKING:
    from voxpress.settings import Settings
    from voxpress.voices.catalogue import CatalogueEntry

SAMPLE_RATE = 24_000
SAMPLES_PER_FRAME = 600
NATURAL_RATES = (0.5, 1.0)
"""Rates given to Kokoro's own speed input; beyond them audio is time-stretched. Kokoro's speed
input above 1 drops a sentence's first sounds (Whisper hears "Loud software" for "Cloud software",
"Remote or" for "Promoter" at 1.4, and both right when the same sentence is spoken at 1 and
time-stretched), so faster speech is always stretched."""
RATE_RANGE = (0.3, 4.0)
MAX_TOKENS = 510
AUDIO_LEAD_SECONDS = 0.045
"""Kokoro's audio runs ahead of its duration frames by this much (measured against a forced aligner)."""
SILENCE_DB = -50.0
"""The sentence's ends are trimmed by level, quieter than this below the peak: Kokoro's first sounds
(a soft fricative, "Forecasters") may begin before its durations say, and a trim by the first word's
span would cut them ("Orcasters")."""
PREFERRED_VOICES = {"af_heart": 80, "zf_xiaobei": 60, "jf_alpha": 60}
"""Catalogue ranks of each language's best-sounding voice (others: 50, English 40)."""
FIRST_PIECE_WORDS = (2, 2)
"""Where a narration's quick first piece is cut: Kokoro's work is about proportional to the audio
it makes (about 0.5 s of work per second of it on one quiet core), so its first piece is two words (three
when the second opens a phrase), not the default three to five, for a first sound within a second."""
END_FRAMES = (5, 3)
"""Most frames (25 ms each) for the sentence's closing punctuation and for the padding after it: the
pause a full stop or a comma makes (7–24 frames) is trimmed away, and the pacer places the pauses.
The padding before a sentence stays as Kokoro predicts it (14–18 frames of silence, also trimmed):
capped at 10 or 5, Whisper no longer heard the first words ("Let's off here, ails rows" for "Cloud
software, sales rose"; ``benchmarks/kokoro_first_piece.py``), while these end caps changed nothing."""
LEAD_FRAMES_DECODED = 7
"""Frames of the leading pad (Kokoro predicts 14–18) that the decoder makes: silence enough before
the first sound for its onset, without decoding the rest, which the trim threw away. A two-word
first piece took 642 against 739 ms (median of 60); Whisper heard 20 opening sentences with 22
word errors in 145 either way (6 frames: 23, 9 frames: 21; ``benchmarks/kokoro_first_piece.py``)."""
CLOSING_MARKS = frozenset(';:,.!?—…"«»“”')
"""Kokoro tokens that end a sentence's words without being spoken (pauses and quotes)."""
UNCAPPED = np.iinfo(np.int64).max
ENGLISH_PHONEMES = ("misaki", "espeak")
"""How English voices get their phonemes: misaki's dictionaries and inventory (the default), or
espeak-ng's IPA as it was before (kept to measure the difference, ``benchmarks/intelligibility.py``)."""


# As Piper's default: a 1,000-word narration peaked at 1,009 MB against 1,076 MB with the arena
# kept, at no more CPU.
_RUN_OPTIONS = emptied_after_each_call()

_sessions: dict[tuple[Path, int], onnxruntime.InferenceSession] = {}
_sessions_lock = threading.Lock()


def model_session(model_path: Path, cache_dir: Path | None, threads: int = 1) -> onnxruntime.InferenceSession:
    """One session per model and thread count for the whole process, patched to output durations."""
    threads = max(1, threads)
    with _sessions_lock:
        if (model_path, threads) not in _sessions:
            bound_native_memory()
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            try:
                _sessions[model_path, threads] = onnxruntime.InferenceSession(
                    _timed_model(model_path, cache_dir),
                    sess_options=options,
                    providers=["CPUExecutionProvider"],
                )
            except Exception as error:  # onnxruntime raises untyped errors
                raise VoiceError(f"cannot load the Kokoro model {model_path.name}: {error}") from error
        return _sessions[model_path, threads]


def _timed_model(model_path: Path, cache_dir: Path | None) -> str | bytes:
    """The model with a ``max_frames`` input (most frames per token, one per token) and a ``duration``
    output (the frames each token got); cached on disk when possible."""

    def cap_and_expose_durations() -> bytes:
        import onnx

        model = onnx.load(str(model_path))
        graph = model.graph
        if any(output.name == "duration" for output in graph.output):  # patched elsewhere: taken as it is
            return model.SerializeToString()
        frames = "/encoder/Cast_output_0"  # the predicted durations, rounded, as int64
        users = [node for node in graph.node if frames in node.input]
        if not users or not any(frames in node.output for node in graph.node):
            raise VoiceError(f"{model_path.name} is not a Kokoro v1.0 model (no encoder durations)")
        for node in users:
            node.input[:] = ["capped_duration" if name == frames else name for name in node.input]
        first_user = min(i for i, node in enumerate(graph.node) if node in users)
        graph.node.insert(
            first_user, onnx.helper.make_node("Min", [frames, "max_frames"], ["capped_duration"], name="cap")
        )
        graph.node.append(
            onnx.helper.make_node("Identity", ["capped_duration"], ["duration"], name="duration")
        )
        graph.input.append(onnx.helper.make_tensor_value_info("max_frames", onnx.TensorProto.INT64, [None]))
        graph.output.append(onnx.helper.make_tensor_value_info("duration", onnx.TensorProto.INT64, None))
        _trim_decoded_lead(graph, model_path)
        return model.SerializeToString()

    return derived_model(
        model_path,
        cache_dir,
        "kokoro-lead-trimmed",
        cap_and_expose_durations,
        replaces=("kokoro-timed", "kokoro-capped"),
    )


def _trim_decoded_lead(graph: Any, model_path: Path) -> None:
    """Add a ``lead_frames`` input: the decoder is given at most that many frames of the leading
    pad. The text encoder and the prosody predictor still see the whole pad (cut there, the first
    words were garbled, ``END_FRAMES``); only the decoder, where almost all the work is, skips the
    silence it would have made and the trim thrown away."""
    import onnx
    from onnx import TensorProto, helper

    features = {  # the decoder's time-aligned inputs: text features, then F0 and energy at 2x rate
        "/encoder/MatMul_1_output_0": (2, 1),
        "/encoder/Reshape_output_0": (1, 2),
        "/encoder/Reshape_1_output_0": (1, 2),
    }
    users = {name: [n for n in graph.node if name in n.input] for name in features}
    if not all(users.values()):
        raise VoiceError(f"{model_path.name} is not a Kokoro v1.0 model (no aligned decoder inputs)")
    graph.initializer.extend(
        [
            onnx.numpy_helper.from_array(np.array(0, dtype=np.int64), "lead_pad_index"),
            onnx.numpy_helper.from_array(np.array([0], dtype=np.int64), "lead_zero"),
            onnx.numpy_helper.from_array(np.array([2], dtype=np.int64), "lead_two"),
            onnx.numpy_helper.from_array(np.array([UNCAPPED], dtype=np.int64), "lead_end"),
            onnx.numpy_helper.from_array(np.array([2], dtype=np.int64), "lead_axis_2"),
            onnx.numpy_helper.from_array(np.array([1], dtype=np.int64), "lead_axis_1"),
        ]
    )
    skipped = [
        helper.make_node("Gather", ["capped_duration", "lead_pad_index"], ["lead_pad"], axis=1),
        helper.make_node("Sub", ["lead_pad", "lead_frames"], ["lead_over"]),
        helper.make_node("Max", ["lead_over", "lead_zero"], ["lead_skip"]),
        helper.make_node("Mul", ["lead_skip", "lead_two"], ["lead_skip_2x"]),
    ]
    cap_at = next(i for i, n in enumerate(graph.node) if n.name == "cap")
    for offset, node in enumerate(skipped, start=1):
        graph.node.insert(cap_at + offset, node)
    for name, (axis, rate) in features.items():
        trimmed = f"{name}_lead_trimmed"
        start = "lead_skip" if rate == 1 else "lead_skip_2x"
        slice_node = helper.make_node(
            "Slice", [name, start, "lead_end", f"lead_axis_{axis}"], [trimmed], name=f"{trimmed}_slice"
        )
        for node in users[name]:
            node.input[:] = [trimmed if i == name else i for i in node.input]
        first_user = min(i for i, n in enumerate(graph.node) if n in users[name])
        graph.node.insert(first_user, slice_node)
    graph.input.append(helper.make_tensor_value_info("lead_frames", TensorProto.INT64, [1]))


def frame_caps(phonemes: str) -> np.ndarray:
    """``max_frames`` for a sentence of these phonemes: its closing punctuation and padding capped."""
    caps = np.full(len(phonemes) + 2, UNCAPPED, dtype=np.int64)
    caps[-1] = END_FRAMES[1]
    if phonemes and phonemes[-1] in CLOSING_MARKS:
        caps[-2] = END_FRAMES[0]
    return caps


class KokoroVoice:
    """One Kokoro voice (a style table) over the shared model session."""

    rate_range = RATE_RANGE
    first_piece_words = FIRST_PIECE_WORDS

    def __init__(
        self,
        name: str,
        files: KokoroFiles,
        cache_dir: Path | None = None,
        threads: int = 1,
        english_phonemes: str = "misaki",
        first_piece_threads: int = 1,
    ) -> None:
        if name not in files.voices:
            raise VoiceError(f"Kokoro has no voice '{name}'")
        if english_phonemes not in ENGLISH_PHONEMES:
            raise VoiceError(f"English phonemes must be one of {', '.join(ENGLISH_PHONEMES)}")
        self.english_phonemes = english_phonemes
        self.name = name
        self.language = voice_language(name)
        self.espeak_voice = LANGUAGES[name[0]][1] if name[0] in LANGUAGES else ""
        self.style = load_style(name, files.voices[name])
        self.session = model_session(files.model_path, cache_dir, threads)
        self.quick_session = (
            model_session(files.model_path, cache_dir, first_piece_threads)
            if first_piece_threads > threads
            else self.session
        )
        """The session for ``synthesize_first``: the same model with more threads."""
        self.has_durations = any(o.name == "duration" for o in self.session.get_outputs())
        self.takes_caps = any(i.name == "max_frames" for i in self.session.get_inputs())
        self.cap_frames = True
        """False: every token gets the frames Kokoro predicts (to measure what the caps change)."""
        self.takes_lead = any(i.name == "lead_frames" for i in self.session.get_inputs())
        self.trim_lead = True
        """Decode at most ``LEAD_FRAMES_DECODED`` frames of the leading pad (False: all of them)."""
        self.info = voice_info(name)

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        """Speak ``sentence`` with Kokoro's speed input at ``rate`` and time each word."""
        return self._synthesize(sentence, rate, self.session)

    def synthesize_first(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        """``synthesize`` for a narration's quick first piece, on the session with more threads: it
        is made alone while the listener waits (two threads: about two thirds of one thread's wall
        time for about 1.3× its CPU, ``benchmarks/kokoro_first_piece.py``)."""
        return self._synthesize(sentence, rate, self.quick_session)

    def _synthesize(
        self, sentence: ScriptSentence, rate: float, session: onnxruntime.InferenceSession
    ) -> SentenceAudio:
        if not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
            raise VoiceError(f"rate {rate:g} is outside {RATE_RANGE[0]:g}–{RATE_RANGE[1]:g}")
        phonemes, owners = self.phonemes(sentence)
        if not any(owner is not None for owner in owners):
            return SentenceAudio(np.zeros(0, dtype=np.float32), SAMPLE_RATE, [None] * len(sentence.words))
        if len(phonemes) > MAX_TOKENS:
            return self._in_halves(sentence, rate, session)

        natural = min(max(rate, NATURAL_RATES[0]), NATURAL_RATES[1])
        tokens = [VOCAB[c] for c in phonemes]
        inputs = {
            "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
            "style": self.style[min(len(tokens), len(self.style)) - 1].reshape(1, -1),
            "speed": np.array([natural], dtype=np.float32),
        }
        if self.takes_caps:
            inputs["max_frames"] = (
                frame_caps(phonemes) if self.cap_frames else np.full(len(tokens) + 2, UNCAPPED)
            )
        lead_frames = LEAD_FRAMES_DECODED if self.trim_lead else UNCAPPED
        if self.takes_lead:
            inputs["lead_frames"] = np.array([lead_frames], dtype=np.int64)
        try:
            outputs = session.run(None, inputs, _RUN_OPTIONS)
        except Exception as error:
            raise SynthesisError(f"Kokoro failed on a sentence: {error}") from error
        audio = np.asarray(outputs[0], dtype=np.float32).reshape(-1)
        if self.has_durations:
            frames = np.asarray(outputs[1]).reshape(-1).astype(np.int64)
        else:  # cannot happen with the patched model; spread evenly rather than fail
            frames = np.full(len(tokens) + 2, len(audio) // SAMPLES_PER_FRAME // (len(tokens) + 2))
        skipped = max(int(frames[0]) - lead_frames, 0) if self.takes_lead else 0  # as the model did
        lead = AUDIO_LEAD_SECONDS * SAMPLE_RATE + skipped * SAMPLES_PER_FRAME
        ends = np.maximum(np.cumsum(frames) * SAMPLES_PER_FRAME - lead, 0)
        starts = ends - frames * SAMPLES_PER_FRAME
        stretch = rate / natural
        if stretch != 1.0:
            audio = time_stretch(audio, stretch, SAMPLE_RATE)
            starts, ends = starts / stretch, ends / stretch

        # token 0 is the leading pad: phoneme n is token n + 1
        bounds = word_bounds(phonemes, owners, starts[1:], ends[1:], PUNCTUATION)
        return assemble(sentence, audio, bounds, SAMPLE_RATE, silence_db=SILENCE_DB)

    def phonemes(self, sentence: ScriptSentence) -> tuple[str, list[int | None]]:
        """The Kokoro tokens (as characters) for ``sentence``, each with the index of its word."""
        if self.espeak_voice.startswith("en") and self.english_phonemes == "misaki":
            read = misaki_sentence(sentence, british=self.espeak_voice != "en-us")
            verbatim = {
                i
                for i, (a, b) in enumerate(zip(sentence.words, read.words, strict=True))
                if a.phonemes != b.phonemes
            }
            labeled = sentence_phonemes(read, self.espeak_voice)
            return kokoro_english_phonemes(
                labeled.phonemes, labeled.word_index, self.espeak_voice, VOCAB, verbatim
            )
        if self.espeak_voice:
            labeled = sentence_phonemes(sentence, self.espeak_voice)
            return kokoro_phonemes(labeled.phonemes, labeled.word_index, self.espeak_voice)
        cjk = cjk_phonemes(sentence, self.language)
        return cjk.phonemes, cjk.owners

    def _in_halves(
        self, sentence: ScriptSentence, rate: float, session: onnxruntime.InferenceSession
    ) -> SentenceAudio:
        """A sentence too long for one model call, spoken as two parts split at a clause if possible."""
        words = sentence.words
        if len(words) < 2:
            raise SynthesisError(f"a word is too long for Kokoro (at most {MAX_TOKENS} phonemes)")
        middle = len(words) // 2
        clause_ends = [i + 1 for i, w in enumerate(words[:-1]) if w.punctuation in (",", ";", ":")]
        cut = min(clause_ends, key=lambda i: abs(i - middle)) if clause_ends else middle
        if not len(words) // 4 <= cut <= len(words) - len(words) // 4:
            cut = middle
        parts = [replace(sentence, words=words[:cut]), replace(sentence, words=words[cut:])]
        audios = [self._synthesize(part, rate, session) for part in parts]
        offset = audios[0].duration
        spans = audios[0].word_spans + [
            None if span is None else (span[0] + offset, span[1] + offset) for span in audios[1].word_spans
        ]
        return SentenceAudio(np.concatenate([a.samples for a in audios]), SAMPLE_RATE, spans)


def voice_info(name: str) -> VoiceInfo:
    language = voice_language(name)
    gender = {"f": "female", "m": "male"}.get(name[1:2], "")
    return VoiceInfo(
        id=f"kokoro:{name}",
        engine="kokoro",
        language=language,
        name=f"Kokoro {name.split('_', 1)[-1].title()}" + (f" ({language}, {gender})" if gender else ""),
        sample_rate=SAMPLE_RATE,
        quality="neural, high",
        word_timings=True,
        languages=(language.split("-")[0],),
    )


def catalogue(settings: Settings) -> list[CatalogueEntry]:
    """Installed Kokoro voices; for English they follow the faster Piper voice as default."""
    from voxpress.voices.catalogue import CatalogueEntry

    files = find_kokoro(settings)
    if files is None:
        return []
    entries: list[CatalogueEntry] = []
    for name in sorted(files.voices, key=lambda n: (n not in DEFAULT_VOICES, n)):
        rank = PREFERRED_VOICES.get(name, 50 if name[0] not in "ab" else 40)

        def load(name: str = name) -> KokoroVoice:
            return KokoroVoice(
                name,
                files,
                cache_dir=settings.cache_dir,
                threads=settings.voice_threads,
                first_piece_threads=settings.first_piece_threads,
            )

        entries.append(CatalogueEntry(info=voice_info(name), load=load, rank=rank))
    return entries
