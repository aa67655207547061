"""The job engine: the fan-out byte stream and the thread pool with durable state in SQLite.

These tests drive the queue with a small runner of their own (the narration
runner is tested through the API with real synthesis), so that timing-sensitive
cases (joining a running job, a crash mid-run) are deterministic.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from pathlib import Path

import pytest

from voxpress.article import Article
from voxpress.audio.timings import Span
from voxpress.errors import StorageFullError, SynthesisError
from voxpress.jobs import ByteStream, LiveNarration, ThreadJobQueue
from voxpress.jobs.queue import RetryPolicy, failed_for_environment
from voxpress.store import JobRecord, Store
from voxpress.store.db import utc_now


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(f"sqlite:///{tmp_path / 'jobs.db'}")
    yield opened
    opened.close()


@pytest.fixture
def article_id(store: Store) -> str:
    record, _ = store.add_article(Article(title="Night trains", paragraphs=("The sleeper runs again.",)))
    return record.id


def wait_for(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


class GatedRunner:
    """Writes three parts to the live stream, waiting at a gate before finishing."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.gate = threading.Event()
        self.started = threading.Event()
        self.fail_with: Exception | None = None

    def __call__(self, job: JobRecord, live: LiveNarration) -> None:
        self.calls.append(job.id)
        live.begin("one two three", 3)
        live.mp3.write(b"part-1;")
        live.add_chunk(0, Span(0.0, 0.5, 0, 3), [Span(0.0, 0.5, 0, 3)], 0.5)
        self.started.set()
        self.gate.wait(10)
        if self.fail_with is not None:
            raise self.fail_with
        live.mp3.write(b"part-2;")
        live.add_chunk(1, Span(0.6, 1.0, 4, 7), [Span(0.6, 1.0, 4, 7)], 1.0)
        live.mp3.write(b"part-3;")
        live.add_chunk(2, Span(1.1, 1.6, 8, 13), [Span(1.1, 1.6, 8, 13)], 1.6)


def test_byte_stream_gives_late_joiners_everything_then_live_bytes() -> None:
    stream = ByteStream()
    stream.write(b"abc")
    received: list[bytes] = []

    def reader() -> None:
        received.extend(stream.iter_blocking())

    thread = threading.Thread(target=reader)
    thread.start()
    stream.write(b"def")
    stream.close()
    thread.join(5)
    assert b"".join(received) == b"abcdef"
    assert b"".join(stream.iter_blocking()) == b"abcdef"  # a reader after the end gets it all
    with pytest.raises(ValueError):
        stream.write(b"late")


def test_byte_stream_wakes_many_async_readers_from_a_writer_thread() -> None:
    stream = ByteStream()

    async def read_all() -> bytes:
        return b"".join([part async for part in stream.iter_async()])

    def writer() -> None:
        for index in range(20):
            stream.write(f"{index},".encode())
            time.sleep(0.002)
        stream.close("stopped")

    async def main() -> list[bytes]:
        readers = [asyncio.create_task(read_all()) for _ in range(50)]
        await asyncio.sleep(0.01)
        threading.Thread(target=writer).start()
        return await asyncio.wait_for(asyncio.gather(*readers), 10)

    results = asyncio.run(main())
    expected = "".join(f"{i}," for i in range(20)).encode()
    assert results == [expected] * 50
    assert stream.error == "stopped"


