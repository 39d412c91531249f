"""Dateline's own method: days chosen by a learned ranker, each summarised from clean candidates.

1. Days. Every day in the window with evidence (named by a sentence, or with articles published on it
   or the day after) gets the features of `dateranker` and is scored by the shipped linear model. A
   benchmark asks for the model trained without the topic it scores (`held_out`), users get the model
   trained on every Timeline17 topic. Digests (one document per day) rank their days by mention count
   instead (`dateranker.DayModel`).
2. Candidates per day: PM-Mean as in DATEWISE (sentences naming the day, lead sentences of articles
   published on it or the day after, filtered by similarity to their joint vector), but only clean
   sentences may be shown: see `is_clean`.
3. Summary per day: CentroidOpt with the keyword filter and no two sentences of one gist
   (`clean.same_gist`: a headline and its own lead); a sentence shown under one day, and every near-copy
   of it (cosine above `MAX_SIM`, the cut CentroidOpt uses within a day), is not shown again: the copies
   in other outlets are credited with it (`Entry.copies`).
4. Each entry carries its `Evidence` (`explain`): what a reader needs to judge why the date is there.

TF-IDF is fitted only on the candidates of the days that can make the timeline (the ranked head,
`HEAD_FACTOR` times the dates asked for), not on the whole input: on a 1,500-article topic that is most
of the build time saved, and the idf of words in the head is what matters for choosing among them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from dateline.model import Entry, Query, Sentence, Timeline
from dateline.timeline import register
from dateline.timeline.common import (
    MAX_SIM,
    centroid_opt,
    chronological,
    keyword_mask,
    reading_order,
    tfidf,
    timeline_shape,
)
from dateline.timeline.clean import gist, is_clean, same_gist
from dateline.timeline.dateranker import DayModel, candidate_days, day_features, day_models, day_words
from dateline.timeline.explain import cues, evidence
from dateline.timeline.datewise import pm_candidates, pm_index

#: Ranked days whose candidates are vectorised: enough that days without a clean summary can be
#: replaced by the next ones, few enough to keep the build fast.
HEAD_FACTOR = 3


@register("dateline")
class Ranked:
    """Learned day ranking, PM-Mean candidates restricted to clean sentences, CentroidOpt summaries."""

    name = "dateline"

    def __init__(self, model: DayModel | None = None) -> None:
        self.model = model or day_models("all")

    def held_out(self, topic: str) -> Ranked:
        """The same method with the model trained without Timeline17 topic `topic` (for the benchmark).

        Unknown topics raise instead of falling back to the model trained on everything, which would
        score a timeline with weights learned from it.
        """
        try:
            return type(self)(day_models(f"loto:{topic}"))
        except KeyError:
            raise ValueError(f"no leave-one-topic-out date ranker for {topic!r}; "
                             f"re-run scripts/train_date_ranker.py") from None

    def summary_vectors(self, sents: Sequence[Sentence], X: sparse.csr_matrix, rows: list[int]
                        ) -> sparse.csr_matrix:
        """The vectors CentroidOpt compares for one day's candidates `rows`: their TF-IDF rows here. A
        variant overrides this one method to try other vectors with the rest of the method unchanged
        (`embedded.Embedded`); it is called per day, so a costly variant pays only for the days visited."""
        return X[rows]

    def build(self, sentences: Sequence[Sentence], query: Query) -> Timeline:
        sents = reading_order(sentences)
        if not sents:
            return Timeline(query.text, self.name)
        start, end, n_dates, k = timeline_shape(sents, query)
        days = candidate_days(sents, start, end)
        model = self.model.for_input(sents)
        features, words = day_features(sents, days, query.keywords), day_words(sents, days)
        order = np.argsort(-model.score(features, words), kind="stable")[: HEAD_FACTOR * n_dates]
        ranked = [days[i] for i in order]

        mentioned, published = pm_index(sents)
        head = sorted({r for d in ranked for r in (*mentioned.get(d, []), *published.get(d, []))})
        X = tfidf_rows(sents, head)
        if X is None:
            return Timeline(query.text, self.name)
        allowed = showable(sents, head, query.keywords)
        X_head = X[head]
        gists: dict[int, frozenset[str]] = {}

        def new_gist(row: int, shown: list[int]) -> bool:
            """A day's sentences say different things: no headline next to its own lead."""
            mine = gists.setdefault(row, gist(sents[row].text))
            return not any(same_gist(mine, gists.setdefault(r, gist(sents[r].text))) for r in shown)

        entries: list[tuple[Entry, int]] = []
        for i, day in zip(order, ranked):
            rows = day_candidates(X, mentioned.get(day, []), published.get(day, []), allowed)
            chosen = centroid_opt(self.summary_vectors(sents, X, rows), allowed[rows], k,
                                  compatible=lambda j, taken: new_gist(rows[j], [rows[t] for t in taken]))
            picked = [rows[j] for j in chosen]
            if picked:
                allowed[picked] = False
                copied = copies(X_head, X[picked])
                allowed[head] &= ~copied.any(axis=1)
                credits = tuple(other_outlets(sents[r], [sents[head[c]] for c in np.flatnonzero(copied[:, n])])
                                for n, r in enumerate(picked))  # copies in reading order, one per outlet
                entries.append((Entry(day, tuple(sents[r] for r in picked), credits), i))
                if len(entries) == n_dates:
                    break
        found = evidence(sents, [e.date for e, _ in entries])
        explained = (dataclasses.replace(e, evidence=dataclasses.replace(found[e.date],
                                                                         cues=cues(model, features, i, words[i])))
                     for e, i in entries)
        return Timeline(query.text, self.name, chronological(explained))


