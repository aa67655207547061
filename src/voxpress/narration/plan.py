"""The plan of a narration: what each synthesis call speaks, and the nominal pause before it.

A sentence is usually one piece. The first sentence is cut after a few words so
the first audio is ready quickly (how few is the voice's: an engine slower than real
time, Kokoro, sets ``first_piece_words`` smaller than the default). A sentence
longer than ``MAX_PIECE_WORDS`` or ``MAX_PIECE_CHARACTERS`` is cut into pieces of about equal size, at clause
punctuation where it has some, else before a conjunction, else before a word
that opens a phrase, else at the length: an engine's memory grows with what it
is given in one call (Piper: about 6 MB a word over its 330 MB at rest; a
320-word sentence took 3.5 GB), so every call is bounded whatever the
punctuation. Pieces keep the script's words, so every offset stays exact.
Pauses here are nominal (at 1x); the loop stretches or shrinks them to keep the
pace true.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from voxpress.speech.script import Script, ScriptSentence, SpokenWord

SENTENCE_PAUSE = 0.30
"""Nominal silence between sentences at 1x, in seconds; scaled by 1/speed."""
BLOCK_PAUSE = 0.75
"""Nominal silence between paragraphs (and after the title and standfirst) at 1x."""
FIRST_PIECE_WORDS = (3, 5)
"""The first sentence is cut after this many words (at a comma if there is one) for a quick start;
a voice may set its own ``first_piece_words``."""
FIRST_PIECE_REACH = 3
"""Without a clean cut in ``first_piece_words``, the first piece may go this many words further to
end at clause punctuation: a piece cut mid-phrase is heard worse (issue 11's "Nadalcat spains")."""

MAX_PIECE_WORDS = 30
"""Most words one synthesis call speaks. Measured with Piper (one call, no punctuation): 15 words
peak 412 MB, 30 words 505 MB, 60 words 686 MB; with two calls in parallel a 30-word bound keeps a
narration near 0.7 GB, and most news sentences (15–30 words) stay whole."""
MAX_PIECE_CHARACTERS = 250
"""Most characters (of what is said) one synthesis call speaks: bounds long-word text too."""
CLAUSE_PAUSE = 0.20
"""Nominal silence at 1x between the pieces of a sentence cut at a comma, semicolon or colon."""
MIN_PIECE_SHARE = 0.6
"""A long sentence's pieces are at least this share of the even size, so none is a stub."""
CLAUSE_MARKS = frozenset(",;:")
CONJUNCTIONS = frozenset(
    [
        "and",
        "but",
        "or",
        "nor",
        "so",
        "yet",
        "because",
        "although",
        "though",
        "while",
        "whereas",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "after",
        "before",
        "since",
        "until",
        "unless",
        "if",
        "whether",
        "than",
    ]
)
"""Words before which a long sentence without punctuation is cut, best first after clause marks."""

PHRASE_OPENERS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "for",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "after",
        "before",
        "as",
        "over",
        "under",
        "into",
        "while",
        "when",
        "who",
        "which",
        "that",
        "than",
        "because",
    ]
)
"""Words that open a phrase: a sentence may be cut before them where it has no punctuation."""


@dataclass(frozen=True)
class Piece:
    """What one synthesis call speaks: a sentence, or a part of a cut sentence."""

    sentence_index: int
    """Index of the whole sentence in the script."""
    sentence: ScriptSentence
    """The words of this piece (a slice of the whole sentence's words)."""
    pause_before: float
    """Nominal pause before this piece at 1x, in seconds (0 inside a cut sentence)."""
    is_last_of_sentence: bool
    """True when the sentence ends with this piece."""
    is_quick_start: bool = False
    """True for the first piece of the narration, which should be ready as soon as possible."""


def spoken_words(sentence: ScriptSentence) -> int:
    """Words of the sentence that make a sound (a word may be silent: a lone symbol)."""
    return sum(1 for w in sentence.words if w.say or w.phonemes)


