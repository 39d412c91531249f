"""The SQLite backend: one file holding articles, their sentences, time expressions and an FTS5 index.

Why SQLite: one file a user can copy, query with any SQLite tool and serve read-only to the web app while
an ingest is still writing to it (WAL mode), with transactions that make an interrupted ingest harmless.
The tables are described in `dateline.store.schema`, writing in `writes`, reading in `reads`.

A `Store` holds one sqlite3 connection: use one `Store` per thread (opening one costs well under a
millisecond).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from dateline.errors import DatelineError
from dateline.store.reads import Reads
from dateline.store.schema import SCHEMA_VERSION, open_schema
from dateline.store.writes import Writes


class Store(Reads, Writes):
    """One Dateline SQLite file. Open it read-only (``readonly=True``) wherever nothing is written.

    Opening for writing creates the file and its tables when missing. Use it as a context manager, or
    call `close()`.
    """

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.exists():
            raise DatelineError(f"no store at {self.path}; create it first with: dateline ingest PATH --db {self.path}")
        uri = f"{self.path.resolve().as_uri()}?mode={'ro' if readonly else 'rwc'}"
        try:
            # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE in `add`), never implicit.
            self._db = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.OperationalError as e:
            raise DatelineError(f"cannot open store {self.path}: {e}") from None
        try:
            self._db.execute("PRAGMA busy_timeout = 10000")  # a concurrent writer waits rather than fails
            version = open_schema(self._db, self.path, readonly)
        except sqlite3.OperationalError as e:  # the file may be fine: locked, unreadable, on a full disk
            self._db.close()
            hint = "another program holds it: wait for it to finish" if "locked" in str(e) else "check the file"
            raise DatelineError(f"cannot open store {self.path} ({e}); {hint}, or choose another --db") from None
        except sqlite3.DatabaseError as e:
            self._db.close()
            raise DatelineError(f"{self.path} is not a Dateline store ({e})") from None
        except DatelineError:
            self._db.close()
            raise
        # An older store opened read-only lacks the newer columns: it reads as their defaults.
        old = readonly and version < SCHEMA_VERSION
        self._timeref_type = "'DATE'" if old and version < 2 else "t.type"
        self._language = "''" if old else "language"
        self._added = "NULL" if old else "added"
        # A store older than version 5 opened read-only lacks the per-day table or its words: timelines
        # read its sentences (`outdated` says so).
        self._has_days = version >= 5 or not readonly
        #: Opened read-only at an older schema version: it reads, but slowly; opening it once for writing
        #: (any `dateline ingest` into it) brings it up to date.
        self.outdated = old

    # -- lifecycle ------------------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
