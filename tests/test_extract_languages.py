"""Stories in the languages voxpress narrates extract from pages and copied text alike.

The stories (tests/articles/multilingual.json: de, fr, es, ru, ar, zh, ja, ko, hi, el, tr, vi, he,
fa, pl, th, am, hy, my, ka, ml, pa, ur) were written for these tests: scripts with and without case
(Georgian, lower case by Unicode, is written without capitals), with their own
full stops (Armenian, Ethiopic, Myanmar), without spaces between words (Thai) and spelt with many
vowel signs (Myanmar).
Each goes through a web page with navigation and a footer, and through a
reader's copy of such a page; the paragraphs, headline and language must come
out exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

import pytest

from voxpress.extract import RawInput, extract_article
from voxpress.extract.language import fitting_stop_words, stop_words

Kind = Literal["html", "text"]
STORIES: dict[str, dict[str, list[str] | str]] = json.loads(
    (Path(__file__).parent / "articles" / "multilingual.json").read_text(encoding="utf-8")
)
LOREM = [
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua.",
    "Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo "
    "consequat, sed quia non numquam eius modi tempora.",
    "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla "
    "pariatur, ut aliquid ex ea commodi consequatur.",
]


def _page(language: str, title: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    return f"""<!doctype html><html lang="{language}"><head><meta charset="utf-8">
<title>{title} - Gazette</title></head><body>
<nav><a href="/">Home</a> <a href="/a">Politics</a> <a href="/b">Sport</a></nav>
<main><article><h1>{title}</h1>{body}</article></main>
<footer><a href="/imprint">Imprint</a> <a href="/contact">Contact</a></footer></body></html>"""


def _copied(title: str, paragraphs: list[str]) -> str:
    return "\n".join(["Home", "Politics", "Sport", title, *paragraphs, "Imprint", "Contact"])


@pytest.mark.parametrize("language", sorted(STORIES))
@pytest.mark.parametrize("kind", ["html", "text"])
def test_story_in_each_language_extracts(language: str, kind: Kind) -> None:
    story = STORIES[language]
    title, paragraphs = str(story["title"]), list(story["paragraphs"])
    content = _page(language, title, paragraphs) if kind == "html" else _copied(title, paragraphs)
    article = extract_article(RawInput(content=content, kind=kind, name="story"))
    assert list(article.paragraphs) == paragraphs
    assert article.title == title
    assert article.language == language


def test_a_stop_word_list_that_does_not_fit_is_not_used() -> None:
    assert fitting_stop_words("en", LOREM) == frozenset()
    assert fitting_stop_words("la", LOREM) == stop_words("la")
    english = ["The valley railway will run its steam trains again from April after a long winter."]
    assert fitting_stop_words("en", english) == stop_words("en")


@pytest.mark.parametrize("kind", ["html", "text"])
def test_latin_filler_among_english_furniture_extracts(kind: Kind) -> None:
    furniture = [
        "Sign up for our newsletter to get the best stories of the week delivered to your inbox",
        "Read more stories from the valley and beyond on our website",
    ]
    if kind == "html":
        content = _page("en", "Placeholder story", LOREM)
    else:
        content = "\n".join([*furniture, "Placeholder story", *LOREM, *furniture])
    article = extract_article(RawInput(content=content, kind=kind, name="filler"))
    assert list(article.paragraphs) == LOREM


RELATED_HEADLINES = {
    "ja": [
        "関連記事",
        "山岳線の新しい寝台車両を駅で一般公開へ来月から予約受付開始",
        "湖畔の町で冬祭りが開幕し全国から大勢の観光客が訪れる見込み",
        "地域鉄道会社が新型車両の導入計画を発表運賃は据え置きの方針",
    ],
    "zh": [
        "相关文章",
        "山区铁路新型卧铺车厢下月在车站向公众开放参观并接受预订",
        "湖边小镇冬季节日开幕预计将吸引来自全国各地的大批游客前来",
        "地方铁路公司公布新型列车引进计划票价维持不变服务时间延长",
    ],
}


@pytest.mark.parametrize("language", sorted(RELATED_HEADLINES))
def test_related_headlines_after_a_cjk_story_are_not_story(language: str) -> None:
    # Each Han character counts as a word, so a headline is as long as a paragraph by count;
    # it has no commas or stops, which running text has.
    story = STORIES[language]
    title, paragraphs = str(story["title"]), list(story["paragraphs"])
    lines = ["Home", "Politics", "Sport", title, *paragraphs, *RELATED_HEADLINES[language], "Imprint"]
    article = extract_article(RawInput(content="\n".join(lines), kind="text", name="story"))
    assert list(article.paragraphs) == paragraphs


def test_zero_width_joiners_survive_a_web_page() -> None:
    # Persian spells words with a zero-width non-joiner; dropping it runs two parts together.
    story = STORIES["fa"]
    title, paragraphs = str(story["title"]), list(story["paragraphs"])
    assert "\u200c" in title and any("\u200c" in text for text in paragraphs)
    article = extract_article(RawInput(content=_page("fa", title, paragraphs), kind="html", name="fa"))
    assert article.title == title
    assert list(article.paragraphs) == paragraphs
