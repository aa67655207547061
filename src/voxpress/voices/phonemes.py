"""espeak-ng phonemes for a script sentence, each phoneme tied to the word it belongs to.

Neural voices (Piper, Kokoro) speak IPA phonemes from espeak-ng. To time words we
need to know which phoneme belongs to which ``SpokenWord``. espeak merges some
words in context ("for the" → ``fɚðə``) and may split or reword others, so the
sentence is phonemized as a whole (natural speech) and each word alone; the two
phoneme strings are aligned and every sentence phoneme inherits the word index of
its aligned counterpart. Raw phonemes from the lexicon go in unchanged.

espeak-ng itself (one global state per process, under one lock) is reached through
``voxpress.phonemize``.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from voxpress.phonemize import WORD_BREAK, phonemize_text
from voxpress.speech.script import ScriptSentence

PUNCTUATION = frozenset(".,;:!?")
"""Clause terminators espeak reports; they shape prosody but belong to no word."""
STRESS_MARKS = frozenset("ˈˌ")


@dataclass(frozen=True)
class LabeledPhonemes:
    """A sentence's phoneme sequence with the word each phoneme belongs to."""

    phonemes: list[str]
    """Phonemes in speaking order (single code points, or merged vowel clusters)."""
    word_index: list[int | None]
    """Per phoneme: index into ``sentence.words``, or None for word breaks and punctuation."""


@lru_cache(maxsize=20_000)
def word_phonemes(espeak_voice: str, say: str) -> str:
    """Phonemes of one word said alone, without breaks, punctuation or stress (for alignment only)."""
    return "".join(c for c in phonemize_text(espeak_voice, say) if _is_comparable(c))


def _is_comparable(char: str) -> bool:
    return char != WORD_BREAK and char not in PUNCTUATION and char not in STRESS_MARKS


