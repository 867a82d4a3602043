"""Checking claims against original sources, and quotes against each other.

The acceptance cases: the seed article against its X post (tests/fixtures/check)
and variants of the post with a changed word, a dropped sentence, another
author, and quote marks and case changed.
"""
import os

import pytest

from quotetrack import check_claims, compare_quotes, extract, find_inconsistencies, same_speaker
from quotetrack.check import SourceIndex, quote_parts, word_diff
from quotetrack.originals import read_sources

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "check")
POST = "x-post.jsonl"


def _sources(*names):
    return list(read_sources([os.path.join(CHECK, n) for n in names]))


@pytest.fixture(scope="module")
def seed(seed_text, rules):
    return extract(seed_text, doc_id="kyiv-2025-02-01", rules=rules)


def _verdicts(extraction, rules, *names):
    return {(v.claim.claim_id.split("#")[1], v.part): v
            for v in check_claims([extraction], _sources(*names), rules)}


# claim 2 is "another wave of terrorist crimes." (lower-case a), claim 3 the post's
# first paragraph, claim 5 its second, claim 8 the address, claim 11 a CNN interview
ACCEPTANCE = [
    ((POST, "zelenskyy-address.txt"), {"c2": "normalized", "c3": "verbatim", "c5": "verbatim",
                                       "c8": "verbatim", "c11": "not_found"}),
    (("x-post-changed-word.jsonl",), {"c2": "altered", "c3": "altered", "c5": "verbatim"}),
    (("x-post-dropped-sentence.jsonl",), {"c2": "normalized", "c3": "verbatim",
                                          "c5": "altered"}),
    (("x-post-other-author.jsonl",), {"c2": "misattributed", "c3": "misattributed",
                                      "c5": "misattributed"}),
    (("x-post-other-author.jsonl", POST), {"c2": "normalized", "c3": "verbatim",
                                           "c5": "verbatim"}),
    (("x-post-marks-case.jsonl",), {"c2": "normalized", "c3": "normalized",
                                    "c5": "normalized"}),
]


@pytest.mark.parametrize("sources, expected", ACCEPTANCE,
                         ids=[s[0].split(".")[0] + ("+" if len(s) > 1 else "")
                              for s, _ in ACCEPTANCE])
def test_acceptance_seed_against_post_variants(seed, rules, sources, expected):
    verdicts = _verdicts(seed, rules, *sources)
    assert {c: verdicts[(c, 0)].verdict for c in expected} == expected


def test_verdict_spans_point_into_the_source(seed, rules):
    sources = {d.id: d for d in _sources(POST, "zelenskyy-address.txt")}
    for v in check_claims([seed], list(sources.values()), rules):
        if v.source_span is not None:
            assert sources[v.source_id].text[v.source_span.start:v.source_span.end] == v.source_text
        assert seed.document.text[v.span.start:v.span.end] == v.text
        assert 0.0 <= v.score <= 1.0


def test_changed_word_diff_and_scores(seed, rules):
    verdicts = _verdicts(seed, rules, "x-post-changed-word.jsonl")
    assert verdicts[("c2", 0)].diff == "another wave of terrorist [-attacks-]{+crimes+}"
    assert verdicts[("c3", 0)].source_id == "zelenskyy-x-changed-word"
    assert verdicts[("c3", 0)].source_span.as_list() == [0, 160]
    assert verdicts[("c3", 0)].failed
    assert verdicts[("c5", 0)].score == 1.0 and not verdicts[("c5", 0)].failed


def test_dropped_sentence_shows_the_added_words(seed, rules):
    v = _verdicts(seed, rules, "x-post-dropped-sentence.jsonl")[("c5", 0)]
    assert "{+Ten people were wounded including children+}" in v.diff


def test_misattributed_names_the_author(seed, rules):
    v = _verdicts(seed, rules, "x-post-other-author.jsonl")[("c3", 0)]
    assert v.source_author == "Andriy Yermak"
    assert v.note == "verbatim in a source by Andriy Yermak, not Volodymyr Zelenskyy"


@pytest.mark.parametrize("article, verdict, diff", [
    ('Zelenskyy wrote on X, "Last night, Russia launched an attack on our cities ... Another '
     'wave of terrorist crimes."', "elided",
     "[-using various types of weapons missiles attack drones and aerial bombs-]"),
    ('Zelenskyy wrote on X, "In Poltava, a residential building was hit, a section of the '
     'building was completely destroyed. Tragically, three people were killed."', "elided",
     "[-Ten people were wounded including children-]"),
    ('Zelenskyy said, "Every air defense system, every interceptor missile, means a life '
     'saved."', "normalized", None),
    ('Zelenskyy said, "Every air defence system, every interceptor missile, means two lives '
     'saved."', "altered", "[-a life-]{+two lives+}"),
    ('Zelenskyy said, "Russia launched an attack on our cities last night using various types '
     'of weapons."', "altered", "{+last night+}"),
    ('Zelenskyy said, "We have achieved a great victory on the southern front today."',
     "not_found", None),
])
def test_article_variants(rules, article, verdict, diff):
    ex = extract(article, doc_id="variant", rules=rules)
    [v] = check_claims([ex], _sources(POST, "zelenskyy-address.txt"), rules)
    assert v.verdict == verdict
    if diff:
        assert diff in v.diff


