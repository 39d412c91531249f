"""The tilse timeline file format, read and written in one place.

An entry is a line `YYYY-MM-DD`, one summary sentence per line, then a line of 32 `-`. Reference
timelines of Timeline17 and Crisis use it, and so do the published evaluation scripts, so a timeline
written here can be scored by them and theirs by us. Real files have flaws (a malformed date in
Timeline17's MJ timeline, raw `&`): reading reports each one and keeps going.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from dateline.errors import DatelineError
from dateline.model import Entry, Sentence, Timeline

SEPARATOR = "-" * 32
_DATE_LINE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


@dataclass
class TilseFile:
    """A parsed tilse file: the timeline, plus what could not be used and why (path:line: reason)."""

    timeline: Timeline
    problems: list[str] = field(default_factory=list)


def format_tilse(timeline: Timeline) -> str:
    """The timeline in tilse format, entries in date order (the evaluation scripts expect this)."""
    blocks = []
    for entry in sorted(timeline.entries, key=lambda e: e.date):
        lines = [entry.date.isoformat(), *(" ".join(s.text.split()) for s in entry.sentences), SEPARATOR]
        blocks.append("\n".join(lines))
    return "\n".join(blocks) + ("\n" if blocks else "")


def parse_tilse(text: str, name: str = "<timeline>", method: str = "reference") -> TilseFile:
    """Parse tilse text. An entry whose date does not parse is skipped and reported, with its line.

    Entries with the same date are merged (sentences appended), as tilse itself does.
    """
    problems: list[str] = []
    by_date: dict[dt.date, list[str]] = {}
    current: dt.date | None = None
    skipping = False
    expect_date = True
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line == SEPARATOR or (line and set(line) == {"-"} and len(line) >= 8):
            current, skipping, expect_date = None, False, True
            continue
        if not line:
            continue
        if expect_date:
            expect_date = False
            m = _DATE_LINE.match(line)
            day = None
            if m:
                try:
                    day = dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    day = None
            if day is None:
                problems.append(f"{name}:{lineno}: {line!r} is not a valid YYYY-MM-DD date; entry skipped")
                skipping = True
                continue
            current = day
            by_date.setdefault(day, [])
            continue
        if skipping or current is None:
            continue
        by_date[current].append(line)
    entries = tuple(
        Entry(day, tuple(_ref_sentence(s, day, i) for i, s in enumerate(sents)))
        for day, sents in sorted(by_date.items())
    )
    return TilseFile(Timeline(query=name, method=method, entries=entries), problems)


def read_tilse(path: str | Path, method: str = "reference") -> TilseFile:
    """Read a tilse file; a missing or undecodable file is a user error that names the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatelineError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise DatelineError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    return parse_tilse(text, name=str(path), method=method)


def _ref_sentence(text: str, day: dt.date, index: int) -> Sentence:
    return Sentence(
        article_id="", index=index, text=text, published=day, event_date=day, date_source="mention"
    )
