"""DATEWISE (Gholipour Ghalandari & Ifrim, ACL 2020): rank dates first, then summarise each date.

Follows news-tls at b79c0d1 (../shared/research/anchors-tls.md §4.4) except where noted:

1. TF-IDF `TfidfVectorizer(stop_words='english', lowercase=True)` fitted on every input sentence.
2. Date ranking. news-tls scores dates with a pickled supervised regressor whose training code was never
   released, so it is not used here. Instead, unsupervised, with the two signals issue 2 names:

       score(d) = mentions(d) / all mentions  +  PUB_WEIGHT * published(d) / all published

   mentions(d) counts sentences whose first day-level date is d (news-tls's MentionCount ranker, the
   better of its unsupervised rankers: date F1 0.528 vs 0.49 for publication counts on T17).
   published(d) counts articles published on d or d+1, the same articles PM-Mean draws on for d below
   (news of a day mostly appears the day after). Shares, so that the balance of the two does not
   depend on the corpus size; publications at half weight, because they are smooth (every day of a running story
   has coverage) where mentions peak on the days things happened: on haiti_bbc, equal weights put the
   earthquake day fourth behind three days of aid coverage. Publications still rank the days nobody
   names explicitly (a handful of articles) and separate equally-mentioned days. Remaining ties: more
   mentions first, then earlier. Only days in the window are ranked (--from/--to, defaulting to the
   span of publication dates).
3. Candidates per date, PM-Mean (`PM_Mean_SentenceCollector(clip_sents=5, pub_end=2)`), as the CODE does
   it, not the paper: M_d = sentences whose first day-level date is d; P_d = sentences at positions 0..5
   (`j <= clip_sents`, so six, not the paper's five) that mention no day, of articles published on d or
   d+1 (the paper says d..d+2). The date vector keeps the terms present in both sums,
   x_d = sum(P)/|P| + sum(M)/|M| there and 0 elsewhere; candidates with cosine > 0 and above the knee
   point of the sorted similarities are kept, all of them if none is; only M or only P: all of it.
   news-tls reads the threshold from the unsorted similarity array at the knee's index in the sorted
   one (a bug that makes the cut arbitrary); here it is the sorted value at the knee, as intended.
4. Summary per date: CentroidOpt with the keyword filter and near-duplicate skip (see `common`). A
   sentence already shown under another date is not shown again (`common.text_groups`).
5. Walk the ranked dates, skip dates with an empty summary, stop at `dates`, sort chronologically.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy import sparse

from dateline.model import Entry, Query, Sentence, Timeline
from dateline.timeline import register
from dateline.timeline.common import (
    centroid_opt,
    chronological,
    compact,
    keyword_mask,
    reading_order,
    text_groups,
    tfidf,
    timeline_shape,
)

#: news-tls `clip_sents`: lead sentences 0..CLIP_SENTS of an article stand for its publication date.
CLIP_SENTS = 5
#: Weight of the publication share against the mention share in the date score (module docstring §2).
PUB_WEIGHT = 0.5
#: news-tls `pub_end`: an article's lead speaks for its publication day and the PUB_END - 1 days before.
PUB_END = 2


@register("datewise")
class Datewise:
    """Dates ranked by mentions and publications; each summarised from its PM-Mean candidates."""

    name = "datewise"

    def build(self, sentences: Sequence[Sentence], query: Query) -> Timeline:
        sents = reading_order(sentences)
        X = tfidf([s.text for s in sents])
        if X is None:
            return Timeline(query.text, self.name)
        start, end, n_dates, k = timeline_shape(sents, query)
        texts = [s.text for s in sents]
        allowed = keyword_mask(texts, query.keywords)
        groups = text_groups(texts)
        mentioned, published = pm_index(sents)

        entries: list[Entry] = []
        for day in self.rank(sents, start, end):
            rows = pm_candidates(X, mentioned.get(day, []), published.get(day, []))
            chosen = centroid_opt(X[rows], allowed[rows], k)
            if chosen:
                picked = [rows[i] for i in chosen]
                allowed &= ~np.isin(groups, groups[picked])  # each sentence at most once per timeline
                entries.append(Entry(day, tuple(sents[r] for r in picked)))
                if len(entries) == n_dates:
                    break
        return Timeline(query.text, self.name, chronological(entries))

    def rank(self, sents: Sequence[Sentence], start: dt.date, end: dt.date) -> list[dt.date]:
        """The days in [start, end], best first: the one step PUBCOUNT changes."""
        return rank_dates(sents, start, end)


@register("pubcount")
class PubCount(Datewise):
    """The baseline every method must beat: the days with the most articles published on them, summarised
    like DATEWISE. It needs no time tagger, so it shows what reading the dates inside the text adds."""

    name = "pubcount"

    def rank(self, sents: Sequence[Sentence], start: dt.date, end: dt.date) -> list[dt.date]:
        """Days in [start, end] by the number of articles published on them; ties: earlier first."""
        published = Counter(d for _, d in {(s.article_id, s.published) for s in sents})
        return sorted((d for d in published if start <= d <= end), key=lambda d: (-published[d], d))


def rank_dates(sents: Sequence[Sentence], start: dt.date, end: dt.date) -> list[dt.date]:
    """Days in [start, end], best first, by share of day mentions plus half the share of publications."""
    mentions = Counter(s.event_date for s in sents if s.date_source == "mention")
    published: Counter[dt.date] = Counter()
    for pub in Counter(d for _, d in {(s.article_id, s.published) for s in sents}).elements():
        published.update(pub - dt.timedelta(days=back) for back in range(PUB_END))
    days = {d for d in (*mentions, *published) if start <= d <= end}
    score = day_scores(days, mentions, published)
    return sorted(days, key=lambda d: (-score[d], -mentions[d], d))


def day_scores(days: Iterable[dt.date], mentions: Mapping[dt.date, int], published: Mapping[dt.date, int]
               ) -> dict[dt.date, float]:
    """DATEWISE's score of each of `days` (module docstring §2): its share of the sentences dated to a day
    (`mentions`) plus PUB_WEIGHT times its share of the articles published on it or the day after
    (`published`, an article counted for its day and the PUB_END - 1 days before)."""
    n_mentions, n_published = max(1, sum(mentions.values())), max(1, sum(published.values()))
    return {d: mentions.get(d, 0) / n_mentions + PUB_WEIGHT * published.get(d, 0) / n_published for d in days}


def pm_index(sents: Sequence[Sentence]) -> tuple[dict[dt.date, list[int]], dict[dt.date, list[int]]]:
    """Row numbers of M_d (sentences mentioning d) and P_d (undated lead sentences of articles published
    on d..d+PUB_END-1), for every d at once."""
    mentioned: dict[dt.date, list[int]] = defaultdict(list)
    published: dict[dt.date, list[int]] = defaultdict(list)
    for row, s in enumerate(sents):
        if s.date_source == "mention":
            mentioned[s.event_date].append(row)
        elif s.index <= CLIP_SENTS:
            for back in range(PUB_END):
                published[s.published - dt.timedelta(days=back)].append(row)
    return mentioned, published


def pm_candidates(X: sparse.csr_matrix, m_rows: list[int], p_rows: list[int]) -> list[int]:
    """PM-Mean: the rows of M_d and P_d that are close enough to the date vector (module docstring §3)."""
    if not m_rows or not p_rows:
        return m_rows or p_rows
    rows = m_rows + p_rows
    Xd = compact(X[rows])
    sum_m = np.asarray(Xd[: len(m_rows)].sum(axis=0)).ravel()
    sum_p = np.asarray(Xd[len(m_rows) :].sum(axis=0)).ravel()
    date_vec = np.where((sum_m != 0) & (sum_p != 0), sum_m / len(m_rows) + sum_p / len(p_rows), 0.0)
    norm = np.linalg.norm(date_vec)
    if norm == 0:
        return rows
    sims = (Xd @ date_vec) / norm  # rows are unit length (or empty)
    threshold = knee_value(np.sort(sims)[::-1])
    kept = [r for r, sim in zip(rows, sims) if sim > 0 and sim > threshold]
    return kept or rows


def knee_value(values: np.ndarray) -> float:
    """The value at the knee of a descending curve: the point farthest from the chord joining its ends."""
    n = len(values)
    if n < 3:
        return float(values[0])
    xs = np.arange(n, dtype=float)
    chord = np.array([n - 1, values[-1] - values[0]])
    chord /= np.linalg.norm(chord)
    rel = np.column_stack([xs, values - values[0]])
    dist = np.abs(rel[:, 0] * chord[1] - rel[:, 1] * chord[0])
    return float(values[int(np.argmax(dist))])
