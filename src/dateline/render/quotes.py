"""Quotations for people: grouped by day and by speaker, as text, Markdown or JSON.

Used by `dateline quotes`, `/api/quotes`, the quotes under each timeline entry (`dateline timeline
--quotes`) and a speaker's own timeline (`dateline quotes --speaker NAME --by month`, the web's speaker
page). A day is the day the article was published: reported speech carries no date of its own more often
than not, and the publication day is when it was news. A month groups those days.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Iterable
from typing import Any

from dateline.annotate.quotes import PRONOUN_SPEAKERS, speaker_key
from dateline.model import QuoteRecord, Timeline

__all__ = [
    "PERIODS", "QUOTE_FORMATS", "UNATTRIBUTED", "by_day_and_speaker", "is_named", "by_period_and_speaker", "period_label", "quote_json", "render_quotes", "speaker_names", "timeline_quotes_json",
    "timeline_quotes_text",
]

QUOTE_FORMATS = ("text", "md", "json")
PERIODS = ("day", "month")
UNATTRIBUTED = "(unattributed)"


def is_named(who: str) -> bool:
    """Whether a shown speaker is someone to filter by or follow: not "(unattributed)", not a pronoun
    the article left unresolved."""
    return who != UNATTRIBUTED and speaker_key(who) not in PRONOUN_SPEAKERS


def by_day_and_speaker(records: Iterable[QuoteRecord]) -> dict[dt.date, dict[str, list[QuoteRecord]]]:
    """Day -> speaker (fullest name, else as written, else "(unattributed)") -> quotes, in order."""
    return by_period_and_speaker(records, "day")


def by_period_and_speaker(records: Iterable[QuoteRecord], by: str) -> dict[dt.date, dict[str, list[QuoteRecord]]]:
    """Period (a day, or a month keyed by its first day) -> speaker -> quotes, in order."""
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; choose one of: {', '.join(PERIODS)}")
    records = list(records)
    names = speaker_names(r.quote.resolved or r.quote.speaker or UNATTRIBUTED for r in records)
    out: dict[dt.date, dict[str, list[QuoteRecord]]] = {}
    for r in records:
        who = names[r.quote.resolved or r.quote.speaker or UNATTRIBUTED]
        period = r.published if by == "day" else r.published.replace(day=1)
        out.setdefault(period, {}).setdefault(who, []).append(r)
    return out


def period_label(period: dt.date, by: str) -> str:
    """"2019-02-28" for a day, "2019-02" for a month."""
    return period.isoformat() if by == "day" else f"{period:%Y-%m}"


def speaker_names(names: Iterable[str]) -> dict[str, str]:
    """Each name -> the name to show for it. Across articles, a name that is part of exactly one longer
    name among `names` (as whole words under `speaker_key`) is that person ("Trump" -> "Donald Trump"),
    and spellings with one key are one speaker ("Kim Jong-un", "Kim Jong Un"); within an article
    `extract_quotes` has already resolved names to the fullest the article gives."""
    names = list(names)
    by_key: dict[str, str] = {}
    for name in names:
        key = speaker_key(name)
        if len(name) > len(by_key.get(key, "")):
            by_key[key] = name
    shown = {}
    for key, name in by_key.items():
        longer = [k for k in by_key if k != key and f" {key} " in f" {k} "] if key else []
        shown[key] = by_key[longer[0]] if len(longer) == 1 else name
    return {name: shown[speaker_key(name)] for name in names}


def quote_json(r: QuoteRecord) -> dict[str, Any]:
    q = r.quote
    return {
        "text": q.text, "kind": q.kind, "speaker": q.speaker, "resolved": q.resolved, "cue": q.cue,
        "start": q.start, "end": q.end, "article_id": r.article_id, "published": r.published.isoformat(),
        "source": r.source, "url": r.url,
    }


def _groups_json(groups: dict[str, list[QuoteRecord]]) -> list[dict[str, Any]]:
    return [{"speaker": who, "quotes": [quote_json(r) for r in rs]} for who, rs in groups.items()]


def render_quotes(
    records: list[QuoteRecord], fmt: str, query: str = "", speaker: str | None = None, by: str = "day"
) -> str:
    """`records` as `fmt` (text, md or json), grouped by day (or by month: a speaker's own timeline)
    and then by speaker. The JSON lists `days` (each with its `date`) or `months` (each with its
    `month`)."""
    periods = by_period_and_speaker(records, by)
    if fmt == "json":
        body = {
            "query": query, "speaker": speaker, "count": len(records),
            f"{by}s": [{"date" if by == "day" else by: period_label(p, by), "speakers": _groups_json(groups)}
                       for p, groups in periods.items()],
        }
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    if fmt not in QUOTE_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(QUOTE_FORMATS)}")
    title = f'Quotes: "{query}"' + (f" by {speaker}" if speaker else "")
    lines = [f"# {title}" if fmt == "md" else title, f"{len(records)} quotes in {len(periods)} {by}s", ""]
    for period, groups in periods.items():
        lines.append(f"## {period_label(period, by)}" if fmt == "md" else period_label(period, by))
        lines += _speaker_lines(groups, fmt, indent="  " if fmt == "text" else "", dated=by != "day")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _speaker_lines(groups: dict[str, list[QuoteRecord]], fmt: str, indent: str, dated: bool = False) -> list[str]:
    lines = []
    for who, rs in groups.items():
        lines.append(f"{indent}**{who}**" if fmt == "md" else f"{indent}{who}")
        for r in rs:
            q = r.quote
            said = f"“{q.text}”" if q.kind == "direct" else f"(reported) {q.text}"
            where = f"{q.cue or 'continues'} · {r.source or r.article_id}" + (f" · {r.published.isoformat()}" if dated else "")
            if fmt == "md":
                lines.append(f"{indent}- {said} — {where}")
            else:
                lines += textwrap.wrap(f"• {said} — {where}", 96, initial_indent=indent + "  ",
                                       subsequent_indent=indent + "    ")
    return lines


def timeline_quotes_json(timeline_json: str, records: list[QuoteRecord]) -> str:
    """A timeline's JSON (`render(tl, "json")`) with each entry's quotes of the day, by speaker."""
    body = json.loads(timeline_json)
    days = by_day_and_speaker(records)
    for entry in body.get("entries", []):
        entry["quotes"] = _groups_json(days.get(dt.date.fromisoformat(entry["date"]), {}))
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def timeline_quotes_text(timeline: Timeline, rendered: str, records: list[QuoteRecord], fmt: str) -> str:
    """A timeline rendered as text or Markdown, followed by the quotes of each of its dates by speaker."""
    days = by_day_and_speaker(records)
    lines = [rendered.rstrip(), "", "## Who said what on these dates" if fmt == "md" else "Who said what on these dates", ""]
    for day in timeline.dates:
        groups = days.get(day)
        if groups:
            lines.append(f"### {day.isoformat()}" if fmt == "md" else day.isoformat())
            lines += _speaker_lines(groups, fmt, indent="  " if fmt == "text" else "")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
