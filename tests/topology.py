"""The real many-machine topology on one machine, for the distributed tests and benchmarks/scale.py.

``Topology`` starts Debian's ``redis-server`` (no persistence, its own port),
a throwaway PostgreSQL cluster (``initdb`` into a temporary folder; run as the
``postgres`` user under root), a shared storage folder, and any number of
``voxpress serve`` web nodes and ``voxpress worker`` processes, each a real
process with the settings in its environment. Every part can be stopped,
killed (``SIGKILL``) and restarted on the same port; ``close`` stops them all.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SRC = Path(__file__).resolve().parent.parent / "src"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def postgres_bin_dir() -> Path | None:
    """The newest installed PostgreSQL server's binaries (Debian keeps them off the PATH)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda initdb: [int(p) for p in initdb.parent.parent.name.split(".") if p.isdigit()],
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing_parts() -> str | None:
    """Why the topology cannot run here, or None."""
    if shutil.which("redis-server") is None:
        return "redis-server not installed (Debian package 'redis-server')"
    if postgres_bin_dir() is None:
        return "PostgreSQL server binaries not found (Debian package 'postgresql')"
    try:
        import boto3  # noqa: F401
        import celery  # noqa: F401
        import psycopg  # noqa: F401
        import redis  # noqa: F401
    except ImportError as error:
        return f"{error.name} not installed (pip install 'voxpress[distributed,postgresql]')"
    return None


def wait_until(check, timeout: float, what: str, interval: float = 0.2):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except Exception:
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


class Redis:
    """A redis-server on its own port, without persistence: a restart loses everything."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        wait_until(lambda: redis.Redis(port=self.port, socket_timeout=1).ping(), 15, "redis")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


class Postgres:
    """A throwaway PostgreSQL cluster on 127.0.0.1 with trust authentication."""

    def __init__(self) -> None:
        bin_dir = postgres_bin_dir()
        assert bin_dir is not None
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="voxpress-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.run_as: dict[str, object] = {}
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self.run_as = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
        self._pg(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "voxpress",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-locale",
            "-N",
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://voxpress@127.0.0.1:{self.port}/postgres"

    def _pg(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin_dir / args[0]), *args[1:]],
            cwd=self.folder,
            capture_output=True,
            timeout=60,
            check=True,
            **self.run_as,  # type: ignore[arg-type]
        )

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder} "
            "-c max_connections=100 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Node:
    """A voxpress process (web node or worker) and its log."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Topology:
    """Redis, PostgreSQL, a shared folder, web nodes and workers."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="voxpress-topology-")))
    lease_seconds: float = 6.0
    redis: Redis = field(init=False)
    postgres: Postgres = field(init=False)
    webs: list[Node] = field(default_factory=list)
    workers: list[Node] = field(default_factory=list)
    beats: list[Node] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    """Settings every process of the topology gets (e.g. ``VOXPRESS_FETCH_ALLOW``), replacements too."""

    def __post_init__(self) -> None:
        self.redis = Redis(self.folder)
        self.postgres = Postgres()

    @property
    def shared(self) -> Path:
        return self.folder / "shared"

    def start_services(self) -> None:
        self.redis.start()
        self.postgres.start()

    def environment(self, name: str, **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
            "VOXPRESS_DATA": str(self.folder / name),
            "VOXPRESS_DATABASE_URL": self.postgres.url,
            "VOXPRESS_BROKER_URL": self.redis.url,
            "VOXPRESS_STORAGE_URL": f"file://{self.shared}",
            "VOXPRESS_JOB_LEASE_SECONDS": str(self.lease_seconds),
            "VOXPRESS_VOICE_THREADS": "1",
            **self.env,
            **extra,
        }
        return env

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], Path]:
        log = self.folder / f"{name}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "voxpress.cli", *args],
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        return process, log

    def start_web(self, **extra: str) -> Node:
        name = f"web{len(self.webs) + 1}"
        port = free_port()
        process, log = self._spawn(
            name, ["serve", "--host", "127.0.0.1", "--port", str(port)], self.environment(name, **extra)
        )
        node = Node(name, process, log, port)
        wait_until(
            lambda: httpx.get(f"{node.url}/api/health", timeout=2).status_code == 200, 90, f"{name} up"
        )
        self.webs.append(node)
        return node

    def start_worker(self, *, wait: bool = True, **extra: str) -> Node:
        name = f"worker{len(self.workers) + 1}"
        process, log = self._spawn(
            name, ["worker", "--pool", "solo", "--name", f"{name}@%h"], self.environment(name, **extra)
        )
        node = Node(name, process, log)
        if wait:
            wait_until(lambda: b"ready." in log.read_bytes(), 120, f"{name} ready")
        self.workers.append(node)
        return node

    def start_beat(self, **extra: str) -> Node:
        """Celery beat, as docs/DEPLOY.md runs it (the schedule file in the topology's folder)."""
        log = self.folder / "beat.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "voxpress.distributed.beat",
                "beat",
                "--schedule",
                str(self.folder / "beat-schedule"),
                "--loglevel",
                "INFO",
            ],
            env=self.environment("beat", **extra),
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        node = Node("beat", process, log)
        self.beats.append(node)
        return node

    def close(self) -> None:
        for node in [*self.webs, *self.workers, *self.beats]:
            node.kill()
        self.redis.stop()
        self.postgres.remove()
        shutil.rmtree(self.folder, ignore_errors=True)


def main() -> None:
    """Start Redis, PostgreSQL, two web nodes and two workers; print where they are; stop on Ctrl-C."""
    world = Topology(lease_seconds=30.0)
    try:
        world.start_services()
        for _ in range(2):
            world.start_web()
        for _ in range(2):
            world.start_worker()
        print(f"redis {world.redis.url}\npostgres {world.postgres.url}\nshared {world.shared}")
        for node in world.webs:
            print(f"{node.name} {node.url}  (log {node.log})")
        for node in world.workers:
            print(f"{node.name} pid {node.process.pid}  (log {node.log})")
        print("Ctrl-C stops everything.", flush=True)
        while all(node.process.poll() is None for node in [*world.webs, *world.workers]):
            time.sleep(1)
        print("a process ended; stopping the topology")
    except KeyboardInterrupt:
        pass
    finally:
        world.close()


if __name__ == "__main__":
    main()
