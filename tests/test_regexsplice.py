"""Splicing shared group bodies into a parse tree compiles the very regex re.compile would."""
import re
from re import _compiler, _parser

import pytest

from quotetrack import patterns, regexsplice
from quotetrack.regexsplice import compile_parsed, compile_pieces, splice_tree, spliced_code
from quotetrack.ruleset import build_rules, bundled_rules_dir, rule_files

BODY = "(?:" + "|".join(f"word{i}(?:[ ]+[A-Z][a-z]+)?" for i in range(60)) + ")"


def _same_as_plain(pieces):
    """The spliced tree's code, groups and flags are those of the plain parse."""
    pattern = "".join(pieces)
    tree = splice_tree(pieces)
    plain = _parser.parse(pattern, 0)
    assert tree is not None
    assert _compiler._code(tree, 0) == _compiler._code(plain, 0)
    # the code put together from each body's code, generated once per flags
    for _ in range(2):
        assert spliced_code(*regexsplice._splice(pieces)) == _compiler._code(plain, 0)
    assert tree.state.groupdict == plain.state.groupdict
    assert tree.state.groups == plain.state.groups
    assert tree.state.flags == plain.state.flags
    compiled = compile_pieces(pieces)
    assert compiled.pattern == pattern
    assert compiled.groupindex == re.compile(pattern).groupindex
    assert compiled.flags == re.compile(pattern).flags


def test_every_bundled_rule_compiles_to_the_plain_code(monkeypatch):
    seen = []

    def recording(pieces):
        seen.append(list(pieces))
        return compile_pieces(pieces)

    def recording_parsed(pieces):
        seen.append(list(pieces))
        return compile_parsed(pieces)

    monkeypatch.setattr(patterns, "compile_pieces", recording)
    monkeypatch.setattr(patterns, "compile_parsed", recording_parsed)
    build_rules(rule_files(bundled_rules_dir()))
    spliced = [p for p in seen if splice_tree(p) is not None]
    # the speaker grammar is in most rules
    assert len(spliced) > len(seen) / 2
    for pieces in spliced:
        _same_as_plain(pieces)


@pytest.mark.parametrize("pieces", [
    ["^", f"(?P<speaker>{BODY})", r"\s+said"],
    ["(?i:", f"(?P<speaker>{BODY})", ") x"],
    [r"(?<=\w )", f"(?P<speaker>{BODY})", "|", f"(?P<cue>{BODY}y)"],
    ["(a)(?:", f"(?P<speaker>{BODY})", ")+?", "(b)"],
    [f"(?P<speaker>{BODY})", "(?:", f"(?P<name>{BODY}z)", ")?"],
    # a content's end in a lookahead, inside the piece
    [f"(?P<speaker>{BODY})", r"\s+said ", f"(?P<content>.+?)(?={BODY}|$)"],
    [f"(?P<content>.+?)(?!{BODY})(?i:(?={BODY}))", r"[\]\)]", f"(?P<name>{BODY})"],
    # the same body under other flags
    ["(?i:", f"(?P<speaker>{BODY})", ")", f"(?P<name>{BODY})"],
    # a lexicon's slot: a non-capturing group, merged into the sequence around it
    [f"(?:{BODY})"],
    ["a ", f"(?:{BODY})", "? b"],
    [f"(?P<speaker>{BODY})", " (?:", f"(?:{BODY})", ",? ){0,3}", f"(?:{BODY}z)"],
    ["(?:x", f"(?:{BODY})", "|y", f"(?:{BODY})", ")", f"(?=(?:{BODY}))"],
    ["(?<=x)", f"(?:{BODY})", r"(?<!\w)"],
    # first in an alternative: that body is parsed in place, the others spliced
    [f"(?P<speaker>{BODY})", " (?:", f"(?:{BODY})", "|", f"(?:{BODY}q)", ")"],
])
def test_spliced_patterns_match_the_plain_ones(pieces):
    _same_as_plain(pieces)
    compiled = compile_pieces(pieces)
    text = "a word7 Smith said word59 b x word3y said"
    assert [m.span() for m in compiled.finditer(text)] == \
        [m.span() for m in re.finditer("".join(pieces), text)]


