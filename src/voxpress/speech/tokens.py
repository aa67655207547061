"""Written tokens: the words, numbers, addresses and symbols of a text, with exact offsets.

A token is the written thing a listener hears as one unit ("$1.2bn", "U.S",
"2019-21", "example.com", "AT&T"). The punctuation between tokens (quotes,
commas, periods, dashes, brackets) is not part of any token: it shapes sentence
breaks and pauses. Language-neutral; the rules of each language decide how a
token is said.

Chinese and Japanese are written without spaces: a run of CJK characters is cut
where the script changes; each Han character (one spoken syllable) is a token,
and kana runs are cut into pairs (a triple at the end of an odd run), about one
to two syllables each. At 200 tokens a minute that is the natural pace of
Kokoro's Chinese (206 characters a minute) and Japanese voices, and
highlighting moves along the line syllable by syllable.
Their full-width punctuation ("。", "，", "「") is punctuation like any other.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, cast

TokenKind = Literal["word", "url", "email", "symbol"]


def _combining_marks() -> str:
    """A regex class body of the BMP's combining marks (Unicode categories Mn, Mc, Me).

    ``\\w`` does not match them, yet they are part of words in Devanagari, Thai,
    Arabic with vowel marks and many other scripts ("की" is a letter and a vowel sign).
    """
    ranges: list[list[int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_LETTERS = rf"(?:\w|[{_combining_marks()}])+"
"""Word characters with the combining marks that belong to them."""

_URL = r"""(?P<url>(?:https?://|www\.)[^\s<>"“”]*[^\s<>"“”.,;:!?)\]'’])"""
_EMAIL = r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
_WORD = r"""
    (?P<word>
        (?:[@\#](?=\w))?                          # handle or hashtag
        (?:(?<![\w.%])[-−](?=[$£€¥₹]?\d))?        # minus sign, not a dash after 4.5%
        (?:[A-Z]{1,2}\$|[$£€¥₹])?                 # currency, also US$ HK$
        (?:['’](?=\d\ds\b))?                      # ’90s
        LETTERS
        (?:(?:(?<=\d)[,:](?=\d)|[./&'’\-–])LETTERS)*  # 1,200  9:30  U.S  and/or  AT&T  don't  2019-21
        (?:%|°[CF]?)?
    )
  | (?P<symbol>[^\s\w.,;:!?"“”'‘’()\[\]{}«»\-–—…。．，、；：！？「」『』（）【】《》〈〉・।॥])
""".replace("LETTERS", _LETTERS)
_TOKEN = re.compile(f"{_URL} | {_EMAIL} | {_WORD}", re.VERBOSE)
_PLAIN_TOKEN = re.compile(_WORD, re.VERBOSE)
"""The same without addresses: much faster, for the usual text that has no "@", "://" or "www."."""
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ー]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]")
_CJK_SCRIPT_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]+|[\u3040-\u309f]+|[\u30a0-\u30ffー]+|[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ー]+"
)


@dataclass(frozen=True)
class Token:
    """One written token and where it is."""

    text: str
    """The token exactly as written."""
    start: int
    """Start offset in the text the tokens came from."""
    end: int
    """End offset (exclusive)."""
    kind: TokenKind
    """``word`` (words and numbers), ``url``, ``email`` or ``symbol`` (one character: "&", emoji)."""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]`` in order, with offsets into ``text``."""
    stop = len(text) if end is None else end
    tokens = []
    part = text[start:stop]
    pattern = _TOKEN if "@" in part or "://" in part or "www." in part else _PLAIN_TOKEN
    for match in pattern.finditer(text, start, stop):
        kind = match.lastgroup
        assert kind in ("word", "url", "email", "symbol")
        if kind == "word" and _CJK_CHAR.search(match.group()):
            tokens.extend(_cjk_pieces(match.group(), match.start()))
        else:
            tokens.append(Token(match.group(), match.start(), match.end(), cast(TokenKind, kind)))
    return tokens


def _cjk_pieces(word: str, start: int) -> list[Token]:
    """A word holding CJK characters, cut at script changes, then into Han characters and kana pairs."""
    pieces = []
    for run in _CJK_SCRIPT_RUN.finditer(word):
        text = run.group()
        if not _CJK_CHAR.match(text):
            pieces.append(Token(text, start + run.start(), start + run.end(), "word"))
            continue
        pairs = [*range(0, max(len(text) - 1, 1), 2), len(text)]
        cuts = [*range(len(text) + 1)] if _HAN.match(text) else pairs
        for first, last in itertools.pairwise(cuts):
            begin = start + run.start() + first
            pieces.append(Token(text[first:last], begin, begin + last - first, "word"))
    return pieces
