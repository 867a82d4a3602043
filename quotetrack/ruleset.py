"""Load, validate and compile the YAML rules (the only reader of rule files).

A rule directory holds ``*.yaml`` files; each file is a mapping with any of
these sections:

``lexicons``
    name → ``{description, case_sensitive, type, mode, speaker_type,
    inflect, entries, patterns}``; ``inflect: verb`` expands each entry's
    first word into its -s, -ed and -ing forms, ``inflect: finite`` into
    -s and -ed only, ``inflect: past`` into the -ed form only. Lexicons with the same name in several files (or a
    user's directory) are merged, so a user extends ``outlet`` by listing more
    entries under the same name. An entry is a phrase or a mapping
    ``{phrase, name, type, mode, gender, number}``.
``quote_marks``
    ``{id, open, close, style, examples, counterexamples}``.
``attribution_rules``
    ``{id, description, pattern, priority, speaker, examples, counterexamples}``
    where ``speaker`` says where the speaker comes from: ``mention`` (the
    ``{speaker}``/``{name}`` slot, the default when the pattern has one),
    ``subject`` (the subject of the sentence), ``antecedent`` (the phrase
    before ``, which``), ``previous`` (the last claim's speaker).
``source_rules``
    ``{id, description, pattern, name, type, mode, priority, examples,
    counterexamples}``.
``spelling_variants``
    ``{id, description, words, examples, counterexamples}`` where ``words``
    is a list of groups of single words spelt differently but meaning the
    same (``[colour, color]``); ``quotetrack check`` calls a quote that
    differs from its source only by such words ``normalized``. An example is
    ``{text, same_as}``: the two must compare equal (for a counterexample,
    must not).
``aliases``
    ``{id, description, name, type, aliases, examples, counterexamples}``:
    one speaker's canonical ``name`` and the other ways it is written
    (see :mod:`quotetrack.identity`); examples are names that must be
    identified as this speaker, counterexamples names that must not.

Every problem in every file is collected and raised at once as
:class:`RuleError`, one ``file:line:col: message`` line each.
"""
from __future__ import annotations

import hashlib
import os
import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from attrs import field, frozen

from .backtracking import find_hazard
from .patterns import (SPEAKER_LEXICONS, CompiledPattern, LexiconView, PatternError,
                       SpeakerGrammar, backtracking_message, compile_pattern, phrase_regex)
from .prefilter import forget_body_literals
from .regexsplice import forget_bodies
from .rulefile import (LocatedList, LocatedMap, Location, Problem, RuleError,
                       read_rule_file)

SECTIONS = ("description", "lexicons", "quote_marks", "attribution_rules", "source_rules",
            "spelling_variants", "aliases")
LEXICON_KEYS = ("description", "case_sensitive", "type", "mode", "speaker_type", "entries",
                "patterns", "inflect")
ENTRY_KEYS = ("phrase", "name", "type", "mode", "gender", "number")
QUOTE_MARK_KEYS = ("id", "description", "open", "close", "style", "examples", "counterexamples")
ATTRIBUTION_KEYS = ("id", "description", "pattern", "priority", "speaker", "examples",
                    "counterexamples")
SOURCE_KEYS = ("id", "description", "pattern", "name", "type", "mode", "priority", "examples",
               "counterexamples")
ALIAS_KEYS = ("id", "description", "name", "type", "aliases", "examples", "counterexamples")
ALIAS_TYPES = ("person", "organization", "group")
EXAMPLE_KEYS = ("text", "speaker", "cue", "content", "kind", "source", "mode", "type",
                "quotes", "speaker_type", "role")
SPELLING_KEYS = ("id", "description", "words", "examples", "counterexamples")
SPEAKER_FROM = ("mention", "subject", "antecedent", "previous", "none")
SOURCE_TYPES = ("outlet", "platform", "programme", "organization", "document")
MODES = ("interview", "post", "statement", "press_conference", "briefing", "speech", "rally",
         "debate", "hearing", "report", "letter", "email", "article", "book", "video",
         "remarks")
KINDS = ("direct", "mixed", "indirect")
SPEAKER_TYPES = ("person", "organization", "group", "anonymous")
REQUIRED_LEXICONS = SPEAKER_LEXICONS + ("speech_verb", "abbreviation", "content_stop")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_SINGLE_WORD = re.compile(r"^\w+(?:['’]\w+)*$")


