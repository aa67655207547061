"""Language of an article (ISO 639-1, by py3langid's bundled model) and its stop words.

Stop-word density is one of the signals that tell story sentences from
navigation and labels; the lists come from jusText, which trafilatura already
depends on, and cover about a hundred languages.
"""

from __future__ import annotations

from functools import lru_cache

import py3langid

_JUSTEXT_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ka": "Georgian", "kk": "Kazakh", "ko": "Korean", "la": "Latin",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ms": "Malay", "nb": "Norwegian_Bokmal", "nl": "Dutch", "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}  # fmt: skip

SAMPLE_CHARS = 1500
"""Characters of text the language is judged on (more adds time, not accuracy)."""


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the language ``text`` is written in, ``default`` when there is no text."""
    sample = text[:SAMPLE_CHARS].strip()
    if not sample:
        return default
    code, _score = py3langid.classify(sample)
    return str(code) or default


@lru_cache(maxsize=32)
def stop_words(language: str) -> frozenset[str]:
    """Lower-case stop words of ``language``; empty when there is no list for it."""
    import justext

    name = _JUSTEXT_NAMES.get(language)
    if name is None:
        return frozenset()
    try:
        return frozenset(justext.get_stoplist(name))
    except (ValueError, OSError):
        return frozenset()
