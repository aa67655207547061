"""Errors as ``application/problem+json`` (RFC 9457): one shape for every failure the API reports.

A ``VoxpressError``'s message is the problem's title and its class picks the
status; routing errors (404, 405), validation errors (422) and unexpected
failures (500, logged, never a traceback to the client) get the same shape.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from voxpress.errors import InputError, VoxpressError

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ArticleTooLargeError(InputError):
    """The request body or the article is over the configured limits."""

    http_status = 413


class UnauthorizedError(VoxpressError):
    """A write without the configured API key."""

    http_status = 401


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
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


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
        return problem(error.http_status, str(error), kind=_slug(type(error).__name__))

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

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem(500, "Internal server error.", "The error was logged on the server.")
