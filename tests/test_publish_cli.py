"""The command line of publishing: ``voxpress sources`` and ``voxpress listen --captions / --format epub``."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from test_formats import check_srt, check_webvtt
from voxpress.cli import main

STORY = (
    "Ferry timetable changes in spring\n\n"
    "From the first of April the morning ferry will leave twenty minutes earlier. "
    "The evening crossing stays the same, and bikes still travel free."
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_sources_add_list_remove(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["sources", "add", "https://news.example/feed.xml", "--every", "15m"], capsys)
    assert code == 0, err
    source_id = out.split()[0]
    code, out, _ = run(["sources", "list"], capsys)
    assert code == 0 and "https://news.example/feed.xml" in out and "every 900s" in out
    code, _, err = run(["sources", "add", "https://news.example/feed.xml"], capsys)
    assert code != 0 and "already registered" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(["sources", "add", "ftp://news.example/feed.xml"], capsys)
    assert code != 0 and "http or https" in err
    code, _, err = run(["sources", "add", "https://news.example/other.xml", "--every", "often"], capsys)
    assert code != 0 and "not a duration" in err
    code, out, _ = run(["sources", "remove", source_id], capsys)
    assert code == 0 and "removed" in out
    code, out, _ = run(["sources", "list"], capsys)
    assert "news.example" not in out


def test_sources_edit_changes_voice_interval_and_pause(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["sources", "add", "https://news.example/edits.xml", "--every", "15m"], capsys)
    assert code == 0, err
    source_id = out.split()[0]
    code, out, err = run(["sources", "edit", source_id, "--every", "2h", "--pause"], capsys)
    assert code == 0, err
    assert "every 7200s" in out and "paused" in out
    code, out, _ = run(["sources", "list"], capsys)
    assert "every 7200s" in out and "paused" in out
    code, out, err = run(["sources", "edit", "https://news.example/edits.xml", "--resume"], capsys)
    assert code == 0 and "paused" not in out, err
    for argv, words in (
        ([source_id], "nothing to change"),
        ([source_id, "--voice", "nobody"], "unknown voice"),
        ([source_id, "--every", "often"], "not a duration"),
        (["nope", "--pause"], "No source"),
    ):
        code, _, err = run(["sources", "edit", *argv], capsys)
        assert code != 0 and words in err and len(err.strip().splitlines()) == 1, err
    code, out, _ = run(["sources", "edit", source_id, "--voice", "default"], capsys)
    assert code == 0 and "  default  " in out
    run(["sources", "remove", source_id], capsys)


def test_listen_writes_captions_beside_the_audio(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "ferry.txt"
    article.write_text(STORY, encoding="utf-8")
    for kind, checker in (("vtt", check_webvtt), ("srt", check_srt)):
        output = tmp_path / f"ferry-{kind}.mp3"
        code, _, err = run(["listen", str(article), "-o", str(output), "--captions", kind], capsys)
        assert code == 0, err
        captions = output.with_suffix(f".{kind}").read_text(encoding="utf-8")
        cues = checker(captions, 60.0)
        assert cues[0][2] == "Ferry timetable changes in spring"
    code, _, err = run(["listen", str(article), "-o", str(tmp_path / "x.mp3"), "--captions", "ass"], capsys)
    assert code != 0 and "vtt or srt" in err and not (tmp_path / "x.mp3").exists()


def test_listen_format_epub(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "ferry.txt"
    article.write_text(STORY, encoding="utf-8")
    output = tmp_path / "ferry.epub"
    code, _, err = run(["listen", str(article), "-o", str(output)], capsys)
    assert code == 0, err
    with zipfile.ZipFile(output) as book:
        assert book.read("mimetype") == b"application/epub+zip"
        assert len(re.findall(r"<par ", book.read("OEBPS/text.smil").decode())) == 3
        assert book.read("OEBPS/audio.mp3")[:2] in (b"\xff\xfb", b"\xff\xf3")  # an MPEG frame


def test_say_speaks_ssml(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ssml = '<speak>Dial <say-as interpret-as="telephone">0123 456</say-as> today.</speak>'
    code, out, err = run(["say", ssml, "--dry-run"], capsys)
    assert code == 0, err
    assert "zero one two three four five six" in out
    code, _, err = run(["say", "<speak><p>Unclosed</speak>", "-o", str(tmp_path / "x.wav")], capsys)
    assert code != 0 and "not well-formed" in err and not (tmp_path / "x.wav").exists()
