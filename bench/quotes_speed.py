"""Speed of quotation extraction: articles/s on Timeline17, and time against input size on bad input.

The second table is the check that extraction stays linear on hostile text (a quote that never closes,
unbalanced and nested marks, a megabyte of quotation marks): doubling the input should about double the
time. Not a timed test: run it by hand.

    python bench/quotes_speed.py [--data DIR] [--limit N] [--json FILE] [--against REV]

`--against REV` also times the extractor of git revision REV (its `annotate/quotes.py`, loaded beside the
current one) on the same articles, the two in turn and best of five each, so that a loaded machine
slows both alike: the fair way to say whether a change made extraction faster.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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


def throughput(texts: list[str], extract: Callable[[str], list] = extract_quotes) -> dict:
    cpu0 = time.process_time()
    n = sum(len(extract(t)) for t in texts)
    cpu = time.process_time() - cpu0
    return {"articles": len(texts), "quotes": n, "cpu_s": round(cpu, 3), "articles_per_cpu_s": round(len(texts) / cpu, 1)}


def extractor_at(rev: str) -> Callable[[str], list]:
    """`extract_quotes` of the module as it was at git revision `rev`."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{rev}:src/dateline/annotate/quotes.py"], check=True, capture_output=True, text=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "quotes_at_rev.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("quotes_at_rev", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["quotes_at_rev"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.extract_quotes


def against(texts: list[str], rev: str, runs: int = 5) -> dict:
    """Best CPU ms an article of the current extractor and of `rev`'s, timed in turn."""
    other = extractor_at(rev)
    best = {"current": float("inf"), rev: float("inf")}
    for _ in range(runs):
        for name, extract in (("current", extract_quotes), (rev, other)):
            best[name] = min(best[name], throughput(texts, extract)["cpu_s"] / len(texts) * 1000)
    return {name: round(ms, 3) for name, ms in best.items()}


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
    ap.add_argument("--against", metavar="REV", help="also time the extractor of this git revision, in turn")
    args = ap.parse_args()
    out: dict = {}
    if args.data.exists():
        texts = articles(args.data, args.limit)
        out["timeline17"] = throughput(texts)
        t = out["timeline17"]
        print(f"Timeline17: {t['articles']} articles, {t['quotes']} quotes, {t['cpu_s']} s CPU, {t['articles_per_cpu_s']} articles/s")
        if args.against:
            out["against"] = against(texts, args.against)
            print("CPU ms an article, best of 5 in turn: " + ", ".join(f"{k} {v}" for k, v in out["against"].items()))
    out["scaling"] = scaling()
    print(f"\n{'input':34} {'chars':>9} {'quotes':>8} {'CPU s':>7}")
    for r in out["scaling"]:
        print(f"{r['input']:34} {r['bytes']:>9} {r['quotes']:>8} {r['cpu_s']:>7}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
