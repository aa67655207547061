"""Many machines on one: two web nodes and two Celery workers over real Redis and PostgreSQL.

Each test drives real processes (``tests/topology.py``): a narration asked of
web node A is made by a worker and heard live on node B with word timings;
100 identical requests over both nodes are one job; a worker killed with
SIGKILL mid-narration is replaced by the other, which re-makes at most the
interrupted sentence; PostgreSQL restarted: 503 problem+json meanwhile, then
every process carries on by itself.
Publishing sources are polled by the workers on Celery beat's schedule, once
across all of them, never by the web nodes.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from publish_support import SiteServer
from topology import Topology, missing_parts, wait_until

pytestmark = pytest.mark.skipif(missing_parts() is not None, reason=missing_parts() or "")

HARBOUR_TEXT = (
    "Harbour ferry returns after winter repairs\n\n"
    "The small ferry that links the two halves of the old harbour is back in service this week. "
    "Engineers replaced its propeller shaft and repainted the hull during the winter months. "
    "Passengers queued on the quay on Monday morning to be among the first aboard. "
    "The crossing takes four minutes and costs the same as it did last year."
)

LONG_TEXT = "Library opens a reading garden behind the town hall\n\n" + " ".join(
    f"Volunteer {name} planted the {plant} beds along the {side} wall on a bright and windy morning."
    for name, plant, side in [
        ("Maria", "lavender", "northern"),
        ("Tomas", "rosemary", "eastern"),
        ("Ingrid", "thyme", "southern"),
        ("Kofi", "sage", "western"),
        ("Aiko", "mint", "inner"),
        ("Pavel", "fennel", "outer"),
        ("Lena", "chive", "upper"),
        ("Omar", "basil", "lower"),
        ("Sofia", "parsley", "garden"),
        ("Jonas", "dill", "church"),
        ("Nadia", "oregano", "market"),
        ("Ravi", "marjoram", "river"),
    ]
)


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    """A publisher's site on loopback (feeds and story pages), admitted by every node's address policy."""
    with SiteServer() as running:
        yield running


@pytest.fixture(scope="module")
def topology(site: SiteServer) -> Iterator[Topology]:
    # Every process, replacement workers too, may fetch the site: a worker without it would poll
    # the source and be refused.
    world = Topology(lease_seconds=6.0, env={"VOXPRESS_FETCH_ALLOW": site.host_port})
    try:
        world.start_services()
        world.start_web()
        world.start_web()
        world.start_worker()
        world.start_worker()
        yield world
    finally:
        world.close()


def add_article(node_url: str, text: str) -> str:
    response = httpx.post(f"{node_url}/api/articles", json={"text": text}, timeout=30)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def wait_done(node_url: str, job_id: str, timeout: float = 240) -> dict[str, object]:
    def finished() -> dict[str, object] | None:
        job = httpx.get(f"{node_url}/api/jobs/{job_id}", timeout=10).json()
        return job if job["status"] in {"done", "failed"} else None

    return wait_until(finished, timeout, f"job {job_id}", interval=0.5)  # type: ignore[no-any-return]


def test_asked_on_node_a_heard_live_on_node_b_with_timings(topology: Topology) -> None:
    node_a, node_b = topology.webs
    article_id = add_article(node_a.url, HARBOUR_TEXT)
    started = httpx.post(f"{node_a.url}/api/articles/{article_id}/narrations", json={}, timeout=30)
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    partial_timings: list[dict[str, object]] = []

    def poll_timings() -> None:
        while True:
            body = httpx.get(f"{node_b.url}/api/articles/{article_id}/timings", timeout=30).json()
            partial_timings.append(body)
            if body.get("complete") or body.get("status") in {"done", "failed"}:
                return
            time.sleep(0.3)

    poller = threading.Thread(target=poll_timings)
    poller.start()
    streamed = bytearray()
    with httpx.stream("GET", f"{node_b.url}/api/articles/{article_id}/audio", timeout=120) as response:
        assert response.status_code == 200
        live = response.headers.get("x-voxpress-job") == job_id
        for part in response.iter_bytes():
            streamed.extend(part)
    poller.join(120)
    assert live, "node B served the job live from the worker's stream"
    assert streamed[:3] == b"ID3" or streamed[0] == 0xFF, "MP3 bytes"
    assert len(streamed) > 10_000
    assert any(not body.get("complete") and body.get("words") for body in partial_timings), (
        "partial word timings arrived on node B while the worker narrated"
    )
    job = wait_done(node_a.url, job_id)
    assert job["status"] == "done"
    final = httpx.get(f"{node_b.url}/api/articles/{article_id}/timings", timeout=30).json()
    assert final["complete"] is True
    assert len(final["words"]) == len(HARBOUR_TEXT.split())
    finished = httpx.get(f"{node_a.url}/api/articles/{article_id}/audio", timeout=30)
    assert finished.status_code == 200 and finished.headers["etag"]
    ranged = httpx.get(
        f"{node_b.url}/api/articles/{article_id}/audio", headers={"Range": "bytes=0-99"}, timeout=30
    )
    assert ranged.status_code == 206 and len(ranged.content) == 100
    assert ranged.content == finished.content[:100]


def test_hundred_identical_requests_over_two_nodes_are_one_job(topology: Topology) -> None:
    article_id = add_article(topology.webs[0].url, HARBOUR_TEXT.replace("four minutes", "five minutes"))

    def ask(index: int) -> str:
        node = topology.webs[index % 2]
        response = httpx.post(f"{node.url}/api/articles/{article_id}/narrations", json={}, timeout=60)
        assert response.status_code in {200, 202}, response.text
        body = response.json()
        return str(body.get("id") or body.get("job_id") or "done")

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = set(pool.map(ask, range(100)))
    job_ids = answers - {"done"}
    assert len(job_ids) == 1, answers
    job = wait_done(topology.webs[1].url, job_ids.pop())
    assert job["status"] == "done"
    assert job["attempts"] == 1, "made once, by one worker"


def _owner_pid(topology: Topology, job_id: str) -> int | None:
    from sqlalchemy import create_engine, text

    engine = create_engine(topology.postgres.url)
    with engine.connect() as connection:
        owner = connection.execute(
            text("SELECT lease_owner FROM jobs WHERE id = :id"), {"id": job_id}
        ).scalar()
    engine.dispose()
    return int(owner.split(":")[1]) if owner else None


def _cache_inodes(shared: Path) -> dict[str, int]:
    return {path.name: path.stat().st_ino for path in (shared / "cache").rglob("*") if path.is_file()}


@pytest.mark.slow
def test_worker_killed_mid_narration_is_finished_by_the_other(topology: Topology) -> None:
    node = topology.webs[0]
    article_id = add_article(node.url, LONG_TEXT)
    job_id = httpx.post(f"{node.url}/api/articles/{article_id}/narrations", json={}, timeout=30).json()["id"]

    def halfway() -> bool:
        job = httpx.get(f"{node.url}/api/jobs/{job_id}", timeout=10).json()
        return job["status"] == "running" and 0.2 <= job["progress"] < 0.8

    wait_until(halfway, 180, "the narration halfway", interval=0.2)
    pid = _owner_pid(topology, job_id)
    victim = next(worker for worker in topology.workers if worker.process.pid == pid)
    before = _cache_inodes(topology.shared)
    victim.kill()
    try:
        job = wait_done(node.url, job_id, timeout=300)
        assert job["status"] == "done", job
        assert job["attempts"] == 2
        after = _cache_inodes(topology.shared)
        rewritten = [name for name, inode in before.items() if after.get(name) != inode]
        assert not rewritten, "sentences made before the kill were not synthesized again"
        folder = next(path for path in (topology.shared / "narrations").iterdir() if article_id in path.name)
        assert len(list(folder.glob("*.mp3"))) == 1
        assert not list(folder.glob("*.tmp*")), "no half-written file left"
        timings = json.loads(next(folder.glob("*.json")).read_text())
        assert len(timings["words"]) == len(LONG_TEXT.split())
        audio = httpx.get(f"{node.url}/api/articles/{article_id}/audio", timeout=30)
        assert audio.status_code == 200
    finally:
        topology.workers.remove(victim)
        topology.start_worker()


def test_postgres_restart_gives_503_then_everything_reconnects(topology: Topology) -> None:
    node = topology.webs[1]
    article_id = add_article(node.url, HARBOUR_TEXT.replace("Monday", "Tuesday"))
    topology.postgres.stop()
    try:
        started = time.monotonic()
        during = httpx.get(f"{node.url}/api/articles/{article_id}", timeout=30)
        assert time.monotonic() - started < 15, "answered, not hung"
        assert during.status_code == 503
        assert during.headers["content-type"].startswith("application/problem+json")
        assert "database" in during.json()["title"]
    finally:
        topology.postgres.start()
    after = wait_until(
        lambda: httpx.get(f"{node.url}/api/articles/{article_id}", timeout=10).status_code == 200,
        30,
        "reconnect",
    )
    assert after
    job_id = httpx.post(f"{node.url}/api/articles/{article_id}/narrations", json={}, timeout=30).json()["id"]
    assert wait_done(topology.webs[0].url, job_id)["status"] == "done", "workers reconnected too"


BACKFILL_PAGE = (
    "<html><head><title>{title}</title></head>"
    "<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
)
BACKFILL_STORIES = [
    (
        f"Market stall {index} opens on the square",
        f"A new stall selling {item} opened on the square this week. "
        f"Its owner said the {item} come from farms less than ten miles away.",
    )
    for index, item in enumerate(["apples", "pears", "plums", "cherries", "onions", "leeks"])
]


def test_redis_restarted_mid_backfill_loses_and_repeats_nothing(topology: Topology) -> None:
    import subprocess
    import sys

    pages = []
    for index, (title, body) in enumerate(BACKFILL_STORIES):
        page = topology.folder / f"market{index}.html"
        page.write_text(BACKFILL_PAGE.format(title=title, body=body), encoding="utf-8")
        pages.append(str(page))
    listing = topology.folder / "market.txt"
    listing.write_text("\n".join(pages) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "voxpress.cli", "backfill", str(listing), "--no-wait"]
    queued = subprocess.run(
        command, env=topology.environment("backfill"), capture_output=True, text=True, timeout=120
    )
    assert queued.returncode == 0, queued.stderr
    backfill_id = queued.stderr.split("backfill ")[1].split(":")[0]
    topology.redis.stop()  # the broker's queues go with it: no persistence
    time.sleep(1)
    topology.redis.start()
    node = topology.webs[0]

    def finished() -> dict[str, object] | None:
        body = httpx.get(f"{node.url}/api/backfills/{backfill_id}", timeout=10).json()
        return body if body["finished"] else None

    summary = wait_until(finished, 300, "the backfill after the Redis restart", interval=1.0)
    assert (summary["total"], summary["done"], summary["failed"]) == (6, 6, 0)
    # Running it again narrates nothing more.
    again = subprocess.run(
        command, env=topology.environment("backfill"), capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    from sqlalchemy import create_engine, text

    engine = create_engine(topology.postgres.url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT j.status, j.attempts FROM jobs j JOIN backfill_items i ON i.job_id = j.id "
                "WHERE i.backfill_id = :id"
            ),
            {"id": backfill_id},
        ).all()
        jobs_of_articles = connection.execute(
            text(
                "SELECT count(*) FROM jobs WHERE article_id IN "
                "(SELECT article_id FROM backfill_items WHERE backfill_id = :id)"
            ),
            {"id": backfill_id},
        ).scalar()
    engine.dispose()
    assert len(rows) == 6 and all(status == "done" and attempts == 1 for status, attempts in rows), rows
    assert jobs_of_articles == 6, "one job per article: nothing duplicated"


BEAT_STORY = (
    "Night buses return to the valley route",
    "The night bus to the valley villages runs again from Friday after a summer without it. "
    "It leaves the station square at half past eleven and stops at every village on the way. "
    "The council said the service will run until the end of March and then be reviewed.",
)


def test_beat_has_one_worker_poll_a_source_and_web_nodes_never_poll(
    topology: Topology, site: SiteServer
) -> None:
    title, body = BEAT_STORY
    site.pages["/story/night-bus"] = (
        "text/html; charset=utf-8",
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p></article></body></html>".encode(),
    )
    site.pages["/beat-feed.xml"] = (
        "application/rss+xml",
        f"<rss version='2.0'><channel><title>Valley Post</title><item><title>{title}</title>"
        f"<link>{site.url}/story/night-bus</link><guid isPermaLink='false'>night-bus</guid>"
        "</item></channel></rss>".encode(),
    )
    node_a, node_b = topology.webs[0], topology.webs[1]
    created = httpx.post(
        f"{node_a.url}/api/sources", json={"url": f"{site.url}/beat-feed.xml", "every": "1h"}, timeout=30
    )
    assert created.status_code == 201, created.text
    source_id = created.json()["id"]
    time.sleep(3)  # long enough for a web node's own scheduler (1 s ticks) to have polled, if it did
    assert site.requests.get("/beat-feed.xml", 0) == 0, "a web node polled the source"

    beat = topology.start_beat()

    def narrated_story() -> dict[str, object] | None:
        stories = httpx.get(f"{node_b.url}/api/stories", timeout=10).json()["stories"]
        mine = [story for story in stories if story["source_id"] == source_id]
        if not mine:
            return None
        audio = httpx.get(f"{node_b.url}/api/stories/{mine[0]['id']}/audio", timeout=30)
        return mine[0] if audio.status_code == 200 and audio.content else None

    try:
        story = wait_until(narrated_story, 240, "the beat-polled story narrated", interval=1.0)
    except TimeoutError:
        source = httpx.get(f"{node_b.url}/api/sources/{source_id}", timeout=10).json()
        logs = "\n".join(
            f"--- {node.name}\n{node.log.read_text(errors='replace')[-3000:]}"
            for node in [beat, *topology.workers]
        )
        raise AssertionError(f"source {source}; feed fetched {site.requests}\n{logs}") from None
    assert "night-bus" in str(story["key"])
    source = httpx.get(f"{node_b.url}/api/sources/{source_id}", timeout=10).json()
    assert source["last_polled_at"] is not None and source["last_error"] is None
    # Beat keeps sending polls every 10 s; the source is not due again for an hour, and no two
    # workers polled it together: the feed was fetched exactly once.
    time.sleep(12)
    assert site.requests.get("/beat-feed.xml", 0) == 1
    assert site.requests.get("/story/night-bus", 0) == 1
    assert beat.process.poll() is None, beat.log.read_text(errors="replace")[-2000:]
