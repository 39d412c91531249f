"""The ingest pipeline: read -> annotate -> store, in batches that each commit as one transaction.

Why batches: a transaction per article would spend the run committing, one transaction for the whole
run would lose everything to a Ctrl-C. With a batch per transaction, a run that is interrupted (Ctrl-C,
`kill -9`, power loss) leaves whole batches only, an article always with its sentences and time
expressions, and running the same command again completes it: articles already stored are recognised
(by id or by text) before they are annotated, so the re-run costs little more than reading the files.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from dateline.annotate import annotate, default_tagger
from dateline.annotate.timex import TimeTagger
from dateline.model import Article, Skipped
from dateline.sources import read
from dateline.sources.fetch import Fetcher
from dateline.store import IngestReport, Store

__all__ = ["BATCH_SIZE", "ingest_paths"]

#: Articles per transaction: large enough that commits and FTS5 segment merges are a small share of the
#: run, small enough that an interrupted run loses only seconds of work.
BATCH_SIZE = 500


def ingest_paths(
    paths: Sequence[str | Path],
    db: str | Path,
    fmt: str | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
    batch_size: int = BATCH_SIZE,
    tagger: TimeTagger | None = None,
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """Read the articles under `paths`, annotate them and add them to the store at `db`.

    `fmt` forces one input format (see `dateline.sources.read`); None detects it per file.
    `on_progress(done, total)` is called after each committed batch with the number of articles read so
    far; `total` is None because readers stream (a JSONL file's length is unknown until it is read).
    Records the readers cannot use are listed in the report, never dropped silently. URLs are fetched by
    `fetcher`, by default a polite one caching what it fetched in ``<db>.cache/``.
    """
    tagger = tagger or default_tagger()
    report = IngestReport()
    started = time.perf_counter()
    with Store(db) as store:

        def commit(batch: list[Article]) -> None:
            _store_batch(store, batch, tagger, report)
            if on_progress is not None:
                on_progress(report.read, None)

        batch: list[Article] = []
        fetcher = fetcher or Fetcher(cache_dir=Path(f"{db}.cache"))
        for item in _timed_read(paths, fmt, report, fetcher):
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            report.read += 1
            batch.append(item)
            if len(batch) >= batch_size:
                commit(batch)
                batch = []
        if batch:
            commit(batch)
    report.seconds = time.perf_counter() - started
    return report


def _timed_read(
    paths: Sequence[str | Path], fmt: str | None, report: IngestReport, fetcher: Fetcher
) -> Iterator[Article | Skipped]:
    """The readers' stream, with the time spent inside the readers added to `report.reading`."""
    items = iter(read(paths, fmt, fetcher))
    while True:
        t0 = time.perf_counter()
        item = next(items, None)
        report.reading += time.perf_counter() - t0
        if item is None:
            return
        yield item


def _store_batch(store: Store, batch: list[Article], tagger: TimeTagger, report: IngestReport) -> None:
    """Annotate the articles of `batch` not stored yet and commit them; count the rest as duplicates."""
    t0 = time.perf_counter()
    fresh = store.unseen(batch)
    t1 = time.perf_counter()
    pairs = [(a, annotate(a, tagger)) for a in fresh]
    t2 = time.perf_counter()
    added, _ = store.add(pairs)
    t3 = time.perf_counter()
    report.annotating += t2 - t1
    report.storing += (t1 - t0) + (t3 - t2)
    report.added += added
    report.duplicates += len(batch) - added
    report.sentences += sum(len(s) for _, s in pairs)
    report.timerefs += sum(len(x.timerefs) for _, s in pairs for x in s)
