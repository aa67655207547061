"""Live narrations across machines: one Redis stream per job, written by a worker, replayed by web nodes.

The worker's ``PublishedNarration`` is a ``LiveNarration`` that also appends
every event to the stream ``voxpress:live:<job id>``: ``start`` (the attempt),
``begin`` (the script's text and sentence count), ``audio`` (MP3 bytes),
``chunk`` (a piece's word spans and the sentence span when it ends one) and
``end`` (with the failure, if any). A web node's ``LiveFollower`` reads the
stream from its first entry into an ordinary ``LiveNarration``, so the API
serves a remote job exactly like a local one and a late listener gets
everything from the start. A stream outlives its job by ``ENDED_TTL_SECONDS``.

Redis being away never fails a narration: the worker logs it and goes on
(the finished files are the product); listeners of that job see the stream
stop and the finished file is served once the job is done.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

import redis

from voxpress.audio.timings import Span
from voxpress.errors import NotFoundError
from voxpress.jobs.live import LiveNarration
from voxpress.jobs.stream import ByteStream
from voxpress.store.db import JobRecord, Store

logger = logging.getLogger(__name__)

STREAM_PREFIX = "voxpress:live:"
RUNNING_TTL_SECONDS = 6 * 3600
"""A stream of a running job expires this long after its last start (a dead worker's stream)."""
ENDED_TTL_SECONDS = 600
"""A finished job's stream stays this long (the files are in storage by then)."""
READ_BLOCK_MS = 1000
JOB_CHECK_SECONDS = 2.0
"""How often a follower with nothing to read looks at the job in the store (did it end?)."""
WORKER_LOST_MESSAGE = "The worker making this narration was lost; it is being made again, reload to listen."


def stream_key(job_id: str) -> str:
    return f"{STREAM_PREFIX}{job_id}"


class LiveChannel:
    """The worker's side of one job's stream; Redis errors are logged, never raised."""

    def __init__(self, client: redis.Redis, job_id: str) -> None:
        self.client = client
        self.key = stream_key(job_id)
        self.muted = False
        """Set when this process gave the job up: another worker may own the stream now."""
        self._warned = False

    def publish(self, kind: str, payload: dict[str, Any] | None = None, data: bytes = b"") -> None:
        if self.muted:
            return
        fields: dict[str, bytes | str] = {"kind": kind}
        if payload is not None:
            fields["json"] = json.dumps(payload, ensure_ascii=False)
        if data:
            fields["data"] = data
        try:
            self.client.xadd(self.key, fields)  # type: ignore[arg-type]
            if kind in {"start", "end"}:
                self.client.expire(self.key, ENDED_TTL_SECONDS if kind == "end" else RUNNING_TTL_SECONDS)
        except redis.RedisError as error:
            if not self._warned:
                logger.warning("live stream %s not written (%s); the narration goes on", self.key, error)
                self._warned = True

    def restart(self, attempt: int) -> None:
        """A new attempt of the job: its stream starts again from nothing."""
        with contextlib.suppress(redis.RedisError):
            self.client.delete(self.key)
        self.publish("start", {"attempt": attempt})


class PublishedStream(ByteStream):
    """A ``ByteStream`` whose bytes and end also go to the job's Redis stream."""

    def __init__(self, channel: LiveChannel) -> None:
        super().__init__()
        self.channel = channel

    def write(self, data: bytes) -> None:
        super().write(data)
        if data:
            self.channel.publish("audio", data=data)

    def close(self, error: str | None = None) -> None:
        if self.closed:
            return
        super().close(error)
        self.channel.publish("end", {"error": error})


class PublishedNarration(LiveNarration):
    """A worker's ``LiveNarration`` mirrored to Redis for every web node."""

    def __init__(self, client: redis.Redis, store: Store, job: JobRecord) -> None:
        super().__init__(job.id, job.article_id, job.voice, job.speed, job.formats)
        self.store = store
        self.channel = LiveChannel(client, job.id)
        self.channel.restart(job.attempts)
        self.mp3 = PublishedStream(self.channel)

    def cancel(self) -> None:
        self.channel.muted = True  # the job is not ours any more: write nothing to its stream
        super().cancel()

    def begin(self, text: str, total_sentences: int) -> None:
        super().begin(text, total_sentences)
        self.channel.publish("begin", {"text": text, "total": total_sentences})

    def add_chunk(self, index: int, sentence: Span | None, words: list[Span], end: float) -> None:
        super().add_chunk(index, sentence, words, end)
        payload = {
            "index": index,
            "sentence": None if sentence is None else asdict(sentence),
            "words": [asdict(word) for word in words],
            "end": end,
        }
        self.channel.publish("chunk", payload)

    def freeze_formats(self) -> tuple[str, ...]:
        # A web node may have added a format to the job in the store while it ran.
        try:
            for fmt in self.store.get_job(self.job_id).formats:
                self.add_format(fmt)
        except Exception:
            logger.warning("formats of job %s not re-read; writing those known at start", self.job_id)
        return super().freeze_formats()


class LiveFollower:
    """A web node's replay of one job's stream into a local ``LiveNarration``."""

    def __init__(
        self,
        client: redis.Redis,
        store: Store,
        job: JobRecord,
        on_finished: Callable[[LiveFollower], None],
        scratch: Path | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.job_id = job.id
        self.key = stream_key(job.id)
        self.live = LiveNarration(job.id, job.article_id, job.voice, job.speed, job.formats)
        self.live.status = job.status
        self.live.mp3.folder = scratch  # the replayed MP3 on local disk, as a worker's (not /tmp)
        self._on_finished = on_finished
        self._stop = threading.Event()
        self._attempt: int | None = None
        self._thread = threading.Thread(target=self._follow, name=f"voxpress-follow-{job.id}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, reason: str) -> None:
        self._stop.set()
        self.live.mp3.close(reason)

    def _follow(self) -> None:
        last_id = b"0-0"
        last_check = time.monotonic()
        try:
            while not self._stop.is_set() and not self.live.mp3.closed:
                answer: list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]] = []
                try:
                    answer = cast(Any, self.client.xread({self.key: last_id}, block=READ_BLOCK_MS, count=200))
                except redis.RedisError:
                    self._stop.wait(0.5)
                for _key, entries in answer or []:
                    for entry_id, fields in entries:
                        last_id = entry_id
                        self._apply(fields)
                if not answer and time.monotonic() - last_check >= JOB_CHECK_SECONDS:
                    last_check = time.monotonic()
                    self._check_job()
        finally:
            self._on_finished(self)

    def _check_job(self) -> None:
        """Nothing arrives: the job may have ended without an ``end`` we could read (Redis lost it)."""
        try:
            job = self.store.get_job(self.job_id)
        except NotFoundError:  # deleted with its article
            self.live.status = "failed"
            self.live.mp3.close("The article was deleted.")
            return
        except Exception:  # the database is away: look again later
            return
        if job.active:
            return
        self.live.status = job.status
        self.live.mp3.close(None if job.status == "done" else job.error or "The narration failed.")

    def _apply(self, fields: dict[bytes, bytes]) -> None:
        kind = fields.get(b"kind", b"").decode()
        payload = json.loads(fields[b"json"]) if b"json" in fields else {}
        if kind == "start":
            attempt = int(payload.get("attempt", 0))
            if self._attempt is not None and attempt != self._attempt and len(self.live.mp3):
                self.live.status = "failed"
                self.live.mp3.close(WORKER_LOST_MESSAGE)
            self._attempt = attempt
        elif kind == "begin":
            self.live.begin(payload["text"], int(payload["total"]))
        elif kind == "audio":
            self.live.mp3.write(fields.get(b"data", b""))
        elif kind == "chunk":
            sentence = payload.get("sentence")
            self.live.add_chunk(
                int(payload["index"]),
                None if sentence is None else Span(**sentence),
                [Span(**word) for word in payload["words"]],
                float(payload["end"]),
            )
        elif kind == "end":
            error = payload.get("error")
            self.live.status = "failed" if error else "done"
            self.live.mp3.close(error)
