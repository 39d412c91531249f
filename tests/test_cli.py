"""The `dateline` command as a newcomer meets it: every mistake of issue 16 gets one line that says what
went wrong and what to do, never a traceback, and an exit status that tells a usage error (2) from data
that could not be used (1). The commands run in process through `main`, the entry point of the installed
script; `serve` runs as a real program (tests/test_cli_serve.py)."""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
from pathlib import Path

import pytest

from dateline import api
from dateline.cli import main
from dateline.demo import CORPUS_FILE, KEY_EVENTS
from dateline.timeline import method_names

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "news.db"
    report = api.ingest([EXAMPLES / "articles.jsonl", EXAMPLES / "seed-article.txt"], path)
    assert report.added == 40 and not report.skipped
    return path


def dateline(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Run the command; its exit status, standard output and standard error."""
    try:
        status = main([str(a) for a in args])
    except SystemExit as e:  # argparse's usage errors and --help
        status = e.code if isinstance(e.code, int) else 1
    out, err = capsys.readouterr()
    return status, out, err


def error_line(err: str) -> str:
    """The one error line; nothing that looks like a traceback may come with it."""
    assert "Traceback" not in err and 'File "' not in err, err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1, err
    return errors[0]


def test_help_documents_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = dateline(capsys, "--help")
    assert status == 0
    assert "exit status:" in out
    for code, meaning in (("1", "the input could not be used"), ("2", "usage error"), ("130", "interrupted")):
        assert any(line.split()[:1] == [code] and meaning in line for line in out.splitlines()), (code, out)


@pytest.mark.parametrize("command", ["timeline", "bench"])
def test_method_help_lists_the_valid_names(capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, _ = dateline(capsys, command, "--help")
    assert status == 0
    help_text = " ".join(out.split())  # argparse wraps lines
    installed = method_names(installed_only=True)
    assert f"timeline method: {', '.join(installed)}" in help_text
    for name in set(method_names()) - set(installed):
        assert f"not installed here: {name}" in help_text


def test_output_into_a_missing_folder(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "out.txt"
    status, out, err = dateline(capsys, "timeline", "Sennick Dam", "--db", db, "-o", target)
    assert status == 2 and not out
    line = error_line(err)
    assert f"-o {target}: the folder {target.parent} does not exist" in line and "mkdir -p" in line
    assert not target.parent.exists()


def test_output_into_a_folder(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    status, _, err = dateline(capsys, "timeline", "Sennick Dam", "--db", db, "-o", tmp_path)
    assert status == 2
    assert f"-o {tmp_path} is a folder; give a file name, e.g. -o {tmp_path / 'timeline.txt'}" in error_line(err)


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_with_an_impossible_port(capsys: pytest.CaptureFixture[str], db: Path, port: str) -> None:
    status, _, err = dateline(capsys, "serve", "--db", db, "--port", port)
    assert status == 2
    assert f"argument --port: {port!r} is not a port; choose one from 1 to 65535" in error_line(err)


def test_serve_on_a_port_in_use(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    """Refused before the app loads; the real server on a real port is in tests/test_cli_serve.py."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        status, out, err = dateline(capsys, "serve", "--db", db, "--port", port)
    assert status == 1 and not out
    assert error_line(err) == (f"dateline: error: port {port} on 127.0.0.1 is already in use (another server?); "
                               f"choose a free one with --port, e.g. --port {port + 1}, or --port 0 for any free port")


def test_serve_on_a_host_that_is_not_this_machine(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    status, _, err = dateline(capsys, "serve", "--db", db, "--host", "no-such-host.invalid")
    assert status == 2
    assert "--host 'no-such-host.invalid' is not an address of this machine" in error_line(err)


def test_empty_jsonl_says_why_nothing_was_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    status, _, err = dateline(capsys, "ingest", empty, "--db", tmp_path / "n.db")
    assert status == 1
    assert "read 0 articles" in err
    assert f"no article found: {empty} is empty" in error_line(err)


def test_empty_folder_says_why_nothing_was_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / ".hidden.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")  # hidden files are not read
    status, _, err = dateline(capsys, "ingest", folder, "--db", tmp_path / "n.db")
    assert status == 1
    assert f"no article found: the folder {folder} holds no files" in error_line(err)


def test_all_records_skipped_points_at_the_reasons(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "published": "yesterday", "text": "Hello."}\n', encoding="utf-8")
    status, _, err = dateline(capsys, "ingest", bad, "--db", tmp_path / "n.db")
    assert status == 1
    assert f"{bad}:1: 'published' is 'yesterday', not a date" in err
    assert "every record was skipped, for the reasons listed above" in error_line(err)


def test_jsonl_gz_that_is_not_gzip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fake = tmp_path / "feed.jsonl.gz"
    fake.write_text('{"id": "a", "published": "2024-03-04", "text": "Water seeped through the dam."}\n')
    status, _, err = dateline(capsys, "ingest", fake, "--db", tmp_path / "n.db")
    assert status == 1
    assert f"{fake}: named .gz but not gzip-compressed; gzip it, or drop .gz from its name" in err
    assert "not valid JSON" not in err

    real = tmp_path / "real.jsonl.gz"
    real.write_bytes(gzip.compress(fake.read_bytes()))
    status, _, err = dateline(capsys, "ingest", real, "--db", tmp_path / "n.db")
    assert status == 0 and "read 1 article in" in err


def test_json_line_missing_its_brace_is_reported_at_its_end(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    line = '{"id": "a", "published": "2024-03-04", "text": "Water seeped through the dam."'
    src = tmp_path / "cut.jsonl"
    src.write_text(line + "\n", encoding="utf-8")
    status, _, err = dateline(capsys, "ingest", src, "--db", tmp_path / "n.db")
    assert status == 1
    assert f"{src}:1: not valid JSON (Expecting ',' delimiter at column {len(line) + 1})" in err


def test_one_article_is_singular(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"id": "a", "published": "2024-03-04", "text": "The dam leaked on Monday."}) + "\n")
    status, _, err = dateline(capsys, "ingest", src, "--db", tmp_path / "n.db")
    assert status == 0
    assert err.startswith("read 1 article in ")


