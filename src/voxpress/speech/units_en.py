"""English units, specifications and product codes: how a newsreader says a product line.

Owns the unit table (abbreviation → singular and plural word, "GB" → "gigabyte"),
the rule that an amount before a noun takes the singular unit, and the readings
particular to specifications and model codes. ``rules_en`` calls these from its
token readers; this module knows only the tokens it is given and imports no
other rules, so the two never import each other.

The rules, as a careful newsreader reads a line of product copy:

- An amount before a noun is a modifier and takes the singular: "a 65W charger"
  is "a sixty five watt charger", "a 2TB SSD" "a two terabyte S S D"; a plural
  otherwise ("it draws 65W" is "sixty five watts"). For the units of
  specifications (``SPEC_UNITS``: bytes, hertz, watts, milliseconds, inches...)
  a product title needs no article: the amount modifies the capitalised word or
  the next specification after it ("4ms 120Hz Panel" is "four millisecond one
  hundred twenty hertz Panel").
- An inch mark after a figure is "inch" ("34\"" is "thirty four inch"; "the
  screen is 34\" wide" is "thirty four inches wide"); "5'11\"" is "five foot
  eleven". A quotation mark that closes a quotation is not an inch mark.
- Width by height: a screen resolution's figures are read as model numbers are,
  "3440x1440" and "1920 x 1080" being "thirty four forty by fourteen forty" and
  "nineteen twenty by ten eighty"; with a length unit they are plain amounts
  ("200x300mm" is "two hundred by three hundred millimetres").
- Video modes: "1080p" is "ten eighty p", "2160p" "twenty one sixty p"; "4K"
  stays "four K".
- Model codes: the letters of a code are spelled and each group of digits is read
  as a model number (``numbers_en.pair_reading``): one or two digits as a number
  ("XPS 13": "thirteen", "M2": "M two"), three in a pair ("G991": "G nine ninety
  one"), four as a year is said ("AW3418DW": "A W thirty four eighteen D W",
  "1900R": "nineteen hundred R", "WH-1000XM5": "W H one thousand X M five"),
  five as two and three ("i7-13700K": "I seven thirteen seven hundred K"),
  longer ones digit by digit. A figure written apart after a code of capitals
  ("RTX 4090": "R T X forty ninety") belongs to the model and is read the same way.
- Pauses: specifications and codes written side by side, as product titles run
  them, get the comma a list of adjectives takes ("AW3418DW 34\" 3440x1440" is
  "A W thirty four eighteen D W, thirty four inch, thirty four forty by fourteen
  forty"): ``spec_pauses``, which ``rules_en`` gives as ``LanguageRules.pauses``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from voxpress.speech import numbers_en as num
from voxpress.speech.tokens import Token

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
"""A written figure: "1,200", "3.5", "42"."""

UNITS: dict[str, tuple[str, str]] = {
    "km": ("kilometre", "kilometres"),
    "m": ("metre", "metres"),
    "cm": ("centimetre", "centimetres"),
    "mm": ("millimetre", "millimetres"),
    "kg": ("kilogram", "kilograms"),
    "g": ("gram", "grams"),
    "mg": ("milligram", "milligrams"),
    "t": ("tonne", "tonnes"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "oz": ("ounce", "ounces"),
    "ft": ("foot", "feet"),
    "mph": ("mile per hour", "miles per hour"),
    "kph": ("kilometre per hour", "kilometres per hour"),
    "km/h": ("kilometre per hour", "kilometres per hour"),
    "ml": ("millilitre", "millilitres"),
    "ha": ("hectare", "hectares"),
    "KB": ("kilobyte", "kilobytes"),
    "kB": ("kilobyte", "kilobytes"),
    "MB": ("megabyte", "megabytes"),
    "GB": ("gigabyte", "gigabytes"),
    "TB": ("terabyte", "terabytes"),
    "Hz": ("hertz", "hertz"),
    "kHz": ("kilohertz", "kilohertz"),
    "MHz": ("megahertz", "megahertz"),
    "GHz": ("gigahertz", "gigahertz"),
    "W": ("watt", "watts"),
    "kW": ("kilowatt", "kilowatts"),
    "MW": ("megawatt", "megawatts"),
    "GW": ("gigawatt", "gigawatts"),
    "kWh": ("kilowatt hour", "kilowatt hours"),
    "MWh": ("megawatt hour", "megawatt hours"),
    "GWh": ("gigawatt hour", "gigawatt hours"),
    "TWh": ("terawatt hour", "terawatt hours"),
    "°C": ("degree Celsius", "degrees Celsius"),
    "°F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "°": ("degree", "degrees"),
    "C": ("degree Celsius", "degrees Celsius"),
    "F": ("degree Fahrenheit", "degrees Fahrenheit"),
    "%": ("percent", "percent"),
    "x": ("times", "times"),
    "p": ("penny", "pence"),
    "bp": ("basis point", "basis points"),
    "bps": ("basis points", "basis points"),
    "in": ("inch", "inches"),
    "yd": ("yard", "yards"),
    "yds": ("yard", "yards"),
    "sq": ("square", "square"),
    "min": ("minute", "minutes"),
    "mins": ("minute", "minutes"),
    "hr": ("hour", "hours"),
    "hrs": ("hour", "hours"),
    "yr": ("year", "years"),
    "yrs": ("year", "years"),
    "sec": ("second", "seconds"),
    "secs": ("second", "seconds"),
    "wk": ("week", "weeks"),
    "wks": ("week", "weeks"),
    "bbl": ("barrel", "barrels"),
    "PB": ("petabyte", "petabytes"),
    "ms": ("millisecond", "milliseconds"),
    "mAh": ("milliamp hour", "milliamp hours"),
    "Wh": ("watt hour", "watt hours"),
    "V": ("volt", "volts"),
    "fps": ("frame per second", "frames per second"),
    "Mbps": ("megabit per second", "megabits per second"),
    "Gbps": ("gigabit per second", "gigabits per second"),
    "MP": ("megapixel", "megapixels"),
    "nm": ("nanometre", "nanometres"),
    "nits": ("nit", "nits"),
    "dB": ("decibel", "decibels"),
    "mi": ("mile", "miles"),
}
_ALSO_WORDS_OR_LETTERS = {"m", "g", "t", "W", "x", "p", "°", "%", "ha", "C", "F", "in", "sq", "V", "MP"}
UNITS_AS_OWN_TOKEN = set(UNITS) - _ALSO_WORDS_OR_LETTERS
"""Units said also when written apart from their figure ("5 kg"); the rest are letters or words too."""
PER_UNIT = {
    "bbl": "barrel", "oz": "ounce", "t": "tonne", "kg": "kilogram", "lb": "pound", "g": "gram",
    "hr": "hour", "h": "hour", "yr": "year", "day": "day", "month": "month", "week": "week",
    "share": "share", "MWh": "megawatt hour", "kWh": "kilowatt hour", "litre": "litre", "l": "litre",
}  # fmt: skip
"""After an amount and a slash: "$85/bbl" is "eighty five dollars per barrel"."""
SQUARE_UNITS = {
    "ft": "feet",
    "m": "metres",
    "km": "kilometres",
    "mi": "miles",
    "yd": "yards",
    "in": "inches",
}
"""After "sq": "850 sq ft" is "eight hundred fifty square feet"."""
LENGTH_CONTEXT = {
    "tall", "high", "long", "deep", "wide", "away", "above", "below", "under", "from", "of", "thick",
    "across",
}  # fmt: skip
"""Words after a length that show it is a measure, not a modifier ("34\" wide", "15mm thick")."""
SPEC_UNITS = frozenset(
    {"KB", "kB", "MB", "GB", "TB", "PB", "Hz", "kHz", "MHz", "GHz", "W", "kW", "Wh", "mAh", "V", "ms"}
    | {"fps", "Mbps", "Gbps", "MP", "nm", "nits", "dB", "in", "mm", "cm"}
)
"""Units of product specifications: before a capitalised word or another specification, a modifier."""
MODIFIER_DETERMINERS = {"a", "an", "A", "An", "the", "The", "its", "their", "his", "her", "this", "that"}
NOT_NOUNS = {
    "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "was", "is", "are",
    "were", "be", "been", "it", "they", "he", "she", "we", "that", "which", "who", "as", "than", "a",
    "an", "the", "last", "this", "next", "each", "per", "more", "less", "over", "under", "into", "so",
}  # fmt: skip
"""Words after an amount that show it is not a modifier of a noun ("£3m of debt", "£3m in cash")."""
_NOT_MODIFIED = {"now", "today", "only", "total", "max", "maximum", "apiece", "tops", "extra", "plus", "vs"}
"""Words after a specification that it does not describe ("65W max", "2TB Now $99")."""
_SPEC = re.compile(rf"(?:{NUMBER})(?:[x×]\d+|(?!(?:am|pm|st|nd|rd|th|s)\b)[A-Za-z]+)")
"""A figure run into letters or a second figure: "120Hz", "4ms", "3440x1440", "1080p", "1900R"."""
DIMENSIONS = re.compile(rf"(?P<a>{NUMBER})[x×](?P<b>{NUMBER})(?P<unit>[a-zA-Z]+)?")
_CODE = re.compile(r"(?=.*\d)[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
"""A model code, letters and digits: "AW3418DW", "i7-13700K", "WH-1000XM5"."""
_INCH_FIGURE = re.compile(r"\d+(?:\.\d+)?|\d'\d{1,2}")
_VIDEO_LINES = frozenset({"240", "360", "480", "576", "720", "1080", "1440", "2160", "4320"})
_LENGTH_WORDS = {"inches", "inch", "feet", "foot", "metres", "meters", "centimetres", "millimetres", "miles"}
MODEL_NAMES = frozenset({"Xbox", "GeForce", "Radeon", "Snapdragon", "ThinkPad", "Galaxy", "Lumia"})
"""Product names after which a figure of three to five digits is a model number ("Xbox 360")."""


def is_noun_modifier(prev: str | None, next_: str | None, gap: str, spec: bool = False) -> bool:
    """ "a £300m takeover", "the 10km race", "a 2TB SSD": an amount before a noun takes the singular unit.

    ``prev`` and ``next_`` are the tokens around the amount, ``gap`` the text between it
    and ``next_``; ``spec``: the unit is one of ``SPEC_UNITS`` (or an inch mark).
    """
    if next_ is None or gap.strip():
        return False  # punctuation between: "a $5m, two-year deal" still reads fine, but be safe
    if prev in MODIFIER_DETERMINERS and next_.isalpha() and next_.islower():
        return next_ not in NOT_NOUNS and not next_.endswith("ed")
    if not spec:
        return False
    if _SPEC.fullmatch(next_):
        return True  # a run of specifications before what they describe: "34\" 3440x1440 Curved"
    word = next_.lower()
    if not next_.replace("-", "").isalpha() or word in NOT_NOUNS or word in LENGTH_CONTEXT:
        return False
    return word not in _NOT_MODIFIED and not (next_.islower() and word.endswith(("ed", "ly")))


def say_unit(amount: str, words: str, unit: str, modifier: bool) -> str:
    """ "sixty five" and "W": "sixty five watt" before a noun, else "sixty five watts"."""
    singular, plural = UNITS[unit]
    one = modifier or amount in ("1", "1.0", "-1", "−1")
    return f"{words} {singular if one else plural}"


def say_video_mode(amount: str, scan: str) -> str | None:
    """ "1080p" → "ten eighty p", "1080i" → "ten eighty i"; None for other figures ("50p" is pence)."""
    if amount not in _VIDEO_LINES or scan not in ("p", "i"):
        return None
    return f"{num.pair_reading(amount)} {scan}"


def is_resolution(a: str, b: str) -> bool:
    """Width and height in pixels: whole figures of three or four digits ("3440", "1440", "768")."""
    return all(x.isdigit() and 3 <= len(x) <= 4 and x[0] != "0" for x in (a, b))


def say_dimensions(
    a: str, b: str, unit: str | None, next_word: str | None, modifier: bool = False
) -> str | None:
    """ "3440x1440" → "thirty four forty by fourteen forty"; "200x300mm" → "two hundred by three
    hundred millimetres" (``modifier``: "millimetre", before a noun)."""
    if unit is not None and unit not in UNITS:
        return None
    length_follows = next_word is not None and (next_word in UNITS or next_word in _LENGTH_WORDS)
    if unit is None and not length_follows and is_resolution(a, b):
        return f"{num.pair_reading(a)} by {num.pair_reading(b)}"
    said = f"{num.decimal(a)} by {num.decimal(b)}"
    return said if unit is None else say_unit(b, said, unit, modifier)


