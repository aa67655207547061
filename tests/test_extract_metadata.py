"""Metadata clean-up, language detection and the line judgements both extractors share."""

from __future__ import annotations

import pytest

from voxpress.extract import detect_language
from voxpress.extract.lines import byline_names, is_furniture, is_section_break
from voxpress.extract.metadata import clean_byline, clean_title, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("November 19, 2019", "2019-11-19"),
        ("Published Nov. 3, 2024 9:02 AM", "2024-11-03"),
        ("Wednesday 20 November 2019 11:42, UK", "2019-11-20"),
        ("2023-02-28T10:00:00Z", "2023-02-28"),
        ("1st March 2022", "2022-03-01"),
        ("February 30, 2022", None),
        ("no date here", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_clean_byline() -> None:
    assert clean_byline("By Ann Lee") == "Ann Lee"
    assert clean_byline("  by Ann Lee and Bo Chan, ") == "Ann Lee and Bo Chan"
    assert clean_byline("") is None


def test_byline_names_in_a_copied_line() -> None:
    assert byline_names("By Ann Lee | Updated 3 hours ago") == "Ann Lee"
    assert byline_names("Bystanders said the fire spread fast.") is None


def test_clean_title_drops_site_name() -> None:
    assert (
        clean_title("Night trains return | The Valley Gazette", "The Valley Gazette") == "Night trains return"
    )
    assert clean_title("Night trains return to the lakes - Gazette") == "Night trains return to the lakes"
    assert clean_title("Rock - Paper - Scissors tournament draws record crowd") == (
        "Rock - Paper - Scissors tournament draws record crowd"
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The council voted on Tuesday to keep the old harbour open for fishing boats.", "en"),
        ("Der Stadtrat hat am Dienstag beschlossen, den alten Hafen für Fischerboote offen zu halten.", "de"),
        ("El ayuntamiento votó el martes para mantener abierto el viejo puerto para los pescadores.", "es"),
        ("市议会星期二投票决定继续开放旧港口供渔船使用。", "zh"),
        ("قرر مجلس المدينة يوم الثلاثاء إبقاء الميناء القديم مفتوحا لقوارب الصيد.", "ar"),
        ("", "en"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize(
    "text",
    ["Advertisement", "Select Voice", "1.25x", "250 WPM", "Share this article", "Read more", "3 min read",
     "Photo: Ann Lee/Getty Images", "Sign up for our newsletter", "© 2031 The Gazette", "42 comments"],
)  # fmt: skip
def test_furniture_lines(text: str) -> None:
    assert is_furniture(text) or is_section_break(text)


@pytest.mark.parametrize(
    "text",
    ["The minister said the plan would be ready by spring.", "Tag team wins the regional title.",
     "Photos from the archive show the pier before the storm.", "WHAT HAPPENS NEXT"],
)  # fmt: skip
def test_story_lines_are_not_furniture(text: str) -> None:
    assert not is_furniture(text)
    assert not is_section_break(text)


def test_language_without_stop_words_still_reads_as_prose() -> None:
    from voxpress.extract.language import stop_words
    from voxpress.extract.lines import analyse

    assert stop_words("xx") == frozenset()
    line = analyse("Mtu mmoja alisema kwamba treni ya usiku itarudi mwezi ujao kwa furaha.", frozenset())
    assert line.sentence_like


def test_inline_picture_credit_marks_a_caption() -> None:
    assert is_furniture("An artist's drawing of the new lifeboat station. (Image credit: Harbour Trust)")


def test_picture_credit_lines() -> None:
    from voxpress.extract.lines import is_credit_line

    assert is_credit_line("(Image credit: Harbour Trust)")
    assert is_credit_line("Ann Lee | Coast Courier | Getty Images")
    assert is_credit_line("Photo: Bo Chan")
    assert not is_credit_line("Reuters")  # a wire service signing off its story
    assert not is_credit_line("The harbour master told Reuters the ferry was safe.")
