"""The article inside the text a reader copied from a whole page (select all, copy).

Such text is the story interleaved with everything else on the page, one
block per line: menus, ads, share counts, player labels, related headlines,
footers. Hard-wrapped text (a break every ten words or so) is first joined
back into paragraphs. The story is found as the densest contiguous run of
story-like lines:

1. every line gets a score from its own shape (long, sentence-shaped lines with
   normal stop-word density score their word count; furniture, repeated lines
   (but not headings recurring before each part of a series), teasers glued to
   a dateline and short label-like lines cost a little);
2. the run of lines with the highest total is the body (maximum-sum segment).
   Section breaks (a comments heading, a time stamp, a copyright line with
   more story above it than below) are never crossed; runs of non-story lines cost more the longer they get; a
   story-like line standing alone between headings (a teaser in a list of
   related stories) counts for a quarter, and after a comments heading story
   text counts for less; a list of cards (a round-up's products, each card
   described in phrases and closed by the same labels, "Buy now") counts as
   list items, its recurring labels as neither story nor gap;
3. inside the body, furniture is dropped and short lines are kept when they
   read like a subheading between story paragraphs or are listed under a line
   ending with a colon; the links under a related heading set into the story
   are dropped, and the paragraph after such a box is not taken for a teaser;
4. the headline is the heading-shaped line above the body (or opening it) whose
   key words the first paragraphs repeat most, nearer lines first, and the line
   a byline or date is printed under gains (never an author's biography
   heading, a label's value or a lower-case breadcrumb); else the
   nearest heading-shaped line that is not a shouted label; the standfirst the bullet
   lines between headline and body, and byline and date come from the lines
   around them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise

from voxpress.article import Article

from .language import detect_language, fitting_stop_words
from .lines import (
    Line,
    analyse,
    byline_names,
    glued_dateline,
    has_date,
    headline_led,
    is_comments_start,
    is_credit_line,
    is_notice,
    is_related_heading,
    is_section_break,
    is_timestamp_line,
    join_wrapped_lines,
    starts_lower,
    strip_bullet,
    tokens,
)
from .metadata import parse_date

_CUT_OFF = re.compile(r"\w(?:\.\.\.|…)$")
_SENTENCE_INSIDE = re.compile(r"\w[.!?][\"'”’)]?\s+[\"'“‘(]?[A-Z]")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]+")
_BREADCRUMB = re.compile(r"\s[›»>/|]\s|[›»]$|^[›»]")
_BYLINE_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|contributor|columnist|staff|press|wire|agency)s?$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"^(?:[\w-]+\s){0,2}(?i:by)\s+[A-Z][\w.'’-]*\s+[A-Z]")
"""A credit line: "Analysis by Ann Lee", "Photos by Bo Chan", "Story by ..."."""
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

# Line scores (a story line scores its word count; see ``_line_score``).
BARRIER = -1e9
"""Score of a section break (comments, copyright, time stamps): no body run crosses it."""
RELATED_HEADING = -15.0
"""Score of a "Related articles" heading: a box that may sit inside a story or after it."""
PICTURE_SCORE = -0.5
"""Score of a picture's caption or credit line: part of a story's page, a small cost, never a gap."""
FURNITURE = -4.0
"""Score of an ad label, share prompt, caption credit or other furniture line."""
DATE_LINE = -6.0
"""Score of a short line holding a date."""
DATE_LINE_WORDS = 8
"""Lines of at most this many words that hold a date are date lines."""
LIST_ITEM_SCORE = 1.0
"""Score of a short line listed under a line ending with a colon."""
BYLINE_MAX_WORDS = 14
"""Longest line inside the body taken for a byline ("By Ann Lee | The Courier") and dropped."""
MIN_SHAPED_ITEMS = 3
"""Lines of one punctuation shape that make a list under a heading without a colon."""
MAX_LIST_ITEMS = 40
"""Most lines taken as the items of one list."""
GAP_GROWTH = 1.5
"""Extra cost of each further line in a run of non-story lines: long gaps split stories."""
ISOLATED_WEIGHT = 0.25
"""Weight of a story-like line with non-story lines on both sides, or led by a Title Case run."""
TEASER_MAX_WORDS = 60
"""Isolated lines longer than this are not discounted: teaser summaries are short."""
BOX_MAX_LINKS = 2
"""Links under a related heading in a box set into a story (the story goes on below it)."""
COMMENTS_WEIGHT = 0.3
"""Weight of story-like lines after a comments heading."""
COMMENTS_AFTER_WORDS = 80
"""Story words that must come before a comments heading for it to count as one."""
CARD_MIN_REPEATS = 3
"""Times a short line must recur at even steps to mark a list of cards (products, listings)."""
CARD_MIN_LINES = 5
"""Fewest lines per card: teaser lists alternating a headline with one label are shorter."""
CARD_MAX_LINES = 30
"""Most lines per card."""
CARD_MAX_STEP_SPREAD = 2.0
"""Largest ratio between the longest and the shortest card of one list."""
CARD_MIN_PHRASE_SHARE = 0.5
"""Share of a card list's other lines that must be phrases (three words or more, with stop words)."""
CARD_MAX_STORY_SHARE = 0.25
"""Most share of a card list's other lines that may read as story paragraphs."""

