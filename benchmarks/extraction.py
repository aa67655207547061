"""Extraction quality and speed on the evaluation pages, in two halves, side by side with peers.

    python benchmarks/extraction.py [--limit N] [--per-page] [--dump DIR] [--speed-runs 3]

Looks for the evaluation data in ``$VOXPRESS_EVAL_DIR`` or ``../shared/eval``
beside the repository (``extraction/html/*.html.gz``, ``extraction/pasted/*.txt``,
``extraction/gold.json``). The pages are a development set: they are split into
two halves by a hash of their id, and every figure is printed for both halves,
so that a change which helps only one half (a rule fitted to some pages) shows.

Web pages go through voxpress, trafilatura's own ``extract`` (with
``favor_precision=True`` and with its defaults) and readability-lxml; copied
page text through voxpress and, as the baseline, the raw text itself; and, as a
check that the copied-text rules hold on a copy format they were not tuned on,
each page's visible text (a line per block) through voxpress's copied-text extractor. Bodies
are scored as the evaluation's ``score_extraction.py`` scores them: 4-word
shingles, precision and recall averaged over pages, F1 their harmonic mean.
For copied text the headline is also checked against the page's own title
(``og:title`` or ``<title>``, site name removed): the share of pages where the
chosen headline and that title share most of their words.

Prints one table: input | tool | F1 half A | F1 half B | F1 all | share >= 0.9 |
median and p95 ms per page, then voxpress's median time as a ratio of trafilatura's in
the same run (the machine may be shared), then the headline agreement. With
``--speed-runs N``, trafilatura and voxpress are timed again N times, interleaved,
each run printing median and p95 and their ratios. Exits 0 with a message when
the data is absent.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from voxpress.extract import decode_html, decode_text, extract_from_html, extract_from_text
from voxpress.extract.html import _visible_text
from voxpress.extract.metadata import clean_title

REPO = Path(__file__).resolve().parent.parent
Extractor = Callable[[bytes, str | None], str]
_WORD = re.compile(r"\w+")
_OG_TITLE = re.compile(r"""<meta[^>]+property=["']og:title["'][^>]*content=["']([^"']+)""", re.IGNORECASE)
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
HEADLINE_MATCH = 0.6
"""Word overlap (of the smaller side) at which a chosen headline counts as the page's title."""


def eval_dir() -> Path | None:
    """The evaluation folder, or None when it is not on this machine."""
    candidate = Path(os.environ.get("VOXPRESS_EVAL_DIR") or REPO.parent / "shared" / "eval")
    return candidate if (candidate / "extraction" / "gold.json").is_file() else None


def half_of(page_id: str) -> str:
    """ "A" or "B": a stable split of the pages that knows nothing about them."""
    return "AB"[hashlib.sha256(page_id.encode()).digest()[0] % 2]


def voxpress_html(data: bytes, url: str | None) -> str:
    return "\n".join(extract_from_html(decode_html(data), url).paragraphs)


def trafilatura_precision(data: bytes, url: str | None) -> str:
    text = trafilatura.extract(decode_html(data), url=url, favor_precision=True)
    return text or ""


def trafilatura_default(data: bytes, url: str | None) -> str:
    return trafilatura.extract(decode_html(data), url=url) or ""


def readability_lxml(data: bytes, _url: str | None) -> str:
    from lxml import html as lxml_html
    from readability import Document  # type: ignore[import-untyped]

    try:
        summary = Document(decode_html(data)).summary(html_partial=True)
        return str(lxml_html.fromstring(summary).text_content())
    except Exception:  # a page the peer cannot parse scores as an empty extraction
        return ""


def voxpress_pasted(data: bytes, _url: str | None) -> str:
    return "\n".join(extract_from_text(decode_text(data)).paragraphs)


def voxpress_visible(data: bytes, _url: str | None) -> str:
    """The page's visible text (a line per block, as the HTML fallback reads it) through the
    copied-text extractor: a second copy format the copied-text rules were not tuned on."""
    return "\n".join(extract_from_text(_visible_text(decode_html(data))).paragraphs)


def raw_pasted(data: bytes, _url: str | None) -> str:
    return decode_text(data)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text)
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True)
class PageScore:
    precision: float | None
    recall: float | None
    f1: float


