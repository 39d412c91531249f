"""The one data model every layer shares.

Small frozen dataclasses, so that a value built by a reader can travel through annotation, the store,
the timeline methods, rendering and evaluation without any layer inventing its own shape for it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from dateline.text import query_terms

_MONTH_OR_DIGIT = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE)

Granularity = Literal[
    "day", "week", "month", "season", "quarter", "half", "year", "decade", "century", "ref", "none"
]
# The four TIMEX3 types: a point or stretch of the calendar (DATE), a time of day (TIME), a length of time
# (DURATION: "three years", value P3Y), a recurrence (SET: "every Monday").
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
DateSource = Literal["mention", "published"]
QuoteKind = Literal["direct", "indirect"]

#: The publication dates Dateline accepts (readers skip other records, with this reason). Four-digit
#: years keep TIMEX3 values (``1990``, decade ``199``, century ``19``) well formed, and a thousand years
#: of room on either side of `datetime`'s limits (years 1 to 9999) keeps every date computation of the
#: tagger ("a decade earlier"), the timeline methods (days around a date) and the chart (weeks, months)
#: inside them. The annotator drops time expressions of years outside this range for the same reason.
FIRST_DAY = dt.date(1000, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


@dataclass(frozen=True, slots=True)
class Article:
    """A dated news article as a reader found it; `published` is the anchor for every relative date.

    `language` is the language the page declares or the record names (an ISO 639 code, lower case, e.g.
    "en"; "" when unknown). `origin` (file, line or None) says where the reader found it, so that a record
    failing later (in annotation or in the store) is reported where the user can find it; it takes no part
    in equality.
    """

    id: str
    url: str
    source: str
    published: dt.date
    title: str
    text: str
    origin: tuple[str, int | None] = field(default=("", None), compare=False, repr=False)
    language: str = ""


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression found in text, normalised to a TIMEX3-style value against the article's date.

    `start`/`end` are character offsets into the text that was tagged (a sentence, when the annotator
    tags sentence by sentence). `granularity` is the precision of the point in time a DATE or TIME names
    ("day" for "2019-02-28T15:00" too, so a time of day places a sentence on its day); a DURATION or SET
    names no point in time and has granularity "none".
    """

    text: str
    start: int
    end: int
    value: str
    granularity: Granularity
    type: TimexType = "DATE"

    @property
    def day(self) -> dt.date | None:
        """The calendar day this expression names, or None when it is coarser than a day or no point in time."""
        if self.granularity != "day":
            return None
        try:
            return dt.date.fromisoformat(self.value[:10])
        except ValueError:
            return None

    @property
    def explicit(self) -> bool:
        """Whether this names a calendar day as a date ("May 12", "12/5/2010"), not as "Tuesday" or
        "today": a day the reader can check, which weighs more for a day ranker."""
        return self.day is not None and _MONTH_OR_DIGIT.search(self.text) is not None


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article with what timeline methods need to place it in time.

    `event_date` is the first day-level date the sentence mentions, else the article's publication
    date; `date_source` says which, because mention dates and publication dates are very different
    evidence for a timeline. The article fields are denormalised here so a timeline can be rendered and
    linked to its sources without going back to the store.
    """

    article_id: str
    index: int
    text: str
    published: dt.date
    event_date: dt.date
    date_source: DateSource
    timerefs: tuple[TimeRef, ...] = ()
    source: str = ""
    url: str = ""
    title: str = ""

    @property
    def mentioned_days(self) -> tuple[dt.date, ...]:
        """Every day-level date the sentence mentions, in text order."""
        return tuple(d for d in (t.day for t in self.timerefs) if d is not None)


@dataclass(frozen=True, slots=True)
class Quote:
    """Something a speaker said, as an article reports it: in quotation marks ("direct") or reported
    ("indirect": "X said that ...", "according to X, ...").

    `start`/`end` are character offsets of the quoted words into the article text (without the quotation
    marks). `speaker` is the speaker as the article writes them at this quote ("he", "the president",
    "Trump"); `resolved` is the fullest name the article gives that speaker ("Donald Trump"). Both are
    None for an unattributed quote: a speaker is never guessed. `cue` is the word that attributes the
    quote ("said", "according to"), None when the speaker comes from the quote before it.
    """

    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None = None
    resolved: str | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """A stored quote with the article it comes from: what `dateline quotes` and `/api/quotes` list.

    `quote` offsets are into the article's text.
    """

    quote: Quote
    article_id: str
    published: dt.date
    source: str = ""
    url: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Query:
    """What a user asks for: a topic and the shape of the timeline they want.

    `dates` and `sentences` may be None, in which case the method picks sensible values from the corpus.
    """

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    dates: int | None = None
    sentences: int | None = None

    @property
    def keywords(self) -> tuple[str, ...]:
        """Lower-cased query terms, used the way news-tls uses topic keywords (substring filter)."""
        return query_terms(self.text)


#: A day named in an article published up to SOON_DAYS after it is reported "soon"; more than LATE_DAYS
#: after it, the article looks back on it (`DayTally`).
SOON_DAYS = 2
LATE_DAYS = 7


@dataclass(frozen=True, slots=True)
class DayTally:
    """How the articles matching a query name one day: what a day ranker and `Evidence` count.

    Counted by whichever layer holds the articles (the store in SQL, `dateline.timeline.days` in memory),
    so that ranking days never needs every matching sentence in memory. A sentence counts once per day it
    names (a day-level time expression), however often it names it.
    """

    first_mentions: int  # sentences whose event date (first day named) is the day
    all_mentions: int  # sentences naming it
    articles: int  # distinct articles naming it
    outlets: int  # distinct outlets naming it
    keyword_mentions: int  # sentences naming it that contain a query keyword (news-tls's substring test)
    before: int  # naming sentences published before the day
    soon: int  # published on the day or up to SOON_DAYS after
    late: int  # published more than LATE_DAYS after
    title_mentions: int  # naming sentences at position 0 or 1 of their article
    explicit: int  # naming sentences that write it as a calendar date ("May 12", "12/5"), not "Tuesday"
    late_articles: int  # distinct articles naming it more than LATE_DAYS after it
    later_articles: int  # distinct articles published after the day that name it


@dataclass(frozen=True, slots=True)
class Coverage:
    """What the articles matching a query published on one day: articles, their outlets, their sentences."""

    articles: int
    outlets: int
    sentences: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a method picked a date, in counts over the query's candidate sentences, so a reader can judge
    it (`dateline timeline --explain`). `cues` are the strongest signals of the method, in words."""

    published_articles: int  # articles published on the day
    published_outlets: int  # their outlets
    naming_sentences: int  # sentences that name the day
    naming_articles: int  # articles with such a sentence
    naming_outlets: int  # their outlets
    later_articles: int  # articles published after the day that name it
    cues: tuple[str, ...] = ()

    def plain(self) -> str:
        """The evidence in plain words, one sentence each."""

        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        parts = [f"{n(self.published_articles, 'article')} from {n(self.published_outlets, 'outlet')} "
                 f"published on the day",
                 f"{n(self.naming_sentences, 'sentence')} in {n(self.naming_articles, 'article')} from "
                 f"{n(self.naming_outlets, 'outlet')} name it",
                 f"{n(self.later_articles, 'later article')} look back on it"]
        if self.cues:
            parts.append("strongest cues: " + "; ".join(self.cues))
        return ". ".join(p[0].upper() + p[1:] for p in parts) + "."


