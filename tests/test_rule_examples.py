"""Every rule proves itself: its examples fire, its counterexamples do not."""
import pytest

from quotetrack import extract, load_rules
from quotetrack.metadata import parse_metadata
from quotetrack.quotes import find_quotes
from quotetrack.segment import segment_paragraphs

RULES = load_rules()


def _cases(kind):
    for rule in getattr(RULES, kind):
        for i, example in enumerate(rule.examples):
            yield pytest.param(rule, example, True, id=f"{rule.id}-example{i + 1}")
        for i, example in enumerate(rule.counterexamples):
            yield pytest.param(rule, example, False, id=f"{rule.id}-counter{i + 1}")


def _norm(text):
    return " ".join((text or "").split()).strip(" ,.;:\"“”'‘’").casefold()


def test_every_rule_has_examples_and_counterexamples():
    missing = [r.id for r in RULES.all_rules() if not r.examples or not r.counterexamples]
    assert missing == []


@pytest.mark.parametrize("rule, example, fires", list(_cases("quote_marks")))
def test_quote_mark_examples(rule, example, fires):
    text = example.text
    paragraphs = segment_paragraphs(text, parse_metadata(text).body_start)
    found = [q for q in find_quotes(text, paragraphs, RULES.quote_marks) if q.rule == rule.id]
    if fires:
        assert [q.content.of(text) for q in found] == example.expect["quotes"]
    else:
        assert found == []


def _claim_matches(claim, expect):
    problems = []
    for key, want in expect.items():
        if key == "speaker":
            got = [claim.speaker_mention, claim.speaker.name if claim.speaker else None]
            if _norm(want) not in [_norm(g) for g in got]:
                problems.append(f"speaker {got} != {want!r}")
        elif key == "cue" and _norm(claim.cue) != _norm(want):
            problems.append(f"cue {claim.cue!r} != {want!r}")
        elif key == "content" and _norm(claim.text) != _norm(want):
            problems.append(f"content {claim.text!r} != {want!r}")
        elif key == "kind" and claim.kind != want:
            problems.append(f"kind {claim.kind} != {want}")
        elif key == "source" and (claim.source is None or claim.source.name != want):
            problems.append(f"source {claim.source} != {want!r}")
        elif key == "mode" and (claim.source is None or claim.source.mode != want):
            problems.append(f"mode {claim.source} != {want!r}")
        elif key == "speaker_type" and (claim.speaker is None or claim.speaker.type != want):
            problems.append(f"speaker_type {claim.speaker} != {want!r}")
        elif key == "role" and (claim.speaker is None or _norm(claim.speaker.role) != _norm(want)):
            problems.append(f"role {claim.speaker and claim.speaker.role!r} != {want!r}")
    return problems


@pytest.mark.parametrize("rule, example, fires", list(_cases("attribution_rules")))
def test_attribution_rule_examples(rule, example, fires):
    claims = [c for c in extract(example.text, rules=RULES).claims if rule.id in c.rules]
    if not fires:
        assert claims == [], f"{rule.id} fired on its counterexample"
        return
    assert claims, f"{rule.id} did not fire on {example.text!r}"
    reports = [_claim_matches(c, example.expect) for c in claims]
    assert any(not r for r in reports), reports


@pytest.mark.parametrize("rule, example, fires", list(_cases("source_rules")))
def test_source_rule_examples(rule, example, fires):
    claims = extract(example.text, rules=RULES).claims
    by_rule = [c for c in claims if c.source and rule.id in c.source.rule.split("+")]
    if not fires:
        assert by_rule == [], f"{rule.id} fired on its counterexample"
        return
    assert by_rule, f"{rule.id} gave no claim a source in {example.text!r}"
    expect = {k: v for k, v in example.expect.items() if k in ("source", "mode")}
    assert any(not _claim_matches(c, expect) for c in by_rule), [c.source for c in by_rule]
