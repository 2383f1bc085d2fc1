"""YAML with positions: plain Python data plus the line of every field.

MkDocs swallows front-matter errors, and PyYAML's `safe_load` forgets where a value came from,
so we compose the node tree ourselves and build the data from it, recording for every path
(`("key_judgments", 0, "confidence")`) the line it stands on. Anything we cannot accept — an
unknown tag such as `!!python/object`, an alias, a duplicate key, a non-text key — becomes a
located problem instead of an exception.

Lines are needed only to report a problem, and most documents have none; so a plain document
is first read by rapidyaml (see _quick_data), about five times faster, and its lines are found
by the positional loader only if something asks for one (PositionedYaml.line_of).
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Callable
from typing import Any

import yaml

try:  # pinned in requirements.txt; without it (a platform with no wheel) every document takes the positional path
    import ryml
except ImportError:  # pragma: no cover
    ryml = None

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


# -- the quick reading ----------------------------------------------------------------------------
#
# rapidyaml (C++) parses a document and writes it out as JSON, which json.loads reads in C: for a
# brief's front matter about a tenth of the time PyYAML takes to compose it and our builder to
# walk it. It reads YAML 1.2, is more lenient (it takes ': x' or '- }' without complaint), says
# nothing about lines and prints its own errors. So libyaml first parses the document in C
# without building anything (CParser.raw_parse: a tenth of a millisecond for a brief), which is
# exactly the syntax check the positional loader would make; and rapidyaml's data is trusted
# only where both readings are certainly the same. Anything else goes to the positional loader,
# whose messages are the ones contributors see:
# - text with anything unusual: tabs, anchors and aliases (&a *a), tags (!), merge keys (<<),
#   directives and document markers, explicit keys (? ), escapes in double quotes, a comment
#   glued to a quoted value, line breaks and characters YAML 1.1 treats differently;
# - whatever rapidyaml cannot parse, duplicate keys, floats (1e3 is a number in YAML 1.2 only),
#   nesting past MAX_DEPTH;
# - a value PyYAML would read as something else than text if it stood unquoted (2026-04-28, yes,
#   012, ~), wherever it could be written unquoted in the document (see _never_plain).
_UNUSUAL_CHARACTERS = "\t\r\x85\u2028\u2029\ufeff"
# Each text by a character it holds that is rare in a document: that character is looked for
# first (a memchr), and the text itself only if it is there (the document markers, under "\n",
# always are). Looking for two or three characters at once is ten times slower than for one.
_UNUSUAL_TEXTS = {"<": ("<<",), "#": ("'#", '"#'), "%": ("\n%",), "\n": ("\n---", "\n...")}
# Where a node starts: at a line's indentation, or after an indicator ('- ', ': ', '[', ','...).
# An anchor, alias or tag stands there; elsewhere '&', '*' and '!' are text, as in "R&D".
_NODE_PROPERTY = re.compile(r"(?:^|[-:?\[{,])[ ]*[&*!]", re.MULTILINE)
_EXPLICIT_KEY = re.compile(r"(?:^|[-\[{,])[ ]*\?(?:[ \n,\[\]{}]|$)", re.MULTILINE)
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
# Every character of _NON_PRINTABLE is written in UTF-8 with one of these bytes: an ASCII control,
# or a lead byte of U+0080-U+009F (0xC2) or of U+FFFE and U+FFFF (0xEF). (A surrogate cannot be
# encoded at all.) Text without them needs no search: bytes.translate deletes every other byte
# in a tenth of the time the pattern takes to look at every character.
_MAY_BEGIN_NON_PRINTABLE = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2, 0xEF])
_NEVER_NON_PRINTABLE = bytes(b for b in range(256) if b not in _MAY_BEGIN_NON_PRINTABLE)


def may_hold_control(encoded: bytes) -> bool:
    """Whether UTF-8 text may hold an ASCII control other than tab, line feed and carriage
    return, a C1 control (U+0080-U+009F) or U+FFFE or U+FFFF: False means it certainly holds none."""
    return encoded.translate(None, _NEVER_NON_PRINTABLE) != b""


def _unusual(text: str, encoded: bytes) -> bool:
    """`encoded`: the text in UTF-8."""
    # Substring tests first: one pattern for all of it took a quarter of a millisecond a brief.
    return (
        any(c in text for c in _UNUSUAL_CHARACTERS)
        or any(rare in text and any(t in text for t in texts) for rare, texts in _UNUSUAL_TEXTS.items())
        or text.startswith(("%", "---", "..."))
        or ("\\" in text and '"' in text)  # escapes: rapidyaml knows YAML 1.2's, PyYAML 1.1's
        or (("&" in text or "*" in text or "!" in text) and _NODE_PROPERTY.search(text) is not None)
        or ("?" in text and _EXPLICIT_KEY.search(text) is not None)
        or (may_hold_control(encoded) and _NON_PRINTABLE.search(text) is not None)
    )


# PyYAML's own table of what a plain scalar reads as (booleans, numbers, null, dates, '<<', '='),
# as one pattern, and a JSON string value (not a key) that begins as one of them could.
_IMPLICIT = yaml.SafeLoader.yaml_implicit_resolvers
_TYPED_IF_PLAIN = re.compile(
    "|".join(sorted({f"(?:{regexp.pattern})" for resolvers in _IMPLICIT.values() for _, regexp in resolvers})), re.VERBOSE
)
_MAYBE_TYPED = re.compile('"([' + re.escape("".join(sorted(c for c in _IMPLICIT if c))) + r'][^"\\]*)"(?!:)')
_NOT_QUICK = object()
_CParser = getattr(getattr(yaml, "_yaml", None), "CParser", None)
_DEVNULL = os.open(os.devnull, os.O_WRONLY)


class _NotQuick(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise _NotQuick
    return data


def _refuse(text: str) -> Any:
    raise _NotQuick


def _never_plain(value: str, text: str, flow: bool) -> bool:
    """Whether no plain (unquoted) scalar of `text` can have the value `value`. One that fits on
    a line is written exactly as its value; it starts a line (after its indentation) or follows
    '- ', ': ' or '? ' (in a flow collection also '[', '{', ',' or ':'), and it ends a line, or
    comes before ' #' (in a flow collection also ',', ']', '}' or ':'). A year in a sentence
    ("signed in 2010, the treaty") is neither. `flow`: whether `text` holds '[' or '{'."""
    if not value or " " in value or "\n" in value:  # a plain scalar over several lines, say
        return False
    at, end = text.find(value), len(value)
    while at != -1:
        # Right after a quote it cannot start (see _could_start_plain), and most such values
        # are quoted dates: told here without the call, this takes a fifth less time.
        if (not at or text[at - 1] not in "'\"") and _could_start_plain(text, at, flow) and _could_end_plain(text, at + end, flow):
            return False
        at = text.find(value, at + 1)
    return True


def _could_start_plain(text: str, at: int, flow: bool) -> bool:
    before = at
    while before and text[before - 1] == " ":
        before -= 1
    if not before or text[before - 1] == "\n":
        return True
    if before == at:  # nothing between it and the character before
        return flow and text[at - 1] in "[{,:"
    return text[before - 1] in ("-:?[{," if flow else "-:?")


def _could_end_plain(text: str, at: int, flow: bool) -> bool:
    after = at
    while after < len(text) and text[after] == " ":
        after += 1
    if after == len(text) or text[after] == "\n" or (after > at and text[after] == "#"):
        return True
    return flow and text[after] in ",]}:"


def _depth(value: Any) -> int:
    children = value.values() if type(value) is dict else value if type(value) is list else ()
    return 1 + max((_depth(child) for child in children if type(child) in (dict, list)), default=0)


def _shallow(written: str, text: str) -> bool:
    """Whether no value of the document is nested deeper than MAX_DEPTH, from rapidyaml's JSON
    (`written`) without walking the data: it indents a block collection's items two spaces a
    level, and writes a flow collection ([a, b], {a: b}) on one line, so a value is at most as
    deep as its line's indentation allows plus the number of flow collections in the text."""
    flow = text.count("[") + text.count("{")
    return flow <= MAX_DEPTH and "\n" + "  " * (MAX_DEPTH + 1 - flow) not in written


