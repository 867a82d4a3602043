"""Date lines and datelines before the first sentence."""
import pytest

from quotetrack.metadata import parse_metadata


def test_seed_header(seed_text):
    meta = parse_metadata(seed_text)
    assert meta.date == "2025-02-01"
    assert meta.dateline == "Kyiv [Ukraine], February 1"
    assert meta.dateline_span.of(seed_text) == meta.dateline
    assert seed_text[meta.body_start:].startswith("Ukrainian President Volodymyr Zelenskyy")


@pytest.mark.parametrize("text, dateline, body", [
    ("WASHINGTON (Reuters) - The Senate voted.", "WASHINGTON (Reuters)", "The Senate"),
    ("KYIV, Ukraine — Drones struck.", "KYIV, Ukraine", "Drones"),
    ("NEW YORK, Feb. 1 (AP) -- Stocks fell.", "NEW YORK, Feb. 1 (AP)", "Stocks"),
])
def test_common_datelines(text, dateline, body):
    meta = parse_metadata(text)
    assert meta.dateline == dateline
    assert text[meta.body_start:].startswith(body)
    assert meta.date is None


@pytest.mark.parametrize("text", [
    "Trump: We will win big.",
    "The Ninth Circle: The Hellish View from Inside the Beltway.",
    "",
    "date 2025-13-45 Kyiv : text",
])
def test_no_dateline(text):
    meta = parse_metadata(text)
    assert meta.dateline is None and meta.date is None


def test_known_date_from_corpus_metadata():
    assert parse_metadata("Body.", known_date="2016-05-03T10:00:00").date == "2016-05-03"


def test_crlf_after_the_date_line():
    meta = parse_metadata("date 2025-02-01\r\nKYIV, Ukraine — Drones struck.")
    assert meta.date == "2025-02-01" and meta.dateline == "KYIV, Ukraine"
