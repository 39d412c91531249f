"""The columnar store read the way the web app reads the SQLite one: the same calls, the same answers.

Why a reader beside `ParquetStore`: the web app (and anything else written against `dateline.store.Store`
read-only) asks for candidates, coverage, one article, a search, the store's counts and a revision number.
This class gives those over Parquet, filtering in this process (a web server's build workers are its
processes) or on a Dask cluster's workers when given a client (`dateline.scale.opened`), so `dateline serve --store DIR_OR_URL` serves the same pages and API as over SQLite.

What differs, and why: the Parquet store keeps no quotations (annotation of quotes runs in the SQLite
ingest only), so `quotes` and `speakers` find none (the page then shows none, rather than failing);
it records no time or order of commits, so `changed` does not say and no article is marked new since a
revision (`added_since` still counts them, the revision being the number of articles); `search` ranks by the query words a sentence holds, weighted by
how rare each is among the matches, and then by shortness (FTS5's bm25 without term frequencies, which a
sentence rarely repeats); and finding one article by id reads the `id` column of every part, as nothing
indexes ids.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dateline.model import Article, Query, QuoteRecord, Sentence
from dateline.scale import query as scale_query
from dateline.scale.days import ParquetDays
from dateline.scale.parquet import ParquetStore, build, sentences_of
from dateline.store import Stats

if TYPE_CHECKING:
    from dask.distributed import Client

__all__ = ["ParquetReader"]


class ParquetReader:
    """Read-only calls of `dateline.store.Store` over the columnar store at `url` (picklable: it travels
    to the web app's build processes). A context manager, as `Store` is, though it holds nothing open."""

    def __init__(self, url: str, storage_options: dict[str, Any] | None = None, client: Client | None = None) -> None:
        self.store = ParquetStore(url, storage_options)
        self.client = client

    def __getstate__(self) -> dict[str, Any]:
        """The store only: a Dask client stays with the process that connected it."""
        return {"store": self.store, "client": None}

    @property
    def url(self) -> str:
        return self.store.url

    def __enter__(self) -> ParquetReader:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def candidates(self, query: Query) -> list[Sentence]:
        return scale_query.candidates(self.store, query, self.client)

    def days(self, query: Query) -> ParquetDays:
        """The articles matching `query` asked day by day (`dateline.scale.days`), so that a day-first
        method reads the sentences of the days it shows only (`timeline.build_with`)."""
        return scale_query.days(self.store, query, self.client)

    def coverage(self, query: Query) -> list[tuple[dt.date, int]]:
        return scale_query.coverage(self.store, query, self.client)

    def revision(self) -> int:
        """The number of stored articles: grows with every committed part (parts are only ever added),
        like `Store.revision`, and tells how many were added since an earlier revision."""
        return sum(p.articles for p in self.store.parts())

    def changed(self) -> dt.datetime | None:
        """None: the columnar store does not record when its parts were committed."""
        return None

    def added_since(self, revision: int) -> int:
        return max(self.revision() - revision, 0)

    def new_among(self, revision: int, article_ids: Iterable[str]) -> set[str]:
        """None of them: the columnar store does not record which parts came after `revision`."""
        return set()

    def close(self) -> None:
        return None

    def stats(self) -> Stats:
        parts = self.store.parts()
        articles = self.store.read("articles", parts, ["source", "published"])
        sources = Counter(articles["source"].to_pylist())
        span = pc.min_max(articles["published"]) if articles.num_rows else None
        return Stats(
            articles=articles.num_rows,
            sentences=sum(p.sentences for p in parts),
            sources=dict(sorted(sources.items())),
            first=span["min"].as_py() if span else None,
            last=span["max"].as_py() if span else None,
            timerefs=sum(p.timerefs for p in parts),
        )

    def article(self, article_id: str) -> Article | None:
        found = self._article(article_id, with_text=True)
        return build(*found)[0][0] if found else None

    def sentences(self, article_id: str) -> list[Sentence]:
        """The sentences of one article in order; empty when the article is not stored."""
        found = self._article(article_id, with_text=False)
        return sentences_of(*found)[0] if found else []

    def _article(self, article_id: str, with_text: bool) -> tuple[pa.Table, pa.Table, pa.Table] | None:
        parts = self.store.parts()
        ids = [self.store.read("articles", [p], ["id"])["id"] for p in parts]
        holding = [p for p, column in zip(parts, ids) if pc.any(pc.equal(column, article_id)).as_py()]
        if not holding:
            return None
        return self.store.tables(holding, {article_id}, with_text=with_text)

    def search(self, text: str, limit: int = 20) -> list[Sentence]:
        """The sentences holding the most (and rarest) words of `text`, best first (see the module doc)."""
        terms = scale_query.terms_of(text)
        if not terms:
            return []
        parts = self.store.parts()
        sentences = self.store.read("sentences", parts, ["article_id", "idx", "text"])
        if not sentences.num_rows:
            return []
        hits = [np.asarray(scale_query.matching(sentences["text"], (term,))) for term in terms]
        weights = [math.log(1 + sentences.num_rows / max(int(h.sum()), 1)) for h in hits]
        score = sum(w * h for w, h in zip(weights, hits))
        found = np.flatnonzero(score > 0)
        if not len(found):
            return []
        length = np.asarray(pc.utf8_length(sentences["text"].take(pa.array(found))))
        best = found[np.lexsort((length, -score[found]))[:limit]]
        picked = sentences.take(pa.array(best))
        pairs = list(zip(picked["article_id"].to_pylist(), picked["idx"].to_pylist()))
        tables = self.store.tables(parts, {aid for aid, _ in pairs})
        by_key = {(s.article_id, s.index): s for sents in sentences_of(*tables) for s in sents}
        return [by_key[key] for key in pairs]

    def quotes(self, query: Query, **filters: Any) -> list[QuoteRecord]:
        """None: the columnar store keeps no quotations (see the module doc)."""
        return []

    def speakers(self, query: Query, limit: int = 50) -> list[tuple[str, int]]:
        """None: the columnar store keeps no quotations."""
        return []