@frozen
class LexiconEntry:
    phrase: str
    name: Optional[str] = None  # canonical name ("Twitter" → "X")
    type: Optional[str] = None
    mode: Optional[str] = None
    gender: Optional[str] = None
    number: Optional[str] = None


@frozen
class Lexicon:
    name: str
    entries: Tuple[LexiconEntry, ...]
    patterns: Tuple[str, ...] = ()
    case_sensitive: bool = False
    type: Optional[str] = None
    mode: Optional[str] = None
    speaker_type: Optional[str] = None
    description: str = ""
    locations: Tuple[Location, ...] = ()

    def view(self) -> LexiconView:
        return LexiconView(self.name, tuple(e.phrase for e in self.entries), self.patterns,
                           self.case_sensitive)

    def lookup(self, phrase: str) -> Optional[LexiconEntry]:
        key = " ".join(phrase.split())
        for entry in self.entries:
            if entry.phrase == key or (not self.case_sensitive
                                       and entry.phrase.casefold() == key.casefold()):
                return entry
        return None

    def words(self) -> frozenset:
        """Lower-cased entries, for membership tests on single tokens."""
        return frozenset(e.phrase.casefold() for e in self.entries)


@frozen
class Example:
    text: str
    expect: dict = field(factory=dict, eq=False, hash=False)
    location: Optional[Location] = None


@frozen
class QuoteMarkRule:
    id: str
    open: str
    closes: Tuple[str, ...]
    style: str
    examples: Tuple[Example, ...] = ()
    counterexamples: Tuple[Example, ...] = ()
    description: str = ""
    location: Optional[Location] = None


@frozen
class AttributionRule:
    id: str
    pattern: CompiledPattern
    priority: int
    speaker_from: str
    examples: Tuple[Example, ...] = ()
    counterexamples: Tuple[Example, ...] = ()
    description: str = ""
    location: Optional[Location] = None


@frozen
class SourceRule:
    id: str
    pattern: CompiledPattern
    name: Optional[str]
    type: Optional[str]
    mode: Optional[str]
    priority: int = 0
    examples: Tuple[Example, ...] = ()
    counterexamples: Tuple[Example, ...] = ()
    description: str = ""
    location: Optional[Location] = None


@frozen
class SpellingRule:
    """Groups of words that are one word spelt two ways (``colour``/``color``)."""

    id: str
    groups: Tuple[Tuple[str, ...], ...]
    examples: Tuple[Example, ...] = ()
    counterexamples: Tuple[Example, ...] = ()
    description: str = ""
    location: Optional[Location] = None


@frozen
class AliasRule:
    """One speaker's canonical name and its other spellings (``aliases:``)."""

    id: str
    name: str
    type: str
    aliases: Tuple[str, ...]
    examples: Tuple[Example, ...] = ()
    counterexamples: Tuple[Example, ...] = ()
    description: str = ""
    location: Optional[Location] = None
    alias_locations: Tuple[Location, ...] = field(default=(), eq=False)


@frozen
class RuleSet:
    """Every rule and lexicon, compiled and ready for the pipeline."""

    lexicons: Dict[str, Lexicon] = field(eq=False, hash=False)
    quote_marks: Tuple[QuoteMarkRule, ...]
    attribution_rules: Tuple[AttributionRule, ...]
    source_rules: Tuple[SourceRule, ...]
    grammar: SpeakerGrammar = field(eq=False, hash=False)
    files: Tuple[str, ...] = ()
    word_sets: Dict[str, frozenset] = field(factory=dict, eq=False, hash=False)
    derived: dict = field(factory=dict, eq=False, hash=False)
    spelling_variants: Tuple[SpellingRule, ...] = ()
    aliases: Tuple[AliasRule, ...] = ()
    # what the extraction depends on besides the text: stored results made with
    # other rules (or another quotetrack) are stale, see store.content_hash
    fingerprint: str = ""

    def memo(self, key: str, build):
        """A value derived from the rules (a compiled regex), built once per rule set."""
        if key not in self.derived:
            self.derived[key] = build()
        return self.derived[key]

    def lexicon(self, name: str) -> Lexicon:
        return self.lexicons[name]

    def words(self, name: str) -> frozenset:
        """The lexicon's entries, lower-cased (empty when there is no such lexicon)."""
        return self.word_sets.get(name, frozenset())

    def phrases(self, name: str) -> str:
        """The lexicon as a regex of whole words (``patterns.phrase_regex``), to build
        a stage's regex from; one that never matches when there is no such lexicon."""
        lex = self.lexicons.get(name)
        if lex is None:
            return r"(?!)"
        return phrase_regex([e.phrase for e in lex.entries], lex.patterns, lex.case_sensitive)

    def all_rules(self) -> List[object]:
        return [*self.quote_marks, *self.attribution_rules, *self.source_rules,
                *self.spelling_variants, *self.aliases]

    def spelling_map(self) -> Dict[str, str]:
        """Each variant spelling (case-folded) → the first spelling of its group."""
        def build():
            return {word.casefold(): group[0].casefold()
                    for rule in self.spelling_variants for group in rule.groups
                    for word in group}
        return self.memo("spelling_map", build)


