"""The rule loader: every defect reported at its file:line:col, all at once."""
import os
import shutil

import pytest

from quotetrack import RuleError, bundled_rules_dir, load_rules
from quotetrack.ruleset import rule_files

BROKEN = os.path.join(os.path.dirname(__file__), "fixtures", "broken")


def _problems(tmp_path, name):
    target = tmp_path / name
    target.mkdir()
    shutil.copy(os.path.join(BROKEN, name + ".yaml"), target / "rules.yaml")
    with pytest.raises(RuleError) as info:
        load_rules([str(target)])
    path = str(target / "rules.yaml")
    return [str(p).replace(path, "F") for p in info.value.problems]


def _line_col(name, needle):
    with open(os.path.join(BROKEN, name + ".yaml"), encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if needle in line:
                return number, line.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize("name, needle, message", [
    ("unknown-key", "patern", "rule 'my-rule': unknown key 'patern'; did you mean 'pattern'?"),
    ("bad-mode", "podcast\n"[:7], None),
    ("duplicate-key", "entries: [Ukr", None),
    ("alias", "*many", "YAML syntax error: aliases (*name) are not allowed in rule files; "
                       "write the value out"),
])
def test_problem_points_at_its_line(tmp_path, name, needle, message):
    problems = _problems(tmp_path, name)
    if name == "bad-mode":
        line, col = _line_col(name, "mode: podcast")
        col += len("mode: ")
        message = ("source rule 'on-podcast': 'mode' is 'podcast'; use one of interview, post, "
                   "statement, press_conference, briefing, speech, rally, debate, hearing, "
                   "report, letter, email, article, book, video, remarks")
    elif name == "duplicate-key":
        line, col = _line_col(name, needle)
        message = "duplicate key 'entries' (first at line 3); remove one of them"
    else:
        line, col = _line_col(name, needle)
    assert f"F:{line}:{col}: {message}" in problems


def test_unknown_key_also_reports_the_missing_pattern(tmp_path):
    problems = _problems(tmp_path, "unknown-key")
    assert "F:2:5: rule 'my-rule': missing required key 'pattern'" in problems
    assert len(problems) == 2


def test_duplicate_rule_id_names_the_first_definition(tmp_path):
    [problem] = _problems(tmp_path, "duplicate-id")
    first = os.path.join(bundled_rules_dir(), "attribution.yaml")
    assert problem.startswith("F:2:9: duplicate rule id 'quote-speaker-cue' (first defined at "
                              + first + ":")
    assert problem.endswith("); rename one of them")


def test_bad_regex_points_into_the_pattern(tmp_path):
    [problem] = _problems(tmp_path, "bad-regex")
    assert problem == ("F:3:15: rule 'my-rule': not a valid regular expression: "
                       "missing ), unterminated subpattern")


def test_unknown_lexicon_names_the_nearest_one(tmp_path):
    [problem] = _problems(tmp_path, "unknown-lexicon")
    line, col = _line_col("unknown-lexicon", "'told")
    assert problem == (f"F:{line}:{col + 1 + len('told ')}: source rule 'told-outlett': "
                       "unknown lexicon 'outlett'; did you mean 'outlet'? "
                       "(`quotetrack rules list` lists the lexicons)")


def test_yaml_syntax_error_has_a_location(tmp_path):
    [problem] = _problems(tmp_path, "syntax")
    assert problem.startswith("F:4:1: YAML syntax error:")


def test_a_rule_without_content_is_refused(tmp_path):
    [problem] = _problems(tmp_path, "no-content")
    assert problem == ("F:3:14: rule 'speaker-only': the pattern needs a {quote} or {content} "
                       "slot for what was said")


def test_every_fixture_fails_and_all_problems_come_at_once(tmp_path):
    for name in ("unknown-key", "bad-regex", "unknown-lexicon"):
        shutil.copy(os.path.join(BROKEN, name + ".yaml"), tmp_path / f"{name}.yaml")
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path)])
    assert len(info.value.problems) == 4
    assert all(str(p).count(":") >= 3 for p in info.value.problems)


