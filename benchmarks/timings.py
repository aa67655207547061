"""Word-timing accuracy: the timings file against an independent forced aligner.

Narrates a few invented articles (numbers, money, dates, names) with the
default voice through the real pipeline, force-aligns the spoken words to the
audio with pocketsphinx, and compares each written word's start in the timings
with the aligner's start of its first spoken word. Prints the median and 95th
percentile error in milliseconds (targets: median ≤ 30 ms, p95 ≤ 100 ms).

    .venv/bin/python benchmarks/timings.py [--speed 1.0] [--articles N] [--show-worst 10]

pocketsphinx settings that hold up on synthetic speech (see the project's
engine notes): no filler words, very wide beams, ``<sil>`` allowed between
sentences and clauses, 0.3 s of padding, and words missing from its
dictionary given pronunciations from espeak-ng's phonemes mapped to its phones.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

import numpy as np
from scipy.signal import resample_poly

from voxpress.article import Article
from voxpress.narration import get_curve, narrate, prepare
from voxpress.settings import Settings
from voxpress.speech.script import Script, SpokenWord
from voxpress.voices import get_voice

ALIGN_RATE = 16_000
PADDING_SECONDS = 0.3

ARTICLES = (
    Article(
        title="Harbour council backs $1.2bn flood plan",
        standfirst=("Work on the sea wall starts in March 2025",),
        paragraphs=(
            "The Eastport harbour council voted 7-2 on Tuesday to approve a $1.2bn flood defence plan, "
            "ending a debate that began in 2019. The scheme will raise the sea wall by 1.5m along 12km "
            "of coast and protect about 4,300 homes.",
            'Mayor Ruth Adebayo said the vote was "the most important decision this council has made '
            "since the 1990s\". Critics, including Dr. Sam Wilde of the local residents' group, argued "
            "that the cost had risen 35% since the first estimate of $890m.",
            "Construction is due to begin on March 3, 2025, and finish by late 2028. The council will "
            "borrow £400m from the national infrastructure bank at a rate of 3.25%.",
        ),
    ),
    Article(
        title="Night trains return to the northern line",
        paragraphs=(
            "Passengers will be able to travel overnight between Halden and Korvik again from 5 June, "
            "the rail operator said on Monday. The 9:45 p.m. service will arrive at 6:10 a.m., taking "
            "just over eight hours for the 640km journey.",
            "Tickets start at €49 for a seat and €129 for a private cabin with two beds. The company "
            "expects to carry 80,000 passengers in the first year, roughly a third of the 1980s peak.",
            "Night services were cut in 2016 after losses of €15m a year. A new fleet of 12 sleeper "
            "carriages, built for €96m, has made the route viable, the chief executive, Ines Koller, "
            "told reporters in Halden. A later link to Kyiv depends on funding from the EU.",
        ),
    ),
    Article(
        title="Village library wins national award",
        paragraphs=(
            "A library run by volunteers in the village of Marsh End has been named Library of the Year, "
            "beating 214 other entries. Its 31 volunteers keep it open six days a week.",
            "The library lends about 9,000 books a year to a village of 1,850 people. It also runs a "
            "weekly coding club for children aged 8 to 12 and a repair café on the first Saturday of "
            "each month.",
            '"We started with two shelves and a kettle in 2011," said its founder, Mrs. Pat Orme, 74. '
            "The award comes with a prize of £5,000, which will pay for a new roof and 300 more books.",
        ),
    ),
)

_IPA_TO_ARPABET = {
    "tʃ": "CH", "dʒ": "JH", "eɪ": "EY", "aɪ": "AY", "ɔɪ": "OY", "aʊ": "AW", "oʊ": "OW", "əʊ": "OW",
    "ɜː": "ER", "ɜ": "ER", "ɚ": "ER", "ɝ": "ER", "ɑː": "AA", "ɑ": "AA", "ɒ": "AA", "æ": "AE", "a": "AA",
    "ʌ": "AH", "ə": "AH", "ɐ": "AH", "ɔː": "AO", "ɔ": "AO", "ɛ": "EH", "e": "EH", "ɪ": "IH", "ᵻ": "IH",
    "iː": "IY", "i": "IY", "uː": "UW", "u": "UW", "ʊ": "UH", "o": "OW", "oː": "AO", "b": "B", "d": "D",
    "ð": "DH", "f": "F", "ɡ": "G", "g": "G", "h": "HH", "j": "Y", "k": "K", "l": "L", "m": "M",
    "n": "N", "ŋ": "NG", "p": "P", "ɹ": "R", "r": "R", "s": "S", "ʃ": "SH", "t": "T", "θ": "TH",
    "v": "V", "w": "W", "z": "Z", "ʒ": "ZH", "ɾ": "D", "x": "K", "ɬ": "L", "ç": "HH",
}  # fmt: skip
_IPA_KEYS = sorted(_IPA_TO_ARPABET, key=len, reverse=True)


class AlignmentFailed(RuntimeError):
    """pocketsphinx found no path through the given words."""


@dataclass(frozen=True)
class AlignedWord:
    """One written word: its start in the timings and in the aligner's view, seconds."""

    written: str
    timings_start: float
    aligned_start: float
    onset: float | None = None
    """For a sentence's first word (after a pause): where the audio's energy rises, seconds."""

    @property
    def error_ms(self) -> float:
        return abs(self.timings_start - self.aligned_start) * 1000


