"""Every rule proves itself: its examples fire, its counterexamples do not."""
import pytest

from quotetrack import load_rules
from quotetrack.ruletests import example_problems

RULES = load_rules()


def _cases(kind):
    for rule in getattr(RULES, kind):
        for i, example in enumerate(rule.examples):
            yield pytest.param(rule, example, True, id=f"{rule.id}-example{i + 1}")
        for i, example in enumerate(rule.counterexamples):
            yield pytest.param(rule, example, False, id=f"{rule.id}-counter{i + 1}")


def test_every_rule_has_examples_and_counterexamples():
    missing = [r.id for r in RULES.all_rules() if not r.examples or not r.counterexamples]
    assert missing == []


@pytest.mark.parametrize("rule, example, fires",
                         [*_cases("quote_marks"), *_cases("attribution_rules"),
                          *_cases("source_rules"), *_cases("spelling_variants"),
                          *_cases("aliases")])
def test_rule_example(rule, example, fires):
    assert example_problems(rule, example, fires, RULES) == []
