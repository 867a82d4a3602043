"""Quote spans: marks, multi-paragraph quotes, nesting, missing marks."""
import pytest

from quotetrack.metadata import parse_metadata
from quotetrack.patterns import QUOTE_FILL
from quotetrack.quotes import find_quotes, mask_quotes, quote_at
from quotetrack.segment import segment_paragraphs


def quotes_of(text, rules):
    paragraphs = segment_paragraphs(text, parse_metadata(text).body_start)
    return find_quotes(text, paragraphs, rules.quote_marks)


@pytest.mark.parametrize("text, contents", [
    ('He said, “We will win.”', ["We will win."]),
    ('"We will win," he said. "No doubt."', ["We will win,", "No doubt."]),
    ('„Wir schaffen das“, sagte sie.', ["Wir schaffen das"]),
    ('Il a dit « non » hier.', [" non "]),
    ("The minister said: ‘We will not back down.’", ["We will not back down."]),
    # nested single quotes stay inside the double quote
    ('“You can say ‘they’re a civil person,’ at least,” Sexton said.',
     ["You can say ‘they’re a civil person,’ at least,"]),
    # apostrophes never close single quotes
    ("‘Russia’s attacks won’t stop,’ she said.", ["Russia’s attacks won’t stop,"]),
    # inch marks do not open quotes
    ('The 6" pipe and "the plan" differ.', ["the plan"]),
    # mismatched marks still pair
    ('“We will win," he said.', ["We will win,"]),
    # scare quotes are quotes too (attribution decides whether they are claims)
    ('North Korean forces have "probably" withdrawn.', ["probably"]),
    ("Don't tell the boys' coach it's over.", []),
    ("Rock ’n’ roll in the ‘90s.", []),
])
def test_quote_contents(rules, text, contents):
    assert [q.content.of(text) for q in quotes_of(text, rules)] == contents


def test_quote_running_over_paragraphs_is_one_quote(rules):
    text = ('He said: “The first paragraph ends open.\n\n'
            '“The second one too.\n\n“The third closes,” he added.\n\nAfter.')
    [q] = quotes_of(text, rules)
    assert q.paragraphs == 3 and q.closed
    assert q.content.of(text).endswith("The third closes,")
    assert q.content.of(text).startswith("The first paragraph")


def test_missing_closing_mark_stops_at_paragraph_end(rules):
    text = 'He said: “This never closes.\n\nThe next paragraph is narrative. “A new quote.”'
    first, second = quotes_of(text, rules)
    assert not first.closed and first.content.of(text) == "This never closes."
    assert second.closed and second.content.of(text) == "A new quote."


def test_unclosed_quote_in_a_huge_paragraph_is_bounded(rules):
    text = "“Start. " + "Words and more words. " * 400
    [q] = quotes_of(text, rules)
    assert len(q.content) < 100


def test_mask_keeps_length_marks_and_final_punctuation(rules):
    text = 'Smith said, “We will win. Sure.” Then he left.'
    quotes = quotes_of(text, rules)
    masked = mask_quotes(text, quotes)
    assert len(masked) == len(text)
    assert masked.startswith("Smith said, “" + QUOTE_FILL)
    assert masked.endswith(".” Then he left.")
    assert "We" not in masked
    assert quote_at(quotes, text.index("Sure")) == 0
    assert quote_at(quotes, 0) is None


@pytest.mark.parametrize("text", [
    "Smith said Monday.\xa0“We won.” Then he left.",
    "Smith said\u202fMonday that he left.",  # no quotation at all
])
def test_mask_turns_no_break_spaces_into_spaces(rules, text):
    masked = mask_quotes(text, quotes_of(text, rules))
    assert len(masked) == len(text)
    assert "\xa0" not in masked and "\u202f" not in masked
    assert "said Monday" in masked


def test_many_quote_marks_do_not_blow_up(rules):
    text = '"' * 20000 + " said Smith."
    quotes_of(text, rules)  # must simply return


def test_a_quote_over_paragraphs_is_masked_around_its_line_breaks(rules):
    text = 'He said: "We will win.\r\n\r\n"We always do," he added.'
    paragraphs = segment_paragraphs(text)
    masked = mask_quotes(text, find_quotes(text, paragraphs, rules.quote_marks))
    assert len(masked) == len(text)
    assert masked.count("\r\n") == 2
    assert "We" not in masked and "win" not in masked
