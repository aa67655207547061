"""Chinese and Japanese phonemes for Kokoro-82M v1.0, each phoneme tied to the word it belongs to.

Kokoro's Chinese voices (``zf_*``, ``zm_*``) were trained on misaki's v1.0 Chinese
G2P: jieba words, pypinyin syllables with tones, each syllable turned into IPA
with tone arrows; its Japanese voices (``jf_*``, ``jm_*``) on misaki's "cutlet"
G2P: MeCab (fugashi) readings turned into IPA. Both run offline from PyPI
wheels that carry their own data (jieba's dictionary, pypinyin's tables,
``unidic-lite``'s MeCab dictionary); nothing is fetched at run time. The optional
packages are ``misaki`` (plain, not its ``[ja]`` extra: that one pulls
``pyopenjtalk`` and ``unidic``, which download their dictionaries from the web on
first use), ``jieba``, ``pypinyin``, ``cn2an``, ``ordered-set`` (Chinese) and
``fugashi``, ``unidic-lite``, ``jaconv``, ``mojimoji`` (Japanese).

CJK text has no spaces, so the speech stage's words are short runs of
characters; the whole sentence is analysed at once (jieba and MeCab need the
context) and every character's phonemes go to the word that holds it. Latin
words inside CJK text are read by espeak-ng's English.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from voxpress.errors import VoiceError
from voxpress.phonemize import phonemize_text
from voxpress.speech.script import ScriptSentence
from voxpress.voices.kokoro.vocabulary import VOCAB, kokoro_phonemes

PACKAGES = {
    "zh": ("misaki", "jieba", "pypinyin", "cn2an", "ordered_set"),
    "ja": ("misaki", "fugashi", "unidic_lite", "jaconv", "mojimoji"),
}
"""Importable modules each language's phonemiser needs."""
PIP_PACKAGES = {
    "zh": ("misaki", "jieba", "pypinyin", "cn2an", "ordered-set"),
    "ja": ("misaki", "fugashi", "unidic-lite", "jaconv", "mojimoji"),
}
"""The same as PyPI names."""

CLAUSE_MARKS = ",.!?;:"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
Segmenter = Callable[[int, int], list[tuple[int, int, str]]]
"""Given a span of the joined text, its (start, end, phonemes) segments."""
_MODIFIERS = frozenset("ʲːʰ→↗↘↓\u0303ᵝ")
_lock = threading.Lock()


@dataclass(frozen=True)
class CjkPhonemes:
    """A sentence's Kokoro phonemes and, per phoneme, the index of its word in ``sentence.words``."""

    phonemes: str
    owners: list[int | None]


@cache
def phonemiser_installed(language: str) -> bool:
    """True when the packages of the offline phonemiser for ``language`` ("zh" or "ja") are installed.
    Cheap: nothing is imported (loading jieba's dictionary alone takes over a second, and listing
    the voices must not pay it)."""
    packages = PACKAGES.get(language)
    return packages is not None and all(importlib.util.find_spec(name) is not None for name in packages)


@cache
def can_phonemize(language: str) -> bool:
    """True when the offline phonemiser for ``language`` ("zh" or "ja") is installed and loads."""
    if not phonemiser_installed(language):
        return False
    try:
        _chinese() if language == "zh" else _japanese()
    except Exception as error:  # a broken dictionary install shows up as any kind of error
        logging.getLogger(__name__).warning("the %s phonemiser cannot load: %s", language, error)
        return False
    return True


def cjk_phonemes(sentence: ScriptSentence, language: str) -> CjkPhonemes:
    """Kokoro phonemes of ``sentence`` in ``language`` ("zh" or "ja"), each tied to its word."""
    if not can_phonemize(language):
        packages = " ".join(PIP_PACKAGES.get(language, ()))
        raise VoiceError(f"Kokoro's {language} voices need the Python packages: {packages}")
    pieces: list[tuple[str, int | None]] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            pieces.extend(_run_phonemes(sentence, run, language))
            run.clear()

    for index, word in enumerate(sentence.words):
        if not word.say.strip() and not word.phonemes:
            continue
        if word.phonemes:  # a lexicon reading goes in as written
            flush()
            pieces.append((" ", None))
            pieces.extend((char, index) for char in word.phonemes.strip())
            if word.punctuation and word.punctuation[0] in CLAUSE_MARKS:
                pieces.append((word.punctuation[0], None))
            continue
        run.append(index)
    flush()
    return _tidy(pieces)


