"""The Celery beat entry point: ``celery -A voxpress.distributed.beat beat``.

Periodic work of a deployment goes here. Today that is a reconcile every
``RECONCILE_SECONDS`` (the workers also reconcile in their heartbeat, so beat
is optional); source polling joins this schedule when feeds are polled.
"""

from __future__ import annotations

from voxpress.distributed.celery_app import BACKGROUND_QUEUE, RECONCILE_TASK, make_celery
from voxpress.settings import Settings

RECONCILE_SECONDS = 60.0

app = make_celery(Settings.from_env())
app.conf.beat_schedule = {
    "reconcile-jobs": {
        "task": RECONCILE_TASK,
        "schedule": RECONCILE_SECONDS,
        "options": {"queue": BACKGROUND_QUEUE, "expires": RECONCILE_SECONDS},
    }
}
