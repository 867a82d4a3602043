"""Speaker mentions analysed and resolved to canonical speakers."""
import re

import pytest

from quotetrack import extract
from quotetrack.patterns import phrase_regex
from quotetrack.records import Span
from quotetrack.speakers import analyse_mention


@pytest.mark.parametrize("phrase, kind, name, role", [
    ("Ukrainian President Jane Doe", "name", "Jane Doe", "Ukrainian President"),
    ("Colonel Ivan, a spokesperson for the army's special forces,", "name", "Ivan",
     "spokesperson for the army's special forces"),
    ("White House press secretary Sean Spicer", "name", "Sean Spicer",
     "White House press secretary"),
    ("the company's spokesman, John Smith,", "name", "John Smith", "company's spokesman"),
    ("he", "pronoun", None, None),
    ("his", "pronoun", None, None),
    ("the Ukrainian President", "title", None, "Ukrainian President"),
    ("a Ukrainian Military official", "descriptor", None, "Ukrainian Military official"),
    ("Ukrainian officials", "group", None, None),
    ("the White House", "organization", "White House", None),
    ("Martin Luther King Jr.", "name", "Martin Luther King Jr.", None),
    ("Senate Majority Leader Mitch McConnell", "name", "Mitch McConnell", "Senate Majority Leader"),
    ("Stephen King", "name", "Stephen King", None),
    ("Yin May, 60, a doctor,", "name", "Yin May", "doctor"),
    ("John Smith, Jr.,", "name", "John Smith", None),
    ("The New York Times", "organization", "New York Times", None),
    ("the post", "document", None, None),
    ("Jane Roe — a former judge —", "name", "Jane Roe", "former judge"),
    # a party label is no part of the name
    ("Sen. Bernie Sanders (I-Vt.)", "name", "Bernie Sanders", "Sen."),
    ("state Sen. Jane Roe (D)", "name", "Jane Roe", "state Sen."),
])
def test_analyse_mention(rules, phrase, kind, name, role):
    m = analyse_mention(phrase, Span(0, len(phrase)), rules)
    assert (m.kind, m.name, m.role) == (kind, name, role)


def speakers_of(text, rules):
    return [(c.speaker.name if c.speaker else None, c.speaker_mention)
            for c in extract(text, rules=rules).claims]


def test_partial_name_before_the_full_name(rules):
    text = ('Colonel Ivan, a spokesperson for the army, told CNN that troops left.\n\n'
            '"They left," Ivan Petrenko told CNN.')
    assert [s for s, _ in speakers_of(text, rules)] == ["Ivan Petrenko", "Ivan Petrenko"]


def test_same_surname_different_people_stay_apart(rules):
    text = ('"I am running," Joe Biden said.\n\n"I am not," Hunter Biden said.\n\n'
            '"We will see," Biden added.')
    assert [s for s, _ in speakers_of(text, rules)] == ["Joe Biden", "Hunter Biden",
                                                         "Hunter Biden"]


def test_pronoun_title_and_post_resolution(rules):
    text = ('Sharing a post on X, Ukrainian President Jane Doe wrote, "The city was hit."\n\n'
            '"Help is on the way," the post added.\n\n'
            'The Ukrainian President informed that the strikes continued.\n\n'
            'She said, "We need more support."')
    result = extract(text, rules=rules)
    assert [c.speaker.name for c in result.claims] == ["Jane Doe"] * 4
    assert [c.speaker_mention for c in result.claims] == [
        "Ukrainian President Jane Doe", "the post", "The Ukrainian President", "She"]
    post = result.claims[1]
    assert (post.source.name, post.source.mode) == ("X", "post")


def test_gendered_pronoun_skips_the_other_gender(rules):
    text = ('"I agree," Mrs. Alice Green said.\n\n"I do not," Mr. Bob White said.\n\n'
            'She said, "Then we vote."')
    assert speakers_of(text, rules)[-1] == ("Alice Green", "She")


def test_a_possessive_pronoun_speaks_like_its_subject_pronoun(rules):
    text = ('"I agree," Mrs. Alice Green said.\n\n"I do not," Mr. Bob White said.\n\n'
            'Her attacks on the plan went on.')
    assert speakers_of(text, rules)[-1] == ("Alice Green", "Her")


def test_groups_and_anonymous_sources_are_typed(rules):
    result = extract("Officials said the road was closed. A senior official said it would "
                     "reopen.", rules=rules)
    assert [c.speaker.type for c in result.claims] == ["group", "anonymous"]