def test_bundled_rules_load_and_are_found(rules):
    assert os.path.isfile(os.path.join(bundled_rules_dir(), "attribution.yaml"))
    assert len(rule_files(bundled_rules_dir())) >= 7
    assert rules.attribution_rules and rules.source_rules and rules.quote_marks
    priorities = [r.priority for r in rules.attribution_rules]
    assert priorities == sorted(priorities, reverse=True)


def test_yes_and_no_stay_words(rules):
    # YAML 1.1 would read these as booleans; rule files use YAML 1.2 booleans
    assert "no" in rules.words("abbreviation")
    assert "on" in rules.words("speech_adverb") or rules.lexicon("not_name").lookup("On")


def test_user_rules_extend_the_bundled_ones(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "lexicons:\n  outlet:\n    entries: [Decatur Herald-Review]\n"
        "source_rules:\n  - id: on-his-podcast\n    pattern: 'on (?:his|her) podcast'\n"
        "    mode: interview\n    examples: ['\"We win,\" Smith said on his podcast.']\n",
        encoding="utf-8")
    from quotetrack import extract
    rules = load_rules([str(tmp_path)])
    assert "decatur herald-review" in rules.words("outlet")
    assert "cnn" in rules.words("outlet")
    claims = extract('"We will win," Smith told the Decatur Herald-Review.', rules=rules).claims
    assert claims[0].source.name == "Decatur Herald-Review"
    claims = extract('"We will win," Smith said on his podcast.', rules=rules).claims
    assert claims[0].source.mode == "interview"
    assert claims[0].source.rule == "on-his-podcast"


def test_missing_rules_directory(tmp_path):
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path / "nope")])
    assert "rules directory not found" in str(info.value)