_VOWELS = "aeiou"


def verb_forms(base: str) -> List[str]:
    """A verb phrase with its first word inflected: base, -s, -ed and -ing forms.

    Regular English spelling only (``criticize`` → ``criticizes``,
    ``criticized``, ``criticizing``; ``slam`` → ``slammed``; ``deny`` →
    ``denies``, ``denied``); irregular forms (``thought``) are listed as
    entries of their own. A wrong regular form ("thinked") is harmless: it
    never occurs in text.
    """
    verb, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    v = verb.lower()
    if v.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = verb + "es"
    elif len(v) > 1 and v.endswith("y") and v[-2] not in _VOWELS:
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    one_syllable_cvc = (len(v) >= 3 and v[-1] not in _VOWELS + "wxy" and v[-2] in _VOWELS
                        and v[-3] not in _VOWELS
                        and sum(1 for i, c in enumerate(v) if c in _VOWELS
                                and (i == 0 or v[i - 1] not in _VOWELS)) == 1)
    stem = verb + verb[-1] if one_syllable_cvc else verb
    if v.endswith("e"):
        past = verb + "d"
        ing = verb[:-2] + "ying" if v.endswith("ie") else (
            verb + "ing" if v.endswith(("ee", "ye", "oe")) else verb[:-1] + "ing")
    elif len(v) > 1 and v.endswith("y") and v[-2] not in _VOWELS:
        past, ing = verb[:-1] + "ied", verb + "ing"
    else:
        past, ing = stem + "ed", stem + "ing"
    return [form + tail for form in (verb, third, past, ing)]


def bundled_rules_dir() -> str:
    """The directory of the rules shipped with quotetrack.

    Installed, they are the package ``quotetrack.rules``; in a source
    checkout that has not been installed they are the top-level ``rules/``.
    """
    try:
        from importlib import resources
        path = os.fspath(resources.files("quotetrack.rules"))
        if os.path.isdir(path):
            return path
    except (ModuleNotFoundError, TypeError):  # not installed: a source checkout
        pass
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules")


def rule_files(directory: str) -> List[str]:
    if not os.path.isdir(directory):
        raise RuleError([Problem(Location(directory, 1, 1),
                                 "rules directory not found; pass an existing directory")])
    return sorted(os.path.join(directory, n) for n in os.listdir(directory)
                  if n.endswith((".yaml", ".yml")) and not n.startswith("."))


