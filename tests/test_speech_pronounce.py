"""Names from the pronouncing dictionary (CMUdict) where espeak-ng misreads them; the news lexicon."""

from __future__ import annotations

from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.pronounce import arpabet_to_ipa, dictionary_readings, name_phonemes, readings_disagree


def phonemes_of(text: str, lexicon: Lexicon | None = None) -> dict[str, str | None]:
    script = prepare_script(text, "en", lexicon)
    return {script.text[w.char_start : w.char_end]: w.phonemes for s in script.sentences for w in s.words}


def test_arpabet_becomes_espeak_ipa_with_stress_before_the_vowel() -> None:
    assert arpabet_to_ipa("P UW1 T IH0 N") == "pˈuːtɪn"
    assert arpabet_to_ipa("S OW1 F AH0") == "sˈoʊfə"
    assert arpabet_to_ipa("HH AE1 P IY0") == "hˈæpi"
    assert arpabet_to_ipa("B ER1 D") == "bˈɜːd"
    assert arpabet_to_ipa("JH EH1 F ER0 S AH0 N") == "dʒˈɛfɚsən"


def test_readings_disagree_on_consonants_and_stress_not_on_vowel_shades() -> None:
    assert readings_disagree("pˈuːtɪn", "pjˈuːtɪn")  # an extra consonant
    assert readings_disagree("nɪkˈeɪ", "nˈɪkeɪ")  # stress moved
    assert not readings_disagree("ˈɔːstən", "ˈɔːstɪn")  # reduced vowels differ only
    assert not readings_disagree("tˈoʊkiˌoʊ", "tˈoʊkɪʲˌoʊ")  # espeak's glide mark
    assert not readings_disagree("pˈiːtɚbɚoʊ", "pˈiːɾɚbˌʌɹoʊ")  # flap t, r-coloured vowel


def test_a_name_espeak_misreads_gets_the_dictionary_reading() -> None:
    assert dictionary_readings("Putin")[0] == "pˈuːtɪn"
    assert name_phonemes("Putin") == "pˈuːtɪn"
    assert name_phonemes("Putin's") == "pˈuːtɪnz"
    assert name_phonemes("Toyota") == "toʊjˈoʊtə"


def test_words_espeak_already_says_as_one_of_the_dictionary_readings_are_left_alone() -> None:
    for word in ("Shares", "Seoul", "Trump", "Nikkei", "Siobhan", "Peterborough", "She", "One", "Shanghai"):
        assert name_phonemes(word) is None, word
    assert name_phonemes("Zyxquorp") is None  # not in the dictionary


def test_the_script_carries_dictionary_phonemes_for_capitalised_words_only() -> None:
    found = phonemes_of("Analysts at Jefferies expect Toyota to gain, and toyota fans agree.")
    assert found["Jefferies"] == "dʒˈɛfɹiz"
    assert found["Toyota"] == "toʊjˈoʊtə"
    assert found["toyota"] is None
    assert found["Analysts"] is None


def test_lexicons_win_over_the_dictionary_and_an_empty_lexicon_turns_it_off() -> None:
    publisher = Lexicon.parse("Toyota = [[tɔɪˈoʊtə]]")
    assert phonemes_of("Toyota rose.", Lexicon.default().merged(publisher))["Toyota"] == "tɔɪˈoʊtə"
    assert phonemes_of("Toyota rose.", Lexicon.empty())["Toyota"] is None
    assert phonemes_of("Marseille won.")["Marseille"] == "mɑːɹsˈeɪ"  # news lexicon, not CMUdict's mɑːɹsˈaɪl
    without = prepare_script("Toyota rose.", "en", dictionary=False).sentences[0].words
    assert without[0].phonemes is None


def test_other_languages_never_get_english_dictionary_readings() -> None:
    words = prepare_script("Toyota verkaufte mehr Autos.", "de").sentences[0].words
    assert all(w.phonemes is None for w in words)


def test_the_news_lexicon_reads_index_names_and_sits_under_the_hand_checked_one() -> None:
    found = phonemes_of("The Hang Seng and the Bovespa rose; Kharkiv was calm.")
    assert found["Bovespa"] == "boʊvˈɛspə"
    assert found["Kharkiv"] == "kˈɑːɹkiːv"
    default = Lexicon.default()
    assert len(default) > len(Lexicon.hand_checked())
    assert {e.phrase for e in Lexicon.hand_checked().entries} <= {e.phrase for e in default.entries}


def test_news_names_where_both_espeak_and_the_dictionary_go_wrong() -> None:
    found = phonemes_of("Rutte met Kagame in Yerevan; Carrefour and Aviva fell in Kathmandu.")
    assert found["Rutte"] == "ɹˈʊtə"  # espeak: ɹˈʌt, not in CMUdict
    assert found["Kagame"] == "kɑːɡˈɑːmeɪ"
    assert found["Yerevan"] == "jˌɛɹəvˈɑːn"  # over CMUdict's jˈɛɹəvən
    assert found["Carrefour"] == "kˈɑːɹfʊɹ"
    assert found["Aviva"] == "əvˈiːvə"
    assert found["Kathmandu"] == "kˌætmænˈduː"


def test_piper_speaks_dictionary_names_and_times_every_word() -> None:
    """Real Piper: a sentence whose names carry dictionary phonemes is spoken with a span for each word."""
    from voxpress.settings import Settings
    from voxpress.voices import get_voice

    script = prepare_script("Analysts at Jefferies expect Toyota to gain.", "en")
    sentence = script.sentences[0]
    assert sum(1 for w in sentence.words if w.phonemes) == 2
    audio = get_voice(None, "en", Settings.from_env()).synthesize(sentence, 1.0)
    spans = audio.word_spans
    assert len(spans) == len(sentence.words) and all(span is not None for span in spans)
    starts = [span[0] for span in spans if span is not None]
    assert starts == sorted(starts)
    assert len(audio.samples) / audio.sample_rate > 1.5
