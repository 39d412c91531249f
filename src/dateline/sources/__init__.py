"""Readers: turn files and folders of news into `Article`s, and say exactly what they could not use.

One entry point, `read`, takes any mix of files and folders and works out each file's format on its own,
because real collections are mixed (a folder of seed articles next to a JSONL export and a Timeline17
copy). Every record a reader cannot use comes out as a `Skipped` with a reason the user can act on, in the
same stream as the articles, so a caller counts and reports both and nothing disappears silently. Every
reader's output passes through `dateline.sources.common.checked`: each article carries its origin (file,
line) and is refused with a reason when its publication date is outside 1000-01-01..2999-12-31 or a field
is not valid text (a lone surrogate), and a reader that fails part-way costs only the rest of its file. Folders
are walked in sorted order so that two runs over the same files produce the same store.

Formats (see each module for the fields it sets):
- ``seed``: text file whose first line is ``date YYYY-MM-DD <caption>`` (`dateline.sources.seed`);
- ``jsonl``: one JSON article per line, ``.jsonl`` or gzipped (`dateline.sources.jsonl`);
- ``t17``: the raw Timeline17 layout ``<source>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt`` (`dateline.sources.t17`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from dateline.errors import DatelineError
from dateline.model import Article, Skipped
from dateline.sources.common import checked, empty_text
from dateline.sources.jsonl import read_jsonl
from dateline.sources.seed import looks_like_seed, read_seed
from dateline.sources.t17 import ARTICLES_DIR, in_t17_layout, read_t17

__all__ = ["FORMATS", "read"]

FORMATS = ("seed", "jsonl", "t17")

_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
_GZIP_MAGIC = b"\x1f\x8b"
_FIRST_LINE_LIMIT = 1 << 20
_UNKNOWN = (
    "unknown format: not JSONL (.jsonl/.jsonl.gz, one JSON object per line), not a seed article (first line "
    "'date YYYY-MM-DD <caption>') and not in the Timeline17 layout (<source>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt); "
    "to force a format, pass --format (fmt= in Python)"
)


def read(paths: Sequence[str | Path], fmt: str | None = None) -> Iterator[Article | Skipped]:
    """Articles from files and folders, in the order given, each folder walked in sorted order.

    `fmt` None detects the format per file, by name, by folder layout, then by first line; otherwise it
    forces one of `FORMATS` for every file. A folder that holds `InputDocs/` is a Timeline17 source folder
    and only its `InputDocs/` is read. Hidden files and folders (name starting with a dot) are not read.
    Reading is lazy: an article is read when the caller asks for it.
    """
    if fmt is not None and fmt not in FORMATS:
        raise DatelineError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}, or None to detect it")
    return _read_paths([Path(p) for p in paths], fmt)


def _read_paths(paths: list[Path], fmt: str | None) -> Iterator[Article | Skipped]:
    for path in paths:
        if path.is_dir():
            for item in _walk(path, set()):
                if isinstance(item, Skipped):
                    yield item
                else:
                    yield from _read_file(item, fmt)
        elif path.is_file():
            yield from _read_file(path, fmt)
        else:
            yield Skipped(str(path), None, "no such file or folder")


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | Skipped]:
    """Files under `folder`, sorted by name; `seen` (device, inode) pairs stop symlink loops."""
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        yield Skipped(str(folder), None, f"cannot list this folder ({e.strerror})")
        return
    docs = [e for e in entries if e.name == ARTICLES_DIR and e.is_dir()]
    for entry in docs or entries:
        if entry.is_dir():
            yield from _walk(Path(entry.path), seen)
        else:
            yield Path(entry.path)


def _read_file(path: Path, fmt: str | None) -> Iterator[Article | Skipped]:
    """The records of one file, each checked, so that a bad record or a failing reader costs only itself
    (see `dateline.sources.common.checked`)."""
    return checked(path, _read_records(path, fmt))


def _read_records(path: Path, fmt: str | None) -> Iterator[Article | Skipped]:
    if fmt == "jsonl" or (fmt is None and path.name.endswith(_JSONL_SUFFIXES)):
        yield from read_jsonl(path)
        return
    try:
        if fmt == "t17" or (fmt is None and in_t17_layout(path)):
            yield read_t17(path, path.read_bytes())
            return
        with path.open("rb") as f:
            head = b""
            while not head.strip() and (line := f.readline(_FIRST_LINE_LIMIT)):
                head += line
            detected = fmt or _sniff(head)
            data = head + f.read() if detected == "seed" else b""
    except OSError as e:
        yield Skipped(str(path), None, f"cannot read this file ({e.strerror})")
        return
    if detected == "seed":
        yield read_seed(path, data)
    elif detected == "jsonl":
        yield from read_jsonl(path)
    elif not head.strip():
        yield empty_text(path)
    else:
        yield Skipped(str(path), None, _UNKNOWN)


def _sniff(head: bytes) -> str | None:
    """The format a file's first line shows, or None: looking further would only guess.

    Bad bytes are replaced here only to recognise the shape; the reader then reports them properly.
    """
    if head.startswith(_GZIP_MAGIC):
        return "jsonl"
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if looks_like_seed(text):
        return "seed"
    if text.lstrip().startswith("{"):
        try:
            return "jsonl" if isinstance(json.loads(text), dict) else None
        except ValueError:
            return None
    return None
