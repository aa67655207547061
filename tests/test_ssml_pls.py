"""W3C PLS lexicons: read into voxpress's lexicon, applied by speech preparation, written back out."""

from __future__ import annotations

from pathlib import Path

import pytest

from voxpress.article import Article
from voxpress.narration import prepare
from voxpress.speech.lexicon import Lexicon
from voxpress.speech.pls import PlsError, read_pls, write_pls

PLS = """<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-GB">
  <lexeme><grapheme>Llanelli</grapheme><phoneme>ɬanˈɛɬi</phoneme></lexeme>
  <lexeme><grapheme>WHO</grapheme><alias>World Health Organization</alias></lexeme>
  <lexeme><grapheme>Featherstonehaugh</grapheme><grapheme>Fetherstonhaugh</grapheme><alias>Fanshaw</alias></lexeme>
  <lexeme><grapheme>Ng</grapheme><phoneme alphabet="x-sampa">N</phoneme><alias>Ing</alias></lexeme>
</lexicon>
""".encode()


def test_pls_entries_become_lexicon_entries() -> None:
    by_phrase = {e.phrase: e for e in read_pls(PLS)}
    assert by_phrase["Llanelli"].phonemes == "ɬanˈɛɬi"
    assert by_phrase["WHO"].say == "World Health Organization" and by_phrase["WHO"].exact_case
    assert by_phrase["Fetherstonhaugh"].say == "Fanshaw" == by_phrase["Featherstonehaugh"].say
    assert by_phrase["Ng"].phonemes is None and by_phrase["Ng"].say == "Ing"  # x-sampa is not used


def test_a_pls_file_is_applied_when_preparing_speech(tmp_path: Path) -> None:
    path = tmp_path / "names.pls"
    path.write_bytes(PLS)
    lexicon = Lexicon.load(path)
    script = prepare(Article(title="", paragraphs=("The WHO team met in Llanelli.",)), lexicon)
    words = {script.text[w.char_start : w.char_end]: w for w in script.sentences[0].words}
    assert words["WHO"].say == "World Health Organization"
    assert words["Llanelli"].phonemes == "ɬanˈɛɬi"


def test_round_trip_through_pls() -> None:
    original = Lexicon.parse('Kyiv = [[kˈiːv]]\nQatar = Cutter\n"US" = U S\n')
    again = read_pls(write_pls(original.entries))
    assert {(e.phrase, e.say, e.phonemes) for e in again} == {
        (e.phrase, e.say, e.phonemes) for e in original.entries
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<lexicon><lexeme>", "not well-formed"),
        (b"<lexicon version='1.0'/>", "not a PLS lexicon"),
        (
            b'<lexicon xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"><lexeme><alias>x</alias></lexeme>'
            b"</lexicon>",
            "no grapheme",
        ),
        (
            b'<lexicon xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="x-sampa">'
            b"<lexeme><grapheme>Ng</grapheme><phoneme>N</phoneme></lexeme></lexicon>",
            "neither an IPA phoneme nor an alias",
        ),
        (b'<!DOCTYPE l [<!ENTITY a "b">]><lexicon>&a;</lexicon>', "entities"),
    ],
)
def test_bad_pls_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(PlsError, match=message):
        read_pls(data)
