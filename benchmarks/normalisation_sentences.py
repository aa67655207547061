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

# The two sets below were written together in one sitting (2026-12-02), kind by kind, before any rule
# was changed for them: for each kind of token the issue and the earlier misses name, different
# sentences with different words and figures went into each set. Rules are developed against
# ``DEV`` only; ``HELD_OUT`` is scored as a check and never used to choose a rule.

DEV: tuple[tuple[str, str], ...] = (
    # titles before names
    ("Pres. Macron met Chancellor Scholz in Berlin.", "President Macron met Chancellor Scholz in Berlin."),
    ("Sgt. Maj. Dawson led the parade.", "Sergeant Major Dawson led the parade."),
    ("Cllr Jane Hewitt chairs the committee.", "Councillor Jane Hewitt chairs the committee."),
    ("Lt. Col. Abara was promoted.", "Lieutenant Colonel Abara was promoted."),
    ("Atty. Gen. Rossi filed the suit.", "Attorney General Rossi filed the suit."),
    # number and unit compounds
    ("The 2,000-strong crowd cheered.", "The two thousand strong crowd cheered."),
    ("The 3.5m-tonne harvest was a record.", "The three point five million tonne harvest was a record."),
    ("A 5km stretch of the M6 was closed.", "A five kilometre stretch of the M six was closed."),
    ("A 7.2-magnitude quake hit the coast.", "A seven point two magnitude quake hit the coast."),
    ("Workers began a 48-hour strike.", "Workers began a forty eight hour strike."),
    ("The £40m-a-year contract was renewed.", "The forty million pound a year contract was renewed."),
    # time ranges
    ("The shop opens 10am-6pm daily.", "The shop opens ten A M to six P M daily."),
    ("Roadworks run from 8pm to 6am.", "Roadworks run from eight P M to six A M."),
    ("Visiting hours are 2-4pm.", "Visiting hours are two to four P M."),
    # phone numbers
    (
        "Call 020 7946 0321 for tickets.",
        "Call oh two oh seven nine four six oh three two one for tickets. | Call zero two zero seven nine four six zero three two one for tickets.",
    ),
    (
        "The hotline, 1-800-555-0142, is free.",
        "The hotline, one eight hundred five five five oh one four two, is free. | The hotline, one eight oh oh five five five oh one four two, is free. | The hotline, one eight zero zero five five five zero one four two, is free.",
    ),
    ("Ring 999 in an emergency.", "Ring nine nine nine in an emergency."),
    (
        "Dial +44 20 7946 0999 from abroad.",
        "Dial plus four four two oh seven nine four six oh nine nine nine from abroad. | Dial plus four four two zero seven nine four six zero nine nine nine from abroad.",
    ),
    (
        "Call (555) 014-2368 today.",
        "Call five five five oh one four two three six eight today. | Call five five five zero one four two three six eight today.",
    ),
    # dates
    ("The vote is on March 3, 2025.", "The vote is on March third, twenty twenty five."),
    (
        "She was born on 12 July 1984.",
        "She was born on the twelfth of July nineteen eighty four. | She was born on twelve July nineteen eighty four.",
    ),
    ("The report is dated 2024-11-05.", "The report is dated November fifth, twenty twenty four."),
    ("The deadline is the 15th.", "The deadline is the fifteenth."),
    ("The treaty was signed in 1648.", "The treaty was signed in sixteen forty eight."),
    (
        "The company was founded in 2005.",
        "The company was founded in two thousand five. | The company was founded in twenty oh five.",
    ),
    (
        "Sales peaked in Q3 2023.",
        "Sales peaked in Q three twenty twenty three. | Sales peaked in the third quarter of twenty twenty three.",
    ),
    # times
    ("The train leaves at 10.45am.", "The train leaves at ten forty five A M."),
    ("Kick-off is at 3pm on Saturday.", "Kick off is at three P M on Saturday."),
    (
        "The blast happened at 0800 GMT.",
        "The blast happened at oh eight hundred G M T. | The blast happened at eight hundred G M T.",
    ),
    ("The results come at 5:00 p.m.", "The results come at five P M."),
    # ranges
    ("Expect delays of 20-30 minutes.", "Expect delays of twenty to thirty minutes."),
    ("The shop is open Monday-Friday.", "The shop is open Monday to Friday."),
    (
        "The festival runs June 5-8.",
        "The festival runs June fifth to eighth. | The festival runs June fifth to the eighth.",
    ),
    ("Prices of £5-£10 are typical.", "Prices of five to ten pounds are typical."),
    ("Highs of 20-25C are likely.", "Highs of twenty to twenty five degrees Celsius are likely."),
    ("The 1914-18 war changed Europe.", "The nineteen fourteen to eighteen war changed Europe."),
    # scores
    ("Leeds won 3-1 at Elland Road.", "Leeds won three one at Elland Road."),
    (
        "It finished 2-2 after extra time.",
        "It finished two all after extra time. | It finished two two after extra time.",
    ),
    ("Spain lost 1-0 to Italy.", "Spain lost one nil to Italy. | Spain lost one zero to Italy."),
    ("She won the final 6-4, 6-3.", "She won the final six four, six three."),
    (
        "The Lions beat the Hawks 24-17.",
        "The Lions beat the Hawks twenty four seventeen. | The Lions beat the Hawks twenty four to seventeen.",
    ),
    # fractions
    ("Almost 3/4 of homes have broadband.", "Almost three quarters of homes have broadband."),
    (
        "Only 1/10 of the money was spent.",
        "Only one tenth of the money was spent. | Only a tenth of the money was spent.",
    ),
    ("The tank was ½ full.", "The tank was half full."),
    ("He won by 2½ lengths.", "He won by two and a half lengths."),
    # ordinals
    ("The 21st century began in 2001.", "The twenty first century began in two thousand one."),
    ("It is the 102nd edition of the race.", "It is the one hundred second edition of the race."),
    ("She came 11th in the slalom.", "She came eleventh in the slalom."),
    ("A 19th-century mill burned down.", "A nineteenth century mill burned down."),
    # percentages
    ("Rates rose to 5.25%.", "Rates rose to five point two five percent."),
    ("The shares fell 0.4 per cent.", "The shares fell zero point four percent."),
    ("Growth was -0.3% in May.", "Growth was minus zero point three percent in May."),
    ("The Fed raised rates by 25bp.", "The Fed raised rates by twenty five basis points."),
    # currencies with magnitude, and small sums
    ("The bank lost €2.5bn.", "The bank lost two point five billion euros."),
    (
        "Investors poured $750m into the fund.",
        "Investors poured seven hundred fifty million dollars into the fund.",
    ),
    ("The state owes ¥1.2tn.", "The state owes one point two trillion yen."),
    ("The fine was A$15m.", "The fine was fifteen million Australian dollars."),
    ("A €1bn rescue fund was set up.", "A one billion euro rescue fund was set up."),
    ("The coffee cost £2.40.", "The coffee cost two pounds forty."),
    ("Bus fares rise to 75p.", "Bus fares rise to seventy five pence. | Bus fares rise to seventy five p."),
    ("It costs $0.99 to download.", "It costs ninety nine cents to download."),
    ("Salaries start at $45,000.", "Salaries start at forty five thousand dollars."),
    # units
    ("The trail is 5km long.", "The trail is five kilometres long."),
    ("It was 30C in Athens.", "It was thirty degrees Celsius in Athens."),
    ("Lows of -5C are forecast.", "Lows of minus five degrees Celsius are forecast."),
    ("The fish weighed 12lb.", "The fish weighed twelve pounds."),
    (
        "He is 6ft 2in tall.",
        "He is six feet two inches tall. | He is six foot two inches tall. | He is six foot two tall.",
    ),
    ("The flat measures 850 sq ft.", "The flat measures eight hundred fifty square feet."),
    ("The plant produces 400MW.", "The plant produces four hundred megawatts."),
    ("The river rose 2m overnight.", "The river rose two metres overnight."),
    ("Drink 500ml of water.", "Drink five hundred millilitres of water."),
    # years and decades
    ("House prices soared in the 1980s.", "House prices soared in the nineteen eighties."),
    ("It was a hit in the '90s.", "It was a hit in the nineties."),
    ("The 2000s saw rapid growth.", "The two thousands saw rapid growth."),
    ("Fashion from the mid-1970s returned.", "Fashion from the mid nineteen seventies returned."),
    ("She grew up in the 1950s and '60s.", "She grew up in the nineteen fifties and sixties."),
    # roman numerals
    ("Queen Elizabeth II died in 2022.", "Queen Elizabeth the second died in twenty twenty two."),
    ("The Super Bowl LVIII show drew crowds.", "The Super Bowl fifty eight show drew crowds."),
    ("World War I began in 1914.", "World War one began in nineteen fourteen."),
    ("The drug is in a Phase III trial.", "The drug is in a Phase three trial."),
    ("Title IX changed college sport.", "Title nine changed college sport."),
    ("Pope John Paul II visited Poland.", "Pope John Paul the second visited Poland."),
    ("Rocky IV was filmed in Wyoming.", "Rocky four was filmed in Wyoming."),
    # initialisms and acronyms
    ("NASA and the ESA signed a pact.", "Nasa and the E S A signed a pact."),
    ("UNESCO listed the site.", "Unesco listed the site."),
    ("The NHS hired 5,000 nurses.", "The N H S hired five thousand nurses."),
    ("OPEC cut output again.", "Opec cut output again."),
    ("The SNP won 48 seats.", "The S N P won forty eight seats."),
    ("The FTSE 100 rose 0.5%.", "The Footsie one hundred rose zero point five percent."),
    ("The S&P 500 hit a record.", "The S and P five hundred hit a record."),
    ("The WHO warned of a new strain.", "The W H O warned of a new strain."),
    ("Covid-19 cases fell.", "Covid nineteen cases fell."),
    ("The F-35 jets landed.", "The F thirty five jets landed."),
    ("The 4G and 5G networks failed.", "The four G and five G networks failed."),
    # addresses
    ("Email tips@example.net with news.", "Email tips at example dot net with news."),
    (
        "See www.example.org/jobs for details.",
        "See example dot org slash jobs for details. | See w w w dot example dot org slash jobs for details.",
    ),
    ("Visit https://example.com/help now.", "Visit example dot com slash help now."),
    # No., St., Dr., vs.
    ("No. 10 said the plan was on track.", "Number ten said the plan was on track."),
    ("She is the world No. 1.", "She is the world number one."),
    ("Nos. 3 and 4 were demolished.", "Numbers three and four were demolished."),
    ("St. Mary's Hospital is on Praed St.", "Saint Mary's Hospital is on Praed Street."),
    ("They met on Elm St. in Dayton.", "They met on Elm Street in Dayton."),
    ("St. Louis beat Denver.", "Saint Louis beat Denver."),
    ("Dr. Okonjo runs the clinic.", "Doctor Okonjo runs the clinic."),
    ("The house on Mulholland Dr. sold.", "The house on Mulholland Drive sold."),
    ("Dr. Patel lives on Acacia Dr. near the park.", "Doctor Patel lives on Acacia Drive near the park."),
    ("Brazil vs. Argentina is on Friday.", "Brazil versus Argentina is on Friday."),
    ("Roe v. Wade was overturned.", "Roe versus Wade was overturned. | Roe v Wade was overturned."),
    ("It is Leeds v Hull tonight.", "It is Leeds versus Hull tonight. | It is Leeds v Hull tonight."),
    # ellipses and quotes
    ("He said... nothing more.", "He said nothing more."),
    ('"We will rebuild," the mayor said.', "We will rebuild, the mayor said."),
    ("'It's over,' she said, 'for now.'", "It's over, she said, for now."),
    # state and company abbreviations of wire copy
    (
        "The fire near Fresno, Calif., spread overnight.",
        "The fire near Fresno, California, spread overnight.",
    ),
    ("The company is based in Austin, Tex.", "The company is based in Austin, Texas."),
    ("He was arrested in Tampa, Fla., on Monday.", "He was arrested in Tampa, Florida, on Monday."),
    ("Ford Motor Co. recalled 1,200 cars.", "Ford Motor Company recalled one thousand two hundred cars."),
    ("Warner Bros. released the film.", "Warner Brothers released the film."),
    # the rest
    (
        "The vote was 7-2 in favour.",
        "The vote was seven to two in favour. | The vote was seven two in favour.",
    ),
    ("The 9/11 attacks changed travel.", "The nine eleven attacks changed travel."),
    ("A 50-50 split was agreed.", "A fifty fifty split was agreed."),
    ("Take the I-95 north.", "Take the I ninety five north."),
    ("Approx. 300 people came.", "Approximately three hundred people came."),
    ("The bridge dates from c. 1850.", "The bridge dates from circa eighteen fifty."),
    ("He earns £30k a year.", "He earns thirty thousand pounds a year."),
    ("The firm cut 1 in 5 jobs.", "The firm cut one in five jobs."),
    (
        "The FY2024 results were strong.",
        "The F Y twenty twenty four results were strong. | The fiscal year twenty twenty four results were strong.",
    ),
)

