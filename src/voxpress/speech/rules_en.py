"""English normalisation: how each written token of a sentence is said.

One function per kind of token (money, numbers with units, times, dates,
acronyms, web text...), tried in order by ``say_token``; context comes from the
neighbouring tokens of the same sentence ("5" after "January" is "fifth",
"St" before a name is "Saint"). Readings are plain words an espeak-based
engine says well; letters are spelled as separate capitals. A spelled "A" is
marked (``RESPELL_MARK``) so that the engine hears "eh" (espeak reads a lone
"A" as the article) while the dry run shows editors the letter.

Bracketed codes: a parenthesised group made only of codes, such as the stock
tickers of wire copy ("(AAPL.O)", "(HSBA.L)", "(N225)", "(.KS11)", "(SHCOMP)",
"(NYSE: IBM)"), is dropped, as a newsreader drops it; a bracketed acronym a
listener knows ("(IMF)", "(Nato)") is still read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from voxpress.speech import numbers_en as num
from voxpress.speech import units_en as en_units
from voxpress.speech.rules import RESPELL_MARK, LanguageRules
from voxpress.speech.tokens import Token

# --- word lists -----------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_TITLES = {
    "Mr": "mister",
    "Mrs": "missus",
    "Ms": "miz",
    "Messrs": "messieurs",
    "Prof": "professor",
    "Gov": "governor",
    "Sen": "senator",
    "Rep": "representative",
    "Lt": "lieutenant",
    "Gen": "general",
    "Col": "colonel",
    "Capt": "captain",
    "Sgt": "sergeant",
    "Cpl": "corporal",
    "Adm": "admiral",
    "Supt": "superintendent",
    "Insp": "inspector",
    "Det": "detective",
    "Rev": "reverend",
    "Fr": "father",
    "Hon": "honourable",
    "Pres": "president",
    "Mt": "mount",
    "Ft": "fort",
    "Cllr": "councillor",
    "Atty": "attorney",
    "Maj": "major",
    "Brig": "brigadier",
    "Cmdr": "commander",
    "Cdr": "commander",
    "Pte": "private",
    "Rt": "right",
}
_TITLES_BEFORE_NAME_ONLY = {
    "Gen", "Col", "Det", "Fr", "Hon", "Rev", "Pres", "Sen", "Rep", "Gov", "Mt", "Ft", "Brig", "Rt", "Pte",
}  # fmt: skip
"""Also words or other abbreviations ("Gen Z", "Ft" for feet): expanded only before a name, or after
"the" with a full stop ("the Pres. of the club")."""
_ABBREVIATIONS = {
    "vs": "versus",
    "etc": "et cetera",
    "e.g": "for example",
    "i.e": "that is",
    "approx": "approximately",
    "dept": "department",
    "Dept": "department",
    "govt": "government",
    "Govt": "government",
    "Ltd": "limited",
    "Corp": "corporation",
    "Inc": "incorporated",
    "Jr": "junior",
    "Sr": "senior",
    "Ave": "avenue",
    "Rd": "road",
    "Blvd": "boulevard",
    "Bros": "brothers",
}
_US_STATES = {
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California", "Colo": "Colorado",
    "Conn": "Connecticut", "Del": "Delaware", "Fla": "Florida", "Ga": "Georgia", "Ill": "Illinois",
    "Ind": "Indiana", "Kan": "Kansas", "Ky": "Kentucky", "La": "Louisiana", "Md": "Maryland",
    "Mass": "Massachusetts", "Mich": "Michigan", "Minn": "Minnesota", "Miss": "Mississippi",
    "Mo": "Missouri", "Mont": "Montana", "Neb": "Nebraska", "Nev": "Nevada", "Okla": "Oklahoma",
    "Ore": "Oregon", "Pa": "Pennsylvania", "Tenn": "Tennessee", "Tex": "Texas", "Vt": "Vermont",
    "Va": "Virginia", "Wash": "Washington", "Wis": "Wisconsin", "Wyo": "Wyoming",
}  # fmt: skip
"""Wire copy's state abbreviations, said in full after a place and a comma ("Fresno, Calif.,")."""
_US_STATES.update(
    {
        "N.H": "New Hampshire", "N.J": "New Jersey", "N.M": "New Mexico", "N.Y": "New York",
        "N.C": "North Carolina", "N.D": "North Dakota", "R.I": "Rhode Island", "S.C": "South Carolina",
        "S.D": "South Dakota", "W.Va": "West Virginia", "D.C": "D C",
    }
)  # fmt: skip
_POSTAL_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip
_PARTY_TAG = re.compile(r"(?P<party>[DRI])-(?P<state>[A-Z][A-Za-z.]*[A-Za-z])")
"""A US politician's party and state: "(D-Calif.)", "R-Texas", "(I-VT)"."""
_PARTIES = {"D": "Democrat", "R": "Republican", "I": "independent"}
_MONTHS = {
    name.lower(): name
    for name in (
        _words("January February March April May June July August September October November December")
    )
}
_MONTH_ABBREVIATIONS = {
    "Jan": "January",
    "Feb": "February",
    "Mar": "March",
    "Apr": "April",
    "Jun": "June",
    "Jul": "July",
    "Aug": "August",
    "Sep": "September",
    "Sept": "September",
    "Oct": "October",
    "Nov": "November",
    "Dec": "December",
}
_MONTH_NAMES = set(_MONTHS.values()) | set(_MONTH_ABBREVIATIONS)
_WEEKDAY_ABBREVIATIONS = {
    "Mon": "Monday",
    "Tue": "Tuesday",
    "Tues": "Tuesday",
    "Wed": "Wednesday",
    "Thu": "Thursday",
    "Thur": "Thursday",
    "Thurs": "Thursday",
    "Fri": "Friday",
    "Sat": "Saturday",
    "Sun": "Sunday",
}
_WEEKDAY_ABBREVIATIONS_ALSO_WORDS = {"Wed", "Sat", "Sun"}
"""Said in full only with a full stop and a date beside them ("Sat., Jan. 4"), never "The Sun"."""
_DAY_AND_MONTH_NAMES = {
    **{name: name for name in _MONTHS.values()},
    **_MONTH_ABBREVIATIONS,
    **{name: name for name in _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")},
    **_WEEKDAY_ABBREVIATIONS,
}
"""Written day and month names and what is said for them."""
_DATE_NEIGHBOURS = {"and", "or", "to", "through", "until", "till", "from", "by", "since", "between"}

SPELLED_ACRONYMS = frozenset(
    _words(
        """
    AI ABC ANC ATM BBC BST CBS CCTV CDC CEO CET CEST CFO CIA CNN CPI CST CDT DHS DNA DOJ ECB EDT EPA EST EU
    EV FA FBI FCC FDA FTC GCSE GDP GMT GOP GP HIV HK IAEA ICC ICU ID IDF IEA IMF IOC IPO IRA IRS ISP
    IST IT ITV JST LGBT LGBTQ LSE MLB MP MST NBA NBC NFL NHL NHS NGO NSA NYPD OECD PC PDT PLO PM PR PST
    RAF SEC SUV TUC TV UAE UCL UK UN UNHCR UNSC US USA USSR UFO UTC VAT VIP WHO WTO
    """
    )
)
"""All-caps names read letter by letter, whatever their vowels."""
WORD_ACRONYMS = {
    word.upper(): word
    for word in _words(
        """
    Nato Nasa Unesco Unicef Opec Fifa Uefa Covid Aids Nafta Asean Ofcom Ofsted Sars Mers Isis Swat
    Aukus Brics Cern Nimby Jpeg Laser Radar Scuba Interpol Europol Frontex Ikea Lego Unesco Mercosur
    """
    )
}
"""All-caps names said as words (key: upper case, value: how to write them for the engine)."""

_SENTENCE_STARTERS = frozenset(
    _words(
        """
    The A An It He She They We I You This That These Those There But And So Yet Or In On At For As If
    When While After Before Since Its His Her Their Our My Meanwhile However Officials Police Some Many
    Most Other Others One Two Three No Now Then Still Also Earlier Later Last Next According What Why How
    """
    )
)
_NON_FINAL = frozenset(
    set(_TITLES)
    | set(_MONTH_ABBREVIATIONS)
    | set(_WEEKDAY_ABBREVIATIONS)
    | {"Dr", "St", "vs", "v", "e.g", "i.e", "approx", "Approx", "c", "ca", "No", "Nos", "Inc", "Corp", "Ltd"}
    | {"Co", "Bros"}
)

_CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("U S dollar", "U S dollars", "cent", "cents"),
    "HK$": ("Hong Kong dollar", "Hong Kong dollars", "cent", "cents"),
    "A$": ("Australian dollar", "Australian dollars", "cent", "cents"),
    "C$": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
    "NZ$": ("New Zealand dollar", "New Zealand dollars", "cent", "cents"),
    "S$": ("Singapore dollar", "Singapore dollars", "cent", "cents"),
    "NT$": ("Taiwan dollar", "Taiwan dollars", "cent", "cents"),
    "R$": ("real", "reais", "centavo", "centavos"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "sen", "sen"),
    "₹": ("rupee", "rupees", "paisa", "paise"),
}
_SCALES = {
    "k": "thousand",
    "thousand": "thousand",
    "m": "million",
    "mn": "million",
    "mln": "million",
    "million": "million",
    "b": "billion",
    "bn": "billion",
    "billion": "billion",
    "tn": "trillion",
    "trn": "trillion",
    "bln": "billion",
    "trillion": "trillion",
}
_CURRENCY_CODES = {
    "EUR": "euro", "USD": "dollar", "GBP": "sterling", "JPY": "yen", "CHF": "Swiss franc",
    "CNY": "yuan", "CNH": "yuan", "AUD": "Australian dollar", "CAD": "Canadian dollar",
    "NZD": "New Zealand dollar", "SEK": "Swedish krona", "NOK": "Norwegian krone", "INR": "rupee",
    "HKD": "Hong Kong dollar", "SGD": "Singapore dollar", "KRW": "won", "MXN": "peso", "BRL": "real",
    "TRY": "lira", "ZAR": "rand", "RUB": "rouble", "BTC": "bitcoin",
}  # fmt: skip
"""ISO codes of a currency pair: "EUR/USD" is "euro dollar"."""
_PERIOD_CHANGES = {"y/y": "year on year", "q/q": "quarter on quarter", "m/m": "month on month"}
_ROUND_PLURALS = {
    "100s": "hundreds", "1000s": "thousands", "1,000s": "thousands", "10,000s": "tens of thousands",
    "10000s": "tens of thousands", "100,000s": "hundreds of thousands", "100000s": "hundreds of thousands",
}  # fmt: skip
"""Round figures in the plural: "1,000s of fans" is "thousands of fans"."""
_YEAR_CUES = {
    "in", "since", "by", "until", "till", "from", "during", "before", "after", "year", "early", "late",
    "mid", "through", "between", "of", "summer", "winter", "spring", "autumn", "fall", "circa", "c",
}  # fmt: skip
_QUANTITY_CUES = {"about", "around", "some", "nearly", "almost", "over", "than", "approximately", "roughly"}
_COUNT_NOUNS = {"people", "men", "women", "children", "staff", "police", "cattle", "sheep", "personnel"}
_VERB_LIKE = {"was", "is", "has", "saw", "as", "marks", "brings", "remains", "looks", "goes", "gives"}
_MODEL_CUES = {
    "Type",
    "Flight",
    "flight",
    "Model",
    "Apollo",
    "Route",
    "route",
    "Porsche",
    "Learjet",
}
_AIRCRAFT_MAKERS = {"Boeing", "Airbus", "Embraer", "Bombardier"}
_AIRCRAFT_WORDS = set(
    _words(
        """
    jet jets jetliner jetliners plane planes aircraft airliner airliners Dreamliner Dreamliners
    jumbo jumbos MAX Max freighter freighters fleet fleets
    """
    )
)
_ROMAN_CARDINAL_CUES = {
    "War",
    "Title",
    "Article",
    "Section",
    "Class",
    "Stage",
    "Book",
    "Episode",
    "Series",
    "Season",
    "Round",
    "Level",
    "Grade",
    "Tier",
    "Category",
    "Apollo",
    "Part",
    "Phase",
    "Chapter",
    "Act",
    "Volume",
    "Vol",
    "Type",
    "Mark",
    "Mk",
    "Bowl",
    "WrestleMania",
    "Olympiad",
    "Rocky",
    "Vatican",
    "Gen",
}
_REGNAL_NAMES = set(
    _words(
        """
    Elizabeth Charles Henry George Edward James William Mary Richard Louis Peter Catherine John Paul
    Benedict Francis Leo Pius Philip Frederick Alexander Nicholas Ludwig Juan Carlos Felipe Harald
    Willem Gustav Rama Napoleon Innocent Gregory Clement Urban Boniface Sixtus Victor Constantine
    """
    )
)
_SYMBOLS = {"&": "and", "+": "plus", "=": "equals", "@": "at", "%": "percent", "°": "degrees", "#": "number"}
_FRACTION_CHARS = {
    "½": (1, 2),
    "⅓": (1, 3),
    "⅔": (2, 3),
    "¼": (1, 4),
    "¾": (3, 4),
    "⅕": (1, 5),
    "⅛": (1, 8),
    "⅜": (3, 8),
    "⅝": (5, 8),
    "⅞": (7, 8),
}
_TOP_LEVEL_DOMAINS = set(
    _words(
        "com org net edu gov io co uk de fr eu info biz ai tv me us ca au in jp cn ru es it nl news app dev"
    )
)
_RESPELLINGS = {"A": "eh"}
"""Letter names espeak misreads when spelled alone, and what it is given instead."""
_LETTER_NAMES = {letter: RESPELL_MARK + letter for letter in _RESPELLINGS}