def page_score(pred: str, gold: str) -> PageScore:
    """The evaluation scorer's per-page figures (None where a side is empty)."""
    p, g = _shingles(pred), _shingles(gold)
    shared = sum((p & g).values())
    precision = shared / sum(p.values()) if p else None
    recall = shared / sum(g.values()) if g else None
    pr, rc = precision or 0.0, recall or 0.0
    return PageScore(precision, recall, 2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def overall_f1(scores: list[PageScore]) -> float:
    """Harmonic mean of the page-averaged precision and recall, as the scorer prints it."""
    ps = [s.precision for s in scores if s.precision is not None]
    rs = [s.recall for s in scores if s.recall is not None]
    mp, mr = sum(ps) / max(len(ps), 1), sum(rs) / max(len(rs), 1)
    return 2 * mp * mr / (mp + mr) if mp + mr else 0.0


def page_title(html: bytes) -> str:
    """The page's own headline: ``og:title``, else ``<title>``, without the site name."""
    head = decode_html(html)[:200_000]
    match = _OG_TITLE.search(head) or _TITLE_TAG.search(head)
    if not match:
        return ""
    from html import unescape

    return clean_title(unescape(match.group(1)))


def headline_agrees(chosen: str, reference: str) -> bool:
    a, b = set(_WORD.findall(chosen.lower())), set(_WORD.findall(reference.lower()))
    return bool(a and b) and len(a & b) / min(len(a), len(b)) >= HEADLINE_MATCH


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float


def timing(seconds: list[float]) -> Timing:
    """Median and 95th percentile (nearest rank) of per-page times, in ms."""
    ordered = sorted(seconds)
    rank = max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))
    return Timing(statistics.median(ordered) * 1000, ordered[rank] * 1000)


def run_tool(
    pages: dict[str, bytes], urls: dict[str, str | None], tool: Extractor
) -> tuple[dict[str, str], Timing]:
    """Each page's extraction and the time per page."""
    out: dict[str, str] = {}
    times = []
    for page_id, data in pages.items():
        start = time.perf_counter()
        out[page_id] = tool(data, urls.get(page_id))
        times.append(time.perf_counter() - start)
    return out, timing(times)


