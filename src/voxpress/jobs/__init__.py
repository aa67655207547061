"""Narration jobs: the ``JobQueue`` interface, the in-process pool, live streams and the narration runner."""

from voxpress.jobs.live import JobCancelled, LiveNarration
from voxpress.jobs.queue import JobQueue, Runner, ThreadJobQueue, failure_message
from voxpress.jobs.stream import ByteStream

__all__ = [
    "ByteStream",
    "JobCancelled",
    "JobQueue",
    "LiveNarration",
    "Runner",
    "ThreadJobQueue",
    "failure_message",
]
