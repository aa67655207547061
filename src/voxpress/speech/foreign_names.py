"""Names of foreign origin, read by the spelling rules of the language they come from.

A name that no lexicon and no pronouncing dictionary knows is read by
espeak-ng's English letter rules, and those rules fail on other languages'
spellings: "Giorgetti" with a hard g and an English r, "Kishida" as
"kish-ih-da", "Jinping" as English letters, "Sánchez" as French "chez".
This module guesses a name's language from its letters and reads it by that
language's rules:

- **Letters and endings that belong to one language**: ``ł ń ś ż`` or ``cz sz``
  Polish, ``ş ğ ı`` Turkish, ``ñ`` or ``-ez`` Spanish, ``-etti -ini -ucci``
  Italian, ``ä ö ü ß`` or ``-stein -mann`` German, and so on
  (``guess_language``). Such names are read by espeak-ng's voice for that
  language, and its phonemes are then put into the English voice's inventory
  (``english_inventory``): trilled r as English r, ``x`` as h or k, front
  rounded vowels as the nearest English ones, as an English newsreader says
  the name. A reading with a sound left over that has no English counterpart
  is refused and the English rules stand.
- **Japanese and Mandarin romanisations** (Hepburn romaji, Hanyu pinyin): a
  word that splits entirely into the syllables of one of them is read by rules
  written here (``romaji_phonemes``, ``pinyin_phonemes``), because espeak-ng
  reads both as English letters. Japanese names are stressed on the
  second-to-last syllable ("Ki-SHI-da"), Mandarin ones on the last
  ("Jin-PING"), as English newsreaders say them.

Only words that the pronouncing dictionary lacks reach this module (see
``pronounce.py``); anything it cannot place keeps espeak's English reading.
English only, like the dictionary: other languages' voices read their own
names already.

**Which languages are on** (``DEFAULT_NAME_LANGUAGES``; the setting
``VOXPRESS_NAME_LANGUAGES``): Japanese only, by measurement. With Whisper base
as the listener (``benchmarks/intelligibility_names.py``, 53 world-news names
CMUdict lacks), names read by the romaji rules were heard more often than by
espeak-ng's English rules, and names read by the other languages' rules less
often: a listener who does not know a name writes down what its spelling says
in English. The romaji rules (consonant-vowel syllables, pure vowels, stress on
the last but one) also fit names of other languages spelt only with those
syllables, Swahili or Italian ones ("Zakaria", "Bonomi"), and read them rightly.
A publisher whose listeners know the names can turn the others on ("all"), and
the lexicon gives any one name its reading.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

ENGLISH_SYMBOLS = frozenset("abdefhijklmnoprstuvwzæðŋɐɑɔəɚɛɜɡɪɹɾʃʊʌʒθᵻˈˌː")
"""The phoneme symbols espeak-ng's en-us voice writes, which the English voices were trained on."""

ESPEAK_VOICES = {
    "cs": "cs",
    "de": "de",
    "es": "es-419",
    "fr": "fr",
    "hr": "hr",
    "it": "it",
    "nb": "nb",
    "nl": "nl",
    "pl": "pl",
    "pt": "pt-br",
    "tr": "tr",
}
"""espeak-ng's voice for each language whose names it reads (Latin American Spanish: s, not θ)."""

NAME_LANGUAGES = frozenset(ESPEAK_VOICES) | {"ja", "zh"}
"""Every language whose names this module can read."""
DEFAULT_NAME_LANGUAGES = frozenset({"ja"})
"""The languages read by their own rules unless the settings say otherwise (see the module's docstring)."""

_OWN_LETTERS = (
    ("pl", "ąęłńśźż"),
    ("tr", "şğı"),
    ("hr", "ćđ"),
    ("cs", "řěůťďň"),
    ("pt", "ãõ"),
    ("nb", "øåæ"),
    ("es", "ñ"),
    ("de", "ßäöü"),
)
"""Letters only one language of these uses (or uses first): the first row that matches wins."""
_POLISH = re.compile(r"cz|sz|rz")
"""Polish spellings, strong enough to place a word before the accents it shares ("Rzeszów")."""
_SHARED_LETTERS = (
    ("it", re.compile(r"[àìòù]|è$")),
    ("fr", re.compile(r"[çâêîôûëïœè]")),
    ("cs", re.compile(r"[šžč]")),
    ("es", re.compile(r"[áíóú]")),
)
"""Accents several languages use, each given to the one that uses it most in names."""

