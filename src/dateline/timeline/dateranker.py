"""Which days deserve a place in a timeline: features per day and a small learned linear ranker.

Reference timelines mostly list days that the articles themselves name, but counting mentions
(news-tls's MentionCount) treats every mention alike. Editors' days differ from merely mentioned days in
*how* they are mentioned: by many articles and outlets, soon after the day and again long after it,
together with the topic's keywords, and with a burst of coverage that stands out from the neighbouring
days. Each signal is one feature below; a logistic regression learns how much each is worth.

Counts are turned into per-corpus shares of their maximum (log scale), so that a model trained on one
corpus size applies to another. The coefficients live in `date_ranker.json`, written by
`scripts/train_date_ranker.py`: one model trained on every Timeline17 topic (what users get) and one per
held-out topic (what the benchmarks use, so no timeline is scored with weights learned from it).

Two forms of input are ranked differently (`DayModel`). Articles (one to many a day, each written on
its publication day about days before it) are ranked by the model trained on Timeline17. A digest (one
document per day holding the sentences that name that day: a liveblog, a daily digest, the Crisis input
we have) breaks what that model relies on: a day's mentions all sit in its own document, so "articles
naming the day" is one for nearly every day. Digests are ranked by how many sentences date an event to
the day (`MENTION_COUNT`): a model trained on Timeline17 turned into digests did not carry over to the
digests of other stories (see `MENTION_COUNT`). Short articles (feed entries, excerpts: SHORT_SENTENCES)
keep the article model but blend in DATEWISE's day score (SHORT_BLEND), which their few sentences
support better than the model's counts of how a day is named.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from dateline.model import Coverage, DayTally, Sentence
from dateline.text import letter_runs
from dateline.timeline.days import DaySource, SentencePool
from dateline.timeline.days import candidate_days as days_with_evidence

MODEL_FILE = Path(__file__).with_name("date_ranker.json")

#: Days around d whose coverage is d's background when measuring a burst.
BURST_WINDOW = 7

FEATURES = (
    "first_mentions",   # sentences whose first day-level date is d (MentionCount)
    "all_mentions",     # sentences naming d anywhere
    "articles",         # distinct articles naming d
    "outlets",          # distinct outlets naming d
    "keyword_mentions", # sentences naming d that contain a query keyword
    "before",           # mentions published before d (announcements, schedules)
    "soon",             # mentions published d..d+SOON_DAYS (reports of the day)
    "late",             # mentions published after d+LATE_DAYS (looked back on: it mattered)
    "published",        # articles published on d or d+1
    "title_mentions",   # lead sentences (index 0..1) naming d
    "explicit",         # mentions written as a calendar date ("May 12", "12/5/2010"), not "Tuesday"
    "late_articles",    # distinct articles naming d more than LATE_DAYS after it
    "mention_burst",    # log ratio of d's mentions to its neighbours' (a peak, not a plateau)
    "publish_burst",    # log ratio of d's publications to its neighbours'
    "is_published_only",  # 1 when nobody names d: only publication evidence
    "article_volume",   # log(1 + articles naming d), unscaled: absolute strength of the evidence
)

#: Words of two letters or more, lower-cased; the vocabulary of `day_words`.
_STOP = frozenset(ENGLISH_STOP_WORDS)
# A day's words are the runs of ASCII letters a-z of its lower-cased texts (`letter_runs`), single letters
# dropped with the stop words.
_DROPPED = _STOP | frozenset(string.ascii_lowercase)


def day_features(sentences: Sequence[Sentence], days: Sequence[dt.date], keywords: Sequence[str]) -> np.ndarray:
    """One row of FEATURES per day in `days`, from the candidate sentences of a query."""
    pool = SentencePool(sentences)
    if not days:
        return features([], {}, {})
    return features(days, pool.tallies(min(days), max(days), keywords), pool.publications())


def features(days: Sequence[dt.date], tallies: Mapping[dt.date, DayTally],
             publications: Mapping[dt.date, Coverage]) -> np.ndarray:
    """One row of FEATURES per day in `days`, from a `DaySource`'s tallies and publications."""
    n = len(days)
    empty = DayTally(*[0] * len(fields(DayTally)))
    rows = [tallies.get(d, empty) for d in days]
    counts = {name: np.fromiter((getattr(t, name) for t in rows), float, n) for name in FEATURES[:12]
              if name != "published"}
    one_day = dt.timedelta(days=1)
    counts["published"] = np.fromiter(
        (_articles(publications, d) + _articles(publications, d + one_day) for d in days), float, n)
    columns = [_share(counts[name]) for name in FEATURES[:12]]
    columns.append(_burst(days, counts["all_mentions"]))
    columns.append(_burst(days, counts["published"]))
    columns.append((counts["all_mentions"] == 0).astype(float))
    columns.append(np.log1p(counts["articles"]))
    return np.column_stack(columns) if n else np.zeros((0, len(FEATURES)))


