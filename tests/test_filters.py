"""Claim filters: one meaning for files and for the store."""
import pytest

from quotetrack import extract
from quotetrack.filters import ClaimFilter, filter_extractions, period, speaker_matches


@pytest.mark.parametrize("value, expected", [
    ("2025-02-01", ("2025-02-01", "2025-02-01")),
    ("2025-W05", ("2025-01-27", "2025-02-02")),
    ("2025-02", ("2025-02-01", "2025-02-28")),
    ("2024-02", ("2024-02-01", "2024-02-29")),
    ("2025", ("2025-01-01", "2025-12-31")),
    ("2025-02-30", None), ("2025-W54", None), ("2025-13", None), ("0000", None),
    ("yesterday", None), ("", None), (None, None),
])
def test_period(value, expected):
    assert period(value) == expected


def test_parse_normalises_the_range_and_refuses_what_is_not_a_date():
    assert ClaimFilter.parse(since="2025-02", until="2025") == ClaimFilter(
        None, None, "2025-02-01", "2025-12-31")
    assert not ClaimFilter.parse().active
    for bad in ("2025-W05", "02/01/2025", "soon"):
        with pytest.raises(ValueError, match=r"^--until '.*' is not a date; use YYYY-MM-DD"):
            ClaimFilter.parse(until=bad)


def test_speaker_matches_names_and_surface_forms_in_any_case():
    assert speaker_matches("Volodymyr Zelenskyy", ("The Ukrainian President",), "ukrainian pres")
    assert speaker_matches("Straße", (), "STRASSE")  # casefold, not lower
    assert not speaker_matches("Joe Biden", ("Biden",), "hunter")


def test_filter_extractions_on_files(seed_text, rules):
    ex = extract(seed_text, doc_id="kyiv", rules=rules)
    [cut] = filter_extractions([ex], ClaimFilter.parse(source="x"))
    assert {c.source.name for c in cut.claims} == {"X"}
    assert cut.speakers == tuple(s for s in ex.speakers if s.name == "Volodymyr Zelenskyy")
    assert list(filter_extractions([ex], ClaimFilter.parse(since="2025-02-02"))) == []
    assert list(filter_extractions([ex], ClaimFilter())) == [ex]


def test_a_speaker_matched_anywhere_brings_their_claims_everywhere(rules):
    a1 = extract('"We need more systems," Volodymyr Zelenskyy told CNN.', doc_id="a1",
                 rules=rules)
    a2 = extract('"The front is holding," Zelensky wrote on X. "No," Smith said.', doc_id="a2",
                 rules=rules)
    found = [(e.doc_id, c.speaker.name) for e in
             filter_extractions([a1, a2], ClaimFilter.parse(speaker="volodymyr"), rules)
             for c in e.claims]
    assert found == [("a1", "Volodymyr Zelenskyy"), ("a2", "Zelensky")]


def test_kinds_filter_on_files_and_its_parsing(seed_text, rules):
    ex = extract(seed_text, doc_id="kyiv", rules=rules)
    [cut] = filter_extractions([ex], ClaimFilter.parse(kinds="direct, Mixed"))
    assert {c.kind for c in cut.claims} <= {"direct", "mixed"}
    assert len(cut.claims) == sum(c.kind in ("direct", "mixed") for c in ex.claims) > 0
    assert ClaimFilter.parse(kinds="direct,mixed,indirect").kinds is None  # all: no filter
    with pytest.raises(ValueError, match="--kinds 'quotes'"):
        ClaimFilter.parse(kinds="quotes")