class _Builder:
    def __init__(self) -> None:
        self.problems: List[Problem] = []
        self.lexicons: Dict[str, dict] = {}
        self.ids: Dict[str, Location] = {}
        self.pending: List[Tuple[str, LocatedMap, Location]] = []

    def problem(self, location: Location, message: str) -> None:
        self.problems.append(Problem(location, message))

    # -------------------------------------------------------------- generic checks
    def keys(self, node: LocatedMap, allowed: Sequence[str], what: str,
             required: Sequence[str] = ()) -> bool:
        ok = True
        for key in node:
            if key not in allowed:
                close = [a for a in allowed if a.startswith(str(key)[:3])]
                hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(allowed)}"
                self.problem(node.where_key(key), f"{what}: unknown key '{key}'{hint}")
                ok = False
        for key in required:
            if key not in node:
                self.problem(node.location, f"{what}: missing required key '{key}'")
                ok = False
        return ok

    def string(self, node: LocatedMap, key: str, what: str, default=None,
               choices: Optional[Sequence[str]] = None) -> Optional[str]:
        if key not in node or node[key] is None:
            return default
        value = node[key]
        if not isinstance(value, str) or not value.strip():
            self.problem(node.where(key), f"{what}: '{key}' must be a non-empty string")
            return default
        if choices and value not in choices:
            self.problem(node.where(key), f"{what}: '{key}' is '{value}'; use one of "
                                          f"{', '.join(choices)}")
            return default
        return value

    def claim_id(self, node: LocatedMap, what: str) -> Optional[str]:
        rule_id = self.string(node, "id", what)
        if rule_id is None:
            return None
        if not _ID.match(rule_id):
            self.problem(node.where("id"), f"{what}: id '{rule_id}' must be lower-case letters, "
                                           "digits, '-', '_' or '.'")
        if rule_id in self.ids:
            first = self.ids[rule_id]
            self.problem(node.where("id"), f"duplicate rule id '{rule_id}' (first defined at "
                                           f"{first}); rename one of them")
            return None
        self.ids[rule_id] = node.where("id")
        return rule_id

    def examples(self, node: LocatedMap, key: str, what: str) -> Tuple[Example, ...]:
        items = node.get(key)
        if items is None:
            return ()
        if not isinstance(items, list):
            self.problem(node.where(key), f"{what}: '{key}' must be a list")
            return ()
        result = []
        for i, item in enumerate(items):
            where = items.where(i) if isinstance(items, LocatedList) else node.where(key)
            if isinstance(item, str):
                result.append(Example(item, {}, where))
            elif isinstance(item, LocatedMap):
                if not self.keys(item, EXAMPLE_KEYS, f"{what} example", required=("text",)):
                    continue
                if not isinstance(item["text"], str):
                    self.problem(item.where("text"), f"{what} example: 'text' must be a string")
                    continue
                expect = {k: v for k, v in item.items() if k != "text"}
                if "kind" in expect and expect["kind"] not in KINDS:
                    self.problem(item.where("kind"), f"{what} example: kind must be one of "
                                                     f"{', '.join(KINDS)}")
                result.append(Example(item["text"], expect, where))
            else:
                self.problem(where, f"{what}: each example is a string or a mapping with 'text'")
        return tuple(result)

    # -------------------------------------------------------------- sections
    def read(self, path: str) -> None:
        value, problems = read_rule_file(path)
        self.problems.extend(problems)
        if value is None:
            return
        if not isinstance(value, LocatedMap):
            self.problem(Location(path, 1, 1), "a rule file must be a mapping of sections: "
                                               + ", ".join(SECTIONS))
            return
        self.keys(value, SECTIONS, "rule file")
        for section in ("quote_marks", "attribution_rules", "source_rules", "spelling_variants",
                        "aliases"):
            items = value.get(section)
            if items is None:
                continue
            if not isinstance(items, LocatedList):
                self.problem(value.where(section), f"'{section}' must be a list of rules")
                continue
            for i, item in enumerate(items):
                if not isinstance(item, LocatedMap):
                    self.problem(items.where(i), f"{section}: each rule must be a mapping")
                    continue
                self.pending.append((section, item, items.where(i)))
        lexicons = value.get("lexicons")
        if lexicons is not None:
            if not isinstance(lexicons, LocatedMap):
                self.problem(value.where("lexicons"), "'lexicons' must map names to lexicons")
            else:
                for name, lex in lexicons.items():
                    self.lexicon(str(name), lex, lexicons.where(name))

    def lexicon(self, name: str, node, where: Location) -> None:
        what = f"lexicon '{name}'"
        if not re.match(r"^[a-z][a-z0-9_]*$", name):
            self.problem(where, f"{what}: names are lower_case_with_underscores")
            return
        if not isinstance(node, LocatedMap):
            self.problem(where, f"{what}: must be a mapping with 'entries'")
            return
        self.keys(node, LEXICON_KEYS, what)
        merged = self.lexicons.setdefault(name, {"entries": [], "patterns": [], "locations": [],
                                                 "case_sensitive": False, "type": None,
                                                 "mode": None, "speaker_type": None,
                                                 "description": ""})
        merged["locations"].append(where)
        if isinstance(node.get("case_sensitive"), bool):
            merged["case_sensitive"] = node["case_sensitive"]
        elif "case_sensitive" in node:
            self.problem(node.where("case_sensitive"), f"{what}: case_sensitive is true or false")
        merged["type"] = self.string(node, "type", what, merged["type"], SOURCE_TYPES)
        merged["mode"] = self.string(node, "mode", what, merged["mode"], MODES)
        merged["speaker_type"] = self.string(node, "speaker_type", what, merged["speaker_type"],
                                             SPEAKER_TYPES)
        merged["description"] = merged["description"] or (
            self.string(node, "description", what) or "")
        inflect = self.string(node, "inflect", what, None, ("verb", "finite", "past"))
        entries = node.get("entries", [])
        if not isinstance(entries, list):
            self.problem(node.where("entries"), f"{what}: 'entries' must be a list")
            entries = []
        for i, entry in enumerate(entries):
            if isinstance(entry, (str, int, float)) and not isinstance(entry, bool):
                phrase = " ".join(str(entry).split())
                if phrase:
                    forms = verb_forms(phrase) if inflect else [phrase]
                    if inflect == "finite":
                        forms = forms[:3]  # "supporting" after a noun modifies it
                    elif inflect == "past":
                        forms = forms[2:3]  # "the plan" is a noun, "planned" is not
                    merged["entries"].extend(LexiconEntry(f) for f in forms)
                    continue
            if isinstance(entry, LocatedMap):
                if not self.keys(entry, ENTRY_KEYS, f"{what} entry", required=("phrase",)):
                    continue
                phrase = self.string(entry, "phrase", f"{what} entry")
                if phrase is None:
                    continue
                merged["entries"].append(LexiconEntry(
                    " ".join(phrase.split()),
                    name=self.string(entry, "name", f"{what} entry"),
                    type=self.string(entry, "type", f"{what} entry", None, SOURCE_TYPES),
                    mode=self.string(entry, "mode", f"{what} entry", None, MODES),
                    gender=self.string(entry, "gender", f"{what} entry", None, ("male", "female")),
                    number=self.string(entry, "number", f"{what} entry", None,
                                       ("singular", "plural"))))
                continue
            self.problem(entries.where(i), f"{what}: an entry is a phrase or a mapping with "
                                           "'phrase'")
        patterns = node.get("patterns", [])
        if not isinstance(patterns, list):
            self.problem(node.where("patterns"), f"{what}: 'patterns' must be a list")
            patterns = []
        for i, pattern in enumerate(patterns):
            if not isinstance(pattern, str):
                self.problem(patterns.where(i), f"{what}: each pattern is a string")
                continue
            if re.match(r"\(\?[aiLmsux]+\)", pattern):
                self.problem(patterns.where(i), f"{what}: global flags like (?i) would apply to "
                                                "every rule using this lexicon; write (?i:...)")
                continue
            try:
                compiled = re.compile(pattern)
            except re.error as err:
                self.problem(patterns.where(i), f"{what}: pattern does not compile: {err.msg}")
                continue
            if compiled.groupindex:
                self.problem(patterns.where(i), f"{what}: lexicon patterns may not use named "
                                                "groups; use (?:...)")
                continue
            hazard = find_hazard(pattern)
            if hazard is not None:
                where = patterns.where(i)
                # point into the pattern, written quoted on its own line
                self.problem(Location(where.path, where.line, where.column + 1 + hazard.offset),
                             f"{what}: {backtracking_message(hazard.message)}")
                continue
            merged["patterns"].append(pattern)

    def finish_lexicons(self) -> Dict[str, Lexicon]:
        result = {}
        for name, data in self.lexicons.items():
            result[name] = Lexicon(name, tuple(data["entries"]), tuple(data["patterns"]),
                                   data["case_sensitive"], data["type"], data["mode"],
                                   data["speaker_type"], data["description"],
                                   tuple(data["locations"]))
        return result

    def compile(self, node: LocatedMap, what: str, views, grammar) -> Optional[CompiledPattern]:
        pattern = node.get("pattern")
        if not isinstance(pattern, str) or not pattern.strip():
            self.problem(node.where("pattern"), f"{what}: 'pattern' must be a non-empty string")
            return None
        try:
            return compile_pattern(pattern, views, grammar)
        except PatternError as err:
            where = node.where("pattern")
            # point into the pattern when it is written on the key's line
            where = Location(where.path, where.line, where.column + 1 + err.offset)
            self.problem(where, f"{what}: {err}")
            return None

    def priority(self, node: LocatedMap, what: str) -> int:
        value = node.get("priority", 0)
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(node.where("priority"), f"{what}: priority must be an integer")
            return 0
        return value


