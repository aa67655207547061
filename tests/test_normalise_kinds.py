"""English normalisation, kind by kind: titles, compound amounts, clock times and their ranges,
telephone numbers, ranges with units, scores, fractions, units, numerals, wire-copy abbreviations.

The sentences are written for these tests and differ from the benchmark's
(benchmarks/normalisation_sentences.py), so that a rule fitted to one sentence fails here.
"""

from __future__ import annotations

import pytest

from speech_support import spoken
from voxpress.speech import Lexicon, prepare_script


def shown(text: str) -> str:
    """What an editor sees in the dry run: spelled letters as letters."""
    script = prepare_script(text, "en", Lexicon.empty())
    return " ".join(w.shown or w.say for s in script.sentences for w in s.words if w.say)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Cllr Ahmed Raza resigned.", "councillor Ahmed Raza resigned."),
        ("Maj. Ortega and Brig. Lowe arrived.", "major Ortega and brigadier Lowe arrived."),
        ("Atty. Gen. Moreno spoke.", "attorney general Moreno spoke."),
        ("Cmdr. Yusuf and Pte. Kerr were named.", "commander Yusuf and private Kerr were named."),
        ("The Rt. Hon. Member sat down.", "The right honourable Member sat down."),
        ("She met the Pres. of the union.", "She met the president of the union."),
        ("A brig sailed; Gen Z voters stayed home.", "A brig sailed, Gen Z voters stayed home."),
    ],
)
def test_titles_before_names(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The 800,000-strong union struck.", "The eight hundred thousand strong union struck."),
        ("A 2.4m-strong diaspora voted.", "A two point four million strong diaspora voted."),
        ("A 3m-high fence went up.", "A three metre high fence went up."),
        ("The 20km-long queue grew.", "The twenty kilometre long queue grew."),
        ("A 5.9-magnitude tremor followed.", "A five point nine magnitude tremor followed."),
        ("The £3bn-a-year scheme ended.", "The three billion pound a year scheme ended."),
        ("A 19th-century barn burned.", "A nineteenth century barn burned."),
    ],
)
def test_amounts_inside_compound_adjectives(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The gym opens 6am-10pm.", "The gym opens six A M to ten P M."),
        ("Talks run 8.30am-1pm.", "Talks run eight thirty A M to one P M."),
        ("Service is 3-5pm only.", "Service is three to five P M only."),
        ("The bar is shut 11:30pm-6am.", "The bar is shut eleven thirty P M to six A M."),
        ("Results at 4:00 p.m. today.", "Results at four P M today."),
        ("The ferry docks at 0600 GMT.", "The ferry docks at oh six hundred G M T."),
        ("Troops moved at 2215 UTC.", "Troops moved at twenty two fifteen U T C."),
        ("The raid began at 0905 BST.", "The raid began at oh nine oh five B S T."),
    ],
)
def test_clock_times_and_their_ranges(text: str, said: str) -> None:
    assert shown(text) == said.rstrip(".")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Ring 0117 496 0733 today.", "Ring oh one one seven four nine six oh seven three three today"),
        ("Call +1 202 555 0187 now.", "Call plus one two oh two five five five oh one eight seven now"),
        ("Phone (212) 555-0190 to book.", "Phone two one two five five five oh one nine oh to book"),
        ("Dial 911 or 999.", "Dial nine one one or nine hundred ninety nine"),
        ("Text 112 in Europe.", "Text one one two in Europe"),
        ("Rooms 101 102 and 103 shut.", "Rooms one hundred one one hundred two and one hundred three shut"),
        ("He called 400 voters.", "He called four hundred voters"),
    ],
)
def test_telephone_numbers_are_read_digit_by_digit(text: str, said: str) -> None:
    assert shown(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Lows of 3-6C overnight.", "Lows of three to six degrees Celsius overnight."),
        ("Walks of 8-12km are planned.", "Walks of eight to twelve kilometres are planned."),
        ("Bids of £40m-£60m came in.", "Bids of forty million to sixty million pounds came in."),
        ("Fares of $3-$5 apply.", "Fares of three to five dollars apply."),
        ("Open Tuesday-Sunday.", "Open Tuesday to Sunday."),
        ("The sale runs Jan-Mar.", "The sale runs January to March."),
        ("The fair is on August 12-15.", "The fair is on August twelfth to fifteenth."),
        ("A 70-30 split was agreed.", "A seventy thirty split was agreed."),
        ("The vote went 6-3.", "The vote went six to three."),
    ],
)
def test_ranges(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The game finished 3-3.", "The game finished three all."),
        ("It ended 0-0 in Turin.", "It ended nil nil in Turin."),
        ("She won it 7-6, 4-6, 6-1.", "She won it seven six, four six, six one."),
        ("Derby won 2-1 at home.", "Derby won two one at home."),
    ],
)
def test_scores(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The jug was ½ empty.", "The jug was half empty."),
        ("It took 3½ hours.", "It took three and a half hours."),
        ("The 7/7 memorial opened.", "The seven seven memorial opened."),
        ("About 3/8 of it was lost.", "About three eighths of it was lost."),
    ],
)
def test_fractions_and_dates_with_a_slash(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The ECB cut by 75bp.", "The E C B cut by seventy five basis points."),
        ("Spreads widened 10 bps.", "Spreads widened ten basis points."),
        ("The pipe is 4in wide.", "The pipe is four inches wide."),
        ("The shop has 1,200 sq ft of space.", "The shop has one thousand two hundred square feet of space."),
        ("The park covers 40 sq km.", "The park covers forty square kilometres."),
        ("He is 5ft 11in tall.", "He is five feet eleven inches tall."),
        ("Stay in the house.", "Stay in the house."),
    ],
)
def test_units(text: str, said: str) -> None:
    assert shown(text) == said.rstrip(".")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("World War I veterans marched.", "World War one veterans marched."),
        ("Title VII protects workers.", "Title seven protects workers."),
        ("Article V was invoked.", "Article five was invoked."),
        ("The Apollo XI crew landed.", "The Apollo eleven crew landed."),
        ("Season III was filmed in Malta.", "Season three was filmed in Malta."),
        ("Then I left.", "Then I left."),
    ],
)
def test_roman_numerals_after_series_words(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The FTSE 250 gained.", "The Footsie two hundred fifty gained."),
        ("The DAX fell.", "The Dax fell."),
        ("Farms near Salem, Ore., flooded.", "Farms near Salem, Oregon, flooded."),
        ("She grew up in Macon, Ga.", "She grew up in Macon, Georgia."),
        ("The Mass. was said at noon.", "The Mass was said at noon."),
        ("Kellogg Co. cut prices.", "Kellogg company cut prices."),
        ("It was born in Co. Kerry.", "It was born in county Kerry."),
        ("Lehman Bros. collapsed.", "Lehman brothers collapsed."),
        ("The mill dates from c. 1720.", "The mill dates from circa seventeen twenty."),
        ("Approx. 90 staff left.", "Approximately ninety staff left."),
    ],
)
def test_wire_copy_names_and_abbreviations(text: str, said: str) -> None:
    assert spoken(text) == said


