"""How long scoring takes: Dateline's TILSE measures against tilse + Perl ROUGE-1.5.5, all of Timeline17.

Each of the 19 T17 reference timelines is scored against a prediction made from it by a seeded
perturbation (about half of the dates moved by 1-5 days, a sentence dropped here and a sentence from
another date added there), so every measure does real work: cost matrices of up to 158 x 158 dates,
partial overlaps, unmatched dates. Both sides compute all five ROUGE measures (R-1 and R-2) and date F1,
single process, one core. Dateline's figure includes reading nothing from disk but the timelines and
starts with cold caches (tokens and stems are cached as it goes, as in normal use).

The Perl side is tilse 0.2.1's `TimelineRougeEvaluator(rouge_computation="original")`, one
ROUGE-1.5.5.pl run per date pair, exactly as published evaluations ran it (installed by
scripts/setup-test.sh). It takes many minutes; --skip-perl leaves it out, --perl-timelines N runs it on
the first N timelines only and compares Dateline on the same N. The figures of both sides are compared
too (largest absolute difference), so the timing cannot hide a mismatch.

    python bench/evaluate_speed.py [--data DIR] [--skip-perl | --perl-timelines N] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

from dateline.evaluate import evaluate
from dateline.evaluate.reference import flatten, tilse_scores, use_pyrouge_runner
from dateline.model import Entry, Timeline
from dateline.tilseformat import read_tilse

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tls" / "timeline17"


def perturb(ref: Timeline, rng: random.Random) -> Timeline:
    """A plausible imperfect prediction of `ref`: shifted dates, dropped and borrowed sentences."""
    entries = list(ref.entries)
    pool = [s for e in entries for s in e.sentences]
    days: dict[dt.date, tuple] = {}
    for e in entries:
        day = e.date if rng.random() < 0.5 else e.date + dt.timedelta(days=rng.choice((-5, -2, -1, 1, 2, 5)))
        sentences = [s for s in e.sentences if rng.random() < 0.7] + [rng.choice(pool)]
        days.setdefault(day, tuple(sentences))
    return Timeline(ref.query, "perturbed", tuple(Entry(d, days[d]) for d in sorted(days)))


def load_tasks(data: Path) -> list[tuple[str, Timeline, Timeline]]:
    rng = random.Random(17)
    tasks = []
    for path in sorted(data.glob("*/timelines/*.txt")):
        ref = read_tilse(path).timeline
        tasks.append((f"{path.parts[-3]}/{path.name}", perturb(ref, rng), ref))
    return tasks


def run_dateline(tasks: list[tuple[str, Timeline, Timeline]]) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    scores = [evaluate(pred, [ref]) for _, pred, ref in tasks]
    return time.perf_counter() - start, scores


def run_perl(tasks: list[tuple[str, Timeline, Timeline]]) -> tuple[float, list[dict]]:
    use_pyrouge_runner()
    start = time.perf_counter()
    results = []
    for name, pred, ref in tasks:
        t0 = time.perf_counter()
        results.append(tilse_scores(_days(pred), [_days(ref)]))
        print(f"  perl {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return time.perf_counter() - start, results


def _days(tl: Timeline) -> dict[dt.date, list[str]]:
    return {e.date: [s.text for s in e.sentences] for e in tl.entries}


def _max_difference(ours: dict, theirs: dict) -> float:
    """Largest absolute difference between the same figure on both sides (tilse's key order varies)."""
    a, b = flatten(ours), flatten(theirs)
    if a.keys() != b.keys():
        raise RuntimeError(f"figures differ in kind: {sorted(a.keys() ^ b.keys())}")
    return max(abs(a[k] - b[k]) for k in a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Timeline17 folder")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--skip-perl", action="store_true", help="time Dateline only")
    group.add_argument("--perl-timelines", type=int, metavar="N", help="run the Perl path on the first N only")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args()

    tasks = load_tasks(args.data)
    n_dates = sum(len(ref.entries) for _, _, ref in tasks)
    print(f"{len(tasks)} T17 timelines, {n_dates} reference dates (largest {max(len(r.entries) for *_, r in tasks)})")
    seconds, ours = run_dateline(tasks)
    print(f"dateline, all measures, {len(tasks)} timelines: {seconds:.2f} s")
    result: dict = {"timelines": len(tasks), "dateline_seconds": round(seconds, 3)}
    if not args.skip_perl:
        subset = tasks[: args.perl_timelines] if args.perl_timelines else tasks
        sub_seconds, _ = run_dateline(subset) if args.perl_timelines else (seconds, ours)
        perl_seconds, theirs = run_perl(subset)
        diff = max(_max_difference(o, t) for o, t in zip(ours, theirs))
        print(f"tilse + Perl ROUGE-1.5.5, {len(subset)} timelines: {perl_seconds:.1f} s "
              f"(dateline on the same: {sub_seconds:.2f} s, {perl_seconds / sub_seconds:.0f}x faster); "
              f"largest difference in any figure: {diff:.2e}")
        result.update(perl_timelines=len(subset), perl_seconds=round(perl_seconds, 1),
                      dateline_seconds_same=round(sub_seconds, 3), max_abs_difference=diff)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
