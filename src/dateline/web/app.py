"""The ASGI app behind `dateline serve`: HTML pages and a JSON API over one read-only store.

Pages are rendered on the server with Jinja2 (autoescaping on: news text is full of `<`, `&` and
quotes, and sometimes markup) and need no JavaScript; the coverage chart is inline SVG. Everything the
pages and the /docs page load is served by the app itself, so it works with no network.

A store can grow while it is served (`dateline watch` or an ingest writing to it). A timeline page says
when the store last changed and carries the store's revision; one small script (static/live.js) asks
`/api/changes` now and then and, when articles were added, offers "updated: reload", to the same page
with ``since=`` that revision, which marks the dates quoting articles stored since. Without the script
the reload link is there all the same. The JSON API says the same: `/api/changes` and `/api/stats` give
the revision and the time of the last change, every timeline answer names its revision in the
``X-Dateline-Revision`` header, and a timeline asked for with ``since`` has ``store`` (revision, last
change, articles added) and says of each entry whether it is ``new``; without ``since`` it is exactly
the CLI's JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline import __version__
from dateline.model import Article, Sentence, Timeline
from dateline.model import Query as ModelQuery
from dateline.render import render
from dateline.annotate.quotes import speaker_matches
from dateline.render.quotes import by_day_and_speaker, by_period_and_speaker, is_named, render_quotes
from dateline.render.timelinejs import render_timelinejs
from dateline.text import detokenize, web_url
from dateline.timeline import DEFAULT_METHOD, method_names, not_installed
from dateline.web.chart import coverage_chart
from dateline.web.params import (
    MAX_DATES,
    MAX_QUERY_CHARS,
    MAX_SENTENCES,
    InvalidParameters,
    Problem,
    MAX_QUOTES,
    QuoteParams,
    SearchParams,
    SpeakerParams,
    TimelineParams,
    describe_errors,
)
from dateline.web.service import BUILD_WORKERS, CACHE_SIZE, Changes, Corpus, Source

HERE = Path(__file__).parent

#: Our own pages run no inline script or style, so the browser may refuse any: a second line of
#: defence should escaping ever miss a piece of article text.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

INVALID: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid parameters; `errors` says which and why.", "model": InvalidParameters}
}

ExportFormat = Literal["json", "md", "tilse", "text", "timelinejs"]
_MEDIA = {
    "json": "application/json",
    "timelinejs": "application/json",
    "md": "text/markdown; charset=utf-8",
    "tilse": "text/plain; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
_SUFFIX = {"json": "json", "timelinejs": "timelinejs.json", "md": "md", "tilse": "tilse.txt", "text": "txt"}

#: How often an open timeline page asks whether the store changed.
POLL_SECONDS = 15.0


def create_app(
    db: Source, cache_size: int = CACHE_SIZE, workers: int = BUILD_WORKERS, poll_seconds: float = POLL_SECONDS
) -> FastAPI:
    """The web app over the store `db` (a SQLite file, or a `ParquetReader` of the columnar store), opened
    read-only; `cache_size` timelines are kept in memory and
    built by `workers` processes (0: in the server's process); an open timeline page asks every
    `poll_seconds` whether the store changed. `app.state.corpus.close()` stops the workers; the server's
    shutdown does it."""
    corpus = Corpus(db, cache_size, workers=workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        corpus.close()

    method_names()  # load the methods (and scikit-learn, seconds) now, not in the first reader's request
    app = FastAPIOffline(
        title="Dateline",
        description="Timelines from dated news articles. Every sentence links to the article it was taken "
        "from. The store is read-only through this API.",
        version=__version__,
        static_url="/static/docs",
        lifespan=lifespan,
    )
    app.state.corpus = corpus
    app.add_middleware(_NoSniff)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(env=_environment())

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(
            request, name, {"methods": method_names(installed_only=True), **context}, status_code=status,
            headers=PAGE_HEADERS,
        )

    # ------------------------------------ errors: JSON for /api, pages else (plain functions: Starlette runs
    # them in its thread pool, which matters since they read the store)
    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = describe_errors(list(exc.errors()))
        if _wants_json(request):
            return JSONResponse({"error": "invalid parameters", "errors": errors}, status_code=422)
        if request.url.path == "/timeline":  # show the form again, filled in, with what to fix
            return page(request, "home.html", _home_context(corpus, dict(request.query_params), errors), 422)
        message = "; ".join(e["message"] for e in errors)
        return page(request, "error.html", {"status": 422, "message": message}, 422)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return page(request, "error.html", {"status": exc.status_code, "message": exc.detail}, exc.status_code)

    @app.exception_handler(Exception)
    def crash(request: Request, exc: Exception) -> Response:
        # The reader gets an answer in the shape they asked for. Uvicorn still logs the traceback, then
        # drops the connection, so the answer says so ("Connection: close") lest a client reuse it.
        message = "the server failed on this request; the log has the details"
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=500,
                                headers={"Connection": "close", "X-Content-Type-Options": "nosniff"})
        response = page(request, "error.html", {"status": 500, "message": message}, 500)
        response.headers["Connection"] = "close"
        return response

    # ---------------------------------------------------------------- pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        return page(request, "home.html", _home_context(corpus, {}, []))

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(
        request: Request,
        params: Annotated[TimelineParams, Query()],
        speaker: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    ) -> HTMLResponse:
        changes = corpus.changes(params.since)  # before the build: a change during it is reported, not missed
        tl, _ = corpus.timeline(params.query, params.method)
        coverage = corpus.coverage(params.query)
        qs = params.as_query_string()
        exports = [
            (label, f"/api/timeline?{urlencode({**qs, 'format': fmt})}", _filename(params.q, fmt))
            for label, fmt in (("JSON", "json"), ("Markdown", "md"), ("tilse", "tilse"),
                               ("TimelineJS3", "timelinejs"))
        ]
        said = by_day_and_speaker(corpus.quotes(params.query, days=tl.dates))
        return page(request, "timeline.html", {
            "params": params,
            "form": qs,
            "timeline": tl,
            "speaker": " ".join(speaker.split()),
            "speakers": _speakers_of(said),
            "said": _only_speaker(said, speaker),
            "chart": coverage_chart(coverage, tl.dates),
            "matching": sum(n for _, n in coverage),
            "exports": exports,
            "stats": corpus.stats(),
            "changes": changes,
            "new_dates": _new_dates(corpus, tl, params.since),
            "reload": "/timeline?" + urlencode({**qs, **({"speaker": speaker} if speaker else {}),
                                                 "since": changes.revision}),
            "poll_ms": round(poll_seconds * 1000),
        })

    @app.get("/speaker", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(request: Request, params: Annotated[SpeakerParams, Query()]) -> HTMLResponse:
        query = ModelQuery(params.q, params.start, params.end)
        records = corpus.quotes(query, speaker=params.name, limit=MAX_QUOTES)
        return page(request, "speaker.html", {
            "params": params,
            "months": by_period_and_speaker(records, "month"),
            "count": len(records),
            "limited": len(records) == MAX_QUOTES,
            "json": "/api/quotes?" + urlencode({**params.api_query_string(), "limit": MAX_QUOTES}),
        })

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(
        request: Request, article_id: str, s: Annotated[int | None, Query(ge=0)] = None
    ) -> HTMLResponse:
        article, sentences = _article_or_404(corpus, article_id)
        return page(request, "article.html", {
            "article": article,
            "paragraphs": _paragraphs(article.text, sentences),
            "picked": s,
            "picked_found": any(x.index == s for x in sentences),
            "link": web_url(article.url),
        })

    # ---------------------------------------------------------------- API
    @app.get(
        "/api/timeline",
        tags=["timelines"],
        summary="Build a timeline for a topic",
        response_class=Response,
        responses={
            200: {"description": "The timeline in the requested format; `json` is the CLI's "
                                 "`--format json` shape, `timelinejs` is TimelineJS3 JSON.",
                  "content": {m: {} for m in sorted(set(_MEDIA.values()))}},
            **INVALID,
        },
    )
    def api_timeline(
        params: Annotated[TimelineParams, Query()],
        format: Annotated[ExportFormat, Query(description="output format")] = "json",
    ) -> Response:
        changes = corpus.changes(params.since)
        tl, outcome = corpus.timeline(params.query, params.method)
        if format == "json":
            body = _timeline_json(tl, changes, _new_dates(corpus, tl, params.since))
        elif format == "timelinejs":
            body = json.dumps(render_timelinejs(tl), ensure_ascii=False)
        else:
            body = render(tl, format)
        headers = {"X-Dateline-Cache": outcome, "X-Dateline-Revision": str(changes.revision)}
        if format != "json":
            headers["Content-Disposition"] = f'inline; filename="{_filename(params.q, format)}"'
        return Response(body, media_type=_MEDIA[format], headers=headers)

    @app.get("/api/articles/{article_id:path}", tags=["articles"], summary="One article and its sentences",
             responses={404: {"description": "No article with this id.", "model": Problem}, **INVALID})
    def api_article(article_id: str) -> dict[str, Any]:
        article, sentences = _article_or_404(corpus, article_id)
        return {**_article_json(article), "sentences": [_sentence_json(s) for s in sentences]}

    @app.get("/api/search", tags=["articles"], summary="Sentences that best match some words (full-text)",
             responses=INVALID)
    def api_search(params: Annotated[SearchParams, Query()]) -> dict[str, Any]:
        hits = corpus.search(params.q, params.limit)
        return {"query": params.q, "results": [_sentence_json(s) for s in hits]}

    @app.get("/api/quotes", tags=["quotes"], summary="Who said what: quotations by day and speaker",
             responses=INVALID)
    def api_quotes(params: Annotated[QuoteParams, Query()]) -> dict[str, Any]:
        records = corpus.quotes(
            ModelQuery(params.q, params.start, params.end), speaker=params.speaker, kind=params.kind, limit=params.limit
        )
        return json.loads(render_quotes(records, "json", params.q, params.speaker, by=params.by))

    @app.get("/api/changes", tags=["corpus"], summary="Whether the store changed since a revision",
             responses=INVALID)
    def api_changes(
        since: Annotated[int | None, Query(ge=0, description="a `revision` from an earlier answer")] = None,
    ) -> dict[str, Any]:
        """The store's `revision` (it grows with every ingest that stores something) and when it last
        `changed`; given `since`, whether it was `updated` after that revision and how many articles were
        `added`. An open timeline page asks this to offer a reload."""
        return _changes_json(corpus.changes(since))

    @app.get("/api/stats", tags=["corpus"], summary="What the store holds")
    def api_stats() -> dict[str, Any]:
        st = corpus.stats()
        changes = corpus.changes()
        return {
            "articles": st.articles,
            "sentences": st.sentences,
            "sources": st.sources,
            "first": _iso(st.first),
            "last": _iso(st.last),
            "methods": method_names(installed_only=True),
            "not_installed": {name: not_installed(name) for name in method_names() if not_installed(name)},
            "limits": {"query_chars": MAX_QUERY_CHARS, "dates": MAX_DATES, "sentences": MAX_SENTENCES},
            "revision": changes.revision,
            "changed": _iso(changes.changed),
        }

    return app


def _speakers_of(said: dict[dt.date, dict[str, list[Any]]]) -> list[tuple[str, int]]:
    """The named speakers of a timeline's quotes, most quoted first: the choices of the speaker filter."""
    counts: dict[str, int] = {}
    for groups in said.values():
        for who, records in groups.items():
            if is_named(who):
                counts[who] = counts.get(who, 0) + len(records)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _only_speaker(said: dict[dt.date, dict[str, list[Any]]], speaker: str | None) -> dict[dt.date, dict[str, list[Any]]]:
    """The quote groups of the speakers `speaker` names (`speaker_matches`), on the days they spoke."""
    if not speaker:
        return said
    kept = {day: {who: rs for who, rs in groups.items() if speaker_matches(speaker, who)} for day, groups in said.items()}
    return {day: groups for day, groups in kept.items() if groups}


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template, whatever its name: article text must never become markup
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["display"] = lambda text: detokenize(" ".join(text.split()))
    env.filters["article_url"] = _article_url
    env.filters["is_named"] = is_named
    env.filters["long_date"] = lambda d: f"{d.day} {d:%B %Y}"
    env.filters["short_date"] = lambda d: f"{d.day} {d:%b %Y}"
    env.filters["moment"] = lambda t: f"{t.day} {t:%b %Y, %H:%M} UTC"
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.globals.update(
        MAX_DATES=MAX_DATES, MAX_SENTENCES=MAX_SENTENCES, MAX_QUERY_CHARS=MAX_QUERY_CHARS,
        DEFAULT_METHOD=DEFAULT_METHOD,
        FIELD_LABELS={"q": "Topic", "from": "From", "to": "To", "dates": "Dates", "sentences": "Sentences",
                      "method": "Method"},
    )
    return env


def _article_url(article_id: str, sentence: int | None = None) -> str:
    """The page of an article; ids may hold `/` (Timeline17's `haiti_bbc/2010-01-13/12`), `?` or `#`.

    A `.` or `..` between slashes is percent-encoded: a browser would resolve it (`a/../b` is `b`) and
    ask for another article's page."""
    url = "/articles/" + "/".join(
        "%2E" * len(part) if part in (".", "..") else quote(part, safe="") for part in article_id.split("/")
    )
    return url if sentence is None else f"{url}?s={sentence}#s{sentence}"


class _NoSniff:
    """`X-Content-Type-Options: nosniff` on every answer (API, exports, static files, errors), so that no
    browser takes a JSON or Markdown answer holding article text for HTML. (The 500 answer is made
    outside the middleware and sets it itself.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_nosniff(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"x-content-type-options"]
                message = {**message, "headers": [*headers, (b"x-content-type-options", b"nosniff")]}
            await send(message)

        await self.app(scope, receive, send_nosniff if scope["type"] == "http" else send)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _home_context(corpus: Corpus, form: dict[str, str], errors: list[dict[str, str | None]]) -> dict[str, Any]:
    return {"stats": corpus.stats(), "changes": corpus.changes(), "form": form, "errors": errors}


def _article_or_404(corpus: Corpus, article_id: str) -> tuple[Article, list[Sentence]]:
    found = corpus.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return found


def _paragraphs(text: str, sentences: list[Sentence]) -> list[list[Sentence]]:
    """Sentences grouped into the article's paragraphs, found by locating each sentence in the text.

    A sentence that cannot be located (the splitter normalised it) simply stays in the current paragraph.
    """
    paragraphs: list[list[Sentence]] = [[]]
    pos = 0
    for s in sentences:
        at = text.find(s.text, pos)
        if at >= 0:
            if "\n" in text[pos:at] and paragraphs[-1]:
                paragraphs.append([])
            pos = at + len(s.text)
        paragraphs[-1].append(s)
    return [p for p in paragraphs if p]


def _filename(query: str, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:60] or "timeline"
    return f"{slug}.{_SUFFIX[fmt]}"


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _new_dates(corpus: Corpus, timeline: Timeline, since: int | None) -> set[dt.date]:
    """The dates of `timeline` quoting an article (a sentence or a copy of one) stored after revision
    `since`: what is new to a reader who last looked then. None of them without `since`."""
    if since is None:
        return set()
    quoted = {e.date: {c.article_id for i, s in enumerate(e.sentences) for c in (s, *e.copies_of(i))}
              for e in timeline.entries}
    new = corpus.new_among(since, set().union(*quoted.values()))
    return {day for day, ids in quoted.items() if ids & new}


def _changes_json(changes: Changes) -> dict[str, Any]:
    out: dict[str, Any] = {"revision": changes.revision, "changed": _iso(changes.changed)}
    if changes.since is not None:
        out.update(since=changes.since, updated=changes.updated, added=changes.added)
    return out


def _timeline_json(timeline: Timeline, changes: Changes, new_dates: set[dt.date]) -> str:
    """The CLI's JSON (`render`), and given `since` the store's state and each entry's `new`."""
    if changes.since is None:
        return render(timeline, "json")
    doc = json.loads(render(timeline, "json"))
    doc["store"] = _changes_json(changes)
    for entry in doc["entries"]:
        entry["new"] = dt.date.fromisoformat(entry["date"]) in new_dates
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _article_json(a: Article) -> dict[str, Any]:
    return {"id": a.id, "url": a.url, "source": a.source, "published": a.published.isoformat(),
            "title": a.title, "language": a.language, "text": a.text}


def _sentence_json(s: Sentence) -> dict[str, Any]:
    return {
        "article_id": s.article_id,
        "index": s.index,
        "text": s.text,
        "published": s.published.isoformat(),
        "event_date": s.event_date.isoformat(),
        "date_source": s.date_source,
        "source": s.source,
        "url": s.url,
        "title": s.title,
    }

