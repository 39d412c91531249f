"""The corpus-shape benchmark: how each shape is derived from Timeline17, the PUBCOUNT baseline, the
digest switch of the day model, one real run through the CLI on one small topic, and the real-feeds
corpus (when ../shared has it): its stories, references and entries agree, and one story runs end to end."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REAL_FEEDS, ROOT, T17, need_shared
from dateline import api
from dateline.errors import DatelineError
from dateline.evaluate.bench import default_data, run_task
from dateline.evaluate.shapes import (
    EXCERPT_SENTENCES,
    SMALL_ARTICLES,
    SPARSE_PER_DAY,
    _sample,
    dated_sentences,
    excerpt,
    format_shapes,
    real_feeds_topics,
    run_shapes,
    span_days,
    sparse,
    wire_copies,
)
from dateline.model import Article, Query, Sentence, TimeRef
from dateline.sources import read
from dateline.store import Store
from dateline.timeline import build_with, get_method
from dateline.timeline.dateranker import (
    FEATURES,
    MENTION_COUNT,
    SHORT_BLEND,
    SHORT_SENTENCES,
    DayModel,
    LinearModel,
    is_digest,
)
from dateline.timeline.days import SentencePool
from dateline.timeline.ranked import Ranked

D = dt.date


def _article(i: int, source: str = "bbc", lines: int = 6, day: int = 1) -> Article:
    text = "\n".join(f"Line {n} of story {i} said the quake hit on Monday ." for n in range(lines))
    return Article(f"{source}/{i}", "", source, D(2010, 1, day), "", text)


def test_excerpt_keeps_the_first_three_lines() -> None:
    cut = excerpt(_article(1))
    assert cut.text.splitlines() == _article(1).text.splitlines()[:3]
    assert (cut.id, cut.source, cut.published) == ("bbc/1", "bbc", D(2010, 1, 1))


def test_wire_copies_are_heads_of_the_original_under_other_outlets() -> None:
    articles = [_article(i, source) for i, source in enumerate(["bbc", "cnn", "reuters"] * 20)]
    out = wire_copies(articles, random.Random(1))
    copies = out[len(articles):]
    assert out[: len(articles)] == articles and 0 < len(copies) <= 2 * len(articles)
    by_id = {a.id: a for a in articles}
    for c in copies:
        original = by_id[c.id.split("/copy/", 1)[1]]
        assert c.source != original.source
        assert original.text.startswith(c.text) and c.text != original.text  # a head, never the whole
        assert (c.published - original.published).days in (0, 1)
    # the same seed gives the same corpus
    assert wire_copies(articles, random.Random(1)) == out


def test_small_draws_a_fixed_number_of_articles() -> None:
    articles = [_article(i) for i in range(SMALL_ARTICLES + 50)]
    drawn = _sample(articles, random.Random(3))
    assert len(drawn) == SMALL_ARTICLES and len({a.id for a in drawn}) == SMALL_ARTICLES
    assert _sample(articles[:10], random.Random(3)) == articles[:10]


def test_sparse_draws_short_texts_a_few_a_week_over_the_span() -> None:
    """``sparse``: wire copies among the outlets, then SPARSE_PER_DAY articles per day of the span, cut to
    excerpts; the same seed gives the same corpus."""
    articles = [_article(i, source, day=1 + i % 28) for i, source in enumerate(["bbc", "cnn", "reuters"] * 100)]
    articles = [a if i % 2 else Article(a.id, a.url, a.source, a.published + dt.timedelta(days=170), a.title, a.text)
                for i, a in enumerate(articles)]
    assert span_days(articles) == 196 and span_days([]) == 0
    drawn = sparse(articles, random.Random(1))
    assert len(drawn) == round(SPARSE_PER_DAY * 196) == 69
    assert all(len(a.text.splitlines()) <= EXCERPT_SENTENCES for a in drawn)
    assert any("/copy/" in a.id for a in drawn) and len({a.id for a in drawn}) == len(drawn)
    assert drawn == sorted(drawn, key=lambda a: (a.published, a.id))
    assert sparse(articles, random.Random(1)) == drawn != sparse(articles, random.Random(2))


def test_dated_sentences_make_one_document_per_named_day() -> None:
    a = Article("a", "", "bbc", D(2010, 1, 12), "", "The quake struck on Monday .\nAid arrived .\n"
                "On Jan. 1 , the warning was issued .")
    docs = dated_sentences([a], "haiti")
    assert [(d.published, d.text) for d in docs] == [
        (D(2010, 1, 1), "On Jan. 1 , the warning was issued ."),
        (D(2010, 1, 11), "The quake struck on Monday ."),
    ]


def _digest(days: int, per_doc: int, lag: int = 0) -> list[Sentence]:
    """`days` documents of `per_doc` sentences, each naming the day `lag` days before its own."""
    out = []
    for d in range(days):
        day = D(2010, 1, 1) + dt.timedelta(days=d)
        named = day - dt.timedelta(days=lag)
        ref = (TimeRef("x", 0, 1, named.isoformat(), "day"),)
        out += [Sentence(f"doc{d}", i, f"s{i}", day, named, "mention", ref) for i in range(per_doc)]
    return out


def test_digest_switch_needs_one_long_document_per_day_about_that_day() -> None:
    assert is_digest(_digest(5, 12))
    assert not is_digest(_digest(5, 3))  # one short article a day: a sparse feed, still articles
    two_a_day = _digest(5, 12) + [Sentence(f"x{s.article_id}", s.index, s.text, s.published, s.event_date,
                                           s.date_source, s.timerefs) for s in _digest(5, 12)]
    assert not is_digest(two_a_day)
    assert not is_digest(_digest(5, 12, lag=1))  # long articles, one a day, about the day before
    assert not is_digest([])


def test_pubcount_ranks_days_by_articles_published() -> None:
    sents = []
    for n, day in ((3, 5), (1, 6), (2, 7)):
        for i in range(n):
            sents.append(Sentence(f"{day}-{i}", 0, f"The quake relief on day {day} went on, report {i}.",
                                  D(2010, 1, day), D(2010, 1, day), "published"))
    tl = get_method("pubcount").build(sents, Query("quake", dates=2, sentences=1))
    assert tl.method == "pubcount" and tl.dates == (D(2010, 1, 5), D(2010, 1, 7))


def test_cli_bench_shapes_on_one_topic(tmp_path: Path) -> None:
    haiti = need_shared(T17 / "haiti_bbc")
    data = tmp_path / "t17"
    data.mkdir()
    (data / "haiti_bbc").symlink_to(haiti)
    (data / "topics.json").write_text('{"haiti": {"sources": ["haiti_bbc"], "keywords": ["haiti", "quake"]}}')
    run = subprocess.run([sys.executable, "-m", "dateline.cli", "bench", "shapes", "--data", str(data),
                          "--shapes", "excerpts"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| excerpts |")]
    assert [r.split("|")[3].strip() for r in rows] == ["dateline", "datewise", "clust", "pubcount"]
    assert all(0 < float(r.split("|")[4]) <= 1 for r in rows)


def test_digests_rank_their_days_by_mention_count() -> None:
    """One document a day, of 10 to 15 sentences dating an event to that day: the days with most sentences
    make the timeline (`dateranker.MENTION_COUNT`), whatever the article model would make of them."""
    sizes = [12, 15, 10, 14, 11, 13]
    sents = []
    for d, size in enumerate(sizes):
        day = D(2010, 1, 1) + dt.timedelta(days=d)
        ref = (TimeRef("x", 0, 1, day.isoformat(), "day"),)
        sents += [Sentence(f"doc{d}", i, f"Rescue team {i} searched the quake zone of district {d * 20 + i} .",
                           day, day, "mention", ref) for i in range(size)]
    assert is_digest(sents)
    query = Query("quake", dates=3, sentences=1)
    top = {D(2010, 1, 2), D(2010, 1, 4), D(2010, 1, 6)}
    assert set(get_method("dateline").build(sents, query).dates) == top


def _articles(sizes: dict[int, int], length: int) -> list[Sentence]:
    """One article a day for eight days, each of `length` sentences; the first `sizes[d]` sentences of the
    whole corpus's articles date an event to day d, spread over the articles; the rest name no day."""
    wanted = [d for d, n in sizes.items() for _ in range(n)]
    sents = []
    for a in range(8):
        published = D(2010, 1, 10 + a)
        for i in range(length):
            n = a * length + i
            if n < len(wanted):
                day = D(2010, 1, wanted[n])
                ref = (TimeRef(day.isoformat(), 0, 1, day.isoformat(), "day"),)
                sents.append(Sentence(f"a{a}", i, f"Rescue team {n} searched the quake zone of district {n} .",
                                      published, day, "mention", ref))
            else:
                sents.append(Sentence(f"a{a}", i, f"Aid convoy {n} reached the quake zone of town {n} .",
                                      published, published, "published"))
    return sents


