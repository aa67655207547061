"""Extraction: from a URL, a saved page or a reader's copied text to a clean ``Article``.

    raw = load_input("story.html")        # or a URL, or "-" for standard input
    article = extract_article(raw)

``sources`` reads input, ``fetch`` downloads pages safely, ``raw`` holds the input before
extraction, ``input`` is the boundary (sanitised by ``sanitise``, held to the limits), ``decode`` turns bytes
into text, ``html`` and ``pasted`` find the story, ``lines`` judges single lines,
``metadata`` and ``language`` fill in the rest.
"""

from __future__ import annotations

from .decode import decode_html, decode_text
from .extractor import check_article, extract_article
from .fetch import AddressPolicy, fetch_url, public_addresses_only
from .html import extract_from_html
from .input import article_from_input, article_from_raw
from .language import detect_language
from .pasted import extract_from_text
from .raw import RawInput
from .sanitise import clean_text
from .sources import load_input

__all__ = [
    "AddressPolicy",
    "RawInput",
    "article_from_input",
    "article_from_raw",
    "check_article",
    "clean_text",
    "decode_html",
    "decode_text",
    "detect_language",
    "extract_article",
    "extract_from_html",
    "extract_from_text",
    "fetch_url",
    "load_input",
    "public_addresses_only",
]
