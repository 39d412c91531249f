"""The demo corpus: a small news story that we wrote ourselves and that is entirely fiction.

`dateline demo` needs articles that a new user has without downloading anything, that we may ship, and
whose right answer we know. So the project writes its own: about 110 articles from five made-up outlets,
February to June 2024, about the failure of the (fictional) Sennick Dam above the (fictional) city of
Marrowick, plus unrelated local news as noise. Seven key events are planted on known dates
(`KEY_EVENTS`); the articles published on and after them refer to them the way real news does
("yesterday", "on Saturday", "two days ago", "on March 9"), so a timeline method that counts date mentions
and publication bursts should find exactly those dates, and a test checks that it does.

The prose lives in `demo_corpus/sennick_dam.txt` (its header describes the format). This module turns it
into articles: it picks which outlet publishes what, mixes each event's details, quotes and background
paragraphs, and resolves every date placeholder against the article's own publication date. A seeded
RNG and a fixed calendar make the output identical on every run and machine.

Every article is marked as fiction: its outlet is invented and its text ends with `FICTION_NOTICE`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from dateline.model import Article

__all__ = ["DEMO_QUERY", "FICTION_NOTICE", "KEY_EVENTS", "OUTLETS", "demo_articles", "write_demo_corpus"]

#: The topic a user would type to get the story's timeline.
DEMO_QUERY = "Sennick Dam"

#: The last paragraph of every demo article, so no excerpt of the corpus can be mistaken for real news.
FICTION_NOTICE = (
    "(Fictional article from the Dateline demo corpus. The places, people and outlets in it are invented.)"
)

#: Name of the JSONL file `write_demo_corpus` writes.
CORPUS_FILE = "dateline-demo-fictional.jsonl"

_SEED = 20240309
_STORY = files("dateline") / "demo_corpus" / "sennick_dam.txt"
_URL = "https://demo.dateline.invalid"
_WIRE_CITY = "MARROWICK"


@dataclass(frozen=True, slots=True)
class Outlet:
    """A made-up news outlet: `name` is the article's source, `cited` how its reporters are quoted to."""

    name: str
    slug: str
    cited: str
    wire: bool = False


OUTLETS: tuple[Outlet, ...] = (
    Outlet("The Marrowick Ledger", "marrowick-ledger", "the Ledger"),
    Outlet("Ellant Valley Courier", "ellant-courier", "the Courier"),
    Outlet("Caldmoor Evening Post", "caldmoor-post", "the Evening Post"),
    Outlet("Northmarch Wire", "northmarch-wire", "Northmarch Wire", wire=True),
    Outlet("Radio Tessavel News", "radio-tessavel", "Radio Tessavel"),
)


@dataclass
class _Event:
    name: str
    date: dt.date
    key: bool
    label: str
    pools: dict[str, list[list[str]]] = field(default_factory=dict)


@dataclass
class _Story:
    events: dict[str, _Event] = field(default_factory=dict)
    singles: dict[str, list[list[str]]] = field(default_factory=lambda: {"routine": [], "noise": []})

    @property
    def key_events(self) -> list[_Event]:
        return sorted((e for e in self.events.values() if e.key), key=lambda e: e.date)


_DATED = re.compile(r"\d{4}-\d{2}-\d{2} ")
_POOLS = ("same", "followup", "detail", "quote", "recap")