_SPELLINGS_OF = (
    ("pl", re.compile(r"cz|sz|rz[aeiouy]|ski$|cki$|wicz$|czyk$|wska$")),
    (
        "it",
        re.compile(
            r"(?:ett|ell|ucc|ozz|azz|acc|icc)[aio]$|ini$|(?:(?<![iu])gh[ei]|gli[aeiou]|zz[aeiou]|cch[ei])(?:.*[aeio])?$"
        ),
    ),
    ("es", re.compile(r"[aeiou][^aeiou]?ez$")),
    (
        "de",
        re.compile(
            r"stein$|mann$|bein$|berg$|dorf$|heim$|feld|wald$|tz[^aeiou]|nz[^aeiou]|tsch|sch[^aeiou]|^sch"
        ),
    ),
    ("nl", re.compile(r"ij|aa[^aeiou]|uu|^van[a-z]|sma$|stra$")),
)
"""Spellings (on the lower-cased, accent-free word) that mark a language: the first that matches wins."""

_FRENCH = re.compile(r"ch|ou|eau|eu|on$|[^aeiou]e$|ier$|ault$|aux$")
"""Spellings that make a word with é French rather than Spanish ("Mélenchon", not "Pérez")."""

_DIPHTHONGS = {
    "aɪ": "aɪ",
    "ai": "aɪ",
    "ɛɪ": "aɪ",
    "aʊ": "aʊ",
    "au": "aʊ",
    "ɐʊ": "aʊ",
    "ɔɪ": "ɔɪ",
    "ɔʏ": "ɔɪ",
    "oi": "ɔɪ",
    "eɪ": "eɪ",
    "ei": "eɪ",
    "oʊ": "oʊ",
    "əʊ": "oʊ",
    "œy": "aʊ",
}
"""Two-letter vowels in other languages' espeak phonemes, as the English diphthong nearest each."""

_VOWEL_SOUNDS = {
    "a": "ɑː",
    "ɑ": "ɑː",
    "ɐ": "ə",
    "æ": "æ",
    "ɛ": "ɛ",
    "ə": "ə",
    "o": "oʊ",
    "ɔ": "ɔː",
    "u": "uː",
    "ʊ": "ʊ",
    "y": "uː",
    "ʏ": "ʊ",
    "ø": "ɜː",
    "œ": "ɜː",
    "ɵ": "ʌ",
    "ɨ": "ɪ",
    "ɯ": "ʌ",
    "ɒ": "ɑː",
    "ʌ": "ʌ",
    "ɜ": "ɜː",
    "ɤ": "ʌ",
}
_CONSONANT_SOUNDS = {
    "r": "ɹ",
    "ɾ": "ɹ",
    "ʁ": "ɹ",
    "ʀ": "ɹ",
    "ɻ": "ɹ",
    "ɣ": "ɡ",
    "g": "ɡ",
    "β": "b",
    "ɸ": "f",
    "ð": "d",
    "ʎ": "lj",
    "ɕ": "ʃ",
    "ʑ": "ʒ",
    "ʂ": "ʃ",
    "ʐ": "ʒ",
    "c": "k",
    "ɟ": "ɡ",
    "ʋ": "v",
    "ɫ": "l",
    "ɦ": "h",
    "ɬ": "l",
    "ʝ": "j",
    "q": "k",
    "ɱ": "m",
    "ɥ": "w",
}
_GLIDING = {"ɑː": "aɪ", "ə": "aɪ", "ɔː": "ɔɪ", "oʊ": "ɔɪ", "ɛ": "eɪ", "eɪ": "eɪ", "uː": "uːi", "ʊ": "ʊi"}
"""A vowel followed by a j that closes its syllable ("ɔj" in "Wojciech"), as one English diphthong."""


