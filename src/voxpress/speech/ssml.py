"""SSML input: a documented subset, turned into plain text plus readings for the script.

The plain text is what the SSML says, tags removed and white space runs made
one space; paragraphs (``<p>``, strong ``<break>``) are parted by blank lines
exactly as ``Article.narration_text`` parts blocks, so every timing offset
points into the plain text. The elements change how words are said, never
the plain text:

==============  ==========================================================================
``speak``       the root; ``xml:lang`` sets the language (default ``en``)
``p``, ``s``    paragraph (a block, with the longer pause) and sentence (accepted as is)
``break``       ``strength="strong|x-strong"`` or ``time`` ≥ 500 ms ends the paragraph there
                (the 0.75 s block pause); weaker breaks are the pause voxpress already makes
``prosody``     ``rate`` only: ``x-slow`` 0.7, ``slow`` 0.85, ``medium`` 1, ``fast`` 1.25,
                ``x-fast`` 1.5, or a percentage (``120%``); one rate for the whole input,
                multiplied into the requested speed (speeds stay true)
``say-as``      ``interpret-as`` ``characters`` (or ``spell-out``), ``cardinal`` (``number``),
                ``ordinal``, ``date`` (``format`` ``ymd`` default, ``dmy``, ``mdy``), ``telephone``
``sub``         ``alias``: said instead of the written text, which stays in the plain text
``phoneme``     ``alphabet="ipa"`` and ``ph``: the IPA phonemes spoken for the written text
``lang``        ``xml:lang`` accepted; the text is spoken by the chosen voice
==============  ==========================================================================

Anything else (an unknown element or attribute value, text that is not
well-formed XML, entity declarations) is an ``SsmlError`` naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

from voxpress.article import Article
from voxpress.errors import InputError
from voxpress.speech import numbers_en
from voxpress.speech.foreign_names import DEFAULT_NAME_LANGUAGES
from voxpress.speech.lexicon import Lexicon
from voxpress.speech.prepare import prepare_script
from voxpress.speech.script import Script, ScriptSentence, SpokenWord

SUPPORTED_ELEMENTS = ("speak", "p", "s", "break", "prosody", "say-as", "sub", "phoneme", "lang")
RATE_WORDS = {"x-slow": 0.7, "slow": 0.85, "medium": 1.0, "default": 1.0, "fast": 1.25, "x-fast": 1.5}
SAY_AS = ("characters", "spell-out", "cardinal", "number", "ordinal", "date", "telephone")
MAX_SSML_CHARS = 100_000
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class SsmlError(InputError):
    """SSML that is not well-formed, or uses an element or value outside the supported subset."""


@dataclass(frozen=True)
class Reading:
    """How a stretch of the plain text is said."""

    start: int
    end: int
    say: str | None = None
    """Words said instead of the written text."""
    phonemes: str | None = None
    """IPA phonemes said instead of the written text."""


@dataclass
class SsmlDocument:
    """Parsed SSML: plain text as an article, readings over it, and the input's rate."""

    article: Article
    readings: list[Reading] = field(default_factory=list)
    rate: float = 1.0
    """Speed multiplier from ``prosody rate``."""

    @property
    def text(self) -> str:
        return self.article.narration_text


def looks_like_ssml(text: str) -> bool:
    """True for input that starts with a ``<speak`` element (after an optional XML declaration)."""
    return re.match(r"\s*(<\?xml[^>]*\?>\s*)?<speak[\s>/]", text) is not None


def _parse_rate(value: str) -> float:
    cleaned = value.strip().lower()
    if cleaned in RATE_WORDS:
        return RATE_WORDS[cleaned]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)%", cleaned)
    if match:
        return float(match.group(1)) / 100
    raise SsmlError(f"prosody rate {value!r} is not x-slow, slow, medium, fast, x-fast or a percentage")


def _break_ends_paragraph(element: etree._Element) -> bool:
    strength = (element.get("strength") or "").lower()
    if strength and strength not in ("none", "x-weak", "weak", "medium", "strong", "x-strong"):
        raise SsmlError(f"break strength {strength!r} is unknown")
    time = (element.get("time") or "").strip().lower()
    seconds = 0.0
    if time:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)", time)
        if not match:
            raise SsmlError(f"break time {time!r} is not like 500ms or 1.5s")
        seconds = float(match.group(1)) / (1000 if match.group(2) == "ms" else 1)
    return strength in ("strong", "x-strong") or seconds >= 0.5


