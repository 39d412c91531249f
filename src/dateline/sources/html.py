"""Web pages: the article in a saved or fetched HTML page, with its title, date, outlet, address and language.

The work is done by the libraries made for it and measured on real pages (bench/sources.py): trafilatura
finds the main text and the metadata, htmldate (called by trafilatura) the publication date. We ask
htmldate for the *original* date, not the last update, because a timeline places an article when it was
first written. Every other input that carries HTML (a web archive, a feed's linked page, a fetched URL)
comes through `extract`, so they all find the same article the same way.

A page is refused, with a reason, when it is not HTML (a PDF or an image behind an ``.html`` name), when it
has no article (a home page or a tag index: too little running text, see `MIN_WORDS`), or when no date can
be found in it: a timeline cannot place an undated article, and guessing would put it on the wrong day.

The article's id is its canonical address (`canonical_url`), so the same article reached as a saved
page, through a feed and in a web archive is one article in the store.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dateline.errors import DatelineError
from dateline.model import Article, Skipped
from dateline.sources.common import language_code

__all__ = ["HTML_SUFFIXES", "MIN_WORDS", "canonical_url", "extract", "looks_like_html", "read_html"]

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")

#: Fewer running words than this is a page without an article: a home page, a tag index, a paywall stub.
#: Chosen on the evaluation pages (bench/sources.py): the shortest labelled article body there has 71 words.
MIN_WORDS = 40

_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF = 4096
_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# Addresses of pages that list articles rather than hold one: a site's root, a language root ("/de/"), an
# index of tags, topics, categories or authors.
_INDEX_PATH = re.compile(
    r"/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?|/(?:tags?|topics?|categor(?:y|ies)|authors?|search)(?:/.*)?",
    re.IGNORECASE,
)
# Query parameters that say how a reader arrived, not which article they read.
_TRACKING = re.compile(
    r"utm_\w+|fbclid|gclid|dclid|gclsrc|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|_gl|ref|ref_src|ref_url|"
    r"cmp|cmpid|ocid|ito|smid|smtyp|ns_\w+|at_\w+|xtor|spm",
    re.IGNORECASE,
)


def canonical_url(url: str) -> str:
    """The address that names an article whatever link led to it: scheme and host lower-cased, the
    fragment, a default port and tracking parameters (``utm_*``, ``fbclid`` ...) dropped, the remaining
    parameters sorted. Two links to one article then give one id."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return url.strip()
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.fullmatch(k))
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query), ""))


def looks_like_html(head: bytes) -> bool:
    """True when the first bytes (gzip already undone) are markup and not binary."""
    head = head[:_SNIFF]
    return b"\x00" not in head and _TAG.search(head) is not None


def read_html(path: Path) -> Article | Skipped:
    """The article in a saved page (``.html``, ``.htm``, or gzipped); the address, when the page does not
    name its own, is left empty and the id is the file name stem."""
    try:
        data = path.read_bytes()
        if data.startswith(_GZIP_MAGIC):
            data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as e:
        return Skipped(str(path), None, f"cannot read this page ({getattr(e, 'strerror', None) or e})")
    return extract(data, str(path), fallback_id=path.name.split(".")[0])


def extract(
    data: bytes | str,
    where: str,
    url: str = "",
    fallback_id: str = "",
    record: int | None = None,
    fallback_date: dt.date | None = None,
) -> Article | Skipped:
    """The article in one HTML document, or a Skipped saying why there is none.

    `where` and `record` name the document in reports (a file, an archive and its record number, a URL).
    `url` is where the page was found; a canonical link inside the page wins over it. `fallback_date` is
    used only when the page shows no date (a feed entry's own date, for instance).
    """
    trafilatura = _trafilatura()

    def skip(reason: str) -> Skipped:
        return Skipped(where, record, reason)

    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not looks_like_html(raw):
        return skip("not an HTML page (binary or plain content); only web pages are read from here")
    try:
        doc: Any = trafilatura.bare_extraction(
            raw,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            fast=True,  # no second-opinion extractors: faster, and better on the labelled pages (bench)
            date_extraction_params={"original_date": True, "extensive_search": True},
        )
    except (ValueError, TypeError, RecursionError) as e:  # trafilatura lets lxml's parse errors through
        return skip(f"cannot parse this HTML ({e})")
    if doc is None:
        return skip("no article text found (the page is empty, broken or not an article)")
    text = (doc.text or "").strip()
    words = len(_WORD.findall(text))
    if words < MIN_WORDS:
        return skip(f"no article found: only {words} words of running text (a home page, an index or a stub?)")
    address = _address(doc.url or "", url)
    if address and _INDEX_PATH.fullmatch(urlsplit(address).path):
        return skip(f"no article found: {address} is a home page or an index of articles")
    published = _day(doc.date) or fallback_date
    if published is None:
        return skip("no publication date found in the page or its address; a timeline cannot place it")
    host = (urlsplit(address).hostname or "").removeprefix("www.")
    return Article(
        id=address or fallback_id or where,
        url=address,
        source=(doc.sitename or "").strip() or host,
        published=published,
        title=(doc.title or "").strip(),
        text=text,
        origin=(where, record),
        language=_language(doc, raw),
    )


def _address(named: str, fetched: str) -> str:
    """The article's address: the one the page names for itself, unless that is a home page or an index
    while the page was fetched from a deeper address (a site-wide canonical link, a common misconfiguration)."""
    candidates = [canonical_url(u) for u in (named, fetched) if u]
    candidates = [u for u in candidates if u.startswith(("http://", "https://"))]
    for address in candidates:
        if not _INDEX_PATH.fullmatch(urlsplit(address).path):
            return address
    return candidates[0] if candidates else ""


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


_LANG = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)
_META_LANG = re.compile(rb"content-language[\"']?\s+content\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)


def _language(doc: Any, raw: bytes) -> str:
    """The language the page declares (``<html lang>``, else a content-language meta), lower-case ISO 639."""
    if doc.language and (code := language_code(str(doc.language))):
        return code
    head = raw[:_SNIFF * 4]
    found = _LANG.search(head) or _META_LANG.search(head)
    return language_code(found[1].decode("ascii")) if found else ""


def _trafilatura() -> Any:
    """trafilatura, imported on first use: it is an optional extra and costs half a second to import."""
    try:
        import trafilatura
    except ImportError:
        raise DatelineError(
            "reading web pages needs the 'web' extra: pip install 'dateline[web]'"
        ) from None
    return trafilatura