def test_mixed_claim_checks_its_quoted_part(rules):
    ex = extract('Zelenskyy said Russia had launched "an attack on our cities using various '
                 'types of weapons" overnight.', doc_id="mixed", rules=rules)
    [part] = quote_parts(ex, rules)
    assert part.text == "an attack on our cities using various types of weapons"
    [v] = check_claims([ex], _sources(POST), rules)
    assert (v.claim.kind, v.check, v.verdict) == ("mixed", "quote", "verbatim")


def test_quoted_parts_come_from_the_claims_not_a_second_quote_search(rules, monkeypatch):
    from quotetrack import check as check_module
    ex = extract('Zelenskyy said Russia had launched "an attack on our cities" overnight.',
                 doc_id="mixed", rules=rules)

    def no_search(*args, **kwargs):
        raise AssertionError("quotes searched again")

    monkeypatch.setattr(check_module, "find_quotes", no_search)
    assert [p.text for p in quote_parts(ex, rules)] == ["an attack on our cities"]


def test_short_quote_is_not_looked_up_everywhere(seed, rules):
    v = _verdicts(seed, rules, POST)[("c9", 0)]
    assert v.text == "probably" and v.verdict == "not_found"
    assert "too short" in v.note


def test_indirect_claims_get_the_weaker_content_check(seed, rules):
    verdicts = _verdicts(seed, rules, POST, "zelenskyy-address.txt")
    poltava = verdicts[("c4", 0)]
    assert (poltava.check, poltava.verdict) == ("content", "supported")
    assert "weaker" in poltava.note and not poltava.failed
    assert verdicts[("c10", 0)].verdict == "not_found"
    assert verdicts[("c10", 0)].note.endswith("no source by Oleksandr Kindratenko")
    # support from someone else's post is not support
    other = _verdicts(seed, rules, "x-post-other-author.jsonl")[("c4", 0)]
    assert other.verdict == "not_found"


def test_source_index_is_reusable(seed, rules):
    index = SourceIndex(_sources(POST), rules)
    first = check_claims([seed], index)
    assert [v.to_dict() for v in first] == [v.to_dict() for v in check_claims([seed], index)]
    assert list(first[1].to_dict()) == [
        "doc_id", "claim_id", "kind", "part", "text", "start", "end", "speaker", "check",
        "verdict", "score", "source_id", "source_span", "source_text", "source_author", "diff",
        "note"]


@pytest.mark.parametrize("a, b, same", [
    ("Volodymyr Zelenskyy", "Zelenskyy", True),
    ("President Alexei Navalnyy", "Alexei Navalny", True),
    ("Colonel Oleksandr Kindratenko", "oleksandr kindratenko", True),
    ("V. Zelenskyy", "Volodymyr Zelenskyy", True),
    ("Andriy Yermak", "Volodymyr Zelenskyy", False),
    ("Olena Zelenska", "Volodymyr Zelenskyy", False),
    ("Hunter Biden", "Joe Biden", False),
    ("Sen. Ted Cruz", "Ted Cruz", True),
    (None, "Ted Cruz", False),
])
def test_same_speaker(rules, a, b, same):
    assert same_speaker(a, b, rules) is same


def test_word_diff_format():
    art, src = ["a", "b", "c", "d"], ["a", "x", "c"]
    assert word_diff(art, art, src, src) == "a [-x-]{+b+} c {+d+}"


# ---------------------------------------------------------------- consistency
def test_seed_is_consistent_claim_2_inside_claim_3(seed, rules):
    relations = compare_quotes([seed], rules)
    contained = [(r.first.claim.claim_id, r.second.claim.claim_id, r.text_verdict)
                 for r in relations if r.kind == "contained"]
    assert ("kyiv-2025-02-01#c2", "kyiv-2025-02-01#c3", "normalized") in contained
    assert find_inconsistencies([seed], rules) == []


def test_fragment_not_in_the_fuller_quote(seed_text, rules):
    text = seed_text.replace('calling it "another wave of terrorist crimes."',
                             'calling it "another wave of terrorist attacks."')
    [bad] = find_inconsistencies([extract(text, doc_id="k", rules=rules)], rules)
    assert (bad.kind, bad.first.claim.claim_id, bad.second.claim.claim_id) == (
        "fragment_not_in_quote", "k#c2", "k#c3")
    assert bad.diff == "another wave of terrorist [-crimes-]{+attacks+}"


def test_same_quote_two_speakers(rules):
    ex = extract('Yermak wrote, "Another wave of terrorist crimes in our cities." Later, Smith '
                 'wrote, "Another wave of terrorist crimes in our cities."', doc_id="t",
                 rules=rules)
    [bad] = find_inconsistencies([ex], rules)
    assert bad.kind == "different_speakers"


def test_same_quote_worded_differently_across_documents(rules):
    a = extract('Smith wrote, "Another wave of terrorist crimes in our cities."', doc_id="a",
                rules=rules)
    b = extract('Smith wrote, "Another wave of terrorist attacks in our cities."', doc_id="b",
                rules=rules)
    [bad] = find_inconsistencies([a, b], rules)
    assert (bad.kind, bad.first.claim.doc_id, bad.second.claim.doc_id) == (
        "different_wording", "a", "b")
    assert bad.to_dict()["first"]["text"] == "Another wave of terrorist crimes in our cities."
