"""Extraction from web pages: invented pages, each carrying one kind of boilerplate."""

from __future__ import annotations

import pytest

from voxpress.errors import NoArticleError
from voxpress.extract import RawInput, extract_article, extract_from_html
from voxpress.settings import Settings

STORY = [
    "The harbour town of Wellmere opened a floating library on Saturday, a converted ferry that will "
    "carry four thousand books to the islands along the coast.",
    "The boat, which spent thirty years carrying cars across the bay, was bought by the town council "
    "last spring for the price of its scrap metal.",
    "Volunteers stripped the car deck, fitted shelves made from old pier timber and painted the hull "
    "the colour of a library card.",
    "“Half of the children on the outer islands have never been inside a library,” said Mara Quint, "
    "who led the project. “Now the library will come to them every second week.”",
    "The ferry will stop at six islands on a fortnightly round, staying half a day at each one so "
    "that readers can browse, borrow and return their books.",
    "The council expects the running costs to be covered by a small fee on summer tourist passes, "
    "which were raised by one euro this year.",
    "Local fishermen have offered to tow the library to the most remote island when the weather is "
    "too rough for its own old engine.",
    "The first round trip begins on Monday, and the organisers say the waiting list for the reading "
    "corner on the upper deck is already full until March.",
]
TITLE = "Floating library sets sail for the islands"


