"""TimelineJS3 JSON: the format of Knight Lab's TimelineJS, so a newsroom can embed a timeline as is.

TimelineJS reads `{"title": slide, "events": [slide, ...]}` where a slide has a `start_date` of
year/month/day and a `text` of `headline` and `text`. Its text fields are HTML, so every piece of article
text is escaped here and each sentence links to the article it came from (attribution is the point of a
timeline built from other people's reporting).
"""

from __future__ import annotations

from html import escape
from typing import Any

from dateline.model import Entry, Sentence, Timeline
from dateline.text import web_url

HEADLINE_CHARS = 90


def render_timelinejs(timeline: Timeline) -> dict[str, Any]:
    """The timeline as a TimelineJS3 JSON document (a dict ready for `json.dumps`), one event per date."""
    n = len(timeline.entries)
    return {
        "title": {
            "text": {
                "headline": escape(timeline.query),
                "text": f"<p>{n} date{'s' if n != 1 else ''}, built by Dateline ({escape(timeline.method)})</p>",
            }
        },
        "events": [_event(entry) for entry in sorted(timeline.entries, key=lambda e: e.date)],
    }


def _event(entry: Entry) -> dict[str, Any]:
    first = entry.sentences[0].text if entry.sentences else entry.date.isoformat()
    return {
        "unique_id": entry.date.isoformat(),
        "start_date": {"year": entry.date.year, "month": entry.date.month, "day": entry.date.day},
        "text": {
            "headline": escape(_shorten(" ".join(first.split()), HEADLINE_CHARS)),
            "text": "".join(_paragraph(s) for s in entry.sentences),
        },
    }


def _paragraph(sentence: Sentence) -> str:
    text = escape(" ".join(sentence.text.split()))
    credit = escape(sentence.source or sentence.title or "source")
    if (url := web_url(sentence.url)) is not None:
        credit = f'<a href="{escape(url)}">{credit}</a>'
    return f"<p>{text} <small>({credit})</small></p>"


def _shorten(text: str, limit: int) -> str:
    """Cut at a word boundary so a slide's headline stays one line."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"