def label_phonemes(sentence_phonemes: str, words_alone: Sequence[str]) -> list[int | None]:
    """Give each character of ``sentence_phonemes`` the index (into ``words_alone``) of its word.

    ``sentence_phonemes`` is espeak's output for the whole run of words (groups separated
    by spaces, possibly merged or split differently from the written words);
    ``words_alone`` holds each word's phonemes said alone. Word breaks and punctuation
    get None. Labels never decrease along the sentence.
    """
    labels: list[int | None] = [None] * len(sentence_phonemes)
    positions = [i for i, c in enumerate(sentence_phonemes) if _is_comparable(c)]
    sentence_key = "".join(sentence_phonemes[i] for i in positions)
    word_key_labels = [k for k, phonemes in enumerate(words_alone) for _ in phonemes]
    words_key = "".join(words_alone)

    matcher = difflib.SequenceMatcher(None, sentence_key, words_key, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            labels[positions[block.a + offset]] = word_key_labels[block.b + offset]

    groups = _groups(sentence_phonemes)
    unlabeled_groups: list[int] = []
    for number, (start, end) in enumerate(groups):
        known = [labels[i] for i in range(start, end) if labels[i] is not None]
        if not known:
            unlabeled_groups.append(number)
            continue
        # inside a group: a phoneme that matched nothing belongs with the word before it,
        # or with the first matched word when it opens the group (stress marks, onsets)
        current: int | None = known[0]
        for i in range(start, end):
            if labels[i] is None:
                labels[i] = current
            else:
                current = labels[i]

    for number in unlabeled_groups:
        _label_orphan_group(labels, groups, number, len(words_alone))

    highest = -1
    for i, label in enumerate(labels):  # keep the order of words even where the matcher crossed over
        if label is not None:
            highest = max(highest, label)
            labels[i] = highest
    return labels


def _groups(phonemes: str) -> list[tuple[int, int]]:
    """(start, end) of each run of characters between word breaks and punctuation."""
    groups: list[tuple[int, int]] = []
    start: int | None = None
    for i, char in enumerate(phonemes):
        separator = char == WORD_BREAK or char in PUNCTUATION
        if separator and start is not None:
            groups.append((start, i))
            start = None
        elif not separator and start is None:
            start = i
    if start is not None:
        groups.append((start, len(phonemes)))
    return groups


def _label_orphan_group(
    labels: list[int | None], groups: list[tuple[int, int]], number: int, word_count: int
) -> None:
    """Label a group that matched no word: it takes the unplaced words between its neighbours."""
    start, end = groups[number]
    before = [label for g in groups[:number] for i in range(*g) if (label := labels[i]) is not None]
    after = [label for g in groups[number + 1 :] for i in range(*g) if (label := labels[i]) is not None]
    low = max(before) + 1 if before else 0
    high = min(after) - 1 if after else word_count - 1
    if low <= high:
        candidates = list(range(low, high + 1))
        size = end - start
        for offset in range(size):
            labels[start + offset] = candidates[min(len(candidates) - 1, offset * len(candidates) // size)]
    elif before:
        for i in range(start, end):
            labels[i] = max(before)
    elif after:
        for i in range(start, end):
            labels[i] = min(after)
    elif word_count:
        for i in range(start, end):
            labels[i] = 0


def sentence_phonemes(
    sentence: ScriptSentence,
    espeak_voice: str,
    vowel_clusters: Iterable[tuple[str, ...]] | None = None,
) -> LabeledPhonemes:
    """The phonemes to speak for ``sentence`` and the word each belongs to.

    Consecutive words with text are phonemized together (in context, as espeak
    would say them); a word with lexicon ``phonemes`` is inserted as written.
    """
    chars: list[str] = []
    labels: list[int | None] = []
    run: list[int] = []

    def add_break() -> None:
        if chars and chars[-1] != WORD_BREAK:
            chars.append(WORD_BREAK)
            labels.append(None)

    def flush_run() -> None:
        if not run:
            return
        text = " ".join(sentence.words[i].say + sentence.words[i].punctuation for i in run)
        phonemes = phonemize_text(espeak_voice, text)
        run_labels = label_phonemes(
            phonemes, [word_phonemes(espeak_voice, sentence.words[i].say) for i in run]
        )
        add_break()
        for char, label in zip(phonemes, run_labels, strict=True):
            chars.append(char)
            labels.append(None if label is None else run[label])
        run.clear()

    for index, word in enumerate(sentence.words):
        if not word.say.strip():
            continue
        if not word.phonemes:
            run.append(index)
            continue
        flush_run()
        add_break()
        for char in unicodedata.normalize("NFD", word.phonemes.strip()):
            chars.append(char)
            labels.append(None if char == WORD_BREAK else index)
        if word.punctuation[:1] in PUNCTUATION:
            chars.append(word.punctuation[0])
            labels.append(None)
    flush_run()

    while chars and chars[-1] == WORD_BREAK:
        chars.pop()
        labels.pop()
    merged_chars, merged_labels = _merge_clusters(chars, labels, vowel_clusters)
    return LabeledPhonemes(merged_chars, merged_labels)


def _merge_clusters(
    chars: list[str], labels: list[int | None], clusters: Iterable[tuple[str, ...]] | None
) -> tuple[list[str], list[int | None]]:
    """Merge known vowel clusters into single phonemes (as Piper does), keeping the first label."""
    cluster_set = {tuple(c) for c in clusters} if clusters else set()
    if not cluster_set:
        return list(chars), list(labels)
    longest = max(len(c) for c in cluster_set)
    out_chars: list[str] = []
    out_labels: list[int | None] = []
    i = 0
    while i < len(chars):
        for size in range(min(longest, len(chars) - i), 1, -1):
            if tuple(chars[i : i + size]) in cluster_set:
                out_chars.append("".join(chars[i : i + size]))
                out_labels.append(labels[i])
                i += size
                break
        else:
            out_chars.append(chars[i])
            out_labels.append(labels[i])
            i += 1
    return out_chars, out_labels
