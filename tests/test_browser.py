"""A reader's path through the web app in Debian's Chromium, driven headless by Playwright.

Playwright's own browser download is not used (nothing downloads at run time): Playwright drives the
system Chromium that scripts/setup-test.sh installs.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import need_tool
from dateline.web import create_app
from dateline.web.server import background_server
from test_web import add_late, make_store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
#: Headless, and no background connections: this machine's network is closed and Chromium would retry.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with background_server(create_app(make_store(tmp_path_factory.mktemp("browser")))) as url:
        yield url


@pytest.fixture
def page():
    need_tool(shutil.which("chromium") is not None and Path(CHROMIUM).exists(), "Debian chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1200, "height": 900})
        finally:
            browser.close()


def test_query_timeline_chart_and_source(page, base_url: str) -> None:
    from playwright.sync_api import expect

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(base_url + "/")
    assert page.get_by_role("heading", name="What happened, and when?").is_visible()
    page.get_by_label("Topic").fill("harbour fire")
    page.get_by_label("Dates").fill("4")
    page.get_by_role("button", name="Build timeline").click()
    page.wait_for_url(re.compile(r"/timeline\?q=harbour\+fire"))

    entries = page.locator("li.entry")
    assert 1 <= entries.count() <= 4
    assert page.locator("li.entry h2 time").first.is_visible()
    chart = page.locator("figure.chart svg")
    assert chart.is_visible() and chart.bounding_box()["height"] > 100
    assert page.locator("figure.chart .bars rect").count() == 6
    assert page.locator("figure.chart .markers circle").count() == entries.count()

    source = page.locator("a.source").first
    quoted = page.locator("li.entry blockquote").first.inner_text()
    source.click()
    page.wait_for_url(re.compile(r"/articles/.+\?s=\d+#s\d+$"))
    mark = page.locator("mark.picked")
    assert mark.count() == 1
    expect(mark).to_be_in_viewport()  # the page scrolled to the quoted sentence
    assert mark.inner_text().strip() == quoted.strip()
    assert page.locator("h1").inner_text()  # the article's title

    page.goto(base_url + "/articles/odd/2021-03-04/1?s=1")  # the article full of markup stays text
    assert "<img src=x onerror=alert(1)>" in page.locator("mark.picked").inner_text()
    assert page.locator(".article img, .article script").count() == 0
    assert dialogs == [] and errors == []


def test_docs_page_renders_offline(page, base_url: str) -> None:
    page.goto(base_url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert page.locator(".opblock-summary-path", has_text="/api/timeline").count() == 1


def test_an_open_timeline_offers_a_reload_when_the_store_changes_and_marks_the_new_date(page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    db = make_store(tmp_path)
    app = create_app(db, workers=0, poll_seconds=0.3)
    with background_server(app) as url:
        page.goto(url + "/timeline?q=harbour+fire&dates=10")
        reload = page.locator(".freshness a.reload")
        expect(reload).to_have_text("Reload, marking what is new")
        page.wait_for_timeout(1000)  # the page asks a few times: nothing changed, nothing offered
        expect(reload).to_have_text("Reload, marking what is new")
        assert page.locator("li.entry.new").count() == 0

        add_late(db, tmp_path)  # an ingest while the page is open

        expect(reload).to_have_text("Updated: 1 new article, reload", timeout=10_000)
        expect(page.locator(".freshness")).to_have_class(re.compile(r"\bupdated\b"))
        reload.click()
        page.wait_for_url(re.compile(r"since=\d+"))
        marked = page.locator("li.entry.new")
        expect(marked).to_have_count(1)
        assert marked.get_attribute("id") == "d-2021-03-10"
        expect(marked.locator(".badge")).to_have_text("new")
        assert page.locator("li.entry").count() > 1
    assert errors == []


def test_speaker_filter_and_a_speakers_own_timeline(page, base_url: str) -> None:
    page.goto(base_url + "/timeline?q=harbour+fire&dates=4")
    page.get_by_label("Quotes by", exact=True).select_option("the fire service")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"/timeline\?.*speaker=the\+fire\+service"))
    groups = page.locator("details.quotes")
    assert groups.count() >= 1
    assert all(groups.nth(i).get_attribute("open") is not None for i in range(groups.count()))
    assert set(page.locator("details.quotes h3.speaker").all_inner_texts()) == {"the fire service"}

    page.get_by_role("link", name="What the fire service said, month by month").click()
    page.wait_for_url(re.compile(r"/speaker\?name=the\+fire\+service"))
    assert page.get_by_role("heading", name="What the fire service said, month by month").is_visible()
    assert page.get_by_role("heading", name="March 2021").is_visible()
    assert "No one was hurt" in page.locator("ul.said").inner_text()
    page.locator("ul.said a.source").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    assert "No one was hurt" in page.locator("main").inner_text()
