"""JSON Lines: one article object per line, the general interchange format (`.jsonl`, or gzipped).

Each line needs `id`, `published` and `text`; `url`, `title`, `source` and `language` (a language tag such
as ``en`` or ``en-US``; its ISO 639 code is kept) are optional. news-tls raw
article files name the date `time` instead of `published`, and researchers have many of them, so `time` is
accepted too. A missing `source` is taken from the url's host name (`www.bbc.co.uk` -> `bbc.co.uk`), the
closest thing to an outlet name the record has. Files are streamed line by line, so a file of any size reads
in constant memory, and one bad line costs that line only.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from dateline.model import Article, Skipped
from dateline.sources.common import decode, empty_text, language_code, one_record, parse_date

_NEEDS = "each line needs id, published (YYYY-MM-DD) and text"
_GZIP_MAGIC = b"\x1f\x8b"


def read_jsonl(path: Path) -> Iterator[Article | Skipped]:
    line = 0
    try:
        with path.open("rb") as raw:
            gzipped = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            if path.suffix == ".gz" and not gzipped and raw.read(1):
                yield Skipped(str(path), None, "named .gz but not gzip-compressed; gzip it, or drop .gz from "
                              "its name if it is plain JSONL")
                return
            stream: IO[bytes] = gzip.GzipFile(fileobj=raw) if gzipped else raw
            for line, data in enumerate(stream, 1):
                if data.strip():
                    yield one_record(path, line, lambda: _record(path, line, data))
    except (OSError, EOFError, zlib.error) as e:  # gzip.BadGzipFile is an OSError
        yield Skipped(str(path), line + 1, f"cannot read past this point ({e}); the file is damaged or "
                      f"truncated, records before this line were read")


def _record(path: Path, line: int, data: bytes) -> Article | Skipped:
    def skip(reason: str) -> Skipped:
        return Skipped(str(path), line, reason)

    text = decode(path, data, line)
    if isinstance(text, Skipped):
        return text
    try:
        obj = json.loads(text.rstrip())  # a line cut short is reported at its end, not at the next line
    except json.JSONDecodeError as e:
        return skip(f"not valid JSON ({e.msg} at column {e.colno}); {_NEEDS}, as one JSON object per line")
    if not isinstance(obj, dict):
        return skip(f"a JSON {type(obj).__name__}, not an object; {_NEEDS}")

    fields: dict[str, str] = {}
    for name in ("id", "published", "text", "url", "title", "source", "language"):
        value = obj.get(name)
        if name == "published" and value is None:
            value = obj.get("time")
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            if name in ("id", "published", "text"):
                return skip(f"{name!r} is missing; {_NEEDS}")
            value = ""
        if not isinstance(value, str):
            return skip(f"{name!r} must be a string, found {json.dumps(value)[:40]}; {_NEEDS}")
        fields[name] = value

    if not fields["id"].strip():
        return skip(f"'id' is empty; give every record an id of its own (a link or a number will do); {_NEEDS}")
    published = parse_date(fields["published"])
    if published is None:
        return skip(f"'published' is {fields['published'][:40]!r}, not a date; write YYYY-MM-DD or an ISO "
                    f"8601 date-time such as 2019-02-28T14:05:00Z")
    body = fields["text"].strip()
    if not body:
        return empty_text(path, line)
    source = fields["source"] or (urlsplit(fields["url"]).hostname or "").removeprefix("www.")
    return Article(id=fields["id"], url=fields["url"], source=source,
                   published=published, title=fields["title"].strip(), text=body, origin=(str(path), line),
                   language=language_code(fields["language"]))