@dataclass(frozen=True, slots=True)
class Entry:
    """One date of a timeline and the sentences that say what happened on it.

    `copies[i]`, when a method fills it, holds the same sentence as other outlets carry it (wire copies):
    shown once, credited to every outlet. `evidence` says why the date was picked, when the method can.
    """

    date: dt.date
    sentences: tuple[Sentence, ...]
    copies: tuple[tuple[Sentence, ...], ...] = ()
    evidence: Evidence | None = None

    def copies_of(self, i: int) -> tuple[Sentence, ...]:
        """The other outlets' copies of sentence `i` (none when the method did not look)."""
        return self.copies[i] if i < len(self.copies) else ()


@dataclass(frozen=True, slots=True)
class Timeline:
    """A timeline as produced by a method, or read from a reference file (then `method` is "reference")."""

    query: str
    method: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(e.date for e in self.entries)


#: The id suffix of an article stored from its feed entry's summary because its page could not be had.
#: The page, stored later, replaces it; a summary arriving after its page is a duplicate. So one article
#: reached through a feed is stored once, whichever of its two forms came first.
SUMMARY_MARK = "#feed-summary"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record a reader could not use: reported to the user, never silently dropped."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Note(Skipped):
    """Not a skipped record: a remark on an article that was read and is stored (a feed entry stored from
    its summary because its page could not be had). Ingest lists it with the report's notes."""
