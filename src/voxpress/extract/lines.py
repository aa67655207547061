"""What a single line of page text looks like: story sentence, heading, or page furniture.

Both extractors (HTML and copied text) judge lines by the same general signals:
length, sentence shape (terminal punctuation, capitalisation), stop-word
density, and phrases that mark page furniture everywhere on the web
("Advertisement", "Share this article", "Read more", "Sign up", player labels
such as "1.25x" or "250 WPM", photo credits, copyright lines). Nothing here is
keyed to a particular site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from voxpress.article import count_words as _count_words

_TOKEN = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=16384)
def count_words(text: str) -> int:
    """``voxpress.article.count_words``, remembered: every line is judged by several tests, and
    counting words in non-ASCII text (which curly quotes make of most prose) is not cheap."""
    return _count_words(text)


_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TERMINAL = re.compile(r"[.!?;。！？…؟।॥۔։።፧။།។‽][\"'”’»)\]\u201d\u2019*]*\s*$")
"""A sentence's end: full stops of many scripts (Armenian ։, Ethiopic ።, Urdu ۔, Myanmar ။,
Devanagari । and ॥...) and question and exclamation marks, perhaps inside closing quotes."""
_GEORGIAN = re.compile(r"[\u10d0-\u10ff]")
_UNSPACED_CHAR = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
"""Letters of scripts written without spaces between words (Thai, Lao, Myanmar, Khmer)."""
UNSPACED_CHARS_PER_WORD = 4
"""Characters per word assumed in scripts without spaces between words, to judge line lengths."""
_BULLET = re.compile(r"^\s*(?:[-–—•·*▪►●]|\d{1,2}[.)])\s+")

# Whole-line furniture: the line is nothing but this label.
_FURNITURE_LINE = re.compile(
    r"""^(?:
        advertisements?|advertising|ad|ads|sponsored(?:\scontent)?|promoted|paid\scontent|
        story\scontinues(?:\sbelow)?(?:\sadvertisement)?|continue\sreading(?:\sbelow|\sthe\smain\sstory)?|
        article\scontinues\sbelow(?:\sadvertisement)?|
        (?:share|tweet|email|print|save|comment|comments|reply|like|follow|pin|copy\slink|whatsapp|
           facebook|twitter|linkedin|reddit|pinterest|telegram|messenger|flipboard|x)(?:\s(?:this|on\s\w+))?|
        share\s(?:this\s)?(?:article|story|page|post)(?:\son\s\w+)?|
        (?:read|see|show|load|view)\s(?:more|less|all|full\sarticle|comments?)(?:\s\w+){0,3}|
        (?:related|read\smore|see\salso|also(?:\sread|\ssee)?|more|watch|listen|read|recommended|trending)\s*:.{0,160}|
        related(?:\s(?:articles?|stories|content|posts?|topics?|coverage|news|links?|videos?))?|
        more\s(?:on\sthis\sstory|from\s.{1,40}|stories|news|like\sthis|to\sexplore|in\s.{1,30})|
        (?:you\smay|you\smight)\s(?:also\s)?like|recommended(?:\sfor\syou|\sstories|\sarticles)?|
        (?:most\s)?(?:popular|read|viewed|shared)(?:\snow|\sstories|\sarticles)?|trending(?:\snow)?|
        (?:top|latest|breaking)\s(?:stories|news|headlines)|don.t\smiss|editor.s\spicks?|
        (?:sign\s(?:up|in|out)|log\s?(?:in|out)|register|subscribe(?:\snow|\stoday)?|newsletters?)(?:\s.{0,30})?|
        (?:image|photo|picture|video|graphic)s?(?:\s(?:credit|source|caption))?(?:\s*:.{0,80})?|
        (?:source|credit|caption)s?\s*:.{0,80}|
        (?:getty\simages|shutterstock|ap\sphoto|afp|reuters|epa|istock)(?:\s?/.{0,40})?|
        (?:tags?|topics?|filed\sunder|categor(?:y|ies)|keywords?)(?:\s*:.{0,200})?|
        (?:\d+\s)?(?:min(?:ute)?s?|minute)\s(?:read|listen)|reading\stime\s*:?.{0,20}|
        (?:updated|published|posted|last\supdated)\s*:?\s*(?=.*(?:\d|ago\b)).{0,50}|
        listen(?:\sto\sthis\s(?:article|story))?(?:\s\d+:\d+)?|
        select\svoice|choose\syour\slistening\sspeed|get\sthrough\sarticles\s\d(?:\.\d+)?x\sfaster|
        (?:audio\s)?player(?:\sloading)?|loading(?:\.\.\.|…)?|play|pause|mute|unmute|
        slow|average|fast|normal|speed|volume|
        \d+(?:\.\d+)?\s?x|\d+\s?wpm|\d+:\d\d(?::\d\d)?|
        [\d.,]+\s?[km]?(?:\s(?:shares?|comments?|views?|likes?|reactions?|responses?))?|
        (?:skip\sto|jump\sto|back\sto)\s.{1,30}|(?:go\sto\s)?(?:top|home|menu|search|close|open|next|previous|prev|back)|
        (?:previous|next)\s(?:article|story|post|page|slide)|
        (?:©|\(c\)|copyright).{0,120}|all\srights\sreserved.{0,40}|
        (?:privacy|cookie)s?(?:\s(?:policy|settings|notice|preferences))?|terms\s(?:of\s(?:use|service)|and\sconditions)|
        contact\sus|about\sus|advertise(?:\swith\sus)?|help|faq|sitemap|rss|
        why\syou\scan\strust\s.{1,30}|
        (?:enable|turn\son)\sjavascript.{0,80}|
        (?:watch|listen|video|audio|podcast|gallery|slideshow|live)\s*:?.{0,40}?(?<![.!?])|
        photos?|videos?|comments?\s\(\d+\)|\(\d+\)\scomments?
    )[\s.:!|·•-]*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Furniture phrases that give a line away wherever they sit in a short line.
