"""Channels: outlet, platform, programme and mode next to the cue."""
import pytest

from quotetrack import extract
from quotetrack.records import Span
from quotetrack.sources import _matches


@pytest.mark.parametrize("text, name, stype, mode", [
    ('"We will win," Smith told CNN.', "CNN", "outlet", "interview"),
    ('Sharing a post on X, Smith wrote, "We will win."', "X", "platform", "post"),
    ('"We will win," Smith said in a statement.', None, None, "statement"),
    ('Smith said on NBC’s “Meet the Press” that the tax would rise.', "Meet the Press",
     "programme", "interview"),
    ('"We will win," Smith tweeted.', "Twitter", "platform", "post"),
    ('"We will win," Smith told reporters at the White House.', None, None, "remarks"),
    ('Smith said in an interview with The Washington Post that the tax would rise.',
     "The Washington Post", "outlet", "interview"),
    ('Smith wrote in her 2014 book that the tax would rise.', None, None, "book"),
])
def test_channel(rules, text, name, stype, mode):
    [claim] = extract(text, rules=rules).claims
    assert claim.source is not None
    assert (claim.source.name, claim.source.type, claim.source.mode) == (name, stype, mode)
    assert claim.source.span is not None


@pytest.mark.parametrize("text", [
    '"We will win," Smith told Harvey.',
    '"We will win," Smith said on Monday.',
    'Smith said that Jones told CNN the tax would rise.',  # CNN belongs to the reported clause
])
def test_no_channel(rules, text):
    claims = extract(text, rules=rules).claims
    assert claims and claims[0].source is None


def sources_of(text, rules):
    return [(c.text, c.source.name if c.source else None, c.source.mode if c.source else None)
            for c in extract(text, rules=rules).claims]


@pytest.mark.parametrize("text, name, mode", [
    # a channel opening the sentence covers it, however long the sentence
    ("At a tense news conference on the courthouse steps in Springfield on Tuesday, parents of "
     "the students urged the mayor to resign, repeating demands that she had ignored.",
     None, "press_conference"),
    # an appositive that opens with a preposition is the channel, not a description
    ("Dana Whitfield, in a statement issued by her lawyers on Monday, said she "
     "welcomed the ruling.", None, "statement"),
    # a written channel sent to an outlet: the outlet and the written mode
    ("Smith told POLITICO in a follow-up statement that the tax would rise.", "POLITICO",
     "statement"),
    ("In a video shared to her Facebook account, Smith said the tax would rise.", "Facebook",
     "video"),
])
def test_channel_placement(rules, text, name, mode):
    claims = extract(text, rules=rules).claims
    assert claims
    assert (claims[-1].source.name, claims[-1].source.mode) == (name, mode)


def test_channel_inside_a_reported_noun_phrase(rules):
    # the claim is the noun phrase; the interview it was expressed in is its channel
    [claim] = extract("The minister voiced anger in an interview last month that "
                      "the neighbours were dumping cheap steel.", rules=rules).claims
    assert claim.source is not None and claim.source.mode == "interview"


def test_follow_on_quote_without_a_cue_keeps_the_channel(rules):
    text = ('"The council has failed us all," Smith wrote in a late-night tweet. '
            '"Time for new faces!"')
    claims = extract(text, rules=rules).claims
    assert [(c.source.name, c.source.mode) for c in claims] == [("Twitter", "post")] * 2


def test_follow_on_quote_with_its_own_cue_is_not_given_the_channel(rules):
    text = ('"We will win," Smith told CNN. "We have the votes," she said.')
    first, second = extract(text, rules=rules).claims
    assert first.source.name == "CNN"
    assert second.source is None


def test_a_different_speaker_does_not_inherit_the_channel(rules):
    text = ('"We will win," Smith wrote in a tweet. "They will lose," Jones said.')
    first, second = extract(text, rules=rules).claims
    assert first.source.name == "Twitter" and second.source is None


def test_the_outlet_reporting_an_email_is_not_its_channel(rules):
    [claim] = extract('"We will win," Smith wrote in the email, according to The Associated Press.',
                      rules=rules).claims
    assert (claim.source.name, claim.source.mode) == (None, "email")


@pytest.mark.parametrize("text", [
    # a channel after a coordinated clause belongs to that clause
    "The magazine said the list counts whole families, while the magazine posted on X only names.",
    "Smith said she would visit the town later, and so far has only issued a tweet about it.",
    "The mayor endorsed the plan, but told CNN on Monday that he had doubts.",
])
def test_a_channel_of_a_coordinated_clause_is_not_taken(rules, text):
    first = extract(text, rules=rules).claims[0]
    assert first.source is None


