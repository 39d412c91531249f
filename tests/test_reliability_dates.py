"""Extreme publication dates (issue 17 points 2 and 3): skipped with a reason outside the accepted range,
and every date computation (tagger, timeline methods, coverage chart) safe at the range's ends."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from dateline.annotate import annotate
from dateline.api import build_timeline
from dateline.model import FIRST_DAY, LAST_DAY, Article, Query
from dateline.store import Store
from dateline.store.ingest import ingest_paths
from dateline.web import create_app
from dateline.web.chart import coverage_chart
from dateline.web.server import background_server

ROOT = Path(__file__).resolve().parents[1]
RELATIVE = ("The flood hit the valley yesterday and will recede tomorrow. The next day the levee held. "
            "A decade earlier the valley had flooded too, and next year a new levee will be built. "
            "Last week the river rose; next month it will fall. On Christmas the town will celebrate. "
            "Next quarter the budget comes, last century the valley was a lake, and in the next decade "
            "the levee will be raised. On Monday the mayor spoke, and on Friday she will speak again.")
METHODS = ("dateline", "datewise", "clust")


def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    """50 articles: 46 in 2021, two at the accepted range's ends, two outside it."""
    days = [dt.date(2021, 3, 1) + dt.timedelta(days=i % 20) for i in range(46)]
    days += [FIRST_DAY, LAST_DAY, dt.date(1, 1, 1), dt.date(9999, 12, 31)]
    path = tmp_path / "flood.jsonl"
    path.write_text("".join(
        json.dumps({"id": f"f{i}", "published": day.isoformat(), "url": f"https://example.org/{i}",
                    "text": f"Valley flood report {i}. {RELATIVE}"}) + "\n"
        for i, day in enumerate(days)), encoding="utf-8")
    return path, [d.isoformat() for d in days]


@pytest.fixture(scope="module")
def flood_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("dates")
    path, _ = corpus(tmp)
    db = tmp / "flood.db"
    report = ingest_paths([path], db)
    assert report.added == 48, report.summary()
    assert [(s.line, s.reason.split(" is outside")[0]) for s in report.skipped] == [
        (49, "published 0001-01-01"), (50, "published 9999-12-31")]
    assert "(1000-01-01 to 2999-12-31)" in report.skipped[0].reason
    return db


@pytest.mark.parametrize("day", [FIRST_DAY, LAST_DAY, dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_the_annotator_is_safe_at_and_past_the_ends(day: dt.date) -> None:
    sentences = annotate(Article("x", "", "", day, "", RELATIVE))
    for s in sentences:
        assert FIRST_DAY <= s.event_date <= LAST_DAY or s.event_date == day
        for ref in s.timerefs:
            assert ref.day is None or FIRST_DAY <= ref.day <= LAST_DAY
            assert 0 <= ref.start < ref.end <= len(s.text)


@pytest.mark.parametrize("method", METHODS)
def test_timelines_at_the_ends_of_the_range(flood_db: Path, method: str) -> None:
    tl = build_timeline("valley flood", flood_db, method=method)
    assert tl.entries
    for far in ((FIRST_DAY, FIRST_DAY), (LAST_DAY, LAST_DAY), (dt.date(1, 1, 1), dt.date(9999, 12, 31))):
        build_timeline(Query("valley flood", *far), flood_db, method=method)


def test_a_store_written_before_the_check_still_builds_timelines(tmp_path: Path) -> None:
    """main stored year-1 articles; the timeline methods then raised OverflowError on every query."""
    db = tmp_path / "old.db"
    with Store(db) as store:
        days = [dt.date(1, 1, 1), dt.date(9999, 12, 31)] + [dt.date(2021, 3, 1 + i % 3) for i in range(9)]
        for i, day in enumerate(days):
            a = Article(f"o{i}", "", "", day, "", f"Valley flood report {i}. {RELATIVE}")
            store.add([(a, annotate(a))])
    for method in METHODS:
        dates = build_timeline("valley flood", db, method=method).dates
        assert dates and all(d.year in (2020, 2021, 2022) for d in dates), (method, dates)


def test_web_timelines_and_chart_at_the_ends(flood_db: Path) -> None:
    app = create_app(flood_db, workers=0)
    with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        for method in METHODS:
            for params in ({}, {"from": "0001-01-01", "to": "9999-12-31"}, {"from": "2999-12-31"},
                           {"to": "1000-01-01"}):
                q = {"q": "valley flood", "method": method, **params}
                assert client.get("/api/timeline", params=q).status_code == 200, q
                page = client.get("/timeline", params=q)
                assert page.status_code == 200, q
        assert client.get("/api/stats").json()["first"] == "1000-01-01"
    app.state.corpus.close()


@pytest.mark.parametrize("marked", [(FIRST_DAY,), (LAST_DAY,), (FIRST_DAY, LAST_DAY)])
def test_the_chart_at_the_ends(marked: tuple[dt.date, ...]) -> None:
    chart = coverage_chart([(d, 3) for d in marked], marked)
    assert chart is not None and chart.first <= min(marked) and chart.last >= max(marked)


@pytest.mark.parametrize("pub", ["0001-01-01", "9999-12-31", "1000-01-01", "2999-12-31"])
def test_timex_command_at_extreme_dates(pub: str) -> None:
    out = subprocess.run([sys.executable, "-m", "dateline.cli", "timex", "--pub-date", pub], input="yesterday\n",
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Traceback" not in out.stderr and out.returncode == 0
    # the day before 0001-01-01 has no name: nothing found, said in one line
    assert out.stdout.strip() == "(no time expressions)" if pub == "0001-01-01" else "yesterday" in out.stdout
