"""Time expressions: find them in text and normalise them against the document creation time (DCT).

`RuleTagger` is a pure-Python, rule-based tagger in the spirit of HeidelTime (the field's reference
tool, Java + TreeTagger): one compiled alternation finds candidate expressions in a single pass over
the text, and a small handler per rule turns each match into a TIMEX3-style value. Only the handful of
matches in an article reach Python code, so the tagger runs at thousands of articles per second.

Where a value depends on the sentence's tense ("Tuesday", "in March"), a cheap cue scan of the sentence
around the match decides: future markers ("will", "is expected to", "next") point forward, past-tense
verbs ("said", "was", "-ed") point back. News convention, which HeidelTime follows too: a bare weekday
that is the DCT's own weekday means the DCT itself ("said on Thursday" in a Thursday article).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Protocol

from dateline.model import Granularity, TimeRef


class TimeTagger(Protocol):
    """Anything that finds time expressions in a piece of text, given the article's publication date."""

    def tag(self, text: str, dct: dt.date) -> list[TimeRef]: ...


# ----------------------------------------------------------------------------------------------------
# Vocabulary

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
# A year as broadcast transcripts spell it: "nineteen ninety-one" (not "nineteen ninety-nine people")
_SPELLED_YEAR = (rf"(?P<sp_c>[Ee]ighteen|[Nn]ineteen)[\s-]+(?P<sp_y>(?:{_TENS})(?:[\s-]+(?:{_ONES}))?\b|(?:{_TEENS})\b)"
                 rf"(?![\s-]+(?:{_ONES}|hundred|thousand|percent|dollars|people)\b)")
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
}

# Full month names, and abbreviations (which only count with a day or a year next to them: "Jan" is
# also a first name). Title case or upper case: lower-case "may" and "march" are a modal and a verb.
_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
)
_MONTH_ABBR = r"(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT?|OCT|NOV|DEC)\.?)"
_MONTH = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})(?![A-Za-z])"
_WEEKDAY = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY)(?![A-Za-z])"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"  # not a clock time "26:00"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)(?![\d])(?!\s*(?:GMT|BST|UTC|EDT|EST|CET|hrs|[Hh]ours)\b)"  # not "1130 GMT"
_SEP = r"\s*,?\s*"
_DAY_LINK = r"\s*(?:[-–]|to\b|and\b|or\b|through\b)\s*"
_NOT_DAY_AFTER = (
    r"(?!\s*(?:%|[-–/.:]\s*\d|,\s*\d(?!\d\d\d\b)|(?:hrs?|hours?|mins?|minutes|percent|per|people|points|times|years?|days?|weeks?"
    r"|months?|million|billion|thousand|of|[ap]\.?m)\b))"
)
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_UNIT = r"(?:day|week|month|year|decade)s?"
_PARTOFDAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
# TimeML's parts of the day, appended to a day's value: "Friday night" is 2019-02-22TNI.
PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "tonight": "TNI",
                "midday": "T12:00", "noon": "T12:00", "midnight": "T24:00"}
# TimeML's duration units: "three hours" is PT3H, "two decades" P20Y.
_DURATION_UNITS = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M",
                   "quarter": "M", "year": "Y", "decade": "DE", "century": "CE"}
_UNIT_WORD = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|century|centuries)"
_CLOCK = (
    r"(?:(?:[01]?\d|2[0-3]):[0-5]\d\s*(?:[ap]\.?\s?m\b\.?|[AP]\.?M\b\.?)"
    r"|(?:1[0-2]|0?[1-9])\s*[ap]\.?\s?m\b\.?"
    # British: "8.40am", "3.17 pm" (the period of "8.40am." ends the sentence)
    r"|(?:1[0-2]|0?[1-9])\.[0-5]\d\s*(?:[ap]\.\s?m\b\.?|[ap]\s?m\b|[AP]\.M\b\.?|[AP]M\b)"
    r"|(?:[01]\d|2[0-3])[0-5]\d\s*(?:GMT|BST|UTC|EST|EDT|CET)\b"
    # "15:00 GMT Saturday", "noon Thursday": a 24-hour clock or noon only with its day (alone they are too
    # often a page's stamp or a programme listing: "Last updated at 04:27 GMT", "12.00 noon BBC RADIO 5")
    r"|(?:(?:[01]?\d|2[0-3]):[0-5]\d\s*(?:GMT|BST|UTC|EST|EDT|CET|[ECMP][SD]T)|noon|midnight|midday)"
    rf"(?=\s+(?:on\s+)?(?:{_WEEKDAY}|today|tomorrow|yesterday|tonight)))"
)

# A time zone between a clock time and its day: "7:30 p.m. ET Monday", "11 a.m. EDT on Saturday".
_ZONE = r"(?:(?:[ECMP][SD]?T|GMT|BST|UTC|CES?T|Eastern|Central|Pacific|local\s+time)\b(?:\s*,)?)"

_HOLIDAY = (
    r"(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year\s?['’]?s\s+(?:Day|Eve)|New\s+Year\s+(?:Day|Eve)"
    r"|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|Labou?r\s+Day|Independence\s+Day|Thanksgiving(?:\s+Day)?"
    r"|Memorial\s+Day|Halloween|Valentine\s?['’]?s\s+Day|Boxing\s+Day|Groundhog\s+Day|Veterans\s?['’]?\s+Day"
    r"|Bastille\s+Day|May\s+Day)(?![A-Za-z])"
)


def _cap(alternatives: str) -> str:
    """`a|b c` -> `[Aa]|[Bb] c`: function words may start a sentence. A character class (rather than a
    case-insensitive group) keeps each branch cheap to reject, which is what makes the scan fast."""
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in alternatives.split("|"))


_COUNT_WORDS_RX = (
    "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    "|seventeen|eighteen|nineteen|few|several|many|some"
)
# A count of units ("three", "twenty-five", "5 1/2", "a few"): first letters as classes (see `_cap`), not a
# case-insensitive group, which sre matches far more slowly at each of the many word starts that reach it
_COUNT = (
    r"(?:\d+(?:\.\d+)?(?:\s+1/2)?"
    rf"|(?:{_cap(_TENS)})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
    rf"|(?:{_cap('hundreds|thousands')})\s+of|[Aa]\s+(?:few|couple\s+of|half)|[Hh]alf\s+an?"
    rf"|(?:{_cap(_COUNT_WORDS_RX)})(?![A-Za-z]))"
)


