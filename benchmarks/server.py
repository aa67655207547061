"""Server speed: time to first audio byte of a new narration, and serving finished narrations.

    python benchmarks/server.py [--articles 5] [--clients 50] [--seconds 5]

Starts the real app under uvicorn in a subprocess on a free loopback port with
a temporary data folder, waits for the start-up warm-up, then measures:

1. Time to first audio byte: for several new articles (invented here), POST the
   article and GET its MP3, timing the first body byte (target ≤ 300 ms,
   median), against a baseline measured in this process first: the pipeline
   alone (``narrate_chunks`` to its first chunk, voice loaded, no server) on
   other articles of the same kind. Also the time to the last streamed byte.
2. Serving a finished narration from the store: ``--clients`` concurrent
   clients (httpx, async) for ``--seconds`` each, whole file and 64 kB Range
   requests, against a baseline of the trivial ``/api/health`` endpoint measured
   in the same run under the same load: requests per second, p50 and p99 latency,
   and the ratios to the baseline (target: p99 of a stored file within 2× the
   health endpoint's p99). ``--serving-only`` skips part 1 (one article is
   narrated to have a stored file); ``--runs N`` repeats the load runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

HEADLINES = (
    "Harbour council keeps the clock tower",
    "Village choir wins the spring festival",
    "Night buses return to the old town",
    "Beekeepers save the meadow hives",
    "River museum opens a new wing",
    "Mountain rescue team gets a new base",
    "City library stays open late",
    "Bakers share bread with the shelter",
    "Ferry crews agree on a new rota",
    "Orchard harvest beats every forecast",
    "Students build a solar boat",
    "Market square gets its fountain back",
    "Lighthouse keepers hand over the keys",
    "Cyclists win a safer crossing",
)
DETAILS = (
    "Residents said they were pleased with the decision.",
    "The work is expected to take six weeks.",
    "Nobody expected such a large crowd.",
    "More events are planned for the spring.",
    "The council will review the plan in the autumn.",
    "Local shops reported a busy weekend.",
)

SERVER_CODE = """
import sys
from pathlib import Path
from voxpress.server import serve
from voxpress.settings import Settings
serve("127.0.0.1", int(sys.argv[1]), Settings(data_dir=Path(sys.argv[2]), workers=2))
"""


def invented_article(index: int) -> str:
    """A short news story: a headline of a few words (as real headlines are) and three sentences."""
    rng = random.Random(index)
    headline = HEADLINES[index % len(HEADLINES)]
    body = f"{headline} after a long campaign, officials confirmed on Tuesday. " + " ".join(
        rng.sample(DETAILS, 2)
    )
    return f"{headline}\n\n{body}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(base: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def pipeline_first_chunk(texts: list[str]) -> list[float]:
    """Baseline: seconds the pipeline alone takes to its first chunk, in this process, no server."""
    from voxpress.extract import RawInput, extract_article
    from voxpress.narration import get_curve, narrate_chunks, prepare
    from voxpress.settings import Settings
    from voxpress.voices import get_voice

    with tempfile.TemporaryDirectory(prefix="voxpress-bench-") as folder:
        settings = Settings(data_dir=Path(folder))
        voice = get_voice(None, "en", settings)
        curve = get_curve(voice, settings)
        next(
            narrate_chunks(
                prepare(extract_article(RawInput(texts[0], "text", "warm"), settings)), voice, curve=curve
            )
        )
        seconds = []
        for text in texts:
            script = prepare(extract_article(RawInput(text, "text", "bench"), settings))
            started = time.perf_counter()
            chunks = narrate_chunks(script, voice, 1.0, curve=curve)
            next(chunks)
            seconds.append(time.perf_counter() - started)
            getattr(chunks, "close", lambda: None)()  # a generator: stop its synthesis workers
        return seconds


def first_byte(base: str, text: str) -> tuple[float, float, str]:
    """(seconds to the first audio byte, seconds to the last streamed byte, article id)."""
    article = httpx.post(f"{base}/api/articles", json={"text": text}, timeout=30).json()
    started = time.perf_counter()
    first = None
    with httpx.stream("GET", f"{base}/api/articles/{article['id']}/audio", timeout=120) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            if chunk and first is None:
                first = time.perf_counter() - started
    assert first is not None
    total = time.perf_counter() - started
    wait_until_stored(f"{base}/api/articles/{article['id']}/audio")
    return first, total, article["id"]


def wait_until_stored(audio_url: str) -> httpx.Response:
    """The finished narration, once the job has stored it (so jobs do not overlap the next test)."""
    for _ in range(1200):
        response = httpx.get(audio_url, timeout=60)
        if "etag" in response.headers:
            return response
        time.sleep(0.1)
    raise SystemExit(f"{audio_url} was not stored in time")


@dataclass
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def load(url: str, clients: int, seconds: float, ranged_size: int | None) -> LoadResult:
    """``clients`` keep-alive clients requesting ``url`` back to back for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    # One client (one connection) each: a shared httpx pool of many connections costs more client
    # CPU per request than the server under test. Clients are made and connected before the clock
    # starts, sharing one TLS context (unused on http, but costly to build fifty times).
    tls = ssl.create_default_context()
    pool = [httpx.AsyncClient(timeout=30, verify=tls) for _ in range(clients)]
    await asyncio.gather(*(http.get(url) for http in pool))
    deadline = time.perf_counter() + seconds

    async def client_loop(http: httpx.AsyncClient, seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            headers = {}
            if ranged_size:
                start = rng.randrange(0, max(1, ranged_size - 65_536))
                headers["Range"] = f"bytes={start}-{start + 65_535}"
            began = time.perf_counter()
            response = await http.get(url, headers=headers)
            latencies.append(time.perf_counter() - began)
            if response.status_code not in (200, 206):
                errors += 1

    began = time.perf_counter()
    try:
        await asyncio.gather(*(client_loop(http, n) for n, http in enumerate(pool)))
    finally:
        await asyncio.gather(*(http.aclose() for http in pool))
    return LoadResult(len(latencies), time.perf_counter() - began, latencies, errors)


def measure_first_bytes(base: str, articles: int) -> str:
    """Part 1: time to the first audio byte of new articles; returns one article's id."""
    # Different headlines for the baseline and the server, so no sentence is cached.
    count = min(articles, len(HEADLINES) // 2)
    baseline = pipeline_first_chunk([invented_article(count + n) for n in range(count)])
    print(
        f"baseline, pipeline alone to its first chunk (no server): "
        f"median {statistics.median(baseline) * 1000:.0f} ms"
    )
    first_bytes, totals, ids = [], [], []
    for n in range(count):
        first, total, article_id = first_byte(base, invented_article(n))
        first_bytes.append(first)
        totals.append(total)
        ids.append(article_id)
    print(
        f"time to first audio byte, new article, default voice ({count} articles): "
        f"median {statistics.median(first_bytes) * 1000:.0f} ms, "
        f"min {min(first_bytes) * 1000:.0f} ms, max {max(first_bytes) * 1000:.0f} ms "
        "(target ≤ 300 ms)"
    )
    print(
        f"server overhead over the pipeline: "
        f"{(statistics.median(first_bytes) - statistics.median(baseline)) * 1000:+.0f} ms (median), "
        f"ratio {statistics.median(first_bytes) / statistics.median(baseline):.2f}"
    )
    print(f"whole streamed narration: median {statistics.median(totals):.2f} s")
    return ids[0]


def measure_serving(health_url: str, audio_url: str, args: argparse.Namespace) -> None:
    """Part 2: a stored narration under concurrent clients against /api/health in the same run."""
    response = wait_until_stored(audio_url)
    size = len(response.content)
    print(f"stored narration: {size} bytes, ETag {response.headers['etag']}")
    runs = [
        ("baseline GET /api/health", health_url, None),
        ("whole narration file", audio_url, None),
        ("64 kB Range requests", audio_url, size),
    ]
    for run in range(args.runs):
        print(f"run {run + 1}: {args.clients} concurrent clients, {args.seconds:g} s each:")
        baseline: LoadResult | None = None
        for name, url, ranged in runs:
            result = asyncio.run(load(url, args.clients, args.seconds, ranged))
            baseline = baseline or result
            p99_ratio = result.percentile(0.99) / baseline.percentile(0.99)
            verdict = (
                ""
                if result is baseline
                else ("  (target ≤ 2: met)" if p99_ratio <= 2 else "  (target ≤ 2: MISSED)")
            )
            print(
                f"  {name:28s} {result.rate:8.0f} req/s  p50 {result.percentile(0.5):6.1f} ms  "
                f"p99 {result.percentile(0.99):6.1f} ms  errors {result.errors}  "
                f"rate ratio {result.rate / baseline.rate:.2f}  p99 ratio {p99_ratio:.2f}{verdict}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5, help="new articles for time to first byte (≤ 7)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients for serving")
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each load run")
    parser.add_argument("--serving-only", action="store_true", help="skip the time to first byte")
    parser.add_argument("--runs", type=int, default=1, help="repeats of the serving load runs")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="voxpress-bench-") as data_dir:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [sys.executable, "-c", SERVER_CODE, str(port), data_dir],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            startup = wait_until_up(base, process)
            print(f"start-up with voice warm-up: {startup:.2f} s")
            ids = [measure_first_bytes(base, args.articles)] if not args.serving_only else []
            if not ids:
                ids.append(first_byte(base, invented_article(0))[2])
            measure_serving(f"{base}/api/health", f"{base}/api/articles/{ids[0]}/audio", args)
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