# Keeping lines inside the body.
STORY_SCORE = 5.0
"""Lines scoring above this count as story text when judging what lies between."""
MAX_KEPT_GAP = 3
"""Short lines inside the body are kept when no more than this many sit between story lines."""

# The header above the body.
HEADER_LOOKBACK = 40
"""Lines above the body searched for the headline, standfirst, byline and date."""
TITLE_MIN_OVERLAP = 0.2
"""Share of a headline's key words that the lead paragraphs must repeat."""
TITLE_DISTANCE_COST = 0.01
"""Score lost per line between a headline candidate and the body."""
TITLE_MIN_SHARED = 3
"""Key words a headline shares with the story for its share to count in full."""
TITLE_BODY_PARAGRAPHS = 6
"""Paragraphs from the start of the body whose words a headline is compared with."""
TITLE_MIN_WORDS = 4
"""Words of the shortest line taken as the headline when no line shares the story's words."""
TITLE_MAX_OPENING_WORDS = 25
"""Longest first body line that may be the headline printed in the story's block."""
TITLE_OPENING_OVERLAP = 0.5
"""Share of key words a first body line must share with the rest to be taken for the headline."""
TITLE_MIN_LETTERS = 4
"""Fewest letters in a headline."""
LABEL_VALUE_WORDS = 4
"""Longest label ("Author:") and value ("Ann Lee") of a labelled line pair."""
TITLE_BYLINE_WINDOW = 3
"""Lines below a headline candidate searched for the story's byline or date."""
TITLE_BYLINE_BONUS = 0.6
"""Score a candidate gains when the story's byline or date follows it: pages print the headline
right above them, and section names, site names and other stories' headlines elsewhere."""


@dataclass(frozen=True)
class _Scored:
    index: int
    line: Line
    score: float
    repeated: bool
    list_item: bool = False


def clean_lines(text: str) -> list[str]:
    """Non-empty lines with runs of spaces collapsed and hard-wrapped paragraphs joined."""
    spaced = [_SPACES.sub(" ", raw).strip() for raw in text.splitlines()]
    return [s for s in join_wrapped_lines(spaced) if s]


def _shape(text: str) -> str:
    """The punctuation of a line in order ("England (Group A): 10th" → "():"): lines of one list of
    data share it; menus and headlines of other stories do not."""
    return "".join(c for c in text if not c.isalnum() and not c.isspace())


def _same_shape_run(lines: list[Line], start: int) -> int:
    """How many lines from ``start`` share one punctuation shape (none when it is empty)."""
    shape = _shape(lines[start].text) if start < len(lines) else ""
    if not shape:
        return 0
    end = start
    while end < len(lines) and _shape(lines[end].text) == shape and lines[end].words <= 25:
        end += 1
    return end - start


