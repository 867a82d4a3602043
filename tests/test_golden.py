"""The seed article end to end: the acceptance table and a golden file."""
import json
import os
import re

import pytest

from quotetrack import extract
from quotetrack.output import document_dict

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "golden", "kyiv-2025-02-01.json")
ROOT = os.path.dirname(HERE)

# (start of content, allowed kinds, speaker, source name, source mode)
ACCEPTANCE = [
    ("another wave of terrorist crimes", {"direct", "mixed"}, "Volodymyr Zelenskyy", None, None),
    ("Last night, Russia launched an attack on our cities", {"direct"}, "Volodymyr Zelenskyy",
     "X", "post"),
    ("in Poltava, a residential building was destroyed", {"indirect"}, "Volodymyr Zelenskyy",
     None, None),
    ("In Poltava, a residential building was hit", {"direct"}, "Volodymyr Zelenskyy", "X", "post"),
    ("every system and interceptor missile could save lives", {"indirect"},
     "Volodymyr Zelenskyy", None, None),
    ("Every such act of terror proves", {"direct"}, "Volodymyr Zelenskyy", None, None),
    ('North Korean forces have "probably" withdrawn', {"indirect", "mixed"},
     "a Ukrainian Military official", None, None),
    ("North Korean troops have not been seen on the battlefront", {"indirect"},
     "Oleksandr Kindratenko", "CNN", "interview"),
    ("The presence of DPRK troops has not been observed", {"direct"}, "Oleksandr Kindratenko",
     "CNN", "interview"),
    ("the reports of the same", {"indirect"}, "Mykhailo Podolyak", None, None),
    ("About 12,000 North Korean soldiers have been sent to Russia", {"indirect"},
     "Ukrainian officials", None, None),
]


@pytest.fixture(scope="module")
def seed_result(seed_text, rules):
    return extract(seed_text, doc_id="kyiv-2025-02-01", rules=rules)


@pytest.mark.parametrize("start, kinds, speaker, source, mode", ACCEPTANCE,
                         ids=[row[0][:30] for row in ACCEPTANCE])
def test_seed_claim(seed_result, seed_text, start, kinds, speaker, source, mode):
    found = [c for c in seed_result.claims if c.text.startswith(start)]
    assert len(found) == 1, [c.text[:40] for c in seed_result.claims]
    claim = found[0]
    assert claim.kind in kinds
    assert claim.speaker is not None and claim.speaker.name == speaker
    assert seed_text[claim.span.start:claim.span.end] == claim.text
    if source or mode:
        assert claim.source is not None
        assert (claim.source.name, claim.source.mode) == (source, mode)
    else:
        assert claim.source is None or claim.source.name is None


def test_seed_roles_types_and_count(seed_result):
    by_name = {s.name: s for s in seed_result.speakers}
    assert by_name["Volodymyr Zelenskyy"].role == "Ukrainian President"
    assert by_name["Oleksandr Kindratenko"].role == (
        "spokesperson for the Ukrainian military's Special Operations Forces")
    assert by_name["Mykhailo Podolyak"].role == "Ukrainian presidential adviser"
    assert by_name["Ukrainian officials"].type == "group"
    assert by_name["a Ukrainian Military official"].type == "anonymous"
    assert by_name["Volodymyr Zelenskyy"].type == "person"
    assert len(seed_result.claims) <= len(ACCEPTANCE) + 3


def test_seed_pronoun_and_post_mentions(seed_result, seed_text):
    he = next(c for c in seed_result.claims if c.text.startswith("Every such act"))
    assert seed_text[he.speaker_span.start:he.speaker_span.end] == "He"
    post = next(c for c in seed_result.claims if c.text.startswith("In Poltava, a residential"))
    assert post.speaker_mention == "the post"


def test_seed_golden_file(seed_result, update_golden):
    produced = document_dict(seed_result)
    if update_golden or not os.path.exists(GOLDEN):
        with open(GOLDEN, "w", encoding="utf-8") as handle:
            json.dump(produced, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    with open(GOLDEN, encoding="utf-8") as handle:
        assert json.load(handle) == json.loads(json.dumps(produced))


def test_nothing_in_the_code_names_the_seed():
    seed_words = re.compile(r"Zelensk|Kindratenko|Podolyak|Oleksandr|Mykhailo|Volodymyr|"
                            r"Poltava|Kharkiv|Zaporizhzhia|Khmelnytskyi|DPRK")
    offenders = []
    for folder in ("quotetrack", "rules"):
        for name in os.listdir(os.path.join(ROOT, folder)):
            if name.endswith((".py", ".yaml")):
                with open(os.path.join(ROOT, folder, name), encoding="utf-8") as handle:
                    if seed_words.search(handle.read()):
                        offenders.append(name)
    assert offenders == []
