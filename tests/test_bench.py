"""The benchmark runner: news-tls task settings, the result shape, Crisis pseudo-articles, the CLI.

The full `dateline bench t17` takes minutes; here one real topic (haiti, 1 timeline) runs through the CLI
and a small made-up Crisis folder through the library.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from conftest import T17, need_shared
from dateline.evaluate.bench import CRISIS_NOTE, Task, format_bench, run_bench
from dateline.timeline import DEFAULT_METHOD
from dateline.model import Entry, Sentence, Timeline
from dateline.tilseformat import format_tilse

SCORE_KEYS = {"concat", "agreement", "align", "align_plus", "align_plus_m1", "date_f1"}


def _tl(days: dict[dt.date, list[str]]) -> Timeline:
    return Timeline("q", "reference", tuple(
        Entry(d, tuple(Sentence("", i, s, d, d, "mention") for i, s in enumerate(days[d]))) for d in sorted(days)
    ))


def test_task_follows_news_tls_settings() -> None:
    ref = _tl({
        dt.date(2011, 1, 25): ["a", "b", "c"],
        dt.date(2011, 1, 28): ["d"],
        dt.date(2011, 2, 11): ["e", "f"],
    })
    q = Task("egypt", "tl.txt", ref, "egypt egyptian").query
    assert (q.start, q.end) == (dt.date(2011, 1, 25), dt.date(2011, 2, 11))  # ext = 0
    assert q.dates == 3  # l = number of reference dates
    assert q.sentences == 2  # k = round(6 / 3)
    assert q.keywords == ("egypt", "egyptian")


def _check_shape(result: dict, dataset: str, n_timelines: int) -> None:
    assert {"dataset", "method", "seconds", "mean", "per_timeline"} <= set(result)
    assert result["dataset"] == dataset and result["method"] == DEFAULT_METHOD
    assert set(result["mean"]) == SCORE_KEYS
    assert len(result["per_timeline"]) == n_timelines
    for row in result["per_timeline"]:
        assert {"topic", "timeline", "seconds"} | SCORE_KEYS <= set(row)
        for key in SCORE_KEYS - {"date_f1"}:
            for rouge in ("rouge1", "rouge2"):
                assert 0.0 <= row[key][rouge]["f1"] <= 1.0


def test_cli_bench_on_one_t17_topic(tmp_path: Path) -> None:
    haiti = need_shared(T17 / "haiti_bbc")
    data = tmp_path / "t17"
    data.mkdir()
    (data / "haiti_bbc").symlink_to(haiti)
    (data / "topics.json").write_text(json.dumps(
        {"haiti": {"sources": ["haiti_bbc"], "keywords": ["haiti", "quake", "earthquake"]}}
    ))
    out_json = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "bench", "t17", "--data", str(data), "--json", str(out_json)],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(out_json.read_text())
    _check_shape(result, "t17", 1)
    row = result["per_timeline"][0]
    assert (row["topic"], row["timeline"], row["l"], row["k"]) == ("haiti", "haiti_bbc/bbc.txt", 11, 8)
    # One task: the news-tls mean is that task's figures.
    assert result["mean"]["align_plus_m1"] == row["align_plus_m1"]
    # The method finds real content and real dates of the Haiti earthquake timeline.
    assert row["align_plus_m1"]["rouge1"]["f1"] > 0.05 and row["date_f1"]["f1"] > 0.3
    assert "haiti_bbc/bbc.txt" in run.stdout and "AR-1 F" in run.stdout


def test_crisis_uses_dated_sentences_and_says_it_is_not_comparable(tmp_path: Path) -> None:
    topic_dir = tmp_path / "Dataset" / "Crisis" / "yemen"
    topic_dir.mkdir(parents=True)
    rows = {
        "2011-02-03": ["Tens of thousands of protesters rally in Sanaa against President Saleh .",
                       "Yemen 's opposition calls a day of rage in Sanaa ."],
        "2011-02-10": ["Yemen 's police fire on protesters in Aden ."],
        "2011-03-18": ["Snipers kill dozens of protesters in Sanaa , Yemen .", "Saleh declares a state of emergency in Yemen ."],
        "2011-03-21": ["General Ali Mohsen defects and vows to protect protesters in Yemen ."],
    }
    with (topic_dir / "time-sent.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["time", "Sentences"])
        writer.writerows([day, repr(sents)] for day, sents in rows.items())
    gold = tmp_path / "gold-timelines" / "crisis-yemen"
    gold.mkdir(parents=True)
    (gold / "voa.txt").write_text(format_tilse(_tl({
        dt.date(2011, 2, 3): ["Protesters rally in Sanaa against Saleh ."],
        dt.date(2011, 3, 18): ["Snipers kill dozens of protesters in Sanaa ."],
    })))
    (tmp_path / "topics.json").write_text(json.dumps({"yemen": {"keywords": ["yemen"]}}))
    logged: list[str] = []
    result = run_bench("crisis", data=tmp_path, log=logged.append)
    _check_shape(result, "crisis", 1)
    assert result["note"] == CRISIS_NOTE and CRISIS_NOTE in format_bench(result)
    assert any("ingested 4 articles" in line for line in logged)
    assert result["per_timeline"][0]["date_f1"]["recall"] > 0
