"""The pieces of the distributed mode one at a time: leases that expire, the reconciler, settings.

The store runs on SQLite; the reconciler talks to a real ``redis-server``
started for the module (its own port, no persistence).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from topology import Redis
from voxpress.article import Article
from voxpress.settings import Settings
from voxpress.store.db import Store

STORY = Article(
    title="Swimming pool reopens",
    paragraphs=("The town's swimming pool reopened on Saturday after a year of repairs to its roof.",),
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server not installed (Debian package 'redis-server')")
    server = Redis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


def test_no_job_stays_running_after_its_worker_died(store: Store) -> None:
    article = store.add_article(STORY)[0]
    job = store.create_job(article.id, "v", 1.0, ("mp3",))
    assert store.claim_job(job.id, "dead-worker", lease_seconds=0.05) is not None
    time.sleep(0.1)
    requeued, failed = store.requeue_expired_running(max_attempts=3)
    assert [j.id for j in requeued] == [job.id] and not failed
    assert store.get_job(job.id).status == "queued" and store.get_job(job.id).lease_owner is None
    assert store.requeue_expired_running(max_attempts=3) == ([], []), "taken once only"
    # Killed again and again: after max_attempts starts the job fails with its reason.
    for _ in range(2):
        assert store.claim_job(job.id, "dead-worker", lease_seconds=0.01) is not None
        time.sleep(0.05)
        requeued, failed = store.requeue_expired_running(max_attempts=3)
    assert [j.id for j in failed] == [job.id]
    final = store.get_job(job.id)
    assert final.status == "failed" and final.error == "Gave up after 3 interrupted attempts."
    assert store.find_active_job(article.id, "v", 1.0) is None


def test_a_live_lease_is_not_taken(store: Store) -> None:
    article = store.add_article(STORY)[0]
    job = store.create_job(article.id, "v", 1.0, ("mp3",))
    store.claim_job(job.id, "alive", lease_seconds=60)
    assert store.requeue_expired_running(max_attempts=3) == ([], [])
    assert store.claim_job(job.id, "other", lease_seconds=60) is None, "claimed once across nodes"


def test_reconciler_resends_queued_jobs_whose_message_was_lost(
    store: Store, redis_server: Redis, tmp_path: Path
) -> None:
    import redis

    from voxpress.distributed.celery_app import BACKGROUND_QUEUE, make_celery
    from voxpress.distributed.queue import ENQUEUED_KEY, CeleryJobQueue
    from voxpress.distributed.worker import WorkerRuntime
    from voxpress.jobs.narration import NarrationRunner

    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    settings = Settings(data_dir=tmp_path, broker_url=redis_server.url)
    celery = make_celery(settings)
    queue = CeleryJobQueue(store, settings, celery)
    article = store.add_article(STORY)[0]
    job = queue.submit(article.id, "v", 1.0, "mp3")
    assert queue.submit(article.id, "v", 1.0, "mp3").id == job.id, "joined, not duplicated"
    assert client.sismember(ENQUEUED_KEY, job.id) and client.llen(BACKGROUND_QUEUE) == 1
    client.flushall()  # what a Redis restart without persistence does
    runtime = WorkerRuntime(settings, store, NarrationRunner.from_settings(store, settings), celery)
    assert runtime.reconcile() == (0, 1)
    assert client.llen(BACKGROUND_QUEUE) == 1 and client.sismember(ENQUEUED_KEY, job.id)
    assert runtime.reconcile() == (0, 0), "a job with a message gets no second one"
    store.update_job(job.id, status="done")
    assert runtime.run(job.id) == "skipped", "a repeated message runs nothing"
    queue.stop()


def test_reconciler_narrates_again_what_failed_for_a_full_disk(
    store: Store, redis_server: Redis, tmp_path: Path
) -> None:
    import redis

    from voxpress.distributed.celery_app import BACKGROUND_QUEUE, make_celery
    from voxpress.distributed.queue import ENQUEUED_KEY
    from voxpress.distributed.worker import WorkerRuntime
    from voxpress.errors import StorageFullError
    from voxpress.jobs.narration import NarrationRunner

    client = redis.Redis.from_url(redis_server.url)
    client.flushall()
    settings = Settings(data_dir=tmp_path, broker_url=redis_server.url, retry_backoff_seconds=0.2)
    celery = make_celery(settings)
    runtime = WorkerRuntime(settings, store, NarrationRunner.from_settings(store, settings), celery)
    article = store.add_article(STORY)[0]
    full = runtime.queue.submit(article.id, "v", 1.0, "mp3")
    store.update_job(full.id, status="failed", error=f"{StorageFullError.message_prefix}: no room.")
    deterministic = runtime.queue.submit(article.id, "w", 1.0, "mp3")
    store.update_job(deterministic.id, status="failed", error="The voice cannot say this.")
    client.flushall()
    runtime.reconcile()
    assert store.latest_job(article.id, "v", 1.0).id == full.id, "not before its back-off"  # type: ignore[union-attr]
    time.sleep(0.25)
    runtime.reconcile()
    again = store.latest_job(article.id, "v", 1.0)
    assert again is not None and again.id != full.id and again.status == "queued"
    assert client.sismember(ENQUEUED_KEY, again.id) and client.llen(BACKGROUND_QUEUE) == 1
    assert store.latest_job(article.id, "w", 1.0).id == deterministic.id  # type: ignore[union-attr]
    runtime.stop()


def test_settings_read_the_distributed_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VOXPRESS_DATA", str(tmp_path))
    monkeypatch.setenv("VOXPRESS_BROKER_URL", "redis://broker:6379/0")
    monkeypatch.setenv("VOXPRESS_STORAGE_URL", "s3://audio/site")
    monkeypatch.setenv("VOXPRESS_STORAGE_ENDPOINT", "http://minio:9000")
    monkeypatch.setenv("VOXPRESS_STORAGE_REDIRECT", "1")
    settings = Settings.from_env()
    assert settings.broker_url == "redis://broker:6379/0"
    assert (settings.storage_url, settings.storage_endpoint_url, settings.storage_redirect) == (
        "s3://audio/site",
        "http://minio:9000",
        True,
    )
    assert settings.narrations_dir == tmp_path / "narrations", "s3: local copies under the data folder"


def test_worker_without_a_broker_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from voxpress.cli import app

    monkeypatch.delenv("VOXPRESS_BROKER_URL", raising=False)
    monkeypatch.setenv("VOXPRESS_DATA", str(tmp_path))
    result = CliRunner().invoke(app, ["worker"])
    assert result.exit_code == 2
    assert "VOXPRESS_BROKER_URL" in result.output


def test_backfill_of_an_unreadable_source_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from voxpress.cli import app

    monkeypatch.setenv("VOXPRESS_DATA", str(tmp_path))
    result = CliRunner().invoke(app, ["backfill", str(tmp_path / "missing.xml")])
    assert result.exit_code == 1
    assert "Cannot read the backfill source" in result.output
    bad_date = CliRunner().invoke(app, ["backfill", "x.txt", "--since", "yesterday"])
    assert bad_date.exit_code == 2 and "--since" in bad_date.output
