"""Publishing figures on the real server: first audio through ``/v1/audio/speech`` against the
reader page's audio endpoint (the baseline, in the same run), sentences re-synthesized for one
edit, and the time from a feed update to a listenable story.

    python benchmarks/publish.py [--runs 3]

Starts the app under uvicorn on loopback with a throwaway data folder, and a small publisher
site (an RSS feed and story pages written here) that the address policy admits through
``FetchLimits.allow``. Every run uses fresh sentences so no cache hides the synthesis. Prints one
line per figure with the median and every run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from loopback import LoopbackServer  # noqa: E402
from publish_support import SiteServer  # noqa: E402
from voxpress.server import create_app  # noqa: E402
from voxpress.settings import FetchLimits, Settings  # noqa: E402

COLOURS = ("red", "blue", "green", "amber", "violet", "silver", "golden", "pale", "dark", "bright")
THINGS = ("kite", "boat", "gate", "lamp", "bench", "wagon", "bridge", "window", "garden", "tower")


def fresh_text(run: int, label: str, sentences: int = 4) -> str:
    """Sentences no earlier run has spoken."""
    words = [f"{COLOURS[(run + n) % 10]} {THINGS[(run * 3 + n) % 10]}" for n in range(sentences)]
    return " ".join(
        f"On {label} {run} the {w} was painted again by the careful crew from the harbour." for w in words
    )


PEOPLE = ("Ana", "Bram", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jun", "Kai", "Lior")
PLACES = ("quay", "mill", "square", "orchard", "chapel", "market", "station", "harbour", "meadow", "forge")
TEMPLATES = (
    "{p} walked past the {c} {t} near the {pl} before the rain started on day {d}.",
    "By noon on day {d} the {pl} was full, and {p} counted {n} visitors beside the {t}.",
    "Nobody expected the {c} {t} to last, {p} said, yet it stood at the {pl} for {n} weeks.",
    "A letter from {p} asked whether the {pl} could keep its {t} painted {c} after day {d}.",
    "Children raced from the {pl} to the {t} while {p} timed them with an old watch.",
    "The council's note on day {d} thanked {p} for mending the {c} {t} at the {pl}.",
    "When the {t} finally arrived, {p} carried it {n} streets to the {pl} alone.",
    "Evening light turned the {pl} {c}, and {p} stayed to sketch the {t} until dark.",
)


def story_sentence(run: int, n: int) -> str:
    """Sentence ``n`` of run ``run``'s story: varied, like prose (and never spoken in another run)."""
    return TEMPLATES[n % len(TEMPLATES)].format(
        p=PEOPLE[(run * 7 + n) % len(PEOPLE)],
        c=COLOURS[(run + n) % len(COLOURS)],
        t=THINGS[(run * 3 + n * 7) % len(THINGS)],
        pl=PLACES[(run * 5 + n * 3) % len(PLACES)],
        d=run * 100 + n + 1,
        n=(run * 13 + n * 5) % 40 + 2,
    )


def first_audio(request: httpx.Request, client: httpx.Client) -> float:
    started = time.monotonic()
    response = client.send(request, stream=True, follow_redirects=True)
    try:
        for part in response.iter_bytes():
            if part:
                return time.monotonic() - started
    finally:
        response.close()
    raise RuntimeError("no audio")


def story_page(title: str, sentences: list[str]) -> bytes:
    paragraphs = "".join(f"<p>{' '.join(sentences[i : i + 5])}</p>" for i in range(0, len(sentences), 5))
    return f"<html><body><article><h1>{title}</h1>{paragraphs}</article></body></html>".encode()


def rss(site: SiteServer, paths: list[str], revision: int = 1) -> bytes:
    items = "".join(
        f"<item><title>{p} (revision {revision})</title><link>{site.url}{p}</link>"
        f"<guid isPermaLink='false'>{p}</guid></item>"
        for p in paths
    )
    return f"<rss version='2.0'><channel><title>Bench</title>{items}</channel></rss>".encode()


def wait_complete(client: httpx.Client, article_id: str) -> None:
    while not client.get(f"/api/articles/{article_id}/timings").json()["complete"]:
        time.sleep(0.2)


def wait_finished(client: httpx.Client, story_id: str) -> None:
    while client.get(f"/api/stories/{story_id}/audio", follow_redirects=False).status_code != 200:
        time.sleep(0.1)


def find_story(client: httpx.Client, key: str) -> dict[str, Any]:
    """The story of a feed item, when the in-process scheduler polled the source before the button."""
    while True:
        for story in client.get("/api/stories").json()["stories"]:
            if story["key"] == key:
                return dict(story)
        time.sleep(0.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="voxpress-bench-publish-"))
    with SiteServer() as site:
        settings = Settings(
            data_dir=folder,
            database_url=f"sqlite:///{folder / 'v.db'}",
            fetch=FetchLimits(allow=(site.host_port,)),
            workers=1,
        )
        with (
            LoopbackServer(create_app(settings)) as server,
            httpx.Client(base_url=server.url, timeout=300) as client,
        ):
            openai_times, reader_times = [], []
            for run in range(runs):
                article = client.post(
                    "/api/articles", json={"text": f"Reader run {run}\n\n" + fresh_text(run, "reader")}
                )
                reader = client.build_request("GET", f"/api/articles/{article.json()['id']}/audio")
                speech = client.build_request(
                    "POST", "/v1/audio/speech", json={"input": fresh_text(run, "speech"), "voice": "alloy"}
                )
                reader_times.append(first_audio(reader, client))
                wait_complete(client, article.json()["id"])  # the reader job must not compete
                openai_times.append(first_audio(speech, client))
                time.sleep(1)  # the abandoned speech stream stops synthesizing

            source = client.post("/api/sources", json={"url": f"{site.url}/feed.xml", "every": "1h"}).json()
            misses, to_first, to_finished = [], [], []
            for run in range(runs):
                sentences = [story_sentence(run, n) for n in range(40)]
                path = f"/story/{run}"
                site.pages[path] = ("text/html", story_page(f"Forty deeds {run}", sentences))
                site.pages["/feed.xml"] = ("application/rss+xml", rss(site, [path]))
                started = time.monotonic()
                polled = client.post(f"/api/sources/{source['id']}/poll").json()
                story = next((s for s in polled["stories"] if s["key"] == path), None) or find_story(
                    client, path
                )
                to_first.append(
                    first_audio(client.build_request("GET", f"/api/stories/{story['id']}/audio"), client)
                )
                wait_finished(client, story["id"])
                to_finished.append(time.monotonic() - started)
                sentences[21] = f"This sentence was edited after publication {run} and says something new."
                site.pages[path] = ("text/html", story_page(f"Forty deeds {run}", sentences))
                site.pages["/feed.xml"] = ("application/rss+xml", rss(site, [path], revision=2))
                before = server.server.config.app.state.runner.cache.misses  # type: ignore[attr-defined]
                client.post(f"/api/sources/{source['id']}/poll")
                wait_finished(client, story["id"])
                misses.append(server.server.config.app.state.runner.cache.misses - before)  # type: ignore[attr-defined]

    def line(label: str, values: list[float], unit: str) -> None:
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"{label:<48} median {statistics.median(values):.2f} {unit}  (runs: {shown})")

    line("first audio, reader-page audio endpoint (baseline)", reader_times, "s")
    line("first audio, POST /v1/audio/speech", openai_times, "s")
    line("feed update -> first audio of the new story", to_first, "s")
    line("feed update -> finished narration (40 sentences)", to_finished, "s")
    line("sentences re-synthesized for one edit in 40", [float(m) for m in misses], "")


if __name__ == "__main__":
    main()