def _characters(text: str) -> str:
    return " ".join(c for c in text if not c.isspace())


def _number(text: str, *, as_ordinal: bool) -> str:
    digits = re.sub(r"[,\s](?=\d{3})", "", text.strip())
    digits = re.sub(r"(st|nd|rd|th)$", "", digits)
    if not re.fullmatch(r"-?\d{1,15}", digits):
        raise SsmlError(
            f"say-as {'ordinal' if as_ordinal else 'cardinal'} needs a whole number, not {text!r}"
        )
    value = int(digits)
    words = numbers_en.ordinal(abs(value)) if as_ordinal else numbers_en.cardinal(abs(value))
    return ("minus " if value < 0 else "") + words


def _date(text: str, date_format: str) -> str:
    parts = [p for p in re.split(r"[-/. ]", text.strip()) if p]
    order = (date_format or "ymd").lower()
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or sorted(order) != ["d", "m", "y"]:
        raise SsmlError(
            f"say-as date needs a date like 2026-12-01 and a format of ymd, dmy or mdy, not {text!r}"
        )
    values = dict(zip(order, (int(p) for p in parts), strict=True))
    if not (1 <= values["m"] <= 12 and 1 <= values["d"] <= 31):
        raise SsmlError(f"say-as date {text!r} is not a real date")
    return f"{_MONTHS[values['m'] - 1]} {numbers_en.ordinal(values['d'])} {numbers_en.year(values['y'])}"


def _telephone(text: str) -> str:
    groups = [g for g in re.split(r"[^\d+]+", text) if g]
    if not groups:
        raise SsmlError(f"say-as telephone needs digits, not {text!r}")
    spoken = []
    for group in groups:
        spoken.append(" ".join("plus" if c == "+" else numbers_en.cardinal(int(c)) for c in group))
    return " ".join(spoken)


