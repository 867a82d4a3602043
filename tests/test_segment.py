"""Paragraphs and sentences with offsets, without NLTK downloads."""
import pytest

from quotetrack.quotes import find_quotes, mask_quotes
from quotetrack.segment import segment_paragraphs, segment_sentences


def sentences(text, rules):
    paragraphs = segment_paragraphs(text)
    masked = mask_quotes(text, find_quotes(text, paragraphs, rules.quote_marks))
    return [s.span.of(text) for s in segment_sentences(
        masked, paragraphs, rules.words("abbreviation"), rules.words("pronoun"),
        rules.words("speech_verb"))]


def test_paragraphs_keep_offsets():
    text = "  First para.\r\n\r\nSecond para.\nThird."
    paras = segment_paragraphs(text)
    assert [p.span.of(text) for p in paras] == ["First para.", "Second para.", "Third."]
    assert [p.index for p in paras] == [0, 1, 2]


def test_abbreviations_and_initials_do_not_end_sentences(rules):
    text = "Sen. John J. Smith (R-Ky.) spoke in the U.S. Senate on Jan. 3. He left."
    assert sentences(text, rules) == [
        "Sen. John J. Smith (R-Ky.) spoke in the U.S. Senate on Jan. 3.", "He left."]


def test_a_quote_of_several_sentences_stays_in_one_sentence(rules):
    text = '"We will win. We always do," he said. Then he left.'
    assert sentences(text, rules) == ['"We will win. We always do," he said.', "Then he left."]


def test_sentence_after_a_closed_quote(rules):
    text = 'He said, "We will win." Then he left.'
    assert sentences(text, rules) == ['He said, "We will win."', "Then he left."]


def test_a_question_quote_stays_with_the_attribution_after_it(rules):
    text = ('"How big is that wall going to be?" Mike Pence said in response. '
            '"Why not?" another fraternity brother, Stuart Oltchick, recalled. '
            '"Is it over?" He asked again.')
    assert sentences(text, rules) == [
        '"How big is that wall going to be?" Mike Pence said in response.',
        '"Why not?" another fraternity brother, Stuart Oltchick, recalled.',
        '"Is it over?" He asked again.']


def test_a_question_quote_before_a_new_sentence_still_ends_it(rules):
    text = '"Is it over?" The crowd went home early that night and nobody stayed.'
    assert sentences(text, rules) == ['"Is it over?"',
                                      'The crowd went home early that night and nobody stayed.']


@pytest.mark.parametrize("text, expected", [
    pytest.param("Sen. Jack Reed (D-R.I.), said he had not read it. He left.",
                 ["Sen. Jack Reed (D-R.I.), said he had not read it.", "He left."],
                 id="no sentence starts with closing punctuation"),
    # the quote has its speaker before it; "accuses" in the next sentence is its own verb
    pytest.param('Children bash a dollhouse, yelling "eminent domain!" '
                 'A campaign TV ad released Thursday accuses Trump of buying influence.',
                 ['Children bash a dollhouse, yelling "eminent domain!"',
                  'A campaign TV ad released Thursday accuses Trump of buying influence.'],
                 id="a quote ending a sentence does not take the next one"),
    pytest.param('Many admire him. "Go Donald Trump, go!!!," Matteo Salvini wrote on Facebook.',
                 ["Many admire him.", '"Go Donald Trump, go!!!," Matteo Salvini wrote on Facebook.'],
                 id="no sentence starts inside a run of end marks"),
    pytest.param("He tweeted, “I love Hispanics!”Former candidate Jeb Bush broke down what was wrong.",
                 ["He tweeted, “I love Hispanics!”",
                  "Former candidate Jeb Bush broke down what was wrong."],
                 id="a sentence glued to a closing mark starts after it"),
    pytest.param("It was all lies, said a shop owner.“We got deceived into coming here,” he said.",
                 ["It was all lies, said a shop owner.",
                  "“We got deceived into coming here,” he said."],
                 id="a quote glued to a sentence end starts a sentence"),
])
def test_sentence_boundaries_news_text_leaves_unspaced(rules, text, expected):
    assert sentences(text, rules) == expected


@pytest.mark.parametrize("text, expected", [
    ("Le Pen backs Trump.\nPARIS, Aug 31 (Reuters) - Marine Le Pen voiced support for Trump.",
     ["Le Pen backs Trump.", "Marine Le Pen voiced support for Trump."]),
    ("Clinton rallies.\nMYRTLE BEACH, S.C. - Sen. Ted Cruz continued his attacks.",
     ["Clinton rallies.", "Sen. Ted Cruz continued his attacks."]),
    # a speaker in capitals before a colon is no dateline
    ("Debate night.\nSANDERS: We will win.", ["Debate night.", "SANDERS: We will win."]),
])
def test_a_dateline_opening_a_paragraph_is_no_part_of_its_sentence(rules, text, expected):
    assert sentences(text, rules) == expected
