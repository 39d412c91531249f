"""The quotation scorer, the label file, and `dateline bench quotes`."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.cli import main
from dateline.evaluate.quotes import DEFAULT_LABELS, Label, load_labels, score
from dateline.model import Quote

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _label(start: int, end: int, kind: str = "direct", resolved: str | None = "Ann Lee") -> Label:
    return Label("a", "dev", kind, start, end, "x" * (end - start), resolved, resolved, "said")


def test_exact_overlap_speaker_and_end_to_end_are_counted_apart() -> None:
    gold = [_label(0, 10), _label(20, 30), _label(40, 50, resolved=None), _label(60, 90, kind="indirect")]
    pred = {
        "a": [
            Quote("", 0, 10, "direct", "Lee", "Ann Lee", "said"),  # exact, right speaker
            Quote("", 22, 30, "direct", "he", "Tom Roe", "said"),  # overlap, wrong speaker
            Quote("", 40, 50, "direct"),  # exact, rightly unattributed
            Quote("", 95, 99, "direct", "Lee", "Ann Lee", "said"),  # a false positive
            Quote("", 70, 80, "indirect", "Ms Lee", "ann lee", "said"),  # overlap, right speaker (same key)
        ]
    }
    s = score(gold, pred)
    d = s["direct"]
    assert (d["span_exact"]["tp"], d["span_overlap"]["tp"], d["end_to_end_overlap"]["tp"]) == (2, 3, 2)
    assert (d["span_exact"]["p"], d["span_exact"]["r"]) == (0.5, 0.6667)
    assert (d["speaker"]["tp"], d["speaker"]["pred"], d["speaker"]["gold"]) == (1, 2, 2)
    i = s["indirect"]
    assert (i["span_exact"]["tp"], i["end_to_end_overlap"]["f1"]) == (0, 1.0)
    assert s["all"]["span_overlap"]["gold"] == 4


def test_one_prediction_matches_one_label_only() -> None:
    gold = [_label(0, 10), _label(10, 20)]
    s = score(gold, {"a": [Quote("", 0, 20, "direct", "Lee", "Ann Lee", "said")]})
    assert s["direct"]["span_overlap"]["tp"] == 1


def test_the_label_file_is_well_formed() -> None:
    labels = load_labels(DEFAULT_LABELS)
    assert len(labels) >= 300
    assert {x.kind for x in labels} == {"direct", "indirect"}
    assert {x.split for x in labels} == {"dev", "test"}
    for x in labels:
        assert 0 <= x.start < x.end and len(x.text) == x.end - x.start
    by_article: dict[str, set[str]] = {}
    for x in labels:
        by_article.setdefault(x.article, set()).add(x.split)
    assert all(len(s) == 1 for s in by_article.values()), "an article is in one split only"


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "data" / "tls" / "timeline17").exists(), reason="needs ../shared")
def test_bench_quotes_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "quotes", "--split", "dev"]) == 0
    out = capsys.readouterr().out
    assert "end to end, overlap" in out and "indirect" in out