def speed_runs(
    runs: int, html: dict[str, bytes], pasted: dict[str, bytes], urls: dict[str, str | None]
) -> None:
    """Time trafilatura (precision) and voxpress on the same pages, interleaved, ``runs`` times,
    and print each run's median and p95 per page and voxpress's as a ratio of trafilatura's."""
    print(f"speed, {runs} runs (median / p95 ms per page; ratio to trafilatura precision in the same run):")
    for number in range(1, runs + 1):
        _, peer = run_tool(html, urls, trafilatura_precision)
        _, ours = run_tool(html, urls, voxpress_html)
        _, copied = run_tool(pasted, urls, voxpress_pasted)
        print(
            f"  run {number}: trafilatura {peer.median_ms:.1f} / {peer.p95_ms:.1f} | "
            f"voxpress html {ours.median_ms:.1f} / {ours.p95_ms:.1f} "
            f"({ours.median_ms / peer.median_ms:.2f}x / {ours.p95_ms / peer.p95_ms:.2f}x) | "
            f"voxpress copied text {copied.median_ms:.1f} / {copied.p95_ms:.1f} "
            f"({copied.median_ms / peer.median_ms:.2f}x / {copied.p95_ms / peer.p95_ms:.2f}x)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (0: all)")
    parser.add_argument("--per-page", action="store_true", help="print voxpress's F1 per page")
    parser.add_argument("--dump", type=Path, help="write each tool's extractions to this folder")
    parser.add_argument("--only-voxpress", action="store_true", help="skip the peers (quicker)")
    parser.add_argument(
        "--speed-runs", type=int, default=0, help="also time voxpress against trafilatura N times"
    )
    args = parser.parse_args()
    data_dir = eval_dir()
    if data_dir is None:
        print("evaluation data not found (set VOXPRESS_EVAL_DIR or put it in ../shared/eval); nothing to do")
        return 0
    gold = json.loads((data_dir / "extraction" / "gold.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[: args.limit] if args.limit else sorted(gold)
    urls = {k: gold[k].get("url") for k in ids}
    html = {k: gzip.decompress((data_dir / "extraction" / "html" / f"{k}.html.gz").read_bytes()) for k in ids}
    pasted = {k: (data_dir / "extraction" / "pasted" / f"{k}.txt").read_bytes() for k in ids}
    runs: list[tuple[str, str, dict[str, bytes], Extractor]] = [
        ("html", "voxpress", html, voxpress_html),
        ("html", "trafilatura precision", html, trafilatura_precision),
        ("html", "trafilatura default", html, trafilatura_default),
        ("html", "readability-lxml", html, readability_lxml),
        ("pasted", "voxpress", pasted, voxpress_pasted),
        ("pasted", "raw text", pasted, raw_pasted),
        ("visible", "voxpress", html, voxpress_visible),
    ]
    if args.only_voxpress:
        runs = [run for run in runs if run[1] == "voxpress"]
    halves = {k: half_of(k) for k in ids}
    count_a = sum(h == "A" for h in halves.values())
    print(f"{len(ids)} pages from {data_dir}: half A {count_a}, half B {len(ids) - count_a}")
    print(
        f"{'input':<8}| {'tool':<22}| {'F1 A':>6} | {'F1 B':>6} | {'F1 all':>6} "
        f"| {'>=0.9':>5} | {'median ms':>9} | {'p95 ms':>7}"
    )
    print("-" * 89)
    # Load the language model before timing: it is loaded once per process, not once per page.
    extract_from_text("Warm-up text that is long enough to detect its language reliably.")
    medians: dict[tuple[str, str], float] = {}
    for kind, tool_name, pages, tool in runs:
        texts, took = run_tool(pages, urls, tool)
        medians[kind, tool_name] = took.median_ms
        scores = {k: page_score(texts[k], gold[k]["body"]) for k in ids}
        f1_a = overall_f1([s for k, s in scores.items() if halves[k] == "A"])
        f1_b = overall_f1([s for k, s in scores.items() if halves[k] == "B"])
        f1_all = overall_f1(list(scores.values()))
        share = sum(s.f1 >= 0.9 for s in scores.values()) / max(len(scores), 1)
        print(
            f"{kind:<8}| {tool_name:<22}| {f1_a:>6.3f} | {f1_b:>6.3f} | {f1_all:>6.3f} "
            f"| {share:>5.2f} | {took.median_ms:>9.1f} | {took.p95_ms:>7.1f}"
        )
        if args.dump:
            folder = args.dump / f"{kind}-{tool_name.replace(' ', '_')}"
            folder.mkdir(parents=True, exist_ok=True)
            for k, text in texts.items():
                (folder / f"{k}.txt").write_text(text, encoding="utf-8")
        if args.per_page and tool_name == "voxpress":
            for k, s in sorted(scores.items(), key=lambda item: item[1].f1):
                if s.f1 < 0.95:
                    print(
                        f"  {kind} {k[:16]} {halves[k]} P={s.precision or 0:.3f} "
                        f"R={s.recall or 0:.3f} F1={s.f1:.3f}"
                    )
    baseline = medians.get(("html", "trafilatura precision"))
    if baseline:
        print(
            "median ms per page against trafilatura (precision) in this run: "
            f"html {medians['html', 'voxpress'] / baseline:.2f}x, "
            f"pasted {medians['pasted', 'voxpress'] / baseline:.2f}x"
        )
    agree = {half: [0, 0] for half in "AB"}
    for k in ids:
        reference = page_title(html[k])
        if not reference:
            continue
        chosen = extract_from_text(decode_text(pasted[k])).title
        agree[halves[k]][0] += headline_agrees(chosen, reference)
        agree[halves[k]][1] += 1
        if args.per_page and not headline_agrees(chosen, reference):
            print(f"  headline {k[:16]} {halves[k]} chose {chosen[:60]!r} page says {reference[:60]!r}")
    right, total = sum(n for n, _ in agree.values()), sum(t for _, t in agree.values())
    print(
        f"copied-text headline agrees with the page's title (>= {HEADLINE_MATCH:.0%} of the shorter "
        "one's words shared): "
        + ", ".join(f"half {h} {n}/{t} ({n / max(t, 1):.0%})" for h, (n, t) in agree.items())
        + f", all {right}/{total} ({right / max(total, 1):.0%})"
    )
    if args.speed_runs:
        speed_runs(args.speed_runs, html, pasted, urls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
