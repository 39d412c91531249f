"""Expensive queries on a 100,000-article store (issue 17): the 26-letter query and the counts pages.

The store is synthetic and fast to build: every Timeline17 article is annotated once and then stored
again and again under new ids, each copy's text made unique (so it is not a duplicate), until there are
`--articles` articles (the default 100,000 is about 22 copies: 5.6 million sentences, about 2 GB). Then
the web app (`dateline serve`'s app, build workers as configured there) answers, over real HTTP:

- `/api/search?q=a+b+...+z` and `/api/timeline?q=a+b+...+z`, the campaign's expensive queries, first
  (cold) and again (cached), and the same with 26 two-letter words (`aa bb ... zz`);
- `/api/stats` and `/`, which count the store, first and again;
- `/api/timeline?q=haiti+earthquake`, a real topic, for scale (not a target: it matches 22 copies of
  every Haiti article).

    python bench/query.py [--data DIR] [--articles N] [--db FILE] [--json FILE]

`--db FILE` keeps the store there and reuses it on the next run (building takes a few minutes).
Target: each of the 26-letter requests under 1 s. The two-letter words show what the term cap and the
whole-word matching of short words leave: the cost of a timeline over every article that matches.
"""

from __future__ import annotations

import argparse
import json
import string
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx

from dateline.annotate import annotate, default_tagger
from dateline.model import Article
from dateline.sources import read
from dateline.store import Store
from dateline.web import create_app
from dateline.web.server import background_server

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tls" / "timeline17"
LETTERS = " ".join(string.ascii_lowercase)
PAIRS = " ".join(c * 2 for c in string.ascii_lowercase)  # 26 two-letter words, of which 12 are used
TARGET = 1.0


def build_store(data: Path, db: Path, articles: int) -> None:
    tagger = default_tagger()
    originals = [(a, annotate(a, tagger)) for a in read([data]) if isinstance(a, Article)]
    t0 = time.perf_counter()
    with Store(db) as store:
        copy = 0
        stored = store.stats().articles
        while stored < articles:
            batch = []
            for a, sentences in originals[: articles - stored]:
                clone = replace(a, id=f"{a.id}#{copy}", text=f"{a.text}\n[copy {copy}]")
                batch.append((clone, [replace(s, article_id=clone.id) for s in sentences]))
            for i in range(0, len(batch), 2000):
                stored += store.add(batch[i : i + 2000])[0]
            copy += 1
            print(f"  stored {stored:,} articles ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)


def timed(client: httpx.Client, path: str, params: dict | None = None) -> tuple[float, httpx.Response]:
    t0 = time.perf_counter()
    response = client.get(path, params=params)
    return time.perf_counter() - t0, response


def run(db: Path) -> list[dict]:
    with Store(db, readonly=True) as store:
        stats = store.stats()
    print(f"store: {stats.articles:,} articles, {stats.sentences:,} sentences, "
          f"{db.stat().st_size / 1e9:.2f} GB", flush=True)
    app = create_app(db)
    rows = []
    requests = [
        ("search, 26 letters", "/api/search", {"q": LETTERS}),
        ("timeline, 26 letters", "/api/timeline", {"q": LETTERS}),
        ("search, 26 two-letter words", "/api/search", {"q": PAIRS}),
        ("timeline, 26 two-letter words", "/api/timeline", {"q": PAIRS}),
        ("stats", "/api/stats", None),
        ("home page", "/", None),
        ("timeline, haiti earthquake", "/api/timeline", {"q": "haiti earthquake"}),
    ]
    with background_server(app) as url, httpx.Client(base_url=url, timeout=600) as client:
        for name, path, params in requests:
            cold, response = timed(client, path, params)
            warm, again = timed(client, path, params)
            row = {"request": name, "path": str(response.request.url).removeprefix(url), "status": response.status_code,
                   "cold_s": round(cold, 3), "warm_s": round(warm, 3), "bytes": len(response.content)}
            rows.append(row)
            print(f"{name:<28} {response.status_code}  first {cold:7.3f} s  again {warm:7.3f} s  "
                  f"{len(response.content):>9,} bytes  {row['path'][:60]}", flush=True)
    app.state.corpus.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Timeline17 folder")
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the store (default 100,000)")
    parser.add_argument("--db", type=Path, help="keep the store in this file (reused if it exists)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "query.db"
        if not db.exists():
            print(f"building a {args.articles:,}-article store at {db} from {args.data}", file=sys.stderr)
            build_store(args.data, db, args.articles)
        rows = run(db)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    slow = [r for r in rows if "26 letters" in r["request"] and r["cold_s"] >= TARGET]
    print(f"26-letter requests under {TARGET:.0f} s: {'yes' if not slow else 'NO'}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
