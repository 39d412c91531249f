"""The same article reached through several inputs (a saved page, a web archive under a tracking-laden
address, news-please output, a re-wrapped copy under another id) is stored once."""

from __future__ import annotations

import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import ROOT
from dateline.api import ingest
from dateline.store import Store

PAGE = ROOT / "tests" / "data" / "html" / "boingboing-hanukkah.html"
URL = "https://boingboing.net/2020/12/12/this-deep-funk-hanukkah-song-is-a-holiday-classic-in-the-making.html"


def test_one_article_through_four_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "saved.html").write_bytes(PAGE.read_bytes())
    with (folder / "crawl.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = PAGE.read_bytes().replace(b'rel="canonical"', b'rel="x-not-canonical"')
        writer.write_record(writer.create_warc_record(
            "https://BoingBoing.NET/2020/12/12/this-deep-funk-hanukkah-song-is-a-holiday-classic-in-the-making"
            ".html?utm_source=twitter&utm_medium=social&fbclid=IwAR0#comments",
            "response", payload=io.BytesIO(page), http_headers=headers))
    (folder / "newsplease.json").write_text(json.dumps({
        "url": URL + "?utm_campaign=feed", "date_publish": "2020-12-12 12:00:00", "title": "Hanukkah song",
        "maintext": "Another extraction of the same article, with other words.", "source_domain": "boingboing.net"}))
    report = ingest([folder], db=tmp_path / "s.db")
    assert (report.read, report.added, report.duplicates) == (3, 1, 2)
    with Store(tmp_path / "s.db", readonly=True) as store:
        assert store.stats().articles == 1
