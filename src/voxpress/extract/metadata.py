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
