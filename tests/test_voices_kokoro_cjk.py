"""Kokoro's Chinese and Japanese voices: CJK tokens, offline phonemes tied to words, real synthesis."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from voxpress.settings import Settings
from voxpress.speech import prepare_script
from voxpress.speech.script import ScriptSentence
from voxpress.speech.tokens import tokenize
from voxpress.voices import default_voice_id, get_voice, kokoro, list_voices
from voxpress.voices.catalogue import forget_listings
from voxpress.voices.kokoro import files as kokoro_files
from voxpress.voices.kokoro.cjk import can_phonemize, cjk_phonemes

CHINESE = "小猫在窗台上睡觉，火车站离这里不远。"
JAPANESE = "猫が窓の上で寝ています。"
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

needs_chinese = pytest.mark.skipif(
    not can_phonemize("zh"), reason="Chinese phonemiser missing (misaki jieba pypinyin cn2an ordered-set)"
)
needs_japanese = pytest.mark.skipif(
    not can_phonemize("ja"), reason="Japanese phonemiser missing (misaki fugashi unidic-lite jaconv mojimoji)"
)


def only_sentence(text: str, language: str) -> ScriptSentence:
    script = prepare_script(text, language)
    assert len(script.sentences) == 1
    return script.sentences[0]


def installed_voice(name: str) -> bool:
    return any(info.id == f"kokoro:{name}" for info in list_voices(Settings.from_env()))


def test_cjk_runs_become_short_tokens_with_exact_offsets() -> None:
    text = "东京タワーへ行きました。小猫在窗台上睡觉 and 3台"
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    cjk_tokens = [t for t in tokens if _CJK.search(t.text)]
    assert "".join(t.text for t in cjk_tokens) == "".join(_CJK.findall(text))
    # one token per Han character (a syllable), kana in pairs, scripts never mixed, punctuation left out
    assert [t.text for t in tokens[:8]] == ["东", "京", "タワー", "へ", "行", "きま", "した", "小"]
    assert [t.text for t in tokens if not _CJK.search(t.text)] == ["and", "3"]
    # text without CJK keeps its tokens
    assert [t.text for t in tokenize("U.S. AT&T in 2019-21")] == ["U.S", "AT&T", "in", "2019-21"]


def _phonemes_by_word(sentence: ScriptSentence, language: str) -> tuple[str, dict[int, str]]:
    result = cjk_phonemes(sentence, language)
    assert len(result.phonemes) == len(result.owners)
    assert all(char in kokoro.VOCAB for char in result.phonemes)
    labels = [owner for owner in result.owners if owner is not None]
    assert labels == sorted(labels)
    by_word: dict[int, str] = {}
    for char, owner in zip(result.phonemes, result.owners, strict=True):
        if owner is not None:
            by_word[owner] = by_word.get(owner, "") + char
    return result.phonemes, by_word


@needs_chinese
def test_chinese_phonemes_give_every_word_its_tone_syllables() -> None:
    sentence = only_sentence(CHINESE, "zh")
    phonemes, by_word = _phonemes_by_word(sentence, "zh")
    assert sorted(by_word) == list(range(len(sentence.words)))
    says = {sentence.words[i].say: p for i, p in by_word.items()}
    assert (says["小"], says["猫"]) == ("ɕjau↓", "mau→")  # xiao3 mao1: third and first tones
    assert (says["火"], says["车"]) == ("xwo↓", "ꭧʰɤ→")  # Kokoro writes the affricate ʈʂ as one symbol
    assert phonemes.endswith(".")
    # the word's clause punctuation becomes Kokoro's pause mark
    comma, _ = _phonemes_by_word(only_sentence("小猫睡觉, 火车不远。", "zh"), "zh")
    assert "↘, " in comma
    # numbers are read in Chinese
    _, numbers = _phonemes_by_word(only_sentence("我有25本书。", "zh"), "zh")
    assert "ʂɨ↗" in "".join(numbers.values())


@needs_japanese
def test_japanese_phonemes_give_every_word_its_reading() -> None:
    sentence = only_sentence(JAPANESE, "ja")
    phonemes, by_word = _phonemes_by_word(sentence, "ja")
    assert sorted(by_word) == list(range(len(sentence.words)))
    says = {sentence.words[i].say: p for i, p in by_word.items()}
    assert says["猫"] == "neko"
    assert says["窓"] == "mado"
    assert phonemes.endswith(".")


@needs_chinese
@needs_japanese
def test_phonemes_are_what_misaki_gives_the_voices_it_trained() -> None:
    from misaki.cutlet import Cutlet
    from misaki.zh import ZHG2P

    for language, text, reference in (
        ("zh", "这个问题其实并不复杂", ZHG2P()),
        ("zh", "长江是中国最长的河流", ZHG2P()),
        ("ja", "明日の会議は午後三時から始まります", Cutlet()),
        ("ja", "私は毎朝コーヒーを飲みます", Cutlet()),
    ):
        expected = "".join(c for c in reference(text)[0] if c in kokoro.VOCAB)
        assert cjk_phonemes(only_sentence(text, language), language).phonemes.rstrip(".") == expected


def _check_spans(sentence: ScriptSentence, voice_id: str) -> None:
    voice = get_voice(voice_id, "en", Settings.from_env())
    audio = voice.synthesize(sentence, 1.0)
    assert audio.sample_rate == 24000
    assert audio.duration > 0.4 and float(np.sqrt(np.mean(audio.samples**2))) > 0.01
    spans = audio.word_spans
    assert len(spans) == len(sentence.words) and all(span is not None for span in spans)
    timed = [span for span in spans if span is not None]
    assert all(start < end for start, end in timed)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(timed))
    assert timed[0][0] >= 0 and timed[-1][1] <= audio.duration + 1e-9
    # each word gets time in proportion to its syllables, not all at the end
    assert max(end - start for start, end in timed) < 0.6 * audio.duration


@needs_chinese
@pytest.mark.skipif(not installed_voice("zf_xiaobei"), reason="Kokoro's Chinese voices are not installed")
def test_kokoro_speaks_chinese_with_one_span_per_word() -> None:
    assert default_voice_id("zh", Settings.from_env()) == "kokoro:zf_xiaobei"
    info = next(i for i in list_voices(Settings.from_env()) if i.id == "kokoro:zf_xiaobei")
    assert info.language == "zh" and info.word_timings
    _check_spans(only_sentence(CHINESE, "zh"), "kokoro:zf_xiaobei")


@needs_japanese
@pytest.mark.skipif(not installed_voice("jf_alpha"), reason="Kokoro's Japanese voices are not installed")
def test_kokoro_speaks_japanese_with_one_span_per_word() -> None:
    assert default_voice_id("ja", Settings.from_env()) == "kokoro:jf_alpha"
    _check_spans(only_sentence(JAPANESE, "ja"), "kokoro:jf_alpha")


def test_cjk_voices_are_listed_only_where_their_phonemiser_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path)
    folder = settings.voices_dir / "kokoro"
    (folder / "voices").mkdir(parents=True)
    (folder / "kokoro-v1.0.onnx").write_bytes(b"stands in for the model; not loaded here")
    style = np.zeros(510 * 256, dtype=np.float32)
    for name in ("af_test", "zf_test", "jm_test"):
        style.tofile(folder / "voices" / f"{name}.bin")

    monkeypatch.setattr(kokoro_files, "phonemiser_installed", lambda language: False)
    files = kokoro.find_kokoro(settings)
    assert files is not None and set(files.voices) == {"af_test"}
    assert default_voice_id("zh", settings) != "kokoro:zf_test"

    monkeypatch.setattr(kokoro_files, "phonemiser_installed", lambda language: language in ("zh", "ja"))
    forget_listings()  # what can be phonemised changed, which the voices folder's times do not show
    infos = {info.id: info for info in list_voices(settings)}
    assert infos["kokoro:zf_test"].language == "zh" and infos["kokoro:jm_test"].language == "ja"
    assert default_voice_id("zh", settings) == "kokoro:zf_test"
    assert default_voice_id("ja", settings) == "kokoro:jm_test"


@needs_chinese
@needs_japanese
def test_phonemisers_load_and_run_with_the_network_refused(tmp_path: Path) -> None:
    """Every dictionary ships inside a wheel: a fresh process with no network still phonemizes."""
    code = textwrap.dedent(
        f"""
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network use")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from voxpress.speech import prepare_script
        from voxpress.voices.kokoro.cjk import cjk_phonemes
        for language, text in (("zh", {CHINESE!r}), ("ja", {JAPANESE!r})):
            print(cjk_phonemes(prepare_script(text, language).sentences[0], language).phonemes)
        """
    )
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "TMPDIR": str(tmp_path)}  # no cached jieba dictionary
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-500:]
    chinese, japanese = result.stdout.splitlines()
    assert chinese.startswith("ɕjau↓mau→") and japanese.startswith("neko")


@needs_chinese
def test_listing_the_voices_does_not_load_a_cjk_phonemiser(tmp_path: Path) -> None:
    # jieba's dictionary alone costs over a second: a Piper narration must not pay it at start
    folder = tmp_path / "voices" / "kokoro"
    (folder / "voices").mkdir(parents=True)
    (folder / "kokoro-v1.0.onnx").write_bytes(b"stands in for the model; not loaded here")
    np.zeros(510 * 256, dtype=np.float32).tofile(folder / "voices" / "zf_test.bin")
    probe = textwrap.dedent(
        """
        import sys
        from voxpress.settings import Settings
        from voxpress.voices import list_voices
        ids = [info.id for info in list_voices(Settings.from_env())]
        print("kokoro:zf_test" in ids, "jieba" in sys.modules, "misaki.zh" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "VOXPRESS_DATA": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "False", "False"]