class _Builder:
    """Walks the SSML tree, writing the plain text block by block and noting readings."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current = ""
        self.readings: list[tuple[int, int, int, int, Reading]] = []
        """(start block, start offset, end block, end offset, reading with offsets to fill in)."""
        self.rate: float | None = None

    def text(self, piece: str | None) -> None:
        if not piece:
            return
        collapsed = re.sub(r"\s+", " ", piece)
        if not self.current or self.current.endswith(" "):
            collapsed = collapsed.lstrip(" ")
        self.current += collapsed

    def end_block(self) -> None:
        block = self.current.strip()
        if block:
            self.blocks.append(block)
        self.current = ""

    def position(self) -> tuple[int, int]:
        return len(self.blocks), len(self.current)

    def walk(self, element: etree._Element) -> None:
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if not tag:  # a comment or processing instruction
            self.text(element.tail)
            return
        if tag not in SUPPORTED_ELEMENTS:
            raise SsmlError(
                f"<{tag}> is not supported; use {', '.join(f'<{t}>' for t in SUPPORTED_ELEMENTS)}"
            )
        if tag == "speak" and element.getparent() is not None:
            raise SsmlError("<speak> may only be the root element")
        if tag == "break":
            if _break_ends_paragraph(element):
                self.end_block()
            self.text(element.tail)
            return
        if tag == "prosody":
            unknown = set(element.attrib) - {"rate"}
            if unknown:
                raise SsmlError(f"prosody supports only rate, not {', '.join(sorted(unknown))}")
            if element.get("rate") is not None:
                rate = _parse_rate(element.get("rate", ""))
                if self.rate is not None and rate != self.rate:
                    raise SsmlError("one prosody rate applies to the whole input; found two different rates")
                self.rate = rate
        if tag == "p":
            self.end_block()
        start = self.position()
        self.text(element.text)
        for child in element:
            self.walk(child)
        written = self._written_since(start)
        reading = self._reading(tag, element, written)
        if reading is not None:
            self.readings.append((*start, *self.position(), reading))
        if tag == "p":
            self.end_block()
        self.text(element.tail)

    def _written_since(self, start: tuple[int, int]) -> str:
        block, offset = start
        if block != len(self.blocks):
            return ""
        return self.current[offset:]

    def _reading(self, tag: str, element: etree._Element, written: str) -> Reading | None:
        if tag in ("say-as", "sub", "phoneme") and not written.strip():
            raise SsmlError(f"<{tag}> needs written text inside it (and cannot span paragraphs)")
        if tag == "sub":
            alias = (element.get("alias") or "").strip()
            if not alias:
                raise SsmlError("<sub> needs an alias")
            return Reading(0, 0, say=" ".join(alias.split()))
        if tag == "phoneme":
            alphabet = (element.get("alphabet") or "ipa").lower()
            if alphabet != "ipa":
                raise SsmlError(f"phoneme alphabet {alphabet!r} is not supported; use ipa")
            phonemes = (element.get("ph") or "").strip()
            if not phonemes:
                raise SsmlError("<phoneme> needs ph")
            return Reading(0, 0, phonemes=phonemes)
        if tag == "say-as":
            kind = (element.get("interpret-as") or "").lower()
            if kind not in SAY_AS:
                raise SsmlError(f"say-as interpret-as {kind!r} is not supported; use {', '.join(SAY_AS)}")
            if kind in ("characters", "spell-out"):
                said = _characters(written)
            elif kind in ("cardinal", "number"):
                said = _number(written, as_ordinal=False)
            elif kind == "ordinal":
                said = _number(written, as_ordinal=True)
            elif kind == "date":
                said = _date(written, element.get("format") or "ymd")
            else:
                said = _telephone(written)
            return Reading(0, 0, say=said)
        return None


def parse_ssml(ssml: str) -> SsmlDocument:
    """The plain text, readings and rate of an SSML document, or an ``SsmlError`` saying why not."""
    if len(ssml) > MAX_SSML_CHARS:
        raise SsmlError(f"The SSML is {len(ssml):,} characters; the limit is {MAX_SSML_CHARS:,}.")
    if re.search(r"<!(ENTITY|DOCTYPE)", ssml, flags=re.IGNORECASE):
        raise SsmlError("SSML with a DOCTYPE or entity declarations is refused.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(ssml.strip().encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as error:
        raise SsmlError(f"The SSML is not well-formed XML: {error}") from error
    if etree.QName(root).localname != "speak":
        raise SsmlError("SSML must have <speak> as its root element.")
    builder = _Builder()
    builder.walk(root)
    builder.end_block()
    if not builder.blocks:
        raise SsmlError("The SSML has no text to speak.")
    starts = []
    position = 0
    for block in builder.blocks:
        starts.append(position)
        position += len(block) + 2
    readings = []
    for start_block, start_offset, end_block, end_offset, reading in builder.readings:
        if start_block != end_block:
            raise SsmlError("<say-as>, <sub> and <phoneme> cannot span paragraphs")
        block_text = builder.blocks[start_block]
        begin = starts[start_block] + min(start_offset, len(block_text))
        end = starts[start_block] + min(end_offset, len(block_text))
        readings.append(replace(reading, start=begin, end=end))
    language = (root.get(_XML_LANG) or "en").split("-")[0].lower()
    article = Article(title="", paragraphs=tuple(builder.blocks), language=language)
    return SsmlDocument(article=article, readings=readings, rate=builder.rate or 1.0)


def apply_readings(script: Script, readings: list[Reading]) -> Script:
    """``script`` with each reading's words said its way: the written tokens it covers become one
    spoken word spanning them all (so its timing covers the whole written stretch)."""
    if not readings:
        return script
    sentences: list[ScriptSentence] = []
    for sentence in script.sentences:
        words: list[SpokenWord] = []
        merged_from: Reading | None = None
        for word in sentence.words:
            reading = next((r for r in readings if r.start < word.char_end and word.char_start < r.end), None)
            if reading is None:
                words.append(word)
                merged_from = None
            elif reading is merged_from:  # another written token of the same reading
                words[-1] = replace(words[-1], char_end=word.char_end, punctuation=word.punctuation)
            else:
                said = reading.say if reading.say is not None else word.say
                words.append(replace(word, say=said, phonemes=reading.phonemes, from_lexicon=True))
                merged_from = reading
        sentences.append(replace(sentence, words=tuple(words)))
    return replace(script, sentences=tuple(sentences))


def ssml_script(
    text: str,
    lexicon: Lexicon | None,
    speed: float,
    name_languages: frozenset[str] = DEFAULT_NAME_LANGUAGES,
) -> tuple[Script, float] | None:
    """For SSML ``text``: its script (readings applied) and ``speed`` times its rate; else None."""
    if not looks_like_ssml(text):
        return None
    document = parse_ssml(text)
    script = prepare_script(document.text, document.article.language, lexicon, name_languages=name_languages)
    return apply_readings(script, document.readings), round(speed * document.rate, 2)