def _rules() -> list[tuple[str, str]]:
    """The rules as (name, pattern), tried in this order at each word start: longer forms first."""
    day_ref = (
        rf"{_WEEKDAY}{_PARTOFDAY}(?:{_SEP}(?:{_MONTH}\s*{_DAY}(?:{_SEP}{_YEAR})?|{_DAY}\s+{_MONTH}(?:{_SEP}{_YEAR})?))?"
        rf"|(?:{_cap('today|tonight|yesterday|tomorrow')})\b"
        rf"|{_MONTH}\s*{_DAY}(?:{_SEP}{_YEAR})?|{_DAY}\s+{_MONTH}(?:{_SEP}{_YEAR})?"
    )
    return [
        (
            "clock",
            rf"(?P<clk>{_CLOCK})(?:\s+(?:(?P<clk_zone>{_ZONE})\s+)?(?:on\s+)?(?P<clk_day>{day_ref}))?",
        ),
        ("iso", r"(?P<iso_y>1\d\d\d|20\d\d)-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>3[01]|[12]\d|0[1-9])(?![\d])"),
        # "2/28/2019", and "4\/19\/2010" as Timeline17's text escapes it; "08.07.2012" (day first in Europe, read
        # as the reading nearer the DCT like the others; only with a four-digit year: "1.5.10" is a version)
        ("numeric", r"(?P<num_a>\d{1,2})(?:\\?/(?P<num_b>\d{1,2})\\?/(?P<num_y>\d{4}|\d{2})(?![\d/])"
                    r"|\.(?P<num_b2>\d{1,2})\.(?P<num_y2>\d{4})(?!\d|[.,]\d))"),
        ("range", rf"(?P<rg_a>{_YEAR})\s*[-–]\s*(?P<rg_b>\d\d|{_YEAR})(?![\d%])"),
        # Day ranges and pairs in one month: "Sept. 15 - 19, 2008", "April 16 and 17", "23 - 25 October",
        # "between 13 and 18 January 1993". Both ends are dates (as HeidelTime tags them). The second day
        # must be later than the first, and no unit or count may follow it ("Feb. 7 - 18 hrs ago").
        (
            "mdrange",
            rf"(?P<mdr_m>{_MONTH})\s*(?P<mdr_a>{_DAY}){_DAY_LINK}(?P<mdr_b>{_DAY}){_NOT_DAY_AFTER}"
            rf"(?:{_SEP}(?P<mdr_y>{_YEAR}))?",
        ),
        (
            "dmrange",
            rf"(?P<dmr_a>{_DAY}){_DAY_LINK}(?P<dmr_b>{_DAY})(?:\s+of)?\s+(?P<dmr_m>{_MONTH})"
            rf"(?:{_SEP}(?P<dmr_y>{_YEAR}))?",
        ),
        # "this June 8, 2010 file photo": "this" belongs to the date, not a month of its own; "last April
        # 20" is the latest April 20 before the DCT, "next May 3" the first after it
        ("mdy", rf"(?:(?P<mdy_mod>{_cap('this|last|next')})\s+)?(?P<mdy_m>{_MONTH})\s*(?P<mdy_d>{_DAY})"
                rf"(?:{_SEP}(?P<mdy_y>{_YEAR}))?"),
        # "the first of May", "the Fourth of July"
        (
            "ordday",
            rf"(?:{_cap('the')}\s+)?(?P<od_d>{_cap('|'.join(ORDINALS))})\s+of\s+(?P<od_m>{_MONTH_FULL})(?![A-Za-z])"
            rf"(?:{_SEP}(?P<od_y>{_YEAR}))?",
        ),
        ("my", rf"(?P<my_m>{_MONTH})(?:{_SEP}|\s+of\s+)(?P<my_y>{_YEAR})"),  # "December of 1945"
        (
            "weekday",
            rf"(?:(?P<wd_mod>{_cap('last|next|this|early|late|coming|past|previous|following')})\s+)?"
            rf"(?P<wd>{_WEEKDAY})"
            r"(?:\s+(?P<wd_part>morning|afternoon|evening|night))?"
            rf"(?:{_SEP}(?P<wd_date>{_MONTH}\s*{_DAY}(?:{_SEP}{_YEAR})?|{_DAY}\s+{_MONTH}(?:{_SEP}{_YEAR})?))?",
        ),
        (
            "dmy",
            rf"(?:{_cap('the')}\s+)?(?P<dmy_d>{_DAY})(?:\s+of)?\s+(?P<dmy_m>{_MONTH})(?:{_SEP}(?P<dmy_y>{_YEAR}))?",
        ),
        # not "2000 years" (a count: "1500 years ago" is the ago rule's), nor the "1980" of "1980s" (a decade)
        ("yr", rf"(?P<yr_y>{_YEAR})(?![\d%]|,\d|\.\d|-\d|s\b|\s+(?:years|months|weeks|days|hours)\b)"),
        # Years as broadcast transcripts spell them: "in nineteen ninety-one", "the year two thousand"
        (
            "spelled",
            rf"(?:{_SPELLED_YEAR}|{_cap('the year two thousand')}\b(?![\s-]+(?:and\s+)?(?:{_ONES}|{_TEENS}|{_TENS})\b))",
        ),
        (
            "yrmod",
            rf"(?:{_cap('the end of|the beginning of|the start of|the middle of|end of|beginning of|start of')}"
            rf"|{_cap('middle of|early|late|mid')})[\s-]+(?P<ym_y>{_YEAR})(?![\d%]|,\d|\.\d|-\d)",
        ),
        (
            "decade",
            rf"(?:(?:{_cap('the')})\s+)?(?:(?:{_cap('early|mid|late')})[\s-]+)?(?P<dec>1\d|20)?'?(?P<dec2>\d)0s\b",
        ),
        # "the 19th century", "the late 19th century", and with a numeral also without "the": "mid-19th
        # century America", "a 20th century economic crisis"
        (
            "century",
            rf"(?:(?:{_cap('the')})\s+(?:(?:{_cap('early|mid|late')})[\s-]+)?(?P<cent_w>[a-z]+)"
            rf"|(?:(?:{_cap('the')})\s+)?(?:(?:{_cap('early|mid|late')})[\s-]+)?(?P<cent>\d\d?)(?:st|nd|rd|th))"
            r"[\s-]+[Cc]entury\b(?!\s*(?:BC|B\.C\.|BCE))",
        ),
        (
            "holiday",
            rf"(?:(?P<hol_mod>{_cap('last|next|this')})\s+)?(?P<hol>{_HOLIDAY})"
            rf"(?!\s+(?:[Bb]unny|[Ii]sland|[Ee]ggs?|[Tt]rees?|[Cc]ards?|[Ss]hopping|[Ss]eason)\b)"
            rf"(?:{_SEP}(?P<hol_y>{_YEAR}))?",
        ),
        (
            "month",
            rf"(?P<month_mod>(?:{_cap('early|late|mid|last|next|this|the end of|the beginning of|the start of|the middle of|end of|beginning of|start of|middle of')})"
            rf"[\s-]+)?(?P<month_m>{_MONTH_FULL})(?![A-Za-z])(?:\s+(?P<month_rel>last|this|next)\s+year\b)?",
        ),
        (
            "relday",
            rf"(?P<rd>(?:{_cap('later today|earlier today|today|tonight|yesterday|tomorrow|last night|this morning')}"
            rf"|{_cap('this afternoon|this evening|the day before yesterday|day before yesterday|the day after tomorrow')}"
            rf"|{_cap('the next day|the following day|the previous day|the same day|the day before|the day after')}"
            rf"|(?:{_cap('the next|the following|the previous')})\s+(?:morning|afternoon|evening|night)"
            # "later that year", "that same year": the story's last year. Not "that day", which in news names
            # an undated event as often as the last date ("She has not been seen since that day", "the violent
            # images of that day", "ca n't wait for that day": about half of 67 on Timeline17)
            rf"|(?:(?:{_cap('earlier|later')})\s+)?{_cap('that')}\s+(?:same\s+)?year))\b"
            r"(?:\s+(?P<rd_part>morning|afternoon|evening|night)\b)?",
        ),
        (
            "ago",
            # "sixty one years ago", "twenty-five years ago"
            rf"(?P<ago_n>\d{{1,4}}|(?:{_cap(_TENS)})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
            rf"|{_cap('a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen')})"
            # not "I spent a week earlier this month": a duration, then "earlier this month"
            rf"\s+(?P<ago_u>{_UNIT})\s+(?P<ago_dir>ago|(?:earlier|later)(?!\s+(?:this|today|tonight)\b)|before"
            r"|from\s+now)\b",
        ),
        ("centago", rf"(?P<ca_n>{_cap('a|one|two|three|four|five')})\s+centur(?:y|ies)\s+ago\b"),
        (
            "relunit",
            rf"(?P<ru_mod>{_cap('earlier this|later this|this|late last|early last|early next|last|next')}"
            rf"|{_cap('the past|the last|the previous|the next|the coming|the following|the current')}"
            rf"|{_cap('current|past|the')})\s+"
            # not "the year-earlier quarter", "this year's third quarter": quarters (the next rule)
            r"(?:fiscal\s+(?=year))?(?P<ru_u>week(?:end)?|month|year|decade|century|quarter)\b"
            r"(?!\s*-|\s*'s\s+(?:first|second|third|fourth)\b)",
        ),
        (
            "quarter",
            # "the third quarter", "third-quarter", "the 1988 second quarter", "this year's third quarter", "the
            # year-earlier quarter", "the quarter", "the latest quarter"
            rf"(?:{_cap('the')}\s+)?(?:(?P<q_y0>{_YEAR})\s+|(?P<q_rel>{_cap('this|last|next')})\s+year\s*'s\s+"
            rf"|(?P<q_ago>year\s*-\s*(?:earlier|ago))\s+)?"
            rf"(?:(?P<q>{_cap('first|second|third|fourth')}|[1-4](?:st|nd|rd|th))"
            rf"[\s-]+quarter\b(?:\s+of\s+(?P<q_y>{_YEAR}))?|(?P<q_last>latest\s+)?quarter\b(?!\s*-)"
            rf"|(?P<q_lp>latest\s+period)\b|(?<=year-earlier )period\b|(?<=year-ago )period\b)",
        ),
        # "compared with year-earlier profit", "the year-ago results": the year before the DCT's, the one a
        # company's results are compared with (after a quarter, that quarter a year back: see `RuleTagger.tag`);
        # not "the year-earlier nine months", a length of time
        ("yearago", rf"{_cap('year')}-(?:earlier|ago)\b(?!-|\s+\w+\s+(?:months|weeks|years)\b)"),
        # "by year-end", "since year-end": the last day of a year (TBAQ's two are 1989-12-31 and 1988-12-31)
        ("yearend", rf"{_cap('year')}[\s-]end\b(?!\s*-)"),
        # A recurrence (TIMEX3 SET): "every Monday", "each year", "every other week", "daily", "annually".
        (
            "set",
            rf"(?:(?P<set_q>{_cap('every|each')})\s+(?:(?P<set_other>other)\s+)?(?P<set_u>day|week|month|year|quarter"
            rf"|morning|afternoon|evening|night|weekend|spring|summer|autumn|fall|winter|{_WEEKDAY}|{_MONTH_FULL})\b"
            r"|(?P<set_adv>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly)\b)",
        ),
        # A length of time (TIMEX3 DURATION): "three years", "a month", "16-hour", "the past two months",
        # "several weeks", "5 1/2 hours". Not "two years ago" or "three days later" (dates, rules above), nor
        # an age ("five years old").
        # A length of time with no count: "for years", "For weeks the government has held rallies", "within
        # weeks" (TimeML tags the unit alone: PXY, PXW)
        ("vague", rf"(?:{_cap('for|within')})\s+(?P<vg_u>years|months|weeks|days|hours|decades)\b(?!\s*-|\s+(?:old|of|ago)\b)"),
        (
            "duration",
            rf"(?P<du_pre>(?:{_cap('the')}\s+)?(?:{_cap('past|last|next|first|final|previous|coming|following')})\s+)?"
            rf"(?P<du_n>{_COUNT})(?:\s+(?:more|full|straight|consecutive|long))?(?:\s*-\s*|\s+)"
            rf"(?P<du_u>{_UNIT_WORD})(?P<du_long>\s*-\s*long)?\b(?!\s*-\s*old\b|\s+old\b)"
            # "two months after his team was blocked" is a length of time (TimeML: P2M), like "two days before
            # the vote" (see `_h_ago`)
            r"(?!\s+(?:ago|later|earlier|before|from\s+now)\b|-(?:earlier|ago)\b)",  # "a year-earlier loss"
        ),
        (
            "season",
            rf"(?:(?P<se_mod>{_cap('this|last|next|the|early|late')})\s+)?"
            rf"(?P<se>{_cap('spring|summer|autumn|winter|fall')})(?:\s+(?:of\s+)?(?P<se_y>{_YEAR}))?\b",
        ),
        # "the first half of 2010", "the second half of this year": a half-year. Without "of" and a year it
        # is too often a match's or a sum's half ("scored in the second half", "the second half of that money").
        (
            "half",
            rf"(?:{_cap('the')}\s+)?(?P<h>{_cap('first|second|last')})\s+half\s+of\s+"
            rf"(?:(?P<h_y>{_YEAR})|(?:{_cap('the')}\s+)?(?P<h_rel>this|last|next|the)\s+year\b)",
        ),
        (
            "ref",
            rf"(?P<rf>{_cap('right now|now|currently|current|recently|recent days|recent weeks|recent months')}"
            rf"|{_cap('previous days|previous weeks|previous months')}"
            rf"|{_cap('recent years|recent decades|recent|the coming days|the coming weeks|the coming months')}"
            rf"|{_cap('the coming years|the coming week|the coming year|as soon as possible')}"
            rf"|{_cap('coming days|coming weeks|coming months|coming years')}"
            rf"|(?:{_cap('a few|several|many|some|a couple of')})\s+(?:hours|days|weeks|months|years)\s+ago"
            rf"|(?:{_cap('the near future|the foreseeable future|the future|the near term|the short term')}"
            # not "the past tense", nor "the past three summers" (a count of something else)
            rf"|{_cap('the past')}(?!\s+(?:tense|\d|{_COUNT_WORDS_RX})\b))(?!-))\b",
        ),
    ]


# Characters after which an expression may start. The scan only enters the rules there (one word start
# in five characters), and it is why "$ 2019", "2,000" and "Room2019" never reach the year rule.
_BEFORE = " \n\t\r\xa0([{\"'`“‘-"


_TO_SPACE = str.maketrans(dict.fromkeys(_BEFORE, " "))
_FUNCTION_WORDS = (
    "the", "last", "next", "this", "early", "late", "earlier", "later", "mid", "end of", "beginning of",
    "start of", "middle of", "a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "fifteen", "twenty", "several", "many", "some", "a few", "a couple", "right", "as",
    "previous", "past", "first", "final", "following", "coming", "thirteen", "fourteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "a couple of", "hundreds of", "thousands of", "every", "each",
)
# Words that point back or ahead, and what may follow them in an expression ("the next day", "the past
# two months", "the first of May", "the same day"): listed as pairs, so that "the next" or "the first"
# alone (thousands of times an article) does not stop the scan.
_LEADS = ("past", "last", "previous", "next", "coming", "following", "current", "same", "first", "second", "third",
          "fourth", "final")
_TAILS = ("week", "weekend", "month", "year", "decade", "century", "quarter", "half", "day", "days", "weeks",
          "months", "years", "decades", "hours", "morning", "afternoon", "evening", "night", "of", "few", "several",
          "couple", "fiscal", *list(NUMBER_WORDS)[2:])
_LED = [f"{lead} {tail}" for lead in _LEADS for tail in _TAILS]
_SECOND_WORDS = (
    "week weekend month year decade century quarter "
    "day days future spring summer autumn winter fall early mid late end beginning fiscal "
    "start middle night morning afternoon evening this few couple hours weeks months years decades soon today"
).split()
# Counts, and the units only a count starts ("two hours", "a minute", "two - day" as Timeline17 tokenises
# "two-day"): kept apart from the other function words, so that "the" is not tried with them at each "the".
_COUNT_WORDS = [w for w in _FUNCTION_WORDS if w in NUMBER_WORDS] + ["several", "many", "some", "a few", "a couple of",
                                                                    "hundreds of", "thousands of"]
_MORE = ("more", "full", "straight", "consecutive", "long")  # between a count and its unit (see the duration rule)
_UNIT_STEMS = ("second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "centur")
_MONTH_NAMES = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
).split()
_WEEKDAY_NAMES = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_NAMES = _MONTH_NAMES + _WEEKDAY_NAMES
# First words of the holidays `_HOLIDAY` knows, so the trigger stops there.
_HOLIDAY_WORDS = ("Christmas", "New Year", "Easter", "Good Friday", "Labor Day", "Labour Day", "Independence Day",
                  "Thanksgiving", "Memorial Day", "Halloween", "Valentine", "Boxing Day", "Groundhog Day",
                  "Veterans", "Bastille Day", "May Day")
_HEAD_WORDS = (
    "today", "tonight", "tomorrow", "yesterday", "now", "current", "currently", "recent", "recently", "the past",
    "eighteen", "nineteen", "the year two thousand", "spring", "summer", "autumn",
    "winter", "fall", "day before", "day after", "first quarter", "second quarter", "third quarter",
    "fourth quarter", "first half", "second half", *_TENS.split("|"), "coming days", "coming weeks",
    "coming months", "coming years", *_HOLIDAY_WORDS, "daily", "weekly", "monthly", "annually", "yearly",
    "hourly", "nightly", "quarterly", "biweekly", "noon", "midnight", "midday", "the latest quarter", "latest quarter",
    "that year", "that same year", "earlier that year", "later that year", "latest period", "the latest period",
    "year earlier", "year ago", "year end",  # "year-earlier": the trigger scans a copy with hyphens as spaces
    *(f"{p} {u}" for p in ("for", "within") for u in ("years", "months", "weeks", "days", "hours", "decades")),
)
# A number starts an expression only in a date-like shape: a year, a clock time, a numeric date, a day
# of a month, a decade, or a count of units ("two years ago" is in the word trie). Written to open with a
# character class that consumes the first digit, as each of the trie's branches opens with its letter: sre
# rejects such a branch with one test, where a lookahead ("(?=[0-9])") is entered at every word start.
_DIGIT_TRIGGER = (
    r"[0-9](?:(?<=[12])\d\d\d|\d?(?:(?:\s*–\s*|\s+(?:(?:to|and|or|through)\s+)?)\d\d?(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z][a-zA-Z]|[:/]\d|\.\d+(?:\.\d|\s*-?\s*(?:second|minute|hour|day|week|month|quarter|year|decade|centur))|\.[0-5]\d\s?[apAP]\.?\s?[mM]|\\/\d|\s?[ap]\.?m|\d\d\s?(?:GMT|BST|UTC)|(?:st|nd|rd|th)\b|0s|'|\s+(?:of\s+)?[A-Z][a-zA-Z]"
    r"|\s*-?\s*(?:second|minute|hour|day|week|month|quarter|year|decade|centur)|\s+1/2)|\d\d\s+years\s+ago\b"
    r"|\d\d+\s*-?\s*(?:second|minute|hour|day|week|month|quarter|year|decade|centur))|'\d0s"  # "180 days"
)


# "the" starts an expression before these only as "the end of", "the middle of" ...; before a month or
# weekday name the expression starts at the name ("the April 20 blowout"); "the night", "the morning",
# "the days", "the years" start none. Trying the rules there was a third of the trigger's fruitless hits.
_PART_OF = ("end", "middle", "start", "beginning")
_NOT_AFTER_THE = frozenset(("night", "morning", "days", "years", *_PART_OF, *_NAMES,
                            *(n + end for n in _NAMES for end in (".", ","))))


