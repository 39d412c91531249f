"""The store: one SQLite file holding articles, sentences, time expressions and an FTS5 index.

INTERFACE (being implemented; other layers code against these names):

    class IngestReport:  read, added, duplicates, skipped: list[Skipped], seconds; summary() -> str
    class Stats:         articles, sentences, sources: dict[str, int], first: date | None, last: date | None
    class Store(path, readonly=False):   context manager; close()
        add(pairs: Iterable[tuple[Article, list[Sentence]]]) -> tuple[int, int]   # (added, duplicates), one transaction
        candidates(query: Query) -> list[Sentence]    # all sentences of articles matching any query term,
                                                      # published within [query.start, query.end]
        article(article_id) -> Article | None
        sentences(article_id) -> list[Sentence]
        search(text, limit=20) -> list[Sentence]      # best-matching sentences (FTS5 bm25)
        coverage(query: Query) -> list[tuple[date, int]]   # matching articles per publication day
        stats() -> Stats
"""