def _list_items(lines: list[Line], counts: Counter[str]) -> list[bool]:
    """Short lines listed under a line that ends with a colon ("You will need:", "Qualified teams:"),
    or under a short heading after story text when the lines share one punctuation shape."""
    items = [False] * len(lines)
    for i, intro in enumerate(lines):
        if intro.furniture or not intro.words:
            continue
        limit = MAX_LIST_ITEMS if intro.words >= 2 else 0
        if not intro.text.endswith(":"):
            after_story = i > 0 and (lines[i - 1].sentence_like or lines[i - 1].prose_like)
            limit = _same_shape_run(lines, i + 1) if after_story and intro.words <= 8 else 0
            if limit < MIN_SHAPED_ITEMS:
                continue
        for j in range(i + 1, min(len(lines), i + 1 + limit)):
            line = lines[j]
            if line.furniture or line.sentence_like or line.prose_like or line.words > 25:
                break
            if counts[line.text.lower()] > 1 or is_section_break(line.text) or is_timestamp_line(line.text):
                break
            items[j] = True
    return items


def _phrase(line: Line) -> bool:
    """A line of running words (a feature, a description), not a label or a name."""
    return not line.furniture and line.words >= 3 and line.stop_share > 0


def _label_runs(found: list[int], boundaries: list[int]) -> list[list[int]]:
    """``found`` cut into runs at box boundaries (related headings, section breaks): a label seen
    again in the next box is another list."""
    runs: list[list[int]] = [[found[0]]]
    for before, at in pairwise(found):
        if boundaries[at] > boundaries[before]:
            runs.append([at])
        else:
            runs[-1].append(at)
    return runs


def _even_steps(run: list[int]) -> bool:
    steps = [b - a for a, b in pairwise(run)]
    shortest, longest = min(steps), max(steps)
    return shortest >= CARD_MIN_LINES and longest <= min(CARD_MAX_LINES, CARD_MAX_STEP_SPREAD * shortest)


def _card_lines(lines: list[Line], counts: Counter[str]) -> tuple[list[bool], set[str]]:
    """Lines of a list of cards (a story's products or listings, each card ending with the same
    short lines such as "Available from Amazon", "Buy now", and describing its item in phrases),
    and those recurring labels.

    The labels recur at even steps of five lines or more, more often than any other line, within
    one box; teaser boxes, where a label alternates with a headline, recur at shorter steps and
    hold headlines, not phrases.
    """
    marked = [False] * len(lines)
    positions: dict[str, list[int]] = {}
    boundaries, crossed = [], 0
    for i, line in enumerate(lines):
        if is_related_heading(line.text) or is_section_break(line.text):
            crossed += 1
        boundaries.append(crossed)
        key = line.text.lower()
        if (
            counts[key] >= CARD_MIN_REPEATS
            and line.words <= 8
            and line.stop_share < 1.0
            and not (line.sentence_like or line.furniture or is_related_heading(line.text))
            and not is_credit_line(line.text)
        ):
            positions.setdefault(key, []).append(i)
    lists = [
        (key, run)
        for key, found in positions.items()
        for run in _label_runs(found, boundaries)
        if len(run) >= CARD_MIN_REPEATS and _even_steps(run)
    ]
    if not lists:
        return marked, set()
    # The labels every card prints recur the most; a feature shared by a few items recurs less.
    most = max(len(run) for _, run in lists)
    labels: set[str] = set()
    for key, run in lists:
        if 2 * len(run) < most:
            continue
        start = max(0, run[0] - max(b - a for a, b in pairwise(run)) + 1)
        for j in range(run[0] - 1, start - 1, -1):
            if lines[j].sentence_like or lines[j].prose_like or boundaries[j] < boundaries[run[0]]:
                start = j + 1
                break
        end = run[-1]
        inside = [lines[j] for j in range(start, end + 1) if counts[lines[j].text.lower()] < CARD_MIN_REPEATS]
        if sum(_phrase(line) for line in inside) < CARD_MIN_PHRASE_SHARE * max(len(inside), 1):
            continue
        if sum(line.sentence_like or line.prose_like for line in inside) > CARD_MAX_STORY_SHARE * len(inside):
            continue  # story paragraphs with a box recurring between them: not a list
        labels.add(key)
        for j in range(start, end + 1):
            if not is_section_break(lines[j].text) and not is_timestamp_line(lines[j].text):
                marked[j] = True
    return marked, labels


