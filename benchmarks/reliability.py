"""Reliability: the bad-input corpus through the CLI and the API, then the fault runs.

    python benchmarks/reliability.py [--skip-cli] [--skip-faults]

Every input here is invented by this script. It starts a small hostile HTTP
server on loopback (gzip and XML bombs, a slow drip, a huge page, JSON, a
redirect to a private address), lets exactly that ``host:port`` through with
``VOXPRESS_FETCH_ALLOW`` and starts the real voxpress server in a subprocess
on a temporary data folder. Two good articles are stored first. Then each bad
input goes to ``voxpress extract`` / ``voxpress listen`` (subprocesses, in an
empty output folder) and to the API, and the script prints one line per input
and the total:

    N bad inputs tried, N answered clearly, 0 tracebacks, 0 files left, 0 stored values lost

*Answered clearly*: the CLI exits 1 or 2 with a one-line ``voxpress: error:``
(or Click's usage message), the API answers a 4xx ``application/problem+json``
with a title, or, for inputs that are fine once sanitised (control characters,
bidi overrides, lone surrogates), the article is accepted with the characters
gone. *Tracebacks* are counted in every CLI's and the server's standard error.
*Files left*: anything in the CLI's output folders afterwards and any temporary
(``.part``/``.tmp``) file in the server's data folder. *Stored values lost*: the
two good articles must read back unchanged.

Then ``benchmarks/faults.py:run_faults()`` runs when it exists (kill -9 mid-
narration, SIGTERM, a full disk, a corrupted file, two processes).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
GOOD_ARTICLES = (
    "Ferry crews agree on a new rota\n\nFerry crews on the island route agreed on a new rota on Monday, "
    "ending a dispute that had cancelled the early crossings for three weeks.",
    "Market square gets its fountain back\n\nThe old fountain in the market square ran again on Saturday "
    "after a year of repairs, and children were the first to test the water.",
)
STORY = (
    "The town hall bell rang at noon for the first time since its rope snapped last spring, and people "
    "stopped in the square to listen."
)
SERVER_CODE = """
import sys
from pathlib import Path
import uvicorn
from voxpress.server.app import create_app
from voxpress.settings import Settings
settings = Settings.from_env(data_dir=Path(sys.argv[2]))
uvicorn.run(create_app(settings, warm=False), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The hostile web server


def _gzip_bomb(size: int) -> bytes:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [squeezer.compress(b"<html><body><p>")]
    block = b"\0" * 1_000_000
    parts += [squeezer.compress(block) for _ in range(size // len(block))]
    parts.append(squeezer.flush())
    return b"".join(parts)


XML_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']><html xmlns="http://www.w3.org/1999/xhtml"><body><p>&i;</p></body></html>'
).encode()


class Hostile(BaseHTTPRequestHandler):
    gzip_bomb = b""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, body: bytes, content_type: str = "text/html", **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(OSError):  # voxpress hangs up at its size limit, as it should
            self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/gzip-bomb":
            self._send(self.gzip_bomb, Content_Encoding="gzip")
        elif self.path == "/xml-bomb":
            self._send(XML_BOMB, "application/xhtml+xml")
        elif self.path == "/json":
            self._send(b'{"story": "not a page"}', "application/json")
        elif self.path == "/huge":
            self._send(b"<html><body>" + b"<p>word word word.</p>" * 400_000)
        elif self.path == "/nav":
            self._send(b"<html><body><nav><a href=/>Home</a> <a href=/w>World</a></nav></body></html>")
        elif self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/admin")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(300):
                    self.wfile.write(b"<p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


# The corpus


@dataclass(frozen=True)
class BadFile:
    """A bad input given to the CLI as a file (and, where it is text, to the API as ``text``/``html``)."""

    name: str
    filename: str
    data: bytes
    api_field: str | None = None
    sanitised_ok: bool = False
    """Acceptable once sanitised: an article may come back (without the bad characters) or a clear refusal."""


def corpus_files(limit_bytes: int) -> list[BadFile]:
    rng = random.Random(7)
    junk = bytes(rng.choice([b for b in range(1, 256) if b not in (10, 13)]) for _ in range(20_000))
    many_words = "River town waits for the flood\n\n" + "\n\n".join(
        f"The river rose again on night {n}, and the town waited on the bridge." for n in range(2_400)
    )
    nested = b"<html><body>" + b"<div>" * 100_000 + STORY.encode() + b"</div>" * 100_000
    return [
        BadFile("empty file", "empty.txt", b"", "text"),
        BadFile("only whitespace", "blank.txt", b"  \n\n\t  \n", "text"),
        BadFile("huge text (over the input limit)", "huge.txt", b"word " * (limit_bytes // 4), "text"),
        BadFile("over the word limit", "many.txt", many_words.encode(), "text"),
        BadFile("no punctuation, few words", "nopunct.txt", b"rain wind sun cloud", "text"),
        BadFile("not language", "zxx.txt", b"word " * 300, "text"),
        BadFile("binary junk without NUL bytes", "junk.bin", junk, "text"),
        BadFile("binary with NUL bytes", "nul.bin", b"PK\x03\x04\x00\x00" + junk[:500], "text"),
        BadFile("broken HTML", "broken.html", b"<html><body><p>unclosed <div><<<>>> &&& </span>", "html"),
        BadFile("deeply nested HTML", "nested.html", nested, "html", sanitised_ok=True),
        BadFile(
            "navigation only",
            "nav.html",
            b"<html><body><nav>Home | World | Sport</nav></body></html>",
            "html",
        ),
        BadFile("UTF-16 without BOM", "utf16.txt", STORY.encode("utf-16-le"), None, sanitised_ok=True),
        BadFile(
            "Latin-1 declared UTF-8",
            "latin.html",
            b'<meta charset="utf-8"><p>' + ("Caf\xe9 " + STORY).encode("latin-1") + b"</p>",
            "html",
            sanitised_ok=True,
        ),
        BadFile(
            "control characters",
            "controls.txt",
            f"Bell\x1b[2J rings\x07\n\n{STORY}\x1b".encode(),
            "text",
            sanitised_ok=True,
        ),
        BadFile(
            "bidi overrides",
            "bidi.txt",
            f"\u202eBell rings\u202c\n\n{STORY}".encode(),
            "text",
            sanitised_ok=True,
        ),
        BadFile(
            "HTML entity controls",
            "entities.html",
            f"<html><head><title>Bell &#7;&#27;rings</title></head><body><article><h1>Bell &#7;rings</h1>"
            f"<p>{STORY} &#1;</p></article></body></html>".encode(),
            "html",
            sanitised_ok=True,
        ),
        BadFile("XML entity bomb", "bomb.xhtml", XML_BOMB, "html"),
        BadFile("gzip bomb", "bomb.html.gz", b"", None),  # filled in by run_cli (large)
        BadFile("not gzip at all", "fake.html.gz", b"this is not gzip", None),
    ]


URLS = (
    ("loopback", "http://127.0.0.1/"),
    ("localhost by name", "http://localhost:8000/"),
    ("cloud metadata", "http://169.254.169.254/latest/meta-data/"),
    ("private network", "http://10.0.0.1/"),
    ("IPv6 loopback", "http://[::1]/"),
    ("decimal IPv4 loopback", "http://2130706433/"),
    ("backslash authority", "http://127.0.0.1:8480\\@example.com/"),
    ("userinfo", "http://user:pass@example.com/"),
    ("file scheme", "file:///etc/passwd"),
    ("gopher scheme", "gopher://example.com/"),
    ("javascript scheme", "javascript:alert(1)"),
    ("unresolvable host", "http://no-such-host.invalid/"),
)
HOSTILE_PATHS = (
    ("gzip bomb over HTTP", "/gzip-bomb"),
    ("XML bomb over HTTP", "/xml-bomb"),
    ("JSON instead of HTML", "/json"),
    ("page over the size limit", "/huge"),
    ("navigation page", "/nav"),
    ("redirect to a private address", "/to-private"),
    ("slow-drip server", "/drip"),
    ("missing page", "/missing"),
)


LISTEN_CASES = frozenset(
    {"empty file", "huge text (over the input limit)", "over the word limit", "binary with NUL bytes",
     "navigation only", "gzip bomb", "not gzip at all"}
)  # fmt: skip
"""Bad files also given to ``voxpress listen`` (refused before any narration)."""


@dataclass
class Tally:
    tried: int = 0
    clear: int = 0
    tracebacks: int = 0
    files_left: int = 0
    lost: int = 0

    def record(self, where: str, name: str, clear: bool, detail: str) -> None:
        self.tried += 1
        self.clear += clear
        mark = "ok " if clear else "BAD"
        print(f"  {mark} {where:4} {name:40} {detail[:110]}")


def cli_answer(argv: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "voxpress.cli", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        errors="replace",
    )
    return done.returncode, done.stderr


def cli_is_clear(code: int, stderr: str) -> bool:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    if "Traceback" in stderr or "unexpected error" in stderr:
        return False
    if code == 1:
        return len(lines) <= 2 and bool(lines) and lines[0].startswith("voxpress: error:")
    return code == 2 and "Usage:" in stderr


def run_cli(tally: Tally, files: list[BadFile], hostile: str, env: dict[str, str], work: Path) -> None:
    inputs = work / "inputs"
    inputs.mkdir(parents=True)
    for bad in files:
        path = inputs / bad.filename
        if bad.name == "gzip bomb":
            path.write_bytes(_gzip_bomb(200_000_000))
        else:
            path.write_bytes(bad.data)
        # What is refused is decided by extraction, the same for extract and listen; listen is tried
        # on the inputs that its own limits refuse (it would narrate anything accepted).
        out = work / f"out-{bad.filename}"
        out.mkdir()
        listen = bad.name in LISTEN_CASES
        argv = ["listen", str(path), "-o", str(out / "a.mp3")] if listen else ["extract", "--json", str(path)]
        code, stderr = cli_answer(argv, env)
        tally.tracebacks += stderr.count("Traceback")
        clear = cli_is_clear(code, stderr) or (bad.sanitised_ok and code == 0)
        left = list(out.iterdir()) if code != 0 else []
        tally.files_left += len(left)
        last = stderr.strip().splitlines()[-1:] or ""
        tally.record("cli", bad.name, clear and not left, f"{argv[0]}: exit {code}: {last}")
    targets = [(name, url) for name, url in URLS] + [(name, hostile + path) for name, path in HOSTILE_PATHS]
    for name, url in targets:
        out = work / f"out-url-{tally.tried}"
        out.mkdir()
        code, stderr = cli_answer(["listen", url, "-o", str(out / "a.mp3")], env)
        tally.tracebacks += stderr.count("Traceback")
        left = list(out.iterdir())
        tally.files_left += len(left)
        clear = cli_is_clear(code, stderr) and not left
        tally.record("cli", name, clear, f"exit {code}: {stderr.strip().splitlines()[-1:] or ''}")
    for name, argv in (
        ("listen into a folder", ["listen", str(inputs / "controls.txt"), "-o", str(work)]),
        ("listen to .flac", ["listen", str(inputs / "controls.txt"), "-o", str(work / "x.flac")]),
        (
            "speed not a number",
            ["listen", str(inputs / "controls.txt"), "-o", str(work / "x.mp3"), "--speed", "abc"],
        ),
        (
            "speed out of range",
            ["listen", str(inputs / "controls.txt"), "-o", str(work / "x.mp3"), "--speed", "9"],
        ),
        (
            "unknown voice",
            ["listen", str(inputs / "controls.txt"), "-o", str(work / "x.mp3"), "--voice", "nope"],
        ),
        ("missing argument", ["listen"]),
        ("unknown voice to calibrate", ["voices", "calibrate", "nope"]),
        ("unknown engine to install", ["voices", "install", "foo"]),
    ):
        code, stderr = cli_answer(argv, env)
        tally.tracebacks += stderr.count("Traceback")
        tally.record(
            "cli", name, cli_is_clear(code, stderr), f"exit {code}: {stderr.strip().splitlines()[-1:] or ''}"
        )


def api_is_clear(response: httpx.Response) -> bool:
    if not 400 <= response.status_code < 500:
        return False
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return False
    try:
        return bool(response.json().get("title"))
    except ValueError:
        return False


def clean_article(response: httpx.Response) -> bool:
    if response.status_code != 201:
        return api_is_clear(response)
    text = response.json()["text"]
    return not any((ord(ch) < 0x20 and ch != "\n") or "\u202a" <= ch <= "\u202e" for ch in text)


def run_api(tally: Tally, files: list[BadFile], hostile: str, base: str) -> None:
    with httpx.Client(base_url=base, timeout=120) as http:
        for bad in files:
            if bad.api_field is None:
                continue
            content = bad.data.decode("utf-8", errors="surrogateescape")
            body = json.dumps({bad.api_field: content}, ensure_ascii=True)
            response = http.post("/api/articles", content=body, headers={"content-type": "application/json"})
            clear = clean_article(response) if bad.sanitised_ok else api_is_clear(response)
            tally.record("api", bad.name, clear, f"{response.status_code} {response.text[:90]}")
        raw_bodies: list[tuple[str, bytes, str]] = [
            ("bad JSON", b'{"text": "unterminated', "application/json"),
            ("JSON that is a list", b'["text"]', "application/json"),
            (
                "lone surrogate in JSON",
                ('{"text": "Bell \\ud800 rings\\n\\n' + STORY + '"}').encode(),
                "application/json",
            ),
            ("unknown field", b'{"text": "x", "colour": "red"}', "application/json"),
            ("both html and text", b'{"text": "x", "html": "<p>x</p>"}', "application/json"),
            ("form instead of JSON", b"text=hello", "application/x-www-form-urlencoded"),
            ("body over the limit", b'{"text": "' + b"a" * 7_000_000 + b'"}', "application/json"),
            ("gzip body", gzip.compress(b'{"text": "x"}'), "application/json"),
        ]
        for name, raw, content_type in raw_bodies:
            response = http.post("/api/articles", content=raw, headers={"content-type": content_type})
            clear = clean_article(response) if "surrogate" in name else api_is_clear(response)
            tally.record("api", name, clear, f"{response.status_code} {response.text[:90]}")
        targets = [(name, url) for name, url in URLS] + [
            (name, hostile + path) for name, path in HOSTILE_PATHS
        ]
        for name, url in targets:
            response = http.post("/api/articles", json={"url": url})
            tally.record("api", name, api_is_clear(response), f"{response.status_code} {response.text[:90]}")
        first = http.get("/api/articles").json()["articles"][-1]["id"]
        for name, path, params in (
            ("unknown article", "/api/articles/nope/audio", {}),
            ("unknown voice", f"/api/articles/{first}/audio", {"voice": "piper:nobody"}),
            ("speed out of range", f"/api/articles/{first}/audio", {"speed": "9"}),
            ("speed not a number", f"/api/articles/{first}/audio", {"speed": "abc"}),
            ("unknown format", f"/api/articles/{first}/audio", {"format": "flac"}),
            ("unknown job", "/api/jobs/nope", {}),
            ("path traversal in docs assets", "/docs/assets/..%2F..%2Fpyproject.toml", {}),
        ):
            response = http.get(path, params=params)
            tally.record("api", name, api_is_clear(response), f"{response.status_code} {response.text[:90]}")
        reader = http.get("/read/nope")
        html_404 = reader.status_code == 404 and "text/html" in reader.headers["content-type"]
        tally.record("api", "reader page of no article", html_404, f"{reader.status_code} {reader.text[:60]}")


def wait_for(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the voxpress server exited at start-up")
        try:
            if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the voxpress server did not start")


def run_faults_if_present() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        from faults import run_faults  # type: ignore[import-not-found]
    except ImportError:
        print("\nfault runs: not available (benchmarks/faults.py is not in this tree)")
        return
    print("\nfault runs (benchmarks/faults.py):")
    run_faults()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-cli", action="store_true", help="Only the API part.")
    parser.add_argument("--skip-faults", action="store_true", help="Do not run benchmarks/faults.py.")
    args = parser.parse_args()

    hostile_server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    Hostile.gzip_bomb = _gzip_bomb(200_000_000)
    threading.Thread(target=hostile_server.serve_forever, daemon=True).start()
    hostile_port = hostile_server.server_address[1]
    hostile = f"http://127.0.0.1:{hostile_port}"

    with tempfile.TemporaryDirectory(prefix="voxpress-reliability-") as temporary:
        work = Path(temporary)
        data = work / "data"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
            "VOXPRESS_DATA": str(data),
            "VOXPRESS_FETCH_ALLOW": f"127.0.0.1:{hostile_port}",
            "VOXPRESS_RATE_LIMIT": "0",
        }
        env_server = {**env, "VOXPRESS_FETCH_ALLOW": env["VOXPRESS_FETCH_ALLOW"]}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (work / "server.log").open("w+b")
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER_CODE, str(port), str(data)], env=env_server, stdout=log, stderr=log
        )
        tally = Tally()
        files = corpus_files(5_000_000)
        try:
            wait_for(base, server)
            stored = [
                httpx.post(f"{base}/api/articles", json={"text": text}, timeout=120).json()
                for text in GOOD_ARTICLES
            ]
            count_before = len(httpx.get(f"{base}/api/articles", timeout=60).json()["articles"])
            print(f"bad inputs (hostile server {hostile}, voxpress {base}):")
            run_api(tally, files, hostile, base)
            if not args.skip_cli:
                run_cli(tally, files, hostile, env, work / "cli")
            for article in stored:
                again = httpx.get(f"{base}/api/articles/{article['id']}", timeout=60)
                if again.status_code != 200 or again.json()["text"] != article["text"]:
                    tally.lost += 1
            count_after = len(httpx.get(f"{base}/api/articles", timeout=60).json()["articles"])
            print(
                f"  stored articles: {count_before} before, {count_after} after (sanitised inputs add some)"
            )
        finally:
            server.terminate()
            server.wait(10)
            hostile_server.shutdown()
        log.seek(0)
        server_log = log.read().decode("utf-8", errors="replace")
        tally.tracebacks += server_log.count("Traceback")
        leftovers = [p for p in data.rglob("*") if p.suffix in (".part", ".tmp")]
        tally.files_left += len(leftovers)
    print(
        f"\n{tally.tried} bad inputs tried, {tally.clear} answered clearly, {tally.tracebacks} tracebacks, "
        f"{tally.files_left} files left, {tally.lost} stored values lost"
    )
    if not args.skip_faults:
        run_faults_if_present()
    return 0 if tally.clear == tally.tried and not (tally.tracebacks or tally.files_left or tally.lost) else 1


if __name__ == "__main__":
    sys.exit(main())
