"""The web server: JSON API, reader pages, streaming narrations (``create_app``, ``serve``)."""

from voxpress.server.app import create_app, serve

__all__ = ["create_app", "serve"]
