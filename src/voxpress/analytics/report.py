"""Aggregation of listening events per article and day.

A page view counts once for each thing it did: a load, a play, the furthest
share it reached and the most seconds it reported. Rates are over page views
that played.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from voxpress.analytics.events import ListeningEvent

DROP_OFF_STEPS = 11
"""Points of the drop-off curve: 0%, 10%, … 100% of the narration."""
COMPLETE_SHARE = 0.95


@dataclass
class _View:
    loaded: bool = False
    played: bool = False
    completed: bool = False
    furthest: float = 0.0
    listened_seconds: float = 0.0
    speeds: set[str] = field(default_factory=set)
    voices: set[str] = field(default_factory=set)


@dataclass
class ArticleDay:
    """How one article's embedded narration was used on one day."""

    article_id: str
    day: str
    loads: int = 0
    """Page views whose player loaded."""
    plays: int = 0
    """Page views that pressed play."""
    listened_minutes: float = 0.0
    average_share: float = 0.0
    """Mean furthest position reached by the page views that played, 0..1."""
    completions: int = 0
    drop_off: list[float] = field(default_factory=list)
    """Share of playing views still listening at 0%, 10%, … 100%."""
    speeds: dict[str, int] = field(default_factory=dict)
    """Speed (``"1.25"``) → page views that played at it or chose it."""
    voices: dict[str, int] = field(default_factory=dict)
    """Voice id → page views that played in it or chose it."""

    @property
    def play_rate(self) -> float:
        return self.plays / self.loads if self.loads else 0.0

    @property
    def completion_rate(self) -> float:
        return self.completions / self.plays if self.plays else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "day": self.day,
            "loads": self.loads,
            "plays": self.plays,
            "play_rate": round(self.play_rate, 4),
            "listened_minutes": round(self.listened_minutes, 2),
            "average_share": round(self.average_share, 4),
            "completions": self.completions,
            "completion_rate": round(self.completion_rate, 4),
            "drop_off": [round(value, 4) for value in self.drop_off],
            "speeds": self.speeds,
            "voices": self.voices,
        }


def aggregate(rows: list[tuple[str, str, ListeningEvent]]) -> list[ArticleDay]:
    """One ``ArticleDay`` per article and day present in ``rows``, newest day first."""
    views: dict[tuple[str, str], dict[str, _View]] = {}
    for article_id, day, event in rows:
        key = (article_id, day)
        view = views.setdefault(key, {}).setdefault(event.view_id, _View())
        view.loaded |= event.kind == "load"
        view.played |= event.kind in ("play", "progress", "complete")
        view.completed |= event.kind == "complete"
        view.furthest = max(view.furthest, event.share, 1.0 if event.kind == "complete" else 0.0)
        view.listened_seconds = max(view.listened_seconds, event.listened_seconds)
        if event.kind in ("play", "speed") and event.speed is not None:
            view.speeds.add(f"{event.speed:g}")
        if event.kind in ("play", "voice") and event.voice:
            view.voices.add(event.voice)
    result = []
    for (article_id, day), by_view in views.items():
        played = [view for view in by_view.values() if view.played]
        report = ArticleDay(
            article_id=article_id,
            day=day,
            loads=sum(view.loaded or view.played for view in by_view.values()),
            plays=len(played),
            listened_minutes=sum(view.listened_seconds for view in by_view.values()) / 60.0,
            average_share=sum(view.furthest for view in played) / len(played) if played else 0.0,
            completions=sum(view.completed or view.furthest >= COMPLETE_SHARE for view in played),
            drop_off=[
                sum(view.furthest >= step / (DROP_OFF_STEPS - 1) - 1e-9 for view in played) / len(played)
                if played
                else 0.0
                for step in range(DROP_OFF_STEPS)
            ],
            speeds=dict(Counter(speed for view in by_view.values() for speed in view.speeds)),
            voices=dict(Counter(voice for view in by_view.values() for voice in view.voices)),
        )
        result.append(report)
    result.sort(key=lambda item: (item.day, item.article_id), reverse=True)
    return result


CSV_COLUMNS = (
    "article_id",
    "day",
    "loads",
    "plays",
    "play_rate",
    "listened_minutes",
    "average_share",
    "completions",
    "completion_rate",
)


def to_csv(reports: list[ArticleDay]) -> str:
    """The reports as CSV, one row per article and day (drop-off as ``drop_off_0`` … ``drop_off_100``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    steps = [f"drop_off_{step * 10}" for step in range(DROP_OFF_STEPS)]
    writer.writerow([*CSV_COLUMNS, *steps, "speeds", "voices"])
    for report in reports:
        data = report.to_dict()
        writer.writerow(
            [
                *(data[column] for column in CSV_COLUMNS),
                *(round(value, 4) for value in report.drop_off),
                " ".join(f"{k}={v}" for k, v in sorted(report.speeds.items())),
                " ".join(f"{k}={v}" for k, v in sorted(report.voices.items())),
            ]
        )
    return out.getvalue()
