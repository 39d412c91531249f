"""Dateline's own method: days chosen by a learned ranker, each summarised from clean candidates.

1. Days. Every day in the window with evidence (named by a sentence, or with articles published on it
   or the day after) gets the features of `dateranker` and is scored by the shipped linear model. A
   benchmark asks for the model trained without the topic it scores (`held_out`), users get the model
   trained on every Timeline17 topic. Digests (one document per day) rank their days by mention count
   instead, and short articles (feed entries, excerpts) blend the model with DATEWISE's day score
   (`dateranker.DayModel`).
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

The method asks a `days.DaySource` (`build_from`) rather than holding every candidate sentence: counts per
day for step 1, then the sentences of the ranked head only. From a store that counts in SQL this keeps a
timeline's time and memory near constant as the archive grows; `build(sentences)` asks the same questions
of sentences in memory (`days.SentencePool`), with the same answers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

from dateline.model import Coverage, DayTally, Entry, Query, Sentence, Timeline
from dateline.timeline import register
from dateline.timeline.clean import gist, is_clean, same_gist
from dateline.timeline.common import (
    DEFAULT_SENTENCES,
    MAX_SIM,
    centroid_opt,
    chronological,
    default_dates,
    keyword_mask,
    tfidf,
)
from dateline.timeline.dateranker import DayModel, day_models, zscore
from dateline.timeline.dateranker import features as day_features
from dateline.timeline.datewise import CLIP_SENTS, PUB_END, day_scores, pm_candidates
from dateline.timeline.days import SENTENCE_CAP, WORD_CAP, DaySource, SentencePool, candidate_days, day_rows
from dateline.timeline.explain import cues, evidence

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
        return self.build_from(SentencePool(sentences), query)

    def build_from(self, source: DaySource, query: Query) -> Timeline:
        """The timeline from a `DaySource`: what `build` does, reading only the ranked days' sentences."""
        publications = source.publications()
        if not publications:
            return Timeline(query.text, self.name)
        start, end = query.start or min(publications), query.end or max(publications)
        n_dates = query.dates or default_dates(sum(start <= d <= end for d in publications))
        k = query.sentences or DEFAULT_SENTENCES
        tallies = source.tallies(start, end, query.keywords)
        days = candidate_days(tallies, publications, start, end)
        model, blend = self.model.for_input(source)
        features = day_features(days, tallies, publications)
        naming = source.naming_words(days, query.keywords, WORD_CAP, model.counted_words)
        words = [naming.get(d, Counter()) for d in days]
        scores = model.score(features, words)
        datewise = zscore(datewise_scores(days, tallies, publications)) if blend else None
        if datewise is not None:
            scores = zscore(scores) + blend * datewise
        order = np.argsort(-scores, kind="stable")[: HEAD_FACTOR * n_dates]
        ranked = [days[i] for i in order]

        sents, mentioned, published = day_rows(*source.day_sentences(ranked, query.keywords, SENTENCE_CAP,
                                                                    CLIP_SENTS, PUB_END))
        X = tfidf([s.text for s in sents])
        if X is None:
            return Timeline(query.text, self.name)
        allowed = keyword_mask([s.text for s in sents], query.keywords)  # and clean: see `check_clean`
        unchecked = allowed.copy()
        gists: dict[int, frozenset[str]] = {}

        def new_gist(row: int, shown: list[int]) -> bool:
            """A day's sentences say different things: no headline next to its own lead."""
            mine = gists.setdefault(row, gist(sents[row].text))
            return not any(same_gist(mine, gists.setdefault(r, gist(sents[r].text))) for r in shown)

        entries: list[tuple[Entry, int]] = []
        for i, day in zip(order, ranked):
            check_clean(sents, mentioned.get(day, []) + published.get(day, []), allowed, unchecked)
            rows = day_candidates(X, mentioned.get(day, []), published.get(day, []), allowed)
            chosen = centroid_opt(self.summary_vectors(sents, X, rows), allowed[rows], k,
                                  compatible=lambda j, taken: new_gist(rows[j], [rows[t] for t in taken]))
            picked = [rows[j] for j in chosen]
            if picked:
                allowed[picked] = False
                copied = copies(X, X[picked])
                allowed &= ~copied.any(axis=1)
                credits = tuple(other_outlets(sents[r], [sents[c] for c in np.flatnonzero(copied[:, n])])
                                for n, r in enumerate(picked))  # copies in reading order, one per outlet
                entries.append((Entry(day, tuple(sents[r] for r in picked), credits), i))
                if len(entries) == n_dates:
                    break
        found = evidence([e.date for e, _ in entries], tallies, publications)
        explained = (dataclasses.replace(e, evidence=dataclasses.replace(
                         found[e.date], cues=cues(model, features, i, words[i],
                                                  None if datewise is None else float(datewise[i]))))
                     for e, i in entries)
        return Timeline(query.text, self.name, chronological(explained))


def datewise_scores(days: Sequence[dt.date], tallies: Mapping[dt.date, DayTally],
                    publications: Mapping[dt.date, Coverage]) -> np.ndarray:
    """DATEWISE's score of each of `days` from a `DaySource`'s counts: sentences dated to the day, and
    articles published on it or the day after (shares over the window's days)."""
    one_day = dt.timedelta(days=1)
    mentions = {d: t.first_mentions for d, t in tallies.items()}
    published = {d: sum(c.articles for c in (publications.get(d), publications.get(d + one_day)) if c)
                 for d in days}
    found = day_scores(days, mentions, published)
    return np.fromiter((found[d] for d in days), float, len(days))


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


def check_clean(sents: Sequence[Sentence], rows: Sequence[int], allowed: np.ndarray, unchecked: np.ndarray) -> None:
    """Only clean sentences may be shown: clear `allowed` for the unclean of `rows` not checked yet.

    Checked day by day, as the summary loop reaches a day, and only for sentences with a keyword (the
    others are never allowed): the cleanliness test is the dearest step per sentence, and the loop
    usually stops long before the last ranked day.
    """
    todo = [r for r in rows if unchecked[r]]
    unchecked[todo] = False
    allowed[todo] &= np.fromiter((is_clean(sents[r].text) for r in todo), bool, len(todo))


def day_candidates(X: sparse.csr_matrix, m_rows: list[int], p_rows: list[int], allowed: np.ndarray) -> list[int]:
    """PM-Mean's candidates for a day; all of M and P when its similarity cut keeps nothing showable."""
    rows = pm_candidates(X, m_rows, p_rows)
    return rows if allowed[rows].any() else m_rows + p_rows
