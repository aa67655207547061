"""Press-play time of the embedded player: click ▶ on a publisher's page until audio plays.

    python benchmarks/embed_press_play.py [--stories 3]

Starts voxpress (real app, warm voice, temporary data folder) and a publisher's site of invented
stories on a second port, then in Debian's Chromium (Playwright) for each new story: open the page
(the embed asks for the narration by URL, which fetches, extracts and starts narrating it), wait
for the player, click play and time until ``audio.currentTime > 0``. Baseline in the same run:
the same story opened again in a fresh browser context once its narration is finished and stored.
Prints each time, the medians and their ratio.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required"]
SUBJECTS = ("bridge", "library", "harbour", "orchard", "tramway", "museum", "market", "choir")
PLAYER_READY = (
    "document.querySelector('[data-voxpress]')?.shadowRoot?.querySelector('button.play')?.disabled === false"
)
PLAYING = "document.querySelector('[data-voxpress]').shadowRoot.querySelector('audio').currentTime > 0"


def story(index: int) -> tuple[str, list[str]]:
    subject = SUBJECTS[index % len(SUBJECTS)]
    title = f"The town {subject} reopens after repairs"
    return title, [
        f"The {subject} in the old town reopened on Monday after eight months of repairs, and a small crowd "
        "gathered before the doors opened.",
        f"Builders replaced the roof, mended the windows and painted the {subject} in its first colours, "
        "found under five layers of paint.",
        "The council says the work came in under budget, and that the savings will pay for new benches "
        "along the river path next summer.",
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def publisher_site(port: int, voxpress: str) -> ThreadingHTTPServer:
    origin = f"http://127.0.0.1:{port}"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            tail = self.path.rsplit("/", 1)[-1]
            if not tail.isdigit():
                self.send_error(404)
                return
            index = int(tail)
            title, paragraphs = story(index)
            body = "".join(f"<p>{p}</p>" for p in paragraphs)
            page = (
                f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
                f'<link rel="canonical" href="{origin}/story/{index}">'
                f'<script src="{voxpress}/embed.js" async></script></head><body><article><h1>{title}</h1>'
                f"<div data-voxpress></div>{body}</article></body></html>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def press_play(browser: Browser, url: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    deadline = time.monotonic() + 60
    while not page.evaluate(PLAYER_READY):
        assert time.monotonic() < deadline, "the player did not appear"
        time.sleep(0.02)
    started = time.monotonic()
    page.locator("[data-voxpress] button.play").click()
    while not page.evaluate(PLAYING):
        assert time.monotonic() < started + 60, "playback did not start"
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    context.close()
    return elapsed


def wait_finished(voxpress: str, article_url: str) -> None:
    with httpx.Client(base_url=voxpress, timeout=30) as client:
        links = client.get("/api/embed/narration", params={"url": article_url}).json()["links"]
        while not client.get(links["timings"]).json().get("complete"):
            time.sleep(0.3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=3)
    options = parser.parse_args()

    import uvicorn

    from voxpress.server import create_app
    from voxpress.settings import FetchLimits, Settings

    vox_port, site_port = free_port(), free_port()
    voxpress, origin = f"http://127.0.0.1:{vox_port}", f"http://127.0.0.1:{site_port}"
    site = publisher_site(site_port, voxpress)
    settings = Settings(
        data_dir=Path(tempfile.mkdtemp(prefix="voxpress-embed-bench-")),
        fetch=FetchLimits(allow=(f"127.0.0.1:{site_port}",)),
        embed_origins=(origin,),
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=vox_port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.1)

    new_times, stored_times = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for index in range(options.stories):
            url = f"{origin}/story/{index}"
            new_times.append(press_play(browser, url))
            wait_finished(voxpress, url)
            stored_times.append(press_play(browser, url))
            print(
                f"story {index}: new narration {new_times[-1]:.2f} s, "
                f"stored narration {stored_times[-1]:.2f} s"
            )
        browser.close()
    server.should_exit = True
    site.shutdown()
    new, stored = statistics.median(new_times), statistics.median(stored_times)
    print(f"median press-play: new narration {new:.2f} s, stored {stored:.2f} s (ratio {new / stored:.1f}x)")


if __name__ == "__main__":
    main()
