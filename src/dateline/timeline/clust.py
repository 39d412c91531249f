"""CLUST (Gholipour Ghalandari & Ifrim, ACL 2020): cluster articles into events, date and rank the
clusters, summarise the best ones. The baseline DATEWISE is compared against.

Follows news-tls at b79c0d1 (../shared/research/anchors-tls.md §4.5) except where noted:

1. Articles ("title text") as TF-IDF vectors; a similarity graph with cosine edges only between articles
   published at most MAX_DAYS = 1 day apart (`TemporalMarkovClusterer`). news-tls fills only part of
   that matrix (the upper triangle on the first day, earlier-to-later across days), which makes the
   flow directional by accident; here the graph is symmetric, as Markov clustering assumes.
2. Markov clustering as in `markov_clustering` 0.0.6 `run_mcl`/`get_clusters` with its defaults
   (expansion 2, inflation 2, self-loops 1, at most 100 iterations, pruning below 0.001 keeping each
   column's maximum, convergence when two iterates are allclose), written here on scipy.sparse.
3. Cluster date: the day most often named (first day-level date of a sentence) in the cluster's
   articles, else its earliest publication date. news-tls takes the most-named day even when it lies
   outside the query window; here only days inside it count, so --from/--to hold.
4. Ranking: news-tls's `ClusterDateMentionCountRanker` ends with `sorted(clusters, key=len)`, so its
   effective order is cluster size, with the corpus-wide mention count of the cluster date only breaking
   ties. That is the behaviour the published CLUST numbers come from, so it is the one followed here.
5. Summary per cluster: CentroidOpt (keyword filter, near-duplicate skip) over the first CLIP_SENTS
   sentences of its articles, TF-IDF fitted on the first CLIP_SENTS sentences of all articles; one
   cluster per date; stop at `dates` dates or dates x sentences sentences. As in DATEWISE, a sentence is
   shown at most once per timeline.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from dateline.model import Entry, Query, Sentence, Timeline
from dateline.timeline import register
from dateline.timeline.common import (
    centroid_opt,
    chronological,
    keyword_mask,
    reading_order,
    text_groups,
    tfidf,
    timeline_shape,
)

#: news-tls `clip_sents` for CLUST: an article's first five sentences stand for it in summaries.
CLIP_SENTS = 5
#: `TemporalMarkovClusterer(max_days=1)`: articles further apart in publication are never linked.
MAX_DAYS = 1


@register("clust")
class Clust:
    """Events as Markov clusters of articles published close together; biggest clusters first."""

    name = "clust"

    def build(self, sentences: Sequence[Sentence], query: Query) -> Timeline:
        sents = reading_order(sentences)
        articles = _articles(sents)
        doc_vectors = tfidf([text for _, text, _ in articles])
        if doc_vectors is None:
            return Timeline(query.text, self.name)
        start, end, n_dates, k = timeline_shape(sents, query)

        lead = [s for s in sents if s.index < CLIP_SENTS]
        X = tfidf([s.text for s in lead])
        if X is None:
            return Timeline(query.text, self.name)
        allowed = keyword_mask([s.text for s in lead], query.keywords)
        groups = text_groups([s.text for s in lead])
        lead_rows: dict[str, list[int]] = defaultdict(list)
        for row, s in enumerate(lead):
            lead_rows[s.article_id].append(row)

        ids = [aid for aid, _, _ in articles]
        pubs = [pub for _, _, pub in articles]
        clusters = markov_clusters(temporal_graph(doc_vectors, pubs, MAX_DAYS))
        mentions = Counter(s.event_date for s in sents if s.date_source == "mention")
        by_article: dict[str, list[Sentence]] = defaultdict(list)
        for s in sents:
            by_article[s.article_id].append(s)
        dated = []
        for members in clusters:
            named = Counter(
                s.event_date
                for i in members
                for s in by_article[ids[i]]
                if s.date_source == "mention" and start <= s.event_date <= end
            )
            day = named.most_common(1)[0][0] if named else min(pubs[i] for i in members)
            dated.append((members, day))
        # news-tls's effective ranking (module docstring §4): size, then mentions of the cluster's date.
        dated.sort(key=lambda c: (-len(c[0]), -mentions[c[1]], c[0]))

        entries: dict[dt.date, Entry] = {}
        n_sents = 0
        for members, day in dated:
            if day in entries or not start <= day <= end:
                continue
            rows = [r for i in sorted(members, key=lambda i: (pubs[i], ids[i])) for r in lead_rows[ids[i]]]
            chosen = centroid_opt(X[rows], allowed[rows], k)
            if not chosen:
                continue
            picked = [rows[i] for i in chosen]
            allowed &= ~np.isin(groups, groups[picked])
            entries[day] = Entry(day, tuple(lead[r] for r in picked))
            n_sents += len(picked)
            if len(entries) >= n_dates or n_sents >= n_dates * k:
                break
        return Timeline(query.text, self.name, chronological(entries.values()))


def _articles(sents: Sequence[Sentence]) -> list[tuple[str, str, dt.date]]:
    """(id, "title text", published) per article, in reading order, rebuilt from its sentences."""
    texts: dict[str, list[str]] = {}
    meta: dict[str, tuple[str, dt.date]] = {}
    for s in sents:
        texts.setdefault(s.article_id, []).append(s.text)
        meta.setdefault(s.article_id, (s.title, s.published))
    return [(aid, " ".join([meta[aid][0], *parts]).strip(), meta[aid][1]) for aid, parts in texts.items()]


def temporal_graph(X: sparse.csr_matrix, published: Sequence[dt.date], max_days: int) -> sparse.csr_matrix:
    """Symmetric cosine similarities between articles (unit rows of X) published <= max_days apart.

    Built one day at a time against itself and the days that follow it, so the cost is that of the
    edges, not of all pairs of articles.
    """
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for i, day in enumerate(published):
        by_day[day].append(i)
    rows, cols, vals = [], [], []

    def add(a: list[int], b: list[int], mirror: bool) -> None:
        block = (X[a] @ X[b].T).tocoo()
        r, c = np.asarray(a)[block.row], np.asarray(b)[block.col]
        keep = r != c
        rows.append(r[keep]), cols.append(c[keep]), vals.append(block.data[keep])
        if mirror:
            rows.append(c[keep]), cols.append(r[keep]), vals.append(block.data[keep])

    for day, here in by_day.items():
        add(here, here, mirror=False)  # the same-day block is already symmetric
        later = [j for k in range(1, max_days + 1) for j in by_day.get(day + dt.timedelta(days=k), [])]
        if later:
            add(here, later, mirror=True)
    n = X.shape[0]
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))


def markov_clusters(
    S: sparse.spmatrix,
    expansion: int = 2,
    inflation: float = 2.0,
    loop_value: float = 1.0,
    iterations: int = 100,
    pruning_threshold: float = 0.001,
) -> list[tuple[int, ...]]:
    """Markov clustering (van Dongen) of similarity graph `S`; clusters as sorted tuples of node ids.

    Same steps and defaults as `markov_clustering.run_mcl` + `get_clusters`: set the diagonal to
    `loop_value`, make columns stochastic, then repeat expansion (matrix power), inflation (elementwise
    power, columns renormalised) and pruning (entries below the threshold dropped, each column's maximum
    kept) until two iterates are allclose. Nodes in the row of an attractor (non-zero diagonal) form its
    cluster.
    """
    M = sparse.csc_matrix(S, dtype=np.float64, copy=True)
    M.setdiag(loop_value)
    M = normalize(M, norm="l1", axis=0)
    for _ in range(iterations):
        last = M
        for _ in range(expansion - 1):
            M = M @ last
        M = normalize(sparse.csc_matrix(M).power(inflation), norm="l1", axis=0)
        M = _prune(M, pruning_threshold)
        if (abs(M - last) - 1e-5 * abs(last)).max() <= 1e-8:  # numpy's allclose, as markov_clustering
            break
    M = sparse.csr_matrix(M)
    attractors = np.flatnonzero(M.diagonal())
    return sorted({tuple(int(j) for j in np.sort(M[a].indices[M[a].data != 0])) for a in attractors})


def _prune(M: sparse.csc_matrix, threshold: float) -> sparse.csc_matrix:
    """Drop entries below `threshold`, but never a column's largest entry (markov_clustering's rule)."""
    kept = sparse.csc_matrix(M.multiply(M >= threshold))
    cols = np.arange(M.shape[1])
    best_rows = np.asarray(M.argmax(axis=0)).ravel()
    best_vals = np.asarray(M[best_rows, cols]).ravel()
    low = (best_vals < threshold) & (best_vals > 0)  # columns whose every entry was just dropped
    restore = sparse.csc_matrix((best_vals[low], (best_rows[low], cols[low])), shape=M.shape)
    return kept + restore
