"""Run the examples and counterexamples that every rule carries.

An example is a text in which the rule must fire, with what it must find
(``speaker``, ``cue``, ``content``, ``kind``, ``source``, ``mode``,
``speaker_type``, ``role`` for claims; ``quotes`` for quote marks); a
counterexample is a text in which it must not fire. A spelling rule's example
is two texts (``text``, ``same_as``) whose words must compare equal; its
counterexample two that must not. An alias entry's examples are names that
must get the entry's speaker key, its counterexamples names that must not
(:func:`quotetrack.identity.speaker_key`). The test suite and
``quotetrack rules check`` both run them through the whole pipeline.
"""
from __future__ import annotations

from typing import Iterable, List, Optional

from .metadata import parse_metadata
from .pipeline import extract
from .quotes import find_quotes
from .rulefile import Location, Problem
from .segment import segment_paragraphs


def _norm(text: Optional[str]) -> str:
    return " ".join((text or "").split()).strip(" ,.;:\"“”'‘’").casefold()


def _claim_mismatches(claim, expect: dict) -> List[str]:
    problems = []
    spk = claim.speaker
    checks = {
        "speaker": lambda w: _norm(w) in (_norm(claim.speaker_mention),
                                          _norm(spk.name if spk else None)),
        "cue": lambda w: _norm(claim.cue) == _norm(w),
        "content": lambda w: _norm(claim.text) == _norm(w),
        "kind": lambda w: claim.kind == w,
        "source": lambda w: claim.source is not None and claim.source.name == w,
        "mode": lambda w: claim.source is not None and claim.source.mode == w,
        "speaker_type": lambda w: spk is not None and spk.type == w,
        "role": lambda w: spk is not None and _norm(spk.role) == _norm(w),
    }
    for key, want in expect.items():
        if key in checks and not checks[key](want):
            problems.append(f"{key} is not {want!r}")
    return problems


def example_problems(rule, example, fires: bool, rules) -> List[str]:
    """What is wrong with one example (empty when it passes)."""
    kind = type(rule).__name__
    if kind == "SpellingRule":
        from .passages import normal_words
        spelling = rules.spelling_map()
        other = example.expect.get("same_as", "")
        same = normal_words(example.text, spelling).norms == normal_words(other, spelling).norms
        if same != fires:
            return [f"{example.text!r} and {other!r} compare "
                    + ("different" if fires else "equal")]
        return []
    if kind == "AliasRule":
        from .identity import speaker_key
        want = speaker_key(rule.name, rule.type, rules)
        got = speaker_key(example.text, rule.type, rules)
        if fires and got != want:
            return [f"{example.text!r} is identified as {got!r}, not {want!r}"]
        if not fires and got == want:
            return [f"{example.text!r} is identified as {rule.name!r}"]
        return []
    if kind == "QuoteMarkRule":
        text = example.text
        paragraphs = segment_paragraphs(text, parse_metadata(text).body_start)
        found = [q.content.of(text) for q in find_quotes(text, paragraphs, rules.quote_marks)
                 if q.rule == rule.id]
        if not fires:
            return [f"found quotes {found}"] if found else []
        want = example.expect.get("quotes")
        return [] if want is None or found == want else [f"found quotes {found}, not {want}"]
    claims = extract(example.text, rules=rules).claims
    if kind == "SourceRule":
        hits = [c for c in claims if c.source and rule.id in c.source.rule.split("+")]
        expect = {k: v for k, v in example.expect.items() if k in ("source", "mode")}
    else:
        hits = [c for c in claims if rule.id in c.rules]
        expect = example.expect
    if not fires:
        return [f"fired on its counterexample ({len(hits)} claim(s))"] if hits else []
    if not hits:
        return ["did not fire"]
    reports = [_claim_mismatches(c, expect) for c in hits]
    return [] if any(not r for r in reports) else reports[0]


def check_examples(rules, paths: Optional[Iterable[str]] = None) -> List[Problem]:
    """Problems with the examples of every rule (of the files in ``paths`` if given)."""
    wanted = set(paths) if paths is not None else None
    problems = []
    for rule in rules.all_rules():
        if wanted is not None and (rule.location is None or rule.location.path not in wanted):
            continue
        for fires, examples in ((True, rule.examples), (False, rule.counterexamples)):
            for example in examples:
                for message in example_problems(rule, example, fires, rules):
                    where = example.location or rule.location or Location("<rules>", 1, 1)
                    what = "example" if fires else "counterexample"
                    problems.append(Problem(where, f"rule '{rule.id}' {what}: {message}"))
    return problems
