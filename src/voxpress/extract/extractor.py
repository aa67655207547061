"""One entry point from any input to an ``Article``: dispatch by kind, then the article checks.

Both extractors return what they found; this module decides whether it is an
article at all (enough words of real sentences, not a page of navigation, and
language rather than junk or filler) and enforces the word limit, so every
caller gets the same errors.
"""

from __future__ import annotations

from voxpress.article import Article
from voxpress.errors import ArticleTooLargeError, InputError, NoArticleError
from voxpress.settings import Settings

from .html import extract_from_html
from .language import fitting_stop_words, reads_as_language
from .lines import analyse
from .pasted import extract_from_text
from .raw import RawInput


def _sentence_words(article: Article) -> int:
    """Body words in paragraphs that read like sentences (menus and labels do not count)."""
    stops = fitting_stop_words(article.language, list(article.paragraphs))
    total = 0
    for paragraph in article.paragraphs:
        line = analyse(paragraph, stops)
        if line.sentence_like or line.prose_like or (line.terminal and line.words >= 4):
            total += line.words
    return total


def check_article(article: Article, settings: Settings) -> Article:
    """``article`` when it is one: ``NoArticleError`` for too little story text,
    ``ArticleTooLargeError`` (413) for more words than ``settings.article.max_words``."""
    limits = settings.article
    # the limit first: it is the cheaper check and the clearer answer for a very long text
    if article.word_count > limits.max_words:
        raise ArticleTooLargeError(
            f"the article has {article.word_count:,} words; the limit is {limits.max_words:,}"
        )
    if article.paragraphs and not reads_as_language("\n".join(article.paragraphs), article.language):
        raise NoArticleError(
            "no article found: the text is not language (random letters, repeated words or binary data)"
        )
    if _sentence_words(article) < limits.min_words:
        raise NoArticleError(
            f"no article found: fewer than {limits.min_words} words of story text "
            "(is this a front page or a navigation page?)"
        )
    return article


def extract_article(raw: RawInput, settings: Settings | None = None) -> Article:
    """The article in ``raw``: a web page's HTML or a reader's copied text.

    Raises ``InputError`` for empty input and ``NoArticleError`` when the input
    holds no article (a navigation page, a handful of words).
    """
    settings = settings or Settings.from_env()
    text = raw.text
    if not text.strip():
        raise InputError(f"the input {raw.name!r} is empty")
    article = extract_from_html(text, raw.url) if raw.kind == "html" else extract_from_text(text)
    return check_article(article, settings)
