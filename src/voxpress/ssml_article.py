"""Articles posted as SSML: the article an SSML document says, held to the article limits.

``POST /api/articles`` with ``{"ssml": "<speak>…</speak>"}`` stores the plain
text of the document (``speech.ssml.parse_ssml``) as the article, its first
paragraph the headline when there are several, and keeps the SSML beside it
(``ArticleRecord.ssml``): the narration applies its readings (``say-as``,
``sub``, ``phoneme``), and every timing offset points into the plain text, as
for any article. An article's speed is the listener's choice, so a
``prosody rate`` other than the default is refused here (``/v1/audio/speech``
and ``voxpress say`` apply it).

The API and the narration runner both use this module, which depends only on
the speech and extraction stages.
"""

from __future__ import annotations

from dataclasses import replace

from voxpress.article import Article
from voxpress.errors import ArticleTooLargeError
from voxpress.extract.sanitise import clean_text
from voxpress.settings import Settings
from voxpress.speech.script import Script
from voxpress.speech.ssml import SsmlError, apply_readings, parse_ssml


class SsmlArticleError(SsmlError):
    """SSML for an article that is not well-formed, leaves the supported subset, or sets a rate."""

    http_status = 422


def article_from_ssml(settings: Settings, ssml: str) -> Article:
    """The article ``ssml`` says (raises ``SsmlArticleError`` or ``ArticleTooLargeError``)."""
    limit = settings.article.max_input_bytes
    if len(ssml.encode("utf-8", errors="replace")) > limit:
        raise ArticleTooLargeError(f"The article input is over the limit of {limit / 1e6:g} MB.")
    try:
        document = parse_ssml(clean_text(ssml))
    except SsmlError as error:
        raise SsmlArticleError(str(error)) from error
    if document.rate != 1.0:
        raise SsmlArticleError(
            "<prosody rate> is not used in an article: its listener chooses the speed "
            "(the 'speed' parameter of the audio). Remove the rate, or use /v1/audio/speech."
        )
    article = document.article
    if len(article.paragraphs) > 1:
        article = replace(article, title=article.paragraphs[0], paragraphs=article.paragraphs[1:])
    words = settings.article.max_words
    if article.word_count > words:
        raise ArticleTooLargeError(f"the article has {article.word_count:,} words; the limit is {words:,}")
    return article


def with_ssml_readings(script: Script, ssml: str | None) -> Script:
    """``script`` of a stored article with the readings of the SSML it was posted as, if any."""
    if ssml is None:
        return script
    return apply_readings(script, parse_ssml(clean_text(ssml)).readings)