def _quick_data(text: str) -> tuple[Any, str] | object:
    """The document's data as PyYAML would read it, from rapidyaml, and as JSON; _NOT_QUICK
    when the document is not one where that is certainly the same (see above)."""
    if ryml is None or _CParser is None or not text.strip():
        return _NOT_QUICK
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which YAML does not allow either
        return _NOT_QUICK
    if _unusual(text, encoded) or _deeply_nested(text):
        return _NOT_QUICK
    # A block scalar (| or >) that ends the text keeps a final line break in rapidyaml even where
    # the text has none to keep.
    if not text.endswith("\n") and ("|" in text or ">" in text):
        return _NOT_QUICK
    try:
        _CParser(text).raw_parse()
    except yaml.YAMLError:
        return _NOT_QUICK
    # rapidyaml prints its parse errors on the process's stderr before raising: the error is not
    # the contributor's to see (the positional loader reports it), so stderr goes to /dev/null
    # meanwhile, a tenth of a millisecond. (Another thread writing to stderr in that moment, as
    # `mkdocs serve`'s server might log a request, would lose that line.)
    try:
        saved = os.dup(2)
        os.dup2(_DEVNULL, 2)
    except OSError:  # no stderr to save: nothing to hide either
        saved = None
    try:
        tree = ryml.parse_in_arena(encoded)
        written = ryml.emit_json_malloc(tree, tree.root_id())
    except Exception:  # rapidyaml raises its own ExceptionParse and others; any means "not quick"
        return _NOT_QUICK
    finally:
        if saved is not None:
            os.dup2(saved, 2)
            os.close(saved)
    if not isinstance(written, str):  # None for a document of comments only
        return _NOT_QUICK
    try:
        data = json.loads(written, object_pairs_hook=_unique_keys, parse_float=_refuse)
    except (ValueError, RecursionError, _NotQuick):
        return _NOT_QUICK
    if not _shallow(written, text) and _depth(data) > MAX_DEPTH:
        return _NOT_QUICK
    flow = "[" in text or "{" in text
    for value in set(_MAYBE_TYPED.findall(written)):
        if _TYPED_IF_PLAIN.match(value) and not _never_plain(value, text, flow):
            return _NOT_QUICK
    return data, written


