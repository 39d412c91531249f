"""Why a date is in a timeline: the evidence behind it, counted over the articles matching the query.

The counts are simple on purpose (articles published on the day, sentences and articles naming it,
later articles looking back on it) so that a reader can check them against the articles; the cues name
the day model's strongest reasons in words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from dateline.model import Coverage, DayTally, Evidence
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


def evidence(days: Sequence[dt.date], tallies: Mapping[dt.date, DayTally],
             publications: Mapping[dt.date, Coverage]) -> dict[dt.date, Evidence]:
    """The counts of `Evidence` for each of `days` (no cues), from a `DaySource`'s tallies and publications."""
    out = {}
    for d in days:
        named, published = tallies.get(d), publications.get(d)
        out[d] = Evidence(published.articles if published else 0, published.outlets if published else 0,
                          *((named.all_mentions, named.articles, named.outlets, named.later_articles) if named
                            else (0, 0, 0, 0)))
    return out


def cues(model: LinearModel, X: np.ndarray, row: int, words: Counter[str], datewise: float | None = None
         ) -> tuple[str, ...]:
    """The day model's strongest reasons for day `row` of feature matrix `X`: the features that lift it
    most above the average candidate day, then the words of its sentences that weigh most for it; then,
    when the ranking blended in DATEWISE's day score (short articles, `dateranker.DayModel`), that it did
    and where the day stands on it (`datewise`: the day's z-score of that score)."""
    lift = (X[row] - X.mean(axis=0)) * np.asarray(model.coef)
    out = [CUE_WORDS[FEATURES[j]] for j in np.argsort(-lift)[:TOP_FEATURES] if lift[j] > 0]
    weights = {w: model.words[w][1] for w in words if w in model.words and model.words[w][1] > 0}
    top = sorted(weights, key=lambda w: (-weights[w], w))[:TOP_WORDS]
    if top:
        out.append("told with " + ", ".join(f"\u2018{w}\u2019" for w in top))
    if datewise is not None:
        out.append(f"short articles, so its share of dated sentences and coverage counts too "
                   f"({'above' if datewise > 0 else 'not above'} the average day)")
    return tuple(out)
