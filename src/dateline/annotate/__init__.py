"""Annotation: split an article into sentences and place each sentence in time.

Knows nothing of the store or of timelines. The time tagger is behind `TimeTagger` so it can be
replaced (a better rule set, HeidelTime for comparison) without touching any caller.
"""

from __future__ import annotations

from dateline.annotate.sentences import split_sentences
from dateline.annotate.timex import TimeTagger, default_tagger
from dateline.model import Article, Sentence

__all__ = ["annotate", "split_sentences", "TimeTagger", "default_tagger"]


def annotate(article: Article, tagger: TimeTagger | None = None) -> list[Sentence]:
    """Sentences of `article`, each with its time expressions and its event date.

    The event date is the first day-level date a sentence mentions, else the publication date: the
    convention of news-tls, so that our timelines and theirs rest on the same evidence.
    """
    tagger = tagger or default_tagger()
    out: list[Sentence] = []
    for index, text in enumerate(split_sentences(article.text)):
        refs = tuple(tagger.tag(text, article.published))
        day = next((d for d in (r.day for r in refs) if d is not None), None)
        out.append(
            Sentence(
                article_id=article.id,
                index=index,
                text=text,
                published=article.published,
                event_date=day or article.published,
                date_source="mention" if day else "published",
                timerefs=refs,
                source=article.source,
                url=article.url,
                title=article.title,
            )
        )
    return out
