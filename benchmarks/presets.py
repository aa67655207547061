"""Presets: the words per minute each installed voice measures at each speed preset, and its speed.

    .venv/bin/python benchmarks/presets.py [--voices ID,ID] [--engines piper,kokoro,espeak] [--all]

For every installed voice (espeak-ng: a representative set of languages, or
every language with ``--all``) this narrates a short text written for this
benchmark, in the voice's language where one is written here (English
otherwise, marked "en text"), through the real pipeline
(``prepare_script`` then ``narrate``) at the speeds 0.5, 0.75, 1, 1.5 and 2,
and prints the measured WPM at each (target 200 × speed), the largest
|error| in per cent, and the real-time factor at 1x (wall-clock seconds of
synthesis per second of audio, with the narration loop's worker threads).
The "curve" column says whether the voice has its own calibration or borrows
a sibling's.

Chinese and Japanese have no spaces between words, so their "words" are what
the speech stage counts as words there (clauses); their WPM is not comparable.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from voxpress.errors import VoxpressError
from voxpress.narration import RateCurve, get_curve, narrate
from voxpress.settings import Settings
from voxpress.speech import prepare_script
from voxpress.speech.script import Script
from voxpress.voices import get_voice, list_voices
from voxpress.voices.base import Voice, VoiceInfo

SPEEDS = (0.5, 0.75, 1.0, 1.5, 2.0)
WORDS_PER_MINUTE_AT_1X = 200

TEXTS: dict[str, str] = {
    "en": (
        "The village bakery opened its doors again on Monday, after a long winter of repairs. "
        "Neighbours queued in the rain for fresh bread and warm rolls.\n\n"
        "The owner said the new oven uses half as much power as the old one, and that prices "
        "will stay the same until the autumn."
    ),
    "de": (
        "Die kleine Bäckerei im Dorf hat am Montag wieder geöffnet. Viele Nachbarn standen im Regen "
        "und warteten auf frisches Brot. Der neue Ofen braucht nur halb so viel Strom wie der alte."
    ),
    "fr": (
        "La petite boulangerie du village a rouvert ses portes lundi matin. Les voisins ont attendu "
        "sous la pluie pour acheter du pain frais. Le nouveau four consomme deux fois moins "
        "d'électricité que l'ancien."
    ),
    "es": (
        "La pequeña panadería del pueblo abrió de nuevo sus puertas el lunes. Los vecinos esperaron "
        "bajo la lluvia para comprar pan fresco. El horno nuevo gasta la mitad de electricidad que el viejo."
    ),
    "it": (
        "La piccola panetteria del paese ha riaperto lunedì mattina. I vicini hanno aspettato sotto la "
        "pioggia per comprare il pane fresco. Il nuovo forno consuma la metà dell'energia di quello vecchio."
    ),
    "pt": (
        "A pequena padaria da aldeia voltou a abrir na segunda-feira. Os vizinhos esperaram à chuva "
        "para comprar pão fresco. O forno novo gasta metade da energia do antigo."
    ),
    "ru": (
        "Маленькая пекарня в деревне снова открылась в понедельник. Соседи стояли под дождём, чтобы "
        "купить свежий хлеб. Новая печь тратит вдвое меньше электричества, чем старая."
    ),
    "pl": (
        "Mała piekarnia we wsi znowu otworzyła się w poniedziałek. Sąsiedzi czekali w deszczu na "
        "świeży chleb. Nowy piec zużywa o połowę mniej prądu niż stary."
    ),
    "nl": (
        "De kleine bakkerij in het dorp ging maandag weer open. De buren stonden in de regen te wachten "
        "op vers brood. De nieuwe oven gebruikt maar half zoveel stroom als de oude."
    ),
    "sv": (
        "Det lilla bageriet i byn öppnade igen i måndags. Grannarna stod i regnet och väntade på "
        "nybakat bröd. Den nya ugnen drar bara hälften så mycket ström som den gamla."
    ),
    "tr": (
        "Köydeki küçük fırın pazartesi günü yeniden açıldı. Komşular taze ekmek almak için yağmurda "
        "bekledi. Yeni fırın eskisinin yarısı kadar elektrik harcıyor."
    ),
    "ar": (
        "أعاد المخبز الصغير في القرية فتح أبوابه يوم الاثنين. وقف الجيران تحت المطر لشراء الخبز "
        "الطازج. يستهلك الفرن الجديد نصف الكهرباء التي كان يستهلكها الفرن القديم."
    ),
    "hi": (
        "गाँव की छोटी बेकरी सोमवार को फिर से खुल गई। पड़ोसी ताज़ी रोटी खरीदने के लिए बारिश में खड़े रहे। "
        "नया ओवन पुराने ओवन से आधी बिजली खर्च करता है।"
    ),
    "zh": "村里的小面包店星期一重新开门了。邻居们在雨中排队买新鲜的面包。新烤箱只用旧烤箱一半的电。",
    "ja": (
        "村の小さなパン屋が月曜日に再び開店しました。近所の人たちは雨の中で焼きたてのパンを待ちました。"
        "新しいオーブンは古いものの半分の電気しか使いません。"
    ),
}
"""Written for this benchmark: a short news item, the same story in each language."""

TEXT_LANGUAGE = {"cmn": "zh", "yue": "zh", "hak": "zh"}
"""espeak-ng language codes whose text is written under another code."""

ESPEAK_SET = (
    *("en-us", "en", "de", "fr", "es", "it", "pt", "ru"),
    *("pl", "nl", "sv", "tr", "ar", "hi", "cmn", "ja"),
)
"""espeak-ng voices measured without ``--all`` (``en`` is espeak-ng's British English)."""


@dataclass
class Row:
    voice_id: str
    text_language: str
    curve: str
    wpm: list[float]
    real_time_factor: float
    seconds: float

    @property
    def errors(self) -> list[float]:
        return [
            100.0 * (wpm / (WORDS_PER_MINUTE_AT_1X * speed) - 1.0)
            for wpm, speed in zip(self.wpm, SPEEDS, strict=True)
        ]


def text_for(info: VoiceInfo) -> tuple[str, str]:
    """(language of the text, script) for the voice: its own language's text, else English."""
    code = info.language.lower()
    primary = TEXT_LANGUAGE.get(code.split("-")[0], code.split("-")[0])
    return (primary, TEXTS[primary]) if primary in TEXTS else ("en", TEXTS["en"])


def chosen_voices(settings: Settings, ids: list[str], engines: list[str], every: bool) -> list[VoiceInfo]:
    """The installed voices to measure, in catalogue order."""
    found = list_voices(settings)
    if ids:
        return [info for info in found if info.id in ids]
    chosen = [info for info in found if not engines or info.engine in engines]
    if not every:
        chosen = [info for info in chosen if info.engine != "espeak" or info.id[7:] in ESPEAK_SET]
    return chosen


def curve_source(voice: Voice, settings: Settings) -> str:
    measured = get_curve(voice, settings).measured
    return measured.replace("borrowed from ", "from ") if measured.startswith("borrowed") else "own"


def measure(voice: Voice, script: Script, workers: int, curve: RateCurve) -> tuple[list[float], float, float]:
    """(WPM at each speed, real-time factor at 1x, total wall seconds)."""
    first = script.sentences[0]
    narrate(
        prepare_script(script.text[first.char_start : first.char_end], script.language), voice, curve=curve
    )  # warm up
    wpm: list[float] = []
    real_time_factor = 0.0
    began = time.perf_counter()
    for speed in SPEEDS:
        start = time.perf_counter()
        narration = narrate(script, voice, speed, curve=curve, workers=workers)
        if speed == 1.0:
            real_time_factor = (time.perf_counter() - start) / narration.duration
        wpm.append(narration.timings.wpm)
    return wpm, real_time_factor, time.perf_counter() - began


def print_table(rows: list[Row]) -> None:
    header = " ".join(f"{f'{s:g}x ({WORDS_PER_MINUTE_AT_1X * s:.0f})':>11}" for s in SPEEDS)
    print(f"\n{'voice':30} {'text':4} {'curve':16} {header} {'max|err|%':>9} {'RTF':>6}")
    for row in rows:
        values = " ".join(f"{v:11.1f}" for v in row.wpm)
        worst = max(abs(e) for e in row.errors)
        print(
            f"{row.voice_id:30} {row.text_language:4} {row.curve:16} {values} {worst:9.1f} "
            f"{row.real_time_factor:6.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voices", default="", help="comma-separated voice ids (default: every installed)")
    parser.add_argument("--engines", default="", help="comma-separated engines: piper,kokoro,espeak")
    parser.add_argument("--all", action="store_true", help="every espeak-ng language, not a sample")
    parser.add_argument("--workers", type=int, default=2, help="narration worker threads")
    args = parser.parse_args()
    settings = Settings.from_env()
    ids = [v for v in args.voices.split(",") if v]
    engines = [e for e in args.engines.split(",") if e]
    voices = chosen_voices(settings, ids, engines, args.all)
    if not voices:
        print("no installed voice matches: nothing to measure (see 'voxpress voices')")
        return
    print(f"measuring {len(voices)} voices at speeds {', '.join(f'{s:g}' for s in SPEEDS)}")
    rows: list[Row] = []
    failed: list[str] = []
    for info in voices:
        language, text = text_for(info)
        script = prepare_script(text, language)
        try:
            voice = get_voice(info.id, "en", settings)
            wpm, real_time_factor, seconds = measure(voice, script, args.workers, get_curve(voice, settings))
        except VoxpressError as error:
            failed.append(f"{info.id}: {error}")
            print(f"  {info.id}: failed: {error}", flush=True)
            continue
        row = Row(info.id, language, curve_source(voice, settings), wpm, real_time_factor, seconds)
        rows.append(row)
        worst = max(abs(e) for e in row.errors)
        print(
            f"  {info.id}: max |error| {worst:.1f}%, RTF {real_time_factor:.3f}, {seconds:.0f} s", flush=True
        )
    print_table(rows)
    for failure in failed:
        print(f"failed: {failure}")
    within = sum(max(abs(e) for e in row.errors) <= 3.0 for row in rows)
    print(f"\n{within} of {len(rows)} voices within 3% (the target) of 200 × speed at every preset")


if __name__ == "__main__":
    main()
