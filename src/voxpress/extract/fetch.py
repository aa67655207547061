"""Fetching an article page over HTTP(S) without letting a URL reach internal addresses.

The CLI and the server both fetch through ``fetch_url``, so no request can make
voxpress read a loopback, private, link-local or otherwise internal address.

How the address rule is enforced, and why it cannot be bypassed by DNS tricks:

1. Only ``http`` and ``https`` URLs are accepted, and only with a plain
   authority: a URL with a backslash, user information (``user@host``),
   whitespace or control characters, percent-escapes or other odd characters
   in its host is refused before any lookup, because browsers and URL parsers
   disagree on which host such a URL names (``http://127.0.0.1:8480\\@example.com/``
   is 127.0.0.1 to a browser and example.com to Python's ``urlsplit``).
2. The host is resolved here, with ``getaddrinfo`` (which also turns the
   decimal, octal and hex forms of IPv4 such as ``2130706433`` or ``0x7f.1``
   into their dotted form). Every resolved address must pass the address
   policy; IPv4-mapped, 6to4, Teredo and NAT64 IPv6 addresses are judged by
   the IPv4 address they embed.
3. The request is then sent to the validated IP literal itself: the URL's
   host is replaced by the address, the ``Host`` header carries the original
   name, and for HTTPS the TLS server name (SNI, and so certificate checking)
   is the original name through httpx's ``sni_hostname`` extension. No second
   DNS lookup happens, so a name that resolves to a public address for the
   check and to an internal one for the connection (DNS rebinding) gains
   nothing. Proxy settings from the environment are ignored for the same reason.
4. Redirects are followed by hand, at most ``max_redirects`` times, and each
   new location goes through steps 1-3 again.
5. The body is streamed and the download stops as soon as it passes
   ``max_bytes``; a response that is not HTML is refused.
6. ``timeout_seconds`` is a deadline for the whole fetch (every redirect and
   every byte): a server that drips its page slowly is cut off at the limit,
   not after one read timeout per chunk.

The policy is a plain function, so a test can allow 127.0.0.1 explicitly to
serve pages from a local server while the default keeps refusing it. Besides
the policy, ``FetchLimits.allow`` (``VOXPRESS_FETCH_ALLOW``) admits exact
``host:port`` pairs, named as in the URL or as the resolved address: nothing
else, and never every internal address at once.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from functools import cache
from urllib.parse import urljoin, urlsplit, urlunsplit

import certifi
import httpx

from voxpress.errors import FetchError, ForbiddenAddressError
from voxpress.settings import FetchLimits

from .decode import decode_html
from .raw import RawInput, looks_like_html, name_for_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressPolicy = Callable[[IPAddress], bool]
"""Decides whether voxpress may connect to an address: True allows it."""
Resolver = Callable[[str, int], list[IPAddress]]

_REDIRECTS = {301, 302, 303, 307, 308}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_AUTHORITY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)")
_PLAIN_HOST = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]|[^\s!-,/:-@\[-^`{-~]+)(?::[0-9]{1,5})?$")
"""A host name (letters, digits, dots, hyphens, underscores and non-ASCII letters) or a bracketed
IPv6 literal, with an optional numeric port: nothing a browser could read differently."""


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address carried inside an IPv4-mapped, 6to4, Teredo or NAT64 IPv6 address."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def public_addresses_only(address: IPAddress) -> bool:
    """The default policy: only globally routable unicast addresses.

    Refuses loopback, private, shared (CGNAT), link-local, reserved, multicast
    and unspecified addresses, in IPv4 and IPv6, including IPv4 addresses
    embedded in IPv6 ones.
    """
    inner = embedded_ipv4(address)
    if inner is not None and not public_addresses_only(inner):
        return False
    forbidden = (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )
    return address.is_global and not forbidden


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to, in the resolver's order of preference."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"cannot resolve the host {host!r}") from err
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"cannot resolve the host {host!r}")
    return addresses


def check_unambiguous(url: str) -> None:
    """Refuse a URL whose host different parsers could read differently (see the module docstring)."""
    if "\\" in url:
        raise FetchError("refusing a URL with a backslash: browsers and servers read its host differently")
    if any(ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in url):
        raise FetchError("refusing a URL with spaces or control characters in it")
    match = _AUTHORITY.match(url)
    if match is None:
        raise FetchError(f"the URL {url!r} has no host")
    authority = match.group(1)
    if "@" in authority:
        raise FetchError("refusing a URL with a user name or password before its host (user@host)")
    if not authority or not _PLAIN_HOST.match(authority):
        raise FetchError(f"refusing the URL: its host {authority!r} is not a plain host name or address")


def _allowed_pairs(host: str, port: int, addresses: list[IPAddress], allow: tuple[str, ...]) -> bool:
    if not allow:
        return False
    wanted = {item.strip().lower() for item in allow}
    if f"{host.lower()}:{port}" in wanted:
        return True
    names = {f"[{a}]:{port}" if a.version == 6 else f"{a}:{port}" for a in addresses}
    return bool(names) and names <= wanted


def checked_addresses(
    url: str, policy: AddressPolicy, resolver: Resolver = resolve, allow: tuple[str, ...] = ()
) -> list[IPAddress]:
    """Resolve the host of ``url`` and check every address; refuse the URL if any is forbidden
    (unless ``host:port`` is in ``allow``)."""
    host, port = fetch_target(url)
    addresses = resolver(host, port)
    if _allowed_pairs(host, port, addresses, allow):
        return addresses
    for address in addresses:
        if not policy(address):
            raise ForbiddenAddressError(
                f"refusing to fetch {host}: it points at an internal address ({address})"
            )
    return addresses


def fetch_target(url: str) -> tuple[str, int]:
    """The host and port ``url`` names; ``FetchError`` for other schemes and ambiguous URLs."""
    scheme = url.split(":", 1)[0] if ":" in url else ""
    if scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not {scheme or 'this'!r}")
    check_unambiguous(url)
    try:
        parts = urlsplit(url)
    except ValueError as err:
        raise FetchError(f"the URL {url!r} is not valid ({err})") from err
    host = parts.hostname
    if not host:
        raise FetchError(f"the URL {url!r} has no host")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as err:
        raise FetchError(f"the URL {url!r} has an invalid port") from err
    return host, port


def _ascii_host(host: str) -> str:
    """The host name as sent in headers: internationalised names in their ``xn--`` form."""
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _pinned_request(url: str, address: IPAddress) -> tuple[str, dict[str, str], dict[str, str]]:
    """The URL aimed at ``address``, with the Host header and TLS name of the original host."""
    parts = urlsplit(url)
    host = _ascii_host(parts.hostname or "")
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    headers = {"Host": f"{host}:{parts.port}" if parts.port else host}
    target = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    extensions = {"sni_hostname": host} if parts.scheme.lower() == "https" else {}
    return target, headers, extensions


def _is_html(content_type: str, first_bytes: bytes) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind:
        return kind in _HTML_TYPES
    return looks_like_html(first_bytes)


def fetch_url(
    url: str,
    limits: FetchLimits,
    *,
    address_policy: AddressPolicy = public_addresses_only,
    resolver: Resolver = resolve,
    tls_context: ssl.SSLContext | None = None,
) -> RawInput:
    """Download the HTML page at ``url`` under ``limits`` and the address policy.

    ``tls_context`` replaces the default certificate checking (the system's
    trusted authorities), e.g. to trust a private authority.

    Raises ``ForbiddenAddressError`` for internal addresses (also after a
    redirect) and ``FetchError`` for other schemes, unreachable hosts, error
    statuses, too many redirects, non-HTML content and pages over the size limit.
    """
    url = url.strip()
    # Everything a lookup needs is checked here, before the worker starts.
    fetch_target(url)
    deadline = time.monotonic() + limits.timeout_seconds
    outcome: list[RawInput | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_fetch(url, limits, address_policy, resolver, tls_context, deadline))
        except BaseException as error:
            outcome.append(error)

    # The fetch runs in a worker so that the caller gets its answer at the deadline whatever the
    # server does; the worker itself stops at its next read (each read is bounded by the deadline).
    worker = threading.Thread(target=work, name="voxpress-fetch", daemon=True)
    worker.start()
    worker.join(limits.timeout_seconds + 0.05)
    if not outcome:
        raise FetchError(f"fetching {url} took longer than the limit of {limits.timeout_seconds:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


@cache
def _default_tls_context() -> ssl.SSLContext:
    """httpx's own default certificate checking (certifi's authorities), made once per process:
    building it loads the whole bundle (about 35 ms), which every fetch of a page paid before."""
    return ssl.create_default_context(cafile=certifi.where())


def _fetch(
    url: str,
    limits: FetchLimits,
    address_policy: AddressPolicy,
    resolver: Resolver,
    tls_context: ssl.SSLContext | None,
    deadline: float,
) -> RawInput:
    current = url
    timeout = httpx.Timeout(limits.timeout_seconds)
    verify = tls_context if tls_context is not None else _default_tls_context()
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, verify=verify) as client:
        for _hop in range(limits.max_redirects + 1):
            addresses = checked_addresses(current, address_policy, resolver, limits.allow)
            response_location = _fetch_once(client, current, addresses, limits, deadline)
            if isinstance(response_location, RawInput):
                return response_location
            current = response_location
    raise FetchError(f"too many redirects (more than {limits.max_redirects}) from {url}")


def _remaining(deadline: float, url: str, limits: FetchLimits) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"fetching {url} took longer than the limit of {limits.timeout_seconds:g} s")
    return left


def _fetch_once(
    client: httpx.Client, url: str, addresses: list[IPAddress], limits: FetchLimits, deadline: float
) -> RawInput | str:
    """One request: a page, or the absolute URL a redirect points to."""
    last_error: Exception | None = None
    for address in addresses:
        target, headers, extensions = _pinned_request(url, address)
        headers |= {"User-Agent": limits.user_agent, "Accept": "text/html,application/xhtml+xml"}
        left = _remaining(deadline, url, limits)
        request = client.build_request(
            "GET", target, headers=headers, extensions=extensions, timeout=httpx.Timeout(left)
        )
        try:
            response = client.send(request, stream=True)
        except httpx.ConnectError as err:
            last_error = err
            continue
        except httpx.TimeoutException as err:
            raise FetchError(f"fetching {url} timed out after {limits.timeout_seconds:g} s") from err
        except httpx.HTTPError as err:
            raise FetchError(f"could not fetch {url}: {err}") from err
        try:
            return _read_response(response, url, limits, deadline)
        finally:
            response.close()
    raise FetchError(f"could not connect to {urlsplit(url).hostname}: {last_error}")


def _read_response(
    response: httpx.Response, url: str, limits: FetchLimits, deadline: float
) -> RawInput | str:
    if response.status_code in _REDIRECTS:
        location = response.headers.get("location")
        if not location:
            raise FetchError(f"{url} redirects without saying where")
        return urljoin(url, location)
    if response.status_code >= 400:
        raise FetchError(f"{url} answered {response.status_code} {response.reason_phrase}".strip())
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"the page is larger than the limit of {limits.max_bytes:,} bytes")
    content_type = response.headers.get("content-type", "")
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            if not body and not _is_html(content_type, chunk):
                raise FetchError(f"{url} is not an HTML page ({content_type or 'unknown type'})")
            body += chunk
            _remaining(deadline, url, limits)
            if len(body) > limits.max_bytes:
                raise FetchError(f"the page is larger than the limit of {limits.max_bytes:,} bytes")
    except httpx.TimeoutException as err:
        raise FetchError(f"fetching {url} timed out after {limits.timeout_seconds:g} s") from err
    except httpx.HTTPError as err:
        raise FetchError(f"could not fetch {url}: {err}") from err
    if not body:
        raise FetchError(f"{url} returned an empty page")
    return RawInput(
        content=decode_html(bytes(body), content_type), kind="html", name=name_for_url(url), url=url
    )
