"""Published forms of a finished narration: captions, transcripts, chapters, podcast feeds, EPUB.

Every function here is pure: a narration's ``Timings`` (and its ``Article``)
in, text or bytes out. The server and the CLI do the I/O.
"""

from voxpress.formats.captions import srt_captions, webvtt_captions
from voxpress.formats.transcript import chapters_json, transcript_json

__all__ = ["chapters_json", "srt_captions", "transcript_json", "webvtt_captions"]
