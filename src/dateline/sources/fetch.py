"""Polite fetching of web pages and feeds, with a cache so that a re-run fetches nothing twice.

Polite, because the servers are other people's: robots.txt is honoured (RFC 9309: a missing robots.txt
allows everything, an unreachable one forbids everything until it answers), requests to one host are
spaced by `Fetcher.interval` seconds, a 429's Retry-After is obeyed, and the User-Agent names Dateline and
where to read about it. Careful, because the servers are also strangers: every request has a timeout,
429 and 5xx answers and dropped connections are retried a few times with exponential backoff, a body
larger than `max_bytes` is abandoned as soon as it is known to be too large, a content type that cannot
hold an article or a feed is refused before its body is read, and redirects are followed only
`max_redirects` times and never in a loop.

The cache is a folder (beside the store: ``news.db.cache/``) with one gzipped body and one small JSON per
URL, keyed by a digest of the URL with its tracking parameters dropped (``?utm_source=rss``). A cached URL is answered from the folder without any request, which
makes an interrupted ingest cheap to re-run; `revalidate=True` (used by ``dateline watch``) asks the
server instead, with the cached ETag and Last-Modified, so an unchanged feed costs a 304 and no body.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from dateline.errors import DatelineError

if TYPE_CHECKING:
    from urllib.robotparser import RobotFileParser

__all__ = ["FEED_TYPES", "HTML_TYPES", "FetchError", "Fetcher", "Response", "USER_AGENT", "is_url"]

USER_AGENT = "Dateline/0.1 (news timelines; +https://github.com/dateline-news/dateline)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/x-rss+xml")
_RETRY_STATUS = {429, 500, 502, 503, 504}
_ROBOTS_TTL = 24 * 3600.0
_UNREACHABLE_TTL = 300.0


def is_url(value: str) -> bool:
    """True for an http(s) address; the only kind of link Dateline fetches or stores."""
    return value.lower().startswith(("http://", "https://")) and bool(urlsplit(value).hostname)


@dataclass(frozen=True, slots=True)
class Response:
    """A successful fetch: `url` is where the body came from after redirects."""

    url: str
    content_type: str
    body: bytes
    etag: str = ""
    last_modified: str = ""
    from_cache: bool = False
    not_modified: bool = False


@dataclass(frozen=True, slots=True)
class FetchError:
    """Why a URL gave no body, in words for the ingest report."""

    url: str
    reason: str


@dataclass
class Fetcher:
    """One polite HTTP client for a run; see the module doc. Not thread-safe: one per thread."""

    cache_dir: Path | None = None
    interval: float = 1.0
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    max_bytes: int = 10 << 20
    max_redirects: int = 5
    max_retry_after: float = 60.0
    user_agent: str = USER_AGENT
    #: Ask the server again about the URLs a run was given (feeds, pages named by the user), with the cached
    #: ETag/Last-Modified, instead of answering them from the cache; what they link to still comes from
    #: the cache. `dateline watch` sets it: a feed changes, an article page seldom does.
    fresh: bool = False
    requests: int = 0
    #: The URLs that gave no body (a server down, a timeout, an error status) since this was last cleared,
    #: with the reason: `dateline watch` asks for them again in its next rounds.
    failed: dict[str, str] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, tuple[float, RobotFileParser | str | None]] = field(default_factory=dict)
    _client: object = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()  # type: ignore[attr-defined]
            self._client = None

    def get(self, url: str, accept: tuple[str, ...] = HTML_TYPES + FEED_TYPES,
            revalidate: bool = False) -> Response | FetchError:
        """The body at `url`, from the cache when it is there (unless `revalidate`), else from the web."""
        if not is_url(url):
            return FetchError(url, "not an http(s) address; only web pages and feeds are fetched")
        cached = self._cached(url)
        if cached is not None and not revalidate:
            return cached
        answer = self._follow(url, accept, cached)
        if isinstance(answer, FetchError):
            self.failed[url] = answer.reason
            return answer
        self.failed.pop(url, None)
        if not answer.not_modified:
            self._store(url, answer)
        return answer

    # --- the network ----------------------------------------------------------------------------------

    def _http(self) -> object:
        if self._client is None:
            try:
                import httpx
            except ImportError:
                raise DatelineError("fetching URLs needs the 'web' extra: pip install 'dateline[web]'") from None
            self._client = httpx.Client(timeout=self.timeout, follow_redirects=False,
                                        headers={"User-Agent": self.user_agent})
        return self._client

    def _follow(self, url: str, accept: tuple[str, ...], cached: Response | None) -> Response | FetchError:
        seen = {url}
        current = url
        for _ in range(self.max_redirects + 1):
            refused = self._refused(current)
            if refused:
                return FetchError(current, refused)
            answer = self._request(current, accept, cached if current == url else None)
            if not isinstance(answer, str):
                return answer
            target = urljoin(current, answer)
            if not is_url(target):
                return FetchError(current, f"redirects to {target[:80]!r}, not an http(s) address")
            if target in seen:
                return FetchError(url, f"redirect loop ({current} -> {target})")
            seen.add(target)
            current = target
        return FetchError(url, f"more than {self.max_redirects} redirects")

    def _request(self, url: str, accept: tuple[str, ...], cached: Response | None) -> Response | FetchError | str:
        """One URL with retries: a Response, a FetchError, or the Location of a redirect."""
        import httpx

        client = self._http()
        headers = {}
        if cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        reason = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_turn(url)
            try:
                with client.stream("GET", url, headers=headers) as r:  # type: ignore[attr-defined]
                    self.requests += 1
                    if r.status_code in (301, 302, 303, 307, 308):
                        location = r.headers.get("location")
                        if not location:
                            return FetchError(url, f"HTTP {r.status_code} redirect without a Location")
                        return str(location)
                    if r.status_code == 304 and cached is not None:
                        return Response(cached.url, cached.content_type, cached.body, cached.etag,
                                        cached.last_modified, from_cache=True, not_modified=True)
                    if r.status_code in _RETRY_STATUS:
                        reason = f"HTTP {r.status_code} after {attempt + 1} tries"
                        self._respect_retry_after(url, r.headers.get("retry-after"))
                        continue
                    if r.status_code != 200:
                        return FetchError(url, f"HTTP {r.status_code}")
                    ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
                    if ctype and ctype not in accept:
                        return FetchError(url, f"content type {ctype} is not a web page or a feed")
                    length = r.headers.get("content-length")
                    if length and length.isdigit() and int(length) > self.max_bytes:
                        return FetchError(url, f"body of {int(length) >> 20} MB is over the "
                                          f"{self.max_bytes >> 20} MB limit")
                    body = bytearray()
                    for chunk in r.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            return FetchError(url, f"body is over the {self.max_bytes >> 20} MB limit")
                    return Response(str(r.url), ctype, bytes(body), r.headers.get("etag", ""),
                                    r.headers.get("last-modified", ""))
            except httpx.TimeoutException:
                reason = f"no answer within {self.timeout:g} s after {attempt + 1} tries"
            except httpx.HTTPError as e:
                reason = f"{type(e).__name__}: {e} after {attempt + 1} tries"
        return FetchError(url, reason)

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        wait = self._last.get(host, -1e9) + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _respect_retry_after(self, url: str, value: str | None) -> None:
        """Push this host's next turn back by a 429/503's Retry-After (seconds or an HTTP date), capped."""
        if not value:
            return
        if value.strip().isdigit():
            delay = float(value)
        else:
            when = email.utils.parsedate_to_datetime(value) if value else None
            delay = when.timestamp() - time.time() if when else 0.0
        host = urlsplit(url).netloc.lower()
        self._last[host] = time.monotonic() + min(max(delay, 0.0), self.max_retry_after) - self.interval

    def _refused(self, url: str) -> str:
        """Why robots.txt forbids `url` ('' when it allows it); read once per site and day (RFC 9309 asks
        crawlers not to keep it longer than 24 hours, which matters to a long `dateline watch`)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        read_at, rules = self._robots.get(root, (-_ROBOTS_TTL, None))
        # a site that could not be reached is tried again after a few minutes (the next `watch` round)
        if time.monotonic() - read_at >= (_UNREACHABLE_TTL if isinstance(rules, str) else _ROBOTS_TTL):
            rules = self._load_robots(root)
            self._robots[root] = (time.monotonic(), rules)
        if isinstance(rules, str):
            return rules
        if rules is not None and not rules.can_fetch(self.user_agent, url):
            return "robots.txt of this site does not allow fetching this page"
        return ""

    def _load_robots(self, root: str) -> RobotFileParser | str | None:
        """The site's rules; None (allow all) when it has none; why not, when it cannot be read (RFC 9309:
        an unreachable robots.txt means the whole site is off limits for now)."""
        import urllib.robotparser

        import httpx

        self._wait_turn(root)
        try:
            r = self._http().get(root + "/robots.txt", follow_redirects=True)  # type: ignore[attr-defined]
            self.requests += 1
        except httpx.HTTPError as e:
            return f"cannot reach {root} ({type(e).__name__}: {e})"
        if 400 <= r.status_code < 500:
            return None
        if r.status_code != 200:
            return f"{root}/robots.txt answers HTTP {r.status_code}; the site is not fetched until it answers"
        rules = urllib.robotparser.RobotFileParser(root + "/robots.txt")
        rules.parse(r.text[: 500 << 10].splitlines())
        return rules

    # --- the cache ------------------------------------------------------------------------------------

    def _paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        from dateline.sources.html import canonical_url  # tracking parameters do not change the page

        key = hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()
        folder = self.cache_dir / key[:2]
        return folder / f"{key}.json", folder / f"{key}.gz"

    def _cached(self, url: str) -> Response | None:
        paths = self._paths(url)
        if paths is None or not paths[0].exists():
            return None
        try:
            meta = json.loads(paths[0].read_text("utf-8"))
            body = gzip.decompress(paths[1].read_bytes())
        except (OSError, ValueError, EOFError):
            return None  # a damaged entry is fetched again
        return Response(meta["url"], meta["content_type"], body, meta.get("etag", ""),
                        meta.get("last_modified", ""), from_cache=True)

    def _store(self, url: str, r: Response) -> None:
        paths = self._paths(url)
        if paths is None:
            return
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        tmp = paths[1].with_suffix(".tmp")
        tmp.write_bytes(gzip.compress(r.body, 6))
        tmp.replace(paths[1])
        meta = {"url": r.url, "requested": url, "content_type": r.content_type, "etag": r.etag,
                "last_modified": r.last_modified, "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        paths[0].write_text(json.dumps(meta), "utf-8")  # written last: a body without it is not an entry
