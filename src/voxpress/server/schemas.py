"""Request bodies and the JSON shapes of articles, voices and jobs."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from voxpress.article import Article
from voxpress.store.db import ArticleRecord


class ArticleInput(BaseModel):
    """Where the article comes from: a URL to fetch, a page's HTML, or text copied from a page."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(None, description="Page to fetch (public addresses only).", max_length=4096)
    html: str | None = Field(None, description="The page's HTML; `url` then only names its origin.")
    text: str | None = Field(None, description="Text copied from a page, as a reader selects it.")


class NarrationRequest(BaseModel):
    """Which narration to make."""

    model_config = ConfigDict(extra="forbid")

    voice: str | None = Field(None, description="Voice id; default: the article language's default voice.")
    speed: float = Field(1.0, description="1 is 200 words per minute; 0.5 to 2.")
    format: Literal["mp3", "opus", "wav"] = "mp3"


def article_blocks(article: Article) -> list[dict[str, object]]:
    """Kind and character span of each block in ``article.narration_text``."""
    kinds = [("title", article.title)]
    kinds += [("standfirst", line) for line in article.standfirst]
    kinds += [("paragraph", paragraph) for paragraph in article.paragraphs]
    blocks: list[dict[str, object]] = []
    offset = 0
    for kind, text in kinds:
        if not text:
            continue
        blocks.append({"kind": kind, "char_start": offset, "char_end": offset + len(text)})
        offset += len(text) + 2  # the blank line joining blocks
    return blocks


def article_json(record: ArticleRecord) -> dict[str, object]:
    """The full article object of the API."""
    article = record.article
    return {
        "id": record.id,
        **article.to_dict(),
        "created_at": record.created_at.isoformat(),
        "text": article.narration_text,
        "blocks": article_blocks(article),
    }


def article_summary(record: ArticleRecord) -> dict[str, object]:
    """The short article object of the article list."""
    article = record.article
    return {
        "id": record.id,
        "title": article.title,
        "language": article.language,
        "word_count": article.word_count,
        "reading_time_minutes": article.reading_time_minutes,
        "created_at": record.created_at.isoformat(),
    }