def test_follow_on_after_an_unresolved_pronoun_keeps_the_mention(rules):
    first, second = extract('"It\'s over," he said. "Done with it all."', rules=rules).claims
    assert first.speaker.name == "he" and second.speaker.name == "he"
    assert second.speaker_mention == "he"


def test_a_relative_pronoun_speaks_for_the_phrase_before_it(rules):
    from quotetrack import extract
    text = ("Many voters who believe the economy is rigged stayed home. "
            "The plan was backed by Senator Jane Doe, who said the bridge would open in May.")
    found = {c.text: c for c in extract(text, doc_id="d", rules=rules).claims}
    bridge = found["the bridge would open in May"]
    assert bridge.speaker.name == "Jane Doe" and bridge.speaker_mention == "who"
    economy = [c for t, c in found.items() if t.startswith("the economy")][0]
    assert economy.speaker.name.lower() == "many voters" and economy.speaker_mention == "who"


def test_a_speaker_phrase_is_analysed_once_at_any_offset(rules, monkeypatch):
    from quotetrack import speakers
    from quotetrack.records import Span

    calls = []
    analyse = speakers._analyse_mention
    monkeypatch.setattr(speakers, "_analyse_mention",
                        lambda *args: calls.append(args[0]) or analyse(*args))
    text = "Senator Jane Q. Doorwright, a Democrat, said. Then Senator Jane Q. Doorwright, " \
           "a Democrat, left."
    first = speakers.analyse_mention(text, Span(0, 38), rules)
    second = speakers.analyse_mention(text, Span(51, 89), rules)
    assert calls.count("Senator Jane Q. Doorwright, a Democrat") <= 1
    assert (first.name, first.role, first.kind) == ("Jane Q. Doorwright", "Democrat", "name")
    assert second.span == Span(51, 89) and second.head == Span(51, 77)
    assert second.head.of(text) == "Senator Jane Q. Doorwright"
    assert (second.name, second.role, second.title) == (first.name, first.role, first.title)


@pytest.mark.parametrize("text, name", [
    # the last speaker is Bob White, but Alice Green, a sentence's subject, comes after him
    ('"I do not," Mr. Bob White said.\n\nAlice Green, speaking in Ohio, talked through the '
     'issues. She said the plan would work.', "Alice Green"),
    ('"I do not," Mr. Bob White said.\n\nSenator Carol Black, who chairs the panel, has '
     'worked on it for years. She said the plan would work.', "Carol Black"),
    ('"I do not," Mr. Bob White said.\n\nOhio Gov. Alice Green suspended her campaign. '
     'She said the plan would work.', "Alice Green"),
    # an adverb in -ly may part the subject from its verb
    ('"I do not," Mr. Bob White said.\n\nOhio Gov. Alice Green quietly suspended her campaign. '
     'She said the plan would fail.', "Alice Green"),
])
def test_a_pronoun_may_stand_for_a_sentence_subject_who_made_no_claim(rules, text, name):
    assert speakers_of(text, rules)[-1][0] == name


def test_a_place_after_an_introductory_phrase_is_no_sentence_subject(rules):
    text = ('"I do not," Mr. Bob White said.\n\nAt a meeting in Columbus, Ohio, on Monday the '
            'board met. He said the plan would work.')
    assert speakers_of(text, rules)[-1][0] == "Bob White"


def test_a_name_after_the_document_it_spoke_in_is_the_speaker(rules):
    text = ('In a statement, Brian Fallon, a spokesman for the campaign, said: "We have '
            'cooperated from the start."')
    [claim] = extract(text, rules=rules).claims
    assert claim.speaker.name == "Brian Fallon"
    assert claim.speaker.role == "spokesman for the campaign"
    assert claim.speaker_mention == "Brian Fallon"


@pytest.mark.parametrize("text, name", [
    ('"We will win," John Roe said.\n\nThe Sanders campaign launched an ad on Tuesday. It '
     'said the race was tied.', "Sanders campaign"),
    ('"We will win," John Roe said.\n\nProtest groups marched on Tuesday. They said the rules '
     'were unfair.', "Protest groups"),
])
def test_it_and_they_may_stand_for_a_sentence_subject_that_made_no_claim(rules, text, name):
    assert speakers_of(text, rules)[-1][0] == name


def test_a_possessive_belongs_to_the_nearest_name_of_its_sentence(rules):
    text = ('"We must act," Bob Murphy said.\n\nThe push has yielded one victory: forcing John '
            'Sanders to reverse his opposition to liability suits.')
    assert speakers_of(text, rules)[-1] == ("John Sanders", "his")


