"""The store: where annotated articles live, and the reads a timeline, the CLI and the web app make.

- `base`: the interface (`StoreReader`) and the reports (`IngestReport`, `Stats`) every backend shares;
- `sqlite`: the default backend, one SQLite file (`Store`), its halves in `reads` and `writes`, its
  tables and their migrations in `schema`;
- `ingest`: the pipeline that reads, annotates and stores files in batches.

The columnar backend for big archives is `dateline.scale`.
"""

from __future__ import annotations

from dateline.store.base import IngestReport, Stats, StoreReader
from dateline.store.reads import MIN_PREFIX
from dateline.store.schema import SCHEMA_VERSION
from dateline.store.sqlite import Store
from dateline.store.writes import content_hash

__all__ = ["MIN_PREFIX", "SCHEMA_VERSION", "IngestReport", "Stats", "Store", "StoreReader", "content_hash"]