def _parse_story(text: str) -> _Story:
    """Read the story file: events with their pools of prose, then the single routine and noise pieces."""
    story = _Story()
    entries: list[list[str]] | None = None
    event: _Event | None = None
    entry: list[str] = []

    def close_entry() -> None:
        if entry:
            if entries is None:
                raise ValueError(f"{_STORY}: text outside a section: {entry[0]!r}")
            entries.append(entry.copy())
        entry.clear()

    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#"):
            continue
        if not line.startswith("@"):
            # A single piece runs from one dated title line to the next; elsewhere a blank line ends an entry.
            if _DATED.match(line) if event is None else not line:
                close_entry()
            if line:
                entry.append(line)
            continue
        close_entry()
        directive, _, rest = line[1:].partition(" ")
        if directive == "event":
            name, day, kind, label = rest.split(" ", 3)
            event = story.events[name] = _Event(name, dt.date.fromisoformat(day), kind == "key", label)
            entries = None
        elif directive in story.singles:
            event, entries = None, story.singles[directive]
        elif event is not None and directive in _POOLS:
            entries = event.pools.setdefault(directive, [])
        else:
            raise ValueError(f"{_STORY}: unexpected @{directive}")
    close_entry()
    return story


_STORY_DATA = _parse_story(_STORY.read_text(encoding="utf-8"))

#: The planted key events: the dates a good timeline of `DEMO_QUERY` must contain, with a short label.
KEY_EVENTS: dict[dt.date, str] = {e.date: e.label for e in _STORY_DATA.key_events}

_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six")
# Spelled out rather than taken from strftime, whose names follow the machine's locale.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _month_day(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}"


def _when(day: dt.date, published: dt.date, rng: random.Random) -> str:
    """An adverbial phrase for `day` as a reporter writing on `published` would put it."""
    weekday, month_day = _WEEKDAYS[day.weekday()], _month_day(day)
    ago = (published - day).days
    if ago < 0:
        options = [f"on {month_day}", f"on {weekday}, {month_day}"]
    elif ago == 0:
        options = [f"on {weekday}", f"on {weekday}", "today"]
    elif ago == 1:
        options = ["yesterday", f"on {weekday}"]
    elif ago == 2:
        options = ["two days ago", f"on {weekday}", f"on {month_day}"]
    elif ago < 7:
        options = [f"on {weekday}", f"last {weekday}", f"{_NUMBERS[ago]} days ago", f"on {month_day}"]
    else:
        options = [f"on {month_day}", f"on {month_day}", f"on {weekday}, {month_day}"]
    return rng.choice(options)


def _of(day: dt.date, published: dt.date, rng: random.Random) -> str:
    """A determiner phrase for `day` before a noun: "Saturday's collapse", "the March 9 collapse"."""
    weekday = _WEEKDAYS[day.weekday()]
    ago = (published - day).days
    if ago == 0:
        options = ["today's", f"{weekday}'s"]
    elif ago == 1:
        options = ["yesterday's", f"{weekday}'s"]
    elif 1 < ago < 7:
        options = [f"{weekday}'s", f"last {weekday}'s"]
    else:
        options = [f"the {_month_day(day)}"]
    return rng.choice(options)


def _month(day: dt.date, published: dt.date, rng: random.Random) -> str:
    """A month-level phrase ("earlier this month"); within a week a reporter would name the day instead."""
    ago = (published - day).days
    if ago < 7:
        return _when(day, published, rng)
    months_ago = (published.year - day.year) * 12 + published.month - day.month
    if months_ago == 0:
        return "earlier this month"
    if months_ago == 1:
        return rng.choice(["last month", f"in {_MONTHS[day.month - 1]}"])
    return f"in {_MONTHS[day.month - 1]}"


_PHRASES = {"when": _when, "of": _of, "month": _month}
_PLACEHOLDER = re.compile(r"\{(?:(when|of|month):([\w-]+)|paper)\}", re.IGNORECASE)


def _resolve(paragraph: str, published: dt.date, outlet: Outlet, rng: random.Random) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return outlet.cited
        phrase = _PHRASES[m.group(1).lower()](_STORY_DATA.events[m.group(2)].date, published, rng)
        return phrase[0].upper() + phrase[1:] if m.group(1)[0].isupper() else phrase

    return _PLACEHOLDER.sub(sub, paragraph)


@dataclass
class _Draft:
    published: dt.date
    outlet: Outlet
    title: str
    paragraphs: list[str]
    story: bool = True  # part of the dam story, so a wire report carries a Marrowick dateline


