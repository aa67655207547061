"""The synthesizer's plan for a piece: a cut sentence's time shared among its pieces by spoken size,
and a line said in many more words than written given time for them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from fakes import FakeVoice
from voxpress.narration.curves import SENTENCE_UNITS, RateCurve, spoken_size
from voxpress.narration.plan import EXPANDED_WORD_SHARE, Piece, split_first, spoken_words
from voxpress.narration.speed import Speed
from voxpress.narration.synthesizer import (
    LEFT_TO_THE_PAUSES,
    MAX_RETRIES,
    RESYNTHESIS_TOLERANCE,
    Synthesizer,
    speech_seconds,
)
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.script import ScriptSentence
from voxpress.voices.base import SentenceAudio

CURVE = RateCurve("fake:test", ((0.5, 0.1), (1.0, 0.05), (2.0, 0.03), (3.0, 0.022)))
TEXT = "Konstantinopoulos Vandermeulen Abernathy-Wolcott said on a day of it that he and I went to a big do."


def pieces_of_first_sentence(with_sentences: bool) -> tuple[Synthesizer, list[Piece]]:
    script = prepare_script(TEXT, "en", Lexicon.empty(), dictionary=False)
    head, tail = split_first(script.sentences[0], (3, 3))
    synthesizer = Synthesizer(
        FakeVoice(), Speed(1.0), CURVE, None, "en", script.sentences if with_sentences else ()
    )
    pieces = [Piece(0, head, 0.0, False, True), Piece(0, tail, 0.0, True)]
    return synthesizer, pieces


def test_a_cut_sentences_pieces_share_its_time_by_spoken_size() -> None:
    synthesizer, (head, tail) = pieces_of_first_sentence(with_sentences=True)
    whole = synthesizer.sentences[0]
    whole_seconds = spoken_words(whole) * Speed(1.0).seconds_per_word
    head_words = replace(whole, words=whole.words[: len(head.sentence.words)])
    share = (spoken_size(head_words) - SENTENCE_UNITS) / (spoken_size(whole) - SENTENCE_UNITS)

    assert synthesizer.planned_seconds(head) == pytest.approx(whole_seconds * share)
    # three long names hold more sound than three average words: they get more than three words' time
    assert synthesizer.planned_seconds(head) > spoken_words(head.sentence) * Speed(1.0).seconds_per_word
    # and the sentence keeps its time, so the pace is unchanged
    total = synthesizer.planned_seconds(head) + synthesizer.planned_seconds(tail)
    assert total == pytest.approx(whole_seconds, rel=0.03)


def test_without_the_scripts_sentences_a_piece_is_planned_by_its_written_words() -> None:
    synthesizer, (head, _tail) = pieces_of_first_sentence(with_sentences=False)

    assert synthesizer.planned_seconds(head) == pytest.approx(3 * Speed(1.0).seconds_per_word)


def test_a_line_said_in_many_more_words_than_written_is_given_time_for_most_of_them() -> None:
    text = 'The Orchard QX2719HD 34" 3440x1440 4ms 144Hz monitor costs $799.99.'
    script = prepare_script(text, "en", Lexicon.empty(), dictionary=False)
    sentence = script.sentences[0]
    synthesizer = Synthesizer(FakeVoice(), Speed(1.0), CURVE, None, "en", script.sentences)
    said = sum(len(w.say.split()) for w in sentence.words)
    assert said > 2 * spoken_words(sentence)  # 10 written, 31 said

    expected = EXPANDED_WORD_SHARE * said * Speed(1.0).seconds_per_word
    assert synthesizer.planned_seconds(Piece(0, sentence, 0.0, True)) == pytest.approx(expected)


def test_prose_of_long_words_keeps_the_pace_of_its_written_words() -> None:
    script = prepare_script(TEXT, "en", Lexicon.empty(), dictionary=False)
    synthesizer = Synthesizer(FakeVoice(), Speed(1.0), CURVE, None, "en", script.sentences)
    piece = Piece(0, script.sentences[0], 0.0, True)

    assert synthesizer.timed_words(piece) == spoken_words(script.sentences[0])


def test_a_whole_sentence_is_planned_by_its_words() -> None:
    script = prepare_script("The cat sat on the mat.", "en", Lexicon.empty(), dictionary=False)
    synthesizer = Synthesizer(FakeVoice(), Speed(1.25), CURVE, None, "en", script.sentences)
    piece = Piece(0, script.sentences[0], 0.3, True)

    expected = 6 * Speed(1.25).seconds_per_word - 0.3 / 1.25
    assert synthesizer.planned_seconds(piece) == pytest.approx(expected)


class RateDeafVoice(FakeVoice):
    """Speaks at its own pace whatever rate it is asked for, so a piece lands off its plan."""

    def synthesize(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        return super().synthesize(sentence, 1.0)


def test_the_quick_first_piece_is_not_stretched_to_its_plan_and_other_pieces_are() -> None:
    script = prepare_script("The harbour ferry rang its bell twice.", "en", Lexicon.empty(), dictionary=False)
    sentence = script.sentences[0]
    voice = RateDeafVoice()
    synthesizer = Synthesizer(voice, Speed(1.0), CURVE, None, "en", script.sentences)
    quick, ordinary = Piece(0, sentence, 0.0, True, True), Piece(0, sentence, 0.0, True, False)
    planned = synthesizer.planned_seconds(ordinary)
    for _ in range(8):  # tune the voice to speak 90% of the plan: inside the trim's range
        voice.seconds_per_letter *= 0.9 * planned / speech_seconds(voice.synthesize(sentence))
    raw = voice.synthesize(sentence)
    assert speech_seconds(raw) / planned == pytest.approx(0.9, abs=0.01)

    assert len(synthesizer(quick).samples) == len(raw.samples)  # as the voice spoke it
    assert speech_seconds(synthesizer(ordinary)) == pytest.approx(planned, rel=0.02)  # stretched


class QuickStartVoice(FakeVoice):
    """A fake voice with a quicker way to make the first piece, which records what it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.first: list[ScriptSentence] = []

    def synthesize_first(self, sentence: ScriptSentence, rate: float = 1.0) -> SentenceAudio:
        self.first.append(sentence)
        return super().synthesize(sentence, rate)


