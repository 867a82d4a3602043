"""Speaker identity across documents: spellings, titles, aliases, shared surnames."""
import os
import random

import pytest

from quotetrack import (Document, RuleError, extract, identify_speakers, load_rules,
                        read_documents, speaker_key)
from quotetrack.identity import fold_word, stripped_name
from quotetrack.pipeline import extract_all

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures", "graph")
SEED_DIR = os.path.join(os.path.dirname(HERE), "seeds")


@pytest.fixture(scope="module")
def collection(rules):
    return list(extract_all(read_documents([SEED_DIR, FIXTURES]), rules))


@pytest.mark.parametrize("name", [
    "Zelenskyy", "Zelensky", "Zelenskiy", "Zelenskij", "Zelenskii",
])
def test_transliterations_of_a_surname_fold_together(name):
    assert fold_word(name) == "zelenski"


@pytest.mark.parametrize("name", [
    "Volodymyr Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskiy",
    "Ukrainian President Volodymyr Zelenskyy", "President Volodymyr Zelensky",
    "Ukraine's President Volodymyr Zelenskiy", "Volodymyr Oleksandrovych Zelenskyy",
    "Volodýmyr Zelenskyy",
])
def test_one_person_many_spellings_and_titles(rules, name):
    assert speaker_key(name, "person", rules) == "person:volodimir zelenski"


@pytest.mark.parametrize("a, b", [
    ("Joe Biden", "Hunter Biden"),
    ("Volodymyr Zelenskyy", "Olena Zelenska"),
    ("Stephen King", "Stephen Kinnock"),
    ("Muammar Gaddafi", "Saif al-Islam Gaddafi"),
])
def test_different_people_get_different_keys(rules, a, b):
    assert speaker_key(a, "person", rules) != speaker_key(b, "person", rules)


@pytest.mark.parametrize("written, plain", [
    ("Ukrainian President Volodymyr Zelenskyy", "Volodymyr Zelenskyy"),
    ("Colonel Oleksandr", "Oleksandr"),
    ("Libyan leader Moammar Gadhafi", "Moammar Gadhafi"),
    ("Martin Luther King Jr.", "Martin Luther King"),
    ("Stephen King", "Stephen King"),
    ("King", "King"),
    ("Muammar al-Qaddafi", "Muammar Qaddafi"),
])
def test_titles_roles_and_suffixes_are_stripped(rules, written, plain):
    assert stripped_name(written, rules) == plain


def test_alias_file_reaches_what_folding_cannot(rules):
    assert speaker_key("Joseph R. Biden Jr.", "person", rules) == "person:joe biden"
    assert speaker_key("Mouammar Kadhafi", "person", rules) == speaker_key(
        "Muammar Gaddafi", "person", rules)


def test_keys_are_deterministic_and_typed(rules):
    assert speaker_key("the White House", "organization", rules) == \
        speaker_key("White House", "organization", rules) == "organization:vhite house"
    assert speaker_key("a senior official", "anonymous", rules, "d1") != \
        speaker_key("a senior official", "anonymous", rules, "d2")


def test_collection_merges_spellings_and_keeps_forms_and_dated_roles(collection, rules):
    index = identify_speakers(collection, rules)
    [zelenskyy] = index.find("Zelenskiy", rules)
    assert zelenskyy.key == "person:volodimir zelenski"
    assert zelenskyy.name == "Volodymyr Zelenskyy"
    assert set(zelenskyy.documents) == {"kyiv-2025-02-01", "kyiv-2025-02-02",
                                        "london-2025-02-04"}
    for form in ("Ukrainian President Volodymyr Zelenskyy", "Zelenskyy", "Zelensky",
                 "Zelenskiy", "Ukraine's President Volodymyr Zelenskiy", "He", "the post"):
        assert form in zelenskyy.surface_forms
    [role] = zelenskyy.roles
    assert (role.role, role.first_seen, role.last_seen) == (
        "Ukrainian President", "2025-02-01", "2025-02-02")


def test_shared_surname_two_people_and_an_ambiguous_bare_surname(collection, rules):
    index = identify_speakers(collection, rules)
    keys = {i.key for i in index}
    assert {"person:joe biden", "person:hunter biden", "person:biden"} <= keys
    assert len(index.find("Biden", rules)) == 1  # the bare "Biden" itself
    assert {i.name for i in index.find("Hunter Biden", rules)} == {"Hunter Biden"}


def test_bare_surname_joins_the_one_full_name(rules):
    docs = [extract('date 2025-03-01\n"We will hold," Zelensky said.', "a", rules),
            extract('date 2025-03-02\n"Help is coming," Volodymyr Zelenskyy said.', "b", rules)]
    index = identify_speakers(docs, rules)
    assert len(index) == 1
    [identity] = index
    assert identity.key == "person:volodimir zelenski" and identity.documents == ("a", "b")


