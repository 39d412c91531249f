"""Dateline's time tagger against HeidelTime on all of Timeline17.

HeidelTime's output for every T17 article ships with the dataset (`<source>/time_annotated/<date>/<id>
.txt.timeml`, DCT = the folder date). We strip the tags, run our tagger on exactly that text, and compare,
article by article, the multisets of normalised values of DATE expressions (TIME expressions cut to their
date part, on both sides; Dateline's DURATION and SET expressions name no date and are left out). A date and
a clock time HeidelTime tags apart next to each other ("January 28 , 2011" "07:10 pm") count as one, as
TimeML (and Dateline since issue 12's third round) writes them; before that round the two counted apart.
HeidelTime values it could not normalise (`XXXX-XX-XX`, `UNDEF-...`) cannot be matched by anyone and are
left out and counted. Throughput is timed over the tagger calls alone, single process,
whole article text in, normalised values out.

    python bench/timex.py [--data DIR] [--json FILE] [--sample-disagreements N --seed S]
    python bench/timex.py --moved REF   # day values the tagger changed since git revision REF
    python bench/timex.py --speed-vs REF [--passes N]   # articles per CPU second, this tagger and REF's

`--moved REF` tags every article with the tagger as it was at REF (its `timex.py` read from git) and with
the current one, and lists each day value that moved (same span, another day), was added or was dropped
(not where only the span changed: an overlapping expression on the other side names the same day), with its
context: the values to read one by one before keeping a change of the tagger.

A disagreement is one value occurrence left unmatched in one article after multiset matching: either a
HeidelTime value Dateline did not produce ("HT only") or the reverse ("DL only"). Occurrences whose spans
overlap an occurrence of the same value on the other side are matched first, so that the unmatched ones
shown are the real differences. The sample is `random.Random(seed).sample` over all disagreements sorted
by (file, side, start offset), so a given seed always prints the same sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import subprocess
import sys
import types
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

from dateline.annotate.timex import default_tagger, granularity_of
from dateline.evaluate.timeml import GoldTimex as Mention
from dateline.evaluate.timeml import TimeMLDoc as Doc

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tls" / "timeline17"
BUCKETS = ("day", "week", "month", "year", "other")

# news-tls's string fixes for HeidelTime output (preprocess_heideltime.py), then escape the bare `&` (418
# files) and the few bare `<` of the article text (3 files) that are not TimeML markup.
FIXES = (("T24", "T12"), (")TMO", "TMO"), (")TAF", "TAF"), (")TEV", "TEV"), (")TNI", "TNI"))
BARE_AMP = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")
BARE_LT = re.compile(r"<(?!/?TIMEX3\b|/?TimeML>|\?xml|!DOCTYPE)")
DATE_PART = re.compile(r"^(\d{4}-\d\d-\d\d)T")


def bucket(value: str) -> str:
    g = granularity_of(value)
    return g if g in BUCKETS else "other"


def normalise(value: str) -> str | None:
    """HeidelTime's value as we compare it: TIME cut to its date; unnormalised values dropped (None)."""
    m = DATE_PART.match(value)
    value = m.group(1) if m else value
    if "X" in value or "UNDEF" in value or not value:
        return None
    return value


def load(path: Path) -> tuple[Doc, int]:
    """The article's text (tags stripped) and HeidelTime's DATE/TIME mentions; also how many were dropped."""
    raw = path.read_text(encoding="utf-8")
    for a, b in FIXES:
        raw = raw.replace(a, b)
    root = ET.fromstring(BARE_LT.sub("&lt;", BARE_AMP.sub("&amp;", raw)))
    parts: list[str] = [root.text or ""]
    pos = len(parts[0])
    gold: list[Mention] = []
    dropped = 0
    for el in root:
        inner = "".join(el.itertext())
        if el.tag == "TIMEX3" and el.get("type") in ("DATE", "TIME"):
            value = normalise(el.get("value", ""))
            if value is None:
                dropped += 1
            else:
                gold.append(Mention(pos, pos + len(inner), inner, el.get("type", ""), value))
        parts.append(inner)
        pos += len(inner)
        parts.append(el.tail or "")
        pos += len(el.tail or "")
    dct = dt.date.fromisoformat(path.parent.name)
    text = "".join(parts)
    return Doc(str(path), dct, text, tuple(join_clocks(gold, text))), dropped


