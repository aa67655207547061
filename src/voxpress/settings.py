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
from typing import Literal

PiperArena = Literal["held", "call", "keep", "off"]


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "voxpress"


def name_languages(text: str) -> frozenset[str]:
    """``VOXPRESS_NAME_LANGUAGES`` ("ja,zh", "all", "none") as a set of language codes."""
    codes = frozenset(code.strip().lower() for code in text.split(",") if code.strip())
    if not all(code.isalpha() for code in codes):
        raise ValueError(f"VOXPRESS_NAME_LANGUAGES must be language codes, all or none, not {text!r}")
    return frozenset() if codes == {"none"} else codes


def _positive_int(text: str, default: int) -> int:
    """``text`` as an int of at least 1; ``default`` when it is not a number."""
    try:
        return max(1, int(text))
    except ValueError:
        return default


def piper_arena(text: str) -> PiperArena:
    """``VOXPRESS_PIPER_ARENA`` as a mode; the old on/off spellings still mean keep/off."""
    value = text.strip().lower()
    if value in {"held", "call", "keep", "off"}:
        return value  # type: ignore[return-value]
    if value in {"1", "true", "yes", "on"}:
        return "keep"
    if value in {"0", "false", "no"}:
        return "off"
    raise ValueError(f"VOXPRESS_PIPER_ARENA must be held, call, keep or off, not {text!r}")


