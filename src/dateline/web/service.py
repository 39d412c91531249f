"""What the web app asks of the store and the timeline library, with the expensive part cached.

Every call opens the store read-only for just that call: SQLite connections are cheap, a request then
never shares a connection with another thread, and the web app cannot change the database whatever a
request says. The path is fixed when the app is created; no request can name a file.

Building a timeline means reading every candidate sentence of the topic and ranking them, which takes
far longer than answering the request, while people ask for the same few topics again and again
(and the page, its exports and its chart all need the same timeline). So timelines are kept in a
small LRU keyed by the normalised parameters and by the store's revision (`Store.revision`, which grows
with every committed ingest however SQLite reuses its files), so an ingest into the store while the app
runs is seen at the next request. Search results, coverage (the chart) and the store's counts are
cached the same way: counting the sentences of a large store takes a fifth of a second, and the home
page shows them on every view.

A timeline not seen before still needs its candidate sentences, and turning tens of thousands of rows
into `Sentence` objects is most of the store's share of a build. Queries about one story (other
words, another window, more dates) share most of their articles, so the sentences of each article
loaded are kept too (`ArticleCache`), and a new timeline loads only articles no earlier one needed.

Building is Python work that holds the interpreter lock, so timelines are built in worker processes
(`BUILD_WORKERS`): two readers' builds run on two CPUs, and a build never delays the requests the
server answers meanwhile from the cache. Each worker keeps its own article cache.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, Union

from dateline.model import Article, Query, QuoteRecord, Sentence, Timeline
from dateline.store import Stats, Store
from dateline.timeline import build_with, get_method, method_names

if TYPE_CHECKING:
    from dateline.scale.reader import ParquetReader

Outcome = Literal["hit", "miss", "wait"]

#: Timelines kept in memory; each is at most MAX_DATES x MAX_SENTENCES sentences.
CACHE_SIZE = 128
#: Sentences of loaded articles kept in memory (about 450 bytes each: ~110 MB); Timeline17's bpoil
#: topic, 1,460 articles, has 55,641.
ARTICLE_CACHE_SENTENCES = 250_000
#: Processes building timelines; 0 builds in the server's own process.
BUILD_WORKERS = min(2, os.cpu_count() or 1)

#: The state of the store: its revision, then the file's inode, mtime and size and its log's size (a
#: store rebuilt in place starts its revisions again).
Version = tuple[int, int, int, int, int]
T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a reader who last looked at the store at revision `since` has not seen: the store's
    `revision` now, when it last `changed` (None when it does not say, see `Store.changed`) and how many
    articles were `added` after `since`."""

    revision: int
    changed: dt.datetime | None
    since: int | None = None
    added: int = 0

    @property
    def updated(self) -> bool:
        return self.since is not None and self.revision > self.since