class _UseSlowPath(Exception):
    """The fast path met something only the Python loader reports well."""


class PositionedYaml:
    """A document's data, its problems, and where each field stands: `lines` (path -> line) and
    `raw_scalars` (path -> the text of a plain scalar YAML 1.1 reads as a boolean, number or
    date, for messages about it). Given `locate` instead, lines and raw scalars are found by
    calling it the first time one is asked for. `data_json`: the data as JSON, when rapidyaml
    read it (the check cache stores that text as it is)."""

    def __init__(
        self,
        data: Any = None,
        lines: dict[Path, int] | None = None,
        raw_scalars: dict[Path, str] | None = None,
        problems: list[Problem] | None = None,
        locate: Callable[[], PositionedYaml] | None = None,
        data_json: str | None = None,
    ):
        self.data = data
        self.data_json = data_json
        self.problems = problems if problems is not None else []
        self._lines = lines if lines is not None or locate else {}
        self._raw_scalars = raw_scalars if raw_scalars is not None or locate else {}
        self._locate = locate

    @property
    def located(self) -> bool:
        return self._lines is not None

    @property
    def lines(self) -> dict[Path, int]:
        if self._lines is None:
            located = self._locate()
            self._lines, self._raw_scalars = located.lines, located.raw_scalars
        return self._lines

    @property
    def raw_scalars(self) -> dict[Path, str]:
        self.lines  # located together
        return self._raw_scalars

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        lines = self.lines
        while path not in lines and path:
            path = path[:-1]
        return lines.get(path, 1)


def parse_yaml(text: str, source_path: str, first_line: int = 1) -> PositionedYaml:
    """Parse `text` (which starts on `first_line` of `source_path`) into data with positions
    (found when first asked for, if the document is plain: see _quick_data)."""
    quick = _quick_data(text)
    if quick is not _NOT_QUICK:
        data, written = quick
        return PositionedYaml(data, locate=functools.partial(parse_positioned, text, source_path, first_line), data_json=written)
    return parse_positioned(text, source_path, first_line)


def parse_positioned(text: str, source_path: str, first_line: int = 1) -> PositionedYaml:
    """parse_yaml, every line found now: PyYAML, through libyaml where it can."""
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
