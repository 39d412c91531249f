"""Exports never carry live links that are not web addresses (issue 17 point 7, issue 11 point 7), and
the ingest report says what it dropped. The Markdown is rendered by a real CommonMark renderer."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from markdown_it import MarkdownIt

from dateline.annotate import annotate
from dateline.model import Article, Entry, Sentence, Timeline
from dateline.render import render
from dateline.render.timelinejs import render_timelinejs
from dateline.store import Store
from dateline.store.ingest import ingest_paths
from dateline.web import create_app
from dateline.web.server import background_server

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.date(2021, 3, 1)
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "https://news.example/a)b [x](javascript:alert(2))",
    'https://news.example/<img src=x onerror=alert(1)>',
    'https://news.example/"onmouseover="alert(1)',
    "https://news.example/a b\n\n# heading",
    "https://news.example/`code`\\",
]
FINE = "https://news.example/2021/03/01/fire?id=1&x=(2)"


class _Links(HTMLParser):
    """Every tag and every href of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k in ("href", "src")]


def timeline(urls: list[str]) -> Timeline:
    sentences = tuple(Sentence(f"a/{i}", 0, f"Sentence {i} about the fire.", DAY, DAY, "published", (),
                               f"Outlet {i}", url) for i, url in enumerate(urls))
    return Timeline("fire", "dateline", (Entry(DAY, sentences),))


def assert_only_web_links(html: str) -> None:
    links = _Links(html)
    assert links.hrefs and all(re.match(r"https?://", h) for h in links.hrefs), links.hrefs
    assert not {"img", "script", "iframe"} & set(links.tags), links.tags


def test_markdown_links_only_web_addresses_and_cannot_be_broken_out_of() -> None:
    md = render(timeline([FINE, *HOSTILE_URLS]), "md")
    html = MarkdownIt("commonmark").render(md)
    assert_only_web_links(html)
    hrefs = _Links(html).hrefs
    assert len(hrefs) == 6  # FINE and the five hostile https ones, each one link, encoded
    assert hrefs[0] == "https://news.example/2021/03/01/fire?id=1&x=%282%29"
    bullets = [line for line in md.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(HOSTILE_URLS) + 1  # no URL adds a line, a heading or a second link
    assert "(Outlet 1, 2021-03-01; article a/1)" in bullets[1]  # javascript: is plain text: the id


def test_an_article_without_a_url_reads_well_in_markdown() -> None:
    (bullet,) = [line for line in render(timeline([""]), "md").splitlines() if line.startswith("- ")]
    assert bullet == "- Sentence 0 about the fire. (Outlet 0, 2021-03-01; article a/0)"


def test_timelinejs_json_and_text_exports() -> None:
    tl = timeline([FINE, *HOSTILE_URLS])
    events = render_timelinejs(tl)["events"]
    assert_only_web_links(events[0]["text"]["text"])
    assert len(_Links(events[0]["text"]["text"]).hrefs) == 6
    doc = json.loads(render(tl, "json"))
    urls = [s["url"] for e in doc["entries"] for s in e["sentences"]]
    assert all(u == "" or u.startswith("https://") for u in urls) and urls[1:6] == ["", "", "", "", ""]
    lines = render(tl, "text").splitlines()
    shown_urls = [line.strip() for line in lines if line.startswith("      ") and not line.strip().startswith("—")]
    assert len(shown_urls) == 6 and all(u.startswith("https://") for u in shown_urls)


def test_ingest_stores_no_link_that_is_not_a_web_address(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"id": f"n{i}", "url": url, "published": "2021-03-01",
                                        "text": f"Fire number {i} broke out at the harbour."}) + "\n"
                            for i, url in enumerate([FINE, "javascript:alert(1)", "data:,x", "file:///etc/passwd"])),
                    encoding="utf-8")
    report = ingest_paths([path], tmp_path / "s.db")
    assert report.added == 4 and not report.skipped
    assert [(n.path, n.line) for n in report.notes] == [(str(path), 2), (str(path), 3), (str(path), 4)]
    assert "'javascript:alert(1)' is not a web address (http or https)" in report.notes[0].reason
    assert "notes 3:" in report.summary()
    with Store(tmp_path / "s.db", readonly=True) as s:
        assert [s.article(f"n{i}").url for i in range(4)] == [FINE, "", "", ""]


def test_article_page_of_an_old_store_links_no_javascript(tmp_path: Path) -> None:
    """A store written before ingest checked URLs: the pages and exports still link only web addresses."""
    db = tmp_path / "old.db"
    with Store(db) as store:
        for i, url in enumerate(["javascript:alert(1)", FINE]):
            a = Article(f"o/{i}", url, "Outlet", DAY, "Fire", f"The harbour fire number {i} spread on Monday.")
            store.add([(a, annotate(a))])
    app = create_app(db, workers=0)
    with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        page = client.get("/articles/o/0").text
        assert "javascript:" not in _Links(page).hrefs and not any("javascript" in h for h in _Links(page).hrefs)
        md = client.get("/api/timeline", params={"q": "harbour fire", "format": "md"}).text
        assert "javascript" not in md
        tjs = client.get("/api/timeline", params={"q": "harbour fire", "format": "timelinejs"}).text
        assert "javascript" not in tjs
    app.state.corpus.close()


@pytest.mark.parametrize("n", [3, 25])
def test_skipped_file_lists_every_record_and_the_terminal_the_first_20(tmp_path: Path, n: int) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("".join("{not json\n" for _ in range(n)) + json.dumps(
        {"id": "ok", "published": "2021-03-01", "text": "A fine article."}) + "\n", encoding="utf-8")
    listing = tmp_path / "skipped.tsv"
    out = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(path), "--db", str(tmp_path / "s.db"),
                          "--quiet", "--skipped", str(listing)], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    rows = listing.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "what\tfile\tline\treason"
    assert [r.split("\t")[:3] for r in rows[1:]] == [["skipped", str(path), str(i)] for i in range(1, n + 1)]
    assert all("not valid JSON" in r for r in rows[1:])
    shown = [line for line in out.stderr.splitlines() if line.startswith(f"  {path}:")]
    assert len(shown) == min(n, 20)
    assert (f"... and 5 more (all are in {listing})" in out.stderr) == (n == 25)
    assert f"written to {listing}" in out.stderr
    without = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(path), "--db",
                              str(tmp_path / "t.db"), "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert ("--skipped FILE writes them all" in without.stderr) == (n == 25)
