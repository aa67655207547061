"""Names of foreign origin read by their own language's spelling rules, in the English voice's sounds."""

from __future__ import annotations

import pytest

from voxpress.settings import Settings, name_languages
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.foreign_names import (
    DEFAULT_NAME_LANGUAGES,
    ENGLISH_SYMBOLS,
    NAME_LANGUAGES,
    english_inventory,
    foreign_name_phonemes,
    guess_language,
    pinyin_phonemes,
    romaji_phonemes,
)
from voxpress.speech.pronounce import dictionary_readings, english_inflection, name_phonemes

# Invented or rare names (none in CMUdict), each spelt the way its language spells.
NAMES_BY_LANGUAGE = {
    "pl": ["Wyszkowska", "Brzeczek", "Łukasiewiczowa"],
    "tr": ["Yıldırımoğlu", "Şahinkaya"],
    "it": ["Bertolazzi", "Ghirardelloni", "Pesciatelli", "Scognamiglio"],
    "es": ["Castañeda", "Villafañez", "Orduñez"],
    "de": ["Kranzfelder", "Grünewald", "Lichtenstein"],
    "cs": ["Dvořáček", "Hrubíčková"],
    "nl": ["Dijkhuizen", "Haarsma"],
    "pt": ["Gusmão", "Conceição"],
    "fr": ["Bérengère", "Mélançon"],
    "nb": ["Bjørnstad"],
    "ja": ["Takenouchi", "Hanazawa", "Morimoto"],
    "zh": ["Xiaoqing", "Zhuang", "Qianlong", "Huangpu"],
}


@pytest.mark.parametrize("language,word", [(lang, w) for lang, ws in NAMES_BY_LANGUAGE.items() for w in ws])
def test_a_name_is_placed_in_its_language_and_read_in_english_sounds(language: str, word: str) -> None:
    assert guess_language(word) == language
    reading = foreign_name_phonemes(word, frozenset({language}))
    assert reading, word
    assert set(reading) <= ENGLISH_SYMBOLS, (word, reading)
    assert reading.count("ˈ") == 1, (word, reading)


def test_english_looking_words_are_left_to_the_english_rules() -> None:
    for word in (
        "Zyxquorp",
        "Brightwater",
        "Hollowell",
        "Quickby",
        "Kettering",
        "Dunmore",
        "Mapleton",
        "Reskin",
    ):
        assert guess_language(word) is None, word
    # pinyin doubles no letter; English "-ing" words that split into its syllables do
    assert guess_language("Running") is None
    assert guess_language("Hence") is None


def test_romaji_names_are_stressed_on_the_syllable_before_last_with_pure_vowels() -> None:
    assert romaji_phonemes("Morimoto") == "moʊɹɪmˈoʊtoʊ"
    assert romaji_phonemes("Hanazawa") == "hɑːnɑːzˈɑːwə"
    assert romaji_phonemes("Takenouchi") == "tɑːkɛnˈoʊtʃi"  # "ou" is one long o
    assert romaji_phonemes("Shinzaki") == "ʃɪnzˈɑːki"  # the syllabic n
    assert romaji_phonemes("Hattori") == "hɑːtˈoʊɹi"  # a doubled t said once
    assert romaji_phonemes("Kobe") is None  # two syllables fit too many other languages
    assert romaji_phonemes("Seamon") is None  # an English vowel spelling
    assert romaji_phonemes("Tsilva") is None  # "l" and "v" are not Japanese


def test_pinyin_names_split_into_syllables_stressed_last() -> None:
    assert pinyin_phonemes("Xiaoqing") == "ʃˌjaʊtʃˈɪŋ"
    assert pinyin_phonemes("Zhuang") == "dʒˈwɑːŋ"
    assert pinyin_phonemes("Huangpu") == "hˌwɑːŋpˈuː"
    assert pinyin_phonemes("Shizhen") == "ʃˌɜːdʒˈən"  # the buzzing "i" after sh
    assert pinyin_phonemes("Yuxiang") == "jˌuːʃˈjɑːŋ"
    assert pinyin_phonemes("Bamoko") is None  # open syllables only: not told from Italian or Bantu
    assert pinyin_phonemes("Tanner") is None  # a doubled letter


