"""Narration jobs: durable state in the database, work in an in-process thread pool.

``JobQueue`` is the small interface the server uses, with the one ``submit``
(find, join or create the job in the store) every engine shares;
``ThreadJobQueue`` is the in-process engine, ``distributed.queue.CeleryJobQueue``
the one for Celery workers. Guarantees:

- one job per article, voice and speed: concurrent submits of the same
  narration join the queued or running job (asking for another format adds it),
  also across processes sharing the database (a unique key on active jobs);
- leases: every job this process queued or runs is leased to it and renewed by
  a heartbeat; a process takes over only jobs whose lease expired (their
  process died), at start and on every heartbeat, and gives them up after
  ``max_attempts`` starts; a job whose row disappears (its article was deleted
  by any process) is cancelled;
- failures are final and recorded with their one-line message: a
  ``VoxpressError`` or the same error twice is never run again by itself, other
  errors are retried while attempts remain. A failed narration stays failed
  (requests for it get the failure) until someone asks for a ``retry``, except
  a failure of the machine rather than of the narration (a full disk, the
  database away): the first request after a back-off starts it again, or the
  heartbeat does when nobody asks, a bounded number of times in a row
  (``RetryPolicy``, ``retry_environmental_failures``);
- jobs someone is waiting to hear (``listener``) start before queued background
  work; a listener joining a queued background job moves it ahead.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import queue
import secrets
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from voxpress.errors import NotFoundError, StorageFullError, VoxpressError
from voxpress.jobs.live import JobCancelled, LiveNarration
from voxpress.settings import Settings
from voxpress.store.db import UNAVAILABLE_MESSAGE, JobRecord, Store, normalise_speed, utc_now

logger = logging.getLogger(__name__)

Runner = Callable[[JobRecord, LiveNarration], None]
"""Does the work of one job, filling its ``LiveNarration``; raises on failure."""

STOP, LISTENER, BACKGROUND = 0, 1, 2
"""Queue priorities: stopping first, then jobs someone is waiting to hear, then the rest."""
PROGRESS_WRITE_INTERVAL = 1.0
"""Seconds between progress writes to the database while a job runs."""
DEFAULT_LEASE_SECONDS = 30.0
HEARTBEATS_PER_LEASE = 3
"""Leases are renewed this many times per lease period, so one late heartbeat loses nothing."""


def process_owner() -> str:
    """A name for this queue's leases: host, process id and a random part (pids are reused)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(4)}"


ENVIRONMENTAL_FAILURES = (StorageFullError.message_prefix, UNAVAILABLE_MESSAGE)
"""How the recorded reasons of failures of the machine, not of the narration, begin."""


def failed_for_environment(job: JobRecord) -> bool:
    """Whether ``job`` failed for its machine (a full disk, the database away): the same
    narration may well succeed once that is mended."""
    return job.status == "failed" and (job.error or "").startswith(ENVIRONMENTAL_FAILURES)


@dataclass(frozen=True)
class RetryPolicy:
    """When a narration that failed for its environment is started again by the next request."""

    backoff_seconds: float = 30.0
    """Wait after the first such failure; it doubles with each further one in a row."""
    limit: int = 6
    """Automatic retries in a row (30 s … 16 min apart by default, about half an hour in all);
    then the narration stays failed until someone asks for a retry."""

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(backoff_seconds=settings.retry_backoff_seconds, limit=settings.retry_limit)

    def next_retry_at(self, store: Store, failed: JobRecord) -> datetime | None:
        """When a request may start ``failed``'s narration again by itself; None: never
        (a deterministic failure, or too many environmental ones in a row)."""
        if not failed_for_environment(failed):
            return None
        recent = store.recent_jobs(failed.article_id, failed.voice, failed.speed, limit=self.limit + 1)
        in_a_row = len(list(itertools.takewhile(failed_for_environment, recent)))
        if in_a_row > self.limit:
            return None
        return failed.updated_at + timedelta(seconds=self.backoff_seconds * 2 ** max(0, in_a_row - 1))

    def due(self, store: Store, failed: JobRecord) -> bool:
        """Whether a request now starts ``failed``'s narration again."""
        retry_at = self.next_retry_at(store, failed)
        return retry_at is not None and utc_now() >= retry_at

    @property
    def window_seconds(self) -> float:
        """How long after a failure it may still be retried by itself (the last back-off's end)."""
        return self.backoff_seconds * 2**self.limit


SWEEP_SIZE = 100
"""Failed narrations looked at by one ``retry_environmental_failures``; the rest at the next."""


