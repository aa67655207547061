"""Two real server processes on one data folder, and a process killed mid-narration.

Each server is ``voxpress.server`` under uvicorn in its own Python process,
sharing one SQLite database and narration folder, with short job leases so a
take-over happens within seconds. Real Piper narrates.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from fault_support import HARBOUR, ServerProcess
from voxpress.store import Store

LEASE_SECONDS = 2.0


def start_server(data_dir: Path) -> ServerProcess:
    """A server process on ``data_dir`` with this module's short leases."""
    return ServerProcess(data_dir, lease_seconds=LEASE_SECONDS)


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    first = start_server(tmp_path / "data")
    second = start_server(tmp_path / "data")
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def wait_job(client: httpx.Client, job_id: str, timeout: float = 120.0) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, object] = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end")


@pytest.mark.slow
def test_two_processes_share_jobs_see_deletes_and_take_over_a_killed_ones_work(
    two_servers: tuple[ServerProcess, ServerProcess], tmp_path: Path
) -> None:
    first, second = two_servers
    created = first.client.post("/api/articles", json={"text": HARBOUR})
    assert created.status_code == 201, created.text
    article_id = created.json()["id"]
    assert second.client.get(f"/api/articles/{article_id}").status_code == 200

    # Identical requests in both processes at once are one job.
    with ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(
                lambda server: server.client.post(f"/api/articles/{article_id}/narrations", json={}),
                [first, second] * 4,
            )
        )
    assert {answer.status_code for answer in answers} == {202}
    job_ids = {answer.json()["id"] for answer in answers}
    assert len(job_ids) == 1
    [job_id] = job_ids
    # The process holding it is killed mid-narration; the other takes over once the lease expires.
    deadline = time.monotonic() + 60
    while (job := second.client.get(f"/api/jobs/{job_id}").json())["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    store = Store(f"sqlite:///{tmp_path / 'data' / 'voxpress.db'}")
    lease_owner = store.get_job(job_id).lease_owner or ""
    store.close()
    holder = first if f":{first.process.pid}:" in lease_owner else second
    assert f":{holder.process.pid}:" in lease_owner
    survivor = second if holder is first else first
    holder.kill()
    assert job["progress"] < 1.0
    finished = wait_job(survivor.client, job_id)
    assert finished["status"] == "done" and finished["attempts"] == 2
    audio = survivor.client.get(f"/api/articles/{article_id}/audio")
    assert audio.status_code == 200 and audio.headers["etag"]
    files = sorted(p.name for p in (tmp_path / "data" / "narrations" / article_id).iterdir())
    assert [name for name in files if name.endswith(".mp3")] == ["piper_en_US-joe-medium-1.00x.mp3"]

    # A delete in one process is seen by the other at once.
    assert survivor.client.delete(f"/api/articles/{article_id}").status_code == 204
    restarted = start_server(tmp_path / "data")
    try:
        for server in (survivor, restarted):
            assert server.client.get(f"/api/articles/{article_id}").status_code == 404
            assert server.client.get(f"/api/articles/{article_id}/audio").status_code == 404
    finally:
        restarted.close()
    assert not (tmp_path / "data" / "narrations" / article_id).exists()
