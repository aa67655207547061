# ruff: noqa: E501
"""News sentences for the normalisation benchmark, each with a careful newsreader's reading, typed by hand.

All sentences are written for voxpress. ``TUNING`` holds the sentences the
English rules were developed against (the gaps of issue 11 and their
neighbours; the same cases are in tests/test_speech_newsreader.py).
``SCORING`` was written in one sitting afterwards, covering the same kinds of
token with different words and figures, and scored as it stood. Two of its
sentences failed on that first run (a football score, a timetable time); rules
were then written for those two kinds and the two sentences moved to
``TUNING``. ``SCORING_2`` was written after that change and scored as it stood;
no rule was changed because of it. A reading may list accepted
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
    (
        "Arsenal beat Everton 2-0 on Sunday.",
        "Arsenal beat Everton two nil on Sunday. | Arsenal beat Everton two zero on Sunday. | Arsenal beat Everton two to nothing on Sunday.",
    ),
    ("A 10-minute delay hit the 8.05 service.", "A ten minute delay hit the eight oh five service."),
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
    (
        "Apple Inc. and Google LLC were fined.",
        "Apple incorporated and Google L L C were fined. | Apple and Google L L C were fined.",
    ),
    (
        "The quake struck at 03:40 GMT.",
        "The quake struck at oh three forty G M T. | The quake struck at three forty G M T.",
    ),
)

SCORING_2: tuple[tuple[str, str], ...] = (
    ("Voting closes on Thu., Jun. 6 at 10pm.", "Voting closes on Thursday, June sixth at ten P M."),
    ("The regulator fined Redbank (RDBK.L) £12m.", "The regulator fined Redbank twelve million pounds."),
    ("The Sensex (.BSESN) gained 1.1% in Mumbai.", "The Sensex gained one point one percent in Mumbai."),
    ("Oil rose $2 to $84.30 a barrel.", "Oil rose two dollars to eighty four dollars thirty a barrel."),
    (
        "The carmaker reported a €2.7bn profit.",
        "The carmaker reported a two point seven billion euro profit.",
    ),
    ("He paid $1,250 for the ticket.", "He paid one thousand two hundred fifty dollars for the ticket."),
    ("Wages grew 0.6% in the month to March.", "Wages grew zero point six percent in the month to March."),
    (
        "The tournament began on 3 June 2022.",
        "The tournament began on the third of June twenty twenty two. | The tournament began on three June twenty twenty two.",
    ),
    ("The ceasefire began on Nov. 24.", "The ceasefire began on November twenty fourth."),
    ("Doors open at 8:45 a.m. sharp.", "Doors open at eight forty five A M sharp."),
    (
        "The ship sank in 1912 with 1,500 aboard.",
        "The ship sank in nineteen twelve with one thousand five hundred aboard.",
    ),
    ("The band formed in the late 1960s.", "The band formed in the late nineteen sixties."),
    ("Rain totals hit 75mm in Devon.", "Rain totals hit seventy five millimetres in Devon."),
    ("The wall is 4m high.", "The wall is four metres high."),
    ("The runner covered 42km in 2 hours.", "The runner covered forty two kilometres in two hours."),
    (
        "Highs of 28C are forecast for Sat.",
        "Highs of twenty eight degrees Celsius are forecast for Saturday. | Highs of twenty eight degrees Celsius are forecast for Sat.",
    ),
    ("Gen. Harlan and Capt. Moore gave evidence.", "General Harlan and Captain Moore gave evidence."),
    ("The MP for Bath spoke at 2pm.", "The M P for Bath spoke at two P M."),
    ("The IMF cut its forecast to 2.9%.", "The I M F cut its forecast to two point nine percent."),
    ("Wales lost 3-0 to Belgium.", "Wales lost three nil to Belgium."),
    (
        "The bill passed 310-112.",
        "The bill passed three hundred ten to one hundred twelve. | The bill passed three hundred and ten to one hundred and twelve.",
    ),
    ("Sales fell 10-15% this year.", "Sales fell ten to fifteen percent this year."),
    ("Nearly 2/3 of firms agreed.", "Nearly two thirds of firms agreed."),
    ("Henry VIII had six wives.", "Henry the eighth had six wives."),
    ("The Airbus A350 landed safely.", "The Airbus A three fifty landed safely."),
    ("A 12-year-old girl won the prize.", "A twelve year old girl won the prize."),
    ("The song reached #3 in Ireland.", "The song reached number three in Ireland."),
    ("A 6x6 truck crossed the river.", "A six by six truck crossed the river."),
    ("Visit news.example.org for updates.", "Visit news dot example dot org for updates."),
    ("Follow @WeatherDesk for alerts.", "Follow at Weather Desk for alerts."),
    ("Prices rose 3x in a decade.", "Prices rose three times in a decade."),
    (
        "The firm's 2023/24 results were weak.",
        "The firm's twenty twenty three to twenty four results were weak.",
    ),
    ("Exports to the EU fell by a 5th.", "Exports to the E U fell by a fifth."),
    ("Mrs. Adeyemi met the Pres. of the club.", "Missus Adeyemi met the president of the club."),
    ("The £20 note features Turner.", "The twenty pound note features Turner."),
    ("A $400m bond sale is planned.", "A four hundred million dollar bond sale is planned."),
    ("The quake measured 6.8 in magnitude.", "The quake measured six point eight in magnitude."),
    ("The 1.2m-strong union voted.", "The one point two million strong union voted."),
    ("The hotline is open 9am-5pm.", "The hotline is open nine A M to five P M."),
    (
        "Call 0800 123 4567 for help.",
        "Call oh eight hundred one two three four five six seven for help. | Call zero eight hundred one two three four five six seven for help. | Call oh eight oh oh one two three four five six seven for help.",
    ),
)