_DROPPED = set("ʔʲ̯̩ːˑ") | {"\u0306", "\u031a"}
_NASAL = "\u0303"
_VOWELS = set(_VOWEL_SOUNDS) | set("eiɪ")
_STRESS = "ˈˌ"


def english_inventory(ipa: str, language: str) -> str | None:
    """Another language's espeak phonemes for one word as the nearest English ones; None if a sound has none.

    >>> english_inventory("dʒoɾdʒˈetːɪ", "it")
    'dʒoʊɹdʒˈɛti'
    """
    # NFD splits ç into c and a cedilla, and espeak writes Czech ř as a raised r: both made whole again
    ipa = unicodedata.normalize("NFD", ipa).replace("c\u0327", "ç").replace("r\u031d", "ʒ")
    if language != "fr":
        ipa = ipa.replace(_NASAL, "")  # Portuguese nasal vowels: English speakers say them plain ("São")
    out: list[str] = []
    chars = [c for c in ipa if c not in _DROPPED or c == _NASAL]
    skip = False
    for index, char in enumerate(chars):
        after = "".join(c for c in chars[index + 1 :] if c not in _DROPPED and c not in _STRESS)[:1]
        if char in " -":
            continue
        if char == _NASAL:
            # French nasal vowels are said by English speakers with an n; Portuguese ones without.
            if language == "fr":
                out.append("n")
            continue
        pair = char + after
        stressed = bool(out) and out[-1] in _STRESS
        if skip:
            skip = False
        elif char in _STRESS:
            out.append(char)
        elif pair in _DIPHTHONGS and "".join(chars[index + 1 : index + 2]) == after:
            out.append(_DIPHTHONGS[pair])
            skip = True
        elif char == "e":
            out.append("eɪ" if not after or after in _VOWELS else "ɛ")
        elif char in "iɪ":
            out.append("i" if not after else ("iː" if stressed or after in _VOWELS else "ɪ"))
        elif char in "aɑ" and not after and not stressed:
            out.append("ə")  # an unstressed final a, reduced as English reduces it ("Peña")
        elif char == "ɜ" and language == "de":
            out.append("ɚ")  # German final -er, said with an English r
        elif char in _VOWEL_SOUNDS:
            out.append(_VOWEL_SOUNDS[char])
        elif char in "xχçħ":
            out.append("h" if after in _VOWELS else "k")
        elif char == "ɲ":
            out.append("nj" if after in _VOWELS else "n")
        elif char == "j" and out and out[-1] in _GLIDING and after not in _VOWELS:
            out.append(_glide(out))
        else:
            out.append(_CONSONANT_SOUNDS.get(char, char))
    english = _single_consonants(_single_vowels("".join(out)))
    return english if english and set(english) <= ENGLISH_SYMBOLS else None


def _glide(out: list[str]) -> str:
    return _GLIDING[out.pop()]


def _single_consonants(ipa: str) -> str:
    """A doubled consonant ("ll" in Italian "Mattarella") said once, as English says it."""
    return re.sub(r"([bdfɡhjklmnpstvwzʃʒɹ])(?=[ˈˌ]?\1)", "", ipa)


def _single_vowels(ipa: str) -> str:
    """A long vowel written twice ("oʊˈoʊ" from Spanish "óo") said once, keeping its stress."""
    return re.sub(r"(ɑː|oʊ|uː|iː|eɪ|ɜː|ɔː)([ˈˌ]?)\1", r"\2\1", ipa)


