"""Adding articles: one transaction per batch, duplicates (same id or same text) recognised and skipped.

An article's sentences get consecutive ids (`articles.first_sentence` on), which is what lets the
readers find them as a range of the sentences table's key (`reads`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from dateline.annotate.quotes import speaker_key
from dateline.errors import DatelineError
from dateline.model import SUMMARY_MARK, Article, Quote, Sentence
from dateline.store.caches import IsoDates
from dateline.store.schema import mention_rows, word_blob, word_ids, write_transaction
from dateline.text import letter_runs

_WHITESPACE = b" \t\n\r\x0b\x0c"


@functools.lru_cache(maxsize=1024)
def content_hash(text: str) -> str:
    """Digest of `text` ignoring ASCII whitespace: equal for the same article re-wrapped or re-indented.

    Deleting whitespace (rather than collapsing runs of it) keeps this a single C-level pass over the
    bytes, which matters at ingest speed; texts that differ only in where words break do not occur in news.
    Cached (a batch's worth) because ingest checks a batch (`Store.unseen`) and then stores it
    (`Store.add`): the second call finds the same strings.
    """
    return hashlib.blake2b(text.encode("utf-8").translate(None, _WHITESPACE), digest_size=16).hexdigest()


class Writes:
    """The writing half of the SQLite store (`dateline.store.sqlite.Store`)."""

    path: Path
    readonly: bool
    _db: sqlite3.Connection

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
        with write_transaction(db):
            fresh = self._fresh([a for a, _ in pairs])
            article_pk = db.execute("SELECT coalesce(max(pk), 0) FROM articles").fetchone()[0]
            sentence_id = db.execute("SELECT coalesce(max(id), 0) FROM sentences").fetchone()[0]
            # After the keys are read: a replaced summary's keys are never given again, so `revision()` grows.
            self._drop(self.summaries_replaced_by([pairs[i][0] for i, _ in fresh]).values())
            first_sentence = sentence_id + 1
            first_article = article_pk + 1
            article_rows, sentence_rows, timeref_rows, quote_rows = [], [], [], []
            # the mention rows of each sentence naming a day, and its words (`dateline.store.schema`)
            named: list[tuple[list[tuple[int, int, str, int, int, int]], list[str]]] = []
            iso = IsoDates()
            added = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            for i, h in fresh:
                article, sentences = pairs[i]
                article_pk += 1
                article_rows.append(
                    (article_pk, article.id, article.url, article.source, iso[article.published],
                     article.title, article.text, h, sentence_id + 1, len(sentences), article.language, added)
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
                        rows = mention_rows(article_pk, sentence_id, s.index, s.event_date, s.date_source, s.timerefs)
                        if rows:
                            named.append((rows, letter_runs(s.text)))
            db.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", article_rows)
            db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?)", sentence_rows)
            db.executemany("INSERT INTO timerefs VALUES (?, ?, ?, ?, ?, ?, ?, ?)", timeref_rows)
            db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", quote_rows)
            ids = word_ids(db, {w for _, words in named for w in words})
            db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?)",
                           ((*row, blob) for rows, words in named for blob in (word_blob(words, ids),) for row in rows))
            # External-content FTS tables are filled explicitly, one statement per batch.
            db.execute(
                "INSERT INTO article_fts (rowid, title) SELECT pk, title FROM articles WHERE pk >= ?",
                (first_article,),
            )
            db.execute(
                "INSERT INTO sentence_fts (rowid, text) SELECT id, text FROM sentences WHERE id >= ?",
                (first_sentence,),
            )
        return [i for i, _ in fresh]

    def summaries_replaced_by(self, articles: Sequence[Article]) -> dict[str, str]:
        """Page id -> id of the stored feed summary (`SUMMARY_MARK`) of the same url that storing the page
        replaces."""
        pages = {a.url + SUMMARY_MARK: a.id for a in articles if a.url and not a.id.endswith(SUMMARY_MARK)}
        rows = self._db.execute("SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                                (json.dumps(list(pages)),))
        return {pages[r[0]]: r[0] for r in rows}

    def _drop(self, ids: Iterable[str]) -> None:
        """Delete the articles `ids` with all that hangs on them, inside the caller's transaction. Only a
        feed summary is ever deleted, in the transaction that stores its page: `revision()` still grows."""
        db = self._db
        for (pk, title) in db.execute("SELECT pk, title FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                                      (json.dumps(list(ids)),)).fetchall():
            # External-content FTS tables forget a row only when told its old text.
            db.execute("INSERT INTO article_fts (article_fts, rowid, title) VALUES ('delete', ?, ?)", (pk, title))
            db.execute("INSERT INTO sentence_fts (sentence_fts, rowid, text) "
                       "SELECT 'delete', id, text FROM sentences WHERE article = ?", (pk,))
            db.execute("DELETE FROM timerefs WHERE sentence IN (SELECT id FROM sentences WHERE article = ?)", (pk,))
            for table in ("mentions", "quotes", "sentences"):
                db.execute(f"DELETE FROM {table} WHERE article = ?", (pk,))
            db.execute("DELETE FROM articles WHERE pk = ?", (pk,))

    def _fresh(self, articles: Sequence[Article]) -> list[tuple[int, str]]:
        """(position, content hash) of each article whose id and text are neither stored nor repeated, and,
        for a feed summary, whose page is not stored."""
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
        # A page's id is its address, so a summary's page is found by the id index.
        summaries = [a.url for a in articles if a.id.endswith(SUMMARY_MARK) and a.url]
        paged = {
            r[0]
            for r in self._db.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(summaries),)
            )
        } if summaries else set()
        out = []
        for i, (article, h) in enumerate(zip(articles, hashes)):
            page_known = article.id.endswith(SUMMARY_MARK) and (article.url in paged or article.url in seen_ids)
            if article.id not in seen_ids and h not in seen_hashes and not page_known:
                out.append((i, h))
                seen_ids.add(article.id)
                seen_hashes.add(h)
        return out

