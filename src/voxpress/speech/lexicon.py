"""Pronunciation lexicon: publisher-chosen readings of names and words.

A lexicon is a plain text file, one entry per line::

    # comment
    Qatar = Cutter                  # said as the respelling
    Kyiv = [[kˈiːv]]                # espeak IPA phonemes, for espeak-based voices
    Xi Jinping = Shee Jin-ping      # phrases of several words
    "US" = U S                      # in double quotes: match this exact case only

Phrases match whole tokens, ignoring case unless quoted; a possessive "'s" on
the last word still matches. Entries are applied before any number or
abbreviation rule, so a publisher's choice always wins. Later files override
earlier ones (``merged``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from voxpress.errors import InputError
from voxpress.speech.tokens import Token

_PHONEMES = re.compile(r"\[\[(.+?)\]\]")
_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class LexiconEntry:
    """One phrase and how to say it."""

    phrase: str
    """The written phrase, words separated by single spaces."""
    say: str
    """Words to say instead of the phrase; the phrase itself when only phonemes are given."""
    phonemes: str | None = None
    """Engine phonemes (espeak IPA) for the whole phrase, if given."""
    exact_case: bool = False
    """Match only this capitalisation (the phrase was quoted in the file)."""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.phrase.split(" "))


@dataclass(frozen=True)
class LexiconHit:
    """A lexicon entry found at tokens ``first`` to ``last`` (inclusive) of a sentence."""

    first: int
    last: int
    entry: LexiconEntry
    possessive: bool = False
    """The last token carried a possessive "'s" that the entry did not."""


def _key(phrase: str, exact_case: bool) -> str:
    return phrase if exact_case else phrase.lower()


class Lexicon:
    """A set of entries, looked up by phrase."""

    def __init__(self, entries: Sequence[LexiconEntry] = ()) -> None:
        by_key: dict[tuple[str, bool], LexiconEntry] = {}
        for entry in entries:
            by_key[(_key(entry.phrase, entry.exact_case), entry.exact_case)] = entry
        self.entries: tuple[LexiconEntry, ...] = tuple(by_key.values())
        """Entries in file order, a later entry for the same phrase replacing an earlier one."""
        self._by_first_word: dict[str, list[LexiconEntry]] = {}
        for entry in sorted(self.entries, key=lambda e: -len(e.words)):
            self._by_first_word.setdefault(entry.words[0].lower(), []).append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Lexicon({len(self.entries)} entries, fingerprint={self.fingerprint})"

    @classmethod
    def parse(cls, text: str, source: str = "lexicon") -> Lexicon:
        """Read entries from the file format above; a malformed line is an ``InputError``."""
        entries = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            phrase, equals, value = line.partition("=")
            value = re.sub(r"\s+#.*$", "", value).strip()
            phrase = " ".join(phrase.split())
            exact = len(phrase) >= 2 and phrase[0] == phrase[-1] == '"'
            if exact:
                phrase = " ".join(phrase[1:-1].split())
            if not equals or not phrase or not value:
                raise InputError(
                    f"{source} line {number}: expected 'Phrase = respelling' or 'Phrase = [[phonemes]]'"
                )
            phonemes_match = _PHONEMES.search(value)
            phonemes = phonemes_match.group(1).strip() if phonemes_match else None
            say = " ".join(_PHONEMES.sub(" ", value).split()) or phrase
            entries.append(LexiconEntry(phrase=phrase, say=say, phonemes=phonemes, exact_case=exact))
        return cls(entries)

    @classmethod
    def load(cls, path: Path | str) -> Lexicon:
        """Read a lexicon file (UTF-8): the text format above, or W3C PLS for ``.pls`` files."""
        file = Path(path)
        if file.suffix.lower() == ".pls":
            from voxpress.speech.pls import read_pls

            try:
                entries = read_pls(file.read_bytes(), source=file.name)
            except OSError as error:
                raise InputError(f"Cannot read lexicon {file.name}: {error}") from error
            return cls([LexiconEntry(e.phrase, e.say, e.phonemes, e.exact_case) for e in entries])
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"Cannot read lexicon {file.name}: {error}") from error
        return cls.parse(text, source=file.name)

    @classmethod
    def default(cls) -> Lexicon:
        """The lexicon shipped with voxpress: news names the default voice gets wrong.

        The hand-checked entries (``data/lexicon/default.txt``) on top of the
        news-names lexicon (``data/lexicon/news.txt``).
        """
        return _default_lexicon()

    @classmethod
    def hand_checked(cls) -> Lexicon:
        """Only the first hand-checked entries (``data/lexicon/default.txt``), for comparisons."""
        return _shipped_lexicon("default.txt")

    @classmethod
    def empty(cls) -> Lexicon:
        return cls()

    def merged(self, other: Lexicon) -> Lexicon:
        """This lexicon with ``other``'s entries added; ``other`` wins on the same phrase."""
        return Lexicon([*self.entries, *other.entries])

    @property
    def fingerprint(self) -> str:
        """A stable hash of the entries, for cache keys (order of the file does not matter)."""
        lines = sorted(f"{e.phrase}\t{e.exact_case}\t{e.say}\t{e.phonemes or ''}" for e in self.entries)
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]

    def find(self, text: str, tokens: Sequence[Token]) -> list[LexiconHit]:
        """Non-overlapping entries found in one sentence's tokens, longest phrase first at each place."""
        hits = []
        i = 0
        while i < len(tokens):
            hit = self._match_at(text, tokens, i)
            if hit is None:
                i += 1
            else:
                hits.append(hit)
                i = hit.last + 1
        return hits

    def _match_at(self, text: str, tokens: Sequence[Token], i: int) -> LexiconHit | None:
        first = tokens[i].text
        candidates = self._by_first_word.get(first.lower())
        if candidates is None and first.endswith(_POSSESSIVE):
            candidates = self._by_first_word.get(first[:-2].lower())
        for entry in candidates or ():
            words = entry.words
            last = i + len(words) - 1
            if last >= len(tokens):
                continue
            possessive = False
            for offset, word in enumerate(words):
                token = tokens[i + offset]
                if offset and text[tokens[i + offset - 1].end : token.start].strip():
                    break
                written = token.text
                last_word = offset == len(words) - 1
                if (
                    last_word
                    and written.endswith(_POSSESSIVE)
                    and not word.endswith(_POSSESSIVE)
                    and _same(written[:-2], word, entry.exact_case)
                ):
                    possessive = True
                    continue
                if not _same(written, word, entry.exact_case):
                    break
            else:
                return LexiconHit(first=i, last=last, entry=entry, possessive=possessive)
        return None


def _same(written: str, word: str, exact_case: bool) -> bool:
    return written == word if exact_case else written.lower() == word.lower()


@cache
def _default_lexicon() -> Lexicon:
    return _shipped_lexicon("news.txt").merged(_shipped_lexicon("default.txt"))


@cache
def _shipped_lexicon(name: str) -> Lexicon:
    resource = resources.files("voxpress").joinpath(f"data/lexicon/{name}")
    return Lexicon.parse(resource.read_text(encoding="utf-8"), source=name)
