"""Queries over the columnar store: the term filter, the date window and per-day counts, per part.

Each part is filtered where it lies (on a Dask worker when a cluster is given, else here), and only the
sentences of the matching articles come back, with the number of matching articles per day: the same
candidates, in the same order, as `dateline.store.Store.candidates`, so every timeline method gives the
same timeline on either store.

Matching follows the SQLite store's FTS5 index (tokenizer ``unicode61 remove_diacritics 2``): words are
runs of letters and digits, compared lower-cased and without diacritics; a query word of `MIN_PREFIX` or
more characters also matches the beginning of longer words; a term of several words needs all of them in
one sentence or in the title.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dateline.model import FIRST_DAY, LAST_DAY, Query, Sentence
from dateline.scale.days import ParquetDays
from dateline.scale.parquet import ParquetStore, Part, empty_table, mentions_of, sentences_of, words_of
from dateline.store import MIN_PREFIX
from dateline.text import query_terms

if TYPE_CHECKING:
    from dask.distributed import Client

__all__ = ["candidates", "coverage", "days", "matching", "matching_articles", "part_candidates", "part_days",
           "terms_of"]

_Terms = tuple[tuple[tuple[str, bool], ...], ...]  # per term, its words with "matches word beginnings"


def terms_of(text: str) -> _Terms:
    """The terms of a query's text, each as its folded words, as the SQLite store reads them."""
    out = []
    for term in query_terms(text):
        words = tuple((w, len(w) >= MIN_PREFIX) for w in sorted(words_of(term)))
        if words:
            out.append(words)
    return tuple(out)


def _matches(text: str, terms: _Terms) -> bool:
    tokens = words_of(text)
    for words in terms:
        if all(w in tokens or (prefix and any(t.startswith(w) for t in tokens)) for w, prefix in words):
            return True
    return False


def matching(texts: pa.ChunkedArray | pa.Array, terms: _Terms) -> pa.Array:
    """Which of `texts` match any term: vectorised (Arrow's RE2) for ASCII texts, where a word is a run of
    ``[a-z0-9]`` after lower-casing exactly as in `_matches`; `_matches` itself for the others (diacritics
    to fold, non-Latin letters), which are few in English news."""
    lower = pc.utf8_lower(texts)
    found = None
    for words in terms:
        every = None
        for word, prefix in words:
            end = "" if prefix else "(?:$|[^a-z0-9])"
            hit = pc.match_substring_regex(lower, f"(?:^|[^a-z0-9]){re.escape(word)}{end}")
            every = hit if every is None else pc.and_(every, hit)
        found = every if found is None else pc.or_(found, every)
    out = np.array(pc.fill_null(found, False), dtype=bool)
    others = np.flatnonzero(~np.array(pc.fill_null(pc.string_is_ascii(texts), True), dtype=bool))
    if len(others):
        rest = pc.take(texts, pa.array(others)).to_pylist()
        out[others] = [_matches(t, terms) for t in rest]
    return pa.array(out)


def _window(query: Query) -> tuple[dt.date, dt.date]:
    return max(query.start or FIRST_DAY, FIRST_DAY), min(query.end or LAST_DAY, LAST_DAY)


_Found = tuple[tuple[pa.Table, pa.Table, pa.Table], Counter[dt.date]]
_T = TypeVar("_T")


def _holding(store: ParquetStore, parts: Sequence[Part], terms: _Terms) -> pa.Array | None:
    """Ids of the articles of `parts` that hold every word of some term, by the word index (a superset of
    the matches: a term's words must also be in one sentence); None when a part has no index."""
    if any(p.words < 0 for p in parts):
        return None
    word = pc.field("word")
    wanted = [(word >= w) & (word < w + "\U0010ffff") if prefix else word == w for ws in terms for w, prefix in ws]
    rows = store.read("words", parts, ["word", "article_id"], functools.reduce(operator.or_, wanted))
    found = []
    for words in terms:
        every = None
        for w, prefix in words:
            ids = pc.unique(pc.filter(rows["article_id"], pc.starts_with(rows["word"], w) if prefix
                                      else pc.equal(rows["word"], w)))
            every = ids if every is None else pc.filter(every, pc.is_in(every, ids))
        found.append(every)
    return pc.unique(pa.concat_arrays(found))


#: The article columns a query reads: what `sentences_of` and a `DaySource` need, never the text.
_ARTICLE_COLUMNS = ["id", "url", "source", "published", "title", "n_sentences"]


