"""Dateline: turn dated news articles into timelines.

    >>> import dateline
    >>> dateline.ingest(["articles.jsonl"], db="news.db")
    >>> tl = dateline.build_timeline("oil spill", db="news.db", dates=10)
    >>> print(dateline.render(tl, "md"))
    >>> from dateline.evaluate import evaluate
    >>> scores = evaluate(tl, [reference_timeline])
"""

from importlib import metadata as _metadata

from dateline.annotate import annotate
from dateline.api import DEFAULT_DB, build_timeline, ingest
from dateline.model import Article, Entry, Query, Sentence, Skipped, Timeline, TimeRef
from dateline.render import render

# `dateline.evaluate` is the evaluation package (it loads scipy, so it is not imported here):
# `from dateline.evaluate import evaluate` scores a timeline against references.

try:
    __version__ = _metadata.version("dateline")  # one source of truth: pyproject.toml, via the install
except _metadata.PackageNotFoundError:  # a source tree on sys.path that was never installed
    __version__ = "unknown"

__all__ = [
    "DEFAULT_DB",
    "Article",
    "Entry",
    "Query",
    "Sentence",
    "Skipped",
    "TimeRef",
    "Timeline",
    "annotate",
    "build_timeline",
    "ingest",
    "render",
]
