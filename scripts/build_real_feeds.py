"""Build the real-feeds corpus of `dateline bench shapes` from local copies of its public sources.

    python scripts/build_real_feeds.py --rss2022 DIR --rss2023 DIR --chronos DIR --out DIR [--stories FILE]

Each DIR is a git directory (or clone) of github.com/rumca-js/RSS-Link-Database-2022, -2023 and
github.com/pcherkashin/chronos. The stories, their query and their selection patterns are in
bench/topics/real-feeds.json; what the corpus is, where it comes from and under which licence is in
bench/topics/real-feeds.md, copied to OUT/SOURCE.md with the counts of this build appended. The corpus
is written to OUT (by default `../shared/data/tls/real-feeds`, where the bench looks for it) and is not
part of this repository: its texts belong to their publishers and the reference timelines come without
a licence.

`--stories bench/topics/real-feeds-dev.json` builds, the same way, the development story kept apart from
the bench's four (Open-TLS's fifth timeline inside the archives): settings of the `dateline` method may
be checked on it, never on the bench's real-feeds figures.

Per story, OUT holds `articles.jsonl.gz` (one feed entry a line: the outlet, i.e. the registered domain
of the entry's link, the feed it came from, the publication day, the headline as title, and as text the
headline and the description, as `dateline ingest` stores a feed entry without its page) and `timelines/<chronos name>.txt` (the reference in
tilse format), and OUT/topics.json the bench's topics. Nothing here is random: the same inputs give the
same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import html
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dateline.sources.feeds import headline_first

REPO = Path(__file__).resolve().parents[1]
TOPICS = REPO / "bench" / "topics" / "real-feeds.json"
SOURCE_MD = REPO / "bench" / "topics" / "real-feeds.md"
CHRONOS_COMMIT = "38fe213"
#: Feed entries are kept from this many days before a reference timeline's first date to as many after
#: its last: the bench restricts the input to the reference's span, the margin keeps the days around it.
MARGIN_DAYS = 7
#: Feed categories of the archives' sources.json that are outlets' news; YouTube channels, blogs, social
#: media, music and "random" feeds are not.
NEWS_CATEGORIES = {"News", "Politics", "Business", "Tech", "IT", "Science"}
#: Link aggregators filed under those categories: their entries are other sites' links and users' posts.
AGGREGATORS = ("reddit.com", "hnrss.org")
#: A description longer than this is cut at its last sentence end before it (a few feeds carry whole
#: articles in it); feed entries are meant to be the short form.
MAX_DESCRIPTION = 1200

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s")


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(_git_dir(repo)), *args], check=True, capture_output=True).stdout


def _git_dir(repo: Path) -> Path:
    return repo / ".git" if (repo / ".git").exists() else repo


def unpacked_commit(repo: Path, year: int) -> str:
    """The newest commit whose tree still holds the daily JSON files (the archives later zip each month,
    and zips of 4 MiB and more are missing from some copies)."""
    for commit in git(repo, "rev-list", "-n", "20", "HEAD").decode().split():
        listing = git(repo, "ls-tree", "--name-only", f"{commit}:{year}").decode().split()
        if "01" in listing and "01.zip" not in listing:
            return commit
    raise SystemExit(f"{repo}: no commit among the last 20 holds {year}/01/ unzipped")


def plain(text: str) -> str:
    """HTML tags and entities out, white space collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", html.unescape(text or "")))).strip()


def shorten(text: str) -> str:
    if len(text) <= MAX_DESCRIPTION:
        return text
    ends = [m.start() + 1 for m in _SENTENCE_END.finditer(text[: MAX_DESCRIPTION + 1])]
    return text[: ends[-1]] if ends else ""


def outlets(repo: Path, commit: str) -> dict[str, str]:
    """Feed URL -> feed name, for the English news feeds of the archive's sources.json."""
    sources = json.loads(git(repo, "show", f"{commit}:sources.json"))
    return {s["url"]: s["title"].strip() for s in sources
            if s.get("category") in NEWS_CATEGORIES and str(s.get("language", "")).lower().startswith("en")
            and not _host(s["url"]).endswith(AGGREGATORS)}


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def site(url: str) -> str:
    """The registered domain of `url`: edition.cnn.com -> cnn.com, news.bbc.co.uk -> bbc.co.uk."""
    labels = _host(url).split(".")
    second_level = len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in ("co", "com", "org", "net", "ac", "gov")
    keep = 3 if second_level else 2
    return ".".join(labels[-keep:])