def matching_articles(store: ParquetStore, parts: Sequence[Part], query: Query) -> tuple[pa.Table, pa.Table | None]:
    """The articles of `parts` that match `query` in its window (`_ARTICLE_COLUMNS`), and, when deciding
    needed them, the rows of their sentences (else None).

    The word index decides alone when every term is one word: an article holds that word (or a word it
    begins) in its title or text exactly when its title or one of its sentences does, and the index holds
    the words of both. A term of several words must have them all in one sentence or in the title, which
    only the sentences tell: those of the articles the index gives are then read and checked. Parts
    without an index are read whole and checked the same way.
    """
    first, last = _window(query)
    terms = terms_of(query.text)
    holding = _holding(store, parts, terms) if terms else None
    if holding is not None and not len(holding):
        parts = []
    where = (pc.field("published") >= pa.scalar(first, pa.date32())) & \
        (pc.field("published") <= pa.scalar(last, pa.date32()))
    if holding is not None:
        where &= pc.field("id").isin(holding)
    articles = store.read("articles", parts, _ARTICLE_COLUMNS, where)
    if not terms or not articles.num_rows or (holding is not None and all(len(words) == 1 for words in terms)):
        return articles, None
    sentences = store.read_of("sentences", parts, articles)
    hit = pc.unique(pc.filter(sentences["article_id"], matching(sentences["text"], terms)))
    articles = articles.filter(pc.or_(matching(articles["title"], terms), pc.is_in(articles["id"], hit)))
    return articles, sentences.filter(pc.is_in(sentences["article_id"], articles["id"].combine_chunks()))


def part_candidates(store: ParquetStore, parts: Sequence[Part], query: Query) -> _Found:
    """The rows (`ParquetStore.tables`, without article text) of the articles of `parts` that match
    `query` in its window, and the number of those articles per publication day. Runs on a worker: finds
    the articles that can match by the word index, reads only theirs (and only the columns needed), and
    checks the match on their sentences where the index cannot decide alone."""
    articles, sentences = matching_articles(store, parts, query)
    if sentences is None:
        sentences = store.read_of("sentences", parts, articles)
    timerefs = store.read_of("timerefs", parts, articles)
    days = Counter(articles["published"].to_pylist())
    return (articles, sentences, timerefs), days


def part_days(store: ParquetStore, parts: Sequence[Part], query: Query) -> tuple[pa.Table, pa.Table]:
    """The articles of `parts` that match `query` (`matching_articles`) and their mentions rows (the
    ``mentions`` table, derived from sentences and time expressions for parts written without one): what
    `ParquetDays` counts. Runs on a worker; no sentence of the articles is read otherwise."""
    articles, sentences = matching_articles(store, parts, query)
    # one scan: most months hold some of a query's articles, and one read of many files costs less than
    # a read a month (`read_of`) here
    keep = pc.field("article_id").isin(articles["id"].combine_chunks())
    found = [store.read("mentions", [p for p in parts if p.mentions >= 0] if articles.num_rows else [], None, keep)]
    if older := [p for p in parts if p.mentions < 0]:
        found.append(mentions_of(store.read_of("sentences", older, articles), store.read_of("timerefs", older, articles)))
    return articles, pa.concat_tables(found)


def _per_part(store: ParquetStore, query: Query, client: Client | None,
              task: Callable[[ParquetStore, Sequence[Part], Query], _T] = part_candidates) -> list[_T]:
    """`task` (`part_candidates`, `part_days`) of every part in the query's window (partition pruning):
    one task a month on a cluster; in this process, one call for all, since Arrow reads many files faster
    in one scan."""
    parts = store.parts(*_window(query))
    if client is None:
        return [task(store, parts, query)] if parts else []
    by_month: dict[str, list[Part]] = {}
    for part in parts:
        by_month.setdefault(part.month, []).append(part)
    groups = list(by_month.values())
    futures = client.map(task, [store] * len(groups), groups, [query] * len(groups), pure=False)
    return client.gather(futures)


def candidates(store: ParquetStore, query: Query, client: Client | None = None) -> list[Sentence]:
    """What `Store.candidates` gives for `query`: every sentence of the matching articles, ordered by
    (published, article id, sentence index)."""
    found = [rows for rows, _ in _per_part(store, query, client)]
    if not found:
        return []
    tables = (pa.concat_tables([rows[i] for rows in found]) for i in range(3))
    return [s for sentences in sentences_of(*tables) for s in sentences]


def coverage(store: ParquetStore, query: Query, client: Client | None = None) -> list[tuple[dt.date, int]]:
    """What `Store.coverage` gives: matching articles per publication day, oldest first."""
    total: Counter[dt.date] = Counter()
    for articles in _per_part(store, query, client, _matching_only):
        total.update(articles["published"].to_pylist())
    return sorted(total.items())


def _matching_only(store: ParquetStore, parts: Sequence[Part], query: Query) -> pa.Table:
    return matching_articles(store, parts, query)[0]


def days(store: ParquetStore, query: Query, client: Client | None = None) -> ParquetDays:
    """The articles matching `query` asked day by day (`dateline.timeline.days.DaySource`): the matching
    articles and their mentions rows found where the parts lie (on the workers with a cluster), counted
    and ranked here."""
    found = _per_part(store, query, client, part_days)
    if not found:
        return ParquetDays(store, empty_table("articles", _ARTICLE_COLUMNS), empty_table("mentions"))
    return ParquetDays(store, pa.concat_tables([a for a, _ in found]), pa.concat_tables([m for _, m in found]))