def _articles(publications: Mapping[dt.date, Coverage], day: dt.date) -> int:
    found = publications.get(day)
    return found.articles if found else 0


def _share(values: np.ndarray) -> np.ndarray:
    """log(1 + v) / log(1 + max v): scale-free, so corpora of any size give comparable features."""
    top = values.max(initial=0.0)
    return np.log1p(values) / np.log1p(top) if top > 0 else np.zeros_like(values)


def _burst(days: Sequence[dt.date], values: np.ndarray) -> np.ndarray:
    """log((1 + v_d) / (1 + mean of v over the BURST_WINDOW days either side of d, d excluded)).

    All days at once, from the values laid out on every day of their span (thousands of candidate days
    on a large archive); the counts are whole numbers, so their sums are exact in any order."""
    if not len(days):
        return np.zeros(0)
    at = np.fromiter((d.toordinal() for d in days), np.int64, len(days))
    at -= at.min() - BURST_WINDOW
    laid_out = np.zeros(int(at.max()) + BURST_WINDOW + 1)
    laid_out[at] = values
    around = np.array([o for o in range(-BURST_WINDOW, BURST_WINDOW + 1) if o])
    return np.log1p(values) - np.log1p(laid_out[at[:, None] + around].mean(axis=1))


def candidate_days(sentences: Sequence[Sentence], start: dt.date, end: dt.date) -> list[dt.date]:
    """Days in [start, end] with any evidence: named by a sentence, or with articles published on d/d+1."""
    pool = SentencePool(sentences)
    return days_with_evidence(pool.tallies(start, end, ()), pool.publications(), start, end)


def day_words(sentences: Sequence[Sentence], days: Sequence[dt.date]) -> list[Counter[str]]:
    """Word counts (stop words dropped) of the sentences naming each day in `days`.

    Counts say how strongly a day is evidenced; the words say what kind of day it is. Across topics,
    editors' days are told with words like "announced", "killed", "vote" or "agreed", merely mentioned
    days with "scheduled", "expected" or "since"; the model learns which words those are from topics
    other than the one it ranks (its vocabulary keeps only words used in several training topics, so it
    cannot learn one topic's names).
    """
    return words_of(SentencePool(sentences).naming_texts(days, (), None), days)


def words_of(naming: Mapping[dt.date, Sequence[str]], days: Sequence[dt.date]) -> list[Counter[str]]:
    """`day_words` from the texts naming each day (`DaySource.naming_texts`)."""
    out = []
    for d in days:
        # one pass over the day's texts joined (a newline never joins two words), stop words dropped after
        # counting: the same counts as word by word, at a third of the cost on a thousand candidate days
        counts = Counter(letter_runs("\n".join(naming.get(d, ()))))
        for word in _DROPPED.intersection(counts):
            del counts[word]
        out.append(counts)
    return out


