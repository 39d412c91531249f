"""Ingest into the columnar store, annotating on Dask workers.

The client reads the files (readers are fast; annotation is nine tenths of ingest), leaves out articles
already stored or already sent (by id and by text, as the SQLite store does), groups the rest by
publication month and sends batches to the workers. A worker annotates a batch with `dateline.annotate`,
exactly as the SQLite ingest does, and writes and commits it as one part (`ParquetStore.write_part`).

Faults: Dask runs again, elsewhere, the tasks of a worker that dies; a part's name is a digest of its
article ids, so a batch written twice is one part. A client that dies loses only uncommitted batches, and
running the same command again sends only the articles no committed part holds. At most `IN_FLIGHT`
batches a worker are out at once, so the client's memory does not grow with the archive.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.annotate import annotate, default_tagger
from dateline.errors import DatelineError
from dateline.model import Article, Skipped
from dateline.scale.parquet import ParquetStore, Part, month_of
from dateline.sources.common import failure
from dateline.store import IngestReport, content_hash
from dateline.store.ingest import read_articles

if TYPE_CHECKING:
    from dask.distributed import Client

__all__ = ["BATCH_SIZE", "annotate_part", "ingest_parquet"]

#: Articles per part: large enough that a part's Parquet files compress well and a task's overhead is
#: small, small enough that a lost task costs seconds.
BATCH_SIZE = 500
#: Batches out at once per worker: one running, one waiting, so no worker idles while the client reads.
IN_FLIGHT = 2

_Result = tuple[Part | None, list[Skipped], float]


def annotate_part(store: ParquetStore, articles: list[Article]) -> _Result:
    """Annotate `articles` (all of one month) and commit them as one part; the part (None when every
    article failed), the articles that failed, and the seconds spent annotating. Runs on a worker."""
    tagger = default_tagger()
    t0 = time.perf_counter()
    pairs, skipped = [], []
    for article in articles:
        try:
            pairs.append((article, annotate(article, tagger)))
        except Exception as e:  # noqa: BLE001 - one article's failure costs that article only
            skipped.append(Skipped(*article.origin, failure(f"annotating article {article.id!r}", e)))
    seconds = time.perf_counter() - t0
    return (store.write_part(pairs) if pairs else None), skipped, seconds


def ingest_parquet(
    paths: Sequence[str | Path],
    store: ParquetStore,
    client: Client | None = None,
    fmt: str | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Read the articles under `paths`, annotate them (on `client`'s workers, else here) and add them to
    `store`; the same report as the SQLite ingest."""
    from dask.distributed import wait

    report = IngestReport()
    started = time.perf_counter()
    ids, hashes = store.seen()
    buckets: dict[str, list[Article]] = {}
    pending: list = []
    limit = IN_FLIGHT * max(1, len(client.scheduler_info()["workers"]) if client is not None else 1)

    def collect(result: _Result) -> None:
        part, skipped, seconds = result
        report.skipped += skipped
        report.read -= len(skipped)  # listed as skipped now, no longer as read
        report.annotating += seconds
        if part is not None:
            report.added += part.articles
            report.sentences += part.sentences
            report.timerefs += part.timerefs
        if on_progress is not None:
            on_progress(report.read, None)

    def send(month: str) -> None:
        batch = buckets.pop(month)
        if client is None:
            collect(annotate_part(store, batch))
            return
        pending.append(client.submit(annotate_part, store, batch, pure=False))
        while len(pending) >= limit:
            done, rest = wait(pending, return_when="FIRST_COMPLETED")
            pending[:] = list(rest)
            for future in done:
                collect(_result(future))

    for item in read_articles(paths, fmt, report):
        h = content_hash(item.text)
        if item.id in ids or h in hashes:
            report.duplicates += 1
            continue
        ids.add(item.id)
        hashes.add(h)
        month = month_of(item.published)
        buckets.setdefault(month, []).append(item)
        if len(buckets[month]) >= batch_size:
            send(month)
        elif sum(map(len, buckets.values())) >= IN_FLIGHT * batch_size:  # many months, few articles each
            send(max(buckets, key=lambda m: len(buckets[m])))
    for month in list(buckets):
        send(month)
    for future in pending:
        collect(_result(future))
    report.seconds = time.perf_counter() - started
    return report


def _result(future) -> _Result:  # noqa: ANN001 - a dask Future
    try:
        return future.result()
    except OSError as e:
        raise DatelineError(f"cannot write to the store: {e}; the parts committed so far are kept, "
                            f"run the same command again to complete the ingest") from None
