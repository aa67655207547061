"""Signed webhooks, as Stripe and GitHub sign theirs.

The sender puts the Unix time in ``X-Voxpress-Timestamp`` and ``sha256=`` plus
the hex HMAC-SHA256 of ``timestamp + "." + body`` (with the shared secret
``VOXPRESS_WEBHOOK_SECRET``) in ``X-Voxpress-Signature``. A missing or wrong
signature, or a timestamp more than ``TOLERANCE_SECONDS`` away from now, is
refused; the comparison takes constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from voxpress.errors import VoxpressError

TIMESTAMP_HEADER = "X-Voxpress-Timestamp"
SIGNATURE_HEADER = "X-Voxpress-Signature"
TOLERANCE_SECONDS = 300
"""Signed requests older (or further in the future) than this are refused: no replays."""


class SignatureError(VoxpressError):
    """A webhook request whose signature is missing, wrong or too old."""

    http_status = 401


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``X-Voxpress-Signature`` value for ``body`` sent at ``timestamp``."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float | None = None
) -> None:
    """Return quietly for a good signature; raise ``SignatureError`` saying what is wrong otherwise."""
    if not timestamp or not signature:
        raise SignatureError(f"The webhook needs the {TIMESTAMP_HEADER} and {SIGNATURE_HEADER} headers.")
    if not timestamp.strip().isdigit():
        raise SignatureError(f"{TIMESTAMP_HEADER} must be the Unix time in seconds.")
    age = (time.time() if now is None else now) - int(timestamp)
    if abs(age) > TOLERANCE_SECONDS:
        raise SignatureError(
            f"The webhook timestamp is more than {TOLERANCE_SECONDS // 60} minutes from now."
        )
    expected = sign(secret, timestamp.strip(), body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise SignatureError(
            "The webhook signature does not match: sign timestamp + '.' + body with the secret."
        )
