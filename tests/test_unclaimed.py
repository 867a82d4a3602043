"""Unclaimed quotations: the quotes no rule took, attached by news convention
(split quotes, follow-on paragraphs, a colon's introduction, a speaker named around
the quote or signed below it), and the quoted fragments that are no claims."""
import pytest

from quotetrack import extract


def claims(text, rules):
    return extract(text, rules=rules).claims


def test_split_quote_is_two_claims_with_one_speaker(rules):
    first, second = claims('"We will win," he said, "and we will win big."', rules)
    assert (first.text, second.text) == ("We will win,", "and we will win big.")
    assert second.rules == ("split-quote",) and second.speaker_mention == "he"


def test_split_quote_resumes_after_a_long_appositive(rules):
    text = ('"This used to be Russia’s back yard," said Raffaello Pantucci, director of '
            'International Security Studies at the Royal United Services Institute in London, '
            '"but it is increasingly coming into China’s thrall."')
    first, second = claims(text, rules)
    assert second.rules == ("split-quote",) and second.text.startswith("but it is")


def test_follow_on_paragraph_continues_the_speaker(rules):
    text = ('"The first part," Smith said.\n\n"The second paragraph has no cue at all."\n\n'
            'Unrelated narrative follows here.')
    first, second = claims(text, rules)
    assert second.rules == ("continues-previous-quote",)
    assert second.speaker.name == "Smith" and second.speaker_mention == "Smith"


def test_a_reported_aside_does_not_take_over_the_follow_on_quote(rules):
    text = ('"Do these people read newspapers?" said Bob Stone, a delegate who has accused '
            'the campaign of lying. "Are they reading some chain email instead?"')
    found = claims(text, rules)
    follow = [c for c in found if c.text.startswith("Are they")][0]
    assert any(c.kind == "indirect" and c.text.startswith("the campaign") for c in found)
    assert follow.rules == ("continues-previous-quote",)
    assert follow.speaker.name == "Bob Stone"


def test_quote_after_a_connective_continues_the_speaker(rules):
    text = ('"He is supposed to be a cheerleader for this country," Trump said. Instead, '
            '"he just acts like a defeated man."')
    first, second = claims(text, rules)
    assert second.rules == ("continues-previous-quote",)
    assert second.text == "he just acts like a defeated man." and second.speaker.name == "Trump"


def test_a_quote_inside_a_sentence_after_a_connective_is_no_claim(rules):
    text = 'Leaders condemned the comments. But "dumping Trump" is easier said than done.'
    assert not [c for c in claims(text, rules) if "dumping" in c.text]


def test_quote_named_in_the_next_paragraph(rules):
    text = ('The debate was heated.\n\n"This is the quote that opens the story," she said '
            'later.\n\n"And here is more of it after the break."')
    found = claims(text, rules)
    assert [c.speaker_mention for c in found] == ["she", "she"]


@pytest.mark.parametrize("text", [
    # a headline credited to its writer, opening its paragraph
    '"Anyone can say anything," Smith said of the report.\n\n"Met accused of whitewashing '
    'baby Jesus," by Post\'s Kathianne Boniello: the suit names the museum.',
    # a campaign slogan dated in brackets
    '"We will win this," Smith said.\n\n"Lose safety? Lose work? No to Schengen" (2005) '
    'was the first poster.',
])
def test_a_credited_or_dated_title_opening_a_paragraph_is_not_a_claim(rules, text):
    found = [c.text for c in claims(text, rules) if c.kind == "direct"]
    assert len(found) == 1 and found[0].startswith(("Anyone", "We will"))


def test_a_passive_agent_after_a_quote_is_no_credit(rules):
    text = ('Clinton defended the war.\n\n"If there had not been that intervention" by the '
            'United States, Clinton said at a town hall, "we would see something like Syria."')
    found = [c.text for c in claims(text, rules) if c.kind == "direct"]
    assert "If there had not been that intervention" in found


@pytest.mark.parametrize("text", [
    'The film "Jaws" scared a generation.',
    'Critics called it a "masterpiece" in the reviews.',  # cue without a speaker phrase?
    "The so-called 'experts' were wrong.",
    'He is 6\'2" tall and "fit".',
])
def test_scare_quotes_and_titles_are_not_claims(rules, text):
    assert [c for c in claims(text, rules) if c.kind == "direct"] == []


def test_a_quote_opening_a_paragraph_after_a_colon_takes_the_introducing_subject(rules):
    text = ('"We will win," Smith said.\n\nIn response, Senator Jane Doe issued the following '
            'statement:\n\n"Our prayers are with all those affected by the attacks."\n\n'
            '"This cannot continue."')
    first, second, third = claims(text, rules)
    assert first.speaker.name == "Smith"
    assert second.speaker.name == third.speaker.name == "Jane Doe"


