"""espeak-ng IPA rewritten into the inventory Kokoro-82M was trained on (misaki's), words kept."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from voxpress.speech.kokoro_english import kokoro_english_phonemes, to_kokoro_inventory


def rewrite(ipa: str, british: bool = False) -> str:
    return to_kokoro_inventory(ipa, [0] * len(ipa), british)[0]


@pytest.mark.parametrize(
    ("espeak", "kokoro"),
    [
        ("tˈoʊkɪʲˌoʊ", "tˈOkɪˌO"),  # diphthongs as one symbol, no glide mark
        ("dʒˈʌmp", "ʤˈʌmp"),
        ("tʃˈɜːtʃ", "ʧˈɜɹʧ"),
        ("wˈɔːɾɚ", "wˈɔTəɹ"),  # flap, r-coloured schwa, no length marks
        ("mˈaɪ bˈɔɪ nˈaʊ", "mˈI bˈY nˈW"),
        ("dˈeɪ", "dˈA"),
    ],
)
def test_american_rewrites(espeak: str, kokoro: str) -> None:
    assert rewrite(espeak) == kokoro


def test_british_voices_keep_length_and_get_their_own_diphthong() -> None:
    assert rewrite("ɡˈəʊ fˈɑːst", british=True) == "ɡˈQ fˈɑːst"
    assert rewrite("hˈeə", british=True) == "hˈɛː"


def test_each_symbol_keeps_the_word_it_came_from() -> None:
    ipa = "ɡˈoʊ hˈoʊm"
    owners: list[int | None] = [0, 0, 0, 0, None, 1, 1, 1, 1, 1]
    text, labels = to_kokoro_inventory(ipa, owners)
    assert text == "ɡˈO hˈOm"
    assert labels == [0, 0, 0, None, 1, 1, 1, 1]
    with pytest.raises(ValueError):
        to_kokoro_inventory(ipa, owners[:-1])


def test_the_rewrite_moves_espeak_much_closer_to_misakis_own_dictionary() -> None:
    """On common words, espeak's readings rewritten match misaki's hand-made ones far more often."""
    from voxpress.phonemize import phonemize_text
    from voxpress.voices.kokoro import VOCAB, kokoro_phonemes

    gold = json.loads(resources.files("misaki").joinpath("data/us_gold.json").read_text(encoding="utf-8"))
    words = ["water", "daylight", "join", "church", "better", "mountain", "noisy", "ocean", "player"]
    words += ["station", "cloudy", "toilet", "nature", "shower", "idea", "choice", "grader", "window"]

    def unstressed(text: str) -> str:
        return text.replace("ˈ", "").replace("ˌ", "")

    before = after = 0
    for word in words:
        espeak = phonemize_text("en-us", word)
        expected = unstressed(gold[word].replace("ɾ", "T"))
        old, _ = kokoro_phonemes(list(espeak), [0] * len(espeak), "en-us")
        new, _ = kokoro_english_phonemes(list(espeak), [0] * len(espeak), "en-us", VOCAB)
        before += unstressed(old) == expected
        after += unstressed(new) == expected
    assert after >= before + len(words) // 2, (before, after)


def test_misaki_words_give_kokoro_its_own_dictionary_readings() -> None:
    from voxpress.speech import prepare_script
    from voxpress.speech.kokoro_english import misaki_word, with_misaki_words

    assert misaki_word("water") == "wˈɔɾəɹ"
    assert misaki_word("Tokyo's") == "tˈOkiˌOz"
    assert misaki_word("Zyxquorp") is None
    script = with_misaki_words(prepare_script("Tokyo rose 5% as Zyxquorp fell.", "en"))
    words = {w.say: w.phonemes for w in script.sentences[0].words}
    assert words["Tokyo"] == "tˈOkiˌO"
    assert words["five percent"] == f"{misaki_word('five')} {misaki_word('percent')}"
    assert words["Zyxquorp"] is None


def test_words_already_in_misakis_inventory_are_not_rewritten_again() -> None:
    from voxpress.voices.kokoro import VOCAB

    # word 0 is misaki's "nutshell" (its "tʃ" is two phonemes, not espeak's affricate); word 1 is espeak's
    misaki = "nˈʌtʃɛl"
    espeak = "tˈoʊkɪjˌoʊ"
    ipa = f"{misaki} {espeak}"
    owners: list[int | None] = [0] * len(misaki) + [None] + [1] * len(espeak)
    text, labels = kokoro_english_phonemes(list(ipa), owners, "en-us", VOCAB, verbatim={0})
    assert text == "nˈʌtʃɛl tˈOkɪjˌO"
    assert labels == [0] * len(misaki) + [None] + [1] * len("tˈOkɪjˌO")
    # only the flap and glottal stop, as misaki's own G2P writes them last
    assert kokoro_english_phonemes(list("wˈɔɾəɹ"), [0] * 6, "en-us", VOCAB, verbatim={0})[0] == "wˈɔTəɹ"
