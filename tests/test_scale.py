"""The scale-out path: the Parquet store, ingest and queries on a real 2-worker Dask LocalCluster, faults.

The demo corpus (118 articles over five months) is ingested into a real SQLite store and into Parquet,
and every answer of the Parquet path is compared with the SQLite path's. Faults are real: a worker
process is killed with SIGKILL while it runs a batch, and a client process is killed in the middle of
an ingest and the command run again. Object storage is moto's S3 server on 127.0.0.1, started here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

pytest.importorskip("dask.distributed", reason="needs the scale extra: pip install 'dateline[scale]'")
pytest.importorskip("pyarrow", reason="needs the scale extra: pip install 'dateline[scale]'")

import pyarrow.parquet as pq  # noqa: E402

from dateline import api  # noqa: E402
from dateline.cli import main  # noqa: E402
from dateline.demo import DEMO_QUERY, write_demo_corpus  # noqa: E402
from dateline.model import Query  # noqa: E402
from dateline.scale import query as scale_query  # noqa: E402
from dateline.scale.cluster import connect  # noqa: E402
from dateline.scale.pipeline import ingest_parquet  # noqa: E402
from dateline.scale.parquet import ParquetStore  # noqa: E402
from dateline.store import Store  # noqa: E402
from dateline.timeline import DEFAULT_METHOD, get_method  # noqa: E402
from dateline.timeline.days import SentencePool  # noqa: E402
from conftest import same_answers  # noqa: E402
from dateline.web import create_app  # noqa: E402
from dateline.web.server import background_server  # noqa: E402

QUERIES = [
    Query(DEMO_QUERY),
    Query("spillway inquiry", start=dt.date(2024, 3, 20), end=dt.date(2024, 5, 31)),
    Query("evacuation"),
    Query("", start=dt.date(2024, 4, 1), end=dt.date(2024, 4, 30)),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_demo_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def sqlite_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("sqlite") / "demo.db"
    api.ingest([corpus], db)
    return db


@pytest.fixture(scope="module")
def client():
    with connect("local:2") as c:
        yield c


@pytest.fixture(scope="module")
def parquet(corpus: Path, client, tmp_path_factory: pytest.TempPathFactory) -> ParquetStore:
    store = ParquetStore(str(tmp_path_factory.mktemp("parquet") / "store"))
    report = ingest_parquet([corpus], store, client, batch_size=20)
    assert (report.read, report.added, report.duplicates, report.skipped) == (118, 118, 0, [])
    return store


@pytest.fixture(scope="module")
def s3_options():
    """moto's S3 server on 127.0.0.1, started here, with a bucket \"news\"; the options s3fs needs."""
    moto_server = pytest.importorskip("moto.server", reason="needs moto[s3] and flask (the test extra)")
    pytest.importorskip("s3fs", reason="needs the scale extra: pip install 'dateline[scale]'")
    with socket.socket() as s:  # a free port on the loopback interface only
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        options = {"key": "testing", "secret": "testing",
                   "client_kwargs": {"endpoint_url": f"http://127.0.0.1:{port}", "region_name": "us-east-1"}}
        import boto3  # moto's own dependency

        boto3.client("s3", aws_access_key_id="testing", aws_secret_access_key="testing",
                     **options["client_kwargs"]).create_bucket(Bucket="news")
        yield options
    finally:
        server.stop()


def stored_ids(store: ParquetStore) -> list[str]:
    return store.read("articles", store.parts(), ["id"]).column("id").to_pylist()


def sqlite_articles(db: Path) -> list[tuple]:
    """Every stored article with its sentences, in (published, id) order."""
    with Store(db, readonly=True) as s:
        ids = dict.fromkeys(x.article_id for x in s.candidates(Query("")))
        return [(s.article(i), s.sentences(i)) for i in ids]


def test_parquet_gives_back_the_model_objects_the_sqlite_store_holds(parquet: ParquetStore, sqlite_db: Path) -> None:
    loaded = parquet.load(parquet.parts())
    assert loaded == sqlite_articles(sqlite_db)
    # partitioned by publication month, one committed record a part
    months = {p.month for p in parquet.parts()}
    assert months == {a.published.strftime("%Y-%m") for a, _ in loaded}
    assert all(Path(parquet.url, "articles", f"month={m}").is_dir() for m in months)