@pytest.mark.parametrize("text, name", [
    ('"We will win," John Roe said.\n\n"I do not know where he stands," said undecided '
     'Republican voter Jane Doe of Derry, before the rally.', "Jane Doe"),
    ('"We will win," John Roe said.\n\n"This is fantastic!" beamed Jane Doe of Madison.',
     "Jane Doe"),
    # a speaker phrase a few words on: the grammar joins no roles with "and"
    ('"We will win," John Roe said.\n\n"North Korea is run by a lunatic," the Florida senator '
     'and Republican presidential candidate said in a statement.', "Republican presidential"),
    # the quote ends its sentence ("?" then a name): the next sentence names its speaker
    ('"We will win," John Roe said.\n\n"You know, it happens, right?" Jane Doe went on, as if '
     'nobody had heard.', "Jane Doe"),
    ('"We will win," John Roe said.\n\n"I hope you find the emails." Jane Doe said.', "Jane Doe"),
    ('"We will win," John Roe said.\n\n"Not us, but we cannot argue with it!" Jane Doe, the '
     'head of the PAC, Tweeted on Friday.', "Jane Doe"),
    # an appositive that runs into the verb; a verb in -ed after a role
    ('"We will win," John Roe said.\n\n"They need a strategy," Jane Doe, the polling guru who '
     'founded the site tweeted on Wednesday.', "Jane Doe"),
    ('"We will win," John Roe said.\n\n"Let me help you out," the Republican vice-presidential '
     'nominee riffed on the answer, drawing applause.', "Republican vice-presidential nominee"),
    # an abbreviation before the speaker, a comma before the verb; "told" names the listener
    ('"We will win," John Roe said.\n\n"Positions are gonna soften on the nominee," California '
     'Rep. Duncan Hunter\'s chief of staff, Jane Doe, told POLITICO before the interview.',
     "Jane Doe"),
    # a verb of saying, then any speaker phrase
    ('"We will win," John Roe said.\n\n"It is a way to take part," says a source involved in '
     'the super-PAC\'s creation.', "a source"),    # the fragment runs on into its sentence, which a described speaker ends
    ('"We will win," John Roe said.\n\n"The court expresses no view on the merits" of the '
     'case, the unsigned opinion said.', "unsigned opinion"),
    # a described speaker and a verb right after the quote, the sentence going on
    ('"We will win," John Roe said.\n\n"He is a wonderful guy," the real estate developer '
     'said of Mr. Clinton, who, in reality, is a so-so golfer.', "real estate developer"),
])
def test_a_quote_whose_speaker_the_grammar_misses_is_not_the_previous_speakers(rules, text,
                                                                               name):
    assert claims(text, rules)[-1].speaker.name.startswith(name)


def test_quotes_after_a_quote_named_by_the_fallback_go_on_in_that_voice(rules):
    text = ('"We will win," the host said.\n\n"It has been surprising to me," Jane Doe beamed.'
            ' "Some of his comments were divisive."')
    assert [c.speaker.name for c in claims(text, rules)] == ["host", "Jane Doe", "Jane Doe"]


def test_a_quote_signed_by_a_dash_and_a_name_below_it_is_that_speakers(rules):
    text = ('"I will look into it. I do not know the status," Jane Roe said.\n\n'
            '"Boeing and other multinationals pay zero taxes."\n\n- Sanders.\n\n'
            '"Great speech. She is tested. She is ready."\n\n-President Obama, tweeting after '
            'the speech.')
    found = claims(text, rules)
    assert [(c.rules[0], c.speaker.name) for c in found[1:]] == [
        ("quote-signed-below", "Sanders"), ("quote-signed-below", "Obama")]


@pytest.mark.parametrize("text, name", [
    ('"We will win," John Roe said.\n\nState University\'s Jane Doe agreed. "Mainstream '
     'Republicans are running out of time."', "Jane Doe"),
    ('During the debate both candidates said it was no big deal.\n\nSam Lau, the communications '
     'director for the party said in a statement. "There are no paper ballots to recount."',
     "Sam Lau"),
])
def test_a_quote_after_a_bare_attribution_sentence_is_its_speakers(rules, text, name):
    last = claims(text, rules)[-1]
    assert last.rules == ("speaker-cue-then-quote",) and last.speaker.name == name


def test_a_next_sentence_reporting_a_claim_does_not_name_the_quotes_speaker(rules):
    text = ('"It was the worst thing I have seen," the minority leader said. "It shows a lack of '
            'character." Reid said both men are "non-entities" in the Senate.')
    second = [c for c in claims(text, rules) if c.text.startswith("It shows")][0]
    assert second.rules == ("continues-previous-quote",)


def test_a_short_single_quoted_line_in_a_double_quoting_story_is_a_subhead(rules):
    text = ("''We build it here,'' Mr. Ross said. ''We always have.''\n\n'A healthy workforce.'\n\n"
            "The plant opened in 1990.")
    assert [c.text for c in claims(text, rules)] == ["We build it here,", "We always have."]


def test_a_single_quoted_paragraph_continues_in_a_single_quoting_story(rules):
    text = "'We build it here,' Mr. Ross said.\n\n'And we sell it here too.'"
    assert [c.text for c in claims(text, rules)] == ["We build it here,",
                                                     "And we sell it here too."]
