"""Article input at the boundary: checked, sanitised, extracted and held to the limits.

The API and the CLI both turn what a user sends into an ``Article`` here, so
the same input gets the same answer everywhere: ``article_from_input`` for the
fields of an API request (a URL, a page's HTML or copied text),
``article_from_raw`` for input already read (a file, standard input, a page).
Every string passes the sanitiser (``sanitise.clean_text``) before extraction
and the article again after it, and the word limit is one count (every
narrated word: title, standfirst and body) with one status (413).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal
from urllib.parse import urlsplit

from voxpress.article import Article
from voxpress.errors import ArticleTooLargeError, InputError
from voxpress.settings import Settings

from .extractor import extract_article
from .fetch import fetch_url
from .raw import RawInput
from .sanitise import clean_article, clean_text, looks_binary


def article_from_raw(raw: RawInput, settings: Settings) -> Article:
    """The sanitised article in ``raw``; ``ArticleTooLargeError`` over the word limit."""
    text = clean_text(raw.text)
    if not text.strip():
        raise InputError(f"the input {raw.name!r} is empty")
    article = clean_article(extract_article(replace(raw, content=text), settings))
    limit = settings.article.max_words
    if article.word_count > limit:
        raise ArticleTooLargeError(f"the article has {article.word_count:,} words; the limit is {limit:,}")
    return article


def article_from_input(
    settings: Settings, *, url: str | None = None, html: str | None = None, text: str | None = None
) -> Article:
    """The article in a request: fetched from ``url``, or extracted from ``html`` or ``text``
    (``url`` then only names where the page came from)."""
    if html is not None and text is not None:
        raise InputError("Send either 'html' or 'text', not both.")
    if url is not None:
        url = clean_text(url).strip()
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            raise InputError("The 'url' must be an http or https address.")
    content = html if html is not None else text
    if content is None:
        if url is None:
            raise InputError("Send the article as one of 'url', 'html' or 'text'.")
        return article_from_raw(fetch_url(url, settings.fetch), settings)
    if "\x00" in content:
        raise InputError("The input looks binary (it holds NUL characters), not HTML or text.")
    if looks_binary(content):
        raise InputError(
            "The input looks binary (mostly control or undecodable characters), not HTML or text."
        )
    limit = settings.article.max_input_bytes
    if len(content.encode("utf-8", errors="replace")) > limit:
        raise ArticleTooLargeError(f"The article input is over the limit of {limit / 1e6:g} MB.")
    if not clean_text(content).strip():
        raise InputError("The article is empty: there is no text to read.")
    kind: Literal["html", "text"] = "html" if html is not None else "text"
    return article_from_raw(RawInput(content=content, kind=kind, name="article", url=url), settings)
