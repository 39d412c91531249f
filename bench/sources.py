"""Web sources: how well and how fast Dateline reads web pages and web archives.

    python bench/sources.py quality    [--json FILE]   # text F1 and date accuracy on labelled real pages
    python bench/sources.py throughput [--json FILE]   # HTML pages/s/core and WARC records/s/core, file -> store
    python bench/sources.py warclibs                   # warcio vs fastwarc, records/s on the same file
    python bench/sources.py memory [--gb 1.0]          # peak memory while ingesting a >= 1 GB WARC
    python bench/sources.py watch                      # new feed entry -> its sentences in a served timeline
    python bench/sources.py acceptance --wcxb DIR      # held-out: folder -> `dateline ingest` -> text vs people's
    python bench/sources.py storecache [--copies 40]   # memory of the store alone, by SQLite page cache size

Labelled pages (bench/data/sources/, see SOURCE.md there):
- text: scrapinghub's article-extraction-benchmark, 181 news pages from many sites with the article body
  marked by people. Scored with their own measure (F1 of 4-token shingles, mean precision and recall over
  pages, the figure their README publishes per library) and with plain token F1 (1-token "shingles").
- dates: 100 pages of htmldate's news test set (Data Culture Group, Northeastern University; worldwide
  outlets, labelled by people): exact-day accuracy = correct days / all pages.
Both are read through `dateline.sources.html.extract`, the code `dateline ingest page.html` runs.

Held out (never used to choose anything in Dateline): the test split of WCXB (Web Content eXtraction
Benchmark, Murrough Foley, 2026, CC-BY-4.0), its article pages whose publication date people recorded.
Not in the repository (8 MB of pages); get it with
    git clone https://github.com/Murrough-Foley/web-content-extraction-benchmark DIR   # commit c039d5e
`acceptance` copies those pages into a folder, runs the `dateline ingest` command on it, and scores the
text the store holds against the body people marked: the issue's acceptance test, end to end.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import resource
import statistics
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

from dateline.model import Article
from dateline.sources.html import extract

ROOT = Path(__file__).resolve().parent
DATA = ROOT / "data" / "sources"
TEXT_SET = DATA / "scrapinghub-aeb-181.tar.xz"
DATE_SET = DATA / "htmldate-mediacloud-100.tar.xz"
WARC_SAMPLE = ROOT.parent / "tests" / "data" / "warc"

_TOKEN = re.compile(r"\w+")


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def _counts(text: str, n: int) -> Counter:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def _tp_fp_fn(true: str, pred: str, n: int) -> tuple[float, float, float]:
    """scrapinghub's `string_shingle_matching`: counts normalised so long pages do not weigh more."""
    t, p = _counts(true, n), _counts(pred, n)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _prf(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean(precision(*r) for r in rows if r[0] + r[1] > 0)
    r = statistics.mean(recall(*r) for r in rows if r[0] + r[2] > 0)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def quality() -> dict:
    files = _members(TEXT_SET)
    truth = json.loads(files["ground-truth.json"])
    shingles, tokens, skipped, dated = [], [], [], 0
    t0 = time.process_time()
    for key, gold in sorted(truth.items()):
        page = extract(files[f"html/{key}.html"], key, url=gold.get("url", ""))
        pred = page.text if isinstance(page, Article) else ""
        if isinstance(page, Article):
            dated += 1
        else:
            skipped.append(page.reason)
        shingles.append(_tp_fp_fn(gold["articleBody"], pred, 4))
        tokens.append(_tp_fp_fn(gold["articleBody"], pred, 1))
    text_cpu = time.process_time() - t0
    files = _members(DATE_SET)
    labels = json.loads(files["labels.json"])
    right = found = 0
    wrong = []
    t0 = time.process_time()
    for url, label in sorted(labels.items()):
        page = extract(files[f"pages/{label['file']}"], label["file"], url=url)
        if isinstance(page, Article):
            found += 1
            if page.published.isoformat() == label["date"]:
                right += 1
            else:
                wrong.append((url, label["date"], page.published.isoformat()))
        else:
            wrong.append((url, label["date"], page.reason))
    date_cpu = time.process_time() - t0
    return {
        "text_pages": len(truth),
        "text_shingle4": _prf(shingles),
        "text_token": _prf(tokens),
        "text_pages_stored": dated,
        "text_pages_skipped": Counter(r.split(":")[0] for r in skipped),
        "text_cpu_s": round(text_cpu, 2),
        "date_pages": len(labels),
        "date_found": found,
        "date_exact_day": right,
        "date_accuracy": round(right / len(labels), 4),
        "date_precision": round(right / found, 4) if found else 0.0,
        "date_cpu_s": round(date_cpu, 2),
        "date_misses": wrong,
    }


def real_pages() -> list[tuple[str, bytes]]:
    """The 281 labelled real pages, (address, HTML), the raw material of the generated archives."""
    text = _members(TEXT_SET)
    truth = json.loads(text["ground-truth.json"])
    dates = _members(DATE_SET)
    labels = json.loads(dates["labels.json"])
    return ([(g["url"], text[f"html/{k}.html"]) for k, g in sorted(truth.items())]
            + [(u, dates[f"pages/{v['file']}"]) for u, v in sorted(labels.items())])


# Where a page names its own address (trafilatura reads these before the address it was fetched from).
_CANONICAL = re.compile(rb"<link[^>]+rel=[\"']?(?:canonical|alternate)[^>]*>|<meta[^>]+(?:og:url|twitter:url)[^>]*>"
                        rb"|<base\b[^>]*>", re.IGNORECASE)
_BODY = re.compile(rb"<p\b[^>]*>", re.IGNORECASE)


def make_warc(path: Path, target_bytes: int, gzipped: bool = True, records: int | None = None) -> int:
    """A WARC of at least `target_bytes` (or of exactly `records` records) made by repeating the real pages
    as HTTP response records, each copy under a new URI with the page's own address removed and each
    paragraph opened by words naming the copy, so every record is a new article for the store (as in a
    real crawl) rather than a duplicate."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = real_pages()
    n = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        while (n < records) if records is not None else (out.tell() < target_bytes):
            url, html = pages[n % len(pages)]
            copy = n // len(pages)
            html = _CANONICAL.sub(b"", html)
            html = _BODY.sub(lambda m: m[0] + f"Copy {copy}: ".encode(), html)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            uri = f"{url}{'&' if '?' in url else '?'}copy={copy}"
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(html),
                                                          http_headers=headers))
            n += 1
    return n


def warclibs(size: int = 100 << 20) -> dict:
    """Records/s reading the same WARC.gz with warcio and with fastwarc: headers and the whole payload
    of every HTML response record, the part of reading an archive that the library does."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.warc.gz"
        made = make_warc(path, size)
        result: dict = {"records": made, "file_mb": round(path.stat().st_size / 2**20, 1)}
        for name, reader in (("warcio", _read_warcio), ("fastwarc", _read_fastwarc)):
            best = None
            for _ in range(3):
                t0 = time.process_time()
                count, payload = reader(path)
                cpu = time.process_time() - t0
                best = cpu if best is None else min(best, cpu)
            result[name] = {"records": count, "payload_mb": round(payload / 2**20, 1), "cpu_s": round(best, 2),
                            "records_per_cpu_s": round(count / best)}
        return result


def _read_warcio(path: Path) -> tuple[int, int]:
    from warcio.archiveiterator import ArchiveIterator

    count = size = 0
    with path.open("rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type == "response" and "html" in (record.http_headers.get_header("Content-Type") or ""):
                size += len(record.content_stream().read())
                count += 1
    return count, size


def _read_fastwarc(path: Path) -> tuple[int, int]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = size = 0
    with path.open("rb") as f:
        for record in ArchiveIterator(f, record_types=WarcRecordType.response):
            if "html" in (record.http_content_type or ""):
                size += len(record.reader.read())
                count += 1
    return count, size


def _ingest(paths: list[Path], db: Path, on_progress=None) -> dict:  # type: ignore[no-untyped-def]
    from dateline.store.ingest import ingest_paths

    cpu0 = time.process_time()
    report = ingest_paths(paths, db, on_progress=on_progress)
    cpu = time.process_time() - cpu0
    return {"read": report.read, "added": report.added, "skipped": len(report.skipped),
            "sentences": report.sentences, "seconds": round(report.seconds, 2), "cpu_s": round(cpu, 2),
            "per_s": round(report.read / report.seconds, 1), "per_cpu_s": round(report.read / cpu, 1),
            "reading_s": round(report.reading, 2), "annotating_s": round(report.annotating, 2),
            "storing_s": round(report.storing, 2)}


def throughput() -> dict:
    """HTML pages/s and WARC records/s, from files to sentences committed in a fresh store, one process
    (so per CPU-second is per core). The reading share is extraction; the rest is Dateline's pipeline."""
    pages = real_pages()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for i, (_, html) in enumerate(pages):
            (folder / f"{i:04d}.html").write_bytes(html)
        html_run = _ingest([folder], Path(tmp) / "html.db")
        warc = Path(tmp) / "pages.warc.gz"
        records = make_warc(warc, 0, records=2 * len(pages))
        warc_run = _ingest([warc], Path(tmp) / "warc.db")
    return {"html_pages": len(pages), "html": html_run, "warc_records": records, "warc": warc_run}


def memory(gb: float) -> dict:
    """Peak resident memory while ingesting a generated WARC of `gb` GB (uncompressed), sampled at every
    committed batch, so a growing process would show as a rising column; the file is deleted afterwards."""
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        warc = Path(tmp) / "big.warc"
        t0 = time.perf_counter()
        records = make_warc(warc, int(gb * 2**30), gzipped=False)
        size = warc.stat().st_size
        made_s = time.perf_counter() - t0
        samples: list[tuple[int, float]] = []

        def sample(done: int, _total: int | None) -> None:
            samples.append((done, _rss_mb()))

        run = _ingest([warc], Path(tmp) / "big.db", on_progress=sample)
        db_mb = (Path(tmp) / "big.db").stat().st_size / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    step = max(1, len(samples) // 10)
    mb_per_article = size / 2**20 / max(1, run["read"])  # the copies are of even size on average
    return {"warc_gb": round(size / 2**30, 3), "records": records, "generate_s": round(made_s, 1),
            "db_mb": round(db_mb, 1), "ingest": run, "peak_rss_mb": round(peak, 1),
            "rss_mb_by_articles_read": [(d, round(m, 1)) for d, m in samples[::step] + samples[-1:]],
            "rss_mb_by_archive_mb_read": [(round(d * mb_per_article), round(m, 1)) for d, m in samples]}


def watch_latency(trials: int = 8, every: float = 5.0) -> dict:
    """Seconds from a new entry appearing in a feed (served on 127.0.0.1) to its article's sentences being
    returned by a running `dateline serve` (its search API, and the timeline for a word of the title), with
    `dateline watch` polling every `every` seconds (polite defaults: robots.txt, 1 s between requests to a
    host). Half of `every` is waiting, on average. The pages are real (the labelled set)."""
    import subprocess
    import threading
    import urllib.request
    from email.utils import formatdate
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from dateline.watch import watch

    pages = real_pages()[:181]
    entries: list[int] = [0]

    class Site(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/feed.xml":
                items = "".join(f"<item><title>{n}</title><link>{base}/p/{n}</link><pubDate>{formatdate()}</pubDate>"
                                f"</item>" for n in entries)
                body = f'<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'.encode()
                ctype = "application/rss+xml"
            elif self.path.startswith("/p/"):
                body, ctype = pages[int(self.path[3:])][1], "text/html"
            else:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    base = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    picked = _askable(pages, base, trials)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "w.db"
        watch([f"{base}/feed.xml"], db, rounds=1)
        port = server.server_port + 1
        web = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port),
                                "--workers", "0"], stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        try:
            threading.Thread(target=watch, args=([f"{base}/feed.xml"], db), kwargs={"every": every},
                             daemon=True).start()
            for i, word, url in picked:
                time.sleep(every * 0.37)  # entries appear at arbitrary moments of the polling cycle
                t0 = time.perf_counter()
                entries.append(i)
                searched = timelined = None
                while time.perf_counter() - t0 < 120 and timelined is None:
                    for kind, path in (("search", f"/api/search?q={word}&limit=100"),
                                       ("timeline", f"/api/timeline?q={word}&format=json")):
                        if (kind == "search" and searched) or (kind == "timeline" and not searched):
                            continue
                        try:
                            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
                                found = url in r.read().decode()
                        except OSError:
                            found = False
                        if found and kind == "search":
                            searched = round(time.perf_counter() - t0, 2)
                        elif found:
                            timelined = round(time.perf_counter() - t0, 2)
                    if searched and time.perf_counter() - t0 > searched + 10:
                        break  # stored and searchable, but the timeline for this word picks other sentences
                    time.sleep(0.05)
                results.append({"searchable_s": searched, "in_timeline_s": timelined})
        finally:
            web.terminate()
            web.wait(10)
            server.shutdown()
    seen = [r["searchable_s"] for r in results if r["searchable_s"] is not None]
    shown = [r["in_timeline_s"] for r in results if r["in_timeline_s"] is not None]
    return {"every_s": every, "trials": results, "searchable_median_s": statistics.median(seen) if seen else None,
            "searchable_max_s": max(seen) if seen else None, "in_timeline": f"{len(shown)} of {len(results)}",
            "in_timeline_median_s": statistics.median(shown) if shown else None}


def _askable(pages: list[tuple[str, bytes]], base: str, n: int) -> list[tuple[int, str, str]]:
    """`n` pages (index, a word of the title, the address the article gets) whose article the timeline for
    that word shows when it is alone in a store: a timeline method needs enough matching sentences."""
    from dateline.api import build_timeline
    from dateline.store.ingest import ingest_paths

    picked: list[tuple[int, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (_, html) in enumerate(pages[1:], 1):
            page = extract(html, "", url=f"{base}/p/{i}")
            if not isinstance(page, Article):
                continue
            words = sorted(re.findall(r"[A-Za-z]{7,}", page.title), key=len)
            if not words:
                continue
            file = Path(tmp) / f"{i}.html"
            file.write_bytes(html)
            ingest_paths([file], Path(tmp) / f"{i}.db")
            timeline = build_timeline(words[-1].lower(), db=Path(tmp) / f"{i}.db")
            if any(s.title == page.title for e in timeline.entries for s in e.sentences):
                picked.append((i, words[-1].lower(), page.article.url))
            if len(picked) == n:
                break
    return picked


def storecache(copies: int = 40, sizes_kib: tuple[int, ...] = (65536, 8192)) -> dict:
    """What grows while a long ingest stores: `copies` x the real pages, extracted once and written as
    JSONL (each copy's paragraphs marked, so each is a new article), ingested with each SQLite page cache
    size in a fresh process (`PRAGMA cache_size`, KiB), memory sampled after every committed batch."""
    import subprocess

    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        base = [a for url, html in real_pages() if isinstance(a := extract(html, url, url=url), Article)]
        with corpus.open("w", encoding="utf-8") as out:
            for copy in range(copies):
                for a in base:
                    text = "\n".join(f"Copy {copy}: {p}" for p in a.text.split("\n"))
                    out.write(json.dumps({"id": f"{a.id}?copy={copy}", "url": a.url, "source": a.source,
                                          "published": a.published.isoformat(), "title": a.title,
                                          "text": text}) + "\n")
        result: dict = {"articles": copies * len(base)}
        for kib in sizes_kib:
            run = subprocess.run([sys.executable, __file__, "_storecache_run", "--corpus", str(corpus),
                                  "--kib", str(kib)], capture_output=True, text=True, check=True)
            result[f"cache_{kib}_kib"] = json.loads(run.stdout)
    return result


def _storecache_run(corpus: Path, kib: int) -> dict:
    """One `storecache` ingest, in its own process: the store's page cache set to `kib` after opening."""
    import dateline.store.ingest as ingest_module
    from dateline.store import Store

    class Sized(Store):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self._db.execute(f"PRAGMA cache_size = -{kib}")

    ingest_module.Store = Sized  # type: ignore[misc]
    samples: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        cpu0 = time.process_time()
        ingest_module.ingest_paths([corpus], Path(tmp) / "s.db",
                                   on_progress=lambda done, _t: samples.append((done, round(_rss_mb(), 1))))
        cpu = time.process_time() - cpu0
    return {"cpu_s": round(cpu, 2), "rss_mb_by_articles": samples}


def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _word_f1(gold: str, pred: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the bags of lower-cased words: WCXB's own per-page measure."""
    g, p = Counter(_TOKEN.findall(gold.lower())), Counter(_TOKEN.findall(pred.lower()))
    hit = sum((g & p).values())
    if not hit:
        return 0.0, 0.0, 0.0
    precision, recall = hit / sum(p.values()), hit / sum(g.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def acceptance(wcxb: Path) -> dict:
    """The held-out acceptance check: every WCXB test page of type "article" with a publication date
    people recorded ("a findable date") is put in one folder, as the saved pages (``.html.gz``) the
    benchmark ships; `dateline ingest FOLDER --db` is run as a user runs it; then for each page the
    stored article (found by the id a reader gives that file) is scored against the marked body.

    Figures: the share of pages stored; the mean per-page word F1 of the stored text (the issue's goal:
    >= 0.90), also with unstored pages counted as 0; the exact-day accuracy of the stored date. Pages
    whose address is in the sets Dateline was tuned on (bench/data/sources) are left out."""
    import shutil
    import subprocess

    from dateline.sources import read
    from dateline.sources.html import canonical_url
    from dateline.store import Store

    tuned = {canonical_url(u) for u in json.loads(_members(DATE_SET)["labels.json"])}
    tuned |= {canonical_url(g.get("url", "")) for g in json.loads(_members(TEXT_SET)["ground-truth.json"]).values()}
    pages, overlap = {}, 0
    for path in sorted((wcxb / "test" / "ground-truth").glob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        gold = doc["ground_truth"]
        if doc["_internal"]["page_type"]["primary"] != "article" or not gold.get("publish_date"):
            continue
        if canonical_url(doc["url"]) in tuned:
            overlap += 1
            continue
        pages[doc["file_id"]] = (doc["url"], gold)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for file_id in pages:
            shutil.copy(wcxb / "test" / "html" / f"{file_id}.html.gz", folder / f"{file_id}.html.gz")
        db, skipped_tsv = Path(tmp) / "news.db", Path(tmp) / "skipped.tsv"
        cli = Path(sys.executable).with_name("dateline")
        t0 = time.perf_counter()
        run = subprocess.run([str(cli), "ingest", str(folder), "--db", str(db), "--skipped", str(skipped_tsv)],
                             capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - t0
        why = {Path(line.split("\t")[1]).name.split(".")[0]: line.split("\t")[3]
               for line in skipped_tsv.read_text("utf-8").splitlines()[1:] if line.startswith("skipped")}
        rows, days, missing = [], [], []
        with Store(db, readonly=True) as store:
            for file_id, (url, gold) in sorted(pages.items()):
                found = [a for a in read([folder / f"{file_id}.html.gz"]) if hasattr(a, "text")]
                stored = store.article(found[0].id) if found else None
                if stored is None:
                    missing.append((file_id, url, why.get(file_id, "stored under another id (a duplicate)")))
                    rows.append(None)
                    continue
                rows.append(_word_f1(gold["main_content"], stored.text))
                days.append(stored.published.isoformat() == str(gold["publish_date"])[:10])
    scored = [r for r in rows if r is not None]
    mean = lambda xs: round(statistics.mean(xs), 4) if xs else 0.0  # noqa: E731
    return {
        "pages": len(pages), "left_out_as_tuning_pages": overlap, "stored": len(scored),
        "stored_share": round(len(scored) / len(pages), 4),
        "word_f1_stored": mean([r[2] for r in scored]),
        "word_precision_stored": mean([r[0] for r in scored]), "word_recall_stored": mean([r[1] for r in scored]),
        "word_f1_all_pages": mean([r[2] if r else 0.0 for r in rows]),
        "pages_f1_below_0.5": sum(r[2] < 0.5 for r in scored),
        "date_exact_day_of_stored": mean([float(d) for d in days]),
        "ingest_wall_s": round(seconds, 1), "ingest_summary": run.stderr.strip().splitlines()[:3],
        "not_stored": missing,
        "worst": sorted(((round(r[2], 3), fid) for r, fid in zip(rows, sorted(pages)) if r), key=lambda x: x[0])[:15],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["quality", "warclibs", "throughput", "memory", "watch", "acceptance",
                                     "storecache", "_storecache_run"])
    ap.add_argument("--copies", type=int, default=40, help="copies of the real pages for 'storecache'")
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)  # one process of 'storecache'
    ap.add_argument("--kib", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--gb", type=float, default=1.0, help="size of the generated WARC for 'memory'")
    ap.add_argument("--wcxb", type=Path, help="a clone of the WCXB benchmark, for 'acceptance'")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    runs = {"quality": quality, "warclibs": warclibs, "throughput": throughput,
            "memory": lambda: memory(args.gb), "watch": watch_latency,
            "acceptance": lambda: acceptance(args.wcxb), "storecache": lambda: storecache(args.copies)}
    if args.what == "_storecache_run":  # one process of `storecache`
        print(json.dumps(_storecache_run(args.corpus, args.kib)))
        return 0
    result = runs[args.what]()
    print(json.dumps(result, indent=1, default=str))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