def test_same_narration_is_one_job_and_joiners_share_the_stream(store: Store, article_id: str) -> None:
    runner = GatedRunner()
    queue = ThreadJobQueue(store, runner, workers=2)
    queue.start()
    try:
        jobs: list[JobRecord] = []
        threads = [
            threading.Thread(target=lambda: jobs.append(queue.submit(article_id, "v", 1.0, "mp3")))
            for _ in range(30)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len({job.id for job in jobs}) == 1
        job_id = jobs[0].id
        assert runner.started.wait(5)
        live = queue.live(job_id)
        assert live is not None and live.mp3.getvalue() == b"part-1;"
        assert queue.get(job_id).progress == pytest.approx(1 / 3)
        assert queue.submit(article_id, "v", 1.0, "opus").id == job_id  # another format joins too
        assert live.formats == ("mp3", "opus")
        assert queue.submit(article_id, "v", 1.5, "mp3").id != job_id  # another speed is another job
        runner.gate.set()
        assert b"".join(live.mp3.iter_blocking()) == b"part-1;part-2;part-3;"
        wait_for(lambda: store.get_job(job_id).status == "done")
        done = store.get_job(job_id)
        assert (done.progress, done.attempts, done.formats) == (1.0, 1, ("mp3", "opus"))
        assert live.timings().sentences[-1].char_end == 13
        assert runner.calls.count(job_id) == 1
    finally:
        runner.gate.set()
        queue.stop()


def test_a_failed_job_stays_failed_until_a_retry_is_asked_for(store: Store, article_id: str) -> None:
    runner = GatedRunner()
    runner.fail_with = SynthesisError("the voice failed on a sentence: out of memory")
    runner.gate.set()
    queue = ThreadJobQueue(store, runner, workers=1)
    queue.start()
    try:
        job = queue.submit(article_id, "v", 1.0, "mp3")
        wait_for(lambda: store.get_job(job.id).status == "failed")
        assert store.get_job(job.id).error == "the voice failed on a sentence: out of memory"
        for _reload in range(5):  # every reload of the page asks again: no new work
            again = queue.submit(article_id, "v", 1.0, "mp3", listener=True)
            assert (again.id, again.status) == (job.id, "failed")
        time.sleep(0.2)
        assert runner.calls == [job.id] and len(store.list_jobs()) == 1
        runner.fail_with = RuntimeError("segfault-ish details")
        retried = queue.retry(job.id)
        assert retried.id != job.id and retried.active
        wait_for(lambda: store.get_job(retried.id).status == "failed")
        failed = store.get_job(retried.id)
        # An unexpected error is tried once more; the same error again is final.
        assert failed.attempts == 2 and runner.calls == [job.id, retried.id, retried.id]
        assert "RuntimeError" in (failed.error or "") and "segfault" not in (failed.error or "")
        assert queue.retry(retried.id).id != retried.id
    finally:
        queue.stop()


DISK_FULL = StorageFullError(f"{StorageFullError.message_prefix}: the narration could not be written.")


def test_a_failure_for_a_full_disk_is_narrated_again_after_a_back_off(store: Store, article_id: str) -> None:
    runner = GatedRunner()
    runner.fail_with = DISK_FULL
    runner.gate.set()
    queue = ThreadJobQueue(store, runner, workers=1, retry_policy=RetryPolicy(backoff_seconds=0.4, limit=3))
    queue.start()
    try:
        job = queue.submit(article_id, "v", 1.0, "mp3")
        wait_for(lambda: store.get_job(job.id).status == "failed")
        assert failed_for_environment(store.get_job(job.id))
        # Within the back-off every request gets the failure and starts nothing.
        assert queue.submit(article_id, "v", 1.0, "mp3", listener=True).id == job.id
        assert runner.calls == [job.id]
        time.sleep(0.45)
        runner.fail_with = None  # space is back
        again = queue.submit(article_id, "v", 1.0, "mp3", listener=True)
        assert again.id != job.id and again.active
        wait_for(lambda: store.get_job(again.id).status == "done")
        assert runner.calls == [job.id, again.id]
    finally:
        queue.stop()


def test_background_work_failed_for_a_full_disk_is_narrated_again_by_the_heartbeat(
    store: Store, article_id: str
) -> None:
    runner = GatedRunner()
    runner.fail_with = DISK_FULL
    runner.gate.set()
    policy = RetryPolicy(backoff_seconds=0.3, limit=3)
    queue = ThreadJobQueue(store, runner, workers=1, lease_seconds=0.3, retry_policy=policy)
    queue.start()
    try:
        job = queue.submit(article_id, "v", 1.0, "mp3")  # a feed's story: nobody asks for it again
        wait_for(lambda: store.get_job(job.id).status == "failed")
        runner.fail_with = None  # space is back
        wait_for(lambda: len(store.list_jobs()) == 2 and store.list_jobs()[-1].status == "done")
        assert store.get_job(job.id).status == "failed" and len(runner.calls) == 2
        time.sleep(1.0)  # done stays done: nothing more is started
        assert len(store.list_jobs()) == 2
    finally:
        queue.stop()


def test_automatic_retries_are_bounded_and_back_off(store: Store, article_id: str) -> None:
    runner = GatedRunner()
    runner.fail_with = DISK_FULL
    runner.gate.set()
    policy = RetryPolicy(backoff_seconds=0.2, limit=2)
    queue = ThreadJobQueue(store, runner, workers=1, retry_policy=policy)
    queue.start()
    try:
        failed: list[JobRecord] = []
        for _round in range(3):  # the first failure and the two retries the limit allows
            if failed:
                retry_at = policy.next_retry_at(store, failed[-1])
                assert retry_at is not None
                time.sleep(max(0.0, (retry_at - utc_now()).total_seconds()) + 0.02)
            job = queue.submit(article_id, "v", 1.0, "mp3")
            assert job.active
            wait_for(lambda job=job: store.get_job(job.id).status == "failed")  # type: ignore[misc]
            failed.append(store.get_job(job.id))
        gaps = [(b.updated_at - a.updated_at).total_seconds() for a, b in itertools.pairwise(failed)]
        assert gaps[1] >= 2 * 0.2 - 0.05  # the back-off doubled after the second failure in a row
        assert policy.next_retry_at(store, failed[-1]) is None
        time.sleep(1.0)
        assert queue.submit(article_id, "v", 1.0, "mp3").id == failed[-1].id  # given up: stays failed
        assert len(runner.calls) == 3
        runner.fail_with = None
        retried = queue.retry(failed[-1].id)  # a person can still ask
        wait_for(lambda: store.get_job(retried.id).status == "done")
    finally:
        queue.stop()


def test_a_deterministic_failure_is_not_narrated_again_after_the_back_off(
    store: Store, article_id: str
) -> None:
    runner = GatedRunner()
    runner.fail_with = SynthesisError("the voice cannot say this")
    runner.gate.set()
    queue = ThreadJobQueue(store, runner, workers=1, retry_policy=RetryPolicy(backoff_seconds=0.05))
    queue.start()
    try:
        job = queue.submit(article_id, "v", 1.0, "mp3")
        wait_for(lambda: store.get_job(job.id).status == "failed")
        time.sleep(0.3)
        assert queue.submit(article_id, "v", 1.0, "mp3", listener=True).id == job.id
        assert runner.calls == [job.id]
    finally:
        queue.stop()


def test_a_transient_failure_is_retried_and_its_stream_aborted(store: Store, article_id: str) -> None:
    class FlakyRunner(GatedRunner):
        def __call__(self, job: JobRecord, live: LiveNarration) -> None:
            self.fail_with = OSError("connection reset") if not self.calls else None
            super().__call__(job, live)

    runner = FlakyRunner()
    runner.gate.set()
    queue = ThreadJobQueue(store, runner, workers=1)
    queue.start()
    try:
        job = queue.submit(article_id, "v", 1.0, "mp3")
        first_live = queue.live(job.id)
        assert first_live is not None
        wait_for(lambda: store.get_job(job.id).status == "done")
        assert store.get_job(job.id).attempts == 2 and len(runner.calls) == 2
        assert first_live.mp3.closed and first_live.mp3.error  # its listeners can tell it failed
    finally:
        queue.stop()


def test_a_second_queue_on_the_same_database_leaves_leased_jobs_alone(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    first_store, second_store = Store(url), Store(url)
    article_id = first_store.add_article(Article(title="Two", paragraphs=("Two queues share it.",)))[0].id
    first_runner, second_runner = GatedRunner(), GatedRunner()
    first = ThreadJobQueue(first_store, first_runner, workers=1, lease_seconds=0.6)
    second = ThreadJobQueue(second_store, second_runner, workers=1, lease_seconds=0.6)
    first.start()
    try:
        job = first.submit(article_id, "v", 1.0, "mp3")
        assert first_runner.started.wait(5)
        second.start()
        # Identical requests in the other process join the job instead of making another.
        assert second.submit(article_id, "v", 1.0, "mp3").id == job.id
        time.sleep(1.5)  # several lease periods: the heartbeat keeps the job with its owner
        assert second_runner.calls == [] and store_status(second_store, job.id) == "running"
        first_runner.gate.set()
        wait_for(lambda: store_status(second_store, job.id) == "done")
        assert second_runner.calls == []
    finally:
        first_runner.gate.set()
        first.stop()
        second.stop()
        first_store.close()
        second_store.close()


def test_a_dead_queues_jobs_are_taken_over_when_the_lease_expires(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    store = Store(url)
    article_id = store.add_article(Article(title="Lease", paragraphs=("The lease runs out.",)))[0].id
    # What a process killed mid-run leaves: a running job leased to it, never renewed.
    job = store.create_job(article_id, "v", 1.0, ("mp3",), owner="dead:1:x", lease_seconds=0.8)
    assert store.claim_job(job.id, "dead:1:x", 0.8) is not None
    runner = GatedRunner()
    runner.gate.set()
    queue = ThreadJobQueue(store, runner, workers=1, lease_seconds=0.6)
    queue.start()
    try:
        assert runner.calls == []  # the lease is still valid at start
        wait_for(lambda: store_status(store, job.id) == "done", timeout=10)
        assert runner.calls == [job.id] and store.get_job(job.id).attempts == 2
    finally:
        queue.stop()
        store.close()


def store_status(store: Store, job_id: str) -> str:
    return store.get_job(job_id).status


def test_jobs_left_running_by_a_crash_resume_at_start(store: Store, article_id: str) -> None:
    interrupted = store.create_job(article_id, "v", 1.0, ("mp3",))
    store.update_job(interrupted.id, status="running", progress=0.5, add_attempt=True)
    waiting = store.create_job(article_id, "v", 2.0, ("mp3", "wav"))
    hopeless = store.create_job(article_id, "v", 0.5, ("mp3",))
    for _ in range(3):
        store.update_job(hopeless.id, status="running", add_attempt=True)
    runner = GatedRunner()
    runner.gate.set()
    queue = ThreadJobQueue(store, runner, workers=2, max_attempts=3)
    queue.start()
    try:
        wait_for(lambda: store.get_job(interrupted.id).status == "done")
        wait_for(lambda: store.get_job(waiting.id).status == "done")
        assert store.get_job(interrupted.id).attempts == 2
        assert sorted(runner.calls) == sorted([interrupted.id, waiting.id])
        gave_up = store.get_job(hopeless.id)
        assert gave_up.status == "failed" and "Gave up after 3" in (gave_up.error or "")
    finally:
        queue.stop()


def test_cancelling_an_article_stops_its_running_job(store: Store, article_id: str) -> None:
    def runner(job: JobRecord, live: LiveNarration) -> None:
        live.begin("text", 100)
        for _ in range(500):
            live.check_cancelled()
            time.sleep(0.01)

    queue = ThreadJobQueue(store, runner, workers=1)
    queue.start()
    try:
        job = queue.submit(article_id, "v", 1.0, "mp3")
        live = queue.live(job.id)
        assert live is not None
        wait_for(lambda: store.get_job(job.id).status == "running")
        queue.cancel_article(article_id)
        wait_for(lambda: live.mp3.closed, timeout=5)
        assert live.mp3.error == "The article was deleted."
    finally:
        queue.stop()


def test_jobs_someone_is_waiting_for_start_before_background_work(store: Store, article_id: str) -> None:
    runner = GatedRunner()
    queue = ThreadJobQueue(store, runner, workers=1)
    queue.start()
    try:
        running = queue.submit(article_id, "v", 1.0, "mp3")
        assert runner.started.wait(5)
        background = queue.submit(article_id, "v", 1.25, "mp3")
        joined_later = queue.submit(article_id, "v", 1.5, "mp3")
        listened = queue.submit(article_id, "v", 1.75, "mp3", listener=True)
        assert queue.submit(article_id, "v", 1.5, "mp3", listener=True).id == joined_later.id
        runner.gate.set()
        wait_for(lambda: len(runner.calls) == 4)
        assert runner.calls == [running.id, listened.id, joined_later.id, background.id]
        time.sleep(0.1)
        assert len(runner.calls) == 4  # the job moved ahead ran once, its older entry was skipped
        assert not queue._entries and not queue._taken
    finally:
        runner.gate.set()
        queue.stop()
