"""Why a date is in a timeline: the evidence behind it, counted from the query's candidate sentences.

The counts are simple on purpose (articles published on the day, sentences and articles naming it,
later articles looking back on it) so that a reader can check them against the articles; the cues name
the day model's strongest reasons in words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from dateline.model import Evidence, Sentence
from dateline.timeline.dateranker import FEATURES, LinearModel

#: How each day feature reads as a reason, when it lifts the day above the average candidate day.
CUE_WORDS = {
    "first_mentions": "many sentences date an event to it",
    "all_mentions": "many sentences name it",
    "articles": "many articles name it",
    "outlets": "several outlets name it",
    "keyword_mentions": "sentences naming it use the query's words",
    "before": "it was announced ahead",
    "soon": "it was reported within two days",
    "late": "it is recalled more than a week later",
    "published": "coverage on the day and the next",
    "title_mentions": "headlines and leads name it",
    "explicit": "named by its calendar date",
    "late_articles": "later articles look back on it",
    "mention_burst": "mentions peak on it",
    "publish_burst": "coverage peaks on it",
    "is_published_only": "only its coverage speaks for it",
    "article_volume": "much evidence overall",
}
#: Reasons shown per date: the strongest feature reasons and the words that weigh most.
TOP_FEATURES = 2
TOP_WORDS = 3


def evidence(sents: Sequence[Sentence], days: Sequence[dt.date]) -> dict[dt.date, Evidence]:
    """The counts of `Evidence` for each of `days` (no cues), over the candidate sentences `sents`."""
    wanted = set(days)
    published: dict[dt.date, set[str]] = defaultdict(set)
    published_outlets: dict[dt.date, set[str]] = defaultdict(set)
    naming = Counter[dt.date]()
    naming_articles: dict[dt.date, set[str]] = defaultdict(set)
    naming_outlets: dict[dt.date, set[str]] = defaultdict(set)
    later: dict[dt.date, set[str]] = defaultdict(set)
    for s in sents:
        if s.published in wanted:
            published[s.published].add(s.article_id)
            published_outlets[s.published].add(s.source)
        for day in set(s.mentioned_days) & wanted if s.timerefs else ():
            naming[day] += 1
            naming_articles[day].add(s.article_id)
            naming_outlets[day].add(s.source)
            if s.published > day:
                later[day].add(s.article_id)
    return {d: Evidence(len(published[d]), len(published_outlets[d]), naming[d], len(naming_articles[d]),
                        len(naming_outlets[d]), len(later[d])) for d in days}


def cues(model: LinearModel, X: np.ndarray, row: int, words: Counter[str]) -> tuple[str, ...]:
    """The day model's strongest reasons for day `row` of feature matrix `X`: the features that lift it
    most above the average candidate day, then the words of its sentences that weigh most for it."""
    lift = (X[row] - X.mean(axis=0)) * np.asarray(model.coef)
    out = [CUE_WORDS[FEATURES[j]] for j in np.argsort(-lift)[:TOP_FEATURES] if lift[j] > 0]
    weights = {w: model.words[w][1] for w in words if w in model.words and model.words[w][1] > 0}
    top = sorted(weights, key=lambda w: (-weights[w], w))[:TOP_WORDS]
    if top:
        out.append("told with " + ", ".join(f"\u2018{w}\u2019" for w in top))
    return tuple(out)
