"""espeak-ng's letter-to-sound: text → IPA phonemes, for the speech stage and the voices alike.

The speech stage checks its dictionary's pronunciations against espeak's rules
and the voices speak espeak's phonemes; both come here, so neither stage imports
the other for it. espeak-ng is one global state per process: every call holds
``ESPEAK_LOCK``, the same lock Piper's own phonemizer holds.
"""

from __future__ import annotations

import re
import threading
import unicodedata

try:  # share Piper's lock so that PiperVoice.phonemize in the same process cannot interleave with us
    from piper.voice import _ESPEAK_PHONEMIZER_LOCK as ESPEAK_LOCK
except ImportError:  # pragma: no cover - piper is a hard dependency
    ESPEAK_LOCK = threading.Lock()

WORD_BREAK = " "
_LANGUAGE_FLAG = re.compile(r"\([^)]+\)")

_initialized = False


def _ensure_espeak() -> None:
    global _initialized
    if not _initialized:
        from piper import espeakbridge
        from piper.phonemize_espeak import ESPEAK_DATA_DIR

        espeakbridge.initialize(str(ESPEAK_DATA_DIR))
        _initialized = True


def espeak_clauses(espeak_voice: str, text: str) -> list[tuple[str, str, bool]]:
    """espeak-ng's (phonemes, terminator, end_of_sentence) per clause of ``text``."""
    from piper import espeakbridge

    with ESPEAK_LOCK:
        _ensure_espeak()
        espeakbridge.set_voice(espeak_voice)
        return espeakbridge.get_phonemes(text)


def phonemize_text(espeak_voice: str, text: str) -> str:
    """IPA of ``text`` as one string: clauses keep their punctuation, words are space-separated."""
    parts: list[str] = []
    clauses = espeak_clauses(espeak_voice, text)
    for number, (phonemes, terminator, _end_of_sentence) in enumerate(clauses):
        parts.append(_LANGUAGE_FLAG.sub("", phonemes) + terminator)
        if number < len(clauses) - 1:
            parts.append(WORD_BREAK)
    return unicodedata.normalize("NFD", "".join(parts)).strip()
