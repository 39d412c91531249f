"""Request parameters of the web app: parsed and bounded in one place, for the pages and the API alike.

Limits protect the server (a query of a megabyte, a timeline of ten thousand dates) and tell the user
what is allowed. Empty form fields arrive as empty strings and mean "not given", so the HTML form and a
hand-written API call are read by the same rules.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from dateline.model import Query
from dateline.store import MIN_PREFIX
from dateline.text import MAX_TERMS, clean_topic
from dateline.timeline import DEFAULT_METHOD, method_names, not_installed

MAX_QUERY_CHARS = 200
MAX_DATES = 100
MAX_SENTENCES = 10
MAX_SEARCH_RESULTS = 100
MAX_QUOTES = 1000


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


class _Span(BaseModel):
    """The from/to dates of a request: blank is none, and from must not be after to."""

    start: dt.date | None = Field(None, alias="from", description="first publication date, YYYY-MM-DD")
    end: dt.date | None = Field(None, alias="to", description="last publication date, YYYY-MM-DD")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _parse_date(cls, value: Any) -> Any:
        value = _blank_is_none(value)
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD") from None

    @model_validator(mode="after")
    def _ordered_span(self) -> _Span:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"from ({self.start}) is after to ({self.end}); swap them")
        return self


class TimelineParams(_Span):
    """What `/timeline` and `/api/timeline` accept; `query` is the normalised form the cache is keyed by."""

    q: str = Field(
        description=f"the topic, e.g. `oil spill` (1 to {MAX_QUERY_CHARS} characters; the first {MAX_TERMS} "
        f"words of two or more characters are used, words of {MIN_PREFIX} or more also as word beginnings)",
        examples=["oil spill"],
    )
    dates: int | None = Field(
        None, ge=1, le=MAX_DATES, description="number of dates (default: chosen from the corpus span)"
    )
    sentences: int | None = Field(None, ge=1, le=MAX_SENTENCES, description="sentences per date")
    method: str = Field(DEFAULT_METHOD, description="timeline method; `/api/stats` lists the methods this "
                        "installation can run, and what to install for the others")
    since: int | None = Field(None, ge=0, description="the store's `revision` when the reader last looked "
                              "(`store.revision` of an earlier answer): entries quoting articles stored "
                              "after it are marked `new`")

    @field_validator("q", mode="before")
    @classmethod
    def _clean_query(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = clean_topic(value)
        if len(text) > MAX_QUERY_CHARS:
            raise ValueError(f"the topic is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
        return text

    @field_validator("dates", "sentences", "since", mode="before")
    @classmethod
    def _blank_number(cls, value: Any) -> Any:
        return _blank_is_none(value)

    @field_validator("method", mode="before")
    @classmethod
    def _known_method(cls, value: Any) -> Any:
        value = _blank_is_none(value) or DEFAULT_METHOD
        if value not in method_names():
            raise ValueError(f"unknown method {value!r}; choose one of: {', '.join(method_names(installed_only=True))}")
        problem = not_installed(value)
        if problem:  # a method this installation cannot run is the user's to fix (install it): 422, not 500
            raise ValueError(problem)
        return value

    @property
    def query(self) -> Query:
        return Query(self.q, self.start, self.end, self.dates, self.sentences)

    def as_query_string(self) -> dict[str, str]:
        """The parameters as they appear in a URL, for export and permalink links (without `since`,
        which only says what one reader has seen)."""
        raw = {"q": self.q, "from": self.start, "to": self.end, "dates": self.dates,
               "sentences": self.sentences, "method": self.method}
        return {k: str(v) for k, v in raw.items() if v is not None}


class SearchParams(BaseModel):
    """What `/api/search` accepts."""

    q: str = Field(min_length=1, max_length=MAX_QUERY_CHARS,
                   description=f"words to look for (the first {MAX_TERMS} of two or more characters)")
    limit: int = Field(20, ge=1, le=MAX_SEARCH_RESULTS, description="most sentences to return")

    @field_validator("q", mode="before")
    @classmethod
    def _clean_query(cls, value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value


class QuoteParams(_Span):
    """What `/api/quotes` accepts: the parameters of `dateline quotes`."""

    q: str = Field("", max_length=MAX_QUERY_CHARS, description="the topic (empty: every article)")
    speaker: str | None = Field(None, max_length=MAX_QUERY_CHARS, description="only this speaker (`Kim` finds `Kim Jong Un`)")
    kind: Literal["direct", "indirect"] | None = Field(None, description="only quotes in quotation marks, or only reported speech")
    limit: int = Field(100, ge=1, le=MAX_QUOTES, description="most quotes to return")
    by: Literal["day", "month"] = Field("day", description="group by day, or by month (with `speaker`: that "
                                        "speaker's own timeline)")

    @field_validator("q", mode="before")
    @classmethod
    def _clean_query(cls, value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("speaker", "kind", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return _blank_is_none(value)


class SpeakerParams(_Span):
    """What the speaker page (`/speaker`) accepts: whose quotes, about what, when."""

    name: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="the speaker (`Kim` finds `Kim Jong Un`)")
    q: str = Field("", max_length=MAX_QUERY_CHARS, description="only articles about this topic (empty: all)")

    @field_validator("name", "q", mode="before")
    @classmethod
    def _clean(cls, value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    def api_query_string(self) -> dict[str, str]:
        """The same quotes from `/api/quotes`, month by month."""
        raw = {"q": self.q or None, "speaker": self.name, "from": self.start, "to": self.end, "by": "month"}
        return {k: str(v) for k, v in raw.items() if v is not None}


class ParamError(BaseModel):
    param: str | None = Field(description="the parameter at fault, or null when it is their combination")
    message: str


class InvalidParameters(BaseModel):
    """The body of every 422 answer of the API."""

    error: str = Field(examples=["invalid parameters"])
    errors: list[ParamError]


class Problem(BaseModel):
    """The body of the API's other error answers (404)."""

    error: str


def describe_errors(errors: list[dict[str, Any]]) -> list[dict[str, str | None]]:
    """Pydantic's validation errors as {param, message} pairs a person can act on."""
    out = []
    for err in errors:
        loc = [p for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        out.append({"param": str(loc[0]) if loc else None, "message": message})
    return out
