"""Choose the three settings of the short-article blend of the `dateline` method (`dateranker.DayModel`):

    .venv/bin/python scripts/choose_short_blend.py [--data ../shared/data/tls/timeline17]

SHORT_SENTENCES and SHORT_MAX_DATED, when the input counts as short articles, and SHORT_BLEND, the weight
of DATEWISE's day score (z-scored) added to the day model's (z-scored) for such input. None is chosen on
the scores of the corpora the bench reports (`dateline bench shapes` draws its shapes with seed 15;
Crisis is not used here):

1. Thresholds, from the form of each task's input as the method sees it (the articles matching the
   query in the window), never from scores, on the Timeline17 shapes drawn with seed 1. SHORT_SENTENCES:
   the mean sentences per article of the shapes of whole articles (t17, small, pooled) and of cut ones
   (excerpts, multi-short, sparse) fall apart; the threshold is the midpoint of the gap. SHORT_MAX_DATED:
   digests never get the blend, not even those whose day documents are too short for `is_digest` (four
   tasks of ``dated-sentences``); the share of sentences dated by a mention tells them from cut
   articles, and the threshold is the midpoint of that gap. ``dated-sentences`` has no seed: its
   smallest share is the bench's corpus's own (a statistic of its form, no score looked at).
2. Weight: each of WEIGHTS (0 = the model alone) on `sparse` drawn with seeds 1-4 and `multi-short`
   with seeds 1-2, every task built as the bench builds it (the day model trained without the task's
   topic). Leave-one-topic-out: for each topic, the weight with the best mean date F1 on the other
   topics' tasks is chosen and scored on the topic's own tasks (the nested, held-out figure); the weight
   shipped is the one chosen on all topics. `excerpts` is not used: it is not drawn, so its corpus is
   the bench's own.

Prints every figure it bases a choice on; about a quarter of an hour on two shared cores (2026-12-06).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from dateline import api
from dateline.evaluate import evaluate
from dateline.evaluate.bench import Task, default_data
from dateline.evaluate.shapes import shape_topics
from dateline.store import Store
from dateline.timeline import build_with
from dateline.timeline.dateranker import dated_share, day_models, mean_sentences
from dateline.timeline.ranked import Ranked

THRESHOLD_SEED = 1
WHOLE = ("t17", "small", "pooled")
CUT = ("excerpts", "multi-short", "sparse")
DIGEST = "dated-sentences"
WEIGHTS = (0.0, 0.5, 1.0, 2.0, 4.0, 8.0)
WEIGHT_DRAWS = (("sparse", 1), ("sparse", 2), ("sparse", 3), ("sparse", 4), ("multi-short", 1), ("multi-short", 2))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def corpora(data: Path, draws: Sequence[tuple[str, int]], workdir: Path):
    """Per (shape, seed, topic): the ingested store and the topic's tasks."""
    for shape, seed in draws:
        for topic, sources, tasks in shape_topics(shape, data, None, workdir, _log, seed=seed):
            db = workdir / f"{shape}-{seed}-{topic}.db"
            api.ingest(sources, db)
            yield shape, seed, topic, db, tasks


def thresholds(data: Path, workdir: Path) -> tuple[float, float]:
    """SHORT_SENTENCES, the midpoint between the cut shapes' largest mean sentences per article and the
    whole ones' smallest, and SHORT_MAX_DATED, the midpoint between the cut shapes' largest share of
    sentences dated by a mention and the digests' smallest (``dated-sentences``, drawn without a seed)."""
    means: dict[str, list[float]] = defaultdict(list)
    dated: dict[str, list[float]] = defaultdict(list)
    for shape, _, _, db, tasks in corpora(data, [(s, THRESHOLD_SEED) for s in (*WHOLE, *CUT, DIGEST)], workdir):
        with Store(db, readonly=True) as store:
            for task in tasks:
                source = store.days(task.query)
                publications = source.publications()
                means[shape].append(mean_sentences(publications))
                dated[shape].append(dated_share(source, publications))
    for shape in means:
        print(f"{shape} (seed {THRESHOLD_SEED}) over {len(means[shape])} tasks: mean sentences per article "
              f"{min(means[shape]):.1f} to {max(means[shape]):.1f}, share of sentences dated by a mention "
              f"{min(dated[shape]):.3f} to {max(dated[shape]):.3f}")
    cut_means, cut_dated = (max(v for s in CUT for v in by[s]) for by in (means, dated))
    return (_midpoint("mean sentences", cut_means, min(v for s in WHOLE for v in means[s]), 1),
            _midpoint("dated share", cut_dated, min(dated[DIGEST]), 2))


