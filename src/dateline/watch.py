"""Following a story while it breaks: poll feeds and pages, and store what is new as it appears.

Each round is an ordinary ingest of the watched URLs with a fetcher that asks the servers again about
those URLs (conditional requests: If-None-Match with the ETag, If-Modified-Since with the Last-Modified
the server sent last time), so an unchanged feed costs one small 304 and nothing else. The pages a feed
links to come from the fetch cache beside the store once fetched, and articles already stored are
recognised before they are annotated, so a round costs about what is new. A URL that failed (a server
down, a timeout, an error status) is not cached, and it is asked for again in the next rounds, up to
`RETRY_ROUNDS` times: a feed entry's page that failed would otherwise be lost, since the next round's feed
is usually unchanged (a 304) and names it no more. A page retried on its own is dated by the page, not by
the feed entry. A running ``dateline serve`` on the same store sees the new articles at its next request.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from dateline.errors import DatelineError
from dateline.sources.fetch import Fetcher, is_url
from dateline.store import IngestReport
from dateline.store.ingest import ingest_paths

__all__ = ["RETRY_ROUNDS", "parse_every", "watch"]

#: How many later rounds ask again for a URL that failed, before it is given up.
RETRY_ROUNDS = 5

_EVERY = re.compile(r"(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr)?", re.IGNORECASE)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}


def parse_every(value: str) -> float:
    """Seconds from ``30s``, ``10m``, ``1h`` or a bare number of seconds."""
    found = _EVERY.fullmatch(value.strip())
    if not found or float(found[1]) <= 0:
        raise DatelineError(f"--every {value!r}: write a duration such as 30s, 10m or 1h")
    return float(found[1]) * _UNIT[(found[2] or "s").lower()]


def watch(
    urls: Sequence[str],
    db: str | Path,
    every: float = 600.0,
    rounds: int | None = None,
    on_round: Callable[[int, IngestReport], None] | None = None,
    fetcher: Fetcher | None = None,
) -> int:
    """Poll `urls` every `every` seconds, `rounds` times (None: until interrupted); returns the number of
    articles added. `on_round(n, report)` is told what each round did."""
    bad = [u for u in urls if not is_url(u)]
    if bad:
        raise DatelineError(f"{bad[0]!r} is not an http(s) URL; watch follows feeds and pages on the web")
    fetcher = fetcher or Fetcher(cache_dir=Path(f"{db}.cache"))
    fetcher.fresh = True
    added = 0
    n = 0
    retries: dict[str, int] = {}  # failed URL -> rounds it has failed
    while rounds is None or n < rounds:
        started = time.monotonic()
        n += 1
        fetcher.failed.clear()
        report = ingest_paths([*urls, *(u for u in retries if u not in urls)], db, fetcher=fetcher)
        retries = {u: retries.get(u, 0) + 1 for u in fetcher.failed if u not in urls}
        retries = {u: k for u, k in retries.items() if k <= RETRY_ROUNDS}
        added += report.added
        if on_round is not None:
            on_round(n, report)
        if rounds is not None and n >= rounds:
            break
        time.sleep(max(0.0, every - (time.monotonic() - started)))
    return added
