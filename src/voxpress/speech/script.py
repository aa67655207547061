"""The spoken script: the text as it will be said, tied to the text as written.

Speech preparation turns an article's narration text into a ``Script``: its
sentences, and in each sentence the words to say. Every ``SpokenWord`` keeps the
span of written text it came from, so that timings and highlighting always land
on the words as printed, even when "$5m" is said as "five million dollars".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpokenWord:
    """One written token and what to say for it."""

    say: str
    """Words to speak, space-separated ("twenty nineteen"); empty for a token said as silence."""
    char_start: int
    """Start of the written token in the narration text (inclusive)."""
    char_end: int
    """End of the written token in the narration text (exclusive)."""
    phonemes: str | None = None
    """Engine phonemes (IPA for espeak-based voices) that override ``say``, from the lexicon."""
    punctuation: str = ""
    """Punctuation that follows the word and shapes prosody (",", ".", "?", "!", ";", ":"), not read."""
    from_lexicon: bool = False
    """True when ``say`` or ``phonemes`` came from a pronunciation lexicon entry."""
    shown: str | None = None
    """What an editor reads in a preview ("A M") when ``say`` holds an engine respelling ("eh M")."""


@dataclass(frozen=True)
class ScriptSentence:
    """One sentence to synthesize in one engine call."""

    char_start: int
    """Start of the sentence in the narration text."""
    char_end: int
    """End of the sentence in the narration text (exclusive)."""
    words: tuple[SpokenWord, ...]
    """The sentence's written tokens in order, each with what to say."""
    block_index: int
    """Index of the block (title, standfirst line or paragraph) the sentence belongs to."""

    @property
    def spoken_text(self) -> str:
        """The sentence as plain text to say, with its prosodic punctuation."""
        return " ".join(w.say + w.punctuation for w in self.words if w.say).strip()


@dataclass(frozen=True)
class Script:
    """An article's narration text, split into sentences of spoken words."""

    text: str
    """The narration text as written; every offset points into it."""
    language: str
    """ISO 639-1 language code used for normalisation."""
    sentences: tuple[ScriptSentence, ...]
    """All sentences in reading order."""

    @property
    def written_words(self) -> int:
        """Written tokens that are spoken: the words the WPM counts."""
        return sum(1 for s in self.sentences for w in s.words if w.say)
