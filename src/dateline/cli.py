"""The `dateline` command: parses arguments, calls the library, prints. Nothing else lives here."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline import __version__, api
from dateline.errors import DataError, DatelineError

if TYPE_CHECKING:
    from dateline.model import Timeline

EPILOG = """examples (from a clone of the repository; examples/ holds small fictional inputs):
  dateline demo                                    build the demo corpus and print its timeline
  dateline ingest examples/articles.jsonl --db news.db      add articles (seed, JSONL or Timeline17 layout)
  dateline timeline "Sennick Dam" --db news.db --dates 5 --sentences 1 --format md
  dateline ingest pages/ crawl.warc.gz feed.xml --db news.db   web pages, web archives, RSS/Atom feeds
  dateline ingest https://example.org/feed.xml --db news.db    a feed or page on the web (fetched politely)
  dateline watch https://example.org/feed.xml --every 10m --db news.db   follow a story as it breaks
  dateline serve --db news.db                      explore timelines in the browser
  dateline evaluate pred.txt --ref gold.txt        TILSE scores (ROUGE-1.5.5 exact)
  dateline bench t17 --data DIR                    the Timeline17 benchmark
  dateline quotes "Kim" --speaker "Kim Jong-un" --db news.db   who said what, by day and speaker
  dateline quotes "" --speaker "Kim Jong Un" --by month     one speaker's own timeline, month by month
  dateline bench quotes --split test               quotation extraction against hand labels
  dateline bench timex --tml DIR                   TempEval-3 scores of the time tagger on TimeML
  dateline bench shapes                            every method on every corpus shape

exit status:
  0    done
  1    the input could not be used: nothing readable to ingest, a timeline file without entries,
       a port already in use
  2    usage error: a bad option or argument, a missing file or store, a method not installed
  130  interrupted (Ctrl+C)