def test_a_speaker_inside_a_relative_clause_does_not_take_the_main_clause_channel(rules):
    text = 'Reuters put the loss at $3 billion, which the chairman called "an insult."'
    [claim] = [c for c in extract(text, rules=rules).claims if "insult" in c.text]
    assert claim.source is None


@pytest.mark.parametrize("text, name", [
    ('"We will win," Smith told Fox 35 on Monday.', "Fox 35"),
    ('"We will win," Smith told KXYZ-TV on Monday.', "KXYZ-TV"),
])
def test_local_broadcasters(rules, text, name):
    [claim] = extract(text, rules=rules).claims
    assert (claim.source.name, claim.source.mode) == (name, "interview")


def test_what_a_participle_cites_is_not_its_channel(rules):
    # "citing his Iowa results": the results are the claim, not the channel it came through
    text = "He will win endorsements by citing his Iowa results."
    claims = extract(text, rules=rules).claims
    assert [c.source for c in claims if "results" in c.text] == [None]
    # the source rules do see the phrase: it is the linking that turns it down
    assert [m.rule for m in _matches(text, Span(0, len(text)), rules)] == ["according-to-document"]


@pytest.mark.parametrize("text, claim_text", [
    # the channel is part of another named speaker's cue
    ('Trump may be harder to ignore. After Hillary Clinton accused him of sexism, he warned, '
     '"If they play the woman’s card, that will be fair game," Trump told NBC’s Today show.',
     "him of sexism"),
    ("While Democrats have pushed for new negotiations, Cornyn told reporters this was the only "
     "chance to pass a measure.", "new negotiations"),
])
def test_another_speakers_cue_is_not_the_channel(rules, text, claim_text):
    claims = {c.text: c for c in extract(text, rules=rules).claims}
    assert claims[claim_text].source is None
    assert any(c.source is not None for c in claims.values())  # the other speaker keeps it


def test_a_pronoun_may_be_the_speaker_of_the_other_cue(rules):
    text = ("He did tell CNN that he got an apology from an executive, though he did not say "
            "who made the apology.")
    claims = extract(text, rules=rules).claims
    assert claims
    assert all(c.source is not None and c.source.name == "CNN" for c in claims)


def test_a_participle_clause_shares_its_main_clauses_channel(rules):
    text = ("Rules Committee Chairman Bruce Ash criticized RNC Chairman Reince Priebus and his "
            "allies in an email Saturday to his panel, accusing them of working to scuttle the "
            "proposal.")
    [claim] = [c for c in extract(text, rules=rules).claims if c.text.startswith("them of")]
    assert claim.source is not None and claim.source.mode == "email"


def test_a_quote_signed_below_takes_the_channel_of_its_signature(rules):
    text = ('"Great speech. She is tested. She is ready."\n\n'
            "-President Obama, tweeting after Clinton's speech.\n")
    [claim] = extract(text, rules=rules).claims
    assert (claim.source.name, claim.source.mode) == ("Twitter", "post")


@pytest.mark.parametrize("text, claim_start", [
    # a channel verb joined by "and" after the claim is another act
    ("He has tried to provoke his critics, calling President Barack Obama an “ignorant "
     "baboon” and tweeting a photo of the body.", "President"),
    # a channel inside a clause of its own within the claim is that clause's
    ("Cruz did not apologize for his remarks made last summer when they were played during "
     "taping of an MSNBC town hall on Thursday in Buffalo, New York.", "his remarks"),
])
def test_a_channel_of_another_act_is_not_taken(rules, text, claim_start):
    [claim] = [c for c in extract(text, rules=rules).claims if c.text.startswith(claim_start)]
    assert claim.source is None


def test_a_participle_inside_the_claim_keeps_its_channel(rules):
    [claim] = extract("Grassley later walked back his comments while speaking to NBC’s Hallie "
                      "Jackson.", rules=rules).claims
    assert claim.source is not None and claim.source.name == "NBC"


@pytest.mark.parametrize("text, phrases", [
    # the "at" of "Pat", the "in" of "join": no channel phrase starts inside a word
    ("They feared an equivalent of Pat Buchanan's searing speech.", []),
    ("He refused to join the earlier debate.", []),
    ("Smith spoke at the debate.", ["at the debate"]),
])
def test_a_channel_phrase_starts_at_a_word(rules, text, phrases):
    found = _matches(text, Span(0, len(text)), rules)
    assert [text[m.span.start:m.span.end] for m in found] == phrases
