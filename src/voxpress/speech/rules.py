"""The per-language rule registry: how each language splits sentences and says tokens.

Each language lives in its own module ``voxpress.speech.rules_<code>`` that
defines ``RULES: LanguageRules``; ``rules_for`` imports it on first use, so
adding German is adding ``rules_de.py`` and nothing else. Languages without a
module get pass-through rules: tokens are said as written (the engine reads
numbers in its own language) and stray symbols are dropped.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from voxpress.speech.tokens import Token

Normaliser = Callable[[str, Sequence[Token]], list[str]]
"""Given the text and one sentence's tokens, what to say for each token ("" to drop it)."""
Pauses = Callable[[str, Sequence[Token]], frozenset[int]]
"""Given the text and one sentence's tokens, those after which a pause is heard that nothing marks."""

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")

RESPELL_MARK = "\ue000"
"""Put before a word in a reading to say it as ``LanguageRules.respellings`` gives it, and show it as written.

The engine needs "eh" for a spelled letter A, but an editor reading the dry run
should see "A M", not "eh M"; the mark keeps both (``split_reading``).
"""


@dataclass(frozen=True)
class LanguageRules:
    """Everything language-specific about turning written text into words to say."""

    language: str
    """ISO 639-1 code."""
    normalise: Normaliser
    """Reads one sentence's tokens; returns one spoken string per token."""
    non_final_abbreviations: frozenset[str] = field(default_factory=frozenset)
    """Tokens after which a period never ends a sentence ("Mr", "Dr"), compared case-sensitively."""
    sentence_starters: frozenset[str] = field(default_factory=frozenset)
    """Words that start a new sentence after a dotted abbreviation such as "U.S." ("The", "It")."""
    final_after_name: frozenset[str] = field(default_factory=frozenset)
    """Non-final abbreviations that do end a sentence before a sentence starter ("Downing St. The")."""
    respellings: Mapping[str, str] = field(default_factory=dict)
    """Words marked with ``RESPELL_MARK`` in a reading and what the engine is given for them."""
    pauses: Pauses | None = None
    """Tokens a reader pauses after though no punctuation follows them (a comma between the
    specifications of a product line: "34\" 3440x1440 4ms"); None: only where punctuation is."""


def split_reading(reading: str, respellings: Mapping[str, str]) -> tuple[str, str]:
    """(what the engine says, what an editor is shown) for one token's reading."""
    if RESPELL_MARK not in reading:
        return reading, reading
    shown = reading.replace(RESPELL_MARK, "")
    said = re.sub(re.escape(RESPELL_MARK) + r"(\w+)", lambda m: respellings.get(m[1], m[1]), reading)
    return said, shown


def pass_through(text: str, tokens: Sequence[Token]) -> list[str]:
    """Say words as written; drop symbols and read addresses as written."""
    return [t.text if t.kind != "symbol" else "" for t in tokens]


@cache
def rules_for(language: str) -> LanguageRules:
    """The rules of ``language`` ("en", "en-GB", "de"), or pass-through rules when there are none."""
    code = language.split("-")[0].split("_")[0].lower()
    if _LANGUAGE_CODE.fullmatch(code):
        try:
            module = importlib.import_module(f"voxpress.speech.rules_{code}")
        except ModuleNotFoundError as error:
            if error.name != f"voxpress.speech.rules_{code}":
                raise
        else:
            rules = module.RULES
            assert isinstance(rules, LanguageRules)
            return rules
    return LanguageRules(language=code or "und", normalise=pass_through)
