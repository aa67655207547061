"""The command line end to end: extract, listen with real Piper synthesis, and every bad input."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
import soundfile

from voxpress.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_extract_copied_page_prints_title_standfirst_and_body(articles: Path, capsys) -> None:
    code, out, err = run(["extract", str(articles / "harbour_copied.txt")], capsys)
    assert code == 0, err
    blocks = out.strip().split("\n\n")
    assert blocks[0] == "Harbour town votes to rebuild its storm-battered sea wall"
    assert blocks[1].splitlines() == [
        "Residents of Port Ellery backed a £4.5m plan after winter storms flooded 120 homes",
        "The council says work will begin in March and finish before the 2027 storm season",
    ]
    body = blocks[2:]
    assert body[0].startswith("The small harbour town of Port Ellery")
    assert body[-1].startswith("Fishermen had worried")
    assert len(body) == 6
    for junk in ("Advertisement", "Select Voice", "250 WPM", "Share this article", "Sign up"):
        assert junk not in out


def test_extract_json_has_metadata_and_reading_time(articles: Path, capsys) -> None:
    code, out, _ = run(["extract", "--json", str(articles / "orchard.html")], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "Apple growers turn to sheep to keep orchards tidy"
    assert data["byline"] == "Dana Whitfield"
    assert data["published"].startswith("2026-10-14")
    assert data["language"] == "en"
    assert len(data["paragraphs"]) == 5
    assert not any("Most read" in p or "Copyright" in p for p in data["paragraphs"])
    assert data["word_count"] > 100
    assert data["reading_time_minutes"] == 1


def test_extract_out_dir_names_files_after_inputs(articles: Path, tmp_path: Path, capsys) -> None:
    page = tmp_path / "story-42.html.gz"
    page.write_bytes(gzip.compress((articles / "orchard.html").read_bytes()))
    out_dir = tmp_path / "out"
    code, _, err = run(
        ["extract", "--out-dir", str(out_dir), str(page), str(articles / "harbour_copied.txt")], capsys
    )
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["harbour_copied.txt", "story-42.txt"]
    body = (out_dir / "story-42.txt").read_text(encoding="utf-8")
    assert body.startswith("Apple growers across the valley")
    assert "\n\n" in body


def test_extract_reads_standard_input(articles: Path, monkeypatch, capsys) -> None:
    text = (articles / "harbour_copied.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    code, out, _ = run(["extract", "-"], capsys)
    assert code == 0
    assert out.startswith("Harbour town votes")


def test_extract_decodes_legacy_encodings(articles: Path, tmp_path: Path, capsys) -> None:
    text = (articles / "harbour_copied.txt").read_text(encoding="utf-8").replace("Mara", "Mára")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(text.encode("cp1252", errors="replace"))
    code, out, err = run(["extract", str(latin)], capsys)
    assert code == 0, err
    assert "Mára Collins" in out


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b"  \n\n \t\n"), "empty"),
        (lambda d: _write(d / "junk.bin", bytes(range(256)) * 40), "binary"),
    ],
)
def test_bad_files_fail_with_one_line(tmp_path: Path, make_input, message: str, capsys) -> None:
    path = make_input(tmp_path)
    code, out, err = run(["extract", str(path)], capsys)
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err.lower()
    assert "Traceback" not in err


def test_navigation_page_is_not_an_article(articles: Path, capsys) -> None:
    code, _, err = run(["extract", str(articles / "nav_only.html")], capsys)
    assert code != 0
    assert "no article" in err.lower()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/story",
        "http://localhost/story",
        "http://169.254.169.254/latest",
        "file:///etc/passwd",
    ],
)
def test_internal_and_non_web_urls_are_refused(url: str, capsys) -> None:
    code, _, err = run(["extract", url], capsys)
    assert code != 0
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_unreachable_url_fails_cleanly(capsys) -> None:
    code, _, err = run(["extract", "http://voxpress-test.invalid/story"], capsys)
    assert code != 0
    assert "Traceback" not in err


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- listen: real Piper synthesis -------------------------------------------------------------


def _listen(story: Path, out: Path, capsys, *extra: str) -> dict:
    code, _, err = run(["listen", str(story), "-o", str(out), *extra], capsys)
    assert code == 0, err
    return json.loads(out.with_name(out.stem + ".timings.json").read_text(encoding="utf-8"))


def _check_timings(timings: dict, duration: float) -> None:
    text = timings["text"]
    # An MP3 decodes a little longer than its samples: LAME pads the last frame.
    assert 0 <= duration - timings["duration"] < 0.08
    for kind in ("sentences", "words"):
        spans = timings[kind]
        assert spans, kind
        previous_end = 0.0
        previous_char = 0
        for span in spans:
            assert 0 <= span["start"] < span["end"] <= timings["duration"]
            assert span["start"] >= previous_end - 1e-3
            assert span["char_start"] >= previous_char
            assert (
                text[span["char_start"] : span["char_end"]].strip()
                == text[span["char_start"] : span["char_end"]]
            )
            previous_end, previous_char = span["end"], span["char_end"]
    words = [text[w["char_start"] : w["char_end"]] for w in timings["words"]]
    assert words[:4] == ["Library", "opens", "its", "doors"]
    assert "o'clock" in words


@pytest.mark.parametrize("speed", [1.0, 1.5])
def test_listen_writes_audio_and_true_timings(articles: Path, tmp_path: Path, data_dir: Path, speed, capsys):
    out = tmp_path / "story.mp3"
    timings = _listen(articles / "short_story.txt", out, capsys, "--speed", str(speed))
    audio, rate = soundfile.read(out)
    duration = len(audio) / rate
    _check_timings(timings, duration)
    assert timings["speed"] == speed
    assert timings["text"].startswith(
        "Library opens its doors at night for the first time\n\nThe town library"
    )
    assert abs(timings["wpm"] - 200 * speed) <= 0.03 * 200 * speed, timings["wpm"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_listen_wav_is_loudness_normalised(articles: Path, tmp_path: Path, data_dir: Path, capsys) -> None:
    import numpy as np
    import pyloudnorm

    out = tmp_path / "story.wav"
    _listen(articles / "short_story.txt", out, capsys)
    audio, rate = soundfile.read(out)
    loudness = pyloudnorm.Meter(rate).integrated_loudness(audio)
    assert abs(loudness - (-16.0)) < 1.0
    assert 20 * np.log10(np.max(np.abs(audio))) < -1.0


def test_listen_opus(articles: Path, tmp_path: Path, data_dir: Path, capsys) -> None:
    out = tmp_path / "story.opus"
    _listen(articles / "short_story.txt", out, capsys, "--format", "opus")
    info = soundfile.info(out)
    assert info.format == "OGG" and info.subtype == "OPUS"
    assert info.duration > 3


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--voice", "piper:no-such-voice"], "unknown voice"),
        (["--speed", "2.5"], "speed"),
        (["--speed", "0.4"], "speed"),
    ],
)
def test_listen_bad_options_leave_nothing(articles: Path, tmp_path: Path, extra, message, capsys) -> None:
    out = tmp_path / "story.mp3"
    code, _, err = run(["listen", str(articles / "short_story.txt"), "-o", str(out), *extra], capsys)
    assert code != 0
    assert message in err.lower()
    assert list(tmp_path.iterdir()) == []


# --- usage mistakes, exit codes and output paths ------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["listen"], "Missing argument"),
        (["listen", "story.txt"], "Missing option"),
        (["listen", "story.txt", "-o", "x.mp3", "--speed", "abc"], "Invalid value for '--speed'"),
        (["nonsense"], "No such command"),
    ],
)
def test_usage_mistakes_show_the_usage(argv: list[str], message: str, capsys) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "Usage: voxpress" in err and message in err
    assert "unexpected error" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["voices", "install", "foo"], "only 'kokoro'"),
        (["voices", "calibrate", "piper:nope"], "unknown voice"),
        (["voices", "calibrate", "kokoro:af_heart"], "voxpress voices install kokoro"),
    ],
)
def test_voice_command_failures_exit_non_zero(argv, message, tmp_path: Path, capsys) -> None:
    code, out, err = run([*argv, "--data", str(tmp_path)], capsys)
    assert code == 1
    assert message in out + err


def test_the_groups_data_option_is_used_by_its_subcommands(tmp_path: Path, capsys) -> None:
    code, _, err = run(["voices", "--data", str(tmp_path), "calibrate", "espeak:de", "--quick"], capsys)
    assert code == 0, err
    assert "espeak:de" in json.loads((tmp_path / "calibration.json").read_text(encoding="utf-8"))["voices"]


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("story.flac", [], "cannot write .flac"),
        ("story.mp3", ["--format", "wav"], "does not end like a wav file"),
        ("story.mp3", ["--format", "flac"], "unknown format"),
    ],
)
def test_listen_refuses_a_file_name_that_does_not_match_the_format(
    articles: Path, tmp_path: Path, name: str, extra: list[str], message: str, capsys
) -> None:
    code, _, err = run(
        ["listen", str(articles / "short_story.txt"), "-o", str(tmp_path / name), *extra], capsys
    )
    assert code == 1 and message in err
    assert list(tmp_path.iterdir()) == []


def test_listen_into_a_folder_is_a_clear_error_that_leaves_nothing(
    articles: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = run(["listen", str(articles / "short_story.txt"), "-o", str(folder)], capsys)
    assert code == 1 and "is a folder" in err
    assert list(tmp_path.iterdir()) == [folder] and list(folder.iterdir()) == []


def test_written_files_follow_the_umask(tmp_path: Path, data_dir: Path, capsys) -> None:
    import os

    previous = os.umask(0o022)
    try:
        out = tmp_path / "bell.wav"
        code, _, err = run(["say", "The bell rang.", "-o", str(out)], capsys)
    finally:
        os.umask(previous)
    assert code == 0, err
    assert out.stat().st_mode & 0o777 == 0o644


def test_control_characters_in_a_file_do_not_reach_the_output(tmp_path: Path, capsys) -> None:
    story = _write(
        tmp_path / "bell.txt",
        "Bell\x1b[2J rings at \u202enoon\n\nThe town hall bell\x07 rang at noon for the first time since its "
        "rope snapped last spring, and people stopped in the square to listen.\n".encode(),
    )
    code, out, err = run(["extract", "--json", str(story)], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == "Bell[2J rings at noon"
    assert "\x07" not in data["paragraphs"][0] and "\x1b" not in out
