"""The article in a web page's HTML.

trafilatura does the heavy lifting, tuned for precision (``favor_precision``,
no comments), and supplies the metadata (headline, author, date, site). On top:

- hard-wrapped lines (``<pre>`` text, ``<br>`` every ten words) are joined
  back into paragraphs before anything is judged (``lines.join_wrapped_lines``);
- cleaning: lines that are page furniture anyway (captions and credits, "Read
  more", share and subscribe prompts, player labels) are dropped, as are the
  headline and byline/dateline when they are repeated in the body, lines
  printed several times (gallery captions) unless they head each part of a
  series, and everything from a "12 comments" or "Tags:" line onwards, or from a
  copyright line with more story above it than below; when the body opens with
  the page's summary (its description) printed as a summary, that becomes the
  standfirst;
- recall recovery: a second, recall-oriented trafilatura run is compared with
  the first, and paragraphs it found that read like story sentences, sit
  among (or right before) the kept ones and do not copy them are put back in
  order; social-media posts embedded in the story are put back where they stand;
- zero-width joiners, which trafilatura drops as invisible but Persian, Hindi
  and other scripts spell with, stand in as rare printable marks while it reads
  the page and are put back after;
- a fallback: when both runs find next to nothing, or the page is laid out as a
  table (the story comes back as table rows), the page's visible text is read
  line by line like a reader's copied text (``pasted``).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from voxpress.article import Article

from .language import detect_language, fitting_stop_words
from .lines import (
    Line,
    analyse,
    byline_names,
    count_words,
    has_date,
    is_notice,
    is_section_break,
    join_wrapped_lines,
    strip_bullet,
    tokens,
)
from .metadata import clean_byline, clean_title, parse_date, trusted_date
from .pasted import extract_from_text

_SPACES = re.compile(r"\s+")
_BLOCK_TAGS = re.compile(
    r"<(?:/?(?:p|div|h[1-6]|li|ul|ol|br|tr|td|th|section|article|header|footer|blockquote|figure|figcaption"
    r"|nav|aside|main|pre|dd|dt|table)\b)[^>]*>",
    re.IGNORECASE,
)
HEADLINE_ABOVE_SHARE = 4
"""Story text above the headline is another story's when the text below is this many times longer."""
TITLE_ECHO = 0.8
"""Word overlap (Jaccard) at which a heading in the body counts as the headline again."""
MAX_STANDFIRST_BULLETS = 4
"""Bullet points opening the body are a summary when there are at most this many."""
FALLBACK_WORDS = 40
"""Bodies shorter than this make the extractor also try reading the page as plain lines."""
LAYOUT_TABLE_SHARE = 0.5
"""Bodies with more than this share of their words in table rows come from a page laid out as a
table, and are read again as blocks of the page's visible text."""
LAYOUT_CELL_WORDS = 50
"""A table cell with at least this many words holds running text, not data."""
DUPLICATE_COVERAGE = 0.6
"""A paragraph whose word shingles are at least this much found in others is a copy of them."""
SHINGLE = 4
"""Words per shingle when comparing paragraphs for copies."""


_JOINERS = {"\u200c": "\u16ed", "\u200d": "\u16eb"}
"""Zero-width (non-)joiners and the rare printable marks (runic punctuation) that stand in for them
while trafilatura reads the page: it drops invisible characters, but in Persian, Hindi and other
scripts the joiners are part of the spelling ("می‌کشد" is not "میکشد")."""
_PROTECT_JOINERS = {ord(joiner): mark for joiner, mark in _JOINERS.items()}
_RESTORE_JOINERS = {ord(mark): joiner for joiner, mark in _JOINERS.items()}


def _protect_joiners(html: str) -> str:
    """``html`` with its joiners replaced by their stand-ins (unchanged when it holds none, or
    already holds a stand-in)."""
    if not any(joiner in html for joiner in _JOINERS) or any(mark in html for mark in _JOINERS.values()):
        return html
    return html.translate(_PROTECT_JOINERS)


def _restore_joiners(text: str | None) -> str | None:
    return text.translate(_RESTORE_JOINERS) if text else text


def _parse(html: str) -> HtmlElement | str:
    """The page's tree, parsed once for both trafilatura runs (each works on its own copy);
    the text itself when it does not parse, for trafilatura to refuse."""
    try:
        tree = load_html(html)
    except Exception:  # a page lxml cannot parse is left to trafilatura, which refuses it
        return html
    return tree if tree is not None else html


