"""Rule files read through libyaml compose to the very nodes PyYAML's own reader gives."""
import glob
import os

import pytest
import yaml

from quotetrack import rulefile
from quotetrack.rulefile import RuleLoader, read_rule_file
from quotetrack.ruleset import bundled_rules_dir

HERE = os.path.dirname(__file__)
FILES = sorted(glob.glob(os.path.join(bundled_rules_dir(), "*.yaml"))
               + glob.glob(os.path.join(HERE, "fixtures", "**", "*.yaml"), recursive=True))
EDGES = [
    "a: yes\nb: On\nc: true\nd: 1e3\ne: 0x1F\nf: ~\ng: 2024-01-02\n",
    "k: 'single ''quoted'''\nl: \"esc\\u00e9\\t\"\nm: |\n  block\n   kept\nn: >\n  folded\n  text\n",
    "- plain\n  continued\n- [flow, {a: 1}]\n- é “curly” \u2028 x\n",
    "a: &anchor 1\nb: 2\n",
    "<<: {a: 1}\n",
]
BROKEN = [
    "a: *undefined\n",
    "a: &x [1]\nb: *x\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "\ta: 1\n",
    "a: \x07\n",
    "--- 1\n--- 2\n",
    "- x\u2028y\n",
    "lexicons:\n  outlet:\n    entries: &a [lol, lol]\n  platform:\n    entries: &b [*a, *a]\n",
]


def _tree(node):
    marks = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return node.tag, node.value, marks
    if isinstance(node, yaml.SequenceNode):
        return node.tag, [_tree(n) for n in node.value], marks
    return node.tag, [(_tree(k), _tree(v)) for k, v in node.value], marks


@pytest.mark.parametrize("text", [open(f, encoding="utf-8-sig").read() for f in FILES] + EDGES)
def test_libyaml_composes_what_pyyaml_does(text):
    assert rulefile._FAST_LOADERS, "PyYAML has libyaml here"
    try:
        expected = _tree(yaml.compose(text, Loader=RuleLoader))
    except yaml.YAMLError:
        return  # a broken fixture: see test_problems_are_described_by_pyyaml
    assert _tree(yaml.compose(text, Loader=rulefile._FAST_LOADERS[0])) == expected


@pytest.mark.parametrize("text", BROKEN)
def test_problems_are_described_by_pyyaml(tmp_path, monkeypatch, text):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    found = read_rule_file(str(path))
    monkeypatch.setattr(rulefile, "_FAST_LOADERS", ())
    assert [str(p) for p in found[1]] == [str(p) for p in read_rule_file(str(path))[1]]
    assert found[1]


def test_rule_files_are_read_by_libyaml(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("PyYAML's scanner was used")

    monkeypatch.setattr(yaml.scanner.Scanner, "fetch_more_tokens", refuse)
    value, problems = read_rule_file(os.path.join(bundled_rules_dir(), "sources.yaml"))
    assert value and not problems
