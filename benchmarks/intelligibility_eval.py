"""Real articles for the intelligibility benchmark: excerpts of gold article bodies, chosen by a fixed rule.

    python benchmarks/intelligibility.py --eval-dir EVAL [--eval-articles 6] [--eval-words 250]

``EVAL`` is a folder holding ``gold.json`` (``{id: {"url": ..., "body": ...}}``, the
bodies of real news pages that nobody on the project wrote). The texts are read at
run time, for measuring only: none of them is copied into the project.

The rule, fixed before any result is seen: pages in order of id; a page counts if
its body is English (``detect_language``) and has at least ``MIN_BODY_WORDS`` words;
its excerpt is its first whole sentences, paragraph breaks kept, up to ``words``
words. The first ``count`` pages that count are taken (``skip`` passes over as many
first, for a second, disjoint set). The gold text is both what is narrated and the
reference: a transcript is scored through the same ``canonical_words``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from intelligibility_articles import BenchArticle
from voxpress.extract.language import detect_language

MIN_BODY_WORDS = 200
"""A page with a shorter body is passed over (captions, stubs, listings)."""

_SENTENCE_END = re.compile(r"(?<=[.!?…”\"’])\s+(?=[\"“‘(]?[A-Z0-9])")


def excerpt(body: str, words: int) -> str:
    """The first whole sentences of ``body`` up to ``words`` words (at least one), paragraphs kept."""
    paragraphs: list[str] = []
    total = 0
    for paragraph in (p.strip() for p in body.split("\n")):
        if not paragraph:
            continue
        kept: list[str] = []
        for sentence in _SENTENCE_END.split(paragraph):
            size = len(sentence.split())
            if total and total + size > words:
                break
            kept.append(sentence)
            total += size
        if kept:
            paragraphs.append(" ".join(kept))
        if len(kept) < len(_SENTENCE_END.split(paragraph)):
            break
    return "\n\n".join(paragraphs)


def eval_articles(folder: Path, count: int, words: int, skip: int = 0) -> tuple[BenchArticle, ...]:
    """``count`` real article excerpts from ``folder/gold.json``, by the module's fixed rule."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    chosen: list[BenchArticle] = []
    eligible = 0
    for page_id in sorted(gold):
        body = str(gold[page_id].get("body") or "")
        if len(body.split()) < MIN_BODY_WORDS or detect_language(body) != "en":
            continue
        eligible += 1
        if eligible <= skip:
            continue
        text = excerpt(body, words)
        chosen.append(BenchArticle(f"eval-{page_id[:8]}", text, text))
        if len(chosen) == count:
            break
    return tuple(chosen)