def plain_letters(word: str) -> str:
    """``word`` without its accents, as CMUdict spells names ("sánchez" -> "sanchez")."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l").replace("ø", "o")


def guess_language(word: str) -> str | None:
    """The language whose spelling ``word`` shows: an ``ESPEAK_VOICES`` key, "ja", "zh" or None."""
    lower = word.lower()
    for language, letters in _OWN_LETTERS:
        if any(letter in lower for letter in letters):
            return language
    if _POLISH.search(lower):
        return "pl"
    for language, accents in _SHARED_LETTERS:
        if accents.search(lower):
            return language
    if "é" in lower:
        return "fr" if _FRENCH.search(plain_letters(lower)) else "es"
    if not lower.isascii() or not lower.isalpha():
        return None
    for language, spelling in _SPELLINGS_OF:
        if spelling.search(lower):
            return language
    if _romaji_syllables(lower) is not None:
        return "ja"
    if _pinyin_syllables(lower) is not None:
        return "zh"
    return None


@lru_cache(maxsize=20_000)
def foreign_name_phonemes(word: str, languages: frozenset[str] = DEFAULT_NAME_LANGUAGES) -> str | None:
    """English-voice phonemes for a name read by the rules of the language it seems to come from,
    when that language is one of ``languages`` ("all" for every one of ``NAME_LANGUAGES``)."""
    language = guess_language(word)
    if language is None or not (language in languages or "all" in languages):
        return None
    if language == "ja":
        return romaji_phonemes(word)
    if language == "zh":
        return pinyin_phonemes(word)
    from voxpress.phonemize import phonemize_text

    reading = phonemize_text(ESPEAK_VOICES[language], word)
    if not reading or " " in reading:
        return None  # espeak split or spelled it: no single word to hand on
    return english_inventory(reading, language)


# Japanese (Hepburn romaji) -------------------------------------------------------------------

_ROMAJI_CONSONANTS = {
    "": "",
    "k": "k",
    "g": "ɡ",
    "s": "s",
    "z": "z",
    "t": "t",
    "d": "d",
    "n": "n",
    "h": "h",
    "b": "b",
    "p": "p",
    "m": "m",
    "y": "j",
    "r": "ɹ",
    "w": "w",
    "sh": "ʃ",
    "ch": "tʃ",
    "ts": "ts",
    "j": "dʒ",
    "f": "f",
    "ky": "kj",
    "gy": "ɡj",
    "ny": "nj",
    "hy": "hj",
    "by": "bj",
    "py": "pj",
    "my": "mj",
    "ry": "ɹj",
}
_ROMAJI_NOT = {"si", "ti", "tu", "hu", "zi", "di", "du", "yi", "ye", "wi", "wu", "we"}
"""Kunrei spellings and gaps in the syllabary: Hepburn writes shi, chi, tsu, fu, ji."""
_ROMAJI_ONLY_BEFORE = {"sh": "aiuo", "ch": "aiuo", "j": "aiuo", "ts": "u", "f": "u", "w": "ao", "y": "auo"}
_ROMAJI_UNLIKELY = ("ea", "ie", "oe", "oa", "ae")
_ROMAJI_VOWELS = {"a": "ɑː", "i": "iː", "u": "uː", "e": "ɛ", "o": "oʊ"}
_ROMAJI_LONG = {"ou": "oʊ", "oo": "oʊ", "uu": "uː", "ei": "eɪ", "ii": "iː", "aa": "ɑː"}


def _romaji_syllables(word: str) -> list[tuple[str, str]] | None:
    """``word`` as Hepburn syllables (consonant, vowel; vowel "n" for the syllabic n), or None."""
    syllables: list[tuple[str, str]] = []
    position = 0
    while position < len(word):
        rest = word[position:]
        if rest[0] == "n" and (len(rest) == 1 or rest[1] not in "aeiouy"):
            syllables.append(("", "n"))
            position += 1
            continue
        if len(rest) > 1 and rest[0] == rest[1] and rest[0] in "kstp":
            position += 1  # a doubled consonant: the first is a pause before the second
            continue
        match = None
        for length in (2, 1, 0):
            consonant = rest[:length]
            if consonant in _ROMAJI_CONSONANTS and len(rest) > length and rest[length] in _ROMAJI_VOWELS:
                vowel = rest[length]
                allowed = _ROMAJI_ONLY_BEFORE.get(consonant)
                if (allowed is not None and vowel not in allowed) or consonant + vowel in _ROMAJI_NOT:
                    continue
                match = (consonant, vowel)
                break
        if match is None:
            return None
        syllables.append(match)
        position += len(match[0]) + 1
    vowels = [s for s in syllables if s[1] != "n"]
    if len(vowels) < 3 or word.endswith("e") or any(pair in word for pair in _ROMAJI_UNLIKELY):
        return None  # two syllables, or English vowel spellings, fit too many words of other languages
    return syllables
    return syllables


def romaji_phonemes(word: str) -> str | None:
    """A romanised Japanese name said as English newsreaders do: pure vowels, stress on the last but one."""
    syllables = _romaji_syllables(word.lower())
    if syllables is None:
        return None
    merged: list[tuple[str, str]] = []
    for consonant, vowel in syllables:
        if merged and not consonant and merged[-1][1] + vowel in _ROMAJI_LONG:
            merged[-1] = (merged[-1][0], merged[-1][1] + vowel)
        else:
            merged.append((consonant, vowel))
    nuclei = [index for index, (_, vowel) in enumerate(merged) if vowel != "n"]
    stressed = nuclei[-2] if len(nuclei) > 1 else nuclei[0]
    out = []
    for index, (consonant, vowel) in enumerate(merged):
        sound = "n" if vowel == "n" else _ROMAJI_LONG.get(vowel) or _ROMAJI_VOWELS[vowel]
        if index != stressed and vowel in ("a", "i"):
            # unstressed vowels reduced as English reduces them: a final a to "ə", an i to "ɪ" or "i"
            if vowel == "a" and index == nuclei[-1]:
                sound = "ə"
            elif vowel == "i":
                sound = "i" if index == nuclei[-1] else "ɪ"
        out.append(_ROMAJI_CONSONANTS[consonant] + ("ˈ" if index == stressed else "") + sound)
    return "".join(out)


# Mandarin (Hanyu pinyin) --------------------------------------------------------------------

_PINYIN_INITIALS = {
    "b": "b",
    "p": "p",
    "m": "m",
    "f": "f",
    "d": "d",
    "t": "t",
    "n": "n",
    "l": "l",
    "g": "ɡ",
    "k": "k",
    "h": "h",
    "j": "dʒ",
    "q": "tʃ",
    "x": "ʃ",
    "zh": "dʒ",
    "ch": "tʃ",
    "sh": "ʃ",
    "r": "ɹ",
    "z": "dz",
    "c": "ts",
    "s": "s",
    "y": "j",
    "w": "w",
    "": "",
}
_PINYIN_FINALS = {
    "a": "ɑː",
    "o": "ɔː",
    "e": "ə",
    "ai": "aɪ",
    "ei": "eɪ",
    "ao": "aʊ",
    "ou": "oʊ",
    "an": "ɑːn",
    "en": "ən",
    "ang": "ɑːŋ",
    "eng": "əŋ",
    "ong": "ʊŋ",
    "er": "ɑːɹ",
    "i": "iː",
    "ia": "jɑː",
    "ie": "jɛ",
    "iao": "jaʊ",
    "iu": "joʊ",
    "ian": "jɛn",
    "in": "ɪn",
    "iang": "jɑːŋ",
    "ing": "ɪŋ",
    "iong": "jʊŋ",
    "u": "uː",
    "ua": "wɑː",
    "uo": "wɔː",
    "uai": "waɪ",
    "ui": "weɪ",
    "uan": "wɑːn",
    "un": "wən",
    "uang": "wɑːŋ",
    "ue": "wɛ",
}
_PINYIN_SIBILANTS = {"zh", "ch", "sh", "r", "z", "c", "s"}
_PINYIN_PALATALS = {"j", "q", "x"}
_PINYIN_LABIALS = {"b", "p", "m", "f"}
_PINYIN_VELARS = {"g", "k", "h"}
_PINYIN_DISTINCT = {
    "ao",
    "iao",
    "ian",
    "iang",
    "iong",
    "iu",
    "ui",
    "uo",
    "ua",
    "uai",
    "uan",
    "uang",
    "ong",
    "eng",
    "ing",
    "ang",
    "ai",
    "ei",
    "ou",
    "ie",
    "ia",
}
"""Finals that set a word of pinyin syllables apart from English or Italian spellings."""


def _pinyin_valid(initial: str, final: str) -> bool:
    medial = final[0] if len(final) > 1 and final[0] in "iu" and final not in ("iu", "ui", "un") else ""
    if initial in _PINYIN_PALATALS:
        return final[0] in "iu" and final not in ("ui", "uo", "uai", "uang", "ua")
    if initial in _PINYIN_SIBILANTS or initial in _PINYIN_VELARS:
        return final[0] != "i" or (final == "i" and initial in _PINYIN_SIBILANTS)
    if final == "o":
        return initial in _PINYIN_LABIALS or initial in ("", "y", "w")
    if initial in _PINYIN_LABIALS:
        return medial != "u" and final not in ("ui", "un", "ong", "ue", "iong")
    if initial == "y":
        return final in ("a", "e", "ao", "ou", "an", "ang", "ong", "i", "in", "ing", "u", "uan", "un", "ue")
    if initial == "w":
        return final in ("a", "o", "ai", "ei", "an", "en", "ang", "eng", "u")
    if initial == "":
        return final[0] in "aeo"
    if final == "er":
        return False
    return final not in ("iong",) and not (initial in "dt" and final in ("in", "iang"))


def _pinyin_syllables(word: str) -> list[tuple[str, str]] | None:
    """``word`` split into pinyin syllables (initial, final), or None: the fewest syllables that fit."""

    @cache
    def split(position: int) -> tuple[tuple[str, str], ...] | None:
        if position == len(word):
            return ()
        best: tuple[tuple[str, str], ...] | None = None
        for initial_length in (2, 1, 0):
            initial = word[position : position + initial_length]
            if initial not in _PINYIN_INITIALS or (not initial and position):
                continue  # a vowel-initial syllable inside a word is written after an apostrophe
            for final_length in (4, 3, 2, 1):
                final = word[position + initial_length : position + initial_length + final_length]
                if (
                    len(final) != final_length
                    or final not in _PINYIN_FINALS
                    or not _pinyin_valid(initial, final)
                ):
                    continue
                rest = split(position + initial_length + final_length)
                if rest is not None and (best is None or len(rest) + 1 < len(best)):
                    best = ((initial, final), *rest)
        return best

    syllables = split(0)
    if syllables is None or len(syllables) > 4 or re.search(r"([a-z])\1", word) or word.endswith("e"):
        return None  # pinyin doubles no letter and ends few names in e; English does both
    strong = any(letter in word for letter in "xq") or "zh" in word
    distinct = any(final in _PINYIN_DISTINCT for _, final in syllables)
    if not strong and (len(syllables) < 2 or not distinct):
        return None  # words of plain consonant-vowel syllables are as likely Italian, African or English
    return list(syllables)


def pinyin_phonemes(word: str) -> str | None:
    """A pinyin name said as English newsreaders do: the last syllable stressed, the others lightly."""
    syllables = _pinyin_syllables(word.lower())
    if syllables is None:
        return None
    out = []
    for index, (initial, final) in enumerate(syllables):
        sound = _PINYIN_FINALS[final]
        if final == "i" and initial in _PINYIN_SIBILANTS:
            sound = "ɜː"  # "Shi", "Zhi": the buzzing vowel, nearest English "sir"
        elif initial in _PINYIN_PALATALS | {"y"} and final.startswith("u"):
            sound = {"u": "uː", "un": "uːn", "uan": "wɛn", "ue": "wɛ"}.get(final, sound)
        elif initial == "y" and final.startswith("i"):
            initial = ""  # "yi", "yin", "ying" are i, in, ing
        elif initial == "w" and final == "u":
            initial = ""
        stress = "ˈ" if index == len(syllables) - 1 else "ˌ"
        out.append(_PINYIN_INITIALS[initial] + stress + sound)
    return "".join(out)