def model_number(digits: str) -> str:
    """A figure of a model: "4090" → "forty ninety", "360" → "three sixty", "13700" → "thirteen seven
    hundred"."""
    return num.pair_reading(digits)


def inch_marked(text: str, tokens: Sequence[Token]) -> set[int]:
    """Indexes of the figures in ``tokens`` that an inch mark follows: 34", 27″, 5'11".

    A straight or curly double quote after a figure is an inch mark unless it
    closes a quotation opened earlier on the same line ("he said "34"" is a quote).
    """
    if not tokens:
        return set()
    figures = {t.end: k for k, t in enumerate(tokens) if _INCH_FIGURE.fullmatch(t.text)}
    line_start = text.rfind("\n", 0, tokens[0].start) + 1
    stop = min(tokens[-1].end + 1, len(text))
    marked: set[int] = set()
    quoting = False
    for match in re.finditer(r'["″“”]', text[line_start:stop]):
        at = line_start + match.start()
        mark = match.group()
        after = text[at + 1 : at + 2]
        figure = figures.get(at)
        if figure is not None and (mark == "″" or not quoting) and not after.isalnum():
            marked.add(figure)
        elif mark == "“" or (mark == '"' and (at == 0 or text[at - 1].isspace() or text[at - 1] in "([")):
            quoting = True
        elif mark != "″":
            quoting = False
    return marked