def load_rules(directories: Optional[Iterable[str]] = None, bundled: bool = True) -> RuleSet:
    """Load the bundled rules, extended by each of ``directories``.

    Raises :class:`RuleError` listing every problem found.
    """
    dirs = ([bundled_rules_dir()] if bundled else []) + list(directories or [])
    return _load_cached(tuple(os.path.abspath(d) for d in dirs))


_CACHE: Dict[Tuple[Tuple[str, float], ...], RuleSet] = {}


def _load_cached(dirs: Tuple[str, ...]) -> RuleSet:
    paths: List[str] = []
    problems: List[Problem] = []
    for directory in dirs:
        try:
            paths.extend(rule_files(directory))
        except RuleError as err:
            problems.extend(err.problems)
    if problems:
        raise RuleError(problems)
    key = tuple((p, os.path.getmtime(p)) for p in paths)
    if key not in _CACHE:
        _CACHE[key] = build_rules(paths)
    return _CACHE[key]


def build_rules(paths: Sequence[str]) -> RuleSet:
    try:
        return _build_rules(paths)
    finally:
        forget_bodies()
        forget_body_literals()


def _build_rules(paths: Sequence[str]) -> RuleSet:
    builder = _Builder()
    for path in paths:
        builder.read(path)
    lexicons = builder.finish_lexicons()
    missing = [n for n in REQUIRED_LEXICONS if n not in lexicons]
    first = Location(paths[0], 1, 1) if paths else Location("<rules>", 1, 1)
    for name in missing:
        builder.problem(first, f"required lexicon '{name}' is not defined in any rule file")
    views = {name: lex.view() for name, lex in lexicons.items()}
    grammar = None
    if not missing:
        try:
            grammar = SpeakerGrammar(views)
        except re.error as err:  # pragma: no cover - lexicon patterns are checked above
            builder.problem(first, f"speaker grammar does not compile: {err}")
    quote_marks, attributions, sources, spellings, aliases = [], [], [], [], []
    variant_of: Dict[str, Tuple[str, Location]] = {}
    for section, node, where in builder.pending:
        if section == "spelling_variants":
            rule = _spelling(builder, node, variant_of)
            if rule:
                spellings.append(rule)
        elif section == "aliases":
            rule = _alias(builder, node)
            if rule:
                aliases.append(rule)
        elif section == "quote_marks":
            rule = _quote_mark(builder, node)
            if rule:
                quote_marks.append(rule)
        elif section == "attribution_rules":
            rule = _attribution(builder, node, views, grammar)
            if rule:
                attributions.append(rule)
        else:
            rule = _source(builder, node, views, grammar, lexicons)
            if rule:
                sources.append(rule)
    _alias_conflicts(builder, aliases)
    if builder.problems:
        raise RuleError(builder.problems)
    order = lambda r: -r.priority  # noqa: E731 - stable sort keeps file order within a priority
    return RuleSet(lexicons, tuple(quote_marks), tuple(sorted(attributions, key=order)),
                   tuple(sorted(sources, key=order)), grammar, tuple(paths),
                   {name: lex.words() for name, lex in lexicons.items()},
                   spelling_variants=tuple(spellings), aliases=tuple(aliases),
                   fingerprint=rules_fingerprint(paths))


