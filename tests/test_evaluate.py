"""The TILSE measures without Perl: the published test vectors, the tokeniser, real flawed files, the CLI.

The Perl cross-check (tests/test_evaluate_perl.py) proves equality on random cases; these tests pin the
documented figures and the behaviour around the edges, and run everywhere.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CRISIS, T17, need_shared
from dateline.evaluate import average_scores, evaluate, evaluate_files, format_scores
from dateline.evaluate.porter import porter_stem
from dateline.evaluate.rouge import STOP_WORDS, rouge_tokens, stem
from dateline.model import Entry, Sentence, Timeline
from dateline.tilseformat import format_tilse

D = dt.date


def _tl(days: dict[dt.date, list[str]], method: str = "reference") -> Timeline:
    return Timeline(
        query="q", method=method,
        entries=tuple(
            Entry(d, tuple(Sentence("", i, s, d, d, "mention") for i, s in enumerate(days[d]))) for d in sorted(days)
        ),
    )


ALIGNS = ("align", "align_plus", "align_plus_m1")


def _prf(*fields: str, values: tuple[float, ...]) -> dict[str, float]:
    """Expected figures as flat keys `measure.rouge.field`, one value per key, in the order given."""
    keys = [f"{f}.{x}" for f in fields for x in ("precision", "recall", "f1")]
    return dict(zip(keys, values * len(fields)))


# anchors-tls.md §5.6: inputs, and the outputs of tilse + Perl ROUGE-1.5.5 (vector 1 is tilse's own
# documented example). Only the figures the vectors document are checked.
VECTORS = {
    "1-documented-example": (
        {D(2010, 1, 1): ["Just a test .", "Another sentence ."], D(2010, 1, 3): ["Some more content .", "Even more !"]},
        [{D(2010, 1, 2): ["Just a test ."], D(2010, 1, 4): ["This one does not match ."]},
         {D(2010, 1, 5): ["Another timeline !"]}],
        {
            **_prf("concat.rouge1", values=(0.1667, 0.3333, 0.2222)),
            **_prf("agreement.rouge1", values=(0.0, 0.0, 0.0)),
            **_prf(*(f"{m}.rouge1" for m in ALIGNS), values=(0.0833, 0.1667, 0.1111)),
            **{f"{m}.rouge2.f1": 0.0 for m in ("concat", "agreement", *ALIGNS)},
            "date_f1.f1": 0.0,
        },
    ),
    "2-one-reference": (
        {D(2011, 2, 11): ["Mubarak resigns as president after 18 days of protests ."],
         D(2011, 1, 28): ["Protesters clash with police in Cairo ."]},
        [{D(2011, 2, 11): ["Hosni Mubarak resigned as president of Egypt ."],
          D(2011, 1, 25): ["Protests begin in Cairo 's Tahrir Square ."]}],
        {
            **_prf("concat.rouge1", values=(0.5, 0.5, 0.5)),
            "concat.rouge2.f1": 0.2222,
            **_prf("agreement.rouge1", values=(0.3, 0.3, 0.3)),
            "agreement.rouge2.f1": 0.25,
            **_prf(*(f"{m}.rouge1" for m in ALIGNS), values=(0.35, 0.35, 0.35)),
            **{f"{m}.rouge2.f1": 0.25 for m in ALIGNS},
            "date_f1.f1": 0.5,
        },
    ),
    "3-many-to-one-differs": (
        {D(2020, 3, 10): ["Senate passes the relief bill ."],
         D(2020, 3, 11): ["President signs the relief bill into law ."],
         D(2020, 5, 1): ["Stocks rally on vaccine hopes ."]},
        [{D(2020, 3, 10): ["The Senate passes the coronavirus relief bill ."],
          D(2020, 4, 20): ["Oil prices turn negative ."]}],
        {
            **_prf("concat.rouge1", values=(0.3077, 0.4444, 0.3636)),
            **_prf("concat.rouge2", values=(0.1667, 0.25, 0.2)),
            **_prf("agreement.rouge1", "align.rouge1", "align_plus.rouge1", values=(0.3077, 0.4444, 0.3636)),
            **_prf("agreement.rouge2", "align.rouge2", "align_plus.rouge2", values=(0.2, 0.2857, 0.2353)),
            **_prf("align_plus_m1.rouge1", values=(0.3846, 0.4444, 0.4124)),
            **_prf("align_plus_m1.rouge2", values=(0.25, 0.2857, 0.2667)),
            **_prf("date_f1", values=(0.3333, 0.5, 0.4)),
        },
    ),
}


def _flat(scores: dict, prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for k, v in scores.items():
        out.update(_flat(v, f"{prefix}{k}.") if isinstance(v, dict) else {f"{prefix}{k}": v})
    return out


def _check_vector(scores: dict, expected: dict[str, float]) -> None:
    got = _flat(scores)
    assert {k: round(got[k], 4) for k in expected} == expected


@pytest.mark.parametrize("name", VECTORS)
def test_vectors(name: str) -> None:
    pred, refs, expected = VECTORS[name]
    _check_vector(evaluate(_tl(pred, "prediction"), [_tl(r) for r in refs]), expected)


@pytest.mark.parametrize("name", VECTORS)
def test_cli_reproduces_vectors(name: str, tmp_path: Path) -> None:
    pred, refs, expected = VECTORS[name]
    (tmp_path / "pred.txt").write_text(format_tilse(_tl(pred, "prediction")))
    args = [sys.executable, "-m", "dateline.cli", "evaluate", str(tmp_path / "pred.txt")]
    for i, ref in enumerate(refs):
        (tmp_path / f"ref{i}.txt").write_text(format_tilse(_tl(ref)))
        args += ["--ref", str(tmp_path / f"ref{i}.txt")]
    scores = json.loads(subprocess.run([*args, "--json"], capture_output=True, text=True, check=True).stdout)
    assert set(scores) == {"concat", "agreement", "align", "align_plus", "align_plus_m1", "date_f1"}
    for m in ("concat", "agreement", *ALIGNS):
        assert set(scores[m]) == {"rouge1", "rouge2"}
        for r in ("rouge1", "rouge2"):
            assert set(scores[m][r]) == {"precision", "recall", "f1"}
    assert set(scores["date_f1"]) == {"precision", "recall", "f1"}
    _check_vector(scores, expected)
    table = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    assert "align+ m:1" in table and f"{expected['concat.rouge1.f1']:.4f}" in table


# --- tokeniser and stemmer ------------------------------------------------------------------------------

def test_tokens_follow_rouge_155() -> None:
    # lowercase, '-' split off and dropped, punctuation gone, stop words gone, >3 chars stemmed
    assert rouge_tokens("The State-of-the-Art REPORTS, (said) Reuters!") == ("state", "art", "report")
    assert rouge_tokens("Jan 5 : $ 10bn -LRB- 3.5 % -RRB-") == ("5", "10bn", "lrb", "3", "5", "rrb")
    # pyrouge writes '^' as '&circ;' and Perl reads a sentence only up to its first '<'
    assert rouge_tokens("2 ^ 10 < lost words") == ("2", "circ", "10")
    # non-ASCII characters are spaces to Perl, also those whose lower case is ASCII (Kelvin sign)
    assert rouge_tokens("Café \u212a-rations") == ("caf", "ration")
    assert rouge_tokens("") == ()


def test_stemming_uses_wordnet_exceptions_then_porter_and_skips_short_words() -> None:
    assert stem("geese") == "goose"  # WordNet noun exception
    assert stem("went") == "go"  # WordNet verb exception
    assert stem("protests") == "protest"
    assert stem("flies") == "fli"  # Porter (no exception for the noun plural)
    assert porter_stem("was") == "wa" and stem("was") == "was"  # 3 characters or fewer are never stemmed
    assert "reuters" in STOP_WORDS and "jan" in STOP_WORDS and "the" in STOP_WORDS


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("caresses", "caress"), ("ponies", "poni"), ("agreed", "agre"), ("hopping", "hop"),
        ("filing", "file"), ("happy", "happi"), ("relational", "relat"), ("hopefulness", "hope"),
        ("replacement", "replac"), ("adjustment", "adjust"), ("dependent", "depend"),
        ("adoption", "adopt"), ("controll", "control"), ("yelling", "yell"), ("yearly", "yearli"),
        ("generalizations", "gener"), ("rate", "rate"), ("cease", "ceas"), ("agreement", "agreem"),
    ],
)
def test_porter_as_rouge_perl(word: str, expected: str) -> None:
    """Expected stems are what ROUGE-1.5.5.pl's `stem` prints. `agreement` shows Lin's -ement change:
    Porter's original algorithm (and NLTK in any mode) leaves it as `agreement`."""
    assert porter_stem(word) == expected


