"""The store: one SQLite file holding articles, their sentences, time expressions and an FTS5 index.

Why SQLite: one file a user can copy, query with any SQLite tool and serve read-only to the web app while
an ingest is still writing to it (WAL mode), with transactions that make an interrupted ingest harmless.

Tables (schema version `SCHEMA_VERSION`, kept in ``PRAGMA user_version``):

- ``articles``   (pk, id, url, source, published, title, text, hash, first_sentence, n_sentences): ``id``
  is the reader's id, ``hash`` a digest of the text ignoring whitespace, so the same article under
  another id is not stored twice. An article's sentences have the consecutive ids
  ``first_sentence .. first_sentence + n_sentences - 1``, so no index on sentences is needed to find them.
- ``sentences``  (id, article, idx, text, event_date, date_source): ``article`` is ``articles.pk``.
- ``timerefs``   (sentence, ord, char_start, char_end, text, value, granularity, type): offsets into the
  sentence; ``type`` is the TIMEX3 type (DATE, TIME, DURATION, SET). Version 1 stores lacked it: opened
  for writing they gain the column (their expressions were all dates), opened read-only they read as DATE.
- ``article_fts`` over titles and ``sentence_fts`` over sentence text: external-content FTS5 tables, so
  no text is stored twice for the index.
- ``quotes``     (article, ord, char_start, char_end, kind, speaker, resolved, speaker_key, cue): the
  quotations of each article (`dateline.annotate.quotes`), offsets into the article text; ``speaker_key``
  is `speaker_key` of the resolved speaker, so one person is one speaker across articles. The table is
  created in a store that lacks it (stores written before quotes were extracted): those articles simply
  have no quotes until they are ingested again into a new store.

Dates are ISO ``YYYY-MM-DD`` strings, so they sort and compare as text.

Query terms match whole words or their beginnings (``oil`` matches "oil" and "oilfield"): the closest an
index gets to news-tls's substring keyword filter while staying an index lookup. Words shorter than
`MIN_PREFIX` characters match whole words only: every word beginning with "co" is a large share of the
index, and reading it made a query of short words take seconds on a large store.

A `Store` holds one sqlite3 connection: use one `Store` per thread (opening one costs well under a
millisecond).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from dateline.annotate.quotes import PRONOUN_SPEAKERS, speaker_key
from dateline.errors import DatelineError
from dateline.model import FIRST_DAY, LAST_DAY, Article, Query, Quote, QuoteRecord, Sentence, Skipped, TimeRef
from dateline.text import query_terms

__all__ = ["SCHEMA_VERSION", "IngestReport", "Stats", "Store", "content_hash"]

#: Bumped whenever the tables change; a store written by a newer Dateline is refused, not misread.
SCHEMA_VERSION = 2
#: ``PRAGMA application_id`` ("DTLN"), so `file(1)` and we can tell a Dateline store from other SQLite files.
APPLICATION_ID = 0x44544C4E

_SCHEMA = """
CREATE TABLE articles (
    pk        INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    url       TEXT NOT NULL,
    source    TEXT NOT NULL,
    published TEXT NOT NULL,
    title     TEXT NOT NULL,
    text      TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE,
    first_sentence INTEGER NOT NULL,
    n_sentences    INTEGER NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE TABLE sentences (
    id          INTEGER PRIMARY KEY,
    article     INTEGER NOT NULL REFERENCES articles (pk),
    idx         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    event_date  TEXT NOT NULL,
    date_source TEXT NOT NULL CHECK (date_source IN ('mention', 'published'))
);
CREATE TABLE timerefs (
    sentence    INTEGER NOT NULL REFERENCES sentences (id),
    ord         INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    text        TEXT NOT NULL,
    value       TEXT NOT NULL,
    granularity TEXT NOT NULL,
    type        TEXT NOT NULL DEFAULT 'DATE',
    PRIMARY KEY (sentence, ord)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, content = 'articles', content_rowid = 'pk', detail = none,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE sentence_fts USING fts5 (
    text, content = 'sentences', content_rowid = 'id', detail = none,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
# Added after version 1 was in use: created with IF NOT EXISTS by every writer, so older stores gain it.
_QUOTES_SCHEMA = """
CREATE TABLE IF NOT EXISTS quotes (
    article     INTEGER NOT NULL REFERENCES articles (pk),
    ord         INTEGER NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('direct', 'indirect')),
    speaker     TEXT,
    resolved    TEXT,
    speaker_key TEXT,
    cue         TEXT,
    PRIMARY KEY (article, ord)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker_key);
"""

# The id of an article's last sentence: `add` gives an article's sentences consecutive ids from
# `first_sentence`, so they are a range of the sentences table's primary key, found without a second
# index on the largest table.
_LAST_SENTENCE = "first_sentence + n_sentences - 1"
# A column between the bounds of a range `r` from json_each over [[first, last], ...].
_IN_RANGE = "{} BETWEEN r.value ->> 0 AND r.value ->> 1"

_WHITESPACE = b" \t\n\r\x0b\x0c"

#: The shortest query word that also matches as the beginning of longer words (see the module doc).
MIN_PREFIX = 3


@functools.lru_cache(maxsize=1024)
def content_hash(text: str) -> str:
    """Digest of `text` ignoring ASCII whitespace: equal for the same article re-wrapped or re-indented.

    Deleting whitespace (rather than collapsing runs of it) keeps this a single C-level pass over the
    bytes, which matters at ingest speed; texts that differ only in where words break do not occur in news.
    Cached (a batch's worth) because ingest checks a batch (`Store.unseen`) and then stores it
    (`Store.add`): the second call finds the same strings.
    """
    return hashlib.blake2b(text.encode("utf-8").translate(None, _WHITESPACE), digest_size=16).hexdigest()


@dataclass
class IngestReport:
    """What an ingest run did, for the user (`summary`) and for benchmarks (the timing split).

    `read` counts articles the readers produced; each was either `added` or a duplicate of one already
    stored (same id or same text). `skipped` are records that could not be used, `notes` articles stored
    with a change the user should know of (a url that is no web address, dropped). `sentences` and
    `timerefs` count what the added articles brought; `reading`, `annotating` and `storing` split
    `seconds` (wall clock) by stage.
    """

    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    sentences: int = 0
    timerefs: int = 0
    reading: float = 0.0
    annotating: float = 0.0
    storing: float = 0.0

    #: How many skipped records `summary` lists before it only counts the rest.
    MAX_LISTED = 20

    def summary(self, listed_in: str | Path | None = None) -> str:
        """What the run did, for a person: counts, then the first `MAX_LISTED` skipped records and notes,
        each with file, line and reason; `listed_in` names the file that lists them all (`write_skipped`)."""
        rate = self.read / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"read {self.read} article{'' if self.read == 1 else 's'} in {self.seconds:.1f} s "
            f"({rate:.0f} articles/s)",
            f"added {self.added} ({self.sentences} sentences, {self.timerefs} time expressions)",
            f"duplicates {self.duplicates} (already stored: same id or same text)",
        ]
        for title, items in (("skipped", self.skipped), ("notes", self.notes)):
            if title == "notes" and not items:
                continue
            lines.append(f"{title} {len(items)}" + (":" if items else ""))
            lines += [f"  {s}" for s in items[: self.MAX_LISTED]]
            if len(items) > self.MAX_LISTED:
                where = f"all are in {listed_in}" if listed_in else "--skipped FILE writes them all to FILE"
                lines.append(f"  ... and {len(items) - self.MAX_LISTED} more ({where})")
        if listed_in:
            lines.append(f"skipped records and notes written to {listed_in}")
        return "\n".join(lines)

    def write_skipped(self, path: str | Path) -> None:
        """Every skipped record and note as tab-separated lines: what (skipped, note), file, line, reason."""
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write("what\tfile\tline\treason\n")
            for what, items in (("skipped", self.skipped), ("note", self.notes)):
                for s in items:
                    fields = (what, s.path, "" if s.line is None else str(s.line), s.reason)
                    f.write("\t".join(" ".join(x.split()) for x in fields) + "\n")


@dataclass(frozen=True)
class Stats:
    """What a store holds: counts (articles, sentences, time expressions), articles per source and the
    span of publication dates."""

    articles: int
    sentences: int
    sources: dict[str, int]
    first: dt.date | None
    last: dt.date | None
    timerefs: int = 0


class Store:
    """One Dateline SQLite file. Open it read-only (``readonly=True``) wherever nothing is written.

    Opening for writing creates the file and its tables when missing. Use it as a context manager, or
    call `close()`.
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.exists():
            raise DatelineError(f"no store at {self.path}; create it first with: dateline ingest PATH --db {self.path}")
        uri = f"{self.path.resolve().as_uri()}?mode={'ro' if readonly else 'rwc'}"
        try:
            # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE in `add`), never implicit.
            self._db = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.OperationalError as e:
            raise DatelineError(f"cannot open store {self.path}: {e}") from None
        try:
            self._db.execute("PRAGMA busy_timeout = 10000")  # a concurrent writer waits rather than fails
            self._open_schema()
        except sqlite3.DatabaseError as e:
            self._db.close()
            raise DatelineError(f"{self.path} is not a Dateline store ({e})") from None
        except DatelineError:
            self._db.close()
            raise

    def _open_schema(self) -> None:
        db = self._db
        version = db.execute("PRAGMA user_version").fetchone()[0]
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DatelineError(
                f"{self.path} has store schema version {version}, but this Dateline reads up to version "
                f"{SCHEMA_VERSION}; upgrade Dateline (pip install -U dateline) to open it"
            )
        if version == 0:
            if db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
                raise DatelineError(f"{self.path} is an SQLite file but not a Dateline store; choose another --db")
            if self.readonly:
                raise DatelineError(
                    f"{self.path} is empty; add articles first with: dateline ingest PATH --db {self.path}"
                )
            self._create()
        elif app_id != APPLICATION_ID:
            raise DatelineError(f"{self.path} is an SQLite file but not a Dateline store; choose another --db")
        elif not any(column == "first_sentence" for _, column, *_ in db.execute("PRAGMA table_info(articles)")):
            # Stores written during development, before articles recorded their sentence ids, claim
            # version 1 too; nothing was released then, so they are rebuilt rather than migrated.
            raise DatelineError(
                f"{self.path} was written by an early development version of Dateline; rebuild it with: "
                f"dateline ingest PATH --db NEW.db"
            )
        if version == 1 and not self.readonly:
            self._migrate_to_2()
        # A version-1 store opened read-only has no type column: its expressions were all dates.
        self._timeref_type = "'DATE'" if version == 1 and self.readonly else "t.type"
        if not self.readonly:
            for statement in _QUOTES_SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            # WAL: readers (the web app) never block the writer. NORMAL: durable at checkpoint, never corrupt.
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA cache_size = -65536")  # 64 MiB: the index pages of a long ingest stay hot

    def _create(self) -> None:
        db = self._db
        db.execute("PRAGMA journal_mode = WAL")  # persistent: every later connection opens in WAL mode
        db.execute("BEGIN IMMEDIATE")
        try:
            # Re-check under the write lock: another process may have created the schema meanwhile.
            if db.execute("PRAGMA user_version").fetchone()[0] == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _migrate_to_2(self) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] == 1:  # not migrated meanwhile by another process
                db.execute("ALTER TABLE timerefs ADD COLUMN type TEXT NOT NULL DEFAULT 'DATE'")
                db.execute("PRAGMA user_version = 2")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- lifecycle ------------------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- writing --------------------------------------------------------------------------------------

    def unseen(self, articles: Sequence[Article]) -> list[Article]:
        """The articles of `articles` not stored yet (by id or by text), each id and text once.

        Ingest calls this before annotating, so re-running a finished or interrupted ingest does not
        annotate again what is already stored.
        """
        return [articles[i] for i, _ in self._fresh(articles)]

    def add(self, pairs: Iterable[tuple[Article, list[Sentence]]]) -> tuple[int, int]:
        """Store articles with their annotated sentences in one transaction; return (added, duplicates).

        An article whose id or text is already stored (or appeared earlier in `pairs`) is a duplicate
        and is not stored again. Either all of `pairs` is committed or, on any error or interruption,
        none of it.
        """
        pairs = list(pairs)
        stored = self.add_new(pairs)
        return len(stored), len(pairs) - len(stored)

    def add_new(
        self, pairs: Sequence[tuple[Article, list[Sentence]]], quotes: Mapping[str, Sequence[Quote]] | None = None
    ) -> list[int]:
        """What `add` does, returning the positions in `pairs` of the articles it stored: another ingest
        may have stored some of them since `unseen` was asked, and each run reports only its own.
        `quotes` (article id -> its quotations) are stored with their articles."""
        if self.readonly:
            raise DatelineError(f"{self.path} was opened read-only; open it with Store(path) to add articles")
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            fresh = self._fresh([a for a, _ in pairs])
            article_pk = db.execute("SELECT coalesce(max(pk), 0) FROM articles").fetchone()[0]
            sentence_id = db.execute("SELECT coalesce(max(id), 0) FROM sentences").fetchone()[0]
            first_sentence = sentence_id + 1
            first_article = article_pk + 1
            article_rows, sentence_rows, timeref_rows, quote_rows = [], [], [], []
            iso = _IsoDates()
            for i, h in fresh:
                article, sentences = pairs[i]
                article_pk += 1
                article_rows.append(
                    (article_pk, article.id, article.url, article.source, iso[article.published],
                     article.title, article.text, h, sentence_id + 1, len(sentences))
                )
                for ord_, q in enumerate((quotes or {}).get(article.id, ())):
                    who = q.resolved or q.speaker
                    quote_rows.append(
                        (article_pk, ord_, q.start, q.end, q.kind, q.speaker, q.resolved,
                         speaker_key(who) if who else None, q.cue)
                    )
                for s in sentences:
                    sentence_id += 1
                    sentence_rows.append(
                        (sentence_id, article_pk, s.index, s.text, iso[s.event_date], s.date_source)
                    )
                    if s.timerefs:
                        timeref_rows.extend(
                            (sentence_id, ord_, r.start, r.end, r.text, r.value, r.granularity, r.type)
                            for ord_, r in enumerate(s.timerefs)
                        )
            db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
            db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?)", sentence_rows)
            db.executemany("INSERT INTO timerefs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", timeref_rows)
            db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", quote_rows)
            # External-content FTS tables are filled explicitly, one statement per batch.
            db.execute(
                "INSERT INTO article_fts (rowid, title) SELECT pk, title FROM articles WHERE pk >= ?",
                (first_article,),
            )
            db.execute(
                "INSERT INTO sentence_fts (rowid, text) SELECT id, text FROM sentences WHERE id >= ?",
                (first_sentence,),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return [i for i, _ in fresh]

    def _fresh(self, articles: Sequence[Article]) -> list[tuple[int, str]]:
        """(position, content hash) of each article whose id and text are neither stored nor repeated."""
        hashes = [content_hash(a.text) for a in articles]
        seen_ids = {
            r[0]
            for r in self._db.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps([a.id for a in articles]),),
            )
        }
        seen_hashes = {
            r[0]
            for r in self._db.execute(
                "SELECT hash FROM articles WHERE hash IN (SELECT value FROM json_each(?))", (json.dumps(hashes),)
            )
        }
        out = []
        for i, (article, h) in enumerate(zip(articles, hashes)):
            if article.id not in seen_ids and h not in seen_hashes:
                out.append((i, h))
                seen_ids.add(article.id)
                seen_hashes.add(h)
        return out

    # -- reading --------------------------------------------------------------------------------------

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
            "SELECT id, url, source, published, title, text FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        id_, url, source, published, title, text = row
        return Article(id_, url, source, dt.date.fromisoformat(published), title, text)

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
        iso = _Dates()
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
        dates = _Dates()
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


class _IsoDates(dict[dt.date, str]):
    """date -> ISO string, each formatted once (most sentences of a batch share a few dates)."""

    def __missing__(self, day: dt.date) -> str:
        iso = self[day] = day.isoformat()
        return iso


class _Dates(dict[str, dt.date]):
    """ISO date string -> date, each parsed once (a query sees few distinct dates but many sentences)."""

    def __missing__(self, iso: str) -> dt.date:
        day = self[iso] = dt.date.fromisoformat(iso)
        return day


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