def rules_fingerprint(paths: Sequence[str]) -> str:
    """sha256 over the quotetrack version and each rule file's name and bytes, in load order."""
    from . import __version__
    digest = hashlib.sha256(__version__.encode("ascii"))
    for path in paths:
        digest.update(b"\0" + os.path.basename(path).encode("utf-8", "surrogatepass") + b"\0")
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


def _quote_mark(b: _Builder, node: LocatedMap) -> Optional[QuoteMarkRule]:
    what = f"quote mark '{node.get('id', '?')}'"
    if not b.keys(node, QUOTE_MARK_KEYS, what, required=("id", "open", "close")):
        return None
    b.string(node, "description", what)
    rule_id = b.claim_id(node, what)
    opening = b.string(node, "open", what)
    closes = node.get("close")
    closes = [closes] if isinstance(closes, str) else closes
    if not isinstance(closes, list) or not closes or not all(
            isinstance(c, str) and 1 <= len(c) <= 2 for c in closes):
        b.problem(node.where("close"), f"{what}: 'close' is a mark of one or two characters, "
                                       "or a list of them")
        return None
    if opening is not None and len(opening) > 2:
        b.problem(node.where("open"), f"{what}: 'open' must be one or two characters")
        return None
    style = b.string(node, "style", what, "double", ("double", "single"))
    if rule_id is None or opening is None:
        return None
    return QuoteMarkRule(rule_id, opening, tuple(closes), style,
                         b.examples(node, "examples", what),
                         b.examples(node, "counterexamples", what),
                         node.get("description") or "", node.location)


