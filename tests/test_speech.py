"""Speech preparation: sentences, token offsets, punctuation and English normalisation."""

from __future__ import annotations

import pytest

from voxpress.article import Article
from voxpress.speech import Lexicon, Script, format_dry_run, prepare_script, rules_for
from voxpress.speech.numbers_en import cardinal, ordinal, year


def script_of(text: str) -> Script:
    return prepare_script(text, "en", Lexicon.empty())


def spoken(text: str) -> str:
    """The whole text as it will be said, sentences joined by " | "."""
    return " | ".join(s.spoken_text for s in script_of(text).sentences)


def said_for(text: str, written: str) -> str:
    """What is said for the token written exactly as ``written``."""
    script = script_of(text)
    for sentence in script.sentences:
        for word in sentence.words:
            if text[word.char_start : word.char_end] == written:
                return word.say
    raise AssertionError(f"no token {written!r} in {[w.say for s in script.sentences for w in s.words]}")


def sentence_texts(text: str) -> list[str]:
    script = script_of(text)
    return [text[s.char_start : s.char_end] for s in script.sentences]


# --- sentences ------------------------------------------------------------------------------------


def test_title_without_period_is_one_sentence_and_blocks_never_share_one() -> None:
    article = Article(
        title="Harbour bridge reopens after repairs",
        standfirst=("Traffic returns to normal",),
        paragraphs=("The bridge closed in May. It reopened today.", "Drivers cheered"),
    )
    script = script_of(article.narration_text)
    assert [(s.block_index, article.narration_text[s.char_start : s.char_end]) for s in script.sentences] == [
        (0, "Harbour bridge reopens after repairs"),
        (1, "Traffic returns to normal"),
        (2, "The bridge closed in May."),
        (2, "It reopened today."),
        (3, "Drivers cheered"),
    ]
    assert script.sentences[0].words[-1].punctuation == "."


def test_abbreviations_initials_and_decimals_do_not_end_sentences() -> None:
    text = (
        "Mr. Okafor met Dr. Lind on Jan. 4 to discuss No. 5 Street. "
        "J. K. Rowling gave 3.5 million copies to the U.S. government. "
        "Sales in the U.S. The rest abroad."
    )
    assert sentence_texts(text) == [
        "Mr. Okafor met Dr. Lind on Jan. 4 to discuss No. 5 Street.",
        "J. K. Rowling gave 3.5 million copies to the U.S. government.",
        "Sales in the U.S.",
        "The rest abroad.",
    ]


def test_street_abbreviation_ends_a_sentence_before_a_new_one_but_saint_does_not() -> None:
    text = "The office is on Harbour St. The mayor visited St. Anne's school on Mill St. near the quay."
    assert sentence_texts(text) == [
        "The office is on Harbour St.",
        "The mayor visited St. Anne's school on Mill St. near the quay.",
    ]
    assert spoken(text) == (
        "The office is on Harbour street. | "
        "The mayor visited saint Anne's school on Mill street near the quay."
    )


def test_quotes_after_period_question_marks_and_ellipses() -> None:
    text = 'She said: "We are done." Then she left! "Why?" he asked. It was... odd. Wait... Nobody came.'
    assert sentence_texts(text) == [
        'She said: "We are done."',
        "Then she left!",
        '"Why?" he asked.',
        "It was... odd.",
        "Wait...",
        "Nobody came.",
    ]
    script = script_of(text)
    assert [w.punctuation for w in script.sentences[2].words] == [",", "", "."]
    assert script.sentences[1].words[-1].punctuation == "!"
    assert script.sentences[3].words[1].punctuation == ","


# --- tokens and offsets ---------------------------------------------------------------------------


def test_offsets_point_at_written_tokens_without_punctuation() -> None:
    text = 'In 2019, "Mr. Diaz" paid $5m to the FBI (for the 21st time).'
    script = script_of(text)
    written = [text[w.char_start : w.char_end] for s in script.sentences for w in s.words]
    assert written == [
        "In",
        "2019",
        "Mr",
        "Diaz",
        "paid",
        "$5m",
        "to",
        "the",
        "FBI",
        "for",
        "the",
        "21st",
        "time",
    ]
    punctuation = [w.punctuation for s in script.sentences for w in s.words]
    assert punctuation == ["", ",", "", "", "", "", "", "", ",", "", "", "", "."]


def test_one_token_can_be_several_spoken_words_and_symbols_are_dropped() -> None:
    text = "The firm raised $1.2bn 🎉 from investors ✨."
    script = script_of(text)
    words = script.sentences[0].words
    assert [w.say for w in words] == [
        "The",
        "firm",
        "raised",
        "one point two billion dollars",
        "from",
        "investors",
    ]
    assert words[-1].punctuation == "."
    assert script.written_words == 6


