"""Which rule patterns hold their source slot in every match."""
import re

import pytest

from quotetrack import load_rules
from quotetrack.patterns import phrase_regex
from quotetrack.slotgate import requires_slot, source_gate


@pytest.mark.parametrize("pattern, required", [
    ("(?i:told|telling) (?:the )?{source:outlet}(?![\\w-])", True),
    ("{source:outlet}(?: has)? reported", True),
    ("(?:on|in) (?:{source:outlet}'s )?{programme}", False),           # optional
    ("(?:(?:on|in) {source:outlet}|{platform}) said", False),          # one branch only
    ("(?:on {source:outlet}|in {source:outlet} op-eds)", False),       # (the slot is used once)
    ("(?:(?:on|in) (?:the )?){1,2}{source:outlet}", True),
    ("(?:a {source:outlet} ){0,2}said", False),                        # may repeat zero times
    ("(?!{source:outlet}) said", False),                               # negative lookahead
    ("(?=[A-Z]){source:outlet}", True),
    ("said in {channel_det} statement", False),                        # no source slot
    ("(?:unbalanced {source:outlet}", False),                          # does not parse: unsure
])
def test_requires_slot(pattern, required):
    assert requires_slot(pattern, "source") is required


def test_a_gated_bundled_rule_matches_only_where_its_lexicon_is_found():
    rules = load_rules()
    gated = [r for r in rules.source_rules if source_gate(r)]
    assert len(gated) > len(rules.source_rules) / 3
    for rule in gated:
        view = rules.lexicons[source_gate(rule)].view()
        lexicon = re.compile(phrase_regex(view.entries, view.patterns, view.case_sensitive))
        for example in rule.examples + rule.counterexamples:
            if rule.pattern.regex.search(example.text):
                assert lexicon.search(example.text), (rule.id, example.text)