"""

#: Placeholder in help texts for the list of timeline methods, filled in only when help is printed.
METHODS = "{methods}"


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Lists the timeline methods only when help is printed: finding them loads them (about a second),
    which no other use of the parser should pay for."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if text and METHODS in text:
            text = text.replace(METHODS, _method_list())
        return text


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help lists the methods; its subcommands' parsers are of the same class."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def _method_list() -> str:
    from dateline.timeline import method_names

    installed = method_names(installed_only=True)
    missing = sorted(set(method_names()) - set(installed))
    return ", ".join(installed) + (f"; not installed here: {', '.join(missing)}" if missing else "")


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return n


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        type=Path,
        default=api.DEFAULT_DB,
        help="SQLite file of the store (default: $DATELINE_DB, else ./dateline.db)",
    )


def _add_scale(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="DIR_OR_URL",
                   help="use the columnar store (Parquet) in this folder or fsspec URL, e.g. s3://bucket/news, "
                   "instead of --db (needs: pip install 'dateline[scale]')")
    p.add_argument("--cluster", metavar="local:N|tcp://HOST:8786",
                   help="with --store: run on a Dask cluster, N local worker processes or a scheduler's address")


def _check_scale(args: argparse.Namespace) -> bool:
    """Whether the command uses the columnar store; --cluster alone is refused."""
    if args.cluster and not args.store:
        raise DatelineError("--cluster needs --store DIR_OR_URL (the SQLite store runs on this machine only)")
    if args.store and getattr(args, "quotes", False):
        raise DatelineError("--quotes reads the SQLite store only; leave out --store, or --quotes")
    return args.store is not None


#: What `--format` accepts on every command that prints a timeline (`render`'s formats).
FORMATS = ["text", "md", "json", "tilse"]


def build_parser() -> argparse.ArgumentParser:
    from dateline.timeline import DEFAULT_METHOD

    parser = _Parser(
        prog="dateline",
        description="Turn dated news articles into timelines: the dates that mattered, and what happened "
        "on each, in sentences taken from the articles and linked to their sources.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"dateline {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "ingest",
        help="read articles into the store",
        description="Read articles from files or folders, split them into sentences, tag their dates "
        "and add them to the store. Formats: seed text files (first line 'date YYYY-MM-DD caption'), "
        "JSONL (.jsonl or .jsonl.gz; id, url, published, title, text), the raw Timeline17 layout "
        "(<source>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt), saved web pages (.html, .htm, .html.gz), web "
        "archives (.warc, .warc.gz), RSS/Atom feeds, news-please JSON, text files of URLs and URLs themselves "
        "(fetched politely, cached in DB.cache/). Folders may mix them. Re-running is safe: articles already "
        "stored are skipped, and an interrupted run is completed.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or http(s) URLs of pages or feeds")
    _add_db(p)
    p.add_argument(
        "--format",
        dest="fmt",
        choices=["auto", "seed", "jsonl", "t17", "html", "warc", "feed", "newsplease", "urls"],
        default="auto",
        help="force one input format instead of detecting it per file (default: auto)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--skipped", type=Path, metavar="FILE",
                   help="write every skipped record and note (file, line, reason) to FILE, tab-separated; "
                   "the terminal shows the first 20")
    _add_scale(p)
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser(
        "compact",
        help="merge the small parts of a columnar store",
        description="Merge the parts of each month of a columnar store (--store) into parts of up to "
        "20,000 articles. Every ingest run writes a part per batch of 500 articles and month, and a query "
        "opens every part of its window, so many small parts slow every query. Safe while the store is "
        "read: readers see the old parts or the merged one, never both.",
    )
    p.add_argument("--store", metavar="DIR_OR_URL", required=True,
                   help="the columnar store (Parquet) in this folder or fsspec URL")
    p.add_argument("--cluster", metavar="local:N|tcp://HOST:8786",
                   help="merge on a Dask cluster, one task a month: N local worker processes or a scheduler's address")
    p.set_defaults(func=_cmd_compact)

    p = sub.add_parser(
        "watch",
        help="follow feeds and pages, storing what is new",
        description="Poll RSS/Atom feeds and web pages with conditional requests (ETag, If-Modified-Since) "
        "and add new articles to the store as they appear; a running 'dateline serve' on the same store "
        "shows them at its next request, and an open timeline page offers to reload. URLs that failed "
        "(a feed entry's page included) are tried again in the next rounds. Ctrl-C stops.",
    )
    p.add_argument("urls", nargs="+", metavar="FEED_OR_URL", help="http(s) URLs of feeds or pages")
    _add_db(p)
    p.add_argument("--every", default="10m", help="time between rounds: 30s, 10m, 1h (default: 10m)")
    p.add_argument("--rounds", type=_positive, help="stop after this many rounds (default: never)")
    p.set_defaults(func=_cmd_watch)

    p = sub.add_parser(
        "timeline",
        help="build a timeline for a topic",
        description="Build a timeline for a topic from the articles in the store.",
    )
    p.add_argument("query", help='the topic, e.g. "haiti earthquake"')
    _add_db(p)
    p.add_argument("--dates", type=_positive, help="number of dates (default: chosen from the corpus span)")
    p.add_argument("--sentences", type=_positive, help="sentences per date (default: 2)")
    p.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", help="first date to consider")
    p.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD", help="last date to consider")
    p.add_argument("--method", default=DEFAULT_METHOD,
                   help=f"timeline method: {METHODS} (default: {DEFAULT_METHOD})")
    p.add_argument(
        "--format", dest="fmt", choices=[*FORMATS, "timelinejs"], default="text",
        help="output format; timelinejs is TimelineJS3 JSON, for Knight Lab's embeddable timeline",
    )
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    p.add_argument("--quotes", action="store_true",
                   help="list under each date who said what that day (text, md and json formats)")
    p.add_argument("--explain", action="store_true",
                   help="say under each date why it was picked (text and md; json always has 'explain')")
    _add_scale(p)
    p.set_defaults(func=_cmd_timeline)

    p = sub.add_parser(
        "quotes",
        help="who said what about a topic: quotations and their speakers, by day",
        description="List the quotations (direct and reported) in the stored articles about a topic, "
        "grouped by day and by speaker.",
    )
    p.add_argument("query", help='the topic, e.g. "nuclear talks" ("" for every article)')
    _add_db(p)
    p.add_argument("--speaker", help='only this speaker\'s quotes ("Kim" finds "Kim Jong Un")')
    p.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", help="first publication date")
    p.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD", help="last publication date")
    p.add_argument("--kind", choices=["direct", "indirect"], help="only quotations in quotation marks, or only reported speech")
    p.add_argument("--limit", type=_positive, help="at most this many quotes")
    p.add_argument("--by", choices=["day", "month"], default="day",
                   help="group by day, or by month (with --speaker: that speaker's own timeline)")
    p.add_argument("--format", dest="fmt", choices=["text", "md", "json"], default="text", help="output format")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    p.set_defaults(func=_cmd_quotes)

    p = sub.add_parser(
        "demo",
        help="ingest the built-in (fictional) demo corpus and print its timeline",
        description="Write the built-in demo corpus (fictional articles from made-up outlets), ingest it "
        "into a fresh SQLite file and print the timeline of its main story.",
    )
    p.add_argument("--db", type=Path, default=Path("demo.db"), help="SQLite file to create (default: demo.db)")
    p.add_argument("--format", dest="fmt", choices=FORMATS, default="text")
    p.add_argument("--export", type=Path, metavar="DIR",
                   help="also keep the demo corpus (one JSONL file) in DIR, to look at or to copy")
    p.set_defaults(func=_cmd_demo)

    p = sub.add_parser(
        "evaluate",
        help="score a timeline against reference timelines (TILSE metrics)",
        description="Score a predicted timeline against one or more reference timelines, all in tilse "
        "format, with the TILSE measures computed exactly as Perl ROUGE-1.5.5 computes them "
        "(-n 2 -x -f A -m -s -t 2): concat, agreement, align, align+, align+ m:1 and date F1.",
    )
    p.add_argument("pred", type=Path, help="predicted timeline (tilse format)")
    p.add_argument("--ref", type=Path, action="append", required=True, help="reference timeline (repeatable)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser(
        "timex",
        help="find and normalise time expressions in text",
        description="Print the time expressions of a text, normalised against its publication date.",
    )
    p.add_argument("file", nargs="?", default="-", help="text file, or - for standard input (default)")
    p.add_argument("--pub-date", type=_date, required=True, metavar="YYYY-MM-DD", help="publication date (DCT)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_timex)

    p = sub.add_parser(
        "bench",
        help="run a benchmark (Timeline17, Crisis timelines; time tagger; quotes)",
        description="Run a timeline method on every reference timeline of a dataset with the news-tls "
        "protocol and print the TILSE scores per timeline and averaged; or (timex) tag the TimeML "
        "documents of --tml and print the TempEval-3 time-expression scores; or (quotes) score quotation "
        "extraction against the hand-labelled quotations.",
    )
    p.add_argument("dataset", choices=["t17", "crisis", "shapes", "timex", "quotes"],
                   help="shapes: every method on T17, Crisis and corpus shapes derived from T17")
    p.add_argument("--tml", type=Path, metavar="DIR", help="timex: folder of TimeML (.tml) documents")
    p.add_argument("--errors", action="store_true", help="timex: also list every missed, spurious or wrong expression")
    p.add_argument("--data", type=Path, help="dataset folder (default: ../shared/data/tls/<dataset>; for "
                   "shapes: the Timeline17 folder, Crisis is read from the default place; quotes: ../shared)")
    p.add_argument("--shapes", help="with 'shapes': comma-separated subset of the shapes (default: all)")
    p.add_argument("--split", choices=["dev", "test", "all"], default="all", help="quotes: labelled documents to score")
    p.add_argument("--labels", type=Path, help="quotes: labels file (default: tests/data/quotes/labels.jsonl)")
    p.add_argument("--method", default=DEFAULT_METHOD,
                   help=f"timeline method: {METHODS} (default: {DEFAULT_METHOD})")
    p.add_argument("--json", dest="json_out", type=Path, metavar="FILE", help="also write the figures as JSON")
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser(
        "serve",
        help="serve the web page and HTTP API",
        description="Serve a web page and an HTTP API for exploring timelines over a store (read-only). "
        "While 'dateline watch' or an ingest adds to the store, an open timeline page says so and, reloaded, "
        "marks the dates with new articles; /api/changes?since=REVISION tells API clients the same.",
    )
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port, 1 to 65535, or 0 for any free one (default: 8000)")
    p.add_argument("--workers", type=_workers, default=None, metavar="N",
                   help="processes that build timelines (default: up to 2, one per CPU; 0 builds them in the "
                   "server's own process, which uses the least memory)")
    p.add_argument("--store", metavar="DIR_OR_URL",
                   help="serve the columnar store (Parquet) in this folder or fsspec URL instead of --db "
                   "(needs: pip install 'dateline[scale]'; it keeps no quotations)")
    p.set_defaults(func=_cmd_serve)
    return parser


def _workers(value: str) -> int:
    """argparse type of --workers: a whole number >= 0, or a usage error that says so."""
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value!r}")
    return n


def _port(value: str) -> int:
    """argparse type of --port: 0 to 65535, or a usage error that says so."""
    try:
        n = int(value)
    except ValueError:
        n = -1
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port; choose one from 1 to 65535 (0: any free port)")
    return n


def _check_store(db: Path, exists: bool = False) -> None:
    """Refuse a --db that is a folder, or (with `exists`) that is not there, naming what to give instead."""
    if db.is_dir():
        raise DatelineError(f"--db {db} is a folder; give the store's file, e.g. --db {db / 'news.db'}")
    if exists and not db.exists():
        raise DatelineError(f"no store at {db}; create it first with: dateline ingest PATH --db {db}")


def _check_output(path: Path | None, option: str) -> None:
    """Refuse an output path that cannot be written before any work is done, not after it."""
    if path is None:
        return
    if path.is_dir():
        raise DatelineError(f"{option} {path} is a folder; give a file name, e.g. {option} {path / 'timeline.txt'}")
    if not path.parent.is_dir():
        raise DatelineError(f"{option} {path}: the folder {path.parent} does not exist; create it first "
                            f"(mkdir -p {path.parent}) or choose another path")


def _write(text: str, output: Path | None, option: str = "-o") -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise DatelineError(f"cannot write {option} {output} ({e.strerror}); choose another path") from None
    print(f"wrote {output}", file=sys.stderr)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from dateline.progress import progress_bar

    if not _check_scale(args):
        _check_store(args.db)
    with progress_bar("ingest", unit="articles", disable=args.quiet) as bar:
        try:
            report = api.ingest(args.paths, args.db, fmt=None if args.fmt == "auto" else args.fmt,
                                on_progress=bar, store=args.store, cluster=args.cluster)
        except KeyboardInterrupt:
            print("dateline: interrupted; what was stored before it stays stored. Run the same command again "
                  "to add the rest: articles already stored are skipped, none is stored twice.", file=sys.stderr)
            return 130
    if args.skipped:
        report.write_skipped(args.skipped)
    print(report.summary(args.skipped), file=sys.stderr)
    if report.read or report.duplicates:
        return 0
    if report.skipped:
        raise DataError("no article could be read: every record was skipped, for the reasons listed above; "
                        "fix those records, or force a format with --format")
    raise DataError(f"no article found: {'; '.join(_why_empty(Path(p)) for p in args.paths)}; ingest reads seed "
                    f"text files, JSONL (.jsonl, .jsonl.gz), the Timeline17 layout, web pages, web archives, "
                    f"feeds, news-please JSON and lists of URLs")


def _why_empty(path: Path) -> str:
    """Why a path that produced no record at all gave nothing (it cannot be a missing or unreadable path:
    those are reported as skipped)."""
    if path.is_dir():
        visible = any(not part.startswith(".") for f in path.rglob("*") if f.is_file()
                      for part in f.relative_to(path).parts[:1])
        return f"the files in {path} hold no records" if visible else f"the folder {path} holds no files"
    return f"{path} is empty"


def _cmd_compact(args: argparse.Namespace) -> int:
    from dateline import scale

    started = time.perf_counter()
    before, after = scale.compact(args.store, args.cluster)
    print(f"{args.store}: {before:,} parts merged into {after:,} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from dateline.store import IngestReport
    from dateline.watch import parse_every, watch

    def report(n: int, r: IngestReport) -> None:
        failed = "".join(f"\n  {s}" for s in r.skipped[:10])
        print(f"{time.strftime('%H:%M:%S')} round {n}: {r.added} new articles ({r.sentences} sentences), "
              f"{r.duplicates} already stored, {len(r.skipped)} skipped{failed}", file=sys.stderr, flush=True)

    watch(args.urls, args.db, every=parse_every(args.every), rounds=args.rounds, on_round=report)
    return 0


def _cmd_timeline(args: argparse.Namespace) -> int:
    from dateline.text import clean_topic
    from dateline.timeline import get_method

    try:
        query = clean_topic(args.query)
    except ValueError as e:
        raise DatelineError(str(e)) from None
    if args.start and args.end and args.start > args.end:
        raise DatelineError(f"--from {args.start} is after --to {args.end}")
    get_method(args.method)  # an unknown method is reported before anything else
    if not _check_scale(args):
        _check_store(args.db, exists=True)
        _note_outdated(args.db)
    _check_output(args.output, "-o")
    tl = api.build_timeline(
        query, args.db, method=args.method, start=args.start, end=args.end,
        dates=args.dates, sentences=args.sentences, store=args.store, cluster=args.cluster,
    )
    rendered = _render(tl, args.fmt, args.explain)
    if args.quotes and args.fmt in ("text", "md", "json"):
        from dateline.render.quotes import timeline_quotes_json, timeline_quotes_text

        said = api.quotes(query, args.db, start=args.start, end=args.end, days=tl.dates)
        rendered = (
            timeline_quotes_json(rendered, said) if args.fmt == "json" else timeline_quotes_text(tl, rendered, said, args.fmt)
        )
    _write(rendered, args.output)
    return 0


def _note_outdated(db: Path) -> None:
    """Say when a store was written by an older Dateline: read-only, it is read whole, which is slow on a
    large store, until something opens it for writing."""
    from dateline.store import Store

    with Store(db, readonly=True) as store:
        if store.outdated:
            print(f"dateline: note: {db} was written by an older Dateline, so this reads all its matching "
                  f"sentences (slow on a large store); re-run any ingest into it (dateline ingest PATH --db {db}; "
                  "stored articles are skipped) to bring it up to date once", file=sys.stderr)


def _cmd_quotes(args: argparse.Namespace) -> int:
    from dateline.render.quotes import render_quotes

    if args.start and args.end and args.start > args.end:
        raise DatelineError(f"--from {args.start} is after --to {args.end}")
    _check_store(args.db, exists=True)
    _check_output(args.output, "-o")
    records = api.quotes(
        args.query, args.db, speaker=args.speaker, start=args.start, end=args.end, kind=args.kind, limit=args.limit
    )
    _write(render_quotes(records, args.fmt, args.query, args.speaker, by=args.by), args.output)
    return 0


def _render(tl: "Timeline", fmt: str, explain: bool = False) -> str:
    from dateline.render import render
    from dateline.render.timelinejs import render_timelinejs

    if fmt == "timelinejs":
        return json.dumps(render_timelinejs(tl), ensure_ascii=False, indent=2)
    return render(tl, fmt, explain=explain)


def _cmd_demo(args: argparse.Namespace) -> int:
    from dateline.demo import DEMO_QUERY, write_demo_corpus
    from dateline.progress import progress_bar
    from dateline.render import render

    import tempfile

    if args.export is not None:
        if args.export.exists() and not args.export.is_dir():
            raise DatelineError(f"--export {args.export} is a file; give a folder (it is created if need be)")
        args.export.mkdir(parents=True, exist_ok=True)
    _check_store(args.db)
    if args.db.exists():
        args.db.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_demo_corpus(args.export or Path(tmp))
        with progress_bar("ingest demo corpus", unit="articles") as bar:
            report = api.ingest([corpus], args.db, on_progress=bar)
    print(report.summary(), file=sys.stderr)
    if args.export is not None:
        print(f"the demo corpus is in {corpus} (JSONL, one article a line)", file=sys.stderr)
    print(f'timeline for "{DEMO_QUERY}" from {args.db} (fictional demo corpus):\n', file=sys.stderr)
    _write(render(api.build_timeline(DEMO_QUERY, args.db), args.fmt), None)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from dateline.evaluate import evaluate_files, format_scores

    scores = evaluate_files(args.pred, args.ref)  # a file without entries raises DataError
    _write(json.dumps(scores, indent=2) if args.json else format_scores(scores), None)
    return 0


def _cmd_timex(args: argparse.Namespace) -> int:
    from dateline.annotate import default_tagger

    text = sys.stdin.read() if args.file == "-" else _read_text(Path(args.file))
    refs = default_tagger().tag(text, args.pub_date)
    if args.json:
        rows = [{"text": r.text, "start": r.start, "end": r.end, "type": r.type, "value": r.value,
                 "granularity": r.granularity} for r in refs]
        _write(json.dumps(rows, indent=2, ensure_ascii=False), None)
    else:
        _write("\n".join(f"{r.start:>6}-{r.end:<6} {r.type:<8} {r.value:<16} {r.granularity:<8} {r.text}" for r in refs)
               or "(no time expressions)", None)
    return 0


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatelineError(f"{path}: no such file") from None
    except UnicodeDecodeError as e:
        raise DatelineError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.dataset == "timex":
        return _cmd_bench_timex(args)
    _check_output(args.json_out, "--json")
    if args.dataset == "quotes":
        from dateline.evaluate import quotes

        result = quotes.run_quotes_bench(
            args.split, labels=args.labels or quotes.DEFAULT_LABELS, shared=args.data or quotes.DEFAULT_SHARED
        )
        _write(quotes.format_quotes_bench(result), None)
    elif args.dataset == "shapes":
        from dateline.evaluate.shapes import format_shapes, run_shapes

        result = run_shapes(args.shapes.split(",") if args.shapes else None, t17=args.data)
        _write(format_shapes(result), None)
    else:
        from dateline.evaluate.bench import format_bench, run_bench

        result = run_bench(args.dataset, data=args.data, method=args.method)
        _write(format_bench(result), None)
    if args.json_out:
        _write(json.dumps(result, indent=2), args.json_out, "--json")
    return 0


def _cmd_bench_timex(args: argparse.Namespace) -> int:
    from dateline.evaluate.tempeval import format_timex_bench, run_timex_bench

    if args.tml is None:
        raise DatelineError("bench timex needs --tml DIR, the folder of TimeML (.tml) documents to score against")
    _check_output(args.json_out, "--json")
    result = run_timex_bench(args.tml)
    _write(format_timex_bench(result, errors=args.errors), None)
    if args.json_out:
        args.json_out.write_text(json.dumps(result["scores"], indent=2), encoding="utf-8")
        print(f"wrote {args.json_out}", file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from dateline.web import create_app
    from dateline.web.server import listen_socket, url_of

    if args.store is not None:
        from dateline.scale import reader

        source, where, kind = reader(args.store), args.store, "Parquet"
    else:
        _check_store(args.db, exists=True)
        source, where, kind = args.db, args.db, _size(args.db)
    sock = listen_socket(args.host, args.port)  # a taken port is reported before the app loads
    try:
        app = create_app(source) if args.workers is None else create_app(source, workers=args.workers)
        stats = app.state.corpus.stats()
        print(f"Serving {where} ({stats.articles:,} articles, {kind}) at {url_of(sock)}/\n"
              f"Press Ctrl+C to stop.", flush=True)
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it shut down on: the normal way to stop
        pass
    finally:
        sock.close()
    print("Stopped.", flush=True)
    return 0


def _size(db: Path) -> str:
    """The store's size on disk, its write-ahead log included."""
    wal = db.with_name(db.name + "-wal")
    n = db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


_OS_HINTS: list[tuple[type[OSError], str]] = [
    (IsADirectoryError, "; give a file, not a folder"),
    (FileNotFoundError, "; check the path"),
    (PermissionError, "; check the file's permissions, or choose another path"),
]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DatelineError as e:
        print(f"dateline: error: {e}", file=sys.stderr)
        return e.exit_status
    except KeyboardInterrupt:
        print("dateline: interrupted", file=sys.stderr)
        return 130
    except OSError as e:  # the system refused (disk full, permissions): one line, never a traceback
        where = f"{e.filename}: " if e.filename else ""
        hint = next((h for kind, h in _OS_HINTS if isinstance(e, kind)), "")
        print(f"dateline: error: {where}{e.strerror or e}{hint}", file=sys.stderr)
        return 1
    except Exception as e:
        if os.environ.get("DATELINE_DEBUG"):
            raise
        print(f"dateline: internal error ({type(e).__name__}: {e}); this is a bug, please report it with the "
              f"command you ran (DATELINE_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
