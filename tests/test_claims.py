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


def test_a_plain_subject_keeps_its_own_words_as_the_mention(rules):
    text = "Jane Doe said the bridge would open in May."
    claim = claim_for(text, rules, "bridge")
    assert claim.speaker_mention == "Jane Doe"