def _trigger_words() -> list[str]:
    """Word starts at which some rule may match: a specific head word, or a function word followed by
    one that can continue an expression ("the past", "last week", "two years", "mid March"). Those that
    are the start of a longer word are in `_open_trigger_words`."""
    names = [n + end for n in _NAMES for end in (" ", ".", ",")] + [n.upper() + end for n in _NAMES
                                                                     for end in (" ", ".", ",")]
    seconds = (_SECOND_WORDS + [n + end for n in _NAMES for end in (" ", ".", ",")] + list(_HOLIDAY_WORDS)
               + ["Spring", "Summer", "Autumn", "Winter", "Fall"] + _WEEKDAY_NAMES)
    return (list(_HEAD_WORDS) + names + [f"{f} {w}" for f in _FUNCTION_WORDS for w in seconds
                                         if f != "the" or w not in _NOT_AFTER_THE]
            + [f"the {w} of " for w in _PART_OF]
            + [f"{f}{space}{u}" for f in _COUNT_WORDS for space in (" ", "   ") for u in _UNIT_STEMS]
            + [f"{f} {more}" for f in _COUNT_WORDS for more in _MORE]  # "two more weeks", "three full days"
            + _LED + [f"the {led}" for led in _LED] + ["every other"]
            + [f"{o} of " for o in ORDINALS]
            + [f"{f} {d}" for f in ("the", "early", "late", "mid", "end of", "beginning of", "start of", "middle of",
                                    "last", "past", "next", "first", "the past", "the last", "the next", "the first")
               for d in "0123456789'"])


def _open_trigger_words() -> frozenset[str]:
    """Trigger words that may go on with more letters: a count and a unit stem ("two day" of "two days",
    "a centur" of "a century"), holidays ("New Years Eve")."""
    return frozenset([f"{f}{space}{u}" for f in _COUNT_WORDS for space in (" ", "   ") for u in _UNIT_STEMS]
                     + list(_HOLIDAY_WORDS))


# English words by first letter, commonest first (lower case before upper case)
_LETTER_ORDER = {c: i for i, c in enumerate("taoiswcbphfmdrelnguvyjkqzx")}


def _branch_order(item: tuple[str, dict]) -> tuple[bool, int, str]:
    ch = item[0]
    return ch.isupper(), _LETTER_ORDER.get(ch.lower(), 99), ch


def _trie(words: list[str], open_words: frozenset[str] = frozenset()) -> str:
    """A regex matching any of `words` (and its capitalised form), factored as a trie so that sre
    rejects a non-matching position after a single character test per branch. A word that ends in a
    letter must end there ("fall", not "falling"; "now", not "nowhere": a quarter of the trigger's
    fruitless hits on Timeline17), unless it is one of `open_words`, stems that go on ("two centur")."""
    tree: dict[str, dict] = {}
    for word in words:
        for form in {word, word[0].upper() + word[1:]}:
            node = tree
            for ch in form:
                node = node.setdefault(ch, {})
            end = node.setdefault("", {})
            if word in open_words or not word[-1].isalpha():
                end["open"] = {}

    def emit(node: dict[str, dict]) -> str:
        # sre tries the branches in order: common letters first, so that most words fail early
        alternatives = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items(), key=_branch_order) if ch]
        if not alternatives:
            return "" if "open" in node.get("", {}) else "(?![a-z])"
        body = "(?:" + "|".join(alternatives) + ")" if len(alternatives) > 1 else alternatives[0]
        if "" not in node:
            return body
        return f"(?:{body})?" if "open" in node[""] else f"(?:{body}|(?![a-z]))"

    return emit(tree)


# ----------------------------------------------------------------------------------------------------
# Tense: a cue scan of the sentence around a match

_FUTURE = frozenset({"will", "wo", "'ll", "shall", "next", "coming", "upcoming", "tomorrow"})
_FUTURE_BEFORE_TO = frozenset({"going", "expected", "due", "scheduled", "set", "likely", "poised", "planning",
                               "plan", "plans", "hoping", "hopes", "intends", "aims"})
_PAST = frozenset({"was", "were", "had", "did", "said", "told", "went", "came", "took", "made", "began", "left",
                   "met", "held", "won", "lost", "gave", "saw", "fell", "rose", "yesterday", "ago", "last",
                   # irregular past tenses that are not also common nouns, present forms or participles before
                   # "to" ("shot", "fed", "read", "hit", "set", "put", "wound", "got", "meant" are left out)
                   "rang", "spoke", "wrote", "broke", "struck", "fought", "flew", "fled", "drove", "ran", "sent",
                   "spent", "built", "sold", "bought", "brought", "caught", "stood", "became", "knew", "grew",
                   "threw", "paid", "heard", "kept", "chose", "drew", "withdrew", "stole", "froze", "swore",
                   "forgot", "hid", "sank", "sought", "led", "found", "felt", "dealt", "taught", "woke"})
_NOT_PAST = frozenset({"need", "indeed", "hundred", "speed", "proceed", "exceed", "succeed", "seed", "feed",
                       "bleed", "breed", "shed", "red", "bed", "expected", "scheduled", "planned", "slated"})
_PAST_AUX = frozenset({"was", "were", "had"})
# Before an -ed word, these make it an adjective ("will reach the damaged well"), not a past tense.
_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that",
                          "these", "those"})
# "would" (future in the past: "said that he would step down effective Oct. 1") ends the cue scan with
# the tense "would": a month-day keeps the DCT's year (the past tense of the reporting verb does not push
# it back a year), and a weekday is the coming one ("said he would update the group on Wednesday").
# "would not comment Friday" is a past refusal: no tense, so a weekday is the last one.
_WOULD = frozenset({"would"})
_PASSIVE_AUX = frozenset({"be", "been", "being", "to", "is", "are", "am"})
_PRESENT_AUX = frozenset({"is", "are", "am"})
_EXPECT = frozenset({"expect", "expects"})
# A plan looks ahead whatever the tense of its verb: "planned to leave Nairobi on Thursday", "has scheduled a
# news conference Thursday", "the accession was planned for early March"; not "as planned", "had (been)
# planned", "previously planned".
_PLANNED = frozenset({"planned", "planning", "scheduled", "slated"})
# "a provisional trial date was set for October 28": a date fixed for something ahead ("set" alone is too
# often a past tense or a noun: "set fire to", "a set of")
_SET_FOR = frozenset({"set", "slated", "fixed"})
# A present perfect reports a past event ("Oil prices have come down from the middle of October"): its
# irregular participles, which no -ed ending marks ("has been" is left to the passive and progressive; "have
# given the company a Jan. 1 deadline" sets a date ahead)
_PERFECT = frozenset({"has", "have", "'ve"})
_PARTICIPLES = frozenset({"come", "become", "gone", "done", "seen", "taken", "fallen", "risen", "grown",
                          "shown", "known", "written", "spoken", "begun", "run", "won", "lost", "made", "held",
                          "left", "met", "paid", "sent", "spent", "brought", "bought", "sold", "told", "said",
                          "struck", "fought", "fled", "found", "led", "kept", "stood"})
_PERCEIVED = frozenset({"heard", "seen", "felt", "smelt", "smelled", "found", "spotted", "located", "reached",
                        "contacted"})
# A scheduled event in the present tense lies ahead: "He and Arafat meet separately Monday with Albright",
# "the session resumes Monday", "the new museum opens to the public on Monday" (only before the expression). Not after "to", a modal or a negation ("did not meet Monday"). Only verbs
# that are seldom nouns or bare infinitives ("travel agents say", "his return", "let the offensive begin").
_SCHEDULED = frozenset({"meet", "meets", "begins", "resume", "resumes", "arrives", "convene", "convenes",
                        "reconvene", "reconvenes", "departs", "opens", "kicks"})
_NOT_SCHEDULED = frozenset({"to", "not", "n't", "did", "does", "do", "could", "should", "might", "may", "can",
                            "must", "ca", "'s", "of", "and", "or"}) | _DETERMINERS

# A date right after these is when something takes effect or falls due: "effective Dec. 7", "payable Dec. 7
# to holders", "to stock of record Nov. 22"
_DEADLINE = frozenset({"effective", "payable", "record"})
# "until Tuesday" is a deadline ahead when nothing in the sentence is past ("has been closed until Monday",
# "are allowing customers to change destinations until Monday") or when the past verb set it ("postponed
# until Tuesday morning", "gave Merieux until mid-November to submit"); not after a past state ("had not
# read the plan until Friday", "it was just a flu until Friday").
_UNTIL = frozenset({"until", "till"})
_DEFERRED = frozenset({"postponed", "delayed", "extended", "adjourned", "recessed", "deferred", "suspended",
                       "gave", "granted", "allowed", "closed", "shut", "barred", "banned"})
# ... and so does its -ing form, whatever verb comes before it ("the judge said before postponing the man's
# testimony until Monday")
_DEFERRING = frozenset({"postponing", "delaying", "extending", "adjourning", "recessing", "deferring",
                        "suspending", "giving", "granting", "allowing", "closing"})
# A plan that was called off lies in the past: "A memorial service planned ... for Saturday was canceled"
_CALLED_OFF = re.compile(r"[^.!?\n]{0,120}?\b(?:was|were|had\s+been|has\s+been)\s+(?:canceled|cancelled|called\s+off"
                         r"|scrapped|abandoned|postponed)\b")
# A decision, promise or request looks ahead to what its infinitive names, whatever the tense of its verb:
# "NATO has decided to admit Poland ... in early March", "subpoenaed Elian to testify ... on Feb. 10",
# "invited the foreign ministers to a ceremony ... on March 12" (future in the past, like "would").
_PROSPECTIVE = frozenset({"decided", "agreed", "voted", "promised", "pledged", "vowed", "threatened", "offered",
                          "asked", "ordered", "urged", "invited", "subpoenaed", "summoned", "authorized",
                          "called", "arranged", "proposed", "prepared"})
# A reporting verb dates the saying, not what is said: "Conseco Inc. said it is calling for the redemption on
# Dec. 7" is this year's Dec. 7 (the past "said" would put a month-day later in the year than the DCT a year
# back). Only when a clause of its own stands between (a subject pronoun or "that"): "stated in Parliament
# on 25 November", "told ABC News Thursday that" date the saying. Not "announced" or "reported", whose
# object is often the dated thing ("announced a drop in profits for the fourth quarter").
_REPORTING = frozenset({"said", "told", "added", "stated", "noted", "explained", "insisted", "argued", "warned",
                        "predicted"})
# Words after which the expression belongs to a clause with its own time: "vowed to retake territory after
# retreating on Thursday", "decided to make a run for it around dawn Wednesday when ..."
_OWN_TIME = frozenset({"after", "since", "when", "while", "then"})


def _infinitive_ahead(words: list[str], i: int) -> bool:
    """Whether the expression after `words` belongs to an infinitive that `words[i]` governs: "to" and a verb
    within the next four words ("decided to admit", "subpoenaed Elian to testify"; not "agreed to the move
    on Tuesday"), the expression at most twelve words after it ("ordered BP to pay for construction of five
    more large sections of ... sand berms Wednesday" dates the order), and no clause of its own between."""
    # an invitation is to an event ahead, named after its guests: "has invited the foreign ministers of Poland,
    # the Czech Republic and Hungary to a ceremony ... on March 12"
    invited = words[i] == "invited"
    for j in range(i + 1, min(len(words) if invited else i + 5, len(words) - 1)):
        if words[j] == "to":
            return ((words[j + 1].lower() not in _DETERMINERS or invited) and len(words) - j <= 13
                    and _OWN_TIME.isdisjoint(words[j + 1:]))
    return False


_CLOCK_WORDS = frozenset({"a.m.", "p.m.", "a.m", "p.m", "am", "pm", "EST", "EDT", "ET", "GMT", "CST", "CDT", "PST",
                          "PDT", "noon", "midnight"})
_AM_PM = frozenset({"a.m.", "p.m.", "a.m", "p.m", "am", "pm"})
_CLAUSE_OPENERS = frozenset({"that", "it", "he", "she", "they", "we", "I", "there", "its", "his", "her", "their"})
# Every word `_cue` may read as a cue, besides -ed words
_CUE_WORDS = (_FUTURE | _WOULD | _EXPECT | _PLANNED | _FUTURE_BEFORE_TO | _PAST | _REPORTING | _SCHEDULED
              | _SET_FOR | _PERFECT | _DEFERRING | {"could", "soon", "due"})


def _cue(words: list[str], i: int) -> str | None:
    """The tense word `i` of a sentence signals, if any: 'future', 'past', 'would', 'present' (a present
    passive), or '' (a cue that there is no tense: "would not comment Friday")."""
    w = words[i].lower()
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    if w in _FUTURE:
        return None if nxt == "to" else "future"  # not "the blasts next to the U.S. embassies on Friday"
    if w in _WOULD:
        return "" if nxt in ("not", "n't") else "would"
    if w == "could":
        # "could reach Pensacola Beach by Wednesday", "could take until August": a possibility ahead. Not
        # "could not restore", "why could n't you do this before Saturday", "could be heard on Friday".
        if nxt in ("not", "n't") or (nxt == "be" and i + 2 < len(words) and words[i + 2].lower() in _PERCEIVED):
            return ""
        return "future"
    prev_word = words[i - 1].lower() if i else ""
    if w in _SCHEDULED:
        return "future" if i and prev_word not in _NOT_SCHEDULED and words[i].islower() else None
    if w in _EXPECT:
        # "BP expects the well to be completely sealed on Saturday"; not "did n't expect him to come"
        return None if i and words[i - 1].lower() in ("not", "n't", "did", "never") else "future"
    past_perfect = prev_word == "been" and i > 1 and words[i - 2].lower() == "had"  # "had been scheduled"
    if prev_word.endswith("ly") and i > 1 and words[i - 2].lower() in _DETERMINERS:
        prev_word = "the"  # "the hastily planned trip": an adjective
    if (w in _PLANNED and prev_word not in ("as", "had", "previously") and prev_word not in _DETERMINERS
            and not past_perfect) \
            or (w == "soon" and prev_word == "as" and nxt == "as"):
        return "future"  # "as soon as Tuesday"
    if w in _SET_FOR and nxt == "for":
        return "future"
    if w == "set" and nxt == "on" and prev_word not in _PASSIVE_AUX:
        return "past"  # a past participle: "its record high set on Aug. 6" (not "the vote is set on May 3")
    if w in _PERFECT:
        return "past" if nxt in _PARTICIPLES else None
    if w in _FUTURE_BEFORE_TO and i + 1 < len(words) and words[i + 1] == "to":
        # "was due to", "had been due to expire Friday evening": a plan that was, so the past
        return "past" if i and (words[i - 1].lower() in _PAST_AUX or past_perfect) else "future"
    if w == "due" and i and words[i - 1].lower() in ("is", "are", "'s", "be"):
        return "future"  # "data is due at 4:30 p.m. on Tuesday", "the tour is due in Egypt on November 6"
    prev = words[i - 1].lower() if i else ""
    if prev.endswith("ly") and i > 1:  # "is hopefully completed", "to be posthumously inducted"
        prev = words[i - 2].lower()
    if prev in _PRESENT_AUX and (w in _PAST or w.endswith("ed")) and w not in _NOT_PAST:
        # "when the case is heard in May", "is supposed to be put to a referendum on October 15": a present
        # passive, the present tense; a past verb before it ("said") dates another clause
        return "present"
    if prev in _PASSIVE_AUX or prev == "-":
        # "will be held", "has been delayed": a participle, not a past tense; so is the end of a compound
        # adjective split by the tokeniser ("the NATO - led alliance")
        return None
    if w in _PAST or (len(w) > 3 and w.endswith("ed") and w.isalpha() and words[i].islower() and w not in _NOT_PAST
                      and prev not in _DETERMINERS):
        return "past"
    return None


