"""The corpus-shape benchmark: `dateline bench shapes`.

A method tuned on Timeline17 (one to five outlets per topic, long articles, hundreds of them) can fail on
what users bring: a folder of short feed entries, a few hundred saved pages, one wire story in five
papers. This benchmark runs every method on Timeline17, on the Crisis pseudo-articles and on corpora
derived from Timeline17 that mimic those shapes, always with Timeline17's reference timelines and the
news-tls protocol of `bench` (l, k, window, keywords, scores). Each derived corpus is made with a fixed
seed, so the table is reproducible:

- ``excerpts``: every article cut to its first EXCERPT_SENTENCES sentences (Timeline17 articles have no
  title: their first line stands for the headline, so an excerpt is headline + 2 sentences);
- ``small``: SMALL_ARTICLES articles drawn per topic;
- ``pooled``: the topics with several outlets, each outlet's articles in one corpus with wire copies left
  in: a WIRE_SHARE of the articles is re-run by one or two other outlets of the topic on the same day or
  the next, each copy keeping a head of the original (at least half, never all of it, so the store's
  exact-text de-duplication does not remove it);
- ``multi-short``: ``pooled`` drawn down to SMALL_ARTICLES articles per topic and cut to excerpts: a few
  hundred short texts from several outlets with syndicated copies, the shape of a news-feed corpus;
- ``sparse``: the topics whose articles span SPARSE_MIN_DAYS days or more, pooled with wire copies as in
  ``pooled``, drawn down to SPARSE_PER_DAY articles per day of the span and cut to excerpts: a few short
  texts a week from several outlets over months or years (see `sparse`);
- ``dated-sentences``: the sentences that name a day, grouped by that day, one pseudo-article per day:
  Timeline17 in the form of the only Crisis input we have (and of a daily digest or a liveblog), so that
  a method can be trained and checked on that form without touching Crisis.

and on ``real-feeds``: real feed entries (headline + description) of 26 to 68 outlets about four stories
of 2022–2023, scored against timelines the outlets wrote themselves (built from public archives by
scripts/build_real_feeds.py into ../shared/data/tls/real-feeds; its SOURCE.md says what it is).

Learned methods are scored leave-one-topic-out on every shape derived from Timeline17 (the topic is
held out whatever its shape); on Crisis and real-feeds, which share no story with Timeline17, they use
the model trained on all of Timeline17 (Crisis is a digest, so there the day ranking learns nothing:
`dateranker.MENTION_COUNT`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from dateline import api
from dateline.errors import DatelineError
from dateline.evaluate import average_scores
from dateline.evaluate.bench import (Task, _read_reference, _stderr, _topics, crisis_topics, default_data, run_task,
                                     scores_of, t17_topics)
from dateline.model import Article
from dateline.sources import read

SHAPES = ("t17", "crisis", "excerpts", "small", "pooled", "multi-short", "dated-sentences", "sparse",
          "real-feeds")
#: The corpora of other stories than Timeline17's, scored with the models trained on all of Timeline17.
UNSEEN_SHAPES = ("crisis", "real-feeds")
METHODS = ("dateline", "datewise", "clust", "pubcount")
SEED = 15
EXCERPT_SENTENCES = 3
SMALL_ARTICLES = 300
WIRE_SHARE = 0.3
#: ``sparse``: topics whose articles span at least this many days (7 of Timeline17's 9), drawn down to this
#: many articles per day of their span (the issue's North Korea corpus: 289 articles over 2017-2019).
SPARSE_MIN_DAYS = 90
SPARSE_PER_DAY = 0.35

Corpus = Iterator[tuple[str, list[Path], list[Task]]]


def excerpt(article: Article, n: int = EXCERPT_SENTENCES) -> Article:
    """The article cut to its first `n` lines (Timeline17 holds one sentence per line)."""
    return _with_text(article, "\n".join(article.text.splitlines()[:n]))


def _with_text(article: Article, text: str, **changes: Any) -> Article:
    fields = {"id": article.id, "url": article.url, "source": article.source, "published": article.published,
              "title": article.title, "text": text, **changes}
    return Article(**fields)


def wire_copies(articles: Sequence[Article], rng: random.Random) -> list[Article]:
    """`articles` plus syndicated copies: WIRE_SHARE of them re-run by one or two other outlets of the
    same corpus, on the same day or the next, each copy a head of at least half of the original's lines
    and never all of them. Articles of fewer than 4 lines are not copied."""
    outlets = sorted({a.source for a in articles})
    out = list(articles)
    for a in articles:
        lines = a.text.splitlines()
        others = [o for o in outlets if o != a.source]
        if len(lines) < 4 or not others or rng.random() >= WIRE_SHARE:
            continue
        for outlet in rng.sample(others, min(len(others), rng.choice((1, 2)))):
            cut = rng.randint(max(3, len(lines) // 2), len(lines) - 1)
            out.append(_with_text(a, "\n".join(lines[:cut]), id=f"{outlet}/copy/{a.id}", source=outlet,
                                  published=a.published + dt.timedelta(days=rng.choice((0, 1)))))
    return out


def dated_sentences(articles: Sequence[Article], topic: str) -> list[Article]:
    """One pseudo-article per day: every sentence whose first day-level date is that day, in reading order."""
    from dateline.annotate import annotate, default_tagger

    tagger = default_tagger()
    by_day: dict[dt.date, list[str]] = defaultdict(list)
    for a in sorted(articles, key=lambda a: (a.published, a.id)):
        for s in annotate(a, tagger):
            if s.date_source == "mention":
                by_day[s.event_date].append(s.text)
    return [Article(f"{topic}/{day}", "", "dated-sentences", day, "", "\n".join(lines))
            for day, lines in sorted(by_day.items())]


def _derive(shape: str, topic: str, articles: list[Article], rng: random.Random) -> list[Article]:
    if shape == "dated-sentences":
        return dated_sentences(articles, topic)
    if shape == "excerpts":
        return [excerpt(a) for a in articles]
    if shape == "small":
        return _sample(articles, rng)
    if shape == "pooled":
        return wire_copies(articles, rng)
    if shape == "multi-short":
        return [excerpt(a) for a in _sample(wire_copies(articles, rng), rng)]
    if shape == "sparse":
        return sparse(articles, rng)
    raise DatelineError(f"unknown shape {shape!r}; choose from: {', '.join(SHAPES)}")


def _sample(articles: list[Article], rng: random.Random, n: int = SMALL_ARTICLES) -> list[Article]:
    if len(articles) <= n:
        return articles
    return sorted(rng.sample(articles, n), key=lambda a: (a.published, a.id))


def span_days(articles: Sequence[Article]) -> int:
    """Days from the first publication date to the last, both counted."""
    return (max(a.published for a in articles) - min(a.published for a in articles)).days + 1 if articles else 0


def sparse(articles: list[Article], rng: random.Random) -> list[Article]:
    """The ``sparse`` shape of one topic: wire copies among its outlets (``pooled``), then SPARSE_PER_DAY
    articles per day of the span drawn from them, each cut to an excerpt. Long-running stories told by a
    few short texts a week from many outlets, where each day has one article or none: the shape of the
    issue's North Korea corpus, on which the day model led by article counts had lost to DATEWISE."""
    pooled = wire_copies(articles, rng)
    return [excerpt(a) for a in _sample(pooled, rng, round(SPARSE_PER_DAY * span_days(articles)))]