@pytest.mark.parametrize("pieces", [
    [f"(?P<speaker>{BODY})", r"\1"],                  # refers back to a group
    [f"(?P<speaker>(x){BODY})"],                      # the body has a group of its own
    [f"(?x:(?P<speaker>{BODY}))"],                    # verbose: spaces mean nothing
    [f"(?P<speaker>(?i){BODY})"],                     # a global flag inside
    ["(?P<speaker>short)"],                            # too short to be worth it
    [f"(?:{BODY})", "|x"],                             # first in an alternative
    ["x|", f"(?:{BODY})"],
    ["(?<=", f"(?:{BODY})", ")"],                       # inside a lookbehind
    ["(?<=(?:y|", f"(?P<speaker>{BODY})", "))"],
    ["(?:", f"(?:{BODY})", "|x)"],
    [f"(?<={BODY})"],                                   # a lookbehind
    [f"(?#(){BODY})"],                                  # a comment
    [f"(?P<speaker>{BODY}{regexsplice.PLACEHOLDER})"],  # holds the placeholder
])
def test_what_might_parse_differently_is_compiled_plainly(pieces):
    assert splice_tree(pieces) is None


def test_an_invalid_pattern_raises_re_error_with_the_real_pattern():
    with pytest.raises(re.error) as err:
        compile_pieces([f"(?P<speaker>{BODY})", "(unclosed"])
    assert err.value.pattern == f"(?P<speaker>{BODY})(unclosed"


@pytest.fixture
def body_compiles(monkeypatch):
    """The flags of every shared body's own compilation, from a clean body cache."""
    bodies = []
    plain = regexsplice._plain_compile

    def counting(code, pattern, flags):
        if any(pattern is sub for sub, _ in regexsplice._SPLICED.values()):
            bodies.append(flags)
        plain(code, pattern, flags)

    monkeypatch.setattr(regexsplice, "_plain_compile", counting)
    regexsplice.forget_bodies()
    yield bodies
    regexsplice.forget_bodies()


def test_a_body_is_compiled_once_per_flags(body_compiles):
    for tail in ("said", "told", "added"):
        compile_pieces([f"(?P<speaker>{BODY})", f" {tail} (?i:", f"(?P<name>{BODY})", ")"])
    assert len(body_compiles) == 2  # once plain, once ignoring case


def test_parsed_bodies_are_dropped_once_a_rule_set_is_built():
    # they serve only while compiling; kept, they cost every worker ~11 MB
    build_rules(rule_files(bundled_rules_dir()))
    assert regexsplice.body_cache_size() == 0


def test_a_lexicon_slots_body_is_compiled_once(body_compiles):
    """A non-capturing group's body is put in a group of no number, whose code
    (the body's own: such a group adds none) is generated once and copied."""
    for tail in ("said", "told", "added"):
        pieces = [f"{tail} (?:", f"(?:{BODY})", ",? ){0,3}x"]
        _same_as_plain(pieces)
        compile_pieces(pieces)
    assert len(body_compiles) == 1


def test_derived_regexes_sharing_the_grammar_core_compile_to_the_plain_code():
    """The regexes the stages derive from the rules (attribution's subject and
    after-quote regexes, the speakers' antecedent) splice the grammar's core."""
    from quotetrack import attribution, speakers, unclaimed
    from quotetrack.ruleset import load_rules

    rules = load_rules()
    derived = [attribution._subject_regex(rules), attribution._clause_subject_regex(rules),
               unclaimed._after_quote_regex(rules), attribution._subject_before_regex(rules),
               speakers._named_subject_regex(rules)]
    for regex in derived:
        assert rules.grammar.core in regex.pattern
        plain = re.compile(regex.pattern)
        assert regex == plain  # a pattern's equality compares its code
        assert regex.groupindex == plain.groupindex


def test_compile_sharing_cuts_around_every_shared_text():
    pattern = f"^{BODY} said (?P<speaker>x{BODY})|{BODY}y$"
    assert regexsplice.compile_sharing(pattern, (BODY,)) == re.compile(pattern)
    assert regexsplice.compile_sharing("no body", (BODY,)) == re.compile("no body")
