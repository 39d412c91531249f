"""The web app served by uvicorn on a loopback port, over a real SQLite store, asked with a real HTTP client."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import html
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

import dateline
from dateline.api import ingest
from dateline.model import Query
from dateline.store import Store
from dateline.tilseformat import parse_tilse
from dateline.web import create_app
from dateline.web.chart import coverage_chart
from dateline.web.server import background_server
from dateline.web.service import ArticleCache, TimelineCache

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'

# A small fictional story over five days, plus one article full of markup and one unrelated article.
ARTICLES = [
    {"id": "harbour/2021-03-01/1", "published": "2021-03-01", "source": "Portmere Post",
     "url": "https://post.example/fire-1", "title": "Fire breaks out at Portmere harbour",
     "text": "A fire broke out at Portmere harbour on Monday night. Firefighters fought the harbour fire "
             "for six hours. No one was hurt, the fire service said.\n\nThe harbour will stay closed on "
             "Tuesday while the fire service investigates."},
    {"id": "harbour/2021-03-02/1", "published": "2021-03-02", "source": "Coast Herald",
     "url": "https://herald.example/fire-2", "title": "Harbour fire: warehouse destroyed",
     "text": "Yesterday's harbour fire destroyed a fish warehouse in Portmere. The mayor visited the "
             "harbour on Tuesday and promised help for the fishermen."},
    {"id": "harbour/2021-03-03/1", "published": "2021-03-03", "source": "Portmere Post",
     "url": "https://post.example/fire-3", "title": "Investigators name cause of harbour fire",
     "text": "Investigators said on Wednesday that an electrical fault caused the harbour fire. "
             "The fire started in a storage room on March 1, 2021. The harbour reopened on Wednesday."},
    {"id": "harbour/2021-03-05/1", "published": "2021-03-05", "source": "Coast Herald",
     "url": "https://herald.example/fire-4", "title": "Fishermen return after the fire",
     "text": "Fishermen returned to Portmere harbour on Friday, four days after the fire. "
             "The council will pay for a new warehouse, the mayor said on Friday."},
    {"id": "harbour/2021-03-08/1", "published": "2021-03-08", "source": "Portmere Post",
     "url": "https://post.example/fire-5", "title": "Harbour fire report published",
     "text": "A report on the harbour fire was published on Monday. It says the fire alarm in the "
             "warehouse had been broken since January. The council promised to check every alarm at "
             "the harbour."},
    {"id": "odd/2021-03-04/1", "published": "2021-03-04", "source": "Markup Times",
     "url": "javascript:alert(1)", "title": f"Harbour fire {SCRIPT}",
     "text": f"A harbour fire reader wrote {SCRIPT} on Thursday. Another harbour fire comment said {IMG} "
             "and then nothing. Prices at the harbour rose 5% & more < 10% after the fire."},
    {"id": "other/2021-03-02/9", "published": "2021-03-02", "source": "Coast Herald",
     "url": "https://herald.example/football", "title": "Portmere wins the cup",
     "text": "Portmere football club won the county cup on Tuesday. The team celebrated in the town square."},
]


def make_store(folder: Path, articles: list[dict] = ARTICLES) -> Path:
    """A real store file, built the way a user builds one: JSONL through `dateline.api.ingest`."""
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    path = folder / "news.db"
    report = ingest([corpus], path)
    assert report.added == len(articles), report.summary()
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def app(db: Path):
    app = create_app(db)  # timelines built in worker processes, as `dateline serve` does
    yield app
    app.state.corpus.close()


@pytest.fixture(scope="module")
def client(app) -> Iterator[httpx.Client]:
    with background_server(app) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_stats(client: httpx.Client) -> None:
    r = client.get("/api/stats")
    assert r.status_code == 200
    stats = r.json()
    assert stats["articles"] == len(ARTICLES)
    assert stats["sources"] == {"Portmere Post": 3, "Coast Herald": 3, "Markup Times": 1}
    assert (stats["first"], stats["last"]) == ("2021-03-01", "2021-03-08")
    assert "datewise" in stats["methods"]
    # one ingest stored them all: the revision is the newest article's key, the time that of its commit
    assert stats["revision"] == len(ARTICLES)
    changed = dt.datetime.fromisoformat(stats["changed"])
    assert changed.utcoffset() == dt.timedelta(0)
    assert dt.timedelta(0) <= dt.datetime.now(dt.timezone.utc) - changed < dt.timedelta(hours=1)


def test_timeline_api_is_the_cli_json(client: httpx.Client, db: Path) -> None:
    from dateline.api import build_timeline
    from dateline.render import render

    r = client.get("/api/timeline", params={"q": "harbour fire", "dates": 3, "sentences": 1})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == json.loads(render(build_timeline("harbour fire", db, dates=3, sentences=1), "json"))
    assert r.headers["x-dateline-revision"] == str(len(ARTICLES))  # the state of the store it was built from
    body = r.json()
    assert 1 <= len(body["entries"]) <= 3
    assert all(len(e["sentences"]) == 1 for e in body["entries"])
    ids = {a["id"] for a in ARTICLES}
    assert {s["article_id"] for e in body["entries"] for s in e["sentences"]} <= ids


def test_timeline_respects_the_date_span(client: httpx.Client) -> None:
    r = client.get("/api/timeline", params={"q": "harbour fire", "from": "2021-03-05", "to": "2021-03-08"})
    assert r.status_code == 200
    published = {s["published"] for e in r.json()["entries"] for s in e["sentences"]}
    assert published and all("2021-03-05" <= p <= "2021-03-08" for p in published)


def test_exports(client: httpx.Client) -> None:
    params = {"q": "harbour fire", "dates": 4}
    dates = [e["date"] for e in client.get("/api/timeline", params=params).json()["entries"]]

    md = client.get("/api/timeline", params={**params, "format": "md"})
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert 'filename="harbour-fire.md"' in md.headers["content-disposition"]

    tilse = client.get("/api/timeline", params={**params, "format": "tilse"})
    assert tilse.status_code == 200
    assert [d.isoformat() for d in parse_tilse(tilse.text).timeline.dates] == sorted(dates)

    tjs = client.get("/api/timeline", params={**params, "format": "timelinejs"}).json()
    assert tjs["title"]["text"]["headline"] == "harbour fire"
    starts = [f"{e['start_date']['year']:04d}-{e['start_date']['month']:02d}-{e['start_date']['day']:02d}"
              for e in tjs["events"]]
    assert starts == sorted(dates)
    assert all(e["text"]["headline"] and e["text"]["text"].startswith("<p>") for e in tjs["events"])


@pytest.mark.parametrize(
    ("params", "param", "message"),
    [
        ({"q": ""}, "q", "empty"),
        ({"q": "   "}, "q", "empty"),
        ({"q": "the of and"}, "q", "no searchable word"),
        ({"q": "fire " * 50}, "q", "limit is 200"),
        ({"q": "fire", "from": "2021-13-01"}, "from", "YYYY-MM-DD"),
        ({"q": "fire", "to": "yesterday"}, "to", "YYYY-MM-DD"),
        ({"q": "fire", "from": "2021-03-08", "to": "2021-03-01"}, None, "is after to"),
        ({"q": "fire", "dates": "0"}, "dates", "greater than or equal to 1"),
        ({"q": "fire", "dates": "101"}, "dates", "less than or equal to 100"),
        ({"q": "fire", "dates": "ten"}, "dates", "integer"),
        ({"q": "fire", "sentences": "11"}, "sentences", "less than or equal to 10"),
        ({"q": "fire", "method": "magic"}, "method", "unknown method 'magic'"),
        ({"q": "fire", "format": "pdf"}, "format", "'json'"),
        ({}, "q", "required"),
    ],
)
def test_timeline_validation(client: httpx.Client, params: dict, param: str | None, message: str) -> None:
    r = client.get("/api/timeline", params=params)
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "invalid parameters"
    assert any(e["param"] == param and message in e["message"] for e in body["errors"]), body


def test_empty_form_fields_mean_not_given(client: httpx.Client) -> None:
    r = client.get("/api/timeline?q=harbour+fire&from=&to=&dates=&sentences=&method=")
    assert r.status_code == 200 and r.json()["entries"]


@pytest.mark.parametrize("path", ["/api/articles/harbour/2021-03-03/1", "/api/articles/harbour%2F2021-03-03%2F1"])
def test_article_api_with_slashes_in_the_id(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    art = r.json()
    assert art["id"] == "harbour/2021-03-03/1"
    assert art["source"] == "Portmere Post" and art["published"] == "2021-03-03"
    assert [s["index"] for s in art["sentences"]] == list(range(len(art["sentences"])))
    assert any("electrical fault" in s["text"] for s in art["sentences"])


def test_unknown_article_is_a_json_404(client: httpx.Client) -> None:
    r = client.get("/api/articles/no/such/article")
    assert r.status_code == 404
    assert r.json() == {"error": "no article with id 'no/such/article'"}
    page = client.get("/articles/no/such/article")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]


def test_search(client: httpx.Client) -> None:
    r = client.get("/api/search", params={"q": "electrical fault", "limit": 2})
    assert r.status_code == 200
    results = r.json()["results"]
    assert 1 <= len(results) <= 2
    assert results[0]["article_id"] == "harbour/2021-03-03/1" and "electrical fault" in results[0]["text"]
    assert client.get("/api/search", params={"q": "fire", "limit": 1000}).status_code == 422
    assert client.get("/api/search", params={"q": "fire", "limit": 1}).json()["results"].__len__() == 1


def _assert_escaped(html: str) -> None:
    assert SCRIPT not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_article_text_is_escaped_on_every_page(client: httpx.Client) -> None:
    article = client.get("/articles/" + quote("odd/2021-03-04/1"), params={"s": 1})
    assert article.status_code == 200
    _assert_escaped(article.text)
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in article.text
    assert "5% &amp; more &lt; 10%" in article.text
    assert 'href="javascript:' not in article.text  # a non-web URL is shown as nothing, not as a link

    timeline = client.get("/timeline", params={"q": "harbour fire comment reader", "dates": 10, "sentences": 10})
    assert timeline.status_code == 200 and "odd/2021-03-04/1" in timeline.text
    _assert_escaped(timeline.text)

    echoed = client.get("/timeline", params={"q": f"fire {SCRIPT}"})
    assert echoed.status_code == 200
    _assert_escaped(echoed.text)

    tjs = client.get("/api/timeline", params={"q": "harbour fire comment reader", "dates": 10,
                                              "sentences": 10, "format": "timelinejs"}).text
    assert "<script>" not in tjs and "<img" not in tjs  # TimelineJS renders these fields as HTML


def test_pages_forbid_inline_script(client: httpx.Client) -> None:
    for path in ("/", "/timeline?q=harbour", "/articles/harbour/2021-03-01/1"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_home_page(client: httpx.Client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert '<form class="query"' in r.text and 'action="/timeline"' in r.text
    assert re.search(r"<dt>Articles</dt><dd>7</dd>", r.text)
    assert "Portmere Post" in r.text and "1 Mar 2021" in r.text and "8 Mar 2021" in r.text


def test_timeline_page(client: httpx.Client) -> None:
    r = client.get("/timeline", params={"q": "harbour fire", "dates": 3, "sentences": 2})
    assert r.status_code == 200
    entries = re.findall(r'<li class="entry" id="d-(\d{4}-\d\d-\d\d)">', r.text)
    assert 1 <= len(entries) <= 3 and entries == sorted(entries)
    # The chart: one bar per publication day of a matching article, one marker per timeline date.
    assert len(re.findall(r"<rect ", r.text)) == 6
    assert re.findall(r'<a href="#d-(\d{4}-\d\d-\d\d)">', r.text) == entries
    # Every sentence links to its article, at the sentence.
    links = re.findall(r'class="source" href="(/articles/[^"]+\?s=\d+#s\d+)"', r.text)
    assert len(links) >= len(entries)
    assert client.get(links[0].replace("&amp;", "&")).status_code == 200
    # Each date says why it was picked, behind a disclosure, with the numbers of the JSON API.
    whys = re.findall(r'<details class="why"><summary>Why this date\?</summary><p>([^<]+)</p></details>', r.text)
    api_doc = client.get("/api/timeline", params={"q": "harbour fire", "dates": 3, "sentences": 2}).json()
    assert [html.unescape(w) for w in whys] == [e["explain"]["text"] for e in api_doc["entries"]]
    # Every export link works.
    exports = re.findall(r'<a href="(/api/timeline\?[^"]+)" download=', r.text)
    assert len(exports) == 4
    for href in exports:
        assert client.get(href.replace("&amp;", "&")).status_code == 200


def test_timeline_page_with_no_match(client: httpx.Client) -> None:
    r = client.get("/timeline", params={"q": "volcano"})
    assert r.status_code == 200 and "No timeline" in r.text and "<svg" not in r.text


def test_invalid_form_shows_the_form_again(client: httpx.Client) -> None:
    r = client.get("/timeline", params={"q": "harbour", "dates": "500", "from": "2021-02-30"})
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]
    assert "Please fix the query" in r.text
    assert "less than or equal to 100" in r.text and "YYYY-MM-DD" in r.text
    assert 'value="harbour"' in r.text and 'value="500"' in r.text


def test_article_page_highlights_the_sentence(client: httpx.Client) -> None:
    sentences = client.get("/api/articles/harbour/2021-03-01/1").json()["sentences"]
    r = client.get("/articles/harbour/2021-03-01/1", params={"s": 1})
    assert r.status_code == 200
    marked = re.findall(r'<mark id="s(\d+)" class="picked">([^<]*)</mark>', r.text)
    assert marked == [("1", sentences[1]["text"])]
    assert r.text.count("<p>") >= 2  # the article's two paragraphs are kept
    assert 'href="https://post.example/fire-1"' in r.text
    assert client.get("/articles/harbour/2021-03-01/1", params={"s": "-1"}).status_code == 422


def test_docs_work_offline(client: httpx.Client) -> None:
    r = client.get("/docs")
    assert r.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    for asset in assets:
        got = client.get(asset)
        assert got.status_code == 200, asset
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert "swagger-ui" in r.text and "/openapi.json" in r.text


def test_openapi_schema(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()
    assert set(schema["paths"]) == {"/api/timeline", "/api/articles/{article_id}", "/api/search", "/api/stats",
                                    "/api/quotes", "/api/changes"}
    names = {p["name"] for p in schema["paths"]["/api/timeline"]["get"]["parameters"]}
    assert names == {"q", "from", "to", "dates", "sentences", "method", "since", "format"}
    assert schema["info"]["version"] == dateline.__version__ == importlib.metadata.version("dateline")


@pytest.mark.parametrize("workers", [0, 1])
def test_cache_serves_repeats_and_sees_new_articles(tmp_path: Path, workers: int) -> None:
    path = make_store(tmp_path)
    app = create_app(path, workers=workers)
    cache = app.state.corpus.cache
    params = {"q": "lighthouse", "dates": 5}
    with background_server(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        first, again = (client.get("/api/timeline", params=params) for _ in range(2))
        assert first.json()["entries"] == [] and again.json()["entries"] == []
        assert (first.headers["x-dateline-cache"], again.headers["x-dateline-cache"]) == ("miss", "hit")
        assert (cache.misses, cache.hits) == (1, 1)

        extra = tmp_path / "extra.jsonl"
        extra.write_text(json.dumps({
            "id": "light/2021-03-09/1", "published": "2021-03-09", "source": "Portmere Post",
            "text": "The old lighthouse was repainted on Tuesday. The lighthouse keeper was pleased.",
        }) + "\n", encoding="utf-8")
        assert ingest([extra], path).added == 1
        entries = client.get("/api/timeline", params=params).json()["entries"]
    app.state.corpus.close()
    assert entries and entries[0]["sentences"][0]["article_id"] == "light/2021-03-09/1"
    assert cache.misses == 2


def test_article_cache_loads_each_article_once_per_database_version(db: Path) -> None:
    cache = ArticleCache()
    fire, later, cup = Query("fire"), Query("harbour", start=dt.date(2021, 3, 3)), Query("football cup")
    with Store(db, readonly=True) as store:
        assert cache.candidates(store, fire, (1, 0, 0)) == store.candidates(fire)
        assert cache.loaded == 6  # every article but the football one
        assert cache.candidates(store, later, (1, 0, 0)) == store.candidates(later)
        assert cache.loaded == 6  # another query about the same story: nothing read again
        assert cache.candidates(store, cup, (1, 0, 0)) == store.candidates(cup)
        assert cache.loaded == 7
        assert cache.candidates(store, fire, (2, 0, 0)) == store.candidates(fire)
        assert cache.loaded == 13  # the file changed: article keys may mean other articles now

        small = ArticleCache(max_sentences=3)  # fewer sentences than one query's articles hold
        assert small.candidates(store, fire, (1, 0, 0)) == store.candidates(fire)
        assert small.candidates(store, fire, (1, 0, 0)) == store.candidates(fire)
        assert 6 < small.loaded < 12  # all but the last article (3 sentences) were dropped and read again


def test_the_app_never_writes_the_store(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with background_server(create_app(path)) as url, httpx.Client(base_url=url, timeout=30) as c:
        for p in ("/", "/timeline?q=harbour+fire", "/articles/harbour/2021-03-01/1?s=0", "/api/stats",
                  "/api/search?q=fire", "/api/timeline?q=fire&format=md"):
            assert c.get(p).status_code == 200, p
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_concurrent_requests_for_one_timeline_build_it_once() -> None:
    from dateline.model import Timeline

    cache = TimelineCache(size=4)
    release, started = threading.Event(), threading.Event()
    built: list[Timeline] = []

    def slow_build() -> Timeline:
        started.set()
        release.wait(10)
        built.append(Timeline("fire", "datewise"))
        return built[-1]

    results: list[tuple[Timeline, str]] = []
    first = threading.Thread(target=lambda: results.append(cache.get_or_build("k", slow_build)))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: results.append(cache.get_or_build("k", slow_build)))
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waiting for the first build, not building its own
    release.set()
    first.join(10)
    second.join(10)
    assert len(built) == 1 and [outcome for _, outcome in results] == ["miss", "wait"]
    assert results[0][0] is results[1][0]
    assert cache.get_or_build("k", slow_build) == (built[0], "hit")
    for i in range(5):  # least recently used goes first
        cache.get_or_build(i, lambda: Timeline(str(i), "datewise"))
    assert cache.get_or_build("k", lambda: Timeline("rebuilt", "datewise"))[1] == "miss"


def test_coverage_chart_bins_by_week_over_long_spans() -> None:
    day = dt.date(2010, 4, 20)  # a Tuesday
    coverage = [(day + dt.timedelta(days=i), 2) for i in range(0, 200)]
    chart = coverage_chart(coverage, (day, day + dt.timedelta(days=30)))
    assert chart.binning == "week" and chart.total == 400
    assert chart.first == dt.date(2010, 4, 19) and chart.first.weekday() == 0
    assert [b.count for b in chart.bars][:2] == [12, 14]  # Tue-Sun, then a full week
    assert max(b.height for b in chart.bars) == chart.baseline - chart.top
    assert len(chart.markers) == 2 and chart.bars[0].x <= chart.markers[0].x < chart.bars[1].x
    assert [t.label for t in chart.ticks] == ["May 2010", "Jun", "Jul", "Aug", "Sep", "Oct"]  # Nov: no room
    winter = coverage_chart([(dt.date(2010, 11, 20), 1), (dt.date(2011, 2, 10), 1)], ())
    assert [t.label for t in winter.ticks] == ["Dec 2010", "Jan 2011", "Feb"]


def test_coverage_chart_short_spans() -> None:
    day = dt.date(2021, 3, 1)
    chart = coverage_chart([(day, 1), (day + dt.timedelta(days=2), 4)], (day + dt.timedelta(days=9),))
    assert chart.binning == "day" and [b.count for b in chart.bars] == [1, 4]
    assert chart.last == day + dt.timedelta(days=9)  # a timeline date after the last article widens the axis
    one = coverage_chart([(day, 3)], ())
    assert (one.last - one.first).days + 1 == 7 and one.bars[0].width < one.width / 6
    assert coverage_chart([], ()) is None


def test_a_server_failure_answers_in_the_shape_asked_for(tmp_path: Path) -> None:
    path = make_store(tmp_path)
    with background_server(create_app(path)) as url, httpx.Client(base_url=url, timeout=30) as c:
        path.unlink()  # the store vanishes under the running app
        api = c.get("/api/timeline", params={"q": "harbour"})
        assert api.status_code == 500 and api.json()["error"].startswith("the server failed")
        page = c.get("/timeline", params={"q": "harbour"})
        assert page.status_code == 500 and "Something went wrong on our side" in page.text


@pytest.mark.parametrize("path", [
    "/api/articles/..%2F..%2F..%2Fetc%2Fpasswd",
    "/articles/../../etc/passwd",
    "/static/..%2Fapp.py",
    "/static/docs/..%2F..%2Fweb%2Fapp.py",
])
def test_no_request_reaches_a_file_outside_the_static_folders(client: httpx.Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert "root:" not in r.text and "create_app" not in r.text


def _bench_web():
    spec = importlib.util.spec_from_file_location("bench_web", Path(__file__).parents[1] / "bench" / "web.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_web_benchmark_asks_for_what_its_phases_say(client: httpx.Client) -> None:
    bench = _bench_web()
    keys = [json.dumps(p, sort_keys=True) for p in bench.requests_for(200, 200)]
    assert len(set(keys)) == 200  # cold: no timeline asked for twice
    mixed = [json.dumps(p, sort_keys=True) for p in bench.requests_for(200, 20)]
    assert sorted({mixed.count(k) for k in mixed}) == [10]  # 20 timelines, each 10 times
    assert bench.requests_for(200, 20) == bench.requests_for(200, 20)  # seeded: runs are comparable
    for params in bench.timelines()[::37]:  # every kind of parameter set the benchmark sends is valid
        assert client.get("/api/timeline", params=params).status_code == 200, params


def test_dateline_serve_command_answers_with_the_workers_asked_for(db: Path) -> None:
    """The real `dateline serve` program, building in its own process (--workers 0), answers the API."""
    with socket.socket() as s:  # a free port; the tiny race with other programs is acceptable in a test
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port), "--workers", "0"]
    server = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).json()
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "dateline serve did not answer within 30 s"
                time.sleep(0.2)
        assert stats["articles"] == len(ARTICLES)
        timeline = httpx.get(f"http://127.0.0.1:{port}/api/timeline", params={"q": "harbour fire"}, timeout=30)
        assert timeline.status_code == 200 and timeline.json()["entries"]
    finally:
        server.terminate()
        server.wait(10)

    bad = subprocess.run(cmd[:-1] + ["-1"], capture_output=True, text=True)
    assert bad.returncode == 2 and "--workers: expected a whole number >= 0, got '-1'" in bad.stderr


# An article that arrives while the store is served (as `dateline watch` adds them).
LATE = {"id": "harbour/2021-03-10/1", "published": "2021-03-10", "source": "Coast Herald",
        "url": "https://herald.example/fire-6", "title": "Harbour fire: inquiry opens",
        "text": "An inquiry into the harbour fire opened in Portmere on Wednesday. The harbour fire inquiry "
                "will hear the fire service and the council on Wednesday."}


def add_late(db: Path, tmp_path: Path) -> None:
    late = tmp_path / "late.jsonl"
    late.write_text(json.dumps(LATE) + "\n", encoding="utf-8")
    assert ingest([late], db).added == 1


def test_a_served_store_says_when_it_changed_and_marks_what_is_new(tmp_path: Path) -> None:
    db = make_store(tmp_path)
    app = create_app(db, workers=0)
    params = {"q": "harbour fire", "dates": 10}
    with background_server(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        first = client.get("/api/timeline", params=params)
        seen = int(first.headers["x-dateline-revision"])
        changed = client.get("/api/stats").json()["changed"]
        assert client.get("/api/changes", params={"since": seen}).json() == {
            "revision": seen, "changed": changed, "since": seen, "updated": False, "added": 0}
        page = client.get("/timeline", params=params).text
        assert f'data-changes="/api/changes?since={seen}"' in page and "Store last changed" in page
        assert f'<dt>Last changed</dt><dd><time datetime="{changed}">' in client.get("/").text
        assert 'class="entry new"' not in page

        add_late(db, tmp_path)  # while the app runs

        changes = client.get("/api/changes", params={"since": seen}).json()
        assert changes["updated"] is True and changes["added"] == 1 and changes["revision"] > seen
        assert changes["changed"] >= changed
        now = client.get("/api/timeline", params={**params, "since": seen}).json()
        assert now["store"] == changes
        new = {e["date"] for e in now["entries"] if e["new"]}
        assert new == {"2021-03-10"}  # only the date that quotes the late article
        assert all(isinstance(e["new"], bool) for e in now["entries"]) and len(now["entries"]) > 1
        # without `since` nothing is marked, and nothing is new since the latest revision
        assert all("new" not in e for e in client.get("/api/timeline", params=params).json()["entries"])
        latest = client.get("/api/timeline", params={**params, "since": changes["revision"]}).json()
        assert not any(e["new"] for e in latest["entries"])
        page = client.get("/timeline", params={**params, "since": seen}).text
        assert page.count('class="entry new"') == 1 and 'id="d-2021-03-10"' in page.split('class="entry new"')[1][:40]
        assert "1 date with articles stored since your last view" in page
        assert client.get("/api/changes", params={"since": -1}).status_code == 422