def feed_entries(repo: Path, year: int, days: set[dt.date]) -> tuple[str, list[dict[str, Any]]]:
    """The archive's commit and every entry of an English news feed in the daily files of `days`."""
    commit = unpacked_commit(repo, year)
    names = outlets(repo, commit)
    months = sorted({f"{year}/{d.month:02d}/" for d in days if d.year == year})
    paths = [p for p in git(repo, "ls-tree", "-r", "--name-only", commit, *months).decode().splitlines()
             if p.endswith("_entries.json") and dt.date.fromisoformat(p.split("/")[2]) in days]
    blobs = "".join(f"{commit}:{p}\n" for p in paths).encode()
    out = subprocess.run(["git", "--git-dir", str(_git_dir(repo)), "cat-file", "--batch"], input=blobs,
                         check=True, capture_output=True).stdout
    entries, missing, at = [], [], 0
    for path in paths:
        header_end = out.index(b"\n", at)
        header = out[at:header_end].split()
        if header[-1] == b"missing":  # absent from the copy (files of 4 MiB and more may be)
            missing.append(path)
            at = header_end + 1
            continue
        size = int(header[2])
        data = json.loads(out[header_end + 1: header_end + 1 + size])
        at = header_end + 2 + size
        for e in data.get("entries", []) if isinstance(data, dict) else data:
            outlet = names.get(e.get("source", ""))
            if outlet:
                entries.append({**e, "outlet": outlet, "folder_day": path.split("/")[2]})
    if missing:
        print(f"{repo}: {len(missing)} daily files absent from this copy: {', '.join(missing)}")
    return commit, entries


def reference(chronos: Path, name: str) -> list[tuple[dt.date, list[str]]]:
    """The Open-TLS timeline of `name`: (day, sentences) in date order."""
    line = git(chronos, "show", f"{CHRONOS_COMMIT}:data/open/{name}/timelines.jsonl").decode().splitlines()[0]
    return sorted((dt.date.fromisoformat(day[:10]), [s.strip() for s in sents if s.strip()])
                  for day, sents in json.loads(line))


def clipped(timeline: list[tuple[dt.date, list[str]]], within: list[str] | None) -> list[tuple[dt.date, list[str]]]:
    """The reference's dates inside `within` ([first, last] ISO days; all of them without it): a story
    told from years before the archives begin keeps the part the feeds can have covered."""
    if not within:
        return timeline
    first, last = (dt.date.fromisoformat(d) for d in within)
    return [(day, sents) for day, sents in timeline if first <= day <= last]


def article(entry: dict[str, Any]) -> dict[str, str] | None:
    """The corpus record of a feed entry, or None without a link, a date or any text."""
    published = (entry.get("date_published") or "")[:10] or entry["folder_day"]
    title, text = plain(entry.get("title", "")), shorten(plain(entry.get("description", "")))
    link = (entry.get("link") or "").strip()
    if not link or not (title or text):
        return None
    # The outlet is the site the entry links to (one outlet has several feeds: "The Guardian - World")
    # text as `dateline ingest` stores a feed entry read from its summary: the headline, then the description
    return {"id": link, "url": link, "source": site(link), "feed": entry["outlet"], "published": published,
            "title": title, "text": headline_first(title, text)}


