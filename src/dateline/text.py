"""Small text helpers shared by several layers (query terms, web links, PTB detokenisation for display)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable

# Function words that carry no topic; a query such as "the fall of Mubarak" should filter on
# "fall" and "mubarak" only.
_QUERY_STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or over that the their this "
    "to was were what when where which who will with".split()
)
_TERM = re.compile(r"[\w][\w'\-]*", re.UNICODE)


#: Query terms used; the rest of a longer query is ignored (each term is one more index lookup).
MAX_TERMS = 12


def query_terms(query: str) -> tuple[str, ...]:
    """Lower-cased content words of a query, in order, without repeats, at most `MAX_TERMS`.

    A single letter or digit is no topic ("U.S." leaves "u" and "s", which match nearly every article)
    and is left out.
    """
    seen: dict[str, None] = {}
    for m in _TERM.finditer(query.lower()):
        term = m.group(0).strip("'-")
        if len(term) > 1 and term not in _QUERY_STOP_WORDS:
            seen.setdefault(term, None)
            if len(seen) == MAX_TERMS:
                break
    return tuple(seen)


def clean_topic(text: str) -> str:
    """A topic as typed, whitespace normalised; ValueError when it has no word to search for.

    The CLI and the web app refuse such a topic alike: with no query word every article matches, and
    the "timeline" would be of everything in the store.
    """
    topic = " ".join(text.split())
    if not topic:
        raise ValueError("the topic is empty: give one, e.g. oil spill")
    if not query_terms(topic):
        raise ValueError(f"the topic {topic!r} has no searchable word (only function words, single letters "
                         f"or punctuation); add a topic word")
    return topic


_PTB = [
    # a list bullet the splitter keeps at the start of a sentence ("\\* Hayward to testify"; the splitter
    # never drops characters, so display drops it)
    (re.compile(r"^\s*\\?[*•]\s+"), ""),
    (re.compile(r"-LRB-|-LSB-|-LCB-"), "("),
    (re.compile(r"-RRB-|-RSB-|-RCB-"), ")"),
    (re.compile(r"``\s*"), "\u201c"),
    (re.compile(r"\s*''"), "\u201d"),
    (re.compile(r"\(\s+"), "("),
    (re.compile(r"\s+\)"), ")"),
    (re.compile(r"\s+([.,;:!?%])(?=\s|$)"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),
    (re.compile(r"\$\s+(?=\d)"), "$"),
    (re.compile(r"\s{2,}"), " "),
]


def detokenize(text: str) -> str:
    """Undo Penn-Treebank tokenisation ("do n't", "-LRB-") for display; plain text passes unchanged."""
    for pattern, repl in _PTB:
        text = pattern.sub(repl, text)
    return text.strip()


_WEB_URL = re.compile(r"https?://[^\s/?#@]+", re.IGNORECASE)


def web_url(url: str) -> str | None:
    """`url` if it is a web address (http or https, with a host), else None.

    Only these become links anywhere (stored articles, exports, pages): a corpus is other people's data,
    and a `javascript:`, `data:` or `file:` URL made clickable would run or open whatever it says.
    """
    return url if _WEB_URL.match(url) else None


# Every byte but a-z made a space: after lower-casing and encoding (every other character one "?"), the
# runs of a-z are what split() then gives, at two thirds of a regular expression's cost.
_LETTERS_ONLY = bytes(c if ord("a") <= c <= ord("z") else ord(" ") for c in range(256))


def letter_runs(text: str) -> list[str]:
    """The runs of ASCII letters a-z of `text` lower-cased as Python lower-cases, in order: the words of a
    sentence as the day ranker counts them (`dateline.timeline.dateranker.words_of`), and what the
    SQLite store keeps of the sentences naming a day (`dateline.store.schema`). A run of a-z in the
    lower-cased text holds every occurrence there of a keyword made of a-z only, so these runs also
    decide news-tls's substring test for such keywords."""
    return text.lower().encode("ascii", "replace").translate(_LETTERS_ONLY).decode("ascii").split()


def word_counts(texts: Iterable[str], vocabulary: Collection[str]) -> Counter[str]:
    """How often each word of `vocabulary` is one of the `letter_runs` of `texts`."""
    return Counter(w for w in letter_runs("\n".join(texts)) if w in vocabulary)
