"""Timelines day by day: the store's SQL counts (`dateline.store.days`) against the same counts over the
candidate sentences in memory (`dateline.timeline.days.SentencePool`), and the timelines built both ways.

Real stores: the demo corpus (examples/articles.jsonl) and, with ../shared, Timeline17's haiti_bbc.
Small caps make the capped reads (most relevant sentences first) bind on these small corpora.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from array import array
from pathlib import Path

import pytest

from conftest import ROOT, T17, need_shared, same_answers
from dateline.cli import main
from dateline.model import Query
from dateline.store import SCHEMA_VERSION, Store
from dateline.store.days import has_keyword, keyword_test
from dateline.store.ingest import ingest_paths
from dateline.timeline import build_with, get_method
from dateline.timeline.common import keyword_mask
from dateline.timeline.days import SentencePool, most_relevant
from dateline.timeline.ranked import Ranked

DEMO_QUERIES = [Query("Sennick Dam"), Query("dam flood evacuation", dates=4, sentences=1),
                Query("Sennick", dt.date(2024, 3, 1), dt.date(2024, 4, 30))]
HAITI_QUERIES = [Query("haiti earthquake", dates=10), Query("aid rescue", dt.date(2010, 1, 12), dt.date(2010, 2, 28))]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    ingest_paths([ROOT / "examples" / "articles.jsonl"], db)
    return db


@pytest.fixture(scope="module")
def haiti_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("haiti") / "haiti.db"
    ingest_paths([need_shared(T17 / "haiti_bbc")], db)
    return db


def _same_answers(db: Path, query: Query, cap: int) -> None:
    with Store(db, readonly=True) as store:
        sql = store.days(query)
        assert sql is not None
        same_answers(sql, SentencePool(store.candidates(query)), query, cap)


@pytest.mark.parametrize("query", DEMO_QUERIES)
def test_sql_counts_equal_the_counts_over_sentences_in_memory(demo_db: Path, query: Query) -> None:
    _same_answers(demo_db, query, cap=2)


@pytest.mark.shared
@pytest.mark.parametrize("query", HAITI_QUERIES)
def test_sql_counts_equal_the_counts_in_memory_on_timeline17(haiti_db: Path, query: Query) -> None:
    _same_answers(haiti_db, query, cap=5)


def _both_ways(db: Path, query: Query) -> None:
    method = get_method("dateline")
    with Store(db, readonly=True) as store:
        by_days = build_with(method, store, query)
        from_all = method.build(store.candidates(query), query)
    assert by_days == from_all and by_days.entries


@pytest.mark.parametrize("query", DEMO_QUERIES)
def test_the_timeline_by_days_is_the_timeline_from_every_candidate(demo_db: Path, query: Query) -> None:
    _both_ways(demo_db, query)


@pytest.mark.shared
@pytest.mark.parametrize("query", HAITI_QUERIES)
def test_the_timeline_by_days_is_the_timeline_from_every_candidate_on_timeline17(haiti_db: Path, query: Query) -> None:
    _both_ways(haiti_db, query)


# What an older version's store lacks: version 3 the per-day table (and its words), version 4 the words.
_OLDER = {3: ("DROP TABLE mentions", "DROP INDEX articles_days", "DROP TABLE words"),
          4: ("ALTER TABLE mentions DROP COLUMN words", "DROP TABLE words")}


@pytest.mark.parametrize("version", sorted(_OLDER))
def test_an_older_store_is_read_whole_until_written_then_gains_the_day_tables(
        demo_db: Path, tmp_path: Path, version: int, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / f"v{version}.db"
    with sqlite3.connect(demo_db) as src, sqlite3.connect(old) as dst:
        src.backup(dst)
    db = sqlite3.connect(old)
    written = db.execute("SELECT * FROM mentions ORDER BY article, sentence, day").fetchall()
    words = dict(db.execute("SELECT id, word FROM words"))
    for statement in _OLDER[version]:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    query = DEMO_QUERIES[0]
    expected = Ranked().build(Store(demo_db, readonly=True).candidates(query), query)
    with Store(old, readonly=True) as store:
        assert store.outdated
        assert store.days(query) is None  # no per-day words: the method gets every candidate
        assert build_with(get_method("dateline"), store, query) == expected
    assert main(["timeline", query.text, "--db", str(old), "--format", "json", "-o", str(tmp_path / "t.json")]) == 0
    assert "written by an older Dateline" in capsys.readouterr().err
    Store(old).close()  # opened for writing: migrated
    db = sqlite3.connect(old)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # the same rows, with the same words (their ids may be given in another order)
    again = dict(db.execute("SELECT id, word FROM words"))
    as_words = lambda rows, names: [(*r[:-1], [names[i] for i in array("I", r[-1])]) for r in rows]  # noqa: E731
    assert as_words(db.execute("SELECT * FROM mentions ORDER BY article, sentence, day").fetchall(), again) == \
        as_words(written, words)
    db.close()
    with Store(old, readonly=True) as store:
        assert not store.outdated
        assert store.days(query) is not None
        assert build_with(get_method("dateline"), store, query) == expected
    assert main(["timeline", query.text, "--db", str(old), "--format", "json", "-o", str(tmp_path / "t.json")]) == 0
    assert "older Dateline" not in capsys.readouterr().err


def test_the_words_table_decides_keywords_of_letters_as_the_texts_do(demo_db: Path) -> None:
    """A keyword of letters a-z is found through the words of the sentences (no text read); others
    ("sennick's", "2024") through the texts: both give the rows whose sentence holds the keyword."""
    query = Query("Sennick")
    with Store(demo_db, readonly=True) as store:
        days = store.days(query)
        assert days is not None
        rows = days._rows()
        pool = SentencePool(store.candidates(query))
        texts = {(s.article_id, s.index): s.text for s in pool.sents}
        ids = dict(store._db.execute("SELECT s.id, a.id FROM sentences s JOIN articles a ON a.pk = s.article"))
        index = dict(store._db.execute("SELECT id, idx FROM sentences"))
        row_texts = [texts[(ids[i], index[i])] for i in days._sentence.tolist()]
        for keywords in [("spillway",), ("dam", "rain"), ("ill",), ("sennick dam",), ("2024", "march")]:
            assert rows.keyword(keywords).tolist() == keyword_mask(row_texts, keywords).tolist()
            assert rows.keyword(keywords).any()


def test_over_the_cap_a_day_keeps_its_keyword_sentences_then_the_earliest(demo_db: Path) -> None:
    with Store(demo_db, readonly=True) as store:
        sents = SentencePool(store.candidates(Query("Sennick"))).sents
    with_keyword = [s for s in sents if "spillway" in s.text.lower()]
    others = [s for s in sents if s not in with_keyword]
    assert with_keyword and len(others) > 2
    kept = most_relevant(sents, ("spillway",), len(with_keyword) + 2)
    assert kept == [s for s in sents if s in with_keyword or s in others[:2]]  # in reading order
    assert most_relevant(sents, ("spillway",), None) == sents


def test_the_sql_keyword_test_lower_cases_as_python_does() -> None:
    """LIKE decides for ASCII keywords; the two characters whose Python lower case is ASCII (U+0130,
    U+212A) and other keywords go to Python: the same sentences as `keyword_mask` either way."""
    db = sqlite3.connect(":memory:")
    db.create_function("dl_has_keyword", 2, has_keyword)
    texts = ["The OIL spill", "turmoil", "Kelvin \u212aim", "nothing", "\u0130ran", "BP said", "\u00d6il", "a%b"]
    db.execute("CREATE TABLE s (text TEXT)")
    db.executemany("INSERT INTO s VALUES (?)", [(t,) for t in texts])
    for keywords in [("oil",), ("kim", "bp"), ("i\u0307ran",), ("p\u00e9trole", "\u00f6il"), ("a_b", "%")]:
        test, params = keyword_test(keywords)
        found = [r[0] for r in db.execute(f"SELECT text FROM s WHERE {test}", params)]
        assert found == [t for t, hit in zip(texts, keyword_mask(texts, keywords)) if hit]
