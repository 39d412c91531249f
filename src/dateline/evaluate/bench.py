"""Dataset benchmarks with the news-tls protocol: `dateline bench t17` and `dateline bench crisis`.

The protocol is the one behind the published tables (news-tls `experiments/evaluate.py`; see
../shared/data/tls/NEWS_TLS_FORMAT.md, "Evaluation protocol"). Each reference timeline is one task:

- the input is the topic's articles published within the reference's first..last date (ext = 0);
- the prediction has l = the reference's number of dates, k = round(mean sentences per date);
- the query is the topic's keywords, the keyword filter news-tls applies;
- the prediction is scored against that one reference with the TILSE measures, and the tasks are
  averaged the news-tls way (mean P and mean R, then F1 of the means).

The method runs through the library, as a user would: the topic's articles are ingested once into a
temporary SQLite store (`dateline.api.ingest`), then `dateline.api.build_timeline` builds each task's
timeline. Crisis has no raw articles here, only dated sentences (Dataset/Crisis/<topic>/time-sent.csv,
see its SOURCE.md); each date's sentences become one pseudo-article published on that date. That input
is not the Crisis input, so those figures are labelled as not comparable to published Crisis figures.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline import api
from dateline.errors import DataError, DatelineError
from dateline.evaluate import Scores, average_scores, evaluate
from dateline.evaluate.metrics import MEASURES
from dateline.model import Query, Timeline
from dateline.store import Store
from dateline.timeline import DEFAULT_METHOD, build_with, get_method
from dateline.tilseformat import read_tilse

DATASETS = {"t17": "timeline17", "crisis": "crisis"}
CRISIS_NOTE = (
    "NOT COMPARABLE to published Crisis figures: the input is the dated sentences of "
    "Dataset/Crisis/<topic>/time-sent.csv (one pseudo-article per date), not the Crisis articles."
)


@dataclass(frozen=True)
class Task:
    """One reference timeline of a topic: what the method is asked for and what it is scored against."""

    topic: str
    name: str
    reference: Timeline
    keywords: str

    @property
    def query(self) -> Query:
        """The topic's keywords, the reference's date span, l dates and k sentences per date."""
        dates = self.reference.dates
        n_sentences = sum(len(e.sentences) for e in self.reference.entries)
        return Query(
            text=self.keywords,
            start=min(dates),
            end=max(dates),
            dates=len(dates),
            sentences=max(1, round(n_sentences / len(dates))),
        )


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def default_data(dataset: str) -> Path:
    """`$DATELINE_SHARED/data/tls/<dir>`, else ../shared next to the working directory or the repository.

    `dataset` is a key of DATASETS or, for a corpus only the shape benchmark reads (real-feeds), the
    folder's own name."""
    folder = DATASETS.get(dataset, dataset)
    roots = [Path(os.environ["DATELINE_SHARED"])] if "DATELINE_SHARED" in os.environ else []
    roots += [Path.cwd().parent / "shared", Path(__file__).resolve().parents[3].parent / "shared"]
    roots = list(dict.fromkeys(r.resolve() for r in roots))  # from a clone's root, the last two are one
    for root in roots:
        if (root / "data" / "tls" / folder).is_dir():
            return root / "data" / "tls" / folder
    raise DatelineError(f"no {dataset} data in {', '.join(str(r / 'data' / 'tls' / folder) for r in roots)}; "
                        f"pass --data DIR")


def _topics(data: Path) -> dict[str, dict[str, Any]]:
    path = data / "topics.json"
    try:
        topics = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatelineError(f"{path}: no such file; --data must be the dataset folder that holds topics.json") from None
    except json.JSONDecodeError as e:
        raise DataError(f"{path}:{e.lineno}: not valid JSON ({e.msg} at column {e.colno}); bench/topics/ in the "
                        f"repository has the file for each dataset") from None
    return {name: spec for name, spec in topics.items() if not name.startswith("_")}


def t17_topics(data: Path, log: Callable[[str], None]) -> Iterator[tuple[str, list[Path], list[Task]]]:
    """Per topic: its source folders (ingested as they are) and its reference timelines."""
    for topic, spec in _topics(data).items():
        sources = [data / s for s in spec["sources"]]
        tasks = [
            Task(topic, f"{src.name}/{path.name}", _read_reference(path, log), " ".join(spec["keywords"]))
            for src in sources for path in sorted((src / "timelines").glob("*.txt"))
        ]
        yield topic, sources, tasks


def crisis_topics(data: Path, workdir: Path, log: Callable[[str], None]) -> Iterator[tuple[str, list[Path], list[Task]]]:
    """Per topic: a JSONL file of pseudo-articles made from time-sent.csv and the reference timelines."""
    csv.field_size_limit(1 << 30)
    for topic, spec in _topics(data).items():
        sentences_csv = data / "Dataset" / "Crisis" / topic / "time-sent.csv"
        jsonl = workdir / f"crisis-{topic}.jsonl"
        with sentences_csv.open(encoding="utf-8", newline="") as f, jsonl.open("w", encoding="utf-8") as out:
            for row in csv.DictReader(f):
                text = "\n".join(ast.literal_eval(row["Sentences"]))
                record = {"id": f"crisis-{topic}/{row['time']}", "url": "", "published": row["time"],
                          "title": "", "text": text, "source": "time-sent.csv"}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        tasks = [
            Task(topic, path.name, _read_reference(path, log), " ".join(spec["keywords"]))
            for path in sorted((data / "gold-timelines" / f"crisis-{topic}").glob("*.txt"))
        ]
        yield topic, [jsonl], tasks


