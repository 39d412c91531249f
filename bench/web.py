"""Web API latency: `/api/timeline` on the Timeline17 bpoil topic, with concurrent clients on loopback.

    python bench/web.py                          # ingest bpoil into a temp store, run both phases, print tables
    python bench/web.py --db bpoil.db --json bench/results/web.json
    python bench/web.py --distinct 20            # only the mixed phase
    python bench/web.py --screenshot docs/screenshot.png

The app runs as `dateline serve` in a process of its own (clients in the server's process would share
its interpreter lock and add ~40 ms to every request); the clients are real HTTP clients (httpx,
keep-alive), `--clients` of them at once, pulling from one shared, shuffled list of `--requests`
requests. What readers ask for varies in topic, date window, number of dates and sentences per date;
each phase asks for `--distinct` different timelines drawn (seeded) from those combinations, each
equally often. By default two phases, each against a freshly started server (nothing in memory):

- cold: 200 requests for 200 different timelines, so every request builds a timeline never built
  before; only what the app keeps between timelines (the sentences of articles already loaded)
  helps, which is what a stream of new questions meets;
- mixed: 200 requests for 20 different timelines, as readers return to the same few stories (and a
  page, its exports and its chart ask for the same timeline).

The first request for a timeline builds it (a cache "miss"); a request for a timeline another client
is building waits for it ("wait"); later ones are answered from the app's cache ("hit"). Figures are
reported for all requests and for each outcome apart, so none hides another, and for the first request
of a phase (a server with nothing in memory). The machine's 1-minute load average is sampled during
each phase, since the benchmark often shares its CPUs.

Latencies are wall-clock per request as a client sees it; p50 and p95 are nearest-rank percentiles.
Load goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from dateline.api import ingest

ROOT = Path(__file__).resolve().parents[1]
T17 = Path(os.environ.get("DATELINE_SHARED", ROOT.parent / "shared")) / "data" / "tls" / "timeline17"
BPOIL = ["bpoil_bbc", "bpoil_foxnews", "bpoil_guardian", "bpoil_reuters", "bpoil_washingtonpost"]
TOPICS = ["bp oil spill", "oil spill", "deepwater horizon", "gulf of mexico oil", "bp well"]
#: Date windows a reader might pick over the corpus's span (April 2010 to January 2011): all of it, the
#: blow-out and the first weeks, the summer of the leak and the capping, the aftermath.
WINDOWS = [(None, None), ("2010-04-20", "2010-05-31"), ("2010-06-01", "2010-08-31"), ("2010-09-01", "2011-01-31")]
DATES = [5, 8, 10, 15, 20]
SENTENCES = [1, 2, 3]
PHASES = {200: "cold", 20: "mixed"}
SCREENSHOT_URL = "/timeline?q=bp+oil+spill&dates=8&sentences=2"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def timelines() -> list[dict[str, Any]]:
    """Every /api/timeline parameter set the benchmark may ask for: topic x window x dates x sentences."""
    return [
        {"q": q, **({"from": start, "to": end} if start else {}), "dates": d, "sentences": n}
        for q in TOPICS for start, end in WINDOWS for d in DATES for n in SENTENCES
    ]


def requests_for(n: int, distinct: int, seed: int = 0) -> list[dict[str, Any]]:
    """`n` /api/timeline parameter sets over `distinct` timelines, each asked about equally often."""
    rng = random.Random(seed)
    kinds = rng.sample(timelines(), distinct)
    params = [kinds[i % len(kinds)] for i in range(n)]
    rng.shuffle(params)
    return params


def run(base_url: str, params: list[dict[str, Any]], clients: int) -> dict[str, Any]:
    """Send every request once, `clients` at a time; latency figures overall, by cache outcome and for
    the first request, with the load average sampled every few seconds meanwhile."""
    pending = list(enumerate(params))[::-1]  # pop() takes them in order
    lock = threading.Lock()
    samples: list[tuple[int, float, str]] = []
    failures: list[str] = []
    loads = [os.getloadavg()[0]]
    done = threading.Event()

    def client() -> None:
        with httpx.Client(base_url=base_url, timeout=600) as http:
            while True:
                with lock:
                    if not pending:
                        return
                    seq, p = pending.pop()
                t0 = time.perf_counter()
                try:
                    r = http.get("/api/timeline", params=p)
                except httpx.HTTPError as e:
                    with lock:
                        failures.append(f"{p}: {e!r}")
                    continue
                took = time.perf_counter() - t0
                with lock:
                    samples.append((seq, took, r.headers.get("x-dateline-cache", "?")))
                    if r.status_code != 200 or not r.json()["entries"]:
                        failures.append(f"{p}: {r.status_code} {r.text[:200]}")

    def sample_load() -> None:
        while not done.wait(5):
            loads.append(os.getloadavg()[0])

    sampler = threading.Thread(target=sample_load, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    done.set()
    loads.append(os.getloadavg()[0])
    if failures:
        raise SystemExit("requests failed:\n" + "\n".join(failures[:10]))
    out = {"requests": len(samples), "clients": clients, "wall_s": wall, "requests_per_s": len(samples) / wall,
           "distinct_timelines": len({json.dumps(p, sort_keys=True) for p in params}),
           "first_s": min(samples)[1], "load_average_1m": {"min": min(loads), "max": max(loads)},
           "all": _summary([t for _, t, _ in samples])}
    for outcome in ("miss", "wait", "hit"):
        out[outcome] = _summary([t for _, t, c in samples if c == outcome])
    return out


def _summary(latencies: list[float]) -> dict[str, float | int | None]:
    ordered = sorted(latencies)
    if not ordered:
        return {"n": 0, "p50_s": None, "p95_s": None, "max_s": None}
    return {"n": len(ordered), "p50_s": _nearest_rank(ordered, 50), "p95_s": _nearest_rank(ordered, 95),
            "max_s": ordered[-1]}


def _nearest_rank(ordered: list[float], pct: int) -> float:
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def build_store(data: Path, db: Path) -> dict[str, Any]:
    folders = [data / name for name in BPOIL]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise SystemExit(f"Timeline17 bpoil folders not found: {', '.join(missing)} (use --data)")
    report = ingest(folders, db)
    print(report.summary(), file=sys.stderr)
    return {"articles": report.added + report.duplicates, "ingest_s": report.seconds}


@contextmanager
def served(db: Path, timeout: float = 120.0) -> Iterator[str]:
    """`dateline serve --db DB` on a free loopback port until the block ends; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [sys.executable, "-m", "dateline.cli", "serve", "--db", str(db),
           "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"dateline serve exited with status {proc.returncode}")
            try:
                if httpx.get(url + "/api/stats", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"dateline serve did not answer on {url} within {timeout:.0f} s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(30)


def screenshot(base_url: str, out: Path) -> None:
    """A full-width capture of a real timeline page, for the README."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1400}, device_scale_factor=1)
        page.goto(base_url + SCREENSHOT_URL, timeout=300_000)
        page.screenshot(path=str(out))
        browser.close()
    print(f"wrote {out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=T17, help="Timeline17 folder (default: ../shared/...)")
    ap.add_argument("--db", type=Path, help="use (or create) this store instead of a temporary one")
    ap.add_argument("--requests", type=int, default=200, help="requests per phase (default: 200)")
    ap.add_argument("--clients", type=int, default=2, help="concurrent clients (default: 2)")
    ap.add_argument("--distinct", type=int, nargs="+", default=list(PHASES),
                    help="different timelines asked for, one phase per value (default: 200 20)")
    ap.add_argument("--json", dest="json_out", type=Path, help="also write the figures as JSON")
    ap.add_argument("--screenshot", type=Path, help="save a screenshot of a timeline page here and stop")
    args = ap.parse_args(argv)
    most = min(args.requests, len(timelines()))
    if not 1 <= args.clients <= 8 or not 1 <= args.requests <= 5000 or not all(1 <= d <= most for d in args.distinct):
        ap.error(f"keep the load bounded: 1..8 clients, 1..5000 requests, 1..{most} distinct timelines")

    phases = []
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bpoil.db"
        corpus = build_store(args.data, db) if not db.exists() else {"articles": None, "ingest_s": None}
        for distinct in args.distinct:
            with served(db) as url:  # a fresh server per phase: nothing in memory from the one before
                if args.screenshot:
                    screenshot(url, args.screenshot)
                    return 0
                result = run(url, requests_for(args.requests, distinct), args.clients)
            phases.append({"phase": PHASES.get(distinct, f"{distinct} timelines"), **result})
            _print_phase(phases[-1])

    if args.json_out:
        out = {
            "corpus": {"topic": "Timeline17 bpoil", "sources": BPOIL, **corpus},
            "endpoint": "/api/timeline",
            "phases": phases,
            "code": _describe_code(),
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                        "platform": platform.platform()},
        }
        args.json_out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json_out}", file=sys.stderr)
    return 0


def _print_phase(r: dict[str, Any]) -> None:
    load = r["load_average_1m"]
    print(f"\n{r['phase']}: /api/timeline on Timeline17 bpoil, {r['requests']} requests for "
          f"{r['distinct_timelines']} different timelines, {r['clients']} concurrent clients, {r['wall_s']:.1f} s; "
          f"first request {r['first_s'] * 1000:.0f} ms; load average {load['min']:.1f} to {load['max']:.1f}")
    print(f"{'requests':<24} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for name, label in (("all", "all"), ("miss", "miss (timeline built)"),
                        ("wait", "wait (built by another)"), ("hit", "hit (from cache)")):
        s = r[name]
        if s["n"]:
            print(f"{label:<24} {s['n']:>5} {s['p50_s'] * 1000:>9.1f} {s['p95_s'] * 1000:>9.1f} "
                  f"{s['max_s'] * 1000:>9.1f}")


def _describe_code() -> str:
    """The commit measured, marked dirty when the working tree differs: figures belong to code."""
    run = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return run.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
