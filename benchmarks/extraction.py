"""Extraction quality and speed against the evaluation pages, side by side with a baseline.

    python benchmarks/extraction.py [--limit N]

Looks for the evaluation data in ``$VOXPRESS_EVAL_DIR`` or ``../shared/eval``
beside the repository (``extraction/html/*.html.gz``, ``extraction/pasted/*.txt``,
``extraction/gold.json`` and ``score_extraction.py``). For web pages it runs
voxpress and trafilatura (``favor_precision=True, include_comments=False``);
for copied page text it runs voxpress and the raw text itself as the baseline.
Each tool's article bodies (paragraphs, no headline or standfirst) go to a
temporary folder that the evaluation's own scorer judges. Prints one table:
input | tool | F1 | share of pages at F1 >= 0.9 | median ms per page.
Exits 0 with a message when the data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from voxpress.extract import decode_html, decode_text, extract_from_html, extract_from_text

REPO = Path(__file__).resolve().parent.parent
Extractor = Callable[[bytes, str | None], str]


def eval_dir() -> Path | None:
    """The evaluation folder, or None when it is not on this machine."""
    candidate = Path(os.environ.get("VOXPRESS_EVAL_DIR") or REPO.parent / "shared" / "eval")
    return candidate if (candidate / "extraction" / "gold.json").is_file() else None


def voxpress_html(data: bytes, url: str | None) -> str:
    return "\n".join(extract_from_html(decode_html(data), url).paragraphs)


def trafilatura_html(data: bytes, url: str | None) -> str:
    text = trafilatura.extract(decode_html(data), url=url, favor_precision=True, include_comments=False)
    return text or ""


def voxpress_pasted(data: bytes, _url: str | None) -> str:
    return "\n".join(extract_from_text(decode_text(data)).paragraphs)


def raw_pasted(data: bytes, _url: str | None) -> str:
    return decode_text(data)


def run_tool(pages: dict[str, bytes], urls: dict[str, str | None], tool: Extractor, out: Path) -> float:
    """Write each page's extraction to ``out``; return the median time per page in ms."""
    out.mkdir(parents=True)
    times = []
    for page_id, data in pages.items():
        start = time.perf_counter()
        text = tool(data, urls.get(page_id))
        times.append(time.perf_counter() - start)
        (out / f"{page_id}.txt").write_text(text, encoding="utf-8")
    return statistics.median(times) * 1000


def score(pred: Path, gold: Path, scorer: Path) -> tuple[float, float]:
    """F1 and share of pages at F1 >= 0.9, as the evaluation's scorer prints them."""
    result = subprocess.run(
        [sys.executable, str(scorer), str(pred), str(gold)], capture_output=True, text=True, check=True
    )
    share = re.search(r"share_f1_ge_0\.9=([\d.]+)", result.stdout)
    f1 = re.search(r"^F1=([\d.]+)", result.stdout, re.MULTILINE)
    if not (share and f1):
        raise RuntimeError(f"unexpected scorer output: {result.stdout!r}")
    return float(f1.group(1)), float(share.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    args = parser.parse_args()
    data_dir = eval_dir()
    if data_dir is None:
        print("evaluation data not found (set VOXPRESS_EVAL_DIR or put it in ../shared/eval); nothing to do")
        return 0
    gold_path = data_dir / "extraction" / "gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    ids = sorted(gold)[: args.limit] if args.limit else sorted(gold)
    urls = {k: gold[k].get("url") for k in ids}
    html = {k: gzip.decompress((data_dir / "extraction" / "html" / f"{k}.html.gz").read_bytes()) for k in ids}
    pasted = {k: (data_dir / "extraction" / "pasted" / f"{k}.txt").read_bytes() for k in ids}
    runs: list[tuple[str, str, dict[str, bytes], Extractor]] = [
        ("html", "voxpress", html, voxpress_html),
        ("html", "trafilatura (precision)", html, trafilatura_html),
        ("pasted", "voxpress", pasted, voxpress_pasted),
        ("pasted", "raw text", pasted, raw_pasted),
    ]
    scorer = data_dir / "score_extraction.py"
    print(f"{len(ids)} pages from {data_dir}")
    print(f"{'input':<8} | {'tool':<24} | {'F1':>6} | {'share>=0.9':>10} | {'median ms/page':>14}")
    print("-" * 74)
    # Load the language model before timing: it is loaded once per process, not once per page.
    extract_from_text("Warm-up text that is long enough to detect its language reliably.")
    medians: dict[tuple[str, str], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.limit:
            gold_path = Path(tmp) / "gold.json"
            gold_path.write_text(json.dumps({k: gold[k] for k in ids}), encoding="utf-8")
        for n, (kind, tool_name, pages, tool) in enumerate(runs):
            pred = Path(tmp) / f"run{n}"
            ms = medians[kind, tool_name] = run_tool(pages, urls, tool, pred)
            f1, share = score(pred, gold_path, scorer)
            print(f"{kind:<8} | {tool_name:<24} | {f1:>6.3f} | {share:>10.3f} | {ms:>14.1f}")
    baseline = medians["html", "trafilatura (precision)"]
    html_ratio = medians["html", "voxpress"] / baseline
    pasted_ratio = medians["pasted", "voxpress"] / baseline
    print(
        f"median ms per page vs trafilatura in this run: html {html_ratio:.2f}x, pasted {pasted_ratio:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
