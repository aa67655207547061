"""Kinds of input extraction once failed on, each on a page written for this test.

Stray NUL bytes, invalid metadata dates, text that is not language, hard-wrapped
lines (copied text, ``<pre>`` and ``<br>`` pages), copyright lines above a
story, a story printed twice by a table layout.
"""

from __future__ import annotations

import random
import textwrap

import pytest

from voxpress.errors import InputError, NoArticleError
from voxpress.extract import RawInput, decode_html, decode_text, extract_article, extract_from_html
from voxpress.extract.lines import join_wrapped_lines
from voxpress.extract.metadata import trusted_date
from voxpress.settings import Settings

STORY = [
    "The valley railway will run its steam trains again from April, after a winter spent relaying "
    "the track across the old stone viaduct above the river.",
    "Volunteers replaced more than two thousand sleepers by hand, working in teams of six through "
    "the coldest weeks of January and February.",
    "The line closed to passengers sixty years ago, but a trust formed by local families bought the "
    "trackbed and has reopened it one mile at a time.",
    "Its chair, Odile Brennan, said the viaduct had been the hardest part because every stone had "
    "to be checked before a locomotive could cross it again.",
    "Tickets for the first weekend sold out within an hour, and the trust has added a second train "
    "on Sunday afternoons to meet the demand.",
    "The trust hopes to reach the market town at the head of the valley within five years, if the "
    "money for a new bridge over the main road can be found.",
]
TITLE = "Steam returns to the valley line"