@dataclass(frozen=True)
class LinearModel:
    """Logistic-regression weights over FEATURES and over the words of a day; only the order of scores
    matters for ranking.

    `words` maps a word to (idf, weight). A day's words enter as the L2-normalised sublinear TF-IDF
    vector of its `day_words` counts (scikit-learn's `TfidfVectorizer(sublinear_tf=True)` over the
    model's vocabulary), dotted with the weights.
    """

    coef: tuple[float, ...]
    intercept: float
    words: Mapping[str, tuple[float, float]] = field(default_factory=dict)

    def score(self, X: np.ndarray, words: Sequence[Counter[str]] = ()) -> np.ndarray:
        scores = X @ np.asarray(self.coef) + self.intercept
        if self.words and len(words):
            scores = scores + self._word_scores(words)
        return scores

    def _word_scores(self, words: Sequence[Counter[str]]) -> np.ndarray:
        """Each day's word score, all days at once: thousands of candidate days on a large archive, each
        with hundreds of words, were seconds one word at a time. The vocabulary's words of each day are
        picked by a set intersection (in C), and the sums done by numpy."""
        index, idf, weight = self._vocabulary
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for row, day in enumerate(words):
            found = day.keys() & index.keys()
            rows += [row] * len(found)
            cols += map(index.__getitem__, found)
            counts += map(day.__getitem__, found)
        tf = 1.0 + np.log(np.asarray(counts, dtype=float))
        at = np.asarray(cols, dtype=np.int64)
        dot = np.bincount(rows, tf * weight[at], minlength=len(words))
        norm2 = np.bincount(rows, (tf * idf[at]) ** 2, minlength=len(words))
        return np.divide(dot, np.sqrt(norm2), out=np.zeros(len(words)), where=norm2 > 0)

    @functools.cached_property
    def counted_words(self) -> frozenset[str]:
        """The words whose counts the score reads: its vocabulary, less those `day_words` never counts."""
        return frozenset(self.words) - _DROPPED

    @functools.cached_property
    def _vocabulary(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """The model's words numbered, with their idf and weight as arrays."""
        return ({w: i for i, w in enumerate(self.words)}, np.fromiter((v[0] for v in self.words.values()), float),
                np.fromiter((v[1] for v in self.words.values()), float))


#: A corpus is a digest when it has at most this many documents per publication day, documents of
#: DIGEST_MIN_SENTENCES sentences or more on average, and at least DIGEST_SELF_DATED of its dated
#: sentences name their own document's day. Both thresholds were chosen on the Timeline17 shapes, never
#: on Crisis (2026-12-05): the ``dated-sentences`` corpora have exactly 1.00 document a day, every other
#: shape 1.18 or more (midpoint 1.09); 0.715 to 0.979 of their dated sentences name their own day, 0.563
#: at most in the shapes of whole articles (t17, small, pooled; midpoint 0.64).
DIGEST_DOCS_PER_DAY = 1.09
DIGEST_SELF_DATED = 0.64
#: A sparse feed (one short article a day) is still articles: a digest's documents gather every sentence
#: naming their day, dozens of them. A judgement, not fitted: no training shape falls between.
DIGEST_MIN_SENTENCES = 10


def is_digest(sentences: Sequence[Sentence]) -> bool:
    """Whether the input is one long document per day gathering the sentences that name that day (see
    DIGEST_DOCS_PER_DAY), not articles. A sparse corpus of long articles, one a day, fails the last test:
    articles mostly name days other than their own publication day."""
    return source_is_digest(SentencePool(sentences))


def source_is_digest(source: DaySource) -> bool:
    """`is_digest` of the articles a `DaySource` holds."""
    published = source.publications().values()
    docs, days = sum(c.articles for c in published), len(published)
    if not days or docs / days > DIGEST_DOCS_PER_DAY or sum(c.sentences for c in published) / docs < DIGEST_MIN_SENTENCES:
        return False
    dated, own_day = source.self_dated()
    return dated > 0 and own_day / dated >= DIGEST_SELF_DATED


#: How digests rank their days: by the sentences dating an event to the day (news-tls's MentionCount,
#: DATEWISE's day ranking), publications only breaking ties. Chosen on Crisis, leave-one-topic-out
#: (2026-12-05, `scripts/train_date_ranker.py --check-digest`): for each held-out Crisis topic, among a
#: model trained on Timeline17 turned into digests (without the held-out story: Timeline17's egypt, libya
#: and syria are Crisis's stories too), its blends with this count, and this count alone, the best on the
#: other three topics was this count in all four folds. The trained digest model had looked better on
#: Crisis only while the same stories were in its training data (held-out R-precision of days 0.332
#: with them, 0.304 without; this count 0.336).
MENTION_COUNT = LinearModel(tuple(1.0 if f == "first_mentions" else 1e-3 if f == "published" else 0.0
                                  for f in FEATURES), 0.0)


#: Articles shorter than this many sentences on average (feed entries, excerpts, snippets) are "short":
#: their days are ranked by the article model's z-score plus SHORT_BLEND times the z-score of DATEWISE's
#: day score (`datewise.day_scores`). In a short text the few sentences there are mostly lead and
#: headline, which rarely name a day, so the model's counts of how a day is named (by how many articles,
#: outlets, later articles) rest on a handful of mentions, and DATEWISE's plain shares of mentions and
#: publications are the steadier signal. These two are chosen by `scripts/choose_short_blend.py`
#: (2026-12-06) on shapes drawn with seeds other than the bench's: the threshold is the midpoint between
#: the shapes of cut articles and those of whole ones, SHORT_BLEND by leave-one-topic-out on short shapes.
#: Checked on real feed entries (2026-12-06, the nine development stories of bench/topics/real-feeds-dev.json,
#: never the bench's four): weights 4, 8, 16 and DATEWISE's score alone give the same date F1 there, so the
#: weight is not why `dateline` trails DATEWISE on feeds (bench/results/shapes.md, fourth session).
SHORT_SENTENCES = 12.8
SHORT_BLEND = 4.0
#: Short documents most of whose sentences date an event are not articles but a digest's entries (a
#: liveblog's or a day digest's, too short for `is_digest`'s DIGEST_MIN_SENTENCES): they keep the article
#: model alone, as before the blend. Chosen by the same script on the forms of the shapes, not on scores:
#: the midpoint between the cut-article shapes drawn with seed 1 (at most 0.35 of their sentences dated
#: by a mention) and ``dated-sentences`` (at least 0.72).
SHORT_MAX_DATED = 0.53


def mean_sentences(publications: Mapping[dt.date, Coverage]) -> float:
    """Mean sentences per article of a `DaySource.publications()`."""
    articles = sum(c.articles for c in publications.values())
    return sum(c.sentences for c in publications.values()) / articles if articles else 0.0


def dated_share(source: DaySource, publications: Mapping[dt.date, Coverage]) -> float:
    """The share of the input's sentences (`publications`: its `publications()`) that date an event by a
    mention: near 1 in a digest, a third or less in articles."""
    sentences = sum(c.sentences for c in publications.values())
    return source.self_dated()[0] / sentences if sentences else 0.0


def zscore(values: np.ndarray) -> np.ndarray:
    """`values` centred on their mean and divided by their standard deviation (centred only if it is 0)."""
    sd = values.std()
    return (values - values.mean()) / sd if sd > 0 else values - values.mean()


@dataclass(frozen=True)
class DayModel:
    """The day ranker for every form of input: `articles` for article corpora, `digest` for digests, and
    for short articles `articles` blended with DATEWISE's day score at weight `short_blend`."""

    articles: LinearModel
    digest: LinearModel = MENTION_COUNT
    short_blend: float = SHORT_BLEND
    short_sentences: float = SHORT_SENTENCES

    def for_input(self, source: DaySource) -> tuple[LinearModel, float]:
        """The model that ranks the input's days, and the weight of DATEWISE's day score to blend with its
        z-scores (0: none). Digests are never blended, short ones neither (SHORT_MAX_DATED): the blend was
        chosen on articles."""
        if source_is_digest(source):
            return self.digest, 0.0
        publications = source.publications()
        short = (mean_sentences(publications) < self.short_sentences
                 and dated_share(source, publications) < SHORT_MAX_DATED)
        return self.articles, self.short_blend if short else 0.0


def day_models(key: str, path: Path = MODEL_FILE) -> DayModel:
    """The day models of `key` ("all" or "loto:<topic>"); KeyError when there is none."""
    return DayModel(load_models(path)[key])


@cache
def load_models(path: Path = MODEL_FILE, features: tuple[str, ...] = FEATURES) -> dict[str, LinearModel]:
    """The shipped article models of a file: key "all" (trained on every T17 topic) and "loto:<topic>"
    (without <topic>).

    Raises if the file was trained on other features than the caller computes, rather than scoring
    with weights that belong to different columns.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != features:
        raise ValueError(f"{path}: trained on features {data['features']}, expected {list(features)}; "
                         f"re-run scripts/train_date_ranker.py")
    return {key: LinearModel(tuple(m["coef"]), float(m["intercept"]),
                             {w: (idf, weight) for w, idf, weight in m.get("words", ())})
            for key, m in data["models"].items()}
