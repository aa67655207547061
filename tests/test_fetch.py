"""Fetching pages: the address rules, redirects, limits and content checks.

Only 127.0.0.1 is ever contacted: a small HTTP server runs on loopback in a
thread. The default address policy must refuse it; the success tests pass a
policy that allows exactly 127.0.0.1. Refusals of other addresses happen
before any connection is opened.
"""

from __future__ import annotations

import ipaddress
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from voxpress.errors import FetchError, ForbiddenAddressError
from voxpress.extract import fetch_url, public_addresses_only
from voxpress.extract.fetch import IPAddress
from voxpress.settings import FetchLimits

PAGE = (
    "<html><head><title>Tide tables</title></head>"
    "<body><p>High water is at noon, said the harbour master.</p>"
)
LOOPBACK = ipaddress.IPv4Address("127.0.0.1")
LIMITS = FetchLimits(timeout_seconds=5, max_bytes=20_000, max_redirects=3)


def loopback_only(address: IPAddress) -> bool:
    return address == LOOPBACK


class Handler(BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 - shared record of the paths the server saw

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        Handler.requests.append(self.path)
        routes = {
            "/story": lambda: self._send(200, PAGE.encode()),
            "/latin": lambda: self._send(
                200, "<p>Café crème</p>".encode("latin-1"), "text/html; charset=ISO-8859-1"
            ),
            "/host": lambda: self._send(200, f"<p>Host was {self.headers['Host']}</p>".encode()),
            "/to-story": lambda: self._redirect("/story"),
            "/to-private": lambda: self._redirect("http://10.1.2.3/admin"),
            "/to-metadata": lambda: self._redirect("http://169.254.169.254/latest/meta-data/"),
            "/to-ipv6-loopback": lambda: self._redirect("http://[::1]/"),
            "/to-file": lambda: self._redirect("file:///etc/passwd"),
            "/loop": lambda: self._redirect("/loop"),
            "/json": lambda: self._send(200, b'{"a": 1}', "application/json"),
            "/missing": lambda: self._send(404, b"<p>gone</p>"),
            "/big-declared": lambda: self._send(200, b"<p>" + b"x" * 50_000),
            "/big-streamed": self._stream_big,
            "/drip": self._drip,
        }
        routes.get(self.path, lambda: self._send(404, b"<p>no such page</p>"))()

    def _stream_big(self) -> None:
        # No Content-Length: the size is only known by reading, so the client must stop by itself.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for _ in range(50):
            self.wfile.write(b"<p>" + b"y" * 4096 + b"</p>")

    def _drip(self) -> None:
        # A slow-drip server: every read gets a byte in time, so only a total deadline stops it.
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(b"<html><body><p>")
        try:
            for _ in range(100):
                self.wfile.write(b"z")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_default_policy_refuses_loopback_without_connecting(server: str) -> None:
    Handler.requests.clear()
    with pytest.raises(ForbiddenAddressError, match="internal address"):
        fetch_url(f"{server}/story", LIMITS)
    assert Handler.requests == []


def test_localhost_name_is_refused() -> None:
    with pytest.raises(ForbiddenAddressError):
        fetch_url("http://localhost/", LIMITS)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://255.255.255.255/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://[::1]/",
        "http://[::]/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[2002:7f00:1::]/",
        "http://[64:ff9b::a00:1]/",
        "https://127.0.0.1:8443/",
    ],
)
def test_internal_addresses_are_refused(url: str) -> None:
    with pytest.raises(ForbiddenAddressError):
        fetch_url(url, LIMITS)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://files.example/a.html", "gopher://x.example/", "data:,hi"]
)
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url(url, LIMITS)


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.20.30.40", False),
        ("169.254.1.1", False),
        ("::1", False),
        ("fe80::abcd", False),
        ("::ffff:93.184.216.34", False),
        ("::ffff:192.168.0.1", False),
        ("240.0.0.1", False),
    ],
)
def test_default_policy(address: str, allowed: bool) -> None:
    assert public_addresses_only(ipaddress.ip_address(address)) is allowed


