"""Reading: the articles matching a query, their sentences, search, quotes and counts.

Query terms match whole words or their beginnings (``oil`` matches "oil" and "oilfield"): the closest an
index gets to news-tls's substring keyword filter while staying an index lookup. Words shorter than
`MIN_PREFIX` characters match whole words only: every word beginning with "co" is a large share of the
index, and reading it made a query of short words take seconds on a large store.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable

from dateline.annotate.quotes import PRONOUN_SPEAKERS, speaker_key
from dateline.model import FIRST_DAY, LAST_DAY, Article, Query, Quote, QuoteRecord, Sentence, TimeRef
from dateline.store.base import Stats
from dateline.store.caches import Dates
from dateline.text import query_terms

# The id of an article's last sentence: `add` gives an article's sentences consecutive ids from
# `first_sentence`, so they are a range of the sentences table's primary key, found without a second
# index on the largest table.
_LAST_SENTENCE = "first_sentence + n_sentences - 1"
# A column between the bounds of a range `r` from json_each over [[first, last], ...].
_IN_RANGE = "{} BETWEEN r.value ->> 0 AND r.value ->> 1"

#: The shortest query word that also matches as the beginning of longer words (see the module doc).
MIN_PREFIX = 3


class Reads:
    """The reading half of the SQLite store (`dateline.store.sqlite.Store`)."""

    _db: sqlite3.Connection
    #: The SQL for a time expression's type, an article's language and when it was stored: an older
    #: store opened read-only has no columns for them (see `dateline.store.sqlite.Store`).
    _timeref_type: str
    _language: str
    _added: str

    def candidates(self, query: Query) -> list[Sentence]:
        """Every sentence of the articles that match any query term and were published in the window.

        Whole articles, not only the matching sentences, because timeline methods use article context
        (e.g. an article's first sentences). Ordered by (published, article id, sentence index). A query
        without topic words matches every article in the window.
        """
        by_article = self.article_sentences(pks := self.matching_articles(query))
        return [s for pk in pks for s in by_article[pk]]

    def coverage(self, query: Query) -> list[tuple[dt.date, int]]:
        """How many matching articles were published on each day, oldest first (for a histogram)."""
        rows = self._db.execute(
            "SELECT published, count(*) FROM articles WHERE pk IN (SELECT value FROM json_each(?)) "
            "GROUP BY published ORDER BY published",
            (json.dumps(self.matching_articles(query)),),
        )
        return [(dt.date.fromisoformat(day), n) for day, n in rows]

    def matching_articles(self, query: Query) -> list[int]:
        """Keys of the articles that match any term of `query` (in title or text) and lie in its window,
        in timeline order (published, id).

        Keys, with `article_sentences`, let a long-running reader (the web app) keep the sentences of
        articles it has loaded and fetch only the others: every query of a topic shares most articles.
        """
        # Never outside the dates Dateline accepts: a store written before they were checked may hold
        # articles of year 1 or 9999, on which the timeline methods cannot compute.
        window = (
            max(query.start or FIRST_DAY, FIRST_DAY).isoformat(),
            min(query.end or LAST_DAY, LAST_DAY).isoformat(),
        )
        match = _match_expression(query.keywords)
        if match is None:
            sql = "SELECT pk FROM articles WHERE published BETWEEN ? AND ? ORDER BY published, id"
            return [r[0] for r in self._db.execute(sql, window)]
        sql = (
            "SELECT pk FROM articles WHERE published BETWEEN ? AND ? AND pk IN ("
            " SELECT rowid FROM article_fts WHERE article_fts MATCH ?"
            " UNION SELECT s.article FROM sentence_fts JOIN sentences s ON s.id = sentence_fts.rowid"
            " WHERE sentence_fts MATCH ?) ORDER BY published, id"
        )
        return [r[0] for r in self._db.execute(sql, (*window, match, match))]

    def article_sentences(self, pks: Iterable[int]) -> dict[int, tuple[Sentence, ...]]:
        """The sentences of each stored article of `pks` (keys from `matching_articles`), in order."""
        ranges = self._db.execute(
            f"SELECT pk, first_sentence, {_LAST_SENTENCE} FROM articles WHERE pk IN (SELECT value FROM json_each(?))",
            (json.dumps(list(pks)),),
        ).fetchall()
        return {pk: sentences for (pk, _, _), sentences in zip(ranges, self._load([r[1:] for r in ranges]))}

    def search(self, text: str, limit: int = 20) -> list[Sentence]:
        """The sentences that best match the words of `text` (any of them), best first (FTS5 bm25)."""
        match = _match_expression(query_terms(text))
        if match is None:
            return []
        ranked = [
            r[0]
            for r in self._db.execute(
                "SELECT rowid FROM sentence_fts WHERE sentence_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit)
            )
        ]
        return [s for found in self._load([(sid, sid) for sid in ranked]) for s in found]

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            f"SELECT id, url, source, published, title, text, {self._language} FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        id_, url, source, published, title, text, language = row
        return Article(id_, url, source, dt.date.fromisoformat(published), title, text, language=language)

    def sentences(self, article_id: str) -> list[Sentence]:
        """The sentences of one article in order; empty when the article is not stored."""
        found = self._load(
            self._db.execute(f"SELECT first_sentence, {_LAST_SENTENCE} FROM articles WHERE id = ?", (article_id,))
        )
        return list(found[0]) if found else []

    def revision(self) -> int:
        """A number that grows with every committed ingest that stored something, whatever other
        connections hold the file open: the key of the newest article (articles are only ever added,
        never changed or deleted). A cache keyed by it is never stale."""
        return self._db.execute("SELECT coalesce(max(pk), 0) FROM articles").fetchone()[0]

    def changed(self) -> dt.datetime | None:
        """When the newest article was stored (UTC), or None for an empty store or one written before
        version 3, which did not record it."""
        row = self._db.execute(f"SELECT {self._added} FROM articles ORDER BY pk DESC LIMIT 1").fetchone()
        return dt.datetime.fromisoformat(row[0]) if row and row[0] else None

    def added_since(self, revision: int) -> int:
        """How many articles were stored after the store was at `revision` (see `revision`)."""
        return self._db.execute("SELECT count(*) FROM articles WHERE pk > ?", (revision,)).fetchone()[0]

    def new_among(self, revision: int, article_ids: Iterable[str]) -> set[str]:
        """Those of `article_ids` stored after the store was at `revision`: what a reader who last looked
        at that revision has not seen (a timeline's sources, say)."""
        return {
            r[0]
            for r in self._db.execute(
                "SELECT id FROM articles WHERE pk > ? AND id IN (SELECT value FROM json_each(?))",
                (revision, json.dumps(sorted(set(article_ids)))),
            )
        }

    def quotes(
        self,
        query: Query,
        speaker: str | None = None,
        kind: str | None = None,
        limit: int | None = None,
        days: Iterable[dt.date] | None = None,
    ) -> list[QuoteRecord]:
        """The quotations in the articles that match `query` (its topic and date window, as for a
        timeline), in timeline order; only `speaker`'s when given, only one `kind` ("direct" or
        "indirect") when given, only from articles published on `days` when given (a timeline's dates).

        A speaker is matched as whole words under `speaker_key`, both ways: "Kim" finds "Kim Jong Un",
        and "Donald Trump" also finds the quotes of an article that only ever says "Trump", the way
        `render.quotes.speaker_names` shows them under one name."""
        # substr counts characters, as Python's offsets do; the article text is not fetched per quote
        sql = (
            "SELECT a.id, a.url, a.source, a.published, a.title, "
            "substr(a.text, q.char_start + 1, q.char_end - q.char_start), q.char_start, q.char_end, q.kind, "
            "q.speaker, q.resolved, q.cue FROM quotes q JOIN articles a ON a.pk = q.article "
            "WHERE q.article IN (SELECT value FROM json_each(?))"
        )
        params: list[object] = [json.dumps(self.matching_articles(query))]
        if days is not None:
            sql += " AND a.published IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sorted(d.isoformat() for d in days)))
        if speaker:
            key = speaker_key(speaker)
            if not key:
                return []
            # a key is words of letters and digits only, so nothing in it is a LIKE wildcard
            sql += (" AND (' ' || q.speaker_key || ' ' LIKE ? OR (? LIKE '% ' || q.speaker_key || ' %'"
                    f" AND q.speaker_key NOT IN ({', '.join('?' * len(PRONOUN_SPEAKERS))})))")
            params += [f"% {key} %", f" {key} ", *PRONOUN_SPEAKERS]
        if kind:
            sql += " AND q.kind = ?"
            params.append(kind)
        sql += " ORDER BY a.published, a.id, q.ord"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        try:
            rows = self._db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as e:
            if "no such table: quotes" in str(e):  # a read-only store written before quotes were kept
                return []
            raise
        iso = Dates()
        out = []
        for aid, url, source, published, title, text, start, end, kind_, who, resolved, cue in rows:
            quote = Quote(text, start, end, kind_, who, resolved, cue)
            out.append(QuoteRecord(quote, aid, iso[published], source, url, title))
        return out

    def speakers(self, query: Query, limit: int = 50) -> list[tuple[str, int]]:
        """The speakers quoted in the articles that match `query`, with how many quotes each, most
        quoted first: the choices of a speaker filter. Unattributed quotes and unresolved pronouns are
        left out; each `speaker_key` is shown by the longest name stored for it."""
        sql = (
            "SELECT speaker_key, coalesce(resolved, speaker), count(*) FROM quotes "
            "WHERE article IN (SELECT value FROM json_each(?)) AND speaker_key IS NOT NULL "
            f"AND speaker_key NOT IN ({', '.join('?' * len(PRONOUN_SPEAKERS))}) GROUP BY 1, 2"
        )
        try:
            rows = self._db.execute(sql, [json.dumps(self.matching_articles(query)), *PRONOUN_SPEAKERS]).fetchall()
        except sqlite3.OperationalError as e:
            if "no such table: quotes" in str(e):
                return []
            raise
        names: dict[str, str] = {}
        counts: dict[str, int] = {}
        for key, name, n in rows:
            counts[key] = counts.get(key, 0) + n
            if len(name) > len(names.get(key, "")):
                names[key] = name
        ranked = sorted(counts, key=lambda k: (-counts[k], names[k]))
        return [(names[k], counts[k]) for k in ranked[:limit]]

    def stats(self) -> Stats:
        db = self._db
        sources = dict(db.execute("SELECT source, count(*) FROM articles GROUP BY source ORDER BY source"))
        first, last = db.execute("SELECT min(published), max(published) FROM articles").fetchone()
        return Stats(
            articles=sum(sources.values()),
            sentences=db.execute("SELECT count(*) FROM sentences").fetchone()[0],
            sources=sources,
            first=dt.date.fromisoformat(first) if first else None,
            last=dt.date.fromisoformat(last) if last else None,
            timerefs=db.execute("SELECT count(*) FROM timerefs").fetchone()[0],
        )

    def _load(self, ranges: Iterable[tuple[int, int]]) -> list[tuple[Sentence, ...]]:
        """Model sentences with ids in each inclusive range of `ranges`, in id order: one tuple per range.

        A range is one article's sentences (ids are consecutive in article order, see `add`) or a single
        sentence. `candidates` builds tens of thousands of sentences per query, so this is its cost:
        - three queries (sentences, their time expressions, their articles) rather than one wide join,
          so article fields are fetched once per article and shared by its sentences;
        - no ORDER BY on the sentence rows: sorting 50k rows with their text in a temporary B-tree cost
          a third of the query, while placing them in `ranges` order by id here is a dict lookup each;
        - time expressions are found by the same id ranges, without joining the sentences again;
        - each date string is parsed once.
        """
        ranges = list(ranges)
        spans = json.dumps(ranges)
        db = self._db
        rows = db.execute(
            "SELECT s.id, s.article, s.idx, s.text, s.event_date, s.date_source "
            f"FROM json_each(?) r JOIN sentences s ON {_IN_RANGE.format('s.id')}",
            (spans,),
        ).fetchall()
        refs: dict[int, list[TimeRef]] = {}
        for sid, text, start, end, value, granularity, type_ in db.execute(
            f"SELECT t.sentence, t.text, t.char_start, t.char_end, t.value, t.granularity, {self._timeref_type} "
            f"FROM json_each(?) r JOIN timerefs t ON {_IN_RANGE.format('t.sentence')} ORDER BY t.sentence, t.ord",
            (spans,),
        ):
            refs.setdefault(sid, []).append(TimeRef(text, start, end, value, granularity, type_))
        timerefs = {sid: tuple(r) for sid, r in refs.items()}
        dates = Dates()
        articles = {
            pk: (id_, dates[published], source_, url, title)
            for pk, id_, published, source_, url, title in db.execute(
                "SELECT pk, id, published, source, url, title FROM articles "
                "WHERE pk IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted({r[1] for r in rows})),),
            )
        }
        built = {}
        for sid, pk, idx, text, event_date, date_source in rows:
            article_id, published, source_, url, title = articles[pk]
            built[sid] = Sentence(article_id, idx, text, published, dates[event_date], date_source,
                                  timerefs.get(sid, ()), source_, url, title)
        return [tuple(built[sid] for sid in range(first, last + 1) if sid in built) for first, last in ranges]



def _match_expression(terms: Iterable[str]) -> str | None:
    """An FTS5 query matching any of `terms`, each as words or word beginnings; None if none is searchable.

    Each word becomes a quoted FTS5 string, so nothing in a term is ever read as query syntax. A term of
    several words ("al-qaeda", "port-au-prince") needs all of them in the sentence: the index keeps no
    positions (detail=none, a third less indexing time), so it cannot check that they are adjacent.
    """
    groups = []
    for term in terms:
        words = [f'"{w}"*' if len(w) >= MIN_PREFIX else f'"{w}"' for w in _WORD.findall(term)]
        if words:
            groups.append(words[0] if len(words) == 1 else "(" + " AND ".join(words) + ")")
    return " OR ".join(groups) or None


# What the unicode61 tokenizer keeps as one token: letters and digits.
_WORD = re.compile(r"[^\W_]+")
