"""Rate calibration: how long a voice takes to say a given amount of speech at each rate.

The narration loop wants a sentence to last a planned number of seconds. It
measures the sentence with ``spoken_size`` and asks the voice's ``RateCurve``
which rate gives that many seconds per unit. The size is espeak-ng's phonemes of
what is said (stress marks and word breaks included), plus 5 for each clause
break (the pause at a comma) and 6 for the sentence: on the calibration text
phonemes alone predict Piper's durations with r = 0.994 (letters 0.987, words
0.944), and on a different text the pause and sentence terms cut the spread of
seconds per unit from 12% to 5% (Piper) and from 11% to 4% (espeak-ng).

Curves are measured by ``calibrate`` on a built-in news-like text at rates
across 0.3–4 (within each voice's ``rate_range``) and stored in
``settings.calibration_path``; curves for the packaged Piper voice, the English
Kokoro voices and fifteen espeak-ng languages ship in ``voxpress/data/calibration.json``.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from voxpress.audio.timings import measured_wpm
from voxpress.errors import VoiceError
from voxpress.settings import Settings
from voxpress.speech.script import Script, ScriptSentence, SpokenWord
from voxpress.voices.base import Voice
from voxpress.voices.phonemes import phonemize_text

UNIT = "espeak-phonemes-v2"
"""Name of the unit ``spoken_size`` counts; curves measured in another unit are ignored."""
CALIBRATION_RATES: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75)
CALIBRATION_RATES += (2.0, 2.4, 2.8, 3.3, 4.0)
"""Rates measured by ``calibrate``, within each voice's ``rate_range``."""
QUICK_RATES = (0.4, 0.6, 0.8, 1.0, 1.3, 1.75, 2.5, 4.0)
"""Rates measured when a voice is used before it was calibrated."""
DEFAULT_RATE_RANGE = (0.4, 2.6)
"""Rates assumed for a voice that does not say its ``rate_range``."""

CALIBRATION_TEXT = """\
The city council voted late on Tuesday to rebuild the old harbour bridge, ending a debate that has \
divided residents for most of the past decade.

Engineers had warned for years that the steel frame was rusting faster than expected. Heavy lorries \
were banned from the bridge last spring, and the resulting detours added almost half an hour to some \
morning journeys.

Supporters of the plan say a new crossing will bring shoppers back to the waterfront, where several \
family businesses have closed. Opponents argue that the money would be better spent on buses, schools \
and the crumbling public library.

"We cannot keep patching something that was designed for a different century," said the mayor, who \
cast the deciding vote. Her rivals accused her of rushing the decision before the regional elections.

Construction is expected to begin next summer. During the works, a temporary ferry will carry \
pedestrians and cyclists across the river every fifteen minutes, from early morning until midnight.

Local historians, meanwhile, have asked that the original stone towers be preserved. They were built \
by hand, they point out, by workers who earned a few coins a day and lived in wooden huts along the shore.

Whatever happens next, few people expect the argument to end soon. In a town where everyone crosses \
the river at least once a day, the bridge has always been about more than traffic.
"""
"""Written for voxpress: news prose without numbers or abbreviations, so what is said is what is written."""

_ESPEAK_LANGUAGE = {"en": "en-us"}
_file_lock = threading.Lock()


CLAUSE_BREAK_UNITS = 5
"""Size of the pause at a comma, semicolon or colon, in phonemes."""
SENTENCE_UNITS = 6
"""Size every sentence has beyond its phonemes (onset and final lengthening), in phonemes."""


@lru_cache(maxsize=50_000)
def _size(espeak_voice: str, text: str) -> int:
    breaks = sum(text.count(mark) for mark in ",;:")
    try:
        phonemes = len(phonemize_text(espeak_voice, text))
    except Exception:  # a language espeak-ng lacks: letters predict nearly as well
        phonemes = sum(c.isalpha() for c in text) * 9 // 10
    return phonemes + CLAUSE_BREAK_UNITS * breaks + SENTENCE_UNITS


