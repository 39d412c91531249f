"""The TILSE timeline measures (concat, agreement, align, align+, align+ m:1) and date F1.

A line-for-line account of tilse 0.2.1's `TimelineRougeEvaluator` with `rouge_computation="original"`
(see ../shared/research/anchors-tls.md §5.2-5.3), computed on the exact ROUGE counts of
`dateline.evaluate.rouge` instead of one Perl run per date pair. What must match TILSE to the bit, and
is therefore kept as TILSE computes it:

- the cost matrices of align/align+ (same float operations in the same order), because the assignment
  (scipy's `linear_sum_assignment` for 1:1, first `argmin` of each row for m:1) depends on exact ties;
- the content cost of align+ is TILSE's `compute_rouge_approximation`: ROUGE-1 F1 on raw whitespace
  tokens (case-sensitive, no stemming, no stop words, a token dropped when it is a substring of
  `string.punctuation`), with the same multi-reference counting;
- a predicted date left unmatched adds its peer n-grams with no hits, a reference date left unmatched its
  model n-grams; a matched pair's hits are weighted by 1/(|days apart|+1), its denominators are not.

Where TILSE would divide by zero or crash (an empty prediction, empty references), the score is 0.
"""

from __future__ import annotations

import datetime as dt
import string
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from dateline.evaluate.rouge import EMPTY, RougeCounts, Summary, rouge_counts

#: The five ROUGE-based measures, in TILSE's order, under the keys `dateline evaluate --json` uses.
MEASURES = ("concat", "agreement", "align", "align_plus", "align_plus_m1")
ROUGE_KEYS = ("rouge1", "rouge2")

Days = dict[dt.date, tuple[str, ...]]
Assignment = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass
class _Sums:
    """Numerators and denominators of precision and recall for ROUGE-1 and ROUGE-2."""

    p_num1: float = 0.0
    p_den1: int = 0
    r_num1: float = 0.0
    r_den1: int = 0
    p_num2: float = 0.0
    p_den2: int = 0
    r_num2: float = 0.0
    r_den2: int = 0

    def add_precision(self, c: RougeCounts, weight: float = 1.0) -> None:
        self.p_num1 += weight * c.hits1
        self.p_den1 += c.peer1
        self.p_num2 += weight * c.hits2
        self.p_den2 += c.peer2

    def add_recall(self, c: RougeCounts, weight: float = 1.0) -> None:
        self.r_num1 += weight * c.hits1
        self.r_den1 += c.model1
        self.r_num2 += weight * c.hits2
        self.r_den2 += c.model2

    def scores(self) -> dict[str, dict[str, float]]:
        return {
            "rouge1": prf(_ratio(self.p_num1, self.p_den1), _ratio(self.r_num1, self.r_den1)),
            "rouge2": prf(_ratio(self.p_num2, self.p_den2), _ratio(self.r_num2, self.r_den2)),
        }


def _ratio(num: float, den: int) -> float:
    return num / den if den else 0.0


def prf(precision: float, recall: float) -> dict[str, float]:
    """Precision, recall and their F1 (0 when both are 0), as TILSE's `get_f_score` with beta=1."""
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {"precision": precision, "recall": recall, "f1": f1}


def _raw_counts(sentences: Sequence[str]) -> Counter[str]:
    """Token counts for TILSE's approximate ROUGE-1 (the align+ content cost)."""
    return Counter(tok for s in sentences for tok in s.split() if tok not in string.punctuation)