_FURNITURE_PHRASE = re.compile(
    r"""(?:
        share\sthis\s(?:article|story|post)|share\s(?:it\s)?with\sa\sfriend|like\sthis\sstory|
        sign\sup\s(?:for|to)\s|subscribe\s(?:to|for|now|today)|\bnewsletters?\b.*\b(?:sign|subscribe|inbox)|
        (?:get|delivered)\s.{0,30}\s(?:to|in)\syour\sinbox|
        follow\s(?:us|him|her|them|[\w.]+(?:\s[\w.]+){0,3})\son\s(?:twitter|facebook|instagram|linkedin|x\b|tiktok|youtube|threads|mastodon|bluesky)|follow\s(?:us|him|her|them)\son\s|have\sa\s(?:news\s)?tip|send\s(?:us\s)?(?:a\s)?tips?|
        click\shere|tap\shere|(?:read|see)\smore\s(?:about|on|at|from|here)|also\son\s\w+\.\w+|
        all\srights\sreserved|terms\sof\s(?:use|service)|privacy\spolicy|cookie\spolicy|
        this\scopy\sis\sfor\syour\spersonal|distribution\sand\suse\sof\sthis\smaterial|
        for\snon-commercial\suse\sonly|reprints?\s(?:and|&)\spermissions|
        (?:photo|image|picture)\s?(?:credit|courtesy)|\bfile\sphoto\b|\(ap\sphoto|/\s?getty\simages|
        getty\simages\b|/\s?reuters\b|/\s?afp\b|\bvia\sgetty\b|
        your\sbrowser\sdoes\snot\ssupport|enable\sjavascript|ad\sblocker|
        already\sa\s(?:subscriber|member)|create\sa\sfree\saccount|
        (?:story|article)\scontinues\sbelow|
        ©|\(c\)\s\d{4}|
        share\syour\s(?:thoughts|comments|views|story)|
        share\s(?:panel|via|to\s\w+|on\s\w+)|print\sthis\s(?:article|story|page)|media\splayback|
        (?:not\s|un)supported\son\syour\sdevice|follow\sthe\stopics|we.ve\sdetected\syou\sare|
        \((?:image|photo|picture|pic|credit|source|video)s?(?:\s(?:credit|source|courtesy))?\s*:[^)]*\)|\bpictured\b\)|
        \bunsubscribe\b|\bno\sspam\b|successfully\ssubscribed|activation\slink|
        stay\s(?:up\sto\sdate|in\stouch|informed|connected)\swith|
        join\s(?:our|the)\s.{0,30}(?:forums?|community|newsletter|mailing\slist|conversation)|
        (?:support|donate\sto)\s(?:us|our\s(?:work|journalism)|independent\sjournalism)|
        (?:become|are\syou)\sa\s(?:member|subscriber|supporter|patron)|
        if\syou\shave\sa\snews\stip|(?:get|receive)\s(?:our\s)?(?:breaking|the\slatest)\s.{0,40}(?:news|updates)|
        listening\sspeed|select\svoice|\b\d+\s?wpm\b|
        (?:^|\s)(?:by\s)?[\w.-]+@[\w-]+\.[\w.]+(?:\s|$)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Lines that open the end matter of a page (comments, related links, footers): the story never
# continues past them, so the body is never stretched across one.
_SECTION_BREAK = re.compile(
    r"""^(?:
        (?:\[\s*)?(?:\d+\s+)?(?:comments?|responses?|replies|reactions|discussion)(?:\s*\(\d+\))?(?:\s*\])?|
        (?:top(?:\srated)?|latest|newest|oldest|best)\scomments|view\s(?:all\s)?comments|
        \d+\s(?:comments?|responses?|replies|thoughts)\s(?:to|on)\s.{0,200}|
        leave\sa\s(?:reply|comment).{0,40}|add\s(?:a|your)\scomment.{0,40}|post\sa\scomment|join\sthe\s(?:conversation|discussion)|
        (?:you\smust\sbe|please)\s(?:logged\sin|log\sin|sign\sin).{0,80}|
        (?:\S+\s){0,2}\S+\ssays\s?:|
        .{0,60}\bon\s.{3,30}\sat\s\d{1,2}:\d{2}\s?(?:am|pm)?(?:\s(?:said|says|wrote))?\s?:?|
        post\snavigation|(?:previous|next|older|newer)\s(?:post|article|story|entry)s?(?::.{0,150})?|
        share\sthis\s?(?:article|story|post)?\s?:|tags?\s*:.{0,200}|tell\sus\swhat\syou\sthink.{0,20}|
        (?:©|\(c\)|copyright)\s.{0,200}|.{0,120}all\srights\sreserved.{0,200}|
        about\sthe\sauthors?|(?:follow|connect\swith)\sus.{0,30}
    )[\s.:!|·•↓»›-]*$""",
    re.IGNORECASE | re.VERBOSE,
)


_NOTICE = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s.{0,200}|.{0,120}all\srights\sreserved.{0,200})$", re.IGNORECASE
)


def is_notice(text: str) -> bool:
    """True for a copyright or rights notice ("© 2031 Example", "Copyright Notice"), which ends a
    page's story when printed below it but also heads wire copy and documents."""
    return bool(_NOTICE.match(text.strip()))


_CREDIT_LINE = re.compile(
    r"""^(?:
        [(\[]?\s*(?:image|photo(?:graph)?|picture|video|illustration)s?(?:\s(?:credit|courtesy))?\s*:.{1,100}?[)\]]?|
        (?:[^|/]{1,40}\s?[|/]\s?){0,3}(?:getty\simages|shutterstock|istock(?:photo)?|alamy)|
        (?:[^|/]{1,40}\s?[|/]\s?){1,3}(?:ap(?:\sphoto)?|reuters|afp|epa(?:-efe)?)
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_credit_line(text: str) -> bool:
    """True for a picture's credit on its own line ("(Image credit: Ann Lee)", "Photo: Bo Chan",
    "Ann Lee | Getty Images"; a wire service's name alone signs a story off instead):
    the line above it is the picture's caption."""
    return count_words(text) <= 14 and bool(_CREDIT_LINE.match(text.strip()))


def is_section_break(text: str) -> bool:
    """True for a line that opens a page's end matter: comments, related links, copyright."""
    return bool(_SECTION_BREAK.match(text.strip()))


_COMMENTS_START = re.compile(
    r"""^(?:(?:\[\s*)?(?:\d+\s+)?(?:comments?|responses?|replies|reactions|discussion)(?:\s*\(\d+\))?(?:\s*\])?|
        (?:top(?:\srated)?|latest|newest|oldest|best|reader)\scomments|view\s(?:all\s)?comments|
        no\scomments(?:\syet)?.{0,40}|be\sthe\sfirst\sto\scomment|
        \d+\s(?:comments?|responses?|replies|thoughts)\s(?:to|on)\s.{0,200}|
        leave\sa\s(?:reply|comment).{0,40}|add\s(?:a|your)\scomment.{0,40}|post\sa\scomment|
        join\sthe\s(?:conversation|discussion))[\s.:!|·•↓»›-]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_TIMESTAMP = re.compile(
    r"(?:\b\d+\s?(?:s|m|h|d|w|mo|y|sec|secs|min|mins|hr|hrs|seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|"
    r"\bat\s\d{1,2}:\d{2}\s?(?:am|pm)?\b|^\s*rating\s*:|\b\d+\s(?:votes?|points?|likes?)\s*$)",
    re.IGNORECASE,
)


_RELATED_HEADING = re.compile(
    r"""^(?:
        (?:related|more|recommended|trending|popular|most\s(?:read|viewed|popular|shared|commented))
            (?:\s(?:articles?|stories|posts?|news|content|videos?|reading|links|coverage|topics?|from\s.{1,40}|for\syou|on\s.{1,40}|in\s.{1,40}|now|today))?|
        (?:you\s(?:may|might)\s(?:also\s)?(?:like|enjoy|be\sinterested\sin)|read\snext|up\snext|what\sto\sread\snext|
           don.t\smiss|also\sread|further\sreading|editors?.\spicks?|around\sthe\sweb|from\sthe\sweb|
           promoted\sstories|sponsored\sstories|more\sfrom\sour\spartners)|
        more\s(?:\w[\w'’.&-]*\s?){1,3}
    )[\s.:!|·•↓»›-]*$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_related_heading(text: str) -> bool:
    """True for the heading of a box of links to other stories ("Related articles", "Most read")."""
    return bool(_RELATED_HEADING.match(text.strip()))


def is_comments_start(text: str) -> bool:
    """True for the heading of a comments section."""
    return bool(_COMMENTS_START.match(text.strip()))


def is_timestamp_line(text: str) -> bool:
    """True for a short line that is a post's or comment's time stamp or vote count."""
    return count_words(text) <= 12 and bool(_TIMESTAMP.search(text))


_BYLINE = re.compile(r"^(?:by|written\sby|words\sby|von|par|por|di|door|av|af)\s+(.{2,100})$", re.IGNORECASE)
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_HINT = re.compile(
    rf"(?:\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|"
    r"\b(?:updated|published|posted)\b.{0,20}\b(?:ago|\d{1,2}:\d{2}))",
    re.IGNORECASE,
)


_CLAUSE_MARK = re.compile(r"[、，,。．.!?！？;；]")
CJK_PROSE_MARKS = 2
"""Commas or stops a long CJK line without a sentence ending needs to be running text."""
CJK_PROSE_WORDS = 60
"""CJK lines this long are running text however they are punctuated."""

NEUTRAL_STOP_SHARE = 0.3
"""Stop-word share assumed for languages without a stop-word list."""


@dataclass(frozen=True)
class Line:
    """One line of page text and the features extraction judges it by."""

    text: str
    words: int
    """Words, as ``count_words`` counts them (CJK characters count half)."""
    stop_share: float
    """Share of tokens that are stop words of the page's language."""
    terminal: bool
    """Ends like a sentence (full stop, question or exclamation mark, closing quote)."""
    furniture: bool
    """Looks like page furniture: ads, share and subscribe prompts, credits, player labels."""
    bullet: bool
    """Starts with a list marker."""
    cjk: bool
    """Mostly CJK characters (no spaces between words)."""

    @property
    def sentence_like(self) -> bool:
        """Reads like a sentence of running text."""
        if self.furniture:
            return False
        if self.cjk:
            return self.words >= 8 and self.terminal
        return (
            self.words >= 6 and self.terminal and self.stop_share >= 0.12 and _starts_like_sentence(self.text)
        )

    @property
    def prose_like(self) -> bool:
        """Long running text even without a sentence ending (a paragraph cut mid-way)."""
        if self.furniture:
            return False
        if self.cjk:
            # Han characters count as words, so a headline of twenty characters is as long as a
            # paragraph; running text is told by its commas and stops.
            return self.words >= 18 and (
                len(_CLAUSE_MARK.findall(self.text)) >= CJK_PROSE_MARKS or self.words >= CJK_PROSE_WORDS
            )
        return self.words >= 18 and self.stop_share >= 0.18


def starts_lower(text: str) -> bool:
    """Starts with a lower-case letter of a script written with capitals (not Georgian)."""
    return text[:1].islower() and not _GEORGIAN.match(text[:1])


def _starts_capital(text: str) -> bool:
    """Starts with a capital, or with a letter of a script written without capitals."""
    first = text[:1]
    return first.isupper() or (first.isalpha() and not starts_lower(first))


def _starts_like_sentence(text: str) -> bool:
    first = text.lstrip("\"'“‘«([—–-•* ")[:1]
    # Only a lower-case letter gives a sentence's tail away: scripts without case (Arabic,
    # Ethiopic, Devanagari) start sentences with any letter, and so does Georgian, whose
    # letters are lower case by Unicode but written without capitals.
    return bool(first) and not starts_lower(first)


_GLUED_DATELINE = re.compile(
    r"^(?:[^.!?]|\.(?=\S)){15,160}?[^\s.!?:]\s(?:(?:[A-Z][A-Z.'’-]+\s){1,3}[A-Z][A-Z.'’-]+|[A-Z][A-Z.'’-]{3,}):\s"
)
"""A headline run straight into a story's dateline ("Ferry sinks HARBOURTON: A ferry...")."""


def glued_dateline(text: str) -> bool:
    """True for a teaser: a headline run straight into the dateline of the story it leads to."""
    return bool(_GLUED_DATELINE.match(text))


def headline_led(text: str) -> bool:
    """True when a long line opens with a headline glued to its summary, as teasers are: a Title
    Case run, or any words running into a dateline in capitals."""
    words = text.split()
    if len(words) < 14:
        return False
    if glued_dateline(text):
        return True
    lead = [w for w in words[:7] if any(c.isalpha() for c in w)]
    capitalised = sum(w.lstrip("\"'“‘([")[:1].isupper() for w in lead)
    return len(lead) >= 6 and capitalised >= len(lead) - 1


def tokens(text: str) -> list[str]:
    """Lower-case word tokens."""
    return _TOKEN.findall(text.lower())


def is_furniture(text: str) -> bool:
    """True for lines that are page furniture rather than story text."""
    stripped = text.strip()
    if not stripped:
        return True
    if _FURNITURE_LINE.match(stripped):
        return True
    return count_words(stripped) <= 30 and bool(_FURNITURE_PHRASE.search(stripped))


def _line_words(text: str) -> int:
    """Words in a line; for scripts without spaces between words (Thai), an estimate from its
    letters, so that a paragraph is as long by count as it reads."""
    words = count_words(text)
    unspaced = len(_UNSPACED_CHAR.findall(text))
    if unspaced > 0.3 * max(1, len(text.replace(" ", ""))):
        return max(words, unspaced // UNSPACED_CHARS_PER_WORD)
    return words


@lru_cache(maxsize=8192)
def analyse(text: str, stops: frozenset[str]) -> Line:
    """Features of one line of text."""
    toks = tokens(text)
    cjk_chars = len(_CJK_CHAR.findall(text))
    if not stops:
        # No list for this language: do not let the missing signal turn prose into labels.
        stop_share = NEUTRAL_STOP_SHARE
    else:
        stop_share = sum(t in stops for t in toks) / len(toks) if toks else 0.0
    return Line(
        text=text,
        words=_line_words(text),
        stop_share=stop_share,
        terminal=bool(_TERMINAL.search(text)),
        furniture=is_furniture(text),
        bullet=bool(_BULLET.match(text)),
        cjk=cjk_chars > 0.3 * max(1, len(text.replace(" ", ""))),
    )


WRAP_MIN_WIDTH = 30
"""Narrowest line width taken for hard wrapping (narrower runs are menus and labels)."""
WRAP_MAX_WIDTH = 120
"""Widest line width taken for hard wrapping; longer lines are never wrapped lines."""
WRAP_FULL = 0.75
"""A line at least this share of its run's width was broken because the next word did not fit."""
WRAP_MIN_FULL_LINES = 3
"""Full lines a run needs before it is taken for hard-wrapped text."""
WRAP_MIN_LOWER_SHARE = 0.3
"""Share of lines after a full line that must start in lower case (a sentence broken mid-way)."""
WRAP_MIN_FULL_SHARE = 0.5
"""Share of lines (other than the last of a run) that must fill the width in hard-wrapped text."""
WRAP_MAX_LONG_SHARE = 0.2
"""Hard-wrapped text has few long lines: at most this share of its characters sit in lines longer
than ``WRAP_MAX_WIDTH`` (in a copied web page, the story's paragraphs are such lines)."""


def _continuations(run: list[str]) -> list[str]:
    """The lines that follow a line filling the run's width."""
    width = max(len(line) for line in run)
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return []
    return [run[i + 1] for i in range(len(run) - 1) if len(run[i]) >= WRAP_FULL * width]


def _hard_wrapped(runs: list[list[str]], long_chars: int) -> bool:
    """Whether the runs are hard-wrapped text (a break every ten words or so) rather than lists of
    short items: few long lines, most lines fill the width, and lines after a full one often go on
    mid-sentence."""
    short_chars = sum(len(line) for run in runs for line in run)
    if long_chars > WRAP_MAX_LONG_SHARE * (long_chars + short_chars):
        return False
    continuations = [line for run in runs for line in _continuations(run)]
    not_last = sum(len(run) - 1 for run in runs)
    if len(continuations) < max(WRAP_MIN_FULL_LINES, WRAP_MIN_FULL_SHARE * not_last):
        return False
    lower = sum(1 for line in continuations if starts_lower(line) or line[:1] in "([,;")
    return lower >= WRAP_MIN_LOWER_SHARE * len(continuations)


def _breaks_paragraph(line: str, following: str) -> bool:
    """A sentence ending at a line's end with a capital after it: maybe a paragraph ends here."""
    return bool(_TERMINAL.search(line)) and _starts_capital(following)


def _join_run(run: list[str]) -> list[str]:
    width = max(len(line) for line in run)
    out: list[str] = []
    for i, line in enumerate(run):
        previous = run[i - 1] if i else ""
        full = len(previous) >= WRAP_FULL * width
        if i and full and not _BULLET.match(line) and not _breaks_paragraph(previous, line):
            hyphenated = out[-1].endswith("-") and out[-1][-2:-1].isalpha() and line[:1].islower()
            out[-1] = out[-1] + ("" if hyphenated else " ") + line
        else:
            out.append(line)
    return out


def join_wrapped_lines(lines: list[str]) -> list[str]:
    """``lines`` with hard-wrapped paragraphs joined back into one line each.

    Wire copy, plain-text documents and ``<pre>`` blocks break lines at a fixed
    width, so no line alone looks like a sentence. The text is cut into runs of
    lines (at blank lines and at lines too long to be wrapped); when the runs
    together look hard-wrapped, a line that fills its run's width continues on
    the next one, unless it ends a sentence and the next begins with a capital.
    Blank lines are kept; other lines come back stripped of surrounding spaces.
    """
    pieces: list[list[str] | str] = []
    run: list[str] = []
    long_chars = 0
    for raw in lines:
        line = raw.strip()
        if line and len(line) <= WRAP_MAX_WIDTH:
            run.append(line)
            continue
        long_chars += len(line)
        if run:
            pieces.append(run)
            run = []
        pieces.append(line)
    if run:
        pieces.append(run)
    runs = [piece for piece in pieces if isinstance(piece, list)]
    if not _hard_wrapped(runs, long_chars):
        return [line.strip() for line in lines]
    out: list[str] = []
    for piece in pieces:
        out.extend(_join_run(piece) if isinstance(piece, list) else [piece])
    return out


def strip_bullet(text: str) -> str:
    """``text`` without a leading list marker such as ``- `` or ``• ``."""
    return _BULLET.sub("", text, count=1).strip()


def byline_names(text: str) -> str | None:
    """The names in a byline line ("By Ann Lee and Bo Chan" → "Ann Lee and Bo Chan"), else None."""
    match = _BYLINE.match(text.strip())
    if not match:
        return None
    names = re.split(
        r"\s*(?:[|•·]|\s-\s|,\s*(?=\w+\s\d)|\bupdated\b|\bpublished\b)", match.group(1), maxsplit=1
    )[0]
    names = names.strip(" ,.-")
    if not names or count_words(names) > 12 or names.endswith(("!", "?")):
        return None
    return names


def has_date(text: str) -> bool:
    """True when the line holds something that reads as a date."""
    return bool(_DATE_HINT.search(text))