class TimelineCache(Generic[T]):
    """A thread-safe LRU of built timelines (or other results), with hit/miss counts (the tests read them).

    Two requests for the same missing timeline build it once: the second waits for the first (with two
    browser tabs or an export right after the page, they often arrive together).
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> tuple[T, Outcome]:
        """The timeline for `key`, and how it was had: from the cache ("hit"), built by this call
        ("miss"), or from the cache after waiting for another call that was building it ("wait")."""
        with self._lock:
            if (found := self._lookup(key)) is not None:
                return found, "hit"
            key_lock = self._building.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if (found := self._lookup(key)) is not None:
                    return found, "wait"
                self.misses += 1
            try:
                timeline = build()
                with self._lock:
                    if self.size > 0:
                        self._items[key] = timeline
                        while len(self._items) > self.size:
                            self._items.popitem(last=False)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return timeline, "miss"

    def _lookup(self, key: Hashable) -> T | None:
        timeline = self._items.get(key)
        if timeline is not None:
            self.hits += 1
            self._items.move_to_end(key)
        return timeline


class ArticleCache:
    """The sentences of recently used articles, by article key, while the database stays the same.

    Bounded by the number of sentences held, least recently used articles first out. Article keys are
    only meaningful for one state of the file (a rebuilt store reuses them), so a new database version
    empties the cache.
    """

    def __init__(self, max_sentences: int = ARTICLE_CACHE_SENTENCES) -> None:
        self.max_sentences = max_sentences
        self.loaded = 0  # articles read from the store (the tests read it)
        self._version: Version | None = None
        self._articles: OrderedDict[int, tuple[Sentence, ...]] = OrderedDict()
        self._sentences = 0
        self._lock = threading.Lock()

    def candidates(self, store: Store, query: Query, version: Version) -> list[Sentence]:
        """`store.candidates(query)`, with the sentences of cached articles taken from the cache."""
        pks = store.matching_articles(query)
        with self._lock:
            if version != self._version:
                self._articles.clear()
                self._sentences = 0
                self._version = version
            found = {pk: self._articles[pk] for pk in pks if pk in self._articles}
            for pk in found:
                self._articles.move_to_end(pk)
        missing = [pk for pk in pks if pk not in found]
        if missing:
            loaded = store.article_sentences(missing)
            found.update(loaded)
            with self._lock:
                self.loaded += len(loaded)
                if version == self._version:
                    self._keep(loaded)
        return [s for pk in pks for s in found.get(pk, ())]

    def _keep(self, loaded: dict[int, tuple[Sentence, ...]]) -> None:
        for pk, sentences in loaded.items():
            if pk not in self._articles:
                self._articles[pk] = sentences
                self._sentences += len(sentences)
        while self._sentences > self.max_sentences and self._articles:
            self._sentences -= len(self._articles.popitem(last=False)[1])


#: Where the app reads: a SQLite file, or the columnar store (`dateline.scale.reader.ParquetReader`).
Source = Union[Path, "ParquetReader"]


def open_store(source: Source) -> Store | ParquetReader:
    """The store `source` names, opened read-only for one call."""
    return Store(source, readonly=True) if isinstance(source, Path) else source


def build(source: Source, articles: ArticleCache, query: Query, method: str, version: Version) -> Timeline:
    """What `dateline.api.build_timeline` does, but with candidates (when the method needs them all)
    through an article cache (SQLite; the columnar store filters whole months, so it has no per-article
    reads to save)."""
    with open_store(source) as store:
        cached = (lambda q: articles.candidates(store, q, version)) if isinstance(store, Store) else None
        return build_with(get_method(method), store, query, cached)


# A build worker's store and article cache, set once per process by `_start_worker`.
_worker: tuple[Source, ArticleCache] | None = None


def _start_worker(db: Source, article_cache_sentences: int) -> None:
    global _worker
    # A worker holds both ends of the pool's task queue, so it would outlive a server that dies without
    # stopping it (killed, or stopped before the pool's shutdown ran): it follows the server out instead.
    server = multiprocessing.parent_process()
    if server is not None:
        threading.Thread(target=lambda: (server.join(), os._exit(0)), daemon=True).start()
    method_names()  # load the methods (and scikit-learn, seconds) as the worker starts, not in a build
    _worker = (db, ArticleCache(article_cache_sentences))


def _build_in_worker(query: Query, method: str, version: Version) -> Timeline:
    assert _worker is not None, "runs only in a process started by Corpus"
    return build(*_worker, query, method, version)


def _started() -> None:
    """Nothing: submitted once per worker so the workers start with the app, not at the first build."""


class Corpus:
    """The store behind one web app: read-only calls, each on its own short-lived connection."""

    def __init__(
        self,
        db: Source,
        cache_size: int = CACHE_SIZE,
        article_cache_sentences: int = ARTICLE_CACHE_SENTENCES,
        workers: int = BUILD_WORKERS,
    ) -> None:
        self.db = db if not isinstance(db, str) else Path(db)
        self.cache: TimelineCache[Timeline] = TimelineCache(cache_size)
        self.searches: TimelineCache[list[Sentence]] = TimelineCache(cache_size)
        self.coverages: TimelineCache[list[tuple[dt.date, int]]] = TimelineCache(cache_size)
        self._stats: tuple[Version, Stats] | None = None
        self.articles = ArticleCache(article_cache_sentences)  # for builds in this process (workers=0)
        self._pool = None
        if workers:
            # spawn, not fork: the server has threads (uvicorn, the request pool), which fork does not copy.
            self._pool = ProcessPoolExecutor(
                workers, multiprocessing.get_context("spawn"), _start_worker, (self.db, article_cache_sentences)
            )
            for _ in range(workers):
                self._pool.submit(_started)

    def close(self) -> None:
        """Stop the build workers, once builds under way are done."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _store(self) -> Store | ParquetReader:
        return open_store(self.db)

    def _version(self) -> Version:
        """Changes whenever the store's content does: its revision, which an ingest's commit moves on
        even when SQLite reuses its log and the files keep their size and time (another connection
        holding the store open), and the file's identity, which changes when it is rebuilt in place.

        Not the log's mtime: a read-only connection creates (touches) an empty log when it opens.
        """
        with self._store() as store:
            revision = store.revision()
        if not isinstance(self.db, Path):
            return (revision, 0, 0, 0, 0)
        st = os.stat(self.db)
        try:
            wal = os.stat(self.db.with_name(self.db.name + "-wal")).st_size
        except FileNotFoundError:
            wal = 0
        return (revision, st.st_ino, st.st_mtime_ns, st.st_size, wal)

    def timeline(self, query: Query, method: str) -> tuple[Timeline, Outcome]:
        """The timeline for `query`, and how the cache served it (see `TimelineCache.get_or_build`)."""
        version = self._version()
        pool = self._pool
        return self.cache.get_or_build(
            (query, method, version),
            (lambda: build(self.db, self.articles, query, method, version)) if pool is None
            else (lambda: pool.submit(_build_in_worker, query, method, version).result()),
        )

    def coverage(self, query: Query) -> list[tuple[dt.date, int]]:
        def run() -> list[tuple[dt.date, int]]:
            with self._store() as store:
                return store.coverage(query)

        return self.coverages.get_or_build((query.keywords, query.start, query.end, self._version()), run)[0]

    def article(self, article_id: str) -> tuple[Article, list[Sentence]] | None:
        with self._store() as store:
            article = store.article(article_id)
            return None if article is None else (article, store.sentences(article_id))

    def quotes(self, query: Query, **filters: Any) -> list[QuoteRecord]:
        """`Store.quotes` (same filters) on a connection of its own."""
        with self._store() as store:
            return store.quotes(query, **filters)

    def speakers(self, query: Query, limit: int = 50) -> list[tuple[str, int]]:
        """`Store.speakers` on a connection of its own."""
        with self._store() as store:
            return store.speakers(query, limit=limit)

    def search(self, text: str, limit: int) -> list[Sentence]:
        def run() -> list[Sentence]:
            with self._store() as store:
                return store.search(text, limit=limit)

        return self.searches.get_or_build((text, limit, self._version()), run)[0]

    def changes(self, since: int | None = None) -> Changes:
        """The store's revision and time of its last change, and what was added after revision `since`.

        Cheap (two index lookups and a count of a key range), so an open page can ask every few seconds."""
        with self._store() as store:
            revision = store.revision()
            added = store.added_since(since) if since is not None and since < revision else 0
            return Changes(revision, store.changed(), since, added)

    def new_among(self, since: int, article_ids: Iterable[str]) -> set[str]:
        """`Store.new_among` on a connection of its own."""
        with self._store() as store:
            return store.new_among(since, article_ids)

    def stats(self) -> Stats:
        """The store's counts, counted once per version of the store."""
        version = self._version()
        cached = self._stats
        if cached is not None and cached[0] == version:
            return cached[1]
        with self._store() as store:
            stats = store.stats()
        self._stats = (version, stats)
        return stats
