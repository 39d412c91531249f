"""The demo corpus: big enough, fiction throughout, identical on every run, and with its answer in the data.

The last test runs the README's main command for real and checks that the timeline it prints finds every
planted key date; the others check the corpus on its own, without our tagger or timeline method, so a
failure there points at the corpus and a failure only in the last one points at the pipeline.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from dateline.demo import DEMO_QUERY, FICTION_NOTICE, KEY_EVENTS, OUTLETS, write_demo_corpus

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
NUMBERS = ("one", "two", "three", "four", "five", "six")
RELATIVE = re.compile(
    rf"\b(?:(?:{'|'.join(WEEKDAYS)}), )?(?P<month>{'|'.join(MONTHS)}) (?P<day>\d{{1,2}})\b(?!,? \d{{4}})"
    rf"|\b(?:(?P<yesterday>yesterday)|(?P<ago>{'|'.join(NUMBERS)}) days ago|(?P<weekday>{'|'.join(WEEKDAYS)}))",
    re.IGNORECASE,
)


def read_corpus(directory: Path) -> list[dict]:
    path = write_demo_corpus(directory)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def past_days_mentioned(text: str, published: dt.date) -> set[dt.date]:
    """Days before `published` that `text` names without a year, read the way a news reader would.

    An independent reading of the phrases, so the corpus is checked without relying on our own tagger:
    a weekday means the latest such day (today, if it is that day), a month and day without a year means that day of this year.
    """
    days = set()
    for m in RELATIVE.finditer(text):
        if m["yesterday"]:
            day = published - dt.timedelta(days=1)
        elif m["ago"]:
            day = published - dt.timedelta(days=NUMBERS.index(m["ago"].lower()) + 1)
        elif m["weekday"]:
            back = (published.weekday() - WEEKDAYS.index(m["weekday"].capitalize())) % 7
            day = published - dt.timedelta(days=back)
        else:  # "March 9" or "Saturday, March 9"
            day = dt.date(published.year, MONTHS.index(m["month"].capitalize()) + 1, int(m["day"]))
        if day < published:
            days.add(day)
    return days


def test_corpus_size_outlets_and_span(tmp_path: Path) -> None:
    records = read_corpus(tmp_path)
    assert len(records) >= 100
    assert all(set(r) == {"id", "url", "published", "title", "text", "source"} for r in records)
    assert len({r["source"] for r in records}) >= 4
    published = sorted(dt.date.fromisoformat(r["published"]) for r in records)
    assert 60 <= (published[-1] - published[0]).days <= 180, "a few months"
    # The store treats repeated ids or texts as duplicates; every demo article must count.
    for key in ("id", "url", "text"):
        assert len({r[key] for r in records}) == len(records), f"repeated {key}"


def test_every_article_is_marked_fictional(tmp_path: Path) -> None:
    outlets = {o.name for o in OUTLETS}
    for r in read_corpus(tmp_path):
        assert r["text"].endswith("\n\n" + FICTION_NOTICE), r["id"]
        assert r["source"] in outlets, r["id"]
        assert r["url"].startswith("https://demo.dateline.invalid/"), r["id"]


def test_two_runs_write_identical_bytes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert write_demo_corpus(tmp_path / "a").read_bytes() == write_demo_corpus(tmp_path / "b").read_bytes()


def test_key_events_are_the_most_mentioned_days(tmp_path: Path) -> None:
    """Later articles refer back to each key event in relative terms, and more often than to any other day."""
    mentions: Counter[dt.date] = Counter()
    for r in read_corpus(tmp_path):
        mentions.update(past_days_mentioned(r["text"], dt.date.fromisoformat(r["published"])))
    assert 5 <= len(KEY_EVENTS) <= 8
    for day in KEY_EVENTS:
        assert mentions[day] >= 5, f"{day} ({KEY_EVENTS[day]}) is named in only {mentions[day]} later articles"
    most_mentioned = {day for day, _ in mentions.most_common(len(KEY_EVENTS))}
    assert most_mentioned == set(KEY_EVENTS), mentions.most_common(len(KEY_EVENTS) + 3)


def test_demo_command_timeline_finds_every_key_date(tmp_path: Path) -> None:
    dateline = Path(sys.executable).with_name("dateline")
    run = subprocess.run(
        [str(dateline), "demo", "--db", str(tmp_path / "demo.db"), "--format", "json"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stderr
    timeline = json.loads(run.stdout)
    assert timeline["query"] == DEMO_QUERY
    found = {dt.date.fromisoformat(e["date"]) for e in timeline["entries"]}
    missed = {str(day): label for day, label in KEY_EVENTS.items() if day not in found}
    assert not missed, f"the demo timeline misses key events: {missed}"
    for entry in timeline["entries"]:
        for s in entry["sentences"]:
            assert s["url"].startswith("https://demo.dateline.invalid/"), s
