"""Turn a `Timeline` into text for people (terminal, Markdown) or programs (JSON, tilse).

Every sentence keeps its link to the article it came from in every format, because a timeline whose
claims cannot be checked against their sources is not worth reading. Only web addresses (`web_url`)
become links, written so that the format cannot read them as anything else; an article without one is
named by its id.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import textwrap
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from dateline.model import Entry, Sentence, Timeline
from dateline.text import detokenize, web_url
from dateline.tilseformat import format_tilse

EMPTY_HINT = (
    "No sentence of the stored articles matched this query and date range. Try fewer or different "
    "query words, a wider --from/--to range, or ingest more articles (dateline ingest PATH --db FILE)."
)


def render(timeline: Timeline, fmt: str, explain: bool = False) -> str:
    """`timeline` as `fmt`: text (terminal), md, json or tilse. With `explain`, text and md say under
    each date why it was picked (JSON always carries it, in each entry's `explain`)."""
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    if explain and fmt in ("text", "md"):
        return (render_text if fmt == "text" else render_md)(timeline, explain=True)
    return formatter(timeline)


def render_text(timeline: Timeline, width: int | None = None, explain: bool = False) -> str:
    """A terminal view: a header, each date as a heading, each sentence a wrapped bullet and, under it,
    where it came from (outlet, publication date, then the URL or, without one, the article id). Wraps to the terminal width (60..100 columns) unless `width` is given."""
    if width is None:
        width = max(60, min(100, shutil.get_terminal_size((88, 24)).columns))
    title = f'Timeline: "{timeline.query}"'
    n = len(timeline.entries)
    lines = [title, f"{n} date{'s' if n != 1 else ''} · method: {timeline.method}", "=" * min(width, 60)]
    if not timeline.entries:
        lines += ["", *textwrap.wrap(EMPTY_HINT, width)]
    for entry in timeline.entries:
        lines += ["", f"{entry.date.isoformat()} ({entry.date:%A})"]
        if explain and entry.evidence is not None:
            lines += _wrap("why: " + entry.evidence.plain(), width, "  ", "  ")
        for i, s in enumerate(entry.sentences):
            lines += _wrap(detokenize(s.text), width, "  • ", "    ")
            lines += _wrap(_provenance(s) + _also(entry.copies_of(i)), width, "    — ", "      ")
            if web_url(s.url):  # on a line of its own, where a terminal can open it
                lines.append(f"      {_one_line(s.url)}")
    return "\n".join(lines) + "\n"


def render_md(timeline: Timeline, explain: bool = False) -> str:
    """Markdown: `## YYYY-MM-DD` per date, one bullet per sentence ending in a link to its article (or
    its id when the article has no web address): ``- Text. ([BBC](https://...), 2010-01-13)`` or
    ``- Text. (BBC, 2010-01-13; article haiti/2)``; the other outlets that carry the same sentence follow,
    each after "; also "."""
    lines = [f"# Timeline: {_md_escape(timeline.query)}", "", f"*Method: {timeline.method}*"]
    if not timeline.entries:
        lines += ["", EMPTY_HINT]
    for entry in timeline.entries:
        lines += ["", f"## {entry.date.isoformat()}", ""]
        if explain and entry.evidence is not None:
            lines += [f"*Why: {_md_escape(entry.evidence.plain())}*", ""]
        for i, s in enumerate(entry.sentences):
            cites = "; also ".join(_md_cite(c) for c in (s, *entry.copies_of(i)))
            lines.append(f"- {_md_escape(detokenize(s.text))} ({cites})")
    return "\n".join(lines) + "\n"


def render_json(timeline: Timeline) -> str:
    """The JSON shape of issue 2, plus each sentence's `source`; sentence text exactly as stored."""
    doc = {
        "query": timeline.query,
        "method": timeline.method,
        "entries": [_json_entry(e) for e in timeline.entries],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _json_entry(e: Entry) -> dict[str, Any]:
    """An entry; a sentence other outlets carry too lists them in `also`; `explain` when known."""
    out: dict[str, Any] = {"date": e.date.isoformat(), "sentences": []}
    for i, s in enumerate(e.sentences):
        out["sentences"].append(_json_sentence(s))
        if e.copies_of(i):
            out["sentences"][-1]["also"] = [
                {k: v for k, v in _json_sentence(c).items() if k != "text"} for c in e.copies_of(i)]
    if e.evidence is not None:
        out["explain"] = {**dataclasses.asdict(e.evidence), "cues": list(e.evidence.cues),
                          "text": e.evidence.plain()}
    return out


def _json_sentence(s: Sentence) -> dict[str, Any]:
    return {
        "text": s.text,
        "article_id": s.article_id,
        "url": web_url(s.url) or "",
        "published": s.published.isoformat(),
        "source": s.source,
    }


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    # Words stay whole: "Port-au-Prince" is not split at its hyphens, and a URL stays clickable.
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    )


def _also(copies: tuple[Sentence, ...]) -> str:
    """The other outlets that carry a sentence: " · also in BBC, CNN"."""
    return " · also in " + _one_line(", ".join(c.source or c.article_id for c in copies)) if copies else ""


def _md_cite(s: Sentence) -> str:
    """``[BBC](https://...), 2010-01-13``, or ``BBC, 2010-01-13; article haiti/2`` without a web address."""
    label = _md_escape(s.source or "source")
    day = s.published.isoformat()
    url = web_url(s.url)
    return f"[{label}]({_md_url(url)}), {day}" if url else f"{label}, {day}; article {_md_escape(s.article_id)}"


def _provenance(s: Sentence) -> str:
    parts = [s.source, f"published {s.published}", "" if web_url(s.url) else f"article {s.article_id}"]
    return _one_line(" · ".join(p for p in parts if p))


def _one_line(text: str) -> str:
    return " ".join(text.split())


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>"})


def _md_escape(text: str) -> str:
    """Escape what Markdown would otherwise read as markup (emphasis, code, links, HTML), on one line (a
    line break would end the bullet)."""
    return _one_line(text).translate(_MD_SPECIAL)


# Characters a URL keeps in a Markdown link; the rest (space, brackets, parentheses, quotes, `<>`,
# backslash, backtick, non-ASCII) are percent-encoded, so the link cannot end early, let a second link
# or raw HTML in, or stop being a link.
_MD_URL_SAFE = "-._~:/?#@!$&'*+,;=%"


def _md_url(url: str) -> str:
    return quote(url, safe=_MD_URL_SAFE, errors="replace")


FORMATS: dict[str, Callable[[Timeline], str]] = {
    "text": render_text,
    "md": render_md,
    "json": render_json,
    "tilse": format_tilse,
}
