"""Settings: where data lives and the limits every stage obeys.

One ``Settings`` object, read from ``VOXPRESS_*`` environment variables with
safe defaults, so that the CLI, the server and the tests agree. Nothing here
points at a particular machine: the data folder defaults to the user's data
directory and every path can be changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "voxpress"


@dataclass(frozen=True)
class FetchLimits:
    """Limits for fetching an article from a URL."""

    timeout_seconds: float = 15.0
    """Connect and read timeout of each request."""
    max_bytes: int = 5_000_000
    """Largest page accepted, in bytes (after decompression)."""
    max_redirects: int = 5
    """Redirects followed, each one checked against the address rules."""
    user_agent: str = "voxpress/0.1 (+listen-to-this-article)"


@dataclass(frozen=True)
class ArticleLimits:
    """Limits on what is accepted as an article."""

    max_input_bytes: int = 5_000_000
    """Largest HTML or text input accepted."""
    max_words: int = 30_000
    """Longest article narrated, in words (about 2.5 hours at 1x)."""
    min_words: int = 12
    """Fewer body words than this is not an article (a navigation page)."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with defaults that work on one machine."""

    data_dir: Path = field(default_factory=_default_data_dir)
    """Root of the database, narrations, calibration curves and user voices."""
    database_url: str | None = None
    """SQLAlchemy URL; default is SQLite in ``data_dir``. PostgreSQL works by URL."""
    lexicon_path: Path | None = None
    """Publisher pronunciation lexicon; the shipped default lexicon is always applied first."""
    api_key: str | None = None
    """When set, API writes need ``Authorization: Bearer KEY`` or ``X-API-Key``."""
    workers: int = 2
    """Narration worker threads in the server."""
    fetch: FetchLimits = field(default_factory=FetchLimits)
    article: ArticleLimits = field(default_factory=ArticleLimits)
    fetch_allow: tuple[str, ...] = ()
    """``host:port`` pairs the fetch address policy admits although internal (a test server);
    from the comma-separated ``VOXPRESS_FETCH_ALLOW``, empty by default."""
    webhook_secret: str | None = None
    """Shared secret of the signed ``POST /api/hooks/publish`` webhook; unset, the hook is off."""

    @property
    def voices_dir(self) -> Path:
        """Folder where users drop extra voices (Piper .onnx + .json, Kokoro files)."""
        return self.data_dir / "voices"

    @property
    def narrations_dir(self) -> Path:
        """Folder of finished narration files and their timings."""
        return self.data_dir / "narrations"

    @property
    def cache_dir(self) -> Path:
        """Folder of the per-sentence synthesis cache."""
        return self.data_dir / "cache"

    @property
    def calibration_path(self) -> Path:
        """File holding each voice's measured rate curve."""
        return self.data_dir / "calibration.json"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'voxpress.db'}"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``VOXPRESS_DATA``, ``VOXPRESS_DATABASE_URL``, ``VOXPRESS_LEXICON``,
        ``VOXPRESS_API_KEY`` and ``VOXPRESS_WORKERS``, then ``overrides``."""
        env = os.environ
        settings = cls()
        if env.get("VOXPRESS_DATA"):
            settings = replace(settings, data_dir=Path(env["VOXPRESS_DATA"]))
        if env.get("VOXPRESS_DATABASE_URL"):
            settings = replace(settings, database_url=env["VOXPRESS_DATABASE_URL"])
        if env.get("VOXPRESS_LEXICON"):
            settings = replace(settings, lexicon_path=Path(env["VOXPRESS_LEXICON"]))
        if env.get("VOXPRESS_API_KEY"):
            settings = replace(settings, api_key=env["VOXPRESS_API_KEY"])
        if env.get("VOXPRESS_WORKERS"):
            settings = replace(settings, workers=max(1, int(env["VOXPRESS_WORKERS"])))
        if env.get("VOXPRESS_FETCH_ALLOW"):
            allowed = tuple(p.strip().lower() for p in env["VOXPRESS_FETCH_ALLOW"].split(",") if p.strip())
            settings = replace(settings, fetch_allow=allowed)
        if env.get("VOXPRESS_WEBHOOK_SECRET"):
            settings = replace(settings, webhook_secret=env["VOXPRESS_WEBHOOK_SECRET"])
        return replace(settings, **overrides)  # type: ignore[arg-type]
