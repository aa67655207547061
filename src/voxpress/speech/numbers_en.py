"""English number words: cardinals, ordinals, years, decimals and digit strings.

A small speller of our own rather than num2words: voxpress needs a handful of
exact, deterministic readings (years as pairs, "oh" in times, plural decades,
digit-by-digit model numbers) that would be post-processed anyway, and the
whole speller is shorter than the glue around a dependency. American style:
no "and" inside numbers ("one hundred five"), hyphens dropped ("twenty one").
"""

from __future__ import annotations

_ONES = str.split(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
)
_TENS = str.split("_ _ twenty thirty forty fifty sixty seventy eighty ninety")
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
_DIGIT_NAMES = {str(i): _ONES[i] for i in range(10)}


def cardinal(n: int) -> str:
    """``1205`` → "one thousand two hundred five"; negatives get "minus"."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (" " + _ONES[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + (" " + cardinal(rest) if rest else "")
    for value, name in _SCALES:
        if n >= value:
            if n >= value * 1000 and value == 10**12:
                return digits(str(n))
            head, rest = divmod(n, value)
            return cardinal(head) + " " + name + (" " + cardinal(rest) if rest else "")
    raise AssertionError("unreachable")


def ordinal_of_words(words: str) -> str:
    """Turn the last word of a cardinal reading into its ordinal ("twenty one" → "twenty first")."""
    head, _, last = words.rpartition(" ")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head} {last}" if head else last


def ordinal(n: int) -> str:
    """``21`` → "twenty first"."""
    return ordinal_of_words(cardinal(n))


def plural_of_words(words: str) -> str:
    """Plural of a number reading, for decades ("nineteen ninety" → "nineteen nineties")."""
    head, _, last = words.rpartition(" ")
    if last.endswith("y"):
        last = last[:-1] + "ies"
    elif last.endswith(("x", "s")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def year(n: int) -> str:
    """A year as said: 1990 → "nineteen ninety", 2005 → "two thousand five", 1905 → "nineteen oh five"."""
    if not 1000 <= n <= 9999:
        return cardinal(n)
    century, rest = divmod(n, 100)
    if 2000 <= n <= 2009 or n % 1000 == 0:
        return cardinal(n)
    if rest == 0:
        return cardinal(century) + " hundred"
    if rest < 10:
        return cardinal(century) + " oh " + _ONES[rest]
    return cardinal(century) + " " + cardinal(rest)


def digits(text: str) -> str:
    """Read each digit: "055" → "zero five five"."""
    return " ".join(_DIGIT_NAMES[c] for c in text if c in _DIGIT_NAMES)


def decimal(text: str) -> str:
    """A number with thousands commas and decimals: "1,200.5" → "one thousand two hundred point five"."""
    whole, _, fraction = text.replace(",", "").partition(".")
    words = cardinal(int(whole)) if whole else "zero"
    if fraction:
        words += " point " + digits(fraction)
    return words


def pair_reading(text: str) -> str:
    """Model numbers read in groups: "320" → "three twenty", "4090" → "forty ninety", "13700" →
    "thirteen seven hundred"; longer ones, or with a zero at the head of a group, digit by digit
    ("0550" → "zero five five zero")."""
    if len(text) == 5 and text[0] != "0" and text[2] != "0":
        return cardinal(int(text[:2])) + " " + pair_reading(text[2:])
    if len(text) == 3 and text[0] != "0":
        rest = int(text[1:])
        tail = "hundred" if rest == 0 else ("oh " + _ONES[rest] if rest < 10 else cardinal(rest))
        return _ONES[int(text[0])] + " " + tail
    if len(text) == 4 and text[0] != "0":
        return year(int(text))
    if len(text) <= 2 and not text.startswith("0"):
        return cardinal(int(text))
    return digits(text)