def copies(X: sparse.csr_matrix, shown: sparse.csr_matrix) -> np.ndarray:
    """Which rows of `X` are copies of each shown row (one column per shown row; cosine above
    CentroidOpt's near-duplicate cut MAX_SIM): wire copies and punctuation variants would otherwise
    repeat under neighbouring days, and each is an outlet to credit."""
    return np.asarray((X @ shown.T).todense()) > MAX_SIM


def other_outlets(shown: Sentence, copies: Sequence[Sentence]) -> tuple[Sentence, ...]:
    """One copy per outlet other than the shown sentence's own, in reading order: the outlets to credit."""
    seen = {shown.source}
    out = []
    for c in copies:
        if c.source not in seen:
            seen.add(c.source)
            out.append(c)
    return tuple(out)


def showable(sents: Sequence[Sentence], rows: Sequence[int], keywords: Sequence[str]) -> np.ndarray:
    """Mask over all sentences: True for those of `rows` that contain a keyword and are clean (only
    candidate rows can be shown, so only they are checked)."""
    allowed = np.zeros(len(sents), dtype=bool)
    texts = [sents[r].text for r in rows]
    allowed[list(rows)] = keyword_mask(texts, keywords) & np.fromiter(map(is_clean, texts), bool, len(texts))
    return allowed


def day_candidates(X: sparse.csr_matrix, m_rows: list[int], p_rows: list[int], allowed: np.ndarray) -> list[int]:
    """PM-Mean's candidates for a day; all of M and P when its similarity cut keeps nothing showable."""
    rows = pm_candidates(X, m_rows, p_rows)
    return rows if allowed[rows].any() else m_rows + p_rows


def tfidf_rows(sents: Sequence[Sentence], rows: list[int]) -> sparse.csr_matrix | None:
    """TF-IDF rows fitted on `rows` only, placed at their positions in an all-rows matrix (others zero)."""
    sub = tfidf([sents[r].text for r in rows])
    if sub is None:
        return None
    place = sparse.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(sents), len(rows)))
    return sparse.csr_matrix(place @ sub)
