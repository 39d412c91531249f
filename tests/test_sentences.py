"""Sentence splitting on the cases news text actually throws at it, and on the real seed and Timeline17 files."""

from __future__ import annotations

import pytest

from conftest import SEED, T17, need_shared
from dateline.annotate.sentences import split_sentences

TRICKY = (
    'The U.S. Sen. John Smith met Dr. Jones at 3 p.m. on Feb. 28, 2019. He said "It went well." '
    "Mr. Kim left at 5:30 a.m. Inc. profits rose 3.5% to $1.2 bn. The talks ended. "
    '"We will be back," he said. Officials met in Washington D.C. Thursday.'
)


def test_tricky_text_from_the_dependency_study() -> None:
    assert split_sentences(TRICKY) == [
        "The U.S. Sen. John Smith met Dr. Jones at 3 p.m. on Feb. 28, 2019.",
        'He said "It went well."',
        "Mr. Kim left at 5:30 a.m.",
        "Inc. profits rose 3.5% to $1.2 bn.",
        "The talks ended.",
        '"We will be back," he said.',
        "Officials met in Washington D.C. Thursday.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith and Mrs. Jones met Gov. Brown and Gen. Lee in St. Louis.",
        "Shares of Apple Inc. and Acme Corp. fell, said Martin Luther King Jr. on Sept. 11.",
        "He lives at No. 5 Downing St. with Prof. Black.",
        "George W. Bush met J.K. Rowling in the U.K. capital.",
        "U.S. President Donald Trump spoke at 9 a.m. Thursday and at 3 p.m. EST on Friday.",
        "Profits rose 3.5% to $1.2 bn in the year to Sept. 30 from 2.1 bn.",
        "The cut was the first since Jan. 2009, officials said.",
        '"Why?" he asked.',
        "We have very little communication ... to enable us to help.",
        "Contamination by E. coli was found.",
    ],
)
def test_abbreviations_numbers_and_initials_do_not_split(text: str) -> None:
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He left the U.S. The talks ended.", ["He left the U.S.", "The talks ended."]),
        ("Talks at Acme Inc. The firm said no.", ["Talks at Acme Inc.", "The firm said no."]),
        ("She arrived at 5 a.m. Police were there.", ["She arrived at 5 a.m.", "Police were there."]),
        ("It rose in 2019. 2020 was worse.", ["It rose in 2019.", "2020 was worse."]),
        ("Is it over? Nobody knows! Wait... Then it ended.", ["Is it over?", "Nobody knows!", "Wait...", "Then it ended."]),
        ("Prices fell… Buyers left.", ["Prices fell…", "Buyers left."]),
        ("He said “it went well.” Next came lunch.", ["He said “it went well.”", "Next came lunch."]),
        ("He said ‘it went well.’ Next came lunch.", ["He said ‘it went well.’", "Next came lunch."]),
        ('He said "it went well." Next came lunch.', ['He said "it went well."', "Next came lunch."]),
        ("He left. (Reuters) Markets fell.", ["He left.", "(Reuters) Markets fell."]),
        ("He called. 'We are ready,' she said.", ["He called.", "'We are ready,' she said."]),
    ],
)
def test_sentence_ends(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_lines_and_paragraphs() -> None:
    text = (
        "Summit ends without a deal\n"
        "Kim and Trump left early.\n\n"
        "‘Rocket men’\n\n"
        "The summit was called off after talks\n"
        "stalled over sanctions.\n"
        "1. The first point\n"
    )
    assert split_sentences(text) == [
        "Summit ends without a deal",  # a headline line stays a unit
        "Kim and Trump left early.",
        "‘Rocket men’",
        "The summit was called off after talks stalled over sanctions.",  # a hard-wrapped line reads on
        "1. The first point",
    ]


def test_penn_treebank_lines() -> None:
    text = (
        "The Caribbean reacted swiftly to news of the earthquake . The UN said it would help .\n"
        "Skerrit called the quake `` gut-wrenching . '' Aid arrived -LRB- by air -RRB- .\n"
        "They did n't wait , said Sen. Bob Graham -LRB- D-Fla . -RRB-\n"
        "`` Are we going to go down with Mubarak ? ' ''\n"
        "said William Quandt .\n"
        "It landed at 3:30 p.m. -LRB- 1330 GMT -RRB- on Tuesday ."
    )
    assert split_sentences(text) == [
        "The Caribbean reacted swiftly to news of the earthquake .",
        "The UN said it would help .",
        "Skerrit called the quake `` gut-wrenching . ''",
        "Aid arrived -LRB- by air -RRB- .",
        "They did n't wait , said Sen. Bob Graham -LRB- D-Fla . -RRB-",
        "`` Are we going to go down with Mubarak ? ' ''",  # each T17 line is at least a break
        "said William Quandt .",
        "It landed at 3:30 p.m. -LRB- 1330 GMT -RRB- on Tuesday .",
    ]


@pytest.mark.parametrize("text", ["", "   \n\n \t", "* * *", "\n . \n '' \n"])
def test_no_sentences_in_blank_or_punctuation_only_text(text: str) -> None:
    assert split_sentences(text) == []


def test_seed_article_paragraphs_are_sentences() -> None:
    body = need_shared(SEED).read_text(encoding="utf-8").split("\n", 1)[1]
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    sentences = split_sentences(body)
    assert sentences == paragraphs  # in this article every paragraph is one sentence
    assert "‘Rocket men’" in sentences
    assert len(sentences) == 16


def test_t17_files_keep_lines_and_never_yield_empty_pieces() -> None:
    folder = need_shared(T17 / "haiti_bbc" / "InputDocs" / "2010-01-13")
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        lines = [line for line in text.splitlines() if any(c.isalnum() for c in line)]
        assert len(sentences) >= len(lines), path
        assert all(s and s == s.strip() for s in sentences), path
        assert "".join(sentences).replace(" ", "") == "".join(lines).replace(" ", ""), path


def test_page_furniture_glued_to_the_lead_is_split_off() -> None:
    """Timeline17's first lines run a dateline, a time stamp, a wire credit or bullets into the lead
    sentence without a full stop; the lead must come out on its own, and prose must not be cut."""
    text = (
        "HOUSTON , Louisiana | Sun May 16 , 2010 7:59 pm EDT HOUSTON -LRB- Reuters -RRB- - Energy giant BP "
        "marked a limited success on Sunday .\n"
        "Wednesday , December 15 , 2010 ; 8:18 PM The Justice Department sued BP .\n"
        "Bombing is not new Saturday 14 May 2005 00.01 BST One of the most chilling aspects is its routine .\n"
        "\\* Rating cut \\* Hayward to testify\n"
        "Markets fell 3 % in 2008 , to 11.20 by the close .\n"
        "He left (Reuters) and the meeting ended at 2010 hours ."
    )
    assert split_sentences(text) == [
        "HOUSTON , Louisiana |",
        "Sun May 16 , 2010 7:59 pm EDT",
        "HOUSTON -LRB- Reuters -RRB- -",
        "Energy giant BP marked a limited success on Sunday .",
        "Wednesday , December 15 , 2010 ; 8:18 PM",
        "The Justice Department sued BP .",
        "Bombing is not new Saturday 14 May 2005 00.01 BST",
        "One of the most chilling aspects is its routine .",
        "\\* Rating cut",
        "\\* Hayward to testify",
        "Markets fell 3 % in 2008 , to 11.20 by the close .",
        "He left (Reuters) and the meeting ended at 2010 hours .",
    ]


def test_headline_and_caption_run_into_the_first_sentence_are_split_on_the_first_line_only() -> None:
    text = (
        "Panel urges major reforms The Deepwater Horizon disaster caused one of the worst spills in history "
        "The report comes from a US commission .\n"
        "He flew to The Hague , told The Times so , and the crowd in the square They had waited for cheered ."
    )
    assert split_sentences(text) == [
        "Panel urges major reforms",
        "The Deepwater Horizon disaster caused one of the worst spills in history",
        "The report comes from a US commission .",
        "He flew to The Hague , told The Times so , and the crowd in the square They had waited for cheered .",
    ]
    assert split_sentences("It was said in The Hague that they met .") == ["It was said in The Hague that they met ."]