def test_language_is_kept_and_parts_written_before_it_read_as_unknown(sqlite_db: Path, tmp_path: Path) -> None:
    [first, second, *_] = sqlite_articles(sqlite_db)
    store = ParquetStore(str(tmp_path / "pq"))
    old = store.write_part([first])
    path = store._file("articles", old)  # as a part written before the column existed
    pq.write_table(pq.read_table(path).drop_columns(["language"]), path)
    german = (replace(second[0], language="de"), second[1])
    store.write_part([german])
    loaded = {a.id: a.language for a, _ in store.load(store.parts())}
    assert loaded == {first[0].id: "", german[0].id: "de"}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.text or "window only")
def test_candidates_and_coverage_on_the_workers_equal_sqlite(parquet: ParquetStore, sqlite_db: Path, client,
                                                             query: Query) -> None:
    with Store(sqlite_db, readonly=True) as s:
        expected, expected_days = s.candidates(query), s.coverage(query)
    assert expected  # every query here matches something, so equality says something
    assert scale_query.candidates(parquet, query, client) == expected
    assert scale_query.coverage(parquet, query, client) == expected_days
    assert scale_query.candidates(parquet, query) == expected  # and without a cluster


def test_window_reads_only_the_months_it_covers(parquet: ParquetStore) -> None:
    parts = parquet.parts(dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    assert parts and {p.month for p in parts} == {"2024-04"}
    assert len(parts) < len(parquet.parts())


def test_same_timeline_as_sqlite_on_the_demo_corpus(parquet: ParquetStore, sqlite_db: Path, client) -> None:
    query = Query(DEMO_QUERY, dates=6, sentences=1)
    expected = api.build_timeline(query, sqlite_db)
    assert len(expected.entries) == 6
    # day by day (the mentions table), on the workers and in this process; and from every candidate
    assert api.build_timeline(query, store=parquet.url, cluster=client.scheduler.address) == expected
    assert api.build_timeline(query, store=parquet.url) == expected
    assert get_method(DEFAULT_METHOD).build(scale_query.candidates(parquet, query, client), query) == expected


def written_before(store: ParquetStore, folder: Path, table: str) -> ParquetStore:
    """A copy of `store` as code older than `table` wrote it: without the table, its count not in the
    commit records."""
    shutil.copytree(store.url, folder)
    shutil.rmtree(folder / table)
    for record in (folder / "_parts").glob("*.json"):
        fields = json.loads(record.read_text())
        del fields[table]
        record.write_text(json.dumps(fields))
    return ParquetStore(str(folder))


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.text or "window only")
def test_day_counts_from_the_mentions_table_equal_the_counts_over_every_candidate(
        parquet: ParquetStore, client, tmp_path: Path, query: Query) -> None:
    pool = SentencePool(scale_query.candidates(parquet, query))
    older = written_before(parquet, tmp_path / "old", "mentions")
    assert {p.mentions for p in older.parts()} == {-1}
    assert min(p.mentions for p in parquet.parts()) >= 0 and sum(p.mentions for p in parquet.parts()) > 0
    # on the workers from the table; in this process from parts without it (rows derived when read)
    for source in (scale_query.days(parquet, query, client), scale_query.days(older, query)):
        same_answers(source, pool, query, cap=2)  # 2: the cap binds on this small corpus


def test_rerun_adds_nothing(parquet: ParquetStore, corpus: Path, client) -> None:
    before = len(parquet.parts())
    report = ingest_parquet([corpus], parquet, client, batch_size=20)
    assert (report.read, report.added, report.duplicates) == (118, 0, 118)
    assert len(parquet.parts()) == before


def test_uncommitted_part_is_invisible_and_completed_by_a_rerun(corpus: Path, tmp_path: Path) -> None:
    store = ParquetStore(str(tmp_path / "store"))
    ingest_parquet([corpus], store, batch_size=40)
    committed = store.parts()
    lost = committed[0]
    Path(store.url, "_parts", f"{lost.name}.json").unlink()  # as if killed between data files and record
    assert lost.articles and store.article_count() == 118 - lost.articles
    report = ingest_parquet([corpus], store, batch_size=40)
    assert (report.added, report.duplicates) == (lost.articles, 118 - lost.articles)
    ids = stored_ids(store)
    assert len(ids) == len(set(ids)) == 118


