"""Helpers every reader shares, so that all formats report problems in the same words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from dateline.model import Skipped

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_START = re.compile(r"\d{4}-?\d{2}-?\d{2}(?:$|[T ])")


def day(value: str) -> dt.date | None:
    """The date written as exactly `YYYY-MM-DD`, or None; folder names and seed headers use only this form."""
    if not _DAY.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:  # shaped like a date but not one, e.g. 2019-02-30
        return None


def decode(path: Path, data: bytes, line: int | None = None) -> str | Skipped:
    """UTF-8 text (a leading byte-order mark dropped), or a Skipped naming the first bad byte.

    Guessing another encoding would store mojibake without telling anyone, so we refuse and say how to fix it.
    """
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        return Skipped(
            str(path),
            line,
            f"not UTF-8 text ({e.reason} at byte {e.start}); convert the file to UTF-8, "
            f"e.g. iconv -f latin1 -t utf-8",
        )


def empty_text(path: Path, line: int | None = None) -> Skipped:
    return Skipped(str(path), line, "the article text is empty; there is nothing to put on a timeline")


def parse_date(value: str) -> dt.date | None:
    """The calendar day as written: a zone, if any, only qualifies the time and never moves the day."""
    value = value.strip()
    if not _DATE_START.match(value):
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None