def html_page(body: str, head: str = "", lang: str = "en", title: str = TITLE) -> str:
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title>{head}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main><article><h1>{title}</h1>
{body}
</article></main>
<footer><p>Contact us</p></footer></body></html>"""


def paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{t}</p>" for t in texts)


def words(texts: tuple[str, ...] | list[str]) -> list[str]:
    return " ".join(texts).split()


# Stray NUL bytes ----------------------------------------------------------------------------------


def test_a_few_stray_nul_bytes_in_html_are_not_binary() -> None:
    data = html_page(paragraphs(STORY)).encode("utf-8")
    damaged = data[:200] + b"\x00" + data[200:900] + b"\x00\x00" + data[900:]
    article = extract_from_html(decode_html(damaged))
    assert words(article.paragraphs) == words(STORY)
    assert "\x00" not in decode_text(damaged)


def test_many_nul_bytes_are_still_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_html(b"<html>" + b"\x00" * 400 + b"</html>")
    with pytest.raises(InputError, match="binary"):
        decode_text("plain text ".encode("utf-16-le"))


# Invalid metadata dates ---------------------------------------------------------------------------


def test_an_invalid_metadata_date_is_no_date() -> None:
    head = '<meta property="article:published_time" content="2024-13-45">'
    article = extract_from_html(html_page(paragraphs(STORY), head=head))
    assert article.published is None


def test_a_valid_metadata_date_is_kept() -> None:
    head = '<meta property="article:published_time" content="2024-03-05T08:00:00Z">'
    article = extract_from_html(html_page(paragraphs(STORY), head=head))
    assert article.published == "2024-03-05"


def test_trusted_date_keeps_a_printed_date_beside_an_invalid_one() -> None:
    page = "<p>Filed 2024-13-45</p><p>Published 5 March 2024</p>"
    assert trusted_date("2024-03-05", page) == "2024-03-05"
    assert trusted_date("2024-01-01", page) is None


# Text that is not language ------------------------------------------------------------------------


def _pasted(text: str) -> RawInput:
    return RawInput(content=text, kind="text", name="pasted")


def _refused_as_no_article(text: str) -> None:
    with pytest.raises(NoArticleError):
        extract_article(_pasted(text), Settings.from_env())


def test_random_consonants_are_no_article() -> None:
    rng = random.Random(7)
    sentences = []
    for _ in range(40):
        tokens = [
            "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(3, 9))) for _ in range(9)
        ]
        sentences.append(" ".join(tokens).capitalize() + ".")
    _refused_as_no_article("\n".join(" ".join(sentences[i : i + 4]) for i in range(0, 40, 4)))


def test_random_letters_are_no_article() -> None:
    rng = random.Random(11)
    lines = []
    for _ in range(12):
        tokens = [
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10)))
            for _ in range(25)
        ]
        lines.append(" ".join(tokens).capitalize() + ".")
    _refused_as_no_article("\n".join(lines))


def test_one_word_repeated_is_no_article() -> None:
    _refused_as_no_article("\n".join(("Word " * 30).strip() + "." for _ in range(10)))


def test_binary_junk_decoded_as_text_is_no_article() -> None:
    rng = random.Random(3)
    junk = bytes(rng.choice(range(0x20, 0x7F)) for _ in range(4000)).decode("ascii")
    lines = [junk[i : i + 200] for i in range(0, len(junk), 200)]
    _refused_as_no_article("\n".join(lines))


def test_latin_filler_is_an_article() -> None:
    filler = [
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
        "labore et dolore magna aliqua.",
        "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo "
        "consequat, sed quia non numquam eius modi tempora.",
        "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla "
        "pariatur, ut aliquid ex ea commodi consequatur.",
        "Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim "
        "id est laborum et dolorum fuga.",
    ]
    article = extract_article(RawInput(content=html_page(paragraphs(filler)), kind="html", name="page"))
    assert words(article.paragraphs) == words(filler)


# Hard-wrapped lines -------------------------------------------------------------------------------


def _wrapped(texts: list[str], width: int = 68) -> list[str]:
    return [line for text in texts for line in [*textwrap.wrap(text, width), ""]]


def test_join_wrapped_lines_restores_paragraphs() -> None:
    lines = _wrapped(STORY)
    assert [line for line in join_wrapped_lines(lines) if line] == STORY


def test_join_wrapped_lines_leaves_lists_and_menus_alone() -> None:
    menu = ["Home", "News", "Sport", "Weather", "Business and the economy", "Culture"]
    headlines = [
        "Council approves the new harbour wall after a long debate",
        "Storm closes the coast road for the third time this winter",
        "Schools to open an hour later from September, says the board",
        "Ferry operator promises two new boats for the island routes",
    ]
    assert join_wrapped_lines(menu) == menu
    assert join_wrapped_lines(headlines) == headlines


def test_hard_wrapped_copied_text_is_an_article() -> None:
    text = "\n".join(["Menu", "Search", TITLE, "", *_wrapped(STORY), "Contact us"])
    article = extract_article(_pasted(text))
    assert list(article.paragraphs) == STORY


def test_hard_wrapped_pre_page_is_an_article() -> None:
    body = "<pre>" + "\n".join(_wrapped(STORY, 64)) + "</pre>"
    article = extract_article(RawInput(content=html_page(body), kind="html", name="page"))
    assert words(article.paragraphs) == words(STORY)


def test_paragraphs_broken_with_br_are_joined() -> None:
    body = "\n".join("<p>" + "<br>\n".join(textwrap.wrap(text, 70)) + "</p>" for text in STORY)
    article = extract_article(RawInput(content=html_page(body), kind="html", name="page"))
    assert list(article.paragraphs) == STORY


# Copyright lines above the story ------------------------------------------------------------------


def test_wire_copyright_line_above_the_story_does_not_end_it() -> None:
    body = paragraphs(STORY[:1]) + "<p>Copyright Harbour Newswire 2031</p>" + paragraphs(STORY[1:])
    article = extract_article(RawInput(content=html_page(body), kind="html", name="page"))
    assert list(article.paragraphs) == STORY


def test_copyright_line_below_the_story_still_ends_it() -> None:
    teasers = [
        "Our weekly newsletter brings you the best of the valley, from farm shops to walking routes "
        "and the latest news from the railway trust.",
    ]
    body = paragraphs(STORY) + "<p>© 2031 The Valley Gazette. All rights reserved.</p>" + paragraphs(teasers)
    article = extract_from_html(html_page(body))
    assert list(article.paragraphs) == STORY


def test_wire_copyright_line_above_copied_story_does_not_end_it() -> None:
    text = "\n".join(
        ["Menu", "Business", TITLE, STORY[0], "Copyright Harbour Newswire 2031", *STORY[1:], "Contact us"]
    )
    article = extract_article(_pasted(text))
    assert list(article.paragraphs) == STORY


SPEC_SECTIONS = [
    "This document describes a simple protocol by which two harbour radios agree on a quiet channel "
    "before a vessel enters the port, so that pilots are not interrupted.",
    "Each radio listens on the calling channel for ten seconds, then announces the lowest free channel "
    "it has heard, and the other radio answers with the same number or a lower one.",
    "When both radios have named the same channel, they move to it and the pilot confirms the move by "
    "reading back the vessel's name and the channel number.",
    "If no answer arrives within thirty seconds, the calling radio repeats its announcement twice and "
    "then falls back to the harbour master's fixed channel.",
    "Implementations should log every agreement with the time and both channel numbers, because the "
    "harbour master may ask for the record after an incident.",
    "A radio that hears two announcements at once must wait a random time between one and five seconds "
    "before it announces again, which keeps two calls from colliding for ever.",
]


def test_copyright_notice_heading_early_in_a_document_does_not_end_it() -> None:
    status = [
        "Status of This Memo",
        "This memo describes an experimental practice for the harbour community and asks for comments "
        "and suggestions for improvement.",
    ]
    notice = ["Copyright Notice", "Copyright (c) 2031 the authors of this memo. All rights reserved."]
    text = "\n".join(
        [
            "Quiet Channel Agreement for Harbour Radios",
            "",
            *_wrapped(status + SPEC_SECTIONS[:2], 72),
            *notice,
            "",
            *_wrapped(SPEC_SECTIONS[2:], 72),
        ]
    )
    article = extract_article(_pasted(text))
    assert words(SPEC_SECTIONS) == words(article.paragraphs)[-len(words(SPEC_SECTIONS)) :]


# A story printed twice by a table layout ----------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "\n".join(f"<p>{text}</p>" for text in STORY),
        "<span>" + "</span><br><br>\n<span>".join(STORY) + "</span>",
    ],
)
def test_story_in_a_layout_table_comes_out_once_as_paragraphs(cell: str) -> None:
    page = f"""<html><head><title>{TITLE}</title></head><body>