def spoken_size(sentence: ScriptSentence, language: str = "en") -> float:
    """How much speech the sentence holds (see the module's docstring); 0 for a silent sentence."""
    text = sentence.spoken_text
    if not text:
        return 0.0
    primary = language.split("-")[0].lower()
    if primary in ("zh", "ja"):
        from voxpress.voices.kokoro_cjk import can_phonemize, cjk_phonemes

        # espeak-ng has no "zh" voice and reads kanji as "Chinese letter": size CJK text by the
        # phonemes Kokoro will actually speak, with the same pause allowance as other languages.
        if can_phonemize(primary):
            breaks = sum(1 for w in sentence.words if w.punctuation in (",", ";", ":"))
            phonemes = len(cjk_phonemes(sentence, primary).phonemes)
            return float(phonemes + CLAUSE_BREAK_UNITS * breaks + SENTENCE_UNITS)
    return float(_size(_ESPEAK_LANGUAGE.get(primary, primary), text))


@dataclass(frozen=True)
class RateCurve:
    """Measured seconds of speech per ``spoken_size`` unit against rate, for one voice."""

    voice_id: str
    points: tuple[tuple[float, float], ...]
    """(rate, seconds per unit), rate ascending, seconds strictly descending."""
    wpm_at_1x: float | None = None
    """Words per minute of a whole narration of the calibration text at speed 1 (pauses included)."""
    real_time_factor: float | None = None
    """Synthesis seconds per second of audio at rate 1, one thread, on the machine that measured it."""
    measured: str = ""
    """When it was measured (ISO 8601)."""
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        cleaned: list[tuple[float, float]] = []
        for rate, seconds in sorted((round(float(r), 4), round(float(s), 8)) for r, s in self.points):
            if rate <= 0 or seconds <= 0:
                continue
            if cleaned and (rate <= cleaned[-1][0] or seconds >= cleaned[-1][1]):
                continue  # measurement noise against monotonicity: keep the curve invertible
            cleaned.append((rate, seconds))
        if len(cleaned) < 2:
            raise VoiceError(f"the rate curve of {self.voice_id} needs two or more increasing rates")
        object.__setattr__(self, "points", tuple(cleaned))
        if self.wpm_at_1x is not None:
            object.__setattr__(self, "wpm_at_1x", round(self.wpm_at_1x, 1))
        if self.real_time_factor is not None:
            object.__setattr__(self, "real_time_factor", round(self.real_time_factor, 4))

    @property
    def min_rate(self) -> float:
        return self.points[0][0]

    @property
    def max_rate(self) -> float:
        return self.points[-1][0]

    def clamp(self, rate: float) -> float:
        """``rate`` limited to the measured range."""
        return min(max(rate, self.min_rate), self.max_rate)

    def seconds_per_unit(self, rate: float) -> float:
        """Seconds per unit of speech at ``rate`` (log-log interpolation, clamped to the range)."""
        log_rate = math.log(self.clamp(rate))
        logs = [(math.log(r), math.log(s)) for r, s in self.points]
        return math.exp(_interpolate(log_rate, logs))

    def rate_for(self, seconds_per_unit: float) -> float:
        """The rate that gives ``seconds_per_unit``, clamped to the measured range."""
        if seconds_per_unit <= 0:
            return self.max_rate
        logs = [(math.log(s), math.log(r)) for r, s in reversed(self.points)]
        return self.clamp(math.exp(_interpolate(math.log(seconds_per_unit), logs)))

    def to_dict(self) -> dict[str, object]:
        return {
            "unit": UNIT,
            "points": [[r, s] for r, s in self.points],
            "wpm_at_1x": self.wpm_at_1x,
            "real_time_factor": self.real_time_factor,
            "measured": self.measured,
            **self.extra,
        }

    @classmethod
    def from_dict(cls, voice_id: str, data: dict[str, object]) -> RateCurve:
        known = {"unit", "points", "wpm_at_1x", "real_time_factor", "measured"}
        points = data.get("points") or []
        assert isinstance(points, list)
        wpm, rtf = data.get("wpm_at_1x"), data.get("real_time_factor")
        return cls(
            voice_id=voice_id,
            points=tuple((float(r), float(s)) for r, s in points),
            wpm_at_1x=float(wpm) if isinstance(wpm, int | float) else None,
            real_time_factor=float(rtf) if isinstance(rtf, int | float) else None,
            measured=str(data.get("measured", "")),
            extra={k: v for k, v in data.items() if k not in known},
        )


