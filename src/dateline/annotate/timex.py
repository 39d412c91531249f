"""Time expressions: find them in text and normalise them against the document creation time (DCT)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from dateline.model import TimeRef


class TimeTagger(Protocol):
    """Anything that finds time expressions in a piece of text, given the article's publication date."""

    def tag(self, text: str, dct: dt.date) -> list[TimeRef]: ...


def default_tagger() -> TimeTagger:
    """The tagger ingest uses unless told otherwise."""
    raise NotImplementedError  # filled in by the time-expression work
