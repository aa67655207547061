"""Writing the published forms beside a narration from the CLI (``voxpress listen``).

``--captions vtt|srt`` writes ``NAME.vtt`` or ``NAME.srt`` next to the audio,
timed for the audio file written; ``--format epub`` writes an EPUB 3 with
Media Overlays instead of a bare audio file. Files appear whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from voxpress.article import Article
from voxpress.audio.encode import playback_delay
from voxpress.audio.timings import Timings
from voxpress.errors import InputError
from voxpress.formats.captions import srt_captions, webvtt_captions
from voxpress.formats.epub import epub_bytes
from voxpress.store.files import write_atomic

CAPTION_KINDS = ("vtt", "srt")


def check_caption_kind(kind: str | None) -> str | None:
    """``vtt``, ``srt`` or None, or an ``InputError`` naming the choices."""
    if kind is None:
        return None
    cleaned = kind.strip().lower()
    if cleaned not in CAPTION_KINDS:
        raise InputError(f"unknown captions format {kind!r}; use vtt or srt")
    return cleaned


def write_captions(
    audio_path: Path, audio_format: str, kind: str, timings: Timings, sample_rate: int
) -> Path:
    """Captions for the audio file at ``audio_path`` (``timings`` as narrated, before any encoder
    delay); returns the captions file's path."""
    shifted = timings.shifted(playback_delay(audio_format, sample_rate))
    text = webvtt_captions(shifted) if kind == "vtt" else srt_captions(shifted)
    path = audio_path.with_suffix(f".{kind}")
    write_atomic(path, text.encode("utf-8"))
    return path


def write_epub(path: Path, article: Article, timings: Timings, sample_rate: int, mp3: bytes) -> None:
    """The narrated article as an EPUB 3 with Media Overlays at ``path``, around ``mp3`` (the
    narration encoded as MP3; ``timings`` as narrated, before its encoder delay)."""
    write_atomic(path, epub_bytes(article, timings.shifted(playback_delay("mp3", sample_rate)), mp3))
