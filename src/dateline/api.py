"""The library API: what `import dateline` offers, and all the CLI and the web app call.

Each function wires lower layers together (sources -> annotate -> store -> timeline); none of them
prints or parses arguments, so they serve the terminal, the web page and notebooks alike.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from typing import TYPE_CHECKING

from dateline.model import Query, QuoteRecord, Timeline
from dateline.timeline import DEFAULT_METHOD, build_with, get_method

if TYPE_CHECKING:
    from dateline.store import IngestReport

#: Where the store lives when no --db is given: $DATELINE_DB, else ./dateline.db.
DEFAULT_DB = Path(os.environ.get("DATELINE_DB", "dateline.db"))

Progress = Callable[[int, int | None], None]


def ingest(
    paths: Sequence[str | Path],
    db: str | Path = DEFAULT_DB,
    fmt: str | None = None,
    on_progress: Progress | None = None,
    store: str | None = None,
    cluster: str | None = None,
) -> "IngestReport":
    """Read articles from files or folders, annotate them and add them to the store at `db`.

    Safe to re-run: articles already stored (same id or same text) are counted as duplicates, and a run
    that was killed half-way is completed by running it again. With `store` (a folder or fsspec URL), the
    articles go to the columnar store there instead, annotated on the Dask `cluster` when one is given
    (see `dateline.scale`).
    """
    if store is not None:
        from dateline.scale import ingest

        return ingest(paths, store, cluster, fmt=fmt, on_progress=on_progress)
    from dateline.store.ingest import ingest_paths

    return ingest_paths(paths, db, fmt=fmt, on_progress=on_progress)


def build_timeline(
    query: str | Query,
    db: str | Path = DEFAULT_DB,
    method: str = DEFAULT_METHOD,
    start: dt.date | None = None,
    end: dt.date | None = None,
    dates: int | None = None,
    sentences: int | None = None,
    store: str | None = None,
    cluster: str | None = None,
) -> Timeline:
    """Build a timeline for `query` from the articles in the store at `db`, or with `store` from the
    columnar store there, filtered on the Dask `cluster` when one is given."""
    from dateline.store import Store

    q = query if isinstance(query, Query) else Query(query, start, end, dates, sentences)
    timeline_method = get_method(method)
    if store is not None:
        from dateline import scale

        source = scale.opened(store, cluster)
    else:
        source = Store(db, readonly=True)
    with source as reader:
        return build_with(timeline_method, reader, q)


def quotes(
    query: str | Query,
    db: str | Path = DEFAULT_DB,
    speaker: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str | None = None,
    limit: int | None = None,
    days: Sequence[dt.date] | None = None,
) -> list[QuoteRecord]:
    """Who said what: the quotations in the stored articles about `query` (the same topic and date
    window as a timeline), oldest first; only `speaker`'s when given ("Kim" finds "Kim Jong Un"), only
    those published on `days` when given."""
    from dateline.store import Store

    q = query if isinstance(query, Query) else Query(query, start, end)
    with Store(db, readonly=True) as store:
        return store.quotes(q, speaker=speaker, kind=kind, limit=limit, days=days)


def speakers(query: str | Query, db: str | Path = DEFAULT_DB, limit: int = 50) -> list[tuple[str, int]]:
    """The speakers quoted in the stored articles about `query`, with their number of quotes, most
    quoted first: what a speaker filter offers."""
    from dateline.store import Store

    q = query if isinstance(query, Query) else Query(query)
    with Store(db, readonly=True) as store:
        return store.speakers(q, limit=limit)