# HeidelTime splits a clock time from its date ("January 28 , 2011" + "07:10 pm", "7:01 pm" ET "February 11 ,
# 2013"); TimeML, and Dateline, make one TIME expression of them. Joined here so that one value on our side
# is not counted as a disagreement with two on HeidelTime's.
JOIN = re.compile(r"[\s,|\-–]*(?:at\s+)?(?:[A-Z]{2,4}\s*[,\-]?\s*)?")


def join_clocks(gold: list[Mention], text: str) -> list[Mention]:
    """`gold` with each date and clock time of the same day written next to each other made one mention."""
    out: list[Mention] = []
    for m in gold:
        prev = out[-1] if out else None
        if prev is not None and prev.value == m.value and {prev.type, m.type} == {"DATE", "TIME"} \
                and JOIN.fullmatch(text, prev.end, m.start):
            out[-1] = Mention(prev.start, m.end, text[prev.start:m.end], "TIME", m.value)
        else:
            out.append(m)
    return out


def unmatched(ours: list[Mention], gold: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Occurrences left over on each side after multiset matching by value, overlapping spans first."""
    by_value: dict[str, tuple[list[Mention], list[Mention]]] = defaultdict(lambda: ([], []))
    for m in ours:
        by_value[m.value][0].append(m)
    for m in gold:
        by_value[m.value][1].append(m)
    left_ours: list[Mention] = []
    left_gold: list[Mention] = []
    for o_list, g_list in by_value.values():
        o_free, g_free = list(o_list), list(g_list)
        for o in o_list:
            g = next((g for g in g_free if g.start < o.end and o.start < g.end), None)
            if g is not None:
                g_free.remove(g)
                o_free.remove(o)
        n = min(len(o_free), len(g_free))  # the rest match by value alone, as the multiset metric does
        left_ours.extend(o_free[n:])
        left_gold.extend(g_free[n:])
    return left_ours, left_gold


def prf(tp: int, n_ours: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_ours if n_ours else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "dateline": n_ours, "heideltime": n_gold, "matched": tp}


def run(data: Path) -> tuple[dict, list[tuple[Doc, str, Mention, list[Mention]]]]:
    files = sorted(data.glob("*/time_annotated/*/*.txt.timeml"))
    if not files:
        sys.exit(f"no HeidelTime files under {data}/*/time_annotated/: pass --data DIR (the Timeline17 folder)")
    docs: list[Doc] = []
    dropped = 0
    for f in files:
        doc, n = load(f)
        docs.append(doc)
        dropped += n

    tagger = default_tagger()
    t0, c0 = time.perf_counter(), time.process_time()
    tagged = [tagger.tag(d.text, d.dct) for d in docs]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0

    n_ours: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    left_ours: Counter[str] = Counter()
    left_gold: Counter[str] = Counter()
    disagreements: list[tuple[Doc, str, Mention, list[Mention]]] = []
    for doc, refs in zip(docs, tagged):
        # points in time only (durations and sets name no day), TIME cut to its date as HeidelTime's are
        ours = [Mention(r.start, r.end, r.text, r.type, normalise(r.value) or r.value) for r in refs
                if r.type in ("DATE", "TIME")]
        lo, lg = unmatched(ours, list(doc.timexes))
        for side, mine, other, left, total, left_count in (
            ("DL only", ours, doc.timexes, lo, n_ours, left_ours),
            ("HT only", doc.timexes, ours, lg, n_gold, left_gold),
        ):
            for m in mine:
                total[bucket(m.value)] += 1
            for m in left:
                left_count[bucket(m.value)] += 1
                overlapping = [o for o in other if o.start < m.end and m.start < o.end]
                disagreements.append((doc, side, m, overlapping))

    def figures(keys: tuple[str, ...]) -> dict[str, float | int]:
        o = sum(n_ours[k] for k in keys)
        g = sum(n_gold[k] for k in keys)
        return prf(o - sum(left_ours[k] for k in keys), o, g)

    result = {
        "articles": len(docs),
        "characters": sum(len(d.text) for d in docs),
        "heideltime_unnormalised_dropped": dropped,
        "seconds": elapsed,
        "articles_per_second": len(docs) / elapsed,
        "cpu_seconds": cpu,
        "articles_per_cpu_second": len(docs) / cpu,
        "all": figures(BUCKETS),
        "by_granularity": {b: figures((b,)) for b in BUCKETS},
    }
    disagreements.sort(key=lambda d: (d[0].name, d[1], d[2].start))
    return result, disagreements


def format_table(result: dict) -> str:
    rows = [("all DATE values", result["all"])] + [(b, result["by_granularity"][b]) for b in BUCKETS]
    lines = [
        f"Dateline vs HeidelTime on Timeline17: {result['articles']} articles, "
        f"{result['heideltime_unnormalised_dropped']} unnormalised HeidelTime values left out",
        "",
        f"{'values':<16} {'P':>6} {'R':>6} {'F1':>6} {'Dateline':>9} {'HeidelTime':>11} {'matched':>8}",
    ]
    for name, r in rows:
        lines.append(f"{name:<16} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} "
                     f"{r['dateline']:>9} {r['heideltime']:>11} {r['matched']:>8}")
    lines += [
        "",
        f"throughput: {result['articles_per_second']:,.0f} articles/s "
        f"({result['characters'] / result['seconds'] / 1e6:.1f} M characters/s, one process, "
        f"{result['seconds']:.2f} s wall); {result['articles_per_cpu_second']:,.0f} articles per CPU second",
    ]
    return "\n".join(lines)


def format_sample(sample: list[tuple[Doc, str, Mention, list[Mention]]], data: Path) -> str:
    out = []
    for i, (doc, side, m, other) in enumerate(sample, 1):
        lo = doc.text.rfind("\n", 0, m.start) + 1
        hi = doc.text.find("\n", m.end)
        hi = len(doc.text) if hi < 0 else hi
        lo, hi = max(lo, m.start - 200), min(hi, m.end + 200)
        context = f"{doc.text[lo:m.start]}[[{doc.text[m.start:m.end]}]]{doc.text[m.end:hi]}".replace("\n", " ")
        theirs = "; ".join(f"{o.text!r} = {o.value}" for o in other) or "nothing here"
        who = "HeidelTime" if side == "DL only" else "Dateline"
        out.append(f"#{i} {side}  {Path(doc.name).relative_to(data)}  DCT {doc.dct} ({doc.dct:%A})\n"
                   f"   {m.text!r} = {m.value}   |   {who}: {theirs}\n   {context}")
    return "\n".join(out)


def tagger_at(ref: str):
    """The `RuleTagger` of `src/dateline/annotate/timex.py` as it was at git revision `ref`."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:src/dateline/annotate/timex.py"],
                            capture_output=True, text=True, check=True).stdout
    module = types.ModuleType(f"timex_at_{ref}")
    sys.modules[module.__name__] = module  # dataclasses look their module up by name
    exec(compile(source, f"{ref}:timex.py", "exec"), module.__dict__)
    return module.RuleTagger()


