"""Issue 2's five commands, run as a user runs them: the `dateline` program in a subprocess, on the real
seed article and the real Timeline17 haiti_bbc folder (skipped without ../shared)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, T17, need_shared
from dateline.evaluate.shapes import excerpt
from dateline.model import Article, Query
from dateline.sources import read
from dateline.store import Store
from dateline.timeline import DEFAULT_METHOD

pytestmark = pytest.mark.shared

SEED_ID = "000_e1c08644f620b041"
QUAKE, LAST = dt.date(2010, 1, 12), dt.date(2010, 1, 31)


def dateline(*args: str | Path) -> str:
    """Run `dateline ARGS` and return its standard output; a non-zero exit fails with its stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "dateline.cli", *map(str, args)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    dateline("ingest", need_shared(SEED), "--db", db, "--quiet")
    return db


@pytest.fixture(scope="module")
def haiti_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("haiti") / "haiti.db"
    dateline("ingest", need_shared(T17 / "haiti_bbc"), "--db", db, "--quiet")
    return db


def test_seed_timeline_has_the_summit_day_from_the_seed_article(seed_db: Path) -> None:
    text = dateline("timeline", "Kim Jong Un", "--db", seed_db)
    assert "2019-02-28" in text and f"article {SEED_ID}" in text
    doc = json.loads(dateline("timeline", "Kim Jong Un", "--db", seed_db, "--format", "json"))
    entry = next(e for e in doc["entries"] if e["date"] == "2019-02-28")
    assert entry["sentences"]
    assert {s["article_id"] for s in entry["sentences"]} == {SEED_ID}
    assert all(s["published"] == "2019-02-28" for s in entry["sentences"])


def test_haiti_markdown_has_ten_dates_in_range_each_sentence_with_its_source(haiti_db: Path) -> None:
    md = dateline("timeline", "haiti earthquake", "--db", haiti_db, "--dates", "10", "--sentences", "2",
                  "--format", "md")
    dates = [dt.date.fromisoformat(line[3:]) for line in md.splitlines() if line.startswith("## ")]
    assert len(dates) == 10 and dates == sorted(dates)
    assert all(QUAKE <= d <= LAST for d in dates)
    bullets = [line for line in md.splitlines() if line.startswith("- ")]
    assert 10 <= len(bullets) <= 20
    assert all(re.search(r", 2010-01-\d\d; article haiti\\_bbc/2010-01-\d\d/\d+\)$", b) for b in bullets), bullets


def test_haiti_json_sentences_carry_real_source_articles(haiti_db: Path) -> None:
    doc = json.loads(dateline("timeline", "haiti earthquake", "--db", haiti_db, "--dates", "10", "--format", "json"))
    assert len(doc["entries"]) == 10
    for entry in doc["entries"]:
        for s in entry["sentences"]:
            folder, published, _ = s["article_id"].split("/")
            assert folder == "haiti_bbc" and published == s["published"]
            assert (T17 / "haiti_bbc" / "InputDocs" / published).is_dir()


def test_haiti_from_to_json_respects_range_and_shape(haiti_db: Path) -> None:
    out = dateline("timeline", "haiti earthquake", "--db", haiti_db, "--from", "2010-01-12", "--to", "2010-01-20",
                   "--format", "json")
    doc = json.loads(out)
    assert set(doc) == {"query", "method", "entries"}
    assert doc["query"] == "haiti earthquake" and doc["method"] == DEFAULT_METHOD
    assert doc["entries"]
    for entry in doc["entries"]:
        assert {"date", "sentences"} <= set(entry) <= {"date", "sentences", "explain"}
        assert QUAKE <= dt.date.fromisoformat(entry["date"]) <= dt.date(2010, 1, 20)
        for s in entry["sentences"]:
            assert {"text", "article_id", "url", "published"} <= set(s)
            assert s["text"] and s["article_id"]
            assert QUAKE <= dt.date.fromisoformat(s["published"]) <= dt.date(2010, 1, 20)


def test_haiti_text_view_and_clust_method(haiti_db: Path) -> None:
    text = dateline("timeline", "haiti earthquake", "--db", haiti_db, "--method", "clust", "--dates", "5")
    assert text.startswith('Timeline: "haiti earthquake"\n5 dates · method: clust')
    headings = [line for line in text.splitlines() if re.fullmatch(r"2010-\d\d-\d\d \(\w+day\)", line)]
    assert len(headings) == 5
    assert text.count("    — haiti_bbc · published 2010-01-") >= 5


@pytest.fixture(scope="module")
def haiti_excerpts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """haiti_bbc with every article cut to its first 3 sentences: short articles, ranked with the blend."""
    folder = tmp_path_factory.mktemp("haiti-excerpts")
    corpus = folder / "excerpts.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for a in read([need_shared(T17 / "haiti_bbc")]):
            if isinstance(a, Article):
                cut = excerpt(a)
                out.write(json.dumps({"id": cut.id, "url": cut.url, "source": cut.source, "title": cut.title,
                                      "published": cut.published.isoformat(), "text": cut.text}) + "\n")
    dateline("ingest", corpus, "--db", folder / "excerpts.db", "--quiet")
    return folder / "excerpts.db"


@pytest.mark.parametrize("corpus", ["haiti_db", "haiti_excerpts_db"])
def test_explain_counts_match_the_store(corpus: str, request: pytest.FixtureRequest) -> None:
    """`--format json` carries each date's evidence; every count is recomputed here with SQL on the
    store file (articles matching the query, their sentences and day-level time expressions), and
    `--explain` prints the same words under each date. Over short articles (excerpts) the days are
    ranked with DATEWISE's score blended in, and every date's cues say so; over whole articles none does."""
    haiti_db = request.getfixturevalue(corpus)
    args = ("timeline", "haiti earthquake", "--db", haiti_db, "--dates", "6")
    doc = json.loads(dateline(*args, "--format", "json"))
    with Store(haiti_db, readonly=True) as store:
        pks = store.matching_articles(Query("haiti earthquake"))
    db = sqlite3.connect(haiti_db)
    matching = "(SELECT value FROM json_each(?))"
    for entry in doc["entries"]:
        day, why = entry["date"], entry["explain"]
        published = db.execute(f"SELECT count(*), count(DISTINCT source) FROM articles WHERE pk IN {matching} "
                               "AND published = ?", (json.dumps(pks), day)).fetchone()
        naming = db.execute(
            "SELECT count(DISTINCT s.id), count(DISTINCT a.pk), count(DISTINCT a.source), "
            "count(DISTINCT CASE WHEN a.published > ? THEN a.pk END) FROM timerefs t "
            "JOIN sentences s ON s.id = t.sentence JOIN articles a ON a.pk = s.article "
            f"WHERE a.pk IN {matching} AND t.granularity = 'day' AND substr(t.value, 1, 10) = ?",
            (day, json.dumps(pks), day)).fetchone()
        assert (why["published_articles"], why["published_outlets"]) == published
        assert (why["naming_sentences"], why["naming_articles"], why["naming_outlets"],
                why["later_articles"]) == naming
        assert why["naming_sentences"] + why["published_articles"] > 0
        assert why["text"].startswith(f"{published[0]} article")
    blended = [any(c.startswith("short articles") for c in e["explain"]["cues"]) for e in doc["entries"]]
    assert blended == [corpus == "haiti_excerpts_db"] * len(doc["entries"])
    text = dateline(*args, "--explain")
    whys = [line for line in text.splitlines() if line.startswith("  why: ")]
    assert len(whys) == len(doc["entries"])
    assert whys[0].startswith("  why: " + doc["entries"][0]["explain"]["text"][:40])
