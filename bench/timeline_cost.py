"""What one timeline costs on a large store: wall seconds and peak memory of `dateline timeline`, cold and warm.

The large store is Timeline17 replicated at the SQL level: the articles of a store annotated once
(`--source`, e.g. `dateline ingest ../shared/data/tls/timeline17 --db t17.db`) are copied again and again
under new ids and keys, each copy's text given a distinct tail and its content hash a distinct suffix (so
no copy is a duplicate), its sentences, time expressions, quotes and per-day tables copied with it, and
the full-text indexes filled for the copies (the store is first brought to the current schema). With `--shift-days N`, copy k has its publication dates,
event dates and day-level time expressions moved by k * N days (an archive that grows over time rather
than the same days ten times). Nothing is annotated again, so a million articles take minutes, not hours.

Each query runs in a fresh process (`dateline timeline ... --dates 10` through the library API), timed
around the build only (imports excluded, printed apart), in wall and CPU seconds (CPU seconds depend
less on what else the machine runs), with the peak resident memory of that process:

- cold: the store's file pages dropped from the OS cache first (``posix_fadvise(DONTNEED)``), as after
  a reboot; a fresh process, so nothing of the store is in Python either;
- warm: the same again, with the file pages now cached.

    python bench/timeline_cost.py --source t17.db --db big.db --copies 10 [--shift-days 0] [--query TEXT]...

`--db FILE` is built once and reused when it exists.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from dateline.store import Store
from scale import evict  # bench/scale.py, beside this script

QUERIES = ["bp oil spill", "egypt protest", "swine flu"]

_RUN = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from dateline import api
from dateline.timeline import get_method
get_method("dateline")  # imports the method's dependencies: timed apart from the build
imports = time.perf_counter() - t0
t0, cpu = time.perf_counter(), time.process_time()
timeline = api.build_timeline(sys.argv[2], sys.argv[1], dates=int(sys.argv[3]))
seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "imports": imports, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "timeline": [[e.date.isoformat(), [s.text for s in e.sentences]] for e in timeline.entries]}))
"""


def replicate(db: Path, copies: int, shift_days: int = 0) -> None:
    """Append `copies - 1` copies of the articles now in `db` (see the module docstring)."""
    Store(db).close()  # brings an older store to the current schema first
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -262144")
    n_art, n_sent = con.execute("SELECT max(pk), (SELECT max(id) FROM sentences) FROM articles").fetchone()
    for k in range(1, copies):
        a, s, shift = k * n_art, k * n_sent, f"{k * shift_days:+d} days"
        con.execute("BEGIN")
        con.execute(
            "INSERT INTO articles SELECT pk + ?, id || '#' || ?, url, source, date(published, ?), title, "
            "text || char(10) || '[copy ' || ? || ']', hash || ':' || ?, first_sentence + ?, n_sentences, language, "
            "added "
            "FROM articles WHERE pk <= ?", (a, k, shift, k, k, s, n_art))
        con.execute("INSERT INTO sentences SELECT id + ?, article + ?, idx, text, date(event_date, ?), date_source "
                    "FROM sentences WHERE id <= ?", (s, a, shift, n_sent))
        con.execute(
            "INSERT INTO timerefs SELECT sentence + ?, ord, char_start, char_end, text, CASE WHEN granularity = 'day' "
            "AND date(substr(value, 1, 10)) IS NOT NULL THEN date(substr(value, 1, 10), ?) || substr(value, 11) "
            "ELSE value END, granularity, type FROM timerefs WHERE sentence <= ?", (s, shift, n_sent))
        con.execute("INSERT INTO quotes SELECT article + ?, ord, char_start, char_end, kind, speaker, resolved, "
                    "speaker_key, cue FROM quotes WHERE article <= ?", (a, n_art))
        con.execute("INSERT INTO mentions SELECT article + ?, sentence + ?, date(day, ?), first, explicit, idx, words "
                    "FROM mentions WHERE article <= ?", (a, s, shift, n_art))
        con.execute("INSERT INTO article_fts (rowid, title) SELECT pk, title FROM articles WHERE pk > ?", (a,))
        con.execute("INSERT INTO sentence_fts (rowid, text) SELECT id, text FROM sentences WHERE id > ?", (s,))
        con.execute("COMMIT")
        print(f"  copy {k + 1}/{copies}", file=sys.stderr, flush=True)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def drop_cache(db: Path) -> None:
    """Drop the store's pages from the OS page cache (no root needed for clean pages of one's own files)."""
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            evict(path)


def timeline_run(db: Path, query: str, dates: int, cold: bool) -> dict:
    if cold:
        drop_cache(db)
    out = subprocess.run([sys.executable, "-c", _RUN, str(db), query, str(dates)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="an annotated store to replicate (when --db is not built yet)")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--shift-days", type=int, default=0)
    parser.add_argument("--query", action="append", help=f"queries to time (default: {', '.join(QUERIES)})")
    parser.add_argument("--dates", type=int, default=10)
    parser.add_argument("--json", type=Path, help="also write the figures (and the timelines) as JSON")
    args = parser.parse_args()
    if not args.db.exists():
        if args.source is None:
            parser.error(f"{args.db} does not exist: give --source to build it")
        t0 = time.perf_counter()
        shutil.copyfile(args.source, args.db)
        replicate(args.db, args.copies, args.shift_days)
        print(f"built {args.db} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    con = sqlite3.connect(f"{args.db.resolve().as_uri()}?mode=ro", uri=True)
    articles, sentences = con.execute("SELECT count(*), sum(n_sentences) FROM articles").fetchone()
    con.close()
    print(f"{args.db}: {articles:,} articles, {sentences:,} sentences, {args.db.stat().st_size / 1e6:,.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| query | cold s | cold CPU s | cold peak MB | warm s | warm CPU s | warm peak MB | imports s | dates |")
    print("|---|---|---|---|---|---|---|---|---|")
    rows = []
    for query in args.query or QUERIES:
        cold = timeline_run(args.db, query, args.dates, cold=True)
        warm = timeline_run(args.db, query, args.dates, cold=False)
        print(f"| {query} | {cold['seconds']:.2f} | {cold['cpu']:.2f} | {cold['peak_mb']:.0f} | {warm['seconds']:.2f} | "
              f"{warm['cpu']:.2f} | {warm['peak_mb']:.0f} | {warm['imports']:.2f} | {len(warm['timeline'])} |", flush=True)
        rows.append({"query": query, "cold": cold, "warm": warm})
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
