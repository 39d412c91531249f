"""Fetching URLs and feeds from a real HTTP server on 127.0.0.1 that serves real news pages (tests/data/html)
and misbehaves on purpose: slow, 404, 429, 500, a redirect loop, a 50 MB body, an image, a robots.txt ban.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT
from dateline.api import ingest
from dateline.model import Article, Skipped
from dateline.sources import read
from dateline.sources.feeds import SUMMARY_MARK, headline_first
from dateline.sources.fetch import USER_AGENT, Fetcher, FetchError, Response

HTML = ROOT / "tests" / "data" / "html"
PAGES = {"frontier": "thefrontierpost-oxygen.html", "boing": "boingboing-hanukkah.html", "oann": "oann-macron.html"}


OANN_CANONICAL = b"https://www.oann.com/protesters-gather-at-paris-theater-to-confront-macron-over-pension-reform/"


class Site(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()
    agents: set[str] = set()
    feed = b""
    own_up = True

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def send(self, status: int, body: bytes = b"", ctype: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        path = self.path.split("?")[0]
        Site.hits[path] += 1
        Site.agents.add(self.headers.get("User-Agent", ""))
        if path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path.startswith("/news/"):
            body = (HTML / PAGES[path.split("/")[2]]).read_bytes()
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
            else:
                self.send(200, body, "text/html; charset=utf-8", ETag='"v1"')
        elif path == "/own/oann":  # a real page whose canonical address is on this server, as its feed links it
            if not Site.own_up:
                self.send(503, b"<html><body>down</body></html>")
                return
            own = f"http://{self.headers['Host']}/own/oann".encode()
            self.send(200, (HTML / PAGES["oann"]).read_bytes().replace(OANN_CANONICAL, own))
        elif path == "/feed.xml":
            self.send(200, Site.feed, "application/rss+xml")
        elif path == "/slow":
            time.sleep(1.0)
            self.send(200, b"<html><body>late</body></html>")
        elif path.startswith("/status/"):
            self.send(int(path.split("/")[2]), b"<html><body>error</body></html>")
        elif path == "/flaky":
            if Site.hits[path] <= 2:
                self.send(429, b"slow down", "text/plain", Retry_After="0")
            else:
                self.send(200, (HTML / PAGES["oann"]).read_bytes())
        elif path in ("/loop/a", "/loop/b"):
            self.send(302, b"", Location="/loop/b" if path == "/loop/a" else "/loop/a")
        elif path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no length: the client must stop reading by itself
            chunk = b"<p>" + b"x" * (1 << 20) + b"</p>"
            try:
                for _ in range(50):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/image.png":
            self.send(200, (ROOT / "docs" / "screenshot.png").read_bytes()[:2000], "image/png")
        else:
            self.send(404, b"<html><body>not found</body></html>")


@pytest.fixture
def site() -> Iterator[str]:
    Site.hits = Counter()
    Site.agents = set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    Site.feed = rss(base)
    yield base
    server.shutdown()
    server.server_close()


def rss(base: str) -> bytes:
    """An RSS 2.0 feed pointing at the real pages, plus an entry whose page is gone and one with a bad date."""
    items = [
        ("Two newborns die", f"{base}/news/frontier?utm_source=rss", "Sun, 01 Mar 2020 09:00:00 GMT", "short"),
        ("Hanukkah song", f"{base}/news/boing", "Sat, 12 Dec 2020 20:00:00 +0000", "short"),
        ("Gone page", f"{base}/gone", "Mon, 02 Mar 2020 10:00:00 GMT",
         "<p>The summary of an article whose page has gone: officials met on Monday.</p>"),
        ("Bad date", f"{base}/gone-too", "the day after tomorrow", "Its summary."),
    ]
    body = "".join(f"<item><title>{t}</title><link>{link.replace('&', '&amp;')}</link><pubDate>{d}</pubDate>"
                   f"<description><![CDATA[{s}]]></description></item>" for t, link, d, s in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title><link>{base}/</link>'
            f"{body}</channel></rss>").encode()


def fetcher(tmp_path: Path | None = None, **kw: float) -> Fetcher:
    options = {"interval": 0.0, "backoff": 0.01, "timeout": 0.3, "retries": 2, **kw}
    return Fetcher(cache_dir=tmp_path, **options)  # type: ignore[arg-type]


def test_a_page_by_url(site: str) -> None:
    [article] = read([f"{site}/news/boing"], fetcher=fetcher())
    assert isinstance(article, Article) and article.published == dt.date(2020, 12, 12)
    assert Site.agents == {USER_AGENT} and "Dateline" in USER_AGENT


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/slow", "no answer within 0.3 s after 3 tries"),
        ("/status/404", "HTTP 404"),
        ("/status/500", "HTTP 500 after 3 tries"),
        ("/loop/a", "redirect loop"),
        ("/huge", "body is over the 10 MB limit"),
        ("/image.png", "content type image/png is not a web page or a feed"),
        ("/private/page", "robots.txt of this site does not allow fetching this page"),
    ],
)
def test_misbehaving_server_gives_a_reason(site: str, path: str, reason: str) -> None:
    answer = fetcher().get(site + path)
    assert isinstance(answer, FetchError) and reason in answer.reason
    if path == "/status/500":
        assert Site.hits[path] == 3  # retried
    if path == "/status/404":
        assert Site.hits[path] == 1  # a 404 is final


def test_429_is_retried_until_it_succeeds(site: str) -> None:
    answer = fetcher().get(f"{site}/flaky")
    assert isinstance(answer, Response) and Site.hits["/flaky"] == 3


def test_requests_to_one_host_are_spaced(site: str) -> None:
    f = fetcher(interval=0.2)
    start = time.monotonic()
    for name in PAGES:
        assert isinstance(f.get(f"{site}/news/{name}"), Response)
    assert time.monotonic() - start >= 0.6  # robots.txt, then three pages, 0.2 s apart


def test_cache_means_a_rerun_fetches_nothing(site: str, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site}/news/frontier\n# two pages and a 404\n{site}/news/oann\n\nnot a url\n{site}/status/404\n")
    first = list(read([urls], fetcher=fetcher(tmp_path / "cache")))
    assert len([a for a in first if isinstance(a, Article)]) == 2
    assert [str(s) for s in first if isinstance(s, Skipped)] == [
        f"{urls}:5: 'not a url' is not an http(s) URL; write one URL a line", f"{site}/status/404: HTTP 404"]
    before = sum(Site.hits.values())
    second = list(read([urls], fetcher=fetcher(tmp_path / "cache")))
    assert [a for a in second if isinstance(a, Article)] == [a for a in first if isinstance(a, Article)]
    assert sum(Site.hits.values()) - before == 2  # robots.txt and the 404 again; no page twice


def test_revalidation_uses_the_etag(site: str, tmp_path: Path) -> None:
    f = fetcher(tmp_path)
    assert isinstance(f.get(f"{site}/news/boing"), Response)
    again = f.get(f"{site}/news/boing", revalidate=True)
    assert isinstance(again, Response) and again.not_modified and again.body


def test_feed_entries_with_pages_summary_fallback_and_bad_date(site: str, tmp_path: Path) -> None:
    items = list(read([f"{site}/feed.xml"], fetcher=fetcher(tmp_path)))
    articles = [a for a in items if isinstance(a, Article)]
    assert [(a.published, a.source) for a in articles] == [
        (dt.date(2020, 3, 1), "The Frontier Post"), (dt.date(2020, 12, 12), "Boing Boing"),
        (dt.date(2020, 3, 2), "Local Wire")]
    summary = articles[2]
    assert summary.id == f"{site}/gone{SUMMARY_MARK}" and summary.url == f"{site}/gone"
    # the headline is the first sentence: a timeline can show it
    assert summary.title == "Gone page"
    assert summary.text == "Gone page\nThe summary of an article whose page has gone: officials met on Monday."
    reasons = [(type(s).__name__, s.line, s.reason) for s in items if isinstance(s, Skipped)]
    assert reasons == [
        ("Note", 3, "the entry's summary was stored instead of its page: its page could not be fetched (HTTP 404)"),
        ("Skipped", 4, "feed entry skipped: 'the day after tomorrow' is not a date and its page could not be "
                       "fetched (HTTP 404)"),
    ]


def test_feed_file_and_cli_ingest_of_urls(site: str, tmp_path: Path) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_bytes(Site.feed)
    db = tmp_path / "news.db"
    report = ingest([feed, f"{site}/news/oann"], db=db)
    assert (report.added, report.duplicates) == (4, 0)
    assert [n.line for n in report.notes] == [3] and [s.line for s in report.skipped] == [4]
    assert (tmp_path / "news.db.cache").is_dir()
    hits = sum(Site.hits.values())
    again = ingest([feed, f"{site}/news/oann"], db=db)
    assert (again.added, again.duplicates) == (0, 4)
    assert sum(Site.hits.values()) - hits == 3  # robots.txt and the two gone pages, retried; nothing cached twice


FEEDS = ROOT / "tests" / "data" / "feeds"


@pytest.mark.parametrize(
    ("name", "host", "entries", "first_day"),
    [
        ("touchnokia-atom.xml", b"http://touchnokia.ru/", 15, dt.date(2009, 9, 9)),
        ("pocketsoap-rss10.xml", b"http://www.pocketsoap.com/", 1, dt.date(2002, 9, 28)),
        ("pocketsoap-rss20.xml", b"http://www.pocketsoap.com/", 1, dt.date(2002, 9, 28)),
    ],
)
def test_real_feeds_atom_rss10_rss20(site: str, tmp_path: Path, name: str, host: bytes, entries: int,
                                     first_day: dt.date) -> None:
    """feedparser's real feeds, their links pointed at the local server (where the pages are gone), so each
    entry's own content or summary is stored, with the entry's date."""
    feed = tmp_path / name
    feed.write_bytes((FEEDS / name).read_bytes().replace(host, f"{site}/".encode()))
    items = list(read([feed], fetcher=fetcher()))
    articles = [a for a in items if isinstance(a, Article)]
    assert len(articles) == entries and articles[0].published == first_day
    assert all(a.id.endswith(SUMMARY_MARK) and a.url.startswith(site) and a.text for a in articles)
    assert all(a.text.casefold().startswith(a.title.casefold()) for a in articles)  # headline first, once
    assert len([s for s in items if isinstance(s, Skipped) and "summary was stored" in s.reason]) == entries


def test_a_feed_summary_gets_its_headline_once() -> None:
    assert headline_first("Dam fails", "Water poured out.") == "Dam fails\nWater poured out."
    assert headline_first("Dam fails", "DAM FAILS: water poured out.") == "DAM FAILS: water poured out."
    assert headline_first("", "Water poured out.") == "Water poured out."


def test_cli_ingest_of_a_url(site: str, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", f"{site}/news/frontier",
                          f"{site}/status/404", "--db", str(tmp_path / "c.db"), "--quiet"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "added 1 " in run.stderr and f"{site}/status/404: HTTP 404" in run.stderr



def test_a_page_replaces_its_feed_summary_and_a_late_summary_is_a_duplicate(site: str, tmp_path: Path) -> None:
    """One article reached through a feed is stored once: first as its entry's summary (the page was down),
    then, on a later run that gets the page, as the page, which replaces the summary everywhere a reader
    looks (search, sentences, counts); the summary read again after that adds nothing."""
    import sqlite3

    from dateline.store import Store

    page_url = f"{site}/own/oann"
    feed = tmp_path / "wire.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
                    f"<title>Protesters at a Paris theatre</title><link>{page_url}</link>"
                    "<pubDate>Sat, 18 Jan 2020 09:00:00 GMT</pubDate><description>A teaser from the wire: "
                    "protesters gathered at a Paris theatre where Macron watched a play.</description></item>"
                    "</channel></rss>")
    db = tmp_path / "news.db"

    def ids() -> list[str]:
        with sqlite3.connect(db) as raw:
            return [r[0] for r in raw.execute("SELECT id FROM articles")]

    Site.own_up = False
    first = ingest([feed], db=db)
    assert first.added == 1 and "summary was stored" in first.notes[0].reason
    assert ids() == [page_url + SUMMARY_MARK]
    with Store(db, readonly=True) as store:
        revision = store.revision()
        assert store.search("teaser")

    Site.own_up = True
    second = ingest([feed], db=db)
    assert second.added == 1
    assert [n.reason for n in second.notes] == [
        f"the page replaced its feed summary stored earlier ({page_url}{SUMMARY_MARK})"]
    assert ids() == [page_url]
    with sqlite3.connect(db) as raw:  # the full-text indexes agree with their tables (raises if not)
        for fts in ("article_fts", "sentence_fts"):
            raw.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
        assert raw.execute("SELECT count(*) FROM sentences WHERE article NOT IN (SELECT pk FROM articles)"
                           ).fetchone() == (0,)
    with Store(db, readonly=True) as store:
        assert store.revision() > revision
        assert store.stats().articles == 1
        assert not store.search("teaser"), "the summary's words are gone from the search index"
        assert store.search("pension reform")

    Site.own_up = False
    third = ingest([feed], db=db)
    assert (third.added, third.duplicates) == (0, 1)