# Words that end in a period without ending the sentence: titles, month and US state abbreviations,
# company suffixes. Taking their period for a full stop cut "Alabama Gov. Bob Riley will tour ... on
# Tuesday" or "President Obama will update the nation at 7:30 p.m. ET Monday" off from its "will".
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gov sen rep gen col lt sgt capt maj cmdr adm rev prof st jr sr no co corp inc ltd bros vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec ala ariz ark calif colo conn fla ga ill ind kan ky la md "
    "mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo ft mt".split()
)


def _full_stop(text: str, i: int) -> bool:
    """Whether the ". " at `text[i]` ends a sentence: not when a lower-case word or a comma follows it
    ("Rand Corp. as a fellow", "Mobile , Ala. , on Tuesday"), nor after an abbreviation ("Gov.", "p.m.",
    "U.S.") or an initial ("Daniel P. Davison")."""
    j = i + 2
    while j < len(text) and text[j] == " ":
        j += 1
    if j < len(text) and (text[j].islower() or text[j] in ",;:)"):
        return False
    space = text.rfind(" ", 0, i)
    word = text[max(space, text.rfind("\n", space + 1, i)) + 1:i]  # (a newline is looked for after the space only)
    if len(word) == 1 and word.isupper():
        return False  # an initial: "will succeed Daniel P. Davison Feb. 1"
    if word[:1].isdigit():
        return True  # a number, decimals too: "closed at 2082.1. The index"
    return "." not in word and word.lower() not in _ABBREVIATIONS


# "since" looks back from the time of its clause, whatever the clause's tense: "will mark the first time
# since the explosion on 20 April", "Obama will head to Louisiana for the second time since the April 20
# blast". It decides only for an expression in its own phrase: not across "and" or a comma ("has taken
# her to China since March , is due in Egypt on November 6"), and "since then" is no date of its own.


def _governs(words: list[str], i: int) -> bool:
    """Whether "since" at `words[i]` governs the expression that follows `words`."""
    between = words[i + 1:]
    return not any(w in ("and", "but", "then") or w.endswith((",", ";")) for w in between)


# A date that names an event which has happened, whatever the tense of its sentence: "fears the seepage
# could signal that the April 20 blowout of the well ...", "Obama's late March decision ... could be
# altered", "Friday's attack", "its pre - April 20 state". An election, vote or deadline may lie ahead
# and is not listed.
_PAST_EVENT = re.compile(
    r"(?:\s*'s)?\s+(?:blowout|explosions?|blasts?|disaster|earthquake|quake|tsunami|attacks?|bombings?|uprising"
    r"|revolution|revolt|massacre|crash|shootings?|killings?|accident|spill|decision|coup|invasion|raids?|riots?"
    r"|crackdown|collapse|assassination|ouster|resignation|arrest|death|murder|sinking|eruption|ruling|verdict"
    r"|closing)\b"
)
_PRE = re.compile(r"\bpre\s*-\s*$")


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence holding text[start] begins (looking back at most 300 characters)."""
    lo = max(0, start - 300)
    # `start` may be the rule's one character of left context: a newline there ends the previous line
    # (a chronology's "July 3 - A supertanker begins tests" must not take its tense from the line before).
    stop = text.rfind(". ", lo, start)
    while stop >= 0 and not _full_stop(text, stop):
        stop = text.rfind(". ", lo, stop)
    return max(text.rfind("\n", lo, start + 1), stop, text.rfind("? ", lo, start), text.rfind("! ", lo, start),
               lo - 1) + 1


def _planned_then(words: list[str], i: int) -> bool:
    """Whether `words[i]` is a plan made in the past by a subject of its own, which a date before it dates: "On
    Friday, the Kenyan government planned to pay the first claims" (the plan, made on Friday, is what the
    sentence reports). Not a participle: "Friday, a meeting scheduled for noon", "is planned to".
    """
    return (words[i] in ("planned", "scheduled") and i > 0 and words[i - 1].lower() not in _PASSIVE_AUX | _PAST_AUX
            and i + 1 < len(words) and (words[i + 1] == "to" or words[i + 1] in _DETERMINERS))


def _tense(text: str, start: int, end: int) -> str | None:
    """'future', 'past', 'would' (future in the past) or None for the sentence around text[start:end]: the cue nearest before the
    expression, else the nearest after it. A word loop over one sentence costs microseconds; a regex
    scan of the same window costs tens of them in sre."""
    if _PAST_EVENT.match(text, end) or _PRE.search(text, max(0, start - 6), start + 1):
        return "past"
    segment = text[_sentence_start(text, start):start]
    before, lowered = segment.split(), segment.lower().split()
    if before and before[-1] in _DEADLINE:  # "effective Dec. 7", "payable Dec. 7 to holders": the nearer one
        return "would"
    # "until 9 a.m. EST Tuesday": the weekday's deadline word stands before its clock time
    k = len(before)
    while k > 2 and before[k - 1] in _CLOCK_WORDS:
        k -= 2 if before[k - 1] in _AM_PM else 1
    until = k > 0 and before[k - 1] in _UNTIL
    last = len(before) - 1
    for i in range(last, -1, -1):
        lw = lowered[i]
        # most words are no cue: a set lookup rules them out without the cost of a call
        if not (lw in _CUE_WORDS or lw.endswith("ed")):
            if lw == "since" and _governs(before, i):
                return "past"
            continue
        word = before[i]
        if until and lw in _DEFERRING:
            return "would"
        cue = _cue(before, i)
        if cue == "future" and lw in _PLANNED and _CALLED_OFF.match(text, end):
            return "past"
        if cue is None:
            continue
        if cue == "present":
            return "would" if until else None
        if cue == "past":
            if until and word in _DEFERRED:
                return "would"
            if i < last - 1 and word in _REPORTING and not _CLAUSE_OPENERS.isdisjoint(before[i + 1:]):
                return None  # what is said has its own time, and no cue of its own before the date
            if word in _PROSPECTIVE and _infinitive_ahead(before, i):
                return "would"
        return cue or ("would" if until else None)
    if until:
        return "would"
    # the end of the sentence is looked for only now: most expressions have a cue before them
    hi = min(len(text), end + 300)
    stop = text.find(". ", end, hi)
    while stop >= 0 and not _full_stop(text, stop):
        stop = text.find(". ", stop + 2, hi)
    ends = [i for i in (text.find("\n", end, hi), stop, text.find("? ", end, hi)) if i >= 0]
    after = text[end:min(ends) if ends else hi].split()
    for i in range(len(after)):
        word = after[i]
        # a present tense after the expression is a caption's or a chronology's ("Tuesday evening, the mud
        # begins to swirl"; "8 May : Giant metal dome fails to cap leak 2 June : US government begins ...")
        if (word.endswith("ed") or word.lower() in _CUE_WORDS) and word not in _SCHEDULED \
                and (cue := _cue(after, i)) is not None and cue != "present":
            if cue == "future" and _planned_then(after, i):
                return "past"
            return cue or None
    return None


# ----------------------------------------------------------------------------------------------------
# Date arithmetic

def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# A month-day at most this many days after the DCT stays in the DCT's year even in a past-tense sentence:
# "told the Journal it could stop the well between July 20 and July 27" (DCT July 8), "demanded a response
# by June 18", "the 26 February referendum". A past event a year back so close to the DCT's day is rarer:
# of 20 random changed values on Timeline17, 16 were right after this rule and 2 before.
_NEAR_AHEAD_DAYS = 21


def _near_ahead(month: int, day: int, dct: dt.date) -> bool:
    """Whether `month`-`day` of the DCT's year lies at most `_NEAR_AHEAD_DAYS` after the DCT."""
    d = _safe_date(dct.year, month, day)
    return d is not None and (d - dct).days <= _NEAR_AHEAD_DAYS


# Likewise a month-day at most this many days before the DCT stays in the DCT's year even in a future
# sentence: "Egyptians will learn in school about the January 25th revolution" (DCT January 26), "oil will
# continue leaking from the well that blew out on April 20" (DCT May 9). The future cue there belongs to
# another clause; an event a year ahead is rarely named by a day that has just passed. All 20 values this
# changed on Timeline17 were right after; at 60 days, festival dates of the next year began to go wrong.
_NEAR_BEHIND_DAYS = 30


def _near_behind(month: int, day: int, dct: dt.date) -> bool:
    """Whether `month`-`day` of the DCT's year lies at most `_NEAR_BEHIND_DAYS` before the DCT."""
    d = _safe_date(dct.year, month, day)
    return d is not None and (dct - d).days <= _NEAR_BEHIND_DAYS


def _year_for(month: int, day: int, dct: dt.date, tense: str | None) -> int:
    """The year of a month (`day` 0) or a month-day named without one: the DCT's year, unless the
    sentence's tense puts it on the other side of the DCT (past tense and later in the year than the DCT:
    last year's; future tense and earlier: next year's; both only beyond a few weeks). Without a tense
    cue, the DCT's year, as in HeidelTime ("the alert expires on February 28" in
    a January article is weeks ahead, not a year back), unless that is more than `_FAR_DAYS` away:
    "Rescued on Nov. 25" in a January article is last November, not eleven months ahead."""
    here, there = (month, day), (dct.month, dct.day if day else 0)
    if tense == "past" and here > there and not (day and _near_ahead(month, day, dct)):
        return dct.year - 1
    if tense == "future" and here < there and not (day and _near_behind(month, day, dct)):
        return dct.year + 1
    if tense == "would":
        # future in the past: ahead of the saying, so this year's or next, whichever is nearer the DCT ("would be
        # paid in January" in an October article; "said in July he would step down effective Oct. 1" in December)
        return min((dct.year, dct.year + 1), key=lambda y: abs(_month_distance(y, month, day, dct)))
    if tense is None and abs(_month_distance(dct.year, month, day, dct)) > _FAR_DAYS:
        # "Rescued on Nov. 25 by fishermen" in a January article: last November
        return min((dct.year - 1, dct.year + 1), key=lambda y: abs(_month_distance(y, month, day, dct)))
    return dct.year


# A value whose year is before 1 or after 9999: no date the calendar (or the store) can hold.
_OFF_CALENDAR = re.compile(r"-|\d{5}|0000").match

# Beyond nine months from the DCT, a month-day named without year or tense is the nearer year's.
_FAR_DAYS = 270


def _month_distance(year: int, month: int, day: int, dct: dt.date) -> int:
    """Days from the DCT to `month`-`day` of `year` (mid-month for a month without a day); clamped at the
    ends of the calendar, where a year before 1 or after 9999 is no reading at all."""
    if not 1 <= year <= 9999:
        return 10**6
    d = _safe_date(year, month, day or 15) or _safe_date(year, month, 28)
    return (d - dct).days if d else 10**6


def _weekday(target: int, dct: dt.date, direction: int) -> dt.date:
    """The `target` weekday: the DCT itself when it is that day and direction is 0, else the nearest
    one before (direction -1) or after (+1) the DCT."""
    diff = target - dct.weekday()
    if direction == 0 and diff == 0:
        return dct
    if direction <= 0:
        return dct + dt.timedelta(days=diff - 7 if diff >= 0 else diff)
    return dct + dt.timedelta(days=diff + 7 if diff <= 0 else diff)


