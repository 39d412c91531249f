"""Analysis only: where a method's T17 timelines go wrong (bench/results/method.md §5).

    .venv/bin/python scripts/timeline_errors.py [--method dateline] [--data ../shared/data/tls/timeline17]

Builds every T17 task as `dateline bench t17` does (a learned method gets its leave-one-topic-out
model) and sorts the predicted days into reference days ("hit"), days within 2 days of a reference day
("near") and the rest ("far"); for hits it gives a rough summary quality, the unigram F1 (stop words
removed) between the predicted sentences and the reference's sentences for that day. Near misses are
broken down by offset and by whether the nearby reference day was predicted as well (one event taking
two slots).
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from dateline import api
from dateline.evaluate.bench import default_data, t17_topics
from dateline.store import Store
from dateline.timeline import get_method

NEAR_DAYS = 2


def _tokens(text: str) -> Counter[str]:
    return Counter(t for t in re.findall(r"[a-z0-9]+", text.lower()) if t not in ENGLISH_STOP_WORDS)


def _f1(a: Counter[str], b: Counter[str]) -> float:
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * p * r / (p + r)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--method", default="dateline")
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    offsets: Counter[int] = Counter()
    both = 0
    totals = np.zeros(4)
    hit_quality = []
    print(f"{'topic':<7}{'timeline':<32}{'l':>4}{'hit':>5}{'near':>5}{'far':>5}{'R-1 F hit':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for topic, sources, tasks in t17_topics(args.data or default_data("t17"), lambda m: None):
            db = Path(tmp) / f"{topic}.db"
            api.ingest(sources, db)
            method = get_method(args.method)
            if hasattr(method, "held_out"):
                method = method.held_out(topic)
            for task in tasks:
                q = task.query
                with Store(db, readonly=True) as store:
                    predicted = method.build(store.candidates(q), q)
                gold = {e.date: _tokens(" ".join(s.text for s in e.sentences)) for e in task.reference.entries}
                hits = [e for e in predicted.entries if e.date in gold]
                near = 0
                for day in set(predicted.dates) - set(gold):
                    # a day between two reference days counts toward the earlier one
                    nearest = min(gold, key=lambda g: (abs((day - g).days), g))
                    if abs((day - nearest).days) <= NEAR_DAYS:
                        near += 1
                        offsets[(day - nearest).days] += 1
                        both += nearest in predicted.dates
                far = len(predicted.entries) - len(hits) - near
                quality = float(np.mean([_f1(_tokens(" ".join(s.text for s in e.sentences)), gold[e.date])
                                         for e in hits])) if hits else 0.0
                hit_quality.append(quality)
                totals += (len(predicted.entries), len(hits), near, far)
                print(f"{topic:<7}{task.name[:31]:<32}{len(gold):>4}{len(hits):>5}{near:>5}{far:>5}{quality:>10.3f}")
    n, hit, near, far = totals
    print(f"predicted {n:.0f} days: hit {hit:.0f} ({hit / n:.1%}), within {NEAR_DAYS} days {near:.0f} ({near / n:.1%}), "
          f"farther {far:.0f} ({far / n:.1%}); mean R-1 F of hit days {np.mean(hit_quality):.3f}")
    print(f"near-miss offsets (predicted - nearest reference day): {sorted(offsets.items())}; "
          f"nearest reference day also predicted in {both} of {near:.0f}")


if __name__ == "__main__":
    main()