def test_only_the_quick_first_piece_goes_to_a_voices_quicker_way() -> None:
    script = prepare_script("The harbour ferry rang its bell twice.", "en", Lexicon.empty(), dictionary=False)
    sentence = script.sentences[0]
    voice = QuickStartVoice()
    synthesizer = Synthesizer(voice, Speed(1.0), CURVE, None, "en", script.sentences)

    synthesizer(Piece(0, sentence, 0.0, True, False))
    assert voice.first == [] and voice.spoken  # an ordinary piece (perhaps retried to land its plan)
    made = len(voice.spoken)
    synthesizer(Piece(0, sentence, 0.0, True, True))
    assert voice.first == [sentence] and len(voice.spoken) == made + 1  # made once, the quick way
    # a voice without one speaks its first piece the ordinary way
    plain = FakeVoice()
    Synthesizer(plain, Speed(1.0), CURVE, None, "en", script.sentences)(Piece(0, sentence, 0.0, True, True))
    assert plain.spoken == [sentence]


def tuned_to(voice: RateDeafVoice, sentence: ScriptSentence, seconds: float) -> None:
    """Tune a rate-deaf voice so that it speaks ``sentence`` in ``seconds``."""
    for _ in range(8):
        voice.seconds_per_letter *= seconds / speech_seconds(voice.synthesize(sentence))


