"""The ``voxpress worker`` and ``voxpress backfill`` commands (registered by ``cli.py``).

``worker`` runs a Celery worker over ``VOXPRESS_BROKER_URL``: voices are loaded
once per process, each narration uses ``--threads`` synthesis threads, and the
``prefork`` pool (the default, so Celery's time limits apply) runs
``--concurrency`` processes. ``backfill`` queues an archive; see ``backfill.py``.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from voxpress.errors import VoxpressError
from voxpress.settings import Settings

err = Console(stderr=True)
logger = logging.getLogger(__name__)

_runtime: Any = None
"""This process's ``WorkerRuntime`` (each prefork child builds its own)."""


def _build_runtime(settings: Settings, celery: Any, threads: int, *, warm: bool) -> Any:
    from voxpress.distributed.worker import WorkerRuntime
    from voxpress.jobs.narration import NarrationRunner
    from voxpress.store.db import Store
    from voxpress.voices import default_voice_id

    store = Store(settings.resolved_database_url)
    runner = NarrationRunner.from_settings(store, settings)
    runner.synthesis_workers = threads
    if warm:
        from voxpress.server.app import warm_up

        warm_up(runner, default_voice_id("en", settings))
    runtime = WorkerRuntime(settings, store, runner, celery)
    runtime.start()
    return runtime


def make_worker_celery(settings: Settings, threads: int, pool: str) -> Any:
    """The Celery app of a worker, its task bound to this process's runtime."""
    from celery import signals

    from voxpress.distributed.celery_app import NARRATE_TASK, POLL_SOURCES_TASK, RECONCILE_TASK, make_celery

    celery = make_celery(settings)

    @celery.task(name=NARRATE_TASK, acks_late=True, reject_on_worker_lost=True)
    def narrate_job(job_id: str) -> str:
        return str(_runtime.run(job_id))

    @celery.task(name=RECONCILE_TASK, acks_late=False)
    def reconcile_jobs() -> str:
        requeued, sent = _runtime.reconcile()
        return f"requeued {requeued}, sent {sent}"

    @celery.task(name=POLL_SOURCES_TASK, acks_late=False)
    def poll_sources() -> str:
        return str(_runtime.poll_sources())

    @signals.worker_init.connect(weak=False)
    def _main_process(**_kwargs: object) -> None:
        global _runtime
        _runtime = _build_runtime(settings, celery, threads, warm=pool != "prefork")

    @signals.worker_process_init.connect(weak=False)
    def _child_process(**_kwargs: object) -> None:
        global _runtime
        if _runtime is not None:
            _runtime.store.engine.dispose(close=False)  # the parent's connections are not ours
        _runtime = _build_runtime(settings, celery, threads, warm=True)

    @signals.worker_shutdown.connect(weak=False)
    def _shutdown(**_kwargs: object) -> None:
        if _runtime is not None:
            _runtime.stop()

    del narrate_job, reconcile_jobs, poll_sources
    return celery


def worker(
    data: Annotated[Path | None, typer.Option("--data", help="Data folder (default VOXPRESS_DATA).")] = None,
    concurrency: Annotated[int, typer.Option(help="Narrations at once (prefork processes).")] = 1,
    threads: Annotated[int, typer.Option(help="Synthesis threads per narration.")] = 1,
    pool: Annotated[str, typer.Option(help="Celery pool: prefork (time limits) or solo.")] = "prefork",
    name: Annotated[str | None, typer.Option(help="Worker node name.")] = None,
) -> None:
    """Run a synthesis worker: narrations queued by web nodes through VOXPRESS_BROKER_URL."""
    settings = Settings.from_env(**({"data_dir": data} if data else {}))
    if not settings.broker_url:
        err.print("voxpress worker needs VOXPRESS_BROKER_URL (e.g. redis://localhost:6379/0).")
        raise typer.Exit(2)
    if pool not in {"prefork", "solo", "threads"}:
        err.print(f"Unknown pool '{pool}'; use prefork, solo or threads.")
        raise typer.Exit(2)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from voxpress.distributed.celery_app import BACKGROUND_QUEUE, LISTEN_QUEUE

    celery = make_worker_celery(settings, max(1, threads), pool)
    node = name or f"voxpress-{os.getpid()}@{socket.gethostname()}"
    celery.worker_main(
        [
            "worker",
            f"--pool={pool}",
            f"--concurrency={max(1, concurrency)}",
            f"--queues={LISTEN_QUEUE},{BACKGROUND_QUEUE}",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={node}",
        ]
    )


def backfill(
    source: Annotated[str, typer.Argument(help="RSS/Atom feed, sitemap (URL or file) or a file of URLs.")],
    voice: Annotated[str | None, typer.Option(help="Voice id (default: the article language's).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only items published on or after DATE (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most N items (newest first when dated).")] = None,
    speed: Annotated[float, typer.Option(help="Narration speed.")] = 1.0,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Try failed items again.")] = False,
    wait: Annotated[bool, typer.Option(help="Follow progress until every item is narrated.")] = True,
) -> None:
    """Queue an archive for narration: resumable and idempotent, with progress, rate and ETA."""
    from voxpress.distributed.backfill import BackfillOptions, run_backfill

    settings = Settings.from_env()
    try:
        since_date = date.fromisoformat(since) if since else None
    except ValueError:
        err.print(f"--since must be a date like 2026-01-31, not '{since}'.")
        raise typer.Exit(2) from None
    options = BackfillOptions(
        source=source, voice=voice, speed=speed, since=since_date, limit=limit, retry_failed=retry_failed
    )
    try:
        summary = run_backfill(options, settings, wait=wait, console=err)
    except VoxpressError as error:
        err.print(str(error))
        raise typer.Exit(1) from None
    err.print(
        f"backfill {summary.id}: {summary.done} narrated, {summary.failed} failed, "
        f"{summary.pending} to go of {summary.total}"
    )
    for failure in summary.failures:
        err.print(f"  failed: {failure.url}: {failure.reason}")


def register(app: typer.Typer) -> None:
    """Add ``worker`` and ``backfill`` to the voxpress command line."""
    app.command("worker")(worker)
    app.command("backfill")(backfill)
