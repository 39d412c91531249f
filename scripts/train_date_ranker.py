"""Train the date ranker of the `dateline` timeline method and write src/dateline/timeline/date_ranker.json.

    .venv/bin/python scripts/train_date_ranker.py [--data ../shared/data/tls/timeline17] [--cache F.npz]

Each Timeline17 task (reference timeline) is set up exactly as `dateline bench t17` sets it up (the
topic's articles ingested into a store, the candidates of the task's query and window); every day with
evidence in the window is one example, labelled by whether the reference lists it. The script writes:

- "all": trained on all 9 topics, the model users get;
- "loto:<topic>": trained on the other 8 topics only, the model the benchmark uses for <topic>'s
  timelines (leave-one-topic-out: no timeline is scored with weights learned from its own topic).

It reads the dataset at training time only; the method reads nothing but the JSON file at run time.
It also prints each held-out topic's date F1 when its top-l days are taken (a quick check, before
summaries drop any day), next to the MentionCount ranking.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from dateline import api
from dateline.evaluate.bench import default_data, t17_topics
from dateline.store import Store
from dateline.timeline.dateranker import FEATURES, MODEL_FILE, candidate_days, day_features

#: Inverse regularisation strength; strong enough that 13 weights from ~9k days do not chase noise.
C = 1.0


def examples(data: Path) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(topic, features, labels) per task, built the way the benchmark builds its inputs."""
    out = []
    with tempfile.TemporaryDirectory(prefix="dateline-train-") as tmp:
        for topic, sources, tasks in t17_topics(data, lambda m: print(m, file=sys.stderr)):
            db = Path(tmp) / f"{topic}.db"
            api.ingest(sources, db)
            for task in tasks:
                q = task.query
                with Store(db, readonly=True) as store:
                    sents = store.candidates(q)
                days = candidate_days(sents, q.start, q.end)
                gold = set(task.reference.dates)
                out.append((topic, day_features(sents, days, q.keywords), np.array([d in gold for d in days])))
                print(f"{topic} {task.name}: {len(days)} days, {int(out[-1][2].sum())}/{len(gold)} gold",
                      file=sys.stderr)
    return out


def fit(tasks: list[tuple[str, np.ndarray, np.ndarray]]) -> dict[str, object]:
    X = np.vstack([x for _, x, _ in tasks])
    y = np.concatenate([y for _, _, y in tasks])
    model = LogisticRegression(C=C, max_iter=2000).fit(X, y)
    return {"coef": [round(float(c), 6) for c in model.coef_[0]], "intercept": round(float(model.intercept_[0]), 6)}


def top_l_f1(scores: np.ndarray, labels: np.ndarray) -> float:
    """R-precision: the share of reference days among the top n days, n = reference days in the window
    (close to the date F1 the benchmark reports, before summaries drop any day)."""
    l = int(labels.sum())
    if l == 0:
        return 0.0
    top = np.argsort(-scores, kind="stable")[:l]
    return float(labels[top].mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--cache", type=Path, help="npz file to keep/reuse the examples (saves the ingest)")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()

    if args.cache and args.cache.exists():
        z = np.load(args.cache, allow_pickle=True)
        tasks = list(zip(z["topics"], z["X"], z["y"]))
    else:
        tasks = examples(args.data or default_data("t17"))
        if args.cache:
            np.savez(args.cache, topics=np.array([t for t, _, _ in tasks]),
                     X=np.array([x for _, x, _ in tasks], dtype=object), y=np.array([y for _, _, y in tasks], dtype=object))

    topics = sorted({t for t, _, _ in tasks})
    models = {"all": fit(tasks)}
    learned, counted = [], []
    for topic in topics:
        model = fit([t for t in tasks if t[0] != topic])
        models[f"loto:{topic}"] = model
        for _, X, y in (t for t in tasks if t[0] == topic):
            learned.append(top_l_f1(X @ np.array(model["coef"]), y))
            counted.append(top_l_f1(X[:, FEATURES.index("first_mentions")] + 1e-3 * X[:, FEATURES.index("published")], y))
    print(f"held-out R-precision over {len(learned)} tasks: learned {np.mean(learned):.4f}, "
          f"mention count {np.mean(counted):.4f}")
    print("weights (all):", dict(zip(FEATURES, models["all"]["coef"])))
    args.out.write_text(json.dumps({"features": list(FEATURES), "trained_on": "Timeline17 (news-tls topic grouping)",
                                    "models": models}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