EXPANDED_WORD_SHARE = 0.75
"""Of a word's time, what each spoken word gets in a sentence said in more words than it has."""


def timed_words(sentence: ScriptSentence) -> float:
    """The words of the pace the sentence is given time for.

    1x is 200 written words a minute; a written token said as several words ("$649.99",
    "3440x1440", "AW3418DW") once squeezed all of them into its one word's time, so that a
    product line of 23 tokens said in 54 words ran at over twice the pace of the prose around
    it and Whisper lost the whole sentence. A sentence is timed for its written words, or for
    ``EXPANDED_WORD_SHARE`` of its spoken words when that is more: prose, long words or short,
    keeps the pace exactly.
    """
    said = sum(len(w.say.split()) if w.say else 1 for w in sentence.words if w.say or w.phonemes)
    return max(float(spoken_words(sentence)), EXPANDED_WORD_SHARE * said)


def cut_after(sentence: ScriptSentence, index: int) -> tuple[ScriptSentence, ScriptSentence]:
    """The sentence cut after word ``index``: the head ends with a comma so that it is said with
    the rising tone of an unfinished sentence, not a full stop."""
    head, tail = list(sentence.words[: index + 1]), sentence.words[index + 1 :]
    if not head[-1].punctuation:
        head[-1] = replace(head[-1], punctuation=",")
    return (
        replace(sentence, words=tuple(head), char_end=head[-1].char_end),
        replace(sentence, words=tail, char_start=tail[0].char_start),
    )


def split_first(
    sentence: ScriptSentence, first_piece_words: tuple[int, int] = FIRST_PIECE_WORDS
) -> tuple[ScriptSentence, ...]:
    """Cut a long first sentence after a few words, where a phrase would break anyway.

    Best first: after clause punctuation in reach; before a word that opens a phrase ("for",
    "the", "after"); after clause punctuation up to ``FIRST_PIECE_REACH`` words further; else
    after the last word in reach that is not inside a name ("Kevin, Mayer" was heard as "Kevin.
    Mayor"), not a possessive ("Spain's, hopes") and does not open a phrase ("After the,"). When
    every word in reach opens a phrase, the piece goes on to the first that does not.
    """
    low, high = first_piece_words
    words = sentence.words
    spoken = [i for i, w in enumerate(words) if w.say or w.phonemes]
    if len(spoken) <= high + 1:
        return (sentence,)
    candidates = spoken[low - 1 : high]
    closing = [i for i in candidates if _first_said_word(words[i]) not in PHRASE_OPENERS]
    if not closing and not any(words[i].punctuation for i in candidates):
        further = (i for i in spoken[high:-1] if _first_said_word(words[i]) not in PHRASE_OPENERS)
        candidates = closing = [next(further, candidates[-1])]
    reach = spoken[high : min(high + FIRST_PIECE_REACH, len(spoken) - 1)]
    cut = next((i for i in candidates if words[i].punctuation), None)
    if cut is None:
        cut = next((i for i in closing if _opens_phrase(words[i + 1])), None)
    if cut is None:
        cut = next((i for i in reach if words[i].punctuation in CLAUSE_MARKS), None)
    if cut is None:
        whole_phrases = [i for i in closing if not _binds_to_next(words[i], words[i + 1])]
        cut = whole_phrases[-1] if whole_phrases else closing[-1] if closing else candidates[-1]
    return cut_after(sentence, cut)


def _opens_phrase(word: SpokenWord) -> bool:
    return _first_said_word(word) in PHRASE_OPENERS or _first_said_word(word) in CONJUNCTIONS


def _binds_to_next(word: SpokenWord, following: SpokenWord) -> bool:
    """True when a cut between the two words would break a name ("Kevin Mayer", two capitalised
    words) or a possessive from its noun ("Spain's hopes")."""
    said, next_said = word.say.strip(), following.say.strip()
    if said.endswith(("'s", "\u2019s", "s'", "s\u2019")):
        return True
    return bool(said[:1].isupper() and next_said[:1].isupper())


def _said(word: SpokenWord) -> str:
    return word.phonemes or word.say


