"""English normalisation of product lines: inch marks, resolutions, units of specifications and model
codes, said as a newsreader says them (``speech/units_en.py`` gives the rules)."""

from __future__ import annotations

import pytest

from speech_support import spoken
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.numbers_en import pair_reading


def said_for(text: str) -> list[tuple[str, str]]:
    """(written token, what is said for it) for every spoken word of ``text``."""
    script = prepare_script(text, "en", Lexicon.empty())
    return [(text[w.char_start : w.char_end], w.say) for s in script.sentences for w in s.words]


def test_a_whole_product_line_is_one_sentence_of_plain_words_with_a_pause_between_specifications() -> None:
    text = 'Orchard Vista QX2719HD 34" 3440x1440 1900R Curved 4ms 144Hz Gaming Monitor for $799.99'
    assert spoken(text) == (
        "Orchard Vista Q X twenty seven nineteen H D, thirty four inch, thirty four forty by fourteen forty,"
        " nineteen hundred R Curved four millisecond, one hundred forty four hertz Gaming Monitor"
        " for seven hundred ninety nine dollars ninety nine."
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "A 1920 x 1080 144Hz panel.",
            "A nineteen twenty by ten eighty, one hundred forty four hertz panel.",
        ),
        ("The 27″ 4K set.", "The twenty seven inch, four K set."),
        ("The 65W charger and 2TB SSD.", "The sixty five watt charger and two terabyte S S D."),
        ("It ran at 5pm 6pm and 7pm.", "It ran at five P M six P M and seven P M."),
        ("The PS5 DualShock pad.", "The P S five DualShock pad."),
        ("A 2.3GHz i9 chip.", "A two point three gigahertz I nine chip."),
    ],
)
def test_pauses_fall_only_between_specifications_written_side_by_side(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('The Vista 27" monitor is on sale.', "The Vista twenty seven inch monitor is on sale."),
        ('Its panel is 24" wide.', "Its panel is twenty four inches wide."),
        ('A 55″ set and a 65" TV.', "A fifty five inch set and a sixty five inch T V."),
        ("A 27-inch screen sits on the desk.", "A twenty seven inch screen sits on the desk."),
        ("The guard is 6'2\" tall.", "The guard is six foot two tall."),
        ('He said "it was 34" and left.', "He said it was thirty four and left."),
        ('She wrote "size 10" on the box.', "She wrote size ten on the box."),
    ],
)
def test_inch_marks_after_figures_are_inches_and_closing_quotes_are_not(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("It runs at 3440x1440.", "It runs at thirty four forty by fourteen forty."),
        ("A 1920 x 1080 panel.", "A nineteen twenty by ten eighty panel."),
        ("Old ones ran 1366×768.", "Old ones ran thirteen sixty six by seven sixty eight."),
        ("Or 640x480.", "Or six forty by four eighty."),
        ("It streams 4K and 1080p video.", "It streams four K and ten eighty p video."),
        ("Films in 2160p, games in 1440p.", "Films in twenty one sixty p, games in fourteen forty p."),
        ("News in 720p.", "News in seven twenty p."),
        ("A 200x300mm tile.", "A two hundred by three hundred millimetre tile."),
        ("The room is 12 x 10 feet.", "The room is twelve by ten feet."),
        ("The stamp cost 50p.", "The stamp cost fifty pence."),
    ],
)  # fmt: skip
def test_resolutions_dimensions_and_video_modes(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("A 65W charger ships with it.", "A sixty five watt charger ships with it."),
        ("The charger draws 65W.", "The charger draws sixty five watts."),
        ("A 2TB SSD and 32GB RAM.", "A two terabyte S S D and thirty two gigabyte ram."),
        ("It has 8 GB of storage.", "It has eight gigabytes of storage."),
        ("The chip runs at 3.4GHz.", "The chip runs at three point four gigahertz."),
        ("A 144 Hz screen.", "A one hundred forty four hertz screen."),
        ("Its 5000mAh battery lasts.", "Its five thousand milliamp hour battery lasts."),
        ("Response time is 1ms.", "Response time is one millisecond."),
        ("Response time is 5 ms.", "Response time is five milliseconds."),
        ("It weighs 1.2kg or 2.6 lbs.", "It weighs one point two kilograms or two point six pounds."),
        ("A 12 fl oz can.", "A twelve fluid ounce can."),
        ("Pour 8 fl oz of milk.", "Pour eight fluid ounces of milk."),
        ("It is 15mm thick.", "It is fifteen millimetres thick."),
        ("It tops out at 60 mph.", "It tops out at sixty miles per hour."),
        ("Or 100 km/h.", "Or one hundred kilometres per hour."),
        ("A 48MP camera.", "A forty eight megapixel camera."),
        ("It records at 120 fps.", "It records at one hundred twenty frames per second."),
        ("The 15.6in Laptop weighs 4 lbs.", "The fifteen point six inch Laptop weighs four pounds."),
    ],
)  # fmt: skip
def test_units_take_the_singular_before_a_noun_and_the_plural_otherwise(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The RTX 4090 and RX 7900 XTX.", "The R T X forty ninety and R X seventy nine hundred X T X."),
        ("The XPS 13 uses an M2 chip.", "The X P S thirteen uses an M two chip."),
        ("Buy the WH-1000XM5 headphones.", "Buy the W H one thousand X M five headphones."),
        ("The SM-G991B is a phone.", "The S M G nine ninety one B is a phone."),
        ("An i7-13700K runs hot.", "An I seven thirteen seven hundred K runs hot."),
        ("The GTX 1080 Ti is old.", "The G T X ten eighty T I is old."),
        ("The Xbox 360 and the Xbox Series X.", "The Xbox three sixty and the Xbox Series X."),
        ("The Orchard KV-5820 ships.", "The Orchard K V fifty eight twenty ships."),
    ],
)  # fmt: skip
def test_model_codes_spell_letters_and_read_digit_groups_as_model_numbers(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The FTSE 100 rose.", "The Footsie one hundred rose."),
        ("Some EU 2500 staff left.", "Some E U two thousand five hundred staff left."),
        ("The deal is worth USD 4500.", "The deal is worth U S D four thousand five hundred."),
        ("The War of 1812 ended.", "The War of eighteen twelve ended."),
        ("World War II ended in 1945.", "World War two ended in nineteen forty five."),
    ],
)
def test_figures_after_known_acronyms_are_not_model_numbers(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("digits", "said"),
    [
        ("13", "thirteen"),
        ("991", "nine ninety one"),
        ("900", "nine hundred"),
        ("4090", "forty ninety"),
        ("1000", "one thousand"),
        ("13700", "thirteen seven hundred"),
        ("10500", "ten five hundred"),
        ("10050", "one zero zero five zero"),
        ("0550", "zero five five zero"),
        ("123456", "one two three four five six"),
    ],
)
def test_model_number_digit_groups(digits: str, said: str) -> None:
    assert pair_reading(digits) == said


def test_product_codes_do_not_break_sentences() -> None:
    text = 'The Orchard AB-12.5X and the 34" Vista V2.1 went on sale. Both sold out.'
    sentences = prepare_script(text, "en", Lexicon.empty()).sentences
    assert [text[s.char_start : s.char_end] for s in sentences] == [
        'The Orchard AB-12.5X and the 34" Vista V2.1 went on sale.',
        "Both sold out.",
    ]


def test_every_reading_keeps_the_offsets_of_its_written_token() -> None:
    assert said_for('A 34" 1920 x 1080 4ms panel, RTX 4090, 12 fl oz.') == [
        ("A", "A"),
        ("34", "thirty four inch"),
        ("1920", "nineteen twenty"),
        ("x", "by"),
        ("1080", "ten eighty"),
        ("4ms", "four millisecond"),
        ("panel", "panel"),
        ("RTX", "R T X"),
        ("4090", "forty ninety"),
        ("12", "twelve"),
        ("fl", "fluid"),
        ("oz", "ounces"),
    ]
