"""Saved web pages: real news pages (tests/data/html, see SOURCE.md) read into Articles, bad pages skipped.

The expected dates and article bodies are the labels people gave these pages in htmldate's and
scrapinghub's evaluation sets, not what our code printed.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from dateline.api import ingest
from dateline.model import Article, Skipped
from dateline.sources import read
from dateline.sources.html import canonical_url
from dateline.store import Store

DATA = ROOT / "tests" / "data" / "html"
_spec = importlib.util.spec_from_file_location("bench_sources", ROOT / "bench" / "sources.py")
bench = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(bench)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "day", "outlet", "url"),
    [
        ("thefrontierpost-oxygen.html", "2020-03-01", "The Frontier Post",
         "https://thefrontierpost.com/two-newborns-die-for-want-of-oxygen-at-bhakkar-hospital/"),
        ("boingboing-hanukkah.html", "2020-12-12", "Boing Boing",
         "https://boingboing.net/2020/12/12/this-deep-funk-hanukkah-song-is-a-holiday-classic-in-the-making.html"),
        ("oann-macron.html", "2020-01-18", "oann.com",
         "https://www.oann.com/protesters-gather-at-paris-theater-to-confront-macron-over-pension-reform/"),
    ],
)
def test_news_page_date_outlet_address_language(name: str, day: str, outlet: str, url: str) -> None:
    [article] = read([DATA / name])
    assert isinstance(article, Article)
    assert article.published == dt.date.fromisoformat(day)
    assert (article.id, article.url, article.source) == (url, url, outlet)
    assert article.title and len(article.text.split()) > 100
    assert article.language == "en"  # each page says lang="en-US" or "en-gb"


@pytest.mark.parametrize("name", ["sciencealert-europa.html", "sciencealert-titan.html.gz"])
def test_article_body_matches_the_human_marked_body(name: str) -> None:
    gold = json.loads((DATA / "ground-truth.json").read_text())[name]
    [article] = read([DATA / name])
    assert isinstance(article, Article)
    tp, fp, fn = bench._tp_fp_fn(gold["articleBody"], article.text, 1)
    assert 2 * tp / (2 * tp + fp + fn) >= 0.9
    assert article.url == gold["url"] and article.source == "ScienceAlert"


def test_bad_pages_are_skipped_with_their_reason_and_the_rest_stored(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(DATA, folder)
    for other in ("ground-truth.json", "SOURCE.md"):
        (folder / other).unlink()
    good = (DATA / "boingboing-hanukkah.html").read_bytes()
    (folder / "truncated.html").write_bytes(good[:3000])  # cut inside <head>: no body at all
    (folder / "binary.html").write_bytes((ROOT / "bench" / "data" / "sources" / "scrapinghub-aeb-181.tar.xz")
                                         .read_bytes()[:5000])
    items = list(read([folder]))
    reasons = {Path(s.path).name: s.reason for s in items if isinstance(s, Skipped)}
    assert set(reasons) == {"truncated.html", "binary.html", "austria-info-home.html.gz", "wikipedia-diff-nodate.html"}
    assert "not an HTML page" in reasons["binary.html"]
    assert "home page" in reasons["austria-info-home.html.gz"]
    assert "no publication date" in reasons["wikipedia-diff-nodate.html"]
    assert "no article" in reasons["truncated.html"]
    assert len([a for a in items if isinstance(a, Article)]) == 5

    report = ingest([folder], db=tmp_path / "news.db")
    assert (report.added, len(report.skipped)) == (5, 4)
    again = ingest([folder], db=tmp_path / "news.db")
    assert (again.added, again.duplicates) == (0, 5)
    with Store(tmp_path / "news.db", readonly=True) as store:
        assert store.stats().articles == 5


def test_html_is_detected_by_content_without_a_suffix(tmp_path: Path) -> None:
    plain = tmp_path / "saved-page"
    plain.write_bytes((DATA / "oann-macron.html").read_bytes())
    [article] = read([plain])
    assert isinstance(article, Article) and article.published == dt.date(2020, 1, 18)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://WWW.Example.com:443/a/b?utm_source=x&id=7&fbclid=abc#top", "https://www.example.com/a/b?id=7"),
        ("http://example.com", "http://example.com/"),
        ("https://example.com/p?b=2&a=1&ref=rss", "https://example.com/p?a=1&b=2"),
        ("https://example.com:8443/p", "https://example.com:8443/p"),
    ],
)
def test_canonical_url_drops_tracking_parameters(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


# Pages of htmldate's evaluation set (bench/data/sources) in other languages, with the language each page
# declares in its <html lang> (read off the markup): the language is stored and served with the article.
FOREIGN = {"1716561772.html": "ru", "1731743891.html": "es", "1551001635.html": "fr", "1798244877.html": "de"}


def test_page_language_is_stored_and_served(tmp_path: Path) -> None:
    import httpx

    from dateline.web import create_app
    from dateline.web.server import background_server

    pages = bench._members(bench.DATE_SET)
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in FOREIGN:
        (folder / name).write_bytes(pages[f"pages/{name}"])
    (folder / "en.html").write_bytes((DATA / "boingboing-hanukkah.html").read_bytes())
    db = tmp_path / "news.db"
    report = ingest([folder], db)
    assert report.added == len(FOREIGN) + 1, report.summary()
    ids = {Path(a.origin[0]).name: a.id for a in read([folder])}  # which stored article each file is
    with Store(db, readonly=True) as store:
        assert {name: store.article(id_).language for name, id_ in ids.items()} == {**FOREIGN, "en.html": "en"}
    app = create_app(db, workers=0)
    with background_server(app) as url, httpx.Client(base_url=url) as client:
        served = {name: client.get(f"/api/articles/{id_}").json()["language"] for name, id_ in ids.items()}
    assert served == {**FOREIGN, "en.html": "en"}


def test_jsonl_language_tag_keeps_its_language_code(tmp_path: Path) -> None:
    corpus = tmp_path / "a.jsonl"
    lines = [{"id": f"a{i}", "published": "2020-01-01", "text": "Some text.", "language": tag}
             for i, tag in enumerate(["en-US", "pt_BR", "DE", "", "not a tag"])]
    corpus.write_text("".join(json.dumps(x) + "\n" for x in lines))
    assert [a.language for a in read([corpus])] == ["en", "pt", "de", "", ""]
