"""The columnar store: articles, sentences and time expressions as Parquet, partitioned by publication month.

Layout under the store's root (a local folder or any fsspec URL, e.g. ``s3://bucket/news``)::

    articles/month=YYYY-MM/PART.parquet    id, url, source, published, title, text, hash, n_sentences, language
    sentences/month=YYYY-MM/PART.parquet   article_id, idx, text, event_date, date_source
    timerefs/month=YYYY-MM/PART.parquet    article_id, idx, ord, char_start, char_end, text, value, granularity, type
    words/month=YYYY-MM/PART.parquet       word, article_id: the words of each article's title and text
    mentions/month=YYYY-MM/PART.parquet    article_id, idx, day, first, explicit, text: one row per day a sentence names
    _parts/PART.json                       the commit record of PART: its month and counts

Why parts and commit records: many workers write at once, and object stores have no rename and no
transactions. A part (a batch of articles of one month, with their sentences and time expressions) is
visible only once its commit record exists, and the record is written last, in one put (a temporary name
then a move on a local folder). A part is therefore committed whole or not at all: a worker or client
killed half-way leaves at most files no record names, which readers ignore. A part's name is a digest of
its article ids, so a task that runs twice (Dask retries the tasks of a lost worker) writes the same part
again rather than a second copy. The month in the path lets a query with a date window read only the
months it covers.

Why a word index: without one, a query reads and matches the text of every sentence in its window, so
its cost grows with the archive, not with the answer. Each part has a table of the distinct words of each
article (folded as the query's words are, `words_of`), sorted by word and cut in small row groups, so a
query reads only the row groups that can hold its words (Parquet keeps each group's smallest and largest
word) and then only the articles that hold them; sentences and articles are sorted by article id in
small row groups for the same reason. Matching is then checked on those articles' sentences, since a
term of several words must be in one sentence.

Why a mentions table: a day-first timeline method (`dateline.timeline.days.DaySource`) counts, per day,
the sentences naming it, and reads the words of those sentences; those are a small share of an article's
sentences (the dated ones). One row per (sentence, day it names), with the sentence's text, gives a query
all it needs to rank days without reading the sentences table of the matching articles: the same rows as
the SQLite store's ``mentions`` table (`dateline.store.schema.mention_rows`), plus the text (which costs
about a tenth of the sentences' bytes again). Parts written before it existed (their commit records have
no ``mentions`` count) have their rows derived from their sentences and time expressions at query time
(`mentions_of`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from dateline.errors import DatelineError
from dateline.model import FIRST_DAY, LAST_DAY, Article, Sentence, TimeRef
from dateline.store import content_hash
from dateline.store.schema import mention_rows

__all__ = ["ParquetStore", "Part", "build", "empty_table", "fold", "mentions_of", "month_of", "sentences_of", "words_of"]

_ARTICLES = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("source", pa.string()), ("published", pa.date32()),
    ("title", pa.string()), ("text", pa.string()), ("hash", pa.string()), ("n_sentences", pa.int32()),
    # added later: parts written before lack it and read as null, an unknown language
    ("language", pa.string()),
])
_SENTENCES = pa.schema([
    ("article_id", pa.string()), ("idx", pa.int32()), ("text", pa.string()), ("event_date", pa.date32()),
    ("date_source", pa.string()),
])
_TIMEREFS = pa.schema([
    ("article_id", pa.string()), ("idx", pa.int32()), ("ord", pa.int32()), ("char_start", pa.int32()),
    ("char_end", pa.int32()), ("text", pa.string()), ("value", pa.string()), ("granularity", pa.string()),
    ("type", pa.string()),
])
_WORDS = pa.schema([("word", pa.string()), ("article_id", pa.string())])
_MENTIONS = pa.schema([
    ("article_id", pa.string()), ("idx", pa.int32()), ("day", pa.date32()), ("first", pa.bool_()),
    ("explicit", pa.bool_()), ("text", pa.string()),
])
_TABLES = {"articles": _ARTICLES, "sentences": _SENTENCES, "timerefs": _TIMEREFS, "words": _WORDS,
           "mentions": _MENTIONS}
#: Rows a row group: what a query reads at least of a table when one row of the group is wanted.
_ROW_GROUP = {"articles": 256, "sentences": 4096, "timerefs": 4096, "words": 16384, "mentions": 4096}
_WORD = re.compile(r"[^\W_]+")
#: Commit records read so far in this process, by (store URL, part name): see `ParquetStore.parts`.
_RECORDS: dict[tuple[str, str], Part] = {}
#: Articles a part merged by `ParquetStore.compact` holds at most: its tables are read whole to merge.
COMPACT_ARTICLES = 20_000


def fold(text: str) -> str:
    """Lower case without diacritics, as SQLite's FTS5 tokenizer (unicode61 remove_diacritics 2) compares
    words."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words_of(text: str) -> set[str]:
    """The distinct words of `text` as the store indexes and queries match them: runs of letters and
    digits, folded."""
    return set(_WORD.findall(fold(text)))


