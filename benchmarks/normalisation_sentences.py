# ruff: noqa: E501
"""News sentences for the normalisation benchmark, each with a careful newsreader's reading, typed by hand.

All sentences are written for voxpress. ``TUNING`` holds the sentences the
English rules were developed against (the gaps of issue 11 and their
neighbours; the same cases are in tests/test_speech_newsreader.py).
``SCORING`` was written in one sitting afterwards, covering the same kinds of
token with different words and figures, and scored as it stood: no rule was
changed because of a ``SCORING`` result. A reading may list accepted
alternatives separated by " | " (British "and" in numbers is accepted by the
scorer anyway).
"""

from __future__ import annotations

TUNING: tuple[tuple[str, str], ...] = (
    (
        "The hearing opens on Tue., Sept. 12 in Cardiff.",
        "The hearing opens on Tuesday, September twelfth in Cardiff.",
    ),
    (
        "Trading resumed Mon., Jan. 9 after the holiday.",
        "Trading resumed Monday, January ninth after the holiday.",
    ),
    (
        "The audit, due Thurs., will cover Feb. and Mar. receipts.",
        "The audit, due Thursday, will cover February and March receipts.",
    ),
    ("Shares of Orchard Computing (ORCH.O) rose 3%.", "Shares of Orchard Computing rose three percent."),
    ("The Kospi (.KS11) slipped while the index (SHCOMP) rose.", "The Kospi slipped while the index rose."),
    ("The Hang Seng index (.HSI) fell 2% on Monday.", "The Hang Seng index fell two percent on Monday."),
    ("Fans filled Super Bowl LVII in Phoenix.", "Fans filled Super Bowl fifty seven in Phoenix."),
    ("WrestleMania XL sold out.", "WrestleMania forty sold out."),
    ("The single went to #1 in the charts.", "The single went to number one in the charts."),
    ("A 4x4 blocked the lane.", "A four by four blocked the lane."),
    ("They agreed a £300m takeover.", "They agreed a three hundred million pound takeover."),
    ("It posted an HK$3.2bn loss.", "It posted a three point two billion Hong Kong dollar loss."),
    ("The market opens at 9:30 a.m. on Monday.", "The market opens at nine thirty A M on Monday."),
)

