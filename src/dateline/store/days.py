"""A query's articles asked day by day, in SQL: what a day-first timeline method needs
(`dateline.timeline.days.DaySource`) without loading the articles' sentences.

Counts come from GROUP BY over the ``mentions`` table (one row per day a sentence names, clustered by
article) and the ``articles_days`` covering index, so they read neither article texts nor undated
sentences; the texts read are those of the sentences naming a day (for the day ranker's words, at most
`cap` a day) and those of the few days a timeline shows. Capping keeps a day's most relevant sentences:
those containing a query keyword first, then reading order (published, article id, position), the
order `dateline.timeline.days.most_relevant` keeps in memory.

A keyword is contained the way news-tls's filter has it (`keyword_mask`): as a substring of the
lower-cased sentence, Python's lower-casing, through a function registered on the connection.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from dateline.model import LATE_DAYS, SOON_DAYS, Coverage, DayTally, Sentence
from dateline.store.caches import Dates

# The query's articles, as a table of keys (bound as JSON), joined to their mentions, and (for the
# counts) to their index entry.
_HIT_MENTIONS = "json_each(:hits) h JOIN mentions m ON m.article = h.value"
_MENTIONS = f"{_HIT_MENTIONS} JOIN articles a INDEXED BY articles_days ON a.pk = m.article"
# The rank of a row within its day: keyword first, then reading order. The keys come in reading order
# (published, article id), so an article's place among them (h.key) orders as those two would, comparing
# integers rather than strings.
_RANK = "row_number() OVER (PARTITION BY {day} ORDER BY {keyword} DESC, h.key, {idx})"
_tables = itertools.count()


class SQLiteDays:
    """`DaySource` over the articles of one query (their keys, in the order `Reads.matching_articles`
    gives them: the rankings rely on it)."""

    def __init__(self, db: sqlite3.Connection, pks: Sequence[int],
                 load: Callable[[Iterable[tuple[int, int]]], list[tuple[Sentence, ...]]]) -> None:
        self._db = db
        self._hits = json.dumps(list(pks))
        self._load = load
        self._dates = Dates()
        self._keyword_table: tuple[tuple[str, ...], str] | None = None
        self._publications: Mapping[dt.date, Coverage] | None = None
        db.create_function("dl_has_keyword", 2, has_keyword, deterministic=True)

    def publications(self) -> Mapping[dt.date, Coverage]:
        """Asked of SQL once: a method and its day model ask for it several times per timeline."""
        if self._publications is None:
            rows = self._db.execute(
                "SELECT a.published, count(*), count(DISTINCT a.source), sum(a.n_sentences) "
                "FROM json_each(:hits) h JOIN articles a INDEXED BY articles_days ON a.pk = h.value "
                "WHERE a.n_sentences > 0 GROUP BY a.published", {"hits": self._hits})
            self._publications = MappingProxyType({self._dates[day]: Coverage(*counts) for day, *counts in rows})
        return self._publications

    def tallies(self, start: dt.date, end: dt.date, keywords: Sequence[str]) -> dict[dt.date, DayTally]:
        joined, keyword = self._keywords(keywords)
        rows = self._db.execute(
            "SELECT day, sum(first), count(*), count(DISTINCT article), count(DISTINCT source), sum(keyword), "
            "sum(published < day), sum(published BETWEEN day AND soon), sum(published > late), sum(idx <= 1), "
            "sum(explicit), count(DISTINCT CASE WHEN published > late THEN article END), "
            "count(DISTINCT CASE WHEN published > day THEN article END) FROM ("
            f" SELECT m.day, m.first, m.article, a.source, a.published, m.idx, m.explicit, {keyword} AS keyword,"
            "  date(m.day, :soon) AS soon, date(m.day, :late) AS late"
            f" FROM {_MENTIONS} {joined} WHERE m.day BETWEEN :start AND :end"
            ") GROUP BY day",
            {"hits": self._hits, "start": start.isoformat(), "end": end.isoformat(),
             "soon": f"+{SOON_DAYS} days", "late": f"+{LATE_DAYS} days"})
        return {self._dates[day]: DayTally(*counts) for day, *counts in rows}

    def self_dated(self) -> tuple[int, int]:
        dated, own_day = self._db.execute(
            f"SELECT count(*), coalesce(sum(m.day = a.published), 0) FROM {_MENTIONS} WHERE m.first = 1",
            {"hits": self._hits}).fetchone()
        return dated, own_day

    def naming_texts(self, days: Iterable[dt.date], keywords: Sequence[str],
                     cap: int | None) -> dict[dt.date, list[str]]:
        rows = self._db.execute(
            f"SELECT r.day, s.text FROM ({self._ranked(keywords, 'm.first >= 0')}) r"
            " JOIN sentences s ON s.id = r.sentence WHERE r.rank <= :cap",
            {"hits": self._hits, "days": _days(days), "cap": _NO_CAP if cap is None else cap})
        out: dict[dt.date, list[str]] = defaultdict(list)
        for day, text in rows:
            out[self._dates[day]].append(text)
        return out

    def day_sentences(self, days: Iterable[dt.date], keywords: Sequence[str], cap: int, lead: int,
                      pub_end: int) -> tuple[dict[dt.date, list[Sentence]], dict[dt.date, list[Sentence]]]:
        params = {"hits": self._hits, "days": _days(days), "cap": cap}
        dated = self._db.execute(
            f"SELECT day, sentence FROM ({self._ranked(keywords, 'm.first = 1')}) WHERE rank <= :cap", params
        ).fetchall()
        # A sentence's position is its offset in the article's id range (`Writes.add_new`), so an
        # article's lead is the first ids of its range. Few articles: the keyword test reads their text.
        test, keyword_params = keyword_test(keywords) if keywords else ("1", {})
        # Each day's last publication day is computed once, not once per article and day.
        rank = _RANK.format(day="w.day", keyword=test, idx="s.idx")
        leads = self._db.execute(
            "WITH w AS MATERIALIZED (SELECT value AS day, date(value, :later) AS until FROM json_each(:days))"
            f" SELECT day, id FROM (SELECT w.day AS day, s.id, {rank} AS rank"
            " FROM json_each(:hits) h JOIN articles a INDEXED BY articles_days ON a.pk = h.value"
            " CROSS JOIN w ON a.published BETWEEN w.day AND w.until"
            " CROSS JOIN sentences s NOT INDEXED"
            "  ON s.id BETWEEN a.first_sentence AND a.first_sentence + min(a.n_sentences, :lead + 1) - 1"
            " WHERE s.date_source = 'published') WHERE rank <= :cap",
            {**params, **keyword_params, "later": f"+{pub_end - 1} days", "lead": lead}).fetchall()
        ids = sorted({i for _, i in dated} | {i for _, i in leads})
        found = {s_id: s for s_id, (s,) in zip(ids, self._load((i, i) for i in ids))}
        return self._by_day(dated, found), self._by_day(leads, found)

    def _ranked(self, keywords: Sequence[str], where: str) -> str:
        """SQL of the mentions of the days bound as :days (and `where`), ranked within each day."""
        joined, keyword = self._keywords(keywords)
        return (f"SELECT m.day, m.sentence, {_RANK.format(day='m.day', keyword=keyword, idx='m.idx')} AS rank"
                f" FROM {_HIT_MENTIONS} {joined} WHERE {where} AND m.day IN (SELECT value FROM json_each(:days))")

    def _keywords(self, keywords: Sequence[str]) -> tuple[str, str]:
        """(a join, an expression 1 or 0) saying whether a mention's sentence holds a keyword.

        The texts of the sentences naming days are read once per query and keywords: a temporary
        table keeps the keys of those that hold one, and every later count or ranking joins it.
        """
        if not keywords:
            return "", "1"
        if self._keyword_table is None or self._keyword_table[0] != tuple(keywords):
            name = f"dl_keyword_{next(_tables)}"
            self._db.execute(f"CREATE TEMP TABLE {name} (sentence INTEGER PRIMARY KEY)")
            test, params = keyword_test(keywords)
            self._db.execute(
                f"INSERT OR IGNORE INTO temp.{name} SELECT m.sentence FROM {_HIT_MENTIONS}"
                f" JOIN sentences s ON s.id = m.sentence WHERE {test}", {"hits": self._hits, **params})
            self._keyword_table = (tuple(keywords), name)
        name = self._keyword_table[1]
        return f"LEFT JOIN temp.{name} k ON k.sentence = m.sentence", "(k.sentence IS NOT NULL)"

    def _by_day(self, rows: Iterable[tuple[str, int]], found: dict[int, Sentence]) -> dict[dt.date, list[Sentence]]:
        out: dict[dt.date, list[Sentence]] = defaultdict(list)
        for day, s_id in rows:
            out[self._dates[day]].append(found[s_id])
        for sentences in out.values():
            sentences.sort(key=lambda s: (s.published, s.article_id, s.index))
        return out


_NO_CAP = 2**63 - 1
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