@pytest.mark.parametrize(("topic", "message"), [
    ("", "the topic is empty"),
    ("   ", "the topic is empty"),
    ("the of and", "the topic 'the of and' has no searchable word"),
])
def test_a_topic_without_words_is_refused_as_the_web_refuses_it(
    capsys: pytest.CaptureFixture[str], db: Path, topic: str, message: str
) -> None:
    status, out, err = dateline(capsys, "timeline", topic, "--db", db)
    assert status == 2 and not out
    assert message in error_line(err)


def test_a_method_that_is_not_installed_says_what_to_install(capsys: pytest.CaptureFixture[str], db: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.timeline import embedded

    monkeypatch.setattr(embedded, "missing_extra", lambda: ["torch"])
    status, _, err = dateline(capsys, "timeline", "Sennick Dam", "--db", db, "--method", "dateline-emb")
    assert status == 2
    assert "install it with: pip install 'dateline[embeddings]'" in error_line(err)


def test_evaluate_refuses_a_junk_prediction(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk = tmp_path / "pred.txt"
    junk.write_text("this is not a timeline\n", encoding="utf-8")
    status, out, err = dateline(capsys, "evaluate", junk, "--ref", EXAMPLES / "reference-timeline.txt")
    assert status == 1 and not out
    assert f"{junk}:1: 'this is not a timeline' is not a valid YYYY-MM-DD date" in err
    assert f"{junk}: no timeline entry could be read, so there is nothing to score" in error_line(err)


def test_evaluate_scores_a_real_prediction(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.txt"
    status, _, _ = dateline(capsys, "timeline", "Sennick Dam", "--db", db, "--dates", len(KEY_EVENTS),
                            "--format", "tilse", "-o", pred)
    assert status == 0
    status, out, _ = dateline(capsys, "evaluate", pred, "--ref", EXAMPLES / "reference-timeline.txt", "--json")
    assert status == 0
    assert json.loads(out)["date_f1"]["f1"] > 0.5  # the reference holds the corpus's planted key events


def test_bench_with_a_folder_that_is_not_a_dataset(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = dateline(capsys, "bench", "t17", "--data", tmp_path)
    assert status == 2
    line = error_line(err)
    assert line.count(str(tmp_path)) == 1 and "--data must be the dataset folder that holds topics.json" in line


def test_timelinejs_format(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "sennick.timelinejs.json"
    status, _, err = dateline(capsys, "timeline", "Sennick Dam", "--db", db, "--dates", 5,
                              "--format", "timelinejs", "-o", out_file)
    assert status == 0 and f"wrote {out_file}" in err
    doc = json.loads(out_file.read_text(encoding="utf-8"))
    assert doc["title"]["text"]["headline"] == "Sennick Dam"
    assert len(doc["events"]) == 5
    assert all({"year", "month", "day"} <= set(e["start_date"]) for e in doc["events"])
    assert all("https://demo.dateline.invalid/" in e["text"]["text"] for e in doc["events"]
               if "seed-article" not in e["text"]["text"])


def test_demo_export_keeps_the_corpus(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "demo-corpus"
    status, out, err = dateline(capsys, "demo", "--db", tmp_path / "demo.db", "--export", export)
    assert status == 0 and "Sennick Dam" in out
    corpus = export / CORPUS_FILE
    assert f"the demo corpus is in {corpus}" in err
    assert len(corpus.read_text(encoding="utf-8").splitlines()) == 118

    status, _, err = dateline(capsys, "demo", "--db", tmp_path / "demo2.db", "--export", corpus)
    assert status == 2 and f"--export {corpus} is a file; give a folder" in error_line(err)


def test_examples_are_what_the_readme_says(db: Path) -> None:
    """examples/ holds one article per input format a newcomer may copy; the HTML page is a full news page
    (head, navigation, article, footer) for the HTML reader, fictional like the rest."""
    page = (EXAMPLES / "article.html").read_text(encoding="utf-8")
    for part in ("<!DOCTYPE html>", 'property="article:published_time"', "<article>", "<nav", "<footer",
                 "Fictional article from the Dateline demo corpus"):
        assert part in page
    first = (EXAMPLES / "seed-article.txt").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(" date 2024-03-21 ")
    assert len((EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 39


@pytest.mark.parametrize("command", [["ingest", EXAMPLES / "seed-article.txt"], ["timeline", "Sennick Dam"],
                                     ["serve"], ["demo"]])
def test_a_folder_as_the_store(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[object]) -> None:
    status, _, err = dateline(capsys, *command, "--db", tmp_path)
    assert status == 2
    assert f"--db {tmp_path} is a folder; give the store's file, e.g. --db {tmp_path / 'news.db'}" in error_line(err)


def test_bench_with_a_damaged_topics_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "topics.json").write_text('{"bpoil": [\n', encoding="utf-8")
    status, _, err = dateline(capsys, "bench", "t17", "--data", tmp_path)
    assert status == 1
    assert f"{tmp_path / 'topics.json'}:2: not valid JSON" in error_line(err)


def test_a_folder_where_a_file_is_needed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = dateline(capsys, "evaluate", EXAMPLES / "reference-timeline.txt", "--ref", tmp_path)
    assert status == 1
    assert error_line(err) == f"dateline: error: {tmp_path}: Is a directory; give a file, not a folder"


def test_a_store_another_program_holds(capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path) -> None:
    """A store locked by another writer costs one line saying so and what to do, whether the lock stops the
    opening (a new file) or the first write (a store in WAL mode, whose readers are not blocked); the wait
    before giving up is the store's busy timeout, 10 s each."""
    import shutil
    import sqlite3

    fresh = tmp_path / "fresh.db"
    held = sqlite3.connect(fresh, isolation_level=None)
    held.execute("CREATE TABLE other (x)")
    held.execute("BEGIN EXCLUSIVE")
    status, _, err = dateline(capsys, "ingest", EXAMPLES / "seed-article.txt", "--db", fresh)
    held.close()
    assert status == 2
    assert error_line(err) == (f"dateline: error: cannot open store {fresh} (database is locked); another program "
                               f"holds it: wait for it to finish, or choose another --db")

    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    held = sqlite3.connect(copy, isolation_level=None)
    held.execute("BEGIN EXCLUSIVE")
    status, _, err = dateline(capsys, "ingest", EXAMPLES / "article.html", "--db", copy)
    held.close()
    assert status == 1
    assert error_line(err) == (f"dateline: error: cannot write to the store {copy} (database is locked); the 0 "
                               f"articles before were stored, run the same command again to complete it")
    status, out, err = dateline(capsys, "ingest", EXAMPLES / "article.html", "--db", copy)
    assert status == 0 and "added 1 " in out + err


def test_ctrl_c_during_an_ingest_says_what_is_kept_and_a_rerun_completes(tmp_path: Path) -> None:
    """Ctrl+C in the middle of a long ingest: one line saying the stored batches stay and a re-run adds the
    rest, exit status 130; the re-run stores every article once."""
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    records = tmp_path / "many.jsonl"
    with records.open("w") as f:
        for i in range(30000):
            text = f"Report {i}. The Sennick Dam council met on March {1 + i % 28}, 2024, to discuss repair {i}."
            f.write(json.dumps({"id": f"r{i}", "published": "2024-04-01", "text": text}) + "\n")
    db = tmp_path / "news.db"
    cmd = [sys.executable, "-m", "dateline.cli", "ingest", str(records), "--db", str(db)]
    run = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stored, waited = 0, 0.0
        while stored == 0 and run.poll() is None and waited < 120:  # until the first batch is committed
            time.sleep(0.2)
            waited += 0.2
            if db.exists():
                with contextlib.suppress(sqlite3.OperationalError):  # the schema may not be written yet
                    with contextlib.closing(sqlite3.connect(db)) as con:
                        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=60)
    finally:
        run.kill()
    assert run.returncode == 130, err
    assert err.strip().splitlines()[-1].startswith("dateline: interrupted; what was stored before it stays stored")
    assert "Traceback" not in err
    api.ingest([records], db)
    with contextlib.closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (30000, 30000)
