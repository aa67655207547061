"""The events an embedded player sends, and their validation.

A batch is JSON ``{"events": [...]}``; each event names its article, the
page view's random id, its kind and where the listener was. Anything else —
unknown kinds or fields, ids of the wrong shape, positions outside 0..1,
speeds outside the player's range — refuses the whole batch, so junk is never
stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from voxpress.errors import InputError

EVENT_KINDS = ("load", "play", "pause", "progress", "complete", "speed", "voice", "seek")
MAX_EVENTS_PER_BATCH = 50
MAX_BATCH_BYTES = 32_000
MAX_LISTENED_SECONDS = 6 * 3600.0
_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
_VOICE = re.compile(r"^[\w.:@/+-]{1,200}$")
_FIELDS = {"article", "view", "kind", "share", "listened", "speed", "voice"}


class EventError(InputError):
    """A batch of listening events that is not valid."""

    http_status = 422


@dataclass(frozen=True)
class ListeningEvent:
    """One thing a listener did in an embedded player."""

    article_id: str
    view_id: str
    """Random id of one page view, made by the player; no cookie, no user."""
    kind: str
    share: float
    """Position reached in the narration, 0..1."""
    listened_seconds: float
    """Seconds of audio heard so far in this page view."""
    speed: float | None = None
    voice: str | None = None


def _number(value: object, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise EventError(f"Event field '{name}' must be a number from {low:g} to {high:g}.")
    return float(value)


def _event(item: object, speed_range: tuple[float, float]) -> ListeningEvent:
    if not isinstance(item, dict):
        raise EventError("Each event must be a JSON object.")
    unknown = set(item) - _FIELDS
    if unknown:
        raise EventError(f"Unknown event field(s): {', '.join(sorted(map(str, unknown)))}.")
    article, view, kind = item.get("article"), item.get("view"), item.get("kind")
    if not isinstance(article, str) or not _ID.match(article):
        raise EventError("Event field 'article' must be an article id.")
    if not isinstance(view, str) or not _ID.match(view):
        raise EventError("Event field 'view' must be the page view's random id (8-40 letters or digits).")
    if kind not in EVENT_KINDS:
        raise EventError(f"Event kind must be one of {', '.join(EVENT_KINDS)}.")
    speed = item.get("speed")
    voice = item.get("voice")
    if voice is not None and (not isinstance(voice, str) or not _VOICE.match(voice)):
        raise EventError("Event field 'voice' must be a voice id.")
    return ListeningEvent(
        article_id=article,
        view_id=view,
        kind=str(kind),
        share=_number(item.get("share", 0.0), "share", 0.0, 1.0),
        listened_seconds=_number(item.get("listened", 0.0), "listened", 0.0, MAX_LISTENED_SECONDS),
        speed=None if speed is None else _number(speed, "speed", *speed_range),
        voice=voice,
    )


def parse_events(body: bytes, speed_range: tuple[float, float]) -> list[ListeningEvent]:
    """The events of a posted batch, or ``EventError`` saying what is wrong with it."""
    if len(body) > MAX_BATCH_BYTES:
        raise EventError(f"An event batch may be at most {MAX_BATCH_BYTES:,} bytes.")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise EventError("The event batch is not JSON.") from error
    items = data.get("events") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise EventError('Send events as {"events": [...]} with at least one event.')
    if len(items) > MAX_EVENTS_PER_BATCH:
        raise EventError(f"An event batch may hold at most {MAX_EVENTS_PER_BATCH} events.")
    return [_event(item, speed_range) for item in items]
