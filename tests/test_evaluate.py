"""evaluate: the shared scorer's figures, and error listings."""
import json
import os
import subprocess
import sys
from collections import defaultdict

import pytest

from quotetrack.cli import main
from quotetrack.evaluate import load_gold, score, speaker_correct

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "eval")
GOLD = os.path.join(FIXTURES, "gold.jsonl")
PRED = os.path.join(FIXTURES, "pred.jsonl")
SHARED_SCORER = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "shared", "eval", "score.py")
KEYS = ("gold_quotes", "predictions", "predictions_ignored", "exact", "overlap", "speaker",
        "end_to_end", "sources")


def _predictions():
    preds = defaultdict(list)
    with open(PRED, encoding="utf-8") as handle:
        for line in handle:
            p = json.loads(line)
            preds[p["doc_id"]].append(p)
    return preds


def _flat(value, prefix=""):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}{k}."))
        return out
    return {prefix.rstrip("."): value}


def _same(mine, theirs):
    for key in KEYS:
        assert _flat(mine[key]) == pytest.approx(_flat(theirs[key])), key


@pytest.mark.parametrize("kind", ["all", "direct"])
def test_figures_equal_those_recorded_from_the_shared_scorer(kind):
    with open(os.path.join(FIXTURES, "expected.jsonl"), encoding="utf-8") as handle:
        expected = {r["kind"]: r for r in map(json.loads, handle)}
    _same(score(load_gold(GOLD), _predictions(), kind), expected[kind])


@pytest.mark.skipif(not os.path.exists(SHARED_SCORER), reason="shared scorer not on this machine")
@pytest.mark.parametrize("kind", ["all", "direct"])
def test_figures_equal_the_shared_scorer_run_now(kind):
    out = subprocess.run([sys.executable, SHARED_SCORER, GOLD, PRED, "--kind", kind, "--json"],
                         capture_output=True, text=True, check=True).stdout
    _same(score(load_gold(GOLD), _predictions(), kind), json.loads(out))


def test_speaker_name_rules():
    assert speaker_correct("Prime Minister Justin Trudeau", "Justin Trudeau")
    assert speaker_correct("Col. Smith", "John Smith")
    assert speaker_correct("Pérez", "Tom Perez")
    assert not speaker_correct("Hunter Biden", "Joe Biden")
    assert not speaker_correct("", "Joe Biden")


def test_evaluate_command_and_error_listing(capsys):
    assert main(["evaluate", GOLD, "--errors", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("kind=all  documents=3  gold quotes=9")
    assert "source-name" in out
    assert main(["evaluate", GOLD, "--kind", "direct", "--json", "--errors", "5"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "direct" and report["gold_quotes"] == 4
    for data in report["errors"].values():
        assert data["count"] >= len(data["examples"]) and data["examples"][0]["context"]