def _interpolate(x: float, points: Sequence[tuple[float, float]]) -> float:
    """Piecewise-linear through ascending ``points``, extended linearly past the ends."""
    if x <= points[0][0]:
        (x0, y0), (x1, y1) = points[0], points[1]
    elif x >= points[-1][0]:
        (x0, y0), (x1, y1) = points[-2], points[-1]
    else:
        index = next(i for i in range(1, len(points)) if points[i][0] >= x)
        (x0, y0), (x1, y1) = points[index - 1], points[index]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 != x0 else y0


def shipped_path() -> Path:
    """The calibration file shipped inside the package."""
    return Path(str(resources.files("voxpress") / "data" / "calibration.json"))


def load_curves(path: Path) -> dict[str, RateCurve]:
    """Curves stored in ``path`` by voice id (empty if the file is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    voices = data.get("voices") if isinstance(data, dict) else None
    curves: dict[str, RateCurve] = {}
    for voice_id, entry in (voices or {}).items():
        if isinstance(entry, dict) and entry.get("unit") == UNIT:
            try:
                curves[voice_id] = RateCurve.from_dict(voice_id, entry)
            except (VoiceError, TypeError, ValueError):
                continue
    return curves


def save_curve(curve: RateCurve, path: Path) -> None:
    """Store ``curve`` in ``path``, keeping the other voices' curves (atomic replace)."""
    with _file_lock:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict) or not isinstance(data.get("voices"), dict):
            data = {"voices": {}}
        data["voices"][curve.voice_id] = curve.to_dict()
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
        os.replace(handle.name, path)


def stored_curve(voice_id: str, settings: Settings | None = None) -> RateCurve | None:
    """The user's measured curve for ``voice_id``, else the shipped one, else None."""
    settings = settings or Settings.from_env()
    for path in (settings.calibration_path, shipped_path()):
        curve = load_curves(path).get(voice_id)
        if curve is not None:
            return curve
    return None


def get_curve(voice: Voice, settings: Settings | None = None) -> RateCurve:
    """The voice's rate curve: stored or shipped; else one of a sibling voice of the same engine
    (voices of one engine pace alike, and the narration loop corrects each sentence); else a quick
    measurement now, stored for next time."""
    settings = settings or Settings.from_env()
    curve = stored_curve(voice.info.id, settings)
    if curve is not None:
        return curve
    engine = voice.info.id.split(":", 1)[0] + ":"
    for path in (settings.calibration_path, shipped_path()):
        for sibling in load_curves(path).values():
            if sibling.voice_id.startswith(engine):
                return RateCurve(voice.info.id, sibling.points, measured=f"borrowed from {sibling.voice_id}")
    quick_text = "\n\n".join(CALIBRATION_TEXT.split("\n\n")[:2])
    return calibrate(voice, settings, rates=QUICK_RATES, text=quick_text, measure_wpm=False)


