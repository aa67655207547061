"""The two origins the embed tests need: a publisher's site of invented pages on one loopback port
and voxpress (``create_app``, under uvicorn through ``LoopbackServer``) on another.

voxpress may fetch the publisher's pages (``FetchLimits.allow``, i.e. VOXPRESS_FETCH_ALLOW) and
serves its embed to that origin only (``embed_origins``). A test module's ``sites`` fixture enters
``publisher_beside_voxpress`` with its own page renderer and any further settings (an API key,
public voices), and gets back a ``Sites``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from loopback import LoopbackServer
from voxpress.server import create_app
from voxpress.settings import FetchLimits, Settings


@dataclass(frozen=True)
class Sites:
    """Where the two servers answer: voxpress's and the publisher's base URLs."""

    voxpress: str
    publisher: str

    def api(self) -> httpx.Client:
        """A client for voxpress's API (close it, or use it in a ``with`` block)."""
        return httpx.Client(base_url=self.voxpress, timeout=30.0)

    def story(self, slug: str) -> str:
        """The publisher's URL of the story ``slug``."""
        return f"{self.publisher}/story/{slug}"


@contextmanager
def publisher_beside_voxpress(
    render: Callable[[str, Sites], str | None], data_dir: Path, **settings_fields: Any
) -> Iterator[Sites]:
    """The publisher's site and voxpress, both running until the block ends.

    ``render(path, sites)`` answers each GET to the publisher with a page's HTML, ``path`` being
    the request's path with its query; None is a 404. voxpress runs one worker over ``data_dir``,
    may fetch from the publisher's host and embed on its origin; ``settings_fields`` are further
    ``Settings`` fields."""
    running: list[Sites] = []  # the handler's view of both servers, set before it serves

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = render(self.path, running[0])
            if page is None:
                self.send_error(404)
                return
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    host = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    publisher_host = f"127.0.0.1:{host.server_address[1]}"
    publisher = f"http://{publisher_host}"
    try:
        settings = Settings(
            data_dir=data_dir,
            workers=1,
            fetch=FetchLimits(allow=(publisher_host,)),
            embed_origins=(publisher,),
            **settings_fields,
        )
        with LoopbackServer(create_app(settings, warm=False)) as voxpress:
            running.append(Sites(voxpress.url, publisher))
            threading.Thread(target=host.serve_forever, daemon=True).start()
            try:
                yield running[0]
            finally:
                host.shutdown()
    finally:
        host.server_close()