def shape_topics(shape: str, t17: Path | None, crisis: Path | None, workdir: Path, log: Callable[[str], None],
                 seed: int = SEED) -> Corpus:
    """Per topic of `shape`: its input files (written to `workdir` when derived) and reference timelines.
    `seed` draws the derived shapes; the bench's is SEED, other seeds give other draws to choose settings
    on (`scripts/choose_short_blend.py`)."""
    if shape == "crisis":
        return crisis_topics(crisis or default_data("crisis"), workdir, log)
    if shape == "t17":
        return t17_topics(t17 or default_data("t17"), log)
    if shape == "real-feeds":
        return real_feeds_topics(real_feeds_data(), log)
    return derived_topics(shape, t17 or default_data("t17"), workdir, log, seed)


def derived_topics(shape: str, data: Path, workdir: Path, log: Callable[[str], None], seed: int = SEED) -> Corpus:
    """Per Timeline17 topic: a JSONL file of the shape's articles and the topic's reference timelines.

    Each topic gets its own generator seeded with (seed, shape, topic), so a topic's corpus does not depend
    on which other topics are run. ``pooled`` and ``multi-short`` keep only the topics with several outlets,
    ``sparse`` only those spanning SPARSE_MIN_DAYS days or more.
    """
    for topic, sources, tasks in t17_topics(data, log):
        if shape in ("pooled", "multi-short") and len(sources) < 2:
            continue
        articles = [a for a in read(sources) if isinstance(a, Article)]
        if shape == "sparse" and span_days(articles) < SPARSE_MIN_DAYS:
            continue
        derived = _derive(shape, topic, articles, random.Random(f"{seed}:{shape}:{topic}"))
        path = workdir / f"{shape}-{seed}-{topic}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for a in derived:
                record = {"id": a.id, "url": a.url, "source": a.source, "published": a.published.isoformat(),
                          "title": a.title, "text": a.text}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        yield topic, [path], tasks


def real_feeds_data() -> Path:
    """The real-feeds folder in ../shared (not shipped: its texts are the publishers'), or how to build it."""
    try:
        return default_data("real-feeds")
    except DatelineError as e:
        raise DatelineError(f"{str(e).split(';')[0]}; build it with scripts/build_real_feeds.py (see "
                            f"bench/topics/real-feeds.md), or leave it out with --shapes") from None