def test_worker_killed_mid_ingest_every_article_stored_once(corpus: Path, tmp_path: Path, client) -> None:
    store = ParquetStore(str(tmp_path / "store"))
    result: dict = {}
    run = threading.Thread(target=lambda: result.update(report=ingest_parquet([corpus], store, client, batch_size=3)))
    run.start()
    deadline = time.monotonic() + 60
    busy: list[str] = []
    while not busy and time.monotonic() < deadline:  # a worker running a batch, after a first commit
        busy = [w for w, tasks in client.processing().items() if tasks] if store.parts() else []
        time.sleep(0.02)
    assert busy and run.is_alive(), "the ingest ended before a worker could be killed"
    pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
    os.kill(pid, signal.SIGKILL)
    run.join(120)
    assert not run.is_alive()
    report = result["report"]
    assert (report.read, report.added, report.duplicates, report.skipped) == (118, 118, 0, [])
    ids = stored_ids(store)
    assert len(ids) == len(set(ids)) == 118
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker for the tests after


_CLIENT = """
import sys
from dateline.scale.cluster import connect
from dateline.scale.pipeline import ingest_parquet
from dateline.scale.parquet import ParquetStore
if __name__ == "__main__":
    with connect("local:2") as client:
        ingest_parquet([sys.argv[1]], ParquetStore(sys.argv[2]), client, batch_size=3)
"""


