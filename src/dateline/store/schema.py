"""The store's tables, their version, and the changes that bring an older store up to date.

Tables (schema version `SCHEMA_VERSION`, kept in ``PRAGMA user_version``):

- ``articles``   (pk, id, url, source, published, title, text, hash, first_sentence, n_sentences, language,
  added): ``id`` is the reader's id, ``hash`` a digest of the text ignoring whitespace, so the same article
  under another id is not stored twice; ``language`` the page's language ('' when unknown); ``added`` when
  the article was stored (UTC, ISO 8601), so a reader following the store can say when it last changed.
  Stores before version 3 lack the last two: opened for writing they gain them (empty language, no time),
  opened read-only they read as unknown. An article's sentences have the consecutive ids
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
- ``mentions``   (article, sentence, day, first, explicit, idx): one row per day-level date a sentence
  names (``first`` when it is the sentence's event date, ``explicit`` when written as a calendar date,
  ``idx`` the sentence's position), clustered by article: what a timeline counts per day in SQL
  (`dateline.store.days`) instead of reading every sentence. Added in version 4; an older store opened
  for writing gains it, filled from its time expressions.
- ``articles_days``, an index covering the article columns those counts read (publication day, id,
  outlet, sentence range), so they never touch the article text.
- ``words``      (id, word) and ``mentions.words``: each mention row carries its sentence's words (the
  runs of a-z of the lower-cased text, `dateline.text.letter_runs`) as little-endian 32-bit ids into
  ``words``, so a timeline counts the words of the sentences naming each day, and finds which of them hold
  a query keyword of letters, without reading their texts. Added in version 5; an older store opened for
  writing gains them, filled from its sentences.

Dates are ISO ``YYYY-MM-DD`` strings, so they sort and compare as text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from dateline.errors import DatelineError
from dateline.model import TimeRef
from dateline.text import letter_runs

#: Bumped whenever the tables change; a store written by a newer Dateline is refused, not misread.
SCHEMA_VERSION = 5
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
    n_sentences    INTEGER NOT NULL,
    language  TEXT NOT NULL DEFAULT '',
    added     TEXT
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
# The per-day table and the index its counts read (version 4).
_DAYS_SCHEMA = """
CREATE INDEX articles_days ON articles (pk, published, id, source, first_sentence, n_sentences);
CREATE TABLE mentions (
    article  INTEGER NOT NULL REFERENCES articles (pk),
    sentence INTEGER NOT NULL REFERENCES sentences (id),
    day      TEXT NOT NULL,
    first    INTEGER NOT NULL,
    explicit INTEGER NOT NULL,
    idx      INTEGER NOT NULL,
    PRIMARY KEY (article, sentence, day)
) WITHOUT ROWID;
"""
# The words of the sentences naming a day (version 5).
_WORDS_SCHEMA = """
ALTER TABLE mentions ADD COLUMN words BLOB NOT NULL DEFAULT x'';
CREATE TABLE words (
    id   INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE
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
# What turns a store of version N into version N + 1: column additions only, whose defaults say what
# the older rows were ("DATE": version 1 stored only dates) or that it is unknown.
# Version 4 adds a table filled from the stored time expressions, a step in Python (`_fill_mentions`);
# version 5 the words of its rows, from their sentences (`_fill_words`).
def _statements(script: str) -> list[str]:
    return [x for x in script.split(";") if x.strip()]


_MIGRATIONS: dict[int, tuple[str | Callable[[sqlite3.Connection], None], ...]] = {
    1: ("ALTER TABLE timerefs ADD COLUMN type TEXT NOT NULL DEFAULT 'DATE'",),
    2: ("ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE articles ADD COLUMN added TEXT"),
    3: (*_statements(_DAYS_SCHEMA), lambda db: _fill_mentions(db)),
    4: (*_statements(_WORDS_SCHEMA), lambda db: _fill_words(db)),
}


def open_schema(db: sqlite3.Connection, path: Path, readonly: bool) -> int:
    """Check that `db` is a Dateline store this version can read, create the tables of a new one and
    bring an older one up to date (opened for writing); return the schema version it was opened at."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise DatelineError(
            f"{path} has store schema version {version}, but this Dateline reads up to version "
            f"{SCHEMA_VERSION}; upgrade Dateline (pip install -U dateline) to open it"
        )
    if version == 0:
        if db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
            raise DatelineError(f"{path} is an SQLite file but not a Dateline store; choose another --db")
        if readonly:
            raise DatelineError(f"{path} is empty; add articles first with: dateline ingest PATH --db {path}")
        _create(db)
    elif app_id != APPLICATION_ID:
        raise DatelineError(f"{path} is an SQLite file but not a Dateline store; choose another --db")
    elif not any(column == "first_sentence" for _, column, *_ in db.execute("PRAGMA table_info(articles)")):
        # Stores written during development, before articles recorded their sentence ids, claim
        # version 1 too; nothing was released then, so they are rebuilt rather than migrated.
        raise DatelineError(
            f"{path} was written by an early development version of Dateline; rebuild it with: "
            f"dateline ingest PATH --db NEW.db"
        )
    if version < SCHEMA_VERSION and not readonly:
        _migrate(db)
    if not readonly:
        for statement in _QUOTES_SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        # WAL: readers (the web app) never block the writer. NORMAL: durable at checkpoint, never corrupt.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        # 8 MiB, not more: the cache fills as the store grows and the ingest process grows with it (a
        # 64 MiB cache took a long ingest from 65 to 132 MB, 8 MiB stays at 72 MB for 1 to 3 % more CPU;
        # bench/sources.py storecache, bench/results/sources.md "Memory").
        db.execute("PRAGMA cache_size = -8192")
    return version


@contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction on a connection in autocommit mode: the write lock taken at the start (so
    what is read inside cannot change before the write), everything committed at the end, or nothing on
    any error or interruption."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _create(db: sqlite3.Connection) -> None:
    db.execute("PRAGMA journal_mode = WAL")  # persistent: every later connection opens in WAL mode
    with write_transaction(db):
        # Re-check under the write lock: another process may have created the schema meanwhile.
        if db.execute("PRAGMA user_version").fetchone()[0] == 0:
            for statement in _statements(_SCHEMA + _DAYS_SCHEMA + _WORDS_SCHEMA):
                db.execute(statement)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _migrate(db: sqlite3.Connection) -> None:
    """Bring an older store to `SCHEMA_VERSION` in one transaction, step by step from its version."""
    with write_transaction(db):
        # Read again under the write lock: another process may have migrated it meanwhile.
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for step in range(version, SCHEMA_VERSION):
            for statement in _MIGRATIONS[step]:
                db.execute(statement) if isinstance(statement, str) else statement(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _fill_mentions(db: sqlite3.Connection) -> None:
    """The ``mentions`` rows of every stored sentence, from its time expressions (migration to 4)."""
    rows = db.execute(
        "SELECT s.article, s.id, s.idx, s.event_date, s.date_source, t.text, t.value, t.granularity, t.type "
        "FROM timerefs t JOIN sentences s ON s.id = t.sentence ORDER BY t.sentence, t.ord"
    )
    db.executemany("INSERT INTO mentions (article, sentence, day, first, explicit, idx) VALUES (?, ?, ?, ?, ?, ?)", (
        row
        for (article, sentence, idx, event_date, date_source), refs in itertools.groupby(rows, key=lambda r: r[:5])
        for row in mention_rows(article, sentence, idx, dt.date.fromisoformat(event_date), date_source,
                                [TimeRef(text, 0, 0, value, granularity, type_)
                                 for *_, text, value, granularity, type_ in refs])
    ))


def mention_rows(article: int, sentence: int, idx: int, event_date: dt.date, date_source: str,
                 timerefs: Sequence[TimeRef]) -> list[tuple[int, int, str, int, int, int]]:
    """The ``mentions`` rows of one stored sentence: one per day-level date it names."""
    explicit = {t.day for t in timerefs if t.explicit}
    days = dict.fromkeys(d for d in (t.day for t in timerefs) if d is not None)
    return [(article, sentence, d.isoformat(), int(date_source == "mention" and d == event_date), int(d in explicit),
             idx) for d in days]


def _fill_words(db: sqlite3.Connection) -> None:
    """The words of every stored mention row, from its sentence's text (migration to 5), a batch of
    articles at a time: read at once, the texts of a 46,000-article store took 700 MB, so a store of
    millions would not fit in memory."""
    last = 0  # article keys are positive
    while (bound := db.execute("SELECT max(pk) FROM (SELECT pk FROM articles WHERE pk > ? ORDER BY pk LIMIT ?)",
                               (last, _MIGRATION_BATCH)).fetchone()[0]) is not None:
        found = db.execute("SELECT DISTINCT m.article, m.sentence, s.text FROM mentions m JOIN sentences s "
                           "ON s.id = m.sentence WHERE m.article > ? AND m.article <= ?", (last, bound)).fetchall()
        runs = [letter_runs(text) for *_, text in found]
        ids = word_ids(db, {w for words in runs for w in words})
        db.executemany("UPDATE mentions SET words = ? WHERE article = ? AND sentence = ?",
                       ((word_blob(words, ids), article, sentence)
                        for (article, sentence, _), words in zip(found, runs)))
        last = bound


#: Articles whose sentences one step of a migration holds in memory.
_MIGRATION_BATCH = 2000


def word_ids(db: sqlite3.Connection, words: Iterable[str]) -> dict[str, int]:
    """The ids of `words` in the ``words`` table, those not there yet added (inside the caller's
    transaction)."""
    given = json.dumps(sorted(set(words)))
    db.execute("INSERT OR IGNORE INTO words (word) SELECT value FROM json_each(?)", (given,))
    return dict(db.execute("SELECT word, id FROM words WHERE word IN (SELECT value FROM json_each(?))", (given,)))


def word_blob(words: Sequence[str], ids: dict[str, int]) -> bytes:
    """``mentions.words`` of a sentence whose `letter_runs` are `words`: their ids, 32-bit little-endian."""
    found = array("I", map(ids.__getitem__, words))
    if sys.byteorder == "big":
        found.byteswap()
    return found.tobytes()