@pytest.mark.parametrize("content, message", [
    ("x: " + "[" * 5000 + "]" * 5000 + "\n", "F:1:1: nesting too deep to read"),
    ("attribution_rules:\n  - id: lead-only\n    pattern: '^{lead}, {speaker} said[.]$'\n",
     "the pattern needs a {quote} or {content} slot"),
    ("lexicons:\n  outlet:\n    patterns: ['(?i)foo']\n", "global flags like (?i)"),
    ("source_rules:\n  - id: dated\n    description: 2025-01-01\n    pattern: 'on TV'\n"
     "    mode: video\n", "'description' must be a non-empty string"),
])
def test_more_refused_rule_files(tmp_path, content, message):
    (tmp_path / "r.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path)])
    text = str(info.value).replace(str(tmp_path / "r.yaml"), "F")
    assert message in text


@pytest.mark.parametrize("name, expected", [
    ("spelling-phrase", ["F:3:32: spelling rule 'my-spellings': 'per cent' is not a single word; "
                         "variants are compared word by word"]),
    ("spelling-clash", ["F:5:13: spelling rule 'second-group': 'plow' is already a variant in "
                        "rule 'first-group' (at F:3:13); keep each word in one group",
                        "F:7:9: spelling rule 'second-group' example: missing required key "
                        "'same_as'"]),
])
def test_spelling_variant_problems(tmp_path, name, expected):
    assert _problems(tmp_path, name) == expected


def test_spelling_map_maps_every_variant_to_the_first(rules):
    spelling = rules.spelling_map()
    assert spelling["color"] == spelling["colour"] == "colour"
    assert spelling["kiev"] == "kyiv"


# every fixture in tests/fixtures/broken with its exact messages ("B/" is the
# bundled rules directory); a new fixture must be added here
FIXTURE_MESSAGES = {
    "alias": ["F:5:14: YAML syntax error: aliases (*name) are not allowed in rule files; "
              "write the value out"],
    "bad-mode": ["F:4:11: source rule 'on-podcast': 'mode' is 'podcast'; use one of interview, "
                 "post, statement, press_conference, briefing, speech, rally, debate, hearing, "
                 "report, letter, email, article, book, video, remarks",
                 "F:3:14: source rule 'on-podcast': give a {source:LEXICON} slot, a 'name' or "
                 "a 'mode'"],
    "bad-regex": ["F:3:15: rule 'my-rule': not a valid regular expression: missing ), "
                  "unterminated subpattern"],
    "billion-laughs": ["F:6:18: YAML syntax error: aliases (*name) are not allowed in rule "
                       "files; write the value out"],
    "duplicate-id": ["F:2:9: duplicate rule id 'quote-speaker-cue' (first defined at "
                     "{first}); rename one of them"],
    "duplicate-key": ["F:4:5: duplicate key 'entries' (first at line 3); remove one of them"],
    "nested-quantifier": ["F:5:35: rule 'words-then-quote': pattern may backtrack "
                          "catastrophically: a repeat inside a repeat can split the same text "
                          "in many ways (like (a+)+ or (\\w+\\s?)*); bound the outer repeat "
                          "({1,10}) or make its parts unable to match the same text"],
    "no-content": ["F:3:14: rule 'speaker-only': the pattern needs a {quote} or {content} slot "
                   "for what was said"],
    "overlapping-alternatives": ["F:6:26: lexicon 'title': pattern may backtrack "
                                 "catastrophically: alternatives inside a repeat can match the "
                                 "same text (like (a|a)* or (a|aa)*); bound the outer repeat "
                                 "({1,10}) or make its parts unable to match the same text"],
    "spelling-clash": ["F:5:13: spelling rule 'second-group': 'plow' is already a variant in "
                       "rule 'first-group' (at F:3:13); keep each word in one group",
                       "F:7:9: spelling rule 'second-group' example: missing required key "
                       "'same_as'"],
    "spelling-phrase": ["F:3:32: spelling rule 'my-spellings': 'per cent' is not a single word; "
                        "variants are compared word by word"],
    "syntax": ["F:4:1: YAML syntax error: expected ',' or ']', but got '<stream end>'"],
    "unknown-key": ["F:3:5: rule 'my-rule': unknown key 'patern'; did you mean 'pattern'?",
                    "F:2:5: rule 'my-rule': missing required key 'pattern'"],
    "unknown-lexicon": ["F:3:20: source rule 'told-outlett': unknown lexicon 'outlett'; did you "
                        "mean 'outlet'? (`quotetrack rules list` lists the lexicons)"],
}


def test_every_broken_fixture_has_its_exact_messages():
    names = sorted(n[:-len(".yaml")] for n in os.listdir(BROKEN) if n.endswith(".yaml"))
    assert names == sorted(FIXTURE_MESSAGES)


@pytest.mark.parametrize("name", sorted(FIXTURE_MESSAGES))
def test_broken_fixture_message(tmp_path, rules, name):
    # the bundled rules grow: their lexicon names and line numbers come from them
    first = next(r for r in rules.attribution_rules if r.id == "quote-speaker-cue")
    first = f"{first.location.path}:{first.location.line}:{first.location.column + 4}"
    expected = [m.replace("{first}", first)
                for m in FIXTURE_MESSAGES[name]]
    assert _problems(tmp_path, name) == expected


def test_a_huge_rule_file_is_refused_unread(tmp_path):
    from quotetrack.rulefile import MAX_RULE_FILE_BYTES
    with open(tmp_path / "huge.yaml", "w", encoding="utf-8") as handle:
        handle.write("lexicons:\n  outlet:\n    entries:\n")
        line = "      - Some Outlet Name\n"
        handle.write(line * (MAX_RULE_FILE_BYTES // len(line) + 1))
    size = os.path.getsize(tmp_path / "huge.yaml")
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path)])
    assert [str(p) for p in info.value.problems] == [
        f"{tmp_path / 'huge.yaml'}:1:1: rule file is {size} bytes, more than the "
        f"{MAX_RULE_FILE_BYTES} allowed; split it"]