def _recurring_headings(lines: list[Line], counts: Counter[str]) -> set[str]:
    """Lower-cased lines printed several times, each time heading a different story paragraph: the
    questions of a series of interviews, the labels of a recipe's parts. They are not menus."""
    following: dict[str, list[Line]] = {}
    for line, after in pairwise(lines):
        following.setdefault(line.text.lower(), []).append(after)
    return {
        text
        for text, afters in following.items()
        if counts[text] > 1
        and len(afters) == counts[text]
        and len({after.text for after in afters}) == len(afters)
        and all(
            counts[after.text.lower()] == 1 and (after.sentence_like or after.prose_like) for after in afters
        )
    }


def _truncated(line: Line) -> bool:
    """A teaser cut off mid-word ("Plague of mosquitos to devastate Britain as Hurri..."); a line
    holding a whole sentence before the cut is a paragraph leading into a quotation."""
    return line.words < 30 and bool(_CUT_OFF.search(line.text)) and not _SENTENCE_INSIDE.search(line.text)


def _line_score(line: Line, repeated: bool, story_after: bool = False) -> float:
    if is_section_break(line.text):
        # End matter ends a story; a copyright or notice line with more story below it than above
        # it (a wire-service credit over the story, a "Copyright Notice" heading) does not.
        return FURNITURE if story_after else BARRIER
    if is_timestamp_line(line.text):
        return BARRIER
    if is_related_heading(line.text):
        return RELATED_HEADING
    if line.furniture or _truncated(line) or glued_dateline(line.text):
        return FURNITURE
    if line.words <= DATE_LINE_WORDS and has_date(line.text):
        # A date alone on a line heads a story; between paragraphs it marks a list of other stories.
        return DATE_LINE
    if repeated and line.words < 25:
        # Menus and labels repeat; a sentence that repeats is usually a standfirst echoed in the body.
        return 0.5 * line.words if line.sentence_like else -3.0
    if line.sentence_like:
        return float(min(line.words, 120))
    if line.prose_like:
        return 0.7 * min(line.words, 120)
    if line.terminal and line.words >= 4 and line.stop_share > 0:
        return 0.5 * line.words
    return -1.0 - 0.25 * min(line.words, 20)


def _neighbour_is_story(lines: list[Line], story: list[bool], i: int, step: int) -> bool:
    """Whether the nearest line from ``i`` in direction ``step``, skipping furniture, is story text."""
    j = i + step
    while 0 <= j < len(lines) and lines[j].furniture:
        j += step
    return 0 <= j < len(lines) and story[j]


def _after_box_in_story(lines: list[Line], story: list[bool], i: int) -> bool:
    """Whether line ``i`` follows a small box of links set into a story: a related heading right
    after story text, and at most ``BOX_MAX_LINKS`` short lines under it."""
    for heading in range(i - 1, max(-1, i - 2 - BOX_MAX_LINKS), -1):
        if is_related_heading(lines[heading].text):
            return heading > 0 and _neighbour_is_story(lines, story, heading, -1)
        if story[heading]:
            return False
    return False


def _isolated(lines: list[Line], story: list[bool], i: int) -> bool:
    if _neighbour_is_story(lines, story, i, -1) or _neighbour_is_story(lines, story, i, 1):
        return False
    return not _after_box_in_story(lines, story, i)


def _best_segment(scores: list[float]) -> tuple[int, int]:
    """Start and end (inclusive) of the maximum-sum run of ``scores``."""
    best, best_span = float("-inf"), (0, -1)
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _is_subheading(line: Line) -> bool:
    return not line.furniture and 1 <= line.words <= 14 and not line.text.endswith((":", ","))


def _gap_lengths(scored: list[_Scored], start: int, end: int) -> list[int]:
    """For each line, the length of the run of non-story lines it belongs to (0 for story lines)."""
    lengths = [0] * len(scored)
    pos = start
    while pos <= end:
        if scored[pos].score > STORY_SCORE:
            pos += 1
            continue
        run_end = pos
        while run_end + 1 <= end and scored[run_end + 1].score <= STORY_SCORE:
            run_end += 1
        for inner in range(pos, run_end + 1):
            lengths[inner] = run_end - pos + 1
        pos = run_end + 1
    return lengths


def _introduces_list(scored: list[_Scored], pos: int) -> bool:
    return scored[pos].line.text.endswith(":") and pos + 1 < len(scored) and scored[pos + 1].list_item


