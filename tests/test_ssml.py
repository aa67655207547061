"""SSML input: the documented subset parsed into plain text and readings, spoken by real Piper
with timings in the plain text, and every malformed or unsupported document refused clearly."""

from __future__ import annotations

import pytest

from conftest import narrate_with_default_voice
from voxpress.narration import prepare
from voxpress.speech.ssml import SsmlError, apply_readings, looks_like_ssml, parse_ssml

CLINIC = (
    '<speak xml:lang="en-GB"><p>The <sub alias="World Health Organization">WHO</sub> visited the '
    'clinic on <say-as interpret-as="date" format="dmy">01/04/2026</say-as>.</p>'
    '<p><prosody rate="fast">Call <say-as interpret-as="telephone">555 0123</say-as> or ask for '
    '<phoneme alphabet="ipa" ph="kˈiːv">Kyiv</phoneme>.</prosody><break strength="strong"/>'
    'Spell <say-as interpret-as="characters">NASA</say-as> for the '
    '<say-as interpret-as="ordinal">3</say-as> time, <lang xml:lang="fr">merci</lang>.</p></speak>'
)
PLAIN = (
    "The WHO visited the clinic on 01/04/2026.\n\nCall 555 0123 or ask for Kyiv.\n\n"
    "Spell NASA for the 3 time, merci."
)


def test_plain_text_readings_and_rate() -> None:
    document = parse_ssml(CLINIC)
    assert document.text == PLAIN
    assert document.rate == 1.25 and document.article.language == "en"
    said = {document.text[r.start : r.end]: r.say or r.phonemes for r in document.readings}
    assert said == {
        "WHO": "World Health Organization",
        "01/04/2026": "April first twenty twenty six",
        "555 0123": "five five five zero one two three",
        "Kyiv": "kˈiːv",
        "NASA": "N A S A",
        "3": "third",
    }


def test_readings_reach_the_script_as_one_word_over_the_written_text() -> None:
    document = parse_ssml(CLINIC)
    script = apply_readings(prepare(document.article), document.readings)
    words = {document.text[w.char_start : w.char_end]: w for s in script.sentences for w in s.words}
    assert words["WHO"].say == "World Health Organization"
    assert words["555 0123"].say == "five five five zero one two three"
    assert words["Kyiv"].phonemes == "kˈiːv"


def test_spoken_ssml_has_timings_in_the_plain_text() -> None:
    document = parse_ssml(CLINIC)
    script = apply_readings(prepare(document.article), document.readings)
    timings = narrate_with_default_voice(script, document.rate).timings
    written = [timings.text[w.char_start : w.char_end] for w in timings.words]
    assert timings.text == PLAIN
    assert "WHO" in written and "555 0123" in written and "01/04/2026" in written
    assert len(timings.sentences) == 3
    who = timings.words[written.index("WHO")]
    visited = timings.words[written.index("visited")]
    # "World Health Organization" is said, not "who": far longer than the word after it.
    assert who.end - who.start > 2 * (visited.end - visited.start)


def test_looks_like_ssml() -> None:
    assert looks_like_ssml("  <speak>Hi</speak>") and looks_like_ssml('<?xml version="1.0"?><speak>x</speak>')
    assert not looks_like_ssml("The <b>speaker</b> spoke.") and not looks_like_ssml("<speaker>")


@pytest.mark.parametrize(
    ("ssml", "message"),
    [
        ("<speak>Unclosed <p>tag</speak>", "not well-formed"),
        ("<speak>Loud <emphasis>news</emphasis></speak>", "<emphasis> is not supported"),
        ("<speak><audio src='x.mp3'/>Hi</speak>", "<audio> is not supported"),
        ("<p>No speak root</p>", "root"),
        ('<speak><say-as interpret-as="currency">$5</say-as></speak>', "interpret-as 'currency'"),
        ('<speak><say-as interpret-as="cardinal">many</say-as></speak>', "whole number"),
        ('<speak><phoneme alphabet="x-sampa" ph="k_hi:v">Kyiv</phoneme></speak>', "alphabet"),
        ("<speak><sub>WHO</sub></speak>", "alias"),
        ('<speak><prosody pitch="high">Hi</prosody></speak>', "only rate"),
        ('<speak><prosody rate="warp">Hi</prosody></speak>', "rate 'warp'"),
        ('<speak><prosody rate="slow">A</prosody> <prosody rate="fast">B</prosody></speak>', "two different"),
        ('<!DOCTYPE speak [<!ENTITY a "b">]><speak>&a;</speak>', "DOCTYPE"),
        ("<speak>   </speak>", "no text"),
        ('<speak><break time="soon"/>Hi</speak>', "break time"),
    ],
)
def test_bad_ssml_is_a_clear_error(ssml: str, message: str) -> None:
    with pytest.raises(SsmlError) as caught:
        parse_ssml(ssml)
    assert message in str(caught.value)
