import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = os.path.join(ROOT, "seeds", "kyiv-2025-02-01.txt")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.json from the current output")


@pytest.fixture(scope="session")
def rules():
    from quotetrack import load_rules
    return load_rules()


@pytest.fixture(scope="session")
def seed_text():
    with open(SEED, "rb") as handle:
        return handle.read().decode("utf-8")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")
