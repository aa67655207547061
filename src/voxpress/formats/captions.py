"""Captions of a narration: WebVTT with word timestamps, and SRT.

One cue per sentence, timed from the sentence's first word to its last. The
WebVTT cues carry a karaoke timestamp (``<00:00:01.250>``) before every word
after the first, so players that support them (and the reader page) can light
each word; SRT has no such thing and carries the sentence only. Cue text is
the sentence as written, taken from the timings' text by its offsets.
"""

from __future__ import annotations

import re

from voxpress.audio.timings import Span, Timings

WEBVTT_MEDIA_TYPE = "text/vtt; charset=utf-8"
SRT_MEDIA_TYPE = "application/x-subrip; charset=utf-8"


def _clock(seconds: float, decimal_mark: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{decimal_mark}{millis:03d}"


def vtt_time(seconds: float) -> str:
    """``HH:MM:SS.mmm`` as WebVTT writes times."""
    return _clock(seconds, ".")


def srt_time(seconds: float) -> str:
    """``HH:MM:SS,mmm`` as SRT writes times."""
    return _clock(seconds, ",")


def _one_line(text: str) -> str:
    # A blank line ends a cue in both formats, so a cue's text never holds one.
    return " ".join(text.split())


def _gap(text: str) -> str:
    """The text between two words with each run of white space made one space."""
    return re.sub(r"\s+", " ", text)


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _words_in(sentence: Span, words: list[Span]) -> list[Span]:
    return [w for w in words if w.char_start >= sentence.char_start and w.char_end <= sentence.char_end]


def _vtt_cue_text(timings: Timings, sentence: Span, words: list[Span]) -> str:
    text = timings.text
    parts: list[str] = []
    cursor = sentence.char_start
    for index, word in enumerate(words):
        if index > 0:
            parts.append(_vtt_escape(_gap(text[cursor : word.char_start])))
            parts.append(f"<{vtt_time(max(word.start, sentence.start))}>")
        else:
            parts.append(_vtt_escape(_one_line(text[cursor : word.char_start])))
        parts.append(_vtt_escape(_one_line(text[word.char_start : word.char_end])))
        cursor = word.char_end
    parts.append(_vtt_escape(_one_line(text[cursor : sentence.char_end])))
    joined = "".join(parts)
    return joined if words else _vtt_escape(_one_line(text[sentence.char_start : sentence.char_end]))


def _cue_end(sentence: Span) -> float:
    # A cue must last a little: a one-word sentence of zero length would vanish.
    return max(sentence.end, sentence.start + 0.001)


def webvtt_captions(timings: Timings) -> str:
    """The narration as a WebVTT file: sentence cues, a timestamp before each word."""
    lines = ["WEBVTT", ""]
    for number, sentence in enumerate(timings.sentences, start=1):
        words = _words_in(sentence, timings.words)
        lines.append(str(number))
        lines.append(f"{vtt_time(sentence.start)} --> {vtt_time(_cue_end(sentence))}")
        lines.append(_vtt_cue_text(timings, sentence, words))
        lines.append("")
    return "\n".join(lines)


def srt_captions(timings: Timings) -> str:
    """The narration as an SRT file: one numbered cue per sentence."""
    lines: list[str] = []
    for number, sentence in enumerate(timings.sentences, start=1):
        lines.append(str(number))
        lines.append(f"{srt_time(sentence.start)} --> {srt_time(_cue_end(sentence))}")
        lines.append(_one_line(timings.text[sentence.char_start : sentence.char_end]))
        lines.append("")
    return "\n".join(lines)
