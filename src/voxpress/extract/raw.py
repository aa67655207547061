"""The raw article input (``RawInput``) and the small judgements made on it before extraction.

Its own module so that reading input (``sources``) and downloading pages
(``fetch``) both build a ``RawInput`` without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

from .decode import decode_html, decode_text

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class RawInput:
    """Article input before extraction: a page's HTML or a reader's copied text."""

    content: bytes | str
    """The HTML or text; bytes when not yet decoded."""
    kind: Literal["html", "text"]
    """``html`` for a web page, ``text`` for text copied from a page."""
    name: str
    """A file stem for output files: the input file's name without ``.html``/``.txt``/``.gz``."""
    url: str | None = None
    """Where the page came from, when known."""

    @property
    def text(self) -> str:
        """The content as text, decoded the way its kind calls for."""
        if isinstance(self.content, str):
            return self.content
        return decode_html(self.content) if self.kind == "html" else decode_text(self.content)


def looks_like_html(data: bytes) -> bool:
    """True when ``data`` starts like an HTML document."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return bool(_HTML_START.match(head))


def safe_name(text: str, fallback: str = "article") -> str:
    """``text`` reduced to characters that are safe in a file name."""
    name = _UNSAFE_NAME.sub("-", text).strip("-.")
    return name[:80] or fallback


def name_for_url(url: str) -> str:
    """A file stem from a URL: its last path segment without extension, else its host."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s]
    if segments:
        stem = segments[-1]
        for suffix in (*HTML_SUFFIXES, ".php", ".aspx", ".asp", ".shtml"):
            if stem.lower().endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        if stem:
            return safe_name(stem)
    try:
        host = parts.hostname or ""
    except ValueError:
        host = ""
    return safe_name(host, fallback="page")