def _run_phonemes(sentence: ScriptSentence, run: list[int], language: str) -> list[tuple[str, int | None]]:
    """Phonemes of consecutive words said together; the text is joined without spaces between CJK words."""
    text: list[str] = []
    owners: list[int | None] = []
    for index in run:
        word = sentence.words[index]
        say = _normalise_chinese(word.say) if language == "zh" else _normalise_japanese(word.say)
        if text and (_is_latin(text[-1]) or _is_latin(say[:1]) or text[-1].isdigit()):
            text.append(" ")
            owners.append(None)
        text.extend(say)
        owners.extend([index] * len(say))
        if word.punctuation and word.punctuation[0] in CLAUSE_MARKS:
            text.append(word.punctuation[0])
            owners.append(None)
    joined = "".join(text)
    segments = _chinese_segments(joined) if language == "zh" else _japanese_segments(joined)
    pieces: list[tuple[str, int | None]] = []
    for start, end, phonemes in segments:
        if not phonemes.strip():
            pieces.append((" ", None))
            continue
        span = owners[start:end]
        for k, char in enumerate(phonemes):
            if char == " " or char in CLAUSE_MARKS or not span:
                pieces.append((char, None))
            elif char in _MODIFIERS and pieces and pieces[-1][1] is not None:
                pieces.append((char, pieces[-1][1]))  # a tone, length or palatal mark stays with its sound
            else:  # a segment's phonemes spread over its characters in order
                pieces.append((char, span[min(len(span) - 1, k * len(span) // len(phonemes))]))
    return pieces


def _tidy(pieces: list[tuple[str, int | None]]) -> CjkPhonemes:
    """Keep Kokoro's phoneme set, one space at most in a row, none at the ends or before punctuation."""
    chars: list[str] = []
    owners: list[int | None] = []
    for char, owner in pieces:
        if char not in VOCAB:
            continue
        if char == " " and (not chars or chars[-1] == " "):
            continue
        if char in CLAUSE_MARKS and chars and chars[-1] == " ":
            chars.pop()
            owners.pop()
        chars.append(char)
        owners.append(None if char == " " or char in CLAUSE_MARKS else owner)
        if char in CLAUSE_MARKS:  # a space after a mark, as misaki writes it
            chars.append(" ")
            owners.append(None)
    while chars and chars[-1] == " ":
        chars.pop()
        owners.pop()
    return CjkPhonemes("".join(chars), owners)


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _latin_phonemes(word: str) -> str:
    """An English word inside CJK text, as Kokoro phonemes (espeak-ng en-us)."""
    ipa = phonemize_text("en-us", word)
    phonemes, _ = kokoro_phonemes(list(ipa), [0] * len(ipa), "en-us")
    return phonemes


def _split_latin(text: str, start: int, end: int, other: Segmenter) -> list[tuple[int, int, str]]:
    """Segments of ``text[start:end]``: Latin words read by espeak, the rest by ``other(start, end)``."""
    segments: list[tuple[int, int, str]] = []
    position = start
    for match in _LATIN_WORD.finditer(text, start, end):
        if match.start() > position:
            segments.extend(other(position, match.start()))
        segments.append((match.start(), match.end(), " " + _latin_phonemes(match.group()) + " "))
        position = match.end()
    if position < end:
        segments.extend(other(position, end))
    return segments


# Chinese: misaki's v1.0 ("legacy") G2P, kept per character


@cache
def _chinese() -> Any:
    import jieba
    from misaki.zh import ZHG2P

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return ZHG2P


def _normalise_chinese(say: str) -> str:
    """Arabic numerals read in Chinese ("2025" → "二千零二十五"), full-width forms folded."""
    say = unicodedata.normalize("NFKC", say)
    if any(c.isdigit() for c in say):
        import cn2an

        with contextlib.suppress(Exception):  # cn2an rejects odd numbers ("1.2.3"); Kokoro skips them
            say = cn2an.transform(say, "an2cn")
    return say


def _chinese_segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phonemes) for each jieba word, Latin word and piece of punctuation of ``text``."""
    import jieba
    from pypinyin import Style, lazy_pinyin

    g2p = _chinese()

    def han_or_other(start: int, end: int) -> list[tuple[int, int, str]]:
        segments: list[tuple[int, int, str]] = []
        position = start
        for match in _HAN_RUN.finditer(text, start, end):
            if match.start() > position:
                segments.append((position, match.start(), text[position : match.start()]))
            with _lock:
                words = jieba.lcut(match.group(), cut_all=False)
            offset = match.start()
            for word in words:
                syllables = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True)
                if len(syllables) == len(word):  # one syllable per character: exact owners
                    for k, syllable in enumerate(syllables):
                        ipa = g2p.py2ipa(syllable).replace(chr(815), "")
                        segments.append((offset + k, offset + k + 1, ipa))
                else:
                    ipa = "".join(g2p.py2ipa(s) for s in syllables).replace(chr(815), "")
                    segments.append((offset, offset + len(word), ipa))
                segments.append((offset + len(word), offset + len(word), " "))
                offset += len(word)
            position = match.end()
        if position < end:
            segments.append((position, end, text[position:end]))
        return segments

    return _split_latin(text, 0, len(text), han_or_other)


# Japanese: misaki's cutlet G2P (MeCab readings → IPA), kept per MeCab word


@cache
def _japanese() -> Any:
    with warnings.catch_warnings():  # misaki reads its word list with a deprecated importlib call
        warnings.simplefilter("ignore", DeprecationWarning)
        from misaki.cutlet import Cutlet

    return Cutlet()


def _normalise_japanese(say: str) -> str:
    """Width and compatibility forms folded, numbers read in kana, as misaki's cutlet does."""
    import mojimoji
    from misaki.num2kana import Convert

    say = unicodedata.normalize("NFKC", say)
    say = mojimoji.zen_to_han(say, kana=False)
    say = mojimoji.han_to_zen(say, digit=False, ascii=False)
    return "".join(Convert(part) if part.isdigit() else part for part in re.findall(r"\d+|\D+", say))


def _japanese_segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, phonemes) for each MeCab word group, Latin word and piece of punctuation."""
    return _split_latin(text, 0, len(text), lambda start, end: _japanese_words(text, start, end))


def _japanese_words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    import jaconv
    from misaki.cutlet import JA_WORDS, Word

    cutlet = _japanese()
    part = text[start:end]
    with _lock:
        nodes = [
            (
                node.surface,
                node.feature.pron or node.feature.kana or node.surface,
                node.char_type,
                node.is_unk,
            )
            for node in cutlet.tagger(part)
        ]
    located: list[tuple[int, int, Word]] = []
    position = 0
    for surface, reading, char_type, unknown in nodes:
        found = part.find(surface, position)
        found = position if found < 0 else found
        kind = 6 if char_type == 7 or not unknown else char_type
        located.append(
            (start + found, start + found + len(surface), Word(surface, jaconv.kata2hira(reading), kind))
        )
        position = found + len(surface)

    # group words that misaki's word list knows as one (its cutlet does the same before reading them)
    groups: list[list[tuple[int, int, Word]]] = []
    i = 0
    while i < len(located):
        kind = located[i][2].char_type
        same = next((z for z in range(i + 1, len(located)) if located[z][2].char_type != kind), len(located))
        j = next(
            (j for j in range(same, i, -1) if "".join(w.surface for _, _, w in located[i:j]) in JA_WORDS),
            None,
        )
        j = i + 1 if j is None else j
        groups.append(located[i:j])
        i = j

    segments: list[tuple[int, int, str]] = []
    for group in groups:
        word = Word(
            "".join(w.surface for _, _, w in group),
            "".join(w.hira for _, _, w in group),
            group[0][2].char_type,
        )
        reading = cutlet._romaji_word(word).replace("っ", "")
        group_start, group_end = group[0][0], group[-1][1]
        if reading in ("(", "["):
            reading = "“"
        elif reading in (")", "]"):
            reading = "”"
        if word.surface.isascii() and not any(c.isalnum() for c in word.surface):
            segments.append((group_start, group_end, word.surface))
            continue
        # a small tsu (ʔ) binds to its neighbours, as in misaki
        if segments and segments[-1][2] == " " and reading.startswith("ʔ"):
            segments.pop()
        segments.append((group_start, group_end, reading))
        if not reading.endswith("ʔ"):
            segments.append((group_end, group_end, " "))
    return segments