def _attribution(b: _Builder, node: LocatedMap, views, grammar) -> Optional[AttributionRule]:
    what = f"rule '{node.get('id', '?')}'"
    if not b.keys(node, ATTRIBUTION_KEYS, what, required=("id", "pattern")):
        return None
    b.string(node, "description", what)
    rule_id = b.claim_id(node, what)
    compiled = b.compile(node, what, views, grammar)
    if compiled is None or rule_id is None:
        return None
    slots = {s for s, _ in compiled.slots}
    if not slots & {"quote", "content"}:
        b.problem(node.where("pattern"), f"{what}: the pattern needs a {{quote}} or "
                                         "{content} slot for what was said")
        return None
    # a pattern may also name its own group (?P<name>...) for the speaker
    has_mention = bool((slots | set(compiled.regex.groupindex)) & {"speaker", "name"})
    speaker_from = b.string(node, "speaker", what, "mention" if has_mention else "subject",
                            SPEAKER_FROM)
    if speaker_from == "mention" and not has_mention:
        b.problem(node.where("pattern"), f"{what}: speaker 'mention' needs a {{speaker}} or "
                                         "{name} slot in the pattern")
        return None
    return AttributionRule(rule_id, compiled, b.priority(node, what), speaker_from,
                           b.examples(node, "examples", what),
                           b.examples(node, "counterexamples", what),
                           node.get("description") or "", node.location)


def _source(b: _Builder, node: LocatedMap, views, grammar, lexicons) -> Optional[SourceRule]:
    what = f"source rule '{node.get('id', '?')}'"
    if not b.keys(node, SOURCE_KEYS, what, required=("id", "pattern")):
        return None
    b.string(node, "description", what)
    rule_id = b.claim_id(node, what)
    compiled = b.compile(node, what, views, grammar)
    name = b.string(node, "name", what)
    stype = b.string(node, "type", what, None, SOURCE_TYPES)
    mode = b.string(node, "mode", what, None, MODES)
    if compiled is None or rule_id is None:
        return None
    if compiled.lexicon_of("source") is None and not (name or mode):
        b.problem(node.where("pattern"), f"{what}: give a {{source:LEXICON}} slot, a 'name' or "
                                         "a 'mode'")
        return None
    return SourceRule(rule_id, compiled, name, stype, mode, b.priority(node, what),
                      b.examples(node, "examples", what),
                      b.examples(node, "counterexamples", what),
                      node.get("description") or "", node.location)


def _spelling_examples(b: _Builder, node: LocatedMap, key: str, what: str) -> Tuple[Example, ...]:
    items = node.get(key)
    if items is None:
        return ()
    if not isinstance(items, LocatedList):
        b.problem(node.where(key), f"{what}: '{key}' must be a list")
        return ()
    result = []
    for i, item in enumerate(items):
        if not isinstance(item, LocatedMap):
            b.problem(items.where(i), f"{what}: each example is a mapping {{text, same_as}}")
            continue
        if not b.keys(item, ("text", "same_as"), f"{what} example",
                      required=("text", "same_as")):
            continue
        if not all(isinstance(item[k], str) for k in ("text", "same_as")):
            b.problem(items.where(i), f"{what} example: 'text' and 'same_as' must be strings")
            continue
        result.append(Example(item["text"], {"same_as": item["same_as"]}, items.where(i)))
    return tuple(result)


