"""The narration loop with the real default voice: true pace on any text, quick first chunk, cache."""

from __future__ import annotations

from itertools import pairwise

import pytest

from voxpress.article import Article
from voxpress.narration import RateCurve, get_curve, narrate, narrate_chunks, prepare, sentence_cache_key
from voxpress.settings import Settings
from voxpress.speech import Lexicon
from voxpress.speech.script import ScriptSentence
from voxpress.voices import get_voice
from voxpress.voices.base import SentenceAudio, Voice

SHORT_WORDS = Article(
    title="The dog and the cat",
    paragraphs=(
        "It was a cold day, and the dog sat by the door. The cat came in from the rain and lay down by him.",
        "Then the sun came out, and both of them went back to sleep in the warm room.",
    ),
)
LONG_WORDS = Article(
    title="Regional authorities reconsider infrastructure investment",
    paragraphs=(
        "Municipal representatives unanimously recommended comprehensive modernisation of transportation "
        "infrastructure, emphasising environmental sustainability and accessibility considerations.",
        "Independent economists nevertheless questioned whether anticipated administrative efficiencies "
        "would materialise immediately.",
    ),
)


@pytest.fixture(scope="module")
def voice() -> Voice:
    return get_voice(None, "en", Settings.from_env())


@pytest.fixture(scope="module")
def curve(voice: Voice) -> RateCurve:
    return get_curve(voice, Settings.from_env())


@pytest.mark.parametrize("article", [SHORT_WORDS, LONG_WORDS], ids=["short-words", "long-words"])
def test_one_x_is_200_wpm_whatever_the_words(voice: Voice, curve: RateCurve, article: Article) -> None:
    narration = narrate(prepare(article), voice, 1.0, curve=curve)
    assert narration.timings.wpm == pytest.approx(200, rel=0.03)


@pytest.mark.parametrize("speed", [0.5, 0.75, 2.0])
def test_extreme_and_preset_speeds_are_true(voice: Voice, curve: RateCurve, speed: float) -> None:
    narration = narrate(prepare(SHORT_WORDS), voice, speed, curve=curve)
    assert narration.timings.wpm == pytest.approx(200 * speed, rel=0.03)


def test_first_chunk_is_a_short_clause_then_whole_sentences(voice: Voice, curve: RateCurve) -> None:
    script = prepare(LONG_WORDS)
    chunks = list(narrate_chunks(script, voice, 1.0, curve=curve))
    first = chunks[0]
    assert 1 <= len(first.words) <= 7
    assert first.offset == 0.0
    sentences = [c.sentence for c in chunks if c.sentence is not None]
    assert len(sentences) == len(script.sentences)
    assert [c.index for c in chunks] == sorted(c.index for c in chunks)
    for before, after in pairwise(chunks):
        assert after.offset == pytest.approx(
            before.offset + len(before.samples) / before.sample_rate, abs=1e-6
        )


class CountingCache:
    """A real in-memory sentence cache that counts what it is asked."""

    def __init__(self) -> None:
        self.stored: dict[str, SentenceAudio] = {}
        self.misses = 0

    def get(self, key: str) -> SentenceAudio | None:
        found = self.stored.get(key)
        self.misses += found is None
        return found

    def put(self, key: str, audio: SentenceAudio) -> None:
        self.stored[key] = audio


def test_editing_one_sentence_resynthesizes_only_that_sentence(voice: Voice, curve: RateCurve) -> None:
    cache = CountingCache()
    narrate(prepare(SHORT_WORDS), voice, 1.0, curve=curve, cache=cache)
    first_misses = cache.misses
    edited = Article(
        title=SHORT_WORDS.title,
        paragraphs=(SHORT_WORDS.paragraphs[0], "Then the sun came out, and both of them went out to play."),
    )
    cache.misses = 0
    narration = narrate(prepare(edited), voice, 1.0, curve=curve, cache=cache)
    assert first_misses >= 4
    assert cache.misses == 1
    assert narration.timings.wpm == pytest.approx(200, rel=0.03)


def test_cache_key_depends_on_voice_speed_and_what_is_said() -> None:
    sentence = prepare(SHORT_WORDS).sentences[1]
    key = sentence_cache_key("piper:a", 1.0, sentence)
    assert key == sentence_cache_key("piper:a", 1.0, sentence)
    other_words = ScriptSentence(
        sentence.char_start, sentence.char_end, sentence.words[:-1], sentence.block_index
    )
    assert (
        len(
            {
                key,
                sentence_cache_key("piper:b", 1.0, sentence),
                sentence_cache_key("piper:a", 1.25, sentence),
                sentence_cache_key("piper:a", 1.0, other_words),
            }
        )
        == 4
    )


def test_a_lexicon_edit_changes_only_the_sentences_it_touches() -> None:
    before = prepare(SHORT_WORDS, Lexicon.parse("Widget = widjet\n"))
    after = prepare(SHORT_WORDS, Lexicon.parse("Widget = widjet\ncat = kat\n"))
    changed = [
        i
        for i, (old, new) in enumerate(zip(before.sentences, after.sentences, strict=True))
        if sentence_cache_key("piper:a", 1.0, old) != sentence_cache_key("piper:a", 1.0, new)
    ]
    assert changed == [0, 2]  # the title and the sentence that mention the cat
