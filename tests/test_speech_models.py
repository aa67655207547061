"""English normalisation of aircraft model numbers: "Boeing 737-800" is "seven thirty seven eight
hundred", as a newsreader says it, while real ranges ("pages 10-20") are still read "ten to twenty"."""

from __future__ import annotations

import pytest

from speech_support import spoken
from voxpress.speech import Lexicon, prepare_script


def said_for(text: str) -> list[tuple[str, str]]:
    """(written token, what is said for it) for every spoken word of ``text``."""
    script = prepare_script(text, "en", Lexicon.empty())
    return [(text[w.char_start : w.char_end], w.say) for s in script.sentences for w in s.words]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The Boeing 737-800 landed late.", "The Boeing seven thirty seven eight hundred landed late."),
        ("Our 747-400 left Heathrow.", "Our seven forty seven four hundred left Heathrow."),
        ("Qantas flew a 777-300ER.", "Qantas flew a seven seventy seven three hundred E R."),
        ("The 767-300ER jet was retired.", "The seven sixty seven three hundred E R jet was retired."),
        ("A leased 777-200LR arrived.", "A leased seven seventy seven two hundred L R arrived."),
        ("Its 747-8F freighter.", "Its seven forty seven eight F freighter."),
        ("The 787-9 and the 787-10.", "The seven eighty seven nine and the seven eighty seven ten."),
        ("Airbus 330-200 seats.", "Airbus three thirty two hundred seats."),
        ("A 330-300 jet.", "A three thirty three hundred jet."),
        ("A fleet of 777-300ERs.", "A fleet of seven seventy seven three hundred E R's."),
    ],
)  # fmt: skip
def test_a_type_and_its_variant_are_read_in_pairs_not_as_a_range(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The Airbus A320-200 is popular.", "The Airbus eh three twenty two hundred is popular."),
        ("The A350-1000 seats more.", "The eh three fifty one thousand seats more."),
        ("The A380 is huge.", "The eh three eighty is huge."),
        ("Two A380s were parked.", "Two eh three eighties were parked."),
        ("It wants A321XLR jets.", "It wants eh three twenty one X L R jets."),
    ],
)
def test_airbus_codes_are_always_read_in_pairs(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("A Boeing 787 landed.", "A Boeing seven eighty seven landed."),
        ("They bought a 787 Dreamliner.", "They bought a seven eighty seven Dreamliner."),
        ("The 737 MAX 8 was grounded.", "The seven thirty seven max eight was grounded."),
        ("Its 747 fleet is old.", "Its seven forty seven fleet is old."),
        ("The Boeing 707 flew first.", "The Boeing seven oh seven flew first."),
        ("The Embraer 190 is small.", "The Embraer one ninety is small."),
        ("Ryanair flies the 737s.", "Ryanair flies the seven thirty sevens."),
        ("The 777F and the 777X.", "The seven seventy seven F and the seven seventy seven X."),
    ],
)
def test_a_bare_type_is_read_in_pairs_beside_a_maker_or_an_aircraft_word(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Read pages 10-20 tonight.", "Read pages ten to twenty tonight."),
        ("From 1990-1995 it grew.", "From nineteen ninety to nineteen ninety five it grew."),
        ("Tickets cost £5-£10.", "Tickets cost five to ten pounds."),
        ("Rates of 4.5%-4.75%.", "Rates of four point five percent to four point seven five percent."),
        ("They won 3-1 at home.", "They won three one at home."),
        ("Write a 300-400 word essay.", "Write a three hundred to four hundred word essay."),
        ("Voters aged 18-24 stayed home.", "Voters aged eighteen to twenty four stayed home."),
        ("Between 200-300 people came.", "Between two hundred to three hundred people came."),
        ("It ordered 200-300 jets.", "It ordered two hundred to three hundred jets."),
        ("The bill passed 234-193.", "The bill passed two hundred thirty four to one hundred ninety three."),
        ("See pages 345-7 again.", "See pages three hundred forty five to seven again."),
        ("A fleet of 150 aircraft.", "A fleet of one hundred fifty aircraft."),
        ("It flew 747 passengers.", "It flew seven hundred forty seven passengers."),
        ("Bake at 350F for an hour.", "Bake at three hundred fifty degrees Fahrenheit for an hour."),
    ],
)  # fmt: skip
def test_ranges_and_counts_are_not_model_numbers(text: str, said: str) -> None:
    assert spoken(text) == said


def test_each_model_number_keeps_the_offsets_of_its_written_token() -> None:
    assert said_for("Boeing's 737-800 and 787s beat the A350-1000 2-1.") == [
        ("Boeing's", "Boeing's"),
        ("737-800", "seven thirty seven eight hundred"),
        ("and", "and"),
        ("787s", "seven eighty sevens"),
        ("beat", "beat"),
        ("the", "the"),
        ("A350-1000", "eh three fifty one thousand"),
        ("2-1", "two one"),
    ]
