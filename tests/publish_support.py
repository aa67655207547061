"""Shared helpers of the publish, formats and OpenAI tests: the app under uvicorn, a feed server."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SiteServer:
    """A tiny publisher site on loopback: paths → (content type, body), changeable while it runs.

    Answers ``If-None-Match`` with 304 when the ETag (a hash of the body) matches, and counts
    the requests per path.
    """

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.requests: dict[str, int] = {}
        self.conditional_hits = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests[self.path] = site.requests.get(self.path, 0) + 1
                page = site.pages.get(self.path)
                if page is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                kind, body = page
                etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                if self.headers.get("If-None-Match") == etag:
                    site.conditional_hits += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.host_port = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.url = f"http://{self.host_port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