def test_every_resolved_address_must_be_allowed() -> None:
    def resolver(host: str, port: int) -> list[IPAddress]:
        return [ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.0.0.7")]

    with pytest.raises(ForbiddenAddressError, match=r"10\.0\.0\.7"):
        fetch_url("http://mixed.test/", LIMITS, resolver=resolver)


def test_page_is_fetched_when_policy_allows(server: str) -> None:
    raw = fetch_url(f"{server}/story", LIMITS, address_policy=loopback_only)
    assert raw.kind == "html"
    assert raw.name == "story"
    assert raw.url == f"{server}/story"
    assert "harbour master" in raw.text


def test_header_charset_is_used(server: str) -> None:
    raw = fetch_url(f"{server}/latin", LIMITS, address_policy=loopback_only)
    assert "Café crème" in raw.text


def test_connection_goes_to_the_validated_address(server: str) -> None:
    """The name is resolved once, checked, and the request is sent to that address with the name as Host."""
    port = server.rsplit(":", 1)[1]
    lookups: list[str] = []

    def resolver(host: str, port: int) -> list[IPAddress]:
        lookups.append(host)
        return [LOOPBACK]

    raw = fetch_url(f"http://news.test:{port}/host", LIMITS, address_policy=loopback_only, resolver=resolver)
    assert f"Host was news.test:{port}" in raw.text
    assert lookups == ["news.test"]


def test_redirect_is_followed(server: str) -> None:
    raw = fetch_url(f"{server}/to-story", LIMITS, address_policy=loopback_only)
    assert raw.url == f"{server}/story"
    assert "harbour master" in raw.text


@pytest.mark.parametrize("path", ["/to-private", "/to-metadata", "/to-ipv6-loopback"])
def test_redirect_to_internal_address_is_refused(server: str, path: str) -> None:
    with pytest.raises(ForbiddenAddressError):
        fetch_url(f"{server}{path}", LIMITS, address_policy=loopback_only)


def test_redirect_to_other_scheme_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url(f"{server}/to-file", LIMITS, address_policy=loopback_only)


def test_too_many_redirects(server: str) -> None:
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_url(f"{server}/loop", LIMITS, address_policy=loopback_only)


def test_non_html_content_is_refused(server: str) -> None:
    with pytest.raises(FetchError, match="not an HTML page"):
        fetch_url(f"{server}/json", LIMITS, address_policy=loopback_only)


def test_error_status_is_reported(server: str) -> None:
    with pytest.raises(FetchError, match="404"):
        fetch_url(f"{server}/missing", LIMITS, address_policy=loopback_only)


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_too_large_page_is_refused(server: str, path: str) -> None:
    with pytest.raises(FetchError, match="larger than"):
        fetch_url(f"{server}{path}", LIMITS, address_policy=loopback_only)


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A private authority and a certificate for news.test signed by it, made with the openssl tool."""

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    new_key = ["-newkey", "rsa:2048", "-nodes", "-days", "2"]
    openssl("req", "-x509", *new_key, "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Test CA")
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "leaf.key",
        "-out",
        "leaf.csr",
        "-subj",
        "/CN=news.test",
    )
    (folder / "ext.cnf").write_text("subjectAltName=DNS:news.test\n")
    openssl(
        "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "leaf.pem", "-days", "2", "-extfile", "ext.cnf",
    )  # fmt: skip
    return folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl tool")
def test_https_checks_the_certificate_of_the_name_while_connecting_to_the_checked_address(
    tmp_path: Path,
) -> None:
    authority, certificate, key = _certificates(tmp_path)
    server_names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    context.sni_callback = lambda _sock, name, _ctx: server_names.append(name)  # type: ignore[assignment]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    trust = ssl.create_default_context(cafile=str(authority))

    def resolver(host: str, port: int) -> list[IPAddress]:
        return [LOOPBACK]

    options = {"address_policy": loopback_only, "resolver": resolver, "tls_context": trust}
    try:
        raw = fetch_url(f"https://news.test:{port}/host", LIMITS, **options)  # type: ignore[arg-type]
        assert f"Host was news.test:{port}" in raw.text
        assert server_names == ["news.test"]
        with pytest.raises(FetchError, match=r"not valid for 'other\.test'"):
            fetch_url(f"https://other.test:{port}/host", LIMITS, **options)  # type: ignore[arg-type]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_timeout_is_a_total_deadline_against_a_slow_drip_server(server: str) -> None:
    limits = FetchLimits(timeout_seconds=1.0, max_bytes=20_000, max_redirects=3)
    started = time.monotonic()
    with pytest.raises(FetchError, match="longer than the limit of 1 s"):
        fetch_url(f"{server}/drip", limits, address_policy=loopback_only)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8480\\@example.com/",
        "http://example.com\\@127.0.0.1/",
        "http://user:secret@example.com/",
        "http://@example.com/",
        "http://exa mple.com/",
        "http://example.com\t/",
        "http://ex%61mple.com/",
        "http://example.com:80:80/",
        "http://[::1/",
        "http:///story",
    ],
)
def test_ambiguous_authorities_are_refused_before_any_lookup(url: str) -> None:
    looked_up: list[str] = []

    def resolver(host: str, port: int) -> list[IPAddress]:
        looked_up.append(host)
        return [ipaddress.ip_address("93.184.216.34")]

    with pytest.raises(FetchError):
        fetch_url(url, LIMITS, resolver=resolver)
    assert looked_up == []


def test_plain_authorities_still_pass_the_check() -> None:
    from voxpress.extract.fetch import fetch_target

    assert fetch_target("https://news.example.org/a/b?c=d#e") == ("news.example.org", 443)
    assert fetch_target("http://[2001:db8::1]:8080/") == ("2001:db8::1", 8080)
    assert fetch_target("https://bücher.example/") == ("bücher.example", 443)


def test_fetch_allow_admits_exactly_the_listed_host_and_port(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voxpress.settings import Settings

    port = int(server.rsplit(":", 1)[1])
    monkeypatch.setenv("VOXPRESS_FETCH_ALLOW", f"198.51.100.7:80, 127.0.0.1:{port}")
    allowed = Settings.from_env().fetch
    assert allowed.allow == ("198.51.100.7:80", f"127.0.0.1:{port}")
    assert "harbour master" in fetch_url(f"{server}/story", allowed).text
    # Another port on the same address, and the default (empty) list, are still refused.
    with pytest.raises(ForbiddenAddressError):
        fetch_url(f"http://127.0.0.1:{port + 1}/story", allowed)
    monkeypatch.delenv("VOXPRESS_FETCH_ALLOW")
    assert Settings.from_env().fetch.allow == ()
    with pytest.raises(ForbiddenAddressError):
        fetch_url(f"{server}/story", Settings.from_env().fetch)