HELD_OUT: tuple[tuple[str, str], ...] = (
    # titles before names
    ("Pres. Lula addressed the summit.", "President Lula addressed the summit."),
    ("Cpl. Haines and Sgt. Oduya were decorated.", "Corporal Haines and Sergeant Oduya were decorated."),
    ("Maj. Gen. Ferris took command.", "Major General Ferris took command."),
    ("Cllr. Begum opened the library.", "Councillor Begum opened the library."),
    ("Supt. Crowther led the inquiry.", "Superintendent Crowther led the inquiry."),
    # number and unit compounds
    ("The 40,000-seat stadium was full.", "The forty thousand seat stadium was full."),
    ("A 6.1-magnitude earthquake struck Chile.", "A six point one magnitude earthquake struck Chile."),
    ("The 1.5m-strong army was mobilised.", "The one point five million strong army was mobilised."),
    ("They opened a 12km tunnel.", "They opened a twelve kilometre tunnel."),
    ("The 72-hour ceasefire held.", "The seventy two hour ceasefire held."),
    ("A £9bn-a-year subsidy ended.", "A nine billion pound a year subsidy ended."),
    # time ranges
    ("The museum opens 9.30am-5pm.", "The museum opens nine thirty A M to five P M."),
    ("Trains will not run 11pm-5am.", "Trains will not run eleven P M to five A M."),
    ("Lunch is served 12-2pm.", "Lunch is served twelve to two P M."),
    # phone numbers
    (
        "Call 0161 496 0250 to book.",
        "Call oh one six one four nine six oh two five oh to book. | Call zero one six one four nine six zero two five zero to book.",
    ),
    (
        "The number is 1-888-555-0177.",
        "The number is one eight eight eight five five five oh one seven seven. | The number is one eight eight eight five five five zero one seven seven.",
    ),
    ("Dial 112 anywhere in the EU.", "Dial one one two anywhere in the E U."),
    (
        "Text 07700 900123 with your view.",
        "Text oh seven seven oh oh nine oh oh one two three with your view. | Text zero seven seven zero zero nine zero zero one two three with your view.",
    ),
    # dates
    ("The summit opens on October 14, 2026.", "The summit opens on October fourteenth, twenty twenty six."),
    (
        "He died on 30 April 1975.",
        "He died on the thirtieth of April nineteen seventy five. | He died on thirty April nineteen seventy five.",
    ),
    ("The filing is dated 2023-02-17.", "The filing is dated February seventeenth, twenty twenty three."),
    (
        "The firm was set up in 2008.",
        "The firm was set up in two thousand eight. | The firm was set up in twenty oh eight.",
    ),
    ("Markets fell on the 3rd.", "Markets fell on the third."),
    ("The abbey was built in 1120.", "The abbey was built in eleven twenty."),
    (
        "Profits rose in H1 2024.",
        "Profits rose in H one twenty twenty four. | Profits rose in the first half of twenty twenty four.",
    ),
    # times
    ("Polling ends at 9.15pm.", "Polling ends at nine fifteen P M."),
    ("The launch is at 11am on Friday.", "The launch is at eleven A M on Friday."),
    ("The crash was reported at 1430 GMT.", "The crash was reported at fourteen thirty G M T."),
    ("Doors close at 6:00 p.m.", "Doors close at six P M."),
    # ranges
    ("Waits of 40-50 minutes were common.", "Waits of forty to fifty minutes were common."),
    ("The clinic is open Tuesday-Saturday.", "The clinic is open Tuesday to Saturday."),
    (
        "The show runs May 10-14.",
        "The show runs May tenth to fourteenth. | The show runs May tenth to the fourteenth.",
    ),
    ("Tickets cost $20-$40.", "Tickets cost twenty to forty dollars."),
    ("Lows of 2-4C are expected.", "Lows of two to four degrees Celsius are expected."),
    ("The 1939-45 war left scars.", "The nineteen thirty nine to forty five war left scars."),
    # scores
    ("Celtic won 4-2 at Ibrox.", "Celtic won four two at Ibrox."),
    (
        "The match ended 0-0.",
        "The match ended nil nil. | The match ended zero zero. | The match ended nil all.",
    ),
    ("France lost 2-1 to Portugal.", "France lost two one to Portugal."),
    ("He won 7-5, 6-2 in Madrid.", "He won seven five, six two in Madrid."),
    (
        "The Bears beat the Jets 31-28.",
        "The Bears beat the Jets thirty one twenty eight. | The Bears beat the Jets thirty one to twenty eight.",
    ),
    # fractions
    ("About 2/5 of staff quit.", "About two fifths of staff quit."),
    (
        "Nearly 1/4 of the crop failed.",
        "Nearly one quarter of the crop failed. | Nearly a quarter of the crop failed.",
    ),
    ("The glass was ¾ empty.", "The glass was three quarters empty."),
    ("Rates fell by 1½ points.", "Rates fell by one and a half points."),
    # ordinals
    ("The 22nd summit opened in Baku.", "The twenty second summit opened in Baku."),
    ("It is her 101st appearance.", "It is her one hundred first appearance."),
    ("He finished 13th in Monaco.", "He finished thirteenth in Monaco."),
    ("An 18th-century church was restored.", "An eighteenth century church was restored."),
    # percentages
    ("The rate stands at 3.75%.", "The rate stands at three point seven five percent."),
    ("Shares dropped 1.2 per cent.", "Shares dropped one point two percent."),
    ("Growth was -0.5% last quarter.", "Growth was minus zero point five percent last quarter."),
    ("The bank cut rates by 50bp.", "The bank cut rates by fifty basis points."),
    # currencies with magnitude, and small sums
    ("The insurer lost €3.8bn.", "The insurer lost three point eight billion euros."),
    ("The startup raised $120m.", "The startup raised one hundred twenty million dollars."),
    ("The deal was worth ¥450bn.", "The deal was worth four hundred fifty billion yen."),
    ("The transfer cost £62m.", "The transfer cost sixty two million pounds."),
    ("The fine was C$8m.", "The fine was eight million Canadian dollars."),
    ("A $2bn rescue package was agreed.", "A two billion dollar rescue package was agreed."),
    ("A pint costs £5.20.", "A pint costs five pounds twenty."),
    ("Stamps rise to 85p.", "Stamps rise to eighty five pence. | Stamps rise to eighty five p."),
    ("The app costs $1.99.", "The app costs one dollar ninety nine."),
    ("Pay starts at £28,000.", "Pay starts at twenty eight thousand pounds."),
    # units
    ("The lake is 3km wide.", "The lake is three kilometres wide."),
    ("It hit 35C in Madrid.", "It hit thirty five degrees Celsius in Madrid."),
    ("Temperatures fell to -12C.", "Temperatures fell to minus twelve degrees Celsius."),
    ("The baby weighed 7lb.", "The baby weighed seven pounds."),
    ("The wall is 8ft high.", "The wall is eight feet high. | The wall is eight foot high."),
    ("The office covers 12,000 sq ft.", "The office covers twelve thousand square feet."),
    ("The farm makes 50MW.", "The farm makes fifty megawatts."),
    ("Snow lay 30cm deep.", "Snow lay thirty centimetres deep."),
    ("Add 250ml of milk.", "Add two hundred fifty millilitres of milk."),
    # years and decades
    ("The town boomed in the 1890s.", "The town boomed in the eighteen nineties."),
    ("Punk peaked in the '70s.", "Punk peaked in the seventies."),
    ("The 2010s were a lost decade.", "The twenty tens were a lost decade."),
    ("The car dates from the mid-1980s.", "The car dates from the mid nineteen eighties."),
    # roman numerals
    ("King George VI spoke on the radio.", "King George the sixth spoke on the radio."),
    ("Super Bowl LX is in California.", "Super Bowl sixty is in California."),
    ("Part II of the report is due.", "Part two of the report is due."),
    ("Pope Benedict XVI resigned in 2013.", "Pope Benedict the sixteenth resigned in twenty thirteen."),
    ("The Phase II results were strong.", "The Phase two results were strong."),
    # initialisms and acronyms
    ("NATO and the OSCE sent observers.", "Nato and the O S C E sent observers."),
    ("FIFA fined the club.", "Fifa fined the club."),
    ("The CDC issued guidance.", "The C D C issued guidance."),
    ("ASEAN leaders met in Jakarta.", "Asean leaders met in Jakarta."),
    ("The DUP walked out.", "The D U P walked out."),
    ("The FTSE 250 fell 1%.", "The Footsie two hundred fifty fell one percent."),
    ("AT&T shares rose.", "A T and T shares rose."),
    ("The CBI and the TUC agreed.", "The C B I and the T U C agreed."),
    ("The A380 was retired.", "The A three eighty was retired."),
    ("Covid-19 rules ended.", "Covid nineteen rules ended."),
    ("The 5G rollout was delayed.", "The five G rollout was delayed."),
    # addresses
    ("Write to press@example.co.uk for comment.", "Write to press at example dot co dot uk for comment."),
    (
        "Details are at www.example.com/tax.",
        "Details are at example dot com slash tax. | Details are at w w w dot example dot com slash tax.",
    ),
    # No., St., Dr., vs.
    ("No. 10 denied the report.", "Number ten denied the report."),
    ("The No. 2 seed lost in Paris.", "The number two seed lost in Paris."),
    ("St. Thomas' Hospital is near Westminster.", "Saint Thomas' Hospital is near Westminster."),
    ("The cafe on Church St. closed.", "The cafe on Church Street closed."),
    ("They toured St. Petersburg.", "They toured Saint Petersburg."),
    ("Dr. Ferreira treated the patients.", "Doctor Ferreira treated the patients."),
    ("The crash on Lakeview Dr. injured two.", "The crash on Lakeview Drive injured two."),
    ("Chelsea vs. Arsenal sold out.", "Chelsea versus Arsenal sold out."),
    (
        "Brown v. Board of Education was decided in 1954.",
        "Brown versus Board of Education was decided in nineteen fifty four. | Brown v Board of Education was decided in nineteen fifty four.",
    ),
    # ellipses and quotes
    ("The answer was... no.", "The answer was no."),
    ('"It is a sad day," he said.', "It is a sad day, he said."),
    # state and company abbreviations of wire copy
    ("The plant in Reno, Nev., will close.", "The plant in Reno, Nevada, will close."),
    ("She lives in Portland, Ore.", "She lives in Portland, Oregon."),
    ("He was born in Boston, Mass., in 1960.", "He was born in Boston, Massachusetts, in nineteen sixty."),
    ("Procter & Gamble Co. raised prices.", "Procter and Gamble Company raised prices."),
    ("Ringling Bros. toured again.", "Ringling Brothers toured again."),
    # the rest
    ("The court ruled 5-4.", "The court ruled five to four. | The court ruled five four."),
    ("The 7/7 bombings were remembered.", "The seven seven bombings were remembered."),
    ("A 60-40 split was proposed.", "A sixty forty split was proposed."),
    ("Take exit 12 off the I-80.", "Take exit twelve off the I eighty."),
    ("The chapel dates from c. 1600.", "The chapel dates from circa sixteen hundred."),
    ("Approx. 40 homes flooded.", "Approximately forty homes flooded."),
    ("She earns £45k a year.", "She earns forty five thousand pounds a year."),
    ("Only 1 in 4 passed.", "Only one in four passed."),
    (
        "The FY2025 budget was cut.",
        "The F Y twenty twenty five budget was cut. | The fiscal year twenty twenty five budget was cut.",
    ),
)

