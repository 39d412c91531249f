"""The tilse timeline file format, read and written in one place.

An entry is a line `YYYY-MM-DD`, one summary sentence per line, then a line of 32 `-`. Reference
timelines of Timeline17 and Crisis use it, and so do the published evaluation scripts, so a timeline
written here can be scored by them and theirs by us. Real files have flaws (a malformed date in
Timeline17's MJ timeline, dates listed twice in three T17 timelines, mangled UTF-8 in seven Crisis
timelines): reading reports each one and keeps going.
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

    A date listed twice keeps its last entry and the earlier one is reported: tilse (`Timeline.from_file`,
    a dict) and news-tls do the same, so published scores were computed without the earlier entry.
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
            if day in by_date:
                problems.append(
                    f"{name}:{lineno}: date {day} appears again; its earlier entry is dropped, as tilse does"
                )
            current = day
            by_date[day] = []
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
    """Read a tilse file; a missing file is a user error that names the file.

    Bytes that are not UTF-8 (seven Crisis gold timelines carry mangled punctuation such as a lone
    0x80 0x99) become U+FFFD and are reported: ROUGE-1.5.5 turns every non-ASCII byte into a space,
    so the scores do not change.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DatelineError(f"{path}: no such file") from None
    try:
        text, problems = data.decode("utf-8"), []
    except UnicodeDecodeError as e:
        text = data.decode("utf-8", errors="replace")
        problems = [f"{path}: not valid UTF-8 ({e.reason} at byte {e.start}); bad bytes read as U+FFFD"]
    parsed = parse_tilse(text, name=str(path), method=method)
    parsed.problems[:0] = problems
    return parsed


def _ref_sentence(text: str, day: dt.date, index: int) -> Sentence:
    return Sentence(
        article_id="", index=index, text=text, published=day, event_date=day, date_source="mention"
    )