def test_short_articles_blend_datewise_into_the_day_model() -> None:
    """Short articles (mean sentences below SHORT_SENTENCES) rank their days by the article model's z-score
    plus SHORT_BLEND times DATEWISE's; whole articles and digests, short or long, by their own model alone. Here the
    article model prefers the least-mentioned days and DATEWISE the most-mentioned: with the blend, the
    day eight sentences date an event to wins."""
    least_mentioned = LinearModel(tuple(-1.0 if f == "first_mentions" else 0.0 for f in FEATURES), 0.0)
    model = DayModel(least_mentioned)
    sizes = {2: 8, 3: 1, 4: 2}
    short, long = _articles(sizes, 3), _articles(sizes, 2 * round(SHORT_SENTENCES))
    assert model.for_input(SentencePool(short)) == (least_mentioned, SHORT_BLEND)
    assert model.for_input(SentencePool(long)) == (least_mentioned, 0.0)
    assert model.for_input(SentencePool(_digest(5, 12))) == (MENTION_COUNT, 0.0)
    # a digest of short entries (every sentence dates its day) is too short for `is_digest`, still no blend
    assert not is_digest(_digest(5, 6)) and model.for_input(SentencePool(_digest(5, 6))) == (least_mentioned, 0.0)
    query = Query("quake", start=D(2010, 1, 2), end=D(2010, 1, 4), dates=1, sentences=1)
    assert Ranked(model).build(short, query).dates == (D(2010, 1, 2),)
    assert Ranked(model).build(long, query).dates == (D(2010, 1, 3),)