def retry_environmental_failures(queue: JobQueue) -> list[JobRecord]:
    """Narrate again what failed for its machine once its back-off has passed, also when nobody
    asks for it (a feed's or a backfill's background work); returns the jobs started. The queues
    call this on their heartbeat; ``submit`` decides, as for a request, so two processes sweeping
    at once start one job."""
    policy = queue.retry_policy
    if policy.limit <= 0:
        return []
    now = utc_now()
    since = now - timedelta(seconds=policy.window_seconds)
    started: list[JobRecord] = []
    for failed in queue.store.failed_jobs(ENVIRONMENTAL_FAILURES, since, limit=SWEEP_SIZE):
        if failed.updated_at + timedelta(seconds=policy.backoff_seconds) > now:
            break  # the rest failed later still
        latest = queue.store.latest_job(failed.article_id, failed.voice, failed.speed)
        if latest is None or latest.id != failed.id or not policy.due(queue.store, failed):
            continue  # narrated again already, or not yet due
        fmt = failed.formats[-1] if failed.formats else "mp3"
        with contextlib.suppress(NotFoundError):  # the article was deleted meanwhile
            job = queue.submit(failed.article_id, failed.voice, failed.speed, fmt)
            if job.id != failed.id:
                started.append(job)
    return started


def job_formats(fmt: str) -> tuple[str, ...]:
    """The formats a new job writes when ``fmt`` is asked for: MP3 always, first."""
    return ("mp3",) if fmt == "mp3" else ("mp3", fmt)


class JobQueue(ABC):
    """What the server needs from a job engine.

    ``submit`` and ``retry`` are the same for every engine: the store, shared by every
    process, says whether the narration has an active job, a failure that stands, or needs
    a new job. An engine says how a request joins an active job (``_join``) and how a new
    job reaches its workers (``_dispatch``)."""

    store: Store
    retry_policy: RetryPolicy = RetryPolicy()
    lease_owner: str | None = None
    """The owner new jobs are leased to as they are created (None: leased when claimed)."""
    lease_seconds: float = 0.0

    @abstractmethod
    def start(self) -> None:
        """Start workers and resume jobs a previous process left unfinished."""

    @abstractmethod
    def stop(self) -> None:
        """Stop taking jobs; running jobs are left to be resumed at the next start."""

    @abstractmethod
    def get(self, job_id: str) -> JobRecord:
        """A job's current state (raises ``NotFoundError``)."""

    @abstractmethod
    def live(self, job_id: str) -> LiveNarration | None:
        """The live state of a queued or running job; None once it has ended."""

    @abstractmethod
    def cancel_article(self, article_id: str) -> None:
        """Stop every job of an article (it is being deleted)."""

    @abstractmethod
    def _join(self, job: JobRecord, fmt: str, *, listener: bool) -> JobRecord:
        """A request for the active ``job`` in ``fmt``: add the format, move it ahead for a listener."""

    @abstractmethod
    def _dispatch(self, job: JobRecord, *, listener: bool) -> None:
        """Hand the job this process has just created to the workers."""

    def _submit_lock(self) -> contextlib.AbstractContextManager[object]:
        """Held from looking the narration up to dispatching its new job."""
        return contextlib.nullcontext()

    def submit(
        self,
        article_id: str,
        voice: str,
        speed: float,
        fmt: str,
        *,
        listener: bool = False,
        retry: bool = False,
        start_char: int = 0,
    ) -> JobRecord:
        """The job narrating this article in this voice and speed, created if none is active.

        ``listener`` marks a request from someone waiting to hear it: such jobs are started
        before queued background work. When the latest job of this narration failed, that
        failed job is the answer, unless ``retry`` or the ``retry_policy`` says its cause
        (a full disk…) may have passed. ``start_char`` K > 0 asks for the tail narration
        from the sentence at character K, a job (and a key) of its own."""
        speed = normalise_speed(speed)
        with self._submit_lock():
            job = self.store.find_active_job(article_id, voice, speed, start_char)
            if job is not None:
                return self._join(job, fmt, listener=listener)
            if not retry:
                latest = self.store.latest_job(article_id, voice, speed, start_char)
                if latest is not None and latest.status == "failed":
                    if not self.retry_policy.due(self.store, latest):
                        return latest  # failed stays failed until someone asks for a retry
                    logger.info(
                        "narrating %s again after job %s failed: %s", article_id, latest.id, latest.error
                    )
            job, new = self.store.create_or_join_job(
                article_id,
                voice,
                speed,
                job_formats(fmt),
                owner=self.lease_owner,
                lease_seconds=self.lease_seconds,
                start_char=start_char,
            )
            if new:
                self._dispatch(job, listener=listener)
            return job  # when not new: another process created it first

    def retry(self, job_id: str) -> JobRecord:
        """A new job for the narration of a failed job (an active or finished job is returned as is)."""
        job = self.store.get_job(job_id)
        if job.status != "failed":
            return self.get(job_id)
        fmt = job.formats[-1] if job.formats else "mp3"
        return self.submit(
            job.article_id,
            job.voice,
            job.speed,
            fmt,
            listener=True,
            retry=True,
            start_char=job.start_char,
        )


