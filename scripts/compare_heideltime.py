"""Analysis only: how good would MentionCount date ranking be with HeidelTime's dates instead of ours?

    .venv/bin/python scripts/compare_heideltime.py [--data ../shared/data/tls/timeline17]

news-tls ranks dates from HeidelTime annotations; Dateline tags dates itself. This script reads the
HeidelTime TimeML files shipped with Timeline17 (<source>/time_annotated/<pubdate>/<id>.txt.timeml),
counts for every day the sentences whose first day-level TIMEX3 DATE is that day (news-tls's
MentionCount), restricted per task the way the benchmark is (articles published in the reference's span
that contain a topic keyword), and prints the share of reference days among the top-l days
(R-precision, close to date F1) next to the same figure from Dateline's own tagger. It is never used by
the product.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import tempfile
from collections import Counter
from pathlib import Path

from dateline import api
from dateline.evaluate.bench import default_data, t17_topics
from dateline.store import Store

_TIMEX_DAY = re.compile(r'<TIMEX3[^>]*type="DATE"[^>]*value="(\d{4}-\d{2}-\d{2})"')
_TAG = re.compile(r"<[^>]+>")


def heideltime_sentences(source: Path) -> list[tuple[dt.date, str, dt.date | None]]:
    """(publication day, lower-cased article text, first day-level date or None) per sentence line."""
    out = []
    for path in sorted((source / "time_annotated").glob("*/*.timeml")):
        published = dt.date.fromisoformat(path.parent.name)
        body = path.read_text(encoding="utf-8", errors="replace").split("<TimeML>", 1)[-1]
        text = _TAG.sub("", body).lower()
        for line in body.splitlines():
            m = _TIMEX_DAY.search(line)
            out.append((published, text, dt.date.fromisoformat(m.group(1)) if m else None))
    return out


def r_precision(counts: Counter[dt.date], gold: set[dt.date]) -> float:
    top = sorted(counts, key=lambda d: (-counts[d], d))[: len(gold)]
    return sum(d in gold for d in top) / len(gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=None)
    data = parser.parse_args().data or default_data("t17")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for topic, sources, tasks in t17_topics(data, lambda m: None):
            db = Path(tmp) / f"{topic}.db"
            api.ingest(sources, db)
            heidel = [s for src in sources for s in heideltime_sentences(src)]
            for task in tasks:
                q = task.query
                gold = set(task.reference.dates)
                with Store(db, readonly=True) as store:
                    ours = Counter(s.event_date for s in store.candidates(q)
                                   if s.date_source == "mention" and q.start <= s.event_date <= q.end)
                theirs = Counter(d for pub, text, d in heidel if d is not None and q.start <= pub <= q.end
                                 and q.start <= d <= q.end and any(k in text for k in q.keywords))
                rows.append((task.name, r_precision(ours, gold), r_precision(theirs, gold),
                             sum(ours.values()), sum(theirs.values())))
                print(f"{task.name[:40]:<42}{rows[-1][1]:.3f}  {rows[-1][2]:.3f}  {rows[-1][3]:>6} {rows[-1][4]:>6}")
    n = len(rows)
    print(f"{'mean R-precision (Dateline tagger, HeidelTime)':<42}{sum(r[1] for r in rows) / n:.3f}  "
          f"{sum(r[2] for r in rows) / n:.3f}")


if __name__ == "__main__":
    main()
