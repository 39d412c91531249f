"""Dateline's TILSE scores against the real Perl path, on hundreds of random cases.

The reference is what published tables ran: tilse 0.2.1's `TimelineRougeEvaluator` with
`rouge_computation="original"`, which writes every date pair's summaries with pyrouge and runs the
ROUGE-1.5.5.pl bundled in the pyrouge 0.1.3 wheel (Perl with XML::DOM and DB_File). scripts/setup-test.sh
installs all of it; nothing from it is committed here.

One fix-up is needed at test time: tilse calls `pyrouge.Rouge155(average="raw", ...)`, the runner of the
pyrouge fork it was written against. The PyPI wheel ships that runner as `pyrouge.rouge.Rouge155` but
exports an older class under `pyrouge.Rouge155`, so the fork's export is restored before tilse runs.

Perl takes ~0.1 s per call and tilse makes one call per date pair, so identical calls are answered once
(ROUGE is deterministic) and the cases run in a process pool.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import random
import re
import shutil
import subprocess
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from conftest import T17, need_shared, need_tool
from dateline.evaluate import evaluate
from dateline.evaluate.reference import flatten, tilse_scores, use_pyrouge_runner
from dateline.evaluate.rouge import Summary
from dateline.model import Entry, Sentence, Timeline
from dateline.tilseformat import read_tilse

pytestmark = pytest.mark.perl

N_CASES = 200
TOLERANCE = 1e-6


def _rouge_home() -> Path | None:
    spec = importlib.util.find_spec("pyrouge")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "tools" / "ROUGE-1.5.5"


def _perl_path_ready() -> tuple[bool, str]:
    home = _rouge_home()
    if home is None or importlib.util.find_spec("tilse") is None or importlib.util.find_spec("nltk") is None:
        return False, "tilse 0.2.1, pyrouge 0.1.3 and nltk in the venv"
    if not os.access(home / "ROUGE-1.5.5.pl", os.X_OK):
        return False, f"an executable {home / 'ROUGE-1.5.5.pl'}"
    if shutil.which("perl") is None:
        return False, "perl"
    for module in ("XML::DOM", "DB_File"):
        if subprocess.run(["perl", f"-M{module}", "-e1"], capture_output=True).returncode != 0:
            return False, f"Perl module {module} (Debian libxml-dom-perl / libdb-file-perl)"
    return True, ""


@pytest.fixture(scope="module")
def perl_rouge() -> Path:
    ready, what = _perl_path_ready()
    need_tool(ready, what)
    home = _rouge_home()
    assert home is not None
    return home


# --- the tokeniser and stemmer, against ROUGE-1.5.5.pl's own subroutines -------------------------------

def _perl_subs(script: str, *names: str) -> str:
    """The source of named subroutines of ROUGE-1.5.5.pl (`stem` runs on to the end, with `initialise`)."""
    parts = []
    for name in names:
        found = re.search(rf"\nsub {name}\s", script)
        assert found, f"sub {name} not found in ROUGE-1.5.5.pl"
        start = found.start()
        end = script.find("\nsub ", start + 1) if name != "stem" else -1
        parts.append(script[start:] if end == -1 else script[start:end])
    return "\n".join(parts)


def test_ngrams_match_perl_on_every_gold_sentence(perl_rouge: Path, tmp_path: Path) -> None:
    """Unigram and bigram counts of ~1,800 real summaries (and variants with case, punctuation, hyphens,
    `^`, `<`, `$` and non-ASCII text) as Perl's own readText/createNGram/MorphStem/stem compute them."""
    from pyrouge.rouge import rouge_summary_content

    gold = need_shared(T17.parent)
    summaries = []
    for path in sorted(gold.glob("timeline17/*/timelines/*.txt")) + sorted(gold.glob("crisis/gold-timelines/*/*.txt")):
        summaries += [[s.text for s in e.sentences] for e in read_tilse(path).timeline.entries]
    rng = random.Random(7)
    summaries += [[_vary(s, rng) for s in summary] for summary in summaries[::3]]
    summaries += [[s] for s in EDGE_SENTENCES]
    files = []
    for i, sentences in enumerate(summaries):
        f = tmp_path / f"{i}.html"
        f.write_text(rouge_summary_content(str(i), [s.split() for s in sentences]), encoding="utf-8")
        files.append(f)

    script = (perl_rouge / "ROUGE-1.5.5.pl").read_text(encoding="latin-1")
    harness = _perl_subs(script, "readText", "createNGram", "MorphStem", "stem") + r"""
use DB_File; use Fcntl;
$opt_m = 1; $useStopwords = 0; %stopwords = ();
open(STOP, "$ARGV[0]/smart_common_words.txt") or die; while (my $l = <STOP>) { chomp $l; $stopwords{$l} = 1; }
tie %exceptiondb, 'DB_File', "$ARGV[0]/WordNet-2.0.exc.db", O_RDONLY, 0440, $DB_HASH or die;
&initialise();
while (my $file = <STDIN>) {
  chomp $file; my $text = ""; my (%g1, %g2);
  &readText($file, \$text, "SEE", 0, 0);
  &createNGram($text, \%g1, 1); &createNGram($text, \%g2, 2);
  print join("\t", map { "$_=$g1{$_}" } sort grep { $_ ne "_cn_" } keys %g1), "\n";
  print join("\t", map { "$_=$g2{$_}" } sort grep { $_ ne "_cn_" } keys %g2), "\n";
}
"""
    (tmp_path / "harness.pl").write_text(harness, encoding="latin-1")
    out = subprocess.run(
        ["perl", str(tmp_path / "harness.pl"), str(perl_rouge / "data")],
        input="\n".join(map(str, files)) + "\n", capture_output=True, text=True, check=True,
    ).stdout.split("\n")

    def parse(line: str) -> Counter[str]:
        return Counter({k: int(v) for k, v in (item.rsplit("=", 1) for item in line.split("\t") if item)})

    mismatches = []
    for i, sentences in enumerate(summaries):
        ours = Summary.of(sentences)
        perl_uni, perl_bi = parse(out[2 * i]), parse(out[2 * i + 1])
        our_bi = Counter({f"{a} {b}": n for (a, b), n in ours.bigrams.items()})
        if ours.unigrams != perl_uni or our_bi != perl_bi:
            mismatches.append((sentences, ours.unigrams - perl_uni, perl_uni - ours.unigrams))
    assert len(summaries) > 1500
    assert not mismatches, f"{len(mismatches)} summaries differ, e.g. {mismatches[:3]}"


