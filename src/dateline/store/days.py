"""A query's articles asked day by day in SQLite: what a day-first timeline method needs
(`dateline.timeline.days.DaySource`) without loading the articles' sentences.

The mention rows of the matching articles (the ``mentions`` table: one row per day a sentence names,
clustered by article, with the ids of the sentence's words) are read once, as columns, with the articles'
publication day and outlet from the ``articles_days`` covering index, and counted and ranked with numpy
(`dateline.store.mentions`). No sentence text is read for the counts, for the day ranker's words (the
rows' word ids, counted for the words it weighs), nor for a keyword of letters a-z (found in the words
table); a keyword with other characters reads the texts of the mention rows' sentences once, and the
shown days' sentences are read whole. Capping keeps a day's most relevant sentences: those containing a
query keyword first, then reading order (published, article id, position), the order
`dateline.timeline.days.most_relevant` keeps in memory.

A keyword is contained the way news-tls's filter has it (`keyword_mask`): as a substring of the
lower-cased sentence, Python's lower-casing, through a function registered on the connection.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from types import MappingProxyType

import numpy as np

from dateline.model import Coverage, DayTally, Sentence
from dateline.store.caches import Dates
from dateline.store.mentions import MentionRows

# The query's articles, as a table of keys (bound as JSON: h.key is an article's place in reading order),
# joined to their mentions.
_HIT_MENTIONS = "json_each(:hits) h JOIN mentions m ON m.article = h.value"
_HIT_ARTICLES = "json_each(:hits) h JOIN articles a INDEXED BY articles_days ON a.pk = h.value"
# An ISO day as a number of days since 1970-01-01 (`dateline.store.mentions`): julianday is a half day
# off at midnight, so the cast floors it.
_DAY_NUMBER = "CAST(julianday({}) AS INTEGER) - 2440587"
# Keywords the words table decides (`SQLiteDays._keyword`).
_LETTERS = re.compile("[a-z]+")
# The rank of a row within its day: keyword first, then reading order (the article's place among the keys).
_RANK = "row_number() OVER (PARTITION BY {day} ORDER BY {keyword} DESC, h.key, {idx})"


class SQLiteDays:
    """`DaySource` over the articles of one query (their keys, in the order `Reads.matching_articles`
    gives them: the rankings rely on it)."""

    def __init__(self, db: sqlite3.Connection, pks: Sequence[int],
                 load: Callable[[Iterable[tuple[int, int]]], list[tuple[Sentence, ...]]]) -> None:
        self._db = db
        self._hits = json.dumps(list(pks))
        self._n = len(pks)
        self._load = load
        self._dates = Dates()
        self._publications: Mapping[dt.date, Coverage] | None = None
        self._mentions: MentionRows | None = None
        # per mention row: its sentence's id; the ids of its words are tokens[offsets[row]:offsets[row + 1]]
        self._sentence = np.zeros(0, dtype=np.int64)
        self._tokens = np.zeros(0, dtype="<u4")
        self._offsets = np.zeros(1, dtype=np.int64)
        db.create_function("dl_has_keyword", 2, has_keyword, deterministic=True)

    def publications(self) -> Mapping[dt.date, Coverage]:
        """Asked of SQL once: a method and its day model ask for it several times per timeline."""
        if self._publications is None:
            rows = self._db.execute(
                "SELECT a.published, count(*), count(DISTINCT a.source), sum(a.n_sentences) "
                f"FROM {_HIT_ARTICLES} WHERE a.n_sentences > 0 GROUP BY a.published", {"hits": self._hits})
            self._publications = MappingProxyType({self._dates[day]: Coverage(*counts) for day, *counts in rows})
        return self._publications

    def tallies(self, start: dt.date, end: dt.date, keywords: Sequence[str]) -> dict[dt.date, DayTally]:
        return self._rows().tallies(start, end, keywords)

    def self_dated(self) -> tuple[int, int]:
        return self._rows().self_dated()

    def naming_words(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int | None,
                     vocabulary: Collection[str]) -> dict[dt.date, Counter[str]]:
        mentions = self._rows()
        rows = mentions.ranked(days, keywords, False, cap)
        found = self._db.execute("SELECT json_group_array(id), json_group_array(word) FROM words"
                                 " WHERE word IN (SELECT value FROM json_each(?))", (json.dumps(sorted(vocabulary)),)
                                 ).fetchone()
        ids, words = np.array(json.loads(found[0]), dtype=np.int64), json.loads(found[1])  # thousands
        # a word id's place in `words`, -1 for the words not asked for
        place = np.full(max(int(self._tokens.max(initial=0)), int(ids.max(initial=0))) + 1, -1, dtype=np.int32)
        place[ids] = np.arange(len(ids))
        tokens, of_row = self._words_of(rows)
        return mentions.word_counts(rows, of_row, place[tokens], words)

    def day_sentences(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int, lead: int,
                      pub_end: int) -> tuple[dict[dt.date, list[Sentence]], dict[dt.date, list[Sentence]]]:
        days = list(days)
        mentions = self._rows()
        ranked = mentions.ranked(days, keywords, True, cap)
        dated = [(day, i) for day, a, b in mentions.by_day(ranked) for i in self._sentence[ranked[a:b]].tolist()]
        # A sentence's position is its offset in the article's id range (`Writes.add_new`), so an
        # article's lead is the first ids of its range. Few articles: the keyword test reads their text.
        test, keyword_params = keyword_test(keywords) if keywords else ("1", {})
        # Each day's last publication day is computed once, not once per article and day.
        rank = _RANK.format(day="w.day", keyword=test, idx="s.idx")
        leads = self._db.execute(
            "WITH w AS MATERIALIZED (SELECT value AS day, date(value, :later) AS until FROM json_each(:days))"
            f" SELECT day, id FROM (SELECT w.day AS day, s.id, {rank} AS rank FROM {_HIT_ARTICLES}"
            " CROSS JOIN w ON a.published BETWEEN w.day AND w.until"
            " CROSS JOIN sentences s NOT INDEXED"
            "  ON s.id BETWEEN a.first_sentence AND a.first_sentence + min(a.n_sentences, :lead + 1) - 1"
            " WHERE s.date_source = 'published') WHERE rank <= :cap",
            {"hits": self._hits, "days": _days(days), "cap": cap, **keyword_params,
             "later": f"+{pub_end - 1} days", "lead": lead}).fetchall()
        leads = [(self._dates[day], i) for day, i in leads]
        ids = sorted({i for _, i in dated} | {i for _, i in leads})
        found = {s_id: s for s_id, (s,) in zip(ids, self._load((i, i) for i in ids))}
        return _by_day(dated, found), _by_day(leads, found)

    def _rows(self) -> MentionRows:
        """The matching articles' mention rows as columns, with their words, read once per query."""
        if self._mentions is None:
            params = {"hits": self._hits}
            # Every row's words in one string of bytes: group_concat appends a blob's bytes as they are (a
            # third of the cost of hex), read as bytes rather than decoded as text.
            self._db.text_factory = bytes
            try:
                *found, words = self._db.execute(
                    f"SELECT group_concat(h.key), group_concat({_DAY_NUMBER.format('m.day')}), group_concat(m.idx),"
                    " group_concat(m.first + 2 * m.explicit), group_concat(m.sentence),"
                    f" group_concat(length(m.words) / 4), group_concat(m.words, '') FROM {_HIT_MENTIONS}", params
                ).fetchone()
            finally:
                self._db.text_factory = str
            article, day, idx, flags, self._sentence, lengths = map(_numbers, found)
            self._tokens = np.frombuffer(words or b"", dtype="<u4")
            self._offsets = np.r_[0, np.cumsum(lengths)]
            keys, published, sources = self._db.execute(
                f"SELECT json_group_array(h.key), json_group_array({_DAY_NUMBER.format('a.published')}),"
                f" json_group_array(a.source) FROM {_HIT_ARTICLES}", params).fetchone()
            at = np.array(json.loads(keys), dtype=np.int64)
            by_key = np.zeros(self._n, dtype=np.int64)
            by_key[at] = json.loads(published)
            outlet = np.zeros(self._n, dtype=np.int64)
            outlet[at] = np.unique(json.loads(sources), return_inverse=True)[1] if len(at) else []
            self._mentions = MentionRows(article, day, idx, (flags & 1).astype(bool), (flags & 2).astype(bool),
                                         by_key, outlet, self._keyword)
        return self._mentions

    def _words_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The word ids of the mention rows `rows`, one after the other, and the place in `rows` of each."""
        starts, lengths = self._offsets[rows], np.diff(self._offsets)[rows]
        ends = np.cumsum(lengths)
        at = np.repeat(starts - (ends - lengths), lengths)  # millions of words: added to in place
        at += np.arange(len(at))
        return self._tokens[at], np.repeat(np.arange(len(rows), dtype=np.int32), lengths)

    def _keyword(self, keywords: Sequence[str]) -> np.ndarray:
        """Which mention rows' sentences hold a keyword. A keyword of letters a-z is in a lower-cased text
        exactly when it is in one of its words (`dateline.text.letter_runs`), so the words table decides;
        other keywords read the texts of the mention rows' sentences."""
        if all(_LETTERS.fullmatch(k) for k in keywords):
            found = self._db.execute(
                "SELECT group_concat(id) FROM words WHERE " + " OR ".join("instr(word, ?)" for _ in keywords),
                list(keywords)).fetchone()[0]
            holding = np.zeros(int(self._tokens.max(initial=0)) + 1, dtype=bool)
            found = _numbers(found)
            holding[found[found < len(holding)]] = True
            at = np.flatnonzero(holding[self._tokens])  # the places of those words among every row's words
            rows = np.zeros(len(self._offsets) - 1, dtype=bool)
            rows[np.searchsorted(self._offsets, at, side="right") - 1] = True
            return rows
        test, params = keyword_test(keywords)
        found = self._db.execute(
            f"SELECT group_concat(m.sentence) FROM {_HIT_MENTIONS} JOIN sentences s ON s.id = m.sentence"
            f" WHERE {test}", {"hits": self._hits, **params}).fetchone()[0]
        return np.isin(self._sentence, _numbers(found))