def test_he_after_a_first_person_fronted_clause_is_the_person_it_names(rules):
    text = ('"You are free," Judge Tom Berman said.\n\nLater, when I emailed Marc Brafman to '
            'thank him for his work, he replied, "This was one of my finest moments."')
    assert speakers_of(text, rules)[-1] == ("Marc Brafman", "he")


def test_a_third_person_fronted_clause_names_no_antecedent(rules):
    # "Though he did not mention Rubio, he ...": the clause's object is not who speaks
    text = ('"We must unite," Ted Cruz said.\n\nThough he did not mention Marco Rubio by '
            'name, he said that the others should drop out.')
    assert speakers_of(text, rules)[-1][0] == "Ted Cruz"


def test_a_capitalised_transcript_label_is_a_person(rules):
    # "FALLIN:" reads like an acronym, but a label opening a transcript line is who speaks,
    # and the "I" of that answer is that person
    text = ('TAPPER: Do you think he is a healer?\n\nFALLIN: Well, I think he is. And I '
            'think the nation needs to heal.')
    assert speakers_of(text, rules)[-1] == ("FALLIN", "I")


def test_i_on_a_labelled_line_is_the_label(rules):
    # an interview line "Name: I ..." is spoken by its label, not by the last person before
    text = ('"We will win," John Roe said.\n\nClinton: I support D.C. statehood.')
    assert speakers_of(text, rules)[-1] == ("Clinton", "I")


@pytest.mark.parametrize("text, name", [
    # a relative clause after a dash or in parentheses
    ("Ben Lee, a farmer, shouted.\n\nThe senator met Tom Murphy (who believes the law is "
     "unfair) on Monday.", "Tom Murphy"),
    # a second relative clause stands for what the first one does
    ("Senator Ted Cruz of Texas, who threatened to shut down the government, and who has "
     "been hoping to win evangelicals, spoke.", "Ted Cruz of Texas"),
])
def test_a_relative_pronoun_after_a_dash_parenthesis_or_and(rules, text, name):
    claims = extract(text, rules=rules).claims
    assert claims[-1].speaker.name == name and claims[-1].speaker_mention == "who"


@pytest.mark.parametrize("text, name", [
    # the phrase right before "who" is an appositive: the name it describes is meant
    ("Donors included Harlan Crow, a Texas real estate developer, who had supported Senator "
     "Cruz.", "Harlan Crow"),
    # or a place after a preposition
    ("Pierre Vos, a law professor in South Africa, who wants the vote to be fair, spoke.",
     "Pierre Vos"),
    # a name right before "who" stays, even after another phrase's appositive
    ("Senator Mitch McConnell, the majority leader, drew boos. Mr. McConnell, who wants "
     "the party to unite, spoke.", "McConnell"),
])
def test_a_relative_pronoun_after_an_appositive_stands_for_its_name(rules, text, name):
    claims = extract(text, rules=rules).claims
    assert claims[-1].speaker.name == name and claims[-1].speaker_mention == "who"


def test_a_possessive_may_belong_to_a_known_owner_of_its_sentence(rules):
    # "Mrs. Roe's statements ... her decision": her is Roe, not the last woman who spoke
    text = ('"I will win," Mrs. Jane Roe said.\n\n"We must act," Mrs. Ann Doe said.\n\nThe '
            'probe undercut many of Mrs. Roe’s statements over the past months to explain and '
            'defend her decision to rely on the private server.')
    assert speakers_of(text, rules)[-1] == ("Jane Roe", "her")


def test_a_place_after_a_comma_is_no_owner_of_a_possessive(rules):
    text = ('"We must act," Mrs. Alice Green said.\n\nSpeaking in Columbus, Ohio, she tried to '
            'explain her plan to rebuild the economy.')
    assert speakers_of(text, rules)[-1][0] == "Alice Green"



@pytest.mark.parametrize("word, is_name", [
    # a sentence-opening adverb or participle is no name (lexicon not_name, by its ending):
    # "Sparsely populated South Dakota has not voted for ...", "Disillusioned, Mr. Roe ..."
    ("Sparsely", False), ("Preemptively", False), ("Disillusioned", False),
    ("Considered", False),
    # names with similar endings still are
    ("Schlafly", True), ("Kelly", True), ("Husted", True), ("Sally", True),
    ("Associated", True),
])
def test_a_sentence_opening_adverb_or_participle_is_no_name(rules, word, is_name):
    lexicon = rules.lexicons["not_name"]
    not_name = re.compile(phrase_regex([e.phrase for e in lexicon.entries], lexicon.patterns,
                                       lexicon.case_sensitive))
    assert (not_name.fullmatch(word) is None) is is_name