def _body(scored: list[_Scored], start: int, end: int) -> list[int]:
    kept: list[int] = []
    seen: set[str] = set()
    gaps = _gap_lengths(scored, start, end)
    in_box = False
    for pos in range(start, end + 1):
        item = scored[pos]
        line = item.line
        if is_related_heading(line.text):
            in_box = True  # the links under it are not the story's subheadings
            continue
        if (
            line.furniture
            or _truncated(line)
            or is_timestamp_line(line.text)
            or (line.words <= BYLINE_MAX_WORDS and byline_names(line.text))
        ):
            continue
        if line.sentence_like or line.prose_like:
            in_box = False
        elif in_box and not item.list_item:
            continue
        if item.repeated and ((line.words < 25 and not line.sentence_like) or line.text in seen):
            continue
        seen.add(line.text)
        if (
            line.sentence_like
            or line.prose_like
            or (line.terminal and line.words >= 4 and line.stop_share > 0)
        ):
            kept.append(pos)
        elif (
            item.list_item
            or _introduces_list(scored, pos)
            or (_is_subheading(line) and gaps[pos] <= MAX_KEPT_GAP)
        ):
            # Subheadings and short list items between story paragraphs are part of the story.
            kept.append(pos)
    return kept


def _headline_shaped(line: Line) -> bool:
    if line.furniture or line.bullet or has_date(line.text) or byline_names(line.text):
        return False
    if line.cjk:
        return 4 <= line.words <= 40
    return 3 <= line.words <= 30 and not line.text.endswith((".", ",", ":", ";"))


def extract_from_text(text: str) -> Article:
    """The article in ``text``, the whole text a reader copied from a page.

    Returns an ``Article`` whose paragraphs may be empty when no story text was
    found; ``extract_article`` turns that into ``NoArticleError``.
    """
    texts = clean_lines(text)
    if not texts:
        return Article(title="", paragraphs=())
    sample = " ".join(t for t in texts if len(t) > 60)[:4000] or " ".join(texts)[:4000]
    language = detect_language(sample)
    stops = fitting_stop_words(language, texts)
    counts = Counter(t.lower() for t in texts)
    lines = [analyse(t, stops) for t in texts]
    # A line right above a picture credit is the picture's caption: furniture, however it reads.
    # Pictures (caption and credit) sit inside stories, so they cost little and do not make gaps.
    pictures = {i for i, t in enumerate(texts) if is_credit_line(t)}
    pictures |= {i - 1 for i in pictures if i > 0}
    lines = [replace(line, furniture=True) if i in pictures else line for i, line in enumerate(lines)]
    story = [line.sentence_like or line.prose_like for line in lines]
    cards, card_labels = _card_lines(lines, counts)
    items = _list_items(lines, counts)
    recurring = _recurring_headings(lines, counts)
    scored = []
    weight, story_words = 1.0, 0
    words_left = sum(line.words for line in lines if line.sentence_like)
    for i, (t, line) in enumerate(zip(texts, lines, strict=True)):
        if line.sentence_like:
            words_left -= line.words
        repeated = counts[t.lower()] > 1 and t.lower() not in recurring
        if story_words >= COMMENTS_AFTER_WORDS and is_comments_start(t):
            # Readers' comments read like story text; once a story has been seen, a comments
            # heading means what follows is talk about it, not part of it.
            weight = COMMENTS_WEIGHT
        story_after = words_left > story_words and is_notice(t)
        score = LIST_ITEM_SCORE if items[i] else _line_score(line, repeated, story_after)
        if cards[i]:
            # A feature that several items share is printed on each card, so it is read each time.
            repeated = t.lower() in card_labels
            score = 0.0 if repeated else max(score, LIST_ITEM_SCORE)
        if score > 0:
            score *= weight
            if story[i] and line.words < TEASER_MAX_WORDS and _isolated(lines, story, i):
                # Teaser lists alternate one summary sentence with headline and label lines.
                score *= ISOLATED_WEIGHT
            if headline_led(t):
                score *= ISOLATED_WEIGHT
        if line.sentence_like:
            story_words += line.words
        scored.append(_Scored(i, line, score, repeated, items[i] or cards[i]))
    scores, run = [], 0
    for i, item in enumerate(scored):
        if i in pictures and item.score > BARRIER:
            scores.append(PICTURE_SCORE)
            continue
        if cards[i] and item.score <= 0:
            # The labels every card repeats are part of the list, not a gap in it.
            run = 0
            scores.append(0.0)
            continue
        run = run + 1 if item.score <= 0 else 0
        scores.append(item.score - GAP_GROWTH * min(run - 1, 6) if run else item.score)
    start, end = _best_segment(scores)
    if end < start:
        return Article(title="", paragraphs=(), language=language)
    body = _body(scored, start, end)
    if not body:
        return Article(title="", paragraphs=(), language=language)
    head = _header(scored, body, stops)
    paragraphs = tuple(scored[i].line.text for i in body if scored[i].line.text != head.title)
    return Article(
        title=head.title,
        paragraphs=paragraphs,
        standfirst=head.standfirst,
        byline=head.byline,
        published=head.published,
        language=language,
    )


