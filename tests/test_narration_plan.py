"""Bounded pieces: whatever the punctuation, every text reaches an engine in pieces of bounded size."""

from __future__ import annotations

import pytest

from fakes import FakeVoice
from voxpress.narration import narrate
from voxpress.narration.curves import RateCurve
from voxpress.narration.plan import (
    CLAUSE_PAUSE,
    MAX_PIECE_CHARACTERS,
    MAX_PIECE_WORDS,
    piece_load,
    plan_pieces,
)
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.script import Script

VOCABULARY = tuple(
    [
        "river",
        "harbour",
        "lantern",
        "morning",
        "council",
        "bridge",
        "quiet",
        "market",
        "engineer",
        "station",
        "winter",
        "garden",
        "ferry",
        "evening",
        "village",
        "orchard",
        "library",
        "teacher",
        "builder",
        "meadow",
        "tower",
        "coast",
        "island",
        "valley",
    ]
)


def words_without_punctuation(count: int) -> str:
    """A text of ``count`` words with no punctuation at all (deterministic, written for the test)."""
    return " ".join(VOCABULARY[(i * 7 + i // 3) % len(VOCABULARY)] for i in range(count))


def script_of(text: str) -> Script:
    return prepare_script(text, "en", Lexicon.empty())


def assert_bounded_and_exact(voice: FakeVoice, script: Script, curve: RateCurve) -> None:
    narration = narrate(script, voice, 1.0, curve=curve, workers=2)
    assert voice.spoken, "nothing reached the engine"
    for sentence in voice.spoken:
        said = [w.say for w in sentence.words if w.say]
        assert sum(len(s.split()) for s in said) <= MAX_PIECE_WORDS
        assert sum(len(s) + 1 for s in said) - 1 <= MAX_PIECE_CHARACTERS
    written = [(w.char_start, w.char_end) for s in script.sentences for w in s.words if w.say]
    timed = [(span.char_start, span.char_end) for span in narration.timings.words]
    assert timed == written  # every word timed once, in order, at its exact offsets
    starts = [span.start for span in narration.timings.words]
    assert starts == sorted(starts)
    assert narration.timings.wpm == pytest.approx(200, rel=0.03)


def test_3000_characters_without_punctuation_reach_the_engine_in_bounded_pieces(
    fake_voice: FakeVoice, fake_curve: RateCurve
) -> None:
    text = words_without_punctuation(500)[:3000].rsplit(" ", 1)[0]
    assert len(text) > 2900 and "." not in text
    script = script_of(text)
    assert len(script.sentences) == 1  # one sentence of ~430 words: the case that took 23 GB
    assert_bounded_and_exact(fake_voice, script, fake_curve)
    assert len(fake_voice.spoken) >= 3000 // MAX_PIECE_CHARACTERS


def test_a_320_word_sentence_is_spoken_in_bounded_pieces(
    fake_voice: FakeVoice, fake_curve: RateCurve
) -> None:
    script = script_of(words_without_punctuation(320) + ".")
    assert_bounded_and_exact(fake_voice, script, fake_curve)
    sizes = [len(s.words) for s in fake_voice.spoken[1:]]  # after the quick first piece
    assert max(sizes) - min(sizes) <= 3  # even pieces, no stub at the end


def test_a_long_sentence_is_cut_at_its_commas_then_before_conjunctions() -> None:
    clauses = [words_without_punctuation(18) for _ in range(4)]
    clauses[0] = clauses[0].capitalize()
    text = "It began early. " + ", ".join(clauses[:2]) + " and " + " but ".join(clauses[2:]) + "."
    pieces = plan_pieces(script_of(text))
    long_sentence = [p for p in pieces if p.sentence_index == 1]
    assert len(long_sentence) >= 3
    assert all(piece_load(p.sentence.words) <= 1.0 for p in long_sentence)
    first_cut = long_sentence[0].sentence.words[-1]
    assert first_cut.say == clauses[0].split()[-1] and first_cut.punctuation == ","
    assert long_sentence[1].pause_before == CLAUSE_PAUSE  # a clause pause where the comma was
    later_heads = [p.sentence.words[0].say for p in long_sentence[2:]]
    assert set(later_heads) <= {"and", "but"}
    assert long_sentence[-1].is_last_of_sentence and not long_sentence[0].is_last_of_sentence


def test_ordinary_sentences_stay_whole() -> None:
    text = "The council met on Tuesday. It voted to rebuild the old bridge over the river before winter."
    pieces = plan_pieces(script_of(text))
    assert [p.sentence_index for p in pieces] == [0, 1]


def said(piece_words: tuple[object, ...]) -> list[str]:
    return [str(getattr(word, "say", "")) for word in piece_words]


def test_the_quick_first_piece_follows_the_voices_size_and_never_ends_on_an_article() -> None:
    text = "After the long winter the harbour ferry rings its bell twice every morning."
    default = plan_pieces(script_of(text))
    assert said(default[0].sentence.words) == ["After", "the", "long", "winter"]  # before "the"
    assert default[0].is_quick_start and not default[0].is_last_of_sentence
    short = plan_pieces(script_of(text), (2, 3))
    # "After the," would end on a word that opens a phrase: the cut goes one word further.
    assert said(short[0].sentence.words) == ["After", "the", "long"]
    assert short[0].sentence.words[-1].punctuation == ","  # said with the tone of an unfinished phrase
    rest = [w for p in short for w in p.sentence.words]
    assert [w.char_start for w in rest] == [w.char_start for w in script_of(text).sentences[0].words]
    comma = plan_pieces(script_of("This morning, the ferry rang its bell twice for the town."), (2, 3))
    assert said(comma[0].sentence.words) == ["This", "morning"]  # at the comma


def test_kokoros_two_word_first_piece_goes_on_past_words_that_open_a_phrase() -> None:
    two = (2, 2)  # Kokoro's first_piece_words
    ferry = plan_pieces(script_of("Harbour ferry rings its bell twice every morning."), two)
    assert said(ferry[0].sentence.words) == ["Harbour", "ferry"]
    assert said(ferry[1].sentence.words)[0] == "rings" and ferry[1].sentence_index == 0
    # "After the," and "After the long" would both do badly: the cut waits for a word that closes.
    after = plan_pieces(script_of("After the long winter the harbour ferry rings its bell twice."), two)
    assert said(after[0].sentence.words) == ["After", "the", "long"]
    # The default size is not changed by it: words three to five include one that closes.
    default = plan_pieces(script_of("In the end of the year the ferry stops for the winter."))
    assert said(default[0].sentence.words) == ["In", "the", "end"]
    short = plan_pieces(script_of("The harbour ferry."), two)
    assert len(short) == 1  # three words: too short to cut


def test_the_quick_first_piece_does_not_split_a_name_or_a_possessive_from_its_noun() -> None:
    # Words three to five are "council chief Anna": ending there would cut "Anna, | Berg", heard
    # as two sentences; the piece ends before the name instead.
    name = plan_pieces(script_of("The harbour council chief Anna Berg said the ferry runs again soon."))
    assert said(name[0].sentence.words) == ["The", "harbour", "council", "chief"]
    # "Norway's, | hopes" would be as bad: with a comma a few words on, the piece goes to it.
    text = "Our harbour town kept Norway's hopes alive, then the ferry sailed home again."
    possessive = plan_pieces(script_of(text))
    assert said(possessive[0].sentence.words)[-3:] == ["Norway's", "hopes", "alive"]
    assert possessive[0].is_quick_start and possessive[1].sentence_index == 0
    # The comma is looked for only so far: beyond the reach, the piece stays short.
    far = "Our harbour town kept Norway's quiet island ferry hopes alive, then it sailed home again."
    assert len(plan_pieces(script_of(far))[0].sentence.words) <= 5


def test_the_quick_first_piece_prefers_a_cut_before_a_conjunction() -> None:
    # not "waited until," (a cut before "the"): "until" opens the clause
    pieces = plan_pieces(script_of("Harbour ferry crews waited until the storm passed over the lighthouse."))
    assert said(pieces[0].sentence.words) == ["Harbour", "ferry", "crews", "waited"]
