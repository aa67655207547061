"""What the fault tests and ``benchmarks/faults.py`` share: a voxpress server in its own process,
and a disk filled to the last byte.

``ServerProcess`` runs ``voxpress.server`` under uvicorn in a new Python process (this tree's
``src`` first on its path), configured as a deployment is, by ``VOXPRESS_*`` variables, so a test
can kill it with a signal and start another on the same data folder.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

SERVER_CODE = """
import sys
import uvicorn
from voxpress.server import create_app
from voxpress.settings import Settings
app = create_app(Settings.from_env(), warm=False)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="critical", timeout_graceful_shutdown=5)
"""
SOURCE = Path(__file__).resolve().parents[1] / "src"
HARBOUR = (
    "Harbour wall repaired\n\n"
    "Workers finished repairing the old harbour wall on Thursday after the winter storms. "
    "The fishing boats can now moor on the inner side again. "
    "The council said the work cost less than it had feared. "
    "A small ceremony will be held at the lighthouse on Saturday. "
    "Children from the village school will paint a mural on the new stones. "
    "The harbour master thanked the divers who checked the foundations."
)
"""A story of seven sentences: long enough to interrupt while it is narrated."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerProcess:
    """One voxpress server process over ``data_dir`` with one worker and ``lease_seconds`` job
    leases; ``env`` adds or overrides variables. Raises ``RuntimeError`` when it does not start."""

    def __init__(
        self,
        data_dir: Path,
        *,
        lease_seconds: float,
        env: Mapping[str, str] | None = None,
        start_timeout: float = 120.0,
    ) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        variables = {
            **os.environ,
            "PYTHONPATH": f"{SOURCE}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
            "VOXPRESS_DATA": str(data_dir),
            "VOXPRESS_WORKERS": "1",
            "VOXPRESS_JOB_LEASE_SECONDS": str(lease_seconds),
            **(env or {}),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER_CODE, str(self.port)],
            env=variables,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = httpx.Client(base_url=self.url, timeout=60)
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                if self.client.get("/api/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("the voxpress server process did not start")
            time.sleep(0.1)

    def signal(self, number: int) -> float:
        """Send signal ``number``; the seconds until the process exited."""
        began = time.monotonic()
        self.process.send_signal(number)
        self.process.wait(30)
        return time.monotonic() - began

    def kill(self) -> None:
        """kill -9."""
        self.signal(signal.SIGKILL)

    def close(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte; returns the file that fills it."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for block in (65536, 4096, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * block)
            except OSError:
                continue
    return filler
