"""The store on real SQLite files: schema and version, round trips, candidates, search, coverage, stats."""

from __future__ import annotations

import datetime as dt
import sqlite3
from array import array
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.model import Article, Query, Sentence, Skipped, TimeRef
from dateline.store import SCHEMA_VERSION, IngestReport, Store, content_hash
from dateline.text import letter_runs

D = dt.date


def article(id_: str, published: dt.date, text: str, source: str = "wire", title: str = "") -> Article:
    return Article(id_, f"https://example.org/{id_}", source, published, title, text)


def sentences_of(a: Article) -> list[Sentence]:
    """One sentence per line; a line mentioning '12 January 2010' carries that date as a time expression."""
    out = []
    for i, line in enumerate(a.text.splitlines()):
        refs: tuple[TimeRef, ...] = ()
        if "12 January 2010" in line:
            start = line.index("12 January 2010")
            refs = (TimeRef("12 January 2010", start, start + 15, "2010-01-12", "day"),
                    TimeRef("2010", start + 11, start + 15, "2010", "year"))
        day = refs[0].day if refs else None
        out.append(Sentence(a.id, i, line, a.published, day or a.published, "mention" if day else "published",
                            refs, a.source, a.url, a.title))
    return out


CORPUS = [
    article("a1", D(2010, 1, 13),
            "A strong earthquake struck Haiti.\nThe quake hit on 12 January 2010 near the capital.",
            title="Quake in Haiti"),
    article("a2", D(2010, 1, 15), "Aid flights reached Port-au-Prince.\nDoctors are short of supplies.", source="bbc",
            title="Earthquake aid"),
    article("a3", D(2010, 4, 21), "Oil leaked from the well in the Gulf.\nBP said the spill was contained."),
    article("a4", D(2010, 1, 14), "Rescue teams searched collapsed buildings in Haiti.\nHope faded.", source="bbc"),
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "news.db") as s:
        s.add((a, sentences_of(a)) for a in CORPUS)
    s = Store(tmp_path / "news.db", readonly=True)
    yield s
    s.close()


def test_new_store_has_schema_version_wal_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert {"articles", "sentences", "timerefs", "article_fts", "sentence_fts"} <= tables


def test_store_from_a_newer_dateline_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    for readonly in (False, True):
        with pytest.raises(DatelineError, match=f"schema version {SCHEMA_VERSION + 1}.*upgrade Dateline"):
            Store(path, readonly=readonly)


def test_a_store_from_before_sentence_ranges_asks_to_be_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("DROP INDEX articles_days")  # the table as it was then
        db.execute("ALTER TABLE articles DROP COLUMN first_sentence")
    for readonly in (True, False):
        with pytest.raises(DatelineError, match="rebuild it with: dateline ingest"):
            Store(path, readonly=readonly)


def old_store(path: Path, version: int, articles: list[Article]) -> None:
    """A store file as Dateline wrote it at schema `version`: the columns added since are dropped."""
    with Store(path) as s:
        s.add((a, sentences_of(a)) for a in articles)
    db = sqlite3.connect(path)
    if version < 5:  # version 4 kept no words of the per-day rows
        db.execute("ALTER TABLE mentions DROP COLUMN words")
        db.execute("DROP TABLE words")
    if version < 4:  # version 3 had no per-day table
        db.execute("DROP TABLE mentions")
        db.execute("DROP INDEX articles_days")
    if version < 3:  # version 2 kept neither the page's language nor when an article was stored
        db.execute("ALTER TABLE articles DROP COLUMN language")
        db.execute("ALTER TABLE articles DROP COLUMN added")
    if version < 2:  # version 1 had no type column: its expressions were all dates
        db.execute("ALTER TABLE timerefs DROP COLUMN type")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