def _spelling(b: _Builder, node: LocatedMap,
              variant_of: Dict[str, Tuple[str, Location]]) -> Optional[SpellingRule]:
    what = f"spelling rule '{node.get('id', '?')}'"
    if not b.keys(node, SPELLING_KEYS, what, required=("id", "words")):
        return None
    b.string(node, "description", what)
    rule_id = b.claim_id(node, what)
    words = node.get("words")
    if not isinstance(words, LocatedList) or not words:
        b.problem(node.where("words"), f"{what}: 'words' is a list of groups like "
                                       "[colour, color]")
        return None
    groups = []
    for i, group in enumerate(words):
        where = words.where(i)
        if not isinstance(group, list) or len(group) < 2:
            b.problem(where, f"{what}: each group lists two or more spellings, like "
                             "[colour, color]")
            continue
        bad = [w for w in group if not isinstance(w, str) or not _SINGLE_WORD.match(w)]
        if bad:
            b.problem(where, f"{what}: {bad[0]!r} is not a single word; variants are "
                             "compared word by word")
            continue
        clash = [w for w in group if w.casefold() in variant_of]
        if clash:
            other, first = variant_of[clash[0].casefold()]
            b.problem(where, f"{what}: '{clash[0]}' is already a variant in rule '{other}' "
                             f"(at {first}); keep each word in one group")
            continue
        for word in group:
            variant_of[word.casefold()] = (rule_id or "?", where)
        groups.append(tuple(group))
    examples = _spelling_examples(b, node, "examples", what)
    counterexamples = _spelling_examples(b, node, "counterexamples", what)
    if rule_id is None or not groups:
        return None
    return SpellingRule(rule_id, tuple(groups), examples, counterexamples,
                        node.get("description") or "", node.location)
def _alias(b: _Builder, node: LocatedMap) -> Optional[AliasRule]:
    what = f"alias '{node.get('id', '?')}'"
    if not b.keys(node, ALIAS_KEYS, what, required=("id", "name", "aliases")):
        return None
    b.string(node, "description", what)
    rule_id = b.claim_id(node, what)
    name = b.string(node, "name", what)
    stype = b.string(node, "type", what, "person", ALIAS_TYPES)
    forms = node.get("aliases")
    if not isinstance(forms, list) or not forms or not all(
            isinstance(f, str) and f.strip() for f in forms):
        b.problem(node.where("aliases"), f"{what}: 'aliases' is a list of names, e.g. "
                                         "[Gadhafi, Qaddafi]")
        return None
    for key in ("examples", "counterexamples"):
        for i, item in enumerate(node.get(key) or []):
            if isinstance(item, LocatedMap) and set(item) - {"text"}:
                b.problem(node[key].where(i), f"{what}: an alias {key[:-1]} is a name as "
                                              "written, or a mapping with only 'text'")
                return None
    if rule_id is None or name is None:
        return None
    return AliasRule(rule_id, " ".join(name.split()), stype,
                     tuple(" ".join(f.split()) for f in forms),
                     b.examples(node, "examples", what),
                     b.examples(node, "counterexamples", what),
                     node.get("description") or "", node.location,
                     tuple(forms.where(i) for i in range(len(forms))))


def _alias_conflicts(b: _Builder, aliases: Sequence[AliasRule]) -> None:
    """One spelling may not stand for two different speakers."""
    from .identity import fold_name
    owner: Dict[Tuple[str, Tuple[str, ...]], AliasRule] = {}
    for rule in aliases:
        for i, form in enumerate((rule.name, *rule.aliases)):
            key = (rule.type, fold_name(form))
            first = owner.setdefault(key, rule)
            if first.name != rule.name:
                where = rule.alias_locations[i - 1] if i else rule.location
                b.problem(where, f"alias '{rule.id}': '{form}' is also an alias of "
                                         f"'{first.name}' (alias '{first.id}' at "
                                         f"{first.location}); keep it in one entry")