def _numbers(text: str | bytes | None) -> np.ndarray:
    """The integers of a group_concat (None: no rows), parsed by numpy: reading a query's columns this way
    costs a fifth of Python integers from JSON, and their memory."""
    return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64)


def _by_day(rows: Iterable[tuple[dt.date, int]], found: dict[int, Sentence]) -> dict[dt.date, list[Sentence]]:
    out: dict[dt.date, list[Sentence]] = defaultdict(list)
    for day, s_id in rows:
        out[day].append(found[s_id])
    for sentences in out.values():
        sentences.sort(key=lambda s: (s.published, s.article_id, s.index))
    return out


# Keywords travel to SQL as one string: the unit separator never occurs in a query's words.
_SEPARATOR = "\x1f"


def _encode(keywords: Sequence[str]) -> str | None:
    return _SEPARATOR.join(keywords) if keywords else None


def _days(days: Iterable[dt.date]) -> str:
    return json.dumps(sorted({d.isoformat() for d in days}))


def keyword_test(keywords: Sequence[str]) -> tuple[str, dict[str, str | None]]:
    """SQL true for a sentence `s` holding a keyword as `keyword_mask` has it, and its parameters.

    Python's lower-casing, exactly, but mostly in C: for keywords of ASCII letters, digits and
    punctuation other than LIKE's wildcards, LIKE (ASCII case-insensitive, no copy of the text) decides,
    and only a text holding one of the two characters whose Python lower case is ASCII (U+0130 "İ",
    U+212A the Kelvin sign; found by LIKE too, which compares other characters than ASCII letters
    exactly) is asked of Python too. Other keywords ask Python for every sentence.
    """
    params: dict[str, str | None] = {"keywords": _encode(keywords)}
    if not all(_LIKE_SAFE.fullmatch(k) for k in keywords):
        return "dl_has_keyword(s.text, :keywords)", params
    likes = []
    for i, k in enumerate(keywords):
        params[f"like{i}"] = f"%{k}%"
        likes.append(f"s.text LIKE :like{i}")
    # LIKE folds ASCII only, so the second WHEN finds its two characters exactly (GLOB's class cost four
    # times more). CASE, because SQLite stops early in a WHEN but computes both sides of an OR or AND
    # whose value is kept (as in a window's ORDER BY), which called Python for every sentence.
    return (f"CASE WHEN {' OR '.join(likes)} THEN 1 WHEN s.text LIKE '%\u0130%' OR s.text LIKE '%\u212a%'"
            " THEN dl_has_keyword(s.text, :keywords) ELSE 0 END", params)


# Keywords LIKE compares as Python's lower-casing would: ASCII without LIKE's wildcards and escape.
_LIKE_SAFE = re.compile(r"[\x20-\x24\x26-\x5e\x60-\x7e]+")


def has_keyword(text: str, keywords: str | None) -> int:
    if keywords is None:
        return 1
    lower = text.lower()
    return int(any(k in lower for k in _split(keywords)))


@functools.lru_cache(maxsize=16)
def _split(keywords: str) -> list[str]:
    return keywords.split(_SEPARATOR)
