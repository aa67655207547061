"""Fetching feeds with conditional requests, and story pages, through the safe fetcher's rules.

Feeds are XML, not HTML, and are polled with ``If-None-Match`` /
``If-Modified-Since``, so they get their own small request loop here; it
follows the rules of ``extract/fetch.py`` exactly (its address check on every
hop, the request pinned to the checked address, no proxies from the
environment, a byte cap while streaming). Story pages go through
``fetch_url`` itself. ``VOXPRESS_FETCH_ALLOW`` (``FetchLimits.allow``) lets
listed ``host:port`` pairs through the address policy, for a test's own server.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from voxpress.errors import FetchError
from voxpress.extract import RawInput, fetch_url
from voxpress.extract.fetch import (
    _pinned_request,
    checked_addresses,
    public_addresses_only,
    resolve,
)
from voxpress.publish.feeds import MAX_FEED_BYTES
from voxpress.settings import Settings

_REDIRECTS = {301, 302, 303, 307, 308}
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"


@dataclass(frozen=True)
class FeedResponse:
    """The answer to one conditional feed request."""

    url: str
    """The URL finally answered (after redirects)."""
    not_modified: bool
    """True for 304: nothing changed since the validators sent."""
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


def _host_port(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    return f"{(parts.hostname or '').lower()}:{port}"


def fetch_page(url: str, settings: Settings) -> RawInput:
    """A story's HTML page through the safe fetcher."""
    return fetch_url(url, settings.fetch)


def fetch_feed(
    url: str, settings: Settings, *, etag: str | None = None, last_modified: str | None = None
) -> FeedResponse:
    """GET a feed with the validators of the previous answer; 304 gives ``not_modified``."""
    limits = settings.fetch
    current = url.strip()
    with httpx.Client(
        timeout=httpx.Timeout(limits.timeout_seconds), follow_redirects=False, trust_env=False
    ) as client:
        for _hop in range(limits.max_redirects + 1):
            addresses = checked_addresses(current, public_addresses_only, resolve, limits.allow)
            target, headers, extensions = _pinned_request(current, addresses[0])
            headers |= {"User-Agent": limits.user_agent, "Accept": FEED_ACCEPT}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            request = client.build_request("GET", target, headers=headers, extensions=extensions)
            try:
                response = client.send(request, stream=True)
            except httpx.TimeoutException as error:
                raise FetchError(
                    f"fetching {current} timed out after {limits.timeout_seconds:g} s"
                ) from error
            except httpx.HTTPError as error:
                raise FetchError(f"could not fetch {current}: {error}") from error
            try:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{current} redirects without saying where")
                    current = urljoin(current, location)
                    continue
                if response.status_code == 304:
                    return FeedResponse(current, True, etag=etag, last_modified=last_modified)
                if response.status_code >= 400:
                    raise FetchError(
                        f"{current} answered {response.status_code} {response.reason_phrase}".strip()
                    )
                body = bytearray()
                for part in response.iter_bytes():
                    body += part
                    if len(body) > MAX_FEED_BYTES:
                        raise FetchError(f"the feed is larger than the limit of {MAX_FEED_BYTES:,} bytes")
                return FeedResponse(
                    current,
                    False,
                    bytes(body),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
            except httpx.HTTPError as error:
                raise FetchError(f"could not fetch {current}: {error}") from error
            finally:
                response.close()
    raise FetchError(f"too many redirects (more than {limits.max_redirects}) from {url}")
