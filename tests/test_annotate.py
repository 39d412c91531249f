"""Annotation of a whole article: one tagger call per article must mean the same as one per sentence."""

from __future__ import annotations

import datetime as dt

from conftest import SEED, need_shared

from dateline.annotate import annotate, default_tagger, split_sentences
from dateline.model import Article
from dateline.sources import read

DCT = dt.date(2019, 2, 28)  # a Thursday


def article(text: str, published: dt.date = DCT) -> Article:
    return Article(id="a", url="", source="test", published=published, title="", text=text)


def test_offsets_are_relative_to_the_sentence() -> None:
    sentences = annotate(article("Talks began on Monday.\nThey resumed on March 1, 2019, in Hanoi."))
    assert [s.event_date for s in sentences] == [dt.date(2019, 2, 25), dt.date(2019, 3, 1)]
    for s in sentences:
        assert s.timerefs and all(s.text[r.start:r.end] == r.text for r in s.timerefs)


def test_tense_is_judged_per_sentence() -> None:
    # The first sentence is future, the second past: each resolves its own "Tuesday".
    sentences = annotate(article("Will the talks resume on Tuesday ?\nThe talks stalled on Tuesday ."))
    assert [s.event_date for s in sentences] == [dt.date(2019, 3, 5), dt.date(2019, 2, 26)]


def test_no_expression_spans_two_sentences() -> None:
    # Alone on their lines, "in May" (past tense: last year) and "2010" are two expressions; glued by a
    # bare line break they would read "May 2010".
    sentences = annotate(article("Prices fell in May\n2010 was a bad year for the markets ."))
    assert [[r.value for r in s.timerefs] for s in sentences] == [["2018-05"], ["2010"]]


def test_a_bare_clock_time_falls_on_the_day_last_mentioned() -> None:
    sentences = annotate(article("The march began on Tuesday .\nPolice arrived at 3 p.m. ."))
    assert sentences[1].event_date == dt.date(2019, 2, 26)


def test_same_values_as_tagging_each_sentence_on_the_seed() -> None:
    (seed,) = read([need_shared(SEED)])
    tagger = default_tagger()
    alone = [[(r.text, r.start, r.value) for r in tagger.tag(t, seed.published)] for t in split_sentences(seed.text)]
    together = [[(r.text, r.start, r.value) for r in s.timerefs] for s in annotate(seed, tagger)]
    assert together == alone and any(together)
