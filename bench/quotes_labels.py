"""Turn the hand-written quotation labels (tests/data/quotes/labels.txt) into labels.jsonl with offsets.

The labels are written as text while reading each article (docs/quotes-guidelines.md); this script finds
each one in its article (read from ../shared with the ingest readers) and writes its character offsets.
A label whose text is not found, or is found in more than one place, is reported; nothing is guessed.

    python bench/quotes_labels.py [--data ../shared] [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dateline.evaluate.quotes import DEFAULT_LABELS, DEFAULT_SHARED, read_article_text

SOURCE = DEFAULT_LABELS.with_suffix(".txt")


def _find(text: str, quote: str, after: int) -> tuple[int, int, int]:
    """(start, end, number of places it could be) of `quote` ("START ~~ END" or exact) at or after
    `after`, else anywhere."""
    head, sep, tail = quote.partition(" ~~ ")
    starts = [i for i in _all(text, head)]
    if not starts:
        raise LookupError(f"not found: {head!r}")
    later = [i for i in starts if i >= after]
    start = (later or starts)[0]
    if not sep:
        return start, start + len(head), len(later or starts)
    end = text.find(tail, start + len(head))
    if end < 0 or end - start > 3000:
        raise LookupError(f"end not found after {head!r}: {tail!r}")
    return start, end + len(tail), len(later or starts)


def _all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def convert(source: Path, shared: Path) -> tuple[list[dict], list[str]]:
    rows: list[dict] = []
    problems: list[str] = []
    article = split = text = None
    previous = 0
    for n, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("= "):
            article, split = line[2:].split()
            text, previous = read_article_text(article, shared), 0
            continue
        kind, quote, speaker, resolved, cue = (f.strip() for f in line.split("|"))
        try:
            start, end, places = _find(text, quote, previous)
        except LookupError as e:
            problems.append(f"{source}:{n}: {e}")
            continue
        if places > 1:
            print(f"note: {source}:{n}: {places} places, took the first after the label before: {quote[:40]!r}", file=sys.stderr)
        previous = start
        rows.append(
            {
                "article": article,
                "split": split,
                "kind": {"D": "direct", "I": "indirect"}[kind],
                "start": start,
                "end": end,
                "text": text[start:end],
                "speaker": speaker or None,
                "resolved": (resolved or speaker) or None,
                "cue": cue or None,
            }
        )
    return rows, problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_SHARED, help="the shared folder (default ../shared)")
    ap.add_argument("--check", action="store_true", help="only report problems, write nothing")
    args = ap.parse_args()
    rows, problems = convert(SOURCE, args.data)
    for p in problems:
        print(p, file=sys.stderr)
    if not args.check:
        DEFAULT_LABELS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    kinds = {k: sum(r["kind"] == k for r in rows) for k in ("direct", "indirect")}
    print(f"{len(rows)} labels ({kinds['direct']} direct, {kinds['indirect']} indirect) in "
          f"{len({r['article'] for r in rows})} articles; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
