"""Speed of quotation extraction: articles/s on Timeline17, and time against input size on bad input.

The second table is the check that extraction stays linear on hostile text (a quote that never closes,
unbalanced and nested marks, a megabyte of quotation marks): doubling the input should about double the
time. Not a timed test: run it by hand.

    python bench/quotes_speed.py [--data DIR] [--limit N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from dateline.annotate.quotes import extract_quotes

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tls" / "timeline17"

HOSTILE = {
    "straight double marks only": '"',
    "openers that never close": "“",
    "one quote that never closes": "He said “and on ",
    "unbalanced mix of every mark": "‘a’ ’b‘ “c” ”d“ «e» »f« '' `` ' ` ",
    "nested quotes": "“outer ‘inner “deeper” ’ ”, Ann Lee said. ",
    "attributed quotes": "“We will win,” he said. ",
    "reported speech": "Officials said that the dam would hold. ",
}


def articles(data: Path, limit: int) -> list[str]:
    files = sorted(data.glob("*/InputDocs/*/*.htm.txt"))
    files = random.Random(0).sample(files, min(limit, len(files)))  # every outlet, not the first folders
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def throughput(texts: list[str]) -> dict:
    cpu0 = time.process_time()
    n = sum(len(extract_quotes(t)) for t in texts)
    cpu = time.process_time() - cpu0
    return {"articles": len(texts), "quotes": n, "cpu_s": round(cpu, 3), "articles_per_cpu_s": round(len(texts) / cpu, 1)}


def scaling() -> list[dict]:
    rows = []
    for name, unit in HOSTILE.items():
        for size in (125_000, 250_000, 500_000, 1_000_000):
            text = (unit * (size // len(unit) + 1))[:size]
            cpu0 = time.process_time()
            quotes = extract_quotes(text)
            cpu = time.process_time() - cpu0
            rows.append({"input": name, "bytes": size, "quotes": len(quotes), "cpu_s": round(cpu, 3)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    out: dict = {}
    if args.data.exists():
        out["timeline17"] = throughput(articles(args.data, args.limit))
        t = out["timeline17"]
        print(f"Timeline17: {t['articles']} articles, {t['quotes']} quotes, {t['cpu_s']} s CPU, {t['articles_per_cpu_s']} articles/s")
    out["scaling"] = scaling()
    print(f"\n{'input':34} {'chars':>9} {'quotes':>8} {'CPU s':>7}")
    for r in out["scaling"]:
        print(f"{r['input']:34} {r['bytes']:>9} {r['quotes']:>8} {r['cpu_s']:>7}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
