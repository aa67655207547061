"""Where article input comes from: a file, standard input or a URL, read into a ``RawInput``.

This is the I/O edge of extraction. It decides whether the input is a web page
or copied text, decompresses ``.gz`` files (with a size limit, so a small
archive cannot unpack into gigabytes), refuses empty, binary and oversized
input, and names the input for output files.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path
from typing import Literal

from voxpress.errors import InputError
from voxpress.settings import Settings

from .fetch import fetch_url
from .raw import HTML_SUFFIXES, RawInput, looks_like_html, name_for_url, safe_name

__all__ = ["RawInput", "gunzip_limited", "load_input", "looks_like_html", "name_for_path", "name_for_url"]


def name_for_path(path: Path) -> str:
    """The file's name without ``.gz`` and ``.html``/``.htm``/``.txt`` endings."""
    name = path.name
    lowered = name.lower()
    if lowered.endswith(".gz"):
        name, lowered = name[:-3], lowered[:-3]
    for suffix in (*HTML_SUFFIXES, ".txt"):
        if lowered.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return safe_name(name)


def gunzip_limited(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip ``data``, refusing output larger than ``max_bytes``."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as err:
        raise InputError(f"the .gz file is not valid gzip data ({err})") from err
    if len(out) > max_bytes or inflater.unconsumed_tail:
        raise InputError(f"the input is larger than {max_bytes:,} bytes once decompressed")
    return out


def raw_from_bytes(data: bytes, name: str, *, html_hint: bool = False, url: str | None = None) -> RawInput:
    """Classify and check bytes read from a file or standard input."""
    if not data.strip():
        raise InputError(f"the input {name!r} is empty")
    kind: Literal["html", "text"] = "html" if html_hint or looks_like_html(data) else "text"
    raw = RawInput(content=data, kind=kind, name=name, url=url)
    if not raw.text.strip():
        raise InputError(f"the input {name!r} is empty")
    return raw


def _read_limited(stream: object, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > max_bytes:
        raise InputError(f"the input is larger than the limit of {max_bytes:,} bytes")
    return data


def load_input(arg: str, settings: Settings | None = None) -> RawInput:
    """Read article input named by ``arg``: an http(s) URL, ``-`` for standard input, or a file path.

    A file ending ``.html``/``.htm`` (optionally ``.gz``), or whose content starts
    like HTML, is a web page; any other file is text copied from a page.
    Raises ``InputError`` for missing, unreadable, empty, binary or oversized
    input and ``FetchError`` when a URL cannot be fetched.
    """
    settings = settings or Settings.from_env()
    max_bytes = settings.article.max_input_bytes
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", arg):
        return fetch_url(arg, settings.fetch)
    if arg == "-":
        return raw_from_bytes(_read_limited(sys.stdin.buffer, max_bytes), "stdin")
    path = Path(arg).expanduser()
    if not path.exists():
        raise InputError(f"no such file: {arg}")
    if path.is_dir():
        raise InputError(f"{arg} is a folder, not a file")
    lowered = path.name.lower()
    compressed = lowered.endswith(".gz")
    try:
        with path.open("rb") as stream:
            data = _read_limited(stream, max_bytes)
    except OSError as err:
        raise InputError(f"cannot read {arg}: {err.strerror or err}") from err
    if compressed:
        data = gunzip_limited(data, max_bytes)
    stem = lowered[:-3] if compressed else lowered
    return raw_from_bytes(data, name_for_path(path), html_hint=stem.endswith(HTML_SUFFIXES))
