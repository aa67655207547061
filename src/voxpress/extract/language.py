"""Language of an article (ISO 639-1, by py3langid's bundled model), its stop words, and whether
a text is language at all.

Stop-word density is one of the signals that tell story sentences from
navigation and labels; the lists come from jusText, which trafilatura already
depends on, and cover about a hundred languages. A list is only used where it
fits the text: prose in a language the detector got wrong, or one without a
list, is judged without stop words rather than taken for labels.

``reads_as_language`` tells prose from text that is not language (random
letters, one word repeated, binary junk decoded as text) by signals that need
no dictionary: the share of letters, how much the text repeats itself
(compression, one word's share), and whether the words of alphabetic scripts have vowels; and,
where the language has a stop-word list, whether any of its words occur. py3langid
itself answers "zxx" for text without linguistic content.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
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

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_VOWELS = frozenset(
    "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿāăąēĕėęěīįıōőœūůűų"
    "аеёиоуыэюяіїєґ"  # Cyrillic
    "αεηιουωάέήίόύώϊϋ"  # Greek
)

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


MIN_LETTER_SHARE = 0.5
"""Share of a text's visible characters that must be letters for it to be prose."""
MIN_COMPRESSED_SHARE = 0.12
"""Texts whose zlib size is below this share of their size repeat themselves: not prose."""
COMPRESSION_MIN_BYTES = 600
"""Below this size compression says little, so the repetition test is skipped."""
MIN_VOWEL_WORD_SHARE = 0.5
"""Share of alphabetic-script words (Latin, Cyrillic, Greek) that must hold a vowel."""
MAX_TOP_WORD_SHARE = 0.25
"""Texts where one word is more than this share of the words repeat it: not prose."""
MIN_WORDS_FOR_REPEATS = 20
"""Below this many words the top-word test is skipped."""
NOT_LANGUAGE = "zxx"
"""The code py3langid gives text with no linguistic content."""
MIN_STOP_SHARE = 0.02
"""Share of tokens that must be stop words when the language has a list (any of its words)."""
MIN_STOP_TOKENS = 40
"""Below this many tokens the stop-word test is skipped (headlines, short notes)."""


MIN_FITTING_STOP_SHARE = 0.08
"""A stop-word list fits a text when at least this share of the tokens of its long lines are on it
(prose in the list's language scores 0.3 to 0.8; another language scores near 0)."""
FIT_LINE_WORDS = 8
"""Lines of at least this many tokens are the ones a list's fit is judged on."""


def fitting_stop_words(language: str, lines: list[str]) -> frozenset[str]:
    """The stop words of ``language`` when they fit the prose in ``lines``, else none.

    A wrong guess of the language (a story among page furniture in another
    language, filler text) would make every story line look like a label; with
    no list, lines are judged by their shape alone.
    """
    stops = stop_words(language)
    if not stops:
        return stops
    words = [w for line in lines if len(toks := _WORD.findall(line.lower())) >= FIT_LINE_WORDS for w in toks]
    if words and sum(w in stops for w in words) < MIN_FITTING_STOP_SHARE * len(words):
        return frozenset()
    return stops


def _alphabetic(word: str) -> bool:
    """Whether ``word`` is written in Latin, Cyrillic or Greek letters (scripts with vowel letters)."""
    first = word[0]
    return first.isascii() or unicodedata.name(first, "").startswith(("LATIN", "CYRILLIC", "GREEK"))


def reads_as_language(text: str, language: str) -> bool:
    """Whether ``text`` reads as prose in some language rather than junk, filler of one word,
    or random letters."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    # Vowel signs and viramas (Myanmar, Devanagari, Thai) are marks, not letters, but spell words.
    letters = sum(c.isalpha() or unicodedata.category(c)[0] == "M" for c in visible)
    if letters < MIN_LETTER_SHARE * len(visible):
        return False
    encoded = text.encode("utf-8")
    if len(encoded) >= COMPRESSION_MIN_BYTES and len(zlib.compress(encoded, 6)) < MIN_COMPRESSED_SHARE * len(
        encoded
    ):
        return False
    if language == NOT_LANGUAGE:
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) >= MIN_WORDS_FOR_REPEATS and Counter(words).most_common(1)[0][1] > MAX_TOP_WORD_SHARE * len(
        words
    ):
        return False
    alphabetic = [w for w in words if _alphabetic(w)]
    # Other scripts may quote a few Latin acronyms without vowels ("MBC"): judge only alphabetic texts.
    if len(alphabetic) >= max(1, len(words) // 2) and sum(
        any(c in _VOWELS for c in w) for w in alphabetic
    ) < MIN_VOWEL_WORD_SHARE * len(alphabetic):
        return False
    stops = stop_words(language)
    if stops and len(words) >= MIN_STOP_TOKENS and len(alphabetic) == len(words):
        return sum(w in stops for w in words) >= MIN_STOP_SHARE * len(words)
    return True
