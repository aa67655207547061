"""Transcript and chapters JSON in the Podcasting 2.0 shapes.

``transcript_json`` follows the podcast namespace's JSON transcript format
(``{"version": "1.0.0", "segments": [{"startTime", "endTime", "body"}]}``), one
segment per sentence, each with its words and their character offsets into the
narration text. ``chapters_json`` follows the JSON chapters format
(``{"version": "1.2.0", "chapters": [{"startTime", "title"}]}``): the title, the
standfirst, then groups of paragraphs named by their opening words.
"""

from __future__ import annotations

from voxpress.article import Article
from voxpress.audio.timings import Span, Timings

TRANSCRIPT_MEDIA_TYPE = "application/json"
CHAPTERS_MEDIA_TYPE = "application/json+chapters"
PARAGRAPHS_PER_CHAPTER = 4
"""Body paragraphs grouped into one chapter."""
CHAPTER_TITLE_WORDS = 6
"""Opening words that name a paragraph group's chapter."""


def transcript_json(timings: Timings, speaker: str | None = None) -> dict[str, object]:
    """The Podcasting 2.0 JSON transcript: a segment per sentence, with its words."""
    segments: list[dict[str, object]] = []
    for sentence in timings.sentences:
        words = [w for w in timings.words if sentence.char_start <= w.char_start < sentence.char_end]
        segment: dict[str, object] = {
            "startTime": round(sentence.start, 3),
            "endTime": round(sentence.end, 3),
            "body": " ".join(timings.text[sentence.char_start : sentence.char_end].split()),
            "charStart": sentence.char_start,
            "charEnd": sentence.char_end,
            "words": [
                {
                    "startTime": round(w.start, 3),
                    "endTime": round(w.end, 3),
                    "body": timings.text[w.char_start : w.char_end],
                    "charStart": w.char_start,
                    "charEnd": w.char_end,
                }
                for w in words
            ],
        }
        if speaker:
            segment["speaker"] = speaker
        segments.append(segment)
    return {"version": "1.0.0", "segments": segments}


def block_offsets(article: Article) -> list[tuple[str, int]]:
    """Each narrated block with its start offset in ``article.narration_text``."""
    offsets: list[tuple[str, int]] = []
    position = 0
    for block in article.blocks:
        offsets.append((block, position))
        position += len(block) + 2  # the blank line between blocks
    return offsets


def _start_time_at(offset: int, sentences: list[Span]) -> float | None:
    for sentence in sentences:
        if sentence.char_end > offset:
            return sentence.start
    return None


def _opening_words(text: str) -> str:
    words = text.split()
    head = " ".join(words[:CHAPTER_TITLE_WORDS])
    return head + ("…" if len(words) > CHAPTER_TITLE_WORDS else "")


def chapters_json(article: Article, timings: Timings) -> dict[str, object]:
    """Podcasting 2.0 JSON chapters: title, standfirst, and groups of paragraphs."""
    wanted: list[tuple[str, int]] = []
    position = 0
    if article.title:
        wanted.append((article.title, 0))
        position += len(article.title) + 2
    if article.standfirst:
        wanted.append(("Summary", position))
        position += sum(len(line) + 2 for line in article.standfirst)
    for index, paragraph in enumerate(article.paragraphs):
        if index % PARAGRAPHS_PER_CHAPTER == 0:
            wanted.append((_opening_words(paragraph), position))
        position += len(paragraph) + 2
    chapters: list[dict[str, object]] = []
    for title, offset in wanted:
        start = _start_time_at(offset, timings.sentences)
        if start is None or (chapters and start <= float(chapters[-1]["startTime"])):  # type: ignore[arg-type]
            continue
        chapters.append({"startTime": round(0.0 if not chapters else start, 3), "title": title})
    return {"version": "1.2.0", "chapters": chapters}
