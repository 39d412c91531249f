"""news-please output (its own example file, tests/data/newsplease) read into Articles; damaged variants skipped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import ROOT
from dateline.model import Article, Skipped
from dateline.sources import read

SAMPLE = ROOT / "tests" / "data" / "newsplease" / "rt-minsk.json"


def test_news_please_article() -> None:
    [article] = read([SAMPLE])
    assert article == Article(
        id="https://www.rt.com/news/203203-ukraine-russia-troops-border/",
        url="https://www.rt.com/news/203203-ukraine-russia-troops-border/",
        source="rt.com",
        published=dt.date(2017, 7, 17),
        title="Moscow to Kiev: Stick to Minsk ceasefire, stop making false \u2018invasion\u2019 claims",
        text=json.loads(SAMPLE.read_text())["maintext"],
        language="en",  # the record's "language"
    )


def test_minified_list_and_damaged_records(tmp_path: Path) -> None:
    good = json.loads(SAMPLE.read_text())
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "one-line.json").write_text(json.dumps(good))  # news-please written without indentation
    undated = {**good, "date_publish": None, "url": "https://www.rt.com/news/other/"}
    bad_date = {**good, "date_publish": "last Tuesday", "url": "https://www.rt.com/news/third/"}
    (folder / "list.json").write_text(json.dumps([undated, bad_date, {**good, "maintext": ""}], indent=2))
    (folder / "broken.json").write_text(SAMPLE.read_text()[:300])
    items = list(read([folder]))
    assert [a.published for a in items if isinstance(a, Article)] == [dt.date(2017, 7, 17)]
    reasons = sorted((Path(s.path).name, s.line, s.reason.split(";")[0]) for s in items if isinstance(s, Skipped))
    assert reasons == [
        ("broken.json", 6, "not valid JSON (Unterminated string starting at at column 18)"),
        ("list.json", 1, "date_publish is missing"),
        ("list.json", 2, "date_publish is 'last Tuesday', not a date"),
        ("list.json", 3, "the article text is empty"),
    ]
