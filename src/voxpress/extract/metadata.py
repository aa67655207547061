"""Article metadata in plain form: ISO dates from printed dates, bylines without "By", clean titles."""

from __future__ import annotations

import re
from datetime import date

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")
_BY_PREFIX = re.compile(r"^\s*(?:by|written by|words by)\s+", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—]|-|::|»)\s+")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date printed in ``text`` as ISO ``YYYY-MM-DD`` ("Nov. 19, 2019" → "2019-11-19")."""
    if match := _ISO.search(text):
        return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _MONTH_DAY_YEAR.search(text):
        month = _MONTH_NUMBERS[match.group(1).lower()[:3]]
        return _iso(int(match.group(3)), month, int(match.group(2)))
    if match := _DAY_MONTH_YEAR.search(text):
        month = _MONTH_NUMBERS[match.group(2).lower()[:3]]
        return _iso(int(match.group(3)), month, int(match.group(1)))
    return None


_PRINTED_DATE = re.compile(
    rf"\b\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\b\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}\b|\b(?:19|20)\d{{6}}\b|"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}\b",
    re.IGNORECASE,
)


def _numbers(printed: str) -> tuple[int, ...]:
    digits = re.findall(r"\d+", printed)
    if len(digits) == 1:  # 20191119
        return int(digits[0][:4]), int(digits[0][4:6]), int(digits[0][6:])
    return tuple(int(d) for d in digits)


_ISO_SHAPED = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")


def has_invalid_date(page: str) -> bool:
    """Whether ``page`` holds an ISO-shaped date that is no date ("2024-13-45")."""
    return any(_iso(int(y), int(m), int(d)) is None for y, m, d in _ISO_SHAPED.findall(page))


def date_is_printed(iso: str, page: str) -> bool:
    """Whether the date ``iso`` (YYYY-MM-DD) is written somewhere in ``page`` in a common form."""
    try:
        wanted = date.fromisoformat(iso)
    except ValueError:
        return False
    for match in _PRINTED_DATE.finditer(page):
        printed = match.group(0)
        if parse_date(printed) == iso:
            return True
        numbers = _numbers(printed)
        if len(numbers) == 3 and wanted.year in numbers:
            rest = list(numbers)
            rest.remove(wanted.year)
            if sorted(rest) == sorted((wanted.month, wanted.day)):
                return True
    return False


def trusted_date(iso: str | None, page: str) -> str | None:
    """``iso`` unless it looks like a date finder's guess from an invalid date on the page.

    Date finders guess: given "2024-13-45" they may answer "2024-01-01". A date
    the page does not print in any form, on a page holding an invalid date, is
    such a guess, and no date: invalid dates are no dates.
    """
    if iso is None:
        return None
    # A finder's fallback lands on the first of a month (or of the year); other dates are read dates.
    if iso.endswith("-01") and has_invalid_date(page) and not date_is_printed(iso, page):
        return None
    return iso


def clean_byline(text: str | None) -> str | None:
    """Author names without a leading "By" and surrounding punctuation; None when empty."""
    if not text:
        return None
    names = _BY_PREFIX.sub("", text.strip()).strip(" ,;|-")
    return names or None


def clean_title(title: str | None, site_name: str | None = None) -> str:
    """A page title without the site name that pages append ("Story - Site" → "Story")."""
    if not title:
        return ""
    title = " ".join(title.split())
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        if site_name and site_name.lower() in parts[-1].lower():
            return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
        if len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3:
            return parts[0]
    return title
