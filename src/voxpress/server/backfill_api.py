"""``GET /api/backfills/{id}``: a backfill's numbers (the CLI's progress bar), and retrying its failures."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from voxpress.jobs.queue import JobQueue
from voxpress.server.security import api_key_guard
from voxpress.settings import Settings
from voxpress.store import backfills
from voxpress.store.db import Store


def build_backfill_router(settings: Settings, store: Store, queue: JobQueue) -> APIRouter:
    router = APIRouter(prefix="/api/backfills", tags=["backfills"])
    write_access = [Depends(api_key_guard(settings.api_key))]

    @router.get("/{backfill_id}", summary="Backfill progress")
    def get_backfill(backfill_id: str) -> dict[str, object]:
        """Items in all, to go, running, narrated and failed (each failure with its reason), the
        rate in items per hour and the estimated seconds left."""
        return backfills.summary(store, backfill_id).to_dict()

    @router.post("/{backfill_id}/retry", dependencies=write_access, summary="Retry a backfill's failures")
    def retry_backfill(backfill_id: str) -> dict[str, object]:
        """Narrate failed items again; items whose page could not be read are fetched again by the
        next ``voxpress backfill`` run of the same source."""
        for item in backfills.items(store, backfill_id):
            if item.status != "failed":
                continue
            if item.job_id and item.article_id:
                job = queue.retry(item.job_id)
                backfills.set_item(store, item.id, "queued", article_id=item.article_id, job_id=job.id)
            else:
                backfills.set_item(store, item.id, "pending")
        return backfills.summary(store, backfill_id).to_dict()

    return router
