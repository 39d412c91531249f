"""The TempEval-3 time-expression scores (SemEval-2013 Task 1, Task A), and `dateline bench timex`.

Definitions, as the official scorer (`TE3-evaluation.py`, its `evaluate_entities.py`; read in the copy
that ships with CogComp's temporal normalizer, `temporal-normalizer/tools/evaluation-entities/`) computes
them over all documents at once (micro-averaged); the document creation time and TIMEX3s without text
are not scored:

- A system expression and a gold expression **match (relaxed)** when their spans overlap; each
  expression matches at most one on the other side (the scorer's TimeML-Normalizer gives an overlapping
  pair one id). Here each gold expression, in text order, takes the first unmatched system expression
  that overlaps it.
- They match **strictly** when the spans are the same.
- Precision = matches / system expressions, recall = matches / gold expressions, F1 their harmonic mean
  (strict and relaxed alike).
- **Type accuracy** and **value accuracy** = the relaxed matches whose type (value) is the gold one,
  divided by all relaxed matches. **Value F1** = value accuracy x relaxed F1, and type F1 likewise: the
  "value F1" of TempEval-3's tables.

Per type, recall counts the gold expressions of that type, precision the system expressions of that
type, and the accuracies the matches whose gold expression has that type. Beyond TempEval-3, the
benchmark reports **day-level DATE values**: of the gold DATE expressions whose value is a day
(YYYY-MM-DD), how many the tagger found (relaxed) and how many of those it gave the right day (the first
ten characters of its value: "Friday night", 1998-10-23TNI, is on the gold day 1998-10-23): the values a
timeline rests on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from dateline.annotate import TimeTagger, default_tagger
from dateline.evaluate.timeml import TimeMLDoc, read_timeml_dir

__all__ = ["Match", "TYPES", "align", "format_timex_bench", "run_timex_bench", "score"]

TYPES = ("DATE", "TIME", "DURATION", "SET")
_DAY = re.compile(r"\d{4}-\d\d-\d\d$")


class Expression(Protocol):
    """What is scored of a time expression, gold (`GoldTimex`) or tagged (`TimeRef`)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def value(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Match:
    """One document's alignment: matched (gold, system) pairs, gold left unmatched, system left unmatched."""

    pairs: tuple[tuple[Expression, Expression], ...]
    missed: tuple[Expression, ...]
    spurious: tuple[Expression, ...]


def align(gold: Sequence[Expression], system: Sequence[Expression]) -> Match:
    """Relaxed one-to-one alignment of one document's expressions (see the module docstring)."""
    system = sorted(system, key=lambda s: (s.start, s.end))
    taken = [False] * len(system)
    pairs, missed = [], []
    for g in sorted(gold, key=lambda g: (g.start, g.end)):
        for i, s in enumerate(system):
            if not taken[i] and s.start < g.end and g.start < s.end:
                taken[i] = True
                pairs.append((g, s))
                break
        else:
            missed.append(g)
    return Match(tuple(pairs), tuple(missed), tuple(s for i, s in enumerate(system) if not taken[i]))


def _prf(matched_system: int, n_system: int, matched_gold: int, n_gold: int) -> dict[str, float]:
    """Precision of the system side, recall of the gold side (they differ per type), and F1."""
    p = matched_system / n_system if n_system else 0.0
    r = matched_gold / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(matches: Iterable[Match]) -> dict[str, Any]:
    """TempEval-3 scores over all `matches` (one per document), overall and per type."""
    matches = list(matches)
    result: dict[str, Any] = {"overall": _score(matches, None)}
    for kind in TYPES:
        result[kind] = _score(matches, kind)
    pairs = [(g, s) for m in matches for g, s in m.pairs if g.type == "DATE" and _DAY.match(g.value)]
    gold_days = pairs + [(g, None) for m in matches for g in m.missed if g.type == "DATE" and _DAY.match(g.value)]
    right = sum(g.value == s.value[:10] for g, s in pairs)  # "Friday night" (…TNI) is on the right day
    result["day_dates"] = {"gold": len(gold_days), "found": len(pairs), "right": right,
                           "accuracy": right / len(pairs) if pairs else 0.0,
                           "recall": right / len(gold_days) if gold_days else 0.0}
    return result


def _score(matches: list[Match], kind: str | None) -> dict[str, Any]:
    def of(e: Expression) -> bool:
        return kind is None or e.type == kind

    pairs = [(g, s) for m in matches for g, s in m.pairs]
    n_gold = sum(of(g) for g, _ in pairs) + sum(of(g) for m in matches for g in m.missed)
    n_system = sum(of(s) for _, s in pairs) + sum(of(s) for m in matches for s in m.spurious)
    # A pair counts for recall under its gold type and for precision under its system type.
    relaxed_r = sum(of(g) for g, _ in pairs)
    relaxed_p = sum(of(s) for _, s in pairs)
    strict_r = sum(of(g) and (g.start, g.end) == (s.start, s.end) for g, s in pairs)
    strict_p = sum(of(s) and (g.start, g.end) == (s.start, s.end) for g, s in pairs)
    relaxed = _prf(relaxed_p, n_system, relaxed_r, n_gold)
    strict = _prf(strict_p, n_system, strict_r, n_gold)
    typed = sum(of(g) and g.type == s.type for g, s in pairs)
    valued = sum(of(g) and g.value == s.value for g, s in pairs)
    type_acc = typed / relaxed_r if relaxed_r else 0.0
    value_acc = valued / relaxed_r if relaxed_r else 0.0
    return {"gold": n_gold, "system": n_system, "matched": relaxed_r, "strict": strict, "relaxed": relaxed,
            "type_accuracy": type_acc, "value_accuracy": value_acc,
            "type_f1": type_acc * relaxed["f1"], "value_f1": value_acc * relaxed["f1"]}


def run_timex_bench(folder: Path, tagger: TimeTagger | None = None) -> dict[str, Any]:
    """Tag every TimeML document below `folder` (its text, against its creation date) and score the
    output against the people's annotations. The result holds the scores and each document's alignment."""
    tagger = tagger or default_tagger()
    docs = read_timeml_dir(folder)
    started = time.perf_counter()
    tagged = [tagger.tag(d.text, d.dct) for d in docs]
    seconds = time.perf_counter() - started
    matches = [align(d.timexes, refs) for d, refs in zip(docs, tagged)]
    return {"folder": str(folder), "documents": len(docs), "seconds": seconds, "scores": score(matches),
            "docs": docs, "matches": matches}


def format_timex_bench(result: dict[str, Any], errors: bool = False) -> str:
    """The scores as a table (figures in percent, as TempEval-3 printed them), and with `errors` every
    missed, spurious and wrongly normalised expression with its document and context."""
    s = result["scores"]
    lines = [f"TempEval-3 time-expression scores: {result['documents']} documents in {result['folder']} "
             f"(tagging took {result['seconds']:.2f} s)", ""]
    head = (f"{'':<9}{'gold':>6}{'system':>7}  {'strict P':>8}{'R':>7}{'F1':>7}  {'relaxed P':>9}{'R':>7}{'F1':>7}"
            f"  {'type acc':>8}{'value acc':>10}  {'type F1':>7}{'value F1':>9}")
    lines += [head, "-" * len(head)]
    for key in ("overall", *TYPES):
        r = s[key]
        st, rl = r["strict"], r["relaxed"]
        lines.append(
            f"{key.lower() if key == 'overall' else key:<9}{r['gold']:>6}{r['system']:>7}  "
            f"{100 * st['precision']:>8.2f}{100 * st['recall']:>7.2f}{100 * st['f1']:>7.2f}  "
            f"{100 * rl['precision']:>9.2f}{100 * rl['recall']:>7.2f}{100 * rl['f1']:>7.2f}  "
            f"{100 * r['type_accuracy']:>8.2f}{100 * r['value_accuracy']:>10.2f}  "
            f"{100 * r['type_f1']:>7.2f}{100 * r['value_f1']:>9.2f}"
        )
    d = s["day_dates"]
    lines += ["", f"day-level DATE values: {d['gold']} in the gold, {d['found']} found, {d['right']} of those "
                  f"right (accuracy {100 * d['accuracy']:.2f}, recall {100 * d['recall']:.2f})"]
    if errors:
        lines += ["", "errors (gold -> system):"]
        for doc, m in zip(result["docs"], result["matches"]):
            lines += _errors(doc, m)
    return "\n".join(lines)


def _errors(doc: TimeMLDoc, m: Match) -> list[str]:
    rows: list[tuple[int, str]] = []
    for g, s in m.pairs:
        if g.value != s.value or g.type != s.type or (g.start, g.end) != (s.start, s.end):
            what = "value" if g.value != s.value else "type" if g.type != s.type else "span"
            rows.append((g.start, f"{what:<9}{_show(g)} -> {_show(s)}"))
    rows += [(g.start, f"{'missed':<9}{_show(g)}") for g in m.missed]
    rows += [(s.start, f"{'spurious':<9}{_show(s)}") for s in m.spurious]
    out = []
    for start, row in sorted(rows):
        context = " ".join(doc.text[max(0, start - 60):start + 60].split())
        out.append(f"{doc.name} (DCT {doc.dct}) {row}\n    ... {context} ...")
    return out


def _show(e: Expression) -> str:
    return f"[{e.text}] {e.type} {e.value}"