EDGE_SENTENCES = [
    "State-of-the-art A--B -- C - d",
    "Price rose to $ 5 , then $5.50 and 1,000 -LRB- 3.5 % -RRB-",
    "2 ^ 10 is 1024^1",
    "x < y but the rest <b>is lost</b>",
    "<starts with a bracket",
    "Café déjà vu — naïve façade ’s über Zürich",
    "YEMEN'S Presidents SAID (yesterday) THAT...",
    "The and of a an it is was",
    "rationalization generalizations hopefulness yearly yelling",
    "lying dying flies agreed feed sky skies news",
    "",
]


# --- whole timelines, against tilse's TimelineRougeEvaluator ----------------------------------------------

def _vary(sentence: str, rng: random.Random) -> str:
    """The sentence with the kind of surface variety real predictions have."""
    choice = rng.randrange(9)
    if choice == 0:
        return sentence.upper()
    if choice == 1:
        return sentence.lower()
    if choice == 2:  # detokenised punctuation
        for p in (" ,", " .", " 's", " n't", " ;", " :"):
            sentence = sentence.replace(p, p.strip())
        return sentence
    if choice == 3:  # hyphens and dashes
        return sentence.replace(" ", "-", 2).replace(" - ", "--")
    if choice == 4:
        return f"{sentence} & more ! ( see $ 5 ) ^ < cut here"
    if choice == 5:
        return sentence.replace("e", "é", 2) + " — “quoted” ’s"
    if choice == 6:  # drop words
        words = sentence.split()
        return " ".join(w for w in words if rng.random() < 0.7)
    return sentence


