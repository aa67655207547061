"""Request bodies and the typed JSON shapes of articles, voices and health (shown by ``/docs``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from voxpress.article import Article
from voxpress.narration.speed import SPEED_DESCRIPTION, SPEED_MAX, SPEED_MIN
from voxpress.store.db import ArticleRecord

SpeedField = Annotated[float, Field(ge=SPEED_MIN, le=SPEED_MAX, description=SPEED_DESCRIPTION)]
"""A speed in a pydantic model: bounds checked by pydantic and shown in OpenAPI."""


class ArticleInput(BaseModel):
    """Where the article comes from: a URL to fetch, a page's HTML, or text copied from a page."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, description="Page to fetch (public addresses only).", max_length=4096)
    html: str | None = Field(None, description="The page's HTML; `url` then only names its origin.")
    text: str | None = Field(None, description="Text copied from a page, as a reader selects it.")
    ssml: str | None = Field(
        None,
        description="The article as SSML (`<speak>`; the subset of `/v1/audio/speech` without "
        "`prosody rate`): its first paragraph is the headline when there are several.",
    )


class NarrationRequest(BaseModel):
    """Which narration to make."""

    model_config = ConfigDict(extra="forbid")

    voice: str | None = Field(None, description="Voice id; default: the article language's default voice.")
    speed: float = Field(1.0, description="1 is 200 words per minute; 0.5 to 2.")
    format: Literal["mp3", "opus", "wav"] = "mp3"


BlockKind = Literal["title", "standfirst", "paragraph"]


class Block(BaseModel):
    """One narrated block and where it sits in the article's ``text``."""

    kind: BlockKind
    char_start: int = Field(description="Offset of the block's first character in `text`.")
    char_end: int = Field(description="Offset just past the block's last character in `text`.")


class ArticleSummary(BaseModel):
    """The short article object of the article list."""

    id: str
    title: str
    language: str = Field(description="ISO 639-1 code.")
    word_count: int = Field(description="Narrated words: title, standfirst and body.")
    reading_time_minutes: int = Field(description="At 200 words per minute, rounded up.")
    created_at: str = Field(description="ISO 8601, UTC.")


class ArticleOut(ArticleSummary):
    """The full article object."""

    standfirst: list[str]
    byline: str | None
    published: str | None = Field(description="ISO 8601 date or date-time, when known.")
    url: str | None
    paragraphs: list[str]
    text: str = Field(description="The narrated text; every timing offset points into it.")
    blocks: list[Block]


class ArticleList(BaseModel):
    """Stored articles, newest first."""

    articles: list[ArticleSummary]


class Preset(BaseModel):
    """A named speed."""

    name: str
    speed: float
    wpm: int = Field(description="Words per minute at this speed.")


class VoiceOut(BaseModel):
    """An installed voice."""

    id: str
    engine: str
    language: str
    languages: list[str]
    name: str
    quality: str
    word_timings: bool = Field(description="Whether the engine reports when each word starts.")
    wpm_1x: float | None = Field(description="Measured words per minute at speed 1 (None: not calibrated).")
    public: bool = Field(description="Whether a reader without the API key may have narrations made in it.")


class VoiceList(BaseModel):
    """Installed voices and the speed range."""

    voices: list[VoiceOut]
    default: str = Field(description="Default voice for English.")
    presets: list[Preset]
    speed_min: float
    speed_max: float
    speed_step: float
    wpm_at_1x: int = Field(description="Words per minute at speed 1.")


class Health(BaseModel):
    """Liveness."""

    status: Literal["ok"]


def article_blocks(article: Article) -> list[Block]:
    """Kind and character span of each block in ``article.narration_text``.

    Found in the narration text itself, so the spans follow however
    ``Article.narration_text`` joins its blocks.
    """
    kinds: list[tuple[BlockKind, str]] = [("title", article.title)]
    kinds += [("standfirst", line) for line in article.standfirst]
    kinds += [("paragraph", paragraph) for paragraph in article.paragraphs]
    text = article.narration_text
    blocks: list[Block] = []
    offset = 0
    for kind, block in kinds:
        if not block:
            continue
        start = text.index(block, offset)
        blocks.append(Block(kind=kind, char_start=start, char_end=start + len(block)))
        offset = start + len(block)
    return blocks


def article_summary(record: ArticleRecord) -> ArticleSummary:
    """The short article object of the article list."""
    article = record.article
    return ArticleSummary(
        id=record.id,
        title=article.title,
        language=article.language,
        word_count=article.word_count,
        reading_time_minutes=article.reading_time_minutes,
        created_at=record.created_at.isoformat(),
    )


def article_out(record: ArticleRecord) -> ArticleOut:
    """The full article object."""
    article = record.article
    return ArticleOut(
        **article_summary(record).model_dump(),
        standfirst=list(article.standfirst),
        byline=article.byline,
        published=article.published,
        url=article.url,
        paragraphs=list(article.paragraphs),
        text=article.narration_text,
        blocks=article_blocks(article),
    )


def article_json(record: ArticleRecord) -> dict[str, object]:
    """The full article object as plain JSON data."""
    return article_out(record).model_dump()