def test_a_version_1_store_reads_its_expressions_as_dates_and_is_migrated_when_written(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    old_store(path, 1, [CORPUS[0]])
    with Store(path, readonly=True) as s:
        assert s.sentences("a1") == sentences_of(CORPUS[0])
    with Store(path) as s:
        s.add([(CORPUS[1], sentences_of(CORPUS[1]))])
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
    assert [r[0] for r in db.execute("SELECT type FROM timerefs")] == ["DATE", "DATE"]
    named = [(s.index, d.isoformat()) for a in CORPUS[:2] for s in sentences_of(a) for d in set(s.mentioned_days)]
    assert named  # filled from the days the first article's sentences name, then the second's as added
    assert sorted(db.execute("SELECT idx, day FROM mentions")) == sorted(named)
    words = dict(db.execute("SELECT id, word FROM words"))  # each row's words, from its sentence's text
    texts = {(s.index, d.isoformat()): s.text for a in CORPUS[:2] for s in sentences_of(a) for d in s.mentioned_days}
    assert all([words[i] for i in array("I", blob)] == letter_runs(texts[(idx, day)])
               for idx, day, blob in db.execute("SELECT idx, day, words FROM mentions"))
    db.close()


def test_a_version_4_store_gains_the_words_of_every_row_batch_by_batch(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The words migration reads a batch of articles at a time (memory flat in the store's size): with
    batches of one article, every article's rows still get their words, and no other's."""
    from dateline.store import schema

    path = tmp_path / "v4.db"
    old_store(path, 4, CORPUS)
    monkeypatch.setattr(schema, "_MIGRATION_BATCH", 1)
    with Store(path):
        pass
    db = sqlite3.connect(path)
    words = dict(db.execute("SELECT id, word FROM words"))
    rows = db.execute("SELECT a.id, s.text, m.words FROM mentions m JOIN sentences s ON s.id = m.sentence "
                      "JOIN articles a ON a.pk = m.article").fetchall()
    db.close()
    assert {article for article, *_ in rows} == {a.id for a in CORPUS if any(sentence.mentioned_days
                                                                              for sentence in sentences_of(a))}
    assert all([words[i] for i in array("I", blob)] == letter_runs(text) for _, text, blob in rows)


def test_a_version_2_store_reads_without_language_and_time_and_gains_them_when_written(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    german = replace(CORPUS[1], language="de")
    old_store(path, 2, [CORPUS[0]])
    with Store(path, readonly=True) as s:  # read as it is: nothing known of language or time
        assert s.article("a1") == CORPUS[0] and s.article("a1").language == ""
        assert (s.revision(), s.changed()) == (1, None)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with Store(path) as s:
        s.add([(german, sentences_of(german))])
    after = dt.datetime.now(dt.timezone.utc)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT id, language, added IS NULL FROM articles ORDER BY pk").fetchall() == [
        ("a1", "", 1), ("a2", "de", 0)]
    db.close()
    with Store(path, readonly=True) as s:
        assert s.article("a2") == german and s.article("a2").language == "de"
        assert s.revision() == 2 and before <= s.changed() <= after
        assert (s.added_since(1), s.added_since(2), s.new_among(1, ["a1", "a2", "zz"])) == (1, 0, {"a2"})


def test_other_files_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(DatelineError, match="not a Dateline store"):
        Store(other)
    text = tmp_path / "notes.txt"
    text.write_text("this is not a database, just some text that is long enough " * 20)
    with pytest.raises(DatelineError, match="not a Dateline store"):
        Store(text)
    with pytest.raises(DatelineError, match="no store at .*dateline ingest"):
        Store(tmp_path / "missing.db", readonly=True)


def test_add_and_read_back(store: Store) -> None:
    for a in CORPUS:
        assert store.article(a.id) == a
        assert store.sentences(a.id) == sentences_of(a)
    assert store.article("nope") is None
    assert store.sentences("nope") == []
    s = store.sentences("a1")[1]
    assert s.event_date == D(2010, 1, 12) and s.date_source == "mention"
    assert [r.value for r in s.timerefs] == ["2010-01-12", "2010"]


def test_add_counts_duplicates_by_id_and_by_text(tmp_path: Path) -> None:
    with Store(tmp_path / "d.db") as s:
        assert s.add((a, sentences_of(a)) for a in CORPUS[:2]) == (2, 0)
        same_id = article("a1", D(2011, 1, 1), "Different text under an existing id.")
        same_text = article("b9", D(2010, 1, 13), "  A strong earthquake struck Haiti.\n\n The quake hit on 12 January"
                            " 2010 near the capital.\n")
        repeated = article("c1", D(2010, 2, 1), "A new article.")
        batch = [same_id, same_text, repeated, repeated, CORPUS[2]]
        assert s.unseen(batch) == [repeated, CORPUS[2]]
        assert s.add((a, sentences_of(a)) for a in batch) == (2, 3)
        assert s.stats().articles == 4
        assert s.article("a1") == CORPUS[0]


def test_content_hash_ignores_whitespace_only() -> None:
    assert content_hash("Hello  world.\n") == content_hash("Hello world.")
    assert content_hash("Hello world.") != content_hash("Hello world!")


def test_a_failed_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    with Store(tmp_path / "f.db") as s:
        good = CORPUS[0]
        bad = Sentence("a2", 0, "x", D(2010, 1, 1), D(2010, 1, 1), "guessed", ())  # type: ignore[arg-type]
        with pytest.raises(sqlite3.IntegrityError):
            s.add([(good, sentences_of(good)), (CORPUS[1], [bad])])
        assert s.stats().articles == 0 and s.stats().sentences == 0
        assert s.add([(good, sentences_of(good))]) == (1, 0)


def test_candidates_match_any_term_in_text_or_title_and_return_whole_articles(store: Store) -> None:
    got = store.candidates(Query("haiti earthquake"))
    assert [(s.article_id, s.index) for s in got] == [("a1", 0), ("a1", 1), ("a4", 0), ("a4", 1), ("a2", 0), ("a2", 1)]
    a2 = got[4]  # matched by its title only
    assert (a2.source, a2.url, a2.title) == ("bbc", "https://example.org/a2", "Earthquake aid")
    assert a2.published == D(2010, 1, 15)
    assert got[1].timerefs == sentences_of(CORPUS[0])[1].timerefs
    # "spill" matches only a3; "quake" matches "quake" in a1 and, as a word beginning, nothing else.
    assert {s.article_id for s in store.candidates(Query("the spill"))} == {"a3"}
    assert {s.article_id for s in store.candidates(Query("quake"))} == {"a1"}
    assert {s.article_id for s in store.candidates(Query("port-au-prince"))} == {"a2"}
    assert store.candidates(Query("volcano")) == []


def test_articles_are_matched_in_timeline_order_and_their_sentences_loaded_by_key(store: Store) -> None:
    q = Query("haiti earthquake")
    pks = store.matching_articles(q)
    by_key = store.article_sentences(pks)
    assert [by_key[pk][0].article_id for pk in pks] == ["a1", "a4", "a2"]  # published, then id
    assert [s for pk in pks for s in by_key[pk]] == store.candidates(q)
    assert by_key[pks[0]] == tuple(sentences_of(CORPUS[0]))  # every field, time expressions included
    assert store.article_sentences(pks[1:2]).keys() == {pks[1]}
    assert store.article_sentences([]) == {} and store.article_sentences([10**6]) == {}


def test_sentences_come_back_in_order_with_their_time_expressions(store: Store) -> None:
    assert store.sentences("a1") == sentences_of(CORPUS[0])
    assert store.sentences("missing") == []
    hit = store.search("quake capital")
    assert hit == [sentences_of(CORPUS[0])[1]]


def test_candidates_keep_the_date_window(store: Store) -> None:
    q = Query("haiti earthquake", start=D(2010, 1, 14), end=D(2010, 1, 14))
    assert {s.article_id for s in store.candidates(q)} == {"a4"}
    assert {s.article_id for s in store.candidates(Query("haiti", start=D(2010, 1, 14)))} == {"a4"}
    assert {s.article_id for s in store.candidates(Query("haiti", end=D(2010, 1, 13)))} == {"a1"}


def test_a_query_without_topic_words_takes_every_article_in_the_window(store: Store) -> None:
    got = store.candidates(Query("the of", start=D(2010, 1, 1), end=D(2010, 1, 31)))
    assert {s.article_id for s in got} == {"a1", "a2", "a4"}


def test_query_syntax_is_never_interpreted(store: Store) -> None:
    for text in ['"haiti', "haiti AND", "NEAR(haiti", "*", "haiti OR -", "a:b"]:
        store.candidates(Query(text))
        store.search(text)


def test_search_ranks_sentences_by_bm25(store: Store) -> None:
    got = store.search("oil spill gulf")
    assert [(s.article_id, s.index) for s in got] == [("a3", 0), ("a3", 1)]
    assert len(store.search("haiti", limit=1)) == 1
    assert store.search("") == []


def test_coverage_counts_matching_articles_per_day(store: Store) -> None:
    days = [(D(2010, 1, 13), 1), (D(2010, 1, 14), 1), (D(2010, 1, 15), 1)]
    assert store.coverage(Query("haiti earthquake")) == days
    assert store.coverage(Query("haiti", end=D(2010, 1, 13))) == [(D(2010, 1, 13), 1)]


def test_stats(store: Store, tmp_path: Path) -> None:
    st = store.stats()
    assert (st.articles, st.sentences, st.timerefs) == (4, 8, 2)
    assert st.sources == {"bbc": 2, "wire": 2}
    assert (st.first, st.last) == (D(2010, 1, 13), D(2010, 4, 21))
    with Store(tmp_path / "empty.db") as empty:
        st = empty.stats()
        assert (st.articles, st.sentences, st.sources, st.first, st.last) == (0, 0, {}, None, None)


def test_readonly_store_refuses_writes(store: Store) -> None:
    with pytest.raises(DatelineError, match="read-only"):
        store.add([(CORPUS[0], [])])
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store._db.execute("DELETE FROM articles")


def test_a_reader_sees_committed_batches_while_a_writer_is_open(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    with Store(path) as writer:
        writer.add([(CORPUS[0], sentences_of(CORPUS[0]))])
        with Store(path, readonly=True) as reader:
            assert reader.stats().articles == 1
            writer.add([(CORPUS[1], sentences_of(CORPUS[1]))])
            assert reader.stats().articles == 2


def test_ingest_report_summary_lists_skipped_records() -> None:
    report = IngestReport(read=30, added=25, duplicates=5, seconds=2.0, sentences=300, timerefs=40,
                          skipped=[Skipped("feed.jsonl", n, "bad JSON") for n in range(1, 26)])
    text = report.summary()
    assert "read 30 articles" in text and "15 articles/s" in text
    assert "added 25" in text and "duplicates 5" in text and "skipped 25" in text
    assert "  feed.jsonl:1: bad JSON" in text and "  feed.jsonl:20: bad JSON" in text
    assert "feed.jsonl:21:" not in text and "... and 5 more" in text
    assert "skipped 0" in IngestReport().summary()
