"""The coverage chart: how many matching articles appeared per day (or week), with the timeline's dates.

Drawn as SVG on the server, so it shows without JavaScript, prints, and is part of the HTML a test or a
screen reader gets. Long spans are binned by week: a bar per day over two years would be a smear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

#: Spans longer than this many days are drawn as weekly bars.
DAILY_LIMIT = 120
#: Shorter spans are widened to this many days, so a single day is a bar, not the whole chart.
MIN_DAYS = 7

WIDTH = 960
HEIGHT = 200
LEFT = 40  # room for the y-axis label
BOTTOM = 22  # room for the x-axis labels
TOP = 14  # room for the date markers
TICK_ROOM = 50  # an x-axis label needs this much room to its right


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    start: dt.date
    count: int
    label: str


@dataclass(frozen=True, slots=True)
class Marker:
    x: float
    date: dt.date


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    """Geometry in SVG user units, in a WIDTH x HEIGHT viewBox; the template only draws it."""

    bars: tuple[Bar, ...]
    markers: tuple[Marker, ...]
    ticks: tuple[Tick, ...]
    binning: str  # "day" or "week"
    max_count: int
    total: int
    first: dt.date
    last: dt.date
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM


def coverage_chart(coverage: list[tuple[dt.date, int]], marked: tuple[dt.date, ...]) -> Chart | None:
    """Bars for `coverage` (articles per publication day) and a marker per date in `marked`.

    The axis spans both, since a timeline date may be a day the articles mention but no article was
    published on. None when there is nothing to draw.
    """
    days = [d for d, n in coverage if n > 0] + list(marked)
    if not days:
        return None
    first, last = min(days), max(days)
    if (short := MIN_DAYS - 1 - (last - first).days) > 0:  # a story of one or two days: show its week
        first -= dt.timedelta(days=short // 2)
        last += dt.timedelta(days=short - short // 2)
    weekly = (last - first).days + 1 > DAILY_LIMIT
    if weekly:
        first -= dt.timedelta(days=first.weekday())
        last += dt.timedelta(days=6 - last.weekday())
    span = (last - first).days + 1
    plot = WIDTH - LEFT
    per_day = plot / span

    def x_of(day: dt.date) -> float:
        return LEFT + (day - first).days * per_day

    bins: dict[dt.date, int] = {}
    for day, n in coverage:
        start = day - dt.timedelta(days=day.weekday()) if weekly else day
        bins[start] = bins.get(start, 0) + n
    max_count = max(bins.values(), default=0)
    usable = HEIGHT - BOTTOM - TOP
    bin_days = 7 if weekly else 1
    bars = []
    for start, n in sorted(bins.items()):
        if n <= 0:
            continue
        h = usable * n / max_count
        what = f"week of {start:%d %b %Y}" if weekly else f"{start:%d %b %Y}"
        bars.append(Bar(
            x=round(x_of(start) + 0.5, 2),
            y=round(HEIGHT - BOTTOM - h, 2),
            width=round(max(per_day * bin_days - 1, 1), 2),
            height=round(h, 2),
            start=start,
            count=n,
            label=f"{what}: {n} article{'s' if n != 1 else ''}",
        ))
    markers = tuple(
        Marker(x=round(x_of(d) + per_day / 2, 2), date=d) for d in sorted(set(marked))
    )
    return Chart(
        bars=tuple(bars),
        markers=markers,
        ticks=_ticks(first, last, x_of),
        binning="week" if weekly else "day",
        max_count=max_count,
        total=sum(n for _, n in coverage),
        first=first,
        last=last,
    )


def _ticks(first: dt.date, last: dt.date, x_of: Callable[[dt.date], float]) -> tuple[Tick, ...]:
    """About eight x-axis labels: at month starts over a long span, every few days over a short one."""
    months = []
    day = first.replace(day=1)
    while day <= last:
        if day >= first:
            months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    months = [m for m in months if x_of(m) <= WIDTH - TICK_ROOM]
    if len(months) >= 3:
        shown = months[:: -(-len(months) // 8)]
        return tuple(
            Tick(round(x_of(m), 2), f"{m:%b %Y}" if i == 0 or m.year != shown[i - 1].year else f"{m:%b}")
            for i, m in enumerate(shown)
        )
    span = (last - first).days + 1
    step = max(1, -(-span // 8))
    days = [first + dt.timedelta(days=k) for k in range(0, span, step)]
    return tuple(
        Tick(round(x_of(d), 2), f"{d.day} {d:%b}" + (f" {d:%Y}" if i == 0 else ""))
        for i, d in enumerate(d for d in days if x_of(d) <= WIDTH - TICK_ROOM)
    )