def month_of(day: dt.date) -> str:
    """The partition key of a publication date."""
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True)
class Part:
    """One committed batch of articles of one month (see the module doc)."""

    name: str
    month: str
    articles: int
    sentences: int
    timerefs: int
    words: int = -1  # rows of its word index; -1: written before parts had one (queries scan it)
    mentions: int = -1  # rows of its mentions table; -1: written before parts had one (derived when read)
    replaces: tuple[str, ...] = ()  # the parts it merged (`ParquetStore.compact`): hidden from readers


class ParquetStore:
    """A columnar store at `url` (a folder path or an fsspec URL); `storage_options` go to fsspec
    (e.g. ``{"endpoint_url": ...}`` for an S3-compatible server).

    Cheap to build and picklable (it holds only the URL and options), so it travels to Dask workers.
    """

    def __init__(self, url: str, storage_options: dict[str, Any] | None = None) -> None:
        self.url = str(url)
        self.storage_options = dict(storage_options or {})
        self._fs: fsspec.AbstractFileSystem | None = None
        self._root = ""

    def __getstate__(self) -> dict[str, Any]:
        return {"url": self.url, "storage_options": self.storage_options}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["url"], state["storage_options"])  # type: ignore[misc]

    @property
    def fs(self) -> fsspec.AbstractFileSystem:
        if self._fs is None:
            try:
                self._fs, self._root = fsspec.core.url_to_fs(self.url, **self.storage_options)
            except (ImportError, ValueError) as e:
                raise DatelineError(f"cannot open store {self.url}: {e}") from None
            self._root = self._root.rstrip("/")
        return self._fs

    def _path(self, *parts: str) -> str:
        self.fs  # noqa: B018 - resolves the root
        return "/".join((self._root, *parts))

    def _file(self, table: str, part: Part | tuple[str, str]) -> str:
        name, month = (part.name, part.month) if isinstance(part, Part) else part
        return self._path(table, f"month={month}", f"{name}.parquet")

    # -- writing --------------------------------------------------------------------------------------

    def write_part(self, pairs: Sequence[tuple[Article, Sequence[Sentence]]]) -> Part:
        """Write articles of one month with their sentences as one part and commit it (see the module doc).

        The caller (ingest) has already left out articles stored before; this only writes.
        """
        if not pairs:
            raise ValueError("a part needs at least one article")
        articles: dict[str, list[Any]] = {k: [] for k in _ARTICLES.names}
        sentences: dict[str, list[Any]] = {k: [] for k in _SENTENCES.names}
        timerefs: dict[str, list[Any]] = {k: [] for k in _TIMEREFS.names}
        for article, sents in pairs:
            for key, value in (("id", article.id), ("url", article.url), ("source", article.source),
                               ("published", article.published), ("title", article.title),
                               ("text", article.text), ("hash", content_hash(article.text)),
                               ("n_sentences", len(sents)), ("language", article.language)):
                articles[key].append(value)
            for s in sents:
                for key, value in (("article_id", article.id), ("idx", s.index), ("text", s.text),
                                   ("event_date", s.event_date), ("date_source", s.date_source)):
                    sentences[key].append(value)
                for order, r in enumerate(s.timerefs):
                    for key, value in (("article_id", article.id), ("idx", s.index), ("ord", order),
                                       ("char_start", r.start), ("char_end", r.end), ("text", r.text),
                                       ("value", r.value), ("granularity", r.granularity), ("type", r.type)):
                        timerefs[key].append(value)
        return self.write_tables(pa.table(articles, schema=_ARTICLES), pa.table(sentences, schema=_SENTENCES),
                                 pa.table(timerefs, schema=_TIMEREFS))

    def write_tables(self, articles: pa.Table, sentences: pa.Table, timerefs: pa.Table,
                     words: pa.Table | None = None, mentions: pa.Table | None = None,
                     replaces: Sequence[str] = ()) -> Part:
        """Write the rows of articles of one month (with every column of the layout) as one part, and
        commit it: `write_part` for rows already in Arrow form (merged parts, copies for benchmarks).
        The word index is made from the articles' titles and texts unless `words` gives it, the mentions
        table from the sentences and time expressions unless `mentions` does. The parts named in
        `replaces` (holding the same articles) are hidden from readers from the commit on."""
        months = {month_of(d) for d in pc.unique(articles["published"]).to_pylist()}
        if len(months) != 1:
            raise ValueError(f"a part holds one month, got {sorted(months)}")
        month = months.pop()
        name = month + "-" + hashlib.blake2b("\n".join(articles["id"].to_pylist()).encode(),
                                             digest_size=10).hexdigest()
        if words is None:
            pairs = [(w, aid) for aid, title, text in zip(*(articles[c].to_pylist() for c in ("id", "title", "text")))
                     for w in words_of(f"{title}\n{text}")]
            words = pa.table({"word": [w for w, _ in pairs], "article_id": [a for _, a in pairs]}, schema=_WORDS)
        if mentions is None:
            mentions = mentions_of(sentences, timerefs)
        fs = self.fs
        for table, rows, order in (("articles", articles, ["id"]), ("sentences", sentences, ["article_id", "idx"]),
                                   ("timerefs", timerefs, ["article_id", "idx", "ord"]),
                                   ("words", words, ["word", "article_id"]),
                                   ("mentions", mentions, ["article_id", "idx", "day"])):
            path = self._file(table, (name, month))
            fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
            pq.write_table(rows.sort_by([(c, "ascending") for c in order]), path, filesystem=fs,
                           compression="zstd", row_group_size=_ROW_GROUP[table])
        part = Part(name, month, articles.num_rows, sentences.num_rows, timerefs.num_rows, words.num_rows,
                    mentions.num_rows, tuple(replaces))
        record = self._path("_parts", f"{name}.json")
        fs.makedirs(record.rsplit("/", 1)[0], exist_ok=True)
        temporary = f"{record}.{uuid.uuid4().hex}.tmp"
        with fs.open(temporary, "w") as f:
            json.dump(part.__dict__, f)
        fs.mv(temporary, record)  # the commit: before this line the part does not exist for readers
        return part

    # -- reading --------------------------------------------------------------------------------------

    def parts(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Part]:
        """The committed parts whose month overlaps `start`..`end` (every part without a window).

        A part's name starts with its month, so records outside the window are not even opened; a
        record never changes once written (a part's name is a digest of its articles), so each is read
        once per process, whatever `ParquetStore` object asks: a server or a notebook asking many
        questions of a store of thousands of parts lists them, but reads only new ones.
        """
        first, last = month_of(start or FIRST_DAY), month_of(end or LAST_DAY)
        out = []
        for record in self._records():
            name = record.rsplit("/", 1)[-1].removesuffix(".json")
            if not first <= name[:7] <= last:
                continue
            if (key := (self.url, name)) not in _RECORDS:
                with self.fs.open(record) as f:
                    fields = json.load(f)
                _RECORDS[key] = Part(**{**fields, "replaces": tuple(fields.get("replaces", ()))})
            out.append(_RECORDS[key])
        # a merged part and the parts it replaces share their month, so the window holds both
        hidden = {name for part in out for name in part.replaces}
        return [part for part in out if part.name not in hidden]

    def compact(self, month: str, max_articles: int = COMPACT_ARTICLES) -> list[Part]:
        """Merge the committed parts of `month` into parts of up to `max_articles` articles; the new parts.

        Why: a query opens every part of its window (the word index, then the matching articles' rows),
        so its cost has a floor in the number of parts; ingest writes a part per batch of 500 and per run.
        Safe at any moment: each merged part is committed (naming the parts it replaces, which readers
        then skip) before those are deleted, so a reader sees every article once, and a merge killed
        half-way leaves either the old parts or the new one visible, never both.
        """
        groups: list[list[Part]] = [[]]
        for part in sorted((p for p in self.parts() if p.month == month), key=lambda p: p.name):
            if groups[-1] and sum(p.articles for p in groups[-1]) + part.articles > max_articles:
                groups.append([])
            groups[-1].append(part)
        made = []
        for group in (g for g in groups if len(g) > 1):
            indexed = all(p.words >= 0 for p in group), all(p.mentions >= 0 for p in group)
            made.append(self.write_tables(
                *(self.read(t, group) for t in ("articles", "sentences", "timerefs")),
                words=self.read("words", group) if indexed[0] else None,
                mentions=self.read("mentions", group) if indexed[1] else None,
                replaces=[p.name for p in group]))
            for part in group:
                for path in (self._file(table, part) for table in _TABLES):
                    if self.fs.exists(path):  # parts written before a table was added lack its file
                        self.fs.rm(path)
                self.fs.rm(self._path("_parts", f"{part.name}.json"))
        return made

    def _records(self) -> list[str]:
        folder = self._path("_parts")
        self.fs.invalidate_cache(folder)  # s3fs caches listings; parts committed since must be seen
        try:
            return sorted(p for p in self.fs.ls(folder, detail=False) if p.endswith(".json"))
        except FileNotFoundError:
            return []

    def read(self, table: str, parts: Iterable[Part], columns: Sequence[str] | None = None,
             where: pc.Expression | None = None) -> pa.Table:
        """`table` ("articles", "sentences", "timerefs" or "words") of `parts`, with only `columns` when
        given, only the rows `where` holds when given (row groups that cannot hold any are not read)."""
        schema = _schema(table)
        files = [self._file(table, p) for p in parts]
        if not files:
            return empty_table(table, columns)
        # On a local disk, one thread and no pre-buffering: as fast here (a query reads small pruned row
        # groups) and less memory than Arrow's read-ahead. Object stores keep parallel requests, which
        # hide their latency.
        local = isinstance(self.fs, LocalFileSystem)
        return pq.read_table(files, columns=list(columns) if columns else None, filesystem=self.fs, schema=schema,
                             partitioning=None, filters=where, use_threads=not local, pre_buffer=not local)

    def read_of(self, table: str, parts: Iterable[Part], articles: pa.Table, columns: Sequence[str] | None = None,
                where: pc.Expression | None = None) -> pa.Table:
        """The rows of `table` (one keyed by article_id) of `articles` (columns id and published) held by
        `parts`, only `columns` and the rows `where` holds when given.

        Read month by month, each month's parts asked for that month's articles only: Parquet skips the
        row groups that cannot hold an id of a small set in milliseconds, but testing a set of thousands
        of ids against every row group took a third of a second a file (measured on a part of 4,300
        articles), more than reading it.
        """
        by_month: dict[str, list[str]] = {}
        for article_id, day in zip(articles["id"].to_pylist(), articles["published"].to_pylist()):
            by_month.setdefault(month_of(day), []).append(article_id)
        in_month: dict[str, list[Part]] = {}
        for part in parts:
            in_month.setdefault(part.month, []).append(part)
        found = []
        for month, ids in sorted(by_month.items()):
            if month in in_month:
                keep = pc.field("article_id").isin(pa.array(ids, pa.string()))
                found.append(self.read(table, in_month[month], columns, keep if where is None else keep & where))
        return pa.concat_tables(found) if found else empty_table(table, columns)

    def seen(self) -> tuple[set[str], set[str]]:
        """Ids and content hashes of every stored article: what an ingest must not store again."""
        t = self.read("articles", self.parts(), ["id", "hash"])
        return set(t.column("id").to_pylist()), set(t.column("hash").to_pylist())

    def load(self, parts: Iterable[Part], article_ids: set[str] | None = None) -> list[tuple[Article, list[Sentence]]]:
        """The articles of `parts` (only those in `article_ids` when given) with their sentences, as the
        model objects the SQLite store gives, in (published, id) order."""
        return build(*self.tables(parts, article_ids, with_text=True))

    def tables(self, parts: Iterable[Part], article_ids: set[str] | None = None,
               with_text: bool = False) -> tuple[pa.Table, pa.Table, pa.Table]:
        """The rows `load` and `sentences_of` build their objects from: what a worker sends back, since
        Arrow tables travel far cheaper than a hundred thousand Python objects. The articles' `text` (half
        the bytes) only `with_text`: a sentence carries its own text."""
        parts = list(parts)
        keep = None if article_ids is None else pa.array(sorted(article_ids), pa.string())
        columns = ["id", "url", "source", "published", "title"] + (["text", "language"] if with_text else [])
        out = []
        for table, key, cols in (("articles", "id", columns), ("sentences", "article_id", None),
                                 ("timerefs", "article_id", None)):
            out.append(self.read(table, parts, cols, None if keep is None else pc.field(key).isin(keep)))
        return out[0], out[1], out[2]

    def article_count(self) -> int:
        return sum(p.articles for p in self.parts())