def _week(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _easter(year: int) -> dt.date:
    """Western Easter Sunday of `year` (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The `n`th `weekday` of a month (n = -1: the last one)."""
    if n < 0:
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


_NINE_ELEVEN = dt.date(2001, 9, 11)

# Each holiday's date in a given year. The American holidays are the ones meant in the American sources of
# news corpora; "Labour Day" (British spelling) is the international 1 May.
_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas": lambda y: dt.date(y, 12, 25), "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24), "new years day": lambda y: dt.date(y, 1, 1),
    "new year day": lambda y: dt.date(y, 1, 1), "new years eve": lambda y: dt.date(y, 12, 31),
    "new year eve": lambda y: dt.date(y, 12, 31), "easter": _easter, "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + dt.timedelta(days=1),
    "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1), "labour day": lambda y: dt.date(y, 5, 1),
    "independence day": lambda y: dt.date(y, 7, 4), "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4), "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "halloween": lambda y: dt.date(y, 10, 31), "valentines day": lambda y: dt.date(y, 2, 14),
    "boxing day": lambda y: dt.date(y, 12, 26), "groundhog day": lambda y: dt.date(y, 2, 2),
    "veterans day": lambda y: dt.date(y, 11, 11), "bastille day": lambda y: dt.date(y, 7, 14),
    "may day": lambda y: dt.date(y, 5, 1),
}


def _same_weekday(day: dt.date, weekday: int) -> dt.date:
    """`day`, or the same month-day a year before or after when only that one falls on `weekday`: the
    year of "Monday, April 15" was guessed from tense, but the weekday pins it down."""
    if day.weekday() == weekday:
        return day
    for year in (day.year - 1, day.year + 1):
        other = _safe_date(year, day.month, day.day)
        if other is not None and other.weekday() == weekday:
            return other
    return day


def granularity_of(value: str) -> Granularity:
    """The granularity a TIMEX3 DATE or TIME value expresses ("2019-02-28TAF" is a day's)."""
    if value.endswith("_REF"):
        return "ref"
    if len(value) == 10 or value[10:11] == "T":
        return "day"
    if "-W" in value:
        return "week"
    if "-Q" in value:
        return "quarter"
    if "-H" in value:
        return "half"
    if len(value) == 7 and value[5:].isdigit():
        return "month"
    if len(value) == 7:
        return "season"
    return {4: "year", 3: "decade", 2: "century"}.get(len(value), "year")  # type: ignore[return-value]


# ----------------------------------------------------------------------------------------------------
# The tagger

# (unit, offset) from the date the text last mentioned: "the next day", "two weeks later", "a year
# earlier", a bare clock time. Narrative news anchors these on the story's own dates, not on the
# publication date; HeidelTime does too. A day counts from the last day mentioned, a month from the last
# month or day, a year or decade from the last year, month or day ("profit last year, down from a year
# earlier").
_Anaphor = tuple[str, int] | tuple[str, int, str]  # (unit, offset[, time of day])
_ANCHOR = {"day": "day", "week": "day", "weekday": "day", "month": "month", "year": "year", "decade": "year"}
_ANCHORS_SET = {"day": ("day", "month", "year"), "month": ("month", "year"), "year": ("year",)}
_Found = tuple[int, int, "str | _Anaphor"]  # start, end, value
_COUNTED = re.compile(
    r"\s+(?:people|persons|men|women|children|soldiers|troops|workers|deaths|dead|killed|cases|barrels|tons|tonnes"
    r"|feet|ft|metres|meters|miles|km|kilometres|dollars|pounds|euros|jobs|homes|houses|students|residents"
    r"|refugees|protesters|police|officers|members|employees|staff|patients|votes|seats|units|points|rounds"
    r"|vessels|ships|boats|birds|gallons|acres|square)\b"
)
_NOT_YEAR_AFTER = re.compile(r"\s*(?:%|percent\b|per\s*cent\b|million\b|billion\b|bn\b|m\b)")
# (matched on lower-cased text by `_ends`)
_NOT_YEAR_BEFORE = re.compile(
    r"(?:[$£€#]|room|no\.|number|flight|route|page|about|some|nearly|almost|over|than|around|least|approximately"
    r"|roughly|gmt|interstate|highway|section|article|resolutions?|unscr|model|interviewed|surveyed|polled)\s*$"
)


def _ends(rx: re.Pattern[str], text: str, end: int, width: int) -> bool:
    """Whether the `width` characters before `end`, lower-cased, end as `rx` (a lower-case pattern that ends in
    `$`) says. sre has no case-insensitive fast path: "(?i:room|number|...)$" searched over the text itself
    entered every alternative at every position (8 microseconds a year on Timeline17)."""
    return rx.search(text[max(0, end - width):end].lower()) is not None


_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_YEAR_BACK = re.compile(r"(?i:(?:(?:a|one)\s+year\s+|year-)(?:ago|earlier)$)")


