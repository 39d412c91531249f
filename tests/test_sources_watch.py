"""`dateline watch`: a local feed server gains an entry between rounds; the next round stores it, and an
unchanged feed costs a 304 (conditional request) and nothing else."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT
from dateline.errors import DatelineError
from dateline.sources.fetch import Fetcher
from dateline.store import Store
from dateline.watch import parse_every, watch

HTML = ROOT / "tests" / "data" / "html"
PAGES = {"frontier": "thefrontierpost-oxygen.html", "boing": "boingboing-hanukkah.html", "oann": "oann-macron.html"}


class Feed(BaseHTTPRequestHandler):
    entries: list[str] = []
    statuses: list[tuple[str, int]] = []
    failing: dict[str, int] = {}  # path -> how many more times it answers 503

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_port}"  # type: ignore[attr-defined]
        if Feed.failing.get(self.path, 0) > 0:
            Feed.failing[self.path] -= 1
            Feed.statuses.append((self.path, 503))
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/feed.xml":
            etag = f'"{len(Feed.entries)}"'
            if self.headers.get("If-None-Match") == etag:
                Feed.statuses.append((self.path, 304))
                self.send_response(304)
                self.end_headers()
                return
            items = "".join(f"<item><title>{n}</title><link>{base}/news/{n}</link>"
                            f"<pubDate>{formatdate(0)}</pubDate></item>" for n in Feed.entries)
            body = f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()
            ctype = "application/rss+xml"
        elif self.path.startswith("/news/"):
            body, ctype, etag = (HTML / PAGES[self.path.split("/")[2]]).read_bytes(), "text/html", '"p"'
        else:
            body, ctype, etag = b"", "text/plain", ""
            self.send_response(404)
            self.end_headers()
            Feed.statuses.append((self.path, 404))
            return
        Feed.statuses.append((self.path, 200))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def feed() -> Iterator[str]:
    Feed.entries, Feed.statuses, Feed.failing = ["frontier", "boing"], [], {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/feed.xml"
    server.shutdown()
    server.server_close()


def test_new_entry_is_stored_next_round_and_unchanged_feed_costs_a_304(feed: str, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    rounds: list[int] = []

    def after(n: int, report: object) -> None:
        rounds.append(report.added)  # type: ignore[attr-defined]
        if n == 1:
            Feed.entries.append("oann")  # the story moves on between rounds

    watch([feed], db, every=0, rounds=3, on_round=after, fetcher=Fetcher(cache_dir=tmp_path / "c", interval=0))
    assert rounds == [2, 1, 0]
    feeds = [s for p, s in Feed.statuses if p == "/feed.xml"]
    assert feeds == [200, 200, 304]
    pages = [p for p, _ in Feed.statuses if p.startswith("/news/")]
    assert sorted(pages) == ["/news/boing", "/news/frontier", "/news/oann"]  # each page fetched once
    with Store(db, readonly=True) as store:
        assert store.stats().articles == 3


def test_a_page_that_failed_is_fetched_again_in_a_later_round(feed: str, tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    Feed.failing = {"/news/boing": 2}  # its server is down for the first round, and the first retry
    rounds: list[tuple[int, int]] = []
    watch([feed], db, every=0, rounds=4, on_round=lambda n, r: rounds.append((r.added, len(r.skipped))),
          fetcher=Fetcher(cache_dir=tmp_path / "c", interval=0, retries=0))
    # round 1 skips the entry (its page failed); the feed is unchanged after (304), yet its page is asked
    # for again: it fails once more, then is stored; then nothing is left to ask for
    assert rounds == [(1, 1), (0, 1), (1, 0), (0, 0)]
    assert [s for p, s in Feed.statuses if p == "/news/boing"] == [503, 503, 200]
    assert [s for p, s in Feed.statuses if p == "/feed.xml"] == [200, 304, 304, 304]
    with Store(db, readonly=True) as store:
        assert store.stats().articles == 2


def test_a_page_that_keeps_failing_is_given_up(feed: str, tmp_path: Path) -> None:
    from dateline.watch import RETRY_ROUNDS

    Feed.failing = {"/news/boing": 100}
    watch([feed], tmp_path / "w.db", every=0, rounds=RETRY_ROUNDS + 3,
          fetcher=Fetcher(cache_dir=tmp_path / "c", interval=0, retries=0))
    assert [s for p, s in Feed.statuses if p == "/news/boing"] == [503] * (1 + RETRY_ROUNDS)


def test_cli_watch_one_round(feed: str, tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "dateline.cli", "watch", feed, "--db", str(tmp_path / "w.db"),
                          "--every", "1s", "--rounds", "1"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "round 1: 2 new articles" in run.stderr


def test_every_and_bad_arguments() -> None:
    assert [parse_every(v) for v in ("30s", "10m", "1h", "45")] == [30, 600, 3600, 45]
    with pytest.raises(DatelineError, match="--every 'soon'"):
        parse_every("soon")
    with pytest.raises(DatelineError, match="not an http"):
        watch(["feed.xml"], "x.db", rounds=1)