def test_abbreviations_that_end_a_sentence_before_a_new_one() -> None:
    assert spoken("The firm is in Dallas, Tex. It hires.") == "The firm is in Dallas, Texas. | It hires."
    assert spoken("He joined Warner Bros. The studio agreed.") == (
        "He joined Warner brothers. | The studio agreed."
    )
    assert len(prepare_script("Built c. 1850 by Telford.", "en", Lexicon.empty()).sentences) == 1


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Sen. Ada Ruiz (D-Calif.) objected.", "senator Ada Ruiz, Democrat of California, objected."),
        ("Rep. Joe Hale, R-Ohio, spoke.", "representative Joe Hale, Republican of Ohio, spoke."),
        ("Sen. Kim Bray (I-VT) voted no.", "senator Kim Bray, independent of Vermont, voted no."),
        ("The mayor of Utica, N.Y., resigned.", "The mayor of Utica, New York, resigned."),
        ("They call 2025 a turning point.", "They call twenty twenty five a turning point."),
        ("Call 116 123 any time.", "Call one one six one two three any time."),
    ],
)
def test_party_and_state_tags_and_dialled_numbers(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Copper hit $9,800/t.", "Copper hit nine thousand eight hundred dollars per tonne."),
        ("Oil fell to $71.20/bbl.", "Oil fell to seventy one dollars twenty per barrel."),
        ("GBP/USD slipped.", "sterling dollar slipped."),
        ("Output rose 0.4% m/m.", "Output rose zero point four percent month on month."),
        ("Profit fell 8% y/y.", "Profit fell eight percent year on year."),
        ("The FTSE/JSE index rose.", "The Footsie J S E index rose."),
        ("Traders sold 3 mln barrels.", "Traders sold three million barrels."),
        ("The wait was 40 mins.", "The wait was forty minutes."),
        ("They served 4 yrs.", "They served four years."),
        ("1,000s of homes lost power.", "thousands of homes lost power."),
        (
            "Yields of 3.9%-4.1% are likely.",
            "Yields of three point nine percent to four point one percent are likely.",
        ),
        ("It fell -2% in May.", "It fell minus two percent in May."),
    ],
)
def test_market_shorthand(text: str, said: str) -> None:
    assert spoken(text) == said