_ASCII = frozenset(map(chr, range(128)))
_CATEGORIES = {
    "CATEGORY_DIGIT": frozenset("0123456789"),
    "CATEGORY_SPACE": frozenset(" \t\n\r\f\v\x1c\x1d\x1e\x1f"),  # str.isspace's ASCII, as sre's Unicode \s
    "CATEGORY_WORD": frozenset("0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
}


def _first_chars(pattern: str, k: int = 1) -> frozenset[str]:
    """The ASCII strings of `k` characters a match of `pattern` can begin with, read from sre's parse tree, and
    shorter ones where the match may end sooner (any text may follow them; a match that may be empty may begin
    with any character). A superset: lookarounds are ignored. What a non-ASCII character begins is left to the
    caller (the full alternation)."""
    import re._parser as sre_parse  # the parser of `re` itself: the tree `re.compile` builds

    def of_set(items: list, ignore_case: bool) -> frozenset[str]:
        chars: set[str] = set()
        negate = False
        for op, arg in items:
            name = str(op)
            if name == "NEGATE":
                negate = True
            elif name == "LITERAL":
                chars.add(chr(arg))
            elif name == "RANGE":
                chars.update(map(chr, range(arg[0], min(arg[1], 127) + 1)))
            elif name == "CATEGORY" and str(arg) in _CATEGORIES:
                chars |= _CATEGORIES[str(arg)]
            else:  # a category or operator not listed: anything
                return _ASCII
        if ignore_case:
            chars |= {c.swapcase() for c in chars}
        return _ASCII - chars if negate else frozenset(chars)

    def then(heads: set[str], tails: set[str]) -> set[str]:
        return {h for h in heads if len(h) >= k} | {(h + t)[:k] for h in heads if len(h) < k for t in tails}

    def of_seq(seq: list, ignore_case: bool) -> set[str]:
        out = {""}
        for op, arg in seq:
            if all(len(p) >= k for p in out):
                break
            out = then(out, of_item(str(op), arg, ignore_case))
        return out

    def of_item(name: str, arg: object, ignore_case: bool) -> set[str]:
        if name == "LITERAL":
            return set(of_set([(sre_parse.LITERAL, arg)], ignore_case))
        if name == "IN":
            return set(of_set(arg, ignore_case))  # type: ignore[arg-type]
        if name == "SUBPATTERN":
            return of_seq(arg[3], ignore_case or bool(arg[1] & re.IGNORECASE))  # type: ignore[index]
        if name == "BRANCH":
            return set().union(*(of_seq(alt, ignore_case) for alt in arg[1]))  # type: ignore[index]
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = arg[0], arg[1], of_seq(arg[2], ignore_case)  # type: ignore[index]
            out, run = ({""} if low == 0 else set()), {""}
            for n in range(1, min(high, k) + 1):
                run = then(run, body)
                if n >= low or n == k:
                    out |= run
            return out
        if name in ("AT", "ASSERT", "ASSERT_NOT"):  # zero width
            return {""}
        if name == "ATOMIC_GROUP":
            return of_seq(arg, ignore_case)  # type: ignore[arg-type]
        return set(_ASCII)  # ANY, NOT_LITERAL, a group reference ...: anything

    found = of_seq(list(sre_parse.parse(pattern)), False)
    if "" in found:  # may match nothing: any first character
        found = (found - {""}) | set(_ASCII)
    return frozenset(found)


class _Set(str):
    """A SET's value ("every Monday": XXXX-WXX-1, "each year": P1Y): a value string that says its type."""


class RuleTagger:
    """Finds and normalises time expressions with one compiled alternation of rules.

    Build once (compiling the alternation takes milliseconds) and share: `default_tagger()` does.
    """

    def __init__(self) -> None:
        rules = _rules()
        self._rules = rules
        self._by_rules: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._rx = self._alternation(tuple(name for name, _ in rules))
        # sre tries the alternatives one after the other, and a rule that opens with a group is entered even
        # where its first character cannot match: the full alternation cost microseconds at each trigger hit.
        # So the first two characters at a hit choose an alternation of only the rules that can start with
        # them ("th", "Ja", "19"; with the first alone where no rule lists the pair), in the same order (the
        # same rule matches first): 40 % less matching time. Each is compiled when first needed.
        self._firsts = {name: _first_chars(p) for name, p in rules}
        self._seconds = {name: _first_chars(p, 2) for name, p in rules}
        self._pairs = frozenset(two for prefixes in self._seconds.values() for two in prefixes if len(two) == 2)
        self._at: dict[str, re.Pattern[str]] = {}
        # Trying every rule at every word start costs milliseconds per article in sre. The trigger
        # finds the few word starts where a rule can match: a space (a literal prefix, which sre scans
        # for at memchr speed) and then one branch of the trie's first letters and the date-like numbers,
        # each opening with the character it consumes, so that a word start fails after a test per branch.
        trie = _trie(_trigger_words(), _open_trigger_words())
        assert trie.startswith("(?:") and trie.endswith(")")  # the root's branches, one per first letter
        self._trigger = re.compile(f" (?:{_DIGIT_TRIGGER}|{trie[3:-1]})")
        self._handlers: dict[str, Callable[[re.Match[str], str, dt.date], list[_Found]]] = {
            name: getattr(self, f"_h_{name}") for name, _ in rules
        }

    def _alternation(self, chosen: tuple[str, ...]) -> re.Pattern[str]:
        """The rules named in `chosen`, in their order, as one alternation after a character of left context,
        each closed by an empty group named after it (so `lastgroup` names the rule that matched)."""
        if chosen not in self._by_rules:
            before = "[" + re.escape(_BEFORE) + "]"
            self._by_rules[chosen] = re.compile(before + "(?:" + "|".join(
                f"{p}(?P<{name}>)" for name, p in self._rules if name in chosen) + ")") if chosen else re.compile("(?!)")
        return self._by_rules[chosen]

    def _alternation_at(self, two: str) -> re.Pattern[str]:
        """The alternation of the rules that can match text beginning with `two` (see `__init__`)."""
        if two in self._pairs:
            chosen = tuple(name for name, _ in self._rules
                           if two in self._seconds[name] or two[0] in self._seconds[name])
        elif two[0] < "\x80":
            chosen = tuple(name for name, _ in self._rules if two[0] in self._firsts[name])
        else:
            chosen = tuple(name for name, _ in self._rules)  # a non-ASCII character: any rule
        self._at[two] = self._alternation(chosen)
        return self._at[two]

    def tag(self, text: str, dct: dt.date) -> list[TimeRef]:
        """Time expressions of `text`, normalised against `dct`, in text order."""
        # Rules see the text after a leading space (each needs a character before it) and return spans
        # in that padded text; they are shifted back by one. The trigger scans a copy in which every
        # character that may precede an expression is a space (same length, so same offsets).
        padded = " " + text
        scan = padded.translate(_TO_SPACE)
        out: list[TimeRef] = []
        last = {"day": dct, "month": dct, "year": dct}  # the story's last date at each precision
        quarter = ""  # the quarter the story named last, if no other date came after it
        pos = 0
        trigger, at, handlers = self._trigger.search, self._at.get, self._handlers
        while (t := trigger(scan, pos)) is not None:
            st = t.start()
            two = padded[st + 1:st + 3]
            m = (at(two) or self._alternation_at(two)).match(padded, st)
            if m is None:
                pos = st + 1
                continue
            pos = m.end()
            try:
                for start, end, value in handlers[m.lastgroup or ""](m, padded, dct):
                    if isinstance(value, str) and len(value) == 10 and (c := self._clock_after(padded, start, end)):
                        end, value = c.end(), value + _clock(c["c"])
                    if isinstance(value, tuple):  # (unit, offset[, time of day]) from the story's last date
                        value = _relative(value[0], value[1], last[_ANCHOR[value[0]]]) + "".join(value[2:])
                    if _OFF_CALENDAR(value):  # "10 years ago" in year 5, "next year" in 9999
                        raise ValueError(value)
                    if isinstance(value, _Set):
                        kind, granularity = "SET", "none"
                    elif value[0] == "P" and value[-4:] != "_REF":
                        kind, granularity = "DURATION", "none"
                    else:
                        kind = "TIME" if value[10:11] == "T" else "DATE"
                        granularity = granularity_of(value)
                        if quarter and granularity == "year" and _YEAR_BACK.match(padded, start, end):
                            # "third-quarter profit ..., up from $2 a share a year earlier": that quarter a year back
                            value, granularity = f"{int(quarter[:4]) - 1:04d}{quarter[4:]}", "quarter"
                        elif granularity == "quarter":
                            quarter = value
                        if granularity in _ANCHORS_SET and value[:4].isdigit():
                            quarter = ""
                            when = dt.date(int(value[:4]), int(value[5:7] or 1), int(value[8:10] or 1))
                            for precision in _ANCHORS_SET[granularity]:
                                last[precision] = when
                    out.append(TimeRef(text[start - 1:end - 1], start - 1, end - 1, str(value), granularity, kind))
                    if end > pos:  # a handler may take in words after the rule's match ("January nineteen ninety")
                        pos = end
            except (OverflowError, ValueError):  # a date before year 1 or after 9999: none to name
                continue
        return out

    # -- helpers --------------------------------------------------------------------------------

    # A clock time right after a written date with its year is one TIME expression with it, as TimeML
    # writes the clock before the date ("twelve o'clock January 3, 1984"): a page's stamp "10 Jun 2013
    # 09:10", "July 7, 2012, 10:04 PM ET", "April 24, 2013-4:45pm", "Saturday 8 June 2013, at 8:39am".
    # After a full date a bare "09:10" is a clock too; "8.40" only with am/pm.
    _CLOCK_AFTER = re.compile(
        r"(?:\s*[,|-]\s*|\s+)(?:at\s+)?"
        r"(?P<c>(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?|(?:1[0-2]|0?[1-9])(?:\.[0-5]\d)?)"
        r"(?:\s*(?:[ap]\.\s?m\b\.?|[ap]\s?m\b|[AP]\.M\b\.?|[AP]M\b))"
        r"|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\w:]))"
        r"(?:\s+(?:[ECMP][SD]?T|GMT|BST|UTC|CES?T|AE[SD]T)\b)?")
    _WRITTEN_YEAR = re.compile(r"\d{4}|\d/\d\d?$")

    def _clock_after(self, text: str, start: int, end: int) -> re.Match[str] | None:
        """The clock time just after the written date text[start:end], if it has its year."""
        if not self._WRITTEN_YEAR.search(text, start, end):
            return None
        return self._CLOCK_AFTER.match(text, end)

    # A chronology entry: a month-day that opens a line and is followed by a dash or a colon, or stands
    # alone on its line ("June 16 - BP agrees to set up a fund ... and says it will pay"). Its headline
    # present tense reports a past event, so the cues of the entry's text (often reported speech: "says it
    # will pay") do not set its year: it is read as past (a day up to three weeks ahead stays ahead).
    _ENTRY = re.compile(r"[ \t]*(?:[-–:]|\r?\n)")
    # A chronology run together on one line keeps its colons: "8 May : Giant metal dome fails to cap leak
    # 2 June : US government begins criminal inquiry 15 July : New cap brings temporary halt to spill"
    _RUN_ENTRY = re.compile(r"[ \t]*:[ \t]+[A-Z]")

    _ENDED = re.compile(r"\bended\s+(?:on\s+)?$")

    def _month_day(self, month: int, day: int, year: int | None, m: re.Match[str], text: str,
                   dct: dt.date) -> str | None:
        if year is None and month == 9 and day == 11 and dct >= _NINE_ELEVEN and self._ATTACKS.match(text, m.end()):
            year = 2001  # "the Sept. 11 attacks", "the 11 September attacks", "the September 11th hijackers"
        if year is None:
            year = self._narrative_year(month, day, m, text, dct)
        if year is None and self._ENDED.search(text, max(0, m.start() - 12), m.start() + 1):
            # "the quarter ended Oct. 31": a period that has ended, so on or before the DCT, however near
            year = dct.year if (month, day) <= (dct.month, dct.day) else dct.year - 1
        if year is None:
            if ((m.start() == 0 or text[m.start()] == "\n") and self._ENTRY.match(text, m.end())) \
                    or self._RUN_ENTRY.match(text, m.end()):
                tense: str | None = "past"
            else:
                tense = _tense(text, m.start(), m.end())
            year = _year_for(month, day, dct, tense)
        d = _safe_date(year, month, day)
        return d.isoformat() if d else None

    def _day_of(self, group: str, m: re.Match[str], text: str, dct: dt.date) -> str | _Anaphor | None:
        """The day that group `group` of `m` (the date part of a clock time or weekday) names, by running
        the rules on it where it stands, so that a tense cue is looked for in its own sentence."""
        sub = self._rx.fullmatch(text, m.start(group) - 1, m.end(group))
        if sub is None:
            return None
        found = self._handlers[sub.lastgroup or ""](sub, text, dct)
        return found[0][2] if found else None

    # -- handlers: each returns (start, end, value) triples ------------------------------------

    def _h_iso(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        d = _safe_date(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]))
        return [(m.start() + 1, m.end(), d.isoformat())] if d else []

    def _h_numeric(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        a, b, y = int(m["num_a"]), int(m["num_b"] or m["num_b2"]), int(m["num_y"] or m["num_y2"])
        if y < 100:
            y += 2000 if y < 50 else 1900
        readings = [d for d in (_safe_date(y, a, b), _safe_date(y, b, a)) if d]
        if not readings:
            return []
        # Both readings valid (2/3/2019): the one nearer the DCT is the sensible guess.
        best = min(readings, key=lambda d: abs((d - dct).days))
        return [(m.start() + 1, m.end(), best.isoformat())]

    _ON_BEFORE = re.compile(r"(?<![A-Za-z])[Oo]n\s+$")
    _STAMP_MARK = re.compile(r"[ \t]*(?:[A-Z]{2,4}\b[ \t]*)?[:\-–]")

    def _h_clock(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        """A clock time names a day: the one attached ("3 p.m. Thursday"), else the day the text last
        mentioned. An explicit date after it ("11:57 am on 18 Jun 2009") is its own expression."""
        phrase = m["clk_day"]
        day = (self._day_of("clk_day", m, text, dct) if phrase else None) or ("day", 0)
        if not phrase and text[m.start()] == "\n" and self._STAMP_MARK.match(text, m.end()):
            # a live blog's entry stamp, "3.17 pm : ...", "10:00 am ET - Iraq hearing": the page's day, not
            # the day its story last named (only at a line's start: text wrapped at a clock time is no stamp)
            day = dct.isoformat()
        if isinstance(day, str):
            day = day[:10]  # "3 p.m. Thursday afternoon": the clock is more precise than the part of the day
        clock = _clock(m["clk"])
        if isinstance(day, tuple):
            value: str | _Anaphor = (*day[:2], clock)
        else:
            value = day + clock if len(day) == 10 else day
        # "9 am on Tuesday 2 February", "11:57 am on 18 Jun 2009": the clock time and the date are two
        # expressions (TimeML leaves "on" out of both); "7:30 p.m. ET Monday", "5 p.m. EST, Nov. 6" are one.
        if phrase and self._ON_BEFORE.search(text, m.start("clk_day") - 4, m.start("clk_day")):
            end_clock = m.end("clk_zone") if m["clk_zone"] else m.end("clk")
            return [(m.start("clk"), end_clock, value), (m.start("clk_day"), m.end(), day)]
        return [(m.start("clk"), m.end(), value)]

    def _h_mdy(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        month, day = MONTHS[m["mdy_m"][:3].lower()], _day_number(m["mdy_d"])
        year = int(m["mdy_y"]) if m["mdy_y"] else None
        mod = (m["mdy_mod"] or "").lower()
        if year is None and mod in ("last", "next"):
            later = (month, day) > (dct.month, dct.day)
            year = dct.year - (mod == "last" and later) + (mod == "next" and not later)
        value = self._month_day(month, day, year, m, text, dct)
        return [(m.start() + 1, m.end(), value)] if value else []

    def _h_dmy(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        year = int(m["dmy_y"]) if m["dmy_y"] else None
        value = self._month_day(MONTHS[m["dmy_m"][:3].lower()], _day_number(m["dmy_d"]),
                                year, m, text, dct)
        return [(m.start() + 1, m.end(), value)] if value else []

    def _day_pair(self, month: str, a: str, b: str, y: str | None, m: re.Match[str], text: str,
                  dct: dt.date) -> tuple[str, str] | None:
        month_n = MONTHS[month[:3].lower()]
        day_a, day_b = _day_number(a), _day_number(b)
        if day_b <= day_a:
            return None  # "alert on April 29 to 5", "May 4 - 1": not a range of days
        year = int(y) if y else _year_for(month_n, day_a, dct, _tense(text, m.start(), m.end()))
        first, second = _safe_date(year, month_n, day_a), _safe_date(year, month_n, day_b)
        return (first.isoformat(), second.isoformat()) if first and second else None

    def _h_mdrange(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        pair = self._day_pair(m["mdr_m"], m["mdr_a"], m["mdr_b"], m["mdr_y"], m, text, dct)
        if pair is None:  # not a range: the month-day alone
            return self._h_mdy(self._rx.match(text, m.start(), m.end("mdr_a")), text, dct)
        return [(m.start() + 1, m.end("mdr_a"), pair[0]), (m.start("mdr_b"), m.end(), pair[1])]

    def _h_dmrange(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        pair = self._day_pair(m["dmr_m"], m["dmr_a"], m["dmr_b"], m["dmr_y"], m, text, dct)
        if pair is None:  # the day-month at the end alone
            sub = self._rx.match(text, m.start("dmr_b") - 1, m.end())
            return self._handlers[sub.lastgroup or ""](sub, text, dct) if sub else []
        return [(m.start() + 1, m.end("dmr_a"), pair[0]), (m.start("dmr_b"), m.end(), pair[1])]

    def _h_ordday(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        year = int(m["od_y"]) if m["od_y"] else None
        value = self._month_day(MONTHS[m["od_m"][:3].lower()], ORDINALS[m["od_d"].lower()], year, m, text, dct)
        return [(m.start() + 1, m.end(), value)] if value else []

    def _h_my(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        return [(m.start() + 1, m.end(), f"{int(m['my_y']):04d}-{MONTHS[m['my_m'][:3].lower()]:02d}")]

    def _h_holiday(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        # "New Year 's Day", "New Year's Day", "New Years Day" -> "new years day"
        of_year = _HOLIDAYS[" ".join(re.sub(r"\s*['’]?\s*s\b", "s", m["hol"].lower()).split())]
        mod = (m["hol_mod"] or "").strip().lower()
        if m["hol_y"]:
            day = of_year(int(m["hol_y"]))
        elif mod == "last":
            day = of_year(dct.year) if of_year(dct.year) < dct else of_year(dct.year - 1)
        elif mod == "next":
            day = of_year(dct.year) if of_year(dct.year) > dct else of_year(dct.year + 1)
        else:
            this = of_year(dct.year)
            day = this if mod == "this" else of_year(_year_for(this.month, this.day, dct, _tense(text, m.start(), m.end())))
        return [(m.start() + 1, m.end(), day.isoformat())]

    _MONTH_CONTEXT = re.compile(
        r"(?i:\b(?:in|since|until|till|by|from|through|during|of|before|after|between|to|and|or|until|late|early|mid"
        r"|last|next|this|that|each|every)\s*(?:-\s*)?)$|,\s*$"  # "in mid - March" (tokenised "mid-March")
    )

    def _h_month(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        name = m["month_m"]
        month = MONTHS[name[:3].lower()]
        mod = (m["month_mod"] or "").strip().lower()
        if m["month_rel"]:  # "March last year"
            year = dct.year + {"last": -1, "this": 0, "next": 1}[m["month_rel"]]
            return [(m.start() + 1, m.end(), f"{year:04d}-{month:02d}")]
        if spelled := self._SPELLED_AFTER.match(text, m.end()):
            return [(m.start() + 1, spelled.end(), f"{_spelled_year(spelled):04d}-{month:02d}")]
        if not mod and name.lower() in ("may", "march"):
            # "May" the modal and "March" the verb or name: only with a preposition or list before them.
            if not self._MONTH_CONTEXT.search(text, max(0, m.start() - 12), m.start()):
                return []
        if mod.startswith("last"):
            year = dct.year if month < dct.month else dct.year - 1
        elif mod.startswith("next"):
            year = dct.year if month > dct.month else dct.year + 1
        elif mod.startswith("this"):
            year = dct.year
        else:
            year = _year_for(month, 0, dct, _tense(text, m.start(), m.end()))
        return [(m.start() + 1, m.end(), f"{year:04d}-{month:02d}")]

    _ATTACKS = re.compile(r"(?:th)?\s+(?:terrorist\s+|terror\s+)?(?:attacks?|hijack\w*|commission)\b")

    # "every Tuesday", "each Friday", "on Saturday nights": a recurring day (a TIMEX3 SET), not a date.
    _PLURAL_PART = re.compile(r"s?\s+(?:morning|afternoon|evening|night)s\b|s\b")

    # A weekday in a name is no date: "the Sunday Times", "Mail on Sunday", "Saturday Night Live",
    # "Bloody Sunday" (TimeML does not tag temporal words inside names).
    _NAME_AFTER = re.compile(r"\s+(?:Times|Telegraph|Mirror|Express|Herald|Post|Programme|Night\s+(?:Live|Football))\b")
    _NAME_BEFORE = re.compile(r"(?:\b(?:Mail|Independent|Scotland|Observer)\s+on|\bBloody)\s*$")
    _ON = re.compile(r"\b(?:[Oo]n|[Bb]y|[Ss]ince|[Uu]ntil)\s*$")  # "On Sunday Times Square was empty"

    def _in_name(self, m: re.Match[str], text: str) -> bool:
        """Whether the weekday of `m` is part of a name ("the Sunday Times", "Mail on Sunday")."""
        if m["wd"] == "Sunday" and self._NAME_BEFORE.search(text, max(0, m.start() - 16), m.start() + 1):
            return True  # not "the Daily Mail on Friday"
        return bool(self._NAME_AFTER.match(text, m.end())) and not self._ON.search(text, max(0, m.start() - 6),
                                                                                    m.start() + 1)

    def _h_weekday(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        target = WEEKDAYS[m["wd"][:3].lower()]
        if not m["wd_mod"] and (plural := self._PLURAL_PART.match(text, m.end("wd"))):
            # "on Saturday nights", "Tuesdays": a recurring day, a SET
            part = plural[0].split()[-1][:-1] if " " in plural[0] else ""
            return [(m.start() + 1, plural.end(), _Set(f"XXXX-WXX-{target + 1}{PARTS_OF_DAY.get(part, '')}"))]
        if not m["wd_mod"] and not m["wd_date"] and self._in_name(m, text):
            return []
        part = PARTS_OF_DAY.get(m["wd_part"] or "", "")
        if m["wd_date"]:  # "Thursday, Feb. 28": the date says which Thursday
            value = self._day_of("wd_date", m, text, dct)
            if value and not re.search(r"\d{4}", m["wd_date"]):
                value = _same_weekday(dt.date.fromisoformat(value), target).isoformat()
            return [(m.start() + 1, m.end(), value + part)] if value else []
        mod = (m["wd_mod"] or "").strip().lower()
        if mod in ("previous", "following") and text[m.start() - 3:m.start() + 1].lower() == "the ":
            # "down 4.5% from the previous Friday", "the following Monday": the week before or after the
            # story's last day, not the DCT's (as "the previous day" is)
            sign = -1 if mod == "previous" else 1
            return [(m.start() - 3, m.end(), ("weekday", sign * (target + 1), part))]
        base = self._stamp_before(m, text, dct) or dct
        if mod in ("last", "past", "previous"):  # "the previous Friday" in a Friday article: a week back
            direction = -1
        elif mod in ("next", "coming"):
            direction = 1
        elif mod == "this":
            direction = 0 if target == base.weekday() else (1 if target > base.weekday() else -1)
        else:
            direction = 1 if _tense(text, m.start(), m.end()) in ("future", "would") else -1
            direction = 0 if target == base.weekday() else direction
        return [(m.start() + 1, m.end(), _weekday(target, base, direction).isoformat() + part)]

    # A full date earlier in the same sentence, more than two weeks from the DCT, is the date a weekday
    # counts from: a page's stamp ("updated : Fri Apr 01 2011 21:00:00 Battles raged in Libya on Friday",
    # "9:32 am ET February 11 , 2013 RETWEET ... this Sunday at 10 a.m.", "At 4:52 pm on 27 Nov 2009 , M2
    # wrote : The WHO said Thursday"), the story's own date ("March 29 , 2010 This Saturday , millions ...").
    _FULL_DATE = re.compile(rf"(?P<fm>{_MONTH})\s*(?P<fd>{_DAY}){_SEP}(?P<fy>{_YEAR})"
                            rf"|(?P<gd>{_DAY})\s+(?P<gm>{_MONTH}){_SEP}(?P<gy>{_YEAR})")

    _STAMP_REACH = 160  # characters; "Michael Jackson ( August 29 , 1958 ... ) ... an autopsy on Friday" is farther
    _FOUR_DIGITS = re.compile(r"\d\d\d\d")

    def _stamp_before(self, m: re.Match[str], text: str, dct: dt.date) -> dt.date | None:
        if not self._FOUR_DIGITS.search(text, max(0, m.start() - self._STAMP_REACH), m.start()):
            return None  # nearly every weekday: no year close before it, so no sentence scan
        when = self._full_date_before(text, max(_sentence_start(text, m.start()), m.start() - self._STAMP_REACH),
                                      m.start())
        return when if when is not None and abs((when - dct).days) > 14 else None

    def _full_date_before(self, text: str, lo: int, hi: int) -> dt.date | None:
        """The last full date (day, month and year) written in text[lo:hi]."""
        found = None
        for f in self._FULL_DATE.finditer(text, lo, hi + 1):
            found = f
        if found is None:
            return None
        month = MONTHS[(found["fm"] or found["gm"])[:3].lower()]
        return _safe_date(int(found["fy"] or found["gy"]), month, _day_number(found["fd"] or found["gd"]))

    # A month-day without a year a few days after a full date written just before it, far from the DCT, is
    # in that date's year: the narrative's time ("On March 13 2003 ... On March 17, Lord Goldsmith stated
    # ..."), not the DCT's. Only forward in time and close: "born on Aug. 29, 1958 ... an autopsy on June 26"
    # stays in the DCT's year.
    _NARRATIVE_REACH = 400  # characters
    _NARRATIVE_DAYS = 60

    def _narrative_year(self, month: int, day: int, m: re.Match[str], text: str, dct: dt.date) -> int | None:
        lo = max(0, m.start() - self._NARRATIVE_REACH)
        if not self._FOUR_DIGITS.search(text, lo, m.start()):
            return None
        anchor = self._full_date_before(text, lo, m.start())
        if anchor is None or abs((anchor - dct).days) <= 180:
            return None
        when = _safe_date(anchor.year, month, day)
        return anchor.year if when is not None and 0 <= (when - anchor).days <= self._NARRATIVE_DAYS else None

    _RELDAY = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1,
               "this morning": 0, "this afternoon": 0, "this evening": 0, "day before yesterday": -2,
               "day after tomorrow": 2}
    # Relative to the story's last date, not to the DCT ("the army left; the next day ...").
    _ANAPHORIC_DAY = {"the next day": 1, "the following day": 1, "the previous day": -1, "the same day": 0,
                      "the day before": -1, "the day after": 1}
    # "the day after the elections", "two days before the vote": anchored on an event we cannot date.
    _ANCHORED = re.compile(r"\s+(?!(?:and|but|or|when|while|as|at|in|on|by|to|for|with)\b)[A-Za-z0-9]")

    # "in the next day or two", "within the next day": counted from now (the DCT), not from the story's day
    _FROM_NOW = re.compile(r"(?i:\b(?:in|within|over)\s+the\s+next\s+day\b|\bthe\s+next\s+day\s+or\s+(?:two|so)\b)")

    _NEXT_PART = re.compile(r"^(the (?:next|following|previous)) (?:morning|afternoon|evening|night)$")

    def _h_relday(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        key = " ".join(m["rd"].lower().split())
        key = key.removeprefix("later ").removeprefix("earlier ")
        last_word = key.rsplit(" ", 1)[-1]
        part = PARTS_OF_DAY.get(m["rd_part"] or last_word, "")
        # "the next morning", "the previous night": the next or previous day
        key = self._NEXT_PART.sub(r"\1 day", key)
        key = key[4:] if key.startswith("the day ") and key not in self._RELDAY | self._ANAPHORIC_DAY else key
        if key.startswith("that "):
            return [(m.start() + 1, m.end(), ("year", 0))]
        if key in self._ANAPHORIC_DAY:
            if key.startswith("the day ") and self._ANCHORED.match(text, m.end()):
                # "the day before last Tuesday's hearing": a day from the date that follows; else an event
                # we cannot date ("the day after the elections")
                sub = self._rx.match(text, m.end())
                found = self._handlers[sub.lastgroup or ""](sub, text, dct) if sub else []
                if len(found) == 1 and isinstance(found[0][2], str) and _DAY_VALUE.match(found[0][2]):
                    day = dt.date.fromisoformat(found[0][2][:10]) + dt.timedelta(days=self._ANAPHORIC_DAY[key])
                    return [(m.start() + 1, found[0][1], day.isoformat())]
                return []
            if key == "the next day" and self._FROM_NOW.search(text, max(0, m.start() - 8), m.end() + 8):
                return [(m.start() + 1, m.end(), (dct + dt.timedelta(days=1)).isoformat())]
            return [(m.start() + 1, m.end(), ("day", self._ANAPHORIC_DAY[key], part))]
        return [(m.start() + 1, m.end(), (dct + dt.timedelta(days=self._RELDAY[key])).isoformat() + part)]

    def _h_ago(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        n_text = m["ago_n"].lower()
        start = self._modified(text, m.start() + 1)
        n = int(n_text) if n_text.isdigit() else sum(NUMBER_WORDS[w] for w in _WORD_SPLIT.split(n_text))
        unit = m["ago_u"].lower().rstrip("s")
        if unit == "year" and n >= dct.year:
            return []  # "235 years ago" is 1776, "138 days from now" a day; "3000 years ago" no year we write
        direction = m["ago_dir"].lower()
        sign = 1 if direction == "later" or direction.startswith("from") else -1
        if direction == "ago" or direction.startswith("from"):  # "two years ago", "a week from now": the DCT's
            return [(start, m.end(), _relative(unit, sign * n, dct))]
        if direction == "before" and self._ANCHORED.match(text, m.end()):
            # "two days before the vote": no date we can name, but a length of time (TimeML: P2D)
            return [(start, m.end("ago_u"), _duration(n, unit))]
        if unit == "week":  # "two weeks later, troops took Idlib": a day, counted from the story's last day
            return [(start, m.end(), ("day", sign * n * 7))]
        return [(start, m.end(), (unit, sign * n))]  # "two days later", "a year earlier": the story's

    def _h_yearago(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        return [(m.start() + 1, m.end(), _relative("year", -1, dct))]

    # Only after a preposition: "year-end bonuses", "a year-end rally" are no day of their own
    _YEAR_END_CUE = re.compile(r"\b(?:by|at|since|until|till|before|after|through|from|to|towards?|near|of"
                               r"|around|about)\s+$")  # matched by `_ends`

    def _h_yearend(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        if not _ends(self._YEAR_END_CUE, text, m.start() + 1, 11):
            return []
        year = _year_for(12, 31, dct, _tense(text, m.start(), m.end()))
        return [(m.start() + 1, m.end(), f"{year:04d}-12-31")]

    def _h_vague(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        return [(m.start("vg_u"), m.end(), _duration(None, m["vg_u"][:-1]))]

    def _h_centago(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        """"a century ago": the century before the DCT's, as a century value ("19" for the 1900s)."""
        return [(m.start() + 1, m.end(), f"{dct.year // 100 - NUMBER_WORDS[m['ca_n'].lower()]:02d}")]

    _YEAR_ENDED = re.compile(r"\s+end(?:ed|ing)\b")
    _YEAR_NOT = re.compile(r"\s+(?:before|after|earlier|later|ago|two|\d|of\b|in\s+which|when|that"
                           r"|\w+s?\s+(?:ago|earlier|later))|\s*-|'s|\s+\w+\s+(?:before|after)\b")

    def _h_relunit(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        mod = " ".join(m["ru_mod"].lower().split())
        unit = m["ru_u"].lower()
        if mod == "the" and unit == "year" and not self._YEAR_NOT.match(text, m.end()):
            # "for the year ended Sept. 30": a fiscal year, a length of time; "for the year", "earlier in the
            # year": the DCT's year. Not "the year before" (counted from an undated year), "the year 2000".
            ended = self._YEAR_ENDED.match(text, m.end())
            return [(m.start() + 1, m.end(), "P1Y" if ended else f"{dct.year:04d}")]
        if mod == "the" and unit == "quarter":  # "the quarter": the one reported on (see `_h_quarter`)
            return [(m.start() + 1, m.end(), _last_quarter(dct, 0))]
        if mod == "the" and unit not in ("weekend",):
            return []
        if mod in ("the past", "past") and unit != "weekend":  # "over the past year": the year up to now
            return [(m.start() + 1, m.end(), _duration(1, unit))]
        offset = 0
        if mod.endswith(("last", "past", "previous")):
            offset = -1
        elif mod.endswith(("next", "coming", "following")):
            offset = 1
        if unit == "weekend":
            if mod == "the":
                offset = 0 if _tense(text, m.start(), m.end()) == "future" else -1
            day = dct + dt.timedelta(weeks=offset)
            return [(m.start() + 1, m.end(), _week(day) + "-WE")]
        if unit == "quarter":
            q = (dct.month - 1) // 3 + offset
            year = dct.year + q // 4
            return [(m.start() + 1, m.end(), f"{year:04d}-Q{q % 4 + 1}")]
        if unit == "century":
            return [(m.start() + 1, m.end(), f"{dct.year // 100 + offset:02d}")]
        if (mod == "the following" and unit != "decade") or (mod == "the previous" and unit in ("month", "year")):
            # "Completed the following year" after "in 1907", "sentenced the following month" after
            # "convicted in February 2010", "up 2 percent from the previous year" after "in 2008": counted
            # from the story's date, like "the following day" (while "next year" is the DCT's next year).
            # "the previous week" stays the DCT's (weekly figures: "the previous week's level was revised").
            return [(m.start() + 1, m.end(), (unit, offset))]
        return [(m.start() + 1, m.end(), _relative(unit, offset, dct))]

    def _h_season(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        season = m["se"].lower()
        mod = (m["se_mod"] or "").strip().lower()
        if season == "fall" and mod in ("", "the") and not m["se_y"]:
            return []  # the verb, or a regime's fall
        end = m.end()
        if m["se_y"]:
            year = int(m["se_y"])
        elif spelled := self._SPELLED_AFTER.match(text, end):
            year, end = _spelled_year(spelled), spelled.end()
        elif mod == "last":
            year = dct.year - 1
        elif mod == "next":
            year = dct.year + 1
        else:
            year = dct.year
        return [(m.start() + 1, end, f"{year:04d}-{SEASONS[season]}")]

    # A game's quarter ("scored 12 points in the fourth quarter"), not a fiscal one
    _GAME = re.compile(r"(?i:\b(?:points?|scored|game|games|basket|rebounds?|overtime|touchdowns?|goals?|"
                       r"half-?time|quarterback|lead|led|trailed|win|victory|play-?offs?|season)\b)")

    def _h_quarter(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        if not m["q"]:
            # "the quarter", "the latest quarter" or period, "the year-ago period": the quarter reported on,
            # the last one completed before the DCT (a year before it after "year-earlier")
            if not (m["q_ago"] or m["q_last"] or m["q_lp"] or text[m.start() + 1:m.start() + 4].lower() == "the"):
                return []
            value = _last_quarter(dct, -1 if m["q_ago"] else 0)
            return [(m.start() + 1, m.end(), m["q_y0"] + value[4:] if m["q_y0"] else value)]  # "the 1988 quarter"
        q = m["q"].lower()
        n = ORDINALS.get(q) or int(q[0])
        if m["q_y0"] or m["q_rel"] or m["q_ago"]:
            shift = {"last": -1, "next": 1}.get((m["q_rel"] or "").lower(), 0)
            year = int(m["q_y0"]) if m["q_y0"] else dct.year + shift
            return [(m.start() + 1, m.end(), f"{year - (1 if m['q_ago'] else 0):04d}-Q{n}")]
        if not m["q_y"]:
            right = text.find("\n", m.end(), m.end() + 200)
            if self._GAME.search(text, _sentence_start(text, m.start()), right if right > 0 else m.end() + 200):
                return []
        year = int(m["q_y"]) if m["q_y"] else dct.year
        if not m["q_y"] and (n - 1) * 3 + 1 > dct.month and _tense(text, m.start(), m.end()) == "past":
            year -= 1  # "a drop in profits for the fourth quarter" in January: a quarter yet to begin is last year's
        return [(m.start() + 1, m.end(), f"{year:04d}-Q{n}")]

    def _h_half(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        year = int(m["h_y"]) if m["h_y"] else dct.year + {"last": -1, "next": 1}.get(m["h_rel"].lower(), 0)
        return [(m.start() + 1, m.end(), f"{year:04d}-H{1 if m['h'].lower() == 'first' else 2}")]

    def _h_decade(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        if m["dec"] == "10" and m["dec2"] == "0":
            return []  # "1000s dead", "10s of 1000s": thousands, not the first decade of the 11th century
        if m["dec"]:
            century = int(m["dec"])
        else:  # "the '90s": the latest such decade that has begun by the DCT
            century = dct.year // 100 - (int(m["dec2"]) * 10 > dct.year % 100)
        return [(m.start() + 1, m.end(), f"{century}{m['dec2']}")]

    def _h_century(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        n = int(m["cent"]) if m["cent"] else ORDINALS.get(m["cent_w"].lower())
        if not n or n > dct.year // 100 + 1:
            return []
        return [(m.start() + 1, m.end(), f"{n - 1:02d}")]

    def _h_range(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        a, b = m["rg_a"], m["rg_b"]
        end_year = int(b) if len(b) == 4 else int(a[:2] + b)
        if end_year <= int(a):
            return []  # "2008-07": not a range of years
        return [(m.start("rg_a"), m.end("rg_a"), a), (m.start("rg_b"), m.end("rg_b"), f"{end_year:04d}")]

    def _h_yrmod(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        return [(m.start() + 1, m.end(), m["ym_y"])]

    # A year of a life or a record in family histories and obituaries: "born 1858", "(b. 1814)", "died
    # 1885", "born circa 1807", "the 1851 census". Years before 1900 need such a word (or "in", "since"...)
    # to count, and "about 1791" is otherwise read as a count.
    _LIFE_EVENT = re.compile(r"(?:\b(?:[Bb]orn|[Bb]n|[Dd]ied|[Bb]aptis[ez]d|b\.?|d\.|[Cc]irca|c\.|ca\.)"
                             r"(?:\s+(?:about|circa|c\.|abt\.?|approx\.?))?)\s+$")
    _CENSUS = re.compile(r"\s+[Cc]ensus\b")
    _YEAR_CUE = re.compile(r"(?i:\b(?:in|since|of|until|by|from|after|before)\s*)$")

    _STAMP_COLON = re.compile(r"[ \t]*:")

    def _h_yr(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        year = int(m["yr_y"])
        if _COUNTED.match(text, m.end()) or _NOT_YEAR_AFTER.match(text, m.end()):
            return []
        if text[m.start()] == "\n" and self._STAMP_COLON.match(text, m.end()) and int(m["yr_y"][2:]) < 60 \
                and int(m["yr_y"][:2]) < 24 and abs(year - dct.year) > 1:
            # a live blog's entry stamp at the start of a line, "1939 : Protesters ...": 19:39 on the story's day
            return [(m.start() + 1, m.end(), ("day", 0, f"T{m['yr_y'][:2]}:{m['yr_y'][2:]}"))]
        if self._LIFE_EVENT.search(text, max(0, m.start() - 12), m.start() + 1) or self._CENSUS.match(text, m.end()):
            return [(m.start() + 1, m.end(), f"{year:04d}")]
        if not 1900 <= year <= dct.year + 30:
            if not self._YEAR_CUE.search(text, max(0, m.start() - 8), m.start()):
                return []
        if _ends(_NOT_YEAR_BEFORE, text, m.start(), 16):
            return []
        return [(m.start() + 1, m.end(), f"{year:04d}")]

    def _h_spelled(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        return [(m.start() + 1, m.end(), f"{_spelled_year(m) if m['sp_c'] else 2000:04d}")]

    # "January nineteen ninety-seven", "the winter of nineteen ninety-four": one expression
    _SPELLED_AFTER = re.compile(rf"\s+(?:of\s+)?{_SPELLED_YEAR}")

    _REFS = {"now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
             "current": "PRESENT_REF", "as soon as possible": "FUTURE_REF"}

    def _h_ref(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        key = " ".join(m["rf"].lower().split())
        value = self._REFS.get(key)
        if value is None and key.startswith(("recent ", "coming ", "the coming ")) and key.endswith("s"):
            value = _duration(None, key.split()[-1])  # "recent weeks", "the coming years": PXW, PXY
        elif value is None:
            value = "FUTURE_REF" if key.startswith(("the coming", "coming")) or key.endswith(("future", "term")) \
                else "PAST_REF"
        return [(m.start() + 1, m.end(), value)]

    _SET_UNITS = {"day": "P1D", "week": "P1W", "month": "P1M", "year": "P1Y", "quarter": "P3M",
                  "weekend": "XXXX-WXX-WE", "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y",
                  "yearly": "P1Y", "hourly": "PT1H", "nightly": "XXXX-XX-XXTNI", "quarterly": "P3M",
                  "biweekly": "P2W"}

    def _h_set(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        word = (m["set_adv"] or m["set_u"]).lower()
        if word in self._SET_UNITS:
            value = self._SET_UNITS[word]
            if m["set_other"] and value[:2] == "P1":
                value = "P2" + value[2:]  # "every other week"
        elif word in PARTS_OF_DAY:
            value = "XXXX-XX-XX" + PARTS_OF_DAY[word]
        elif word in SEASONS:
            value = "XXXX-" + SEASONS[word]
        elif word[:3] in MONTHS and word[3:4] != "d":  # "each July", not "every Monday"
            value = f"XXXX-{MONTHS[word[:3]]:02d}"
        else:
            value = f"XXXX-WXX-{WEEKDAYS[word[:3]] + 1}"
        return [(m.start() + 1, m.end(), _Set(value))]

    # "twice a year", "$5 million a year", "three times a day": "a year" is how often, a SET
    _RATE_BEFORE = re.compile(r"(?:once|twice|times|per|cents?|dollars?|million|billion|percent|%|\d)\s*$")  # `_ends`

    _LENGTH_BEFORE = re.compile(  # matched by `_ends`
        r"\b(?:for|in|within|over|than|about|nearly|almost|only|just|least|lasted|lasting|took|spent|after"
        r"|half|barely|roughly|around|long\s+as)\s*$")

    def _h_duration(self, m: re.Match[str], text: str, dct: dt.date) -> list[_Found]:
        count = " ".join(m["du_n"].lower().split())
        unit = m["du_u"].lower()
        unit = "century" if unit.startswith("centur") else unit.rstrip("s")
        if count in ("a", "an") and not m["du_pre"] and _ends(self._RATE_BEFORE, text, m.start() + 1, 13):
            return [(m.start() + 1, m.end(), _Set(_duration(1, unit)))]
        if count in ("a", "an", "one") and (unit == "second" or not m["du_pre"] and not m["du_long"]
                                            and text[m.end("du_n")] == " "
                                            and not _ends(self._LENGTH_BEFORE, text, m.start() + 1, 17)):
            return []  # "a day of firsts", "One day, he ...", "a second day": no length of time
        return [(self._modified(text, m.start() + 1), m.end(), _duration(_count(count), unit))]

    # TimeML puts a length's or a distance's modifier in the expression (its mod attribute): "nearly two
    # months", "more than four hours", "at least 30 days", "almost four years ago". Not "about" or "over",
    # which TBAQ leaves out of the expression 4 times of 6 and 19 of 21 ("over the past two years").
    _MODIFIER = re.compile(r"(?<![A-Za-z])(?:[Nn]early|[Aa]lmost|[Mm]ore\s+than|[Ll]ess\s+than|[Aa]t\s+least"
                           r"|[Uu]p\s+to)\s+$")

    def _modified(self, text: str, start: int) -> int:
        """Where the expression that begins at `start` begins with the modifier before it, if any."""
        mod = self._MODIFIER.search(text, max(0, start - 11), start)
        return mod.start() if mod else start


def _last_quarter(dct: dt.date, years: int) -> str:
    """The last quarter completed before the DCT, `years` years on: the quarter a company reports on."""
    index = (dct.year + years) * 4 + (dct.month - 1) // 3 - 1
    return f"{index // 4:04d}-Q{index % 4 + 1}"


_DIGITS = re.compile(r"\d+")
_WORD_SPLIT = re.compile(r"[\s-]+")


def _day_number(written: str) -> int:
    """The day of a `_DAY` match: "28th" 28, "01" 1."""
    return int(written.rstrip("stndrh"))


def _clock(written: str) -> str:
    """A clock time as a TIMEX3 time of day: "7:30 p.m." T19:30, "9 am" T09:00, "1130 GMT" T11:30, "noon"."""
    if written[0].isalpha():
        return PARTS_OF_DAY[written]
    digits = _DIGITS.findall(written)
    if len(digits) == 1 and len(digits[0]) == 4:
        hour, minute = int(digits[0][:2]), int(digits[0][2:])
    else:
        hour, minute = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    letters = written.lower()
    if "p" in letters and hour < 12:
        hour += 12
    elif "a" in letters and hour == 12:
        hour = 0
    return f"T{hour:02d}:{minute:02d}"


def _spelled_year(m: re.Match[str]) -> int:
    """The year of a `_SPELLED_YEAR` match."""
    century = 1800 if m["sp_c"].lower() == "eighteen" else 1900
    return century + int(_count(m["sp_y"].lower()) or 0)


def _count(words: str) -> float | None:
    """The number a duration's count names ("5 1/2" 5.5, "twenty-five" 25), None when vague ("several")."""
    if words[0].isdigit():
        whole, _, half = words.partition(" ")
        return float(whole) + (0.5 if half else 0)
    if words in ("a half", "half a", "half an"):
        return 0.5
    if words == "a couple of":  # "the next couple of years": P2Y
        return 2.0
    parts = _WORD_SPLIT.split(words)
    if all(p in NUMBER_WORDS for p in parts):
        return float(sum(NUMBER_WORDS[p] for p in parts))
    return None


def _duration(n: float | None, unit: str) -> str:
    """A TIMEX3 duration value: P3Y, PT5H30M, P2Y6M, P20Y for two decades, P9M for three quarters, PXW for
    "weeks" of unknown count."""
    unit = unit.rstrip("s") if unit != "centuries" else "century"
    code = _DURATION_UNITS[unit]
    if unit in ("decade", "century", "quarter"):
        scale = {"decade": 10, "century": 100, "quarter": 3}[unit]
        n, code = (None if n is None else n * scale), "M" if unit == "quarter" else "Y"
    if n is None:
        return f"P{code[0]}X{code[1]}" if code[0] == "T" else f"PX{code}"
    if code in ("TH", "Y") and n != int(n) and n * 2 == int(n * 2):  # "5 1/2 hours", "2 1/2 years"
        prefix, half = ("PT", "30M") if code == "TH" else ("P", "6M")
        return f"{prefix}{int(n)}{code[-1]}{half}" if n > 1 else prefix + half
    number = f"{n:g}"
    return f"PT{number}{code[1]}" if code[0] == "T" else f"P{number}{code}"


def _relative(unit: str, offset: int, dct: dt.date) -> str:
    """The `unit` (day/week/month/year/decade) `offset` units away from `dct` (the DCT, or the day
    the story last mentioned), as a value."""
    if unit == "day":
        return (dct + dt.timedelta(days=offset)).isoformat()
    if unit == "weekday":  # offset = ±(weekday + 1): that weekday after (+) or before (-) `dct`
        return _weekday(abs(offset) - 1, dct, 1 if offset > 0 else -1).isoformat()
    if unit == "week":
        return _week(dct + dt.timedelta(weeks=offset))
    if unit == "month":
        y, mo = _shift_months(dct.year, dct.month, offset)
        return f"{y:04d}-{mo:02d}"
    if unit == "year":
        return f"{dct.year + offset:04d}"
    decade = dct.year // 10 + offset
    if not 0 <= decade <= 999:  # "the next decade" in 9999 would read as the year 1000
        raise ValueError(decade)
    return f"{decade:03d}"


_DEFAULT: RuleTagger | None = None


def default_tagger() -> TimeTagger:
    """The tagger ingest uses unless told otherwise: one shared `RuleTagger`, compiled on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RuleTagger()
    return _DEFAULT