def test_dashes_and_parentheses_are_pauses_not_words() -> None:
    assert spoken("The plan — approved late (after a vote) — starts now.") == (
        "The plan, approved late, after a vote, starts now."
    )


# --- numbers --------------------------------------------------------------------------------------


def test_number_speller() -> None:
    assert cardinal(0) == "zero"
    assert cardinal(1205) == "one thousand two hundred five"
    assert cardinal(3_000_042) == "three million forty two"
    assert ordinal(21) == "twenty first"
    assert ordinal(12) == "twelfth"
    assert ordinal(40) == "fortieth"
    assert year(1990) == "nineteen ninety"
    assert year(1905) == "nineteen oh five"
    assert year(2000) == "two thousand"
    assert year(2005) == "two thousand five"
    assert year(2024) == "twenty twenty four"
    assert year(1900) == "nineteen hundred"


@pytest.mark.parametrize(
    ("text", "written", "said"),
    [
        ("The team scored 42 points.", "42", "forty two"),
        ("She finished 1st and he came 23rd.", "23rd", "twenty third"),
        ("The rate is 3.75 now.", "3.75", "three point seven five"),
        ("It fell to -5 overnight.", "-5", "minus five"),
        ("About 1,200 fans came.", "1,200", "one thousand two hundred"),
        ("The hall holds 1500 people.", "1500", "one thousand five hundred"),
        ("A crowd of 1,250,000 gathered.", "1,250,000", "one million two hundred fifty thousand"),
    ],
)
def test_cardinals_ordinals_decimals_negatives(text: str, written: str, said: str) -> None:
    assert said_for(text, written) == said


def test_scale_words_and_percentages() -> None:
    assert spoken("Some 1.2 million voters said 5% or 5 per cent.") == (
        "Some one point two million voters said five percent or five per cent."
    )


@pytest.mark.parametrize(
    ("text", "written", "said"),
    [
        ("The survey ran 2019-21 in three towns.", "2019-21", "twenty nineteen to twenty one"),
        ("The survey ran 2019–2021 in three towns.", "2019–2021", "twenty nineteen to twenty twenty one"),
        ("Expect 10–12 inches of snow.", "10–12", "ten to twelve"),
        ("Rates of 3-4% are likely.", "3-4%", "three to four percent"),
    ],
)
def test_ranges(text: str, written: str, said: str) -> None:
    assert said_for(text, written) == said


def test_fractions() -> None:
    assert said_for("Add 1/2 a cup.", "1/2") == "one half"
    assert said_for("Only 3/4 voted.", "3/4") == "three quarters"
    assert said_for("Two of 2/3 agreed.", "2/3") == "two thirds"
    assert said_for("Stir in ½ a spoon.", "½") == "half"
    assert said_for("Walk 2½ miles.", "2½") == "two and a half"


def test_years_and_decades() -> None:
    assert spoken("In 2019 the mill closed.") == "In twenty nineteen the mill closed."
    assert spoken("Music of the 1990s and the ’80s.") == "Music of the nineteen nineties and the eighties."
    assert spoken("By 2000 it grew, and in 2005 it split.") == (
        "By two thousand it grew, and in two thousand five it split."
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("It opened on January 5, 2023.", "It opened on January fifth, twenty twenty three."),
        ("It opened on 5 January 2023.", "It opened on the fifth of January twenty twenty three."),
        ("It opened on 5 Jan.", "It opened on the fifth of January."),
        ("It opened on 2023-01-05.", "It opened on January fifth, twenty twenty three."),
        ("Talks began on Sept. 12.", "Talks began on September twelfth."),
    ],
)
def test_dates(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Doors open at 9.30am sharp.", "Doors open at nine thirty eh M sharp."),
        ("Doors open at 9:30 a.m. sharp.", "Doors open at nine thirty eh M sharp."),
        ("Doors open at 7pm sharp.", "Doors open at seven P M sharp."),
        ("The train leaves at 14:00 GMT.", "The train leaves at fourteen hundred G M T."),
        ("The call is at 10:05 EST.", "The call is at ten oh five E S T."),
        ("Lunch is at 1:15 BST.", "Lunch is at one fifteen B S T."),
    ],
)
def test_times_and_time_zones(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("$5", "five dollars"),
        ("$1", "one dollar"),
        ("$5.50", "five dollars fifty"),
        ("$0.75", "seventy five cents"),
        ("£20", "twenty pounds"),
        ("€3.5bn", "three point five billion euros"),
        ("¥100", "one hundred yen"),
        ("HK$300m", "three hundred million Hong Kong dollars"),
        ("$1,200", "one thousand two hundred dollars"),
        ("5p", "five pence"),
    ],
)
def test_money(written: str, said: str) -> None:
    assert said_for(f"The fee was {written} last year.", written) == said


