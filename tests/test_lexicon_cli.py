"""``voxpress lexicon``: text to W3C PLS and back keeps every entry; bad files are clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from voxpress.cli import main
from voxpress.speech import Lexicon

LEXICON_TEXT = """# our newsroom's names
Siobhan Dunleavy = Shiv-awn Dun-leevy
Llanelli = [[ɬanˈɛɬi]]
"ACAS" = Ay-kass
Worcester = Wuster [[wˈʊstə]]
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_to_pls_and_back_keeps_every_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "names.txt"
    source.write_text(LEXICON_TEXT, encoding="utf-8")
    pls = tmp_path / "names.pls"
    code, out, err = run(["lexicon", "convert", str(source), str(pls)], capsys)
    assert code == 0, err
    assert "4 entries written" in out
    assert b"<lexicon" in pls.read_bytes() and b"Llanelli" in pls.read_bytes()

    back = tmp_path / "back.txt"
    code, out, err = run(["lexicon", "convert", str(pls), str(back)], capsys)
    assert code == 0, err
    original = Lexicon.load(source).entries
    assert Lexicon.load(back).entries == original
    assert Lexicon.load(pls).entries == original

    code, out, err = run(["lexicon", "check", str(back)], capsys)
    assert code == 0 and "back.txt: 4 entries" in out


def test_bad_lexicons_and_targets_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("Kyiv = Keev\nthis line has no equals sign\n", encoding="utf-8")
    code, _out, err = run(["lexicon", "check", str(broken)], capsys)
    assert code == 1 and "line 2" in err and err.count("\n") == 1

    not_pls = tmp_path / "junk.pls"
    not_pls.write_bytes(b"<lexicon><unclosed>")
    code, _out, err = run(["lexicon", "convert", str(not_pls), str(tmp_path / "out.txt")], capsys)
    assert code == 1 and err.startswith("voxpress: error:") and err.count("\n") == 1
    assert not (tmp_path / "out.txt").exists()

    good = tmp_path / "good.txt"
    good.write_text(LEXICON_TEXT, encoding="utf-8")
    code, _out, err = run(["lexicon", "convert", str(good), str(tmp_path)], capsys)
    assert code == 1 and "is a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.txt", "good.txt", "junk.pls"]
