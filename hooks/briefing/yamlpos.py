"""YAML with positions: plain Python data plus the line of every field.

MkDocs swallows front-matter errors, and PyYAML's `safe_load` forgets where a value came from,
so we compose the node tree ourselves and build the data from it, recording for every path
(`("key_judgments", 0, "confidence")`) the line it stands on. Anything we cannot accept — an
unknown tag such as `!!python/object`, an alias, a duplicate key, a non-text key — becomes a
located problem instead of an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

Path = tuple[str | int, ...]

# YAML 1.1 reads these bare words as booleans; contributors mean text nine times in ten.
YAML11_BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
MAX_DEPTH = 20
# Deeper than this the composer stops (see _RefuseAliases); between the two, _Builder reports it.
_MAX_COMPOSE_DEPTH = 100
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    yaml.ScalarNode: _PLAIN_TAGS,
    yaml.MappingNode: {"tag:yaml.org,2002:map"},
    yaml.SequenceNode: {"tag:yaml.org,2002:seq"},
}


class _RefuseAliases:
    """Refuses aliases while composing: `*name` can multiply a small file into gigabytes.

    Also refuses absurd nesting: PyYAML composes recursively, so a few hundred '[' would exhaust
    Python's stack (a RecursionError, not a problem) before _Builder could report the depth."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases ('*name') are not allowed; write the value out", mark
            )
        if self._depth >= _MAX_COMPOSE_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, f"nested more than {_MAX_COMPOSE_DEPTH} levels deep; flatten the structure", mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(_RefuseAliases, yaml.SafeLoader):
    """The pure-Python SafeLoader: its error messages are the ones contributors see."""


# libyaml composes the whole node tree in C, about thirty times faster than PyYAML's Python
# composer; the profile of `briefing check` was dominated by composition. It cannot refuse
# aliases while composing and it recurses in C, so it is used only on text that is plainly not
# deeply nested, and the builder checks for shared (aliased) nodes. Anything unusual — a syntax
# error, an alias, deep nesting — goes through the Python loader, whose messages are the ones
# contributors see.
class _MemoResolver:
    """libyaml calls back into PyYAML's Python resolver for every scalar, to find its type from
    its text; field names and values like `high` or `published` repeat across files, so the
    answers are remembered (the resolver's answer depends on nothing else for SafeLoader)."""

    _tags: dict = {}

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._tags.get(key)
        if tag is None:
            if len(self._tags) > 100_000:  # a bound on memory: mostly unique texts by then
                self._tags.clear()
            tag = self._tags[key] = super().resolve(kind, value, implicit)
        return tag


_CSafeLoader = getattr(yaml, "CSafeLoader", None)
_FastLoader = type("_FastLoader", (_MemoResolver, _CSafeLoader), {}) if _CSafeLoader else None
_DEEP_FLOW = re.compile(r"(?:[\[{][^\[\]{}]*){64}")
_DEEP_BLOCK = re.compile(r"^ {128}", re.MULTILINE)


def _deeply_nested(text: str) -> bool:
    # The counts are necessary conditions of the patterns and a hundred times cheaper: the
    # patterns alone were a tenth of `briefing check`.
    flow = text.count("[") + text.count("{") >= 64 and _DEEP_FLOW.search(text)
    return bool(flow or (" " * 128 in text and _DEEP_BLOCK.search(text)))


class _UseSlowPath(Exception):
    """The fast path met something only the Python loader reports well."""


@dataclass
class PositionedYaml:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    raw_scalars: dict[Path, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def parse_yaml(text: str, source_path: str, first_line: int = 1) -> PositionedYaml:
    """Parse `text` (which starts on `first_line` of `source_path`) into data with positions."""
    offset = first_line - 1
    result = PositionedYaml(data=None)
    if _FastLoader is not None and not _deeply_nested(text):
        try:
            node = _compose(text, _FastLoader)
            result.data = _Builder(source_path, offset, result, refuse_shared=True).build(node, (), 0) if node else None
            return result
        except (yaml.YAMLError, _UseSlowPath):
            result = PositionedYaml(data=None)
    try:
        node = _compose(text, _Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "cannot be read"
        hint = "YAML does not allow tabs; indent with spaces" if "'\\t'" in str(error) else ""
        result.problems.append(
            Problem(
                source_path,
                (mark.line + 1 + offset) if mark else first_line,
                "YAML",
                f"syntax error: {what}",
                hint=hint,
                column=(mark.column + 1) if mark else None,
            )
        )
        return result
    except yaml.YAMLError as error:  # reader errors: control characters and the like
        result.problems.append(Problem(source_path, first_line, "YAML", f"cannot be read: {error}"))
        return result
    if node is not None:
        result.data = _Builder(source_path, offset, result).build(node, (), 0)
    return result


def _compose(text: str, loader_class: type) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, source_path: str, offset: int, result: PositionedYaml, refuse_shared: bool = False):
        self.source_path = source_path
        self.offset = offset
        self.result = result
        self.constructor = yaml.SafeLoader("")
        # libyaml resolves an alias to the very node it names: meeting a node twice means an alias.
        self.refuse_shared = refuse_shared
        self.seen: set[int] = set()

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def problem(self, node: yaml.Node, path: Path, message: str, hint: str = "") -> None:
        self.result.problems.append(
            Problem(self.source_path, self.line(node), dotted(path) or "YAML", message, hint=hint)
        )

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if self.refuse_shared:
            if id(node) in self.seen:
                raise _UseSlowPath
            self.seen.add(id(node))
        self.result.lines.setdefault(path, self.line(node))
        if depth > MAX_DEPTH:
            self.problem(node, path, f"nested more than {MAX_DEPTH} levels deep", "flatten the structure")
            return None
        if node.tag not in _ALLOWED_TAGS[type(node)]:
            self.problem(
                node,
                path,
                f"the YAML tag '{node.tag}' is not allowed",
                "briefs hold plain text, numbers, dates, lists and mappings; remove the tag",
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict:
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, path, "merge keys ('<<') are not allowed", "write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "a field name must be plain text")
                continue
            key = key_node.value
            child = path + (key,)
            if key in data:
                self.problem(key_node, child, "duplicate field", "each field may appear once; remove one")
                continue
            self.result.lines[child] = self.line(key_node)
            data[key] = self.build(value_node, child, depth + 1)
        return data

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        # Plain (unquoted) style is None in PyYAML and "" in libyaml.
        if not node.style and node.value.lower() in YAML11_BOOLEAN_WORDS:
            self.result.raw_scalars[path] = node.value
        elif node.tag in {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}:
            self.result.raw_scalars[path] = node.value
        if node.tag == _STR_TAG:
            return node.value  # what SafeConstructor would return, without its overhead
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            # An impossible date such as 2026-02-30 fails in PyYAML; keep the text so the
            # schema can report it as an invalid date with the field's own message.
            return node.value


def dotted(path: Path) -> str:
    """('key_judgments', 0, 'text') -> 'key_judgments[1].text' (items count from 1)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
