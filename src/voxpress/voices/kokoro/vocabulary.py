"""Kokoro-82M's phoneme vocabulary and its languages: which voice speaks what, and espeak-ng's IPA
turned into Kokoro's phoneme set, each phoneme still tied to its word."""

from __future__ import annotations

import re
import unicodedata

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
"""Voice prefix → language, for voices phonemized by ``cjk`` instead of espeak."""


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