# ``HELD_OUT`` was first scored at 98.3% (116 of 118); its two misses were then mended as kinds (a
# slash between a larger and a smaller figure is a date, "7/7"; the scorer hears "Thomas'" as
# "Thomas"), so it is no longer clean. ``HELD_OUT_2`` was written after all of that, in one
# sitting, and is scored as it stood: no rule is to be changed because of it.

HELD_OUT_2: tuple[tuple[str, str], ...] = (
    (
        "Gov. Whitmer and Rep. Tlaib toured the plant.",
        "Governor Whitmer and Representative Tlaib toured the plant.",
    ),
    ("Cllr Owusu chaired the vote.", "Councillor Owusu chaired the vote."),
    ("Det. Insp. Marsh took the stand.", "Detective Inspector Marsh took the stand."),
    ("A 30,000-word report was published.", "A thirty thousand word report was published."),
    ("The 2.5m-member union backed the deal.", "The two point five million member union backed the deal."),
    ("An 8-hour shift is standard.", "An eight hour shift is standard."),
    ("The pool is open 7am-9pm.", "The pool is open seven A M to nine P M."),
    ("Trading halts 4-5pm on Fridays.", "Trading halts four to five P M on Fridays."),
    (
        "Call 0300 555 0198 for advice.",
        "Call oh three oh oh five five five oh one nine eight for advice. | Call zero three zero zero five five five zero one nine eight for advice. | Call oh three hundred five five five oh one nine eight for advice.",
    ),
    ("Dial 999 if you see smoke.", "Dial nine nine nine if you see smoke."),
    ("The election is on May 7, 2026.", "The election is on May seventh, twenty twenty six."),
    (
        "The pact was signed on 9 November 1989.",
        "The pact was signed on the ninth of November nineteen eighty nine. | The pact was signed on nine November nineteen eighty nine.",
    ),
    ("The notice is dated 2025-06-30.", "The notice is dated June thirtieth, twenty twenty five."),
    ("The mill was built in 1790.", "The mill was built in seventeen ninety."),
    ("The troops landed at 0430 GMT.", "The troops landed at oh four thirty G M T."),
    ("The vote closes at 10:00 p.m.", "The vote closes at ten P M."),
    ("The bus leaves at 7.20am.", "The bus leaves at seven twenty A M."),
    ("Delays of 10-15 minutes are likely.", "Delays of ten to fifteen minutes are likely."),
    ("The office opens Monday-Thursday.", "The office opens Monday to Thursday."),
    (
        "The regatta runs July 2-6.",
        "The regatta runs July second to sixth. | The regatta runs July second to the sixth.",
    ),
    ("Seats cost £15-£25.", "Seats cost fifteen to twenty five pounds."),
    ("Highs of 18-21C are expected.", "Highs of eighteen to twenty one degrees Celsius are expected."),
    ("Rangers won 2-0 at Hampden.", "Rangers won two nil at Hampden. | Rangers won two zero at Hampden."),
    ("It finished 1-1 in Lyon.", "It finished one all in Lyon. | It finished one one in Lyon."),
    ("She won 6-1, 6-4 in Rome.", "She won six one, six four in Rome."),
    ("About 3/5 of members voted.", "About three fifths of members voted."),
    ("The tank is ½ empty.", "The tank is half empty."),
    ("He was 4½ years old.", "He was four and a half years old."),
    ("It is the 33rd year of the festival.", "It is the thirty third year of the festival."),
    ("She came 2nd in Oslo.", "She came second in Oslo."),
    ("A 17th-century manor was sold.", "A seventeenth century manor was sold."),
    ("Inflation hit 6.75%.", "Inflation hit six point seven five percent."),
    ("Shares slid 2.3 per cent.", "Shares slid two point three percent."),
    ("The Bank cut rates by 25bp.", "The Bank cut rates by twenty five basis points."),
    ("The group lost €1.4bn.", "The group lost one point four billion euros."),
    ("The fund raised $95m.", "The fund raised ninety five million dollars."),
    ("A £500m bond was issued.", "A five hundred million pound bond was issued."),
    ("The ticket cost £3.75.", "The ticket cost three pounds seventy five."),
    ("The fare is 90p.", "The fare is ninety pence. | The fare is ninety p."),
    ("The path is 7km long.", "The path is seven kilometres long."),
    ("It hit 39C in Rome.", "It hit thirty nine degrees Celsius in Rome."),
    ("Temperatures fell to -8C.", "Temperatures fell to minus eight degrees Celsius."),
    ("The salmon weighed 9lb.", "The salmon weighed nine pounds."),
    ("The house has 2,400 sq ft.", "The house has two thousand four hundred square feet."),
    ("Cinema boomed in the 1930s.", "Cinema boomed in the nineteen thirties."),
    ("Grunge ruled the '90s.", "Grunge ruled the nineties."),
    ("King Henry VIII built the palace.", "King Henry the eighth built the palace."),
    ("Super Bowl LVI was in Los Angeles.", "Super Bowl fifty six was in Los Angeles."),
    ("World War I ended in 1918.", "World War one ended in nineteen eighteen."),
    ("UNICEF and the IMF sent staff.", "Unicef and the I M F sent staff."),
    ("The FTSE 100 closed flat.", "The Footsie one hundred closed flat."),
    ("The HSBC branch shut.", "The H S B C branch shut."),
    ("Email news@example.org today.", "Email news at example dot org today."),
    ("No. 10 refused to comment.", "Number ten refused to comment."),
    ("St. Andrew's Church is on Mill St.", "Saint Andrew's Church is on Mill Street."),
    ("Dr. Kaur lives on Maple Dr.", "Doctor Kaur lives on Maple Drive."),
    ("Spain vs. France starts at 8pm.", "Spain versus France starts at eight P M."),
    ("The lab in Tucson, Ariz., expanded.", "The lab in Tucson, Arizona, expanded."),
    ("General Electric Co. cut jobs.", "General Electric Company cut jobs."),
    ("A 55-45 split was agreed.", "A fifty five forty five split was agreed."),
    ("The church dates from c. 1400.", "The church dates from circa fourteen hundred."),
    ("He earns £60k a year.", "He earns sixty thousand pounds a year."),
)
