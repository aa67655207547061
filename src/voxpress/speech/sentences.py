"""Blocks and sentences: where the narration text breaks.

Blocks are separated by blank lines and never share a sentence. Inside a block
a sentence ends at ".", "?", "!" or an ellipsis followed by a capitalised word,
except after abbreviations ("Mr.", "Jan."), initials ("J. K. Rowling") and
dotted acronyms ("U.S.") that are not followed by a usual sentence opener.
A line break inside a block also ends a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from voxpress.speech.rules import LanguageRules
from voxpress.speech.tokens import Token

_BLOCK_SEPARATOR = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank block, whitespace trimmed, in order."""
    position = 0
    for separator in [*_BLOCK_SEPARATOR.finditer(text), None]:
        end = separator.start() if separator else len(text)
        start = position
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            yield start, stop
        position = separator.end() if separator else len(text)


def sentence_breaks(text: str, tokens: Sequence[Token], rules: LanguageRules) -> list[int]:
    """Indexes of the tokens that end a sentence (the block's last token always does)."""
    ends = []
    for i in range(len(tokens) - 1):
        if _ends_sentence(text, tokens[i], tokens[i + 1], rules):
            ends.append(i)
    if tokens:
        ends.append(len(tokens) - 1)
    return ends


FULL_WIDTH_MARKS = str.maketrans("。．！？，、；：।॥", "..!?,,;:..")
"""CJK full-width punctuation and the Devanagari danda, read as their ASCII counterparts."""


def _ends_sentence(text: str, token: Token, following: Token, rules: LanguageRules) -> bool:
    gap = text[token.end : following.start].translate(FULL_WIDTH_MARKS)
    first = following.text[:1]
    if gap[:1] == "." and first.isalpha() and not (first.isupper() or first.islower()):
        return True  # "。" or "।" before a script without capitals: nothing else marks the end
    if "\n" in gap:
        return True
    next_lower = following.text[:1].islower()
    if "?" in gap or "!" in gap:
        return not next_lower
    if "…" in gap or "..." in gap:
        return following.text[:1].isupper()
    if "." not in gap or next_lower:
        return False
    if "(" in gap and gap.find(".") > gap.find("("):
        return False  # "(.KS11)": the leading dot of a code inside brackets
    word = token.text
    if word in rules.non_final_abbreviations:
        if word == "No":
            return not following.text[:1].isdigit()
        # "Downing St. The ..." ends a sentence; "St. Paul's" and "Dr. Smith" do not.
        return word in rules.final_after_name and following.text in rules.sentence_starters
    if len(word) == 1 and word.isupper():
        return False
    if "." in word and word[-1].isalpha() and len(word.split(".")[-1]) == 1:
        return following.text in rules.sentence_starters
    return True