def failure_message(error: BaseException) -> str:
    """The one line recorded for a failed job."""
    if isinstance(error, VoxpressError):
        return str(error)
    return f"Narration failed unexpectedly ({type(error).__name__}); see the server log."


class ThreadJobQueue(JobQueue):
    """Jobs run by ``workers`` threads of this process, their state kept in the ``Store``."""

    def __init__(
        self,
        store: Store,
        runner: Runner,
        *,
        workers: int = 2,
        max_attempts: int = 3,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self.store = store
        self.runner = runner
        self.workers = max(1, workers)
        self.max_attempts = max_attempts
        self.lease_seconds = lease_seconds
        self.retry_policy = retry_policy or RetryPolicy()
        self.owner = process_owner()
        self.lease_owner = self.owner
        # Entries are (priority, sequence, job id); None as the job id stops a worker.
        self._pending: queue.PriorityQueue[tuple[int, int, str | None]] = queue.PriorityQueue()
        self._sequence = itertools.count()
        self._entries: Counter[str] = Counter()
        """Queue entries per job id (a job moved ahead for a listener has two)."""
        self._taken: set[str] = set()
        """Jobs already run that still have an entry in the queue, to be skipped."""
        self._live: dict[str, LiveNarration] = {}
        self._lock = threading.RLock()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @classmethod
    def from_settings(cls, store: Store, runner: Runner, settings: Settings) -> ThreadJobQueue:
        """The pool of a server or CLI: its workers, lease and retry policy from ``settings``."""
        return cls(
            store,
            runner,
            workers=settings.workers,
            lease_seconds=settings.job_lease_seconds,
            retry_policy=RetryPolicy.from_settings(settings),
        )

    # Life cycle

    def start(self) -> None:
        if self._threads:
            return
        self._stopping.clear()
        self._take_over_expired()
        for index in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"voxpress-narrator-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)
        heartbeat = threading.Thread(target=self._heartbeat, name="voxpress-job-leases", daemon=True)
        heartbeat.start()
        self._threads.append(heartbeat)

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        with self._lock:
            unfinished = list(self._live)
            for live in self._live.values():
                live.cancel()  # running jobs stop between sentences; their state stays for a resume
        for _ in range(self.workers):
            self._pending.put((STOP, next(self._sequence), None))
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads.clear()
        # What is left unfinished is free for the next process at once, not after the lease.
        with contextlib.suppress(Exception):
            self.store.release_leases(self.owner, unfinished)

    def _take_over_expired(self) -> None:
        for job in self.store.take_over_expired_jobs(self.owner, self.lease_seconds):
            with self._lock:
                if job.id in self._live:
                    continue
            self._resume(job)

    def _heartbeat(self) -> None:
        interval = self.lease_seconds / HEARTBEATS_PER_LEASE
        while not self._stopping.wait(interval):
            try:
                with self._lock:
                    held = list(self._live)
                alive = self.store.renew_leases(self.owner, held, self.lease_seconds)
                for job_id in set(held) - alive:
                    live = self.live(job_id)
                    if live is not None and not self.store.article_exists(live.article_id):
                        live.cancel()  # deleted by another process: stop, write nothing
                self._take_over_expired()
                retry_environmental_failures(self)
            except Exception:
                logger.exception("renewing job leases failed; trying again at the next heartbeat")

    def _resume(self, job: JobRecord) -> None:
        if job.attempts >= self.max_attempts:
            self._record(job.id, status="failed", error=f"Gave up after {job.attempts} interrupted attempts.")
            return
        if job.status == "running":
            logger.info("resuming job %s interrupted while running", job.id)
            job = self.store.update_job(job.id, status="queued")
        self._enqueue(job)

    def _enqueue(self, job: JobRecord, priority: int = BACKGROUND) -> LiveNarration:
        live = LiveNarration(job.id, job.article_id, job.voice, job.speed, job.formats)
        with self._lock:
            self._live[job.id] = live
        self._put(job.id, priority)
        return live

    # Interface

    def _submit_lock(self) -> contextlib.AbstractContextManager[object]:
        return self._lock

    def _join(self, job: JobRecord, fmt: str, *, listener: bool) -> JobRecord:
        live = self._live.get(job.id)
        if live is None:  # another process holds it, or it ended a moment ago
            return job
        if live.add_format(fmt) and fmt not in job.formats:
            job = self.store.update_job(job.id, formats=live.formats)
        if listener and live.status == "queued":
            self._put(job.id, LISTENER)  # moves ahead; the older entry is skipped
        return self._with_live_progress(job)

    def _dispatch(self, job: JobRecord, *, listener: bool) -> None:
        self._live[job.id] = LiveNarration(job.id, job.article_id, job.voice, job.speed, job.formats)
        self._put(job.id, LISTENER if listener else BACKGROUND)

    def _put(self, job_id: str, priority: int) -> None:
        with self._lock:
            self._entries[job_id] += 1
        self._pending.put((priority, next(self._sequence), job_id))

    def get(self, job_id: str) -> JobRecord:
        return self._with_live_progress(self.store.get_job(job_id))

    def live(self, job_id: str) -> LiveNarration | None:
        with self._lock:
            return self._live.get(job_id)

    def cancel_article(self, article_id: str) -> None:
        with self._lock:
            for live in self._live.values():
                if live.article_id == article_id:
                    live.cancel()

    def _with_live_progress(self, job: JobRecord) -> JobRecord:
        live = self.live(job.id)
        if live is None or not job.active:
            return job
        return replace(job, progress=live.progress)

    # Work

    def _work(self) -> None:
        while True:
            _priority, _sequence, job_id = self._pending.get()
            if job_id is None:
                return
            with self._lock:
                self._entries[job_id] -= 1
                remaining = self._entries[job_id]
                if not remaining:
                    del self._entries[job_id]
                if job_id in self._taken:  # an older entry of a job moved ahead and already run
                    if not remaining:
                        self._taken.discard(job_id)
                    continue
                if remaining:
                    self._taken.add(job_id)
                live = self._live.get(job_id)
                if live is None:
                    continue
                live.status = "running"  # taken: a listener arriving now joins it, no new entry
            retry_job: JobRecord | None = None
            try:
                retry_job = self._run(job_id, live)
            finally:
                with self._lock:
                    if self._live.get(job_id) is live:
                        self._live.pop(job_id, None)
            if retry_job is not None:
                self._enqueue(retry_job, LISTENER)

    def _run(self, job_id: str, live: LiveNarration) -> JobRecord | None:
        """Run one job; returns the job when it is to be run again (a transient failure)."""
        # One statement moves the job from queued to running, so of several processes sharing
        # a database exactly one runs it.
        job = self.store.claim_job(job_id, self.owner, self.lease_seconds)
        if job is None:
            live.mp3.close("The narration was deleted or is being made by another worker.")
            return None
        return run_claimed_job(
            self.store, self.runner, job, live, max_attempts=self.max_attempts, stopping=self._stopping
        )

    def _record(self, job_id: str, **changes: object) -> None:
        # NotFoundError: the article, and with it the job, was deleted meanwhile.
        with contextlib.suppress(NotFoundError):
            self.store.update_job(job_id, **changes)  # type: ignore[arg-type]


def run_claimed_job(
    store: Store,
    runner: Runner,
    job: JobRecord,
    live: LiveNarration,
    *,
    max_attempts: int,
    stopping: threading.Event,
) -> JobRecord | None:
    """Run a job this process has claimed and record how it ended; returns the job when it is to
    be run again (a transient failure). Shared by the in-process pool and the Celery workers."""

    def record(**changes: object) -> None:
        # NotFoundError: the article, and with it the job, was deleted meanwhile.
        with contextlib.suppress(NotFoundError):
            store.update_job(job.id, **changes)  # type: ignore[arg-type]

    last_write = time.monotonic()

    def persist_progress(progress: float) -> None:
        nonlocal last_write
        if time.monotonic() - last_write >= PROGRESS_WRITE_INTERVAL:
            last_write = time.monotonic()
            with contextlib.suppress(VoxpressError):  # progress is a hint; the database may be away
                record(progress=progress)

    live.on_progress = persist_progress
    try:
        runner(job, live)
    except Exception as error:
        deleted = isinstance(error, NotFoundError) and not store.article_exists(job.article_id)
        if stopping.is_set() and not deleted:
            live.mp3.close("The server is stopping; the narration resumes when it is back.")
            return None
        if isinstance(error, JobCancelled) or live.cancelled or deleted:
            live.status = "failed"
            live.mp3.close("The article was deleted.")
            return None
        message = failure_message(error)
        if not isinstance(error, VoxpressError):
            logger.exception("narration job %s failed", job.id)
        live.status = "failed"
        live.mp3.close(message)
        # A user's error or the same error twice would only happen again: the job is failed.
        transient = not isinstance(error, VoxpressError) and message != job.error
        if transient and job.attempts < max_attempts:
            logger.info("job %s will be tried again (attempt %d failed)", job.id, job.attempts)
            with contextlib.suppress(NotFoundError):
                return store.update_job(job.id, status="queued", error=message)
            return None
        record(status="failed", error=message)
        return None
    live.status = "done"
    live.mp3.close()
    record(status="done", progress=1.0)
    return None