def test_identity_does_not_depend_on_document_order(collection, rules):
    first = identify_speakers(collection, rules)
    shuffled = list(collection)
    random.Random(4).shuffle(shuffled)
    second = identify_speakers(shuffled, rules)
    assert [i.to_dict() for i in first] == [i.to_dict() for i in second]


def test_user_alias_file_extends_the_bundled_one(tmp_path):
    (tmp_path / "people.yaml").write_text(
        "aliases:\n"
        "  - id: ivan-petrenko\n"
        "    name: Ivan Petrenko\n"
        "    aliases: [Johnny Petrenko]\n"
        "    examples: [Mayor Johnny Petrenko]\n"
        "    counterexamples: [Olga Petrenko]\n", encoding="utf-8")
    rules = load_rules([str(tmp_path)])
    assert speaker_key("Mayor Johnny Petrenko", "person", rules) == "person:ivan petrenko"
    doc = extract('"Roads first," Johnny Petrenko said.', "x", rules)
    [identity] = identify_speakers([doc], rules)
    assert identity.name == "Ivan Petrenko"


@pytest.mark.parametrize("body, message", [
    ("  - id: a\n    name: A B\n", "F:2:5: alias 'a': missing required key 'aliases'"),
    ("  - id: a\n    name: A B\n    aliases: C D\n",
     "F:4:14: alias 'a': 'aliases' is a list of names, e.g. [Gadhafi, Qaddafi]"),
    ("  - id: a\n    name: A B\n    aliases: [C D]\n    typ: person\n",
     "F:5:5: alias 'a': unknown key 'typ'; did you mean 'type'?"),
    ("  - id: a\n    name: A B\n    aliases: [C D]\n  - id: b\n    name: E F\n"
     "    aliases: [G H, C D]\n",
     "F:7:20: alias 'b': 'C D' is also an alias of 'A B' (alias 'a' at F:2:5); "
     "keep it in one entry"),
    ("  - id: a\n    name: A B\n    aliases: [C D]\n    examples: [{text: A B, speaker: A}]\n",
     "F:5:16: alias 'a': an alias example is a name as written, or a mapping with only "
     "'text'"),
])
def test_broken_alias_entries_are_reported_at_their_place(tmp_path, body, message):
    (tmp_path / "people.yaml").write_text("aliases:\n" + body, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path)])
    problems = [str(p).replace(str(tmp_path / "people.yaml"), "F") for p in info.value.problems]
    assert problems == [message]


def test_rules_check_runs_alias_examples(tmp_path):
    from quotetrack.ruletests import check_examples
    (tmp_path / "people.yaml").write_text(
        "aliases:\n  - id: a\n    name: Ivan Petrenko\n    aliases: [Johnny Petrenko]\n"
        "    examples: [Olga Petrenko]\n    counterexamples: [Ivan Petrenko]\n",
        encoding="utf-8")
    rules = load_rules([str(tmp_path)])
    problems = [str(p).replace(str(tmp_path / "people.yaml"), "F")
                for p in check_examples(rules, [str(tmp_path / "people.yaml")])]
    assert problems == [
        "F:5:16: rule 'a' example: 'Olga Petrenko' is identified as 'person:olga petrenko', "
        "not 'person:ivan petrenko'",
        "F:6:23: rule 'a' counterexample: 'Ivan Petrenko' is identified as 'Ivan Petrenko'"]


def test_documents_built_by_hand_work_too(rules):
    doc = Document("hand", '"Fine," Jane Doe said.', {"date": "2025-01-05"})
    from quotetrack import extract_document
    [identity] = identify_speakers([extract_document(doc, rules)], rules)
    assert identity.roles == () and identity.documents == ("hand",)


@pytest.mark.parametrize("name, speaker_type, proper", [
    ("Jane Doe", "person", True),
    ("Sen. Ted Cruz", "person", True),
    ("Ursula von der Leyen", "person", True),
    ("he", "person", False),
    ("Which", "person", False),
    ("candidate", "person", False),
    ("tweet from Jane Doe who", "person", False),
    ("the White House", "organization", True),
    ("his campaign", "organization", False),
    ("Ukrainian officials", "group", True),
    ("some officials", "group", False),
    ("a senior official", "anonymous", False),
])
def test_only_proper_names_are_merged_across_documents(rules, name, speaker_type, proper):
    from quotetrack.identity import is_proper_name
    assert is_proper_name(name, speaker_type, rules) is proper


def test_unnamed_speakers_stay_in_their_document(rules):
    docs = [extract("The campaign said the rally was cancelled.", "a", rules),
            extract("The campaign said the rally went ahead.", "b", rules)]
    index = identify_speakers(docs, rules)
    assert sorted(i.key for i in index) == ["organization:a:campaign",
                                            "organization:b:campaign"]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["person", "organization", "group", "anonymous"]))
def test_any_name_gets_a_key(rules, name, speaker_type):
    key = speaker_key(name, speaker_type, rules, "d")
    assert key.startswith(speaker_type + ":")
    assert key == speaker_key(name, speaker_type, rules, "d")