def _real_feeds() -> list[tuple[str, list[Path], list]]:
    return list(real_feeds_topics(need_shared(REAL_FEEDS), print))


def test_real_feeds_stories_references_and_entries_agree() -> None:
    """The built corpus is the one bench/topics/real-feeds.json describes: per story one outlet-written
    reference of dated entries, and multi-outlet feed entries (headline + text) covering its span."""
    spec = json.loads((ROOT / "bench" / "topics" / "real-feeds.json").read_text(encoding="utf-8"))
    stories = _real_feeds()
    assert [t for t, _, _ in stories] == [t for t in spec if not t.startswith("_")]
    for topic, inputs, tasks in stories:
        assert [t.name for t in tasks] == [f"{topic}/{spec[topic]['chronos']}.txt"]
        (task,) = tasks
        assert task.keywords == " ".join(spec[topic]["keywords"])
        dates = task.reference.dates
        assert len(dates) >= 20 and all(e.sentences for e in task.reference.entries)
        articles = list(read(inputs))
        assert len(articles) >= 500 and all(a.title and a.text for a in articles)
        assert len({a.source for a in articles}) >= 20  # many outlets, not one
        assert all(min(dates) - dt.timedelta(7) <= a.published <= max(dates) + dt.timedelta(7) for a in articles)
        published = {a.published for a in articles}
        assert sum(d in published for d in dates) >= 0.75 * len(dates)  # the feeds cover the story's days


def test_real_feeds_story_end_to_end(tmp_path: Path) -> None:
    """One story ingested and its timeline built and scored as the bench does: l dates inside the
    reference's span, each sentence from an entry of the corpus, and some reference dates found."""
    topic, inputs, (task,) = next(s for s in _real_feeds() if s[0] == "twitter")
    db = tmp_path / "twitter.db"
    report = api.ingest(inputs, db)
    assert report.added >= 500
    q = task.query
    with Store(db, readonly=True) as store:
        built = build_with(get_method("dateline"), store, q)
    assert len(built.dates) == q.dates and all(q.start <= d <= q.end for d in built.dates)
    by_id = {a.id: a for a in read(inputs)}
    for e in built.entries:
        assert e.sentences and all(s.text in by_id[s.article_id].text for s in e.sentences)
    row = run_task(task, db, "dateline", held_out=None)
    assert row["predicted_dates"] == q.dates
    assert 0 < row["date_f1"]["f1"] <= 1 and 0 < row["align_plus_m1"]["rouge1"]["f1"] <= 1


def test_without_real_feeds_the_whole_bench_runs_the_rest_and_says_how_to_add_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """real-feeds is built separately: left out of a plain run with the reason logged and reported, but an
    error before any work when asked for by name. (Timeline17 given as an empty folder: the run stops there.)"""
    monkeypatch.setenv("DATELINE_SHARED", str(tmp_path))
    try:
        pytest.skip(f"this machine has the real-feeds corpus at {default_data('real-feeds')}")
    except DatelineError:
        pass
    logged: list[str] = []
    with pytest.raises(DatelineError, match="no such file; --data must be the dataset folder"):
        run_shapes(t17=tmp_path, log=logged.append)
    assert any(line.startswith("real-feeds left out: ") and "build_real_feeds.py" in line for line in logged)
    with pytest.raises(DatelineError, match="build it with scripts/build_real_feeds.py.*--shapes"):
        run_shapes(["t17", "real-feeds"], log=logged.append)
    assert "not run: real-feeds: why" in format_shapes({"shapes": {}, "seconds": 0, "left_out": {"real-feeds": "why"}})


def _build_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_real_feeds", ROOT / "scripts" / "build_real_feeds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_real_feeds_development_stories_are_not_the_bench_stories_and_cut_their_references() -> None:
    """The development stories (settings may be checked on them) share no Open-TLS timeline with the four
    the bench scores, and `within` keeps exactly the reference dates inside the archives' years."""
    topics = ROOT / "bench" / "topics"
    stories = {name: json.loads((topics / name).read_text(encoding="utf-8"))
               for name in ("real-feeds.json", "real-feeds-dev.json")}
    timelines = [{s["chronos"] for k, s in v.items() if not k.startswith("_")} for v in stories.values()]
    assert timelines[1] and not timelines[0] & timelines[1]
    day = dt.date.fromisoformat
    timeline = [(day("2021-12-31"), ["a"]), (day("2022-01-01"), ["b"]), (day("2023-12-31"), ["c"]),
                (day("2024-01-01"), ["d"])]
    clipped = _build_script().clipped
    assert clipped(timeline, ["2022-01-01", "2023-12-31"]) == timeline[1:3]
    assert clipped(timeline, None) == timeline
