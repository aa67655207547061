"""The store and the job queue on a real PostgreSQL server, side by side with SQLite.

A throwaway cluster is made once for the session: ``initdb`` into a temporary
folder, a server listening only on 127.0.0.1 at a free port (its socket in that
folder), a fresh database for each test. The server's default time zone is not
UTC, so time-zone handling is really exercised. PostgreSQL refuses to run as
root, so under root (CI) the server runs as the ``postgres`` system user. Tests
on PostgreSQL are skipped, with the reason, when its binaries or psycopg are
missing (scripts/test installs both); their SQLite twins always run.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from voxpress.article import Article
from voxpress.audio.timings import Span
from voxpress.errors import NotFoundError, SynthesisError, VoxpressError
from voxpress.jobs import LiveNarration, ThreadJobQueue
from voxpress.server import create_app
from voxpress.settings import Settings
from voxpress.store import JobRecord, NarrationRecord, Store
from voxpress.store.db import utc_now

if TYPE_CHECKING:
    import psycopg

SERVER_TIME_ZONE = "Asia/Kolkata"
"""UTC+05:30 all year: a time read back in the server's zone cannot pass for UTC."""
SUPERUSER = "voxpress"

COASTGUARD = Article(
    title="Coastguard volunteers rescue two kayakers",
    standfirst=("Both were found near the lighthouse rocks.",),
    paragraphs=(
        "Two kayakers were rescued on Sunday after the wind turned sharply in the afternoon.",
        "Volunteers from the station reached them in eleven minutes — “a record”, said the crew.",
    ),
    byline="Tomás Økland",
    published="2026-05-17",
)