def _read_reference(path: Path, log: Callable[[str], None]) -> Timeline:
    parsed = read_tilse(path)
    for problem in parsed.problems:
        log(f"warning: {problem}")
    return parsed.timeline


def run_bench(
    dataset: str,
    data: Path | None = None,
    method: str = DEFAULT_METHOD,
    log: Callable[[str], None] = _stderr,
) -> dict[str, Any]:
    """Run `method` on every reference timeline of `dataset` ("t17" or "crisis") and score it.

    Returns `dataset`, `method`, `seconds` (whole run), `mean` (news-tls averages, keys as
    `dateline evaluate --json`), `per_timeline` (`topic`, `timeline`, `seconds`, the task's l and k, and
    the same score keys) and `per_topic` (`topic`, `ingest_seconds`, `seconds`). Progress and problems
    found in the data go to `log` (default: standard error).
    """
    if dataset not in DATASETS:
        raise DatelineError(f"unknown dataset {dataset!r}; choose one of: {', '.join(DATASETS)}")
    data = Path(data) if data is not None else default_data(dataset)
    get_method(method)  # an unknown method, or one whose optional extra is missing, fails before any ingest
    started = time.perf_counter()
    per_timeline: list[dict[str, Any]] = []
    per_topic: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        workdir = Path(tmp)
        topics = t17_topics(data, log) if dataset == "t17" else crisis_topics(data, workdir, log)
        for topic, inputs, tasks in topics:
            topic_start = time.perf_counter()
            db = workdir / f"{topic}.db"
            report = api.ingest(inputs, db)
            ingest_seconds = time.perf_counter() - topic_start
            log(f"{topic}: ingested {report.added} articles in {ingest_seconds:.1f} s")
            for task in tasks:
                per_timeline.append(run_task(task, db, method, held_out=topic if dataset == "t17" else None))
                row = per_timeline[-1]
                log(f"  {task.name}: AR-1 F {row['align_plus_m1']['rouge1']['f1']:.4f}  {row['seconds']:.1f} s")
            per_topic.append({"topic": topic, "ingest_seconds": round(ingest_seconds, 3),
                              "seconds": round(time.perf_counter() - topic_start, 3)})
    if not per_timeline:
        raise DatelineError(f"no reference timelines found under {data}")
    result: dict[str, Any] = {
        "dataset": dataset,
        "method": method,
        "seconds": round(time.perf_counter() - started, 3),
        "mean": average_scores([scores_of(row) for row in per_timeline]),
        "per_timeline": per_timeline,
        "per_topic": per_topic,
    }
    if dataset == "crisis":
        result["note"] = CRISIS_NOTE
    return result


def run_task(task: Task, db: Path, method: str, held_out: str | None) -> dict[str, Any]:
    """Build and score one task. A learned method (one with `held_out(topic)`) is given its model
    trained without `held_out`, the task's T17 topic (leave-one-topic-out); on Crisis, `held_out` is
    None and it keeps its model trained on T17."""
    t0 = time.perf_counter()
    q = task.query
    built = get_method(method)
    if held_out is not None and hasattr(built, "held_out"):
        built = built.held_out(held_out)
    with Store(db, readonly=True) as store:
        predicted = build_with(built, store, q)
    scores = evaluate(predicted, [task.reference])
    return {
        "topic": task.topic,
        "timeline": task.name,
        "seconds": round(time.perf_counter() - t0, 3),
        "l": q.dates,
        "k": q.sentences,
        "predicted_dates": len(predicted.entries),
        **scores,
    }


def scores_of(row: dict[str, Any]) -> Scores:
    return {key: row[key] for key in (*MEASURES, "date_f1")}


def format_bench(result: dict[str, Any]) -> str:
    """Per-timeline and averaged figures: AR-1/AR-2 F (align+ m:1), concat R-1/R-2 F, date F1, seconds."""
    head = (f"{'topic':<8}{'timeline':<44}{'l':>4}{'k':>3}{'AR-1 F':>8}{'AR-2 F':>8}"
            f"{'cR-1 F':>8}{'cR-2 F':>8}{'date F1':>8}{'sec':>7}")
    lines = [f"{result['dataset']} benchmark, method {result['method']}", head, "-" * len(head)]

    def figures(s: dict[str, Any]) -> str:
        return (f"{s['align_plus_m1']['rouge1']['f1']:>8.4f}{s['align_plus_m1']['rouge2']['f1']:>8.4f}"
                f"{s['concat']['rouge1']['f1']:>8.4f}{s['concat']['rouge2']['f1']:>8.4f}{s['date_f1']['f1']:>8.4f}")

    for row in result["per_timeline"]:
        lines.append(f"{row['topic']:<8}{row['timeline'][:43]:<44}{row['l']:>4}{row['k']:>3}{figures(row)}"
                     f"{row['seconds']:>7.1f}")
    lines.append("-" * len(head))
    n = len(result["per_timeline"])
    lines.append(f"{'mean':<8}{f'{n} timelines (F1 of mean P and mean R)':<44}{'':>7}{figures(result['mean'])}"
                 f"{result['seconds']:>7.0f}")
    lines.append("AR-n F: TILSE align+ m:1 ROUGE-n F1 (the papers' figure); cR-n F: concat ROUGE-n F1; "
                 "sec: per timeline, total on the mean row (ingest included).")
    if "note" in result:
        lines.append(result["note"])
    return "\n".join(lines)
