"""The Celery application, configured for long narration jobs.

Settings that matter for jobs of minutes to hours: late acknowledgement and
re-queue of a task whose worker process was lost (``acks_late``,
``reject_on_worker_lost``), one message prefetched per process, a broker
visibility timeout above the task time limit (a message of a running task is
never handed to a second worker while the first still works on it), results
ignored (the store records each job's outcome). Two queues: jobs someone is
waiting to hear first, then background work such as backfills.
"""

from __future__ import annotations

from celery import Celery
from kombu import Exchange, Queue

from voxpress.settings import Settings

LISTEN_QUEUE = "voxpress.listen"
"""Jobs someone is waiting to hear."""
BACKGROUND_QUEUE = "voxpress.background"
"""Everything else (backfills, jobs re-queued after a lost worker)."""
NARRATE_TASK = "voxpress.narrate"
RECONCILE_TASK = "voxpress.reconcile"
POLL_SOURCES_TASK = "voxpress.poll_sources"
"""Poll every due publishing source (sent by Celery beat; one worker at a time polls)."""
BROKER_POLL_SECONDS = 0.1
"""Longest wait of an idle worker's BRPOP before it looks again."""
VISIBILITY_MARGIN_SECONDS = 1800.0
"""How far the broker's visibility timeout lies beyond the task's hard time limit."""


def make_celery(settings: Settings) -> Celery:
    """A Celery app for ``settings.broker_url`` (which must be set)."""
    if not settings.broker_url:
        raise ValueError("make_celery needs settings.broker_url")
    hard_limit = settings.task_time_limit_seconds
    app = Celery("voxpress", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_time_limit=int(hard_limit),
        task_soft_time_limit=int(hard_limit * 0.95),
        broker_transport_options={
            "visibility_timeout": int(hard_limit + VISIBILITY_MARGIN_SECONDS),
            "queue_order_strategy": "priority",  # the listen queue is always looked at first
            # BRPOP times out every 0.1 s (kombu's default is 1 s): a worker that just finished
            # a job waits at most that long before it takes the next one (first-audio latency).
            "polling_interval": BROKER_POLL_SECONDS,
        },
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,
        worker_cancel_long_running_tasks_on_connection_loss=False,
        task_queues=tuple(
            Queue(name, Exchange(name, type="direct"), routing_key=name)
            for name in (LISTEN_QUEUE, BACKGROUND_QUEUE)
        ),
        task_default_queue=BACKGROUND_QUEUE,
        task_default_exchange=BACKGROUND_QUEUE,
        task_default_routing_key=BACKGROUND_QUEUE,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_serializer="json",
        accept_content=["json"],
    )
    return app
