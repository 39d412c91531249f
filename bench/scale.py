"""Scale-out figures: ingest throughput and store size, SQLite beside Parquet on 1 and 2 Dask workers,
and the candidate query on each (with a check that both give the same candidates).

Each run ingests Timeline17 (raw files) into a fresh store in a temporary folder with the library's
own pipelines (`dateline ingest --db` and `dateline ingest --store --cluster`). Cluster start-up is
timed apart from ingest. Wall and CPU seconds are printed because a shared machine inflates wall time;
the load average at the start says how shared it was.

    python bench/scale.py [--data DIR] [--workers 1,2] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path

from dateline.model import Query
from dateline.scale import query as scale_query
from dateline.scale.cluster import connect
from dateline.scale.parquet import ParquetStore
from dateline.scale.pipeline import ingest_parquet
from dateline.store import Store
from dateline.store.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tls" / "timeline17"
QUERIES = ["bp oil spill", "egypt protest", "swine flu"]


def _bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _queries(candidates) -> dict[str, dict]:  # noqa: ANN001 - Query -> list[Sentence]
    out = {}
    for text in QUERIES:
        t0 = time.perf_counter()
        found = candidates(Query(text))
        out[text] = {"seconds": round(time.perf_counter() - t0, 3), "sentences": len(found),
                     "articles": len({s.article_id for s in found}), "digest": hash(tuple(found))}
    return out


def run_sqlite(data: Path, folder: Path) -> dict:
    folder.mkdir(parents=True)
    db = folder / "t17.db"
    cpu = time.process_time()
    report = ingest_paths([data], db)
    cpu = time.process_time() - cpu
    with Store(db, readonly=True) as store:
        queries = _queries(store.candidates)
    return {"store": "SQLite", "workers": "-", "articles": report.added, "seconds": report.seconds,
            "client_cpu_s": cpu, "bytes": _bytes(folder), "queries": queries}


def run_parquet(data: Path, folder: Path, workers: int | None) -> dict:
    store = ParquetStore(str(folder / "store"))
    t0 = time.perf_counter()
    with connect(f"local:{workers}" if workers else None) as client:
        startup = time.perf_counter() - t0
        cpu = time.process_time()
        report = ingest_parquet([data], store, client)
        cpu = time.process_time() - cpu
        queries = _queries(lambda q: scale_query.candidates(store, q, client))
    return {"store": "Parquet", "workers": workers or "in-process", "articles": report.added,
            "seconds": report.seconds, "client_cpu_s": cpu, "startup_s": startup, "bytes": _bytes(folder / "store"),
            "parts": len(store.parts()), "queries": queries}


def format_table(runs: list[dict]) -> str:
    lines = [
        "| store | Dask workers | articles | ingest s | articles/s | client CPU s | cluster start s | "
        "store MB | bytes/article |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r['store']} | {r['workers']} | {r['articles']:,} | {r['seconds']:.1f} | "
            f"{r['articles'] / r['seconds']:.0f} | {r['client_cpu_s']:.1f} | {r.get('startup_s', 0):.1f} | "
            f"{r['bytes'] / 1e6:.1f} | {r['bytes'] / max(r['articles'], 1):,.0f} |"
        )
    lines += ["", "| query | " + " | ".join(f"{r['store']} {r['workers']}" for r in runs) + " | same candidates |",
              "|---|" + "---|" * (len(runs) + 1)]
    for q in QUERIES:
        cells = [f"{r['queries'][q]['seconds']:.2f} s ({r['queries'][q]['articles']} art.)" for r in runs]
        same = len({r["queries"][q]["digest"] for r in runs}) == 1
        lines.append(f"| {q} | " + " | ".join(cells) + f" | {'yes' if same else 'NO'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", default="1,2", help="Dask worker counts to run, comma-separated")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        runs.append(run_sqlite(args.data, Path(tmp) / "sqlite"))
        runs.append(run_parquet(args.data, Path(tmp) / "parquet", None))
        for n in (int(x) for x in args.workers.split(",")):
            runs.append(run_parquet(args.data, Path(tmp) / f"dask{n}", n))
    print(f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"load average {load:.1f} at start")
    print(format_table(runs))
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1, default=str))


if __name__ == "__main__":
    main()
