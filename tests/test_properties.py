"""Property-based tests (Hypothesis) of the layers that meet hostile input: the readers, the splitter, the
tagger, the store and the API parameters, on arbitrary Unicode (lone surrogates, NUL, RTL marks,
combining characters, odd line breaks) and arbitrary dates in the accepted range.

The properties: no exception escapes; nothing valid is dropped; every offset stays inside its text.
Examples are bounded and there is no deadline, so a loaded 2-core machine does not make them flake.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dateline.annotate import annotate, default_tagger, split_sentences
from dateline.model import FIRST_DAY, LAST_DAY, Article, Skipped
from dateline.sources import read
from dateline.sources.common import problem
from dateline.store import Store
from dateline.store.ingest import ingest_paths
from dateline.store.writes import content_hash
from dateline.text import web_url
from dateline.web import create_app
from dateline.web.params import SearchParams, TimelineParams
from dateline.web.server import background_server

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
SLOW = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], database=None)

# Pieces that exercise the rules: stops and runs of them, abbreviations, dates, quotes, line breaks,
# and the characters hostile input brings.
PIECES = [
    ".", "...", "?!", "…", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u2028", "\x85", "\x0c", "\x00", "\u200f",
    "\u202e", "\u0301", "\ufeff", "\ud800", "\udfff", "\U0001f600", "Mr.", "U.S.", "a.m.", "Jan.", "No. 5",
    "2010", "March 3, 2010", "yesterday", "next week", "the next day", "Monday", "3:15 pm", "1990s", "''",
    "``", "-RRB-", "(AP) --", "\"", "\u201d", "*", "|", "The", "he said", "Port-au-Prince", "12/01/2010",
]
CHAR = st.one_of(st.characters(), st.characters(categories=["Cs"]))
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(CHAR, max_size=6)), max_size=40).map("".join)
DAYS = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
ANY_DAY = st.dates()
SHORT = st.text(CHAR, max_size=20)


def words(text: str) -> list[str]:
    return re.findall(r"\w", text)


@FAST
@given(TEXT)
def test_the_splitter_keeps_every_word_character_in_order(text: str) -> None:
    sentences = split_sentences(text)
    assert all(s and s == s.strip() and re.search(r"\w", s) for s in sentences)
    assert words("".join(sentences)) == words(text)  # pieces without a word character are all it drops


@FAST
@given(TEXT, ANY_DAY)
def test_the_tagger_never_fails_and_offsets_stay_inside(text: str, day: dt.date) -> None:
    for ref in default_tagger().tag(text, day):
        assert 0 <= ref.start < ref.end <= len(text) and text[ref.start : ref.end] == ref.text


@FAST
@given(TEXT, DAYS)
def test_annotation_places_every_sentence_in_range(text: str, day: dt.date) -> None:
    sentences = annotate(Article("x", "", "", day, "", text))
    assert [s.text for s in sentences] == split_sentences(text)
    for s in sentences:
        assert FIRST_DAY <= s.event_date <= LAST_DAY
        for ref in s.timerefs:
            assert 0 <= ref.start < ref.end <= len(s.text) and s.text[ref.start : ref.end] == ref.text


RECORD = st.fixed_dictionaries(
    {"id": SHORT, "published": st.one_of(ANY_DAY.map(dt.date.isoformat), SHORT), "text": TEXT},
    optional={"url": SHORT, "title": SHORT, "source": SHORT},
)
LINE = st.one_of(RECORD.map(json.dumps), RECORD.map(lambda r: json.dumps(r, ensure_ascii=False)),
                 st.text(CHAR, max_size=30).map(lambda t: json.dumps(t)[1:-1]))


def _valid(record: dict) -> bool:
    """Whether the JSONL reader must turn this record into an article."""
    if not record["id"].strip():
        return False
    try:
        day = dt.date.fromisoformat(record["published"])
    except ValueError:
        return False
    article = Article(record["id"], record.get("url", ""), record.get("source", ""), day,
                      record.get("title", ""), record["text"].strip())
    return bool(article.text) and problem(article) is None


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@SLOW
@given(st.lists(LINE, min_size=1, max_size=8))
def test_the_jsonl_reader_and_ingest_lose_no_valid_record(scratch: Path, lines: list[str]) -> None:
    path = scratch / "in.jsonl"
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    items = list(read([path]))
    assert all(isinstance(i, (Article, Skipped)) for i in items)
    records = []
    for line in data.split(b"\n"):
        try:
            obj = json.loads(line)
        except ValueError:
            obj = None
        records.append(obj if isinstance(obj, dict) else None)
    expected = sum(1 for r in records if r and isinstance(r.get("id"), str) and isinstance(r.get("text"), str)
                   and isinstance(r.get("published"), str) and all(isinstance(r.get(k, ""), str)
                                                                   for k in ("url", "title", "source"))
                   and _valid(r))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == expected
    db = scratch / "s.db"
    db.unlink(missing_ok=True)
    report = ingest_paths([path], db)
    assert report.added + report.duplicates == len(articles)
    with Store(db, readonly=True) as store:
        for i, a in enumerate(articles):
            mine, stored = replace(a, url=web_url(a.url) or ""), store.article(a.id)
            if stored == mine:
                assert store.sentences(a.id) == annotate(mine)
            else:  # a duplicate: an earlier record with its id, or its text up to white space, is stored
                assert any((b.id == a.id and stored is not None) or (content_hash(b.text) == content_hash(a.text)
                                                                    and store.article(b.id) is not None)
                           for b in articles[:i])


@SLOW
@given(st.binary(max_size=200), st.sampled_from(["a.txt", "b.jsonl", "c.jsonl.gz", "d"]))
def test_any_file_reads_as_records_or_reasons(scratch: Path, data: bytes, name: str) -> None:
    path = scratch / name
    path.write_bytes(data)
    items = list(read([path]))
    assert items or not data.strip()  # only a file of white space holds no record to report
    assert all(isinstance(i, Skipped) or (isinstance(i, Article) and problem(i) is None) for i in items)


PARAM = st.one_of(st.none(), SHORT, st.integers(-5, 200).map(str), ANY_DAY.map(dt.date.isoformat))


@FAST
@given(st.dictionaries(st.sampled_from(["q", "from", "to", "dates", "sentences", "method", "limit"]), PARAM))
def test_parameters_validate_or_say_why(raw: dict) -> None:
    given_params = {k: v for k, v in raw.items() if v is not None}
    for model in (TimelineParams, SearchParams):
        try:
            model.model_validate(given_params)
        except ValidationError as e:
            assert e.errors()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    folder = tmp_path_factory.mktemp("props")
    corpus = folder / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "published": f"2021-03-0{1 + i % 9}",
                                          "text": f"The harbour fire {i} spread on Monday. Crews came."}) + "\n"
                              for i in range(20)), encoding="utf-8")
    db = folder / "s.db"
    ingest_paths([corpus], db)
    app = create_app(db, workers=0)
    with background_server(app) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client
    app.state.corpus.close()


QUERY = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@SLOW
@given(QUERY, PARAM, PARAM, st.sampled_from(["json", "md", "tilse", "text", "timelinejs", "html", ""]))
def test_the_api_answers_every_query_without_failing(api: httpx.Client, q: str, start: str | None,
                                                     dates: str | None, fmt: str) -> None:
    params = {"q": q, "format": fmt, **({"from": start} if start is not None else {}),
              **({"dates": dates} if dates is not None else {})}
    for path in ("/api/timeline", "/api/search", "/timeline"):
        answer = api.get(path, params=params)
        assert answer.status_code in (200, 422), (path, params, answer.text[:300])