def test_a_short_sentence_a_little_off_is_stretched_what_is_unheard_and_the_pause_takes_the_rest() -> None:
    text = "The ferry left at noon. It came back late. Nobody on board minded at all."
    script = prepare_script(text, "en", Lexicon.empty(), dictionary=False)
    middle, last = script.sentences[1], script.sentences[2]
    voice = RateDeafVoice()
    synthesizer = Synthesizer(voice, Speed(1.0), CURVE, None, "en", script.sentences)
    piece = Piece(1, middle, 0.4, True)
    planned = synthesizer.planned_seconds(piece)
    tuned_to(voice, middle, 1.15 * planned)  # 15% long: past the unheard stretch, by 0.05 * planned
    assert 0.05 * planned <= LEFT_TO_THE_PAUSES
    calls = len(voice.spoken)

    audio = synthesizer(piece)
    assert len(voice.spoken) == calls + 1  # no second synthesis
    # stretched by the most that is not heard, the rest (under LEFT_TO_THE_PAUSES) left to the pause
    assert speech_seconds(audio) == pytest.approx(1.15 * planned / (1 + RESYNTHESIS_TOLERANCE), rel=0.02)

    # the script's last sentence has no pause after it: it is synthesized again to land its plan
    last_piece = Piece(2, last, 0.4, True)
    last_planned = synthesizer.planned_seconds(last_piece)
    tuned_to(voice, last, 1.15 * last_planned)
    calls = len(voice.spoken)
    synthesizer(last_piece)
    assert len(voice.spoken) == calls + 1 + MAX_RETRIES  # the rate-deaf voice misses every time


def test_a_long_miss_is_synthesized_again() -> None:
    words = " ".join(["harbour"] * 30)
    script = prepare_script(
        f"The ferry left. {words.capitalize()} rang. It was late.", "en", Lexicon.empty(), dictionary=False
    )
    sentence = script.sentences[1]
    voice = RateDeafVoice()
    synthesizer = Synthesizer(voice, Speed(1.0), CURVE, None, "en", script.sentences)
    piece = Piece(1, sentence, 0.4, True)
    planned = synthesizer.planned_seconds(piece)
    tuned_to(voice, sentence, 1.15 * planned)
    assert 0.05 * planned > LEFT_TO_THE_PAUSES  # a long sentence: too much for a pause to take
    calls = len(voice.spoken)

    audio = synthesizer(piece)
    assert len(voice.spoken) == calls + 1 + MAX_RETRIES
    assert speech_seconds(audio) == pytest.approx(planned, rel=0.02)  # then trimmed to its plan


class FittingVoice(RateDeafVoice):
    """A voice that cannot follow a rate but can be told how long to speak (as Piper's halves can)."""

    def __init__(self) -> None:
        super().__init__()
        self.fitted: list[tuple[ScriptSentence, float]] = []

    def synthesize_to_fit(self, sentence: ScriptSentence, seconds: float, rate: float = 1.0) -> SentenceAudio:
        self.fitted.append((sentence, seconds))
        natural = FakeVoice.synthesize(self, sentence, 1.0)
        factor = seconds / speech_seconds(natural)
        spans = [None if s is None else (s[0] * factor, s[1] * factor) for s in natural.word_spans]
        samples = np.zeros(round(len(natural.samples) * factor), dtype=np.float32)
        return SentenceAudio(samples, natural.sample_rate, spans)


def test_a_voice_that_can_fit_is_asked_for_the_planned_time_once_and_not_for_the_quick_piece() -> None:
    script = prepare_script("The harbour ferry rang its bell twice.", "en", Lexicon.empty(), dictionary=False)
    sentence = script.sentences[0]
    voice = FittingVoice()
    synthesizer = Synthesizer(voice, Speed(1.0), CURVE, None, "en", script.sentences)
    ordinary = Piece(0, sentence, 0.0, True, False)
    planned = synthesizer.planned_seconds(ordinary)

    audio = synthesizer(ordinary)
    assert voice.fitted == [(sentence, planned)] and voice.spoken == [sentence]  # no retry
    assert speech_seconds(audio) == pytest.approx(planned)
    assert synthesizer.bias == 1.0  # a fitted length says nothing about the curve's guess

    synthesizer(Piece(0, sentence, 0.0, True, True))
    assert len(voice.fitted) == 1 and len(voice.spoken) == 2  # the quick piece is spoken at the curve's rate