def test_client_killed_rerun_completes_only_what_is_missing(corpus: Path, tmp_path: Path) -> None:
    store = ParquetStore(str(tmp_path / "store"))
    script = tmp_path / "client.py"
    script.write_text(_CLIENT)
    proc = subprocess.Popen([sys.executable, str(script), str(corpus), store.url], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while len(store.parts()) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest ended before the client could be killed"
        os.killpg(proc.pid, signal.SIGKILL)  # the client and the cluster it started
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
    done = store.article_count()
    assert 0 < done < 118
    report = ingest_parquet([corpus], store)
    assert (report.added, report.duplicates) == (118 - done, done)
    ids = stored_ids(store)
    assert len(ids) == len(set(ids)) == 118


def test_cli_store_and_cluster_give_the_sqlite_timeline(corpus: Path, sqlite_db: Path, tmp_path: Path, client,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    # the module's cluster, by its scheduler's address: what --cluster tcp://HOST:8786 does on a real one
    assert main(["ingest", str(corpus), "--store", store, "--cluster", client.scheduler.address, "--quiet"]) == 0
    assert "added 118 (" in capsys.readouterr().err
    args = ["timeline", DEMO_QUERY, "--dates", "5", "--format", "json"]
    assert main([*args, "--db", str(sqlite_db)]) == 0
    expected = capsys.readouterr().out
    assert main([*args, "--store", store]) == 0
    assert capsys.readouterr().out == expected and '"date"' in expected


def test_cli_errors_are_one_line(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, says in ((["timeline", "dam", "--cluster", "local:2"], "--cluster needs --store"),
                       (["timeline", "dam", "--store", str(tmp_path / "none")], "no articles in the store"),
                       (["ingest", str(corpus), "--store", str(tmp_path / "s"), "--cluster", "nowhere:1"],
                        "give local:N or a scheduler")):
        assert main(args) != 0
        err = capsys.readouterr().err
        assert says in err and len(err.strip().splitlines()) == 1, err


def test_s3_ingest_on_workers_and_read_back(s3_options: dict, corpus: Path, parquet: ParquetStore, client) -> None:
    """Object storage, as a user's bucket gets it: s3fs over HTTP, parts written by the worker processes
    (so the store's URL and options travel to them), commit records listed back."""
    s3 = ParquetStore("s3://news/archive", s3_options)
    local = parquet
    report = ingest_parquet([corpus], s3, client, batch_size=20)
    assert (report.added, report.skipped) == (118, [])
    assert s3.fs.ls("news/archive/_parts")  # the commit records are objects in the bucket
    assert {p.name for p in s3.parts()} == {p.name for p in local.parts()}
    assert s3.load(s3.parts()) == local.load(local.parts())
    query = Query(DEMO_QUERY)
    assert scale_query.candidates(s3, query) == scale_query.candidates(local, query)
    assert ingest_parquet([corpus], s3).duplicates == 118


WORDS = [
    "The oilfield fire spread.", "Protesters in Égypte and Cairo.", "A café reopened.", "CAFE SOCIETY returns.",
    "al-Qaeda claimed it.", "Al Jazeera said qaeda cells grew.", "The us_army base.", "Oil: prices rose 5%.",
    "Ελλάδα debt talks.", "Flu season, swine-flu cases.", "No match here.", "Bp and BP oil.",
]


@pytest.mark.parametrize("text", ["oil", "egypte cafe", "al-qaeda", "army", "ελλάδα", "swine flu", "bp", "us"])
def test_term_filter_matches_like_the_sqlite_index(text: str, tmp_path: Path) -> None:
    """ASCII texts take the vectorised path, the others the Python one: both must agree with FTS5."""
    corpus = tmp_path / "words.jsonl"
    corpus.write_text("".join(
        json.dumps({"id": f"w{i}", "url": f"https://x.invalid/{i}", "published": f"2010-0{1 + i % 3}-0{1 + i % 9}",
                    "title": "Report" if i % 2 else w.split()[-1], "text": f"{w} Second sentence, {i}."}) + "\n"
        for i, w in enumerate(WORDS)))
    api.ingest([corpus], tmp_path / "w.db")
    store = ParquetStore(str(tmp_path / "pq"))
    ingest_parquet([corpus], store)
    with Store(tmp_path / "w.db", readonly=True) as s:
        expected = s.candidates(Query(text))
    assert expected  # each query matches some article, so agreeing says something
    assert scale_query.candidates(store, Query(text)) == expected


def test_serve_store_answers_the_web_app_and_api_as_over_sqlite(parquet: ParquetStore, sqlite_db: Path) -> None:
    """The real `dateline serve --store DIR` program on 127.0.0.1, asked over HTTP, beside the same app
    over the SQLite store of the same corpus: the same counts, timelines, coverage, articles and pages."""
    cmd = [sys.executable, "-m", "dateline.cli", "serve", "--store", parquet.url, "--port", "0", "--workers", "1"]
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith(f"Serving {parquet.url} (118 articles, Parquet) at http://127.0.0.1:"), \
            (first, server.stderr.read() if server.poll() is not None else "")  # type: ignore[union-attr]
        url = first.rsplit(" at ", 1)[1].strip().rstrip("/")
        timeline = {"q": DEMO_QUERY, "dates": "6", "sentences": "2"}
        window = {"q": "spillway inquiry", "from": "2024-03-20", "to": "2024-05-31"}
        with background_server(create_app(sqlite_db, workers=0)) as expected_url:
            article = httpx.get(f"{expected_url}/api/timeline", params=timeline, timeout=60).json()[
                "entries"][0]["sentences"][0]["article_id"]
            for path, params in (("/api/timeline", timeline), ("/api/timeline", window),
                                 ("/api/timeline", {**timeline, "format": "md"}), (f"/api/articles/{article}", {})):
                got = httpx.get(f"{url}{path}", params=params, timeout=60)
                expected = httpx.get(f"{expected_url}{path}", params=params, timeout=60)
                assert got.status_code == expected.status_code == 200, (path, got.text)
                assert got.text == expected.text, path
            # the same counts and revision (articles stored); the columnar store records no commit time
            stats = httpx.get(f"{url}/api/stats", timeout=60).json()
            expected_stats = httpx.get(f"{expected_url}/api/stats", timeout=60).json()
            assert stats["changed"] is None and expected_stats["changed"] is not None
            assert {**stats, "changed": None} == {**expected_stats, "changed": None}
            page = httpx.get(f"{url}/timeline", params=timeline, timeout=60)
            expected_page = httpx.get(f"{expected_url}/timeline", params=timeline, timeout=60)
            assert page.status_code == 200
            # the same dates, sentences and coverage chart; the quotations block and the store's time of
            # last change (a <time> with a clock time) are SQLite's only
            dates = re.compile(r'<time datetime="\d{4}-\d\d-\d\d">')
            assert dates.findall(page.text) == dates.findall(expected_page.text) != []
            chart = re.findall(r"<svg.*?</svg>", expected_page.text, re.S)
            assert re.findall(r"<svg.*?</svg>", page.text, re.S) == chart != []
        hits = httpx.get(f"{url}/api/search", params={"q": "spillway", "limit": 5}, timeout=60).json()["results"]
        assert len(hits) == 5 and all("spillway" in h["text"].lower() for h in hits)
        assert httpx.get(f"{url}/api/articles/no-such-id", timeout=60).status_code == 404
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0 and "Traceback" not in err, err


def test_word_index_narrows_the_articles_read_and_parts_without_one_are_scanned(
        parquet: ParquetStore, sqlite_db: Path, tmp_path: Path) -> None:
    query = Query("spillway inquiry")
    with Store(sqlite_db, readonly=True) as s:
        expected = s.candidates(query)
    matched = {x.article_id for x in expected}
    holding = set(scale_query._holding(parquet, parquet.parts(), scale_query.terms_of(query.text)).to_pylist())
    assert matched and matched <= holding and len(holding) < 118  # a superset of the matches, not everything
    # a store written before parts had a word index: the same answers, by reading every sentence
    old = written_before(parquet, tmp_path / "old", "words")
    assert {p.words for p in old.parts()} == {-1}
    assert scale_query.candidates(old, query) == expected
    assert scale_query.candidates(old, Query("evacuation")) == scale_query.candidates(parquet, Query("evacuation"))


def test_compact_merges_a_months_parts_and_readers_see_every_article_once(
        parquet: ParquetStore, sqlite_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = written_before(parquet, tmp_path / "store", "mentions")  # merging derives what older parts lack
    before = store.parts()
    months = {p.month for p in before}
    assert len(before) > len(months)  # batches of 20: several parts a month
    old_records = {p.name: (tmp_path / "store" / "_parts" / f"{p.name}.json").read_text() for p in before}
    assert main(["compact", "--store", store.url]) == 0
    assert f"{len(before)} parts merged into {len(months)}" in capsys.readouterr().err
    after = ParquetStore(store.url).parts()
    merged = [p for p in after if p.replaces]
    assert len(after) == len(months) and merged and all(p.mentions > 0 and p.words > 0 for p in merged)
    assert not any((tmp_path / "store" / "sentences").glob(f"*/{merged[0].replaces[0]}.parquet"))  # old files gone
    # a merge killed after its commit, before deleting: the old records are back, and stay hidden
    for name, record in old_records.items():
        (tmp_path / "store" / "_parts" / f"{name}.json").write_text(record)
    assert ParquetStore(store.url).parts() == after
    for query in QUERIES:
        with Store(sqlite_db, readonly=True) as s:
            assert scale_query.candidates(ParquetStore(store.url), query) == s.candidates(query)
    query = Query(DEMO_QUERY, dates=6, sentences=1)
    assert api.build_timeline(query, store=store.url) == api.build_timeline(query, sqlite_db)


def test_words_and_keywords_of_non_ascii_texts_count_as_python_lower_cases_them(tmp_path: Path) -> None:
    """Texts whose lower case Arrow and Python may not agree on (U+0130 "İ" lowers to "i" and a combining
    dot in Python, the Kelvin sign to "k") are split by Python: both stores answer as the sentences in
    memory do."""
    texts = ["On March 3, 2024 the \u0130stanbul caf\u00e9 council announced the KIM plan for the strait.",
             "The \u212aelvin report of March 3, 2024 said the council announced nothing; \u00c9mile agreed.",
             "Officials announced on March 4, 2024 that the strait council would meet again."]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{i}", "url": f"https://x.invalid/{i}", "published": "2024-03-05",
                                          "title": "Strait council", "text": t}) + "\n" for i, t in enumerate(texts)))
    db, store = tmp_path / "s.db", ParquetStore(str(tmp_path / "pq"))
    api.ingest([corpus], db)
    ingest_parquet([corpus], store)
    march = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    for query in (Query("council kim", *march), Query("kelvin strait", *march), Query("istanbul", *march)):
        with Store(db, readonly=True) as sqlite:
            pool = SentencePool(sqlite.candidates(query))
            source = sqlite.days(query)
            assert source is not None
            same_answers(source, pool, query, cap=1)
        same_answers(scale_query.days(store, query), pool, query, cap=1)
