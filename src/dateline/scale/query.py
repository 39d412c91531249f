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
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dateline.model import FIRST_DAY, LAST_DAY, Query, Sentence
from dateline.scale.parquet import ParquetStore, Part, sentences_of
from dateline.store import MIN_PREFIX
from dateline.text import query_terms

if TYPE_CHECKING:
    from dask.distributed import Client

__all__ = ["candidates", "coverage", "matching", "part_candidates", "terms_of"]

_WORD = re.compile(r"[^\W_]+")
_Terms = tuple[tuple[tuple[str, bool], ...], ...]  # per term, its words with "matches word beginnings"


def _fold(text: str) -> str:
    """Lower case without diacritics, as the FTS5 tokenizer compares words."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def terms_of(text: str) -> _Terms:
    """The terms of a query's text, each as its folded words, as the SQLite store reads them."""
    out = []
    for term in query_terms(text):
        words = tuple((w, len(w) >= MIN_PREFIX) for w in _WORD.findall(_fold(term)))
        if words:
            out.append(words)
    return tuple(out)


def _matches(text: str, terms: _Terms) -> bool:
    tokens = set(_WORD.findall(_fold(text)))
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


def part_candidates(store: ParquetStore, parts: Sequence[Part], query: Query) -> _Found:
    """The rows (`ParquetStore.tables`, without article text) of the articles of `parts` that match
    `query` in its window, and the number of those articles per publication day. Runs on a worker: reads
    the sentences once, only the columns needed, and sends back only the matching articles' rows."""
    first, last = _window(query)
    articles = store.read("articles", parts, ["id", "url", "source", "published", "title"])
    articles = articles.filter(pc.and_(pc.greater_equal(articles["published"], pa.scalar(first, pa.date32())),
                                       pc.less_equal(articles["published"], pa.scalar(last, pa.date32()))))
    terms = terms_of(query.text)
    sentences = store.read("sentences", parts if articles.num_rows else [])
    if terms and articles.num_rows:
        hit = pc.unique(pc.filter(sentences["article_id"], matching(sentences["text"], terms)))
        articles = articles.filter(pc.or_(matching(articles["title"], terms), pc.is_in(articles["id"], hit)))
    elif terms:
        articles = articles.slice(0, 0)
    keep = articles["id"]
    sentences = sentences.filter(pc.is_in(sentences["article_id"], keep))
    timerefs = store.read("timerefs", parts if articles.num_rows else [])
    timerefs = timerefs.filter(pc.is_in(timerefs["article_id"], keep))
    days = Counter(articles["published"].to_pylist())
    return (articles, sentences, timerefs), days


def _per_part(store: ParquetStore, query: Query, client: Client | None) -> list[_Found]:
    """`part_candidates` of every part in the query's window (partition pruning), one task a month."""
    by_month: dict[str, list[Part]] = {}
    for part in store.parts(*_window(query)):
        by_month.setdefault(part.month, []).append(part)
    groups = list(by_month.values())
    if client is None:
        return [part_candidates(store, g, query) for g in groups]
    futures = client.map(part_candidates, [store] * len(groups), groups, [query] * len(groups), pure=False)
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
    for _, days in _per_part(store, query, client):
        total.update(days)
    return sorted(total.items())
