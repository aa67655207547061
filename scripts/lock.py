"""Write constraints.txt: the tested versions of voxpress's dependencies, from the installed environment.

Run with the virtualenv the tests passed in (``.venv/bin/python scripts/lock.py``). It walks the
requirements of voxpress and its extras (test, kokoro, postgresql) through the installed
distributions and pins each one found at its installed version, so ``pip install -c
constraints.txt .`` gets what CI tested. voxpress itself and packages not installed from an
index (editable or local paths) are left out.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRAS = ("test", "kokoro", "postgresql", "distributed")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse(requirement: str) -> tuple[str, set[str], str]:
    """Name, extras and environment marker of a requirement string."""
    match = _NAME.match(requirement)
    if match is None:
        raise ValueError(f"cannot read the requirement {requirement!r}")
    extras = {canonical(e) for e in (match.group(2) or "").split(",") if e.strip()}
    marker = requirement.split(";", 1)[1].strip() if ";" in requirement else ""
    return canonical(match.group(1)), extras, marker


def marker_applies(marker: str, extras: set[str]) -> bool:
    if not marker:
        return True
    wanted = re.findall(r"extra\s*==\s*['\"]([^'\"]+)['\"]", marker)
    if wanted:
        return any(canonical(e) in extras for e in wanted)
    try:
        from packaging.markers import Marker
    except ImportError:
        return True
    return Marker(marker).evaluate()


def is_local(dist: metadata.Distribution) -> bool:
    direct = dist.read_text("direct_url.json")
    return bool(direct) and "url" in json.loads(direct or "{}")


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pending = list(project["dependencies"])
    for extra in EXTRAS:
        pending += project["optional-dependencies"].get(extra, [])
    pinned: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        name, extras, _marker = parse(pending.pop())
        if (name, frozenset(extras)) in seen or name == "voxpress":
            continue
        seen.add((name, frozenset(extras)))
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if not is_local(dist):
            pinned[canonical(dist.metadata["Name"])] = dist.version
        for requirement in dist.requires or []:
            _, _, marker = parse(requirement)
            if marker_applies(marker, extras):
                pending.append(requirement)
    lines = [f"{name}=={version}" for name, version in sorted(pinned.items())]
    header = (
        "# Tested versions of voxpress's dependencies (written by scripts/lock.py; do not edit).\n"
        "# Install with: pip install -c constraints.txt '.[EXTRAS]'\n"
    )
    (ROOT / "constraints.txt").write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"constraints.txt: {len(lines)} packages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
