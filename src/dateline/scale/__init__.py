"""Scale-out: the columnar store (Parquet on any fsspec path) and Dask ingest and queries over it.

Why a second store beside SQLite: one SQLite file lives on one machine's disk and is written by one
process at a time; Parquet partitions on object storage can be written by many workers at once and read
by many, column by column. SQLite stays the default for one machine; this package is for archives that
outgrow it. Its dependencies are the optional extra ``scale`` (``pip install 'dateline[scale]'``), so
nothing here is imported unless a ``--store`` is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.errors import DatelineError

if TYPE_CHECKING:
    from dateline.scale.parquet import ParquetStore
    from dateline.scale.reader import ParquetReader
    from dateline.store import IngestReport

__all__ = ["compact", "ingest", "opened", "reader", "require"]

# Arrow's own allocator (mimalloc) keeps freed memory for reuse, which raised a query's peak memory by a
# third (measured on a 9k-article store: 238 MB against 177 MB with the system allocator, no slower).
# Queries allocate in bursts and then build Python objects, so memory given back is worth more. Arrow
# reads this once, when it is first imported; a process that imported it before keeps its choice, and
# Dask workers started from here inherit it.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def ingest(
    paths: Sequence[str | Path],
    url: str,
    cluster: str | None = None,
    fmt: str | None = None,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> IngestReport:
    """Add the articles under `paths` to the columnar store at `url`, annotated on `cluster` (``local:N``
    or a scheduler address; None annotates in this process). Credentials and endpoints of object
    storage come from the environment, as for any fsspec user (e.g. ``AWS_ENDPOINT_URL``)."""
    require()
    from dateline.scale.cluster import connect
    from dateline.scale.pipeline import ingest_parquet
    from dateline.scale.parquet import ParquetStore

    with connect(cluster) as client:
        return ingest_parquet(paths, ParquetStore(url), client, fmt=fmt, on_progress=on_progress)


def compact(url: str, cluster: str | None = None) -> tuple[int, int]:
    """Merge the small parts of each month of the columnar store at `url` (`ParquetStore.compact`), one
    task a month on `cluster` (None: in this process); the number of parts before and after."""
    require()
    from dateline.scale.cluster import connect

    store = _existing(url)
    before = store.parts()
    months = sorted({p.month for p in before})
    with connect(cluster) as client:
        if client is None:
            for month in months:
                store.compact(month)
        else:
            client.gather(client.map(store.compact, months, pure=False))
    return len(before), len(_existing(url).parts())


@contextmanager
def opened(url: str, cluster: str | None = None) -> Iterator[ParquetReader]:
    """The columnar store at `url` read as the SQLite store is (`ParquetReader`), its queries filtered on
    `cluster` (``local:N`` or a scheduler address; None: in this process) while the block runs. What
    `dateline.api.build_timeline` reads, so a timeline takes the same path over either store."""
    require()
    from dateline.scale.cluster import connect
    from dateline.scale.reader import ParquetReader

    _existing(url)
    with connect(cluster) as client:
        yield ParquetReader(url, client=client)


def reader(url: str) -> ParquetReader:
    """The columnar store at `url` with the read-only calls of the SQLite store (for the web app)."""
    require()
    from dateline.scale.reader import ParquetReader

    _existing(url)
    return ParquetReader(url)


def _existing(url: str) -> ParquetStore:
    """The store at `url`, or a one-line error when it holds nothing (a mistyped path, most often)."""
    from dateline.scale.parquet import ParquetStore

    store = ParquetStore(url)
    if not store.parts():
        raise DatelineError(f"no articles in the store {url}; add some first with: dateline ingest PATH --store {url}")
    return store


def require() -> None:
    """Raise a one-line error naming the extra to install when the scale-out dependencies are missing."""
    try:
        import dask.distributed  # noqa: F401
        import fsspec  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as e:
        raise DatelineError(
            f"--store and --cluster need the scale extra ({e.name} is not installed); "
            f"install it with: pip install 'dateline[scale]'"
        ) from None