def _sentence(text: str, day: dt.date) -> Sentence:
    return Sentence(article_id="", index=0, text=text, published=day, event_date=day, date_source="mention")


def _timeline(days: dict[dt.date, list[str]], method: str) -> Timeline:
    return Timeline(
        query="case", method=method,
        entries=tuple(Entry(d, tuple(_sentence(s, d) for s in days[d])) for d in sorted(days)),
    )


def _make_case(rng: random.Random, gold: list[dict[dt.date, list[str]]], pool: list[str]):
    """A random (prediction, references) task built from one real timeline: references are subsets of
    it (several references, multi-sentence days, sometimes an empty day), the prediction mixes exact,
    shifted and unrelated dates with sentences copied, varied or taken from other topics."""
    source = rng.choice(gold)
    dates = sorted(source)
    start = rng.randrange(max(1, len(dates) - 6))
    window = dates[start:start + rng.randint(2, 5)]
    refs = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        chosen = rng.sample(window, rng.randint(1, len(window)))
        ref = {d: [_vary(s, rng) if rng.random() < 0.3 else s for s in rng.sample(source[d], min(len(source[d]), rng.randint(1, 3)))] for d in chosen}
        ref[chosen[0]].insert(0, source[chosen[0]][0])  # one sentence as written: tilse divides by its bigrams
        if rng.random() < 0.15:
            ref.setdefault(window[0] + dt.timedelta(days=rng.randint(-20, 20)), [])
        refs.append(ref)
    pred: dict[dt.date, list[str]] = {}
    anchor = rng.choice(window)
    pred[anchor] = [rng.choice(source[anchor])]  # at least one real sentence: tilse's concat divides by it
    for _ in range(rng.randint(0, 3)):
        kind = rng.randrange(4)
        base = rng.choice(window)
        day = base if kind == 0 else base + dt.timedelta(days=rng.choice((-1, 1, 2, -3, 7, 15)))
        n = rng.choice((0, 1, 1, 2, 3))
        sents = [rng.choice(source[rng.choice(window)]) if rng.random() < 0.6 else rng.choice(pool) for _ in range(n)]
        pred.setdefault(day, [_vary(s, rng) for s in sents])
    return pred, refs


def _tilse_scores(case: tuple[dict, list[dict]]) -> dict:
    return tilse_scores(*case, memo=True)


def test_random_cases_match_tilse_perl(perl_rouge: Path) -> None:
    need_shared(T17)
    gold = [
        {e.date: [s.text for s in e.sentences] for e in read_tilse(p).timeline.entries if e.sentences}
        for p in sorted(T17.glob("*/timelines/*.txt"))
    ]
    pool = [s for tl in gold for sents in tl.values() for s in sents]
    rng = random.Random(20240517)
    cases = [_make_case(rng, gold, pool) for _ in range(N_CASES)]

    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1), initializer=use_pyrouge_runner) as pool_ex:
        perl = list(pool_ex.map(_tilse_scores, cases, chunksize=4))

    failures, differs_m1, nonzero_r2 = [], 0, 0
    for i, ((pred, refs), expected) in enumerate(zip(cases, perl)):
        ours = flatten(evaluate(_timeline(pred, "prediction"), [_timeline(r, "reference") for r in refs]))
        theirs = flatten(expected)
        assert ours.keys() == theirs.keys()
        bad = {k: (ours[k], theirs[k]) for k in ours if abs(ours[k] - theirs[k]) > TOLERANCE}
        if bad:
            failures.append((i, bad))
        differs_m1 += theirs["align_plus_m1.rouge1.f1"] != theirs["align_plus.rouge1.f1"]
        nonzero_r2 += theirs["align_plus_m1.rouge2.f1"] > 0
    assert not failures, f"{len(failures)}/{N_CASES} cases differ from Perl, e.g. {failures[:3]}"
    # The cases must exercise what distinguishes the measures, or agreement would prove little.
    assert differs_m1 >= N_CASES // 10 and nonzero_r2 >= N_CASES // 4