def _extract(
    page: HtmlElement | str,
    url: str | None,
    *,
    precise: bool,
    with_metadata: bool = False,
    fast: bool = False,
) -> trafilatura.settings.Document | None:
    try:
        document = trafilatura.bare_extraction(
            page,
            url=url,
            include_comments=False,
            include_tables=True,
            favor_precision=precise,
            favor_recall=not precise,
            with_metadata=with_metadata,
            fast=fast,
        )
    except Exception:  # a page trafilatura cannot parse is a page without an article
        return None
    return document if isinstance(document, trafilatura.settings.Document) else None


def _lines(document: trafilatura.settings.Document | None) -> list[str]:
    if document is None or not document.text:
        return []
    text = _restore_joiners(document.text) or ""
    spaced = [_SPACES.sub(" ", raw).strip() for raw in text.split("\n")]
    return [s for s in join_wrapped_lines(spaced) if s]


def _same_text(a: str, b: str) -> bool:
    return a.casefold().strip(" .") == b.casefold().strip(" .")


def _echoes_title(line: Line, title: str) -> bool:
    """A heading that repeats the headline, perhaps reworded a little or with the site name."""
    if not title:
        return False
    if _same_text(line.text, title):
        return True
    if _is_story(line):
        return False
    words, title_words = set(tokens(line.text)), set(tokens(title))
    return bool(words) and len(words & title_words) / len(words | title_words) >= TITLE_ECHO


def _is_story(line: Line) -> bool:
    return line.sentence_like or line.prose_like


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _coverage(text: str, known: set[tuple[str, ...]]) -> float:
    """Share of ``text``'s word shingles found in ``known`` (0 for texts too short to tell)."""
    own = _shingles(text)
    return len(own & known) / len(own) if own else 0.0


def _recover(precise: list[str], recall: list[str], stops: frozenset[str]) -> list[str]:
    """``precise`` with the story paragraphs that only the recall run found put back in place.

    A recall paragraph that mostly repeats text the precise run already has (a
    table cell holding the whole story again, a longer copy of a paragraph) is
    not put back.
    """
    kept = set(precise)
    known = {shingle for text in precise for shingle in _shingles(text)}
    positions = [i for i, text in enumerate(recall) if text in kept]
    if not positions:
        return precise
    first, last = positions[0], positions[-1]
    out: list[str] = []
    for i, text in enumerate(recall):
        if text in kept:
            out.append(text)
            continue
        inside = first < i < last
        # A lead paragraph that the precise run dropped sits just above the first kept one.
        lead = first - 2 <= i < first
        if (
            (inside or lead)
            and _is_story(analyse(text, stops))
            and _coverage(text, known) < DUPLICATE_COVERAGE
        ):
            out.append(text)
            known |= _shingles(text)
    missing = [text for text in precise if text not in set(out)]
    return out + missing if missing else out


def _clean(lines: list[str], title: str, stops: frozenset[str]) -> list[str]:
    """Body lines without furniture, repeated headline, byline or dateline, or end matter.

    When the headline itself appears below a little story-like text, that text
    is another story's (a sidebar printed above the article): the story starts
    after its headline.
    """
    out: list[str] = []
    analysed = [analyse(text, stops) for text in lines]
    headline_at = next((i for i, line in enumerate(analysed) if _echoes_title(line, title)), 0)
    above = sum(line.words for line in analysed[:headline_at] if _is_story(line))
    below = sum(line.words for line in analysed[headline_at:] if _is_story(line))
    if headline_at and above * HEADLINE_ABOVE_SHARE < below:
        lines, analysed = lines[headline_at:], analysed[headline_at:]
    words_left = sum(line.words for line in analysed if _is_story(line))
    words_before = 0
    for text, line in zip(lines, analysed, strict=True):
        if _is_story(line):
            words_left -= line.words
        ends_story = words_left <= words_before or not is_notice(text)
        if out and ends_story and is_section_break(text) and not _is_story(line) and line.words > 1:
            # A copyright line, "12 comments" or a "Tags:" line: the story is over. (A one-word
            # "Discussion" may be a subheading, so it is only dropped; a copyright line with more
            # story below it than above, such as a wire-service credit, is only dropped too.)
            break
        if _is_story(line):
            words_before += line.words
        if line.furniture or is_section_break(text) or _echoes_title(line, title):
            continue
        if not _is_story(line) and (byline_names(text) or (has_date(text) and line.words <= 12)):
            continue
        out.append(text)
    return out


def _recurring_headings(lines: list[str], stops: frozenset[str]) -> set[str]:
    """Lines printed several times, each time heading a different story paragraph: the questions
    of a series of interviews, the labels of a recipe's parts. They belong to the story."""
    following: dict[str, list[str]] = {}
    for text, after in pairwise(lines):
        following.setdefault(text, []).append(after)
    counts = Counter(lines)
    return {
        text
        for text, afters in following.items()
        if counts[text] > 1
        and len(afters) == counts[text]
        and len(set(afters)) == len(afters)
        and all(counts[after] == 1 and _is_story(analyse(after, stops)) for after in afters)
    }


