"""Quotes stored at ingest and served: `Store.quotes`, `dateline quotes`, `timeline --quotes`, `/api/quotes`."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dateline.api import ingest
from dateline.cli import main
from dateline.model import Query
from dateline.store import Store
from dateline.web import create_app
from dateline.web.server import background_server

ARTICLES = [
    {
        "id": "a1", "url": "https://news.invalid/a1", "published": "2019-02-27", "title": "Summit opens in Hanoi",
        "text": "North Korean leader Kim Jong-un arrived in Hanoi for the summit.\n\n"
        "“I am ready to do my best,” Kim said. US President Donald Trump said the talks would go well.",
    },
    {
        "id": "a2", "url": "https://news.invalid/a2", "published": "2019-02-28", "title": "Summit ends without a deal",
        "text": "The summit ended without agreement, according to the White House.\n\n"
        "\"Sometimes you have to walk,\" Trump told reporters. Mr Kim said nothing in public.\n\n"
        "KCNA said the talks had been constructive.",
    },
    {
        "id": "a3", "url": "https://news.invalid/a3", "published": "2019-03-01", "title": "Weather",
        "text": "“It will rain all week,” forecaster Ann Lee said.",
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quotes")
    src = folder / "articles.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    path = folder / "news.db"
    ingest([src], path)
    return path


def test_ingest_stores_quotes_with_their_speakers(db: Path) -> None:
    with Store(db, readonly=True) as store:
        records = store.quotes(Query("summit"))
    said = {(r.article_id, r.quote.resolved, r.quote.kind) for r in records}
    assert ("a1", "Kim Jong-un", "direct") in said
    assert ("a1", "Donald Trump", "indirect") in said
    assert ("a2", "White House", "indirect") in said
    assert ("a2", "KCNA", "indirect") in said
    assert all(r.article_id != "a3" for r in records), "only the topic's articles"
    for r in records:
        assert r.quote.text and r.published.isoformat() in ("2019-02-27", "2019-02-28")


@pytest.mark.parametrize("name", ["Kim Jong Un", "kim jong-un", "Kim", "Mr Kim"])
def test_one_speaker_under_any_spelling(db: Path, name: str) -> None:
    with Store(db, readonly=True) as store:
        records = store.quotes(Query(""), speaker=name)
    assert [r.quote.text for r in records] == ["I am ready to do my best"]


def test_speaker_filter_does_not_match_inside_words_and_dates_bound_the_search(db: Path) -> None:
    with Store(db, readonly=True) as store:
        assert store.quotes(Query(""), speaker="Trum") == []
        trump = store.quotes(Query("", start=__import__("datetime").date(2019, 2, 28)), speaker="Trump")
    assert [r.quote.text for r in trump] == ["Sometimes you have to walk"]


def test_cli_quotes_groups_by_day_and_speaker(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "summit", "--db", str(db), "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    days = {d["date"]: [s["speaker"] for s in d["speakers"]] for d in body["days"]}
    assert "Kim Jong-un" in days["2019-02-27"] and "Donald Trump" in days["2019-02-28"]
    assert main(["quotes", "summit", "--db", str(db), "--speaker", "Kim Jong Un"]) == 0
    out = capsys.readouterr().out
    assert "Kim Jong-un" in out and "I am ready to do my best" in out and "Trump" not in out


def test_cli_quotes_reports_a_bad_span_in_one_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "x", "--db", str(db), "--from", "2019-03-02", "--to", "2019-03-01"]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_timeline_entries_list_that_days_quotes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["timeline", "summit", "--db", str(db), "--dates", "2", "--format", "json", "--quotes"]) == 0
    body = json.loads(capsys.readouterr().out)
    for entry in body["entries"]:
        assert "quotes" in entry
        for group in entry["quotes"]:
            assert all(q["published"] == entry["date"] for q in group["quotes"])
    assert any(entry["quotes"] for entry in body["entries"])


def test_a_store_without_the_quotes_table_answers_with_no_quotes(tmp_path: Path, db: Path) -> None:
    old = tmp_path / "old.db"
    old.write_bytes(db.read_bytes())
    con = sqlite3.connect(old)
    con.execute("DROP TABLE quotes")
    con.commit()
    con.close()
    with Store(old, readonly=True) as store:
        assert store.quotes(Query("summit")) == []
    with Store(old) as store:  # a writer adds the table
        assert store.quotes(Query("summit")) == []


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[httpx.Client]:
    app = create_app(db, workers=0)
    with background_server(app) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c
    app.state.corpus.close()


def test_api_quotes_is_the_cli_json(client: httpx.Client, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = client.get("/api/quotes", params={"q": "summit", "speaker": "Kim"})
    assert r.status_code == 200
    assert main(["quotes", "summit", "--db", str(db), "--speaker", "Kim", "--format", "json"]) == 0
    assert r.json() == json.loads(capsys.readouterr().out)


def test_api_quotes_rejects_bad_parameters(client: httpx.Client) -> None:
    r = client.get("/api/quotes", params={"from": "2019-03-02", "to": "2019-03-01"})
    assert r.status_code == 422 and "swap" in r.json()["errors"][0]["message"]
    assert client.get("/api/quotes", params={"kind": "rumour"}).status_code == 422


def test_the_timeline_page_lists_each_dates_quotes_by_speaker(client: httpx.Client) -> None:
    page = client.get("/timeline", params={"q": "summit", "dates": 2}).text
    assert 'class="quotes"' in page and "Who said what that day" in page
    assert "Kim Jong-un" in page and "I am ready to do my best" in page


def test_quotes_of_given_days_only(db: Path) -> None:
    day = __import__("datetime").date(2019, 2, 27)
    with Store(db, readonly=True) as store:
        records = store.quotes(Query("summit"), days=[day])
    assert records and {r.published for r in records} == {day}
    assert all(r.quote.text == r.quote.text.strip() and r.quote.end - r.quote.start == len(r.quote.text) for r in records)


def test_store_lists_the_speakers_of_a_topic_most_quoted_first(db: Path) -> None:
    with Store(db, readonly=True) as store:
        speakers = dict(store.speakers(Query("summit")))
        assert store.speakers(Query("weather")) == [("Ann Lee", 1)]
    assert speakers["Donald Trump"] == 1 and speakers["Trump"] == 1 and speakers["Kim Jong-un"] == 1
    assert not {"he", "she", "it", "they"} & {name.lower() for name in speakers}


def test_a_full_name_finds_the_quotes_of_an_article_that_says_only_the_surname(db: Path) -> None:
    with Store(db, readonly=True) as store:
        full = {r.quote.text for r in store.quotes(Query(""), speaker="Donald Trump")}
        surname = {r.quote.text for r in store.quotes(Query(""), speaker="Trump")}
    assert "Sometimes you have to walk" in full and "the talks would go well" in full
    assert full == surname


def test_cli_quotes_by_month_is_the_api(client: httpx.Client, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "", "--db", str(db), "--speaker", "Trump", "--by", "month", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert [m["month"] for m in cli["months"]] == ["2019-02"]
    assert client.get("/api/quotes", params={"speaker": "Trump", "by": "month"}).json() == cli
    assert main(["quotes", "", "--db", str(db), "--speaker", "Trump", "--by", "month"]) == 0
    text = capsys.readouterr().out
    assert "2019-02\n" in text and "2019-02-28" in text  # a month, and each quote's own day


def test_the_speaker_page_is_one_speakers_quotes_month_by_month(client: httpx.Client) -> None:
    r = client.get("/speaker", params={"name": "Kim Jong Un"})
    assert r.status_code == 200
    page = r.text
    assert "What Kim Jong Un said, month by month" in page and "February 2019" in page
    assert "I am ready to do my best" in page
    assert "Sometimes you have to walk" not in page and "It will rain all week" not in page
    link = re.search(r'<a href="(/api/quotes\?[^"]+)">JSON</a>', page)[1].replace("&amp;", "&")
    months = client.get(link).json()["months"]
    assert [q["text"] for m in months for g in m["speakers"] for q in g["quotes"]] == ["I am ready to do my best"]
    assert "No quotes" in client.get("/speaker", params={"name": "Nobody Atall"}).text
    assert client.get("/speaker", params={"name": " "}).status_code == 422


def test_the_timeline_page_filters_its_quotes_by_speaker(client: httpx.Client) -> None:
    page = client.get("/timeline", params={"q": "summit", "dates": 2}).text
    options = re.findall(r'<option value="([^"]+)"', page)
    assert "Donald Trump" in options and "Kim Jong-un" in options
    assert 'href="/speaker?name=Kim+Jong-un&amp;q=summit"' in page  # each speaker leads to their own timeline
    only = client.get("/timeline", params={"q": "summit", "dates": 2, "speaker": "Donald Trump"}).text
    assert "the talks would go well" in only
    assert "I am ready to do my best" not in only
    assert '<details class="quotes" open>' in only
    assert re.search(r'<option value="Donald Trump" selected>', only)
    assert "What Donald Trump said, month by month" in only