def moved(data: Path, ref: str) -> str:
    """Every day value (DATE or TIME cut to its date) that differs between REF's tagger and this one."""
    old, new = tagger_at(ref), default_tagger()
    rows: list[str] = []
    counts: Counter[str] = Counter()
    for f in sorted(data.glob("*/time_annotated/*/*.txt.timeml")):
        doc, _ = load(f)

        def days(tagger) -> dict[tuple[int, int], str]:
            return {(r.start, r.end): r.value[:10] for r in tagger.tag(doc.text, doc.dct)
                    if r.type in ("DATE", "TIME") and granularity_of(r.value[:10]) == "day"}

        before, after = days(old), days(new)

        def covered(span: tuple[int, int], day: str | None, other: dict[tuple[int, int], str]) -> bool:
            """Whether `other` has the same day on a span overlapping `span` (an expression cut or merged)."""
            return any(s < span[1] and span[0] < e and d == day for (s, e), d in other.items())

        for span in sorted(before.keys() | after.keys()):
            a, b = before.get(span), after.get(span)
            if a == b or (a is None and covered(span, b, before)) or (b is None and covered(span, a, after)):
                continue
            kind = "moved" if a and b else "added" if b else "dropped"
            counts[kind] += 1
            context = " ".join(doc.text[max(0, span[0] - 120):span[1] + 60].split())
            rows.append(f"{kind:<8}{doc.name.split('timeline17/')[-1]} (DCT {doc.dct}) "
                        f"[{doc.text[span[0]:span[1]]}] {a} -> {b}\n   {context}")
    head = f"day values changed since {ref}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    return "\n".join([head, *rows])


