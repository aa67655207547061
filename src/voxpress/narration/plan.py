"""The plan of a narration: what each synthesis call speaks, and the nominal pause before it.

A sentence is usually one piece. The first sentence is cut after a few words so
the first audio is ready quickly. Pauses here are nominal (at 1x); the loop
stretches or shrinks them to keep the pace true.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from voxpress.speech.script import Script, ScriptSentence

SENTENCE_PAUSE = 0.30
"""Nominal silence between sentences at 1x, in seconds; scaled by 1/speed."""
BLOCK_PAUSE = 0.75
"""Nominal silence between paragraphs (and after the title and standfirst) at 1x."""
FIRST_PIECE_WORDS = (3, 5)
"""The first sentence is cut after this many words (at a comma if there is one) for a quick start."""

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


def split_first(sentence: ScriptSentence) -> tuple[ScriptSentence, ...]:
    """Cut a long first sentence after a few words, where a phrase would break anyway.

    The best cut is after a comma; next best before a word that opens a phrase
    ("for", "the", "after").
    """
    low, high = FIRST_PIECE_WORDS
    spoken = [i for i, w in enumerate(sentence.words) if w.say or w.phonemes]
    if len(spoken) <= high + 1:
        return (sentence,)
    candidates = spoken[low - 1 : high]
    cut = next((i for i in candidates if sentence.words[i].punctuation), None)
    if cut is None:
        cut = next(
            (i for i in candidates if sentence.words[i + 1].say.split(" ")[0].lower() in PHRASE_OPENERS),
            candidates[-1],
        )
    return cut_after(sentence, cut)


def plan_pieces(script: Script) -> list[Piece]:
    """The pieces of the whole narration in order, silent sentences left out."""
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
        parts = split_first(sentence) if not pieces else (sentence,)
        for n, part in enumerate(parts):
            pieces.append(Piece(index, part, pause if n == 0 else 0.0, n == len(parts) - 1, not pieces))
    return pieces
