"""The optional method `dateline-emb`: a clear error without the `embeddings` extra; with it, the real
MiniLM model on real text (the demo corpus), offline.

CI does not install the extra (torch alone is about 900 MB), so the tests that run the model skip there
and say why; the error path is tested everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from dateline import api
from dateline.demo import DEMO_QUERY, write_demo_corpus
from dateline.errors import DatelineError
from dateline.evaluate.bench import run_bench
from dateline.timeline import embedded, get_method
from dateline.timeline.dateranker import day_models
from dateline.timeline.ranked import Ranked

needs_extra = pytest.mark.skipif(
    bool(embedded.missing_extra()),
    reason=f"the optional embeddings extra is not installed (missing: {', '.join(embedded.missing_extra())}); "
           f"{embedded.INSTALL_HINT} to run these",
)


def test_choosing_the_method_does_not_import_torch() -> None:
    """torch is imported when the method first embeds, not when methods are listed or one is chosen
    (a fresh interpreter, as this one may have loaded the model in another test)."""
    choose = "get_method('dateline-emb')" if not embedded.missing_extra() else "get_method('dateline')"
    code = ("import sys; from dateline.timeline import get_method, method_names; "
            f"assert 'dateline-emb' in method_names(); {choose}; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_without_the_extra_choosing_the_method_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded, "missing_extra", lambda: ["torch", "sentence_transformers"])
    with pytest.raises(DatelineError, match=r"pip install 'dateline\[embeddings\]'"):
        get_method("dateline-emb")


def test_without_the_extra_the_bench_stops_before_ingesting(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded, "missing_extra", lambda: ["torch"])
    monkeypatch.setattr(api, "ingest", lambda *a, **k: pytest.fail("ingested before checking the method"))
    with pytest.raises(DatelineError, match=r"dateline\[embeddings\]"):
        run_bench("t17", data=tmp_path, method="dateline-emb", log=lambda message: None)


@needs_extra
def test_a_full_cache_is_emptied_without_losing_what_the_call_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedded, "_cache", {})
    monkeypatch.setattr(embedded, "CACHE_LIMIT", 2)
    first = embedded.embed(["The dam held.", "The river rose."])
    both = embedded.embed(["The dam held.", "Rescuers arrived at dawn."])  # over the limit: cleared
    assert np.allclose(both[0], first[0], atol=1e-5) and len(embedded._cache) == 2


@needs_extra
def test_a_day_without_candidates_embeds_nothing() -> None:
    X = sparse.csr_matrix(np.eye(3))
    assert get_method("dateline-emb").summary_vectors([], X, []).shape[0] == 0


@needs_extra
def test_held_out_keeps_the_variant_and_takes_the_topic_model() -> None:
    method = get_method("dateline-emb")
    held = method.held_out("haiti")
    assert isinstance(held, embedded.Embedded) and isinstance(held, Ranked)
    assert held.name == "dateline-emb" and held.model == day_models("loto:haiti")


@needs_extra
def test_embeddings_are_unit_rows_that_see_paraphrases() -> None:
    vecs = embedded.embed([
        "The summit ended without agreement.",
        "Talks collapsed with no deal.",
        "Samsung unveiled a new phone on Tuesday.",
    ])
    assert vecs.shape == (3, embedded.EMBEDDING_DIM)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-5)
    sims = vecs @ vecs.T
    assert sims[0, 1] > 0.3 > sims[0, 2]


@needs_extra
def test_demo_timeline_with_embeddings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)  # the method must switch the hub off itself,
    embedded.encoder.cache_clear()                       # when it loads the model
    db = tmp_path / "demo.db"
    api.ingest([write_demo_corpus(tmp_path)], db)
    tl = api.build_timeline(DEMO_QUERY, db=db, dates=6, sentences=2, method="dateline-emb")
    plain = api.build_timeline(DEMO_QUERY, db=db, dates=6, sentences=2, method="dateline")
    assert tl.method == "dateline-emb" and len(tl.entries) == 6
    # the same day ranking: only the sentences chosen for a day may differ
    assert tl.dates == plain.dates
    shown = [s.text for e in tl.entries for s in e.sentences]
    assert all("sennick" in s.lower() or "dam" in s.lower() for s in shown)  # the keyword filter still holds
    assert len(shown) == len(set(shown)) and all(len(e.sentences) <= 2 for e in tl.entries)
    assert os.environ["HF_HUB_OFFLINE"] == "1"
