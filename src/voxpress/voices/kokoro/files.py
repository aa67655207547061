"""Kokoro's files: where an installed model and its style tables are, and which voices can speak here.

Files live in ``settings.voices_dir / "kokoro"``: one Kokoro v1.0 ONNX model (the
user's own ``kokoro-v1.0.onnx``, or the int8 export ``installer`` puts together)
and style files in ``voices/`` (``NAME.bin``, 510×256 float32, as in the
``kokoro-js`` npm package; or a ``voices-v1.0.bin`` NumPy archive of them).
Chinese and Japanese voices are listed only when their phonemiser is installed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voxpress.settings import Settings
from voxpress.voices.kokoro.cjk import phonemiser_installed
from voxpress.voices.kokoro.vocabulary import CJK_LANGUAGES, LANGUAGES

_LOGGER = logging.getLogger(__name__)

STYLE_SHAPE = (510, 256)
"""Rows (one per token count) × width of a voice's style table."""


def speakable_prefixes() -> frozenset[str]:
    """Voice prefixes whose phonemes can be made here: espeak's, and Chinese and Japanese when their
    phonemiser's packages are installed (loaded only when such a voice first speaks)."""
    cjk = {prefix for prefix, language in CJK_LANGUAGES.items() if phonemiser_installed(language)}
    return frozenset(LANGUAGES) | cjk


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
