"""Evaluation: the TILSE timeline measures, computed as the published tables computed them.

Every published timeline-summarisation figure comes from TILSE on top of Perl ROUGE-1.5.5
(`-n 2 -x -f A -m -s -t 2`). This package computes the same numbers in Python, exactly (tests compare it
with the Perl path on hundreds of random cases) and fast (no subprocess per date pair):

    >>> from dateline.evaluate import evaluate
    >>> scores = evaluate(predicted_timeline, [reference_timeline])
    >>> scores["align_plus_m1"]["rouge1"]["f1"]        # "AR-1 F" in the papers

Result keys: `concat`, `agreement`, `align`, `align_plus`, `align_plus_m1` (each with `rouge1` and
`rouge2`, each with `precision`, `recall`, `f1`) and `date_f1` (`precision`, `recall`, `f1`).
`average_scores` averages several tasks the news-tls way (mean P, mean R, then F1 of the means).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dateline.errors import DataError
from dateline.evaluate.metrics import MEASURES, ROUGE_KEYS, Days, TimelineScorer, prf
from dateline.model import Timeline
from dateline.tilseformat import read_tilse

__all__ = ["average_scores", "evaluate", "evaluate_files", "format_scores", "timeline_days"]

Scores = dict[str, Any]

_LABELS = {
    "concat": "concat",
    "agreement": "agreement",
    "align": "align",
    "align_plus": "align+",
    "align_plus_m1": "align+ m:1",
}


def timeline_days(timeline: Timeline) -> Days:
    """A timeline as TILSE sees it: date -> the date's sentence texts (a repeated date keeps its last entry,
    as TILSE's dict does)."""
    return {e.date: tuple(s.text.strip() for s in e.sentences) for e in timeline.entries}


def evaluate(pred: Timeline, refs: Sequence[Timeline]) -> Scores:
    """TILSE scores of `pred` against one or more reference timelines (ROUGE-1.5.5-exact).

    Raises ValueError when `refs` is empty: every measure is relative to references.
    """
    return TimelineScorer(timeline_days(pred), [timeline_days(r) for r in refs]).all_scores()


def _warn_stderr(message: str) -> None:
    print(f"dateline: warning: {message}", file=sys.stderr)


def evaluate_files(
    pred_path: str | Path,
    ref_paths: Sequence[str | Path],
    on_problem: Callable[[str], None] = _warn_stderr,
) -> Scores:
    """Score a tilse-format prediction file against tilse-format reference files.

    Flaws in the files (a malformed date, bytes that are not UTF-8) do not stop the evaluation: the
    entry or bytes concerned are skipped or replaced, and each problem is passed to `on_problem`
    (default: a warning on standard error) so that the user knows the score excludes them. A missing
    file raises `DatelineError`; a file with no entry at all raises `DataError`, since its zero scores
    would measure the file, not the timeline.
    """
    paths = [pred_path, *ref_paths]
    files = [read_tilse(pred_path, method="prediction"), *(read_tilse(p) for p in ref_paths)]
    for f in files:
        for problem in f.problems:
            on_problem(problem)
    for path, f in zip(paths, files):
        if not f.timeline.entries:
            raise DataError(f"{path}: no timeline entry could be read, so there is nothing to score; a tilse "
                            f"timeline is a YYYY-MM-DD line, its sentences one a line, then a line of dashes, "
                            f"for each date")
    return evaluate(files[0].timeline, [f.timeline for f in files[1:]])


def average_scores(tasks: Sequence[Scores]) -> Scores:
    """Average per-task scores the way news-tls and tilse do: mean precision and mean recall over the
    tasks, then the F1 of those means (not the mean of the F1s, which published tables do not use)."""
    if not tasks:
        raise ValueError("no scores to average")

    def mean_prf(parts: list[dict[str, float]]) -> dict[str, float]:
        n = len(parts)
        return prf(sum(p["precision"] for p in parts) / n, sum(p["recall"] for p in parts) / n)

    out: Scores = {m: {k: mean_prf([t[m][k] for t in tasks]) for k in ROUGE_KEYS} for m in MEASURES}
    out["date_f1"] = mean_prf([t["date_f1"] for t in tasks])
    return out


def format_scores(scores: Scores) -> str:
    """The scores as a table: one row per measure, ROUGE-1 and ROUGE-2 precision/recall/F1."""
    header = f"{'measure':<12}{'R-1 P':>8}{'R-1 R':>8}{'R-1 F':>8}{'R-2 P':>9}{'R-2 R':>8}{'R-2 F':>8}"
    lines = [header, "-" * len(header)]
    for m in MEASURES:
        r1, r2 = scores[m]["rouge1"], scores[m]["rouge2"]
        lines.append(
            f"{_LABELS[m]:<12}{r1['precision']:>8.4f}{r1['recall']:>8.4f}{r1['f1']:>8.4f}"
            f"{r2['precision']:>9.4f}{r2['recall']:>8.4f}{r2['f1']:>8.4f}"
        )
    d = scores["date_f1"]
    lines.append(f"{'date':<12}{d['precision']:>8.4f}{d['recall']:>8.4f}{d['f1']:>8.4f}")
    lines.append("align+ m:1 is the AR-1/AR-2 of published tables; date row is date P/R/F1.")
    return "\n".join(lines)
