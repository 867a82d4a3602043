"""Channels: outlet, platform, programme and mode next to the cue."""
import pytest

from quotetrack import extract


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
