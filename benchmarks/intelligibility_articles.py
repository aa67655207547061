# ruff: noqa: E501
"""News articles written for the intelligibility benchmark, each with the careful newsreader's reading.

Every article is invented for voxpress (the names of real indices, exchanges and
places are facts; the events, people and figures are made up). ``written`` is the
text as a wire service would print it: tickers, abbreviations, figures, symbols.
``spoken`` is what a careful newsreader says for it, typed by hand, word by word,
without looking at voxpress's output; it is the reference a transcript is scored
against.

``TUNING`` articles may be looked at while choosing rules and lexicon entries;
``HELD_OUT`` articles were written before any of that work and must not be: their
names are not in any lexicon shipped with voxpress because of them, and their
errors are not to be used to choose new rules. Check with
``python benchmarks/intelligibility.py --set held-out``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchArticle:
    """One article as printed and as a newsreader reads it."""

    name: str
    written: str
    spoken: str


TUNING = (
    BenchArticle(
        "asia-markets",
        "Asian shares slipped on Tue., Sept. 12 as the Kospi (.KS11) fell 1.4% and Hong Kong's Hang Seng "
        "index (.HSI) lost 2%. Tokyo's Nikkei (.N225) was flat at 32,450.\n\n"
        "In Seoul, chipmaker Hanbit Semicon (042700.KS) dropped 6% after it posted an HK$3.2bn loss at "
        "its Shenzhen unit. Traders said the last hour of trading was the busiest since Jan. 9.\n\n"
        "The Shanghai Composite (SHCOMP) rose 0.3%, helped by a £300m takeover of a Guangzhou shipyard.",
        "Asian shares slipped on Tuesday, September twelfth as the Kospi fell one point four percent and "
        "Hong Kong's Hang Seng index lost two percent. Tokyo's Nikkei was flat at thirty two thousand four "
        "hundred fifty. In Seoul, chipmaker Hanbit Semicon dropped six percent after it posted a three point "
        "two billion Hong Kong dollar loss at its Shenzhen unit. Traders said the last hour of trading was the "
        "busiest since January ninth. The Shanghai Composite rose zero point three percent, helped by a three "
        "hundred million pound takeover of a Guangzhou shipyard.",
    ),
    BenchArticle(
        "football-final",
        "Doncaster Rovers climbed to #1 in League One on Saturday after a 3-1 win over Wycombe.\n\n"
        "Striker Kwame Asante-Boateng scored twice in the first 15 minutes, and Gonzalo Echeverría added a "
        'third from 25 yards. Manager Siobhan McAllister said the 11,200 fans had been "the twelfth man".\n\n'
        "The club, bought for £48m in 2021, faces Peterborough at 7:45 p.m. on Tues., Oct. 3.",
        "Doncaster Rovers climbed to number one in League One on Saturday after a three one win over Wycombe. "
        "Striker Kwame Asante Boateng scored twice in the first fifteen minutes, and Gonzalo Echeverria added a "
        "third from twenty five yards. Manager Siobhan McAllister said the eleven thousand two hundred fans had "
        "been the twelfth man. The club, bought for forty eight million pounds in twenty twenty one, faces "
        "Peterborough at seven forty five p m on Tuesday, October third.",
    ),
    BenchArticle(
        "energy-deal",
        "Norwegian group Equinor (EQNR.OL) agreed a $1.1bn deal with Brazil's Petrobras (PETR4.SA) on "
        "Wednesday to develop the Bacalhau field, 185km off São Paulo.\n\n"
        "Chief executive Anders Opedal said output would reach 220,000 barrels a day by 2026. Petrobras "
        "shares rose 2.7% to R$38.15.\n\n"
        'Analysts at Jefferies said the 4x4 split of the licence was "a fair result" for both sides.',
        "Norwegian group Equinor agreed a one point one billion dollar deal with Brazil's Petrobras on "
        "Wednesday to develop the Bacalhau field, one hundred eighty five kilometers off Sao Paulo. Chief "
        "executive Anders Opedal said output would reach two hundred twenty thousand barrels a day by twenty "
        "twenty six. Petrobras shares rose two point seven percent to thirty eight reais fifteen. Analysts at "
        "Jefferies said the four by four split of the licence was a fair result for both sides.",
    ),
)

HELD_OUT = (
    BenchArticle(
        "wrestling-night",
        "WrestleMania XL drew 72,500 fans to Philadelphia on Sunday, a record for the event.\n\n"
        "Promoter Tomasz Wieczorek said ticket sales topped $21m, up 18% on last year. The main event, "
        "between Rhiannon Cadwallader and Ngozi Okonkwo, lasted 34 minutes.\n\n"
        "Next year's show moves to Las Vegas on Sat., Apr. 19, its first time in Nevada since 2015.",
        "WrestleMania forty drew seventy two thousand five hundred fans to Philadelphia on Sunday, a record for "
        "the event. Promoter Tomasz Wieczorek said ticket sales topped twenty one million dollars, up eighteen "
        "percent on last year. The main event, between Rhiannon Cadwallader and Ngozi Okonkwo, lasted thirty "
        "four minutes. Next year's show moves to Las Vegas on Saturday, April nineteenth, its first time in "
        "Nevada since twenty fifteen.",
    ),
    BenchArticle(
        "retail-results",
        "Shares in Harrowgate Foods (HRWG.L) fell 9% on Thurs. after the grocer cut its profit forecast to "
        "£410m.\n\n"
        "Chief executive Priyanka Raghunathan blamed a 6.5% rise in wage costs and a wet summer. She said "
        "the chain would close 14 stores by Feb. and open 30 smaller ones.\n\n"
        "The FTSE 100 (.FTSE) ended 0.2% lower at 7,612, while sterling held at $1.27.",
        "Shares in Harrowgate Foods fell nine percent on Thursday after the grocer cut its profit forecast to "
        "four hundred ten million pounds. Chief executive Priyanka Raghunathan blamed a six point five percent "
        "rise in wage costs and a wet summer. She said the chain would close fourteen stores by February and "
        "open thirty smaller ones. The FTSE one hundred ended zero point two percent lower at seven thousand six "
        "hundred twelve, while sterling held at one dollar twenty seven.",
    ),
    BenchArticle(
        "storm-warning",
        "Forecasters issued an amber warning for Cumbria on Mon., Nov. 6, with gusts of up to 80mph and "
        "120mm of rain expected.\n\n"
        "Councillor Eilidh Fairbairn said 2,300 homes in Keswick and Cockermouth had lost power by 9:30 a.m. "
        "A 4x4 carrying two walkers was swept off the A591 near Thirlmere; both were rescued.\n\n"
        "The Met Office said the storm, named Fergus, would ease by Wed. evening.",
        "Forecasters issued an amber warning for Cumbria on Monday, November sixth, with gusts of up to eighty "
        "miles per hour and one hundred twenty millimeters of rain expected. Councillor Eilidh Fairbairn said "
        "two thousand three hundred homes in Keswick and Cockermouth had lost power by nine thirty a m. A four "
        "by four carrying two walkers was swept off the A five nine one near Thirlmere, both were rescued. The "
        "Met Office said the storm, named Fergus, would ease by Wednesday evening.",
    ),
    BenchArticle(
        "tech-listing",
        "Cloud software firm Velantis (NYSE: VLTS) priced its IPO at $34 a share on Friday, valuing it at "
        "$6.8bn.\n\n"
        "Founder Mateusz Grabowski, 41, owns about 22% of the company. The shares opened at $41.50 and "
        "closed up 27%, the best debut of a US tech listing since Mar. 2021.\n\n"
        "Velantis employs 1,850 people in Austin, Kraków and Bengaluru.",
        "Cloud software firm Velantis priced its I P O at thirty four dollars a share on Friday, valuing it at "
        "six point eight billion dollars. Founder Mateusz Grabowski, forty one, owns about twenty two percent "
        "of the company. The shares opened at forty one dollars fifty and closed up twenty seven percent, the "
        "best debut of a U S tech listing since March twenty twenty one. Velantis employs one thousand eight "
        "hundred fifty people in Austin, Krakow and Bengaluru.",
    ),
)

ARTICLES = TUNING + HELD_OUT
