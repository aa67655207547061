"""Errors as ``application/problem+json`` (RFC 9457): one shape for every failure the API reports.

A ``VoxpressError``'s message is the problem's title and its class picks the
status; routing errors (404, 405), validation errors (422) and unexpected
failures (500, logged, never a traceback to the client) get the same shape.
Unexpected failures are answered by ``ErrorGuardMiddleware`` inside the
security-headers middleware, so a 500 carries the same headers as any other
answer, and with ``Connection: close``: after an unexpected failure the
server closes the connection and says so, rather than leaving a keep-alive
client to find out on its next request.

Every JSON answer goes through ``SafeJSONResponse``, which cannot fail on a
stored value: a lone surrogate becomes U+FFFD and NaN or infinity becomes null.
"""

from __future__ import annotations

import json
import logging
import math
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from voxpress.errors import ArticleTooLargeError, VoxpressError

__all__ = [
    "ArticleTooLargeError",
    "RateLimitedError",
    "UnauthorizedError",
    "install_problem_handlers",
    "problem",
]

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_json_safe(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


class SafeJSONResponse(JSONResponse):
    """A JSON response that renders any value: unencodable text and non-finite numbers are replaced."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except ValueError:  # UnicodeEncodeError (a lone surrogate) or a NaN
            return json.dumps(
                _json_safe(content), ensure_ascii=False, allow_nan=False, separators=(",", ":")
            ).encode("utf-8")


class UnauthorizedError(VoxpressError):
    """A write without the configured API key."""

    http_status = 401


class RateLimitedError(VoxpressError):
    """A client asked for more work than its rate limit allows."""

    http_status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _slug(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name.removesuffix("Error")).lower() or "error"


def problem(
    status: int, title: str, detail: str | None = None, kind: str | None = None, **extra: object
) -> JSONResponse:
    """A problem response: ``{"type", "title", "status", "detail"}`` plus any ``extra`` members."""
    phrase = HTTPStatus(status).phrase
    body: dict[str, object] = {
        "type": f"/problems/{kind or _slug(phrase.replace(' ', ''))}",
        "title": title,
        "status": status,
        "detail": detail or phrase,
        **extra,
    }
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(extra.get("retry_after"), int):
        headers["Retry-After"] = str(extra["retry_after"])
    return SafeJSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _validation_detail(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts) or "The request is not valid."


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` as problem+json."""

    @app.exception_handler(VoxpressError)
    async def voxpress_error(_request: Request, error: VoxpressError) -> JSONResponse:
        kind = _slug(type(error).__name__)
        if isinstance(error, RateLimitedError):
            return problem(error.http_status, str(error), kind=kind, retry_after=error.retry_after)
        return problem(error.http_status, str(error), kind=kind)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        return problem(422, "The request is not valid.", _validation_detail(error), kind="validation")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 404:
            title = f"Nothing at {request.url.path}."
        elif error.status_code == 405:
            title = f"{request.method} is not allowed on {request.url.path}."
        else:
            title = str(error.detail) if error.detail else HTTPStatus(error.status_code).phrase
        response = problem(error.status_code, title, str(error.detail))
        if error.headers:
            response.headers.update(error.headers)
        return response


class ErrorGuardMiddleware:
    """Answers an unexpected exception with a logged 500 problem and ``Connection: close``.

    When the response has already started (a stream failing midway), the
    exception goes on to the server, which aborts the connection: the client
    sees a broken transfer, never a clean end.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if started:
                raise
            logger.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            response = problem(500, "Internal server error.", "The error was logged on the server.")
            response.headers["connection"] = "close"
            await response(scope, receive, send)
