"""Web archives: the articles in the HTML responses of a WARC file (``.warc`` or ``.warc.gz``).

Archives are what crawlers write (Heritrix, Browsertrix, ``wget --warc-file``, the CC-NEWS crawl), and
they are large, so the file is streamed record by record and memory stays flat whatever its size: one
record's payload at a time, capped at `MAX_PAYLOAD`. Each HTML response goes through the same extraction as
a saved page (`dateline.sources.html.extract`), with the record's target URI as the page's address.

Records that cannot hold an article (warcinfo, requests, metadata, revisits, images, redirects, error
pages) are not errors: they are counted by kind and reported once per file, so a crawl of 100,000 images
does not bury the three articles that were skipped for a reason worth reading. A damaged or truncated
archive stops at the damage with a Skipped naming the record; every article before it is kept.

Why warcio and not fastwarc: fastwarc reads records twice as fast (bench/results/sources.md), but reading
is under 2 % of the time an archive takes to ingest (finding the article in each page is the rest), and
warcio is pure Python, reads ARC files too, is lenient with the slightly broken archives real crawlers
write, and keeps its API stable across releases.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from dateline.errors import DatelineError
from dateline.model import Article, Skipped
from dateline.sources.common import one_record
from dateline.sources.html import extract

__all__ = ["MAX_PAYLOAD", "WARC_SUFFIXES", "looks_like_warc", "read_warc"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")

#: A larger response is not a news page (a video, a data dump): it is skipped without reading it whole.
MAX_PAYLOAD = 20 << 20

_HTML_TYPES = ("text/html", "application/xhtml")


def looks_like_warc(head: bytes) -> bool:
    """True when an uncompressed file starts like a WARC record (gzipped ones are recognised by name)."""
    return head.lstrip().startswith(b"WARC/")


def read_warc(path: Path) -> Iterator[Article | Skipped]:
    """The articles of the HTML response records of one archive, in file order; see the module doc."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise DatelineError("reading web archives needs the 'web' extra: pip install 'dateline[web]'") from None

    where = str(path)
    passed: Counter[str] = Counter()
    number = 0
    try:
        f = path.open("rb")
    except OSError as e:
        yield Skipped(where, None, f"cannot read this archive ({e.strerror})")
        return
    with f:
        try:
            for number, record in enumerate(_records(ArchiveIterator(f, arc2warc=True)), 1):
                kind = _not_an_article(record)
                if kind:
                    passed[kind] += 1
                    continue
                payload = record.content_stream().read(MAX_PAYLOAD + 1)
                if len(payload) > MAX_PAYLOAD:
                    yield Skipped(where, number, f"response larger than {MAX_PAYLOAD >> 20} MB: not a news page")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # warcio ends quietly at a cut: check ourselves
                    yield Skipped(where, number, "the archive is truncated inside this record; the records "
                                  "before it were read")
                    break
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                yield one_record(path, number, lambda: extract(payload, where, url=uri, record=number))
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as e:
            yield Skipped(where, number + 1, f"cannot read past record {number} ({_short(e)}); the archive "
                          f"is damaged or truncated, the records before it were read")
    if passed:
        kinds = ", ".join(f"{n} {k}" for k, n in passed.most_common())
        total = sum(passed.values())
        said = "1 record holds" if total == 1 else f"{total} records hold"
        yield Skipped(where, None, f"{said} no web page and {'was' if total == 1 else 'were'} not read ({kinds})")


def _records(records: Iterator[object]) -> Iterator[object]:
    """warcio's records, with its crashes on a malformed header made a ValueError like its other damage.

    warcio assumes well-formed headers: a response record without a WARC-Target-URI raises AttributeError
    deep inside it. Only the iterator's own step is guarded, so a bug of ours still surfaces as one.
    """
    it = iter(records)
    while True:
        try:
            record = next(it)
        except StopIteration:
            return
        except (AttributeError, TypeError, KeyError) as e:
            raise ValueError(f"a record header is malformed: {_short(e)}") from e
        yield record


def _not_an_article(record: object) -> str:
    """Why a record cannot hold an article ('' when it may): its kind, for the per-file count."""
    rec_type = record.rec_type  # type: ignore[attr-defined]
    if rec_type not in ("response", "resource"):
        return rec_type
    if rec_type == "response":
        http = record.http_headers  # type: ignore[attr-defined]
        if http is None:
            return "non-HTTP response"
        status = http.get_statuscode()
        if status != "200":
            return f"HTTP {status}"
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    if not content_type.lower().startswith(_HTML_TYPES):
        return (content_type.split(";")[0].strip() or "untyped") + " response"
    return ""


def _short(e: BaseException) -> str:
    return str(e).strip().splitlines()[0][:120] if str(e).strip() else type(e).__name__
