"""The one text sanitiser of voxpress's input boundary.

Every string that enters (API bodies, CLI arguments and files, what extraction
returns) passes ``clean_text`` once, so nothing stored can hold a character
that breaks an output later: C0 and C1 control characters (except tab and
line breaks), lone surrogates (``"\\ud800"`` in JSON), the bidirectional
embedding, override and isolate controls (which can make a title read
backwards, the "Trojan Source" trick), and the non-characters U+FFFE/U+FFFF.
XML 1.0 forbids all of them but the bidi controls, so a cleaned string is
always safe in a feed, a page and JSON.
"""

from __future__ import annotations

import re
from dataclasses import replace

from voxpress.article import Article

_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters; tab, LF and CR stay
    "\ud800-\udfff"  # surrogates: in a Python str only ever lone ones
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\ufffe\uffff]"
)


BINARY_SHARE = 0.1
"""Input of which more than this share is control characters, lone surrogates or U+FFFD is binary
data, not a page or text (a real story with a few stray control characters is far below it)."""
_JUNK = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


def looks_binary(text: str) -> bool:
    """True when ``text`` is mostly the debris of bytes that are not text (see ``BINARY_SHARE``)."""
    sample = text[:100_000]
    return bool(sample) and len(_JUNK.findall(sample)) > BINARY_SHARE * len(sample)


def clean_text(text: str) -> str:
    """``text`` without control characters, lone surrogates, bidi overrides and non-characters.

    A CR LF or a lone CR becomes LF; ``\\x0b`` and ``\\x0c`` (vertical tab, form feed) become
    a line break rather than vanishing, so the words on either side stay apart.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    return _UNSAFE.sub("", text)


def clean_optional(text: str | None) -> str | None:
    """``clean_text`` for optional values; an empty result is ``None``."""
    if text is None:
        return None
    return clean_text(text).strip() or None


def clean_article(article: Article) -> Article:
    """``article`` with every text field cleaned (blocks that clean away to nothing are dropped)."""

    def lines(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(cleaned for value in values if (cleaned := clean_text(value).strip()))

    return replace(
        article,
        title=clean_text(article.title).strip(),
        paragraphs=lines(article.paragraphs),
        standfirst=lines(article.standfirst),
        byline=clean_optional(article.byline),
        published=clean_optional(article.published),
        language=clean_text(article.language).strip() or "en",
        url=clean_optional(article.url),
        extra={clean_text(k): clean_text(v) for k, v in article.extra.items()},
    )