@dataclass
class _Header:
    title: str = ""
    standfirst: tuple[str, ...] = ()
    byline: str | None = None
    published: str | None = None


def _content_words(text: str, stops: frozenset[str]) -> set[str]:
    """Words that carry meaning (no stop words); character pairs for CJK text, which has no spaces."""
    found: set[str] = set()
    for token in tokens(text):
        if _CJK_RUN.fullmatch(token):
            found.update(token[k : k + 2] for k in range(len(token) - 1))
        elif len(token) > 2 and token not in stops and not token.isdigit():
            found.add(token)
    return found


def _title_candidate(line: Line) -> bool:
    text = line.text
    if not _headline_shaped(line) or is_timestamp_line(text) or is_section_break(text):
        return False
    if is_related_heading(text) or _BREADCRUMB.search(text) or _BYLINE_ROLE.search(text):
        return False
    if _CREDIT.match(text) and not line.cjk:
        return False
    if sum(c.isalpha() for c in text) < TITLE_MIN_LETTERS:
        return False  # "15:23 2019", a time and a year
    if _starts_lower_case(text):
        return False  # "you are here: Home", a label or a sentence's tail; headlines start with a capital
    return "://" not in text and "@" not in text


def _starts_lower_case(text: str) -> bool:
    """The first word is all lower-case letters of a script with capitals ("you", not "iPhone")."""
    first = text.lstrip("\"'“‘«([").split(" ", 1)[0]
    return starts_lower(first) and all(c.islower() for c in first if c.isalpha())


def _shouting(text: str) -> bool:
    """All capitals ("SELL YOUR BIKE"): a section label or a button, not a headline."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters if c.lower() != c.upper())


def _title_score(line: Line, body_words: set[str], stops: frozenset[str]) -> float:
    """How much of a candidate headline the story repeats: the share of its key words found in the
    body, discounted when only one or two words are shared (a related story on the same topic)."""
    words = _content_words(line.text, stops)
    if not words:
        return 0.0
    shared = len(words & body_words)
    return shared / len(words) * min(1.0, shared / TITLE_MIN_SHARED)


def _byline_like(line: Line) -> bool:
    """A short line holding the story's authors or its date."""
    return line.words <= BYLINE_MAX_WORDS and (bool(byline_names(line.text)) or has_date(line.text))


def _labelled_value(scored: list[_Scored], pos: int) -> bool:
    """A name of a few words printed after a short label ending with a colon ("Author:"): that
    label's value, not a heading."""
    if pos == 0 or scored[pos].line.words > LABEL_VALUE_WORDS:
        return False
    label = scored[pos - 1].line
    return label.text.endswith(":") and label.words <= LABEL_VALUE_WORDS


def _lines_above_bylines(scored: list[_Scored], top: int, body_start: int) -> set[int]:
    """For each byline or date line above the body, the nearest headline candidate printed above
    it (at most ``TITLE_BYLINE_WINDOW`` lines up): the heading that byline signs."""
    headed: set[int] = set()
    for pos in range(top, body_start):
        if not _byline_like(scored[pos].line):
            continue
        for above in range(pos - 1, max(top, pos - TITLE_BYLINE_WINDOW) - 1, -1):
            if _title_candidate(scored[above].line) and not _labelled_value(scored, above):
                headed.add(above)
                break
    return headed


