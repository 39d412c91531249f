"""Feeds and URLs: RSS 0.9x/1.0/2.0 and Atom feeds (feedparser), single URLs and lists of URLs.

A feed entry is a pointer to an article, so its linked page is fetched (politely, see
`dateline.sources.fetch`) and read like a saved page; the entry's own date is the publication date when it
has a valid one (the publisher's own metadata), else the page's. When the page cannot be had (the server is
down, the page holds no article), the entry's summary or content is stored instead, so nothing the feed
said is lost: that article's id is the entry's address with ``#feed-summary`` appended, and the ingest
report's notes list the entry with the reason. Its headline is its first line, so a sentence a timeline
can show: a feed entry is a headline and a paragraph or two, and on such short texts the headline is
often the one sentence that says what happened (on Timeline17 cut to headline + 2 sentences, the
`excerpts` shape, dropping the headline from the sentences lowers every method, `dateline` from date F1
0.5307 / AR-1 F 0.1121 to 0.5063 / 0.1035; bench/results/shapes.md). The full page,
fetched on a later run, is then stored beside it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dateline.errors import DatelineError
from dateline.model import SUMMARY_MARK, Article, Note, Skipped
from dateline.sources.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchError, is_url
from dateline.sources.html import canonical_url, extract

__all__ = ["FEED_SUFFIXES", "SUMMARY_MARK", "headline_first", "looks_like_feed", "looks_like_url_list", "read_feed", "read_url",
           "read_url_list"]

FEED_SUFFIXES = (".rss", ".atom", ".rdf", ".xml")
#: Appended to the id of an article stored from a feed entry's summary because its page could not be read.

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def looks_like_feed(head: bytes) -> bool:
    """True when the first kilobytes hold an RSS, RSS 1.0 (RDF) or Atom root element."""
    return _FEED_ROOT.search(head[:4096]) is not None


def looks_like_url_list(head: str) -> bool:
    """True when the first line of a text file is an http(s) address: a list of URLs, one a line."""
    return is_url(head.strip().split()[0]) if head.strip() else False


def read_url(url: str, fetcher: Fetcher) -> Iterator[Article | Skipped]:
    """The article at `url`, or every article of the feed at `url`; nothing when the server says that it
    has not changed since the cached copy (a `fresh` fetcher asks)."""
    answer = fetcher.get(url, revalidate=fetcher.fresh)
    if isinstance(answer, FetchError):
        yield Skipped(answer.url, None, answer.reason)
        return
    if answer.not_modified:
        return
    if answer.content_type in FEED_TYPES or (answer.content_type not in HTML_TYPES and looks_like_feed(answer.body)):
        yield from read_feed(answer.body, url, fetcher)
        return
    yield extract(answer.body, url, url=answer.url)


def read_url_list(path: Path, fetcher: Fetcher) -> Iterator[Article | Skipped]:
    """A text file of URLs, one a line (blank lines and ``#`` comments ignored), each read with `read_url`."""
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError as e:
        yield Skipped(str(path), None, f"cannot read this file ({e.strerror})")
        return
    for number, line in enumerate(lines, 1):
        value = line.strip()
        if not value or value.startswith("#"):
            continue
        if not is_url(value):
            yield Skipped(str(path), number, f"{value[:60]!r} is not an http(s) URL; write one URL a line")
            continue
        yield from read_url(value, fetcher)


def read_feed(data: bytes, where: str, fetcher: Fetcher) -> Iterator[Article | Skipped]:
    """Every entry of one feed document: its linked page, else its summary (see the module doc)."""
    try:
        import feedparser
    except ImportError:
        raise DatelineError("reading feeds needs the 'web' extra: pip install 'dateline[web]'") from None
    parsed: Any = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        problem = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        yield Skipped(where, None, f"no entries: not an RSS or Atom feed, or an empty one{problem}")
        return
    outlet = str(parsed.feed.get("title", "")).strip()
    for number, entry in enumerate(parsed.entries, 1):
        yield from _entry(entry, number, where, outlet, fetcher)


def _entry(entry: Any, number: int, where: str, outlet: str, fetcher: Fetcher) -> Iterator[Article | Skipped]:
    raw_date = dict.get(entry, "published") or dict.get(entry, "updated") or ""
    published = _entry_date(entry)
    link = str(entry.get("link", "")).strip()
    why = "the entry has no link"
    if link and is_url(link):
        answer = fetcher.get(link, accept=HTML_TYPES)
        if isinstance(answer, FetchError):
            why = f"its page could not be fetched ({answer.reason})"
        else:
            page = extract(answer.body, link, url=answer.url, fallback_date=published)
            if isinstance(page, Article):
                yield replace(page, published=published) if published else page
                return
            why = f"its page holds no article ({page.reason})"
    elif link:
        why = f"its link {link[:60]!r} is not an http(s) address"
    if published is None:
        shown = f"{raw_date[:40]!r} is not a date" if raw_date else "it has no date"
        yield Skipped(where, number, f"feed entry skipped: {shown} and {why}")
        return
    text = _plain(entry)
    if len(_WORD.findall(text)) < 1:
        yield Skipped(where, number, f"feed entry skipped: it has no summary and {why}")
        return
    address = canonical_url(link) if is_url(link) else ""
    host = (urlsplit(address).hostname or "").removeprefix("www.")
    title = str(entry.get("title", "")).strip()
    yield Article(
        id=(address or f"{where}#{number}") + SUMMARY_MARK,
        url=address,
        source=outlet or host,
        published=published,
        title=title,
        text=headline_first(title, text),
    )
    yield Note(where, number, f"the entry's summary was stored instead of its page: {why}")


def _entry_date(entry: Any) -> dt.date | None:
    """The entry's publication day in UTC, as feedparser normalised it; None when absent or unparseable."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # not entry.get: feedparser warns when its alias maps updated to published
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.timezone.utc).date()
            except (OverflowError, ValueError, OSError):
                return None
    return None


def headline_first(title: str, text: str) -> str:
    """`text` with the headline `title` as its first line, unless it already starts with it."""
    if not title or text.casefold().startswith(title.casefold()):
        return text
    return f"{title}\n{text}"


def _plain(entry: Any) -> str:
    """The entry's own text without markup: its full content when the feed carries it, else its summary."""
    from lxml import html as lxml_html

    contents = entry.get("content") or []
    markup = (contents[0].get("value") if contents else "") or entry.get("summary", "") or ""
    if not markup.strip():
        return ""
    try:
        text = lxml_html.fromstring(markup).text_content()
    except (ValueError, TypeError):
        text = re.sub(r"<[^>]+>", " ", markup)
    return re.sub(r"[ \t]+", " ", re.sub(r"\s*\n\s*", "\n", text)).strip()