def _assign_min(costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """align+ m:1: every row goes to its cheapest column; ties go to the first (earliest date)."""
    return np.arange(costs.shape[0]), costs.argmin(axis=1)


class TimelineScorer:
    """Scores one predicted timeline against its reference timelines with every TILSE measure.

    Built once per (prediction, references) task so that the per-date summaries and the ROUGE counts of
    date pairs, which align, align+ and align+ m:1 share, are computed once.
    """

    def __init__(self, pred: Days, refs: Sequence[Days]) -> None:
        if not refs:
            raise ValueError("at least one reference timeline is needed")
        self.pred, self.refs = pred, list(refs)
        self.pred_dates = sorted(pred)
        self.ref_dates = sorted(set().union(*refs))
        self._pred_summary = {d: Summary.of(pred[d]) for d in self.pred_dates}
        self._ref_summaries = {
            d: [Summary.of(r[d]) if d in r else EMPTY for r in self.refs] for d in self.ref_dates
        }
        self._no_refs = [EMPTY] * len(self.refs)
        self._pairs: dict[tuple[dt.date, dt.date], RougeCounts] = {}
        self._content_costs: np.ndarray | None = None

    def all_scores(self) -> dict[str, dict[str, dict[str, float]]]:
        """All five ROUGE measures and date F1, keyed as `dateline evaluate --json` prints them."""
        return {
            "concat": self.concat(),
            "agreement": self.agreement(),
            "align": self.align(self.date_costs(), linear_sum_assignment),
            "align_plus": self.align(self.content_costs(), linear_sum_assignment),
            "align_plus_m1": self.align(self.content_costs(), _assign_min),
            "date_f1": self.date_f1(),
        }

    def _pair(self, pred_date: dt.date, ref_date: dt.date) -> RougeCounts:
        key = (pred_date, ref_date)
        if key not in self._pairs:
            self._pairs[key] = rouge_counts(
                self._pred_summary.get(pred_date, EMPTY), self._ref_summaries.get(ref_date, self._no_refs)
            )
        return self._pairs[key]

    def concat(self) -> dict[str, dict[str, float]]:
        """All predicted sentences (in date order) against all sentences of each reference."""
        peer = Summary.of(s for d in self.pred_dates for s in self.pred[d])
        models = [Summary.of(s for d in sorted(r) for s in r[d]) for r in self.refs]
        sums = _Sums()
        counts = rouge_counts(peer, models)
        sums.add_precision(counts)
        sums.add_recall(counts)
        return sums.scores()

    def agreement(self) -> dict[str, dict[str, float]]:
        """Each date's summaries compared as they are, with no alignment across dates."""
        sums = _Sums()
        pred_dates, ref_dates = set(self.pred_dates), set(self.ref_dates)
        for d in sorted(pred_dates | ref_dates):
            counts = self._pair(d, d)
            if d in pred_dates:
                sums.add_precision(counts)
            if d in ref_dates:
                sums.add_recall(counts)
        return sums.scores()

    def _day_gaps(self) -> np.ndarray:
        pred = np.array([d.toordinal() for d in self.pred_dates], dtype=np.int64)
        ref = np.array([d.toordinal() for d in self.ref_dates], dtype=np.int64)
        return np.abs(pred[:, None] - ref[None, :])

    def date_costs(self) -> np.ndarray:
        """align's cost of predicted date i against reference date j: 1 - 1/(|days apart| + 1)."""
        return 1 - 1 / (self._day_gaps() + 1)

    def content_costs(self) -> np.ndarray:
        """align+'s cost: the date cost times (1 - approximate ROUGE-1 F1 of the two dates' summaries)."""
        if self._content_costs is None:
            self._content_costs = self.date_costs() * (1 - self._approx_rouge1_f1())
        return self._content_costs

    def _approx_rouge1_f1(self) -> np.ndarray:
        """TILSE's `compute_rouge_approximation` for every (predicted date, reference date) pair.

        Clipped matches sum min(count_pred, count_ref) over tokens. With the counts split into levels
        (count >= 1, count >= 2, ...) that sum is a sum of sparse 0/1 matrix products: exact integers, and
        no Python loop over the up to 158 x 158 date pairs of a Timeline17 task.
        """
        pred = [_raw_counts(self.pred[d]) for d in self.pred_dates]
        refs = [[_raw_counts(r.get(d, ())) for d in self.ref_dates] for r in self.refs]
        vocab = sorted(set().union(*pred) & set().union(*(c for per_ref in refs for c in per_ref)))
        index = {tok: i for i, tok in enumerate(vocab)}
        pred_levels = _CountLevels(pred, index)
        match = np.zeros((len(self.pred_dates), len(self.ref_dates)), dtype=np.int64)
        for per_ref in refs:
            ref_levels = _CountLevels(per_ref, index)
            for level in range(1, min(pred_levels.max, ref_levels.max) + 1):
                match += (pred_levels.at_least(level) @ ref_levels.at_least(level).T).toarray()
        prec_den = len(self.refs) * np.array([sum(c.values()) for c in pred], dtype=np.int64)
        rec_den = np.array([sum(sum(r[j].values()) for r in refs) for j in range(len(self.ref_dates))], dtype=np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            precision = np.where(prec_den[:, None] == 0, 0.0, match / prec_den[:, None])
            recall = np.where(rec_den[None, :] == 0, 0.0, match / rec_den[None, :])
            total = precision + recall
            return np.where(total == 0, 0.0, 2 * precision * recall / total)

    def align(self, costs: np.ndarray, assign: Assignment) -> dict[str, dict[str, float]]:
        """ROUGE over aligned date pairs; precision aligns predicted dates, recall reference dates."""
        sums = _Sums()
        if self.pred_dates and self.ref_dates:
            rows, cols = assign(costs)
            for i, j in zip(rows, cols):
                pred_date, ref_date = self.pred_dates[i], self.ref_dates[j]
                sums.add_precision(self._pair(pred_date, ref_date), _date_weight(pred_date, ref_date))
            matched_pred = set(rows.tolist())
            rows, cols = assign(costs.T)
            for i, j in zip(rows, cols):
                pred_date, ref_date = self.pred_dates[j], self.ref_dates[i]
                sums.add_recall(self._pair(pred_date, ref_date), _date_weight(pred_date, ref_date))
            matched_ref = set(rows.tolist())
        else:
            matched_pred = matched_ref = set()
        for i, d in enumerate(self.pred_dates):
            if i not in matched_pred:
                sums.add_precision(rouge_counts(self._pred_summary[d], self._no_refs))
        for i, d in enumerate(self.ref_dates):
            if i not in matched_ref:
                sums.add_recall(rouge_counts(EMPTY, self._ref_summaries[d]))
        return sums.scores()

    def date_f1(self) -> dict[str, float]:
        """Exact-date overlap of the prediction with the union of the references' dates."""
        pred, ref = set(self.pred_dates), set(self.ref_dates)
        both = len(pred & ref)
        return prf(both / len(pred) if pred else 0.0, both / len(ref) if ref else 0.0)


def _date_weight(a: dt.date, b: dt.date) -> float:
    return 1 / (abs(a.toordinal() - b.toordinal()) + 1)


class _CountLevels:
    """Token counts of several summaries as a sparse matrix that yields 0/1 "count >= level" matrices."""

    def __init__(self, counters: Sequence[Counter[str]], index: dict[str, int]) -> None:
        cells = [(row, index[tok], n) for row, c in enumerate(counters) for tok, n in c.items() if tok in index]
        rows, cols, counts = zip(*cells) if cells else ((), (), ())
        self.rows, self.cols = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
        self.counts = np.array(counts, dtype=np.int64)
        self.shape = (len(counters), len(index))
        self.max = int(self.counts.max(initial=0))

    def at_least(self, level: int) -> sparse.csr_matrix:
        keep = self.counts >= level
        ones = np.ones(int(keep.sum()), dtype=np.int64)
        return sparse.csr_matrix((ones, (self.rows[keep], self.cols[keep])), shape=self.shape)
