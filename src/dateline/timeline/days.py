"""What a day-first method asks of the articles matching a query, so that it never needs all their sentences.

The `dateline` method ranks every day of the window from counts (`DayTally`, `Coverage`) and the words of
the sentences naming each day, then reads the sentences of only the days it ranked highest. `DaySource` is
that conversation. `SentencePool` answers it from candidate sentences in memory (what any backend's
`candidates` gives); the stores answer it from their per-day rows (one per day a sentence names, with the
sentence's words on SQLite: `dateline.store.days`, `dateline.scale.days`), without building the matching
articles' sentences, so a timeline's cost grows with those rows and the days it shows rather than with every
sentence of the articles it matches. A day's words are asked for as counts of the words the ranker weighs
(`naming_words`), which a store can count without reading the texts.

Two reads are capped per day, both backends alike, so that one day covered by thousands of articles does
not cost thousands of sentences: the words of the sentences naming a day (`WORD_CAP`) and each of the two
sentence groups of a shown day's summary (`SENTENCE_CAP`, PM-Mean's M and P). Over the cap, a day keeps its
most relevant sentences: those containing a query keyword (only they can be shown), then the earliest in
reading order (published, article id, position). Timeline17's topics stay under both caps on most days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Protocol

from dateline.model import LATE_DAYS, SOON_DAYS, Coverage, DayTally, Sentence
from dateline.text import word_counts
from dateline.timeline.common import keyword_mask, reading_order

#: Sentences naming one day whose words describe it for the day ranker.
WORD_CAP = 200
#: Sentences per day and group (those dated to the day; lead sentences published on it or the day after)
#: that compete for a shown day's summary.
SENTENCE_CAP = 200

#: A shown day's sentences in reading order, with the rows dated to each day (PM-Mean's M) and the lead
#: rows standing for it (P).
DaySentences = tuple[list[Sentence], dict[dt.date, list[int]], dict[dt.date, list[int]]]
#: Per day, sentences in reading order: what `DaySource.day_sentences` gives for each group.
ByDay = dict[dt.date, list[Sentence]]


class DaySource(Protocol):
    """The articles matching one query, asked day by day (see the module docstring)."""

    def publications(self) -> Mapping[dt.date, Coverage]:
        """Per publication day: the matching articles published on it, their outlets and sentences."""
        ...

    def tallies(self, start: dt.date, end: dt.date, keywords: Sequence[str]) -> Mapping[dt.date, DayTally]:
        """Per day in [start, end] that a sentence names: how the matching articles name it."""
        ...

    def self_dated(self) -> tuple[int, int]:
        """Sentences dated by a mention, and how many of them are dated to their own publication day."""
        ...

    def naming_words(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int | None,
                     vocabulary: Collection[str]) -> dict[dt.date, Counter[str]]:
        """How often each word of `vocabulary` occurs (as `dateline.text.letter_runs` finds words) in the
        sentences naming each of `days`, at most `cap` of them a day (module docstring); days without
        one of those words are left out."""
        ...

    def day_sentences(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int, lead: int,
                      pub_end: int) -> tuple[ByDay, ByDay]:
        """The sentences dated to each of `days` (by a mention), and the undated sentences at positions
        0..`lead` of the articles published on the day or the `pub_end` - 1 days after it; at most `cap`
        of each a day, each list in reading order."""
        ...


class SentencePool:
    """A `DaySource` over sentences in memory: the candidates of a query as any backend returns them."""

    def __init__(self, sentences: Iterable[Sentence]) -> None:
        self.sents = reading_order(sentences)

    def publications(self) -> dict[dt.date, Coverage]:
        articles: dict[dt.date, set[str]] = defaultdict(set)
        outlets: dict[dt.date, set[str]] = defaultdict(set)
        sentences = Counter[dt.date]()
        for s in self.sents:
            articles[s.published].add(s.article_id)
            outlets[s.published].add(s.source)
            sentences[s.published] += 1
        return {d: Coverage(len(a), len(outlets[d]), sentences[d]) for d, a in articles.items()}

    def tallies(self, start: dt.date, end: dt.date, keywords: Sequence[str]) -> dict[dt.date, DayTally]:
        counts: dict[dt.date, list[int]] = defaultdict(lambda: [0] * 10)  # the counted fields, in order
        articles: dict[dt.date, set[str]] = defaultdict(set)
        outlets: dict[dt.date, set[str]] = defaultdict(set)
        late: dict[dt.date, set[str]] = defaultdict(set)
        later: dict[dt.date, set[str]] = defaultdict(set)
        for s in self.sents:
            if not s.timerefs:  # most sentences name no time at all
                continue
            kw = bool(keyword_mask([s.text], keywords)[0])
            explicit = {t.day for t in s.timerefs if t.explicit}
            for day in set(s.mentioned_days):
                if not start <= day <= end:
                    continue
                lag = (s.published - day).days
                c = counts[day]
                c[0] += s.date_source == "mention" and s.event_date == day
                c[1] += 1
                c[4] += kw
                c[5] += lag < 0
                c[6] += 0 <= lag <= SOON_DAYS
                c[7] += lag > LATE_DAYS
                c[8] += s.index <= 1
                c[9] += day in explicit
                articles[day].add(s.article_id)
                outlets[day].add(s.source)
                if lag > LATE_DAYS:
                    late[day].add(s.article_id)
                if lag > 0:
                    later[day].add(s.article_id)
        return {d: DayTally(c[0], c[1], len(articles[d]), len(outlets[d]), *c[4:10], len(late[d]), len(later[d]))
                for d, c in counts.items()}

    def self_dated(self) -> tuple[int, int]:
        dated = [s.event_date == s.published for s in self.sents if s.date_source == "mention"]
        return len(dated), sum(dated)

    def naming_texts(self, days: Iterable[dt.date], keywords: Sequence[str],
                     cap: int | None) -> dict[dt.date, list[str]]:
        """The texts of the sentences naming each of `days`, at most `cap` a day (module docstring)."""
        wanted = set(days)
        naming: dict[dt.date, list[Sentence]] = defaultdict(list)
        for s in self.sents:
            if s.timerefs:
                for day in set(s.mentioned_days) & wanted:
                    naming[day].append(s)
        return {d: [s.text for s in most_relevant(found, keywords, cap)] for d, found in naming.items()}

    def naming_words(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int | None,
                     vocabulary: Collection[str]) -> dict[dt.date, Counter[str]]:
        counts = {d: word_counts(texts, vocabulary) for d, texts in self.naming_texts(days, keywords, cap).items()}
        return {d: c for d, c in counts.items() if c}

    def day_sentences(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int, lead: int,
                      pub_end: int) -> tuple[ByDay, ByDay]:
        wanted = set(days)
        dated: dict[dt.date, list[Sentence]] = defaultdict(list)
        leads: dict[dt.date, list[Sentence]] = defaultdict(list)
        for s in self.sents:
            if s.date_source == "mention":
                if s.event_date in wanted:
                    dated[s.event_date].append(s)
            elif s.index <= lead:
                for back in range(pub_end):
                    if (day := s.published - dt.timedelta(days=back)) in wanted:
                        leads[day].append(s)
        return ({d: most_relevant(v, keywords, cap) for d, v in dated.items()},
                {d: most_relevant(v, keywords, cap) for d, v in leads.items()})


def most_relevant(sentences: Sequence[Sentence], keywords: Sequence[str], cap: int | None) -> list[Sentence]:
    """At most `cap` of `sentences` (given in reading order): those with a keyword first, then the
    earliest; in reading order."""
    if cap is None or len(sentences) <= cap:
        return list(sentences)
    mask = keyword_mask([s.text for s in sentences], keywords)
    keep = sorted(range(len(sentences)), key=lambda i: (not mask[i], i))[:cap]
    return [sentences[i] for i in sorted(keep)]


def day_rows(dated: ByDay, leads: ByDay) -> DaySentences:
    """`DaySentences` from `DaySource.day_sentences`: one row per distinct sentence, in reading order."""
    unique = {(s.article_id, s.index): s for group in (dated, leads) for found in group.values() for s in found}
    sents = reading_order(unique.values())
    row = {(s.article_id, s.index): i for i, s in enumerate(sents)}
    return (sents, {d: [row[(s.article_id, s.index)] for s in v] for d, v in dated.items()},
            {d: [row[(s.article_id, s.index)] for s in v] for d, v in leads.items()})


def candidate_days(tallies: Mapping[dt.date, DayTally], publications: Mapping[dt.date, Coverage],
                   start: dt.date, end: dt.date) -> list[dt.date]:
    """Days in [start, end] with any evidence: named by a sentence, or with articles published on d/d+1."""
    days = set(tallies) | set(publications) | {d - dt.timedelta(days=1) for d in publications}
    return sorted(d for d in days if start <= d <= end)