def calibration_script(text: str = CALIBRATION_TEXT, language: str = "en") -> Script:
    """The calibration text as a script: one spoken word per written word (the text has no numbers)."""
    sentences: list[ScriptSentence] = []
    for block_index, block in enumerate(re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text)):
        for match in re.finditer(r"\S.*?(?:[.!?][\"”]?(?=\s|$)|$)", block.group(), flags=re.S):
            words: list[SpokenWord] = []
            start = block.start() + match.start()
            for token in re.finditer(r"\S+", match.group()):
                core = token.group().strip('"“”')
                punctuation = core[-1] if core and core[-1] in ",.;:?!" else ""
                say = core[: len(core) - len(punctuation)] if punctuation else core
                offset = start + token.start() + token.group().find(core)
                words.append(SpokenWord(say, offset, offset + len(say), punctuation=punctuation))
            if words:
                sentences.append(
                    ScriptSentence(words[0].char_start, start + len(match.group()), tuple(words), block_index)
                )
    return Script(text=text, language=language, sentences=tuple(sentences))


def _speech_seconds(word_spans: Sequence[tuple[float, float] | None]) -> float:
    spans = [s for s in word_spans if s is not None]
    return spans[-1][1] - spans[0][0] if spans else 0.0


def calibrate(
    voice: Voice,
    settings: Settings | None = None,
    *,
    rates: Sequence[float] = CALIBRATION_RATES,
    text: str = CALIBRATION_TEXT,
    workers: int = 2,
    progress: Callable[[int, int], None] | None = None,
    measure_wpm: bool = True,
    store: bool = True,
) -> RateCurve:
    """Measure the voice's seconds per unit of speech at each rate on ``text``, and store the curve.

    Seconds are speech time, first word start to last word end of each sentence
    (what the narration loop plans). ``progress(done, total)`` is called as
    sentences finish.
    """
    settings = settings or Settings.from_env()
    script = calibration_script(text)  # English text: sized as English whatever the voice's language
    sentences = script.sentences
    units = sum(spoken_size(s, script.language) for s in sentences)
    low, high = getattr(voice, "rate_range", DEFAULT_RATE_RANGE)
    rates = [rate for rate in rates if low <= rate <= high]
    total = len(rates) * len(sentences) + (1 if measure_wpm else 0)
    done = 0
    lock = threading.Lock()

    def speak(job: tuple[float, ScriptSentence]) -> tuple[float, float, float, float]:
        nonlocal done
        rate, sentence = job
        began = time.perf_counter()
        audio = voice.synthesize(sentence, rate)
        spent = time.perf_counter() - began
        with lock:
            done += 1
            if progress is not None:
                progress(done, total)
        return rate, _speech_seconds(audio.word_spans), audio.duration, spent

    speech: dict[float, float] = dict.fromkeys(rates, 0.0)
    audio_seconds = busy_seconds = 0.0
    jobs = [(rate, sentence) for rate in rates for sentence in sentences]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for rate, spoken, duration, spent in pool.map(speak, jobs):
            speech[rate] += spoken
            if rate == 1.0:
                audio_seconds += duration
                busy_seconds += spent
    curve = RateCurve(
        voice_id=voice.info.id,
        points=tuple((rate, speech[rate] / units) for rate in rates),
        real_time_factor=busy_seconds / audio_seconds if audio_seconds else None,
        measured=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    if measure_wpm:
        wpm = narrated_wpm(voice, curve, script)
        curve = RateCurve(
            curve.voice_id, curve.points, wpm, curve.real_time_factor, curve.measured, curve.extra
        )
        if progress is not None:
            progress(total, total)
    if store:
        save_curve(curve, settings.calibration_path)
    return curve


def narrated_wpm(
    voice: Voice, curve: RateCurve, script: Script | None = None, speed: float = 1.0
) -> float | None:
    """Measured WPM of the narration loop at ``speed`` on ``script`` (default: the calibration text).

    None when the narration loop is not available.
    """
    try:
        from voxpress.narrate import narrate_chunks
    except ImportError:
        return None
    words = [
        span
        for chunk in narrate_chunks(script or calibration_script(), voice, speed, curve=curve)
        for span in chunk.words
    ]
    return measured_wpm(words)