def postgres_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server's binaries (Debian keeps them off the PATH)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda initdb: [int(part) for part in initdb.parent.parent.name.split(".") if part.isdigit()],
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresServer:
    """A running throwaway cluster, reached over TCP with trust authentication."""

    port: int

    def admin_connection(self) -> psycopg.Connection:
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        )

    def create_database(self) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"voxpress_{secrets.token_hex(6)}"
        with self.admin_connection() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    pytest.importorskip("psycopg", reason="psycopg (PyPI 'psycopg[binary]') is not installed")
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL server binaries not found (Debian package 'postgresql')")
    run_as: dict[str, object] = {}
    folder = Path(tempfile.mkdtemp(prefix="voxpress-postgres-"))  # /tmp: reachable by another user
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
        os.chown(folder, account.pw_uid, account.pw_gid)
        run_as = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    data = folder / "data"
    port = free_port()

    def pg(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / args[0]), *args[1:]],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=60,
            check=check,
            **run_as,  # type: ignore[arg-type]
        )

    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
        f"-c timezone={SERVER_TIME_ZONE} -c max_connections=60 "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    try:
        pg("initdb", "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale", "-N")
        pg(
            "pg_ctl",
            "-D",
            str(data),
            "-l",
            str(folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "30",
            "start",
        )
    except subprocess.CalledProcessError as error:
        log = folder / "server.log"
        details = log.read_text() if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"could not start PostgreSQL: {error.stderr}{error.stdout}{details}") from error
    try:
        yield PostgresServer(port)
    finally:
        pg("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'voxpress.db'}"
    return request.getfixturevalue("postgres_server").create_database()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    yield opened
    opened.close()


@pytest.fixture
def article_id(store: Store) -> str:
    return store.add_article(COASTGUARD)[0].id


def run_together(count: int, action: Callable[[int], object]) -> list[object]:
    """``action(index)`` from ``count`` threads released at the same moment; their results in order."""
    start = threading.Barrier(count)
    results: list[object] = [None] * count
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        start.wait()
        try:
            results[index] = action(index)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    if errors:
        raise errors[0]
    return results


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def narration(article_id: str, speed: float, etag: str, size: int = 1000) -> NarrationRecord:
    return NarrationRecord(
        article_id, "piper:joe", speed, "mp3", Path(f"{etag}.mp3"), Path("t.json"), etag, size, 2.5, utc_now()
    )


# Articles and narrations


def test_articles_round_trip_dedupe_list_and_delete(store: Store) -> None:
    record, new = store.add_article(COASTGUARD)
    again, new_again = store.add_article(COASTGUARD)
    assert new and (again.id, new_again) == (record.id, False)
    other, _ = store.add_article(Article(title="Null\x00bytes survive", paragraphs=("Tabs\tand\x00all.",)))
    fresh = Store(store.engine.url.render_as_string(hide_password=False))  # nothing remembered
    try:
        loaded = fresh.get_article(record.id)
        assert loaded.article == COASTGUARD
        assert fresh.get_article(other.id).article.paragraphs == ("Tabs\tand\x00all.",)
        assert loaded.created_at.utcoffset() == timedelta(0)
        assert abs(loaded.created_at - record.created_at) < timedelta(milliseconds=1)
        assert [r.id for r in fresh.list_articles()] == [other.id, record.id]
    finally:
        fresh.close()
    job = store.create_job(record.id, "piper:joe", 1.0, ("mp3",))
    store.save_narration(narration(record.id, 1.0, '"a"'))
    assert [n.etag for n in store.delete_article(record.id)] == ['"a"']
    for lookup in (lambda: store.get_article(record.id), lambda: store.get_job(job.id)):
        with pytest.raises(NotFoundError):
            lookup()
    assert store.get_narration(record.id, "piper:joe", 1.0, "mp3") is None
    assert [r.id for r in store.list_articles()] == [other.id]


def test_the_same_article_from_many_threads_is_one_record(store: Store) -> None:
    ids = run_together(8, lambda _index: store.add_article(COASTGUARD)[0].id)
    assert len(set(ids)) == 1
    assert len(store.list_articles()) == 1


def test_narrations_are_keyed_by_speed_and_replaced_under_concurrent_saves(
    store: Store, article_id: str
) -> None:
    store.save_narration(narration(article_id, 1.1, '"slow"'))
    store.save_narration(narration(article_id, 0.85, '"slower"'))
    run_together(6, lambda index: store.save_narration(narration(article_id, 1.0, f'"w{index}"')))
    assert store.get_narration(article_id, "piper:joe", 1.1000001, "mp3").etag == '"slow"'
    assert store.get_narration(article_id, "piper:joe", 0.85, "mp3").etag == '"slower"'
    assert len(store.list_narrations()) == 3
    big = 5 * 2**30  # more than a 32-bit integer holds
    store.save_narration(narration(article_id, 1.0, '"big"', size=big))
    reopened = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        stored = reopened.get_narration(article_id, "piper:joe", 1.0, "mp3")
        assert (stored.etag, stored.size) == ('"big"', big)
        assert stored.created_at.utcoffset() == timedelta(0)
    finally:
        reopened.close()


# Durable job state


def test_job_state_survives_a_restart(store: Store, article_id: str) -> None:
    job = store.create_job(article_id, "piper:joe", 1.25, ("mp3", "opus"))
    assert store.find_active_job(article_id, "piper:joe", 1.25).id == job.id
    running = store.update_job(job.id, status="running", progress=0.4, add_attempt=True)
    assert (running.status, running.progress, running.attempts) == ("running", 0.4, 1)
    assert running.updated_at >= job.updated_at
    restarted = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        [left] = restarted.list_jobs(("queued", "running"))
        assert (left.id, left.formats, left.progress) == (job.id, ("mp3", "opus"), 0.4)
        assert left.to_dict()["updated_at"].endswith("+00:00")
        restarted.update_job(job.id, status="failed", error="The voice failed on \x00 a sentence.")
    finally:
        restarted.close()
    failed = store.get_job(job.id)
    assert (failed.status, failed.active) == ("failed", False)
    assert failed.error is not None and failed.error.startswith("The voice failed on")
    assert store.find_active_job(article_id, "piper:joe", 1.25) is None
    assert store.latest_job(article_id, "piper:joe", 1.25).id == job.id
    with pytest.raises(NotFoundError):
        store.update_job("missing", status="done")


def test_concurrent_claims_of_a_job_have_exactly_one_winner(store: Store, article_id: str) -> None:
    job = store.create_job(article_id, "piper:joe", 1.0, ("mp3",))
    # Two Store objects on one database stand for two worker processes.
    other_process = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        claims = run_together(8, lambda index: (store if index % 2 else other_process).claim_job(job.id))
    finally:
        other_process.close()
    winners = [claim for claim in claims if claim is not None]
    assert len(winners) == 1
    assert (winners[0].status, winners[0].attempts) == ("running", 1)
    assert store.claim_job(job.id) is None  # running: nobody else gets it
    store.update_job(job.id, status="queued")
    assert store.claim_job(job.id).attempts == 2  # requeued after a crash: claimable again
    assert store.claim_job("missing") is None


def test_identical_jobs_from_two_processes_are_one_and_leases_decide_who_runs_it(
    store: Store, article_id: str
) -> None:
    other_process = Store(store.engine.url.render_as_string(hide_password=False))
    try:
        made = run_together(
            8,
            lambda index: (store if index % 2 else other_process).create_or_join_job(
                article_id, "piper:joe", 1.0, ("mp3",), owner=f"process-{index % 2}", lease_seconds=30
            ),
        )
        jobs = {job.id for job, _new in made}  # type: ignore[misc]
        assert len(jobs) == 1 and sum(new for _job, new in made) == 1  # type: ignore[misc]
        [job_id] = jobs
        owner = store.get_job(job_id).lease_owner
        stranger = "process-1" if owner == "process-0" else "process-0"
        assert store.claim_job(job_id, stranger, 30) is None  # leased to its owner
        assert other_process.take_over_expired_jobs(stranger, 30) == []
        assert store.claim_job(job_id, owner, 30) is not None
        assert store.renew_leases(owner or "", [job_id], 30) == {job_id}
        # The owner dies: its lease runs out and exactly one other process takes the job over.
        store.renew_leases(owner or "", [job_id], -1)
        taken = run_together(4, lambda index: other_process.take_over_expired_jobs(f"heir-{index}", 30))
        heirs = [job for batch in taken for job in batch]  # type: ignore[attr-defined]
        assert len(heirs) == 1 and heirs[0].status == "queued" and heirs[0].lease_owner.startswith("heir-")
        store.update_job(job_id, status="done")
        assert store.create_or_join_job(article_id, "piper:joe", 1.0, ("mp3",))[1]  # a new one may start
    finally:
        other_process.close()


def test_attempts_counted_from_many_threads_are_never_lost(store: Store, article_id: str) -> None:
    job = store.create_job(article_id, "piper:joe", 1.0, ("mp3",))
    run_together(10, lambda _index: store.update_job(job.id, add_attempt=True))
    assert store.get_job(job.id).attempts == 10


def test_stores_opened_at_once_on_an_empty_database_all_work(database_url: str) -> None:
    stores = run_together(4, lambda _index: Store(database_url))
    try:
        record, _ = stores[0].add_article(COASTGUARD)
        assert all(opened.get_article(record.id).article == COASTGUARD for opened in stores)
    finally:
        for opened in stores:
            opened.close()


# The job queue over the store


class CountingRunner:
    """Narrates three fake sentences; fails when told to."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.fail_with: Exception | None = None
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, job: JobRecord, live: LiveNarration) -> None:
        self.calls.append(job.id)
        live.begin("one two three", 3)
        for index in range(3):
            self.gate.wait(10)
            live.mp3.write(f"part-{index};".encode())
            live.add_chunk(
                index, Span(index, index + 0.5, 0, 3), [Span(index, index + 0.5, 0, 3)], index + 0.5
            )
        if self.fail_with is not None:
            raise self.fail_with


def test_queue_dedupes_records_failures_and_resumes_after_a_restart(store: Store, article_id: str) -> None:
    runner = CountingRunner()
    runner.gate.clear()
    queue = ThreadJobQueue(store, runner, workers=2)
    queue.start()
    try:
        jobs = run_together(20, lambda _index: queue.submit(article_id, "v", 1.0, "mp3"))
        assert len({job.id for job in jobs}) == 1
        runner.gate.set()
        wait_for(lambda: store.get_job(jobs[0].id).status == "done")
        done = store.get_job(jobs[0].id)
        assert (done.progress, done.attempts, runner.calls) == (1.0, 1, [done.id])
        runner.fail_with = SynthesisError("the voice ran out of memory")
        failing = queue.submit(article_id, "v", 1.5, "mp3")
        wait_for(lambda: store.get_job(failing.id).status == "failed")
        assert store.get_job(failing.id).error == "the voice ran out of memory"
    finally:
        queue.stop()
    # What a crash mid-narration leaves behind, then a new process on the same database.
    interrupted = store.create_job(article_id, "v", 2.0, ("mp3",))
    store.update_job(interrupted.id, status="running", progress=0.5, add_attempt=True)
    restarted = Store(store.engine.url.render_as_string(hide_password=False))
    runner = CountingRunner()
    queue = ThreadJobQueue(restarted, runner, workers=1)
    queue.start()
    try:
        wait_for(lambda: restarted.get_job(interrupted.id).status == "done")
        assert (restarted.get_job(interrupted.id).attempts, runner.calls) == (2, [interrupted.id])
    finally:
        queue.stop()
        restarted.close()


# Edges


def test_the_api_stores_articles_and_narrations_in_postgresql(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    url = postgres_server.create_database()
    settings = Settings(data_dir=tmp_path / "data", database_url=url)
    text = (
        "Harbour market reopens\n\n"
        "The covered fish market by the old harbour opened its doors again early on Saturday morning."
    )
    with TestClient(create_app(settings, warm=False)) as client:
        created = client.post("/api/articles", json={"text": text})
        assert created.status_code == 201, created.text
        article_id = created.json()["id"]
        fetched = client.get(f"/api/articles/{article_id}")
        assert fetched.status_code == 200 and fetched.json()["title"] == "Harbour market reopens"
        assert [a["id"] for a in client.get("/api/articles").json()["articles"]] == [article_id]
        job = client.post(f"/api/articles/{article_id}/narrations", json={}).json()  # real Piper
        wait_for(lambda: client.get(f"/api/jobs/{job['id']}").json()["status"] in ("done", "failed"), 60)
        assert client.get(f"/api/jobs/{job['id']}").json()["status"] == "done"
        audio = client.get(f"/api/articles/{article_id}/audio")
        assert audio.status_code == 200 and audio.headers["content-type"] == "audio/mpeg"
    elsewhere = Store(url)  # the rows are really in PostgreSQL, not in the data folder
    try:
        assert elsewhere.get_article(article_id).article.title == "Harbour market reopens"
        [stored] = elsewhere.list_narrations()
        assert (stored.article_id, stored.size, stored.etag) == (
            article_id,
            len(audio.content),
            audio.headers["etag"],
        )
        assert elsewhere.get_job(job["id"]).attempts == 1
    finally:
        elsewhere.close()
    assert not list((tmp_path / "data").rglob("*.db"))


def test_a_plain_postgresql_url_works_and_a_dead_server_is_a_clear_error(
    postgres_server: PostgresServer,
) -> None:
    url = postgres_server.create_database().replace("postgresql+psycopg://", "postgresql://")
    opened = Store(url)
    try:
        # SQLAlchemy reads postgresql:// as psycopg2; without it, the installed psycopg 3 serves.
        assert opened.engine.driver == ("psycopg2" if importlib.util.find_spec("psycopg2") else "psycopg")
        assert opened.add_article(COASTGUARD)[1]
    finally:
        opened.close()
    dead = f"postgresql+psycopg://nobody:secret@127.0.0.1:{free_port()}/voxpress"
    with pytest.raises(
        VoxpressError, match=r"^Cannot open the database postgresql\+psycopg://nobody:\*\*\*@"
    ):
        Store(dead)
