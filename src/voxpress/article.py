"""The article: what extraction produces and every later stage reads.

An ``Article`` is the clean story, nothing else: the words a listener will hear
and the metadata the reader page shows. ``narration_text`` is the exact text
that is narrated and that every character offset in a timings file points into.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

WORDS_PER_MINUTE = 200
"""Reading and listening rate at 1x, in words per minute."""

_WORD = re.compile(r"\w+(?:[’'.,-]\w+)*", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA_RUN = re.compile(r"[\u3040-\u30ff]+")


def count_words(text: str) -> int:
    """Words in ``text``: runs of letters or digits (``don't``, ``1,200`` and ``U.S`` count once).

    Chinese and Japanese have no spaces between words. Each Han character
    counts as a word and each pair of kana as one (an odd run ends in a triple), which is how the
    speech stage cuts such text into the words that narration times, so a
    reading time and the narration at 1x agree.
    """
    if not text.isascii():
        # Combining marks (Devanagari vowel signs, Arabic harakat) belong to the letters around them.
        text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    han = len(_HAN.findall(text))
    if han or _KANA_RUN.search(text):
        kana = sum(max(1, len(run) // 2) for run in _KANA_RUN.findall(text))
        rest = _KANA_RUN.sub(" ", _HAN.sub(" ", text))
        return len(_WORD.findall(rest)) + han + kana
    return len(_WORD.findall(text))


def reading_time_minutes(word_count: int) -> int:
    """Minutes to read ``word_count`` words at 200 WPM, rounded up, at least 1."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class Article:
    """A clean article, ready to be read aloud."""

    title: str
    """The headline."""
    paragraphs: tuple[str, ...]
    """Body paragraphs in reading order, each one line of text."""
    standfirst: tuple[str, ...] = ()
    """Summary lines shown under the headline (bullets without their markers)."""
    byline: str | None = None
    """Author names as printed, without a leading "By"."""
    published: str | None = None
    """Publication date or date-time, ISO 8601, when known."""
    language: str = "en"
    """ISO 639-1 code of the article's language."""
    url: str | None = None
    """Where the article came from, when it came from the web."""
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    """Anything else an extractor found (site name, description), for display only."""

    @property
    def blocks(self) -> tuple[str, ...]:
        """Title, standfirst lines and paragraphs: the narrated blocks in order."""
        return tuple(b for b in (self.title, *self.standfirst, *self.paragraphs) if b)

    @property
    def narration_text(self) -> str:
        """The narrated text as written: the blocks joined by blank lines."""
        return "\n\n".join(self.blocks)

    @property
    def word_count(self) -> int:
        """Words in title, standfirst and body."""
        return sum(count_words(b) for b in self.blocks)

    @property
    def reading_time_minutes(self) -> int:
        """Reading time at 200 words per minute, rounded up, at least 1 minute."""
        return reading_time_minutes(self.word_count)

    def to_dict(self) -> dict[str, object]:
        """The JSON form used by ``voxpress extract --json`` and the API."""
        return {
            "title": self.title,
            "standfirst": list(self.standfirst),
            "byline": self.byline,
            "published": self.published,
            "language": self.language,
            "url": self.url,
            "paragraphs": list(self.paragraphs),
            "word_count": self.word_count,
            "reading_time_minutes": self.reading_time_minutes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Article:
        """Rebuild an article from ``to_dict`` output (extra keys are ignored)."""

        def strings(key: str) -> tuple[str, ...]:
            value = data.get(key) or []
            assert isinstance(value, list | tuple)
            return tuple(str(v) for v in value)

        def optional(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        return cls(
            title=str(data.get("title") or ""),
            standfirst=strings("standfirst"),
            paragraphs=strings("paragraphs"),
            byline=optional("byline"),
            published=optional("published"),
            language=str(data.get("language") or "en"),
            url=optional("url"),
        )
