"""The rule-based time tagger: every class of expression in issue 4's scope, and what must not fire."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, need_shared

from dateline.annotate.timex import default_tagger

DCT = dt.date(2019, 2, 28)  # a Thursday


def values(text: str, dct: dt.date = DCT) -> list[str]:
    """The values of the points in time (DATE and TIME) the text names; durations and sets have their tests."""
    return [r.value for r in default_tagger().tag(text, dct) if r.type in ("DATE", "TIME")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It happened on February 28, 2019 .", "2019-02-28"),
        ("It happened on Feb. 28 , 2019 .", "2019-02-28"),
        ("It happened on Jan. 12 , 2010 .", "2010-01-12"),
        ("It happened on 28 February 2019 .", "2019-02-28"),
        ("It happened on Feb 28th .", "2019-02-28"),
        ("It happened on the 28th of February .", "2019-02-28"),
        ("It happened on 2019-02-28 .", "2019-02-28"),
        ("It happened on 28/02/2019 .", "2019-02-28"),
        ("It happened on 2/28/2019 .", "2019-02-28"),
        ("It happened on Thursday , Feb. 21 .", "2019-02-21"),
    ],
)
def test_explicit_dates(text: str, expected: str) -> None:
    assert values(text) == [expected]


def test_ambiguous_numeric_date_takes_the_reading_nearer_the_dct() -> None:
    assert values("Filed on 3/2/2019 .") == ["2019-03-02"]
    assert values("Filed on 3/2/2019 .", dt.date(2019, 2, 5)) == ["2019-02-03"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said so today .", "2019-02-28"),
        ("He will speak tonight .", "2019-02-28TNI"),  # TimeML: tonight is the DCT's night
        ("He said so yesterday .", "2019-02-27"),
        ("He will speak tomorrow .", "2019-03-01"),
        ("They met the day before .", "2019-02-27"),
        ("He said on Thursday that talks failed .", "2019-02-28"),  # the DCT's own weekday
        ("He arrived on Tuesday .", "2019-02-26"),  # past tense: the one before
        ("He will arrive on Tuesday .", "2019-03-05"),  # future: the next one
        ("They met last Tuesday .", "2019-02-26"),  # the most recent one, as news uses it
        ("They will meet next Monday .", "2019-03-04"),
        ("The vote is set for 3 p.m. Thursday .", "2019-02-28T15:00"),
        ("It started at 3 p.m. Tuesday .", "2019-02-26T15:00"),
    ],
)
def test_days(text: str, expected: str) -> None:
    assert values(text) == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Prices rose last week .", "2019-W08"),
        ("Prices rose this month .", "2019-02"),
        ("Prices rose earlier this month .", "2019-02"),
        ("Talks were held in January .", "2019-01"),
        ("Talks were held in April .", "2018-04"),  # a later month in a past sentence: last year's
        ("Talks will be held in April .", "2019-04"),
        ("Talks were held in March 2011 .", "2011-03"),
        ("Prices rose last year .", "2018"),
        ("It closed two years ago .", "2017"),
        ("It opened in 2017 .", "2017"),
        ("It was built in the 1990s .", "199"),
        ("Sales fell this summer .", "2019-SU"),
        ("Sales fell in the third quarter of 2018 .", "2018-Q3"),
        ("It dates from the 20th century .", "19"),
        ("Things are different now .", "PRESENT_REF"),
    ],
)
def test_coarser_expressions(text: str, expected: str) -> None:
    assert values(text) == [expected]


def test_year_range_gives_both_ends() -> None:
    refs = default_tagger().tag("the 1950-53 Korean War", DCT)
    assert [(r.text, r.value, r.granularity) for r in refs] == [("1950", "1950", "year"), ("53", "1953", "year")]


@pytest.mark.parametrize(
    "text",
    [
        "You May go now if you like .".replace(" now", ""),
        "May I ask a question ?",
        "Theresa May said the deal was dead .",
        "March on , they said .",
        "Some 2,000 people came .",
        "About 1950 people came .",
        "They met in Room 2019 .",
        "The final score was 3-2 .",
        "Support fell to 45 % .",
        "It cost $ 2019 million .",
        "The fall of the regime was quick .",
    ],
)
def test_does_not_fire_on_non_dates(text: str) -> None:
    assert values(text) == []


def test_offsets_point_into_the_given_text() -> None:
    text = "Officials said on Thursday , Feb. 21 that 2017 was worse ."
    for r in default_tagger().tag(text, DCT):
        assert text[r.start:r.end] == r.text
    assert [r.text for r in default_tagger().tag(text, DCT)] == ["Thursday , Feb. 21", "2017"]


def test_expression_at_the_very_start_of_the_text() -> None:
    assert values("Yesterday it rained .") == ["2019-02-27"]
    assert values("2017 was a bad year .") == ["2017"]


def test_seed_article() -> None:
    lines = need_shared(SEED).read_text(encoding="utf-8").splitlines()
    dct = dt.date.fromisoformat(lines[0].split()[1])
    text = "\n".join(lines[1:])
    refs = default_tagger().tag(text, dct)
    by_text = {r.text: r.value for r in refs}
    assert dct == DCT
    assert by_text["2017"] == "2017"
    range_refs = [r.value for r in refs if r.text in ("1950", "53")]
    assert range_refs == ["1950", "1953"]
    future = text.index("in the future")
    inside = [r for r in refs if future <= r.start < future + len("in the future")]
    assert all(r.value == "FUTURE_REF" for r in inside)


def test_cli_json_shape() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "timex", "-", "--pub-date", "2019-02-28", "--json"],
        input="Trump met Kim on Thursday after talks in 2017 .",
        capture_output=True,
        text=True,
        check=True,
    )
    rows = json.loads(proc.stdout)
    assert rows == [
        {"text": "Thursday", "start": 17, "end": 25, "type": "DATE", "value": "2019-02-28", "granularity": "day"},
        {"text": "2017", "start": 41, "end": 45, "type": "DATE", "value": "2017", "granularity": "year"},
    ]


def test_date_after_a_weekday_takes_the_tense_of_its_own_sentence() -> None:
    # "12 September" (after the DCT's month) in a future sentence is this year's, not last year's.
    assert values("This Prom will be repeated on Saturday 12 September .", dt.date(2009, 8, 20)) == ["2009-09-12"]


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        # No tense cue: the DCT's year (a deadline weeks ahead), not last year's.
        ("The travel alert expires on February 28 .", dt.date(2011, 1, 28), ["2011-02-28"]),
        ("The council votes on June 3 .", dt.date(2019, 5, 10), ["2019-06-03"]),
        # Past tense and later in the year than the DCT: last year; future and earlier: next year.
        ("The ship docked on June 3 .", dt.date(2019, 5, 10), ["2018-06-03"]),
        ("The ship will sail in March .", dt.date(2019, 5, 10), ["2020-03"]),
    ],
)
def test_year_of_a_month_named_without_one(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("They met at Christmas .", dt.date(2011, 3, 20), ["2010-12-25"]),
        ("They will meet at Christmas .", dt.date(2011, 3, 20), ["2011-12-25"]),
        ("He returned at Easter .", dt.date(2011, 3, 20), ["2010-04-04"]),
        ("He will return by Easter .", dt.date(2011, 3, 20), ["2011-04-24"]),
        ("Good Friday 2008 was early .", dt.date(2011, 3, 20), ["2008-03-21"]),
        # no tense: the nearer New Year's Eve once the DCT's year's is more than nine months away
        ("New Year 's Day and New Year's Eve", dt.date(2011, 3, 20), ["2011-01-01", "2010-12-31"]),
        ("Labor Day , Memorial Day and Thanksgiving 2010 .", dt.date(2010, 12, 1),
         ["2010-09-06", "2010-05-31", "2010-11-25"]),
        ("Independence Day , Valentine 's Day , last Halloween", dt.date(2010, 12, 1),
         ["2010-07-04", "2010-02-14", "2010-10-31"]),
        ("The Easter Bunny sold Christmas trees .", dt.date(2011, 3, 20), []),
    ],
)
def test_holidays(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


def test_weekday_decides_the_year_of_an_undated_month_day() -> None:
    # Past tense would give 2018-04-15, a Sunday; April 15 is a Monday in 2019.
    assert values("It began on Monday , April 15 .", dt.date(2019, 3, 1)) == ["2019-04-15"]
    # An explicit year is kept even when the weekday disagrees: the text says so.
    assert values("It began on Monday , April 15 , 2018 .", dt.date(2019, 3, 1)) == ["2018-04-15"]


def test_anaphoric_days_count_from_the_day_last_mentioned() -> None:
    text = "The army left on Monday . The next day , rebels came . Two days later it ended ; a year earlier it began ."
    assert values(text, dt.date(2011, 3, 20)) == ["2011-03-14", "2011-03-15", "2011-03-17", "2010"]
    assert values("We saw it yesterday and the day before , but", dt.date(2011, 2, 4)) == ["2011-02-03", "2011-02-02"]
    # "two years ago" stays deictic
    assert values("On Monday it rained ; two years ago it snowed .", dt.date(2011, 3, 20)) == ["2011-03-14", "2009"]


def test_a_day_anchored_on_an_event_is_not_tagged() -> None:
    assert values("If a dictatorship rises the day after democratic elections , what then ?") == []
    assert values("They left two days before the vote .") == []
    # "before" or "after" with a clause: anchored on that clause's event, which we cannot date
    assert values("Demand is 80 times greater than the day before he died .") == []
    assert values("He predicted the collapse five days before it happened .") == []
    assert values("I predict mass hysteria the day after he loses the election .") == []
    # an adverb: the day before the one last mentioned
    assert values("They met on Monday . The day before , he had left .") == ["2019-02-25", "2019-02-24"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It is the 21st Century .", ["20"]),
        # a past event in a quarter that has not begun by the DCT (February 2019): last year's
        ("Profits fell in second quarter .", ["2018-Q2"]),
        ("Profits will fall in second quarter .", ["2019-Q2"]),
        ("Under UNSCR 1973 and Resolution 1973 , they acted .", []),
    ],
)
def test_century_quarter_and_resolution_numbers(text: str, expected: list[str]) -> None:
    assert values(text) == expected


def test_anaphoric_years_and_months_count_from_the_last_year_or_month() -> None:
    text = "BP made a profit last year of $ 14bn , down from $ 25bn a year earlier ."
    assert values(text, dt.date(2010, 6, 18)) == ["2009", "2008"]
    assert values("The band formed in 1992 . Sarah joined a year later .", dt.date(2010, 4, 16)) == ["1992", "1993"]
    assert values("Talks began in May . Four months later they failed .", dt.date(2010, 12, 1)) == ["2010-05", "2010-09"]


def test_a_participle_after_an_adverb_is_not_a_past_tense() -> None:
    # "is due to be posthumously inducted": future, so 14 June (after the DCT's 9 June) is this year's.
    text = "He is due to be posthumously inducted in New York on 14 June ."
    assert values(text, dt.date(2010, 6, 9)) == ["2010-06-14"]
    text = "If oil keeps flowing until August , when a relief well is hopefully completed , it costs more ."
    assert values(text, dt.date(2010, 6, 14)) == ["2010-08"]


def test_month_with_last_year() -> None:
    assert values("Some 20,000 people have died since March last year .", dt.date(2012, 8, 1)) == ["2011-03"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It closed Sept. 15 - 19, 2008 higher .", [("Sept. 15", "2008-09-15"), ("19, 2008", "2008-09-19")]),
        ("He will travel to Mexico April 16 and 17 .", [("April 16", "2019-04-16"), ("17", "2019-04-17")]),
        ("The festival runs from 23 - 25 October .", [("23", "2019-10-23"), ("25 October", "2019-10-25")]),
        ("Interviews were conducted 15-19 January .", [("15", "2019-01-15"), ("19 January", "2019-01-19")]),
        ("force used between 13 and 18 January 1993 .", [("13", "1993-01-13"), ("18 January 1993", "1993-01-18")]),
        # not ranges of days: a count after the second number, or a second number not after the first
        ("Single Out Feb. 7 - 18 hrs ago", [("Feb. 7", "2019-02-07")]),
        ("It raised the alert on Feb. 27 to 5 on the scale .", [("Feb. 27", "2019-02-27")]),
        ("On Feb. 4 and 5 people died .", [("Feb. 4", "2019-02-04")]),
    ],
)
def test_day_ranges_tag_both_ends(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.text, r.value) for r in default_tagger().tag(text, DCT)] == expected


def test_ed_adjective_after_a_determiner_is_not_past_tense() -> None:
    # "the damaged well": an adjective; the future "will reach" decides
    assert values("The relief well will reach the damaged well on 30 August .", dt.date(2010, 8, 2)) == ["2010-08-30"]
    assert values("The relief well reached the well on 30 August .", dt.date(2010, 8, 2)) == ["2009-08-30"]


def test_would_stops_the_past_tense_of_the_reporting_verb() -> None:
    assert values("He announced in July that he would step down effective Oct. 1 .", dt.date(2010, 9, 29)) == [
        "2010-07", "2010-10-01"]


def test_past_tense_keeps_a_day_a_few_weeks_ahead_in_the_dcts_year() -> None:
    dct = dt.date(2010, 7, 8)
    assert values("Dudley told the Journal it could stop the well by July 20 .", dct) == ["2010-07-20"]
    assert values("They demanded a response by July 29 .", dct) == ["2010-07-29"]
    # further ahead, a past tense still means last year's
    assert values("The well was capped on August 15 .", dct) == ["2009-08-15"]


def test_would_makes_a_weekday_the_coming_one() -> None:
    dct = dt.date(2011, 12, 17)  # a Saturday
    assert values("Annan said he would update the group at a meeting in Cairo on Wednesday .", dct) == ["2011-12-21"]
    assert values("Banks would be shut down until Wednesday .", dct) == ["2011-12-21"]
    # "would not comment": a past refusal, the last Friday
    assert values("A spokesman would not comment Friday night on the cause .", dct) == ["2011-12-16TNI"]


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("A pelican in this June 8 , 2010 file photo .", dt.date(2010, 6, 30), [("this June 8 , 2010", "2010-06-08")]),
        ("It was a day of firsts : the first of May .", dt.date(2010, 5, 1), [("the first of May", "2010-05-01")]),
        ("He was born on the first of June 2009 .", dt.date(2010, 5, 1), [("the first of June 2009", "2009-06-01")]),
        ("This Fourth of July , I ask you to thank them .", dt.date(2005, 6, 29), [("Fourth of July", "2005-07-04")]),
        ("He came first of all .", dt.date(2010, 5, 1), []),
        ("Let 's go back to 3 MAR 2011 .", dt.date(2011, 7, 16), [("3 MAR 2011", "2011-03-03")]),
        # a four-digit clock time is not the year of the date before it
        ("18 JANUARY , 2200 GMT , SANTO DOMINGO AIRPORT", dt.date(2010, 1, 19),
         [("18 JANUARY", "2010-01-18"), ("2200 GMT", "2010-01-18T22:00")]),
    ],
)
def test_this_month_day_ordinal_days_upper_case_months(text: str, dct: dt.date,
                                                        expected: list[tuple[str, str]]) -> None:
    assert [(r.text, r.value) for r in default_tagger().tag(text, dct)] == expected


def test_weeks_later_is_a_day_counted_from_the_last_day() -> None:
    text = "Fighters withdrew on 1 March 2012 . Two weeks later , troops took control of Idlib ."
    assert values(text, dt.date(2012, 4, 9)) == ["2012-03-01", "2012-03-15"]
    assert values("Sgrena was kidnapped on 4 February . A week earlier she had arrived .",
                  dt.date(2005, 3, 6)) == ["2005-02-04", "2005-01-28"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He was born in December of 1945 .", ["1945-12"]),
        ("The mill was built a century ago .", ["19"]),  # DCT 2019: the 1900s
    ],
)
def test_coming_days_month_of_year_century_ago(text: str, expected: list[str]) -> None:
    assert values(text) == expected


def test_clock_time_before_weekday_and_date_takes_the_date() -> None:
    found = [(r.text, r.value) for r in default_tagger().tag("The auction closes at 9 am on Tuesday 2 February .",
                                                              dt.date(2010, 1, 22))]
    assert found == [("9 am", "2010-02-02T09:00"), ("Tuesday 2 February", "2010-02-02")]


def test_a_line_starting_with_a_date_takes_no_tense_from_the_line_before() -> None:
    text = ("June 30 - Obama directs officials to draw up a plan to help the region .\n"
            "July 3 - A supertanker converted into a skimmer begins tests .")
    assert values(text, dt.date(2010, 7, 23))[1] == "2010-07-03"


@pytest.mark.parametrize(
    "text, expected",
    [
        # reported speech in the entry ("says it will pay") does not make the entry's day next year's
        ("Events so far :\nJune 16 - BP agrees to set up a fund and says it will pay $ 100 million .",
         ["2010-06-16"]),
        ("Timeline :\nSept. 26 - Halliburton says a BP report offers a questionable account .", ["2009-09-26"]),
        ("Deaths :\nNovember 8 : A soldier is killed in a roadside bombing .", ["2009-11-08"]),
        ("Deaths :\nOctober 31\nA Royal Marines NCO was killed by hostile fire .", ["2009-10-31"]),
        # an entry a few days ahead of the DCT stays ahead
        ("The plan :\n10 July : Government must withdraw troops from towns .", ["2010-07-10"]),
        # not an entry: the sentence's own future tense decides
        ("The fund will pay claims from March 16 .", ["2011-03-16"]),
    ],
)
def test_chronology_entries_are_past_events(text: str, expected: list[str]) -> None:
    assert values(text, dt.date(2010, 7, 1)) == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("Alabama Gov. Bob Riley will tour the command center in Mobile , Ala. , on Tuesday .",
         dt.date(2010, 5, 10), ["2010-05-11"]),
        ("The Senate agreed on Monday. He will sign the bill on Tuesday .", dt.date(2011, 3, 25),
         ["2011-03-21", "2011-03-29"]),
        ("Also on Tuesday , U.S. Attorney General Eric Holder will meet prosecutors .",
         dt.date(2010, 5, 31), ["2010-06-01"]),
        ("He said that he will join the Rand Corp. as a fellow , starting Monday .",
         dt.date(2010, 10, 1), ["2010-10-04"]),
        # a real full stop still ends the sentence: the "will" of the next one is not this one's
        ("The talks ended on Monday . They will resume later .", dt.date(2010, 10, 1), ["2010-09-27"]),
    ],
)
def test_an_abbreviation_does_not_end_the_sentence_of_a_tense_cue(text: str, dct: dt.date,
                                                                   expected: list[str]) -> None:
    assert [v for v in values(text, dct) if len(v) == 10] == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        # the clock time takes the day named after its time zone: one TIME expression, as TimeML annotates it
        ("Operation Odyssey Dawn began about 3 p.m. ET Saturday with missile launches .", dt.date(2011, 3, 21),
         [("3 p.m. ET Saturday", "2011-03-19T15:00")]),
        ("Bush will address the nation at 9 p.m. ET tonight .", dt.date(2008, 9, 24),
         [("9 p.m. ET tonight", "2008-09-24T21:00")]),
        ("The blast came at 3 p.m. Monday .", dt.date(2011, 3, 21), [("3 p.m. Monday", "2011-03-21T15:00")]),
        # with a written date also one ("twelve o'clock January 3, 1984" in the TimeML guidelines; TimeBank's
        # "5 p.m. EST, Nov. 6"); "on" between them makes two (TimeML leaves the "on" out of both)
        ("Cameron is due to discuss the crisis at 11 a.m. EDT on Saturday .", dt.date(2010, 6, 11),
         [("11 a.m. EDT", "2010-06-12T11:00"), ("Saturday", "2010-06-12")]),
        ("Posted at 7:01 pm ET February 11 , 2013 .", dt.date(2011, 1, 26),
         [("7:01 pm ET February 11 , 2013", "2013-02-11T19:01")]),
        ("Video provided by BP at 12:23 a.m. EDT , Saturday Sept. 4 , 2010 shows it .", dt.date(2010, 9, 3),
         [("12:23 a.m. EDT , Saturday Sept. 4 , 2010", "2010-09-04T00:23")]),
    ],
)
def test_clock_time_before_a_time_zone_takes_the_day_after_it(text: str, dct: dt.date,
                                                               expected: list[tuple[str, str]]) -> None:
    assert [(r.text, r.value) for r in default_tagger().tag(text, dct)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It will mark the first time since the explosion on 20 April that the oil has stopped .", ["2010-04-20"]),
        ("Obama will head to Louisiana for the second time since the April 20 blast .", ["2010-04-20"]),
        ("The Arab League monitors have been in Syria since December .", ["2009-12"]),
        # not across "and", a comma or "since then": the future tense of the clause decides
        ("He will stay there for the first time since then and return on Friday .", ["2010-07-16"]),
        ("The tour , which has taken her to China since March , is due to reach Egypt on November 6 .",
         ["2010-03", "2010-11-06"]),
    ],
)
def test_since_looks_back(text: str, expected: list[str]) -> None:
    assert values(text, dt.date(2010, 7, 13)) == expected


def test_future_tense_keeps_a_day_a_few_weeks_back_in_the_dcts_year() -> None:
    dct = dt.date(2010, 5, 9)
    assert values("Oil will continue leaking from the well that blew out on April 20 .", dct) == ["2010-04-20"]
    # further back, a future tense still means next year's
    assert values("The next summit will be held on March 1 .", dct) == ["2011-03-01"]


@pytest.mark.parametrize(
    "text",
    ["It airs at 10:40 every Saturday .", "Each Friday we will give an answer .",
     "Every Sunday afternoon my mother texts me .", "He can be heard on Radio 2 on Saturday nights ."],
)
def test_a_recurring_weekday_is_not_a_date(text: str) -> None:
    assert values(text) == []  # but a SET (see test_sets)


def test_a_weekday_with_a_part_of_day_is_still_a_date() -> None:
    assert values("On Saturday night he left .") == ["2019-02-23TNI"]


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("Its foreign minister is due in Damascus on Tuesday .", dt.date(2011, 8, 8), ["2011-08-09"]),
        ("Test results are due Monday , Grantham said .", dt.date(2010, 7, 4), ["2010-07-05"]),
        ("A memoir that is due out in April , the Journal reported .", dt.date(2011, 2, 3), ["2011-04"]),
        # "was due": the past
        ("He was due in Damascus on Tuesday but stayed away .", dt.date(2011, 8, 8), ["2011-08-02"]),
    ],
)
def test_is_due_points_to_the_future(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


def test_the_next_morning_is_the_day_after_the_last_one_mentioned() -> None:
    text = ("Murray gave Jackson propofol on the morning of 25 June 2009 , after sedatives during the previous night ."
            " He was arrested on Monday and released the next morning .")
    assert values(text, dt.date(2011, 1, 4)) == ["2009-06-25", "2009-06-24TNI", "2011-01-03", "2011-01-04TMO"]


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        # an irregular past tense is a past cue
        ("Anti - aircraft fire rang out across Tripoli on Monday , but air attacks are likely to slow .",
         dt.date(2011, 3, 22), ["2011-03-21"]),
        ("Libya 's government sought Wednesday to influence sentiment .", dt.date(2011, 3, 10), ["2011-03-09"]),
        # the end of a compound adjective is not ("the NATO - led alliance", "a so - called top kill")
        ("The NATO - led alliance has a mandate that expires on September 27 .", dt.date(2011, 7, 26),
         ["2011-09-27"]),
        ("The oil giant will try a so - called top kill on Wednesday .", dt.date(2010, 5, 25), ["2010-05-26"]),
    ],
)
def test_irregular_past_tenses_and_compound_adjectives(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Edward Taylor Newell b 1812 expanded his father 's business .", ["1812"]),
        ("Ann Williams , born circa 1807 in Wales , died 1885 .", ["1807", "1885"]),
        ("On the 1851 census , Richard Davies is listed .", ["1851"]),
        ("Mary Kinsey ( b. 1829 ) and Jemima ( b. c. 1831 ) .", ["1829", "1831"]),
        # still not years: counts and units
        ("Lets say in another 2000 years .", []),
        ("A Class B 1500 engine was born 1500 meters away .", []),
    ],
)
def test_years_of_births_deaths_and_censuses(text: str, expected: list[str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Founding Fathers did it some 235 years ago .", ["1784"]),
        ("1500 years ago she was rich and verdant .", ["0519"]),
        ("Lets say in another 2000 years .", []),
        ("They met 100 days ago .", ["2018-11-20"]),  # a count of days is exact arithmetic (was left out)
    ],
)
def test_hundreds_of_years_ago(text: str, expected: list[str]) -> None:
    assert values(text) == expected


def test_the_previous_weekday_is_before_the_dct() -> None:
    # in a Friday article, "the previous Friday" is a week back (it was the DCT itself)
    assert values("The turnout was above that of the previous Friday .", dt.date(2011, 6, 10)) == ["2011-06-03"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It is afghanistan 1980s all over again .", ["198"]),
        ("He was in the Brotherhood in the 1950s and 1960s .", ["195", "196"]),
        ("Bhopal : 1000s dead , chemicals still leaking .", []),
        ("The protests erupted in mid - March after arrests .", ["2018-03"]),
        ("The protests erupted in mid-March after arrests .", ["2018-03"]),
    ],
)
def test_bare_decades_and_mid_month(text: str, expected: list[str]) -> None:
    assert values(text) == expected


def test_in_the_next_day_or_two_counts_from_now() -> None:
    text = "On Monday he left . At some point in the next day or two the U.S. will say so . The next day he returned ."
    assert values(text, dt.date(2011, 1, 30)) == ["2011-01-24", "2011-01-31", "2011-02-01"]


def test_a_duration_before_earlier_this_month_is_not_an_anaphor() -> None:
    assert values("Egypt , where I spent a week earlier this month , is calm .", dt.date(2011, 9, 27)) == ["2011-09"]
    assert values("It struck one year ago today .", dt.date(2011, 7, 29)) == ["2010", "2011-07-29"]


@pytest.mark.parametrize(
    "text",
    ["The Sunday Times reported that BP is in talks .", "He told Britain 's Sunday Telegraph newspaper .",
     "She is a Mail on Sunday journalist .", "The events of Bloody Sunday were examined .",
     "It was fun on ` ` Saturday Night Live . ''"],
)
def test_a_weekday_in_a_name_is_not_a_date(text: str) -> None:
    assert values(text) == []


def test_a_weekday_before_a_capitalised_word_is_still_a_date() -> None:
    assert values("On Sunday Times Square was empty ; the Daily Mail on Friday said so .") == [
        "2019-02-24", "2019-02-22"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He was convicted in February 2010 and sentenced the following month .", ["2010-02", "2010-03"]),
        ("Shrimp landings were worth $ 442 million in 2008 , up 2 percent from the previous year .", ["2008", "2007"]),
        ("A summit on March 11 failed ; relations deteriorated further the following week .",
         ["2019-03-11", "2019-W12"]),
        # deictic: counted from the DCT
        ("Sales will rise next year .", ["2020"]),
        ("The previous week 's level was revised .", ["2019-W08"]),
    ],
)
def test_the_following_and_the_previous_count_from_the_story(text: str, expected: list[str]) -> None:
    assert values(text) == expected


def test_day_range_with_an_upper_case_month() -> None:
    assert values("8 - 18 MAY : CONTAINER DOME AND TOP HAT - FAILED", dt.date(2010, 6, 4)) == [
        "2010-05-08", "2010-05-18"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("UBS traces its roots to the mid-19th century .", ["18"]),
        ("The term was coined in the late 19th century .", ["18"]),
        ("Baghdad recovered and 19th century visitors proclaimed it beautiful .", ["18"]),
        ("a regime crafted in the wake of a 20th century economic crisis", ["19"]),
        ("the greatest actress of the 18th - century stage", ["17"]),
        # BC is not the DCT's era, and no century lies beyond the DCT's next one
        ("Two areas of 6th century BC brick pavement are exposed .", []),
        ("a 25th century starship", []),
    ],
)
def test_centuries_with_a_numeral_need_no_article(text: str, expected: list[str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("Civilian deaths rose 15 percent in the first half of 2011 .", dt.date(2011, 7, 29), ["2011-H1"]),
        ("During the first half of last year , 1,271 civilians were killed .", dt.date(2011, 7, 29), ["2010-H1"]),
        ("the second half of this year wo n't be pretty", dt.date(2009, 4, 28), ["2009-H2"]),
        ("growth will be weaker in the second half of the year", dt.date(2010, 6, 28), ["2010-H2"]),
        # a match's or a sum's half is no date
        ("He scored twice in the second half .", dt.date(2010, 6, 28), []),
        ("making sure that the second half of that money is spent properly", dt.date(2009, 2, 10), []),
    ],
)
def test_half_years(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected
    assert all(r.granularity == "half" for r in default_tagger().tag(text, dct))


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("He served in Korea sixty one years ago .", dt.date(2011, 3, 23), ["1950"]),
        ("Twenty-five years ago the plant exploded .", dt.date(2011, 3, 23), ["1986"]),
        ("Ninety years ago troops landed at Gallipoli .", dt.date(2005, 4, 25), ["1915"]),
        ("It needs current year dollar for dollar cuts .", dt.date(2011, 3, 7), ["2011"]),
    ],
)
def test_compound_counts_and_the_current_year(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        # "could" and "expects" look ahead, like "will"
        ("Forecasters suggest the oil could reach Florida 's shores by Friday .", dt.date(2010, 6, 3), ["2010-06-04"]),
        ("BP could install a new system by late August , Wells told the commission .", dt.date(2010, 7, 13),
         ["2010-08"]),
        ("BP expects the well to be completely sealed on Saturday .", dt.date(2010, 9, 16), ["2010-09-18"]),
        # but not a negated or perceived past, nor an expectation that was not met
        ("Why could n't you do this before Saturday ?", dt.date(2009, 4, 29), ["2009-04-25"]),
        ("Fierce artillery fire could be heard around Zawiya on Friday .", dt.date(2011, 8, 20), ["2011-08-19"]),
        ("I did n't expect him to come to celebrate Christmas with me .", dt.date(2009, 5, 6), ["2008-12-25"]),
    ],
)
def test_could_and_expects_point_ahead(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("investors fear the seepage could signal that the April 20 blowout damaged the well",
         dt.date(2010, 7, 19), ["2010-04-20"]),
        ("Obama 's late March decision to expand drilling could be altered .", dt.date(2010, 5, 3), ["2010-03"]),
        ("hoping to bolster confidence shaken after the March 11 earthquake", dt.date(2011, 7, 21),
         ["2011-03-11"]),
        ("It can not restore the Gulf to its pre - April 20 state .", dt.date(2010, 6, 30), ["2010-04-20"]),
        # an election may lie ahead
        ("The party will fight the November 2 elections .", dt.date(2010, 10, 6), ["2010-11-02"]),
    ],
)
def test_a_date_naming_a_past_event_is_past(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("the rig exploded last April 20 .", dt.date(2010, 12, 15), ["2010-04-20"]),
        ("the rig exploded last December 20 .", dt.date(2010, 12, 15), ["2009-12-20"]),
        ("The vote is next May 3 , he said .", dt.date(2010, 6, 1), ["2011-05-03"]),
        ("Mexico 's usual May Day celebrations were canceled .", dt.date(2009, 5, 1), ["2009-05-01"]),
        ("There is no Clinton on a ticket this Fall .", dt.date(2008, 9, 16), ["2008-FA"]),
        ("We will travel next Summer .", dt.date(2010, 6, 1), ["2011-SU"]),
        ("In previous days , NATO planes had hit targets .", dt.date(2011, 8, 19), ["PAST_REF"]),
        # Timeline17 escapes the slash of numeric dates
        ("The execution of a couple on 04\\/15\\/2009 by the Taliban .", dt.date(2011, 1, 28), ["2009-04-15"]),
    ],
)
def test_last_month_day_may_day_capitalised_seasons_and_escaped_slashes(text: str, dct: dt.date,
                                                                      expected: list[str]) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        ("He worked there before the September 11 attacks .", dt.date(2005, 11, 21), ["2001-09-11"]),
        ("the Sept. 11 terrorist attacks and the 2007 shooting", dt.date(2010, 8, 21), ["2001-09-11", "2007"]),
        # a September 11 that is no anniversary of the attacks keeps the rules of any month-day
        ("The vote will be held on Sept. 11 .", dt.date(2010, 6, 1), ["2010-09-11"]),
    ],
)
def test_the_september_11_attacks(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He moved away some time after 1841 to Monmouthshire .", ["1841"]),
        ("He died , however , before 1881 when his wife was listed as a widow .", ["1881"]),
        ("Pryce was bn 1895 Shrewsbury .", ["1895"]),
        # a survey's count is no year
        ("ComRes interviewed 2028 British adults online .", []),
    ],
)
def test_more_year_cues_and_survey_counts(text: str, expected: list[str]) -> None:
    assert values(text, dt.date(2011, 3, 21)) == expected


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        # a page's stamp earlier in the sentence is the date its weekdays count from
        ("updated : Fri Apr 01 2011 21:00:00 Battles raged in Libya on Friday as talks failed .",
         dt.date(2011, 2, 21), ["2011-04-01T21:00", "2011-04-01"]),
        ("9:32 am ET February 11 , 2013 RETWEET Five Arab leaders on GPS this Sunday at 10 a.m. ET on CNN",
         dt.date(2011, 3, 31), ["2013-02-11T09:32", "2013-02-17", "2013-02-17T10:00"]),
        # not a date in another sentence, nor one far back in a long run
        ("He was born on 25 June 1958 . He was arrested on Monday .", dt.date(2011, 1, 4),
         ["1958-06-25", "2011-01-03"]),
        ("Jackson ( born August 29 , 1958 ) sang Billie Jean , Bad , Black or White , Earth Song , Thriller , "
         "Beat It and many more hits , and the coroner 's office said there was no evidence of foul play "
         "after an autopsy on Friday .", dt.date(2009, 6, 29), ["1958-08-29", "2009-06-26"]),
    ],
)
def test_a_stamp_in_the_sentence_anchors_its_weekdays(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The talks lasted three days and two weeks .",
         [("three days", "DURATION", "P3D"), ("two weeks", "DURATION", "P2W")]),
        ("after 16-hour shifts and a two - day visit",
         [("16-hour", "DURATION", "PT16H"), ("two - day", "DURATION", "P2D")]),
        ("It took 5 1/2 hours , then several weeks .",
         [("5 1/2 hours", "DURATION", "PT5H30M"), ("several weeks", "DURATION", "PXW")]),
        ("It doubled over the past decade and the past two months .", [("the past decade", "DURATION", "P10Y"),
                                                                   ("the past two months", "DURATION", "P2M")]),
        ("Talks are expected in coming days ; prices rose in recent weeks .",
         [("coming days", "DURATION", "PXD"), ("recent weeks", "DURATION", "PXW")]),
        ("It was for a month .", [("a month", "DURATION", "P1M")]),
        ("It took 2 1/2 years , a couple of years more than planned .",
         [("2 1/2 years", "DURATION", "P2Y6M"), ("a couple of years", "DURATION", "P2Y")]),
        ("Sales will rise over the next three quarters .", [("the next three quarters", "DURATION", "P9M")]),
        # a count of one without a length word is no duration; an age is none either; "ago" is a date
        ("It was a day of firsts . One day he left . The boy is five years old .", []),
        ("He left two years ago .", [("two years ago", "DATE", "2017")]),
    ],
)
def test_durations(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(r.text, r.type, r.value) for r in default_tagger().tag(text, DCT)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It airs every Saturday .", [("every Saturday", "SET", "XXXX-WXX-6")]),
        ("Each Friday we will give an answer .", [("Each Friday", "SET", "XXXX-WXX-5")]),
        ("He can be heard on Radio 2 on Saturday nights .", [("Saturday nights", "SET", "XXXX-WXX-6TNI")]),
        ("The paper is published daily , and meets every other week .",
         [("daily", "SET", "P1D"), ("every other week", "SET", "P2W")]),
        ("She earns $ 5 million a year .", [("a year", "SET", "P1Y")]),
        ("The Daily Mail said so .", []),
    ],
)
def test_sets(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(r.text, r.type, r.value) for r in default_tagger().tag(text, DCT)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("They met Friday afternoon and yesterday morning .", [("Friday afternoon", "TIME", "2019-02-22TAF"),
                                                                ("yesterday morning", "TIME", "2019-02-27TMO")]),
        ("The deadline will expire at 15:00 GMT Saturday .", [("15:00 GMT Saturday", "TIME", "2019-03-02T15:00")]),
        ("The market closed at 4 p.m. ; he spoke at noon .", [("4 p.m.", "TIME", "2019-02-28T16:00")]),
    ],
)
def test_times_of_day(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(r.text, r.type, r.value) for r in default_tagger().tag(text, DCT)] == expected


def test_time_and_duration_types_do_not_move_event_dates() -> None:
    # a TIME is on its day (granularity "day"), a DURATION or SET names no day
    refs = default_tagger().tag("At 3 p.m. Tuesday , after two days , every Monday .", DCT)
    assert [(r.type, r.granularity, r.day) for r in refs] == [
        ("TIME", "day", dt.date(2019, 2, 26)), ("DURATION", "none", None), ("SET", "none", None)]


@pytest.mark.parametrize(
    "text, dct, expected",
    [
        # the case: a past tense puts a month-day later in the year than the DCT in last year
        ("The talks on December 31 failed .", DCT, ["2018-12-31"]),
        # one month-day path for every form: the British order, the ordinal and the US order
        ("It changed after the 11 September attacks .", dt.date(2011, 5, 2), ["2001-09-11"]),
        ("It changed after the 11th of September attacks .", dt.date(2011, 5, 2), ["2001-09-11"]),
        ("It changed after the Sept. 11 attacks .", dt.date(2011, 5, 2), ["2001-09-11"]),
        # no tense cue and more than nine months away: the nearer year
        ("Rescued on Nov. 25 by fishermen , Elian stayed .", dt.date(2000, 1, 7), ["1999-11-25"]),
        # a plan and "as soon as" look ahead; "as planned" and "had planned" do not
        ("The team planned to leave Nairobi on Thursday .", dt.date(1998, 9, 30), ["1998-10-01"]),
        ("The group might come as soon as Tuesday , reports said .", dt.date(2000, 4, 3), ["2000-04-04"]),
        ("He retired , as scheduled , on June 30 .", dt.date(2010, 10, 1), ["2010-06-30"]),
        ("Crews had planned to spend Wednesday on it .", dt.date(2010, 7, 22), ["2010-07-21"]),
        ("It had been due to expire Friday evening .", dt.date(1989, 10, 30), ["1989-10-27TEV"]),
        # a decision or request looks ahead to what its infinitive names; not "agreed to the move on Tuesday",
        # nor a clause with its own time ("vowed to retake it after retreating on Thursday")
        ("NATO has decided to admit Poland in early March , an official said .", dt.date(1999, 2, 10),
         ["1999-03"]),
        ("He subpoenaed Elian to testify before the committee on Feb. 10 .", dt.date(2000, 1, 7), ["2000-02-10"]),
        ("It agreed to sell the line for $22 million in February .", dt.date(1989, 10, 30), ["1990-02"]),
        # a present passive is the present, whatever past verb came before it
        ("The relatives said they will lose when the case is heard in May .", dt.date(2000, 3, 29), ["2000-05"]),
        ("Officials said the constitution is supposed to be put to a referendum on October 15 .",
         dt.date(2005, 8, 24), ["2005-10-15"]),
        ("He announced in July that he would step down effective Oct. 1 .", dt.date(2010, 12, 1),
         ["2010-07", "2010-10-01"]),
        ("The assembly agreed to the move on Tuesday .", dt.date(2011, 3, 3), ["2011-03-01"]),
        ("Rebels vowed to retake it after retreating on Thursday .", dt.date(2012, 8, 10), ["2012-08-09"]),
        # "until" is a deadline ahead when nothing is past or the past verb set it; not after a past state
        ("Officials postponed until Tuesday morning any action .", dt.date(2000, 3, 30), ["2000-04-04TMO"]),
        ("The school has been closed until Monday .", dt.date(2009, 6, 30), ["2009-07-06"]),
        ("The court order said he must remain in Miami until March 6 .", dt.date(2000, 1, 15), ["2000-03-06"]),
        ("He had not read the plan until Friday .", dt.date(2008, 9, 24), ["2008-09-19"]),
        ("INS extended its deadline until 9 a.m. EST Tuesday .", dt.date(2000, 4, 3), ["2000-04-04T09:00"]),
        ("The next hearing will not be until February 3 .", dt.date(2005, 11, 4), ["2006-02-03"]),
        # what a reporting verb's clause says has its own time; the verb right before a date dates the saying
        ("Conseco Inc. said it is calling for the redemption on Dec. 7 .", dt.date(1989, 10, 30), ["1989-12-07"]),
        ("The minister stated in Parliament on 25 November that it was a breach .", dt.date(2005, 4, 28),
         ["2004-11-25"]),
        ("Mubarak told ABC News Thursday that he would like to step down .", dt.date(2011, 2, 4), ["2011-02-03"]),
        ("AT&T announced a drop in profits for the fourth quarter .", dt.date(1998, 1, 26), ["1997-Q4"]),
        # a record date falls due; an initial's period ends no sentence, so "will" reaches the date
        ("A dividend , payable Dec. 15 to stock of record Nov. 17 , was declared .", dt.date(1989, 10, 26),
         ["1989-12-15", "1989-11-17"]),
        ("Mr. Schwarz will succeed Daniel P. Davison Feb. 1 .", dt.date(1989, 10, 26), ["1990-02-01"]),
        # a scheduled event in the present tense lies ahead, only when its verb comes before the date
        ("He and Arafat meet separately Monday with Albright .", dt.date(1998, 5, 1), ["1998-05-04"]),
        ("Tuesday evening , the mud begins to swirl .", dt.date(2010, 5, 26), ["2010-05-25TEV"]),
        ("They did not meet Monday .", dt.date(1998, 5, 1), ["1998-04-27"]),
        # a chronology run together on one line: each entry is past, whatever the next entry's verb
        ("8 May : A dome fails to cap the leak 2 June : The government begins an inquiry 15 July : A cap "
         "halts the spill", dt.date(2010, 9, 8), ["2010-05-08", "2010-06-02", "2010-07-15"]),
        ("The House rejected funds for fiscal year 2012 , which begins October 1 .", dt.date(2011, 7, 7),
         ["2012", "2011-10-01"]),
        # "next to" is no future; "the hastily planned trip" is an adjective; "could be located" a past search
        ("Many died in the blasts next to the U.S. embassies on Friday .", dt.date(1998, 8, 8), ["1998-08-07"]),
        ("On Friday , when Albright set aside plans for the hastily planned trip , he left .", dt.date(1998, 8, 17),
         ["1998-08-14"]),
        ("Neither he nor his grandparents could be located Wednesday .", dt.date(2000, 1, 6), ["2000-01-05"]),
        ("They would look for ways to get around Wednesday 's ruling .", dt.date(2000, 1, 7), ["2000-01-05"]),
    ],
)
def test_tense_and_one_month_day_path(text: str, dct: dt.date, expected: list[str]) -> None:
    assert values(text, dct) == expected


def test_live_blog_stamps_and_game_quarters_are_not_dates() -> None:
    text = "Protests grew on Friday .\n1939 : Protesters gather .\nHe scored 12 points in the fourth quarter ."
    assert values(text, dt.date(2011, 2, 5)) == ["2011-02-04", "2011-02-04T19:39"]
    assert values("Profit will rise 5 % in the fourth quarter .", dt.date(2011, 5, 2)) == ["2011-Q4"]
    assert values("Profit rose 5 % in the first quarter .", dt.date(2011, 5, 2)) == ["2011-Q1"]


@pytest.mark.parametrize("dct", [dt.date(1, 1, 1), dt.date(1000, 1, 1), dt.date(2999, 12, 31), dt.date(9999, 12, 31)])
def test_new_expression_types_are_safe_at_the_ends_of_the_calendar(dct: dt.date) -> None:
    from dateline.annotate import annotate
    from dateline.model import Article

    text = ("Rescued on Nov. 25 , it rose from a year earlier in the third quarter , the quarter and the year-ago "
            "period . He left at noon Thursday , 15:00 GMT Saturday , Friday night and the next morning . It took "
            "three days , every Monday , daily , the past decade , for the year ended Sept. 30 , this Fall .")
    default_tagger().tag(text, dct)  # no OverflowError or ValueError at the ends of `datetime`'s range
    for s in annotate(Article("x", "", "", dct, "", text)):
        for ref in s.timerefs:  # what reaches the store is well formed: four-digit years, or no year at all
            assert ref.value[:4].isdigit() or ref.value[0].isalpha(), ref


def test_years_off_the_calendar_are_not_named() -> None:
    """Relative years past 9999 or before 1 are no reading: not a five-digit year, not the year 1000 for
    "the next decade" in 9999 (a decade value of four digits reads as a year), not a negative year."""
    text = "Next year , the next decade , the last decade , last year and 10 years ago ."
    assert values(text, dt.date(9999, 12, 31)) == ["998", "9998", "9989"]
    assert values(text, dt.date(1, 1, 1)) == ["0002", "001"]
    assert values(text, dt.date(5, 6, 1)) == ["0006", "001", "0004"]


def test_half_years_recurring_months_and_the_fiscal_year() -> None:
    tagged = default_tagger().tag("Earnings for the last half of 1989 fell ; sales in the current fiscal year "
                                  "rise ; Orangemen march each July .", dt.date(1989, 10, 26))
    assert [(r.text, r.type, r.value) for r in tagged] == [
        ("the last half of 1989", "DATE", "1989-H2"), ("the current fiscal year", "DATE", "1989"),
        ("each July", "SET", "XXXX-07")]


def test_spelled_years_and_the_past() -> None:
    tagged = default_tagger().tag(
        "In nineteen ninety-one he was convicted . January nineteen ninety-seven . The winter of nineteen "
        "ninety-four . By the year two thousand . Nineteen ninety-nine people came . In the past , it failed ; "
        "the past tense ; for the past three summers .", dt.date(1998, 2, 12))
    assert [(r.text, r.value) for r in tagged] == [
        ("nineteen ninety-one", "1991"), ("January nineteen ninety-seven", "1997-01"),
        ("The winter of nineteen ninety-four", "1994-WI"), ("the year two thousand", "2000"),
        ("the past", "PAST_REF")]


def test_that_year_is_the_storys_last_year_and_that_day_is_not_tagged() -> None:
    text = "He fled in June 1998 and returned later that year . She has not been seen since that day ."
    assert [(r.text, r.value) for r in default_tagger().tag(text, dt.date(2000, 1, 28))] == [
        ("June 1998", "1998-06"), ("later that year", "1998")]


def test_a_month_day_just_after_a_full_date_far_from_the_dct_is_in_its_year() -> None:
    """The story's own year after "On March 13 2003" ("What is left" in bench/results/timex.md); only forward
    and close: a birth date long before does not move a later month-day."""
    assert values("On March 13 2003 , he wrote a memo . On March 17 , Lord Goldsmith stated it . The March 17 "
                  "statement was short .", dt.date(2005, 2, 23)) == ["2003-03-13", "2003-03-17", "2003-03-17"]
    assert values("Jackson ( born August 29 , 1958 ) died . An autopsy on June 26 found nothing .",
                  dt.date(2009, 6, 29)) == ["1958-08-29", "2009-06-26"]


def test_a_length_of_time_without_a_count() -> None:
    tagged = default_tagger().tag("For weeks the government held rallies ; troops come within weeks ; it has "
                                  "been troubled for years ; a for days - old plan .", dt.date(2000, 1, 7))
    assert [(r.text, r.type, r.value) for r in tagged] == [
        ("weeks", "DURATION", "PXW"), ("weeks", "DURATION", "PXW"), ("years", "DURATION", "PXY")]


def test_a_length_before_or_after_an_undated_event_is_a_duration() -> None:
    tagged = default_tagger().tag("He resumed work nearly two months after his team was blocked , and left "
                                  "two days before the vote .", dt.date(1998, 3, 6))
    assert [(r.text, r.type, r.value) for r in tagged] == [
        ("nearly two months", "DURATION", "P2M"), ("two days", "DURATION", "P2D")]  # TimeML keeps "nearly"


def test_a_single_unit_after_barely_or_as_long_as_is_a_length() -> None:
    tagged = default_tagger().tag("It comes barely a month after the cuts ; the appeal could take as long as a "
                                  "month or two ; a day of firsts .", dt.date(1998, 2, 13))
    assert [(r.text, r.value) for r in tagged] == [("a month", "P1M"), ("a month", "P1M")]


def test_a_date_set_for_lies_ahead_and_a_present_perfect_is_past() -> None:
    dct = dt.date(2013, 6, 12)
    assert values("A provisional trial date was set for October 28 .", dct) == ["2013-10-28"]
    assert values("The hearing is slated for March 3 .", dct) == ["2014-03-03"]
    assert values("Oil prices have come down from the middle of October .", dt.date(1998, 2, 23)) == ["1997-10"]
    # the deadline a present perfect set still lies ahead
    assert values("The INS has given the relatives until 9 a.m. Tuesday to sign .", dt.date(2000, 4, 3)) == [
        "2000-04-04T09:00"]


def test_a_decimal_ends_a_sentence() -> None:
    # "2082.1." ended no sentence, so the next sentence's tense reached back across it
    assert values("The index closed at 2082.1. On Thursday it will rise .", dt.date(1989, 10, 30)) == ["1989-11-02"]


def test_the_previous_or_following_weekday_counts_from_the_story_day() -> None:
    def tagged(text: str) -> list[tuple[str, str]]:
        return [(r.text, r.value) for r in default_tagger().tag(text, dt.date(1989, 10, 30))]
    assert tagged("On Friday , Oct. 13 , the index fell 4.5 % from the previous Friday .")[-1] == (
        "the previous Friday", "1989-10-06")
    assert tagged("On Friday , Oct. 13 , the index fell ; it recovered the following Monday .")[-1] == (
        "the following Monday", "1989-10-16")


@pytest.mark.parametrize(
    "text, expected",
    [
        # a written date with its year and the clock after it are one TIME expression (a page's stamp)
        ("John Jenkin held\n10 Jun 2013 09:10\nA goth was questioned .", [("10 Jun 2013 09:10", "2013-06-10T09:10")]),
        ("Updated: July 7, 2012, 10:04 PM ET Klitschko won .", [("July 7, 2012, 10:04 PM ET", "2012-07-07T22:04")]),
        ("THURSDAY, APRIL 11, 2013, 12:12 AM Two men", [("THURSDAY, APRIL 11, 2013, 12:12 AM", "2013-04-11T00:12")]),
        ("On Saturday 8 June 2013, at 8:39am police came .", [("Saturday 8 June 2013, at 8:39am", "2013-06-08T08:39")]),
        ("Posted 2/13/2009 11:11 PM Williams", [("2/13/2009 11:11 PM", "2009-02-13T23:11")]),
        # not a count after a date, nor a clock without its am/pm ("5:55p")
        ("On May 5, 2010 10 people died .", [("May 5, 2010", "2010-05-05")]),
        ("Wins on Jul 7 2012, 5:55p Klitschko", [("Jul 7 2012", "2012-07-07")]),
        # British clock times; the period after "am" ends the sentence
        ("Police were called at 8.40am on Saturday .", [("8.40am", "2013-06-08T08:40"), ("Saturday", "2013-06-08")]),
        ("He was arrested around 9.35am. He faces a charge .", [("9.35am", "2013-06-10T09:35")]),
        # upper-case dates
        ("CHARGERS LINEMAN 10:55 P.M. FEB. 2, 2009 Williams", [("10:55 P.M. FEB. 2, 2009", "2009-02-02T22:55")]),
    ],
)
def test_clock_times_with_their_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(r.text, r.value) for r in default_tagger().tag(text, dt.date(2013, 6, 10))] == expected


def test_a_live_blog_stamp_is_on_the_page_day() -> None:
    # a stamp opening a line is the page's day, not the day the story last named
    text = "The well blew out on April 20 .\n4 pm : Bobby Jindal holds a press conference .\n"
    assert values(text, dt.date(2010, 5, 26)) == ["2010-04-20", "2010-05-26T16:00"]
    # a clock time within a sentence still takes the story's day
    assert values("The well blew out on April 20 at 10 pm .", dt.date(2010, 5, 26)) == [
        "2010-04-20", "2010-04-20T22:00"]


def test_the_day_before_a_date_and_plans_called_off_or_put_off() -> None:
    assert values("The day before last Tuesday 's hearing , Manuel went to the home .", dt.date(2000, 2, 24)) == [
        "2000-02-21"]
    # a plan that was called off is a past one; one put off until a day is ahead
    assert values("A memorial service planned for Saturday was canceled after plans leaked .",
                  dt.date(1999, 10, 24)) == ["1999-10-23"]
    assert values("A memorial service is planned for Saturday .", dt.date(1999, 10, 24)) == ["1999-10-30"]
    assert values("The judge said before postponing the testimony until Monday .", dt.date(2013, 4, 12)) == [
        "2013-04-15"]


def test_financial_reporting_periods() -> None:
    def tagged(text: str) -> list[tuple[str, str]]:
        return [(r.text, r.value) for r in default_tagger().tag(text, dt.date(1989, 11, 2))]
    assert tagged("Sales in the latest period rose .") == [("the latest period", "1989-Q3")]
    assert tagged("Net fell , compared with year-earlier profit ; the year-earlier nine months were weak .") == [
        ("year-earlier", "1988"), ("nine months", "P9M")]
    # after a quarter, that quarter a year back
    assert tagged("It lost money in the third quarter , compared with a year-earlier loss .") == [
        ("the third quarter", "1989-Q3"), ("year-earlier", "1988-Q3")]


def test_year_end_and_periods_that_ended_and_records_set() -> None:
    def tagged(text: str, dct: dt.date = dt.date(1989, 10, 27)) -> list[tuple[str, str]]:
        return [(r.text, r.value) for r in default_tagger().tag(text, dct)]
    # "year-end" after a preposition is the year's last day: ahead, or last year's in the past tense
    assert tagged("It expects to complete the sale by year-end .") == [("year-end", "1989-12-31")]
    assert tagged("The index has risen 5 % since year-end .") == [("year-end", "1988-12-31")]
    assert tagged("He expects year-end bonuses .") == []
    # a period that has ended is on or before the DCT, even a few days after it in the calendar
    assert tagged("In the second quarter ended Oct. 31 , it lost money .") == [
        ("the second quarter", "1989-Q2"), ("Oct. 31", "1988-10-31")]
    assert tagged("It ended on Oct. 20 .") == [("Oct. 20", "1989-10-20")]
    # a record "set on" a day was set in the past; "is set on" is a date ahead
    assert tagged("The index is near its record high set on Dec. 6 .") == [("Dec. 6", "1988-12-06")]
    assert tagged("The vote is set on Dec. 6 .") == [("Dec. 6", "1989-12-06")]
    # an invitation is to an event ahead, however long the list of guests
    assert tagged("Albright has invited the foreign ministers of Poland , the Czech Republic and Hungary to a "
                  "ceremony in Independence , Mo. , on March 12 .", dt.date(1999, 2, 16)) == [("March 12", "1999-03-12")]


def test_a_plan_dated_by_a_fronted_day_and_dotted_dates() -> None:
    def tagged(text: str, dct: dt.date) -> list[tuple[str, str]]:
        return [(r.text, r.value) for r in default_tagger().tag(text, dct)]
    wednesday = dt.date(1998, 9, 30)
    # the fronted day dates the planning; a day after the plan is what was planned
    assert tagged("On Friday , the Kenyan government planned to pay the first claims .", wednesday) == [
        ("Friday", "1998-09-25")]
    assert tagged("The government planned to pay on Friday .", wednesday) == [("Friday", "1998-10-02")]
    assert tagged("On Friday , a meeting scheduled for noon will open .", wednesday) == [("Friday", "1998-10-02")]
    # "08.07.2012": day, month and a four-digit year, the reading nearer the DCT; not a version number
    assert tagged("Article posted on 08.07.2012 Wladimir", dt.date(2012, 7, 8)) == [("08.07.2012", "2012-07-08")]
    assert tagged("married on 23.1.1818 .", dt.date(2010, 6, 29)) == [("23.1.1818", "1818-01-23")]
    assert tagged("version 1.5.10 and 1.2.2012.5", dt.date(2012, 7, 8)) == []


def test_the_rules_chosen_by_first_character_match_as_the_full_alternation() -> None:
    from dateline.annotate.timex import RuleTagger, _first_chars
    # the first characters read from sre's parse tree: optional groups, classes, (?i:...); lookaheads ignored,
    # and a pattern that can match nothing can start with anything
    assert _first_chars(r"(?:(?P<m>[Tt]his)\s+)?\d") == frozenset("Tt0123456789")
    assert _first_chars(r"(?i:ab)|(?=x)c") == frozenset("aAc")
    assert len(_first_chars(r"a?")) == 128
    text = (Path(__file__).resolve().parents[1] / "examples" / "seed-article.txt").read_text() + (
        " On Monday, Jan. 5, 2015 at 3 p.m. EST , the 1990s , the 19th century , 2/3/2019 , 08.07.2012 , "
        "twenty-five years ago , a few weeks , every Tuesday , the third quarter , last week , Christmas Eve , "
        "10 Jun 2013 09:10 , nineteen ninety-one , mid-March , the end of May , later that year , recently .")
    dct = dt.date(2015, 3, 2)
    chosen = RuleTagger()
    full = RuleTagger()
    full._alternation_at = lambda two: full._rx  # type: ignore[method-assign]  # every hit: the whole alternation
    found = chosen.tag(text, dct)
    assert len(found) > 25 and found == full.tag(text, dct)


def test_a_length_s_modifier_is_in_the_expression() -> None:
    # TimeML's extent holds the modifier its mod attribute names; not "about" or "over" (TBAQ leaves them out)
    tagged = [(r.text, r.value) for r in default_tagger().tag(
        "It lasted nearly two months , more than four hours , at least the past 18 months , almost four years "
        "ago , about three weeks , over the past two years .", dt.date(1998, 3, 1))]
    assert tagged == [("nearly two months", "P2M"), ("more than four hours", "PT4H"),
                      ("at least the past 18 months", "P18M"), ("almost four years ago", "1994"),
                      ("three weeks", "P3W"), ("the past two years", "P2Y")]


def test_counts_of_three_digits_and_more_between_count_and_unit() -> None:
    tagged = [(r.text, r.value) for r in default_tagger().tag(
        "It can hold them up to 180 days , two more weeks , three full days ; the campaign 138 days from now ; "
        "500 years from now .", dt.date(2010, 6, 18))]
    assert tagged == [("up to 180 days", "P180D"), ("two more weeks", "P2W"), ("three full days", "P3D"),
                      ("138 days from now", "2010-11-03"), ("500 years from now", "2510")]
