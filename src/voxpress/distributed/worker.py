"""What a ``voxpress worker`` process does: run narration tasks, hold their leases, reconcile.

``WorkerRuntime.run(job_id)`` is the body of the Celery task. It is idempotent:
the store's one-statement claim decides whether this process runs the job, so
a message delivered twice (a redelivery, a re-send by the reconciler) runs
nothing twice. While a job runs, a heartbeat renews its lease in the store;
a worker killed outright stops renewing, and once the lease has expired the
reconciler (one worker at a time, under a short Redis lock) queues the job
again and sends a new message: another worker resumes it, finding every
sentence already made in the shared sentence cache. The reconciler also sends
a message for every queued job that has none (after a Redis restart lost the
broker's queues), so no job is lost and none stays running forever, and
narrates again what failed for its machine (a full disk) once its back-off has
passed (``jobs.queue.retry_environmental_failures``).
"""

from __future__ import annotations

import contextlib
import logging
import threading

import redis
from celery import Celery

from voxpress.distributed.live import PublishedNarration
from voxpress.distributed.queue import ENQUEUED_KEY, CeleryJobQueue, send_job
from voxpress.jobs.narration import NarrationRunner
from voxpress.jobs.queue import (
    HEARTBEATS_PER_LEASE,
    process_owner,
    retry_environmental_failures,
    run_claimed_job,
)
from voxpress.publish.publisher import Publisher
from voxpress.settings import Settings
from voxpress.store.db import Store

logger = logging.getLogger(__name__)

RECONCILE_LOCK_KEY = "voxpress:reconcile-lock"
POLL_LOCK_KEY = "voxpress:poll-sources-lock"
POLL_LOCK_SECONDS = 600
"""Longest a poll of every due source may hold the lock (a crashed poller frees it then)."""
MAX_ATTEMPTS = 3
"""Starts of a job (interrupted by lost workers) before it is failed for good."""


class WorkerRuntime:
    """One worker process's store, runner, broker connections and lease heartbeat."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        runner: NarrationRunner,
        celery: Celery,
        *,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        assert settings.broker_url
        self.settings = settings
        self.store = store
        self.runner = runner
        self.celery = celery
        self.redis = redis.Redis.from_url(settings.broker_url, socket_timeout=10, socket_connect_timeout=5)
        self.lease_seconds = settings.job_lease_seconds
        self.max_attempts = max_attempts
        self.owner = process_owner()
        self._held: dict[str, PublishedNarration] = {}
        self._lock = threading.Lock()
        self.queue = CeleryJobQueue(store, settings, celery)
        """How the reconciler submits narrations again (as a web node does)."""
        self._stopping = threading.Event()
        self._heartbeat_thread: threading.Thread | None = None
        self._publisher: Publisher | None = None

    def start(self) -> None:
        if self._heartbeat_thread is None:
            self._heartbeat_thread = threading.Thread(
                target=self._heartbeat, name="voxpress-leases", daemon=True
            )
            self._heartbeat_thread.start()

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            held = list(self._held)
        with contextlib.suppress(Exception):
            self.store.release_leases(self.owner, held)
        self.queue.stop()

    def run(self, job_id: str) -> str:
        """Run the job if it is queued and nobody else holds it; returns what happened."""
        with contextlib.suppress(redis.RedisError):
            self.redis.srem(ENQUEUED_KEY, job_id)
        job = self.store.claim_job(job_id, self.owner, self.lease_seconds)
        if job is None:
            return "skipped"  # done, failed, deleted, or running on a live worker
        live = PublishedNarration(self.redis, self.store, job)
        with self._lock:
            self._held[job.id] = live
        try:
            again = run_claimed_job(
                self.store, self.runner, job, live, max_attempts=self.max_attempts, stopping=self._stopping
            )
        finally:
            with self._lock:
                self._held.pop(job.id, None)
        if again is not None:
            with contextlib.suppress(Exception):
                send_job(self.celery, self.redis, again.id, listener=True)
            return "retry"
        return live.status

    def _heartbeat(self) -> None:
        interval = self.lease_seconds / HEARTBEATS_PER_LEASE
        while not self._stopping.wait(interval):
            try:
                self.renew()
            except Exception as error:
                logger.warning("renewing job leases failed (%s); trying again at the next heartbeat", error)
            try:
                if self.redis.set(RECONCILE_LOCK_KEY, self.owner, nx=True, ex=max(1, int(interval))):
                    self.reconcile()
            except Exception as error:
                logger.warning("reconciling jobs failed (%s); trying again at the next heartbeat", error)

    def poll_sources(self) -> str:
        """Poll every due publishing source, unless another worker is polling them now.

        Celery beat sends this task on a schedule; the Redis lock makes one poller at a time
        across all workers, so a story is never fetched twice by two of them. The stories it finds
        are narrated through the queue like any other job, by whichever worker takes them."""
        if not self.redis.set(POLL_LOCK_KEY, self.owner, nx=True, ex=POLL_LOCK_SECONDS):
            return "another worker is polling"
        try:
            if self._publisher is None:
                from voxpress.server.narrations import NarrationService

                service = NarrationService(self.settings, self.store, self.queue)
                self._publisher = Publisher(self.settings, self.store, self.queue, service)
            self._publisher.poll_due()
            return "polled"
        finally:
            with contextlib.suppress(redis.RedisError):
                if self.redis.get(POLL_LOCK_KEY) == self.owner.encode():
                    self.redis.delete(POLL_LOCK_KEY)

    def renew(self) -> None:
        """Extend the leases of the jobs running here; stop those no longer ours (article deleted,
        or taken over after a lapsed lease)."""
        with self._lock:
            held = dict(self._held)
        if not held:
            return
        alive = self.store.renew_leases(self.owner, list(held), self.lease_seconds)
        for job_id in set(held) - alive:
            # The article was deleted, or the lease lapsed (the database was away longer than a
            # lease) and the job went to another worker: either way this process must stop it.
            held[job_id].cancel()

    def reconcile(self) -> tuple[int, int]:
        """Queue again jobs of dead workers; send a message for queued jobs without one.
        Returns (jobs requeued, messages sent)."""
        requeued, failed = self.store.requeue_expired_running(self.max_attempts)
        for job in requeued:
            logger.info("job %s lost its worker; queued again (attempt %d done)", job.id, job.attempts)
        for job in failed:
            logger.warning("job %s failed: %s", job.id, job.error)
        for job in retry_environmental_failures(self.queue):
            logger.info("narrating again after a failure of the machine: job %s", job.id)
        queued = self.store.queued_job_ids()
        if not queued:
            return len(requeued), 0
        present = self.redis.smismember(ENQUEUED_KEY, queued)
        missing = [job_id for job_id, member in zip(queued, present, strict=True) if not member]
        for job_id in missing:
            send_job(self.celery, self.redis, job_id, listener=False)
        if missing:
            logger.info("sent messages for %d queued jobs that had none", len(missing))
        return len(requeued), len(missing)
