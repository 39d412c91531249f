"""A query's articles asked day by day over the columnar store: `dateline.timeline.days.DaySource` from the
matching articles and their ``mentions`` rows, without reading their sentences.

The rows a query needs are few enough to hold as Arrow columns: one row per (sentence, day it names) of
the matching articles, with the sentence's text (`dateline.scale.parquet`), and the articles' publication
day and outlet. They are counted and ranked by `dateline.store.mentions`, as the SQLite store's are; the
sentences of the few days a timeline shows are then built from those rows, the time
expressions of their articles and, for lead sentences (undated, at the top of an article), the first
rows of the sentences table of the articles published on those days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dateline.model import Coverage, DayTally, Sentence
from dateline.scale.parquet import ParquetStore, sentences_of
from dateline.store.mentions import MentionRows, date_of
from dateline.text import letter_runs

#: Per day, sentences in reading order (`dateline.timeline.days.ByDay`; a store does not import timelines).
ByDay = dict[dt.date, list[Sentence]]

__all__ = ["ParquetDays", "keyword_flags"]


def _day_numbers(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    return np.asarray(pc.cast(column, pa.int32()), dtype=np.int64)


def keyword_flags(texts: pa.ChunkedArray | pa.Array, keywords: Sequence[str]) -> np.ndarray:
    """Which of `texts` hold a keyword as news-tls's filter has it (`dateline.timeline.common.keyword_mask`:
    a substring of the text lower-cased by Python), vectorised: Arrow lower-cases
    ASCII texts exactly as Python does; the others (a few in English news) are asked of Python."""
    if not keywords:
        return np.ones(len(texts), dtype=bool)
    lower = pc.utf8_lower(texts)
    found = np.zeros(len(texts), dtype=bool)
    for k in keywords:
        found |= np.asarray(pc.fill_null(pc.match_substring(lower, k), False), dtype=bool)
    others = np.flatnonzero(~np.asarray(pc.fill_null(pc.string_is_ascii(texts), True), dtype=bool))
    if len(others):
        found[others] = [any(k in t.lower() for k in keywords) for t in pc.take(texts, pa.array(others)).to_pylist()]
    return found


class ParquetDays:
    """`DaySource` over the articles matching one query (`dateline.scale.query.days` finds them):
    `articles` with the columns id, url, source, published, title, n_sentences, and their `mentions`
    rows."""

    def __init__(self, store: ParquetStore, articles: pa.Table, mentions: pa.Table) -> None:
        self._store = store
        # Articles in reading order, so an article's row number orders as (published, id) does.
        self._articles = articles.sort_by([("published", "ascending"), ("id", "ascending")])
        ids = self._articles["id"].combine_chunks()
        published = _day_numbers(self._articles["published"])
        outlets = np.asarray(pc.dictionary_encode(self._articles["source"].combine_chunks()).indices, dtype=np.int64)
        self._mentions = mentions
        self._rows = MentionRows(
            np.asarray(pc.index_in(mentions["article_id"], value_set=ids), dtype=np.int64),
            _day_numbers(mentions["day"]), np.asarray(mentions["idx"], dtype=np.int64),
            np.asarray(mentions["first"], dtype=bool), np.asarray(mentions["explicit"], dtype=bool),
            published, outlets, lambda keywords: keyword_flags(mentions["text"], keywords))
        self._publications: Mapping[dt.date, Coverage] | None = None

    def publications(self) -> Mapping[dt.date, Coverage]:
        """Counted once: a method and its day model ask for it several times per timeline."""
        if self._publications is None:
            found = self._articles.filter(pc.greater(self._articles["n_sentences"], 0)).group_by(
                "published").aggregate([("id", "count"), ("source", "count_distinct"), ("n_sentences", "sum")])
            self._publications = MappingProxyType({day: Coverage(*counts) for day, *counts in zip(*(
                found[c].to_pylist() for c in ("published", "id_count", "source_count_distinct", "n_sentences_sum")))})
        return self._publications

    def tallies(self, start: dt.date, end: dt.date, keywords: Sequence[str]) -> dict[dt.date, DayTally]:
        return self._rows.tallies(start, end, keywords)

    def self_dated(self) -> tuple[int, int]:
        return self._rows.self_dated()

    def naming_words(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int | None,
                     vocabulary: Collection[str]) -> dict[dt.date, Counter[str]]:
        rows = self._rows.ranked(days, keywords, False, cap)  # grouped by day
        words = sorted(vocabulary)
        # The words of the rows' texts as `letter_runs` finds them, by Arrow: its lower case is Python's
        # for ASCII texts; the others (a few in English news) are split by Python.
        texts = pc.take(self._mentions["text"], pa.array(rows, pa.int64()))
        runs = pc.split_pattern_regex(pc.utf8_lower(texts), "[^a-z]+")
        found = pc.list_flatten(runs)
        of_row = np.asarray(pc.list_parent_indices(runs), dtype=np.int64)
        word = np.asarray(pc.fill_null(pc.index_in(found, value_set=pa.array(words, pa.string())), -1), dtype=np.int64)
        others = np.flatnonzero(~np.asarray(pc.fill_null(pc.string_is_ascii(texts), True), dtype=bool))
        if len(others):
            keep = ~np.isin(of_row, others)
            place = {w: i for i, w in enumerate(words)}
            extra = [(row, place.get(w, -1)) for row, text in zip(others.tolist(), pc.take(texts, pa.array(others))
                                                                  .to_pylist()) for w in letter_runs(text)]
            of_row = np.r_[of_row[keep], np.array([r for r, _ in extra], dtype=np.int64)]
            word = np.r_[word[keep], np.array([w for _, w in extra], dtype=np.int64)]
        return self._rows.word_counts(rows, of_row, word, words)

    def day_sentences(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int, lead: int,
                      pub_end: int) -> tuple[ByDay, ByDay]:
        wanted = sorted(set(days))
        dated = self._rows.ranked(wanted, keywords, True, cap)
        leads = self._leads(wanted, keywords, cap, lead, pub_end)
        # The dated sentences' rows come from their mentions (their event date is the day they name); the
        # time expressions of every sentence shown come from the articles they belong to.
        rows = pa.table({
            "article_id": pc.take(self._mentions["article_id"], pa.array(dated, pa.int64())),
            "idx": pa.array(self._rows.idx[dated], pa.int32()),
            "text": pc.take(self._mentions["text"], pa.array(dated, pa.int64())),
            "event_date": pc.take(self._mentions["day"], pa.array(dated, pa.int64())),
            "date_source": pa.array(["mention"] * len(dated), pa.string()),
        })
        rows = pa.concat_tables([rows, leads.select(rows.column_names).cast(rows.schema)])
        ids = pc.unique(rows["article_id"])
        articles = self._articles.filter(pc.is_in(self._articles["id"], value_set=ids))
        timerefs = self._read("timerefs", articles)
        found = {(s.article_id, s.index): s for sents in sentences_of(articles, rows, timerefs) for s in sents}
        keys = list(zip(rows["article_id"].to_pylist(), rows["idx"].to_pylist()))
        return (_by_day(map(date_of, self._rows.day[dated].tolist()), keys[:len(dated)], found),
                _by_day(leads["day"].to_pylist(), keys[len(dated):], found))

    def _leads(self, days: Sequence[dt.date], keywords: Sequence[str], cap: int, lead: int,
               pub_end: int) -> pa.Table:
        """Undated sentences at positions 0..`lead` of the articles published on each of `days` or the
        `pub_end` - 1 days after it, at most `cap` a day (a keyword first, then reading order): columns
        day, and those of the sentences table."""
        wanted = set(days)
        windows = {d + dt.timedelta(days=back) for d in wanted for back in range(pub_end)}
        articles = self._articles.filter(pc.is_in(self._articles["published"], value_set=pa.array(sorted(windows),
                                                                                                   pa.date32())))
        ids = articles["id"].combine_chunks()
        found = self._read("sentences", articles, pc.field("idx") <= lead)
        found = found.filter(pc.equal(found["date_source"], "published"))
        # reading order: the article's row in `articles` (sorted by published, id), then position
        found = found.append_column("r", pc.index_in(found["article_id"], value_set=ids))
        found = found.sort_by([("r", "ascending"), ("idx", "ascending")])
        has = keyword_flags(found["text"], keywords)
        published = articles["published"].to_pylist()
        per_day: dict[dt.date, list[int]] = defaultdict(list)
        for row, r in enumerate(found["r"].to_pylist()):
            for back in range(pub_end):
                if (day := published[r] - dt.timedelta(days=back)) in wanted:
                    per_day[day].append(row)
        picked: list[tuple[dt.date, int]] = []
        for day, rows in per_day.items():
            kept = sorted(rows, key=lambda i: (not has[i], i))[:cap]
            picked += [(day, i) for i in sorted(kept)]
        out = found.take(pa.array([i for _, i in picked], pa.int64()))
        return out.append_column("day", pa.array([d for d, _ in picked], pa.date32()))

    def _read(self, table: str, articles: pa.Table, where: pc.Expression | None = None) -> pa.Table:
        """Rows of `table` of `articles`, from the parts of the months they were published in."""
        return self._store.read_of(table, self._store.parts(*_span(articles)) if articles.num_rows else [],
                                   articles, None, where)


def _by_day(days: Iterable[dt.date], keys: Sequence[tuple[str, int]],
            found: dict[tuple[str, int], Sentence]) -> ByDay:
    out: ByDay = defaultdict(list)
    for day, key in zip(days, keys):
        out[day].append(found[key])
    for sentences in out.values():
        sentences.sort(key=lambda s: (s.published, s.article_id, s.index))
    return dict(out)


def _span(articles: pa.Table) -> tuple[dt.date, dt.date] | tuple[()]:
    if not articles.num_rows:
        return ()
    bounds = pc.min_max(articles["published"])
    return bounds["min"].as_py(), bounds["max"].as_py()
