"""Web archives: real WARC files (warcio's test data) and archives of real news pages read into Articles.

Every record that holds no article is counted by kind in one report line per file; a truncated archive
keeps the articles before the damage; re-running an ingest stores nothing twice.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import ROOT
from dateline.api import ingest
from dateline.model import Article, Skipped
from dateline.sources import read
from dateline.store.ingest import ingest_paths

WARC = ROOT / "tests" / "data" / "warc"
HTML = ROOT / "tests" / "data" / "html"
PAGES = {  # real pages and the publication day people labelled (tests/data/html/SOURCE.md)
    "thefrontierpost-oxygen.html": ("http://thefrontierpost.com/two-newborns?utm_source=rss", "2020-03-01"),
    "boingboing-hanukkah.html": ("https://boingboing.net/?p=1", "2020-12-12"),
    "oann-macron.html": ("https://www.oann.com/protesters-gather/", "2020-01-18"),
}


def write_archive(path: Path, gzipped: bool = True) -> None:
    """warcio's real capture, then responses holding real news pages, an image and a 404, as one archive."""
    with path.open("wb") as out:
        if gzipped:
            out.write((WARC / "example.warc.gz").read_bytes())  # gzip members concatenate into one archive
        writer = WARCWriter(out, gzip=gzipped)

        def response(uri: str, body: bytes, status: str = "200 OK", ctype: str = "text/html") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        for name, (uri, _) in PAGES.items():
            response(uri, (HTML / name).read_bytes())
        response("https://boingboing.net/logo.png", (ROOT / "docs" / "screenshot.png").read_bytes()[:4000],
                 ctype="image/png")
        response("https://boingboing.net/gone", b"<html><body>Not found</body></html>", status="404 Not Found")


def test_archive_of_news_pages(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_archive(path)
    items = list(read([path]))
    articles = [a for a in items if isinstance(a, Article)]
    assert sorted(str(a.published) for a in articles) == sorted(day for _, day in PAGES.values())
    assert {a.source for a in articles} == {"The Frontier Post", "Boing Boing", "oann.com"}
    # the canonical link inside each page wins over the crawled address and its tracking parameters
    assert "https://thefrontierpost.com/two-newborns-die-for-want-of-oxygen-at-bhakkar-hospital/" in {
        a.url for a in articles}
    skipped = [str(s) for s in items if isinstance(s, Skipped)]
    assert skipped == [
        f"{path}:3: no article found: only 28 words of running text (a home page, an index or a stub?)",
        f"{path}: 7 records hold no web page and were not read "
        f"(2 warcinfo, 2 request, 1 revisit, 1 image/png response, 1 HTTP 404)",
    ]


def test_uncompressed_archive_is_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "crawl-without-suffix"
    write_archive(path, gzipped=False)
    assert len([a for a in read([path]) if isinstance(a, Article)]) == 3


def test_real_archives_from_warcio(tmp_path: Path) -> None:
    for name in ("example.warc.gz", "example-trunc.warc", "example-resource.warc.gz"):
        items = list(read([WARC / name]))
        assert not [a for a in items if isinstance(a, Article)]  # example.com is no article
        assert all(isinstance(s, Skipped) and s.reason for s in items)


def test_truncated_archive_keeps_what_came_before(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_archive(whole)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 9000])  # inside the third news page
    items = list(read([cut]))
    assert len([a for a in items if isinstance(a, Article)]) == 2
    damage = [s for s in items if isinstance(s, Skipped) and "truncated" in s.reason]
    assert len(damage) == 1 and damage[0].line == 9  # 6 records of example.warc.gz, then the 3rd page


def test_malformed_record_header_stops_there_with_a_reason(tmp_path: Path) -> None:
    """A response without WARC-Target-URI crashes inside warcio (AttributeError): it must read as damage."""
    bad = tmp_path / "bad.warc"
    write_archive(bad, gzipped=False)
    with bad.open("ab") as out:
        out.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n" + b"x" * 40 + b"\r\n\r\n")
    items = list(read([bad]))
    assert len([a for a in items if isinstance(a, Article)]) == 3
    damage = [s for s in items if isinstance(s, Skipped) and "malformed" in s.reason]
    assert len(damage) == 1 and "damaged" in damage[0].reason


def test_ingest_twice_stores_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_archive(folder / "a.warc.gz")
    shutil.copy(folder / "a.warc.gz", folder / "b.warc.gz")  # the same pages crawled twice
    report = ingest([folder], db=tmp_path / "s.db")
    assert (report.added, report.duplicates) == (3, 3)
    again = ingest([folder], db=tmp_path / "s.db")
    assert (again.added, again.duplicates) == (0, 6)
    assert dt.date(2020, 12, 12) in {a.published for a in read([folder / "a.warc.gz"]) if isinstance(a, Article)}


def test_an_interrupted_ingest_of_pages_and_an_archive_completes_without_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_archive(folder / "a.warc.gz")
    for name in PAGES:  # the same pages saved as files too: duplicates across inputs
        shutil.copy(HTML / name, folder / name)
    shutil.copy(HTML / "sciencealert-europa.html", folder / "sciencealert-europa.html")

    def interrupt(done: int, _total: int | None) -> None:
        raise KeyboardInterrupt  # Ctrl-C right after the first batch was committed

    db = tmp_path / "cut.db"
    with pytest.raises(KeyboardInterrupt):
        ingest_paths([folder], db, batch_size=2, on_progress=interrupt)
    rows = "SELECT id, url, n_sentences FROM articles ORDER BY id"
    partial = sqlite3.connect(db).execute(rows).fetchall()
    rerun = ingest_paths([folder], db, batch_size=2)
    straight = ingest_paths([folder], tmp_path / "straight.db", batch_size=2)
    assert 0 < len(partial) < straight.added == 4  # 3 pages in the archive (saved again as files) + 1
    assert rerun.added == straight.added - len(partial) and rerun.duplicates == straight.duplicates + len(partial)
    assert sqlite3.connect(db).execute(rows).fetchall() == sqlite3.connect(tmp_path / "straight.db").execute(rows).fetchall()