def _dedupe(lines: list[str], stops: frozenset[str]) -> list[str]:
    """Each line once; lines printed three times or more (captions of a gallery) not at all; but
    recurring headings of a series (see ``_recurring_headings``) every time."""
    counts = Counter(lines)
    recurring = _recurring_headings(lines, stops)
    seen: set[str] = set()
    out = []
    for text in lines:
        if text not in recurring and (counts[text] >= 3 or text in seen):
            continue
        seen.add(text)
        out.append(text)
    return out


def _layout_row(text: str) -> bool:
    """A table row (trafilatura writes ``| cell | cell |``) with a cell of running text in it: the
    page is laid out as a table. Rows of data tables have short cells."""
    if not (text.startswith("|") and text.endswith("|")):
        return False
    return max(count_words(cell) for cell in text.strip("|").split(" | ")) >= LAYOUT_CELL_WORDS


def _layout_share(paragraphs: list[str]) -> float:
    """Share of the words that sit in the rows of a layout table."""
    total = sum(count_words(p) for p in paragraphs)
    rows = sum(count_words(p) for p in paragraphs if _layout_row(p))
    return rows / total if total else 0.0


_SUMMARY_CLASS = re.compile(
    r"dek|standfirst|summary|subtitle|sub-?head|lede|lead|intro|excerpt|description|teaser|strap|kicker|deck",
    re.IGNORECASE,
)
_INLINE_TAGS = frozenset({"a", "span", "strong", "em", "b", "i", "u", "font", "small", "mark", "time"})
_OPENING_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
SUMMARY_LOOKBACK = 400
"""Characters before a text's first words searched for the element that holds it."""


def _printed_as_summary(html: str, text: str) -> bool:
    """Whether the page prints ``text`` as a summary (a heading, or a block whose class names it a
    dek, standfirst, summary...) rather than as the story's first plain paragraph."""
    words = tokens(text)[:6]
    if not words:
        return False
    lower = html.lower()
    body_at = max(0, lower.find("<body"))
    pattern = re.compile(r"\W+".join(re.escape(w) for w in words), re.IGNORECASE)
    for match in pattern.finditer(html, body_at):
        if lower.rfind("<script", 0, match.start()) > lower.rfind("</script", 0, match.start()):
            continue  # the page's data for scripts (JSON-LD articleBody), not what it shows
        before = html[max(body_at, match.start() - SUMMARY_LOOKBACK) : match.start()]
        tags = [(m.group(1).lower(), m.group(2)) for m in _OPENING_TAG.finditer(before)]
        blocks = [(tag, attrs) for tag, attrs in tags if tag not in _INLINE_TAGS]
        if not blocks:
            continue
        tag, attrs = blocks[-1]
        return tag != "p" or bool(_SUMMARY_CLASS.search(attrs))
    return True


def _split_standfirst(
    paragraphs: list[str], description: str | None, html: str = ""
) -> tuple[tuple[str, ...], list[str]]:
    """The summary the body opens with (the page's description, or bullet points) and the rest.

    A description that the page prints as the story's first plain paragraph
    (sites often fill the description from the lead) stays in the story. List
    items elsewhere in the body lose their "- " marker, which trafilatura adds.
    """
    if (
        paragraphs
        and description
        and _same_text(paragraphs[0], description)
        and (not html or _printed_as_summary(html, description))
    ):
        return (paragraphs[0],), [strip_bullet(p) for p in paragraphs[1:]]
    lead = 0
    while lead < len(paragraphs) and paragraphs[lead].startswith("- "):
        lead += 1
    rest = [strip_bullet(p) if p.startswith("- ") else p for p in paragraphs[lead:]]
    if 0 < lead <= MAX_STANDFIRST_BULLETS and rest:
        return tuple(strip_bullet(p) for p in paragraphs[:lead]), rest
    return (), [strip_bullet(p) if p.startswith("- ") else p for p in paragraphs]


_EMBEDDED_POST = re.compile(
    r"<blockquote\b[^>]*class=[\"'][^\"']*\b(?:twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|"
    r"mastodon-embed|threads-post)\b[^>]*>(.*?)</blockquote>",
    re.IGNORECASE | re.DOTALL,
)
_LINK_ONLY = re.compile(r"(?:https?://|pic\.twitter\.com/)\S+")
_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"(?is)<p\b[^>]*>(.*?)</p>")
_SCRIPTS = re.compile(r"(?is)<(script|style|noscript|template|svg)\b.*?</\1>")
POST_LOOKBACK = 6000
"""Characters of HTML before an embedded post searched for the text it follows."""
POST_ANCHOR_WORDS = 6
"""Words of the page text just before an embedded post that locate it among the paragraphs."""


