"""Extraction from the text a reader copies from a whole page: invented copies, one per kind of clutter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voxpress.errors import NoArticleError
from voxpress.extract import RawInput, extract_article, extract_from_text, load_input
from voxpress.settings import Settings

TITLE = "Night trains return to the mountain line after twelve years"
STANDFIRST = [
    "The regional operator restores a sleeper service between the capital and the lakes",
    "Tickets go on sale next week, with a discount for travellers under twenty-five",
]
STORY = [
    "Night trains will run again on the mountain line from April, twelve years after the last sleeper "
    "service was withdrawn because of falling demand.",
    "The regional operator said on Tuesday that it had bought eight second-hand sleeping cars and would "
    "run a train in each direction every night of the week.",
    "“People have been asking us for this for years, and the numbers finally add up,” said Petra Loisl, "
    "the operator's head of long-distance services.",
    "The journey from the capital to the lakes will take just under nine hours, leaving at ten in the "
    "evening and arriving in time for breakfast.",
    "Environmental groups welcomed the decision, saying that a good night train was the best way to take "
    "short flights off the departure boards.",
    "The operator plans to add a second route to the southern border if the first year goes well, but "
    "said that depended on buying more carriages.",
]
MENU = [
    "Home",
    "News",
    "Politics",
    "Business",
    "Sport",
    "Travel",
    "Culture",
    "Weather",
    "Sign In",
    "Subscribe",
]
FOOTER = ["About us", "Contact us", "Privacy policy", "Terms of use", "© 2031 The Valley Gazette"]


def copied(*blocks: list[str]) -> str:
    return "\n".join(line for block in blocks for line in block)


def test_title_standfirst_and_body_are_separated() -> None:
    text = copied(MENU, [TITLE], [f"- {s}" for s in STANDFIRST], STORY, FOOTER)
    article = extract_from_text(text)
    assert article.title == TITLE
    assert article.standfirst == tuple(STANDFIRST)
    assert list(article.paragraphs) == STORY


def test_advertisement_lines_between_paragraphs_are_dropped() -> None:
    body = []
    for paragraph in STORY:
        body += [paragraph, "Advertisement"]
    article = extract_from_text(copied(MENU, [TITLE], body, FOOTER))
    assert list(article.paragraphs) == STORY


def test_reading_time_share_count_and_trust_lines_are_dropped() -> None:
    header = [
        TITLE,
        "Reading Time:3 minutes",
        "Why you can trust The Valley Gazette",
        "14",
        "Share this article",
    ]
    article = extract_from_text(copied(MENU, header, STORY, FOOTER))
    assert article.title == TITLE
    assert list(article.paragraphs) == STORY


def test_listening_player_labels_are_dropped() -> None:
    player = [
        "Select Voice",
        "Choose your listening speed",
        "Get through articles 2x faster",
        "1.25x",
        "250 WPM",
    ]
    player += ["Slow", "Average", "Fast", "1.25x"]
    article = extract_from_text(copied(MENU, [TITLE], STORY, player))
    assert list(article.paragraphs) == STORY


def test_byline_and_date_are_metadata_not_body() -> None:
    header = [TITLE, "By Anna Weber and Jonas Brandt", "March 3, 2025"]
    article = extract_from_text(copied(MENU, header, STORY, FOOTER))
    assert article.byline == "Anna Weber and Jonas Brandt"
    assert article.published == "2025-03-03"
    assert list(article.paragraphs) == STORY


def test_readers_comments_after_the_story_are_dropped() -> None:
    comments = [
        "12 Comments",
        "railfan88 says:",
        "March 4, 2025 at 8:12 am",
        "About time too, I used to take the old sleeper every winter and have missed it ever since it went.",
        "Reply",
        "Mountain Walker says:",
        "March 4, 2025 at 9:40 am",
        "Nine hours seems slow for that distance, but if the beds are comfortable "
        "I really do not mind at all.",
        "Reply",
    ]
    article = extract_from_text(copied(MENU, [TITLE], STORY, comments, FOOTER))
    assert list(article.paragraphs) == STORY


def test_related_story_teasers_after_the_story_are_dropped() -> None:
    teasers = [
        "More from Travel",
        "Ferry fares to rise",
        "Ferry Fares To Rise On Island Routes From May The operator blamed the cost "
        "of fuel for the increase.",
        "Travel",
        "New cycle path opens",
        "New Cycle Path Opens Along The Old Canal The path links three villages and took two years to build.",
        "Travel",
    ]
    article = extract_from_text(copied(MENU, [TITLE], STORY, teasers, FOOTER))
    assert list(article.paragraphs) == STORY


def test_subheading_between_story_paragraphs_is_kept() -> None:
    body = [*STORY[:3], "WHAT HAPPENS NEXT", *STORY[3:]]
    article = extract_from_text(copied(MENU, [TITLE], body, FOOTER))
    assert list(article.paragraphs) == body


def test_menu_only_copy_is_no_article() -> None:
    raw = RawInput(content=copied(MENU, FOOTER), kind="text", name="menu")
    with pytest.raises(NoArticleError):
        extract_article(raw, Settings())


def test_french_copy_is_detected_as_french() -> None:
    story = [
        "Les trains de nuit reviendront sur la ligne de montagne dès le mois d'avril, douze ans après la "
        "suppression du dernier service de couchettes.",
        "L'opérateur régional a annoncé mardi qu'il avait acheté huit voitures-lits d'occasion "
        "et qu'il ferait circuler un train dans chaque sens toutes les nuits.",
        "Le trajet entre la capitale et les lacs durera un peu moins de neuf heures, avec un départ à dix "
        "heures du soir et une arrivée pour le petit déjeuner.",
    ]
    article = extract_from_text(
        copied(["Accueil", "Actualités", "Sport"], ["Le retour des trains de nuit"], story)
    )
    assert article.language == "fr"
    assert list(article.paragraphs) == story
    assert article.title == "Le retour des trains de nuit"


def test_japanese_copy_keeps_sentences_whole() -> None:
    story = [
        "山岳線の夜行列車が四月から十二年ぶりに運行を再開すると、地域の鉄道会社が火曜日に発表した。",
        "同社は中古の寝台車を八両購入し、毎晩それぞれの方向に一本ずつ列車を走らせる計画だという。",
        "首都から湖までの所要時間は九時間弱で、夜十時に出発し、朝食の時間に到着する予定である。",
    ]
    article = extract_from_text(copied(["ホーム", "ニュース", "スポーツ"], ["夜行列車が山岳線に復活"], story))
    assert article.language == "ja"
    assert list(article.paragraphs) == story


SEED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seed"


@pytest.mark.skipif(not (SEED / "gold.json").is_file(), reason="evaluation seed page not present")
def test_seed_page_extracts_exactly_as_gold() -> None:
    gold = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))
    article = extract_article(load_input(str(SEED / "page.txt"), Settings()), Settings())
    assert article.title == gold["title"]
    assert list(article.standfirst) == gold["standfirst"]
    assert list(article.paragraphs) == gold["paragraphs"]
    assert article.reading_time_minutes == gold["reading_time_minutes"]
    spoken = set(article.blocks)
    assert not spoken & set(gold["not_article"])


def test_headline_is_the_heading_that_the_lead_echoes() -> None:
    header = [
        "Rail strike called off after late-night talks",
        TITLE,
        "Travel",
        "Listen to this article",
        "Anna Weber, Transport Correspondent",
    ]
    article = extract_from_text(copied(MENU, header, STORY, FOOTER))
    assert article.title == TITLE
    assert list(article.paragraphs) == STORY


def test_short_list_items_under_a_colon_line_are_kept() -> None:
    items = ["The operator will stop at these stations:", "Lakeside", "Old Mill Junction", "Fernbrook"]
    body = [*STORY[:3], *items, *STORY[3:]]
    article = extract_from_text(copied(MENU, [TITLE], body, FOOTER))
    assert list(article.paragraphs) == body


def test_question_headline_is_the_title_not_the_first_paragraph() -> None:
    title = "Will night trains really return to the mountain line this spring?"
    article = extract_from_text(copied(MENU, [title], STORY, FOOTER))
    assert article.title == title
    assert list(article.paragraphs) == STORY


def test_article_over_the_word_limit_is_refused() -> None:
    from dataclasses import replace

    from voxpress.errors import InputError
    from voxpress.settings import ArticleLimits

    settings = replace(Settings(), article=ArticleLimits(max_words=50))
    raw = RawInput(content=copied(MENU, [TITLE], STORY, FOOTER), kind="text", name="long")
    with pytest.raises(InputError, match="limit is 50"):
        extract_article(raw, settings)


def test_a_small_box_of_links_inside_the_story_does_not_end_it() -> None:
    last = (
        "Tickets for the first month sold out within an hour of going on sale, the operator said on "
        "Wednesday, and it is already looking for more carriages"
    )
    box = ["Related links", "The operator's timetable"]
    after = ["Report an error", "Top videos", "Ferry fares to rise on island routes"]
    article = extract_from_text(copied(MENU, [TITLE], STORY, box, [last], after, FOOTER))
    assert list(article.paragraphs) == [*STORY, last]