def speed_vs(data: Path, ref: str, passes: int, chunk: int = 250) -> str:
    """Articles per CPU second of this tagger and of REF's, side by side in one process: on a shared machine
    only such figures are comparable, and only when taken close together. The articles are cut into chunks
    of `chunk`; each chunk is tagged by both taggers in turn (which goes first alternates), `passes` times,
    and each tagger's time is the sum over chunks of its best time on the chunk. Whole passes of several
    seconds, first one tagger then the other, swung by 10-40 % between runs minutes apart."""
    docs = [load(f)[0] for f in sorted(data.glob("*/time_annotated/*/*.txt.timeml"))]
    taggers = {"this": default_tagger(), ref: tagger_at(ref)}
    chunks = [docs[i:i + chunk] for i in range(0, len(docs), chunk)]
    best = {name: [float("inf")] * len(chunks) for name in taggers}
    for n in range(passes):
        for c, part in enumerate(chunks):
            for name, tagger in (list(taggers.items()) if (n + c) % 2 == 0 else list(taggers.items())[::-1]):
                c0 = time.process_time()
                for d in part:
                    tagger.tag(d.text, d.dct)
                best[name][c] = min(best[name][c], time.process_time() - c0)
    rates = {name: len(docs) / sum(times) for name, times in best.items()}
    return "articles per CPU second, best of {} per chunk of {}: {} (ratio {:.3f})".format(
        passes, chunk, ", ".join(f"{name} {rate:,.0f}" for name, rate in rates.items()), rates["this"] / rates[ref])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the Timeline17 folder")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    p.add_argument("--sample-disagreements", type=int, default=0, metavar="N",
                   help="print a random sample of N disagreements with context")
    p.add_argument("--seed", type=int, default=0, help="seed of the disagreement sample (default: 0)")
    p.add_argument("--moved", metavar="REF", help="list the day values changed since git revision REF")
    p.add_argument("--speed-vs", metavar="REF", help="time this tagger and REF's side by side")
    p.add_argument("--passes", type=int, default=6, help="passes over each chunk for --speed-vs (default: 6)")
    args = p.parse_args(argv)

    if args.speed_vs:
        print(speed_vs(args.data, args.speed_vs, args.passes))
        return 0
    if args.moved:
        print(moved(args.data, args.moved))
        return 0
    result, disagreements = run(args.data)
    print(format_table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.sample_disagreements:
        n = min(args.sample_disagreements, len(disagreements))
        sample = random.Random(args.seed).sample(disagreements, n)
        print(f"\n{n} of {len(disagreements)} disagreements (seed {args.seed}):\n")
        print(format_sample(sample, args.data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
