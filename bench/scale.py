"""Scale-out figures: SQLite beside Parquet (in this process and on Dask), as the archive grows.

Two benchmarks, each step in a child process of its own so that its peak memory is its own:

``ingest``: Timeline17's raw files (4,616 articles) and then three shifted copies of them as JSONL
(13,848 articles: new ids, dates moved by 1 to 3 days, a line added to each text so none is a duplicate)
into fresh stores: SQLite, Parquet in this process, Parquet on 1 and 2 Dask workers. Wall time, the CPU
seconds of the client and of each worker, peak memory of the client and of each worker, the load average
before and after. On a shared machine wall-clock ratios say little; the CPU figures say what two free
cores would give (see `cpu_speedup`).

``grow``: stores of 10k, 100k (and 1M) articles made by copying an annotated Timeline17 Parquet store,
copy k with new ids, dates moved by k x 31 days and the copy's number added to each text, written as
parts of about 500 articles a month, as ingest writes them. Copies are a month apart so that no part
holds two copies of one text: Parquet compresses a part's columns, and repeated texts in one part would
shrink the store unrealistically (copying annotated rows, not annotating again: the
timings are of the store and the query, and annotation is the ingest benchmark's). The SQLite store of
each size gets the same articles, read back from the Parquet copy. Then, for a query matching about 1%
and one matching about 11% of the archive, the whole `dateline timeline` (10 dates) is timed cold
(a new process, the store's files dropped from the page cache first) and warm (the same again in that
process), with the client's peak memory.

    python bench/scale.py ingest [--data DIR] [--engines sqlite,parquet,dask1,dask2] [--base STORE] [--json FILE]
    python bench/scale.py grow --base STORE --work DIR [--sizes 10000,100000] [--engines sqlite,parquet,dask2]
                               [--json FILE] [--plot PNG]
    python bench/scale.py plot FILE.json... --plot PNG   # the figure from saved runs
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tls" / "timeline17"
#: about 1.5% and 11% of Timeline17's articles match (71 and 517 of 4,616), whatever the number of copies
QUERIES = {"tsunami": "~1%", "michael jackson": "~11%"}
BASE_ARTICLES = 4616
PART_ARTICLES = 500
#: Days between copies in `grow`: a month, so that copies of one article fall in different parts.
SHIFT_DAYS = 31


def _rss_mb() -> float:
    """Peak resident memory of this process so far: VmHWM, not ru_maxrss, which Linux carries over from
    the parent across fork and exec (a child would report the bench's own peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _worker_usage() -> dict:
    """Run on each Dask worker: its CPU seconds and peak memory so far."""
    return {"cpu_s": _cpu(), "peak_mb": _rss_mb()}


def _bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _child(*args: str) -> dict:
    """One measurement in a fresh process (its peak memory is then its own); its JSON answer."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench/scale.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------ ingest


def copies_jsonl(store_url: str, path: Path, copies: int) -> int:
    """`copies` copies of the articles of a Parquet store as JSONL, each new: another id and url, dates
    moved by the copy's number of days, and a line naming the copy added to the text."""
    from dateline.scale.parquet import ParquetStore

    store = ParquetStore(store_url)
    rows = store.read("articles", store.parts(), ["id", "url", "source", "published", "title", "text"]).to_pylist()
    with path.open("w", encoding="utf-8") as f:
        for k in range(1, copies + 1):
            for r in rows:
                f.write(json.dumps({"id": f"{r['id']}#c{k}", "url": f"{r['url']}#c{k}", "source": r["source"],
                                    "published": (r["published"] + dt.timedelta(days=k)).isoformat(),
                                    "title": r["title"], "text": f"{r['text']}\n\n(Copy {k}.)"}) + "\n")
    return copies * len(rows)


def ingest_one(engine: str, data: str, folder: str) -> dict:
    """Ingest `data` into a fresh store of `engine` (sqlite, parquet, dask1, dask2) under `folder`."""
    from dateline.scale.cluster import connect
    from dateline.scale.parquet import ParquetStore
    from dateline.scale.pipeline import ingest_parquet
    from dateline.store.ingest import ingest_paths

    load_before = os.getloadavg()[0]
    workers = int(engine[4:]) if engine.startswith("dask") else None
    out: dict = {"engine": engine}
    if engine == "sqlite":
        cpu = _cpu()
        report = ingest_paths([data], Path(folder) / "store.db")
    else:
        t0 = time.perf_counter()
        with connect(f"local:{workers}" if workers else None) as client:
            out["startup_s"] = time.perf_counter() - t0
            before = client.run(_worker_usage) if client else {}
            cpu = _cpu()
            report = ingest_parquet([data], ParquetStore(str(Path(folder) / "store")), client)
            if client:
                after = client.run(_worker_usage)
                out["workers_cpu_s"] = [after[w]["cpu_s"] - before[w]["cpu_s"] for w in sorted(after)]
                out["workers_peak_mb"] = [after[w]["peak_mb"] for w in sorted(after)]
    out.update(articles=report.added, seconds=report.seconds, client_cpu_s=_cpu() - cpu,
               client_peak_mb=_rss_mb(), bytes=_bytes(Path(folder)), load_before=load_before,
               load_after=os.getloadavg()[0])
    return out


def cpu_speedup(one: dict, two: dict) -> float:
    """What 2 workers would give over 1 with a free core each: ingest is a pipeline (the client reads
    and sends, the workers annotate), so on free cores its time is that of its busiest process."""
    def busiest(run: dict) -> float:
        return max([run["client_cpu_s"], *run["workers_cpu_s"]])

    return busiest(one) / busiest(two)


def run_ingest(args: argparse.Namespace) -> list[dict]:
    runs = []
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        base = str(args.base) if args.base else str(Path(tmp) / "base" / "store")
        if not args.base:  # the copies are made from a Parquet store of the raw files
            _child("_ingest", "parquet", str(args.data), str(Path(tmp) / "base"))
        jsonl = Path(tmp) / "copies.jsonl"
        copies_jsonl(base, jsonl, 3)
        for label, data in (("Timeline17", args.data), ("3 copies", jsonl)):
            for engine in engines:
                folder = Path(tmp) / f"{engine}-{len(runs)}"
                run = _child("_ingest", engine, str(data), str(folder))
                shutil.rmtree(folder, ignore_errors=True)
                run["input"] = label
                runs.append(run)
                print(json.dumps(run), file=sys.stderr, flush=True)
    return runs


def format_ingest(runs: list[dict]) -> str:
    lines = ["| input | store | articles | wall s | articles/s | client CPU s | workers' CPU s | "
             "client peak MB | workers' peak MB | load before/after |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        workers = r.get("workers_cpu_s")
        lines.append(
            f"| {r['input']} | {r['engine']} | {r['articles']:,} | {r['seconds']:.1f} | "
            f"{r['articles'] / r['seconds']:.0f} | {r['client_cpu_s']:.1f} | "
            f"{' + '.join(f'{c:.1f}' for c in workers) if workers else '-'} | {r['client_peak_mb']:.0f} | "
            f"{' / '.join(f'{m:.0f}' for m in r['workers_peak_mb']) if workers else '-'} | "
            f"{r['load_before']:.1f} / {r['load_after']:.1f} |")
    for label in dict.fromkeys(r["input"] for r in runs):
        by = {r["engine"]: r for r in runs if r["input"] == label}
        if "dask1" in by and "dask2" in by:
            lines.append(f"\n{label}: 2 workers / 1 worker, wall clock {by['dask1']['seconds'] / by['dask2']['seconds']:.2f}x; "
                         f"from CPU seconds (busiest process) {cpu_speedup(by['dask1'], by['dask2']):.2f}x")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------ grow


def _shift_dates(column, days: int):  # noqa: ANN001, ANN202 - pyarrow date32 arrays
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.add(column.cast(pa.int32()), pa.scalar(days, pa.int32())).cast(pa.date32())


def _shift_value(value: str | None, days: int) -> str | None:
    """A TIMEX value moved by `days` when it names a day ("2010-06-01", "2010-06-01T15:00"), else as is."""
    if value is None or len(value) < 10 or value[4] != "-" or value[7] != "-" or not value[:4].isdigit():
        return value
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return (day + dt.timedelta(days=days)).isoformat() + value[10:]


def _copy(tables, k: int):  # noqa: ANN001, ANN202 - the four pyarrow tables of the base store
    """Copy `k` of the base rows: new ids, urls and texts (so no copy is a duplicate), dates moved by
    `k` x `SHIFT_DAYS`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from dateline.store import content_hash

    articles, sentences, timerefs, words = tables
    suffix, days = f"#c{k}", k * SHIFT_DAYS
    texts = [f"{t}\n\n(Copy {k}.)" for t in articles["text"].to_pylist()]
    articles = articles.set_column(articles.schema.get_field_index("id"), "id",
                                   pc.binary_join_element_wise(articles["id"], suffix, ""))
    articles = articles.set_column(articles.schema.get_field_index("url"), "url",
                                   pc.binary_join_element_wise(articles["url"], suffix, ""))
    articles = articles.set_column(articles.schema.get_field_index("text"), "text", pa.array(texts, pa.string()))
    articles = articles.set_column(articles.schema.get_field_index("hash"), "hash",
                                   pa.array([content_hash(t) for t in texts], pa.string()))
    articles = articles.set_column(articles.schema.get_field_index("published"), "published",
                                   _shift_dates(articles["published"], days))
    sentences = sentences.set_column(0, "article_id", pc.binary_join_element_wise(sentences["article_id"], suffix, ""))
    sentences = sentences.set_column(sentences.schema.get_field_index("event_date"), "event_date",
                                     _shift_dates(sentences["event_date"], days))
    timerefs = timerefs.set_column(0, "article_id", pc.binary_join_element_wise(timerefs["article_id"], suffix, ""))
    values = {v: _shift_value(v, days) for v in pc.unique(timerefs["value"]).to_pylist()}
    timerefs = timerefs.set_column(timerefs.schema.get_field_index("value"), "value",
                                   pa.array([values[v] for v in timerefs["value"].to_pylist()], pa.string()))
    words = words.set_column(1, "article_id", pc.binary_join_element_wise(words["article_id"], suffix, ""))
    return articles, sentences, timerefs, words


def replicate(base_url: str, target_url: str, articles: int) -> int:
    """A Parquet store of about `articles` articles at `target_url`: copies of the base store (see the
    module doc), several copies to a part so parts hold about `PART_ARTICLES` articles a month."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from dateline.scale.parquet import ParquetStore

    base = ParquetStore(base_url)
    parts = base.parts()
    tables = tuple(base.read(t, parts) for t in ("articles", "sentences", "timerefs", "words"))
    per_month = tables[0].num_rows / max(len({p.month for p in parts}), 1)
    copies = max(1, round(articles / tables[0].num_rows))
    group = max(1, round(PART_ARTICLES / per_month))
    target = ParquetStore(target_url)
    written = 0
    for first in range(0, copies, group):
        made = [_copy(tables, k) for k in range(first, min(first + group, copies))]
        rows = [pa.concat_tables([m[i] for m in made]) for i in range(4)]
        months = pc.strftime(rows[0]["published"].cast(pa.timestamp("s")), "%Y-%m")
        # each table cut by month at once (sorted by its articles' month), not filtered once a month
        names = pc.unique(months)
        code = pc.index_in(months, value_set=names)
        cut = []
        for i, t in enumerate(rows):
            of_row = code if i == 0 else pc.take(code, pc.index_in(t["article_id"], value_set=rows[0]["id"]))
            order = pc.sort_indices(of_row)
            found = pc.value_counts(of_row)
            cut.append((t.take(order), dict(zip(found.field("values").to_pylist(), found.field("counts").to_pylist()))))
        offsets = [0] * 4
        for m in range(len(names)):
            pieces = []
            for i, (t, counts) in enumerate(cut):
                n = counts.get(m, 0)
                pieces.append(t.slice(offsets[i], n))
                offsets[i] += n
            target.write_tables(*pieces)
            written += pieces[0].num_rows
    return written


def sqlite_from(parquet_url: str, db: Path) -> int:
    """The SQLite store of the same articles, added part by part."""
    from dateline.scale.parquet import ParquetStore
    from dateline.store import Store

    source = ParquetStore(parquet_url)
    added = 0
    with Store(db) as store:
        for part in source.parts():
            added += store.add(source.load([part]))[0]
    return added


def evict(folder: Path) -> None:
    """Drop the store's files from the page cache, so the next read comes from the disk (cold)."""
    for f in folder.rglob("*") if folder.is_dir() else [folder]:
        if f.is_file():
            fd = os.open(f, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def query_one(engine: str, location: str, text: str) -> dict:
    """`dateline timeline TEXT --dates 10` on one store, cold then warm, in this fresh process: what
    `dateline.api.build_timeline` does (`build_with` over the store, day by day)."""
    from dateline.model import Query
    from dateline.scale.cluster import connect
    from dateline.scale.reader import ParquetReader
    from dateline.store import Store
    from dateline.timeline import DEFAULT_METHOD, build_with, get_method

    method = get_method(DEFAULT_METHOD)
    query = Query(text, dates=10)
    with connect("local:2" if engine == "dask2" else None) as client:
        def opened() -> Store | ParquetReader:
            return Store(location, readonly=True) if engine == "sqlite" else ParquetReader(location, client=client)

        baseline = _rss_mb()
        evict(Path(location))
        out = {"engine": engine, "query": text, "baseline_mb": baseline, "load": os.getloadavg()[0]}
        for run in ("cold", "warm"):
            t0, cpu = time.perf_counter(), _cpu()
            with opened() as source:
                timeline = build_with(method, source, query)
            out[run] = {"total_s": time.perf_counter() - t0, "client_cpu_s": _cpu() - cpu}
        out.update(dates=len(timeline.entries), peak_mb=_rss_mb(),
                   timeline=hashlib.sha256(repr(timeline.entries).encode()).hexdigest()[:16])
    return out


def run_grow(args: argparse.Namespace) -> list[dict]:
    from dateline.model import Query
    from dateline.scale import query as scale_query
    from dateline.scale.parquet import ParquetStore

    results = []
    engines = args.engines.split(",")
    for size in (int(s) for s in args.sizes.split(",")):
        folder = Path(args.work) / f"grow-{size}"
        parquet = folder / "parquet"
        t0 = time.perf_counter()
        if args.reuse and ParquetStore(str(parquet)).parts():
            n = ParquetStore(str(parquet)).article_count()
        else:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            n = replicate(str(args.base), str(parquet), size)
        row: dict = {"size": n, "parquet_bytes": _bytes(parquet), "replicate_s": time.perf_counter() - t0,
                     "parts": len(ParquetStore(str(parquet)).parts()), "queries": {}}
        if "sqlite" in engines and not (args.reuse and (folder / "store.db").exists()):
            t0 = time.perf_counter()
            assert sqlite_from(str(parquet), folder / "store.db") == n
            row["sqlite_build_s"] = time.perf_counter() - t0
        if (folder / "store.db").exists():
            row["sqlite_bytes"] = _bytes(folder / "store.db")
        for text in args.queries.split(","):
            matched = sum(c for _, c in scale_query.coverage(ParquetStore(str(parquet)), Query(text)))
            row["queries"][text] = {"matched": matched}
            for engine in engines:
                location = folder / "store.db" if engine == "sqlite" else parquet
                run = _child("_query", engine, str(location), text)
                row["queries"][text][engine] = run
                print(json.dumps({"size": n, **run}), file=sys.stderr, flush=True)
        results.append(row)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return results


def format_grow(rows: list[dict]) -> str:
    lines = ["| articles | Parquet bytes/article | SQLite bytes/article | query | matching articles | "
             "store | cold s | warm s | of which candidates (warm) s | client CPU (warm) s | sentences | client peak MB | "
             "same timeline |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        for text, q in row["queries"].items():
            runs = {k: v for k, v in q.items() if isinstance(v, dict)}
            same = "yes" if len({r["timeline"] for r in runs.values()}) == 1 else "NO"
            for engine, r in runs.items():
                sqlite = f"{row['sqlite_bytes'] / row['size']:,.0f}" if "sqlite_bytes" in row else "-"
                lines.append(
                    f"| {row['size']:,} | {row['parquet_bytes'] / row['size']:,.0f} | {sqlite} | {text} | "
                    f"{q['matched']:,} ({q['matched'] / row['size']:.1%}) | {engine} | {r['cold']['total_s']:.2f} | "
                    f"{r['warm']['total_s']:.2f} | {_old(r['warm'], 'candidates_s', '.2f')} | "
                    f"{r['warm']['client_cpu_s']:.2f} | {_old(r['warm'], 'sentences', ',')} | {r['peak_mb']:.0f} | {same} |")
    return "\n".join(lines)


def _old(run: dict, key: str, spec: str) -> str:
    """A figure only runs before day-by-day timelines recorded (candidate sentences read), else '-'."""
    return format(run[key], spec) if key in run else "-"


def plot(rows: list[dict], path: Path) -> None:
    """Four panels over the archive's size (log scale): bytes an article, cold and warm timeline
    latency, and the client's peak memory, per store and query."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(rows, key=lambda r: r["size"])
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    sizes = [r["size"] for r in rows]
    ax = axes[0][0]
    ax.plot(sizes, [r["parquet_bytes"] / r["size"] / 1e3 for r in rows], "o-", label="Parquet")
    have = [r for r in rows if "sqlite_bytes" in r]
    ax.plot([r["size"] for r in have], [r["sqlite_bytes"] / r["size"] / 1e3 for r in have], "s-", label="SQLite")
    ax.set(title="store size", ylabel="kB per article", ylim=(0, None))
    panels = ((axes[0][1], "cold", "total_s", "timeline, cold (s)"),
              (axes[1][0], "warm", "total_s", "timeline, warm (s)"),
              (axes[1][1], None, "peak_mb", "client peak memory (MB)"))
    styles = {"sqlite": "s", "parquet": "o", "dask2": "^"}
    names = {"sqlite": "SQLite", "parquet": "Parquet", "dask2": "Parquet, Dask 2 workers"}
    for ax, run, key, title in panels:
        for text, share in QUERIES.items():
            engines = dict.fromkeys(e for r in rows for e, v in r["queries"].get(text, {}).items()
                                    if isinstance(v, dict))
            for engine in engines:
                points = [(r["size"], r["queries"][text][engine]) for r in rows
                          if engine in r["queries"].get(text, {})]
                ys = [(p[run][key] if run else p[key]) for _, p in points]
                ax.plot([s for s, _ in points], ys, marker=styles.get(engine, "x"),
                        linestyle="-" if share == "~1%" else "--",
                        label=f"{names.get(engine, engine)}, '{text}' ({share})")
        ax.set(title=title, yscale="log")
    for ax in axes.flat:
        ax.set(xscale="log", xlabel="articles in the archive")
        ax.grid(True, which="both", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    axes[1][1].legend(fontsize=7)
    fig.suptitle(f"Dateline: Timeline17 copied to {', '.join(f'{s:,}' for s in sizes)} articles; "
                 "SQLite beside Parquet (2 shared cores)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--work", type=Path, default=None, help="folder for the temporary stores")
    p.add_argument("--engines", default="sqlite,parquet,dask1,dask2")
    p.add_argument("--base", type=Path, help="a Parquet store of --data to make the copies from (else made here)")
    p.add_argument("--json", type=Path)
    p = sub.add_parser("grow")
    p.add_argument("--base", type=Path, required=True, help="an annotated Parquet store to copy (Timeline17)")
    p.add_argument("--work", type=Path, required=True, help="folder for the stores (deleted after each size)")
    p.add_argument("--sizes", default="10000,100000")
    p.add_argument("--engines", default="sqlite,parquet,dask2")
    p.add_argument("--queries", default=",".join(QUERIES), help="which of the queries to run, comma-separated")
    p.add_argument("--keep", action="store_true", help="keep the stores")
    p.add_argument("--reuse", action="store_true", help="query the stores a --keep run left in --work, if any")
    p.add_argument("--json", type=Path)
    p.add_argument("--plot", type=Path)
    p = sub.add_parser("plot")
    p.add_argument("runs", type=Path, nargs="+")
    p.add_argument("--plot", type=Path, required=True)
    p = sub.add_parser("_ingest")
    p.add_argument("engine")
    p.add_argument("data")
    p.add_argument("folder")
    p = sub.add_parser("_query")
    p.add_argument("engine")
    p.add_argument("location")
    p.add_argument("text")
    args = parser.parse_args()
    if args.command == "_ingest":
        print(json.dumps(ingest_one(args.engine, args.data, args.folder)))
        return
    if args.command == "_query":
        print(json.dumps(query_one(args.engine, args.location, args.text)))
        return
    stamp = (f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
             f"load average {os.getloadavg()[0]:.1f} at start")
    if args.command == "plot":
        rows = [r for f in args.runs for r in json.loads(f.read_text())]
        plot(rows, args.plot)
        print(format_grow(rows))
        return
    rows = run_ingest(args) if args.command == "ingest" else run_grow(args)
    print(stamp)
    print(format_ingest(rows) if args.command == "ingest" else format_grow(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=str))
    if args.command == "grow" and args.plot:
        plot(rows, args.plot)


if __name__ == "__main__":
    main()
