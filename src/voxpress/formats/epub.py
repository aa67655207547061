"""EPUB 3 with Media Overlays: the article as a book whose audio highlights each sentence as it plays.

One XHTML content document (title, standfirst, paragraphs; every sentence a
``<span id="sN">``), one SMIL overlay pairing each sentence with its clip of
the MP3, the navigation document, a small style sheet with the
``-epub-media-overlay-active`` class, and the package document declaring the
overlay's and the book's ``media:duration``. Reading systems with read-along
(Thorium, Apple Books) highlight the sentence being spoken. ``epubcheck``
accepts the result (tests/test_formats_epub.py).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from voxpress.article import Article
from voxpress.audio.timings import Span, Timings

EPUB_MEDIA_TYPE = "application/epub+zip"
ACTIVE_CLASS = "-epub-media-overlay-active"

_STYLE = f"""body {{ font-family: serif; line-height: 1.5; margin: 1em; }}
h1 {{ font-size: 1.6em; }}
p.standfirst {{ font-style: italic; }}
.{ACTIVE_CLASS} {{ background-color: #fff2a8; }}
"""


def smil_clock(seconds: float) -> str:
    """``H:MM:SS.mmm``, a full SMIL clock value."""
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _blocks(article: Article) -> list[tuple[str, str, int]]:
    """(element, class, start offset) of each narrated block, in narration-text order."""
    kinds = [("h1", "title")] if article.title else []
    kinds += [("p", "standfirst")] * len(article.standfirst)
    kinds += [("p", "body")] * len(article.paragraphs)
    out: list[tuple[str, str, int]] = []
    position = 0
    for (tag, css), block in zip(kinds, article.blocks, strict=True):
        out.append((tag, css, position))
        position += len(block) + 2
    return out


def _content_document(article: Article, timings: Timings) -> str:
    text = timings.text
    sentences = timings.sentences
    body: list[str] = []
    for (tag, css, start), block in zip(_blocks(article), article.blocks, strict=True):
        end = start + len(block)
        cursor = start
        parts: list[str] = []
        for number, sentence in enumerate(sentences, start=1):
            if sentence.char_start < start or sentence.char_end > end:
                continue
            parts.append(escape(text[cursor : sentence.char_start]))
            parts.append(
                f'<span id="s{number}">{escape(text[sentence.char_start : sentence.char_end])}</span>'
            )
            cursor = sentence.char_end
        parts.append(escape(text[cursor:end]))
        body.append(f'<{tag} class="{css}">{"".join(parts)}</{tag}>')
    title = escape(article.title or "Article")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'xml:lang="{escape(article.language)}" lang="{escape(article.language)}">\n'
        f'<head><meta charset="UTF-8"/><title>{title}</title>'
        '<link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
        '<body><section epub:type="bodymatter chapter" id="story">\n'
        f"{chr(10).join(body)}\n</section></body></html>\n"
    )


def _overlay(sentences: list[Span]) -> str:
    pars = "\n".join(
        f'<par id="p{n}"><text src="text.xhtml#s{n}"/>'
        f'<audio src="audio.mp3" clipBegin="{smil_clock(s.start)}" '
        f'clipEnd="{smil_clock(max(s.end, s.start + 0.001))}"/>'
        "</par>"
        for n, s in enumerate(sentences, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
        '<body><seq id="seq1" epub:textref="text.xhtml#story" epub:type="bodymatter chapter">\n'
        f"{pars}\n</seq></body></smil>\n"
    )


def _navigation(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">\n'
        f"<head><title>{escape(title)}</title></head>\n"
        '<body><nav epub:type="toc" id="toc"><h1>Contents</h1>'
        f'<ol><li><a href="text.xhtml">{escape(title)}</a>'
        "</li></ol></nav></body></html>\n"
    )


def _package(article: Article, identifier: str, duration: float, modified: datetime) -> str:
    title = escape(article.title or "Article")
    creator = f"<dc:creator>{escape(article.byline)}</dc:creator>" if article.byline else ""
    clock = smil_clock(duration)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" '
        f'xml:lang="{escape(article.language)}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="book-id">{escape(identifier)}</dc:identifier>\n'
        f"<dc:title>{title}</dc:title>\n<dc:language>{escape(article.language)}</dc:language>\n{creator}"
        f'<meta property="dcterms:modified">{modified.strftime("%Y-%m-%dT%H:%M:%SZ")}</meta>\n'
        f'<meta property="media:duration" refines="#overlay">{clock}</meta>\n'
        f'<meta property="media:duration">{clock}</meta>\n'
        f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>\n'
        "</metadata>\n<manifest>\n"
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
        '<item id="text" href="text.xhtml" media-type="application/xhtml+xml" media-overlay="overlay"/>\n'
        '<item id="overlay" href="text.smil" media-type="application/smil+xml"/>\n'
        '<item id="audio" href="audio.mp3" media-type="audio/mpeg"/>\n'
        '<item id="style" href="style.css" media-type="text/css"/>\n'
        '</manifest>\n<spine><itemref idref="text"/></spine>\n</package>\n'
    )


_CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" '
    'media-type="application/oebps-package+xml"/></rootfiles>\n'
    "</container>\n"
)


def epub_bytes(
    article: Article,
    timings: Timings,
    mp3: bytes,
    *,
    identifier: str | None = None,
    modified: datetime | None = None,
) -> bytes:
    """The EPUB 3 file. ``timings`` must be those of ``mp3`` (shifted by its encoder delay) and
    their text ``article.narration_text``."""
    if timings.text != article.narration_text:
        raise ValueError("the timings are not those of this article's narration text")
    book_id = (
        identifier or f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, article.url or article.narration_text)}"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), EPUB_MEDIA_TYPE, compress_type=zipfile.ZIP_STORED)
        deflated = zipfile.ZIP_DEFLATED
        book.writestr("META-INF/container.xml", _CONTAINER, compress_type=deflated)
        book.writestr(
            "OEBPS/content.opf",
            _package(article, book_id, timings.duration, modified or datetime.now(UTC)),
            compress_type=deflated,
        )
        book.writestr("OEBPS/nav.xhtml", _navigation(article.title or "Article"), compress_type=deflated)
        book.writestr("OEBPS/text.xhtml", _content_document(article, timings), compress_type=deflated)
        book.writestr("OEBPS/text.smil", _overlay(timings.sentences), compress_type=deflated)
        book.writestr("OEBPS/style.css", _STYLE, compress_type=deflated)
        book.writestr("OEBPS/audio.mp3", mp3, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


__all__ = ["EPUB_MEDIA_TYPE", "epub_bytes", "smil_clock"]
