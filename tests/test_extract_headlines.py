"""The headline of copied page text, on pages where the nearest heading-shaped line is not it.

Each page is a reader's copy written for this test: the true headline sits
above labels, credits, a related story or a shouted section name, or is
printed as the first line of the story's own block.
"""

from __future__ import annotations

from voxpress.extract import extract_from_text

TITLE = "Harbour ferry crew rescues stranded kayakers off the northern cliffs"
STORY = [
    "The crew of the morning harbour ferry rescued three kayakers on Sunday after their boats were "
    "swept against the northern cliffs by a sudden change in the wind.",
    "The ferry's captain, Rhona Tait, said the crew spotted an orange kayak upside down near the caves "
    "and turned the boat towards the cliffs within a minute.",
    "“We have practised this every spring, and the crew knew exactly what to do,” she said. The three "
    "kayakers were lifted aboard with ropes and blankets.",
    "The coastguard praised the ferry crew and reminded visitors that the wind around the northern "
    "cliffs can turn in minutes, even on a calm morning.",
    "All three kayakers were checked by paramedics at the harbour and went home the same afternoon, "
    "the coastguard said.",
]
MENU = ["Home", "News", "Sport", "Weather", "Sign In"]
FOOTER = ["About us", "Contact us", "Privacy policy"]


def copied(*blocks: list[str]) -> str:
    return "\n".join(line for block in blocks for line in block)


def test_headline_far_above_the_body_beats_a_nearer_related_story() -> None:
    header = [TITLE, "By Ewan Moray", "Published 3 May 2031", "Share", "Advertisement"]
    labels = ["Photo gallery", "Video", "Listen", "Print", "Email", "Save", "Follow", "Comments (0)"]
    sidebar = ["Most read", "Island ferry timetable changes from June", "1", "2", "3"]
    article = extract_from_text(copied(MENU, header, labels, labels, sidebar, STORY, FOOTER))
    assert article.title == TITLE
    assert list(article.paragraphs) == STORY


def test_shouted_section_label_and_credit_line_are_not_the_headline() -> None:
    title = "Saved by a whisker at sea"
    header = [title, "Analysis by Ewan Moray, Coast Editor", "LOCAL NEWS", "SELL YOUR BOAT"]
    article = extract_from_text(copied(MENU, header, STORY, FOOTER))
    assert article.title == title


def test_headline_printed_as_the_first_line_of_the_story_block() -> None:
    header = ["Edit Profile Sign Out", "Coast Courier Weekly"]
    title = f"{TITLE}: “We knew what to do!”"
    article = extract_from_text(copied(MENU, header, [title], STORY, FOOTER))
    assert article.title == title
    assert list(article.paragraphs) == STORY


def test_teasers_glued_to_their_datelines_are_not_story() -> None:
    teasers = [
        "Council approves new sea wall after long debate HARBOURTON: The town council on Tuesday approved "
        "the new sea wall after a debate that lasted most of the evening.",
        "Island school to reopen in autumn WEST ISLE: The island's only school will reopen in September "
        "after the roof was repaired over the summer, the board said.",
        "Storm closes the coast road again NORTH BAY: The coast road was closed for the third time this "
        "winter on Monday after waves threw stones across both lanes.",
    ]
    article = extract_from_text(copied(MENU, [TITLE], STORY, ["More news"], teasers, FOOTER))
    assert list(article.paragraphs) == STORY


def test_recurring_interview_questions_are_kept_each_time() -> None:
    question = "What made you start cooking for others?"
    answers = [
        "My grandmother ran a bakery by the station, and I spent every school holiday behind her counter "
        "learning to shape loaves before the first train.",
        "I wanted to show that a good dinner does not need an afternoon in the kitchen, only a hot pan "
        "and a few things from the market.",
        "Our neighbours kept asking for the recipes we cooked at the allotment, so one summer we started "
        "writing them down and sharing them with photographs.",
    ]
    series = [line for answer in answers for line in (question, answer)]
    article = extract_from_text(copied(MENU, [TITLE], STORY[:2], series, FOOTER))
    assert list(article.paragraphs) == [*STORY[:2], *series]


