"""Listening analytics over HTTP: ``POST /api/events``, ``GET /api/analytics`` and the dashboard.

Players send batches of events with ``navigator.sendBeacon`` (a ``text/plain``
body, so no preflight). A batch is accepted only from an allowed origin (or
with no origin, as a server-side sender), only within the client's per-minute
allowance, and only if every event is valid; otherwise a problem+json says
why and nothing is stored. No cookie is read or set and nothing about the
client (address, user agent) is stored.

``GET /api/analytics`` (API key) aggregates per article and day as JSON or
CSV; ``GET /analytics`` is the dashboard page that draws it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse

from voxpress.analytics.events import parse_events
from voxpress.analytics.limits import RateLimiter
from voxpress.analytics.models import AnalyticsStore
from voxpress.analytics.report import aggregate, to_csv
from voxpress.errors import NotFoundError
from voxpress.narration import SPEED_MAX, SPEED_MIN
from voxpress.server.embed_api import EMBED_DIR, EmbedPolicy, RateLimitedError, _client
from voxpress.server.security import api_key_guard
from voxpress.settings import Settings

DayParam = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD (UTC)")]


def build_analytics_router(settings: Settings, analytics: AnalyticsStore) -> APIRouter:
    """The events endpoint, the analytics export and the dashboard page."""
    policy = EmbedPolicy.from_settings(settings)
    limiter = RateLimiter(settings.events_per_minute)
    read_access = [Depends(api_key_guard(settings.api_key))]
    router = APIRouter()

    @router.post("/api/events", status_code=204, summary="Record listening events")
    async def post_events(request: Request) -> Response:
        """A batch ``{"events": [{article, view, kind, share, listened, speed, voice}]}``."""
        policy.check_origin(request)
        body = await request.body()
        events = parse_events(body, (SPEED_MIN, SPEED_MAX))
        if not limiter.allow(_client(request), len(events)):
            raise RateLimitedError(
                f"Too many listening events: at most {limiter.per_minute} a minute per client."
            )
        analytics.add(events)
        return Response(status_code=204)

    @router.get("/api/analytics", dependencies=read_access, summary="Listening analytics")
    def get_analytics(
        article: str | None = None,
        since: DayParam = None,
        until: DayParam = None,
        format: Literal["json", "csv"] = "json",
    ) -> Response:
        """Loads, plays, play rate, listened minutes, average share listened, completion rate,
        drop-off curve, speeds and voices, per article and day (newest first)."""
        reports = aggregate(analytics.rows(article, since, until))
        if format == "csv":
            return Response(
                to_csv(reports),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": 'attachment; filename="voxpress-analytics.csv"'},
            )
        return JSONResponse({"days": [report.to_dict() for report in reports]})

    @router.get("/analytics", include_in_schema=False)
    def dashboard() -> FileResponse:
        path = EMBED_DIR / "dashboard.html"
        if not path.is_file():
            raise NotFoundError("The analytics dashboard is not installed.")
        return FileResponse(
            path, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"}
        )

    return router
