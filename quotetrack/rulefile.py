"""Read one YAML rule file into plain values that remember where they were.

Only PyYAML's safe composer is used (no Python object tags). Mappings become
:class:`LocatedMap`, sequences :class:`LocatedList`; both keep the
``line:column`` of each item so the rule loader can point at the exact place
of a problem. Duplicate keys, aliases (anchor expansion bombs) and oversized
files are refused here, before any rule is built.
"""
from __future__ import annotations

import os
import re
from typing import Any, List, Tuple

import attrs
import yaml

MAX_RULE_FILE_BYTES = 2_000_000


@attrs.frozen
class Location:
    path: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@attrs.frozen
class Problem:
    """One defect in a rule file, printed in compiler format."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class RuleError(Exception):
    """Raised with every problem found, one per line."""

    def __init__(self, problems: List[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LocatedMap(dict):
    """A dict whose keys and values know their location in the file."""

    location: Location
    key_locations: dict
    value_locations: dict

    def where(self, key) -> Location:
        return self.value_locations.get(key, self.location)

    def where_key(self, key) -> Location:
        return self.key_locations.get(key, self.location)


class LocatedList(list):
    location: Location
    item_locations: list

    def where(self, index: int) -> Location:
        if 0 <= index < len(self.item_locations):
            return self.item_locations[index]
        return self.location


class _RefuseAliases:
    """Aliases are refused where they appear: expanding them is how "billion
    laughs" files blow up, and rules never need them."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in rule files; write the value out",
                event.start_mark)
        return super().compose_node(parent, index)


class RuleLoader(_RefuseAliases, yaml.SafeLoader):
    """SafeLoader that reads only true/false as booleans (YAML 1.2 style).

    YAML 1.1 also reads yes/no/on/off as booleans, which would turn the
    lexicon entries "no" and "On" into True and False.
    """


RuleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
RuleLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

if CParser is not None:
    class _LibyamlRuleLoader(_RefuseAliases, yaml.composer.Composer, CParser,
                             yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """RuleLoader reading its events from libyaml (PyYAML's scanner and
        parser, in Python, were nine tenths of reading the rules); the
        nodes are composed and resolved by the same Python code."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _LibyamlRuleLoader.yaml_implicit_resolvers = RuleLoader.yaml_implicit_resolvers
    _FAST_LOADERS: tuple = (_LibyamlRuleLoader,)
else:  # pragma: no cover
    _FAST_LOADERS = ()


def _compose(text: str):
    """The node tree of ``text``, as RuleLoader composes it. libyaml reads
    it when it can; any error, and what to say about it, is RuleLoader's."""
    # characters PyYAML's reader refuses are left to it to name
    for loader in _FAST_LOADERS if not yaml.reader.Reader.NON_PRINTABLE.search(text) else ():
        try:
            return yaml.compose(text, Loader=loader)
        except (yaml.YAMLError, RecursionError):
            pass
    return yaml.compose(text, Loader=RuleLoader)


_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _loc(path: str, node: yaml.Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    def __init__(self, path: str):
        self.path = path
        self.problems: List[Problem] = []
        self.constructor = RuleLoader("")

    def problem(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(_loc(self.path, node), message))

    def value(self, node: yaml.Node) -> Any:
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            # a tag like !!python/object would be ignored here, never run; say so
            self.problem(node, f"tag {node.tag!r} is not allowed in rule files; remove it")
            return None
        if isinstance(node, yaml.MappingNode):
            result = LocatedMap()
            result.location = _loc(self.path, node)
            result.key_locations, result.value_locations = {}, {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, "merge keys (<<) are not allowed in rule files")
                    continue
                key = self.value(key_node)
                if not isinstance(key, (str, int, float, bool)):
                    self.problem(key_node, "mapping keys must be plain scalars")
                    continue
                if key in result:
                    first = result.key_locations[key]
                    self.problem(key_node, f"duplicate key {key!r} (first at line {first.line}); "
                                           "remove one of them")
                    continue
                result.key_locations[key] = _loc(self.path, key_node)
                result.value_locations[key] = _loc(self.path, value_node)
                result[key] = self.value(value_node)
            return result
        if isinstance(node, yaml.SequenceNode):
            result = LocatedList()
            result.location = _loc(self.path, node)
            result.item_locations = []
            for item in node.value:
                result.item_locations.append(_loc(self.path, item))
                result.append(self.value(item))
            return result
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as err:
            self.problem(node, f"cannot read value: {err}")
            return None


def read_rule_file(path: str) -> Tuple[Any, List[Problem]]:
    """Parse ``path``; returns (located value or None, problems)."""
    top = Location(path, 1, 1)
    try:
        size = os.path.getsize(path)
    except OSError as err:
        return None, [Problem(top, f"cannot read rule file: {err.strerror}")]
    if size > MAX_RULE_FILE_BYTES:
        return None, [Problem(top, f"rule file is {size} bytes, more than the "
                                   f"{MAX_RULE_FILE_BYTES} allowed; split it")]
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        return None, [Problem(Location(path, line, 1),
                              f"not UTF-8 (byte offset {err.start}); save the file as UTF-8")]
    except OSError as err:
        return None, [Problem(top, f"cannot read rule file: {err.strerror}")]
    try:
        node = _compose(text)
    except RecursionError:
        return None, [Problem(top, "nesting too deep to read; rule files need only a few levels")]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = Location(path, mark.line + 1, mark.column + 1) if mark else top
        return None, [Problem(where, f"YAML syntax error: {err.problem or err}")]
    except yaml.YAMLError as err:
        return None, [Problem(top, f"YAML error: {err}")]
    if node is None:
        return None, []
    walker = _Walker(path)
    try:
        value = walker.value(node)
    except RecursionError:
        return None, [Problem(top, "nesting too deep to read; rule files need only a few levels")]
    return value, walker.problems
