"""Keeping the C heap of a narrating process bounded (glibc's malloc settings).

The engines allocate large buffers whose sizes change with every piece. With
glibc's defaults two things let such a process grow far beyond what it uses:
the mmap threshold rises as big buffers are freed, so later ones come from the
heap and are kept; and threads that find the heap busy get arenas of their own,
each holding freed memory (the more contention, the more arenas: a loaded
machine grew a 1 GB narration past 3.5 GB). ``bound_native_memory`` fixes the
threshold and caps the arenas. It changes process-wide settings, so the
engines call it when they load (and the CLI before it narrates); other C
libraries are not affected. Where the C library is not glibc it does nothing.
``emptied_after_each_call`` is onnxruntime's side: run options that give a
call's arena back when the call ends; ``HeldArena`` gives it back only when it
holds more than a limit, so most calls find their memory already mapped.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import onnxruntime

M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 4 << 20
"""Buffers over 4 MB (a piece's samples, an engine's tensors) are mmap'ed and returned on free."""
ARENA_MAX = 2
"""Two arenas: the narration's synthesis threads share them instead of each keeping its own."""

_done = threading.Event()


def bound_native_memory() -> None:
    """Fix glibc's mmap threshold and cap its arenas, once per process."""
    if _done.is_set():
        return
    _done.set()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        libc.mallopt(M_ARENA_MAX, ARENA_MAX)
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def emptied_after_each_call() -> onnxruntime.RunOptions:
    """Run options under which a session's arena serves one call's tensors and is emptied when the
    call ends, so nothing is kept between calls."""
    options = onnxruntime.RunOptions()
    options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
    return options


def resident_bytes() -> int | None:
    """The process's resident memory, None where ``/proc`` cannot tell."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class HeldArena:
    """Run options that keep a session's arena between calls while it holds under ``limit_bytes``.

    Emptied after every call, the arena's memory is mapped and faulted in again by the next call
    (a Piper call's tensors are hundreds of megabytes: 8% of a narration's CPU); kept, it grows over
    a long narration in steps it never gives back. Here what it holds is measured as the process's
    growth since the last call that emptied it: a call that finds more than the limit empties it
    when it ends, so the process peaks at most one call's tensors above the limit, whatever the
    article's length. Where resident memory cannot be read, or with a limit of 0, every call empties
    it. Thread-safe.
    """

    def __init__(self, limit_bytes: int | None) -> None:
        """``limit_bytes`` None: never emptied (a kept arena, or none to empty)."""
        self.limit_bytes = limit_bytes
        self._kept = onnxruntime.RunOptions()
        self._emptied = emptied_after_each_call()
        self._baseline: int | None = None  # resident memory just after the last emptying call
        self._lock = threading.Lock()

    @contextmanager
    def run_options(self) -> Iterator[onnxruntime.RunOptions]:
        """The options for one call, chosen by what the arena holds as it starts."""
        resident = resident_bytes()
        with self._lock:
            baseline = self._baseline
        held = None if resident is None or baseline is None else resident - baseline
        limit = self.limit_bytes
        empties = limit is not None and (limit <= 0 or held is None or held > limit)
        try:
            yield self._emptied if empties else self._kept
        finally:
            if empties:
                after = resident_bytes()
                with self._lock:
                    self._baseline = after