def _midpoint(name: str, low: float, high: float, digits: int) -> float:
    if low >= high:
        raise SystemExit(f"{name}: no gap between {low} and {high}")
    print(f"{name}: midpoint of {low:.{digits + 1}f} and {high:.{digits + 1}f} = {(low + high) / 2:.{digits + 1}f}")
    return round((low + high) / 2, digits)


def weight(data: Path, workdir: Path, short_sentences: float) -> float:
    """The weight chosen leave-one-topic-out on WEIGHT_DRAWS by mean date F1; prints every fold."""
    # per topic and weight: (date F1, AR-1 F) of each of its tasks over every draw
    scores: dict[str, dict[float, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for shape, seed, topic, db, tasks in corpora(data, WEIGHT_DRAWS, workdir):
        model = day_models(f"loto:{topic}")
        with Store(db, readonly=True) as store:
            for w in WEIGHTS:
                method = Ranked(dataclasses.replace(model, short_blend=w, short_sentences=short_sentences))
                for task in tasks:
                    scores[topic][w].append(_score(method, store, task))
        _log(f"{shape} seed {seed} {topic}: " + ", ".join(
            f"{w}: {np.mean([s[0] for s in scores[topic][w][-len(tasks):]]):.4f}" for w in WEIGHTS))

    def mean(topics: Sequence[str], w: float, i: int = 0) -> float:
        return float(np.mean([s[i] for t in topics for s in scores[t][w]]))

    topics = sorted(scores)
    for w in WEIGHTS:
        print(f"weight {w}: mean date F1 {mean(topics, w):.4f}, AR-1 F {mean(topics, w, 1):.4f} "
              f"over {sum(len(scores[t][w]) for t in topics)} tasks")
    held: list[tuple[float, float]] = []
    for topic in topics:
        others = [t for t in topics if t != topic]
        best = max(WEIGHTS, key=lambda w: mean(others, w))
        held += scores[topic][best]
        print(f"held out {topic}: chosen on the others {best} ({mean(others, best):.4f}); held out date F1 "
              f"{mean([topic], best):.4f} (model alone {mean([topic], 0.0):.4f})")
    print(f"nested leave-one-topic-out: date F1 {np.mean([s[0] for s in held]):.4f}, AR-1 F "
          f"{np.mean([s[1] for s in held]):.4f}; model alone {mean(topics, 0.0):.4f} / {mean(topics, 0.0, 1):.4f}")
    best = max(WEIGHTS, key=lambda w: mean(topics, w))
    print(f"weight chosen on all topics: {best}")
    return best


def _score(method: Ranked, store: Store, task: Task) -> tuple[float, float]:
    scores = evaluate(build_with(method, store, task.query), [task.reference])
    return scores["date_f1"]["f1"], scores["align_plus_m1"]["rouge1"]["f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    data = args.data or default_data("t17")
    with tempfile.TemporaryDirectory(prefix="dateline-blend-") as tmp:
        short_sentences, max_dated = thresholds(data, Path(tmp))
        chosen = weight(data, Path(tmp), short_sentences)
    print(f"SHORT_SENTENCES = {short_sentences}\nSHORT_MAX_DATED = {max_dated}\nSHORT_BLEND = {chosen}")


if __name__ == "__main__":
    main()
