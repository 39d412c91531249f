"""Pathological text finishes (issue 17 points 4 and 5). Not timings: the ratios are measured by
bench/pathological.py. Each case here is a megabyte that takes a few seconds in all on the current code
and took hours on the quadratic code (10k dots took 3 s and doubling the input quadrupled the time), so
the generous bound below cannot flake on a slow machine and still catches quadratic code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOUND = 300  # seconds for all cases; the current code needs about 5 on a loaded 2-core machine

RUN = """
import datetime as dt, sys
sys.path.insert(0, {bench!r})
from pathological import CASES
from dateline.annotate import annotate, split_sentences
from dateline.model import Article
for name, make in CASES.items():
    text = make(1_000_000)
    sentences = annotate(Article("x", "", "", dt.date(2010, 1, 12), "", text))
    assert all(0 <= r.start < r.end <= len(s.text) for s in sentences for r in s.timerefs), name
    assert [s.text for s in sentences] == split_sentences(text), name
print("ok", len(CASES))
"""


def test_a_megabyte_of_each_pathological_shape_is_annotated() -> None:
    try:
        out = subprocess.run([sys.executable, "-c", RUN.format(bench=str(ROOT / "bench"))], capture_output=True,
                             text=True, cwd=ROOT, timeout=BOUND)
    except subprocess.TimeoutExpired:
        pytest.fail(f"annotating 1 MB of pathological text took over {BOUND} s: something is not linear")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok 12")
