"""Nothing lost, nothing crashes (issue 17): one bad record costs only itself, at every stage of ingest.

Each test reproduces a failure of the reliability campaign on real files and real SQLite stores.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from dateline.annotate.timex import RuleTagger
from dateline.model import Query, TimeRef
from dateline.store import Store
from dateline.store.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
TEXT = "The dam at Site {i} was inspected on March 3, 2021. Engineers said it had cracked two days ago."


def record(i: int, **fields: str) -> dict[str, str]:
    return {"id": f"a{i}", "url": f"https://example.org/{i}", "title": f"Dam {i}", "published": "2021-03-05",
            "text": TEXT.format(i=i), **fields}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def stored_ids(db: Path) -> set[str]:
    with Store(db, readonly=True) as store:
        return {s.article_id for s in store.candidates(Query(""))}


def test_a_lone_surrogate_costs_only_its_line(tmp_path: Path) -> None:
    """Line 700 of 1,200 holds valid JSON with a lone surrogate: main lost 700 articles and crashed."""
    lines = [json.dumps(record(i)) for i in range(1, 1201)]
    lines[699] = json.dumps(record(700)).replace("Site 700", "Site \\ud800 700")
    assert "\\ud800" in lines[699]
    path = write_lines(tmp_path / "news.jsonl", lines)
    report = ingest_paths([path], tmp_path / "s.db")
    assert (report.added, report.read, report.duplicates) == (1199, 1199, 0)
    assert [(s.path, s.line) for s in report.skipped] == [(str(path), 700)]
    assert "surrogate" in report.skipped[0].reason and "text" in report.skipped[0].reason
    ids = stored_ids(tmp_path / "s.db")
    assert len(ids) == 1199 and "a700" not in ids and {"a699", "a701", "a1200"} <= ids


def test_the_cli_reports_the_bad_line_without_a_traceback(tmp_path: Path) -> None:
    lines = [json.dumps(record(i)) for i in range(1, 4)]
    lines[1] = json.dumps(record(2, title="bad \ud800 title"))
    path = write_lines(tmp_path / "news.jsonl", lines)
    out = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(path), "--db", str(tmp_path / "s.db"),
                          "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert f"{path}:2: the title holds a lone surrogate" in out.stderr
    assert "added 2 " in out.stderr


class _FailsOn(RuleTagger):
    """The real tagger, made to fail (or to return something unstorable) on one article's text."""

    def __init__(self, marker: str, unstorable: bool = False) -> None:
        super().__init__()
        self.marker, self.unstorable = marker, unstorable

    def tag(self, text: str, dct: dt.date) -> list[TimeRef]:
        if self.marker not in text:
            return super().tag(text, dct)
        if self.unstorable:  # a string SQLite cannot take: the store, not annotation, fails
            return [TimeRef("\udc80", 0, 1, "2021-03-05", "day")]
        raise RuntimeError("tagger bug")


def test_an_article_the_annotator_fails_on_costs_only_itself(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "news.jsonl", [json.dumps(record(i)) for i in range(1, 11)])
    report = ingest_paths([path], tmp_path / "s.db", batch_size=4, tagger=_FailsOn("Site 6 "))
    assert report.added == 9 and report.read == 9
    (skip,) = report.skipped
    assert (skip.path, skip.line) == (str(path), 6)
    assert "annotating article 'a6' failed (RuntimeError: tagger bug)" in skip.reason
    assert len(stored_ids(tmp_path / "s.db")) == 9


def test_an_article_the_store_fails_on_costs_only_itself(tmp_path: Path) -> None:
    """The batch's transaction fails; its other articles are then stored one by one."""
    path = write_lines(tmp_path / "news.jsonl", [json.dumps(record(i)) for i in range(1, 11)])
    report = ingest_paths([path], tmp_path / "s.db", batch_size=4, tagger=_FailsOn("Site 3 ", unstorable=True))
    assert (report.added, report.duplicates) == (9, 0)
    (skip,) = report.skipped
    assert (skip.path, skip.line) == (str(path), 3)
    assert "storing article 'a3' failed (UnicodeEncodeError" in skip.reason
    ids = stored_ids(tmp_path / "s.db")
    assert len(ids) == 9 and "a3" not in ids
    # the report counts only what was stored
    with Store(tmp_path / "s.db", readonly=True) as s:
        assert s.stats().sentences == report.sentences


def test_a_reader_that_fails_part_way_costs_only_the_rest_of_its_file(tmp_path: Path) -> None:
    """Any reader, present or future, is passed through `checked`: its failure becomes a Skipped."""
    from dateline.model import Article
    from dateline.sources.common import checked

    def reader() -> Iterator[Article]:
        yield Article("x1", "", "", dt.date(2021, 3, 5), "", "Fine text.")
        raise ValueError("reader bug")

    path = tmp_path / "feed.xml"
    first, failed = list(checked(path, reader()))
    assert isinstance(first, Article) and first.origin == (str(path), None)
    assert (failed.path, failed.line) == (str(path), None)
    assert "the reader failed (ValueError: reader bug)" in failed.reason


def test_concurrent_ingests_report_only_what_each_stored(tmp_path: Path) -> None:
    """Another ingest stores the same articles while this one annotates them (after its duplicate
    check): main reported their sentences in both runs."""
    path = write_lines(tmp_path / "news.jsonl", [json.dumps(record(i)) for i in range(1, 6)])
    db = tmp_path / "s.db"
    other = []

    class Racing(RuleTagger):
        def tag(self, text: str, dct: dt.date) -> list[TimeRef]:
            if not other:  # the other run, complete, between this run's duplicate check and its commit
                other.append(ingest_paths([path], db))
            return super().tag(text, dct)

    mine = ingest_paths([path], db, tagger=Racing())
    (theirs,) = other
    assert (theirs.added, mine.added, mine.duplicates) == (5, 0, 5)
    assert (mine.sentences, mine.timerefs) == (0, 0)
    with Store(db, readonly=True) as s:
        assert s.stats().sentences == theirs.sentences + mine.sentences


def test_an_article_the_quote_extractor_fails_on_costs_only_itself(tmp_path: Path, monkeypatch) -> None:
    import dateline.store.ingest as ingest_module

    real = ingest_module.extract_quotes

    def failing(text: str):  # the real extractor, failing on one article (a stand-in for a bug)
        if "Site 4 " in text:
            raise RuntimeError("quote bug")
        return real(text)

    monkeypatch.setattr(ingest_module, "extract_quotes", failing)
    path = write_lines(tmp_path / "news.jsonl", [json.dumps(record(i)) for i in range(1, 8)])
    report = ingest_paths([path], tmp_path / "s.db", batch_size=3)
    assert (report.added, report.read, report.duplicates) == (6, 6, 0)
    assert [(s.line, "quote bug" in s.reason) for s in report.skipped] == [(4, True)]
    assert "a4" not in stored_ids(tmp_path / "s.db")