def real_feeds_topics(data: Path, log: Callable[[str], None]) -> Corpus:
    """Per story of the real-feeds corpus: its feed entries (one JSONL file) and its reference timelines."""
    for topic, spec in _topics(data).items():
        tasks = [Task(topic, f"{topic}/{path.name}", _read_reference(path, log), " ".join(spec["keywords"]))
                 for path in sorted((data / topic / "timelines").glob("*.txt"))]
        yield topic, [data / topic / "articles.jsonl.gz"], tasks


def run_shapes(
    shapes: Sequence[str] | None = None,
    methods: Sequence[str] = METHODS,
    t17: Path | None = None,
    crisis: Path | None = None,
    log: Callable[[str], None] = _stderr,
) -> dict[str, Any]:
    """Every method in `methods` on every shape in `shapes`; each corpus is ingested once.

    Returns `seconds` (whole run), `shapes` (per shape: `timelines`, `ingest_seconds`, and per method
    `mean` scores and `seconds` building timelines), `per_timeline` rows as `bench.run_bench` gives, and
    `left_out`: the shapes not run, with why. Without `shapes`, every shape whose data is there: real-feeds
    is built separately (its texts are not shipped), so a machine without it still gets every other row
    and is told how to add it; named in `shapes`, a missing folder is an error before any work.
    """
    left_out: dict[str, str] = {}
    if shapes is None:
        shapes = list(SHAPES)
        try:
            real_feeds_data()
        except DatelineError as e:
            shapes.remove("real-feeds")
            left_out["real-feeds"] = str(e).replace(", or leave it out with --shapes", "")
            log(f"real-feeds left out: {left_out['real-feeds']}")
    unknown = [s for s in shapes if s not in SHAPES]
    if unknown:
        raise DatelineError(f"unknown shape {unknown[0]!r}; choose from: {', '.join(SHAPES)}")
    if "real-feeds" in shapes:
        real_feeds_data()  # missing, it fails now rather than after the other shapes' minutes
    started = time.perf_counter()
    rows: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    summary: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dateline-shapes-") as tmp:
        workdir = Path(tmp)
        for shape in shapes:
            corpora = shape_topics(shape, t17, crisis, workdir, log)
            ingest_seconds = 0.0
            build_seconds: dict[str, float] = defaultdict(float)
            for topic, inputs, tasks in corpora:
                t0 = time.perf_counter()
                db = workdir / f"{shape}-{topic}.db"
                report = api.ingest(inputs, db)
                ingest_seconds += time.perf_counter() - t0
                log(f"{shape}/{topic}: {report.added} articles")
                for method in methods:
                    for task in tasks:
                        row = run_task(task, db, method, held_out=None if shape in UNSEEN_SHAPES else topic)
                        rows[shape, method].append({**row, "shape": shape, "method": method})
                        build_seconds[method] += row["seconds"]
            summary[shape] = {
                "timelines": len(rows[shape, methods[0]]),
                "ingest_seconds": round(ingest_seconds, 1),
                "methods": {m: {"mean": average_scores([scores_of(r) for r in rows[shape, m]]),
                                "seconds": round(build_seconds[m], 1)} for m in methods},
            }
            log(format_shapes({"shapes": {shape: summary[shape]}, "seconds": time.perf_counter() - started}))
    return {"seconds": round(time.perf_counter() - started, 1), "seed": SEED, "shapes": summary,
            "left_out": left_out, "per_timeline": [r for key in rows for r in rows[key]]}


def format_shapes(result: dict[str, Any]) -> str:
    """A Markdown table: one row per shape and method with date F1, AR-1 F, AR-2 F and build seconds."""
    lines = ["| shape | timelines | method | date F1 | AR-1 F | AR-2 F | build s |", "|---|---|---|---|---|---|---|"]
    for shape, s in result["shapes"].items():
        for method, m in s["methods"].items():
            mean = m["mean"]
            lines.append(f"| {shape} | {s['timelines']} | {method} | {mean['date_f1']['f1']:.4f} | "
                         f"{mean['align_plus_m1']['rouge1']['f1']:.4f} | {mean['align_plus_m1']['rouge2']['f1']:.4f} "
                         f"| {m['seconds']:.1f} |")
    ingest = sum(s["ingest_seconds"] for s in result["shapes"].values())
    lines.append(f"\nwhole run {result['seconds']:.0f} s (ingest {ingest:.0f} s); AR-n F: TILSE align+ m:1 "
                 f"ROUGE-n F1; means are F1 of mean P and mean R over the shape's timelines.")
    lines += [f"not run: {shape}: {why}" for shape, why in result.get("left_out", {}).items()]
    return "\n".join(lines)