@dataclass(frozen=True)
class FetchLimits:
    """Limits for fetching an article from a URL."""

    timeout_seconds: float = 15.0
    """Total time a fetch may take, redirects and a slow server included."""
    max_bytes: int = 5_000_000
    """Largest page accepted, in bytes (after decompression)."""
    max_redirects: int = 5
    """Redirects followed, each one checked against the address rules."""
    user_agent: str = "voxpress/0.1 (+listen-to-this-article)"
    allow: tuple[str, ...] = ()
    """``host:port`` pairs the address policy admits although they are internal
    (``VOXPRESS_FETCH_ALLOW``, comma-separated): a test server, an intranet CMS. Empty by default."""


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
    name_languages: frozenset[str] = frozenset({"ja"})
    """Languages whose names, when the pronouncing dictionary lacks them, are read by their own
    spelling rules (``VOXPRESS_NAME_LANGUAGES``: codes such as ``ja,zh,it``, ``all`` or ``none``);
    ``speech/foreign_names.py`` says why only Japanese is on by default."""
    api_key: str | None = None
    """When set, API writes need ``Authorization: Bearer KEY`` or ``X-API-Key``."""
    workers: int = 2
    """Narration worker threads in the server."""
    fetch: FetchLimits = field(default_factory=FetchLimits)
    article: ArticleLimits = field(default_factory=ArticleLimits)
    voice_threads: int = 1
    """onnxruntime threads per loaded voice (``VOXPRESS_VOICE_THREADS``); 1 because the narration
    loop already synthesizes pieces in parallel, one per worker thread."""
    first_piece_threads: int = 2
    """onnxruntime threads for Kokoro's quick first piece (``VOXPRESS_FIRST_PIECE_THREADS``): that
    piece is made alone, on an idle pool, and is what the listener waits for, so it gets a session of
    its own with more threads (about 90 MB more; 1 turns it off)."""
    cache_max_mb: int = 2000
    """Budget of the sentence cache in MB (``VOXPRESS_CACHE_MAX_MB``), enforced while running."""
    job_lease_seconds: float = 30.0
    """How long a job stays with its process without a heartbeat (``VOXPRESS_JOB_LEASE_SECONDS``)
    before another process sharing the database may take it over."""
    embed_origins: tuple[str, ...] = ()
    """Origins (``https://news.example``) or host names allowed to use the embed API and whose pages
    it narrates (``VOXPRESS_EMBED_ORIGINS``, comma-separated); none by default."""
    embed_requests_per_minute: int = 30
    """Embed narration requests (which may fetch and extract a page) per client and minute."""
    events_per_minute: int = 240
    """Listening events accepted per client and minute; more are refused with 429."""
    public_url: str | None = None
    """Public base URL of the server (``VOXPRESS_PUBLIC_URL``, e.g. ``https://listen.example.org``)
    for absolute links in feeds; never taken from a request's ``Host`` header."""
    public_voices: tuple[str, ...] = ()
    """Voices besides each language's default in which a reader without the API key may have
    narrations made (``VOXPRESS_PUBLIC_VOICES``, comma-separated ids)."""
    warm_voices: tuple[str, ...] = ()
    """Voices besides the default to load and run once in the background after start-up
    (``VOXPRESS_WARM_VOICES``, comma-separated ids, e.g. ``kokoro:af_heart``), so their first
    listener does not wait for a model load. The default voice is warmed before the server answers."""
    rate_limit_per_minute: float = 30.0
    """Requests that create work (new articles, new narrations) per client address and minute
    (``VOXPRESS_RATE_LIMIT``; 0 turns the limit off). Requests with the API key are not limited."""
    rate_limit_burst: int = 30
    """How many such requests a client may make at once before the per-minute rate applies
    (``VOXPRESS_RATE_BURST``)."""
    webhook_secret: str | None = None
    """Shared secret of the signed ``POST /api/hooks/publish`` webhook; unset, the hook is off."""
    broker_url: str | None = None
    """Celery broker (``VOXPRESS_BROKER_URL``, e.g. ``redis://host:6379/0``). When set, web nodes
    never synthesize: narrations are made by ``voxpress worker`` processes, streamed live through
    the same Redis. When unset, the in-process pool does the work."""
    storage_url: str | None = None
    """Where narration files and the sentence cache live (``VOXPRESS_STORAGE_URL``):
    ``file:///shared/folder`` or ``s3://bucket/prefix``; default: under ``data_dir``."""
    storage_endpoint_url: str | None = None
    """S3 endpoint (``VOXPRESS_STORAGE_ENDPOINT``) for MinIO, Ceph, R2…; default: AWS."""
    storage_region: str | None = None
    """S3 region (``VOXPRESS_STORAGE_REGION``)."""
    storage_access_key: str | None = None
    """S3 access key id (``VOXPRESS_STORAGE_ACCESS_KEY``); default: boto3's own credential chain."""
    storage_secret_key: str | None = None
    """S3 secret key (``VOXPRESS_STORAGE_SECRET_KEY``)."""
    storage_redirect: bool = False
    """Serve finished files from S3 by redirect to a presigned URL (``VOXPRESS_STORAGE_REDIRECT=1``)
    instead of through the web node."""
    task_time_limit_seconds: float = 4 * 3600.0
    """Hard limit of one narration task on a worker (``VOXPRESS_TASK_TIME_LIMIT``); the broker's
    visibility timeout is set above it."""
    retry_backoff_seconds: float = 30.0
    """After a narration failed for its machine (a full disk, the database away), how long until
    the next request for it starts it again (``VOXPRESS_RETRY_BACKOFF_SECONDS``); it doubles with
    each such failure in a row."""
    retry_limit: int = 6
    """How many times in a row such a narration is started again by itself
    (``VOXPRESS_RETRY_LIMIT``; 0: never); then it waits for someone to ask for a retry."""
    scratch_dir: Path | None = None
    """Folder of running narrations' temporary files (``VOXPRESS_SCRATCH_DIR``): a long article's
    samples and its live MP3 stream go there as they are made, not into memory; default:
    ``data_dir/scratch``. A local disk, not a RAM-backed ``/tmp``."""
    piper_memory_arena: PiperArena = "held"
    """How onnxruntime holds Piper's working memory (``VOXPRESS_PIPER_ARENA``). Within a call the
    decoder's tensors reuse an arena instead of being mapped and faulted in again (about a third less
    CPU than ``off``). ``held`` (default): the arena is kept between calls while it holds under
    ``piper_arena_hold_mb``; a call that finds more empties it when it ends, so peak memory stays flat
    over a long narration. ``call``: emptied after every call (flat, about 8% more CPU, since every
    call maps its memory again). ``keep``: kept between calls; it grows in steps it never gives back
    (1.5 GB and growing a third of the way through a 30,000-word narration). ``off``: no arena;
    bounded, but the most CPU."""
    piper_arena_hold_mb: int = 500
    """What Piper's arena may hold between calls under ``held``, in MB
    (``VOXPRESS_PIPER_ARENA_HOLD_MB``): the process's growth since the last call that emptied it.
    A long sentence's call takes a few hundred megabytes, so under 200 most of them emptied the
    arena and the next call faulted its memory in again (a tenth of a 300-word narration's CPU);
    at 500 a 30,000-word narration peaked at 885 MB in the CLI and 916 MB in the worker."""

    @property
    def voices_dir(self) -> Path:
        """Folder where users drop extra voices (Piper .onnx + .json, Kokoro files)."""
        return self.data_dir / "voices"

    @property
    def narrations_dir(self) -> Path:
        """Folder of finished narration files and their timings."""
        return self.shared_dir / "narrations"

    @property
    def cache_dir(self) -> Path:
        """Folder of the per-sentence synthesis cache."""
        return self.shared_dir / "cache"

    @property
    def shared_dir(self) -> Path:
        """Root of narrations and cache: the ``file://`` storage folder, else ``data_dir``."""
        if self.storage_url and self.storage_url.startswith("file://"):
            return Path(self.storage_url.removeprefix("file://"))
        return self.data_dir

    @property
    def calibration_path(self) -> Path:
        """File holding each voice's measured rate curve."""
        return self.data_dir / "calibration.json"

    @property
    def resolved_scratch_dir(self) -> Path:
        """``scratch_dir``, else ``data_dir/scratch``."""
        return self.scratch_dir or self.data_dir / "scratch"

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'voxpress.db'}"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from the ``VOXPRESS_*`` variables (the README's settings table), then ``overrides``.

        This is for the edges (CLI, server, worker, tests); library code takes a ``Settings``."""
        env = os.environ
        settings = cls()
        if env.get("VOXPRESS_DATA"):
            settings = replace(settings, data_dir=Path(env["VOXPRESS_DATA"]))
        if env.get("VOXPRESS_DATABASE_URL"):
            settings = replace(settings, database_url=env["VOXPRESS_DATABASE_URL"])
        if env.get("VOXPRESS_LEXICON"):
            settings = replace(settings, lexicon_path=Path(env["VOXPRESS_LEXICON"]))
        if env.get("VOXPRESS_NAME_LANGUAGES"):
            settings = replace(settings, name_languages=name_languages(env["VOXPRESS_NAME_LANGUAGES"]))
        if env.get("VOXPRESS_API_KEY"):
            settings = replace(settings, api_key=env["VOXPRESS_API_KEY"])
        if env.get("VOXPRESS_WORKERS"):
            settings = replace(settings, workers=max(1, int(env["VOXPRESS_WORKERS"])))
        if env.get("VOXPRESS_FETCH_ALLOW"):
            allow = tuple(
                item.strip().lower() for item in env["VOXPRESS_FETCH_ALLOW"].split(",") if item.strip()
            )
            settings = replace(settings, fetch=replace(settings.fetch, allow=allow))
        if env.get("VOXPRESS_PUBLIC_URL"):
            settings = replace(settings, public_url=env["VOXPRESS_PUBLIC_URL"].strip().rstrip("/"))
        if env.get("VOXPRESS_PUBLIC_VOICES"):
            voices = tuple(v.strip() for v in env["VOXPRESS_PUBLIC_VOICES"].split(",") if v.strip())
            settings = replace(settings, public_voices=voices)
        if env.get("VOXPRESS_WARM_VOICES"):
            warm = tuple(v.strip() for v in env["VOXPRESS_WARM_VOICES"].split(",") if v.strip())
            settings = replace(settings, warm_voices=warm)
        if env.get("VOXPRESS_RATE_LIMIT"):
            settings = replace(settings, rate_limit_per_minute=max(0.0, float(env["VOXPRESS_RATE_LIMIT"])))
        if env.get("VOXPRESS_RATE_BURST"):
            settings = replace(settings, rate_limit_burst=max(1, int(env["VOXPRESS_RATE_BURST"])))
        if env.get("VOXPRESS_VOICE_THREADS"):
            settings = replace(settings, voice_threads=_positive_int(env["VOXPRESS_VOICE_THREADS"], 1))
        if env.get("VOXPRESS_FIRST_PIECE_THREADS"):
            threads = _positive_int(env["VOXPRESS_FIRST_PIECE_THREADS"], 2)
            settings = replace(settings, first_piece_threads=threads)
        if env.get("VOXPRESS_CACHE_MAX_MB"):
            settings = replace(settings, cache_max_mb=max(1, int(env["VOXPRESS_CACHE_MAX_MB"])))
        if env.get("VOXPRESS_JOB_LEASE_SECONDS"):
            settings = replace(settings, job_lease_seconds=max(1.0, float(env["VOXPRESS_JOB_LEASE_SECONDS"])))
        if env.get("VOXPRESS_EMBED_ORIGINS"):
            origins = tuple(item.strip() for item in env["VOXPRESS_EMBED_ORIGINS"].split(",") if item.strip())
            settings = replace(settings, embed_origins=origins)
        if env.get("VOXPRESS_WEBHOOK_SECRET"):
            settings = replace(settings, webhook_secret=env["VOXPRESS_WEBHOOK_SECRET"])
        for variable, name in (
            ("VOXPRESS_BROKER_URL", "broker_url"),
            ("VOXPRESS_STORAGE_URL", "storage_url"),
            ("VOXPRESS_STORAGE_ENDPOINT", "storage_endpoint_url"),
            ("VOXPRESS_STORAGE_REGION", "storage_region"),
            ("VOXPRESS_STORAGE_ACCESS_KEY", "storage_access_key"),
            ("VOXPRESS_STORAGE_SECRET_KEY", "storage_secret_key"),
        ):
            if env.get(variable):
                settings = replace(settings, **{name: env[variable]})  # type: ignore[arg-type]
        if env.get("VOXPRESS_STORAGE_REDIRECT"):
            settings = replace(
                settings, storage_redirect=env["VOXPRESS_STORAGE_REDIRECT"] not in {"0", "false"}
            )
        if env.get("VOXPRESS_TASK_TIME_LIMIT"):
            settings = replace(
                settings, task_time_limit_seconds=max(60.0, float(env["VOXPRESS_TASK_TIME_LIMIT"]))
            )
        if env.get("VOXPRESS_RETRY_BACKOFF_SECONDS"):
            backoff = max(0.0, float(env["VOXPRESS_RETRY_BACKOFF_SECONDS"]))
            settings = replace(settings, retry_backoff_seconds=backoff)
        if env.get("VOXPRESS_RETRY_LIMIT"):
            settings = replace(settings, retry_limit=max(0, int(env["VOXPRESS_RETRY_LIMIT"])))
        if env.get("VOXPRESS_SCRATCH_DIR"):
            settings = replace(settings, scratch_dir=Path(env["VOXPRESS_SCRATCH_DIR"]))
        if env.get("VOXPRESS_PIPER_ARENA"):
            settings = replace(settings, piper_memory_arena=piper_arena(env["VOXPRESS_PIPER_ARENA"]))
        if env.get("VOXPRESS_PIPER_ARENA_HOLD_MB"):
            hold = _positive_int(env["VOXPRESS_PIPER_ARENA_HOLD_MB"], Settings.piper_arena_hold_mb)
            settings = replace(settings, piper_arena_hold_mb=hold)
        return replace(settings, **overrides)  # type: ignore[arg-type]