def build(rss: dict[int, Path], chronos: Path, out: Path, stories: Path = TOPICS) -> dict[str, Any]:
    spec = {k: v for k, v in json.loads(stories.read_text(encoding="utf-8")).items() if not k.startswith("_")}
    refs = {topic: clipped(reference(chronos, s["chronos"]), s.get("within")) for topic, s in spec.items()}
    windows = {t: (r[0][0] - dt.timedelta(MARGIN_DAYS), r[-1][0] + dt.timedelta(MARGIN_DAYS)) for t, r in refs.items()}
    days = {lo + dt.timedelta(i) for lo, hi in windows.values() for i in range((hi - lo).days + 1)}
    commits, entries = {}, []
    for year, repo in sorted(rss.items()):
        commits[year], got = feed_entries(repo, year, days)
        entries += got
    stats: dict[str, Any] = {"archives": commits, "chronos": CHRONOS_COMMIT, "topics": {}}
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for topic, s in spec.items():
        patterns = [re.compile(p, re.IGNORECASE) for p in s["match"]]
        lo, hi = windows[topic]
        kept: dict[str, dict[str, str]] = {}
        for e in entries:
            a = article(e)
            if a is None or not lo.isoformat() <= a["published"] <= hi.isoformat():
                continue
            words = f"{a['title']} {a['text']}"
            if all(p.search(words) for p in patterns):
                # the same link is in every daily file that still lists it: keep its earliest date
                key = re.sub(r"[?#].*", "", a["url"])
                if key not in kept or a["published"] < kept[key]["published"]:
                    kept[key] = {**a, "id": key}
        records = sorted(kept.values(), key=lambda a: (a["published"], a["source"], a["id"]))
        folder = out / topic
        (folder / "timelines").mkdir(parents=True)
        lines = "".join(json.dumps(a, ensure_ascii=False, sort_keys=True) + "\n" for a in records)
        with gzip.GzipFile(folder / "articles.jsonl.gz", "wb", mtime=0) as f:  # mtime 0: the same bytes
            f.write(lines.encode("utf-8"))
        timeline = refs[topic]
        with (folder / "timelines" / f"{s['chronos']}.txt").open("w", encoding="utf-8") as f:
            for day, sents in timeline:
                f.write(day.isoformat() + "\n" + "".join(x + "\n" for x in sents) + "-" * 32 + "\n")
        per_outlet = Counter(a["source"] for a in records)
        covered = {a["published"] for a in records}
        stats["topics"][topic] = {
            "chronos": s["chronos"], "window": [lo.isoformat(), hi.isoformat()], "entries": len(records),
            "outlets": len(per_outlet), "top_outlets": per_outlet.most_common(5),
            "reference_dates": len(timeline), "reference_sentences": sum(len(x) for _, x in timeline),
            "reference_dates_with_entries": sum(d.isoformat() in covered for d, _ in timeline),
        }
    topics = {"_source": "Written by scripts/build_real_feeds.py from bench/topics/real-feeds.json."}
    topics.update({t: {"keywords": s["keywords"], "chronos": s["chronos"]} for t, s in spec.items()})
    (out / "topics.json").write_text(json.dumps(topics, indent=1) + "\n", encoding="utf-8")
    (out / "SOURCE.md").write_text(SOURCE_MD.read_text(encoding="utf-8") + _stats_md(stats), encoding="utf-8")
    return stats


def _stats_md(stats: dict[str, Any]) -> str:
    lines = ["", "## This build", "",
             f"Archive commits read: {', '.join(f'{y}: {c}' for y, c in stats['archives'].items())}; "
             f"CHRONOS commit {stats['chronos']}.", "",
             "| story | Open-TLS timeline | entries window | entries | outlets | reference dates (with entries that "
             "day) | reference sentences |",
             "|---|---|---|---|---|---|---|"]
    for topic, t in stats["topics"].items():
        lines.append(f"| {topic} | {t['chronos']} | {t['window'][0]} – {t['window'][1]} | {t['entries']} | "
                     f"{t['outlets']} | {t['reference_dates']} ({t['reference_dates_with_entries']}) | "
                     f"{t['reference_sentences']} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rss2022", type=Path, required=True, help="git directory of rumca-js/RSS-Link-Database-2022")
    p.add_argument("--rss2023", type=Path, required=True, help="git directory of rumca-js/RSS-Link-Database-2023")
    p.add_argument("--chronos", type=Path, required=True, help="git directory of pcherkashin/chronos")
    p.add_argument("--out", type=Path, default=REPO.parent / "shared" / "data" / "tls" / "real-feeds")
    p.add_argument("--stories", type=Path, default=TOPICS,
                   help="the stories to build (default: the bench's, bench/topics/real-feeds.json)")
    args = p.parse_args()
    stats = build({2022: args.rss2022, 2023: args.rss2023}, args.chronos, args.out, args.stories)
    print(json.dumps(stats, indent=1))
    total = sum(t["entries"] for t in stats["topics"].values())
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"{total} entries, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
