"""Quotation extraction: every quoting style, attribution shapes, resolution, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.annotate.quotes import extract_quotes, speaker_key, speaker_matches

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_e1c08644f620b041.txt"


def _direct(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(q.text, q.resolved, q.cue) for q in extract_quotes(text) if q.kind == "direct"]


def _indirect(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(q.text, q.resolved, q.cue) for q in extract_quotes(text) if q.kind == "indirect"]


@pytest.mark.parametrize(
    "text",
    [
        'Jane Doe, the mayor, arrived. "We will rebuild the bridge," Doe said.',
        "Jane Doe, the mayor, arrived. “We will rebuild the bridge,” Doe said.",
        "Jane Doe, the mayor, arrived. «We will rebuild the bridge», Doe said.",
        "Jane Doe, the mayor, arrived. ‘We will rebuild the bridge,’ Doe said.",
        "Jane Doe , the mayor , arrived . `` We will rebuild the bridge , '' Doe said .",
        "Jane Doe, the mayor, arrived. 'We will rebuild the bridge,' Doe said.",
    ],
)
def test_every_quoting_style_gives_the_quote_and_the_full_name(text: str) -> None:
    assert _direct(text) == [("We will rebuild the bridge", "Jane Doe", "said")]


def test_offsets_point_into_the_text() -> None:
    text = "“No deal,” said President Donald Trump. Later he left."
    (q,) = extract_quotes(text)
    assert text[q.start : q.end] == q.text == "No deal"
    assert (q.speaker, q.resolved, q.kind) == ("President Donald Trump", "Donald Trump", "direct")


def test_nested_quotes_stay_inside_the_outer_quote() -> None:
    text = "“He told me ‘never again’ and left,” Anna Berg said."
    assert _direct(text) == [("He told me ‘never again’ and left", "Anna Berg", "said")]


def test_apostrophes_in_british_single_quotes_do_not_end_the_quote() -> None:
    text = "Tom Lee said: ‘We don’t know what’s coming next.’"
    assert _direct(text) == [("We don’t know what’s coming next.", "Tom Lee", "said")]


def test_a_quote_over_several_paragraphs_is_one_span_per_paragraph_with_one_speaker() -> None:
    text = (
        "Maria Lopez, the union's leader, spoke first. “We have waited for ten years for this day.\n\n"
        "“Nobody will take it from us now,” she said."
    )
    quotes = _direct(text)
    assert quotes == [
        ("We have waited for ten years for this day.", "Maria Lopez", "said"),
        ("Nobody will take it from us now", "Maria Lopez", "said"),
    ]
    assert "\n" not in "".join(q.text for q in extract_quotes(text))


def test_partial_quotes_and_participle_cues_take_the_sentence_subject() -> None:
    text = (
        "From the outset, Donald Trump had played down hopes, saying he was in “no rush” to sign a deal.\n\n"
        "However, he did dangle a brighter future, at one point saying there was “awesome” potential."
    )
    assert _direct(text) == [("no rush", "Donald Trump", "saying"), ("awesome", "Donald Trump", "saying")]


def test_roles_and_pronouns_resolve_to_the_named_person() -> None:
    text = (
        "US President Donald Trump met Kim Jong Un.\n\n"
        "“It was a productive meeting,” the president told reporters.\n\n"
        "Mr Kim said nothing. “We will see,” he added later."
    )
    assert _direct(text) == [
        ("It was a productive meeting", "Donald Trump", "told"),
        ("We will see", "Kim Jong Un", "added"),
    ]


def test_organisations_and_media_are_speakers() -> None:
    text = "The talks failed, according to the White House. North Korea's KCNA said the US had acted in bad faith."
    assert _indirect(text) == [
        ("The talks failed", "White House", "according to"),
        ("the US had acted in bad faith", "KCNA", "said"),
    ]


def test_indirect_speech_shapes() -> None:
    text = (
        "Ann Smith, the minister, said on Monday that the plant would close.\n\n"
        "Eleven workers were missing, the Coast Guard said on Wednesday.\n\n"
        "The rig was safe, said Tom Brown, a BP engineer.\n\n"
        "Smith told reporters the decision was final.\n\n"
        "Smith denied the charges."
    )
    assert _indirect(text) == [
        ("the plant would close", "Ann Smith", "said"),
        ("Eleven workers were missing", "Coast Guard", "said"),
        ("The rig was safe", "Tom Brown", "said"),
        ("the decision was final", "Ann Smith", "told"),
    ]


def test_rarer_verbs_report_a_clause_without_that_only_when_a_finite_verb_follows() -> None:
    assert _indirect("General Ali Hadi predicted the rebels would face a hard fight.") == [
        ("the rebels would face a hard fight", "Ali Hadi", "predicted")
    ]
    assert _indirect("The group estimated at least 400 people have been killed.") == [
        ("at least 400 people have been killed", "The group", "estimated")
    ]
    assert _indirect("The minister denied the charges against him on Monday.") == []
    assert _indirect("Mary Lee promised to seek a new vote.") == []


def test_a_second_clause_with_its_own_subject_gets_its_own_speaker() -> None:
    text = "President Barack Obama cautioned that much work remains, and other officials warned that the well is not dead yet."
    assert _indirect(text) == [
        ("much work remains", "Barack Obama", "cautioned"),
        ("the well is not dead yet", "other officials", "warned"),
    ]


def test_definite_descriptions_resolve_to_the_speaker_introduced_before() -> None:
    text = ("BP said the well was sealed. The company said the cap would hold for weeks.\n\n"
            "A British official said the talks were over. The official said the envoy had left.")
    assert [who for _, who, _ in _indirect(text)] == ["BP", "BP", "A British official", "A British official"]


def test_titles_with_a_full_stop_and_people_of_organisations() -> None:
    assert _direct("“Mother Nature gets a vote,” said Adm. Thad Allen on Sunday.") == [
        ("Mother Nature gets a vote", "Thad Allen", "said")
    ]
    assert _indirect("Deep microbes ate the oil slowly, Bill Lehr of NOAA told reporters.") == [
        ("Deep microbes ate the oil slowly", "Bill Lehr", "told")
    ]
    assert _indirect("A spokesman for Transocean said the rig had passed its checks.") == [
        ("the rig had passed its checks", "A spokesman for Transocean", "said")
    ]


def test_an_appositive_name_after_a_role_and_hyphenated_titles() -> None:
    assert _indirect("The White House energy adviser, Carol Browner, said the oil had mostly gone.") == [
        ("the oil had mostly gone", "Carol Browner", "said")
    ]
    assert _indirect("Brigadier-General Al-Hadi al-Ujaili predicted the rebels would face a hard fight.") == [
        ("the rebels would face a hard fight", "Al-Hadi al-Ujaili", "predicted")
    ]
    assert _indirect("The cap is holding, Allen said Friday.")[0][1] == "Allen"


def test_a_capitalised_name_in_quotation_marks_is_not_a_quote() -> None:
    text = "Officials used the old name “British Petroleum” when making criticisms, Susman said."
    assert _direct(text) == []
    assert _direct("“Yes,” he said. “No way,” she said.")[0][0] == "Yes"


def test_a_quote_on_the_line_after_an_attribution_carries_on_that_speech() -> None:
    text = ("The plume is significant , said Chris Reddy of Woods Hole , who led the study .\n"
            "`` If you asked me five years ago , I would say no oil stays under water . ''\n"
            "`` So this is an important aspect of the science . ''\n")
    assert [who for _, who, _ in _direct(text)] == ["Chris Reddy", "Chris Reddy"]
    text = ("`` The army had to ask itself whether to go down with him , '' \n"
            "said William Quandt , a professor .\n")
    assert _direct(text) == [("The army had to ask itself whether to go down with him", "William Quandt", "said")]


def test_long_sentences_relative_clauses_and_clauses_after_said_are_not_inverted_speakers() -> None:
    text = ("Tightening the noose around Gaddafi , Tunisia said on Thursday its troops were patrolling "
            "fuel stations to curb the flow of smuggled gasoline into Libya .")
    assert _indirect(text) == [("its troops were patrolling fuel stations to curb the flow of smuggled gasoline into Libya",
                                "Tunisia", "said")]
    assert _indirect("A key lawmaker , Senator Jim Webb , who said on Monday he would introduce a resolution .") == [
        ("he would introduce a resolution", "Jim Webb", "said")
    ]
    text = ("On Friday , retired Coast Guard Admiral Thad Allen , the government 's incident commander , said the "
            "damaged blowout preventer had been replaced by a new one .")
    assert _indirect(text) == [("the damaged blowout preventer had been replaced by a new one", "Thad Allen", "said")]


def test_he_refers_to_the_subject_of_a_speech_verb_and_not_to_a_crowd() -> None:
    text = ("Anes Ali said the police fired first, but spokesman Tareq Shami denied that. "
            "“We did not call for any protests,” he said.")
    assert _direct(text) == [("We did not call for any protests", "Tareq Shami", "said")]


def test_unattributed_quotes_are_kept_without_a_guessed_speaker_and_scare_quotes_are_not() -> None:
    text = "The so-called “peace plan” failed.\n\n“Nobody knows what will happen to the city now.”"
    quotes = extract_quotes(text)
    assert [(q.text, q.speaker, q.resolved, q.cue) for q in quotes] == [
        ("Nobody knows what will happen to the city now.", None, None, None)
    ]


def test_a_quote_after_an_attributed_one_keeps_its_speaker() -> None:
    text = "`` There is nothing serious here , '' Ali Omar said .\n`` These are just young people fighting . ''"
    assert [r for _, r, _ in _direct(text)] == ["Ali Omar", "Ali Omar"]


@pytest.mark.parametrize(
    "text",
    [
        '"' * 10_001,
        "“" * 5000 + "”" * 3,
        "He said “this never closes and goes on " + "and on " * 2000,
        "‘a’ ’b‘ “c” ”d“ «e» »f« '' `` ' ` " * 500,
        "“outer ‘inner “deeper ‘deepest” ’ ” ”",
        "",
        "\n\n\n",
    ],
)
def test_bad_input_never_crashes_and_no_span_crosses_a_paragraph_end(text: str) -> None:
    for q in extract_quotes(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert "\n\n" not in text[q.start : q.end]


def test_an_unclosed_quote_ends_at_its_paragraph_end() -> None:
    text = "Sara Khan said: “We will never give up\n\nThe march went on."
    (q,) = [q for q in extract_quotes(text) if q.kind == "direct"]
    assert (q.text, q.resolved) == ("We will never give up", "Sara Khan")


@pytest.mark.parametrize(
    ("a", "b"), [("Kim Jong-un", "Kim Jong Un"), ("Mr Kim", "Kim"), ("President Donald Trump", "donald trump"), ("the White House", "White House"), ("Émile Zola", "Emile Zola")]
)
def test_speaker_key_makes_variants_one_speaker(a: str, b: str) -> None:
    assert speaker_key(a) == speaker_key(b)


def test_speaker_matches_a_part_of_a_name_but_not_a_part_of_a_word() -> None:
    assert speaker_matches("Kim", "Kim Jong Un")
    assert speaker_matches("kim jong-un", "Kim Jong Un")
    assert not speaker_matches("Ki", "Kim Jong Un")
    assert not speaker_matches("Trump", "Kim Jong Un")


@pytest.mark.shared
@pytest.mark.skipif(not SEED.exists(), reason="needs ../shared")
def test_the_seed_story() -> None:
    quotes = extract_quotes(SEED.read_text(encoding="utf-8"))
    direct = {(q.text, q.resolved) for q in quotes if q.kind == "direct"}
    assert ("very good and constructive", "Sarah Sanders") in direct
    assert ("no rush", "Donald Trump") in direct
    assert ("people who hold a sceptical view of our meeting", "Kim Jong Un") in direct
    assert not any(q.text == "Rocket men" for q in quotes)


def test_organisations_keep_their_names_and_acronyms_are_spelt_out() -> None:
    text = (
        "The World Health Organization met in Geneva on Monday . \n"
        "The WHO said the new strain was spreading in twelve countries . \n"
        "The US State Department said travel advice would not change for now . \n"
        "A spokesman for the Danish Serum Institute arrived . \n"
        "`` It poses no risk to public health , '' the institute said in a statement . "
    )
    assert [q.resolved for q in extract_quotes(text)] == [
        "World Health Organization", "US State Department", "Danish Serum Institute"
    ]


def test_a_possessive_description_is_its_own_speaker_and_an_apposition_names_it() -> None:
    text = (
        "The World Health Organization said the virus had reached Peru . \n"
        "The country 's health ministry said the man had been ill for a long time . \n"
        "`` We offer help to anyone who wants it , '' said Mr Dunne 's spokesman , Alan Forde . \n"
        "`` The talks will go on , '' said a spokeswoman , Mary Keane . "
    )
    assert [q.resolved for q in extract_quotes(text)] == [
        "World Health Organization", "The country 's health ministry", "Alan Forde", "Mary Keane"
    ]


def test_a_person_from_an_organisation_speaks_not_the_organisation() -> None:
    text = "But economist Lena Park from the University of Leeds told the BBC : `` The plan will cost far more than they say . ''"
    assert _direct(text) == [("The plan will cost far more than they say .", "Lena Park", "told")]


def test_trailing_attributions_with_more_after_them_and_wire_datelines() -> None:
    text = (
        "OSLO , June 3 , 2011 6:37 pm EDT -LRB- Reuters -RRB- - Ferries will stop running across the fjord , "
        "port officials said on Friday . \n"
        "The river has burst its banks in two places , the water board said as crews built new barriers "
        "along the road to the old town . \n"
        "The dam is safe for now , Ruud said , adding that engineers would check it again on Monday morning . \n"
        "The bridge will reopen next week , said ambassador Tom Berg to the United States . "
    )
    assert _indirect(text) == [
        ("Ferries will stop running across the fjord", "port officials", "said"),
        ("The river has burst its banks in two places", "the water board", "said"),
        ("The dam is safe for now", "Ruud", "said"),
        ("The bridge will reopen next week", "Tom Berg", "said"),
    ]


def test_they_refers_to_the_nearest_plural_subject() -> None:
    text = (
        "Human rights groups said the police had arrested twenty people . \n"
        "The marchers also demanded the release of the prisoners . \n"
        "`` Free them all , free them now , '' they chanted outside the court . "
    )
    assert _direct(text) == [("Free them all , free them now", "The marchers", "chanted")]


def test_joint_speakers_are_each_resolved_and_initials_end_no_sentence() -> None:
    text = (
        "William Quandt , a professor at the university , spoke on Monday . \n"
        "The army seemed to have had enough , Quandt and other analysts said . \n"
        "The head of the U.S. Travel Association has proposed that BP set aside $ 500 million for tourism . "
    )
    assert [q.resolved for q in extract_quotes(text)] == [
        "William Quandt and other analysts", "The head of the U.S. Travel Association"
    ]


def test_modern_wire_copy_titles_short_continuations_and_people_at_organisations() -> None:
    text = (
        "WASHINGTON (Reuters) - The central bank will keep rates on hold, Fed Chair Jerome Powell said on Wednesday.\n\n"
        "“We are not in a hurry,” Powell told reporters at a news conference. “The economy is strong.”\n\n"
        "Officials at the Bank of England, who spoke on condition of anonymity, said they expected a cut in August.\n\n"
        "Apple CEO Tim Cook said the company would open a new store in Mumbai next year.\n"
    )
    assert [(q.kind, q.text, q.resolved) for q in extract_quotes(text)] == [
        ("indirect", "The central bank will keep rates on hold", "Jerome Powell"),
        ("direct", "We are not in a hurry", "Jerome Powell"),
        ("direct", "The economy is strong.", "Jerome Powell"),
        ("indirect", "they expected a cut in August", "Officials"),
        ("indirect", "the company would open a new store in Mumbai next year", "Tim Cook"),
    ]


def test_plural_agent_nouns_speak_and_someone_unnamed_keeps_their_organisation() -> None:
    text = (
        "The ice shelf lost a fifth of its mass in a decade , glaciologists reported on Monday . \n"
        "But the geologists from the Arctic Research Institute said that the loss had slowed . \n"
        "A spokeswoman from the Energy Ministry said the pipeline would reopen in May . \n"
        "Shares fell two cents , traders said ."
    )
    assert _indirect(text) == [
        ("The ice shelf lost a fifth of its mass in a decade", "glaciologists", "reported"),
        ("the loss had slowed", "the geologists from the Arctic Research Institute", "said"),
        ("the pipeline would reopen in May", "A spokeswoman from the Energy Ministry", "said"),
        ("Shares fell two cents", "traders", "said"),
    ]


def test_a_verb_after_the_subject_ends_it_and_a_quantifier_starts_a_phrase() -> None:
    text = (
        "Mr Lund expressed regret , saying : `` We let the town down . '' \n"
        "The marchers stopped at the gate but kept chanting `` Open the books now , open them today . '' \n"
        "Ann Lund cried as she left the room : `` I never saw it coming at all . '' \n"
        "The board chose a plan some critics have described as `` reckless beyond belief '' ."
    )
    assert _direct(text) == [
        ("We let the town down .", "Ann Lund", "saying"),
        ("Open the books now , open them today .", "The marchers", "chanting"),
        ("I never saw it coming at all .", "Ann Lund", "cried"),
        ("reckless beyond belief", "some critics", "described"),
    ]


def test_a_trailing_attribution_then_a_second_clause_with_its_own_speaker() -> None:
    text = (
        "The levee held through the night , engineers said on Monday , and state geologists reported that "
        "the river had fallen two feet . \n"
        "The talks may resume in May , the envoy said , but no date has been set ."
    )
    assert _indirect(text) == [
        ("The levee held through the night", "engineers", "said"),
        ("the river had fallen two feet", "state geologists", "reported"),
        ("The talks may resume in May", "the envoy", "said"),
    ]


def test_a_sentences_capitalised_first_word_is_not_part_of_the_fullest_name() -> None:
    text = (
        "Yesterday Maria Ortiz toured the plant . \n"
        "Economist Sean Ruddy expects a slow year . \n"
        "`` We will hire again , '' Ortiz said . \n"
        "Rates will stay low , Ruddy said , as the economist did yesterday ."
    )
    assert [(q.speaker, q.resolved) for q in extract_quotes(text)] == [("Ortiz", "Maria Ortiz"), ("Ruddy", "Sean Ruddy")]


@pytest.mark.parametrize(("text", "resolved"), [
    # Timeline17's BP pages put the photo credit before the caption's name
    ('Photo: Getty Images Bob Dudley at the hearing in Houston.\n"We will not leave the Gulf," Dudley said.',
     "Bob Dudley"),
    # a Title Case headline is no name, nor a shouted comment on a blog page
    ('Obama Says Economic Crisis Is Deep\n"We face a hard year," Obama said on Tuesday.', "Obama"),
    ('Posted by Jim: Dick Cheney DOES NOT speak for us.\nDick Cheney spoke in Wyoming on Monday.\n'
     '"I stand by it," Cheney said.', "Dick Cheney"),
    # speech verbs that are also the words of names stay in them
    ('The Gulf Coast Claims Facility paid out $1bn on Monday.\n"Payments are faster now," Gulf Coast Claims '
     'Facility said.', "Gulf Coast Claims Facility"),
])
def test_headlines_credits_and_shouting_do_not_run_into_names(text: str, resolved: str) -> None:
    assert [q.resolved for q in extract_quotes(text)] == [resolved]
