"""What every store backend offers: the reading interface the timeline, the CLI and the web app use, and
the reports of ingest and counts.

`Store` (SQLite, `dateline.store.sqlite`) is the default backend; the columnar store for big archives
(`dateline.scale`) answers the same reads where it can.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from dateline.model import Article, Note, Query, QuoteRecord, Sentence, Skipped


@dataclass
class IngestReport:
    """What an ingest run did, for the user (`summary`) and for benchmarks (the timing split).

    `read` counts articles the readers produced; each was either `added` or a duplicate of one already
    stored (same id or same text). `skipped` are records that could not be used, `notes` articles stored
    with a change the user should know of (a url that is no web address, dropped). `sentences` and
    `timerefs` count what the added articles brought; `reading`, `annotating` and `storing` split
    `seconds` (wall clock) by stage.
    """

    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    seconds: float = 0.0
    sentences: int = 0
    timerefs: int = 0
    reading: float = 0.0
    annotating: float = 0.0
    storing: float = 0.0

    #: How many skipped records `summary` lists before it only counts the rest.
    MAX_LISTED = 20

    def summary(self, listed_in: str | Path | None = None) -> str:
        """What the run did, for a person: counts, then the first `MAX_LISTED` skipped records and notes,
        each with file, line and reason; `listed_in` names the file that lists them all (`write_skipped`)."""
        rate = self.read / self.seconds if self.seconds > 0 else 0.0
        lines = [
            f"read {self.read} article{'' if self.read == 1 else 's'} in {self.seconds:.1f} s "
            f"({rate:.0f} articles/s)",
            f"added {self.added} ({self.sentences} sentences, {self.timerefs} time expressions)",
            f"duplicates {self.duplicates} (already stored: same id or same text)",
        ]
        for title, items in (("skipped", self.skipped), ("notes", self.notes)):
            if title == "notes" and not items:
                continue
            lines.append(f"{title} {len(items)}" + (":" if items else ""))
            lines += [f"  {s}" for s in items[: self.MAX_LISTED]]
            if len(items) > self.MAX_LISTED:
                where = f"all are in {listed_in}" if listed_in else "--skipped FILE writes them all to FILE"
                lines.append(f"  ... and {len(items) - self.MAX_LISTED} more ({where})")
        if listed_in:
            lines.append(f"skipped records and notes written to {listed_in}")
        return "\n".join(lines)

    def write_skipped(self, path: str | Path) -> None:
        """Every skipped record and note as tab-separated lines: what (skipped, note), file, line, reason."""
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write("what\tfile\tline\treason\n")
            for what, items in (("skipped", self.skipped), ("note", self.notes)):
                for s in items:
                    fields = (what, s.path, "" if s.line is None else str(s.line), s.reason)
                    f.write("\t".join(" ".join(x.split()) for x in fields) + "\n")


@dataclass(frozen=True)
class Stats:
    """What a store holds: counts (articles, sentences, time expressions), articles per source and the
    span of publication dates."""

    articles: int
    sentences: int
    sources: dict[str, int]
    first: dt.date | None
    last: dt.date | None
    timerefs: int = 0


class StoreReader(Protocol):
    """The reads a store answers for a query, an article or the whole archive.

    Timeline methods need only `candidates` (every sentence of the matching articles); the web app and
    the CLI use the rest. A backend that cannot answer one raises `DatelineError` saying so.
    """

    def candidates(self, query: Query) -> list[Sentence]: ...

    def coverage(self, query: Query) -> list[tuple[dt.date, int]]: ...

    def search(self, text: str, limit: int = 20) -> list[Sentence]: ...

    def article(self, article_id: str) -> Article | None: ...

    def sentences(self, article_id: str) -> list[Sentence]: ...

    def quotes(self, query: Query, speaker: str | None = None, kind: str | None = None,
               limit: int | None = None, days: Iterable[dt.date] | None = None) -> list[QuoteRecord]: ...

    def speakers(self, query: Query, limit: int = 50) -> list[tuple[str, int]]: ...

    def stats(self) -> Stats: ...

    def revision(self) -> int: ...

    def changed(self) -> dt.datetime | None: ...

    def added_since(self, revision: int) -> int: ...

    def new_among(self, revision: int, article_ids: Iterable[str]) -> set[str]: ...

    def close(self) -> None: ...
