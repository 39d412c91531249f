"""Shared test fixtures: where the real data lives, and how a missing prerequisite is handled.

Tests that need ../shared (Timeline17, the seed article) skip when it is absent, since a new user has no
../shared. Tests that need a tool .ci/run installs (Perl ROUGE, Chromium) skip on a developer machine
without it, but fail under CI, where a skip would hide a broken install step.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from dateline.model import Query
    from dateline.timeline.days import DaySource, SentencePool

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DATELINE_SHARED", ROOT.parent / "shared"))
T17 = SHARED / "data" / "tls" / "timeline17"
CRISIS = SHARED / "data" / "tls" / "crisis"
REAL_FEEDS = SHARED / "data" / "tls" / "real-feeds"  # built by scripts/build_real_feeds.py
SEED = SHARED / "seed" / "000_e1c08644f620b041.txt"


def need_shared(path: Path) -> Path:
    """Skip the calling test unless `path` (inside ../shared) exists."""
    if not path.exists():
        pytest.skip(f"needs {path} (../shared data)")
    return path


def need_tool(available: bool, what: str) -> None:
    """Skip when a CI-installed tool is missing, except under CI, where that is a failure."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing under CI: .ci/run (scripts/setup-test.sh) should have installed it")
    pytest.skip(f"needs {what} (installed by scripts/setup-test.sh)")


@pytest.fixture
def shared() -> Path:
    return need_shared(SHARED)


def same_answers(source: DaySource, pool: SentencePool, query: Query, cap: int) -> None:
    """`source` answers every question of `DaySource` as `pool` (the same articles' sentences in memory)
    does, with and without a `cap` that binds on the corpus. Used for every store's `DaySource`."""
    from dateline.timeline.dateranker import day_models

    publications = pool.publications()
    assert source.publications() == publications and publications
    start, end = query.start or min(publications), query.end or max(publications)
    tallies = pool.tallies(start, end, query.keywords)
    assert source.tallies(start, end, query.keywords) == tallies and tallies
    assert source.self_dated() == pool.self_dated()
    days = sorted(tallies)
    for c in (None, cap):
        for vocabulary in (day_models("all").articles.counted_words, {"the", "and", "of", "dam"}):
            words = pool.naming_words(days, query.keywords, c, vocabulary)
            assert source.naming_words(days, query.keywords, c, vocabulary) == words and words
    for c in (cap, 10_000):
        assert source.day_sentences(days, query.keywords, c, 5, 2) == pool.day_sentences(days, query.keywords, c, 5, 2)