def page(body: str, *, head: str = "", lang: str = "en", title: str = TITLE) -> str:
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | The Coast Courier</title>
<meta property="og:site_name" content="The Coast Courier">{head}</head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
{body}
</article></main>
<footer><p>© 2031 The Coast Courier. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>"""


def paragraphs(texts: list[str]) -> str:
    return "\n".join(f"<p>{t}</p>" for t in texts)


def story_words(text: str) -> set[str]:
    return set(text.split())


def assert_story(article_paragraphs: tuple[str, ...], story: list[str] = STORY) -> None:
    assert list(article_paragraphs) == story


def test_clean_page_gives_title_and_every_paragraph() -> None:
    article = extract_from_html(page(paragraphs(STORY)), "https://news.example/library")
    assert article.title == TITLE
    assert_story(article.paragraphs)
    assert article.language == "en"
    assert article.url == "https://news.example/library"


def test_metadata_byline_and_date_come_from_the_page() -> None:
    head = (
        '<meta name="author" content="Ines Harrow">'
        '<meta property="article:published_time" content="2025-03-14T09:30:00Z">'
        '<meta name="description" content="A converted ferry will carry books to six islands.">'
    )
    body = '<p class="byline">By Ines Harrow</p><time datetime="2025-03-14">14 March 2025</time>'
    article = extract_from_html(page(body + paragraphs(STORY), head=head))
    assert article.byline == "Ines Harrow"
    assert article.published == "2025-03-14"
    assert_story(article.paragraphs)
    assert "By Ines Harrow" not in article.paragraphs


def test_captions_and_photo_credits_are_dropped() -> None:
    figure = (
        '<figure><img src="ferry.jpg" alt="">'
        "<figcaption>Photo: Tomas Reed/Coast Courier</figcaption></figure>"
        "<p>Image credit: Getty Images</p>"
    )
    body = paragraphs(STORY[:3]) + figure + paragraphs(STORY[3:])
    article = extract_from_html(page(body))
    assert_story(article.paragraphs)


def test_read_more_and_related_links_are_dropped() -> None:
    related = (
        '<p><a href="/a">Read more</a></p>'
        '<aside><h3>Related</h3><ul><li><a href="/b">Island ferry timetable changes</a></li>'
        '<li><a href="/c">Council approves new pier</a></li></ul></aside>'
    )
    body = paragraphs(STORY[:4]) + related + paragraphs(STORY[4:])
    article = extract_from_html(page(body))
    assert_story(article.paragraphs)


def test_share_counts_and_subscription_prompts_are_dropped() -> None:
    share = '<div class="share"><p>Share this article</p><p>1.2k shares</p></div>'
    prompt = "<p>Sign up for our morning newsletter and get the news delivered to your inbox.</p>"
    body = share + paragraphs(STORY[:5]) + prompt + paragraphs(STORY[5:])
    article = extract_from_html(page(body))
    assert_story(article.paragraphs)


def test_listening_player_labels_are_dropped() -> None:
    player = (
        '<div class="player"><p>Select Voice</p><p>Choose your listening speed</p>'
        "<p>1.25x</p><p>250 WPM</p><p>Slow</p><p>Average</p><p>Fast</p></div>"
    )
    article = extract_from_html(page(player + paragraphs(STORY)))
    assert_story(article.paragraphs)


def test_headline_repeated_in_the_body_is_not_read_twice() -> None:
    body = f"<p>{TITLE}</p>" + paragraphs(STORY)
    article = extract_from_html(page(body))
    assert article.title == TITLE
    assert_story(article.paragraphs)


def test_navigation_only_page_is_no_article() -> None:
    nav = "<ul>" + "".join(f'<li><a href="/{w}">{w}</a></li>' for w in ["Home", "World", "Sport"]) + "</ul>"
    html = f"<html><head><title>Home</title></head><body><nav>{nav}</nav><p>Home World</p></body></html>"
    raw = RawInput(content=html, kind="html", name="nav")
    with pytest.raises(NoArticleError):
        extract_article(raw, Settings())


def test_german_page_is_detected_as_german() -> None:
    story = [
        "Die Hafenstadt Wellmere hat am Samstag eine schwimmende Bibliothek eröffnet, die viertausend "
        "Bücher zu den Inseln entlang der Küste bringen wird.",
        "Das Schiff, das dreißig Jahre lang Autos über die Bucht gebracht hat, wurde im letzten Frühjahr "
        "vom Stadtrat für den Preis seines Schrotts gekauft.",
        "Freiwillige haben das Autodeck ausgeräumt, Regale aus altem Holz gebaut und den Rumpf in der "
        "Farbe eines Bibliotheksausweises gestrichen.",
        "Die erste Rundfahrt beginnt am Montag, und die Organisatoren sagen, dass die Leseecke auf dem "
        "Oberdeck bereits bis März ausgebucht ist.",
    ]
    article = extract_from_html(page(paragraphs(story), lang="de", title="Schwimmende Bibliothek legt ab"))
    assert article.language == "de"
    assert_story(article.paragraphs, story)


def test_right_to_left_text_is_kept_intact() -> None:
    story = [
        "افتتحت مدينة الميناء مكتبة عائمة يوم السبت، وهي عبارة قديمة ستحمل أربعة آلاف كتاب إلى الجزر "
        "الواقعة على طول الساحل.",
        "اشترى مجلس المدينة القارب في الربيع الماضي، وقام المتطوعون بتركيب رفوف من خشب الرصيف القديم "
        "وطلاء الهيكل بألوان زاهية.",
        "ستتوقف العبارة عند ست جزر كل أسبوعين، وتبقى نصف يوم في كل جزيرة حتى يتمكن القراء من استعارة "
        "الكتب وإعادتها.",
    ]
    article = extract_from_html(page(paragraphs(story), lang="ar", title="مكتبة عائمة تبحر إلى الجزر"))
    assert article.language == "ar"
    assert_story(article.paragraphs, story)


def test_chinese_text_is_kept_intact() -> None:
    story = [
        "港口小镇威尔米尔星期六开放了一座漂浮图书馆，这艘改装的渡轮将把四千本书送到沿海的各个岛屿。",
        "这艘船在海湾上运送汽车三十年，去年春天被镇议会以废铁的价格买下，志愿者用旧码头的木材做了书架。",
        "渡轮每两周停靠六个岛屿，在每个岛上停留半天，让读者可以浏览、借阅和归还图书。",
        "第一次环岛航行将于星期一开始，组织者说上层甲板的阅读角已经预约到明年三月。",
    ]
    article = extract_from_html(page(paragraphs(story), lang="zh", title="漂浮图书馆驶向海岛"))
    assert article.language == "zh"
    assert_story(article.paragraphs, story)


def test_summary_bullets_above_the_story_are_the_standfirst() -> None:
    bullets = [
        "A converted ferry will carry four thousand books to six islands",
        "Volunteers rebuilt the car deck with timber from the old pier",
    ]
    summary = "<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>"
    article = extract_from_html(page(summary + paragraphs(STORY)))
    assert article.standfirst == tuple(bullets)
    assert_story(article.paragraphs)
