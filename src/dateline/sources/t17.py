"""The raw Timeline17 layout: `<source>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt`.

The publication date exists only as the folder name and the file has no title, so the title stays empty
(its first line is the first sentence, not a headline). File names repeat across sources, so the id is
`<source>/<date>/<name>`, which is unique across the whole dataset and still says where the file lives.
The text is kept as it is, PTB tokens and one sentence per line, because the gold timelines were written
against it. Only `InputDocs/` holds articles: `time_annotated/` and `timelines/` are derived data.
"""

from __future__ import annotations

import os
from pathlib import Path

from dateline.model import Article, Skipped
from dateline.sources.common import day, decode, empty_text

ARTICLES_DIR = "InputDocs"
_SHAPE = "Timeline17 articles live in <source>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt"


def _layout(path: Path) -> list[str]:
    """The last four parts of the absolute path: source, InputDocs, date folder, file name."""
    return ["", "", "", "", *os.path.abspath(path).split(os.sep)][-4:]


def in_t17_layout(path: Path) -> bool:
    return _layout(path)[1] == ARTICLES_DIR


def read_t17(path: Path, data: bytes) -> Article | Skipped:
    source, docs, folder, name = _layout(path)
    if docs != ARTICLES_DIR:
        return Skipped(str(path), None, f"not in the Timeline17 layout; {_SHAPE}")
    published = day(folder)
    if published is None:
        return Skipped(str(path), None, f"folder name {folder!r} is not a date; {_SHAPE}")
    text = decode(path, data)
    if isinstance(text, Skipped):
        return text
    text = text.strip()
    if not text:
        return empty_text(path)
    name = name.removesuffix(".htm.txt") if name.endswith(".htm.txt") else path.stem
    return Article(id=f"{source}/{folder}/{name}", url="", source=source, published=published, title="",
                   text=text)
