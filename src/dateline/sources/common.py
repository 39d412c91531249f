"""Helpers every reader shares, so that all formats report problems in the same words."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from dateline.model import FIRST_DAY, LAST_DAY, Article, Skipped

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


def language_code(value: str) -> str:
    """The ISO 639 code at the head of a language tag, lower case ("en-US" -> "en"), or "" when `value` is
    no language tag: the language is what a reader can filter on, the region would only split it."""
    found = _LANGUAGE.match(value.strip())
    return found[1].lower() if found else ""


def parse_date(value: str) -> dt.date | None:
    """The calendar day as written: a zone, if any, only qualifies the time and never moves the day."""
    value = value.strip()
    if not _DATE_START.match(value):
        return None
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def checked(path: Path, records: Iterator[Article | Skipped]) -> Iterator[Article | Skipped]:
    """A reader's records made safe for the rest of the pipeline, whatever the reader: each article
    carries its origin (`path` when the reader gave none) and is checked (`problem`), and a reader that
    fails part-way through a file costs only the rest of that file, reported with the reason.

    `dateline.sources.read` passes every reader through this, so a new reader gets it for free; a reader
    of many records per file should also build each one through `one_record`, so a failure costs only it.
    """
    try:
        for item in records:
            if isinstance(item, Article):
                if not item.origin[0]:
                    item = replace(item, origin=(str(path), None))
                reason = problem(item)
                if reason is not None:
                    item = Skipped(*item.origin, reason)
            yield item
    except Exception as e:  # noqa: BLE001 - a reader's bug on one hostile file must not end the run
        yield Skipped(str(path), None, failure("the reader", e) + "; the records before this point were read")


def one_record(path: Path, line: int | None, build: Callable[[], Article | Skipped]) -> Article | Skipped:
    """`build()` (which makes the record at `path`:`line`), or a Skipped saying why it failed."""
    try:
        return build()
    except Exception as e:  # noqa: BLE001 - one record's failure costs that record only
        return Skipped(str(path), line, failure("reading this record", e))


def problem(article: Article) -> str | None:
    """Why `article` cannot be stored, or None: a publication date outside `FIRST_DAY`..`LAST_DAY`, or
    a field that is not text (a lone UTF-16 surrogate, which JSON's ``\\ud800`` escapes can produce)."""
    if not FIRST_DAY <= article.published <= LAST_DAY:
        return (f"published {article.published.isoformat()} is outside the dates Dateline accepts "
                f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}); correct the date")
    for name in ("id", "url", "source", "title", "text"):
        value = getattr(article, name)
        if not value.isascii() and (bad := _SURROGATE.search(value)) is not None:
            return (f"the {name} holds a lone surrogate (U+{ord(bad[0]):04X}) at character {bad.start()}, "
                    f"which is not text; \\uD800-\\uDFFF escapes must come in pairs, fix the record's encoding")
    return None


def failure(what: str, e: Exception) -> str:
    """The reason given for a record that failed with `e` in `what` (a reader, annotation, the store):
    an unexpected error is a bug to report, and the record is what reproduces it."""
    return f"{what} failed ({type(e).__name__}: {str(e)[:200]}); please report this with the record"


_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:$|[-_])")
_SURROGATE = re.compile("[\ud800-\udfff]")