def _find_title(scored: list[_Scored], body: list[int], stops: frozenset[str]) -> int | None:
    """The headline: a heading-shaped line above the body whose key words the story repeats.

    Pages print many heading-shaped lines above a story (section names, other
    headlines, labels, the author's biography); the headline is the one whose
    words the first paragraphs repeat most, the nearer the better, and the
    one that the story's byline or date follows. A first body line shaped
    like a headline competes too (pages that print the headline in the
    story's own block). Without a line sharing enough, the nearest
    heading-shaped line of a few words in mixed case is taken.
    """
    body_start = body[0]
    body_words = _content_words(" ".join(scored[i].line.text for i in body[:TITLE_BODY_PARAGRAPHS]), stops)
    top = max(0, body_start - HEADER_LOOKBACK)
    authors = [
        names.lower()
        for pos in range(top, body_start)
        if scored[pos].line.words <= BYLINE_MAX_WORDS and (names := byline_names(scored[pos].line.text))
    ]
    headed = _lines_above_bylines(scored, top, body_start)
    best, best_score, nearest, nearest_label = None, TITLE_MIN_OVERLAP, None, None
    for pos in range(body_start - 1, top - 1, -1):
        line = scored[pos].line
        if not _title_candidate(line) or _labelled_value(scored, pos):
            continue
        if any(names in line.text.lower() for names in authors):
            continue  # "About Ann Lee", the author's biography
        if nearest_label is None:
            nearest_label = pos
        if _shouting(line.text):
            continue
        if nearest is None and line.words >= TITLE_MIN_WORDS:
            nearest = pos
        overlap = _title_score(line, body_words, stops)
        score = overlap - TITLE_DISTANCE_COST * (body_start - pos)
        if overlap > 0 and pos in headed:
            score += TITLE_BYLINE_BONUS
        if score > best_score:
            best, best_score = pos, score
    first = scored[body_start].line
    if len(body) > 1 and _opening_headline(first):
        rest = _content_words(
            " ".join(scored[i].line.text for i in body[1 : TITLE_BODY_PARAGRAPHS + 1]), stops
        )
        if _title_score(first, rest, stops) > max(best_score, TITLE_OPENING_OVERLAP):
            return body_start
    if len(body) > 1 and _question_headline(first, scored, body, stops):
        lead = _content_words(" ".join(scored[i].line.text for i in body[1:4]), stops)
        if best is None or _title_score(first, lead, stops) > best_score:
            return body_start
    if best is not None:
        return best
    return nearest if nearest is not None else nearest_label


def _opening_headline(line: Line) -> bool:
    """A body's first line shaped like a headline: short, and not ending like a sentence."""
    return (
        _title_candidate(line)
        and TITLE_MIN_WORDS <= line.words <= TITLE_MAX_OPENING_WORDS
        and not line.text.endswith((".", ":", ";", ","))
        and not _shouting(line.text)
    )


def _question_headline(line: Line, scored: list[_Scored], body: list[int], stops: frozenset[str]) -> bool:
    """A headline that reads like a sentence ("Will the night trains return?") opening the body."""
    if not line.text.endswith(("?", "!")) or line.words > 20 or not _title_candidate(line):
        return False
    words = _content_words(line.text, stops)
    lead_words = _content_words(" ".join(scored[i].line.text for i in body[1:4]), stops)
    return bool(words) and len(words & lead_words) / len(words) >= TITLE_MIN_OVERLAP


def _header(scored: list[_Scored], body: list[int], stops: frozenset[str]) -> _Header:
    """Headline, standfirst, byline and date from the lines around the start of the body."""
    header = _Header()
    body_start = body[0]
    title_pos = _find_title(scored, body, stops)
    top = title_pos if title_pos is not None else max(0, body_start - HEADER_LOOKBACK)
    for pos in range(top, min(len(scored), body_start + 3)):
        line = scored[pos].line
        if header.byline is None and line.words <= 14 and (names := byline_names(line.text)):
            header.byline = names
        if header.published is None and line.words <= 14 and has_date(line.text):
            header.published = parse_date(line.text)
    if title_pos is None:
        return header
    header.title = scored[title_pos].line.text
    header.standfirst = tuple(
        strip_bullet(scored[p].line.text)
        for p in range(title_pos + 1, body_start)
        if scored[p].line.bullet and not scored[p].line.furniture and scored[p].line.words >= 4
    )
    return header
