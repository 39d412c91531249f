"""The ingest pipeline: read -> annotate -> store, in batches that each commit as one transaction.

Why batches: a transaction per article would spend the run committing, one transaction for the whole
run would lose everything to a Ctrl-C. With a batch per transaction, a run that is interrupted (Ctrl-C,
`kill -9`, power loss) leaves whole batches only, an article always with its sentences and time
expressions, and running the same command again completes it: articles already stored are recognised
(by id or by text) before they are annotated, so the re-run costs little more than reading the files.

A bad record costs only itself, at every stage: the readers report what they cannot use (checked for all
formats by `dateline.sources.common.checked`); an article whose annotation fails is skipped; and when a
batch cannot be stored, its articles are stored one by one, so that only the one that fails is skipped.
Each is reported with its file, line and the reason.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from dateline.annotate import annotate, default_tagger
from dateline.annotate.quotes import extract_quotes
from dateline.annotate.timex import TimeTagger
from dateline.errors import DataError
from dateline.model import Article, Note, Quote, Sentence, Skipped
from dateline.sources import read
from dateline.sources.common import failure
from dateline.sources.fetch import Fetcher
from dateline.store import IngestReport, Store
from dateline.text import web_url

__all__ = ["BATCH_SIZE", "ingest_paths", "read_articles"]

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
            try:
                _store_batch(store, batch, tagger, report)
            except sqlite3.OperationalError as e:  # the database's fault (disk full, locked...), no article's
                raise DataError(f"cannot write to the store {db} ({e}); the {report.added} articles "
                                    f"before were stored, run the same command again to complete it") from None
            if on_progress is not None:
                on_progress(report.read, None)

        batch: list[Article] = []
        fetcher = fetcher or Fetcher(cache_dir=Path(f"{db}.cache"))
        for item in read_articles(paths, fmt, report, fetcher):
            batch.append(item)
            if len(batch) >= batch_size:
                commit(batch)
                batch = []
        if batch:
            commit(batch)
    report.seconds = time.perf_counter() - started
    return report


def read_articles(
    paths: Sequence[str | Path], fmt: str | None, report: IngestReport, fetcher: Fetcher | None = None
) -> Iterator[Article]:
    """The articles under `paths` as ingest stores them, counted in `report.read`; records the readers
    cannot use go to `report.skipped`, remarks on stored articles (a feed entry kept from its summary, a
    url that is no web address, dropped) to `report.notes` (shared by every ingest, so that each reports
    the same records the same way)."""
    for item in _timed_read(paths, fmt, report, fetcher):
        if isinstance(item, Note):
            report.notes.append(item)
            continue
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        report.read += 1
        if item.url and web_url(item.url) is None:
            report.notes.append(Note(*item.origin, f"the url {item.url[:80]!r} is not a web address "
                                        f"(http or https); the article is stored without a link"))
            item = replace(item, url="")
        yield item


def _timed_read(
    paths: Sequence[str | Path], fmt: str | None, report: IngestReport, fetcher: Fetcher | None
) -> Iterator[Article | Skipped | Note]:
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
    skipped_before = len(report.skipped)
    fresh = store.unseen(batch)
    t1 = time.perf_counter()
    pairs = []
    quotes = {}
    for article in fresh:
        try:
            sentences = annotate(article, tagger)
            quotes[article.id] = extract_quotes(article.text)
            pairs.append((article, sentences))  # only once both succeeded
        except Exception as e:  # noqa: BLE001 - one article's failure costs that article only
            report.skipped.append(Skipped(*article.origin, failure(f"annotating article {article.id!r}", e)))
    t2 = time.perf_counter()
    by_id = {a.id: a for a, _ in pairs}
    for page, summary in store.summaries_replaced_by([a for a, _ in pairs]).items():
        report.notes.append(Note(*by_id[page].origin,
                                 f"the page replaced its feed summary stored earlier ({summary})"))
    stored = _add(store, pairs, quotes, report)
    t3 = time.perf_counter()
    report.annotating += t2 - t1
    report.storing += (t1 - t0) + (t3 - t2)
    failed = len(report.skipped) - skipped_before  # now listed as skipped, no longer as read
    report.read -= failed
    report.added += len(stored)
    report.duplicates += len(batch) - failed - len(stored)
    report.sentences += sum(len(s) for s in stored)
    report.timerefs += sum(len(x.timerefs) for s in stored for x in s)


def _add(
    store: Store, pairs: list[tuple[Article, list[Sentence]]], quotes: dict[str, list[Quote]], report: IngestReport
) -> list[list[Sentence]]:
    """Store `pairs` in one transaction, else (when that fails) one by one, skipping only the articles that
    fail; the sentences of the articles this call stored. Errors of the database itself (a full disk, a
    locked or read-only file) are no article's fault and end the run."""
    try:
        return [pairs[i][1] for i in store.add_new(pairs, quotes)]
    except sqlite3.OperationalError:
        raise
    except Exception:  # noqa: BLE001 - some article cannot be stored: find it
        pass
    stored = []
    for article, sentences in pairs:
        try:
            stored += [sentences] * len(store.add_new([(article, sentences)], quotes))
        except sqlite3.OperationalError:
            raise
        except Exception as e:  # noqa: BLE001 - one article's failure costs that article only
            report.skipped.append(Skipped(*article.origin, failure(f"storing article {article.id!r}", e)))
    return stored
