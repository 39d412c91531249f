"""Per-call caches of date conversions: a batch or a query holds many sentences but few distinct dates."""

from __future__ import annotations

import datetime as dt


class IsoDates(dict[dt.date, str]):
    """date -> ISO string, each formatted once (most sentences of a batch share a few dates)."""

    def __missing__(self, day: dt.date) -> str:
        iso = self[day] = day.isoformat()
        return iso


class Dates(dict[str, dt.date]):
    """ISO date string -> date, each parsed once (a query sees few distinct dates but many sentences)."""

    def __missing__(self, iso: str) -> dt.date:
        day = self[iso] = dt.date.fromisoformat(iso)
        return day

