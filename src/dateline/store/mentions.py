"""The per-day counts and rankings of a query's articles, from their mention rows held as numpy columns.

Both stores answer `dateline.timeline.days.DaySource` from the same rows: one per (sentence, day it names)
of the matching articles (the SQLite store's ``mentions`` table, the Parquet store's ``mentions`` parts),
with the article's place in reading order, its publication day and outlet. Fetched once per query, they
are counted here with numpy: a query matching 20,000 articles has about 200,000 such rows, which SQL's
GROUP BY and window functions sorted once per question (counts, then the words' ranking, then the shown
days' ranking) at several times this cost. Days are numbers of days since 1970-01-01.

Counting, ranking within a day (a query keyword first, then reading order: published, article id,
position) and capping follow `dateline.timeline.days.SentencePool`, which is what any store must answer.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from dateline.model import LATE_DAYS, SOON_DAYS, DayTally

EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def date_of(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


class MentionRows:
    """The mention rows of a query's articles (row arrays `article`, `day`, `idx`, `first`, `explicit`;
    `article` is the article's place in reading order, an index into the per-article arrays `published`
    and `outlet`). `keyword(keywords)` says which rows' sentences hold one of `keywords`, as
    `dateline.timeline.common.keyword_mask` does; it is asked once per query's keywords."""

    def __init__(self, article: np.ndarray, day: np.ndarray, idx: np.ndarray, first: np.ndarray,
                 explicit: np.ndarray, published: np.ndarray, outlet: np.ndarray,
                 keyword: Callable[[Sequence[str]], np.ndarray]) -> None:
        self.article = article
        self.day = day
        self.idx = idx
        self.first = first
        self.explicit = explicit
        self._published = published[article]
        self._outlet = outlet[article]
        self._keyword_of = keyword
        self._keywords: tuple[tuple[str, ...], np.ndarray] | None = None

    def keyword(self, keywords: Sequence[str]) -> np.ndarray:
        """Whether each row's sentence holds one of `keywords` (all rows when there are none)."""
        if not keywords:
            return np.ones(len(self.day), dtype=bool)
        if self._keywords is None or self._keywords[0] != tuple(keywords):
            self._keywords = (tuple(keywords), self._keyword_of(keywords))
        return self._keywords[1]

    def tallies(self, start: dt.date, end: dt.date, keywords: Sequence[str]) -> dict[dt.date, DayTally]:
        """`DaySource.tallies`."""
        rows = np.flatnonzero((self.day >= day_number(start)) & (self.day <= day_number(end)))
        days, of_row = np.unique(self.day[rows], return_inverse=True)
        n = len(days)
        lag = self._published[rows] - self.day[rows]
        article = self.article[rows]

        def count(mask: np.ndarray) -> np.ndarray:
            return np.bincount(of_row[mask], minlength=n)

        def distinct(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
            keep = slice(None) if mask is None else mask
            width = int(values.max(initial=0)) + 1
            return np.bincount(np.unique(of_row[keep] * width + values[keep]) // width, minlength=n)

        every = np.ones(len(rows), dtype=bool)
        columns = (count(self.first[rows]), count(every), distinct(article), distinct(self._outlet[rows]),
                   count(self.keyword(keywords)[rows]), count(lag < 0), count((lag >= 0) & (lag <= SOON_DAYS)),
                   count(lag > LATE_DAYS), count(self.idx[rows] <= 1), count(self.explicit[rows]),
                   distinct(article, lag > LATE_DAYS), distinct(article, lag > 0))
        return {date_of(day): DayTally(*(int(c[i]) for c in columns)) for i, day in enumerate(days.tolist())}

    def self_dated(self) -> tuple[int, int]:
        """`DaySource.self_dated`."""
        return int(self.first.sum()), int((self.first & (self.day == self._published)).sum())

    def ranked(self, days: Iterable[dt.date], keywords: Sequence[str], first_only: bool,
               cap: int | None) -> np.ndarray:
        """The rows naming `days` (only those of each sentence's event date with `first_only`), at most
        `cap` a day: grouped by day, a keyword first, then reading order."""
        wanted = np.array(sorted({day_number(d) for d in days}), dtype=np.int64)
        mask = np.isin(self.day, wanted)
        if first_only:
            mask &= self.first
        rows = np.flatnonzero(mask)
        order = np.lexsort((self.idx[rows], self.article[rows], ~self.keyword(keywords)[rows], self.day[rows]))
        rows = rows[order]
        if cap is None or not len(rows):
            return rows
        day = self.day[rows]
        starts = np.flatnonzero(np.r_[True, day[1:] != day[:-1]])
        rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
        return rows[rank < cap]

    def word_counts(self, rows: np.ndarray, of_row: np.ndarray, word: np.ndarray,
                    words: Sequence[str]) -> dict[dt.date, Counter[str]]:
        """Per day of `rows` (as `ranked` gives them), how often each of `words` occurs in its rows:
        `word` is the place in `words` of each word found in the rows (-1: not counted), `of_row` the
        place in `rows` of the row it was found in."""
        named, day_of_row = np.unique(self.day[rows], return_inverse=True)
        counted = word >= 0
        keys = day_of_row[of_row[counted]] * len(words)
        keys += word[counted]
        keys, counts = np.unique(keys, return_counts=True)
        day, word = np.divmod(keys, max(len(words), 1))
        bounds = np.flatnonzero(np.r_[True, day[1:] != day[:-1], True]).tolist()
        found = counts.tolist()
        return {date_of(named[day[a]]): Counter(dict(zip(map(words.__getitem__, word[a:b].tolist()), found[a:b])))
                for a, b in itertools.pairwise(bounds) if a < len(day)}

    def by_day(self, rows: np.ndarray) -> list[tuple[dt.date, int, int]]:
        """(day, start, end) of each day's run in `rows` (grouped by day, as `ranked` gives them)."""
        day = self.day[rows]
        starts = np.flatnonzero(np.r_[True, day[1:] != day[:-1]]) if len(rows) else np.array([], np.int64)
        ends = np.r_[starts[1:], len(rows)]
        return [(date_of(day[a]), a, b) for a, b in zip(starts.tolist(), ends.tolist())]
