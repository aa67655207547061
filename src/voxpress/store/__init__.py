"""Storage: the database of articles, narrations and jobs; narration files; the sentence cache."""

from voxpress.store.db import (
    ArticleRecord,
    JobRecord,
    NarrationRecord,
    Store,
    article_content_hash,
    normalise_speed,
)
from voxpress.store.files import NarrationFiles, entity_tag, write_atomic
from voxpress.store.sentence_cache import DiskSentenceCache

__all__ = [
    "ArticleRecord",
    "DiskSentenceCache",
    "JobRecord",
    "NarrationFiles",
    "NarrationRecord",
    "Store",
    "article_content_hash",
    "entity_tag",
    "normalise_speed",
    "write_atomic",
]