def test_a_list_of_same_shaped_lines_under_a_heading_is_story() -> None:
    results = [
        "Harbourton (Heat 1): first place",
        "West Isle (Heat 1): second place",
        "North Bay (Heat 2): first place",
        "Cliffside (Heat 2): third place",
    ]
    article = extract_from_text(copied(MENU, [TITLE], STORY, ["Results"], results, FOOTER))
    assert list(article.paragraphs)[: len(STORY)] == STORY
    assert all(result in article.paragraphs for result in results)


def test_a_menu_after_the_story_is_not_a_list() -> None:
    article = extract_from_text(copied(MENU, [TITLE], STORY, ["Sections"], MENU, FOOTER))
    assert list(article.paragraphs) == STORY


def test_picture_captions_above_their_credits_are_not_story_and_do_not_split_it() -> None:
    gallery = [
        "Image 1 of 3",
        "The morning ferry turns towards the northern cliffs, where the kayakers were stranded.",
        "(Image credit: Harbour Trust)",
        "Crew members practise a rescue with ropes and blankets at the harbour in spring.",
        "(Image credit: Rhona Tait)",
        "The caves below the northern cliffs are popular with kayakers in calm weather.",
        "(Image credit: Coastguard)",
    ]
    article = extract_from_text(copied(MENU, [TITLE], STORY[:1], gallery, STORY[1:], FOOTER))
    assert list(article.paragraphs) == STORY


def test_a_paragraph_leading_into_a_quotation_with_an_ellipsis_is_story() -> None:
    lead_in = (
        "The coastguard published its report on the rescue this week. It praised the ferry crew and "
        "said that the kayakers had done…"
    )
    teaser = "Storm closes the coast road for the third time as waves thr..."
    article = extract_from_text(
        copied(MENU, [TITLE], STORY[:3], [lead_in], STORY[3:], ["More news", teaser], FOOTER)
    )
    assert list(article.paragraphs) == [*STORY[:3], lead_in, *STORY[3:]]


def test_a_byline_between_story_paragraphs_is_not_read() -> None:
    byline = "By Ewan Moray | Coast Courier"
    article = extract_from_text(copied(MENU, [TITLE], STORY[:1], [byline], STORY[1:], FOOTER))
    assert list(article.paragraphs) == STORY
    assert article.byline == "Ewan Moray"


LOW_OVERLAP_TITLE = "Dawn drama below the northern cliffs"
"""A headline that shares only two of its words with the story."""


def test_headline_above_the_byline_beats_a_section_name_the_story_repeats() -> None:
    sections = ["Harbour Ferry Rescues", "Coastguard Diary"]
    header = [LOW_OVERLAP_TITLE, "By Ewan Moray", "3 May 2031"]
    article = extract_from_text(copied(MENU, sections, header, STORY, FOOTER))
    assert article.title == LOW_OVERLAP_TITLE


def test_the_authors_biography_heading_is_not_the_headline() -> None:
    # The captain writes the column; the story names her.
    header = [LOW_OVERLAP_TITLE, "By Rhona Tait", "About Rhona Tait", "3 May 2031"]
    article = extract_from_text(copied(MENU, header, STORY, FOOTER))
    assert article.title == LOW_OVERLAP_TITLE


def test_a_name_printed_after_a_label_is_not_the_headline() -> None:
    header = [LOW_OVERLAP_TITLE, "Author:", "Captain Rhona Tait", "3 May 2031"]
    article = extract_from_text(copied(MENU, header, STORY, FOOTER))
    assert article.title == LOW_OVERLAP_TITLE


def test_a_lower_case_breadcrumb_is_not_the_headline() -> None:
    header = [LOW_OVERLAP_TITLE, "Share", "you are here: Home News Harbour Ferry", "3 May 2031"]
    article = extract_from_text(copied(MENU, header, STORY, FOOTER))
    assert article.title == LOW_OVERLAP_TITLE


def test_a_time_and_a_year_are_not_the_headline() -> None:
    header = [LOW_OVERLAP_TITLE, "3 May", "15:23 2031", "By Ewan Moray"]
    article = extract_from_text(copied(MENU, header, STORY, FOOTER))
    assert article.title == LOW_OVERLAP_TITLE