def test_money_followed_by_a_scale_word() -> None:
    assert spoken("They spent US$1.2 billion and 20 cents.") == (
        "They spent one point two billion U S dollars and twenty cents."
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("She ran 5km in the rain.", "She ran five kilometres in the rain."),
        ("It weighs 1kg only.", "It weighs one kilogram only."),
        ("Winds hit 70 mph today.", "Winds hit seventy miles per hour today."),
        ("It was −3°C at dawn.", "It was minus three degrees Celsius at dawn."),
        ("The wall is 3m high.", "The wall is three metres high."),
        ("The phone has 128GB of storage.", "The phone has one hundred twenty eight gigabytes of storage."),
        ("A 2.5cm cut.", "A two point five centimetre cut."),
    ],
)
def test_units(text: str, said: str) -> None:
    assert spoken(text) == said


# --- words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Mr Ng and Mrs Ode met Dr Patel.", "mister Ng and missus Ode met doctor Patel."),
        ("Prof. Lee and Gov. Hale spoke.", "professor Lee and governor Hale spoke."),
        ("Sen. Ruiz and Lt. Moss agreed.", "senator Ruiz and lieutenant Moss agreed."),
        ("St Andrew's Day is near.", "saint Andrew's Day is near."),
        ("She lives on Mill St now.", "She lives on Mill street now."),
        ("It was Leeds vs Hull, etc.", "It was Leeds versus Hull, et cetera."),
        ("He lives at No. 5 today.", "He lives at number five today."),
    ],
)
def test_titles_and_abbreviations(text: str, said: str) -> None:
    assert spoken(text) == said


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("FBI", "F B I"),
        ("UN", "U N"),
        ("US", "U S"),
        ("BBC", "B B C"),
        ("U.S", "U S"),
        ("NATO", "Nato"),
        ("Nato", "Nato"),
        ("NASA", "Nasa"),
        ("UNESCO", "Unesco"),
        ("COVID", "Covid"),
        ("HSBC", "H S B C"),
        ("AI", "eh I"),
    ],
)
def test_acronyms(written: str, said: str) -> None:
    assert said_for(f"A report by {written} came out.", written) == said


def test_capitals_headline_reads_words_not_letters() -> None:
    assert spoken("STORM HITS COAST TOWNS") == "storm hits coast towns."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("After World War II ended.", "After World War two ended."),
        ("Queen Elizabeth II waved.", "Queen Elizabeth the second waved."),
        ("King Henry VIII married.", "King Henry the eighth married."),
        ("The Type 055 destroyer sailed.", "The Type zero five five destroyer sailed."),
        ("A Boeing 737 landed.", "eh Boeing seven thirty seven landed."),
        ("The Airbus A320 landed.", "The Airbus eh three twenty landed."),
        ("A COVID-19 test.", "eh Covid nineteen test."),
        ("The G7 met.", "The G seven met."),
    ],
)
def test_regnal_war_and_model_numbers(text: str, said: str) -> None:
    assert spoken(text).split(" ", 1)[1] == said.split(" ", 1)[1]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Smith & Sons won.", "Smith and Sons won."),
        ("Staff at AT&T struck.", "Staff at eh T and T struck."),
        ("Bring a pen and/or pencil.", "Bring a pen and or pencil."),
        ("Ask his/her tutor.", "Ask his or her tutor."),
        ("Follow @CityNews for more.", "Follow at City News for more."),
        ("It trended as #SaveTheLibrary today.", "It trended as hashtag Save The Library today."),
        (
            "Read https://www.example.com/news/2024/06/some-long-slug?ref=home today.",
            "Read example dot com today.",
        ),
        ("Visit example.org/help today.", "Visit example dot org slash help today."),
        ("See https://t.co/XqRwLmKpEz now.", "See T dot C O now."),
        ("See https://bit.ly/aBcDeFgH now.", "See B I T dot L Y now."),
        ("See https://example.org/Help now.", "See example dot org slash Help now."),
        ("Write to desk@example.com now.", "Write to desk at example dot com now."),
        ("Prices rose 😮 again.", "Prices rose again."),
        ("A vice-minister quit.", "eh vice minister quit."),
    ],
)
def test_symbols_and_web_text(text: str, said: str) -> None:
    assert spoken(text).split(" ", 1)[1] == said.split(" ", 1)[1]