def _first_said_word(word: SpokenWord) -> str:
    return word.say.split(" ")[0].lower() if word.say else ""


def piece_load(words: Sequence[SpokenWord]) -> float:
    """How full a piece of these words is: 1.0 at the bound of words or of characters."""
    said = [_said(w) for w in words if _said(w)]
    characters = sum(len(s) + 1 for s in said) - 1 if said else 0
    spoken = sum(len(s.split()) for s in said)
    return max(spoken / MAX_PIECE_WORDS, characters / MAX_PIECE_CHARACTERS)


def _prefix_loads(words: Sequence[SpokenWord]) -> list[float]:
    """``piece_load(words[: i + 1])`` for every ``i``, in one pass."""
    loads: list[float] = []
    characters = spoken = 0
    for word in words:
        said = _said(word)
        if said:
            characters += len(said) + (1 if characters else 0)
            spoken += len(said.split())
        loads.append(max(spoken / MAX_PIECE_WORDS, characters / MAX_PIECE_CHARACTERS))
    return loads


def _bounded_cut(sentence: ScriptSentence) -> tuple[int, bool]:
    """Where to end the first piece of a sentence too long for one call, and whether the cut is at
    clause punctuation (then the next piece gets a clause pause)."""
    words = sentence.words
    loads = _prefix_loads(words)
    even = loads[-1] / math.ceil(loads[-1])
    window = [i for i in range(len(words) - 1) if MIN_PIECE_SHARE * even <= loads[i] <= 1.0]
    if not window:  # one word over the bound by itself: cut right after it
        return max(0, next((i for i in range(len(words) - 1) if loads[i] > 1.0), 0)), False

    def nearest(candidates: list[int]) -> int | None:
        return min(candidates, key=lambda i: abs(loads[i] - even)) if candidates else None

    at_clause = nearest([i for i in window if words[i].punctuation in CLAUSE_MARKS])
    if at_clause is not None:
        return at_clause, True
    before_conjunction = nearest([i for i in window if _first_said_word(words[i + 1]) in CONJUNCTIONS])
    if before_conjunction is not None:
        return before_conjunction, False
    before_phrase = nearest([i for i in window if _first_said_word(words[i + 1]) in PHRASE_OPENERS])
    if before_phrase is not None:
        return before_phrase, False
    return min(window, key=lambda i: abs(loads[i] - even)), False


def bounded(sentence: ScriptSentence) -> list[tuple[ScriptSentence, bool]]:
    """The sentence in pieces no larger than the bound, each with whether it follows a clause cut."""
    parts: list[tuple[ScriptSentence, bool]] = []
    rest, after_clause = sentence, False
    while len(rest.words) > 1 and piece_load(rest.words) > 1.0:
        cut, at_clause = _bounded_cut(rest)
        head, rest = cut_after(rest, cut)
        parts.append((head, after_clause))
        after_clause = at_clause
    parts.append((rest, after_clause))
    return parts


def plan_pieces(script: Script, first_piece_words: tuple[int, int] = FIRST_PIECE_WORDS) -> list[Piece]:
    """The pieces of the whole narration in order, silent sentences left out; the first sentence
    is cut after ``first_piece_words`` (fewest, most) words for a quick start."""
    pieces: list[Piece] = []
    previous_block: int | None = None
    for index, sentence in enumerate(script.sentences):
        if not spoken_words(sentence):
            continue
        if previous_block is None:
            pause = 0.0
        elif sentence.block_index != previous_block:
            pause = BLOCK_PAUSE
        else:
            pause = SENTENCE_PAUSE
        previous_block = sentence.block_index
        quick = split_first(sentence, first_piece_words) if not pieces else (sentence,)
        parts = [bounded_part for part in quick for bounded_part in bounded(part)]
        for n, (part, after_clause) in enumerate(parts):
            before = pause if n == 0 else CLAUSE_PAUSE if after_clause else 0.0
            pieces.append(Piece(index, part, before, n == len(parts) - 1, not pieces))
    return pieces
