"""The `dateline` command: parses arguments, calls the library, prints. Nothing else lives here."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from dateline import __version__, api
from dateline.errors import DatelineError

EPILOG = """examples:
  dateline demo                                    build the demo corpus and print its timeline
  dateline ingest article.txt --db news.db         add articles (seed, JSONL or Timeline17 layout)
  dateline ingest pages/ crawl.warc.gz feed.xml    web pages, web archives, RSS/Atom feeds
  dateline ingest https://example.org/feed.xml     a feed or page on the web (fetched politely, cached)
  dateline watch https://example.org/feed.xml --every 10m --db news.db   follow a story as it breaks
  dateline timeline "oil spill" --db news.db --dates 10 --sentences 2 --format md
  dateline serve --db news.db                      explore timelines in the browser
  dateline evaluate pred.txt --ref gold.txt        TILSE scores (ROUGE-1.5.5 exact)
  dateline bench t17                               the Timeline17 benchmark
"""


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


def build_parser() -> argparse.ArgumentParser:
    from dateline.timeline import DEFAULT_METHOD

    parser = argparse.ArgumentParser(
        prog="dateline",
        description="Turn dated news articles into timelines: the dates that mattered, and what happened "
        "on each, in sentences taken from the articles and linked to their sources.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser(
        "watch",
        help="follow feeds and pages, storing what is new",
        description="Poll RSS/Atom feeds and web pages with conditional requests (ETag, If-Modified-Since) "
        "and add new articles to the store as they appear; a running 'dateline serve' on the same store "
        "shows them at its next request. Failed URLs are tried again next round. Ctrl-C stops.",
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
    p.add_argument("--method", default=DEFAULT_METHOD, help=f"timeline method (default: {DEFAULT_METHOD})")
    p.add_argument(
        "--format", dest="fmt", choices=["text", "md", "json", "tilse"], default="text", help="output format"
    )
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    p.set_defaults(func=_cmd_timeline)

    p = sub.add_parser(
        "demo",
        help="ingest the built-in (fictional) demo corpus and print its timeline",
        description="Write the built-in demo corpus (fictional articles from made-up outlets), ingest it "
        "into a fresh SQLite file and print the timeline of its main story.",
    )
    p.add_argument("--db", type=Path, default=Path("demo.db"), help="SQLite file to create (default: demo.db)")
    p.add_argument("--format", dest="fmt", choices=["text", "md", "json", "tilse"], default="text")
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
        help="run a timeline benchmark (Timeline17, Crisis)",
        description="Run a timeline method on every reference timeline of a dataset with the news-tls "
        "protocol and print the TILSE scores per timeline and averaged.",
    )
    p.add_argument("dataset", choices=["t17", "crisis"])
    p.add_argument("--data", type=Path, help="dataset folder (default: ../shared/data/tls/<dataset>)")
    p.add_argument("--method", default=DEFAULT_METHOD, help=f"timeline method (default: {DEFAULT_METHOD})")
    p.add_argument("--json", dest="json_out", type=Path, metavar="FILE", help="also write the figures as JSON")
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser(
        "serve",
        help="serve the web page and HTTP API",
        description="Serve a web page and an HTTP API for exploring timelines over a store (read-only).",
    )
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--workers", type=_workers, default=None, metavar="N",
                   help="processes that build timelines (default: up to 2, one per CPU; 0 builds them in the "
                   "server's own process, which uses the least memory)")
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


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from dateline.progress import progress_bar

    with progress_bar("ingest", unit="articles", disable=args.quiet) as bar:
        report = api.ingest(args.paths, args.db, fmt=None if args.fmt == "auto" else args.fmt, on_progress=bar)
    print(report.summary(), file=sys.stderr)
    return 0 if report.read or report.duplicates else 1


def _cmd_watch(args: argparse.Namespace) -> int:
    import time

    from dateline.store import IngestReport
    from dateline.watch import parse_every, watch

    def report(n: int, r: IngestReport) -> None:
        failed = "".join(f"\n  {s}" for s in r.skipped[:10])
        print(f"{time.strftime('%H:%M:%S')} round {n}: {r.added} new articles ({r.sentences} sentences), "
              f"{r.duplicates} already stored, {len(r.skipped)} skipped{failed}", file=sys.stderr, flush=True)

    watch(args.urls, args.db, every=parse_every(args.every), rounds=args.rounds, on_round=report)
    return 0


def _cmd_timeline(args: argparse.Namespace) -> int:
    from dateline.render import render
    from dateline.timeline import get_method

    if args.start and args.end and args.start > args.end:
        raise DatelineError(f"--from {args.start} is after --to {args.end}")
    get_method(args.method)  # an unknown method is reported before anything else
    if not args.db.exists():
        raise DatelineError(f"no store at {args.db}; create it first with: dateline ingest PATH --db {args.db}")
    tl = api.build_timeline(
        args.query, args.db, method=args.method, start=args.start, end=args.end,
        dates=args.dates, sentences=args.sentences,
    )
    _write(render(tl, args.fmt), args.output)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from dateline.demo import DEMO_QUERY, write_demo_corpus
    from dateline.progress import progress_bar
    from dateline.render import render

    import tempfile

    if args.db.exists():
        args.db.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_demo_corpus(Path(tmp))
        with progress_bar("ingest demo corpus", unit="articles") as bar:
            report = api.ingest([corpus], args.db, on_progress=bar)
    print(report.summary(), file=sys.stderr)
    print(f'timeline for "{DEMO_QUERY}" from {args.db} (fictional demo corpus):\n', file=sys.stderr)
    _write(render(api.build_timeline(DEMO_QUERY, args.db), args.fmt), None)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from dateline.evaluate import evaluate_files, format_scores

    scores = evaluate_files(args.pred, args.ref)
    _write(json.dumps(scores, indent=2) if args.json else format_scores(scores), None)
    return 0


def _cmd_timex(args: argparse.Namespace) -> int:
    from dateline.annotate import default_tagger

    text = sys.stdin.read() if args.file == "-" else _read_text(Path(args.file))
    refs = default_tagger().tag(text, args.pub_date)
    if args.json:
        rows = [{"text": r.text, "start": r.start, "end": r.end, "value": r.value, "granularity": r.granularity}
                for r in refs]
        _write(json.dumps(rows, indent=2, ensure_ascii=False), None)
    else:
        _write("\n".join(f"{r.start:>6}-{r.end:<6} {r.value:<12} {r.granularity:<8} {r.text}" for r in refs)
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
    from dateline.evaluate.bench import format_bench, run_bench

    result = run_bench(args.dataset, data=args.data, method=args.method)
    _write(format_bench(result), None)
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(f"wrote {args.json_out}", file=sys.stderr)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from dateline.web import create_app

    if not args.db.exists():
        raise DatelineError(f"no store at {args.db}; create it first with: dateline ingest PATH --db {args.db}")
    app = create_app(args.db) if args.workers is None else create_app(args.db, workers=args.workers)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DatelineError as e:
        print(f"dateline: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dateline: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