def say_inches(figure: str, modifier: bool) -> str:
    """ "34" before a noun → "thirty four inch", else "thirty four inches"; "5'11" → "five foot eleven"."""
    feet, _, inches = figure.partition("'")
    if inches:
        return f"{num.cardinal(int(feet))} foot {num.cardinal(int(inches))}"
    return f"{num.decimal(figure)} {'inch' if modifier or figure == '1' else 'inches'}"


def _spaced_dimensions(text: str, tokens: Sequence[Token], k: int) -> str | None:
    """ "1920x1080" when tokens ``k`` to ``k + 2`` are "1920", "x" (or "×") and "1080", else None."""
    if k + 2 >= len(tokens) or tokens[k + 1].text not in ("x", "×"):
        return None
    first, sign, second = tokens[k : k + 3]
    if text[first.end : sign.start].strip() or text[sign.end : second.start].strip():
        return None
    if not (re.fullmatch(NUMBER, first.text) and re.fullmatch(NUMBER, second.text)):
        return None
    return f"{first.text}x{second.text}"


def spec_readings(text: str, tokens: Sequence[Token]) -> dict[int, str]:
    """Readings that span tokens, by token index: inch marks, "1920 x 1080", "12 fl oz"."""
    readings: dict[int, str] = {}
    for k in inch_marked(text, tokens):
        nxt = k + 2 if k + 1 < len(tokens) and tokens[k + 1].text == "″" else k + 1  # a symbol token
        following = _spaced_dimensions(text, tokens, nxt) or (tokens[nxt].text if nxt < len(tokens) else None)
        gap = text[tokens[k].end + 1 : tokens[nxt].start] if nxt < len(tokens) else ""
        prev = tokens[k - 1].text if k else None
        readings[k] = say_inches(tokens[k].text, is_noun_modifier(prev, following, gap, spec=True))
    for k in range(1, len(tokens) - 1):
        before, here, after = tokens[k - 1], tokens[k], tokens[k + 1]
        if _spaced_dimensions(text, tokens, k - 1):
            readings[k] = "by"
            next_word = tokens[k + 2].text if k + 2 < len(tokens) else None
            dimensions = say_dimensions(before.text, after.text, None, next_word)
            if dimensions is not None:
                first, _, second = dimensions.partition(" by ")
                readings.setdefault(k - 1, first)
                readings.setdefault(k + 1, second)
        if here.text == "fl" and after.text == "oz" and re.fullmatch(NUMBER, before.text):
            prev = tokens[k - 2].text if k >= 2 else None
            beyond = tokens[k + 2] if k + 2 < len(tokens) else None
            gap = text[after.end : beyond.start] if beyond else ""
            modifier = is_noun_modifier(prev, beyond.text if beyond else None, gap)
            readings[k] = "fluid"
            readings[k + 1] = say_unit(before.text, "", "oz", modifier).strip()
    return readings


