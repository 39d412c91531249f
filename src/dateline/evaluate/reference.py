"""The reference implementation: tilse 0.2.1 over Perl ROUGE-1.5.5, keyed like Dateline's scores.

Our figures are only worth publishing if they equal the ones the field computed, so the cross-check test
and the speed benchmark both run this path beside ours. It needs the test-only packages that
scripts/setup-test.sh installs (tilse, pyrouge, Perl's XML::DOM); nothing else imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

#: tilse's measure names -> the keys of `dateline evaluate --json`.
TILSE_NAMES = {
    "concat": "concat",
    "agreement": "agreement",
    "align_date_costs": "align",
    "align_date_content_costs": "align_plus",
    "align_date_content_costs_many_to_one": "align_plus_m1",
}

Days = Mapping[dt.date, Sequence[str]]


def use_pyrouge_runner() -> None:
    """Point tilse at the runner it was written for.

    The PyPI pyrouge wheel exports an older class as `pyrouge.Rouge155`; the one tilse calls (with
    `average="raw"`) is `pyrouge.rouge.Rouge155` in the same wheel. Call once per process.
    """
    import pyrouge
    import pyrouge.rouge

    pyrouge.Rouge155 = pyrouge.rouge.Rouge155


def tilse_scores(pred: Days, refs: Sequence[Days], memo: bool = False) -> dict[str, Any]:
    """All TILSE figures of `pred` against `refs` through Perl ROUGE, in Dateline's result shape.

    tilse runs one Perl process per date pair; with `memo`, identical runs are answered once, which
    changes the time taken but not a figure (the cross-check test uses it, the speed benchmark does not).
    """
    from tilse.data.timelines import GroundTruth
    from tilse.data.timelines import Timeline as TilseTimeline
    from tilse.evaluation.dates import evaluate_dates
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    evaluator = TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="original")
    if memo:
        evaluator.rouge.score_summary = _memoised(evaluator.rouge.score_summary)
    p = TilseTimeline({d: list(s) for d, s in pred.items()})
    gt = GroundTruth([TilseTimeline({d: list(s) for d, s in r.items()}) for r in refs])
    out: dict[str, Any] = {
        TILSE_NAMES[name]: {
            measure.replace("_", ""): {"precision": v["precision"], "recall": v["recall"], "f1": v["f_score"]}
            for measure, v in scores.items()
        }
        for name, scores in evaluator.evaluate_all(p, gt).items()
    }
    d = evaluate_dates(p, gt)
    out["date_f1"] = {"precision": d["precision"], "recall": d["recall"], "f1": d["f_score"]}
    return out


def flatten(scores: Mapping[str, Any], prefix: str = "") -> dict[str, float]:
    """`{"align_plus_m1.rouge1.f1": 0.12, ...}`: figures compared by name (tilse's order varies)."""
    flat: dict[str, float] = {}
    for k, v in scores.items():
        flat.update(flatten(v, f"{prefix}{k}.") if isinstance(v, Mapping) else {f"{prefix}{k}": float(v)})
    return flat


def _memoised(score_summary: Callable[..., Any]) -> Callable[..., Any]:
    cache: dict[Any, Any] = {}

    def cached(summary: Any, references: Any) -> Any:
        key = (tuple(map(tuple, summary)), tuple(sorted((k, tuple(map(tuple, v))) for k, v in references.items())))
        if key not in cache:
            cache[key] = score_summary(summary, references)
        return cache[key]

    return cached
