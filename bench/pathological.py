"""Linear time on pathological text: annotation (sentence splitting, time tagging, grouping) and quotation
extraction of 1x and 10x inputs of the shapes that were quadratic or worse (issue 17): runs of
terminators, lists of dates, very long tokens, a megabyte without spaces; and for quotations (issue 14)
quotes that never close, unbalanced and nested marks. The ratio of the two times must stay at most 12 (10x the input,
at most 12x the time); CPU time is measured, so a busy machine does not distort the ratio much.

    python bench/pathological.py [--base CHARS] [--json FILE]

Prints one row per case: the time to split and the time to annotate (split + tag + group) at each size,
and the ratios. Exits 1 if a ratio is above the limit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from dateline.annotate import annotate, default_tagger, split_sentences
from dateline.annotate.quotes import extract_quotes
from dateline.model import Article

LIMIT = 12.0
DAY = dt.date(2010, 1, 12)

# Each case makes a text of about `n` characters.
CASES: dict[str, Callable[[int], str]] = {
    "run of dots": lambda n: "It broke" + "." * n + "x",
    "run of ?!…": lambda n: "It broke" + "?!…" * (n // 3) + "x",
    "dots, each run spaced": lambda n: ("Yes" + "." * 50 + " ") * (n // 54),
    "list of years": lambda n: "2010 " * (n // 5),
    "list of dates": lambda n: "March 3, 2010, " * (n // 15),
    "dates, one a line": lambda n: "on 12 January 2010 and\n" * (n // 23),
    "very long token": lambda n: "The quake hit " + "a" * n + ". It was strong.",
    "long token, tabs": lambda n: "x.\ty" * (n // 4),
    "no spaces, words": lambda n: "Quake.Haiti!Port?Prince," * (n // 24),
    "no spaces, 2010": lambda n: "2010" * (n // 4),
    "hard-wrapped lines": lambda n: "the quake hit\n" * (n // 14),
    "stamp, long space": lambda n: "2010" + " " * n + "x",
}
# Shapes that are hard for quotation extraction in particular (timed with the others).
QUOTE_CASES: dict[str, Callable[[int], str]] = {
    "quote never closes": lambda n: "He said “and on " * (n // 16),
    "unbalanced marks": lambda n: "‘a’ ’b‘ “c” ”d“ «e» »f« '' `` ' ` " * (n // 33),
    "nested quotes": lambda n: "“outer ‘inner “deeper” ’ ”, Ann Lee said. " * (n // 42),
    # every speaker a new name: one search of the text per distinct name was quadratic (12 s a MB)
    "distinct names": lambda n: "".join(f"W{i} Ann Lee said the dam was fine. " for i in range(n // 36)),
}


def _cpu(fn: Callable[[], object], repeat: int = 3) -> float:
    """The least CPU time of `repeat` runs: the run least disturbed by the rest of the machine."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def measure(base: int) -> list[dict]:
    tagger = default_tagger()
    rows = []
    for name, make in {**CASES, **QUOTE_CASES}.items():
        row: dict = {"case": name}
        for scale in (1, 10):
            text = make(base * scale)
            article = Article("bench", "", "", DAY, "", text)
            row[f"chars_{scale}x"] = len(text)
            row[f"split_{scale}x"] = _cpu(lambda: split_sentences(text))
            row[f"annotate_{scale}x"] = _cpu(lambda: annotate(article, tagger))
            row[f"quotes_{scale}x"] = _cpu(lambda: extract_quotes(text))
        for what in ("split", "annotate", "quotes"):
            row[f"{what}_ratio"] = row[f"{what}_10x"] / max(row[f"{what}_1x"], 1e-3)
        rows.append(row)
        print(f"{name:<22} {row['chars_1x']:>9,} {row['chars_10x']:>10,}  "
              f"split {row['split_1x']:7.3f} {row['split_10x']:7.3f} s ({row['split_ratio']:5.1f}x)  "
              f"annotate {row['annotate_1x']:7.3f} {row['annotate_10x']:7.3f} s ({row['annotate_ratio']:5.1f}x)  "
              f"quotes {row['quotes_1x']:7.3f} {row['quotes_10x']:7.3f} s ({row['quotes_ratio']:5.1f}x)",
              flush=True)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=int, default=100_000, help="characters of the 1x input (default 100,000)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    print(f"{'case':<22} {'1x chars':>9} {'10x chars':>10}  CPU seconds at 1x and 10x (ratio)")
    rows = measure(args.base)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    worst = max(max(r["split_ratio"], r["annotate_ratio"], r["quotes_ratio"]) for r in rows)
    print(f"worst ratio {worst:.1f}x (limit {LIMIT:.0f}x)")
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
