"""Fault runs against real server processes: what survives a crash, a stop, a full disk, damage, a twin.

    python benchmarks/faults.py

Each run starts voxpress servers (uvicorn, real Piper, SQLite) in their own
processes on a temporary data folder, does something bad to them and prints one
line saying what survived, e.g. ``kill -9 mid-narration: resumed, 1 file,
complete``. ``run_faults()`` returns those lines (``benchmarks/reliability.py``
calls it). The runs:

1. kill -9 in the middle of a narration, then a restart: the job is taken over
   when its lease expires and finishes; one file, as long as its timings say.
2. SIGTERM in the middle of a narration: the server stops within its grace
   period, gives up its leases, and a restart resumes the job at once.
3. A full disk: the data folder on a small tmpfs (needs root; skipped
   otherwise), filled to the last byte: writes answer 507, DELETE frees the
   article's files and cached sentences, no temporary file is left.
4. A corrupted file: a stored MP3 truncated, another overwritten, a timings file
   removed: none is served as good, each is made again.
5. Two processes on one data folder: identical requests make one job, a delete
   in one is seen by the other at once.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

# The server process and the disk filler are the fault tests' own (tests/fault_support.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fault_support import HARBOUR as ARTICLE
from fault_support import ServerProcess, fill

LEASE_SECONDS = 3.0
SHORT_ARTICLES = (
    "Night market returns\n\nThe night market came back to the square with music and food stalls.",
    "Bus depot moves\n\nThe town bus depot will move to the edge of the industrial estate next spring.",
    "Choir wins again\n\nThe village choir won the spring festival for the third year in a row.",
)
VOICE_FILE = "piper_en_US-joe-medium-1.00x"


class Server(ServerProcess):
    """One voxpress server process over ``data_dir``, with the calls the runs make."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir, lease_seconds=LEASE_SECONDS)

    def add(self, text: str) -> str:
        response = self.client.post("/api/articles", json={"text": text})
        response.raise_for_status()
        return str(response.json()["id"])

    def job(self, job_id: str) -> dict[str, object]:
        return dict(self.client.get(f"/api/jobs/{job_id}").json())

    def wait_status(
        self, job_id: str, statuses: tuple[str, ...], timeout: float = 180.0
    ) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.job(job_id)
            if job["status"] in statuses:
                return job
            time.sleep(0.05)
        raise RuntimeError(f"job {job_id} never reached {statuses}")

    def stored_audio(self, article_id: str, timeout: float = 180.0) -> httpx.Response:
        """The stored narration once made (asking starts it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            response = self.client.get(f"/api/articles/{article_id}/audio")
            if response.status_code == 200 and "etag" in response.headers:
                return response
            job_id = response.headers.get("x-voxpress-job")
            if job_id:
                self.wait_status(job_id, ("done", "failed"))
            else:
                time.sleep(0.2)
        raise RuntimeError("the narration was not stored")


def complete(server: Server, article_id: str) -> tuple[bool, int]:
    """Whether the stored MP3 is as long as its timings say; and how many MP3 files there are."""
    import soundfile  # type: ignore[import-untyped]

    audio = server.stored_audio(article_id)
    timings = server.client.get(f"/api/articles/{article_id}/timings").json()
    info = soundfile.info(io.BytesIO(audio.content))
    files = list((server.data_dir / "narrations" / article_id).glob("*.mp3"))
    whole = bool(timings["complete"]) and abs(info.duration - float(timings["duration"])) < 0.3
    return whole, len(files)


def start_narration(server: Server, article_id: str) -> str:
    """Start a narration and return its job once it is running with some progress."""
    job_id = str(server.client.post(f"/api/articles/{article_id}/narrations", json={}).json()["id"])
    server.wait_status(job_id, ("running",))
    return job_id


def interrupted_mid_narration(folder: Path, number: int) -> tuple[float, dict[str, object], float, bool, int]:
    """Send signal ``number`` to a server in the middle of a narration, then start another on the
    same folder: the seconds the first took to exit, the job as it ended, the seconds it took
    after the restart, whether the stored file is complete, and how many files there are."""
    server = Server(folder)
    try:
        article_id = server.add(ARTICLE)
        job_id = start_narration(server, article_id)
        stopped = server.signal(number)
    finally:
        server.close()
    restarted = Server(folder)
    try:
        began = time.monotonic()
        job = restarted.wait_status(job_id, ("done", "failed"))
        waited = time.monotonic() - began
        whole, files = complete(restarted, article_id)
        return stopped, job, waited, whole, files
    finally:
        restarted.close()


def kill_mid_narration(folder: Path) -> str:
    _stopped, job, waited, whole, files = interrupted_mid_narration(folder, signal.SIGKILL)
    outcome = "resumed" if job["status"] == "done" else f"not resumed ({job['error']})"
    return (
        f"kill -9 mid-narration: {outcome} after {waited:.1f} s (lease {LEASE_SECONDS:g} s), "
        f"attempts {job['attempts']}, {files} file, {'complete' if whole else 'INCOMPLETE'}"
    )


def sigterm_mid_narration(folder: Path) -> str:
    stopped, job, waited, whole, files = interrupted_mid_narration(folder, signal.SIGTERM)
    return (
        f"SIGTERM mid-narration: stopped in {stopped:.1f} s, {job['status']} {waited:.1f} s after the "
        f"restart (lease given up), {files} file, {'complete' if whole else 'INCOMPLETE'}"
    )


def full_disk(folder: Path) -> str:
    disk = folder / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        return "full disk: skipped (mounting a tmpfs is not permitted here)"
    try:
        server = Server(disk / "data")
        try:
            article_id = server.add(SHORT_ARTICLES[0])
            server.stored_audio(article_id)
            leftovers_at_start = temporary_files(disk)
            fill(disk)
            posted = server.client.post("/api/articles", json={"text": SHORT_ARTICLES[1]}).status_code
            audio = server.client.get(f"/api/articles/{article_id}/audio", params={"speed": 0.75}).status_code
            stored = server.client.get(f"/api/articles/{article_id}/audio").status_code
            used_before = disk_used(disk)
            deleted = server.client.delete(f"/api/articles/{article_id}").status_code
            freed = used_before - disk_used(disk)
            gone = server.client.get(f"/api/articles/{article_id}").status_code
            leftovers = leftovers_at_start + temporary_files(disk)
        finally:
            server.close()
        return (
            f"full disk (8 MB tmpfs, filled): POST article {posted}, new narration {audio}, stored narration "
            f"{stored}, DELETE {deleted} freed {freed / 1000:.0f} kB, then GET {gone}, "
            f"{leftovers} temporary files left"
        )
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True, check=False)


def disk_used(folder: Path) -> int:
    stat = os.statvfs(folder)
    return (stat.f_blocks - stat.f_bfree) * stat.f_frsize


def temporary_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.name.endswith((".tmp", ".part")))


def corrupted_files(folder: Path) -> str:
    server = Server(folder)
    try:
        ids = [server.add(text) for text in SHORT_ARTICLES]
        etags = [server.stored_audio(article_id).headers["etag"] for article_id in ids]
        narrations = folder / "narrations"
        truncated = narrations / ids[0] / f"{VOICE_FILE}.mp3"
        truncated.write_bytes(truncated.read_bytes()[:1000])
        overwritten = narrations / ids[1] / f"{VOICE_FILE}.mp3"
        overwritten.write_bytes(bytes(reversed(overwritten.read_bytes())))
        (narrations / ids[2] / f"{VOICE_FILE}.timings.json").unlink()
        served_damaged = 0
        for article_id, etag in zip(ids[:2], etags[:2], strict=True):
            first = server.client.get(f"/api/articles/{article_id}/audio")
            served_damaged += first.status_code == 200 and first.headers.get("etag") == etag
        timings_status = server.client.get(f"/api/articles/{ids[2]}/timings").status_code
        remade = sum(complete(server, article_id)[0] for article_id in ids)
        return (
            "corrupted files (truncated MP3, overwritten MP3, removed timings): "
            f"{served_damaged} served as good, timings answered {timings_status}, "
            f"{remade} of 3 made again complete"
        )
    finally:
        server.close()


def two_processes(folder: Path) -> str:
    first, second = Server(folder), Server(folder)
    try:
        article_id = first.add(ARTICLE)

        def narrate(server: Server) -> dict[str, object]:
            return dict(server.client.post(f"/api/articles/{article_id}/narrations", json={}).json())

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(narrate, [first, second] * 4))
        jobs = {answer["id"] for answer in answers}
        job = second.wait_status(next(iter(jobs)), ("done", "failed"))
        whole, files = complete(second, article_id)
        deleted = first.client.delete(f"/api/articles/{article_id}").status_code
        seen = second.client.get(f"/api/articles/{article_id}").status_code
        audio = second.client.get(f"/api/articles/{article_id}/audio").status_code
        return (
            f"two processes on one data folder: 8 identical requests made {len(jobs)} job "
            f"({job['status']}, {files} file, {'complete' if whole else 'INCOMPLETE'}); "
            f"DELETE {deleted} in one, the other answers {seen} (article) and {audio} (audio) at once"
        )
    finally:
        first.close()
        second.close()


RUNS: tuple[tuple[str, Callable[[Path], str]], ...] = (
    ("kill -9 mid-narration", kill_mid_narration),
    ("SIGTERM mid-narration", sigterm_mid_narration),
    ("full disk", full_disk),
    ("corrupted files", corrupted_files),
    ("two processes", two_processes),
)


def run_faults() -> list[str]:
    """Every fault run, each in a fresh data folder; prints and returns one line per run."""
    lines = []
    for name, run in RUNS:
        with tempfile.TemporaryDirectory(prefix="voxpress-faults-") as folder:
            try:
                line = run(Path(folder))
            except Exception as error:  # a run that breaks is a finding, not the end of the benchmark
                line = f"{name}: FAILED ({type(error).__name__}: {error})"
        print(line, flush=True)
        lines.append(line)
    return lines


if __name__ == "__main__":
    run_faults()
