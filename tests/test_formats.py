"""Captions, transcripts and chapters of a real Piper narration, checked by structure checkers
written here from the WebVTT and SRT rules (header, cue timing lines, ordered in-range times,
no blank line inside a cue, inline timestamps inside their cue)."""

from __future__ import annotations

import re

import pytest

from conftest import narrate_with_default_voice
from voxpress.article import Article
from voxpress.audio.timings import Timings
from voxpress.formats import chapters_json, srt_captions, transcript_json, webvtt_captions
from voxpress.narration import prepare

HARBOUR = Article(
    title="Harbour ferry returns after storm",
    standfirst=("The blue ferry sails again on Monday.",),
    paragraphs=(
        "The harbour ferry will run again from Monday, the council said.",
        "Crews spent a week fixing the landing stage, which broke in the storm.",
        "Tickets bought for the missed days can be used until the end of March.",
        "Riders said they had missed the short crossing <and> the sea air.",
        "The council thanked the crews for working in the cold.",
    ),
)

_VTT_TIME = r"(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})"
_SRT_TIME = r"(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})"


def _seconds(match: tuple[str, str, str, str]) -> float:
    hours, minutes, seconds, millis = (int(part) for part in match)
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def check_webvtt(text: str, duration: float) -> list[tuple[float, float, str]]:
    """The cues of a WebVTT file, or an AssertionError saying which rule it breaks."""
    assert text.startswith("WEBVTT"), "a WebVTT file starts with WEBVTT"
    assert "\r" not in text
    blocks = text.strip("\n").split("\n\n")
    assert blocks[0].splitlines()[0] == "WEBVTT"
    cues: list[tuple[float, float, str]] = []
    previous_start = 0.0
    for block in blocks[1:]:
        lines = block.split("\n")
        timing_index = 1 if "-->" not in lines[0] else 0
        if timing_index:
            assert "-->" not in lines[0], "a cue identifier holds no -->"
        timing = re.fullmatch(f"{_VTT_TIME} --> {_VTT_TIME}(?: .*)?", lines[timing_index])
        assert timing, f"bad cue timing line: {lines[timing_index]!r}"
        start, end = _seconds(timing.groups()[:4]), _seconds(timing.groups()[4:8])
        assert start < end <= duration + 0.001 and start >= previous_start
        payload = "\n".join(lines[timing_index + 1 :])
        assert payload.strip(), "a cue has text"
        assert "-->" not in payload
        for stamp in re.findall(f"<{_VTT_TIME}>", payload):
            inner = _seconds(stamp)
            assert start <= inner <= end, "inline timestamps lie inside their cue"
        bare = re.sub(f"<{_VTT_TIME}>", "", payload)
        assert "<" not in bare and ">" not in bare, "markup other than timestamps is escaped"
        cues.append((start, end, bare))
        previous_start = start
    return cues


def check_srt(text: str, duration: float) -> list[tuple[float, float, str]]:
    """The cues of an SRT file: numbered from 1, timing lines, text, blank line."""
    cues: list[tuple[float, float, str]] = []
    for number, block in enumerate(text.strip("\n").split("\n\n"), start=1):
        lines = block.split("\n")
        assert lines[0] == str(number), "cues are numbered 1, 2, 3…"
        timing = re.fullmatch(f"{_SRT_TIME} --> {_SRT_TIME}", lines[1])
        assert timing, f"bad SRT timing line: {lines[1]!r}"
        start, end = _seconds(timing.groups()[:4]), _seconds(timing.groups()[4:8])
        assert start < end <= duration + 0.001
        assert len(lines) >= 3 and all(line.strip() for line in lines[2:])
        cues.append((start, end, " ".join(lines[2:])))
    return cues


@pytest.fixture(scope="module")
def timings() -> Timings:
    return narrate_with_default_voice(prepare(HARBOUR)).timings


def test_webvtt_has_a_cue_per_sentence_with_word_stamps(timings: Timings) -> None:
    cues = check_webvtt(webvtt_captions(timings), timings.duration)
    assert len(cues) == len(timings.sentences)
    assert cues[0][2] == HARBOUR.title
    assert "crossing &lt;" in webvtt_captions(timings)
    assert [
        re.sub(f"<{_VTT_TIME}>", "", cue[2]).replace("&lt;", "<").replace("&gt;", ">") for cue in cues
    ] == [" ".join(timings.text[s.char_start : s.char_end].split()) for s in timings.sentences]
    stamps = re.findall(f"<{_VTT_TIME}>", webvtt_captions(timings))
    assert len(stamps) == len(timings.words) - len(timings.sentences)


def test_srt_matches_the_sentences(timings: Timings) -> None:
    cues = check_srt(srt_captions(timings), timings.duration)
    assert [cue[2] for cue in cues] == [timings.text[s.char_start : s.char_end] for s in timings.sentences]


def test_checkers_refuse_broken_files(timings: Timings) -> None:
    vtt = webvtt_captions(timings)
    with pytest.raises(AssertionError):
        check_webvtt(vtt.replace("WEBVTT", "WEBTT", 1), timings.duration)
    with pytest.raises(AssertionError):
        check_webvtt(vtt.replace(" --> ", " -> ", 1), timings.duration)
    with pytest.raises(AssertionError):
        check_srt(srt_captions(timings).replace(",", ".", 1), timings.duration)


def test_transcript_words_point_into_the_text(timings: Timings) -> None:
    transcript = transcript_json(timings, speaker="Narrator")
    assert transcript["version"] == "1.0.0"
    segments = transcript["segments"]
    assert isinstance(segments, list) and len(segments) == len(timings.sentences)
    words = [word for segment in segments for word in segment["words"]]
    assert len(words) == len(timings.words)
    for word in words:
        assert timings.text[word["charStart"] : word["charEnd"]] == word["body"]
        assert word["startTime"] < word["endTime"]


def test_chapters_start_at_title_standfirst_and_paragraph_groups(timings: Timings) -> None:
    chapters = chapters_json(HARBOUR, timings)["chapters"]
    assert isinstance(chapters, list)
    titles = [chapter["title"] for chapter in chapters]
    assert titles == [
        HARBOUR.title,
        "Summary",
        "The harbour ferry will run again…",
        "The council thanked the crews for…",
    ]
    starts = [chapter["startTime"] for chapter in chapters]
    assert starts[0] == 0 and starts == sorted(starts) and len(set(starts)) == len(starts)
    assert starts[-1] < timings.duration
