"""news-please output: one JSON file per article, the format many news crawls already have.

news-please (and crawls built on it, such as the CC-NEWS extractions) writes each article as a JSON object
with ``title``, ``maintext``, ``date_publish`` (``YYYY-MM-DD HH:MM:SS``), ``url``, ``source_domain``,
``language`` and more; a file holding a JSON list of such objects is accepted too. The article's id is its
canonical address (`dateline.sources.html.canonical_url`), as for pages, feeds and archives, so the same
article reached through news-please and through a feed is stored once. ``date_download`` and
``date_modify`` are not publication dates and are never used in place of a missing ``date_publish``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dateline.model import Article, Skipped
from dateline.sources.common import decode, empty_text, language_code, parse_date
from dateline.sources.html import canonical_url

__all__ = ["looks_like_newsplease", "read_newsplease"]

_MAX_BYTES = 64 << 20
_NEEDS = "a news-please article needs maintext and date_publish"


def looks_like_newsplease(head: bytes) -> bool:
    """True when a JSON file's first kilobytes name news-please's own fields."""
    return b'"maintext"' in head or b'"date_publish"' in head


def read_newsplease(path: Path) -> Iterator[Article | Skipped]:
    try:
        with path.open("rb") as f:
            data = f.read(_MAX_BYTES + 1)
    except OSError as e:
        yield Skipped(str(path), None, f"cannot read this file ({e.strerror})")
        return
    if len(data) > _MAX_BYTES:
        yield Skipped(str(path), None, f"larger than {_MAX_BYTES >> 20} MB: news-please writes one article a file")
        return
    text = decode(path, data)
    if isinstance(text, Skipped):
        yield text
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        yield Skipped(str(path), e.lineno, f"not valid JSON ({e.msg} at column {e.colno}); {_NEEDS}")
        return
    records = obj if isinstance(obj, list) else [obj]
    for number, record in enumerate(records, 1):
        yield _article(path, number if isinstance(obj, list) else None, record)


def _article(path: Path, number: int | None, obj: Any) -> Article | Skipped:
    def skip(reason: str) -> Skipped:
        return Skipped(str(path), number, reason)

    if not isinstance(obj, dict):
        return skip(f"a JSON {type(obj).__name__}, not an object; {_NEEDS}")
    body = obj.get("maintext")
    if not isinstance(body, str) or not body.strip():
        return empty_text(path, number)
    raw = obj.get("date_publish")
    published = parse_date(raw) if isinstance(raw, str) else None
    if published is None:
        shown = "missing" if raw is None else f"{str(raw)[:40]!r}, not a date"
        return skip(f"date_publish is {shown}; a timeline cannot place an undated article")
    url = obj.get("url") if isinstance(obj.get("url"), str) else ""
    address = canonical_url(url) if url.lower().startswith(("http://", "https://")) else ""
    domain = obj.get("source_domain") if isinstance(obj.get("source_domain"), str) else ""
    title = obj.get("title") if isinstance(obj.get("title"), str) else ""
    return Article(
        id=address or path.stem,
        url=address,
        source=(domain or urlsplit(address).hostname or "").removeprefix("www."),
        published=published,
        title=title.strip(),
        text=body.strip(),
        language=language_code(obj["language"]) if isinstance(obj.get("language"), str) else "",
    )
