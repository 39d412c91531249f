"""Dateline: turn dated news articles into timelines.

    >>> import dateline
    >>> dateline.ingest(["articles.jsonl"], db="news.db")
    >>> tl = dateline.build_timeline("oil spill", db="news.db", dates=10)
    >>> print(dateline.render(tl, "md"))
"""

from dateline.api import DEFAULT_DB, build_timeline, ingest
from dateline.model import Article, Entry, Query, Sentence, Skipped, Timeline, TimeRef

__all__ = [
    "DEFAULT_DB",
    "Article",
    "Entry",
    "Query",
    "Sentence",
    "Skipped",
    "TimeRef",
    "Timeline",
    "build_timeline",
    "ingest",
    "render",
    "evaluate",
]


def render(timeline: Timeline, fmt: str = "text") -> str:
    """Render a timeline as text, md, json or tilse."""
    from dateline.render import render as _render

    return _render(timeline, fmt)


def evaluate(pred: Timeline, refs: list[Timeline]) -> dict:
    """TILSE scores of `pred` against reference timelines (see `dateline.evaluate`)."""
    from dateline.evaluate import evaluate as _evaluate

    return _evaluate(pred, refs)
