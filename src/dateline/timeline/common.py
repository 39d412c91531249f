"""Pieces the timeline methods share: TF-IDF vectors, the keyword filter, CentroidOpt, the date window
and the default timeline shape.

They live here once so that DATEWISE, CLUST and later methods differ only in what is really different
about them (how dates are chosen and which sentences compete for a date), which keeps the benchmark a
comparison of ideas rather than of implementation details.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from dateline.model import Entry, Query, Sentence

#: Sentences per date when the query does not say (issue 2: `--sentences` defaults to 2).
DEFAULT_SENTENCES = 2
#: Bounds of the default number of dates: fewer than 5 is hardly a timeline, more than 30 is a list.
MIN_DEFAULT_DATES = 5
MAX_DEFAULT_DATES = 30
#: CentroidOpt's near-duplicate cut (news-tls `max_sim`): a sentence this close to one already in the
#: summary is the same sentence (wire copies, punctuation variants) and is skipped.
MAX_SIM = 0.9999


def new_vectorizer() -> TfidfVectorizer:
    """The TF-IDF setup of news-tls, so that our baselines see sentences the way theirs did."""
    return TfidfVectorizer(stop_words="english", lowercase=True)


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix | None:
    """L2-normalised TF-IDF rows for `texts` (fitted on them), or None when they hold no content word.

    Rows are unit length (or zero), which the fast CentroidOpt below relies on.
    """
    if not texts:
        return None
    try:
        return sparse.csr_matrix(new_vectorizer().fit_transform(texts), dtype=np.float64)
    except ValueError:  # "empty vocabulary": only stop words, numbers of one digit, punctuation
        return None


def keyword_mask(texts: Sequence[str], keywords: Sequence[str]) -> np.ndarray:
    """news-tls's summary filter: a sentence may be shown only if, lower-cased, it contains any query
    keyword as a substring. Without keywords every sentence passes."""
    if not keywords:
        return np.ones(len(texts), dtype=bool)
    return np.fromiter((any(k in t.lower() for k in keywords) for t in texts), dtype=bool, count=len(texts))


def centroid_opt(X: sparse.csr_matrix, allowed: np.ndarray, k: int, max_sim: float = MAX_SIM,
                 compatible: Callable[[int, list[int]], bool] | None = None) -> list[int]:
    """CentroidOpt (Gholipour Ghalandari & Ifrim 2020): pick up to `k` rows of `X` whose normalised sum is
    closest to the centroid of all rows.

    Greedy, as in news-tls: each round scores every remaining row by cos(summary + row, centroid), then
    takes the best one that is `allowed` (keyword filter) and not a near-duplicate (cos > `max_sim`) of a
    row already taken (nor rejected by `compatible(row, taken)`, when given); rows passed over on the way
    are dropped, as there. The centroid is computed over
    all rows, allowed or not. Vectorised: with unit rows x and summary sum s,
    cos(x + s, c) = (x.c + s.c) / sqrt(|x|^2 + 2 x.s + |s|^2), so one round is two sparse products.
    Returns row indices in the order chosen.
    """
    n = X.shape[0]
    if n == 0 or k <= 0:
        return []
    X = compact(X)
    centroid = np.asarray(X.sum(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return []
    centroid /= norm
    row_dot_c = X @ centroid
    row_sq = np.asarray(X.multiply(X).sum(axis=1)).ravel()
    remaining = allowed.copy()
    order = np.arange(n)
    selected: list[int] = []
    summary = np.zeros(X.shape[1])
    while len(selected) < k and remaining.any():
        if selected:
            s_dot_c = summary @ centroid
            denom = np.sqrt(np.maximum(row_sq + 2 * (X @ summary) + summary @ summary, 0.0))
            score = np.divide(row_dot_c + s_dot_c, denom, out=np.zeros(n), where=denom > 0)
        else:
            root = np.sqrt(row_sq)
            score = np.divide(row_dot_c, root, out=np.zeros(n), where=root > 0)
        idx = order[remaining]
        for i in idx[np.argsort(-score[idx], kind="stable")]:
            remaining[i] = False
            if selected and ((X[selected] @ X[i].T).max() > max_sim
                             or (compatible is not None and not compatible(int(i), selected))):
                continue
            selected.append(int(i))
            summary += X[i].toarray().ravel()
            break
    return selected


def text_groups(texts: Sequence[str]) -> np.ndarray:
    """A group number per text, equal for texts that differ only in case and spacing.

    Methods use it to show a sentence at most once per timeline: wire copies and lead sentences that
    stand for two days would otherwise repeat word for word under neighbouring dates (news-tls only
    avoids duplicates within one date's summary; this is our one deliberate change to its output).
    """
    ids: dict[str, int] = {}
    return np.fromiter((ids.setdefault(" ".join(t.lower().split()), len(ids)) for t in texts), dtype=np.int64,
                       count=len(texts))


def compact(X: sparse.csr_matrix) -> sparse.csr_matrix:
    """`X` without its all-zero columns: the same cosines, but dense vectors of the rows' own vocabulary
    instead of the whole corpus's, which is what keeps per-date work small."""
    return X[:, np.unique(X.indices)]


def date_window(sentences: Sequence[Sentence], query: Query) -> tuple[dt.date, dt.date]:
    """The days a timeline may show: the query's --from/--to, each defaulting to the first/last
    publication date of the input (news-tls restricts dates to the collection's span the same way, which
    keeps historical dates that articles merely mention out of a news timeline)."""
    start = query.start or min(s.published for s in sentences)
    end = query.end or max(s.published for s in sentences)
    return start, end


def timeline_shape(sents: Sequence[Sentence], query: Query) -> tuple[dt.date, dt.date, int, int]:
    """(first day, last day, number of dates, sentences per date) of the timeline asked for: the query's
    own values, else `date_window`, `default_dates` over the window's publication days and
    DEFAULT_SENTENCES. One place, so every method answers an under-specified query with the same shape."""
    start, end = date_window(sents, query)
    n_dates = query.dates or default_dates(len({s.published for s in sents if start <= s.published <= end}))
    return start, end, n_dates, query.sentences or DEFAULT_SENTENCES


def default_dates(publication_days: int) -> int:
    """Number of dates when the query does not say: round(2 * sqrt(days with coverage)), kept to 5..30.

    It grows with the number of distinct publication days, but slower than it: a story covered on 20
    days gets 9 dates, one covered on 100 days gets 20, and the long tail of daily coverage does not turn
    the timeline into a diary.
    """
    return max(MIN_DEFAULT_DATES, min(MAX_DEFAULT_DATES, round(2 * math.sqrt(publication_days))))


def reading_order(sentences: Iterable[Sentence]) -> list[Sentence]:
    """Sentences sorted by (published, article, position): methods then give the same timeline whatever
    order the store returned them in."""
    return sorted(sentences, key=lambda s: (s.published, s.article_id, s.index))


def chronological(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    return tuple(sorted(entries, key=lambda e: e.date))
