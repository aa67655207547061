"""``CeleryJobQueue``: the ``JobQueue`` of a web node when a broker is configured.

Submitting (``JobQueue.submit``) creates or joins the job in the store, which
dedupes across every node; a new job gets a Celery message naming it. The web
node never synthesizes.
``live`` gives a ``LiveNarration`` replayed from the job's Redis stream, so a
listener on any node hears a job made on any worker. A message sent for a job
is recorded in a Redis set beside the broker's queues (``ENQUEUED_KEY``): the
workers' reconciler re-sends a message for every queued job missing from it,
which covers messages lost with a restarted Redis.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import replace

import redis
from celery import Celery

from voxpress.distributed.celery_app import BACKGROUND_QUEUE, LISTEN_QUEUE, NARRATE_TASK, make_celery
from voxpress.distributed.live import LiveFollower
from voxpress.jobs.live import LiveNarration
from voxpress.jobs.queue import JobQueue, RetryPolicy
from voxpress.settings import Settings
from voxpress.store.db import JobRecord, Store

logger = logging.getLogger(__name__)

ENQUEUED_KEY = "voxpress:enqueued"
"""Redis set of job ids that have a message in the broker not yet taken by a worker."""


def send_job(celery: Celery, client: redis.Redis, job_id: str, *, listener: bool) -> bool:
    """Send the message that makes a worker look at ``job_id``; False when the broker is away
    (the job stays queued in the store and the workers' reconciler sends it once Redis is back)."""
    try:
        client.sadd(ENQUEUED_KEY, job_id)
        celery.send_task(NARRATE_TASK, args=(job_id,), queue=LISTEN_QUEUE if listener else BACKGROUND_QUEUE)
    except Exception as error:  # redis-py's and kombu's connection errors alike
        logger.warning("message for job %s not sent (%s); the reconciler sends it later", job_id, error)
        return False
    return True


class CeleryJobQueue(JobQueue):
    """Jobs queued for Celery workers; their live streams followed from Redis."""

    def __init__(self, store: Store, settings: Settings, celery: Celery | None = None) -> None:
        if not settings.broker_url:
            raise ValueError("CeleryJobQueue needs settings.broker_url")
        self.store = store
        self.settings = settings
        self.retry_policy = RetryPolicy.from_settings(settings)
        self.celery = celery or make_celery(settings)
        self.redis = redis.Redis.from_url(settings.broker_url, socket_timeout=10, socket_connect_timeout=5)
        self._followers: dict[str, LiveFollower] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        """Nothing to start: the workers run elsewhere."""

    def stop(self) -> None:
        with self._lock:
            followers = list(self._followers.values())
        for follower in followers:
            follower.stop("The server is stopping; reload to listen.")
        with contextlib.suppress(Exception):
            self.redis.close()

    def _join(self, job: JobRecord, fmt: str, *, listener: bool) -> JobRecord:
        if fmt not in job.formats:
            job = self.store.update_job(job.id, formats=(*job.formats, fmt))
        if listener and job.status == "queued":
            send_job(self.celery, self.redis, job.id, listener=True)  # ahead of background work
        return job

    def _dispatch(self, job: JobRecord, *, listener: bool) -> None:
        send_job(self.celery, self.redis, job.id, listener=listener)

    def get(self, job_id: str) -> JobRecord:
        job = self.store.get_job(job_id)
        with self._lock:
            follower = self._followers.get(job_id)
        if follower is None or not job.active:
            return job
        return replace(job, progress=max(job.progress, follower.live.progress))

    def live(self, job_id: str) -> LiveNarration | None:
        with self._lock:
            follower = self._followers.get(job_id)
            if follower is not None:
                return follower.live
        job = self.store.get_job(job_id)
        if not job.active:
            return None
        with self._lock:
            follower = self._followers.get(job_id)
            if follower is None:
                follower = LiveFollower(
                    self.redis, self.store, job, self._forget, self.settings.resolved_scratch_dir
                )
                self._followers[job_id] = follower
                follower.start()
            return follower.live

    def _forget(self, follower: LiveFollower) -> None:
        with self._lock:
            if self._followers.get(follower.job_id) is follower:
                del self._followers[follower.job_id]

    def cancel_article(self, article_id: str) -> None:
        """Listeners here stop; the worker sees the article gone at its next heartbeat."""
        with self._lock:
            followers = [f for f in self._followers.values() if f.live.article_id == article_id]
        for follower in followers:
            follower.stop("The article was deleted.")
