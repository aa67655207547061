"""English normalisation of wire-copy conventions: dated abbreviations, bracketed codes, event numerals,
symbols, amounts that modify a noun, and the dry run's readable letters."""

from __future__ import annotations

import pytest

from speech_support import spoken
from voxpress.speech import Lexicon, format_dry_run, prepare_script


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "The hearing opens on Tue., Sept. 12 in Cardiff.",
            "The hearing opens on Tuesday, September twelfth in Cardiff.",
        ),
        (
            "Trading resumed Mon., Jan. 9 after the holiday.",
            "Trading resumed Monday, January ninth after the holiday.",
        ),
        (
            "The audit, due Thurs., will cover Feb. and Mar. receipts.",
            "The audit, due Thursday, will cover February and March receipts.",
        ),
        ("Polls close Fri., Nov. 3 at noon.", "Polls close Friday, November third at noon."),
        (
            "The fair runs Sat., Oct. 7 to Sun., Oct. 8.",
            "The fair runs Saturday, October seventh to Sunday, October eighth.",
        ),
    ],
)
def test_day_and_month_abbreviations_are_said_in_full_without_a_break(text: str, said: str) -> None:
    assert spoken(text) == said


def test_words_that_look_like_day_abbreviations_stay_words_and_still_end_sentences() -> None:
    assert spoken("She writes for The Sun. It sold well.") == "She writes for The Sun. | It sold well."
    assert spoken("Tesla Inc. The carmaker said so.") == "Tesla incorporated. | The carmaker said so."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Shares of Orchard Computing (ORCH.O) rose 3%.", "Shares of Orchard Computing rose three percent."),
        ("Marlow Bank (MRLB.L) and the Nikkei (N225) fell.", "Marlow Bank and the Nikkei fell."),
        (
            "The Kospi (.KS11) slipped while the index (SHCOMP) rose.",
            "The Kospi slipped while the index rose.",
        ),
        ("The Hang Seng index (.HSI) fell 2% on Monday.", "The Hang Seng index fell two percent on Monday."),
        ("Brightwell (NYSE: BWL) cut jobs.", "Brightwell cut jobs."),
        ("The fund (IMF) and the alliance (NATO) met.", "The fund, I M F, and the alliance, Nato, met."),
        ("He left (again) on Friday.", "He left, again, on Friday."),
    ],
)
def test_bracketed_codes_are_dropped_and_known_acronyms_are_read(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Fans filled Super Bowl LVII in Phoenix.", "Fans filled Super Bowl fifty seven in Phoenix."),
        ("WrestleMania XL sold out.", "WrestleMania forty sold out."),
        ("Vatican II changed the Mass.", "Vatican two changed the Mass."),
        ("Pope Leo XIV spoke.", "Pope Leo the fourteenth spoke."),
        ("The shirt came in XL only.", "The shirt came in X L only."),
    ],
)
def test_roman_numerals_in_event_names(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The single went to #1 in the charts.", "The single went to number one in the charts."),
        ("A 4x4 blocked the lane.", "A four by four blocked the lane."),
        ("The room is 3.5x4 metres.", "The room is three point five by four metres."),
        ("Profits rose 3x last year.", "Profits rose three times last year."),
        ("It trended as #VoteNow today.", "It trended as hashtag Vote Now today."),
    ],
)
def test_number_sign_and_dimensions(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("They agreed a £300m takeover.", "They agreed a three hundred million pound takeover."),
        ("It posted an HK$3.2bn loss.", "It posted a three point two billion Hong Kong dollar loss."),
        ("The $5 ticket sold out.", "The five dollar ticket sold out."),
        ("She won a 10km race.", "She won a ten kilometre race."),
        ("They built a 3m wall.", "They built a three metre wall."),
        ("It raised £300m from investors.", "It raised three hundred million pounds from investors."),
        ("It paid £2bn in cash.", "It paid two billion pounds in cash."),
        ("The £40m raised went to schools.", "The forty million pounds raised went to schools."),
        ("He bought an 8% stake.", "He bought an eight percent stake."),
        ("It was an €11bn deal.", "It was an eleven billion euro deal."),
    ],
)
def test_amounts_that_modify_a_noun_take_the_singular(text: str, said: str) -> None:
    assert spoken(text) == said


def test_full_stops_inside_expansions_never_break_sentences() -> None:
    assert spoken("The Hang Seng index (.HSI) fell. H S I is its code.") == (
        "The Hang Seng index fell. | H S I is its code."
    )
    assert len(prepare_script("Stocks in Seoul (.KS11) rose; Tokyo (.N225) fell.", "en").sentences) == 1


def test_dry_run_shows_letters_while_the_engine_gets_its_respelling() -> None:
    script = prepare_script("The market opens at 9:30 a.m. on Monday.", "en", Lexicon.empty())
    words = script.sentences[0].words
    assert "nine thirty eh M" in script.sentences[0].spoken_text
    assert "nine thirty A M" in format_dry_run(script)
    assert "eh" not in format_dry_run(script)
    assert [w.shown for w in words if w.shown] == ["A M"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Leeds beat Hull 2-0 on Sunday.", "Leeds beat Hull two nil on Sunday."),
        ("It was a 3-1 win for Derby.", "It was a three one win for Derby."),
        ("The sides drew 1-1 in Bath.", "The sides drew one all in Bath."),
        ("Rents rose 5-7% last year.", "Rents rose five to seven percent last year."),
        ("Pages 10-12 were missing.", "Pages ten to twelve were missing."),
    ],
)
def test_results_are_read_as_scores_and_other_ranges_as_ranges(text: str, said: str) -> None:
    assert spoken(text) == said


def test_timetable_times_after_the() -> None:
    assert spoken("Delays hit the 7.42 service.") == "Delays hit the seven forty two service."
    assert spoken("The index rose 7.42 points.") == "The index rose seven point four two points."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Organisers urged everyone to GET OUT and VOTE before noon.",
            "Organisers urged everyone to get out and Vote before noon.",
        ),
        (
            "The coach said ALL of them would play, and ONE would captain.",
            "The coach said all of them would play, and one would captain.",
        ),
        ("It is OUR turn now, she wrote.", "It is our turn now, she wrote."),
        (
            "The WHO and the US agreed, as did the IT team.",
            "The W H O and the U S agreed, as did the I T team.",
        ),
        ("The AFL replied at ONE.", "The eh F L replied at one."),
    ],
)
def test_short_capitalised_words_are_emphasis_unless_known_initials(text: str, said: str) -> None:
    assert spoken(text) == said
