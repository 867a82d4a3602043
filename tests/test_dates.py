"""When a claim was said: time expressions resolved against the document date."""
import pytest
from hypothesis import given, settings, strategies as st

from quotetrack import extract


def said_on(sentence, date, rules):
    [claim] = extract(sentence, rules=rules, metadata={"date": date}).claims
    return claim.said_on, claim.said_on_basis


@pytest.mark.parametrize("sentence, date, expected", [
    # a weekday named on the document's own day is that day
    ("Smith on Saturday said the talks had failed.", "2025-02-01", "2025-02-01"),
    ("Smith said on Friday that the talks had failed.", "2025-02-01", "2025-01-31"),
    ("Smith said Sunday night that the talks had failed.", "2025-02-01", "2025-01-26"),
    ("Smith said last Saturday that the talks had failed.", "2025-02-01", "2025-01-25"),
    ("Smith said yesterday that the talks had failed.", "2025-03-01", "2025-02-28"),
    ("Earlier in the day, Smith said the talks had failed.", "2025-02-01", "2025-02-01"),
    ("Smith said on Jan. 3 that the talks had failed.", "2025-02-01", "2025-01-03"),
    # year boundary: a date after the document date is last year's
    ("Smith said on Dec. 30 that the talks had failed.", "2025-01-02", "2024-12-30"),
    ("Smith said on March 3, 2019 that the talks had failed.", "2025-01-02", "2019-03-03"),
    ("Smith said on Monday that the talks had failed.", "2025-01-01", "2024-12-30"),
    ("Smith said last week that the talks had failed.", "2025-01-02", "2024-W52"),
    ("Smith said this month that the talks had failed.", "2025-02-11", "2025-02"),
    ("Smith said last month that the talks had failed.", "2025-01-11", "2024-12"),
    ("Smith said in November that the talks had failed.", "2025-02-11", "2024-11"),
    ("Smith said last year that the talks had failed.", "2025-02-11", "2024"),
])
def test_stated_dates(rules, sentence, date, expected):
    assert said_on(sentence, date, rules) == (expected, "stated")


def test_no_expression_falls_back_to_the_document_date(rules):
    assert said_on("Smith said the talks had failed.", "2025-02-01", rules) == (
        "2025-02-01", "document")


def test_a_date_inside_the_claim_is_not_when_it_was_said(rules):
    assert said_on("Smith said the vote on Friday had failed.", "2025-02-01", rules) == (
        "2025-02-01", "document")


def test_without_a_document_date_only_absolute_dates_resolve(rules):
    [claim] = extract("Smith said on Friday that the talks had failed.", rules=rules).claims
    assert (claim.said_on, claim.said_on_basis) == (None, None)
    [claim] = extract("Smith said on March 3, 2019 that the talks had failed.",
                      rules=rules).claims
    assert (claim.said_on, claim.said_on_basis) == ("2019-03-03", "stated")


def test_seed_statements_on_saturday(seed_text, rules):
    result = extract(seed_text, rules=rules)
    first = result.claims[0]
    assert (first.said_on, first.said_on_basis) == ("2025-02-01", "stated")
    assert all(c.said_on == "2025-02-01" for c in result.claims)


def test_follow_on_after_a_cut_channel_keeps_the_stated_date(rules):
    text = ('Smith said on Monday that the war is over in a tweet.\n\n'
            '"We will rebuild everything that was lost."')
    first, second = extract(text, rules=rules, metadata={"date": "2025-02-05"}).claims
    assert first.text == "the war is over" and first.source.name == "Twitter"
    assert second.rules == ("continues-previous-quote",)
    assert (second.said_on, second.said_on_basis) == ("2025-02-03", "stated")
    assert second.speaker.name == "Smith"


def test_year_one_does_not_overflow(rules):
    [claim] = extract("Smith said yesterday that the talks had failed.", rules=rules,
                      metadata={"date": "0001-01-01"}).claims
    assert claim.said_on_basis == "document"


DATE_PIECES = ["today", "ToDay", "tonight", "this", "THIS", "thiſ", "earlier", "later", "same",
               "yesterday", "laſt", "la\u212aT", "last", "week", "month", "year", "night",
               "morning", "in", "In", "on", "the", "day", "Jan.", "January", "jan", "Sept.",
               "Saturday", "saturday", "3", "12th", "2014", "\u0663", "İn", " ", "  ", "\xa0",
               ",", ".", "said", "x"]


def _date_scan(rules):
    from quotetrack import dates
    weekdays = dates._lexicon_pairs(rules, "weekday")
    months = dates._lexicon_pairs(rules, "month")
    return dates._grammar(weekdays, months)[0], dates._date_words(weekdays, months)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=8).map(" ".join))
def test_a_sentence_skipped_holds_no_time_expression(rules, text):
    from quotetrack.dates import _may_hold_date
    regex, words = _date_scan(rules)
    assert words is not None
    if regex.search(text):
        assert _may_hold_date(text, 0, len(text), words)


@pytest.mark.parametrize("sentence", [
    "Smith on Saturday said so.", "Smith said Sunday night so.", "Smith said yesterday so.",
    "Smith said on Jan. 3 so.", "Smith said on March 3, 2019 so.", "Smith said last week so.",
    "Smith said this month so.", "Smith said in November so.", "Smith said last year so.",
    "He said it earlier in the day.", "They met on the same day.", "Last night he said so.",
    "She said it in 2014.", "He spoke in March."])
def test_sentences_with_a_time_expression_are_scanned(rules, sentence):
    from quotetrack.dates import _may_hold_date
    regex, words = _date_scan(rules)
    assert regex.search(sentence)
    assert _may_hold_date(sentence, 0, len(sentence), words)


def test_sentences_without_date_words_are_not_scanned(rules):
    from quotetrack.dates import _may_hold_date
    _, words = _date_scan(rules)
    text = "“We will win,” Smith told reporters, adding that the plan would work."
    assert not _may_hold_date(text, 0, len(text), words)