def _post_lines(inner_html: str) -> list[str]:
    """The text of an embedded post, a line per block, links dropped (they are not for reading)."""
    from html import unescape

    text = unescape(_TAG.sub(" ", _BLOCK_TAGS.sub("\n", inner_html)))
    lines = [_SPACES.sub(" ", _LINK_ONLY.sub("", raw)).strip() for raw in text.split("\n")]
    return [line for line in lines if line and any(c.isalnum() for c in line)]


def _with_embedded_posts(paragraphs: list[str], html: str) -> list[str]:
    """``paragraphs`` with the social-media posts that the story embeds (and quotes) put back after
    the paragraph they follow in the page. Extractors drop them as widgets, but the story quotes them."""
    if "blockquote" not in html or not paragraphs:
        return paragraphs
    out = list(paragraphs)
    known = {shingle for text in paragraphs for shingle in _shingles(text)}
    for match in _EMBEDDED_POST.finditer(html):
        lines = _post_lines(match.group(1))
        if not lines or _coverage(" ".join(lines), known) >= DUPLICATE_COVERAGE:
            continue
        before = tokens(_TAG.sub(" ", html[max(0, match.start() - 3000) : match.start()]))[
            -POST_ANCHOR_WORDS:
        ]
        if len(before) < POST_ANCHOR_WORDS:
            continue
        anchor = re.compile(r"\W+".join(re.escape(w) for w in before) + r"\W*$", re.IGNORECASE)
        at = next((i for i, text in enumerate(out) if anchor.search(text)), None)
        if at is None:
            continue
        out[at + 1 : at + 1] = lines
        known |= {shingle for text in lines for shingle in _shingles(text)}
    return out


def _visible_text(html: str) -> str:
    """The page's text, one line per block element, roughly as a reader would copy it."""
    from lxml import etree
    from lxml import html as lxml_html

    body = _SCRIPTS.sub(" ", html)
    body = _BLOCK_TAGS.sub("\n", body)
    try:
        return lxml_html.fromstring(body).text_content()
    except (ValueError, TypeError, etree.LxmlError):
        return ""


def extract_from_html(html: str, url: str | None = None) -> Article:
    """The article in the page ``html`` (from ``url`` when known).

    Returns an ``Article`` whose paragraphs may be empty when the page holds no
    story; ``extract_article`` turns that into ``NoArticleError``.
    """
    page = _parse(_protect_joiners(html))
    precise = _extract(page, url, precise=True, with_metadata=True)
    # The recall run only offers paragraphs to put back: no metadata, no fallback extractors.
    recall = _extract(page, url, precise=False, fast=True)
    meta = precise or recall
    if meta:
        for name in ("title", "sitename", "description", "author"):
            setattr(meta, name, _restore_joiners(getattr(meta, name)))
    site = meta.sitename if meta else None
    title = clean_title(meta.title if meta else "", site)
    precise_lines, recall_lines = _lines(precise), _lines(recall)
    sample = " ".join(precise_lines or recall_lines)
    language = detect_language(sample) if sample else "en"
    stops = fitting_stop_words(language, precise_lines or recall_lines)
    paragraphs = _dedupe(_clean(_recover(precise_lines, recall_lines, stops), title, stops), stops)
    paragraphs = _with_embedded_posts(paragraphs, html)
    standfirst, paragraphs = _split_standfirst(paragraphs, meta.description if meta else None, html)
    byline = clean_byline(meta.author if meta else None)
    published = trusted_date(parse_date(meta.date) if meta and meta.date else None, html)
    layout_table = _layout_share(paragraphs) > LAYOUT_TABLE_SHARE
    if layout_table or sum(count_words(p) for p in paragraphs) < FALLBACK_WORDS:
        fallback = extract_from_text(_visible_text(html))
        fallback_words = sum(count_words(p) for p in fallback.paragraphs)
        if (
            fallback_words >= FALLBACK_WORDS
            if layout_table
            else fallback_words > sum(count_words(p) for p in paragraphs)
        ):
            paragraphs = list(fallback.paragraphs)
            title = title or fallback.title
            standfirst = fallback.standfirst
            byline = byline or fallback.byline
            published = published or fallback.published
            language = fallback.language
    extra = {}
    if site:
        extra["site_name"] = site
    if meta and meta.description:
        extra["description"] = meta.description
    return Article(
        title=title,
        paragraphs=tuple(paragraphs),
        standfirst=standfirst,
        byline=byline,
        published=published,
        language=language,
        url=url or (meta.url if meta else None),
        extra=extra,
    )
