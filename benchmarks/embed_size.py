"""Size of the embed a publisher's page downloads: embed.js and the modules it imports, gzipped.

Run: python benchmarks/embed_size.py. Prints each file's raw and gzipped bytes and the total
against the 30 KB budget (the dashboard's modules are not part of the embed and are not counted).
"""

from __future__ import annotations

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "src" / "voxpress" / "server" / "static"
EMBED_FILES = (
    "embed.js",
    "embed/player.js",
    "embed/early.js",
    "embed/align.js",
    "embed/highlight.js",
    "embed/events.js",
    "embed/style.js",
    "embed/tail.js",
    "player/stream.js",  # the reader's Media Source fast start, served as /embed/assets/stream.js
    "player/timings.js",  # the reader's tail-narration time mapping, served as /embed/assets/timings.js
)
BUDGET_BYTES = 30_000


def main() -> None:
    total_raw = total_gzip = 0
    for name in EMBED_FILES:
        data = (STATIC / name).read_bytes()
        packed = len(gzip.compress(data, compresslevel=9))
        total_raw += len(data)
        total_gzip += packed
        print(f"{name:22} {len(data):7,} B  gzip {packed:6,} B")
    verdict = "within" if total_gzip <= BUDGET_BYTES else "OVER"
    print(f"{'total':22} {total_raw:7,} B  gzip {total_gzip:6,} B  ({verdict} the {BUDGET_BYTES:,} B budget)")


if __name__ == "__main__":
    main()