def _schema(table: str) -> pa.Schema:
    if table not in _TABLES:
        raise ValueError(f"no table {table!r}; one of {sorted(_TABLES)}")
    return _TABLES[table]


def empty_table(table: str, columns: Sequence[str] | None = None) -> pa.Table:
    """`table` without rows, with only `columns` when given: what reading no part gives."""
    schema = _schema(table)
    return schema.empty_table().select(list(columns) if columns else schema.names)


def mentions_of(sentences: pa.Table, timerefs: pa.Table) -> pa.Table:
    """The mentions rows (see the module doc) of the sentences in `sentences` (columns article_id, idx,
    text, event_date, date_source) whose time expressions are in `timerefs`: one per distinct day-level
    date a sentence names, as `dateline.store.schema.mention_rows` gives the SQLite store's."""
    out: dict[str, list[Any]] = {k: [] for k in _MENTIONS.names}
    if not timerefs.num_rows:
        return pa.table(out, schema=_MENTIONS)
    timerefs = timerefs.sort_by([("article_id", "ascending"), ("idx", "ascending"), ("ord", "ascending")])
    grouped: dict[tuple[str, int], list[TimeRef]] = {}
    for key, ref in zip(zip(timerefs["article_id"].to_pylist(), timerefs["idx"].to_pylist()),
                        (TimeRef(*fields) for fields in zip(*(timerefs[c].to_pylist() for c in (
                            "text", "char_start", "char_end", "value", "granularity", "type"))))):
        grouped.setdefault(key, []).append(ref)
    # only the sentences that have time expressions, looked up by key
    keyed = pc.binary_join_element_wise(sentences["article_id"], pc.cast(sentences["idx"], pa.string()), "\x1f")
    wanted = pa.array([f"{a}\x1f{i}" for a, i in grouped], pa.string())
    dated = sentences.filter(pc.is_in(keyed, value_set=wanted))
    for aid, idx, text, event_date, date_source in zip(*(dated[c].to_pylist() for c in (
            "article_id", "idx", "text", "event_date", "date_source"))):
        for _, _, day, first, explicit, _ in mention_rows(aid, idx, idx, event_date, date_source, grouped[(aid, idx)]):
            for key, value in (("article_id", aid), ("idx", idx), ("day", dt.date.fromisoformat(day)),
                               ("first", bool(first)), ("explicit", bool(explicit)), ("text", text)):
                out[key].append(value)
    return pa.table(out, schema=_MENTIONS)