# --- patterns -------------------------------------------------------------------------------------

_NUMBER = en_units.NUMBER
_PLAIN_NUMBER = re.compile(rf"[-−]?(?:{_NUMBER})")
_MONEY = re.compile(
    rf"(?P<sign>[-−])?(?P<cur>[A-Z]{{1,2}}\$|[$£€¥₹])(?P<num>{_NUMBER})"
    r"(?P<scale>k|m|mn|mln|b|bn|tn|trn|million|billion|trillion)?"
)
_MONEY_RANGE = re.compile(
    rf"(?P<cur>[A-Z]{{1,2}}\$|[$£€¥₹])(?P<a>{_NUMBER})[-–](?:[A-Z]{{1,2}}\$|[$£€¥₹])?(?P<b>{_NUMBER})"
    r"(?P<scale>k|m|mn|bn|tn|million|billion|trillion)?"
)
_NUMBER_WITH_UNIT = re.compile(rf"(?P<num>[-−]?(?:{_NUMBER}))(?P<unit>[a-zA-Z/]+|°[CF]?|%)")
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)")
_DECADE = re.compile(r"['’]?(\d{2}|\d{3}0)s")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:\s*([ap])\.?m\.?)?", re.IGNORECASE)
_CLOCK_HOUR = re.compile(r"(\d{1,2})([ap])\.?m\.?", re.IGNORECASE)
_RANGE = re.compile(rf"(?P<a>{_NUMBER})(?P<a_unit>%)?[-–](?P<b>{_NUMBER})(?P<b_unit>%)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FRACTION = re.compile(r"(\d{1,3})/(\d{1,2})")
_MIXED_FRACTION = re.compile(r"(\d+)([½⅓⅔¼¾⅕⅛⅜⅝⅞])")
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")
_LARGE_ROMAN = re.compile(r"C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
"""Numerals with L or C ("LVII", "XL"): read only after a name of an event or series."""
_BRACKETS = re.compile(r"\([^()]*\)")
_HASH_NUMBER = re.compile(r"#(\d+)")
_TICKER = re.compile(r"\.?[A-Z0-9]{1,6}(?:\.[A-Z]{1,2})?|[A-Z]{1,2}\d{1,4}[A-Z]?")
_EXCHANGES = {"NYSE", "Nasdaq", "NASDAQ", "LSE", "LON", "TSE", "HKEX", "ASX", "TSX", "SGX", "ticker"}
_SCORE_CUES = {
    "beat", "beats", "beaten", "win", "wins", "won", "victory", "defeat", "defeated", "lost", "loss",
    "lose", "drew", "draw", "drawn", "thrashed", "edged", "trailed", "led", "leading", "score", "scoreline",
    "finished", "ended", "tied", "trailing", "thrashing", "drubbing", "final", "result",
}  # fmt: skip
_TIME_ZONES = set(
    _words("GMT UTC BST CET CEST EET EST EDT CST CDT MST MDT PST PDT ET PT CT IST JST KST HKT SGT AEST AEDT")
)
_DIALLING = {"call", "dial", "ring", "phone", "text", "dialled", "dialed", "dialling", "dialing", "rang"}
_WEEKDAYS = set(_words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"))
_PHONE_GROUP = re.compile(r"\d+(?:-\d+)*")
_TIME_PART = r"\d{1,2}(?:[.:]\d{2})?"
_TIME_RANGE = re.compile(rf"({_TIME_PART})([ap]m)?[-–]({_TIME_PART})([ap]m)", re.IGNORECASE)
_RANGE_WITH_UNIT = re.compile(
    r"(?P<a>\d+(?:\.\d+)?)(?P<a_unit>[a-zA-Z]+|°[CF]?)?[-–](?P<b>\d+(?:\.\d+)?)(?P<b_unit>[a-zA-Z]+|°[CF]?)"
)
_SAID_AS_WORDS = {"FTSE": "Footsie", "NASDAQ": "Nasdaq", "DAX": "Dax", "ISA": "Isa", "OFGEM": "Ofgem"}
"""All-caps names with a spoken form of their own (the FTSE 100 is "the Footsie")."""
_SERVICE_WORDS = {
    "service",
    "train",
    "departure",
    "arrival",
    "bus",
    "ferry",
    "flight",
    "sailing",
    "from",
    "to",
}
_LETTERS_AND_DIGITS = re.compile(r"[A-Za-z]+|\d+")
_CAMEL_PARTS = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+")
_VOWELS = set("AEIOUY")
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,5}s")
_EMPHASIS_WORDS = frozenset(
    _words(
        """
    an as at be by do go he if in is me my no of on so to up we
    ago all and any are ask eat end for her him his how its nor not off old one our out own she too two
    use was who why yes yet you the
    """
    )
)
"""Short English words that, in capitals, are emphasis ("GET OUT and VOTE"), not initials: said as
words unless they are a known acronym (WHO, US, IT stay spelled). Three letters or fewer, because a
longer all-caps word with a vowel is already said as a word."""
_CONSONANT_VOWEL_CONSONANT = re.compile(r"[B-DF-HJ-NP-TV-Z][AEIOU][B-DF-HJ-NP-TV-XZ]")
_AIRCRAFT_CODE = re.compile(
    r"(?P<airbus>A(?=[23]\d\d))?(?P<type>[1-9]\d\d)(?:-(?P<variant>[1-9]\d{0,3}))?"
    r"(?P<suffix>ER|LR|XLR|ULR|ERF|SP|F|X|neo)?(?P<plural>s)?"
)
"""An airliner's type, variant and suffix: "737-800", "767-300ER", "777F", "787s", "A350-1000"."""
_BOEING_TYPE = re.compile(r"7[0-8]7")
_DIGIT_GROUPS = re.compile(r"\d+(?:[-.]\d+){2,}")  # phone numbers, serials: read group by group
_NUMBER_SIGN = re.compile(r"No\.(\d+)")

# --- helpers --------------------------------------------------------------------------------------


def _is_modifier(sentence: _Sentence, i: int, spec: bool = False) -> bool:
    """ "a £300m takeover", "the 10km race": an amount before a noun takes the singular unit."""
    gap = sentence.text[sentence.tokens[i].end : sentence.tokens[i + 1].start] if sentence.next(i) else ""
    return en_units.is_noun_modifier(sentence.prev(i), sentence.next(i), gap, spec)


def _spell(letters: str) -> str:
    return " ".join(_LETTER_NAMES.get(c, c) for c in letters.upper() if c.isalnum())


def _plural(count_text: str, forms: tuple[str, str]) -> str:
    return forms[0] if count_text in ("1", "1.0", "-1", "−1") else forms[1]


def _read_number(text: str) -> str:
    negative = text[0] in "-−"
    body = text.lstrip("-−")
    words = num.decimal(body) if "," in body or "." in body else num.cardinal(int(body))
    return ("minus " + words) if negative else words


def _is_year(value: int, prev: str | None, next_: str | None) -> bool:
    if not 1000 <= value <= 2099:
        return False
    if prev is not None and prev.lower() in _QUANTITY_CUES:
        return False
    if prev is not None and (prev.lower() in _YEAR_CUES or prev in _MONTH_NAMES):
        return True
    if next_ is None or not next_[0].islower():
        return True
    return not (
        next_ in _COUNT_NOUNS or next_ in en_units.UNITS or (next_.endswith("s") and next_ not in _VERB_LIKE)
    )


class _Sentence:
    """One sentence's tokens with the neighbour look-ups the rules need."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.tokens = tokens
        words = [t.text for t in tokens if t.kind == "word" and t.text.isalpha()]
        capitals = [w for w in words if w.isupper() and len(w) > 1]
        # Product codes ("RTX", "XTX", "GSYNC") are capitals too; a headline has real words in them.
        long_words = sum(1 for w in capitals if len(w) >= 4 and set(w) & set("AEIOU"))
        self.shouting = len(words) >= 3 and len(capitals) >= 0.6 * len(words) and long_words >= 1
        """A headline in capitals: its capitalised words are words, not acronyms."""

    def prev(self, i: int) -> str | None:
        return self.tokens[i - 1].text if i > 0 else None

    def next(self, i: int) -> str | None:
        return self.tokens[i + 1].text if i + 1 < len(self.tokens) else None

    def period_after(self, i: int) -> bool:
        end = self.tokens[i].end
        return self.text[end : end + 1] == "."


# --- readings of one token ------------------------------------------------------------------------


def _say_money(match: re.Match[str], sentence: _Sentence, i: int) -> str:
    unit, units, sub, subs = _CURRENCIES.get(match["cur"], ("dollar", "dollars", "cent", "cents"))
    sign = "minus " if match["sign"] else ""
    amount = match["num"]
    scale = match["scale"]
    next_word = sentence.next(i)
    if _is_modifier(sentence, i):
        units = unit
    if _money_range_follows(sentence, i):  # "£5-£10": "five to ten pounds"
        return f"{sign}{num.decimal(amount)}{' ' + _SCALES[scale] if scale else ''} to"
    if scale:
        return f"{sign}{num.decimal(amount)} {_SCALES[scale]} {units}"
    if next_word in _SCALES and next_word not in ("k", "b", "m"):
        return sign + num.decimal(amount)  # the scale word that follows names the currency
    whole, _, cents = amount.replace(",", "").partition(".")
    if len(cents) == 2:
        if int(whole) == 0:
            return f"{sign}{num.cardinal(int(cents))} {_plural(cents.lstrip('0'), (sub, subs))}"
        head = f"{sign}{num.cardinal(int(whole))} {_plural(whole, (unit, units))}"
        return head if cents == "00" else f"{head} {num.cardinal(int(cents))}"
    if cents:
        return f"{sign}{num.decimal(amount)} {units}"
    return f"{sign}{num.cardinal(int(whole))} {_plural(whole, (unit, units))}"


def _money_range_follows(sentence: _Sentence, i: int) -> bool:
    if i + 1 >= len(sentence.tokens):
        return False
    here, following = sentence.tokens[i], sentence.tokens[i + 1]
    dash = sentence.text[here.end : following.start] in ("-", "–")
    return dash and _MONEY.fullmatch(following.text) is not None


def _say_scale_after_money(word: str, sentence: _Sentence, i: int) -> str | None:
    prev = sentence.prev(i)
    if prev is None or word not in _SCALES or word in ("k", "b", "m"):
        return None
    money = _MONEY.fullmatch(prev)
    if not money or money["scale"]:
        return None
    units = _CURRENCIES.get(money["cur"], ("", "dollars"))[1]
    return f"{_SCALES[word]} {units}"


def _say_time(hour: str, minute: str, meridiem: str | None, meridiem_follows: bool = False) -> str:
    """A clock time; ``meridiem_follows``: "a.m." or "pm" comes after it, so "5:00" is just "five"."""
    h, m = int(hour), int(minute)
    suffix = f" {_spell(meridiem.upper() + 'M')}" if meridiem else ""
    if m == 0:
        if meridiem or meridiem_follows:
            return num.cardinal(h) + suffix
        return num.cardinal(h) + (" hundred" if h > 12 or hour.startswith("0") else " o'clock")
    minutes = "oh " + num.cardinal(m) if m < 10 else num.cardinal(m)
    return f"{num.cardinal(h)} {minutes}{suffix}"


def _say_number(text: str, sentence: _Sentence, i: int) -> str:
    prev, next_ = sentence.prev(i), sentence.next(i)
    body = text.lstrip("-−")
    if body.isdigit():
        value = int(body)
        if body == text and len(body) == 4 and next_ in _TIME_ZONES and _is_clock(body[:2], body[2:]):
            return _say_twenty_four_hour(body)  # "0800 GMT": "oh eight hundred"
        dialled = prev is not None and prev.lower() in _DIALLING
        if body == text and dialled and len(body) != 4 and len(body) >= 3:
            return _phone_digits(body)  # "Ring 999"; "call 2025 a turning point" stays a year
        if len(body) > 1 and body.startswith("0"):
            return num.digits(body)
        if prev in _MODEL_CUES and len(body) >= 3:
            return num.digits(body)
        if body == text and 3 <= len(body) <= 5 and _names_a_model(prev, sentence):
            return en_units.model_number(body)  # "RTX 4090": "forty ninety"
        if prev in _MONTH_NAMES and 1 <= value <= 31:
            return num.ordinal(value)
        if next_ in _MONTH_NAMES and 1 <= value <= 31 and prev != "the":
            return "the " + num.ordinal(value) + " of"
        if prev == "No" and sentence.period_after(i - 1):
            return num.cardinal(value)
        if body == text and _is_year(value, prev, next_):
            return num.year(value)
    return _read_number(text)


def _names_a_model(word: str | None, sentence: _Sentence) -> bool:
    """ "RTX", "XPS", "Xbox": a figure after it is a model number; "NHS", "USD", "GMT" are not codes."""
    if word is None or sentence.shouting:
        return False
    if word in en_units.MODEL_NAMES:
        return True
    known = word in SPELLED_ACRONYMS or word in WORD_ACRONYMS or word in _SAID_AS_WORDS
    known = known or word in _CURRENCY_CODES or word in _TIME_ZONES or word in _EXCHANGES
    return 2 <= len(word) <= 5 and word.isupper() and word.isalpha() and not known


def _say_aircraft(text: str, sentence: _Sentence, i: int) -> str | None:
    """ "Boeing 737-800" → "seven thirty seven eight hundred", "the 737s" → "seven thirty sevens",
    "A350-1000" → "A three fifty one thousand": an airliner's figures read in pairs, not as a range
    or a count. None when the figures are not an aircraft's."""
    code = _AIRCRAFT_CODE.fullmatch(text)
    if code is None or not _is_aircraft(code, sentence, i):
        return None
    said = num.pair_reading(code["type"])
    if code["variant"]:
        said += " " + num.pair_reading(code["variant"])
    suffix = code["suffix"]
    spelled_suffix = suffix is not None and suffix.isupper()
    if suffix:
        said += " " + (_spell(suffix) if spelled_suffix else suffix)
    if code["plural"]:
        said = said + "'s" if spelled_suffix else num.plural_of_words(said)
    return f"{_spell('A')} {said}" if code["airbus"] else said


def _is_aircraft(code: re.Match[str], sentence: _Sentence, i: int) -> bool:
    if code["airbus"]:
        return True
    prev, next_ = sentence.prev(i), sentence.next(i)
    if prev is not None and prev.removesuffix("'s").removesuffix("’s") in _AIRCRAFT_MAKERS:
        return True
    boeing_type = _BOEING_TYPE.fullmatch(code["type"]) is not None
    beside_aircraft_word = prev in _AIRCRAFT_WORDS or next_ in _AIRCRAFT_WORDS
    if code["variant"]:
        # A range rises ("300-400 jets"); a type's variant is smaller than its type number.
        if int(code["variant"]) >= int(code["type"]):
            return False
        return boeing_type or beside_aircraft_word or code["suffix"] is not None
    if code["suffix"] or code["plural"]:
        return boeing_type or beside_aircraft_word  # "777F" is a freighter, "350F" an oven
    return boeing_type and beside_aircraft_word  # "a 787 Dreamliner", not "747 passengers"


def _is_clock(hour: str, minute: str) -> bool:
    return int(hour) <= 24 and int(minute) < 60


def _say_twenty_four_hour(digits: str) -> str:
    hour, minute = int(digits[:2]), int(digits[2:])
    hour_words = ("oh " if digits[0] == "0" and hour else "") + num.cardinal(hour)
    if minute == 0:
        return f"{hour_words} hundred"
    return f"{hour_words} {'oh ' if minute < 10 else ''}{num.cardinal(minute)}"


def _say_with_unit(match: re.Match[str], sentence: _Sentence, i: int) -> str | None:
    amount, unit = match["num"], match["unit"]
    words = _read_number(amount)
    if unit == "m":  # metres or millions: "a 3m wall", "5m users"
        next_word = sentence.next(i) or ""
        if next_word in en_units.LENGTH_CONTEXT or not (next_word.endswith("s") or next_word in _COUNT_NOUNS):
            if _is_modifier(sentence, i):
                return f"{words} metre"
            return f"{words} {_plural(amount, en_units.UNITS['m'])}"
        return f"{words} million"
    if unit in _SCALES:
        return f"{words} {_SCALES[unit]}"
    if (video := en_units.say_video_mode(amount, unit)) is not None:
        return video
    if unit in en_units.UNITS:
        modifier = unit != "%" and _is_modifier(sentence, i, spec=unit in en_units.SPEC_UNITS)
        return en_units.say_unit(amount, words, unit, modifier)
    if unit.lower() in ("am", "pm") and amount.isdigit():
        return _say_time(amount, "00", unit[0])
    return None


def _say_fraction(numerator: int, denominator: int) -> str:
    if numerator >= denominator > 1:
        return f"{num.cardinal(numerator)} {num.cardinal(denominator)}"  # a date like "7/7", not a fraction
    if denominator == 2:
        return num.cardinal(numerator) + (" half" if numerator == 1 else " halves")
    if denominator == 4:
        return num.cardinal(numerator) + (" quarter" if numerator == 1 else " quarters")
    if 3 <= denominator <= 10:
        name = num.ordinal(denominator)
        return f"{num.cardinal(numerator)} {name}" + ("" if numerator == 1 else "s")
    return f"{num.cardinal(numerator)} {num.cardinal(denominator)}"


def _say_url(url: str) -> str:
    rest = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE)
    domain, _, path = rest.partition("/")
    spoken = " dot ".join(_say_domain_part(p) for p in domain.split(".") if p)
    path = path.strip("/")
    # A short word of a path is read ("slash help"); a short link's code ("t.co/XPxUJuyIAC", case
    # changing inside) is not a word, and spelled out it ran on so long that listeners lost the
    # sentence after it.
    if path and len(path) <= 12 and path.isalpha() and (path.islower() or path[1:].islower()):
        spoken += " slash " + path
    return spoken


def _say_domain_part(part: str) -> str:
    if len(part) <= 3 and part.lower() not in ("com", "org", "net", "gov", "edu"):
        return _spell(part)
    return part.lower() if part.isupper() else part


def _say_email(email: str) -> str:
    user, _, domain = email.partition("@")
    user_words = " dot ".join(p for p in re.split(r"[._]", user) if p)
    return f"{user_words} at {_say_url(domain)}"


def _camel_words(text: str) -> str:
    parts = _CAMEL_PARTS.findall(text)
    return " ".join(_say_acronym(p) if p.isupper() and len(p) > 1 else p for p in parts)


def _say_acronym(word: str, shouting: bool = False) -> str:
    if word in _SAID_AS_WORDS:
        return _SAID_AS_WORDS[word]
    if word in WORD_ACRONYMS:
        return WORD_ACRONYMS[word]
    if word in SPELLED_ACRONYMS:
        return _spell(word)
    if shouting or _CONSONANT_VOWEL_CONSONANT.fullmatch(word):
        return word.lower()  # emphasis ("a BIG win") or a headline in capitals
    if len(word) <= 3 or not (set(word) & _VOWELS):
        return _spell(word)
    return word.capitalize()


def _say_letters_and_digits(word: str) -> str:
    parts = []
    for part in _LETTERS_AND_DIGITS.findall(word):
        if part.isdigit():
            parts.append(num.pair_reading(part))
        elif part.isupper() or len(part) == 1:
            parts.append(_say_acronym(part) if len(part) > 1 else _spell(part))
        else:
            parts.append(part)
    return " ".join(parts)


def _say_word(word: str, sentence: _Sentence, i: int) -> str:
    prev, next_ = sentence.prev(i), sentence.next(i)
    next_is_name = next_ is not None and next_[:1].isupper() and len(next_) > 1
    prev_is_name = prev is not None and prev[:1].isupper()
    if word in _TITLES:
        after_the = prev in ("the", "The") and sentence.period_after(i)
        if word not in _TITLES_BEFORE_NAME_ONLY or next_is_name or after_the:
            return _TITLES[word]
        return word
    if word in _US_STATES and sentence.period_after(i) and _after_place_and_comma(sentence, i):
        return _US_STATES[word]
    if (tag := _PARTY_TAG.fullmatch(word)) and (state := _state_name(tag["state"])):
        return f"{_PARTIES[tag['party']]} of {state}"
    if word == "Co" and (prev_is_name or prev == "&"):
        return "company"  # "Ford Motor Co."; before a place it is a county: "Co. Durham"
    if word == "Co" and next_is_name:
        return "county"
    if word in ("c", "ca") and sentence.period_after(i) and next_ is not None and next_[:1].isdigit():
        return "circa"
    if word == "Dr":
        return "doctor" if next_is_name or not prev_is_name else "drive"
    if word == "St":
        return "saint" if next_is_name else ("street" if prev_is_name else "saint")
    if word in ("No", "Nos") and next_ is not None and next_[:1].isdigit():
        return "number" if word == "No" else "numbers"
    if word in _ABBREVIATIONS:
        return _ABBREVIATIONS[word]
    if word.istitle() and word.lower() in _ABBREVIATIONS:
        return _ABBREVIATIONS[word.lower()].capitalize()  # "Approx. 300" at the start of a sentence
    if word in _MONTH_ABBREVIATIONS and (
        (next_ is not None and next_[:1].isdigit())
        or (prev is not None and prev[:1].isdigit())
        or (sentence.period_after(i) and (word != "Jan" or _beside_a_date(sentence, i)))
    ):
        return _MONTH_ABBREVIATIONS[word]
    if word in _WEEKDAY_ABBREVIATIONS and (
        _beside_a_date(sentence, i)
        if word in _WEEKDAY_ABBREVIATIONS_ALSO_WORDS
        else sentence.period_after(i) or next_ in _MONTH_NAMES or next_ == ","
    ):
        return _WEEKDAY_ABBREVIATIONS[word]
    if word.lower() in ("am", "pm", "a.m", "p.m") and prev is not None and prev[:1].isdigit():
        return _spell(word.replace(".", ""))
    if word in en_units.UNITS_AS_OWN_TOKEN and prev is not None and _PLAIN_NUMBER.fullmatch(prev):
        return _plural(prev, en_units.UNITS[word])
    if word in ("mln", "bln", "mn", "bn", "trn", "tn") and prev is not None and _PLAIN_NUMBER.fullmatch(prev):
        return _SCALES[word]  # "5 mln shares"
    if word == "sq" and prev is not None and _PLAIN_NUMBER.fullmatch(prev):
        return "square"
    if prev == "sq" and word in en_units.SQUARE_UNITS:
        return en_units.SQUARE_UNITS[word]
    scale = _say_scale_after_money(word, sentence, i)
    if scale:
        return scale
    if len(word) > 1 and _LARGE_ROMAN.fullmatch(word) and prev in _ROMAN_CARDINAL_CUES:
        return num.cardinal(_roman_value(word))
    if len(word) > 1 and _ROMAN.fullmatch(word) and prev is not None:
        value = _roman_value(word)
        if prev in _ROMAN_CARDINAL_CUES:
            return num.cardinal(value)
        if prev in _REGNAL_NAMES or (prev_is_name and prev.isalpha() and not prev.isupper()):
            return "the " + num.ordinal(value)
    if word == "I" and prev in _ROMAN_CARDINAL_CUES:
        return "one"  # "World War I"
    product_series = prev == "Series" and sentence.prev(i - 1) in en_units.MODEL_NAMES  # "Xbox Series X"
    if (
        word in ("V", "X")
        and prev in _ROMAN_CARDINAL_CUES
        and prev not in ("Mark", "Type", "Class")
        and not product_series
    ):
        return num.cardinal(_roman_value(word))  # "Article V"; "Type X" may be a letter
    if word == "I" and prev in _REGNAL_NAMES:
        return "the first"
    if "." in word:
        if len(word.replace(".", "")) <= 5 and all(len(p) == 1 for p in word.split(".")):
            return _spell(word)
        domain = word.rsplit(".", 1)[-1].lower()
        if domain in _TOP_LEVEL_DOMAINS:
            return _say_url(word)
        return " ".join(_say_word(p, sentence, i) for p in word.split(".") if p)
    if word.isupper() and word.isalpha() and len(word) > 1:
        whole = sentence.tokens[i].text == word  # not a part of "AT&T" or "S&P"
        if whole and word.lower() in _EMPHASIS_WORDS and word not in SPELLED_ACRONYMS:
            return word.lower()
        return _say_acronym(word, sentence.shouting)
    if word == "Ti" and prev is not None and prev[-1:].isdigit():
        return "T I"  # "GTX 1080 Ti"
    if word.isalpha():
        return word
    if any(c.isdigit() for c in word) and word.isalnum():
        return _say_letters_and_digits(word)
    return word


def _state_name(written: str) -> str | None:
    """ "Calif", "N.Y", "NY", "Texas": the state's name, or None."""
    if written in _US_STATES:
        return _US_STATES[written]
    if written in _POSTAL_STATES:
        return _POSTAL_STATES[written]
    return written if written in _POSTAL_STATES.values() else None


def _after_place_and_comma(sentence: _Sentence, i: int) -> bool:
    """ "Fresno, Calif.": the token follows a capitalised word and a comma, nothing else."""
    if i == 0:
        return False
    before = sentence.tokens[i - 1]
    gap = sentence.text[before.end : sentence.tokens[i].start]
    return before.text[:1].isupper() and before.text.isalpha() and gap.strip() == ","


def _beside_a_date(sentence: _Sentence, i: int) -> bool:
    """A written day or month abbreviation next to another date word: "Sat., Jan. 4", "Feb. and Mar."."""
    if not sentence.period_after(i):
        return False
    neighbours = [sentence.prev(i), sentence.next(i)]
    if any(
        n is not None and (n[:1].isdigit() or n in _MONTH_NAMES or n in _WEEKDAY_ABBREVIATIONS)
        for n in neighbours
    ):
        return True
    return sentence.next(i) in _DATE_NEIGHBOURS or sentence.prev(i) in _DATE_NEIGHBOURS


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for current, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = values[current]
        total += -value if following and values[following] > value else value
    return total


def say_token(sentence: _Sentence, i: int) -> str:
    """What to say for token ``i`` of ``sentence``: plain words, "" for nothing."""
    token = sentence.tokens[i]
    text = token.text
    if token.kind == "url":
        return _say_url(text)
    if token.kind == "email":
        return _say_email(text)
    if token.kind == "symbol":
        if text in _FRACTION_CHARS:
            return _say_fraction(*_FRACTION_CHARS[text])
        return _SYMBOLS.get(text, "")
    if match := _HASH_NUMBER.fullmatch(text):
        return "number " + num.cardinal(int(match[1]))
    if text[0] == "#" and len(text) > 1:
        return "hashtag " + _camel_words(text[1:])
    if text[0] == "@" and len(text) > 1:
        return "at " + _camel_words(text[1:])
    for suffix in ("'s", "’s"):
        if text.endswith(suffix) and len(text) > 2:
            tokens = [*sentence.tokens[:i], _strip(token, 2), *sentence.tokens[i + 1 :]]
            base = say_token(_Sentence(sentence.text, tokens), i)
            return base + "'s" if base else ""
    if text.endswith(("s'", "s’")) and text[:-2].isupper():
        return _say_acronym(text[:-2]) + "s"
    if _PLURAL_ACRONYM.fullmatch(text) and text[:-1] not in WORD_ACRONYMS:
        return _say_acronym(text[:-1]) + "'s"
    return _say_written(text, sentence, i)


def _strip(token: Token, count: int) -> Token:
    return Token(token.text[:-count], token.start, token.end - count, token.kind)


def _say_written(text: str, sentence: _Sentence, i: int) -> str:
    if text == "½":
        return "half"  # "½ full", "½ a mile"
    if text in _FRACTION_CHARS:
        return _say_fraction(*_FRACTION_CHARS[text])
    if "_" in text:
        return " ".join(_say_written(p, sentence, i) for p in text.split("_") if p)
    if match := _NUMBER_SIGN.fullmatch(text):
        return "number " + num.cardinal(int(match[1]))
    if match := _MONEY.fullmatch(text):
        return _say_money(match, sentence, i)
    if match := _MONEY_RANGE.fullmatch(text):
        units = _CURRENCIES.get(match["cur"], ("", "dollars"))[1]
        scale = f" {_SCALES[match['scale']]}" if match["scale"] else ""
        return f"{num.decimal(match['a'])} to {num.decimal(match['b'])}{scale} {units}"
    if (aircraft := _say_aircraft(text, sentence, i)) is not None:
        return aircraft
    if text[0].isdigit() or (text[0] in "-−" and len(text) > 1):
        reading = _say_numeric(text, sentence, i)
        if reading is not None:
            return reading
    if match := _DECADE.fullmatch(text):
        return _say_decade(match[1])
    if text in _ROUND_PLURALS:
        return _ROUND_PLURALS[text]
    if "/" in text:
        return _say_slashed(text, sentence, i)
    if "&" in text:
        return " and ".join(_say_written(p, sentence, i) if p else "" for p in text.split("&")).strip()
    if (tag := _PARTY_TAG.fullmatch(text)) and (state := _state_name(tag["state"])):
        return f"{_PARTIES[tag['party']]} of {state}"  # "(D-Calif.)"
    if "-" in text or "–" in text:
        parts = [p for p in re.split(r"[-–]", text) if p]
        if len(parts) == 2 and all(p in _DAY_AND_MONTH_NAMES for p in parts):
            return " to ".join(_DAY_AND_MONTH_NAMES[p] for p in parts)  # "Monday-Friday", "Jan-Mar"
        readings = []
        for k, part in enumerate(parts):
            following = parts[k + 1] if k + 1 < len(parts) else None
            amount = _NUMBER_WITH_UNIT.fullmatch(part)
            is_amount = amount is not None and (amount["unit"] in en_units.UNITS or amount["unit"] in _SCALES)
            if amount and is_amount and following is not None and following.isalpha():
                readings.append(_say_compound_amount(amount, following))
            elif part.isdigit() and k and parts[k - 1].isupper() and part[0] != "0":
                readings.append(num.pair_reading(part))  # a model's number: "KV-5820", "MH-370"
            else:
                readings.append(_say_part(part, sentence, i))
        return " ".join(r for r in readings if r)
    return _say_word(text, sentence, i)


def _say_compound_amount(amount: re.Match[str], following: str) -> str:
    """An amount inside a compound adjective: "1.2m-strong", "10km-long", "3.5m-tonne".

    A unit before a hyphen is singular; "m" is a length only before a word of size.
    """
    words, unit = _read_number(amount["num"]), amount["unit"]
    if unit == "m":
        return f"{words} {'metre' if following in en_units.LENGTH_CONTEXT else 'million'}"
    if unit in _SCALES:
        return f"{words} {_SCALES[unit]}"
    return f"{words} {en_units.UNITS[unit][0]}"


def _say_part(part: str, sentence: _Sentence, i: int) -> str:
    if part.isdigit():
        if part.startswith("0"):
            return num.digits(part)
        value = int(part)
        return num.year(value) if len(part) == 4 and 1000 <= value <= 2099 else num.cardinal(value)
    return _say_written(part, sentence, i)


def _say_decade(digits_text: str) -> str:
    value = int(digits_text)
    if len(digits_text) == 2:
        return num.plural_of_words(num.cardinal(value))
    return num.plural_of_words(num.year(value))


def _say_numeric(text: str, sentence: _Sentence, i: int) -> str | None:
    if (match := _TIME_RANGE.fullmatch(text)) and _is_clock(*_clock_parts(match[1])):
        first_meridiem = match[2][0] if match[2] else None
        first = _say_time(*_clock_parts(match[1]), first_meridiem, meridiem_follows=True)
        return f"{first} to {_say_time(*_clock_parts(match[3]), match[4][0])}"  # "9am-5pm", "2-4pm"
    if _DIGIT_GROUPS.fullmatch(text) and not _ISO_DATE.fullmatch(text):
        return " ".join(_phone_digits(group) for group in re.split(r"[-.]", text))
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            month_name = list(_MONTHS.values())[month - 1]
            return f"{month_name} {num.ordinal(day)}, {num.year(year)}"
    if match := _RANGE.fullmatch(text):
        return _say_range(match, sentence, i)
    if (match := _RANGE_WITH_UNIT.fullmatch(text)) and (reading := _say_range_with_unit(match, sentence, i)):
        return reading
    next_word = sentence.next(i)
    if match := _TIME.fullmatch(text):
        hour, minute, meridiem = match.groups()
        next_is_meridiem = next_word is not None and next_word.lower().replace(".", "") in ("am", "pm")
        timetable = sentence.prev(i) == "the" and next_word in _SERVICE_WORDS  # "the 8.05 service"
        if (
            (":" in text or meridiem or next_is_meridiem or timetable)
            and int(hour) <= 24
            and int(minute) < 60
        ):
            return _say_time(hour, minute, meridiem, next_is_meridiem)
    if match := _CLOCK_HOUR.fullmatch(text):
        return _say_time(match[1], "00", match[2])
    if _PLAIN_NUMBER.fullmatch(text):
        return _say_number(text, sentence, i)
    if match := _ORDINAL.fullmatch(text):
        if next_word in _MONTH_NAMES and sentence.prev(i) != "the":
            return "the " + num.ordinal(int(match[1])) + " of"
        return num.ordinal(int(match[1]))
    if match := _DECADE.fullmatch(text):
        return _say_decade(match[1])
    if match := _MIXED_FRACTION.fullmatch(text):
        fraction = _say_fraction(*_FRACTION_CHARS[match[2]]).split(" ", 1)[1]
        return f"{num.cardinal(int(match[1]))} and a {fraction}"
    if text == "24/7":
        return "twenty four seven"
    if match := _FRACTION.fullmatch(text):
        return _say_fraction(int(match[1]), int(match[2]))
    if (match := en_units.DIMENSIONS.fullmatch(text)) and (
        reading := en_units.say_dimensions(
            match["a"], match["b"], match["unit"], next_word, _is_modifier(sentence, i, spec=True)
        )
    ):
        return reading
    if match := _NUMBER_WITH_UNIT.fullmatch(text):
        return _say_with_unit(match, sentence, i)
    return None


def _clock_parts(time: str) -> tuple[str, str]:
    """ "9.30" → ("9", "30"); "10" → ("10", "00")."""
    hour, _, minute = time.replace(".", ":").partition(":")
    return hour, minute or "00"


def _say_range_with_unit(match: re.Match[str], sentence: _Sentence, i: int) -> str | None:
    """ "20-25C", "5-10km", "2-3bn": the unit written once, said once, after the second figure."""
    a_unit, b_unit = match["a_unit"], match["b_unit"]
    if a_unit not in (None, b_unit) or not (b_unit in en_units.UNITS or b_unit in _SCALES):
        return None
    second = _NUMBER_WITH_UNIT.fullmatch(match["b"] + b_unit)
    reading = _say_with_unit(second, sentence, i) if second else None
    return f"{_read_number(match['a'])} to {reading}" if reading else None


def _say_range(match: re.Match[str], sentence: _Sentence, i: int) -> str:
    a, b = match["a"], match["b"]
    prev = sentence.prev(i)
    if a.isdigit() and b.isdigit() and len(a) == 4 and 1000 <= int(a) <= 2099:
        if len(b) == 2:
            first = num.year(int(a))
            return f"{first} to {num.cardinal(int(b)) if int(b) >= 10 else 'oh ' + num.cardinal(int(b))}"
        if len(b) == 4 and (prev is None or prev.lower() not in _QUANTITY_CUES):
            return f"{num.year(int(a))} to {num.year(int(b))}"
    if a.isdigit() and b.isdigit() and prev in _MONTH_NAMES and 1 <= int(a) < int(b) <= 31:
        return f"{num.ordinal(int(a))} to {num.ordinal(int(b))}"  # "June 5-8"
    if a.isdigit() and b.isdigit() and prev in ("a", "an", "A", "An") and int(a) + int(b) == 100:
        return f"{num.cardinal(int(a))} {num.cardinal(int(b))}"  # "a 60-40 split"
    if a.isdigit() and b.isdigit() and int(a) < 30 and int(b) < 30 and _is_score(sentence, i):
        if a == b and int(a):
            return f"{num.cardinal(int(a))} all"  # "drew 1-1": "one all"
        return f"{_score_number(a)} {_score_number(b)}"  # "won 2-0": "two nil"
    unit = " percent" if match["b_unit"] else ""
    return f"{_read_number(a)} to {_read_number(b)}{unit}"


def _is_score(sentence: _Sentence, i: int) -> bool:
    """ "beat Everton 2-0", "a 3-1 win", "drew 1-1": a result, said "two nil", "three one"."""
    window = [sentence.prev(i - 2) if i >= 2 else None, sentence.prev(i - 1) if i >= 1 else None]
    window += [sentence.prev(i), sentence.next(i)]
    if any(word is not None and word.lower() in _SCORE_CUES for word in window):
        return True
    earlier = sentence.prev(i)  # "6-4, 6-3": the sets of a match that was won
    return earlier is not None and _RANGE.fullmatch(earlier) is not None and _is_score(sentence, i - 1)


def _score_number(digits: str) -> str:
    return "nil" if int(digits) == 0 else num.cardinal(int(digits))


def _say_slashed(text: str, sentence: _Sentence, i: int) -> str:
    if text in en_units.UNITS and sentence.prev(i) is not None:
        return _plural(sentence.prev(i) or "", en_units.UNITS[text])
    if text.lower() in _PERIOD_CHANGES:
        return _PERIOD_CHANGES[text.lower()]
    amount, _, unit = text.rpartition("/")
    if unit in en_units.PER_UNIT and amount and (amount[0].isdigit() or _MONEY.fullmatch(amount)):
        return f"{_say_written(amount, sentence, i)} per {en_units.PER_UNIT[unit]}"  # "$85.40/bbl"
    parts = text.split("/")
    if len(parts) == 2 and all(p in _CURRENCY_CODES for p in parts):
        return " ".join(_CURRENCY_CODES[p] for p in parts)  # "EUR/USD"
    if len(parts) == 2 and all(p[:1].isupper() and not any(c.isdigit() for c in p) for p in parts):
        return " ".join(_say_written(p, sentence, i) for p in parts)  # "S&P/ASX"
    if all(p.isdigit() for p in parts) and len(parts) in (2, 3):
        if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:  # a season: 2019/20
            return f"{num.year(int(parts[0]))} to {num.cardinal(int(parts[1]))}"
        if len(parts) == 3:  # a numeric date; day and month order is unknowable, so read the numbers
            last = int(parts[2])
            tail = num.year(last) if len(parts[2]) == 4 else num.cardinal(last)
            return f"{num.cardinal(int(parts[0]))} {num.cardinal(int(parts[1]))} {tail}"
    left, _, right = text.partition("/")
    if left.isalpha() and right.isalpha():
        if left.islower() and right.islower():
            joiner = " " if {left, right} & {"and", "or"} else " or "
            return left + joiner + right
        return f"{_say_word(left, sentence, i)} {_say_word(right, sentence, i)}"
    return " slash ".join(_say_written(p, sentence, i) for p in text.split("/") if p)


def _bracketed_codes(text: str, tokens: Sequence[Token]) -> set[int]:
    """Indexes of tokens in parenthesised groups made only of codes ("(AAPL.O)", "(NYSE: IBM)")."""
    span_start, span_end = max(tokens[0].start - 2, 0), tokens[-1].end + 2
    dropped: set[int] = set()
    for group in _BRACKETS.finditer(text, span_start, span_end):
        inside = [i for i, t in enumerate(tokens) if group.start() < t.start and t.end < group.end()]
        if not 1 <= len(inside) <= 3:
            continue
        exchange = tokens[inside[0]].text in _EXCHANGES and ":" in group[0]
        if exchange or all(_is_code(tokens[i].text, text[tokens[i].start - 1]) for i in inside):
            dropped.update(inside)
    return dropped


def _is_code(word: str, before: str) -> bool:
    if word in SPELLED_ACRONYMS or word in WORD_ACRONYMS or not _TICKER.fullmatch(word):
        return False
    has_digit = any(c.isdigit() for c in word)
    if "." in word or before == "." or has_digit:
        return True  # "AAPL.O", ".KS11", "N225"
    # Bare capitals: a code when a listener could not say it as a word or spelled abbreviation.
    return len(word) >= 4 and not _CONSONANT_VOWEL_CONSONANT.fullmatch(word)


def _phone_numbers(text: str, tokens: Sequence[Token]) -> dict[int, str]:
    """Runs of digit groups that make a telephone number, read digit by digit, by token index.

    A run is two or more groups of digits separated by spaces or brackets, 7 to 15
    digits in all, that starts with a 0, a "+" or a bracket: "020 7946 0321",
    "+44 20 7946 0999", "(555) 014-2368". Figures in prose are never written so.
    """
    readings: dict[int, str] = {}
    i = 0
    while i < len(tokens):
        j = i
        while (
            j + 1 < len(tokens)
            and _PHONE_GROUP.fullmatch(tokens[j].text)
            and _PHONE_GROUP.fullmatch(tokens[j + 1].text)
            and not text[tokens[j].end : tokens[j + 1].start].strip(" ()")
        ):
            j += 1
        if j > i:
            first = tokens[i]
            digit_count = sum(c.isdigit() for t in tokens[i : j + 1] for c in t.text)
            dialled = i > 0 and tokens[i - 1].text.lower() in _DIALLING  # "Call 116 123"
            opened = text[first.start - 1 : first.start] in ("(", "+")
            marked = dialled or opened or first.text.startswith("0")
            if (digit_count >= 7 or dialled) and digit_count <= 15 and marked:
                readings.update((k, _phone_digits(tokens[k].text)) for k in range(i, j + 1))
        i = j + 1
    return readings


def _phone_digits(text: str) -> str:
    """ "0142" → "oh one four two": the zero of telephone numbers is "oh"."""
    return " ".join("oh" if c == "0" else num.digits(c) for c in text if c.isdigit())


def _agree_articles(said: list[str], tokens: Sequence[Token]) -> None:
    """ "an HK$3.2bn loss" is "a three point two billion ...": the article follows what is said."""
    for i in range(len(tokens) - 1):
        article, amount = tokens[i].text, tokens[i + 1].text
        if article.lower() not in ("a", "an") or not said[i + 1]:
            continue
        if not (amount[:1].isdigit() or _MONEY.fullmatch(amount) or _MONEY_RANGE.fullmatch(amount)):
            continue
        first = said[i + 1].split()[0].lower()
        wanted = "an" if first.startswith(("a", "e", "i", "o")) and first not in ("one", "once") else "a"
        said[i] = wanted if article.islower() else wanted.capitalize()


def normalise(text: str, tokens: Sequence[Token]) -> list[str]:
    """One spoken string per token of one sentence ("" for tokens said as nothing)."""
    sentence = _Sentence(text, tokens)
    phones = _phone_numbers(text, tokens)
    specs = en_units.spec_readings(text, tokens)
    dropped = _bracketed_codes(text, tokens) if "(" in text[tokens[0].start : tokens[-1].end] else set()
    dropped -= set(phones)
    said = [
        "" if i in dropped else phones.get(i) or specs.get(i) or " ".join(say_token(sentence, i).split())
        for i in range(len(tokens))
    ]
    _agree_articles(said, tokens)
    _join_split_ranges(text, tokens, said)
    return said


def _join_split_ranges(text: str, tokens: Sequence[Token], said: list[str]) -> None:
    """ "4.5%-4.75%": figures written as separate tokens around a dash are a range, "... to ..."."""
    for i in range(len(tokens) - 1):
        here, following = tokens[i], tokens[i + 1]
        if text[here.end : following.start] not in ("-", "–") or not said[i] or said[i].endswith(" to"):
            continue
        if here.text[:1].isdigit() and following.text[:1].isdigit() and here.text.endswith("%"):
            said[i] += " to"


RULES = LanguageRules(
    language="en",
    normalise=normalise,
    non_final_abbreviations=_NON_FINAL,
    sentence_starters=_SENTENCE_STARTERS,
    final_after_name=frozenset(
        {"St", "Dr", "Rd", "Ave", "Inc", "Corp", "Ltd", "Co", "Bros", *_WEEKDAY_ABBREVIATIONS}
    ),
    respellings=_RESPELLINGS,
    pauses=en_units.spec_pauses,
)