# --- other languages, dry run, speed --------------------------------------------------------------


def test_languages_without_rules_pass_tokens_through() -> None:
    script = prepare_script("Der Zug kam um 9 Uhr. Alle stiegen aus.", "sw")
    assert [s.spoken_text for s in script.sentences] == ["Der Zug kam um 9 Uhr.", "Alle stiegen aus."]
    assert rules_for("en-GB").language == "en"


def test_dry_run_shows_written_and_said_text() -> None:
    text = "Kyiv paid $5m.\n\nIt is final"
    lexicon = Lexicon.parse("Kyiv = Keev")
    output = format_dry_run(prepare_script(text, lexicon=lexicon))
    assert "Kyiv paid $5m." in output
    assert "«Keev» paid five million dollars." in output
    assert "It is final" in output
    assert output.splitlines()[-1].startswith("2 sentences, 6 words, 1 lexicon readings")


def test_script_is_deterministic() -> None:
    """Same text, same script (its speed is printed by benchmarks/normalisation.py, not timed here)."""
    paragraph = (
        "On March 3, 2024, the city council approved a $2.4bn plan to build 1,200 homes by 2030. "
        "Mr. Alvarez, the U.S. envoy, said 45% of residents backed it at 9:30 a.m. on Tuesday. "
        "Critics at the BBC and Nato disagreed, citing the 1990s and World War II. "
    )
    text = "Council backs housing plan\n\n" + "\n\n".join([paragraph * 4] * 12)
    assert len(text.split()) > 2000
    first = prepare_script(text)
    assert prepare_script(text) == first
    assert sum(len(sentence.words) for sentence in first.sentences) > 2000


def test_more_money_dates_and_plurals() -> None:
    assert spoken("Bids of $5-10m came in.") == "Bids of five to ten million dollars came in."
    assert spoken("On 5th June it hit 30C.") == "On the fifth of June it hit thirty degrees Celsius."
    assert (
        spoken("The 2019/20 season runs 24/7.")
        == "The twenty nineteen to twenty season runs twenty four seven."
    )
    assert spoken("Two CEOs and three MPs.") == "Two C E O's and three M P's."
    assert spoken("Call 555-0142-77 now.") == "Call five five five oh one four two seven seven now."


def test_empty_and_unspeakable_text_gives_no_sentences() -> None:
    assert script_of("").sentences == ()
    assert script_of("  \n\n 🎉✨ \n\n —").sentences == ()
    script = script_of("🎉\n\nReal words here")
    assert [s.block_index for s in script.sentences] == [1]


def test_offsets_and_spans_are_consistent_on_mixed_text() -> None:
    text = (
        "BREAKING: “Prices rose 4.5%,” said Ms. Hart (the U.K. lead)… Visit www.example.org/jobs!\n\n"
        "Q&A — is it 9am or 10:30pm? #Budget2024 via @TreasuryDesk; see https://example.com/a/b/c."
    )
    script = script_of(text)
    previous_end = 0
    for sentence in script.sentences:
        assert sentence.char_start >= previous_end
        assert (
            text[sentence.char_start : sentence.char_end].strip()
            == text[sentence.char_start : sentence.char_end]
        )
        for word in sentence.words:
            written = text[word.char_start : word.char_end]
            assert written and written == written.strip(" \n\"“”'‘’()[].,;:!?—…")
            assert sentence.char_start <= word.char_start < word.char_end <= sentence.char_end
            assert word.char_start >= previous_end
            assert word.say and word.say == " ".join(word.say.split())
            previous_end = word.char_end
    assert "\n\n" not in "".join(text[s.char_start : s.char_end] for s in script.sentences)


def test_a_new_language_module_is_found_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding ``rules_<code>.py`` is all a new language needs; here a module stands in for the file."""
    import sys
    import types

    from voxpress.speech.rules import LanguageRules

    def shout(text: str, tokens: object) -> list[str]:
        return [t.text.upper() for t in tokens]  # type: ignore[attr-defined]

    module = types.ModuleType("voxpress.speech.rules_qx")
    rules = LanguageRules(language="qx", normalise=shout, non_final_abbreviations=frozenset({"Hr"}))
    setattr(module, "RULES", rules)  # noqa: B010
    monkeypatch.setitem(sys.modules, "voxpress.speech.rules_qx", module)
    rules_for.cache_clear()
    try:
        script = prepare_script("Hr. Berg kam. Dann ging er.", "qx")
    finally:
        rules_for.cache_clear()
    assert script.language == "qx"
    assert [s.spoken_text for s in script.sentences] == ["HR BERG KAM.", "DANN GING ER."]
