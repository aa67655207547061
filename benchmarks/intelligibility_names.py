"""Names: does Whisper base hear a news name when voxpress says it by espeak-ng's rules, by CMUdict's
reading, or by the news lexicon's?

    python benchmarks/intelligibility_names.py [--model-dir DIR] [--show]

Every name of ``NAMES`` (people, places, companies and indices common in world news)
goes into a carrier sentence written for this benchmark. The sentences are narrated
by voxpress at 1x with the default Piper voice, eight to a narration (so that Whisper
hears a little context), once per variant:

- ``espeak``: no lexicon and no dictionary, so espeak-ng's letter rules;
- ``dictionary``: CMUdict's readings where espeak-ng disagrees (``speech/pronounce.py``);
- ``voxpress``: the shipped lexicons over the dictionary (the default).

Whisper base transcribes each narration (``intelligibility.py``). A name counts as
heard when each of its words is in the transcript, spelled as written or as a word
espeak-ng says nearly the same way (``names_by_sound``; "Harrogate" for
"Harrowgate"). Names are grouped by where voxpress's reading comes from: ``lexicon``
(a phoneme entry in the news or hand-checked lexicon), ``dictionary`` (CMUdict
overrides espeak-ng), ``espeak`` (all three variants say the same: a control for the
noise of the voice and of Whisper). Printed: names heard in each group per variant.
Whisper knows famous names well, so a miss says the name did not sound like itself.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intelligibility import Transcriber, canonical_words, names_by_sound, whisper_dir
from voxpress.narration import get_curve, narrate
from voxpress.settings import Settings
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.pronounce import name_phonemes
from voxpress.voices import get_voice


def _names(text: str) -> tuple[str, ...]:
    """The names of a block of lines, "#" lines left out."""
    return tuple(
        word for line in text.splitlines() if not line.lstrip().startswith("#") for word in line.split()
    )


NAMES = _names(
    """
    # people
    Netanyahu Scholz Merz Albanese Trudeau Guterres Stoltenberg Rutte Leyen Ramaphosa Tshisekedi Kagame
    Museveni Hamas Kishida Lavrov Peskov Shoigu Medvedev Navalny Prigozhin Vucic Syrskyi Bessent Arnault
    Milei Erdogan Macron Putin Zelenskyy Sisi Modi Meloni Lula Sunak Yellen Powell Lagarde Orban
    # companies and indices
    Nikkei Kospi Sensex Topix Huawei Xiaomi Baidu Lufthansa Thales Danone Carrefour Diageo Aviva Iberdrola
    Rosneft Infosys Inditex Rakuten Uniqlo Allianz Volkswagen Santander Jefferies Petrobras Equinor Glencore
    Novartis Stellantis Nestlé Siemens Samsung Toyota Heineken
    # places
    Kyiv Odesa Dnipro Mariupol Pokrovsk Avdiivka Ramallah Isfahan Natanz Idlib Sanaa Hodeidah Darfur Tigray
    Niamey Bamako Abuja Accra Harare Maputo Caracas Brasilia Guadalajara Monterrey Juarez Oaxaca Shenzhen
    Guangzhou Xinjiang Tianjin Xiamen Taipei Busan Pyongyang Fukushima Surabaya Naypyidaw Kathmandu Kolkata
    Karachi Peshawar Riyadh Mosul Kirkuk Baku Yerevan Tbilisi Chisinau Reykjavik Gdansk Ljubljana Zagreb
    Pristina Podgorica Skopje Tirana Piraeus Bilbao Bordeaux Strasbourg Dusseldorf Zurich Lausanne Davos
    Antwerp Utrecht Aarhus Gothenburg Hanoi Kharkiv Kherson Marseille Norwich Warwick Alnwick Leominster
    """
)

CARRIERS = (
    "Officials said {} was on the agenda.",
    "The next report covers {} in detail.",
    "Reporters asked again about {} today.",
    "The talks turned to {} after lunch.",
    "Few expected news from {} this week.",
    "Markets watched {} closely on Monday.",
    "The envoy spoke about {} at length.",
    "Analysts mentioned {} in their note.",
)
GROUP_SIZE = 8
VARIANTS = ("espeak", "dictionary", "voxpress")


def source_of(name: str, lexicon: Lexicon) -> str:
    """Where voxpress's default reading of ``name`` comes from."""
    if any(entry.phonemes and entry.phrase.lower() == name.lower() for entry in lexicon.entries):
        return "lexicon"
    return "dictionary" if name_phonemes(name) else "espeak"


def heard(name: str, transcript: str) -> bool:
    words = canonical_words(transcript)
    wanted = canonical_words(name)
    same = names_by_sound(frozenset(wanted))
    return all(any(w == h or same(w, h) for h in words) for w in wanted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=None, help="where Whisper base is assembled")
    parser.add_argument("--show", action="store_true", help="print every transcript")
    args = parser.parse_args()
    settings = Settings.from_env()
    transcribe = Transcriber(whisper_dir(args.model_dir or settings.data_dir / "models" / "whisper-base"))
    voice = get_voice(None, "en", settings=settings)
    curve = get_curve(voice, settings)
    shipped = Lexicon.default()
    sources = {name: source_of(name, shipped) for name in NAMES}
    found: dict[str, set[str]] = {variant: set() for variant in VARIANTS}
    began = time.perf_counter()
    for start in range(0, len(NAMES), GROUP_SIZE):
        group = NAMES[start : start + GROUP_SIZE]
        text = " ".join(CARRIERS[k % len(CARRIERS)].format(name) for k, name in enumerate(group))
        for variant in VARIANTS:
            lexicon = shipped if variant == "voxpress" else Lexicon.empty()
            script = prepare_script(text, "en", lexicon, dictionary=variant != "espeak")
            narration = narrate(script, voice, 1.0, curve=curve, workers=2)
            transcript = transcribe(narration.samples, narration.sample_rate)
            found[variant].update(name for name in group if heard(name, transcript))
            if args.show:
                print(f"[{variant}] {transcript}")
        print(
            f"  {start + len(group)} of {len(NAMES)} names ({time.perf_counter() - began:.0f} s)", flush=True
        )
    print(f"\n{'names (count)':22}" + "".join(f"{v:>14}" for v in VARIANTS))
    for source in ("lexicon", "dictionary", "espeak"):
        names = [n for n in NAMES if sources[n] == source]
        if names:
            cells = "".join(f"{sum(n in found[v] for n in names):>14}" for v in VARIANTS)
            print(f"{f'{source} ({len(names)})':22}{cells}")
    for source in ("lexicon", "dictionary"):
        names = [n for n in NAMES if sources[n] == source]
        lost = [n for n in names if n in found["espeak"] and n not in found["voxpress"]]
        gained = [n for n in names if n not in found["espeak"] and n in found["voxpress"]]
        print(f"{source}: heard only with voxpress's reading: {', '.join(gained) or '-'}")
        print(f"{source}: heard only with espeak's: {', '.join(lost) or '-'}")


if __name__ == "__main__":
    main()
