"""Ingest throughput on all of Timeline17: articles/s from raw files to a committed SQLite file.

One process, the library's own pipeline (`dateline.store.ingest.ingest_paths`, the code behind
`dateline ingest`), into a fresh database file in a temporary folder, with the default time tagger.
The clock runs from the first file read to the last commit; the split shows where the time goes
(reading files, annotating: sentences and time expressions, storing: duplicate check, inserts, FTS5
index, commits). CPU time is printed next to wall time because a busy machine inflates wall time.

    python bench/ingest.py [--data DIR] [--json FILE] [--keep DB] [--no-quotes]

`--no-quotes` replaces quotation extraction by nothing (in this process only), so that the cost of
extraction is the difference between two runs made in the same minute on the same load.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from dateline.store import Store
from dateline.store.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tls" / "timeline17"


def run(data: Path, db: Path) -> dict:
    cpu0 = time.process_time()
    report = ingest_paths([data], db)
    cpu = time.process_time() - cpu0
    with Store(db, readonly=True) as store:
        stats = store.stats()
    return {
        "data": str(data),
        "files_skipped": len(report.skipped),
        "articles_read": report.read,
        "articles": stats.articles,
        "duplicates": report.duplicates,
        "sentences": stats.sentences,
        "timerefs": stats.timerefs,
        "seconds": round(report.seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "articles_per_s": round(report.read / report.seconds, 1),
        "articles_per_cpu_s": round(report.read / cpu, 1),
        "reading_s": round(report.reading, 3),
        "annotating_s": round(report.annotating, 3),
        "storing_s": round(report.storing, 3),
        "db_bytes": db.stat().st_size,
    }


def format_table(r: dict) -> str:
    total = r["seconds"]
    rows = [
        ("articles read", f"{r['articles_read']:,}"),
        ("articles stored", f"{r['articles']:,} ({r['duplicates']} duplicates, {r['files_skipped']} skipped)"),
        ("sentences", f"{r['sentences']:,}"),
        ("time refs", f"{r['timerefs']:,}"),
        ("seconds (wall)", f"{total:.2f}"),
        ("seconds (CPU)", f"{r['cpu_seconds']:.2f}"),
        ("articles/s (wall)", f"{r['articles_per_s']:,.0f}"),
        ("articles/s (CPU)", f"{r['articles_per_cpu_s']:,.0f}"),
        ("  reading", f"{r['reading_s']:.2f} s ({r['reading_s'] / total:.0%})"),
        ("  annotating", f"{r['annotating_s']:.2f} s ({r['annotating_s'] / total:.0%})"),
        ("  storing", f"{r['storing_s']:.2f} s ({r['storing_s'] / total:.0%})"),
        ("database size", f"{r['db_bytes'] / 1e6:.0f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"Timeline17 folder (default: {DEFAULT_DATA})")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--keep", type=Path, metavar="DB", help="ingest into this (new) file and keep it")
    p.add_argument("--no-quotes", action="store_true", help="skip quotation extraction (to measure its cost)")
    args = p.parse_args(argv)
    if args.no_quotes:
        import dateline.store.ingest

        dateline.store.ingest.extract_quotes = lambda text: []
    if not args.data.is_dir():
        print(f"no Timeline17 folder at {args.data}; pass --data DIR", file=sys.stderr)
        return 2
    if args.keep:
        if args.keep.exists():
            print(f"{args.keep} exists; --keep needs a new file", file=sys.stderr)
            return 2
        result = run(args.data, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = run(args.data, Path(tmp) / "bench.db")
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
