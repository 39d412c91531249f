"""Ingest end to end on real files and real SQLite files: reports, idempotency, kill -9 and re-run, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import T17, need_shared

from dateline.model import Query
from dateline.store import Store
from dateline.store.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]

STORY = [
    "The dam at {place} was inspected on March 3, 2021.",
    "Engineers said the spillway at {place} had cracked two days ago.",
    "Residents downstream were told to stay alert until Friday.",
    "Officials at {place} will meet again next week.",
]


def write_jsonl(path: Path, n: int, start: int = 0, prefix: str = "art") -> Path:
    """`n` small dated articles, each with a different text, as JSONL."""
    day0 = dt.date(2021, 3, 1)
    with path.open("w", encoding="utf-8") as f:
        for i in range(start, start + n):
            text = " ".join(STORY).format(place=f"Site {i}")
            record = {"id": f"{prefix}{i}", "url": f"https://example.org/{i}", "title": f"Dam report {i}",
                      "published": (day0 + dt.timedelta(days=i % 60)).isoformat(), "text": text}
            f.write(json.dumps(record) + "\n")
    return path


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", *map(str, args), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)


def cli_popen(*args: str | Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "dateline.cli", "ingest", *map(str, args), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)


def counts(db: Path) -> tuple[int, int, int]:
    with Store(db, readonly=True) as s:
        st = s.stats()
    return st.articles, st.sentences, st.timerefs


def assert_consistent(db: Path) -> None:
    """Whole articles only: each article has exactly its sentences, every row has its parent, indexes agree."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        bad = con.execute(
            "SELECT count(*) FROM articles a WHERE n_sentences != (SELECT count(*) FROM sentences s "
            "WHERE s.article = a.pk AND s.id BETWEEN a.first_sentence AND a.first_sentence + a.n_sentences - 1)"
        ).fetchone()[0]
        assert bad == 0
        assert con.execute("SELECT count(*) FROM articles WHERE n_sentences = 0").fetchone()[0] == 0
        orphans = con.execute(
            "SELECT count(*) FROM sentences s LEFT JOIN articles a ON a.pk = s.article WHERE a.pk IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        for fts in ("article_fts", "sentence_fts"):
            con.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")  # raises when out of step
    finally:
        con.close()


def test_ingest_annotates_and_stores(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", 5)
    report = ingest_paths([src], tmp_path / "n.db")
    assert (report.read, report.added, report.duplicates, report.skipped) == (5, 5, 0, [])
    assert report.sentences == 20 and report.timerefs >= 15
    with Store(tmp_path / "n.db", readonly=True) as s:
        first = s.sentences("art0")
        assert [x.text for x in first] == [t.format(place="Site 0") for t in STORY]
        assert first[0].event_date == dt.date(2021, 3, 3) and first[0].date_source == "mention"
        assert first[0].title == "Dam report 0" and first[0].url == "https://example.org/0"
        assert {x.article_id for x in s.candidates(Query("spillway"))} == {f"art{i}" for i in range(5)}
    assert_consistent(tmp_path / "n.db")


def test_reingest_is_idempotent_by_id_and_by_text(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    src = write_jsonl(tmp_path / "a.jsonl", 30)
    first = ingest_paths([src], db, batch_size=7)
    assert (first.added, first.duplicates) == (30, 0)
    before = counts(db)
    again = ingest_paths([src], db, batch_size=7)
    assert (again.read, again.added, again.duplicates, again.sentences) == (30, 0, 30, 0)
    # The same texts under other ids (another export of the same articles) are duplicates too.
    copy = write_jsonl(tmp_path / "b.jsonl", 30, prefix="other")
    third = ingest_paths([copy], db)
    assert (third.added, third.duplicates) == (0, 30)
    assert counts(db) == before
    assert_consistent(db)


def test_progress_is_reported_after_each_batch(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", 25)
    calls: list[tuple[int, int | None]] = []
    ingest_paths([src], tmp_path / "n.db", batch_size=10, on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(10, None), (20, None), (25, None)]


def test_cli_reports_skipped_records_and_exit_status(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "feed.jsonl", 3)
    with src.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
        f.write(json.dumps({"id": "x", "published": "yesterday", "text": "Something."}) + "\n")
    run = cli(src, "--db", tmp_path / "n.db")
    assert run.returncode == 0, run.stderr
    assert "read 3 articles" in run.stderr and "added 3" in run.stderr and "skipped 2:" in run.stderr
    assert f"{src}:4: not valid JSON" in run.stderr and f"{src}:5:" in run.stderr

    again = cli(src, "--db", tmp_path / "n.db")
    assert again.returncode == 0 and "duplicates 3" in again.stderr

    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n[1, 2]\n", encoding="utf-8")
    nothing = cli(bad, tmp_path / "missing.txt", "--db", tmp_path / "m.db")
    assert nothing.returncode == 1
    assert "read 0 articles" in nothing.stderr and "skipped 3:" in nothing.stderr
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in nothing.stderr


def test_ingest_into_a_newer_store_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    run = cli(write_jsonl(tmp_path / "a.jsonl", 1), "--db", db)
    assert run.returncode == 2 and "schema version 99" in run.stderr and "Traceback" not in run.stderr


def _corpus(kind: str, tmp_path: Path) -> list[Path]:
    """A corpus big enough to take several batches: bpoil from Timeline17, or generated JSONL."""
    if kind == "t17":
        return sorted(need_shared(T17).glob("bpoil_*"))
    return [write_jsonl(tmp_path / f"part{k}.jsonl", 750, start=750 * k) for k in range(4)]


@pytest.mark.parametrize("kind", ["jsonl", "t17"])
def test_killed_ingest_is_consistent_and_a_rerun_completes_it(kind: str, tmp_path: Path) -> None:
    paths = _corpus(kind, tmp_path)
    db = tmp_path / "killed.db"
    proc = cli_popen(*paths, "--db", db)
    try:
        deadline = time.monotonic() + 120
        committed = 0
        while committed == 0:
            assert proc.poll() is None, "the ingest finished before it could be killed; use a bigger corpus"
            assert time.monotonic() < deadline, "no batch committed within 2 minutes"
            time.sleep(0.02)
            if db.exists():
                try:
                    committed = counts(db)[0]
                except Exception:  # the schema is being created  # noqa: BLE001
                    committed = 0
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    partial = counts(db)
    assert_consistent(db)

    rerun = cli(*paths, "--db", db)
    assert rerun.returncode == 0, rerun.stderr
    full = tmp_path / "full.db"
    straight = cli(*paths, "--db", full)
    assert straight.returncode == 0, straight.stderr

    assert 0 < partial[0] < counts(full)[0], "the kill should land between the first and the last batch"
    assert counts(db) == counts(full)
    assert f"duplicates {partial[0]}" in rerun.stderr
    assert_consistent(db)
    ids = "SELECT id, n_sentences FROM articles ORDER BY id"
    assert sqlite3.connect(db).execute(ids).fetchall() == sqlite3.connect(full).execute(ids).fetchall()


def test_timeline17_topic_end_to_end(tmp_path: Path) -> None:
    haiti = need_shared(T17 / "haiti_bbc")
    db = tmp_path / "haiti.db"
    run = cli(haiti, "--db", db)
    assert run.returncode == 0, run.stderr
    # 296 files; 10 of them are empty and are reported, not stored.
    assert "read 286 articles" in run.stderr and "skipped 10:" in run.stderr
    assert run.stderr.count("the article text is empty") == 10
    with Store(db, readonly=True) as s:
        st = s.stats()
        assert (st.articles, st.sources) == (286, {"haiti_bbc": 286})
        assert (st.first, st.last) == (dt.date(2010, 1, 12), dt.date(2010, 1, 31))
        got = s.candidates(Query("haiti earthquake", start=dt.date(2010, 1, 12), end=dt.date(2010, 1, 20)))
        assert got and all(dt.date(2010, 1, 12) <= x.published <= dt.date(2010, 1, 20) for x in got)
        assert all(x.source == "haiti_bbc" and x.article_id.startswith("haiti_bbc/") for x in got)
        assert sum(x.date_source == "mention" for x in got) > 0
    assert_consistent(db)