def ipa_to_arpabet(ipa: str) -> str:
    """espeak-ng IPA (stress marks and length ignored where CMU has none) → CMU phones."""
    ipa = re.sub(r"[ˈˌ‿\-\s]", "", ipa)
    phones = []
    position = 0
    while position < len(ipa):
        for key in _IPA_KEYS:
            if ipa.startswith(key, position):
                phones.append(_IPA_TO_ARPABET[key])
                position += len(key)
                break
        else:
            position += 1  # length marks, diacritics and symbols CMU has no phone for
    return " ".join(phones)


def espeak_ipa(text: str) -> str:
    result = subprocess.run(
        ["espeak-ng", "-v", "en-us", "-q", "--ipa"], input=text, capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def dictionary_word(say_word: str) -> str:
    """How a spoken word is written in the aligner's dictionary (lower case, letters and apostrophes)."""
    return re.sub(r"[^a-z']", "", say_word.lower().replace("’", "'")).strip("'")


def alignment_words(
    script: Script, clause_pauses: bool = True
) -> tuple[list[str], list[tuple[int, SpokenWord]], dict[str, str]]:
    """The word sequence to align (with <sil> between sentences and, if asked, at clause marks), where
    each written word's first word sits, and pronunciations for lexicon phonemes."""
    sequence: list[str] = ["<sil>"]
    firsts: list[tuple[int, SpokenWord]] = []
    pronunciations: dict[str, str] = {}
    for sentence in script.sentences:
        for word in sentence.words:
            spoken = [w for w in (dictionary_word(part) for part in re.split(r"[\s\-]+", word.say)) if w]
            if not spoken:
                continue
            if word.phonemes:
                # one pronunciation for the whole reading, keyed by a made-up word
                key = "lex" + str(len(pronunciations)) + "x"
                pronunciations[key] = ipa_to_arpabet(word.phonemes)
                spoken = [key]
            firsts.append((len(sequence), word))
            sequence.extend(spoken)
            if word.punctuation and (clause_pauses or word is sentence.words[-1]):
                sequence.append("<sil>")
    if sequence[-1] != "<sil>":
        sequence.append("<sil>")
    return sequence, firsts, pronunciations


def force_align(
    samples: np.ndarray, sample_rate: int, words: list[str], extra: dict[str, str], frame_rate: int = 100
) -> list[float]:
    """Start time (seconds from the audio start) of each non-<sil> word in ``words``.

    Each phone state lasts at least one frame, so speech faster than the model's
    10 ms frames allow needs ``frame_rate`` 200 (5 ms frames)."""
    from pocketsphinx import Decoder

    decoder = Decoder(
        samprate=ALIGN_RATE,
        fsgusefiller=False,
        beam=1e-80,
        wbeam=1e-60,
        pbeam=1e-80,
        frate=frame_rate,
        loglevel="FATAL",
    )
    for word in sorted({w for w in words if w != "<sil>"}):
        if word in extra:
            decoder.add_word(word, extra[word], False)
        elif decoder.lookup_word(word) is None:
            decoder.add_word(word, ipa_to_arpabet(espeak_ipa(word)), False)
    decoder.add_word("zzzdummy", "Z", True)  # the last add_word updates the search graph
    audio = resample_poly(samples.astype(np.float64), ALIGN_RATE, sample_rate)
    pad = np.zeros(int(PADDING_SECONDS * ALIGN_RATE))
    pcm = np.clip(np.concatenate([pad, audio, pad]) * 32767, -32768, 32767).astype(np.int16)
    decoder.set_align_text(" ".join(words))
    decoder.start_utt()
    decoder.process_raw(pcm.tobytes(), full_utt=True)
    decoder.end_utt()
    if decoder.hyp() is None:
        raise AlignmentFailed("no alignment found")
    starts = []
    for segment in decoder.seg():
        name = re.sub(r"\(\d+\)$", "", segment.word)
        if name in ("<s>", "</s>", "<sil>", "[NOISE]") or name.startswith("+"):
            continue
        starts.append(segment.start_frame / frame_rate - PADDING_SECONDS)
    expected = sum(1 for w in words if w != "<sil>")
    if len(starts) != expected:
        raise AlignmentFailed(f"aligner returned {len(starts)} words for {expected}")
    return starts


def measure(article: Article, speed: float) -> tuple[list[AlignedWord], float, float, str]:
    """Aligned words of one article, the audio length, the synthesis time and the aligner set-up."""
    script = prepare(article)
    settings = Settings.from_env()
    voice = get_voice(None, "en", settings)
    started = time.perf_counter()
    narration = narrate(script, voice, speed, curve=get_curve(voice, settings))
    synthesis = time.perf_counter() - started
    # A <sil> the audio has no room for blocks the alignment: at fast speeds clause pauses can be
    # too short, and fast speech needs shorter frames.
    for clause_pauses, frame_rate in ((True, 100), (True, 200), (False, 100), (False, 200)):
        sequence, firsts, extra = alignment_words(script, clause_pauses)
        try:
            aligned = force_align(narration.samples, narration.sample_rate, sequence, extra, frame_rate)
            break
        except AlignmentFailed:
            continue
    else:
        raise AlignmentFailed(f"no alignment for {article.title!r}")
    word_index = {}
    position = 0
    for index, word in enumerate(sequence):
        if word != "<sil>":
            word_index[index] = position
            position += 1
    spans = {(span.char_start, span.char_end): span for span in narration.timings.words}
    sentence_starts = {sentence.words[0].char_start for sentence in script.sentences}
    results = []
    for sequence_index, word in firsts:
        span = spans.get((word.char_start, word.char_end))
        if span is None:
            continue
        onset = None
        if word.char_start in sentence_starts:
            onset = energy_onset(narration.samples, narration.sample_rate, span.start)
        results.append(
            AlignedWord(
                written=script.text[word.char_start : word.char_end],
                timings_start=span.start,
                aligned_start=aligned[word_index[sequence_index]],
                onset=onset,
            )
        )
    setup = f"{'clause' if clause_pauses else 'sentence'} pauses, {1000 // frame_rate} ms frames"
    return results, narration.duration, synthesis, setup


def energy_onset(samples: np.ndarray, sample_rate: int, near: float, window: float = 0.25) -> float | None:
    """Where the signal first rises above 2% of full peak within ``window`` s of ``near`` (after a pause)."""
    envelope = np.abs(samples)
    threshold = 0.02 * float(envelope.max())
    low = int(max(0.0, near - window) * sample_rate)
    segment = envelope[low : int((near + window) * sample_rate)]
    above = np.flatnonzero(segment > threshold)
    if not len(above) or above[0] == 0:
        return None  # no silence before the word: no clear onset
    return (low + int(above[0])) / sample_rate


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--articles", type=int, default=len(ARTICLES))
    parser.add_argument("--show-worst", type=int, default=8)
    options = parser.parse_args()
    everything: list[AlignedWord] = []
    for article in ARTICLES[: options.articles]:
        words, duration, synthesis, setup = measure(article, options.speed)
        errors = [w.error_ms for w in words]
        print(
            f"{article.title[:40]:40}  {len(words):4d} words  {duration:6.1f} s audio  "
            f"synth {synthesis:5.1f} s  median {statistics.median(errors):5.1f} ms  "
            f"p95 {percentile(errors, 0.95):6.1f} ms  ({setup})"
        )
        everything.extend(words)
    errors = [w.error_ms for w in everything]
    median, p95 = statistics.median(errors), percentile(errors, 0.95)
    signed = statistics.median((w.timings_start - w.aligned_start) * 1000 for w in everything)
    print(f"median signed error (timings minus aligner): {signed:+.1f} ms")
    onsets = [w for w in everything if w.onset is not None]
    if onsets:
        timings_bias = statistics.median((w.timings_start - w.onset) * 1000 for w in onsets)  # type: ignore[operator]
        aligner_bias = statistics.median((w.aligned_start - w.onset) * 1000 for w in onsets)  # type: ignore[operator]
        print(
            f"sentence-initial words ({len(onsets)}), against the audio's energy onset: "
            f"timings {timings_bias:+.1f} ms, aligner {aligner_bias:+.1f} ms (median signed)"
        )
    print(f"ALL  {len(errors)} words at speed {options.speed:g}: median {median:.1f} ms, p95 {p95:.1f} ms")
    print(f"targets: median <= 30 ms ({'met' if median <= 30 else 'MISSED'}), "
          f"p95 <= 100 ms ({'met' if p95 <= 100 else 'MISSED'})")  # fmt: skip
    if options.show_worst:
        print("worst words (written, timings start, aligner start, error ms):")
        for word in sorted(everything, key=lambda w: -w.error_ms)[: options.show_worst]:
            times = f"{word.timings_start:8.3f} {word.aligned_start:8.3f}"
            print(f"  {word.written!r:24} {times} {word.error_ms:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
