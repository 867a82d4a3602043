"""Claim assembly: which words a claim names as its speaker's mention."""
from quotetrack import extract


def claim_for(text, rules, needle):
    [claim] = [c for c in extract(text, doc_id="d", rules=rules).claims if needle in c.text]
    return claim


def test_relative_pronoun_is_the_mention_and_the_antecedent_the_speaker(rules):
    text = ("The senator met Jane Doe, the mayor of the city. "
            "The plan was praised by Jane Doe, who said the bridge would open in May.")
    claim = claim_for(text, rules, "bridge")
    assert claim.speaker is not None and claim.speaker.name == "Jane Doe"
    assert claim.speaker_mention == "who"
    assert text[claim.speaker_span.start:claim.speaker_span.end] == "who"


def test_a_relative_pronoun_away_from_its_antecedent_is_the_mention(rules):
    # "X, who ..., and who has been hoping": the second "who" is the cue's subject,
    # not the name it stands for far before it
    text = ("Senator Ted Cruz of Texas, who threatened to shut down the government, and who "
            "has been hoping to win evangelicals, spoke.")
    claim = claim_for(text, rules, "evangelicals")
    assert claim.speaker_mention == "who" and claim.speaker_span.start == text.index("who has")


def test_a_plain_subject_keeps_its_own_words_as_the_mention(rules):
    text = "Jane Doe said the bridge would open in May."
    claim = claim_for(text, rules, "bridge")
    assert claim.speaker_mention == "Jane Doe"


def test_claims_carry_their_quoted_stretches(rules):
    text = ('Jane Doe said the plan was "a disaster" and "a waste of money." '
            '"We will fight it," she said. She said it would fail.')
    mixed = claim_for(text, rules, "disaster")
    direct = claim_for(text, rules, "fight")
    indirect = claim_for(text, rules, "would fail")
    assert mixed.kind == "mixed"
    assert [s.of(text) for s in mixed.quoted] == ["a disaster", "a waste of money."]
    assert direct.kind == "direct" and direct.quoted == (direct.span,)
    assert indirect.kind == "indirect" and indirect.quoted == ()
    assert mixed.to_dict()["quoted"] == [s.as_list() for s in mixed.quoted]


def test_an_inner_quote_is_part_of_the_outer_one(rules):
    text = "\"They call it 'reform,' but it is a tax,\" Jane Doe said."
    claim = claim_for(text, rules, "reform")
    assert claim.kind == "direct" and claim.quoted == (claim.span,)


def test_a_quote_over_paragraphs_attributed_at_its_end_is_claimed_per_attributed_paragraph(rules):
    text = ('Jane Doe spoke for an hour. "We will build the bridge. It will open in May.\n\n'
            '"Then we will build the road," Doe said.')
    claims = [c for c in extract(text, doc_id="d", rules=rules).claims if c.kind == "direct"]
    assert [c.text for c in claims] == ["We will build the bridge. It will open in May.",
                                        "Then we will build the road,"]
    assert all(c.speaker is not None and c.speaker.name.endswith("Doe") for c in claims)
    assert claims[0].speaker == claims[1].speaker
    assert [c.quoted for c in claims] == [(c.span,) for c in claims]


def test_a_quote_over_paragraphs_attributed_before_it_stays_one_claim(rules):
    text = 'Jane Doe said: "We will build the bridge.\n\n"Then we will build the road."'
    claims = [c for c in extract(text, doc_id="d", rules=rules).claims if c.kind == "direct"]
    assert len(claims) == 1 and "\n" in claims[0].text
