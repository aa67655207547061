"""Listening analytics: events from embedded players, validated, stored without personal data, aggregated.

``events`` turns a posted batch into ``ListeningEvent``s (or refuses it),
``models`` holds the tables and the ``AnalyticsStore``, ``report`` aggregates
per article and day, ``limits`` is the per-client rate limiter shared with the
embed API.
"""

from voxpress.analytics.events import EVENT_KINDS, ListeningEvent, parse_events
from voxpress.analytics.limits import RateLimiter
from voxpress.analytics.models import AnalyticsStore
from voxpress.analytics.report import ArticleDay, aggregate

__all__ = [
    "EVENT_KINDS",
    "AnalyticsStore",
    "ArticleDay",
    "ListeningEvent",
    "RateLimiter",
    "aggregate",
    "parse_events",
]
