"""Annotation: split an article into sentences and place each sentence in time.

Knows nothing of the store or of timelines. The time tagger is behind `TimeTagger` so it can be
replaced (a better rule set, HeidelTime for comparison) without touching any caller.
"""

from __future__ import annotations

import datetime as dt
import re

from dateline.annotate.sentences import split_sentences
from dateline.annotate.timex import TimeTagger, default_tagger
from dateline.model import FIRST_DAY, LAST_DAY, Article, Sentence, TimeRef

__all__ = ["annotate", "split_sentences", "TimeTagger", "default_tagger"]

# Between sentences in the text given to the tagger. A line break ends a sentence for the tagger's tense
# scan; the bracket is a character no rule matches across (a rule's `\s+` would cross a bare line break:
# "... in May\n2010 ..."); the space after it keeps it a word of its own, so it does not hide the
# sentence's first word from the tense cues ("(Will").
_GLUE = "\n( "


def annotate(article: Article, tagger: TimeTagger | None = None) -> list[Sentence]:
    """Sentences of `article`, each with its time expressions and its event date.

    The event date is the first day-level date a sentence mentions, else the publication date: the
    convention of news-tls, so that our timelines and theirs rest on the same evidence.

    The tagger runs once over the whole article (its sentences joined by `_GLUE`), not once per
    sentence: a call has a fixed cost that, paid for each of ~50 sentences an article, was more than
    half of ingest's annotation time. Tense is still judged within the sentence, since the tagger's tense
    scan stops at line breaks. One difference to tagging sentences alone, on purpose: a clock time with no
    date of its own ("at 9:07 pm") falls on the day the article mentioned last, as in HeidelTime, rather
    than on the publication date. Time-expression offsets are relative to their sentence.
    """
    tagger = tagger or default_tagger()
    texts = split_sentences(article.text)
    per_sentence = _by_sentence(tagger.tag(_GLUE.join(texts), article.published), texts)
    # Hoisted out of the loop, and no first-day search for the many sentences without a time expression:
    # ingest builds a quarter of a million sentences for Timeline17, so each step per sentence counts.
    article_id, published, source = article.id, article.published, article.source
    url, title = article.url, article.title
    out: list[Sentence] = []
    for index, (text, refs) in enumerate(zip(texts, per_sentence)):
        day = _first_day(refs) if refs else None
        out.append(
            Sentence(
                article_id=article_id,
                index=index,
                text=text,
                published=published,
                event_date=day or published,
                date_source="mention" if day else "published",
                timerefs=refs,
                source=source,
                url=url,
                title=title,
            )
        )
    return out


def _first_day(refs: tuple[TimeRef, ...]) -> dt.date | None:
    """The first calendar day among `refs`, if any."""
    return next((d for d in (r.day for r in refs) if d is not None), None)


def _by_sentence(refs: list[TimeRef], texts: list[str]) -> list[tuple[TimeRef, ...]]:
    """`refs` (in text order, offsets into the glued text) grouped by sentence, offsets made relative;
    the time expressions of years outside `FIRST_DAY`..`LAST_DAY` are left out (see `_in_range`)."""
    groups: list[list[TimeRef]] = [[] for _ in texts]
    index, start, end = 0, 0, len(texts[0]) if texts else 0
    for ref in refs:
        while ref.start >= end:  # the tagger's refs are in text order, so the sentence only moves on
            index += 1
            start = end + len(_GLUE)
            end = start + len(texts[index])
        if _in_range(ref.value):
            groups[index].append(
                TimeRef(ref.text, ref.start - start, ref.end - start, ref.value, ref.granularity, ref.type)
                if start else ref
            )
    return [tuple(g) for g in groups]


def _in_range(value: str) -> bool:
    """Whether a TIMEX3 value that names a calendar year (``2010``, ``2010-03``, ``2010-W05``,
    ``2010-03-04``, or ``-001-Q4`` counted back from year 1) names one within `FIRST_DAY`..`LAST_DAY`; other values (``PRESENT_REF``, decades,
    centuries) are kept, as nothing computes dates from them. Relative expressions in articles published
    near the ends of the range reach past them ("the next day" after 2999-12-31), and a date there is one
    the timeline methods could not compute on."""
    year = _YEAR.match(value)
    return year is None or FIRST_DAY.year <= int(year[1]) <= LAST_DAY.year


_YEAR = re.compile(r"(-\d+|\d{4})(?:-|$)")
