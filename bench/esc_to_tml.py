"""The Event StoryLine Corpus (ESC v1.0) as TimeML, for `dateline bench timex --tml`: a second corpus of
time expressions marked by people, from other years (2005-2013) and other papers than TimeBank/AQUAINT,
kept out of development (only `dev` is read while developing; `test` is scored before and after).

    python bench/esc_to_tml.py --git /path/to/EventStoryLine/.git [--commit 46edefee] [--out DIR]
    python bench/esc_to_tml.py --src /path/to/EventStoryLine/annotated_data/v1.0

writes ../shared/data/timex-esc (or $DATELINE_SHARED/data/timex-esc, or --out), with a SOURCE.md: the
texts are not redistributed with Dateline, as for the other corpora of ../shared.

ESC ships each article (from ECB+) as CAT-XML: tokens with sentence numbers, and `<TIME_DATE>`,
`<TIME_OF_THE_DAY>`, `<TIME_DURATION>`, `<TIME_SET>` markables that point at tokens, with a TIMEX3 value
(annotated_data/v1.0/README.txt). The conversion:

- **Sentences.** Only the sentences in which the annotators marked something (an event, a participant, a
  place or a time: any markable) are kept, in their order. ESC, like ECB+ below it, annotated a selection
  of each article (about 45 % of the sentences): "She came up for the weekend on Friday" is unmarked in
  one, "fired March 2" in another. ECB+'s README asks to restrict evaluation to the annotated sentences
  "to prevent skewed evaluation results due to system output for mentions that might not be annotated";
  its own list (ECBplus_coreference_sentences.csv) misses most of ESC's times, so the markables decide.
  (Over whole articles, our tagger's relaxed precision on `dev` is 42 %, on these sentences 80 %.)
- **Text.** The tokens are joined back into running text the way the news wrote it ("09 : 10" 09:10,
  "Feb . 17" Feb. 17, "high - pitched" high-pitched, "a . m" a.m, "( AP )" (AP)): a tagger should see
  prose, not tokens. A sentence that ends in . ! ? or a closing quote is followed by a space, any other
  (a headline, a dateline) by a line break.
- **Gold.** Every TIME markable with tokens becomes a TIMEX3 over the characters of its first to last
  token; types DATE, TIME (ESC's OF_THE_DAY), DURATION, SET; values as annotated, unchanged (ESC writes
  clock times in UTC, "9:03am AEST" as ...T23:03Z the day before, which no tagger reading the text can
  give: the TIME value figures are low for that reason). The DCT markable (DCT="TRUE") gives the `<DCT>`
  and, when its tokens are in the text (the article's dateline, "10 Jun 2013 09:10"), is scored there as
  any other expression: it is text a person marked.
- **Documents** without a DCT day are left out (one in `test` has no DCT, two DCTs are "2006" and
  "PRESENT_REF"). The `<DCT>` holds the DCT's day; a few written "2009:02:03T17:59:13Z", "2012-10-4" are
  read as that day (the DCT's own TIMEX3 in the text keeps the value as annotated).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import re
import subprocess
import tarfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[1]
# Beside the other corpora of ../shared (the texts are not redistributed with Dateline); its SOURCE.md
# is bench/data/timex-esc.md, copied in.
OUT = Path(os.environ.get("DATELINE_SHARED", ROOT.parent / "shared")) / "data" / "timex-esc"
SOURCE = ROOT / "bench" / "data" / "timex-esc.md"
SPLITS = ("dev", "test")
TYPES = {"TIME_DATE": "DATE", "TIME_OF_THE_DAY": "TIME", "TIME_DURATION": "DURATION", "TIME_SET": "SET"}

_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", ")", "]", "}", "%", "”", "'s", "n't"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "£", "#", "“"}
_CLITICS = {"s", "t", "re", "ve", "ll", "d", "m"}
_SENTENCE_END = (".", "!", "?", '"', "”", "'")


def detokenize(tokens: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Text from (sentence id, token) pairs and each token's (start, end) in it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, (sentence, tok) in enumerate(tokens):
        prev = tokens[i - 1][1] if i else ""
        nxt = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        if i and sentence != tokens[i - 1][0]:
            sep = " " if prev.endswith(_SENTENCE_END) else "\n"
        elif not i:
            sep = ""
        else:
            sep = " " if _space_between(prev, tok, nxt, tokens[i - 2][1] if i > 1 else "") else ""
        out.append(sep)
        pos += len(sep)
        out.append(tok)
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
    return "".join(out), spans


def _space_between(prev: str, tok: str, nxt: str, before_prev: str) -> bool:
    """Whether the news wrote a space between token `prev` and token `tok`."""
    if prev in _NO_SPACE_AFTER or tok in _NO_SPACE_BEFORE:
        return False
    if tok in ("-", "/") or prev in ("-", "/"):  # "high-pitched", "2/3/2009", "and/or"
        return False
    if tok in ("'", "’"):  # "family ' s", a closing quote
        return False
    if prev in ("'", "’") and tok in _CLITICS:  # "don ’ t"
        return False
    if prev in (".", ":") and tok[:1].isdigit() and before_prev[-1:].isdigit():  # "9.35am", "09:10"
        return False
    if prev == "." and len(tok) == 1 and tok.isalpha() and len(before_prev) == 1:  # "a.m", "U.S"
        return False
    if tok == '"':  # a closing quote sticks to what it closes: after a sentence's end or before punctuation
        return not (prev.endswith((".", ",", "?", "!")) or not nxt[:1].isalnum())
    if prev == '"':  # an opening quote to what it opens
        return before_prev.endswith((".", ",", "?", "!")) or not tok[:1].isalnum()
    return True


def convert(doc: ET.Element, name: str) -> tuple[str, int] | None:
    """The TimeML text of one CAT-XML document and its number of gold TIMEX3 (the DCT's included when it is
    in the text), or None without a DCT day to anchor it."""
    every = {t.get("t_id"): t.get("sentence") for t in doc.iter("token")}
    marked = {every.get(a.get("t_id")) for a in doc.iter("token_anchor")}
    tokens = [t for t in doc.iter("token") if t.get("sentence") in marked]
    text, spans = detokenize([(t.get("sentence", ""), t.text or "") for t in tokens])
    index = {t.get("t_id"): i for i, t in enumerate(tokens)}
    dct_value = ""
    marks: list[tuple[int, int, str, str]] = []
    markables = doc.find("Markables")
    for m in markables if markables is not None else []:
        if m.tag not in TYPES:
            continue
        if m.get("DCT") == "TRUE" and m.get("value") and not dct_value:
            dct_value = m.get("value", "")
        anchors = [index[a.get("t_id")] for a in m.iter("token_anchor") if a.get("t_id") in index]
        if anchors:
            marks.append((spans[min(anchors)][0], spans[max(anchors)][1], TYPES[m.tag], m.get("value", "")))
    day = _day(dct_value)
    if day is None:
        return None
    marks.sort()
    body: list[str] = []
    pos = 0
    for n, (start, end, kind, value) in enumerate(marks, 1):
        if start < pos:
            raise ValueError(f"{name}: overlapping TIME markables")  # none in v1.0; TimeML does not nest them
        body.append(escape(text[pos:start]))
        body.append(f'<TIMEX3 tid="t{n}" type="{kind}" value={quoteattr(value)}>{escape(text[start:end])}</TIMEX3>')
        pos = end
    body.append(escape(text[pos:]))
    tml = (f'<?xml version="1.0" ?>\n<TimeML>\n<DOCID>{escape(name)}</DOCID>\n'
           f'<DCT><TIMEX3 tid="t0" type="DATE" value="{day}" functionInDocument="CREATION_TIME">{day}</TIMEX3></DCT>'
           f"\n<TEXT>\n{''.join(body)}\n</TEXT>\n</TimeML>\n")
    return tml, len(marks)


_DAY = re.compile(r"(?:t_)?(\d{4})[-:](\d\d?)[-:](\d\d?)")


def _day(value: str) -> str | None:
    """The DCT's day as YYYY-MM-DD: ESC writes a few "2009:02:03T17:59:13Z", "2012-10-4", "t_2013-..."."""
    m = _DAY.match(value)
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def documents(src: Path | None, git: Path | None, commit: str) -> Iterator[tuple[str, str, ET.Element]]:
    """(split, name, CAT-XML root) of every annotated document of `dev` and `test`."""
    if git is not None:
        paths = [f"annotated_data/v1.0/{s}" for s in SPLITS]
        data = subprocess.run(["git", "--git-dir", str(git), "archive", "--format=tar", commit, *paths],
                              check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            for member in sorted(tar.getmembers(), key=lambda m: m.name):
                if member.name.endswith(".xml.xml"):
                    split = member.name.split("/")[2]
                    handle = tar.extractfile(member)
                    assert handle is not None
                    yield split, Path(member.name).name.removesuffix(".xml.xml"), ET.parse(handle).getroot()
        return
    assert src is not None
    for split in SPLITS:
        for path in sorted((src / split).glob("*/*.xml.xml")):
            yield split, path.name.removesuffix(".xml.xml"), ET.parse(path).getroot()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--src", type=Path, help="annotated_data/v1.0 of a checkout")
    where.add_argument("--git", type=Path, help="the repository's git directory (read at --commit)")
    parser.add_argument("--commit", default="46edefee")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    counts = {s: [0, 0, 0] for s in SPLITS}  # documents written, left out, gold TIMEX3
    for split, name, root in documents(args.src, args.git, args.commit):
        converted = convert(root, name)
        if converted is None:
            counts[split][1] += 1
            continue
        tml, n = converted
        folder = args.out / split
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.tml").write_text(tml, encoding="utf-8")
        counts[split][0] += 1
        counts[split][2] += n
    shutil.copyfile(SOURCE, args.out / "SOURCE.md")
    for split, (written, left, gold) in counts.items():
        print(f"{split}: {written} documents ({left} without a DCT left out), {gold} TIMEX3")


if __name__ == "__main__":
    main()