SCORING: tuple[tuple[str, str], ...] = (
    (
        "The council will vote on Wed., Oct. 18 on the new budget.",
        "The council will vote on Wednesday, October eighteenth on the new budget.",
    ),
    (
        "Results are due Fri., Aug. 4, the company said.",
        "Results are due Friday, August fourth, the company said.",
    ),
    (
        "The strike will run from Dec. to Feb. at three depots.",
        "The strike will run from December to February at three depots.",
    ),
    ("Glenmoor Mining (GLM.AX) jumped 11% in Sydney.", "Glenmoor Mining jumped eleven percent in Sydney."),
    (
        "The Nikkei share average (.N225) closed down 0.8%.",
        "The Nikkei share average closed down zero point eight percent.",
    ),
    ("Brightline Air (NASDAQ: BLAR) cut 400 jobs.", "Brightline Air cut four hundred jobs."),
    ("The Taiwan index (.TWII) hit a record.", "The Taiwan index hit a record."),
    ("Tickets for Super Bowl LIX went on sale.", "Tickets for Super Bowl fifty nine went on sale."),
    ("King Charles III opened the session.", "King Charles the third opened the session."),
    ("The film was the #1 release in May.", "The film was the number one release in May."),
    ("Police found a 2x4 plank at the scene.", "Police found a two by four plank at the scene."),
    (
        "The firm won a $45m contract from the army.",
        "The firm won a forty five million dollar contract from the army.",
    ),
    (
        "She signed a £2.5m deal with the club.",
        "She signed a two point five million pound deal with the club.",
    ),
    ("The group raised €600m from investors.", "The group raised six hundred million euros from investors."),
    (
        "Losses widened to $1.2bn in the quarter.",
        "Losses widened to one point two billion dollars in the quarter.",
    ),
    (
        "Petrol rose 4p to 152.9p a litre.",
        "Petrol rose four pence to one hundred fifty two point nine pence a litre.",
    ),
    ("Inflation slowed to 3.4% in April.", "Inflation slowed to three point four percent in April."),
    (
        "Unemployment was 4.2%, up from 3.9%.",
        "Unemployment was four point two percent, up from three point nine percent.",
    ),
    (
        "The index ended at 18,234.56 points.",
        "The index ended at eighteen thousand two hundred thirty four point five six points.",
    ),
    ("About 1,500 people attended the rally.", "About one thousand five hundred people attended the rally."),
    (
        "The bridge opened in 1998 and closed in 2023.",
        "The bridge opened in nineteen ninety eight and closed in twenty twenty three.",
    ),
    ("Prices have doubled since the 1970s.", "Prices have doubled since the nineteen seventies."),
    ("The flight leaves at 6:15 p.m. local time.", "The flight leaves at six fifteen P M local time."),
    ("The polls open at 7am and close at 10pm.", "The polls open at seven A M and close at ten P M."),
    (
        "The meeting is on 14 March in Geneva.",
        "The meeting is on the fourteenth of March in Geneva. | The meeting is on fourteen March in Geneva.",
    ),
    ("The law takes effect on July 1.", "The law takes effect on July first."),
    (
        "He finished 3rd in the 200m final.",
        "He finished third in the two hundred metres final. | He finished third in the two hundred metre final.",
    ),
    ("Temperatures reached 41C in Seville.", "Temperatures reached forty one degrees Celsius in Seville."),
    ("The storm brought winds of 90mph.", "The storm brought winds of ninety miles per hour."),
    (
        "The car was doing 130km/h when it crashed.",
        "The car was doing one hundred thirty kilometres per hour when it crashed.",
    ),
    ("The parcel weighed 2.3kg.", "The parcel weighed two point three kilograms."),
    ("Mr. Okafor met Dr. Lindqvist on Tuesday.", "Mister Okafor met Doctor Lindqvist on Tuesday."),
    ("Sen. Alvarado and Gov. Pryce disagreed.", "Senator Alvarado and Governor Pryce disagreed."),
    ("The talks at No. 10 ran late.", "The talks at number ten ran late."),
    ("The FBI and the CIA briefed the committee.", "The F B I and the C I A briefed the committee."),
    ("NATO leaders met in Vilnius.", "Nato leaders met in Vilnius."),
    ("The UN said 12m people need aid.", "The U N said twelve million people need aid."),
    (
        "Arsenal beat Everton 2-0 on Sunday.",
        "Arsenal beat Everton two nil on Sunday. | Arsenal beat Everton two zero on Sunday. | Arsenal beat Everton two to nothing on Sunday.",
    ),
    (
        "The vote passed 52-48.",
        "The vote passed fifty two to forty eight. | The vote passed fifty two forty eight.",
    ),
    ("Half of the 2019-20 season was lost.", "Half of the twenty nineteen to twenty season was lost."),
    ("Rents rose 5-7% last year.", "Rents rose five to seven percent last year."),
    ("About 1/3 of voters were undecided.", "About one third of voters were undecided."),
    ("The site is open 24/7.", "The site is open twenty four seven."),
    ("Read more at example.com today.", "Read more at example dot com today."),
    ("The tag #ClimateStrike trended.", "The tag hashtag Climate Strike trended."),
    ("World War II ended in 1945.", "World War two ended in nineteen forty five."),
    ("Pope Francis met Louis XIV's heirs.", "Pope Francis met Louis the fourteenth's heirs."),
    ("The Boeing 787 was grounded.", "The Boeing seven eight seven was grounded."),
    ("A 7-year-old boy was rescued.", "A seven year old boy was rescued."),
    ("The G20 summit opens in Rio.", "The G twenty summit opens in Rio."),
    ("It cost $3.50 a pint.", "It cost three dollars fifty a pint."),
    (
        "The firm's shares fell 12 cents to $8.04.",
        "The firm's shares fell twelve cents to eight dollars four.",
    ),
    ("The plan covers 4.5m homes.", "The plan covers four point five million homes."),
    ("Output fell for a 3rd month.", "Output fell for a third month."),
    ("The ECB held rates at 4%.", "The E C B held rates at four percent."),
    (
        "Turnout was 67.3% in the 2024 election.",
        "Turnout was sixty seven point three percent in the twenty twenty four election.",
    ),
    (
        "The deal values Harlow Foods at £1.1bn.",
        "The deal values Harlow Foods at one point one billion pounds.",
    ),
    ("A 10-minute delay hit the 8.05 service.", "A ten minute delay hit the eight oh five service."),
    (
        "Apple Inc. and Google LLC were fined.",
        "Apple incorporated and Google L L C were fined. | Apple and Google L L C were fined.",
    ),
    (
        "The quake struck at 03:40 GMT.",
        "The quake struck at oh three forty G M T. | The quake struck at three forty G M T.",
    ),
)
