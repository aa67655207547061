"""Timings: when each sentence and word of the narration text is heard.

The timings file is a contract read by the player, the API and the tests::

    {"voice": ID, "speed": X, "duration": SECONDS, "wpm": MEASURED, "text": TEXT,
     "sentences": [{"start", "end", "char_start", "char_end"}, ...],
     "words": [{"start", "end", "char_start", "char_end"}, ...]}

``text[char_start:char_end]`` is the word or sentence as written; times are
seconds in the audio, in order, inside [0, duration].
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True)
class Span:
    """A stretch of audio tied to a stretch of written text."""

    start: float
    """Start time in seconds."""
    end: float
    """End time in seconds."""
    char_start: int
    """Start offset in the narration text."""
    char_end: int
    """End offset in the narration text (exclusive)."""


def measured_wpm(words: list[Span]) -> float:
    """Words per minute from the first word's start to the last word's end."""
    if len(words) < 2:
        return 0.0
    minutes = (words[-1].end - words[0].start) / 60.0
    return len(words) / minutes if minutes > 0 else 0.0


@dataclass
class Timings:
    """Sentence and word times of one narration."""

    voice: str
    speed: float
    text: str
    duration: float = 0.0
    sentences: list[Span] = field(default_factory=list)
    words: list[Span] = field(default_factory=list)
    complete: bool = True
    """False while a narration is still being synthesized (served partial by the API)."""

    @property
    def wpm(self) -> float:
        """Measured words per minute of this narration."""
        return measured_wpm(self.words)

    def to_dict(self) -> dict[str, object]:
        return {
            "voice": self.voice,
            "speed": self.speed,
            "duration": round(self.duration, 3),
            "wpm": round(self.wpm, 1),
            "text": self.text,
            "complete": self.complete,
            "sentences": [_span_dict(s) for s in self.sentences],
            "words": [_span_dict(w) for w in self.words],
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Timings:
        def spans(key: str) -> list[Span]:
            items = data.get(key) or []
            assert isinstance(items, list)
            return [Span(**item) for item in items]

        return cls(
            voice=str(data["voice"]),
            speed=float(data["speed"]),  # type: ignore[arg-type]
            text=str(data["text"]),
            duration=float(data.get("duration", 0.0)),  # type: ignore[arg-type]
            sentences=spans("sentences"),
            words=spans("words"),
            complete=bool(data.get("complete", True)),
        )

    def shifted(self, seconds: float) -> Timings:
        """These timings for audio that starts ``seconds`` later (e.g. an MP3's encoder delay)."""

        def move(spans: list[Span]) -> list[Span]:
            return [replace(s, start=s.start + seconds, end=s.end + seconds) for s in spans]

        return replace(
            self,
            duration=self.duration + seconds,
            sentences=move(self.sentences),
            words=move(self.words),
        )

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False), encoding="utf-8")


def _span_dict(span: Span) -> dict[str, object]:
    d = asdict(span)
    d["start"] = round(span.start, 3)
    d["end"] = round(span.end, 3)
    return d
