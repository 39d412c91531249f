"""Every output format, on a small timeline with the awkward cases: PTB-tokenised text, Markdown
characters, a sentence with a URL and one without."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dateline.model import Entry, Sentence, Timeline
from dateline.render import render, render_text
from dateline.tilseformat import parse_tilse

D = dt.date


def _s(text: str, article_id: str, published: dt.date, url: str = "", source: str = "BBC") -> Sentence:
    return Sentence(article_id, 0, text, published, published, "published", source=source, url=url)


QUAKE = _s(
    "A 7.0-magnitude earthquake struck Haiti on Tuesday , the U.S. Geological Survey said , "
    "and thousands are feared dead in Port-au-Prince 's collapsed buildings .",
    "haiti/1", D(2010, 1, 13), url="https://news.example/haiti/1",
)
AID = _s("Aid *finally* reaches the [airport] -LRB- US troops -RRB- .", "haiti/2", D(2010, 1, 16))
TL = Timeline(
    "haiti earthquake",
    "datewise",
    (Entry(D(2010, 1, 12), (QUAKE,)), Entry(D(2010, 1, 15), (AID, _s("The airport reopened .", "haiti/3", D(2010, 1, 15))))),
)
EMPTY = Timeline("nothing here", "datewise")


def test_text_view_has_header_dates_bullets_and_sources() -> None:
    out = render_text(TL, width=72)
    lines = out.splitlines()
    assert lines[0] == 'Timeline: "haiti earthquake"' and "method: datewise" in lines[1]
    assert "2010-01-12 (Tuesday)" in lines and "2010-01-15 (Friday)" in lines
    bullet = next(i for i, line in enumerate(lines) if line.startswith("  • A 7.0"))
    assert lines[bullet + 1].startswith("    ") and not lines[bullet + 1].startswith("    —")  # wrapped, indented
    shown = " ".join(line.strip() for line in lines[bullet : bullet + 3])
    assert "struck Haiti on Tuesday, the U.S. Geological Survey said" in shown  # detokenised for display
    assert "Port-au-Prince's collapsed buildings." in shown
    source = lines.index("    — BBC · published 2010-01-13")
    assert lines[source + 1] == "      https://news.example/haiti/1"
    assert "    — BBC · published 2010-01-16 · article haiti/2" in lines  # no URL: the article id
    assert all(len(line) <= 72 for line in lines)


def test_text_view_never_breaks_a_url() -> None:
    url = "https://news.example/" + "x" * 120
    tl = Timeline("q", "m", (Entry(D(2020, 1, 1), (_s("Something happened .", "a", D(2020, 1, 1), url=url),)),))
    assert any(url in line for line in render_text(tl, width=60).splitlines())


def test_markdown_headings_bullets_links_and_escaping() -> None:
    out = render(TL, "md")
    lines = out.splitlines()
    assert lines[0] == "# Timeline: haiti earthquake"
    assert "## 2010-01-12" in lines and "## 2010-01-15" in lines
    assert any(line.startswith("- A 7.0-magnitude") and "([BBC](https://news.example/haiti/1), 2010-01-13)" in line
               for line in lines)
    aid = next(line for line in lines if "Aid" in line)
    assert aid.startswith(r"- Aid \*finally\* reaches the \[airport\] (US troops).")
    assert aid.endswith("(BBC, 2010-01-16; article haiti/2)")  # no URL: the article id instead of a link


def test_json_has_exactly_the_documented_shape() -> None:
    doc = json.loads(render(TL, "json"))
    assert set(doc) == {"query", "method", "entries"}
    assert doc["query"] == "haiti earthquake" and doc["method"] == "datewise"
    assert [e["date"] for e in doc["entries"]] == ["2010-01-12", "2010-01-15"]
    for entry in doc["entries"]:
        assert set(entry) == {"date", "sentences"}
        for s in entry["sentences"]:
            assert set(s) == {"text", "article_id", "url", "published", "source"}
            dt.date.fromisoformat(s["published"])
    first = doc["entries"][0]["sentences"][0]
    assert first == {
        "text": QUAKE.text,  # as stored, not detokenised
        "article_id": "haiti/1",
        "url": "https://news.example/haiti/1",
        "published": "2010-01-13",
        "source": "BBC",
    }


def test_tilse_round_trip() -> None:
    back = parse_tilse(render(TL, "tilse"))
    assert back.problems == []
    assert back.timeline.dates == TL.dates
    assert [[s.text for s in e.sentences] for e in back.timeline.entries] == [
        [s.text for s in e.sentences] for e in TL.entries
    ]


def test_empty_timeline() -> None:
    assert "No sentence of the stored articles matched" in render(EMPTY, "text")
    assert "No sentence of the stored articles matched" in render(EMPTY, "md")
    assert json.loads(render(EMPTY, "json")) == {"query": "nothing here", "method": "datewise", "entries": []}
    assert render(EMPTY, "tilse") == ""


def test_unknown_format_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown format 'html'.*text, md, json, tilse"):
        render(TL, "html")



def test_a_list_bullet_kept_by_the_splitter_is_not_shown() -> None:
    """Timeline17's lead lines hold bullets ("\\* Hayward to testify"); the splitter keeps every character,
    so the bullet is dropped where the sentence is shown for reading (JSON keeps the stored text)."""
    tl = Timeline("q", "m", (Entry(D(2010, 6, 17), (_s("\\* Hayward to testify before Congress on Thursday .",
                                                        "bp/1", D(2010, 6, 16)),)),))
    assert "  • Hayward to testify before Congress on Thursday." in render_text(tl, width=100).splitlines()
    assert "- Hayward to testify before Congress on Thursday. (BBC, 2010-06-16; article bp/1)" in render(tl, "md").splitlines()
