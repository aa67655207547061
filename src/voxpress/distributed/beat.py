"""The Celery beat entry point: ``celery -A voxpress.distributed.beat beat``.

The periodic work of a deployment with a broker. Web nodes then do not poll publishing
sources themselves (several would poll the same feed); beat sends a poll every
``POLL_SECONDS`` to the background queue, and the worker that takes it polls every due source
under a Redis lock (``WorkerRuntime.poll_sources``). Each source keeps its own interval and
back-off in the store, as on one machine. A reconcile every ``RECONCILE_SECONDS`` too (the
workers also reconcile in their heartbeat, so that one is a second line). Run exactly one beat.
"""

from __future__ import annotations

from voxpress.distributed.celery_app import BACKGROUND_QUEUE, POLL_SOURCES_TASK, RECONCILE_TASK, make_celery
from voxpress.settings import Settings

RECONCILE_SECONDS = 60.0
POLL_SECONDS = 10.0
"""How often the workers look for due sources (each source's own interval decides if it is polled)."""

app = make_celery(Settings.from_env())
app.conf.beat_schedule = {
    "reconcile-jobs": {
        "task": RECONCILE_TASK,
        "schedule": RECONCILE_SECONDS,
        "options": {"queue": BACKGROUND_QUEUE, "expires": RECONCILE_SECONDS},
    },
    "poll-sources": {
        "task": POLL_SOURCES_TASK,
        "schedule": POLL_SECONDS,
        "options": {"queue": BACKGROUND_QUEUE, "expires": POLL_SECONDS},
    },
}
