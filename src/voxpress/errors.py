"""The one error hierarchy of voxpress.

Every failure a user can cause is a ``VoxpressError``; its message is what the
CLI prints on standard error and what the API returns as a problem's title, so
it says what went wrong and, where it helps, what to do.
"""

from __future__ import annotations


class VoxpressError(Exception):
    """Base of every error voxpress reports to a user."""

    #: HTTP status the server answers with for this kind of error.
    http_status: int = 400


class InputError(VoxpressError):
    """The article input is missing, unreadable, empty, binary or not decodable."""


class ArticleTooLargeError(InputError):
    """The request body, the article input or the article's word count is over the configured limits."""

    http_status = 413


class FetchError(VoxpressError):
    """A URL could not be fetched: unreachable, refused, too large or not HTML."""

    http_status = 422


class ForbiddenAddressError(FetchError):
    """A URL points at a loopback, private, link-local or otherwise internal address."""


class NoArticleError(VoxpressError):
    """The input holds no article text (a navigation page, a few words)."""

    http_status = 422


class VoiceError(VoxpressError):
    """An unknown or unusable voice, or a speed outside the supported range."""


class SynthesisError(VoxpressError):
    """The speech engine failed while narrating."""

    http_status = 500


class NotFoundError(VoxpressError):
    """A stored article, narration or job does not exist."""

    http_status = 404


class StorageFullError(VoxpressError):
    """The disk holding the data folder or the database is full: nothing was written."""

    http_status = 507
    #: Every message starts so; a job that failed for this reason is told by its recorded error.
    message_prefix = "The disk is full"


class NarrationFailedError(SynthesisError):
    """A narration job ended in failure; the message is its reason."""


class ServiceUnavailableError(VoxpressError):
    """The database or the broker cannot be reached right now; the request may be tried again."""

    http_status = 503