@pytest.mark.parametrize("value, message", [
    ("!!python/object/apply:os.system ['touch pwned']",
     "F:1:14: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in rule "
     "files; remove it"),
    ("!!python/name:os.system ''", "F:1:14: cannot read value: could not determine a constructor"),
])
def test_python_object_tags_are_refused_not_run(tmp_path, monkeypatch, value, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.yaml").write_text(f"description: {value}\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([str(tmp_path)])
    assert str(info.value).replace(str(tmp_path / "r.yaml"), "F").startswith(message)
    assert not os.path.exists("pwned")


def test_speaker_grammar_word_lists_are_lexicons_a_user_can_extend(tmp_path, rules):
    # which words end a speaker's post-modifier, and which show a sentence's first
    # phrase is no subject, are rule data like the rest
    import re

    from quotetrack.attribution import _subject_regex
    (tmp_path / "mine.yaml").write_text(
        "lexicons:\n  auxiliary:\n    case_sensitive: true\n    entries: [shall]\n"
        "  subject_continuation:\n    case_sensitive: true\n    entries: [amid]\n",
        encoding="utf-8")
    mine = load_rules([str(tmp_path)])
    speaker = "Most of the senators in the chamber shall"
    assert re.fullmatch(rules.grammar.core, speaker)
    assert not re.fullmatch(mine.grammar.core, speaker)
    assert not re.fullmatch(mine.grammar.core, "Most of the senators in the chamber have")
    opener = "Jane Doe amid the storm defended the plan"
    assert _subject_regex(rules).search(opener).group("speaker") == "Jane Doe"
    assert _subject_regex(mine).search(opener) is None


def test_stage_word_lists_are_lexicons_a_user_can_extend(tmp_path, rules):
    # the words the stages' own regexes are built from (attribution, sources) are
    # rule data: an entry a user's directory adds takes effect
    from quotetrack import extract
    from quotetrack.sources import _channel_words
    (tmp_path / "mine.yaml").write_text(
        "lexicons:\n  fronted_subordinator:\n    case_sensitive: true\n    entries: [Whilst]\n"
        "  publish_verb:\n    case_sensitive: true\n    entries: [streamed]\n"
        "  title:\n    entries: [{phrase: Congresswoman, gender: female}]\n",
        encoding="utf-8")
    mine = load_rules([str(tmp_path)])
    # a claim inside a fronted subordinate clause ends at the clause's comma
    text = ("Whilst only 7 percent of voters said they are undecided, 27 percent of those "
            "polled said they back Smith.")
    contents = [c.text for c in extract(text, rules=rules).claims]
    assert "they are undecided, 27 percent of those polled said they back Smith" in contents
    contents = [c.text for c in extract(text, rules=mine).claims]
    assert contents[0] == "they are undecided"
    assert not _channel_words(rules).joint.match(" streamed ")
    assert _channel_words(mine).joint.match(" streamed ")
    assert _channel_words(mine).joint.match(" posted ")  # the bundled entries stay
    # a title's gender is the person's: "she" may point back to "Congresswoman Roe"
    from quotetrack.speakers import _title_genders
    assert "congresswoman" not in _title_genders(rules)
    assert _title_genders(mine)["congresswoman"] == "female"


def test_every_lexicon_the_code_names_is_bundled(rules):
    # a stage asking for a lexicon the rules lack gets a regex that never matches
    # (rules.phrases) or an empty set (rules.words): a misspelt name would fail silently
    import glob
    import re

    package = os.path.join(os.path.dirname(os.path.dirname(__file__)), "quotetrack")
    call = re.compile(r"(?<![\w])(?:phrases|words|mid_word|lex|lexicon)"
                      r"\(\s*['\"]([a-z_]+)['\"]|lexicons\.get\(\s*['\"]([a-z_]+)['\"]"
                      r"|_lexicon_pairs\(rules,\s*['\"]([a-z_]+)['\"]")
    named = set()
    for path in glob.glob(os.path.join(package, "*.py")):
        with open(path, encoding="utf-8") as handle:
            named.update(next(g for g in m.groups() if g) for m in call.finditer(handle.read()))
    assert {"fronted_subordinator", "appositive_channel", "not_appositive"} <= named
    assert sorted(named - set(rules.lexicons)) == []


def test_speaker_word_lists_are_lexicons_a_user_can_extend(tmp_path, rules):
    # which determiners make a description anonymous, which documents are the channel
    # when they speak, which channel modes a document points back to, and which relative
    # pronouns stand for the phrase before them are rule data
    from quotetrack import extract
    from quotetrack.claims import _relative_subject_regex
    from quotetrack.records import Span
    from quotetrack.speakers import analyse_mention
    (tmp_path / "mine.yaml").write_text(
        "lexicons:\n  indefinite_determiner:\n    entries: [every]\n"
        "  channel_document:\n    entries: [memo]\n"
        "  document_mode:\n    entries: [{phrase: memo, mode: report},\n"
        "      {phrase: transcript, mode: interview}]\n"
        "  relative_pronoun:\n    entries: [whoever]\n",
        encoding="utf-8")
    mine = load_rules([str(tmp_path)])
    text = "Every official said the talks failed."
    assert analyse_mention(text, Span(0, 14), rules).kind == "title"
    assert analyse_mention(text, Span(0, 14), mine).kind == "descriptor"
    assert extract(text, rules=mine).claims[0].speaker.type == "anonymous"
    # "the memo said": the memo is the claim's channel, of the mode document_mode gives it
    text = "The memo said the plan had failed."
    assert extract(text, rules=rules).claims[0].source is None
    source = extract(text, rules=mine).claims[0].source
    assert (source.type, source.mode, source.rule) == ("document", "report", "document-speaker")
    assert extract("The email said the plan had failed.",
                   rules=mine).claims[0].source.mode == "email"  # the bundled entries stay
    # "the transcript added": the author of the last claim made in an interview
    text = ("Smith said in an interview with CNN that the war was over. The transcript added "
            "that talks had failed.")
    assert extract(text, rules=rules).claims[1].speaker.name == "transcript"
    claim = extract(text, rules=mine).claims[1]
    assert (claim.speaker.name, claim.source.name, claim.source.mode) == (
        "Smith", "CNN", "interview")
    # "Ted Cruz, who said": the relative pronoun is the cue's subject; "whom" comes from
    # the bundled lexicon, lower-case only ("the agency, WHO, said" is an organisation)
    relative = _relative_subject_regex(rules)
    assert relative.match(", whom").group(1) == "whom"
    assert relative.match(", who").group(1) == "who"
    assert not relative.match(", WHO") and not relative.match(", whoever")
    assert _relative_subject_regex(mine).match(", whoever").group(1) == "whoever"
    # ... and stands for the speaker phrase right before it
    from quotetrack.speakers import _antecedent
    assert _antecedent("Ted Cruz, whom", Span(10, 14), rules) == Span(0, 8)
    assert _antecedent("Ted Cruz, whoever", Span(10, 17), rules) is None
    assert _antecedent("Ted Cruz, whoever", Span(10, 17), mine) == Span(0, 8)


def test_clause_word_lists_are_lexicons_a_user_can_extend(tmp_path, rules):
    # the words in the regexes that cut reported content (attribution) and keep a channel
    # from another clause (sources) are rule data
    from quotetrack import extract
    from quotetrack.sources import _channel_words
    (tmp_path / "mine.yaml").write_text(
        "lexicons:\n  content_break_word:\n    case_sensitive: true\n    entries: [so]\n"
        "  object_relative:\n    entries: [whereupon]\n"
        "  act_conjunction:\n    entries: [or]\n"
        "  participle_opener:\n    entries: [thereby]\n",
        encoding="utf-8")
    mine = load_rules([str(tmp_path)])
    # content that runs into a claim taken before it is cut at the last clause break
    text = "She said that experts backed her plan so O'Malley replied: \"We will see.\""
    assert [c.text for c in extract(text, rules=rules).claims] == ["We will see."]
    assert [c.text for c in extract(text, rules=mine).claims] == [
        "experts backed her plan", "We will see."]
    # (participle_next is matched whole: ", while accusing" continues the clause)
    for name, before, after in (("relative_before", ", which ", ", whereupon "),
                                ("joined_act", " and ", " or "),
                                ("participle_next", ", while ", ", thereby ")):
        bundled, extended = (getattr(_channel_words(r), name).fullmatch for r in (rules, mine))
        assert bundled(before) and extended(before)  # the bundled entries stay
        assert not bundled(after) and extended(after)
