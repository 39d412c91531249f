"""The web app under change and under hostile requests (issue 17 points 6, 8, 9): caches that never go
stale, bounded queries, headers and links that browsers cannot misread. Real server, real store files."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from dateline.api import build_timeline, ingest
from dateline.render import render
from dateline.web import create_app
from dateline.web.server import background_server

ARTICLE = {"published": "2021-03-0{day}", "source": "Portmere Post",
           "text": "The old lighthouse number {i} was repainted on Tuesday. The lighthouse keeper was pleased."}


def write_article(folder: Path, i: int) -> Path:
    path = folder / f"light{i}.jsonl"
    record = {"id": f"light/{i}", **{k: v.format(i=i, day=1 + i % 9) for k, v in ARTICLE.items()}}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def make_store(folder: Path, n: int = 3) -> Path:
    db = folder / "news.db"
    for i in range(n):
        assert ingest([write_article(folder, i)], db).added == 1
    return db


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, httpx.Client]]:
    db = make_store(tmp_path)
    app = create_app(db, workers=0)
    with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield db, client
    app.state.corpus.close()


def test_the_cache_sees_every_ingest_while_another_connection_holds_the_store(
        served: tuple[Path, httpx.Client], tmp_path: Path) -> None:
    """main keyed the cache by the files' size and time, which SQLite's reused log does not change."""
    db, client = served
    holder = sqlite3.connect(db)  # e.g. a notebook or sqlite3 shell left open on the store
    holder.execute("SELECT count(*) FROM articles").fetchone()  # (sqlite3 opens the file at first use)
    try:
        # A larger ingest, checkpointed as SQLite does after every 1,000 pages: later commits then reuse
        # the write-ahead log from its start, so neither file changes its size, nor the store its mtime.
        filler = tmp_path / "filler.jsonl"
        filler.write_text("".join(json.dumps({"id": f"f{i}", "published": "2021-02-01", "text": f"Filler {i}. " * 40})
                                  + "\n" for i in range(300)), encoding="utf-8")
        assert ingest([filler], db).added == 300
        assert holder.execute("PRAGMA wal_checkpoint").fetchone()[0] == 0
        params = {"q": "harbour", "dates": 5}
        assert client.get("/api/timeline", params=params).json()["entries"] == []
        assert client.get("/api/search", params={"q": "harbour"}).json()["results"] == []
        before = client.get("/api/stats").json()["articles"]
        for i in range(5):
            path = tmp_path / f"harbour{i}.jsonl"
            path.write_text(json.dumps({"id": f"harbour/{i}", "published": f"2021-04-0{i + 1}",
                                        "text": f"The harbour wall number {i} fell on April {i + 1}, 2021."}) + "\n",
                            encoding="utf-8")
            assert ingest([path], db).added == 1
            response = client.get("/api/timeline", params=params)
            assert response.headers["x-dateline-cache"] == "miss", i
            cli = build_timeline("harbour", db, dates=5)  # what `dateline timeline` shows
            assert response.json() == json.loads(render(cli, "json")) and cli.entries, i
            assert len(client.get("/api/search", params={"q": "harbour"}).json()["results"]) == i + 1
            assert client.get("/api/stats").json()["articles"] == before + i + 1
        assert client.get("/api/timeline", params=params).headers["x-dateline-cache"] == "hit"
    finally:
        holder.close()


def test_counts_and_searches_are_computed_once_per_store_version(tmp_path: Path) -> None:
    """main counted every sentence of the store on each view of /, /timeline and /api/stats (0.17 s at
    100k articles) and ran every search again."""
    db = make_store(tmp_path)
    app = create_app(db, workers=0)
    corpus = app.state.corpus
    with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        first = corpus.stats()
        for path in ("/", "/api/stats", "/timeline?q=lighthouse"):
            assert client.get(path).status_code == 200
        assert corpus.stats() is first
        for _ in range(3):
            assert client.get("/api/search", params={"q": "lighthouse keeper"}).json()["results"]
        assert (corpus.searches.misses, corpus.searches.hits) == (1, 2)
        for _ in range(2):
            assert client.get("/timeline", params={"q": "lighthouse keeper", "dates": 3}).status_code == 200
        assert corpus.coverages.misses == 2 and corpus.coverages.hits >= 1  # ("lighthouse" above, then these)
        assert ingest([write_article(tmp_path, 7)], db).added == 1
        assert client.get("/api/stats").json()["articles"] == first.articles + 1
        assert len(client.get("/api/search", params={"q": "lighthouse keeper", "limit": 50}).json()["results"]) == 8
    app.state.corpus.close()


def test_every_answer_says_nosniff(served: tuple[Path, httpx.Client]) -> None:
    db, client = served
    answers = [client.get(path) for path in (
        "/", "/timeline?q=lighthouse", "/api/stats", "/api/timeline?q=lighthouse",
        "/api/timeline?q=lighthouse&format=md",
        "/api/search?q=lighthouse", "/api/articles/light/0", "/articles/light/0", "/api/articles/nothing",
        "/api/timeline?q=", "/static/style.css", "/openapi.json", "/docs", "/no/such/page")]
    assert {r.status_code for r in answers} == {200, 404, 422}
    db.unlink()  # the store vanishes under the running app: a 500
    answers.append(client.get("/api/timeline", params={"q": "keeper"}))
    assert answers[-1].status_code == 500
    assert [r.headers.get("x-content-type-options") for r in answers] == ["nosniff"] * len(answers)


@pytest.mark.parametrize("article_id", ["a/../b", "../up", "a/./b", "..", "x/..", "a/%2E%2E/b", "a b/?#"])
def test_ids_with_dot_segments_get_links_browsers_keep(tmp_path: Path, article_id: str) -> None:
    """main linked `a/../b` as /articles/a/../b, which a browser turns into /articles/b."""
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": article_id, "published": "2021-03-01",
                                "text": "The lighthouse keeper retired on Monday. The lighthouse closed."}) + "\n",
                    encoding="utf-8")
    db = tmp_path / "odd.db"
    assert ingest([path], db).added == 1
    app = create_app(db, workers=0)
    with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        page = client.get("/timeline", params={"q": "lighthouse"}).text
        links = {h for h in re.findall(r'href="(/articles/[^"]*)"', page)}
        assert links
        for link in links:
            resolved = urljoin(url + "/timeline", html.unescape(link))  # what a browser asks for
            assert urlsplit(resolved).path == urlsplit(url + html.unescape(link)).path
            answer = client.get(resolved)
            assert answer.status_code == 200 and "lighthouse keeper retired" in answer.text
    app.state.corpus.close()
