"""Timeline methods on a small hand-built story whose key dates are known.

The story: the (fictional) Harbor Bridge collapses on 1 March, an inquiry opens on 10 March, the bridge
reopens on 20 March. Each event is reported by four articles (wire copies, so identical sentences
repeat) published on the day and the day after. A louder off-topic day (a council budget, mentioned more
often than any event, without a query word) and scattered single articles are the distractors.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random

import numpy as np
import pytest
from scipy import sparse

from dateline.model import Query, Sentence, Timeline, TimeRef
from dateline.timeline import DEFAULT_METHOD, get_method, method_names
from dateline.timeline.clean import gist, same_gist
from dateline.timeline.clust import markov_clusters, temporal_graph
from dateline.timeline.common import centroid_opt, default_dates, tfidf
from dateline.timeline.datewise import knee_value, rank_dates

D = dt.date
COLLAPSE, INQUIRY, REOPEN, BUDGET = D(2021, 3, 1), D(2021, 3, 10), D(2021, 3, 20), D(2021, 3, 5)
EVENTS = {
    COLLAPSE: [
        "Harbor Bridge collapses into the river at rush hour",
        "The Harbor Bridge collapsed into the river during the morning rush hour on {day}.",
        "Rescue divers searched the river below the bridge for survivors on {day}.",
        "Four people died when the bridge deck gave way on {day}, police said.",
    ],
    INQUIRY: [
        "Inquiry into Harbor Bridge collapse begins",
        "An independent inquiry into the Harbor Bridge collapse opened its hearings on {day}.",
        "Engineers told the inquiry on {day} that bridge inspections had been skipped for years.",
        "The inquiry chair promised on {day} to publish every bridge inspection record.",
    ],
    REOPEN: [
        "Rebuilt Harbor Bridge reopens to traffic",
        "The rebuilt Harbor Bridge reopened to traffic on {day} with a memorial ceremony.",
        "Thousands walked across the new bridge on {day} before the first cars drove over it.",
        "Families of the victims laid flowers at the bridge on {day}.",
    ],
}
QUERY = "Harbor Bridge"
METHODS = ["datewise", "clust", "dateline"]


def _sentence(article_id: str, index: int, text: str, published: dt.date, day: dt.date | None) -> Sentence:
    refs = () if day is None else (TimeRef(day.isoformat(), 0, 10, day.isoformat(), "day"),)
    return Sentence(
        article_id=article_id,
        index=index,
        text=text.format(day=f"{day:%B} {day.day}" if day else ""),
        published=published,
        event_date=day or published,
        date_source="mention" if day else "published",
        timerefs=refs,
        source="Test Wire",
        url=f"https://news.example/{article_id}",
        title=article_id,
    )


def story() -> list[Sentence]:
    sents: list[Sentence] = []
    for day, (lead, *body) in EVENTS.items():
        for n in range(4):
            aid = f"{day.isoformat()}-{n}"
            published = day + dt.timedelta(days=n // 2)
            sents.append(_sentence(aid, 0, lead, published, None))
            sents += [_sentence(aid, i, text, published, day) for i, text in enumerate(body, 1)]
            sents.append(_sentence(aid, 4, "Traffic elsewhere in the city was light.", published, None))
    for n in range(6):  # loud but off-topic: no query word
        aid = f"budget-{n}"
        sents += [
            _sentence(aid, i, f"The council debated the parking budget on {{day}} (item {n}{i}).", BUDGET, BUDGET)
            for i in range(3)
        ]
    for n, day in enumerate([D(2021, 3, 3), D(2021, 3, 13), D(2021, 3, 16)]):
        aid = f"misc-{n}"
        sents.append(_sentence(aid, 0, f"Ferry timetables changed again, week {n}.", day, None))
        sents.append(_sentence(aid, 1, "Commuters still ask when the bridge will reopen.", day, None))
    return sents


def build(method: str, **query) -> Timeline:
    return get_method(method).build(story(), Query(QUERY, **query))


def test_methods_registered_and_dateline_is_default() -> None:
    assert {"datewise", "clust", "dateline"} <= set(method_names())
    assert DEFAULT_METHOD == "dateline"


@pytest.mark.parametrize("method", METHODS)
def test_planted_dates_come_out_with_their_own_sentences(method: str) -> None:
    tl = build(method, dates=3, sentences=2)
    assert tl.dates == (COLLAPSE, INQUIRY, REOPEN)
    assert tl.method == method and tl.query == QUERY
    for entry in tl.entries:
        # `dateline` does not show a headline next to its own lead (clean.same_gist), and PM-Mean leaves
        # some days little else
        assert len(entry.sentences) == 2 or (method == "dateline" and len(entry.sentences) == 1)
        if method == "dateline":
            assert not any(same_gist(gist(a.text), gist(b.text))
                           for a, b in itertools.combinations(entry.sentences, 2))
        for s in entry.sentences:
            assert s.article_id.startswith(entry.date.isoformat()), (entry.date, s.article_id)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("dates, sentences", [(1, 1), (2, 3), (3, 1)])
def test_dates_and_sentences_are_respected(method: str, dates: int, sentences: int) -> None:
    tl = build(method, dates=dates, sentences=sentences)
    assert len(tl.entries) == dates
    # PM-Mean may leave a date fewer good candidates than asked for (the inquiry day keeps two of its
    # three on-topic sentences), never more sentences
    assert max(len(e.sentences) for e in tl.entries) <= sentences
    # ... and `dateline` shows a headline or its own lead, not both
    assert min(len(e.sentences) for e in tl.entries) >= (1 if method == "dateline" else min(sentences, 2))


@pytest.mark.parametrize("method", METHODS)
def test_from_to_window_is_respected(method: str) -> None:
    tl = build(method, start=D(2021, 3, 6), end=D(2021, 3, 15), dates=5)
    assert tl.dates and all(D(2021, 3, 6) <= d <= D(2021, 3, 15) for d in tl.dates)
    assert INQUIRY in tl.dates


@pytest.mark.parametrize("method", METHODS)
def test_keyword_filter_keeps_off_topic_days_out(method: str) -> None:
    tl = build(method, dates=10)
    assert BUDGET not in tl.dates  # mentioned more often than any event, but never with a query word
    for entry in tl.entries:
        for s in entry.sentences:
            assert "harbor" in s.text.lower() or "bridge" in s.text.lower()


def test_keyword_free_query_summarises_everything() -> None:
    tl = get_method("datewise").build(story(), Query("the", dates=10))
    assert BUDGET in tl.dates


@pytest.mark.parametrize("method", METHODS)
def test_no_sentence_twice(method: str) -> None:
    # every event sentence exists in four identical wire copies; none may show twice
    tl = build(method, dates=10, sentences=3)
    texts = [" ".join(s.text.lower().split()) for e in tl.entries for s in e.sentences]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize("method", METHODS)
def test_output_does_not_depend_on_input_order(method: str) -> None:
    sents = story()
    shuffled = sents[:]
    random.Random(7).shuffle(shuffled)
    q = Query(QUERY, dates=4, sentences=2)
    assert get_method(method).build(sents, q) == get_method(method).build(shuffled, q)


@pytest.mark.parametrize("method", METHODS)
def test_defaults(method: str) -> None:
    tl = build(method)
    assert max(len(e.sentences) for e in tl.entries) == 2  # --sentences defaults to 2
    # 10 publication days -> default_dates(10) = 6 dates at most; the three events among them
    assert {COLLAPSE, INQUIRY, REOPEN} <= set(tl.dates) and len(tl.entries) <= default_dates(10) == 6
    assert list(tl.dates) == sorted(tl.dates)


@pytest.mark.parametrize("method", METHODS)
def test_empty_and_contentless_input(method: str) -> None:
    m = get_method(method)
    assert m.build([], Query(QUERY)).entries == ()
    only_stop_words = [_sentence("a", 0, "It is what it is.", D(2021, 1, 1), None)]
    assert m.build(only_stop_words, Query(QUERY)).entries == ()


def test_default_dates_grows_with_coverage_and_stays_readable() -> None:
    assert [default_dates(n) for n in (1, 6, 20, 100, 225, 1000)] == [5, 5, 9, 20, 30, 30]


def test_rank_dates_prefers_mentioned_days_and_keeps_the_window() -> None:
    sents = story()
    ranked = rank_dates(sents, D(2021, 3, 1), D(2021, 3, 31))
    assert ranked[0] == BUDGET  # most mentioned day of all
    assert set(ranked[1:4]) == {COLLAPSE, INQUIRY, REOPEN}
    assert all(D(2021, 3, 6) <= d <= D(2021, 3, 12) for d in rank_dates(sents, D(2021, 3, 6), D(2021, 3, 12)))


def test_centroid_opt_picks_the_central_allowed_sentence_and_skips_duplicates() -> None:
    texts = [
        "bridge collapse river rescue",
        "bridge collapse river rescue",  # duplicate of the most central one
        "bridge collapse river",
        "parking budget council",
        "bridge collapse rescue divers",
    ]
    X = tfidf(texts)
    everything = np.ones(len(texts), dtype=bool)
    first, second = centroid_opt(X, everything, 2)
    assert texts[first] == "bridge collapse river rescue" and texts[second] != texts[first]
    not_first = everything.copy()
    not_first[[0, 1]] = False
    assert 0 not in centroid_opt(X, not_first, 3) and 1 not in centroid_opt(X, not_first, 3)
    assert centroid_opt(X, np.zeros(len(texts), dtype=bool), 2) == []


def test_knee_value_is_at_the_bend() -> None:
    # the first value after the drop (axes unscaled, as news-tls's detect_knee_point), so that keeping
    # similarities above it keeps the high plateau
    assert knee_value(np.array([0.9, 0.85, 0.8, 0.2, 0.15, 0.1, 0.05])) == 0.2
    assert knee_value(np.array([0.5])) == 0.5


def test_markov_clustering_splits_two_communities() -> None:
    # two 4-cliques joined by one weak edge, the classic MCL example
    S = np.zeros((8, 8))
    for block in (range(0, 4), range(4, 8)):
        for i in block:
            for j in block:
                S[i, j] = 1.0
    S[3, 4] = S[4, 3] = 0.1
    assert markov_clusters(sparse.csr_matrix(S)) == [(0, 1, 2, 3), (4, 5, 6, 7)]


def test_markov_clustering_matches_the_reference_example() -> None:
    # the example graph shipped with the markov_clustering package, and its documented clusters
    g = np.array([
        [1, 1, 1, 0, 0, 0, 0], [1, 1, 1, 0, 0, 0, 0], [1, 1, 1, 1, 0, 0, 0], [0, 0, 1, 1, 1, 0, 1],
        [0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1, 1],
    ])
    assert markov_clusters(sparse.csr_matrix(g)) == [(0, 1, 2), (3, 4, 5, 6)]


def test_temporal_graph_links_only_articles_a_day_apart() -> None:
    X = tfidf(["bridge collapse river"] * 4)
    days = [D(2021, 3, 1), D(2021, 3, 2), D(2021, 3, 2), D(2021, 3, 4)]
    S = temporal_graph(X, days, max_days=1).toarray()
    assert np.allclose(S, S.T)
    assert S[0, 1] == pytest.approx(1.0) and S[1, 2] == pytest.approx(1.0)
    assert S[0, 3] == 0 and S[2, 3] == 0 and np.all(np.diag(S) == 0)
