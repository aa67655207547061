"""Names: does Whisper base hear a news name when voxpress says it by espeak-ng's rules, by CMUdict's
reading, by the rules of the language it comes from, or by the news lexicon's?

    python benchmarks/intelligibility_names.py [--model-dir DIR] [--show]

Every name of ``NAMES`` (people, places, companies and indices common in world news)
goes into a carrier sentence written for this benchmark. The sentences are narrated
by voxpress at 1x with the default Piper voice, eight to a narration (so that Whisper
hears a little context), once per variant:

- ``espeak``: no lexicon and no dictionary, so espeak-ng's letter rules;
- ``dictionary``: CMUdict's readings where espeak-ng disagrees (``speech/pronounce.py``), names
  looked up as spelt and names it lacks left to espeak-ng, as before ``speech/foreign_names.py``;
- ``voxpress``: the shipped lexicons over the dictionary, accented names looked up without their
  accents, and Japanese names CMUdict lacks read by romaji rules (the default);
- ``all-languages``: the same with every language's rules on (``VOXPRESS_NAME_LANGUAGES=all``).

Whisper base transcribes each narration (``intelligibility.py``). A name counts as
heard when each of its words is in the transcript, spelled as written or as a word
espeak-ng says nearly the same way (``names_by_sound``; "Harrogate" for
"Harrowgate"). Names are grouped by where voxpress's reading comes from: ``lexicon``
(a phoneme entry in the news or hand-checked lexicon), ``dictionary`` (CMUdict
overrides espeak-ng), ``foreign`` (CMUdict lacks the name and ``foreign_names.py`` reads
it with every language on; ``espeak`` and ``dictionary`` both say espeak-ng's English
reading), ``espeak`` (every variant says the same: a control for the noise of the voice
and of Whisper).
``FOREIGN`` names (world-news names CMUdict lacks, chosen for this benchmark) are in
their own block. Printed: names heard in each group per variant.
Whisper knows famous names well, so a miss says the name did not sound like itself. A
second table counts only names spelt as written: matching by sound uses espeak-ng's
English rules, so it favours a name read by them over one read by its own language's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from intelligibility import Transcriber, canonical_words, english_names, names_by_sound, whisper_dir
from voxpress.narration import get_curve, narrate
from voxpress.settings import Settings
from voxpress.speech import Lexicon, prepare_script
from voxpress.speech.foreign_names import DEFAULT_NAME_LANGUAGES
from voxpress.speech.pronounce import dictionary_readings, name_phonemes
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

FOREIGN = _names(
    """
    # world-news names CMUdict lacks: Japanese, Chinese, Italian, Spanish, Polish, German, Dutch,
    # Turkish, Czech, Croatian and Serbian, Portuguese and French
    Takaichi Ishiba Motegi Koizumi Himino Tamaki Akazawa Muto Mizuho Jinping Qiang Hangzhou Yunnan
    Xiaohongshu Pinduoduo Tencent Zhipu Moutai Guizhou Liaoning Weibo Douyin Dongfeng Geely Giorgetti
    Salvini Tajani Crosetto Piantedosi Mattarella Calenda Santanchè Lollobrigida Unicredit Feijóo Albares
    Puigdemont Escrivá Sheinbaum Ebrard Bukele Morawiecki Trzaskowski Hołownia Glapiński Czarzasty
    Szczecin Łódź Bydgoszcz Rzeszów Pistorius Wadephul Dobrindt Wüst Kukies Thyssenkrupp Timmermans
    Yeşilgöz Omtzigt Dijsselbloem Jetten Erdoğan Şimşek Fidan İmamoğlu Kılıçdaroğlu Karahan Özel Babiš
    Lipavský Plenković Milanović Vučić Galípolo Alckmin Mélenchon Bayrou Lecornu Attal Bardella Retailleau
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
VARIANTS = ("espeak", "dictionary", "voxpress", "all-languages")
EVERY_LANGUAGE = frozenset({"all"})


def source_of(name: str, lexicon: Lexicon) -> str:
    """Where voxpress's default reading of ``name`` comes from."""
    if any(entry.phonemes and entry.phrase.lower() == name.lower() for entry in lexicon.entries):
        return "lexicon"
    if not name_phonemes(name, name_languages=EVERY_LANGUAGE):
        return "espeak"
    return "dictionary" if dictionary_readings(name) else "foreign"


def heard(name: str, transcript: str, by_sound: bool = True) -> bool:
    """True when each word of ``name`` is in ``transcript``, spelt as written or, ``by_sound``, as a
    word espeak-ng's English rules say nearly the same way."""
    words = canonical_words(transcript)
    wanted = canonical_words(name)
    same = names_by_sound(frozenset(wanted))
    return all(any(w == h or (by_sound and same(w, h)) for h in words) for w in wanted)


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
    names_read = NAMES + FOREIGN
    sources = {name: source_of(name, shipped) for name in names_read}
    found: dict[str, set[str]] = {variant: set() for variant in VARIANTS}
    spelt: dict[str, set[str]] = {variant: set() for variant in VARIANTS}
    began = time.perf_counter()
    for start in range(0, len(names_read), GROUP_SIZE):
        group = names_read[start : start + GROUP_SIZE]
        text = " ".join(CARRIERS[k % len(CARRIERS)].format(name) for k, name in enumerate(group))
        for variant in VARIANTS:
            lexicon = shipped if variant in ("voxpress", "all-languages") else Lexicon.empty()
            languages = EVERY_LANGUAGE if variant == "all-languages" else DEFAULT_NAME_LANGUAGES
            with english_names(variant == "dictionary"):
                script = prepare_script(
                    text, "en", lexicon, dictionary=variant != "espeak", name_languages=languages
                )
            narration = narrate(script, voice, 1.0, curve=curve, workers=2)
            transcript = transcribe(narration.samples, narration.sample_rate)
            found[variant].update(name for name in group if heard(name, transcript))
            spelt[variant].update(name for name in group if heard(name, transcript, by_sound=False))
            if args.show:
                print(f"[{variant}] {transcript}")
        print(
            f"  {start + len(group)} of {len(names_read)} names ({time.perf_counter() - began:.0f} s)",
            flush=True,
        )
    for title, counted in (("heard (as spelt or by sound)", found), ("spelt as written", spelt)):
        print(f"\n{title}\n{'names (count)':22}" + "".join(f"{v:>14}" for v in VARIANTS))
        for block, block_names in (("", NAMES), ("world ", FOREIGN)):
            for source in ("lexicon", "dictionary", "foreign", "espeak"):
                names = [n for n in block_names if sources[n] == source]
                if names:
                    cells = "".join(f"{sum(n in counted[v] for n in names):>14}" for v in VARIANTS)
                    print(f"{f'{block}{source} ({len(names)})':22}{cells}")
    print()
    for source in ("lexicon", "dictionary", "foreign"):
        names = [n for n in names_read if sources[n] == source]
        best = "all-languages" if source == "foreign" else "voxpress"
        lost = [n for n in names if n in found["espeak"] and n not in found[best]]
        gained = [n for n in names if n not in found["espeak"] and n in found[best]]
        print(f"{source}: heard only with {best}'s reading: {', '.join(gained) or '-'}")
        print(f"{source}: heard only with espeak's: {', '.join(lost) or '-'}")


if __name__ == "__main__":
    main()
