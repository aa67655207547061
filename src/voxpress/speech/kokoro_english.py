"""English phonemes in the inventory Kokoro-82M was trained on (misaki's), from espeak-ng's IPA.

Kokoro's English voices learnt from misaki's G2P, whose American inventory writes
each diphthong as one symbol ("A" for eɪ, "I" for aɪ, "O" for oʊ, "W" for aʊ, "Y"
for ɔɪ), the affricates as one ("ʤ", "ʧ"), "əɹ" for espeak's "ɚ", "ɜɹ" for "ɜː",
"T" for the flap, and no length marks at all. espeak-ng's IPA, which voxpress
gives the engine, has two symbols for each diphthong and a "ː" after every long
vowel: tokens the model never saw in those places. ``to_kokoro_inventory``
rewrites espeak's phonemes the way misaki's own espeak fallback does
(``misaki/espeak.py``, Apache-2.0), keeping the word each phoneme belongs to, so
word timings still work. British voices keep their length marks and get "Q" for
əʊ, as misaki's British inventory has them.

The Kokoro engine calls this between espeak and its vocabulary filter
(``kokoro_english_phonemes`` does both for a benchmark or the engine).

Better still, ``with_misaki_words`` gives every word that misaki's own
dictionaries know (``misaki`` ships them: 180,000 American entries, gold and
silver) misaki's phonemes outright, as Kokoro heard them in training; espeak
then reads only the words misaki lacks.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Container, Sequence
from dataclasses import replace
from functools import cache

from voxpress.speech.script import Script, ScriptSentence

_SHARED = {
    "aɪ": "I",
    "aʊ": "W",
    "dʒ": "ʤ",
    "eɪ": "A",
    "tʃ": "ʧ",
    "ɔɪ": "Y",
    "ʲo": "jo",
    "ʲə": "jə",
    "ʲ": "",
    "ɚ": "əɹ",
    "r": "ɹ",
    "x": "k",
    "ç": "k",
    "ɐ": "ə",
    "ɬ": "l",
    "\u0303": "",
    "\u0329": "",
}
_AMERICAN = {
    **_SHARED,
    "e": "A",
    "oʊ": "O",
    "ɜːɹ": "ɜɹ",
    "ɜː": "ɜɹ",
    "ɪə": "iə",
    "ː": "",
    "o": "ɔ",
    "ɾ": "T",
    "ʔ": "t",
}
_MISAKI_FINAL = {"ɾ": "T", "ʔ": "t"}
"""What misaki's American G2P does last to its dictionary readings (``misaki/en.py``)."""
_BRITISH = {
    **_SHARED,
    "eə": "ɛː",
    "e": "A",
    "iə": "ɪə",
    "əʊ": "Q",
    "o": "ɔ",
    "ɾ": "T",
    "ʔ": "t",
}


def to_kokoro_inventory(
    phonemes: str,
    owners: Sequence[int | None],
    british: bool = False,
    verbatim: Container[int] = (),
) -> tuple[str, list[int | None]]:
    """``phonemes`` (espeak IPA, one owner per code point) rewritten into misaki's inventory.

    Longest match first at each position; a replacement takes the first owner of
    what it replaces, so a diphthong stays with its word. Phonemes of the words in
    ``verbatim`` (already misaki's, from ``misaki_sentence``) are kept as they are,
    but for the flap and glottal stop, which misaki itself writes "T" and "t".
    """
    text = phonemes
    if len(owners) != len(text):
        raise ValueError("one owner per phoneme code point is needed")
    table = _BRITISH if british else _AMERICAN
    longest = max(len(key) for key in table)
    out: list[str] = []
    labels: list[int | None] = []
    i = 0
    while i < len(text):
        if owners[i] is not None and owners[i] in verbatim:
            out.append(_MISAKI_FINAL.get(text[i], text[i]) if not british else text[i])
            labels.append(owners[i])
            i += 1
            continue
        for size in range(min(longest, len(text) - i), 0, -1):
            piece = text[i : i + size]
            if any(o is not None and o in verbatim for o in owners[i : i + size]):
                continue
            if piece in table:
                owner = next((o for o in owners[i : i + size] if o is not None), None)
                for char in table[piece]:
                    out.append(char)
                    labels.append(owner)
                i += size
                break
        else:
            out.append(text[i])
            labels.append(owners[i])
            i += 1
    return "".join(out), labels


