"""From narration text to a ``Script``: blocks, sentences, tokens, lexicon, then language rules."""

from __future__ import annotations

import re
from collections.abc import Sequence

from voxpress.speech.foreign_names import DEFAULT_NAME_LANGUAGES
from voxpress.speech.lexicon import Lexicon, LexiconHit
from voxpress.speech.pronounce import with_dictionary_names
from voxpress.speech.rules import LanguageRules, rules_for, split_reading
from voxpress.speech.script import Script, ScriptSentence, SpokenWord
from voxpress.speech.sentences import FULL_WIDTH_MARKS, blocks, sentence_breaks
from voxpress.speech.tokens import Token, tokenize

_Piece = tuple[str, int, int, str | None, bool, str | None]
"""say, start, end, phonemes, from_lexicon, shown"""
_CLAUSE_MARKS = set(",;:—–()[]{}…")
_DROPPED_BRACKETS = re.compile(r"\s*\([^()]*\)")


def prepare_script(
    text: str,
    language: str = "en",
    lexicon: Lexicon | None = None,
    dictionary: bool | None = None,
    name_languages: frozenset[str] = DEFAULT_NAME_LANGUAGES,
) -> Script:
    """Split ``text`` (an article's narration text) into sentences of spoken words.

    ``lexicon`` None means the shipped default lexicon for English and none for
    other languages; pass ``Lexicon.empty()`` to apply no lexicon at all.
    ``dictionary``: give names the pronouncing dictionary's phonemes where
    espeak-ng would misread them (``speech/pronounce.py``); None means yes for
    English unless the lexicon is empty. ``name_languages``: the languages whose
    names, when the dictionary lacks them, are read by their own spelling rules
    (``speech/foreign_names.py``).
    """
    rules = rules_for(language)
    if lexicon is None:
        lexicon = Lexicon.default() if rules.language == "en" else Lexicon.empty()
    sentences: list[ScriptSentence] = []
    for block_index, (block_start, block_end) in enumerate(blocks(text)):
        tokens = tokenize(text, block_start, block_end)
        first = 0
        span_start = block_start
        ends = sentence_breaks(text, tokens, rules)
        for n, last in enumerate(ends):
            sentence_tokens = tokens[first : last + 1]
            span_end = _sentence_end(
                text, tokens[last].end, tokens[last + 1].start if n + 1 < len(ends) else block_end
            )
            words = _spoken_words(text, sentence_tokens, span_end, rules, lexicon)
            if words:
                sentences.append(ScriptSentence(span_start, span_end, tuple(words), block_index))
            first = last + 1
            span_start = span_end
            while span_start < block_end and text[span_start].isspace():
                span_start += 1
    script = Script(text=text, language=rules.language, sentences=tuple(sentences))
    if dictionary is None:
        dictionary = rules.language == "en" and len(lexicon) > 0
    return with_dictionary_names(script, name_languages) if dictionary else script


def _sentence_end(text: str, last_token_end: int, limit: int) -> int:
    """A sentence keeps the punctuation right after its last word (``."``), not the next one's quote."""
    end = last_token_end
    while end < limit and not text[end].isspace():
        end += 1
    return end


def _spoken_words(
    text: str, tokens: Sequence[Token], sentence_end: int, rules: LanguageRules, lexicon: Lexicon
) -> list[SpokenWord]:
    said = rules.normalise(text, tokens)
    pause_ends = {tokens[k].end for k in rules.pauses(text, tokens)} if rules.pauses else set()
    hits = {hit.first: hit for hit in lexicon.find(text, tokens)} if len(lexicon) else {}
    pieces: list[_Piece] = []
    i = 0
    while i < len(tokens):
        hit = hits.get(i)
        if hit is not None:
            pieces.extend(_lexicon_pieces(tokens, hit))
            i = hit.last + 1
            continue
        if said[i]:
            engine_words, shown_words = split_reading(said[i], rules.respellings)
            differs = shown_words != engine_words
            pieces.append(
                (engine_words, tokens[i].start, tokens[i].end, None, False, shown_words if differs else None)
            )
        i += 1
    words = []
    for n, (say, start, end, phonemes, from_lexicon, shown) in enumerate(pieces):
        last = n == len(pieces) - 1
        gap = text[end : sentence_end if last else pieces[n + 1][1]]
        if not last:
            gap = _DROPPED_BRACKETS.sub(" ", gap)  # "Apple (AAPL.O) rose": no pause for what is not said
        mark = _punctuation(gap, last) or ("," if end in pause_ends else "")
        words.append(SpokenWord(say, start, end, phonemes, mark, from_lexicon, shown))
    return words


def _lexicon_pieces(tokens: Sequence[Token], hit: LexiconHit) -> list[_Piece]:
    entry = hit.entry
    span = tokens[hit.first : hit.last + 1]
    say_words = entry.say.split()
    phoneme_words = entry.phonemes.split() if entry.phonemes else None
    one_each = len(span) > 1 and len(say_words) == len(span)
    if phoneme_words is not None:
        one_each = one_each and len(phoneme_words) == len(span)
    if not one_each:
        say_words = [entry.say]
        phoneme_words = [entry.phonemes] if entry.phonemes else None
        span = [Token("", span[0].start, span[-1].end, "word")]
    pieces: list[_Piece] = []
    for k, token in enumerate(span):
        say = say_words[k]
        phonemes = phoneme_words[k] if phoneme_words else None
        if hit.possessive and k == len(span) - 1:
            say += "'s"
            phonemes = phonemes + "z" if phonemes else None
        pieces.append((say, token.start, token.end, phonemes, True, None))
    return pieces


def _punctuation(gap: str, sentence_final: bool) -> str:
    """The prosodic mark for the text between a word and the next (or the sentence end)."""
    gap = gap.translate(FULL_WIDTH_MARKS)
    if sentence_final:
        if "?" in gap:
            return "?"
        return "!" if "!" in gap else "."
    if _CLAUSE_MARKS.intersection(gap) or "..." in gap or " - " in gap or "?" in gap or "!" in gap:
        return ","
    return ""