def spec_pauses(text: str, tokens: Sequence[Token]) -> frozenset[int]:
    """Tokens that end a specification followed at once by another: a newsreader reads a product
    line's "AW3418DW 34\" 3440x1440" as "A W thirty four eighteen D W, thirty four inch, thirty
    four forty by fourteen forty", with the commas a list of adjectives takes, where the copy has none.
    """
    marked = inch_marked(text, tokens)
    units: list[tuple[int, int, str]] = []  # first token, last token, "spec", "code" or ""
    k = 0
    while k < len(tokens):
        word = tokens[k].text
        if _spaced_dimensions(text, tokens, k):
            units.append((k, k + 2, "spec"))
            k += 3
            continue
        kind = "spec" if k in marked or _SPEC.fullmatch(word) else "code" if _CODE.fullmatch(word) else ""
        units.append((k, k, kind))
        k += 2 if k in marked and k + 1 < len(tokens) and tokens[k + 1].text == "″" else 1
    pauses = set()
    for (_, end, kind), (start, _, next_kind) in itertools.pairwise(units):
        gap = text[tokens[end].end : tokens[start].start]
        # Before a code no pause: "a 2.3GHz i9 model" is one noun phrase.
        if kind and next_kind == "spec" and not gap.lstrip('"″”').strip():
            pauses.add(end)
    return frozenset(pauses)