def kokoro_english_phonemes(
    phonemes: Sequence[str],
    owners: Sequence[int | None],
    espeak_voice: str,
    vocabulary: Container[str],
    verbatim: Container[int] = (),
) -> tuple[str, list[int | None]]:
    """A sentence's espeak phonemes (with the word of each) as Kokoro tokens in misaki's inventory.

    The Kokoro engine's espeak-to-Kokoro step on English voices: NFC, the inventory
    rewrite (not of the words in ``verbatim``, whose phonemes are misaki's already),
    then only symbols in ``vocabulary``.
    """
    text = unicodedata.normalize("NFC", "".join(phonemes))
    chars: list[str] = []
    labels: list[int | None] = []
    position = 0
    for char in text:
        width = len(unicodedata.normalize("NFD", char))
        chars.append(char)
        labels.append(next((o for o in owners[position : position + width] if o is not None), None))
        position += width
    rewritten, rewritten_owners = to_kokoro_inventory(
        "".join(chars), labels, british=espeak_voice != "en-us", verbatim=verbatim
    )
    kept = [(c, o) for c, o in zip(rewritten, rewritten_owners, strict=True) if c in vocabulary]
    return "".join(c for c, _ in kept), [o for _, o in kept]


@cache
def _misaki_dictionary(british: bool) -> dict[str, str]:
    """misaki's English dictionaries (gold over silver): word → phonemes, homographs' default sense."""
    from importlib import resources

    prefix = "gb" if british else "us"
    words: dict[str, str] = {}
    for level in ("silver", "gold"):
        try:
            text = (
                resources.files("misaki").joinpath(f"data/{prefix}_{level}.json").read_text(encoding="utf-8")
            )
        except (ModuleNotFoundError, FileNotFoundError):
            return {}
        for word, reading in json.loads(text).items():
            if isinstance(reading, dict):
                reading = reading.get("DEFAULT")
            if isinstance(reading, str) and reading:
                words[word] = reading
    return words


_VOICELESS = set("ptkfθ")
_SIBILANTS = ("s", "z", "ʃ", "ʒ", "ʧ", "ʤ")


def misaki_word(word: str, british: bool = False) -> str | None:
    """misaki's reading of one written word (also with a possessive "'s"), or None when it has none."""
    dictionary = _misaki_dictionary(british)
    found = dictionary.get(word) or dictionary.get(word.lower())
    if found is not None:
        return found
    if word.endswith(("'s", "’s")) and len(word) > 2:
        stem = misaki_word(word[:-2], british)
        if stem is None:
            return None
        if stem.endswith(_SIBILANTS):
            return stem + "ɪz"
        return stem + ("s" if stem[-1] in _VOICELESS else "z")
    return None


def with_misaki_words(script: Script, british: bool = False) -> Script:
    """``script`` with misaki's dictionary phonemes on every word it knows (``misaki_sentence``)."""
    return replace(script, sentences=tuple(misaki_sentence(s, british) for s in script.sentences))


def misaki_sentence(sentence: ScriptSentence, british: bool = False) -> ScriptSentence:
    """``sentence`` with misaki's dictionary phonemes on every word it knows, for Kokoro's English voices.

    Only for Kokoro: the phonemes are in misaki's inventory, which other engines do
    not read. Words that already carry phonemes (lexicon, pronouncing dictionary)
    keep them; so do words misaki lacks, which espeak reads as before.
    """
    words = []
    for word in sentence.words:
        if word.phonemes or not word.say:
            words.append(word)
            continue
        readings = [misaki_word(part, british) for part in word.say.split()]
        if all(readings):
            words.append(replace(word, phonemes=" ".join(r for r in readings if r)))
        else:
            words.append(word)
    return replace(sentence, words=tuple(words))
