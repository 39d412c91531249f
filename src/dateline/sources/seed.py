"""The seed format: a plain-text article whose first line is `date YYYY-MM-DD <caption>`.

This is how our first user hands us articles (see ../shared/seed/): the caption becomes the title, the rest
of the file the text, and the file name stem the id, so that re-ingesting the same file finds the same
article. A local file has no web address and no named outlet, so `url` and `source` stay empty rather than
carrying a machine-specific file path into timelines that others will read.
"""

from __future__ import annotations

import re
from pathlib import Path

from dateline.model import Article, Skipped
from dateline.sources.common import day, decode, empty_text

_HEADER = re.compile(r"date[ \t]+(\S+)[ \t]*(.*)")
_SHAPE = "the first line must be 'date YYYY-MM-DD <caption>'"


def looks_like_seed(head: str) -> bool:
    """True when the text opens with a `date ...` line: enough to send the file here rather than call it unknown."""
    return _HEADER.match(head.lstrip()) is not None


def read_seed(path: Path, data: bytes) -> Article | Skipped:
    text = decode(path, data)
    if isinstance(text, Skipped):
        return text
    first, _, body = text.lstrip().partition("\n")
    header = _HEADER.match(first)
    if header is None:
        return Skipped(str(path), None, f"not a seed article: {_SHAPE}, found {first[:60]!r}")
    published = day(header[1])
    if published is None:
        return Skipped(str(path), None, f"{header[1]!r} is not a real date; {_SHAPE}")
    body = body.strip()
    if not body:
        return empty_text(path)
    return Article(id=path.stem, url="", source="", published=published,
                   title=header[2].strip(), text=body)