def sentences_of(articles: pa.Table, sentences: pa.Table, timerefs: pa.Table) -> list[list[Sentence]]:
    """Model sentences from rows of the three tables (see `ParquetStore.tables`): one list per article, in
    (published, id) order, each in sentence order.

    A query turns a hundred thousand rows into objects, so this is its cost on the client: the ordering
    is done by Arrow, columns are converted to Python once each, and an article's fields and each distinct
    date are shared by its sentences.
    """
    articles = articles.sort_by([("published", "ascending"), ("id", "ascending")])
    ids = articles["id"].combine_chunks()
    meta = list(zip(*(articles[c].to_pylist() for c in ("id", "published", "source", "url", "title"))))
    grouped: dict[tuple[int, int], list[TimeRef]] = {}
    if timerefs.num_rows:
        timerefs = timerefs.append_column("r", pc.index_in(timerefs["article_id"], value_set=ids))
        timerefs = timerefs.sort_by([("r", "ascending"), ("idx", "ascending"), ("ord", "ascending")])
        for r, idx, *fields in zip(*(timerefs[c].to_pylist() for c in (
                "r", "idx", "text", "char_start", "char_end", "value", "granularity", "type"))):
            grouped.setdefault((r, idx), []).append(TimeRef(*fields))
    refs = {key: tuple(found) for key, found in grouped.items()}
    out: list[list[Sentence]] = [[] for _ in meta]
    if not sentences.num_rows:
        return out
    sentences = sentences.append_column("r", pc.index_in(sentences["article_id"], value_set=ids))
    sentences = sentences.sort_by([("r", "ascending"), ("idx", "ascending")])
    days: dict[dt.date, dt.date] = {}  # one object per distinct date: to_pylist makes one per row
    for r, idx, text, event_date, date_source in zip(*(sentences[c].to_pylist() for c in (
            "r", "idx", "text", "event_date", "date_source"))):
        article_id, published, source, url, title = meta[r]
        out[r].append(Sentence(article_id, idx, text, published, days.setdefault(event_date, event_date),
                               date_source, refs.get((r, idx), ()), source, url, title))
    return out


def build(articles: pa.Table, sentences: pa.Table, timerefs: pa.Table) -> list[tuple[Article, list[Sentence]]]:
    """Model articles (the `text` and `language` columns needed) with their sentences, in (published, id)
    order."""
    articles = articles.sort_by([("published", "ascending"), ("id", "ascending")])
    rows = zip(*(articles[c].to_pylist() for c in ("id", "url", "source", "published", "title", "text", "language")))
    # a part written before the language column reads it as null: an unknown language
    return [(Article(*row[:6], language=row[6] or ""), sents)
            for row, sents in zip(rows, sentences_of(articles, sentences, timerefs))]