<table width="100%"><tr><td width="150" valign="top"><a href="/">Home</a><br><a href="/n">News</a>
<br><a href="/s">Sport</a></td>
<td valign="top"><h1>{TITLE}</h1>
{cell}
</td><td valign="top">Weather today: sunny</td></tr></table>
<table><tr><td><font size="1">Contact us | Advertise</font></td></tr></table></body></html>"""
    article = extract_article(RawInput(content=page, kind="html", name="page"))
    assert list(article.paragraphs) == STORY
    assert article.title == TITLE


def test_recall_run_returning_a_longer_copy_is_not_put_back() -> None:
    from voxpress.extract.html import _recover
    from voxpress.extract.language import stop_words

    longer_copy = " ".join(STORY) + " Read more about the railway trust on our website."
    recall = [STORY[0], longer_copy, *STORY[1:]]
    assert _recover(list(STORY), recall, stop_words("en")) == STORY


def test_data_tables_inside_a_story_are_kept() -> None:
    table = (
        "<table><tr><th>Station</th><th>Miles</th></tr><tr><td>Bridge End</td><td>0</td></tr>"
        "<tr><td>Viaduct Halt</td><td>2</td></tr><tr><td>Market Town</td><td>7</td></tr></table>"
    )
    article = extract_from_html(html_page(paragraphs(STORY[:3]) + table + paragraphs(STORY[3:])))
    assert all(text in article.paragraphs for text in STORY)
    assert any("Bridge End" in text for text in article.paragraphs)


# The page's description: a standfirst, or only the lead paragraph reused ---------------------------


def test_description_reused_from_the_lead_paragraph_stays_in_the_story() -> None:
    head = f'<meta name="description" content="{STORY[0]}">'
    article = extract_from_html(html_page(paragraphs(STORY), head=head))
    assert list(article.paragraphs) == STORY
    assert article.standfirst == ()


def test_description_also_in_the_pages_script_data_stays_in_the_story() -> None:
    head = f'<meta name="description" content="{STORY[0]}">'
    data = f'<script type="application/ld+json">{{"articleBody": "{STORY[0]}"}}</script>'
    article = extract_from_html(html_page(data + paragraphs(STORY), head=head))
    assert list(article.paragraphs) == STORY


def test_description_printed_as_a_summary_is_the_standfirst() -> None:
    summary = "Volunteers have relaid the track across the viaduct, and the first trains run in April."
    head = f'<meta name="description" content="{summary}">'
    body = f'<p class="article-standfirst">{summary}</p>' + paragraphs(STORY)
    article = extract_from_html(html_page(body, head=head))
    assert article.standfirst == (summary,)
    assert list(article.paragraphs) == STORY


def test_recurring_interview_questions_are_kept_each_time() -> None:
    answers = [
        "My grandmother ran a bakery by the station, and I spent every school holiday behind her counter "
        "learning to shape loaves before the first train.",
        "I wanted to show that a good dinner does not need an afternoon in the kitchen, only a hot pan "
        "and a few things from the market.",
        "Our neighbours kept asking for the recipes we cooked at the allotment, so one summer we started "
        "writing them down and sharing them with photographs.",
    ]
    question = "What made you start cooking for others?"
    body = "".join(f"<h3>{question}</h3><p>{answer}</p>" for answer in answers)
    article = extract_from_html(html_page(paragraphs(STORY[:2]) + body))
    assert article.paragraphs.count(question) == 3
    assert all(answer in article.paragraphs for answer in answers)


def test_posts_the_story_embeds_are_read_where_they_stand() -> None:
    post = (
        '<div class="social-media-embed"><blockquote class="twitter-tweet">'
        '<p lang="en">The viaduct is open again! Thank you to every '
        'volunteer who carried a sleeper this winter. <a href="https://t.co/abc">pic.twitter.com/abc</a></p>'
        '&mdash; Valley Railway Trust (@valleyrail) <a href="https://twitter.com/x">March 3, 2031</a>'
        "</blockquote>"
        '<script async src="https://platform.twitter.com/widgets.js"></script></div>'
    )
    article = extract_from_html(html_page(paragraphs(STORY[:3]) + post + paragraphs(STORY[3:])))
    tweet = "The viaduct is open again! Thank you to every volunteer who carried a sleeper this winter."
    assert list(article.paragraphs) == [
        *STORY[:3],
        tweet,
        "— Valley Railway Trust (@valleyrail) March 3, 2031",
        *STORY[3:],
    ]


def test_a_sidebar_story_printed_above_the_headline_is_not_the_story() -> None:
    from voxpress.extract.html import _clean
    from voxpress.extract.language import stop_words

    sidebar = (
        "Night buses will run every twenty minutes on the coast route from next week, the operator said, "
        "after a trial that carried more passengers than expected."
    )
    assert _clean([sidebar, "Top stories", TITLE, *STORY], TITLE, stop_words("en")) == STORY
