"""First-piece clarity: Whisper's word error rate on the opening of a narration, per way of cutting it.

    python benchmarks/first_piece_clarity.py [--variants today,uncut,notrim,clause,context]
                                             [--runs 3] [--sentences 1] [--model-dir DIR]
                                             [--eval-dir EVAL [--eval-articles 6]] [--transcripts]
                                             [--first-audio N]

voxpress cuts a narration's first sentence into a quick first piece of a few
words so that audio starts at once (issue 16). This narrates only the opening
(the first ``--sentences`` sentences) of each article of
``intelligibility_articles.py`` (or, with ``--eval-dir``, of the real articles
``intelligibility_eval.py`` picks, for measuring only) with Piper at 1x, in variants:

- ``bare``: piper-tts alone on the written opening, its own rate (the baseline);
- ``before``: voxpress before this benchmark's fix: the first sentence cut at 3–5 words even
  inside a name or after a possessive, and the first piece pace-trimmed (WSOLA stretch);
- ``uncut``: the first sentence is not cut (one piece, as every other sentence);
- ``oldcut``: the old cut, the first piece not trimmed (the trim's share);
- ``trimmed``: today's cut, the first piece trimmed (the cut's share);
- ``today``: voxpress as it is (the cut at a phrase or clause boundary, no trim on the first piece);
- ``context``: the first sentence synthesized whole and cut at the piece boundary into two
  chunks, so the first piece is heard with the whole sentence's intonation (costs the quick start;
  measures whether in-context synthesis would cure the cut).

Each opening is transcribed by Whisper base (as ``intelligibility.py``) and scored
through the same ``canonical_words``; printed per article and as means over
``--runs`` runs (Piper samples its noise, so runs differ). ``--first-audio N`` also
times the first chunk of ``narrate_chunks`` (the quick first piece, which a longer cut
makes slower), ``before`` against ``today`` on the same openings, interleaved;
``--runs 0 --first-audio N`` does only that.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intelligibility import Transcriber, bare_piper, canonical_words, whisper_dir, word_errors
from intelligibility_articles import ARTICLES, BenchArticle
from intelligibility_eval import eval_articles
from voxpress.narration import get_curve, loop, narrate, narrate_chunks, plan, synthesizer
from voxpress.narration.plan import Piece
from voxpress.settings import Settings
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.script import Script, ScriptSentence
from voxpress.voices import get_voice
from voxpress.voices.base import SentenceAudio, Voice

_SPOKEN_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def opening(article: BenchArticle, sentences: int, lexicon: Lexicon) -> BenchArticle:
    """The article's first ``sentences`` sentences, written (cut where voxpress ends its sentence)
    and spoken (the reference, cut at its own sentence ends; the same text for a real article)."""
    script = prepare_script(article.written, "en", lexicon, dictionary=True)
    end = script.sentences[min(sentences, len(script.sentences)) - 1].char_end
    written = article.written[:end].strip()
    if article.spoken == article.written:
        return BenchArticle(article.name, written, written)
    spoken = " ".join(_SPOKEN_SENTENCE_END.split(article.spoken.replace("\n\n", " "))[:sentences])
    return BenchArticle(article.name, written, spoken)


@contextmanager
def uncut() -> Iterator[None]:
    """The first sentence planned whole."""
    original = loop.plan_pieces

    def whole(script: Script, first_piece_words: tuple[int, int] = plan.FIRST_PIECE_WORDS) -> list[Piece]:
        return original(script, (10**6, 10**6))

    loop.plan_pieces = whole  # type: ignore[assignment]
    try:
        yield
    finally:
        loop.plan_pieces = original


@contextmanager
def first_trimmed() -> Iterator[None]:
    """The quick first piece pace-trimmed (WSOLA stretch) like every other piece, as before."""
    original_call = synthesizer.Synthesizer.__call__

    def call(self: synthesizer.Synthesizer, piece: Piece) -> SentenceAudio:
        audio = original_call(self, piece)
        spoken = synthesizer.speech_seconds(audio)
        if not piece.is_quick_start or not spoken:
            return audio
        return synthesizer.trim_pace(audio, spoken / self.planned_seconds(piece))

    synthesizer.Synthesizer.__call__ = call  # type: ignore[method-assign]
    try:
        yield
    finally:
        synthesizer.Synthesizer.__call__ = original_call  # type: ignore[method-assign]


def _old_split_first(
    sentence: ScriptSentence, first_piece_words: tuple[int, int] = plan.FIRST_PIECE_WORDS
) -> tuple[ScriptSentence, ...]:
    """``split_first`` as it was before it cut only at clause punctuation."""
    low, high = first_piece_words
    words = sentence.words
    spoken = [i for i, w in enumerate(words) if w.say or w.phonemes]
    if len(spoken) <= high + 1:
        return (sentence,)
    candidates = spoken[low - 1 : high]
    opens = plan.PHRASE_OPENERS
    closing = [i for i in candidates if plan._first_said_word(words[i]) not in opens]
    if not closing and not any(words[i].punctuation for i in candidates):
        further = (i for i in spoken[high:-1] if plan._first_said_word(words[i]) not in opens)
        candidates = closing = [next(further, candidates[-1])]
    cut = next((i for i in candidates if words[i].punctuation), None)
    if cut is None:
        cut = next((i for i in closing if plan._first_said_word(words[i + 1]) in opens), None)
    if cut is None:
        cut = closing[-1] if closing else candidates[-1]
    return plan.cut_after(sentence, cut)


@contextmanager
def old_cut() -> Iterator[None]:
    """The first sentence cut by the rule before this change."""
    original = plan.split_first
    plan.split_first = _old_split_first
    try:
        yield
    finally:
        plan.split_first = original


@contextmanager
def in_context() -> Iterator[None]:
    """The quick first piece is cut out of the whole first sentence's synthesis, and the rest of
    that sentence is the remainder of the same audio: one intonation across the boundary."""
    original_call = synthesizer.Synthesizer.__call__
    whole_audio: dict[int, SentenceAudio] = {}
    lock = threading.Lock()

    def whole_of(self: synthesizer.Synthesizer, piece: Piece) -> SentenceAudio:
        with lock:
            if piece.sentence_index not in whole_audio:
                sentence = self.sentences[piece.sentence_index]
                whole = Piece(piece.sentence_index, sentence, 0.0, True, True)
                whole_audio[piece.sentence_index] = original_call(self, whole)
            return whole_audio[piece.sentence_index]

    def call(self: synthesizer.Synthesizer, piece: Piece) -> SentenceAudio:
        whole = self._whole_sentence(piece)
        if whole is None or piece.sentence_index != 0:
            return original_call(self, piece)
        audio = whole_of(self, piece)
        starts = [w.char_start for w in whole.words]
        first = starts.index(piece.sentence.words[0].char_start)
        last = first + len(piece.sentence.words)
        spans = audio.word_spans
        before = [s for s in spans[:first] if s is not None]
        inside = [s for s in spans[first:last] if s is not None]
        after = [s for s in spans[last:] if s is not None]
        rate = audio.sample_rate
        begin = 0 if not before else round((before[-1][1] + inside[0][0]) / 2 * rate)
        end = len(audio.samples) if not after else round((inside[-1][1] + after[0][0]) / 2 * rate)
        shift = begin / rate
        own = [None if s is None else (s[0] - shift, s[1] - shift) for s in spans[first:last]]
        return SentenceAudio(samples=audio.samples[begin:end], sample_rate=rate, word_spans=own)

    synthesizer.Synthesizer.__call__ = call  # type: ignore[method-assign]
    try:
        yield
    finally:
        synthesizer.Synthesizer.__call__ = original_call  # type: ignore[method-assign]
        whole_audio.clear()


@contextmanager
def as_today() -> Iterator[None]:
    yield


@contextmanager
def as_before() -> Iterator[None]:
    with old_cut(), first_trimmed():
        yield


VARIANTS: dict[str, Callable[[], AbstractContextManager[None]]] = {
    "before": as_before,
    "uncut": uncut,
    "oldcut": old_cut,
    "trimmed": first_trimmed,
    "today": as_today,
    "context": in_context,
}


def voxpress_opening(voice: Voice, settings: Settings, variant: str) -> Callable[[BenchArticle], np.ndarray]:
    curve = get_curve(voice, settings)
    lexicon = Lexicon.default()

    def run(article: BenchArticle) -> np.ndarray:
        script = prepare_script(article.written, "en", lexicon, dictionary=True)
        with VARIANTS[variant]():
            narration = narrate(script, voice, 1.0, curve=curve, workers=2)
        return narration.samples

    return run


def first_audio_seconds(voice: Voice, settings: Settings, variant: str, article: BenchArticle) -> float:
    """Seconds from calling ``narrate_chunks`` to its first chunk (the quick first piece's cost)."""
    curve = get_curve(voice, settings)
    script = prepare_script(article.written, "en", Lexicon.default(), dictionary=True)
    with VARIANTS[variant]():
        began = time.perf_counter()
        chunks = narrate_chunks(script, voice, 1.0, curve=curve, workers=2)
        next(chunks)
        seconds = time.perf_counter() - began
        chunks.close()
    return seconds


def print_first_audio(voice: Voice, settings: Settings, articles: list[BenchArticle], runs: int) -> None:
    """Median time to the first chunk, ``before`` against ``today``, interleaved on the same openings."""
    variants = ("before", "today")
    seconds: dict[str, list[float]] = {v: [] for v in variants}
    for article in articles[:1]:  # warm the model and the curve
        first_audio_seconds(voice, settings, "today", article)
    for _ in range(runs):
        for article in articles:
            for variant in variants:
                seconds[variant].append(first_audio_seconds(voice, settings, variant, article))
    print(f"\nFirst chunk (narrate_chunks), Piper, {runs} runs x {len(articles)} openings, median / p90 ms")
    for variant in variants:
        ordered = sorted(seconds[variant])
        p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
        print(f"  {variant:8} {1000 * statistics.median(ordered):6.0f} / {1000 * p90:6.0f}")


def first_piece_text(article: BenchArticle) -> str:
    script = prepare_script(article.written, "en", Lexicon.default(), dictionary=True)
    pieces = plan.plan_pieces(script)
    return " ".join(w.say for w in pieces[0].sentence.words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="before,uncut,oldcut,trimmed,today")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sentences", type=int, default=1, help="opening sentences narrated")
    parser.add_argument("--no-bare", action="store_true")
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--eval-dir", type=Path, default=None, help="a folder with gold.json")
    parser.add_argument("--eval-articles", type=int, default=6)
    parser.add_argument("--transcripts", action="store_true")
    parser.add_argument(
        "--first-audio", type=int, default=0, help="also time the first chunk, before and today, N runs"
    )
    args = parser.parse_args()
    settings = Settings.from_env()
    lexicon = Lexicon.default()
    source = eval_articles(args.eval_dir, args.eval_articles, 250) if args.eval_dir else ARTICLES
    articles = [opening(a, args.sentences, lexicon) for a in source]
    transcribe = Transcriber(whisper_dir(args.model_dir or settings.data_dir / "models" / "whisper-base"))
    voice = get_voice(None, "en", settings=settings)
    rate = voice.info.sample_rate
    for article in articles:
        print(f"{article.name:16} first piece: {first_piece_text(article)!r}")
    if args.runs == 0 and args.first_audio:
        print_first_audio(voice, settings, articles, args.first_audio)
        return
    systems: dict[str, Callable[[BenchArticle], np.ndarray]] = {}
    if not args.no_bare:
        bare = bare_piper()
        systems["bare"] = lambda a: bare(a)[0]
    for variant in args.variants.split(","):
        systems[variant] = voxpress_opening(voice, settings, variant)
    # errors[system][article] = list of (errors, reference words) over runs
    errors: dict[str, dict[str, list[tuple[int, int]]]] = {s: {a.name: [] for a in articles} for s in systems}
    began = time.perf_counter()
    for run in range(args.runs):
        for article in articles:  # interleaved, so load affects every system alike
            reference = canonical_words(article.spoken)
            for name, system in systems.items():
                heard = transcribe(system(article), rate)
                errors[name][article.name].append(
                    (word_errors(reference, canonical_words(heard)), len(reference))
                )
                if args.transcripts:
                    print(f"  [{run + 1} {name:8} {article.name}] {heard}", flush=True)
        print(f"run {run + 1}/{args.runs} done ({time.perf_counter() - began:.0f} s)", flush=True)
    print(f"\nOpening WER (first {args.sentences} sentence(s)), Whisper base, Piper at 1x, {args.runs} runs")
    header = f"{'article':16}" + "".join(f"{name:>10}" for name in systems)
    print(header)
    for article in articles:
        cells = ""
        for name in systems:
            runs = errors[name][article.name]
            cells += f"{100 * sum(e for e, _ in runs) / sum(n for _, n in runs):9.1f}%"
        print(f"{article.name:16}{cells}")
    means = ""
    for name in systems:
        per_article = [sum(e for e, _ in r) / sum(n for _, n in r) for r in errors[name].values()]
        means += f"{100 * sum(per_article) / len(per_article):9.1f}%"
    print(f"{'mean':16}{means}")
    if args.first_audio:
        print_first_audio(voice, settings, articles, args.first_audio)


if __name__ == "__main__":
    main()
