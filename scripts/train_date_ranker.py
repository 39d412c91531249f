"""Train the day ranker of the `dateline` timeline method: src/dateline/timeline/date_ranker.json.

    .venv/bin/python scripts/train_date_ranker.py [--data ../shared/data/tls/timeline17] [--cache F.npz]

Each Timeline17 task (reference timeline) is set up exactly as `dateline bench t17` sets it up (the
topic's articles ingested into a store, the candidates of the task's query and window). Every day
with evidence in the window is one example, labelled by whether the reference lists it; logistic
regression.

The file holds "all", trained on all 9 topics (what users get), and "loto:<topic>", trained on the
other 8 topics only, which `dateline bench t17` uses for <topic>'s timelines (leave-one-topic-out: no
timeline is scored with weights learned from its own topic). The dataset is read here, at training
time only; the method reads nothing but the JSON file at run time. The script prints each
held-out topic's R-precision of days next to MentionCount's, a quick check of the day model.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from dateline import api
from dateline.evaluate.bench import default_data, t17_topics
from dateline.store import Store
from dateline.timeline import dateranker

#: Inverse regularisation of the day model; strong enough that the weights from ~9k days do not chase noise.
C = 1.0

Examples = list[tuple[str, np.ndarray, np.ndarray]]  # (topic, day features, labels) per task


def examples(data: Path) -> Examples:
    """Day examples per task, built the way the benchmark builds its inputs."""
    days_out = []
    with tempfile.TemporaryDirectory(prefix="dateline-train-") as tmp:
        for topic, sources, tasks in t17_topics(data, lambda m: print(m, file=sys.stderr)):
            db = Path(tmp) / f"{topic}.db"
            api.ingest(sources, db)
            for task in tasks:
                q = task.query
                with Store(db, readonly=True) as store:
                    sents = store.candidates(q)
                days = dateranker.candidate_days(sents, q.start, q.end)
                gold = set(task.reference.dates)
                days_out.append((topic, dateranker.day_features(sents, days, q.keywords),
                                 np.array([d in gold for d in days])))
                print(f"{topic} {task.name}: {len(days)} days, {int(days_out[-1][2].sum())}/{len(gold)} gold",
                      file=sys.stderr)
    return days_out


def fit_days(tasks: Examples) -> dict[str, object]:
    X, y = np.vstack([x for _, x, _ in tasks]), np.concatenate([y for _, _, y in tasks])
    model = LogisticRegression(C=C, max_iter=2000).fit(X, y)
    return _weights(model.coef_[0], model.intercept_[0])


def _weights(coef: np.ndarray, intercept: float) -> dict[str, object]:
    return {"coef": [round(float(c), 6) for c in coef], "intercept": round(float(intercept), 6)}


def r_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    """The share of reference days among the top n days, n = reference days in the window (close to the
    date F1 the benchmark reports, before summaries drop any day)."""
    n = int(labels.sum())
    return float(labels[np.argsort(-scores, kind="stable")[:n]].mean()) if n else 0.0


def loto(tasks: Examples, fit) -> dict[str, dict[str, object]]:
    """The model on all tasks and one per held-out topic, trained on the other topics' tasks."""
    models = {"all": fit(tasks)}
    for topic in sorted({t for t, _, _ in tasks}):
        models[f"loto:{topic}"] = fit([t for t in tasks if t[0] != topic])
    return models


def _write(path: Path, features: Sequence[str], models: dict[str, object]) -> None:
    path.write_text(json.dumps({"features": list(features), "trained_on": "Timeline17 (news-tls topic grouping)",
                                "models": models}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--cache", type=Path, help="pickle file to keep/reuse the examples (saves the ingest)")
    args = parser.parse_args()

    if args.cache and args.cache.exists():
        z = np.load(args.cache, allow_pickle=True)
        day_tasks = list(z["days"])
    else:
        day_tasks = examples(args.data or default_data("t17"))
        if args.cache:
            np.savez(args.cache, days=np.array(day_tasks, dtype=object))

    day_models = loto(day_tasks, fit_days)
    learned = [r_precision(x @ np.array(day_models[f"loto:{t}"]["coef"]), y) for t, x, y in day_tasks]
    counted = [r_precision(x[:, dateranker.FEATURES.index("first_mentions")]
                           + 1e-3 * x[:, dateranker.FEATURES.index("published")], y) for _, x, y in day_tasks]
    print(f"held-out R-precision of days over {len(learned)} tasks: learned {np.mean(learned):.4f}, "
          f"mention count {np.mean(counted):.4f}")
    print("day weights (all):", dict(zip(dateranker.FEATURES, day_models["all"]["coef"])))
    _write(dateranker.MODEL_FILE, dateranker.FEATURES, day_models)


if __name__ == "__main__":
    main()
