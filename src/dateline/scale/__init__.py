"""Scale-out: the columnar store (Parquet on any fsspec path) and Dask ingest and queries over it.

Why a second store beside SQLite: one SQLite file lives on one machine's disk and is written by one
process at a time; Parquet partitions on object storage can be written by many workers at once and read
by many, column by column. SQLite stays the default for one machine; this package is for archives that
outgrow it. Its dependencies are the optional extra ``scale`` (``pip install 'dateline[scale]'``), so
nothing here is imported unless a ``--store`` is given.
"""

from __future__ import annotations

from dateline.errors import DatelineError

__all__ = ["require"]


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
