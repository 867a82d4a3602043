"""Packaging: bundled rules ship with the package; README and CI agree."""
import os
import re

from quotetrack import bundled_rules_dir

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_bundled_rules_are_the_repository_rules():
    shipped = {n for n in os.listdir(bundled_rules_dir()) if n.endswith(".yaml")}
    in_repo = {n for n in os.listdir(os.path.join(ROOT, "rules")) if n.endswith(".yaml")}
    assert shipped == in_repo


def test_readme_has_the_two_commands_and_ci_runs_the_second():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1).strip().splitlines()
    assert len(block) == 2
    assert block[0].endswith("&& quotetrack who seeds/kyiv-2025-02-01.txt")
    assert block[1].endswith("&& pytest") and "'.[test]'" in block[1]
    with open(os.path.join(ROOT, ".ci", "run"), encoding="utf-8") as handle:
        ci = handle.read()
    pattern = re.search(r'grep -m1 -E "(.*?)" README.md', ci).group(1)
    matches = [line for line in readme.splitlines() if re.search(pattern, line)]
    assert matches[0] == block[1]
