"""Scoring quotation extraction against hand labels: `dateline bench quotes`.

The labels (tests/data/quotes/labels.jsonl, made by reading each article; see docs/quotes-guidelines.md)
hold character offsets, the quoted text, the speaker and the cue, with article ids, but not the articles:
Timeline17 and the seed may not be redistributed, so the articles are read from ../shared (the same
readers as `dateline ingest`, so offsets are into the text the store keeps) and the bench checks that each
label's text is still at its offsets.

What is counted, direct and indirect apart (a prediction is only compared with labels of its own kind):
- span, exact: the predicted span is the labelled span, character for character;
- span, overlap: the spans share at least one character (pairs are matched one to one, largest overlap
  first);
- speaker: among overlapping pairs, whether the resolved speaker is the labelled one under `speaker_key`
  (precision over pairs where the extractor names a speaker, recall over pairs where the label does);
- end to end: a predicted quote that overlaps (or exactly matches) a labelled one and has its speaker
  (both unattributed counts as right), precision over all predictions, recall over all labels.
The targets of issue 14 are the end-to-end overlap F1 figures: >= 0.90 direct, >= 0.70 indirect.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.annotate.quotes import extract_quotes, speaker_key
from dateline.errors import DatelineError
from dateline.model import Quote

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_LABELS = ROOT / "tests" / "data" / "quotes" / "labels.jsonl"
DEFAULT_SHARED = ROOT.parent / "shared"
KINDS = ("direct", "indirect")
SPLITS = ("dev", "test", "all")


@dataclass(frozen=True)
class Label:
    """One hand-labelled quotation of one article."""

    article: str
    split: str
    kind: str
    start: int
    end: int
    text: str
    speaker: str | None
    resolved: str | None
    cue: str | None


def load_labels(path: Path = DEFAULT_LABELS) -> list[Label]:
    """The labels of `path` (JSON lines)."""
    if not path.exists():
        raise DatelineError(f"no quotation labels at {path}; pass --labels FILE")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(Label(**json.loads(line)))
            except (TypeError, ValueError) as e:
                raise DatelineError(f"{path}:{n}: not a label ({e})") from None
    return out


def article_path(article_id: str, shared: Path = DEFAULT_SHARED) -> Path:
    """Where an article of the labelled set lives under ../shared: a Timeline17 id
    `<source>/<date>/<name>` or the name of a seed file."""
    parts = article_id.split("/")
    if len(parts) == 3:
        source, day, name = parts
        return shared / "data" / "tls" / "timeline17" / source / "InputDocs" / day / f"{name}.htm.txt"
    return shared / "seed" / f"{article_id}.txt"


def read_article_text(article_id: str, shared: Path = DEFAULT_SHARED) -> str:
    """The text of a labelled article as `dateline ingest` would store it."""
    from dateline.model import Article
    from dateline.sources import read

    path = article_path(article_id, shared)
    if not path.exists():
        raise DatelineError(f"article {article_id} not found at {path}; pass --data with the shared folder")
    for item in read([path]):
        if isinstance(item, Article):
            return item.text
        raise DatelineError(f"{item}")
    raise DatelineError(f"no article read from {path}")


def _key(name: str | None) -> str | None:
    return speaker_key(name) if name else None


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}


def _match(gold: Sequence[Label], pred: Sequence[Quote]) -> list[tuple[Label, Quote]]:
    """Overlapping pairs, one to one, largest overlap first."""
    pairs = []
    for g in gold:
        for q in pred:
            overlap = min(g.end, q.end) - max(g.start, q.start)
            if overlap > 0:
                pairs.append((overlap, id(g), id(q), g, q))
    pairs.sort(key=lambda p: -p[0])
    used_g: set[int] = set()
    used_q: set[int] = set()
    out = []
    for _, ig, iq, g, q in pairs:
        if ig not in used_g and iq not in used_q:
            used_g.add(ig)
            used_q.add(iq)
            out.append((g, q))
    return out


def score(gold: Iterable[Label], predicted: dict[str, list[Quote]]) -> dict[str, Any]:
    """Scores of `predicted` (article id -> quotes) against `gold`, per kind and for both kinds."""
    by_article: dict[str, list[Label]] = {}
    for g in gold:
        by_article.setdefault(g.article, []).append(g)
    result: dict[str, Any] = {}
    for kind in KINDS + ("all",):
        counts = {k: 0 for k in ("gold", "pred", "exact", "overlap", "spk_pred", "spk_gold", "spk_ok", "e2e", "e2e_exact")}
        for article, labels in by_article.items():
            g = [x for x in labels if kind in ("all", x.kind)]
            q = [x for x in predicted.get(article, []) if kind in ("all", x.kind)]
            counts["gold"] += len(g)
            counts["pred"] += len(q)
            counts["exact"] += len({(x.start, x.end) for x in g} & {(x.start, x.end) for x in q})
            for lab, quote in _match(g, q):
                right = _key(lab.resolved or lab.speaker) == _key(quote.resolved or quote.speaker)
                exact = (lab.start, lab.end) == (quote.start, quote.end)
                counts["overlap"] += 1
                counts["spk_pred"] += quote.speaker is not None
                counts["spk_gold"] += lab.speaker is not None
                counts["spk_ok"] += right and lab.speaker is not None
                counts["e2e"] += right
                counts["e2e_exact"] += right and exact
        result[kind] = {
            "span_exact": _prf(counts["exact"], counts["pred"], counts["gold"]),
            "span_overlap": _prf(counts["overlap"], counts["pred"], counts["gold"]),
            "speaker": _prf(counts["spk_ok"], counts["spk_pred"], counts["spk_gold"]),
            "end_to_end_overlap": _prf(counts["e2e"], counts["pred"], counts["gold"]),
            "end_to_end_exact": _prf(counts["e2e_exact"], counts["pred"], counts["gold"]),
        }
    return result


def run_quotes_bench(
    split: str = "all", labels: Path = DEFAULT_LABELS, shared: Path = DEFAULT_SHARED
) -> dict[str, Any]:
    """Extract the quotes of every labelled article of `split` and score them."""
    if split not in SPLITS:
        raise DatelineError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    gold = [g for g in load_labels(labels) if split == "all" or g.split == split]
    predicted: dict[str, list[Quote]] = {}
    for article in sorted({g.article for g in gold}):
        text = read_article_text(article, shared)
        for g in (x for x in gold if x.article == article):
            if text[g.start : g.end] != g.text:
                raise DatelineError(f"label of {article} at {g.start}:{g.end} no longer matches the article text")
        predicted[article] = extract_quotes(text)
    scores = score(gold, predicted)
    scores["split"] = split
    scores["articles"] = len(predicted)
    scores["outlets"] = sorted({a.split("/")[0].split("_")[-1] if "/" in a else "seed" for a in predicted})
    return scores


def format_quotes_bench(result: dict[str, Any]) -> str:
    """A table: P / R / F1 (and counts) per kind and measure."""
    lines = [
        f"Quotations, split {result['split']}: {result['articles']} articles "
        f"({', '.join(result['outlets'])}), {result['all']['span_exact']['gold']} labelled quotes",
        "",
        f"{'kind':9} {'measure':20} {'P':>6} {'R':>6} {'F1':>6}   {'tp':>4} {'pred':>5} {'gold':>5}",
    ]
    for kind in KINDS + ("all",):
        for measure, label in (
            ("span_exact", "span exact"),
            ("span_overlap", "span overlap"),
            ("speaker", "speaker (matched)"),
            ("end_to_end_exact", "end to end, exact"),
            ("end_to_end_overlap", "end to end, overlap"),
        ):
            s = result[kind][measure]
            lines.append(
                f"{kind:9} {label:20} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f}   {s['tp']:>4} {s['pred']:>5} {s['gold']:>5}"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
