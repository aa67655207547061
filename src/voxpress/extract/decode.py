"""Turning input bytes into text: byte-order marks, declared charsets, detection, junk refusal.

Text input is decoded BOM first, then strict UTF-8, then charset-normalizer's
best guess. HTML input additionally honours the charset an HTTP header or a
``<meta charset>`` declares. Anything that is not text (more than a few NUL
bytes, mostly control characters, undecodable) is refused with an
``InputError``; a few stray NUL bytes in otherwise ordinary text, which
browsers ignore, are dropped.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import CharsetMatch, from_bytes

from voxpress.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

MAX_NON_ASCII_FOR_WESTERN = 0.03
"""Undeclared legacy text with at most this share of non-ASCII bytes is read as windows-1252 on a tie."""
_WESTERN_PUNCTUATION = frozenset("‘’‚“”„–—…•·«»¡¿£€¥©®™°§¶×÷½¼¾\u00a0")
MAX_CONTROL_SHARE = 0.05
"""Text with more control characters than this share of its characters is binary junk."""
MAX_STRAY_NULS = 16
"""NUL bytes that ordinary text may hold as damage and lose; more mean binary data."""
MAX_NUL_SHARE = 0.005
"""Share of NUL bytes above which the input is binary data, however few they are."""


def _strip_bom(data: bytes) -> tuple[str | None, bytes]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom) :]
    return None, data


def _binary_nuls(count: int, length: int) -> bool:
    return count > MAX_STRAY_NULS or count > MAX_NUL_SHARE * length


def _drop_stray_nuls(data: bytes) -> bytes:
    """``data`` without NUL bytes when there are only a few; ``InputError`` when there are many."""
    count = data.count(0)
    if not count:
        return data
    if _binary_nuls(count, len(data)):
        raise InputError("the input is binary data, not text (it holds NUL bytes)")
    return data.replace(b"\x00", b"")


def _refuse_junk(text: str) -> str:
    if "\x00" in text:
        if _binary_nuls(text.count("\x00"), len(text)):
            raise InputError("the input is binary data, not text (it holds NUL bytes)")
        text = text.replace("\x00", "")
    if text and len(_CONTROL.findall(text)) > MAX_CONTROL_SHARE * len(text):
        raise InputError("the input is binary data, not text (mostly control characters)")
    return text


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _mostly_ascii(data: bytes) -> bool:
    non_ascii = len(data.translate(None, bytes(range(128))))
    return non_ascii <= MAX_NON_ASCII_FOR_WESTERN * len(data)


def _letters_and_punctuation(text: str) -> bool:
    return all(c.isalpha() or c in _WESTERN_PUNCTUATION for c in text if ord(c) >= 128)


def decode_text(data: bytes) -> str:
    """Decode ``data`` as text: BOM, then UTF-8, then detection; refuse binary junk.

    Raises ``InputError`` when the bytes are not text in any encoding.
    """
    encoding, body = _strip_bom(data)
    if encoding:
        try:
            return _refuse_junk(body.decode(encoding))
        except UnicodeDecodeError as err:
            raise InputError(
                f"the input starts with a {encoding} byte-order mark but is not {encoding}"
            ) from err
    data = _drop_stray_nuls(data)
    try:
        return _refuse_junk(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError("the input is not text in any known encoding")
    return _refuse_junk(_pick_decoding(data, [m for m in matches if m.chaos <= best.chaos][:5]) or str(best))


def _pick_decoding(data: bytes, tied: list[CharsetMatch]) -> str | None:
    """Among decodings that look equally clean, the one whose non-ASCII characters are all letters
    or common punctuation; windows-1252 first for mostly-ASCII text, as browsers default to it.

    Short runs of accents fit several code pages: "ł" in cp1250 is "³" in cp1252, "á" in
    cp1252 is "į" in cp1257. A superscript inside a word gives the wrong guess away.
    """
    decoded = [(m.encoding, str(m)) for m in tied]
    plausible = [(enc, text) for enc, text in decoded if _letters_and_punctuation(text)]
    for encoding, text in plausible:
        if encoding == "cp1252" and _mostly_ascii(data):
            return text
    return plausible[0][1] if plausible else None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML page: BOM, then the HTTP header's charset, then ``<meta charset>``, then detection."""
    if _strip_bom(data)[0]:
        return decode_text(data)
    data = _drop_stray_nuls(data)
    declared: list[str] = []
    if content_type and (header := _HEADER_CHARSET.search(content_type)):
        declared.append(header.group(1))
    if meta := _META_CHARSET.search(data[:8192]):
        declared.append(meta.group(1).decode("ascii", "replace"))
    for name in declared:
        codec = _known_codec(name)
        if codec is None:
            continue
        # Pages often declare latin-1 yet are UTF-8; browsers treat latin-1 as windows-1252.
        if codec in ("latin-1", "iso8859-1", "ascii", "cp1252"):
            try:
                return _refuse_junk(data.decode("utf-8"))
            except UnicodeDecodeError:
                return _refuse_junk(data.decode("cp1252", errors="replace"))
        try:
            return _refuse_junk(data.decode(codec))
        except UnicodeDecodeError:
            continue
    return decode_text(data)
