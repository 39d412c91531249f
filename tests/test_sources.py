"""Readers on real files written to disk: good records become Articles, every bad one a Skipped with a reason."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from conftest import SEED, T17, need_shared
from dateline.errors import DatelineError
from dateline.model import Article, Skipped
from dateline.sources import read

DAY = dt.date(2019, 2, 28)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def jsonl(*records: dict | str) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def articles(items: list[Article | Skipped]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def skipped(items: list[Article | Skipped]) -> list[Skipped]:
    return [i for i in items if isinstance(i, Skipped)]


# --- seed --------------------------------------------------------------------------------------------


def test_seed_file(tmp_path: Path) -> None:
    path = write(tmp_path / "007_summit.txt", " date 2019-02-28 Leaders meet in Hanoi\n\nFirst paragraph.\n\nSecond.\n")
    assert list(read([path])) == [
        Article(id="007_summit", url="", source="", published=DAY, title="Leaders meet in Hanoi",
                text="First paragraph.\n\nSecond.")
    ]


def test_seed_with_byte_order_mark_and_no_caption(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "\ufeffdate 2019-02-28\nBody text.")
    [article] = read([path])
    assert (article.title, article.text, article.published) == ("", "Body text.", DAY)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("date 2019-02-30 Caption\n\nBody.", "'2019-02-30' is not a real date"),
        ("date 28/02/2019 Caption\n\nBody.", "'28/02/2019' is not a real date"),
        ("date 2019-02-28 Caption only\n\n   \n", "the article text is empty"),
        (b"date 2019-02-28 Caf\xe9\n\nBody.", "not UTF-8 text (invalid continuation byte at byte 19)"),
    ],
)
def test_bad_seed_files_are_skipped_with_reason(tmp_path: Path, content: str | bytes, reason: str) -> None:
    path = write(tmp_path / "bad.txt", content)
    [item] = read([path])
    assert isinstance(item, Skipped)
    assert (item.path, item.line) == (str(path), None)
    assert reason in item.reason


def test_forced_seed_format_explains_the_first_line(tmp_path: Path) -> None:
    path = write(tmp_path / "plain.txt", "Just some text.\n")
    [item] = read([path], fmt="seed")
    assert isinstance(item, Skipped)
    assert "first line must be 'date YYYY-MM-DD <caption>'" in item.reason


def test_real_seed_article() -> None:
    [article] = read([need_shared(SEED)])
    assert isinstance(article, Article)
    assert article.id == "000_e1c08644f620b041"
    assert article.published == DAY
    assert article.title.startswith("US President Donald Trump and North Korean leader Kim Jong Un greet")
    assert article.text.startswith("A NUCLEAR SUMMIT between")
    assert "‘Rocket men’" in article.text


# --- JSONL -------------------------------------------------------------------------------------------


GOOD = {"id": "a1", "url": "https://www.bbc.co.uk/news/1", "published": "2019-02-28", "title": " Hanoi ",
        "text": " Talks ended. "}


def test_jsonl_records_and_their_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path / "news.jsonl",
        jsonl(
            GOOD,
            {"id": 2, "published": "2019-02-28T23:30:00-05:00", "text": "Late.", "source": "Reuters"},
            {"id": "nyt-1", "time": "20030404T000000", "text": "news-tls raw style.", "title": None},
            {"id": "z", "published": "2019-02-28T10:00:00Z", "text": "Zulu.", "url": "http://example.org/x"},
        )
        + "\n",  # a trailing blank line is not a record
    )
    assert list(read([path])) == [
        Article(id="a1", url="https://www.bbc.co.uk/news/1", source="bbc.co.uk", published=DAY, title="Hanoi",
                text="Talks ended."),
        Article(id="2", url="", source="Reuters", published=DAY, title="", text="Late."),
        Article(id="nyt-1", url="", source="", published=dt.date(2003, 4, 4),
                title="", text="news-tls raw style."),
        Article(id="z", url="http://example.org/x", source="example.org", published=DAY, title="", text="Zulu."),
    ]


def test_bad_jsonl_lines_are_skipped_with_line_and_reason(tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD),
        '{"id": "broken", "published": ',
        json.dumps({"id": "b", "text": "No date."}),
        json.dumps({"id": "c", "published": "yesterday", "text": "Bad date."}),
        json.dumps({"id": "d", "published": "2019-02-30", "text": "Not a real day."}),
        json.dumps({"id": "e", "published": "2019-02-28", "text": "  "}),
        json.dumps({"published": "2019-02-28", "text": "No id."}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "f", "published": "2019-02-28", "text": "Bad title.", "title": 5}),
        json.dumps({"id": "g", "published": "2019-W09", "text": "A week is not a day."}),
        json.dumps({"id": " ", "published": "2019-02-28", "text": "A blank id."}),
    ]
    data = ("\n".join(lines) + "\n").encode() + b'{"id": "h", "published": "2019-02-28", "text": "caf\xe9"}\n'
    items = list(read([write(tmp_path / "bad.jsonl", data)]))
    assert [a.id for a in articles(items)] == ["a1"]
    reasons = {s.line: s.reason for s in skipped(items)}
    assert sorted(reasons) == list(range(2, 13))
    assert reasons[2].startswith("not valid JSON")
    assert reasons[3] == "'published' is missing; each line needs id, published (YYYY-MM-DD) and text"
    assert reasons[4].startswith("'published' is 'yesterday', not a date; write YYYY-MM-DD")
    assert reasons[5].startswith("'published' is '2019-02-30', not a date")
    assert "empty" in reasons[6]
    assert reasons[7].startswith("'id' is missing")
    assert reasons[8].startswith("a JSON list, not an object")
    assert reasons[9].startswith("'title' must be a string, found 5")
    assert reasons[10].startswith("'published' is '2019-W09', not a date")
    assert reasons[11].startswith("'id' is empty; give every record an id of its own")
    assert reasons[12].startswith("not UTF-8 text")
    assert all(s.path == str(tmp_path / "bad.jsonl") for s in skipped(items))


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = write(tmp_path / "articles.jsonl.gz", gzip.compress(jsonl(GOOD, {**GOOD, "id": "a2"}).encode()))
    assert [a.id for a in read([path])] == ["a1", "a2"]


def test_truncated_gzip_keeps_what_was_read_and_says_where_it_stopped(tmp_path: Path) -> None:
    body = jsonl(*({**GOOD, "id": f"a{i}", "text": f"Article {i} " * 50} for i in range(200)))
    data = gzip.compress(body.encode())
    items = list(read([write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2])]))
    read_ok, [problem] = articles(items), skipped(items)
    assert 0 < len(read_ok) < 200
    assert problem.line == len(read_ok) + 1
    assert "damaged or truncated" in problem.reason


def test_gzip_and_json_lines_are_recognised_without_the_jsonl_name(tmp_path: Path) -> None:
    write(tmp_path / "export.json.gz", gzip.compress(jsonl(GOOD).encode()))
    write(tmp_path / "export.json", jsonl({**GOOD, "id": "a2"}))
    assert [a.id for a in read([tmp_path])] == ["a2", "a1"]


# --- Timeline17 --------------------------------------------------------------------------------------


def t17_topic(root: Path) -> Path:
    """Two sources that reuse a file name, plus the derived folders a reader must ignore."""
    for source in ("bpoil_bbc", "bpoil_guardian"):
        write(root / source / "InputDocs" / "2010-04-21" / "12.htm.txt", f"Oil spill in the Gulf . {source}\n")
        write(root / source / "InputDocs" / "2010-04-22" / "3.htm.txt", "The rig sank .\n")
        write(root / source / "time_annotated" / "2010-04-21" / "12.txt.timeml", "<TimeML>x</TimeML>")
        write(root / source / "timelines" / "bbc.txt", "2010-04-20\nRig explodes .\n" + "-" * 32 + "\n")
    return root


def test_t17_source_folders(tmp_path: Path) -> None:
    root = t17_topic(tmp_path / "timeline17")
    items = list(read([root / "bpoil_bbc", root / "bpoil_guardian"]))
    assert [a.id for a in items] == [
        "bpoil_bbc/2010-04-21/12", "bpoil_bbc/2010-04-22/3",
        "bpoil_guardian/2010-04-21/12", "bpoil_guardian/2010-04-22/3",
    ]
    first = items[0]
    assert isinstance(first, Article)
    assert (first.source, first.url, first.title) == ("bpoil_bbc", "", "")
    assert first.published == dt.date(2010, 4, 21)
    assert first.text == "Oil spill in the Gulf . bpoil_bbc"
    assert list(read([root])) == items  # the parent folder reads the same articles in the same order


def test_t17_single_file_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t17_topic(tmp_path)
    monkeypatch.chdir(tmp_path / "bpoil_bbc" / "InputDocs")
    [article] = read(["2010-04-22/3.htm.txt"])
    assert isinstance(article, Article)
    assert (article.id, article.source) == ("bpoil_bbc/2010-04-22/3", "bpoil_bbc")


def test_bad_t17_files(tmp_path: Path) -> None:
    docs = tmp_path / "haiti_bbc" / "InputDocs"
    write(docs / "2010-13-45" / "1.htm.txt", "Text .\n")
    write(docs / "2010-01-13" / "2.htm.txt", "")
    write(docs / "2010-01-13" / "3.htm.txt", b"Port-au-Prince \xff\n")
    reasons = [s.reason for s in read([tmp_path / "haiti_bbc"])]
    assert len(reasons) == 3
    assert reasons[0].startswith("the article text is empty")
    assert reasons[1].startswith("not UTF-8 text")
    assert reasons[2].startswith("folder name '2010-13-45' is not a date")


def test_forced_t17_outside_its_layout(tmp_path: Path) -> None:
    [item] = read([write(tmp_path / "12.htm.txt", "Text .")], fmt="t17")
    assert isinstance(item, Skipped)
    assert "<source>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt" in item.reason


def test_real_t17_haiti_bbc_folder() -> None:
    items = list(read([need_shared(T17 / "haiti_bbc")]))
    assert len(items) == 296  # every file under InputDocs/, nothing from time_annotated/ or timelines/
    empty = skipped(items)
    assert len(empty) == 10 and all("empty" in s.reason for s in empty)  # ten files in the release are empty
    assert {a.source for a in articles(items)} == {"haiti_bbc"}
    assert articles(items)[0].id == "haiti_bbc/2010-01-12/1842"


def test_real_t17_ids_are_unique_across_sources() -> None:
    items = list(read([need_shared(T17)]))
    found = articles(items)
    assert len(found) + sum("empty" in s.reason for s in skipped(items)) == 4650
    assert len({a.id for a in found}) == len(found)
    assert len({a.source for a in found}) == 17


# --- folders, mixes and paths ------------------------------------------------------------------------


def test_mixed_folder_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "b_seed.txt", "date 2019-02-28 Caption\n\nSeed body.")
    write(tmp_path / "a.jsonl", jsonl(GOOD))
    write(tmp_path / "c" / "more.jsonl.gz", gzip.compress(jsonl({**GOOD, "id": "gz"}).encode()))
    t17_topic(tmp_path / "d")
    write(tmp_path / "e_notes.md", "# Notes\n")
    write(tmp_path / "f_empty.txt", "")
    write(tmp_path / ".hidden.jsonl", "not even json")
    items = list(read([tmp_path]))
    assert [i.id if isinstance(i, Article) else Path(i.path).name for i in items] == [
        "a1", "b_seed", "gz",
        "bpoil_bbc/2010-04-21/12", "bpoil_bbc/2010-04-22/3",
        "bpoil_guardian/2010-04-21/12", "bpoil_guardian/2010-04-22/3",
        "e_notes.md", "f_empty.txt",
    ]
    notes, empty = skipped(items)
    assert notes.reason.startswith("unknown format: not JSONL")
    assert "--format" in notes.reason
    assert empty.reason.startswith("the article text is empty")


def test_forced_format_applies_to_every_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", jsonl(GOOD))
    write(tmp_path / "b.data", jsonl({**GOOD, "id": "b"}))
    assert [a.id for a in read([tmp_path], fmt="jsonl")] == ["a1", "b"]
    assert all(isinstance(i, Skipped) for i in read([tmp_path], fmt="seed"))


def test_nonexistent_path_and_paths_in_given_order(tmp_path: Path) -> None:
    second = write(tmp_path / "a.jsonl", jsonl(GOOD))
    first = write(tmp_path / "b.txt", "date 2019-02-28 Caption\n\nSeed body.")
    items = list(read([first, tmp_path / "missing", str(second)]))
    assert items[0].id == "b" and items[2].id == "a1"
    assert items[1] == Skipped(str(tmp_path / "missing"), None, "no such file or folder")


def test_unknown_format_name_is_an_error_before_reading() -> None:
    with pytest.raises(DatelineError, match="use one of seed, jsonl, t17"):
        read(["anything"], fmt="csv")
