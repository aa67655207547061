"""The analytics stage alone: event validation, the rate limiter and aggregation, on plain data."""

from __future__ import annotations

import json

import pytest

from voxpress.analytics import ListeningEvent, RateLimiter, aggregate, parse_events
from voxpress.analytics.events import EventError
from voxpress.analytics.report import to_csv

SPEEDS = (0.5, 2.0)


def batch(*events: object) -> bytes:
    return json.dumps({"events": list(events)}).encode()


def test_valid_events_are_parsed_with_defaults() -> None:
    events = parse_events(
        batch(
            {"article": "abcdefgh12", "view": "view-1234", "kind": "load"},
            {"article": "abcdefgh12", "view": "view-1234", "kind": "speed", "speed": 1.25, "share": 0.5},
        ),
        SPEEDS,
    )
    assert events[0] == ListeningEvent("abcdefgh12", "view-1234", "load", 0.0, 0.0)
    assert events[1].speed == 1.25 and events[1].share == 0.5


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[1, 2]", "at least one event"),
        (batch({"article": "abcdefgh12", "view": "view-1234", "kind": "play", "share": True}), "share"),
        (batch({"article": "a b", "view": "view-1234", "kind": "play"}), "article id"),
        (batch({"article": "abcdefgh12", "view": "view-1234", "kind": "play", "listened": -1}), "listened"),
        (batch({"article": "abcdefgh12", "view": "view-1234", "kind": "voice", "voice": "<x>"}), "voice"),
        (batch(*[{"article": "abcdefgh12", "view": "view-1234", "kind": "load"}] * 51), "at most 50"),
        (b"x" * 40_000, "bytes"),
    ],
)
def test_junk_is_refused_with_a_clear_message(body: bytes, message: str) -> None:
    with pytest.raises(EventError, match=message):
        parse_events(body, SPEEDS)


def test_the_rate_limiter_slides_over_one_minute() -> None:
    now = [0.0]
    limiter = RateLimiter(5, clock=lambda: now[0])
    assert limiter.allow("client-a", 3)
    assert not limiter.allow("client-a", 3)  # 6 > 5: refused, and not counted
    assert limiter.allow("client-a", 2)
    assert not limiter.allow("client-a")
    assert limiter.allow("client-b", 5)  # another client has its own allowance
    now[0] = 60.5
    assert limiter.allow("client-a", 5)


def test_aggregation_counts_each_page_view_once() -> None:
    def event(
        view: str, kind: str, share: float = 0.0, listened: float = 0.0
    ) -> tuple[str, str, ListeningEvent]:
        return (
            "art-00001",
            "2026-12-01",
            ListeningEvent("art-00001", view, kind, share, listened, 1.0, "v:1"),
        )

    rows = [
        event("view-a", "load"),
        event("view-a", "load"),  # a second load event of the same view
        event("view-a", "play"),
        event("view-a", "progress", 0.5, 20.0),
        event("view-a", "play"),
        event("view-a", "progress", 0.96, 40.0),
        event("view-b", "load"),
    ]
    [day] = aggregate(rows)
    assert (day.loads, day.plays, day.completions) == (2, 1, 1)  # 96% counts as complete
    assert day.play_rate == 0.5 and day.completion_rate == 1.0
    assert day.listened_minutes == pytest.approx(40 / 60)
    assert day.drop_off == [1.0] * 10 + [0.0]
    assert day.speeds == {"1": 1} and day.voices == {"v:1": 1}
    lines = to_csv([day]).splitlines()
    assert lines[0].split(",")[:4] == ["article_id", "day", "loads", "plays"]
    assert lines[1].startswith("art-00001,2026-12-01,2,1,0.5,")


def test_days_and_articles_are_kept_apart_newest_first() -> None:
    rows = [
        ("a-000001", "2026-11-30", ListeningEvent("a-000001", "view-1", "load", 0.0, 0.0)),
        ("a-000001", "2026-12-01", ListeningEvent("a-000001", "view-2", "load", 0.0, 0.0)),
        ("b-000001", "2026-12-01", ListeningEvent("b-000001", "view-2", "play", 0.1, 3.0)),
    ]
    reports = aggregate(rows)
    assert [(r.day, r.article_id) for r in reports] == [
        ("2026-12-01", "b-000001"),
        ("2026-12-01", "a-000001"),
        ("2026-11-30", "a-000001"),
    ]
    assert reports[0].loads == 1  # a view that played without a load event still loaded