# --- edges ----------------------------------------------------------------------------------------------

def test_empty_prediction_scores_zero_instead_of_crashing() -> None:
    s = evaluate(_tl({}), [_tl({D(2020, 1, 1): ["Something happened ."]})])
    assert s["align_plus_m1"]["rouge1"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert s["date_f1"]["f1"] == 0.0


def test_needs_a_reference() -> None:
    with pytest.raises(ValueError, match="reference"):
        evaluate(_tl({D(2020, 1, 1): ["x y"]}), [])


def test_identical_timelines_score_one() -> None:
    tl = _tl({D(2020, 1, 1): ["Troops enter the capital ."], D(2020, 1, 9): ["A ceasefire is signed in Geneva ."]})
    s = evaluate(tl, [tl])
    for m in ("concat", "agreement", "align", "align_plus", "align_plus_m1"):
        assert s[m]["rouge1"]["f1"] == pytest.approx(1.0) and s[m]["rouge2"]["f1"] == pytest.approx(1.0)
    assert s["date_f1"]["f1"] == 1.0


def test_average_is_f1_of_mean_precision_and_recall() -> None:
    a = evaluate(_tl({D(2020, 1, 1): ["alpha beta gamma delta"]}), [_tl({D(2020, 1, 1): ["alpha beta"]})])
    b = evaluate(_tl({D(2020, 1, 1): ["alpha"]}), [_tl({D(2020, 1, 1): ["alpha beta gamma delta"]})])
    avg = average_scores([a, b])["align_plus_m1"]["rouge1"]
    p = (a["align_plus_m1"]["rouge1"]["precision"] + b["align_plus_m1"]["rouge1"]["precision"]) / 2
    r = (a["align_plus_m1"]["rouge1"]["recall"] + b["align_plus_m1"]["rouge1"]["recall"]) / 2
    assert avg["precision"] == pytest.approx(p) and avg["recall"] == pytest.approx(r)
    assert avg["f1"] == pytest.approx(2 * p * r / (p + r))
    mean_f1 = (a["align_plus_m1"]["rouge1"]["f1"] + b["align_plus_m1"]["rouge1"]["f1"]) / 2
    assert avg["f1"] != pytest.approx(mean_f1)


def test_format_scores_is_a_table() -> None:
    tl = _tl({D(2020, 1, 1): ["Troops enter the capital ."]})
    lines = format_scores(evaluate(tl, [tl])).splitlines()
    assert lines[0].split() == ["measure", "R-1", "P", "R-1", "R", "R-1", "F", "R-2", "P", "R-2", "R", "R-2", "F"]
    assert [ln.split()[0] for ln in lines[2:8]] == ["concat", "agreement", "align", "align+", "align+", "date"]


# --- real files with flaws ------------------------------------------------------------------------------

def test_malformed_date_is_reported_not_fatal() -> None:
    mj = need_shared(T17 / "MJ_bbc" / "timelines" / "bbc.co.uk.txt")
    problems: list[str] = []
    s = evaluate_files(mj, [mj], on_problem=problems.append)
    assert any(":60:" in p and "2011-04-0" in p for p in problems)
    assert s["date_f1"]["f1"] == 1.0


def test_cli_reports_malformed_date_on_stderr() -> None:
    mj = need_shared(T17 / "MJ_bbc" / "timelines" / "bbc.co.uk.txt")
    out = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "evaluate", str(mj), "--ref", str(mj), "--json"],
        capture_output=True, text=True,
    )
    assert out.returncode == 0
    assert "bbc.co.uk.txt:60" in out.stderr and "2011-04-0" in out.stderr
    assert json.loads(out.stdout)["concat"]["rouge1"]["f1"] == pytest.approx(1.0)


def test_raw_ampersand_and_bad_utf8_files_score() -> None:
    finan = need_shared(T17 / "Finan_washingtonpost" / "timelines" / "financial_crisis_wallstreet_washingtonpost.txt")
    assert "AT&T" in finan.read_text(encoding="utf-8")
    assert evaluate_files(finan, [finan], on_problem=pytest.fail)["concat"]["rouge1"]["f1"] == pytest.approx(1.0)
    latimes = need_shared(CRISIS / "gold-timelines" / "crisis-egypt" / "latimes.txt")
    problems: list[str] = []
    s = evaluate_files(latimes, [latimes], on_problem=problems.append)
    assert len(problems) == 2 and all("UTF-8" in p for p in problems)  # once as prediction, once as reference
    assert s["concat"]["rouge1"]["f1"] == pytest.approx(1.0)


def test_missing_file_is_a_clear_cli_error(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "evaluate", str(tmp_path / "nope.txt"), "--ref", str(tmp_path / "nope.txt")],
        capture_output=True, text=True,
    )
    assert out.returncode == 2 and "nope.txt: no such file" in out.stderr
