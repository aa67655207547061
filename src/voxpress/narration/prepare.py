"""The script a narration speaks: an article's text read with the lexicon that applies to it."""

from __future__ import annotations

from voxpress.article import Article
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.foreign_names import DEFAULT_NAME_LANGUAGES
from voxpress.speech.script import Script


def effective_lexicon(language: str, publisher: Lexicon | None = None) -> Lexicon:
    """The lexicon a narration uses: the shipped one (English phonemes, so English only),
    with the publisher's entries on top."""
    base = Lexicon.default() if language.split("-")[0].lower() == "en" else Lexicon.empty()
    return base if publisher is None else base.merged(publisher)


def prepare(
    article: Article, lexicon: Lexicon | None = None, name_languages: frozenset[str] = DEFAULT_NAME_LANGUAGES
) -> Script:
    """The article's script, read with ``effective_lexicon(article.language, lexicon)``; names the
    pronouncing dictionary lacks read by the rules of ``name_languages`` (``VOXPRESS_NAME_LANGUAGES``)."""
    return prepare_script(
        article.narration_text,
        article.language,
        effective_lexicon(article.language, lexicon),
        name_languages=name_languages,
    )