def _background(story: _Story, published: dt.date, about: _Event | None, rng: random.Random) -> list[str]:
    """One paragraph recalling earlier key events: the latest before `published`, and one more.

    This is how later articles keep mentioning earlier dates, which is the evidence a timeline method
    counts. The second event is drawn in proportion to its own coverage, as a big event is recalled
    more often than a small one.
    """
    earlier = [e for e in story.key_events if e.date < published and e is not about]
    if not earlier:
        return []
    chosen = {earlier[-1].name: earlier[-1]}
    if len(earlier) > 1:
        weights = [len(e.pools["same"]) + len(e.pools["followup"]) for e in earlier[:-1]]
        other = rng.choices(earlier[:-1], weights)[0]
        chosen[other.name] = other
    recaps = [rng.choice(e.pools["recap"])[0] for e in sorted(chosen.values(), key=lambda e: e.date)]
    return [" ".join(recaps)]


def _event_body(story: _Story, event: _Event, lede: list[str], published: dt.date, rng: random.Random) -> list[str]:
    """A news article on `event`: lede, two details, one or two quotes, then background."""
    details = [d[0] for d in rng.sample(event.pools["detail"], 2)]
    quotes = [q[0] for q in rng.sample(event.pools["quote"], rng.choice([1, 2]))]
    middle = details + quotes
    rng.shuffle(middle)
    return lede + middle + _background(story, published, event, rng)


def _drafts(story: _Story, rng: random.Random) -> list[_Draft]:
    drafts: list[_Draft] = []
    for event in story.key_events:
        same_day = event.pools["same"]
        for (title, *lede), outlet in zip(same_day, rng.sample(OUTLETS, len(same_day))):
            body = _event_body(story, event, lede, event.date, rng)
            drafts.append(_Draft(event.date, outlet, title, body))
        for title_line, *lede in event.pools["followup"]:
            offset, title = title_line.split(" ", 1)
            published = event.date + dt.timedelta(days=int(offset))
            body = _event_body(story, event, lede, published, rng)
            drafts.append(_Draft(published, rng.choice(OUTLETS), title, body))
    for kind, pieces in story.singles.items():
        for title_line, *body in pieces:
            day, title = title_line.split(" ", 1)
            published = dt.date.fromisoformat(day)
            if kind == "routine":
                body = body + _background(story, published, None, rng)
            drafts.append(_Draft(published, rng.choice(OUTLETS), title, body, story=kind == "routine"))
    return drafts


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def demo_articles() -> list[Article]:
    """The demo corpus in publication order; the same articles, byte for byte, on every call."""
    rng = random.Random(_SEED)
    drafts = sorted(_drafts(_STORY_DATA, rng), key=lambda d: (d.published, d.outlet.name, d.title))
    articles = []
    for number, d in enumerate(drafts, 1):
        paragraphs = [_resolve(p, d.published, d.outlet, rng) for p in d.paragraphs]
        if d.outlet.wire and d.story:
            paragraphs[0] = f"{_WIRE_CITY}, {_month_day(d.published)} ({d.outlet.name}) - {paragraphs[0]}"
        articles.append(
            Article(
                id=f"demo-{number:03d}",
                url=f"{_URL}/{d.outlet.slug}/{d.published:%Y/%m/%d}/{_slug(d.title)}",
                source=d.outlet.name,
                published=d.published,
                title=d.title,
                text="\n\n".join([*paragraphs, FICTION_NOTICE]),
            )
        )
    return articles


def write_demo_corpus(directory: Path) -> Path:
    """Write the demo corpus as JSONL into `directory` and return the file's path (what `ingest` reads)."""
    path = Path(directory) / CORPUS_FILE
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for a in demo_articles():
            record = {
                "id": a.id,
                "url": a.url,
                "published": a.published.isoformat(),
                "title": a.title,
                "text": a.text,
                "source": a.source,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