def test_other_languages_sounds_become_the_nearest_english_ones() -> None:
    assert english_inventory("dʒoɾdʒˈetːɪ", "it") == "dʒoʊɹdʒˈɛti"  # tap r, geminate t, final i
    assert english_inventory("feɪxˈoo", "es") == "feɪhˈoʊ"  # x before a vowel is h; "oo" said once
    assert english_inventory("vˈɔjtɕɛx", "pl") == "vˈɔɪtʃɛk"  # "oj" a diphthong; final x is k
    assert english_inventory("mˈʏlɜ", "de") == "mˈʊlɚ"  # German -er with an English r
    assert english_inventory("sˈɐ̃ʊ̃", "pt") == "sˈaʊ"  # Portuguese nasal vowels said plain
    assert english_inventory("mˌelɑ̃ʃˈɔ̃", "fr") == "mˌɛlɑːnʃˈɔːn"  # French ones with an n
    assert english_inventory("pˈeɲa", "es") == "pˈɛnjə"  # ñ as "ny"; unstressed final a reduced
    assert english_inventory("kˈʘa", "es") is None  # a click has no English counterpart


def test_accented_names_are_looked_up_without_their_accents() -> None:
    assert dictionary_readings("Gómez") == dictionary_readings("Gomez") != []
    assert dictionary_readings("Łopez") == dictionary_readings("Lopez")
    assert (
        name_phonemes("Dvořáček") == dictionary_readings("Dvoracek")[0]
    )  # the dictionary's, not Czech rules


def test_english_inflections_of_dictionary_words_are_not_foreign() -> None:
    assert english_inflection("Zoomings")  # "zooming" plus s
    assert english_inflection("Zoomers")
    assert english_inflection("Blairites")
    assert not english_inflection("Bertolazzi")


def _readings(
    text: str, lexicon: Lexicon, languages: frozenset[str] = DEFAULT_NAME_LANGUAGES
) -> dict[str, str | None]:
    script = prepare_script(text, "en", lexicon, name_languages=languages)
    return {script.text[w.char_start : w.char_end]: w.phonemes for s in script.sentences for w in s.words}


def test_by_default_only_japanese_names_are_read_by_their_own_rules() -> None:
    text = "Bertolazzi met Takenouchi and Xiaoqing in Hrubíčková's office."
    found = _readings(text, Lexicon.default())
    assert DEFAULT_NAME_LANGUAGES == {"ja"} == Settings().name_languages
    assert found["Takenouchi"] == "tɑːkɛnˈoʊtʃi"
    assert found["Bertolazzi"] is None and found["Xiaoqing"] is None and found["Hrubíčková's"] is None


def test_the_script_reads_unknown_foreign_names_by_their_rules_and_lexicons_still_win() -> None:
    text = "Bertolazzi met Takenouchi and Xiaoqing in Hrubíčková's office."
    found = _readings(text, Lexicon.default(), frozenset({"all"}))
    assert found["Bertolazzi"] == foreign_name_phonemes("Bertolazzi", frozenset({"it"}))
    assert found["Takenouchi"] == "tɑːkɛnˈoʊtʃi"
    assert found["Xiaoqing"] == "ʃˌjaʊtʃˈɪŋ"
    assert found["Hrubíčková's"] == f"{foreign_name_phonemes('Hrubíčková', NAME_LANGUAGES)}z"
    assert found["office"] is None and found["met"] is None
    publisher = Lexicon.parse("Takenouchi = [[tˌækənˈuːtʃi]]")
    said = _readings(text, Lexicon.default().merged(publisher), frozenset({"all"}))
    assert said["Takenouchi"] == "tˌækənˈuːtʃi"
    assert (
        not dictionary_readings("Brightwick") and name_phonemes("Brightwick") is None
    )  # not placed: espeak's English rules stand


def test_the_setting_names_languages_all_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert name_languages("ja, ZH") == {"ja", "zh"}
    assert name_languages("none") == frozenset()
    with pytest.raises(ValueError, match="VOXPRESS_NAME_LANGUAGES"):
        name_languages("ja;it")
    monkeypatch.setenv("VOXPRESS_NAME_LANGUAGES", "all")
    assert Settings.from_env().name_languages == {"all"}
    text = "Takenouchi met Bertolazzi."
    assert _readings(text, Lexicon.default(), frozenset())["Takenouchi"] is None
    assert _readings(text, Lexicon.default(), frozenset({"it"}))["Bertolazzi"]
