"""ROUGE-1 and ROUGE-2 counts exactly as TILSE obtains them from Perl ROUGE-1.5.5.

TILSE scores a summary by writing it with pyrouge and running `ROUGE-1.5.5.pl -n 2 -x -f A -m -s -t 2`,
then reading the raw counts (hits, model n-grams, peer n-grams). Published timeline scores are sums of
those counts, so matching them to the last digit means reproducing every step of that path, quirks
included (see ../shared/research/anchors-tls.md §5.1):

- pyrouge writes each sentence as its whitespace tokens joined by one space, with `^` written as
  `&circ;`, into an HTML line that Perl reads with `([^<]+)`: text from a `<` on is lost.
- Perl lowercases, joins the sentences with a space (bigrams cross sentence boundaries), puts spaces
  around `-`, turns every other character outside `[A-Za-z0-9-]` into a space and splits on spaces.
- `-s` drops SMART stop words; only tokens starting with `[a-z0-9$]` are kept (so `-` goes); `-m` stems
  tokens longer than 3 characters, WordNet-2.0 exception table first, else ROUGE's Porter stemmer.
- `-f A` sums counts over the references: hits and model n-grams per reference, and the peer's n-gram
  count once per reference (so precision divides by #refs x peer n-grams).

Tokenising is the only costly step, so it is cached per sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from dateline.evaluate.porter import porter_stem

# The two lists Perl ROUGE-1.5.5 reads with -s and -m, shipped as data (see rouge_data/SOURCE.md).
_DATA = files("dateline.evaluate") / "rouge_data"
STOP_WORDS: frozenset[str] = frozenset(
    (_DATA / "smart_common_words.txt").read_text(encoding="ascii").splitlines()
)
EXCEPTIONS: dict[str, str] = dict(
    line.split(" ") for line in (_DATA / "wordnet_exceptions.txt").read_text(encoding="ascii").splitlines()  # type: ignore[misc]
)

_NOT_TOKEN_CHAR = re.compile(r"[^A-Za-z0-9\-]")
_TOKEN_START = frozenset("abcdefghijklmnopqrstuvwxyz0123456789$")


@lru_cache(maxsize=1 << 17)
def stem(token: str) -> str:
    """ROUGE's `-m` stem of a lower-case token: WordNet-2.0 exception if listed, else Porter.

    Like ROUGE, only tokens longer than 3 characters are stemmed; shorter ones come back unchanged.
    """
    if len(token) <= 3:
        return token
    return EXCEPTIONS.get(token) or porter_stem(token)


@lru_cache(maxsize=1 << 18)
def rouge_tokens(sentence: str) -> tuple[str, ...]:
    """The tokens Perl ROUGE-1.5.5 (`-s -m`) counts for one sentence, as TILSE/pyrouge hand it over."""
    text = " ".join(sentence.split()).replace("^", "&circ;")
    text = text.split("<", 1)[0]
    # Lowercasing after the character filter keeps it ASCII-only, as Perl's tr/A-Z/a-z/ is.
    text = _NOT_TOKEN_CHAR.sub(" ", text.replace("-", " - ")).lower()
    return tuple(
        stem(tok) for tok in text.split() if tok not in STOP_WORDS and tok[0] in _TOKEN_START
    )


@dataclass(frozen=True, slots=True)
class Summary:
    """One summary (a date's sentences, or a whole timeline) as ROUGE sees it: n-gram counts."""

    unigrams: Counter[str]
    bigrams: Counter[tuple[str, str]]
    n_unigrams: int
    n_bigrams: int

    @classmethod
    def of(cls, sentences: Iterable[str]) -> Summary:
        tokens = [tok for s in sentences for tok in rouge_tokens(s)]
        bigrams = list(zip(tokens, tokens[1:]))
        return cls(Counter(tokens), Counter(bigrams), len(tokens), len(bigrams))


EMPTY = Summary(Counter(), Counter(), 0, 0)


@dataclass(frozen=True, slots=True)
class RougeCounts:
    """Raw `-t 2` counts for ROUGE-1 and ROUGE-2: hits, peer n-grams (P_count), model n-grams (M_count)."""

    hits1: int
    peer1: int
    model1: int
    hits2: int
    peer2: int
    model2: int


def _hits(peer: Counter, model: Counter) -> int:
    if len(peer) > len(model):
        peer, model = model, peer
    return sum(min(n, model[g]) for g, n in peer.items() if g in model)


def rouge_counts(peer: Summary, models: Sequence[Summary]) -> RougeCounts:
    """Counts of `peer` against the reference summaries `models` with `-f A` (summed over references).

    A reference timeline without an entry for the date is still a model (an empty one): it adds to the
    peer count and nothing else, as in TILSE.
    """
    return RougeCounts(
        hits1=sum(_hits(peer.unigrams, m.unigrams) for m in models),
        peer1=len(models) * peer.n_unigrams,
        model1=sum(m.n_unigrams for m in models),
        hits2=sum(_hits(peer.bigrams, m.bigrams) for m in models),
        peer2=len(models) * peer.n_bigrams,
        model2=sum(m.n_bigrams for m in models),
    )
