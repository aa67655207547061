"""Piper run in two halves: the same audio as the whole model, and sentences fitted to their planned time."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest

from voxpress.narration.synthesizer import speech_seconds
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.script import ScriptSentence
from voxpress.voices import piper as piper_module
from voxpress.voices.piper import NATURAL_RATES, PiperTTSVoice, aligned_model, model_halves, packaged_model
from voxpress.voices.piper_halves import (
    DURATIONS,
    UNIT_DURATIONS,
    frames_at,
    length_scale_for,
    shorten_edges,
    split_model,
)

SENTENCE = "The harbour board said on Tuesday that the old sea wall at Kelmoor would be rebuilt by spring."


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> PiperTTSVoice:
    return PiperTTSVoice(packaged_model(), cache_dir=tmp_path_factory.mktemp("cache"))


def sentence_of(text: str) -> ScriptSentence:
    return prepare_script(text, "en", Lexicon.empty()).sentences[0]


def session(model: str | bytes) -> onnxruntime.InferenceSession:
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    return onnxruntime.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


def test_the_halves_make_the_whole_models_samples_for_the_same_durations() -> None:
    files = packaged_model()
    halves = model_halves(files.model_path, None)
    assert halves is not None
    whole, first, second = (
        session(aligned_model(files.model_path, None)),
        session(halves[0]),
        session(halves[1]),
    )
    ids = np.array([[1, 0, *range(20, 60), 0, 10, 0, 2]], dtype=np.int64)
    lengths = np.array([ids.shape[1]], dtype=np.int64)
    for length_scale in (0.8, 1.0, 1.3):
        quiet = np.array([0.0, length_scale, 0.0], dtype=np.float32)  # no random draws: comparable
        audio, durations = whole.run(None, {"input": ids, "input_lengths": lengths, "scales": quiet})
        at_one = np.array([0.0, 1.0, 0.0], dtype=np.float32)
        outputs = [o.name for o in first.get_outputs()]
        handed = dict(
            zip(
                outputs,
                first.run(None, {"input": ids, "input_lengths": lengths, "scales": at_one}),
                strict=True,
            )
        )
        frames = frames_at(handed.pop(UNIT_DURATIONS), length_scale)
        np.testing.assert_array_equal(frames, durations)
        given = {"input": ids, "input_lengths": lengths, "scales": quiet}
        feed = {**handed, DURATIONS: frames}
        feed.update({v.name: given[v.name] for v in second.get_inputs() if v.name not in feed})
        (halved,) = second.run(None, feed)
        np.testing.assert_array_equal(halved, audio)


@pytest.mark.parametrize("rate_of_plan", [0.6, 0.8, 1.0, 1.15, 1.3])
def test_a_fitted_sentence_lasts_its_planned_time(voice: PiperTTSVoice, rate_of_plan: float) -> None:
    sentence = sentence_of(SENTENCE)
    natural = speech_seconds(voice.synthesize(sentence, 1.0))
    planned = natural / rate_of_plan
    frame = voice.config.hop_length / voice.config.sample_rate
    made: list[float] = []
    real_run = voice._run

    def run(ids: list[int], length_scale: float, speech: slice, seconds: float | None) -> tuple:
        audio, id_samples, stretch = real_run(ids, length_scale, speech, seconds)
        made.append(id_samples[speech].sum() / voice.config.sample_rate)
        return audio, id_samples, stretch

    voice._run = run  # type: ignore[method-assign]
    try:
        fitted = voice.synthesize_to_fit(sentence, planned, 1.0)
    finally:
        del voice._run
    assert made and abs(made[0] - planned) <= frame  # the words' phonemes: to the frame
    # as heard: the level trim may end a last word that fades out a few frames early
    assert speech_seconds(fitted) == pytest.approx(planned, rel=0.02)
    spans = [s for s in fitted.word_spans if s is not None]
    assert len(spans) == len(sentence.words)
    assert all(a[1] <= b[0] + 1e-9 for a, b in itertools.pairwise(spans))


def test_a_plan_beyond_pipers_natural_rates_is_reached_by_stretching(voice: PiperTTSVoice) -> None:
    sentence = sentence_of(SENTENCE)
    natural = speech_seconds(voice.synthesize(sentence, 1.0))
    planned = natural / (NATURAL_RATES[1] * 1.3)  # faster than the length scale may go
    fitted = voice.synthesize_to_fit(sentence, planned, 2.0)
    assert speech_seconds(fitted) == pytest.approx(planned, rel=0.04)


def test_the_silence_after_the_last_word_is_not_decoded(voice: PiperTTSVoice) -> None:
    sentence = sentence_of("Is that the last word?")
    recorded: list[np.ndarray] = []
    real_run = voice._run

    def run(ids: list[int], length_scale: float, speech: slice, seconds: float | None) -> tuple:
        audio, id_samples, stretch = real_run(ids, length_scale, speech, seconds)
        recorded.append(id_samples // voice.config.hop_length)
        assert speech.stop < len(ids)  # the question mark, the pad and the end are after the words
        assert id_samples[speech.stop :].sum() // voice.config.hop_length <= voice.edge_frames
        assert id_samples[: speech.start].sum() // voice.config.hop_length <= voice.edge_frames
        assert len(audio) == id_samples.sum()
        return audio, id_samples, stretch

    voice._run = run  # type: ignore[method-assign]
    try:
        audio = voice.synthesize_to_fit(sentence, 1.4, 1.0)
    finally:
        del voice._run
    assert recorded and audio.duration < 1.4 + 2 * 0.1 + 0.05


def test_shorten_edges_keeps_the_frames_nearest_the_words() -> None:
    durations = np.array([3, 4, 5, 6, 7, 2, 9], dtype=np.float32)
    shortened = shorten_edges(durations, slice(2, 4), keep=5)
    np.testing.assert_array_equal(shortened, [1, 4, 5, 6, 5, 0, 0])
    np.testing.assert_array_equal(durations, [3, 4, 5, 6, 7, 2, 9])  # not changed in place
    np.testing.assert_array_equal(shorten_edges(durations, slice(0, 7), keep=0), durations)


def test_length_scale_for_finds_the_nearest_whole_frames() -> None:
    unit = np.array([2.3, 4.1, 0.6, 3.3, 1.9], dtype=np.float32)
    span = slice(1, 4)
    for frames in (9.0, 12.0, 17.0, 25.0):
        scale = length_scale_for(unit, span, frames, 0.5, 4.0)
        made = frames_at(unit[span], scale).sum()
        assert abs(made - frames) <= 1
        assert 0.5 <= scale <= 4.0
    assert length_scale_for(unit, span, 1.0, 0.5, 4.0) == 0.5  # out of reach: the nearest bound
    assert length_scale_for(unit, span, 1000.0, 0.5, 4.0) == 4.0


def test_a_model_without_durations_cannot_be_cut() -> None:
    x = onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [1])
    y = onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [1])
    graph = onnx.helper.make_graph([onnx.helper.make_node("Relu", ["x"], ["y"])], "plain", [x], [y])
    with pytest.raises(ValueError, match="Ceil"):
        split_model(onnx.helper.make_model(graph))


def test_a_model_that_cannot_be_cut_runs_whole(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(model: onnx.ModelProto) -> None:
        raise ValueError("expected one Ceil (the durations), found 0")

    monkeypatch.setattr(piper_module, "split_model", refuse)
    whole = PiperTTSVoice(packaged_model(), cache_dir=tmp_path)
    assert whole.durations_session is None and whole.has_alignments
    sentence = sentence_of(SENTENCE)
    audio = whole.synthesize_to_fit(sentence, 5.0, 1.0)  # speaks at the rate given instead
    assert speech_seconds(audio) == pytest.approx(speech_seconds(whole.synthesize(sentence, 1.0)), rel=0.2)
    assert not list((tmp_path / "piper-durations").glob("*.onnx"))


ARTICLE = (
    "Kelmoor harbour to reopen by spring\n\n"
    "The harbour board said on Tuesday that the old sea wall at Kelmoor would be rebuilt by March. "
    "Work on the wall, which was breached in a storm two winters ago, will cost about 4.2 million pounds. "
    "Fishing crews, who have moored their boats up the coast since then, welcomed the news.\n\n"
    "Ailsa Brannock, who chairs the board, said the first stones would be laid next week. "
    "She expects the ferry to run again in April."
)


def test_a_piper_narration_is_fitted_sentence_by_sentence_without_a_second_synthesis(
    voice: PiperTTSVoice,
) -> None:
    from voxpress.narration import get_curve, narrate_into
    from voxpress.settings import Settings

    script = prepare_script(ARTICLE, "en", Lexicon.empty())
    calls = {"synthesize": 0, "fit": 0}
    real_synthesize, real_fit = voice.synthesize, voice.synthesize_to_fit

    def synthesize(sentence: ScriptSentence, rate: float = 1.0) -> object:
        calls["synthesize"] += 1
        return real_synthesize(sentence, rate)

    def fit(sentence: ScriptSentence, seconds: float, rate: float = 1.0) -> object:
        calls["fit"] += 1
        return real_fit(sentence, seconds, rate)

    voice.synthesize, voice.synthesize_to_fit = synthesize, fit  # type: ignore[method-assign,assignment]
    try:
        curve = get_curve(voice, Settings.from_env())
        timings = narrate_into(script, voice, 1.0, curve=curve, write=lambda samples: None)
    finally:
        del voice.synthesize, voice.synthesize_to_fit
    assert calls["synthesize"] == 1  # the quick first piece, and no retry (retries speak at a rate)
    # every other sentence once (the quick piece may have been the whole title)
    assert len(script.sentences) - 1 <= calls["fit"] <= len(script.sentences)
    assert timings.wpm == pytest.approx(200, rel=0.03)
