"""Dateline's own method: the day features, the shipped models (all topics and leave-one-topic-out) and
the clean-sentence filter."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import numpy as np
import pytest

from dateline.model import Query, Sentence, TimeRef
from dateline.timeline import get_method
from dateline.timeline.dateranker import (
    FEATURES,
    MENTION_COUNT,
    MODEL_FILE,
    DayModel,
    LinearModel,
    candidate_days,
    day_features,
    day_words,
    load_models,
)
from dateline.timeline.clean import is_clean

D = dt.date
T17_TOPICS = {"bpoil", "egypt", "finan", "h1n1", "haiti", "iraq", "libya", "mj", "syria"}


def _mention(article: str, published: dt.date, day: dt.date, source: str = "Wire", text: str = "quake hits") -> Sentence:
    ref = TimeRef("May 3", 0, 5, day.isoformat(), "day")
    return Sentence(article, 1, text, published, day, "mention", (ref,), source=source)


def test_shipped_file_has_one_model_per_held_out_topic_and_matching_features() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)
    keys = {"all"} | {f"loto:{t}" for t in T17_TOPICS}
    assert set(data["models"]) == keys
    models = load_models()
    assert all(len(m.coef) == len(FEATURES) for m in models.values())
    # each held-out model was trained on different data, so none equals the all-topics model
    assert all(models[f"loto:{t}"] != models["all"] for t in T17_TOPICS)


def test_held_out_selects_the_topic_model_and_refuses_unknown_topics() -> None:
    method = get_method("dateline")
    models = load_models()
    assert method.held_out("haiti").model == DayModel(models["loto:haiti"], MENTION_COUNT)
    assert method.model == DayModel(models["all"], MENTION_COUNT)
    with pytest.raises(ValueError, match="leave-one-topic-out"):
        method.held_out("no-such-topic")


def test_day_features_count_articles_outlets_and_lags() -> None:
    big, small = D(2010, 5, 3), D(2010, 5, 10)
    sents = [
        _mention("a1", D(2010, 5, 3), big, "BBC"),
        _mention("a2", D(2010, 5, 4), big, "CNN"),
        _mention("a3", D(2010, 5, 30), big, "CNN"),   # looked back on, weeks later
        _mention("a4", D(2010, 5, 9), small, "BBC", text="no keyword here"),  # announced the day before
    ]
    days = candidate_days(sents, D(2010, 5, 1), D(2010, 5, 31))
    assert big in days and small in days and D(2010, 5, 29) in days  # the day before a publication
    X = day_features(sents, days, ("quake",))
    row = {d: dict(zip(FEATURES, X[i])) for i, d in enumerate(days)}
    assert row[big]["articles"] == pytest.approx(1.0) and row[small]["articles"] < 1.0
    assert row[big]["outlets"] == pytest.approx(1.0) and 0 < row[small]["outlets"] < 1.0
    assert row[big]["late"] > 0 and row[small]["late"] == 0
    assert row[small]["before"] > 0 and row[big]["before"] == 0
    assert row[small]["keyword_mentions"] == 0 and row[big]["keyword_mentions"] > 0
    assert row[D(2010, 5, 29)]["is_published_only"] == 1 and row[big]["is_published_only"] == 0
    assert np.isfinite(X).all()


@pytest.mark.parametrize("text, clean", [
    ("The rebuilt Harbor Bridge reopened to traffic on March 20 with a memorial ceremony.", True),
    ("Photograph: Gerald Herbert/AP", False),
    ("Oil washes ashore in Louisiana. Photograph: Gerald Herbert/AP for the Guardian", False),
    ("By John Smith, BBC News, Washington", False),
    ("What happens to the oil now that the well is capped?", False),
    ('"We will not rest until the job is done and the Gulf is clean again."', False),
    ("Share this page", False),
    ("Read more at http://www.example.com/news/today about the spill", False),
    ("word " * 80, False),
    # datelines and headlines that end in a wire credit, and fragments whose tokens are mostly punctuation
    ("AJDABIYAH , Libya -LRB- Reuters -RRB- -", False),
    ("Benghazi , Libya -LRB- CNN -RRB- --", False),
    ("Many fear for the friends and colleagues they left behind -LRB- CNN -RRB- --", False),
    ("Haiti earthquake : many feared dead", False),
    ("By the CNN Wire Staff Libya Interior Minister joins revolution Libyan state TV reported", False),
    ("By the end of the day the rebels had taken the town of Brega .", True),
    ("-LRB- a href = `` The Libyan capital was a ghost town Thursday morning , witnesses said .", False),
    ("The rebels -LRB- backed by NATO -RRB- took the town of Brega on Sunday .", True),
])
def test_is_clean(text: str, clean: bool) -> None:
    assert is_clean(text) is clean


def test_build_with_held_out_model_respects_the_query_shape() -> None:
    sents = [_mention(f"a{i}", D(2010, 5, 3 + i % 4), D(2010, 5, 3 + i % 3),
                      text=f"The quake destroyed {i} houses in the old town near the harbour.") for i in range(30)]
    tl = get_method("dateline").held_out("haiti").build(sents, Query("quake", dates=2, sentences=1))
    assert len(tl.entries) == 2 and all(len(e.sentences) == 1 for e in tl.entries)
    assert tl.dates == tuple(sorted(tl.dates)) and tl.method == "dateline"


def test_day_words_count_the_words_of_sentences_naming_each_day() -> None:
    big, small = D(2010, 5, 3), D(2010, 5, 10)
    sents = [
        _mention("a1", D(2010, 5, 3), big, text="The rig exploded and the rig sank"),
        _mention("a2", D(2010, 5, 9), small, text="A hearing is scheduled"),
        Sentence("a3", 2, "The rig exploded again", D(2010, 5, 3), D(2010, 5, 3), "published", ()),
    ]
    words = dict(zip([big, small], day_words(sents, [big, small])))
    assert words[big] == {"rig": 2, "exploded": 1, "sank": 1}  # stop words dropped; undated sentence not counted
    assert words[small] == {"hearing": 1, "scheduled": 1}


def test_word_weights_rank_a_day_by_how_it_is_told() -> None:
    """Two days with equal counts: the one told with a word the model weighs up ranks first, and the word
    part is the cosine-style TF-IDF score (L2-normalised over the model's vocabulary)."""
    model = LinearModel((0.0,) * len(FEATURES), 0.0, {"exploded": (2.0, 3.0), "scheduled": (1.0, -1.0)})
    X = np.zeros((2, len(FEATURES)))
    scores = model.score(X, [Counter({"exploded": 1, "unknown": 5}), Counter({"scheduled": 4})])
    assert scores[0] == pytest.approx(3.0 / 2.0)  # tf 1, idf 2: norm 2, dot 3
    assert scores[1] == pytest.approx(-1.0)  # a single word: its weight divided by its idf
    assert model.score(X).tolist() == [0.0, 0.0]  # without words, only the day features count


def test_shipped_models_have_word_weights_from_several_topics() -> None:
    models = load_models()
    assert all(len(m.words) > 1000 for m in models.values())
    # the vocabulary depends on the training topics: held-out models differ from each other
    assert len({frozenset(m.words) for m in models.values()}) > 1


def test_near_copies_are_shown_under_one_day_only() -> None:
    """Wire copies that differ only in punctuation or case name neighbouring days; one copy is enough."""
    sents = [_mention(f"a{i}", D(2010, 5, 3 + i % 2), D(2010, 5, 3 + i % 2),
                      text=["The quake destroyed the old town near the harbour.",
                            "The quake destroyed the old town , near the harbour !"][i % 2]) for i in range(8)]
    sents += [_mention(f"b{i}", D(2010, 5, 3 + i % 2), D(2010, 5, 3 + i % 2),
                       text=f"Rescuers searched the quake rubble for survivors in {place}.")
              for i, place in enumerate(["Delmas", "Carrefour", "Petionville", "Leogane", "Jacmel", "Gressier",
                                         "Cabaret", "Tabarre"])]
    tl = get_method("dateline").held_out("haiti").build(sents, Query("quake", dates=2, sentences=2))
    shown = [s.text for e in tl.entries for s in e.sentences]
    assert len(tl.entries) == 2
    assert sum("destroyed the old town" in t for t in shown) == 1


def test_wire_copy_is_shown_once_crediting_every_outlet(tmp_path) -> None:
    """One wire sentence in three papers' articles (each paper adds its own lines, so the store keeps all
    three articles): the timeline shows it once, and every renderer credits all three outlets."""
    from dateline import api
    from dateline.render import render

    wire = "The dam at Sennick failed on March 4, flooding the valley below and forcing 3,000 people to flee."
    rows = []
    for n, outlet in enumerate(["Valley Post", "Daily Ledger", "Evening Star"]):
        for day in (4, 5, 6):
            text = (f"{wire}\nRescuers in the valley said on March {day} that the flood water of the dam "
                    f"break was falling slowly.\n{outlet} reporters found the Sennick dam road closed again "
                    f"on March {day}.")
            rows.append({"id": f"{outlet}-{day}", "url": f"https://news.example/{n}/{day}", "source": outlet,
                         "published": f"2024-03-{day:02d}", "title": "", "text": text})
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "wire.db"
    assert api.ingest([corpus], db).added == 9
    tl = api.build_timeline("Sennick dam", db, dates=3, sentences=2)
    shown = [(e, i, s) for e in tl.entries for i, s in enumerate(e.sentences) if s.text == wire]
    assert len(shown) == 1
    entry, i, s = shown[0]
    assert sorted({s.source} | {c.source for c in entry.copies_of(i)}) == ["Daily Ledger", "Evening Star",
                                                                          "Valley Post"]
    assert all(c.text == wire for c in entry.copies_of(i))
    text, md = render(tl, "text", explain=True), render(tl, "md")
    credit = next(line for line in text.splitlines() if "also in" in line)
    assert all(outlet in credit for outlet in ("Daily Ledger", "Evening Star", "Valley Post"))
    assert " · also in " in credit  # set off from the publication date it follows
    assert md.count("https://news.example/") >= 3 + 2
    doc = json.loads(render(tl, "json"))
    also = [s for e in doc["entries"] for s in e["sentences"] if s["text"] == wire][0]["also"]
    assert {a["source"] for a in also} | {s.source} == {"Daily Ledger", "Evening Star", "Valley Post"}
