"""EPUB 3 with Media Overlays from a real Piper narration, checked by Debian's ``epubcheck``."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import narrate_with_default_voice
from voxpress.article import Article
from voxpress.audio.encode import encode_audio, playback_delay
from voxpress.formats.epub import epub_bytes
from voxpress.narration import prepare

MILL = Article(
    title="The mill wheel turns again",
    standfirst=("Villagers restored the old water mill.",),
    paragraphs=(
        "After two summers of work, the wheel of the old mill turned on Sunday. Children cheered.",
        "The first sack of flour will be sold at the market, with the money going to the school & library.",
    ),
    byline="Ana Field",
    language="en",
)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    narration = narrate_with_default_voice(prepare(MILL))
    mp3 = encode_audio(narration.samples, narration.sample_rate, "mp3")
    timings = narration.timings.shifted(playback_delay("mp3", narration.sample_rate))
    path = tmp_path_factory.mktemp("epub") / "mill.epub"
    path.write_bytes(epub_bytes(MILL, timings, mp3))
    return path


EPUBCHECK = shutil.which("epubcheck")
JAVA = shutil.which("java")


@pytest.mark.skipif(
    EPUBCHECK is None or JAVA is None, reason="Debian package epubcheck (and Java) not installed"
)
def test_epubcheck_accepts_the_book(book: Path) -> None:
    # Debian's /usr/bin/epubcheck is the jar itself; run it with java rather than rely on binfmt.
    command = [str(JAVA), "-jar", str(EPUBCHECK), str(book)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_every_sentence_is_a_timed_overlay_clip(book: Path) -> None:
    with zipfile.ZipFile(book) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        text = archive.read("OEBPS/text.xhtml").decode()
        smil = archive.read("OEBPS/text.smil").decode()
        package = archive.read("OEBPS/content.opf").decode()
    ids = re.findall(r'<span id="(s\d+)">', text)
    refs = re.findall(r'text\.xhtml#(s\d+)"', smil)
    assert ids == refs and len(ids) >= 5  # title, standfirst and at least three body sentences
    clips = [
        tuple(map(float, pair))
        for pair in re.findall(r'clipBegin="0:00:(\d+\.\d+)" clipEnd="0:00:(\d+\.\d+)"', smil)
    ]
    assert len(clips) == len(ids)
    assert all(begin < end for begin, end in clips)
    assert all(a[1] <= b[0] + 0.001 for a, b in itertools.pairwise(clips))
    assert "school &amp; library" in text and 'property="media:active-class"' in package
