"""Load the briefs and registries, validate them, and build the corpus.

Validation runs in two passes, as the data flow in DESIGN.md describes: first each file on its
own (encoding, YAML, schema), then the rules across fields and files (themes, tags, sources,
related briefs, citations, duplicate ids). Every problem of the whole corpus is collected,
in one run: a brief whose front matter fails still has its body and its well-formed references
checked (see BriefFacts.of_unvalidated). A `Corpus` is returned only when there is no error.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import TypeAdapter, ValidationError

from .citations import BriefLink, Citation, MalformedCitation, scan_body
from .corpus import Brief, Corpus
from .model import SLUG_PATTERN, BriefMeta, FuzzyDate, IsoDate, PartialDate, SourceMeta, ThemeMeta, merge_key
from .problems import Problem, Severity, did_you_mean, one_of
from .schema_errors import describe, validate_list, validate_model
from .check_cache import CheckCache
from .forked import ForkedWorker
from .gc_pause import gc_paused
from .yamlpos import PositionedYaml, dotted, may_hold_control

MAX_BRIEF_BYTES = 200_000
# Below this many bytes of work (files to check, or YAML to parse), a forked worker working
# ahead saves less than it costs to start (about a hundred briefs; the real corpus is below it).
CHECK_AHEAD_BYTES = 500_000
# Characters no brief means to contain: C0/C1 controls (tab and newline excepted) and the
# invisible line separators that YAML counts as line breaks, which would shift every line number.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# Whitespace (str.isspace's, Unicode included), quotes and angle brackets end an address in HTML.
_NOT_IN_URL = re.compile(r'[\s"<>\x1c-\x1f]')
# Where each kind of reference is defined, for the message about an unknown one.
_REGISTRY_OF = {"theme": "briefs/themes.yml", "tag": "briefs/tags.yml", "source": "briefs/sources.yml", "brief id": "briefs/"}
_SECTION = re.compile(r"^(#{2})\s+(.+?)\s*#*\s*$", re.MULTILINE)


def read_file(path: Path) -> bytes:
    """path.read_bytes() without pathlib's and io's layers around the system calls: 64 ms instead
    of 113 ms for 5,000 briefs, and every check reads every brief (to know whether it changed)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def section_headings(body: str) -> Iterator[re.Match]:
    """_SECTION.finditer(body), with the pattern tried only where a line starts with '##':
    tried at every position of every body, it was a twentieth of a check from scratch."""
    at = _line_of_hashes(body, 0)
    while at is not None:
        heading = _SECTION.match(body, at)
        if heading:
            yield heading
        at = _line_of_hashes(body, heading.end() if heading else at + 1)


def _line_of_hashes(body: str, start: int) -> int | None:
    """Where the first line at or after `start` that starts with '##' begins."""
    if start == 0 and body.startswith("##"):
        return 0
    found = body.find("\n##", max(start - 1, 0))
    return None if found == -1 else found + 1


def control_character(text: str, encoded: bytes) -> re.Match | None:
    """The first of _CONTROL_CHARACTER in `text` (`encoded`: the text in UTF-8). Almost every
    file holds none, which its bytes tell (see may_hold_control) in a fifth of the time a look
    at every character takes; U+2028 and U+2029, which they do not tell, are looked for alone."""
    if not may_hold_control(encoded) and "\u2028" not in text and "\u2029" not in text:
        return None
    return _CONTROL_CHARACTER.search(text)


# -- placeholders left by `briefing new` ----------------------------------------------------------

PLACEHOLDER = "TODO"


def is_placeholder(value: Any) -> bool:
    """Text the brief template left for the contributor to replace: it starts with TODO."""
    return isinstance(value, str) and value.strip().startswith(PLACEHOLDER)


def _holds_placeholder(body: str) -> bool:
    return any(is_placeholder(line) for line in body.split("\n"))


def placeholder_problems(rel: str, doc: PositionedYaml, body_lines: list[str], body_line: int) -> list[Problem]:
    """One problem for every placeholder still in a brief: front-matter values, then body lines.

    Where a source id belongs a placeholder is an error, because no page can cite a source that
    does not exist. Elsewhere it is a warning: a half-written draft still previews in
    `make serve`, while `briefing check` and the strict production build refuse it.
    """
    problems = []

    def shown(text: str) -> str:
        text = " ".join(text.split())
        return "'" + (text if len(text) <= 60 else text[:59] + "…") + "'"

    def visit(value: Any, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                visit(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, path + (index,))
        elif is_placeholder(value):
            message = f"is still the template's placeholder {shown(value)}"
            if "source" in path or "sources" in path:
                problems.append(Problem(rel, doc.line_of(path), dotted(path), message, "expected a source id from briefs/sources.yml", "add a new source there first"))
            else:
                problems.append(Problem(rel, doc.line_of(path), dotted(path), message, "expected your own text", severity=Severity.WARNING))

    visit(doc.data, ())
    for offset, line in enumerate(body_lines):
        if is_placeholder(line):
            problems.append(Problem(rel, body_line + offset, "body", f"is still the template's placeholder {shown(line)}", "expected your own text", severity=Severity.WARNING))
    return problems


@dataclass
class CheckResult:
    corpus: Corpus | None
    problems: list[Problem]
    files_checked: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass(frozen=True)
class SplitBrief:
    """A brief's file split at its front matter."""

    yaml: str  # the YAML between the '---' lines, each line with its line break (as MkDocs reads it)
    body: str  # everything after the closing '---' line
    body_line: int  # the line the body starts on


def split_brief(text: str) -> SplitBrief | str:
    """The file split at the '---' lines that open (the first line) and close (the next line that
    is '---' but for trailing spaces) its front matter; else what is wrong: "missing" or "not
    closed". Found by searching the text: splitting it into lines and joining them again was a
    twentieth of a check from scratch."""
    first_end = text.find("\n")
    if (text if first_end == -1 else text[:first_end]).rstrip() != "---":
        return "missing"
    # The line break before each line that may close the front matter.
    line_break = -1 if first_end == -1 else text.find("\n---", first_end)
    while line_break != -1:
        start = line_break + 1
        end = text.find("\n", start)
        if (text[start:] if end == -1 else text[start:end]).rstrip() == "---":
            body = "" if end == -1 else text[end + 1 :]
            return SplitBrief(text[first_end + 1 : start], body, text.count("\n", 0, start) + 2)
        line_break = text.find("\n---", start)
    return "not closed"


def check_corpus(root: Path, today: dt.date, cache: CheckCache | None = None, need_corpus: bool = True) -> CheckResult:
    """Validate everything under `root` (the repository root, which holds `briefs/`).

    With a `cache` (CheckCache.for_repository), unchanged files are not parsed again; with
    `need_corpus=False` as well (`briefing check`), an unchanged brief is skipped whole: its own
    problems and its references come from the cache, and only the rules across files run. The
    result then has no corpus."""
    checker = _Checker(root, today, cache or CheckCache(None), need_corpus)
    with gc_paused():
        try:
            result = checker.run()
        finally:
            checker.ahead.close()
        checker.cache.save(skipped_whole=not need_corpus)
    return result


# Where a reference stands: a line of the body, or the path of a YAML field as a list (["tags",
# 0] in a brief's front matter, [12, "id"] in sources.yml), whose line is found only when a rule
# reports it (see _Checker.line_at): finding the lines of a document costs more than the rest of
# its check.
Where = int | list


def field_of(where: Where) -> str:
    """The field a report names for a reference in a brief: "body" for a line of the body, else
    from the path: ["tags", 1] is tags[2], ["key_judgments", 0, "sources", 2] key_judgments[1].sources."""
    if isinstance(where, int):
        return "body"
    if len(where) == 1:
        return where[0]
    label = f"{where[0]}[{where[1] + 1}]"
    return f"{label}.{where[2]}" if len(where) > 2 else label


@dataclass
class BriefFacts:
    """What the rules across files need from one brief: its id, and every reference it makes
    to a theme, tag, brief or source. Computed once per file (so an unchanged file's facts can
    come from the cache), JSON-able, and kept small: the references are values as the brief
    lists them (tags[i] is tags[i], key_judgments[i].sources[j] is judgment_sources[i][j], each
    body citation is its line and keys). Where one stands (Where), and the field a report names
    (field_of), are made only for a reference that is reported (see source_places)."""

    # In the front matter, None stands for a value that is not known: faulted by the schema, or
    # in a front matter that cannot be read (see of_unvalidated).
    id: str | None
    path: str
    theme: str | None
    secondary_themes: list[str | None]
    tags: list[str | None]
    related: list[str | None]
    judgment_sources: list[list[str | None]]  # key_judgments[i].sources
    fact_sources: list[str | None]  # key_facts[i].source
    event_sources: list[list[str | None]]  # timeline[i].sources
    citation_lines: list[int]  # each body citation's line
    citation_sources: list[list[str]]  # and its source keys
    links: list[tuple[str, int]]  # [[brief-id]] targets in the body, with their lines
    # timeline[i]: (title, id, date, end), dates as written. Its merge key (model.merge_key) is
    # made only when another brief's event shares its date and a source: making it for every
    # event was a thirtieth of a check from scratch.
    events: list[tuple[str | None, str | None, str | None, str | None]]

    @classmethod
    def of(cls, brief: Brief) -> BriefFacts:
        meta = brief.meta
        return cls(
            brief.id, brief.path, meta.theme, list(meta.secondary_themes), list(meta.tags), list(meta.related),
            [list(judgment.sources) for judgment in meta.key_judgments], [fact.source for fact in meta.key_facts],
            [list(event.sources) for event in meta.timeline], *_body_facts(brief.found_in_body),
            [(e.title, e.id, e.date.iso(), e.end.iso() if e.end else None) for e in meta.timeline],
        )

    @classmethod
    def of_unvalidated(cls, stem: str, path: str, front: FaultedFrontMatter | None, found_in_body: tuple) -> BriefFacts:
        """The facts of a brief whose front matter failed the schema, or cannot be read at all
        (`front` None: only the body's references are known), so that its references are
        checked in the same run and a contributor learns every mistake at once. A value the
        schema faulted is None, keeping the others' places (tags[2] stays tags[2]): it is never
        reported again as unknown."""
        if front is None:
            return cls(None, path, None, [], [], [], [], [], [], *_body_facts(found_in_body), [])
        text, texts, count = front.text, front.texts, front.count
        return cls(
            text("id") if "id" in front.data else stem, path, text("theme"), texts("secondary_themes"), texts("tags"), texts("related"),
            [texts("key_judgments", i, "sources") for i in range(count("key_judgments"))],
            [text("key_facts", i, "source") for i in range(count("key_facts"))],
            [texts("timeline", i, "sources") for i in range(count("timeline"))], *_body_facts(found_in_body),
            [_faulted_event(front, i) for i in range(count("timeline"))],
        )

    def source_lists(self) -> tuple[list[str], ...]:
        """The lists of source keys the brief cites (a template placeholder too: it is never an id)."""
        return (self.fact_sources, *self.judgment_sources, *self.event_sources, *self.citation_sources)

    def source_places(self) -> Iterator[tuple[str, Where]]:
        """Every source key the brief cites, and where, in the order of a report. A template
        placeholder in the front matter is reported as one already; the body cannot hold one."""
        for i, keys in enumerate(self.judgment_sources):
            yield from ((key, ["key_judgments", i, "sources", j]) for j, key in enumerate(keys) if not is_placeholder(key))
        yield from ((key, ["key_facts", i, "source"]) for i, key in enumerate(self.fact_sources) if not is_placeholder(key))
        for i, keys in enumerate(self.event_sources):
            yield from ((key, ["timeline", i, "sources", j]) for j, key in enumerate(keys) if not is_placeholder(key))
        for line, keys in zip(self.citation_lines, self.citation_sources):
            yield from ((key, line) for key in keys)


class FaultedFrontMatter:
    """A front matter (`data`) that failed the schema, read value by value: a value counts where
    neither it nor a field holding it was faulted (`faulted`: the fields the schema reported),
    and is None elsewhere."""

    def __init__(self, data: dict, faulted: set[str]):
        self.data = data
        self.faulted = faulted

    def value(self, *path: str | int) -> Any:
        faulted = any(dotted(path[:depth]) in self.faulted for depth in range(1, len(path) + 1))
        return None if faulted else self._at(path)

    def _at(self, path: tuple[str | int, ...]) -> Any:
        value: Any = self.data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    def text(self, *path: str | int) -> str | None:
        value = self.value(*path)
        return value if isinstance(value, str) else None

    def count(self, *path: str | int) -> int:
        """The number of items of the list at `path` (0 if there is none), faulted or not."""
        value = self._at(path)
        return len(value) if isinstance(value, list) else 0

    def texts(self, *path: str | int) -> list[str | None]:
        return [self.text(*path, index) for index in range(self.count(*path))]

    def converted(self, kind: Any, *path: str | int) -> Any:
        """The value as the schema reads a field of type `kind` (a date, say), or None."""
        value = self.value(*path)
        try:
            return None if value is None else _adapter(kind).validate_python(value)
        except ValidationError:
            return None


@functools.cache
def _adapter(kind: Any) -> TypeAdapter:
    return TypeAdapter(kind)


@dataclass(frozen=True)
class BriefFields:
    """What the rules within one brief read (_Checker.brief_rules): from a valid front matter, or
    value by value from one that failed the schema, where None is a value not known."""

    id: str | None
    status: str | None
    published: dt.date | None
    updated: dt.date | None
    as_of: dt.date | None
    review_by: dt.date | None
    events: list[tuple[PartialDate | None, PartialDate | None]]  # timeline[i].date and .end
    tags: list[str | None]

    @classmethod
    def of(cls, meta: BriefMeta) -> BriefFields:
        events = [(event.date, event.end) for event in meta.timeline]
        return cls(meta.id, meta.status, meta.published, meta.updated, meta.as_of, meta.review_by, events, meta.tags)

    @classmethod
    def of_unvalidated(cls, front: FaultedFrontMatter) -> BriefFields:
        dates = [front.converted(IsoDate, name) for name in ("published", "updated", "as_of", "review_by")]
        events = [(front.converted(FuzzyDate, "timeline", i, "date"), front.converted(FuzzyDate, "timeline", i, "end")) for i in range(front.count("timeline"))]
        return cls(front.text("id"), front.text("status"), *dates, events, front.texts("tags"))


def _span(date: str, end: str | None) -> str:
    return f"{date} to {end}" if end else date


def _faulted_event(front: FaultedFrontMatter, i: int) -> tuple[str | None, str | None, str | None, str | None]:
    """BriefFacts.events[i] from a front matter that failed the schema: a part not known is None."""
    date, end = (front.converted(FuzzyDate, "timeline", i, name) for name in ("date", "end"))
    return front.text("timeline", i, "title"), front.text("timeline", i, "id"), date and date.iso(), end and end.iso()


def _body_facts(found_in_body: tuple) -> tuple[list[int], list[list[str]], list[tuple[str, int]]]:
    """BriefFacts' citation_lines, citation_sources and links, from what the body holds."""
    citations = [f for f in found_in_body if isinstance(f, Citation)]
    links = [(f.target, f.line) for f in found_in_body if isinstance(f, BriefLink)]
    return [c.line for c in citations], [[item.key for item in c.items] for c in citations], links


def entry_id(entry: ThemeMeta | SourceMeta | str) -> str:
    """A registry entry's id; without need for the corpus the id stands for the entry."""
    return entry if isinstance(entry, str) else entry.id


# A results entry is lists of texts and numbers, made afresh for each file: no cycle to look for
# (a third less time than json.dumps, which looks).
_RECORD_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":"))


def _problem_record(problem: Problem) -> list:
    return [problem.path, problem.line, problem.field, problem.message, problem.expected, problem.hint, problem.severity.value, problem.column]


def _problem_from(record: list) -> Problem:
    path, line, field, message, expected, hint, severity, column = record
    return Problem(path, line, field, message, expected, hint, Severity(severity), column)


@dataclass
class _CheckedAhead:
    """What checking one file in the worker left for the run (see _Checker.start_checking_ahead):
    the file's results key, the cache entries it found or made, the file's results entry among
    them (the run replays the file's problems from it, as from the cache), and for a build the
    brief's validated front matter (not the Brief: see checked_in_worker)."""

    key: str
    yaml: dict[str, str]
    results: dict[str, str]
    meta: BriefMeta | None = None


class _Checker:
    def __init__(self, root: Path, today: dt.date, cache: CheckCache, need_corpus: bool = True):
        self.root = root
        self.today = today
        self.cache = cache
        self.need_corpus = need_corpus
        self.problems: list[Problem] = []
        self.files_checked = 0
        # Briefs that exist but failed to load: links to them are not reported as unknown,
        # so one broken brief does not drown the report in follow-on errors.
        self.unloaded_ids: set[str] = set()
        # Likewise for registries: ids of entries that failed validation, per kind ("theme",
        # "source", "tag"), and the kinds whose whole registry could not be read.
        self.unloaded_entries: dict[str, set[str]] = {"theme": set(), "source": set(), "tag": set()}
        self.unreadable_registries: set[str] = set()
        # Registries parsed in this run, and any file parsed again for the line of a report.
        self.documents: dict[str, PositionedYaml] = {}
        # Files read ahead of their check (to find what is remembered), until the check reads them.
        self.read_ahead: dict[Path, bytes] = {}
        self.ahead = ForkedWorker({}, fork=False)  # see start_checking_ahead
        self.result_keys: dict[Path, str] = {}  # of files read ahead, until their check
        self._root_prefix = str(root) + os.sep

    # -- reading ------------------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        # As path.relative_to(self.root).as_posix(), a tenth of the time (every file, twice).
        text = str(path)
        if text.startswith(self._root_prefix):
            return text[len(self._root_prefix) :].replace(os.sep, "/")
        return path.relative_to(self.root).as_posix()

    def error(self, path: str, line: int, field: str, message: str, expected: str = "", hint: str = "") -> None:
        self.problems.append(Problem(path, line, field, message, expected, hint))

    def warning(self, path: str, line: int, field: str, message: str, expected: str = "", hint: str = "") -> None:
        self.problems.append(Problem(path, line, field, message, expected, hint, Severity.WARNING))

    def content(self, path: Path) -> bytes:
        """The file's bytes, read once whether or not the run read it ahead."""
        data = self.read_ahead.pop(path, None)
        return read_file(path) if data is None else data

    def read_text(self, path: Path, max_bytes: int | None = None, data: bytes | None = None) -> str | None:
        """The file's text (from `data`, its bytes, if given), or None after reporting why it
        cannot be used."""
        self.files_checked += 1
        rel = self.rel(path)
        data = self.content(path) if data is None else data
        if max_bytes is not None and len(data) > max_bytes:
            self.error(rel, 1, "file", f"is {len(data):,} bytes long", f"expected at most {max_bytes:,} bytes", "split it into several briefs")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as failure:
            line = data.count(b"\n", 0, failure.start) + 1
            self.error(rel, line, "file", f"is not valid UTF-8 (byte 0x{data[failure.start]:02x})", "expected UTF-8 text", "re-save the file as UTF-8")
            return None
        if text.startswith("\ufeff"):
            self.error(rel, 1, "file", "starts with a byte-order mark", "expected UTF-8 without BOM", "re-save the file as UTF-8 without BOM")
            return None
        if "\r" in text:
            line = text.count("\n", 0, text.index("\r")) + 1
            self.error(rel, line, "file", "has Windows (CRLF) line endings", "expected LF line endings", "set your editor to LF, or run: git config core.autocrlf input")
            return None
        control = control_character(text, data)
        if control:
            line = text.count("\n", 0, control.start()) + 1
            self.error(rel, line, "file", f"contains the invisible control character U+{ord(control.group()):04X}", "expected printable text", "delete it; such characters often come in with text pasted from a PDF")
            return None
        if not text.strip():
            expected = "expected front matter between '---' lines, then the body" if path.suffix == ".md" else "expected YAML data"
            self.error(rel, 1, "file", "is empty", expected)
            return None
        return text

    def read_yaml(self, path: Path) -> PositionedYaml | None:
        text = self.read_text(path)
        if text is None:
            return None
        doc = self.cache.parse(text, self.rel(path))
        self.problems += doc.problems
        return None if doc.problems else doc

    # -- registries ---------------------------------------------------------------------------

    def registry_list(self, path: Path, model: type, what: str, kind: str) -> list:
        """Validate a YAML list of `model` entries, reporting duplicate ids.

        Returns (entry, its index in the file) for every valid entry."""
        rel = self.rel(path)
        if not path.exists():
            self.error(rel, 1, "file", "is missing", f"expected the {what} registry")
            self.unreadable_registries.add(kind)
            return []
        doc = self.read_yaml(path)
        if doc is None:
            self.unreadable_registries.add(kind)
            return []
        if not isinstance(doc.data, list):
            self.error(rel, 1, "file", f"expected a list of {what}, got {describe(doc.data)}")
            self.unreadable_registries.add(kind)
            return []
        self.documents[rel] = doc
        entries, seen = [], {}
        for index, (item, (entry, problems)) in enumerate(zip(doc.data, validate_list(model, doc.data, doc, rel))):
            self.problems += problems
            if entry is None:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    self.unloaded_entries[kind].add(item["id"])
                continue
            if entry.id in seen:
                first = doc.line_of((seen[entry.id], "id"))
                self.error(rel, doc.line_of((index, "id")), f"[{index + 1}].id", f"duplicate id '{entry.id}'", f"ids must be unique; first defined on line {first}")
                continue
            seen[entry.id] = index
            entries.append((entry, index))
        return entries

    def load_sources(self, path: Path) -> list[tuple[SourceMeta, int]]:
        """The valid sources, each with its index in the file."""
        entries = self.registry_list(path, SourceMeta, "sources", "source")
        for source, index in entries:
            self.check_source(source, "briefs/sources.yml", index)
        return entries

    def line_at(self, rel: str, where: Where) -> int:
        """The line of a reference in a file (see Where). Its YAML is parsed again (from the
        cache, mostly) if this run did not parse it: its outcome came from the cache or a
        worker."""
        if isinstance(where, int):
            return where
        if rel not in self.documents:
            path = self.root / rel
            self.documents[rel] = self.cache.parse(*self.yaml_document(path, read_file(path)))
        return self.documents[rel].line_of(tuple(where))

    def registry(self, path: Path, kind: str, load) -> list[tuple]:
        """`load(path)`: the registry's valid entries as (entry, detail) pairs: the index of the
        entry for themes and sources, the description for tags. Without need for the corpus the
        entries are their ids, and an unchanged registry's outcome comes from the cache."""
        if self.need_corpus:
            return load(path)

        def check() -> list:
            ids = [(entry_id(e), detail) for e, detail in load(path)]
            return [ids, sorted(self.unloaded_entries[kind]), kind in self.unreadable_registries]

        content = None
        if path.exists():
            content = self.read_ahead[path] = read_file(path)  # for the check, if it runs
        ids, unloaded, unreadable = self.remembered(self.result_key(path, content), check)
        self.read_ahead.pop(path, None)  # left there when the outcome was remembered instead
        self.unloaded_entries[kind].update(unloaded)
        if unreadable:
            self.unreadable_registries.add(kind)
        return [tuple(pair) for pair in ids]

    def result_key(self, path: Path, content: bytes | None) -> str:
        """The file's key in the results store: its path and bytes (None: it does not exist),
        and for a brief today's date."""
        if path.suffix == ".md":
            return self.cache.result_key(self.rel(path), content, self.today)
        return self.cache.result_key(self.rel(path) + ("" if content is not None else " (missing)"), content or b"", None)

    def remembered(self, key: str, check, ahead: _CheckedAhead | None = None) -> Any:
        """`check()`, which reports the problems of one file and returns what else the run needs
        from it (JSON-able). Without need for the corpus, an unchanged file's problems, file
        count and result are taken from the cache instead, and when a worker checked the file
        (`ahead`), from what it sent; either way they are stored there."""
        if ahead is not None:
            for yaml_key, yaml_entry in ahead.yaml.items():
                self.cache.yaml.take(yaml_key, yaml_entry)
            entry = ahead.results.get(key)  # none: the file is checked here after all
        else:
            entry = self.cache.results.get(key) if not self.need_corpus else None
        if entry is not None:
            try:
                problems, checked, result = json.loads(entry)
                replayed = [_problem_from(p) for p in problems]
            except (ValueError, TypeError):  # a damaged entry: check the file as if it were not there
                replayed = None
            if replayed is not None:
                self.cache.results.take(key, entry)
                self.problems += replayed
                self.files_checked += checked
                return result
        first, checked_before = len(self.problems), self.files_checked
        result = check()
        record = [[_problem_record(p) for p in self.problems[first:]], self.files_checked - checked_before, result]
        self.cache.results.put(key, _RECORD_JSON.encode(record))
        return result

    def load_tags(self, path: Path) -> dict[str, str]:
        rel = self.rel(path)
        if not path.exists():
            self.error(rel, 1, "file", "is missing", "expected the tag vocabulary")
            self.unreadable_registries.add("tag")
            return {}
        doc = self.read_yaml(path)
        if doc is None:
            self.unreadable_registries.add("tag")
            return {}
        if not isinstance(doc.data, dict):
            self.error(rel, 1, "file", f"expected a mapping of tag: description, got {describe(doc.data)}")
            self.unreadable_registries.add("tag")
            return {}
        tags = {}
        for tag, description in doc.data.items():
            if not re.match(SLUG_PATTERN, tag):
                self.error(rel, doc.line_of((tag,)), tag, f"{tag!r} is not a valid tag", "expected lower-case letters, digits and single hyphens")
            elif not isinstance(description, str) or not description.strip():
                self.error(rel, doc.line_of((tag,)), tag, f"expected a one-line description, got {describe(description)}")
                self.unloaded_entries["tag"].add(tag)
            else:
                tags[tag] = description.strip()
        return tags

    def check_source(self, source: SourceMeta, rel: str, index: int) -> None:
        where = f"[{index + 1}]"

        def line(field: str) -> int:  # found only for a report (see line_at)
            return self.line_at(rel, [index, field])

        if not (source.publisher or source.container_title):
            self.error(rel, line("id"), f"{where}.publisher", f"source '{source.id}' names neither a publisher nor a container-title", "expected at least one of them")
        if source.URL is None and not source.note:
            self.error(rel, line("id"), f"{where}.URL", f"source '{source.id}' has no URL and no note saying why", "add the URL, or a note explaining that none exists")
        # Both addresses become links on the site: only web addresses, never javascript: or data:.
        for field, url in (("URL", source.URL), ("archive_url", source.archive_url)):
            if url is None:
                continue
            unsafe = _NOT_IN_URL.search(url)
            # The common case told without urlsplit (thousands of sources): https, then a host.
            if not unsafe and url[:8].lower() == "https://" and url[8:9] not in {"", "/", "?", "#"} and "[" not in url and "]" not in url:
                continue
            try:
                parts = urlsplit(url)
            except ValueError:  # an unbalanced '[' or ']' in the host
                parts = None
            if unsafe:
                self.error(rel, line(field), f"{where}.{field}", f"{url!r} contains spaces, quotes or angle brackets", "expected one web address (write a space as %20)")
            elif parts and parts.scheme.lower() == "http" and parts.netloc:
                self.warning(rel, line(field), f"{where}.{field}", f"source '{source.id}' uses http", "expected an https address", "try the same address with https://")
            elif not parts or parts.scheme.lower() != "https" or not parts.netloc:
                self.error(rel, line(field), f"{where}.{field}", f"{url!r} is not a web address", "expected an https:// URL")

    # -- briefs -------------------------------------------------------------------------------

    def check_brief_file(self, path: Path) -> tuple[Brief | None, BriefFacts | None]:
        """Everything about one brief that depends on that file alone (and on today's date): its
        problems, added to the report, and its facts for the rules across files. Without need
        for the corpus, an unchanged file's outcome comes from the cache and no Brief is made."""
        ahead = self.ahead.sent(path)
        if ahead is None:
            return self.check_brief(path, *self.content_and_key(path), None)
        # The worker read the file: its key stands for the bytes, which only a build needs here
        # (to make the Brief).
        return self.check_brief(path, self.content(path) if self.need_corpus else None, ahead.key, ahead)

    def content_and_key(self, path: Path) -> tuple[bytes, str]:
        """The brief's bytes and results key (found already if the run read it ahead)."""
        content = self.content(path)
        return content, self.result_keys.pop(path, None) or self.result_key(path, content)

    def check_brief(self, path: Path, content: bytes | None, key: str, ahead: _CheckedAhead | None) -> tuple[Brief | None, BriefFacts | None]:
        """check_brief_file, given the file's bytes (None: read when needed) and results key."""
        made: list[Brief] = []
        if ahead is not None and ahead.meta is not None:  # its file is a brief with a valid front matter
            made.append(self.brief(path, ahead.meta, split_brief(content.decode("utf-8"))))

        def check() -> list:
            brief, facts = self.load_brief(path, content if content is not None else self.content(path))
            if brief is not None:
                made.append(brief)
            # A brief that failed to load, or whose id differs from its file name, is unloaded
            # under the file's name.
            return [facts.__dict__ if facts else None, brief is None or brief.id != path.stem]

        facts, unloaded = self.remembered(key, check, ahead)
        if unloaded:  # links to the file's name are not reported as unknown (see unloaded_ids)
            self.unloaded_ids.add(path.stem)
        return (made[0] if made else None), (BriefFacts(**facts) if facts else None)

    def load_brief(self, path: Path, content: bytes) -> tuple[Brief | None, BriefFacts | None]:
        """The brief and its facts, its own problems reported. A brief whose front matter fails
        has no Brief, but what does not depend on the failed part is checked all the same: its
        body, and if the YAML reads, the rules within the brief and the references it makes (for
        the rules across files) on the values the schema did not fault. Each mistake is reported
        in the first run, not once those before it are fixed."""
        rel = self.rel(path)
        text = self.read_text(path, MAX_BRIEF_BYTES, content)
        if text is None:
            return None, None
        split = split_brief(text)
        if split == "missing":
            self.error(rel, 1, "front matter", "is missing", "expected the file to start with a '---' line, then the fields, then '---'")
            return None, None
        if split == "not closed":
            self.error(rel, 1, "front matter", "is not closed", "expected a '---' line after the last field")
            return None, None
        doc = self.cache.parse(split.yaml, rel, 2)
        self.problems += doc.problems
        meta, front = None, None  # front: a front matter that failed the schema
        if not doc.problems and not isinstance(doc.data, dict):
            self.error(rel, 2, "front matter", f"expected fields (name: value), got {describe(doc.data)}")
        elif not doc.problems:
            # No 'TODO' in the file, no placeholder (a backslash could spell one in a quoted string).
            if PLACEHOLDER in text or "\\" in text:
                self.problems += placeholder_problems(rel, doc, split.body.split("\n"), split.body_line)
            meta, problems = validate_model(BriefMeta, doc.data, doc, rel)
            self.problems += problems
            if meta is None:
                front = FaultedFrontMatter(doc.data, {problem.field for problem in problems})
        if meta is None:
            if front is not None:
                self.brief_rules(rel, BriefFields.of_unvalidated(front), doc, path)
            found_in_body = tuple(scan_body(split.body, split.body_line))
            self.body_rules(rel, split, found_in_body)
            return None, BriefFacts.of_unvalidated(path.stem, rel, front, found_in_body)
        brief = self.brief(path, meta, split)
        self.brief_rules(rel, BriefFields.of(meta), doc, path)
        self.body_rules(rel, split, brief.found_in_body)
        return brief, BriefFacts.of(brief)

    def brief(self, path: Path, meta: BriefMeta, split: SplitBrief) -> Brief:
        """The Brief of a file whose front matter is valid."""
        return Brief(meta.id or path.stem, self.rel(path), meta, split.body, split.body_line)

    def brief_rules(self, rel: str, meta: BriefFields, doc: PositionedYaml, path: Path) -> None:
        """Rules within one brief: its dates, its place in the tree. A rule on a value not known
        (None: see BriefFields) does not apply."""
        line = doc.line_of
        if meta.id is not None and meta.id != path.stem:
            self.error(rel, line(("id",)), "id", f"'{meta.id}' does not match the file name '{path.name}'", f"expected id '{path.stem}' or the file renamed to {meta.id}.md")
            # Other briefs may link to it by either name: only this error, no follow-on ones.
            self.unloaded_ids.add(path.stem)
        elif not re.match(SLUG_PATTERN, path.stem):
            self.error(rel, 1, "file", f"the name '{path.name}' is not a valid brief id", "expected lower-case letters, digits and single hyphens, e.g. new-start.md")
        if meta.updated and meta.published and meta.updated < meta.published:
            self.error(rel, line(("updated",)), "updated", f"{meta.updated} is before published ({meta.published})", "expected a date on or after published")
        last = meta.updated or meta.published
        if meta.as_of and last and meta.as_of > last:
            self.error(rel, line(("as_of",)), "as_of", f"{meta.as_of} is after the brief's last change ({last})", "expected the date the analysis reflects, not later than updated/published")
        if meta.review_by and meta.published and meta.review_by <= meta.published:
            self.error(rel, line(("review_by",)), "review_by", f"{meta.review_by} is not after published ({meta.published})", "expected a future review date")
        if meta.status not in {"draft", None} and meta.published and meta.published > self.today:
            self.error(rel, line(("published",)), "published", f"{meta.published} is in the future (today is {self.today})", "expected today's date or earlier", "keep status: draft until it is published")
        for index, (date, end) in enumerate(meta.events):
            if end and date and end < date:
                self.error(rel, line(("timeline", index, "end")), f"timeline[{index + 1}].end", f"{end} is before the start {date}", "expected an end on or after date")
        tags_seen = set()
        for index, tag in enumerate(meta.tags):
            if tag is not None and tag in tags_seen:
                self.warning(rel, line(("tags", index)), "tags", f"'{tag}' is listed twice", "remove one")
            tags_seen.add(tag)

    def cross_rules(self, facts: list[BriefFacts], themes: dict[str, ThemeMeta], sources: dict[str, SourceMeta], tags: dict[str, str]) -> set[str]:
        """Rules across files. Returns the source keys that are cited anywhere."""
        cited: set[str] = set()
        first_seen: dict[str, BriefFacts] = {}
        for brief in facts:
            if brief.id in first_seen:
                other = first_seen[brief.id]
                self.error(brief.path, self.line_at(brief.path, ["id"]), "id", f"duplicate id '{brief.id}'", f"already used by {other.path}", "ids must be unique across the corpus")
            elif brief.id is not None:  # None: not known (see BriefFacts)
                first_seen[brief.id] = brief
            cited.update(*brief.source_lists())
        cited.discard(None)  # a value the schema faulted (see BriefFacts.of_unvalidated)
        # Compared with the registry once for the whole corpus: a brief's own keys are looked at
        # again only if it may cite one of these (key by key, this was a fifth of these rules).
        unknown_sources = cited.difference(sources)
        ids = set(first_seen) | self.unloaded_ids
        for brief in facts:
            rel = brief.path
            known = functools.partial(self.known, rel)
            theme = brief.theme
            if known(theme, themes, ["theme"], "theme"):
                folder = posixpath.basename(posixpath.dirname(rel))  # as Path(rel).parent.name, a fifth of the time
                if folder != theme:
                    self.error(rel, self.line_at(rel, ["theme"]), "theme", f"'{theme}' does not match the folder '{folder}'", f"expected the file in briefs/{theme}/ or theme: {folder}")
            for i, value in enumerate(brief.secondary_themes):
                at = ["secondary_themes", i]
                if known(value, themes, at, "theme") and value == theme:
                    self.error(rel, self.line_at(rel, at), field_of(at), f"'{value}' is already the primary theme", "remove it from secondary_themes")
            for i, value in enumerate(brief.tags):
                known(value, tags, ["tags", i], "tag")
            for i, value in enumerate(brief.related):
                at = ["related", i]
                if value == brief.id:
                    self.error(rel, self.line_at(rel, at), field_of(at), "a brief cannot be related to itself", "remove it")
                else:
                    known(value, ids, at, "brief id")
            if unknown_sources and not unknown_sources.isdisjoint(set().union(*brief.source_lists())):
                for key, at in brief.source_places():
                    if key in unknown_sources and not self.unverifiable("source", key):
                        self.error(rel, self.line_at(rel, at), field_of(at), f"unknown source '{key}'", "expected a source id defined in briefs/sources.yml", did_you_mean(key, sources))
            for target, at in brief.links:
                if target not in ids:
                    self.error(rel, at, "body", f"link to unknown brief '{target}'", "expected [[brief-id]] or [[brief-id|text]] with an existing id", did_you_mean(target, ids))
        self.timeline_rules(facts)
        return cited

    def timeline_rules(self, facts: list[BriefFacts]) -> None:
        """The site's timeline shows an event once however many briefs record it, merged on its
        shared id, or else on its date and title. So an id must carry the same dates wherever it
        is used (the timeline would show only the first); and two events of different briefs on
        the same date with a source in common are most likely one event written two ways, which
        the timeline would show twice. Events given different ids are different events."""
        first_with_id: dict[str, tuple[str, int, str, str | None]] = {}
        # (date, source) -> the events so far on that day citing that source: compared with
        # each other only, so that a day many briefs mark (24 February 2022) costs no more.
        on_day_citing: dict[tuple[str, str], list[tuple[BriefFacts, int]]] = {}
        for brief in facts:
            for i, (title, event_id, date, end) in enumerate(brief.events):
                if date is None:  # not known: its problem is reported already
                    continue
                if event_id is not None:
                    path, j, first_date, first_end = first_with_id.setdefault(event_id, (brief.path, i, date, end))
                    if (date, end) != (first_date, first_end):
                        at = ["timeline", i, "date"]
                        self.error(
                            brief.path, self.line_at(brief.path, at), field_of(at),
                            f"event '{event_id}' is dated {_span(date, end)} here but {_span(first_date, first_end)} in {path} (line {self.line_at(path, ['timeline', j, 'date'])})",
                            "expected the same date and end wherever an event id is used",
                            "correct one of them, or give different events different ids",
                        )
                if title is None and event_id is None:  # no merge key (date is known here)
                    continue
                warned = False
                for source in dict.fromkeys(brief.event_sources[i]):
                    if source is None:
                        continue
                    earlier = on_day_citing.setdefault((date, source), [])
                    for other, j in earlier if not warned else ():
                        other_title, other_id, other_date, _ = other.events[j]
                        if other.path == brief.path or (event_id and other_id):
                            continue
                        if merge_key(event_id, date, title) == merge_key(other_id, other_date, other_title):
                            continue
                        at = ["timeline", i]
                        add = f"add id: {other_id} here" if other_id else f"add id: {event_id} to that event" if event_id else "give both the same id"
                        self.warning(
                            brief.path, self.line_at(brief.path, at), field_of(at),
                            f"may be the event that {other.path} records on line {self.line_at(other.path, ['timeline', j])} (same date, {date}, and source '{source}'), which the timeline would then show twice",
                            "expected one event id shared by both",
                            f"if it is the same event, {add}; if not, give the two events different ids",
                        )
                        warned = True
                        break
                    earlier.append((brief, i))

    def known(self, rel: str, value: str | None, choices, at: Where, what: str) -> bool:
        """Whether `value` is one of `choices` (or cannot be checked); if not, reports it,
        unless it is None: a value not known (see BriefFacts), whose problem is reported already."""
        if value is None:
            return False
        if value in choices or self.unverifiable(what, value):
            return True
        expected = one_of(choices) if 0 < len(choices) <= 12 else f"expected a {what} defined in {_REGISTRY_OF[what]}"
        self.error(rel, self.line_at(rel, at), field_of(at), f"unknown {what} '{value}'", expected, did_you_mean(value, choices))
        return False

    def body_rules(self, rel: str, split: SplitBrief, found_in_body: tuple) -> None:
        """Rules on the body that need no other file, nor the front matter: its HTML and its
        citations (`found_in_body`: scan_body's findings)."""
        for at, message, expected in unsafe_html(split.body, split.body_line):
            self.error(rel, at, "body", message, expected, "see docs/allowed-html.md")
        for found in found_in_body:
            if isinstance(found, MalformedCitation):
                self.error(rel, found.line, "body", f"malformed citation '{found.text}': {found.reason}", "expected [@key], [@key, locator] or [@a; @b]")
        self.section_rules(rel, split, found_in_body)

    def unverifiable(self, kind: str, value: str) -> bool:
        """True when `value` cannot be checked because its registry, or its own entry there,
        failed to load: that problem is reported already, and one broken registry must not
        bury the report under follow-on 'unknown' errors from every brief."""
        return kind in self.unreadable_registries or value in self.unloaded_entries.get(kind, ())

    def section_rules(self, rel: str, split: SplitBrief, found_in_body: tuple) -> None:
        """Every `##` section of the body carries at least one citation."""
        # The body's citations are scanned once per brief (scan_body); a section holds
        # one when a citation starts on a line between its heading and the next.
        cited_lines = [f.line for f in found_in_body if isinstance(f, Citation)]  # in order
        headings = list(section_headings(split.body))
        starts, line, counted_to = [], split.body_line, 0
        for heading in headings:  # each heading's line, counted on from the one before
            line += split.body.count("\n", counted_to, heading.start())
            counted_to = heading.start()
            starts.append(line)
        for index, heading in enumerate(headings):
            at = starts[index]
            until = starts[index + 1] if index + 1 < len(headings) else float("inf")
            first_after = bisect.bisect_right(cited_lines, at)
            if first_after < len(cited_lines) and cited_lines[first_after] < until:
                continue
            end = headings[index + 1].start() if index + 1 < len(headings) else len(split.body)
            # A section still holding a template placeholder is reported as unfinished already.
            if not _holds_placeholder(split.body[heading.end() : end]):
                self.warning(rel, at, "body", f"section '{heading.group(2)}' cites no source", "expected at least one [@key] in every section")

    # -- the whole run ------------------------------------------------------------------------

    def start_checking_ahead(self, briefs: list[Path]) -> None:
        """Work ahead in a forked worker, from the last brief back, while the run checks the
        registries and then the briefs from the first (the machine has two cores; a check is all
        Python). The run takes a brief's outcome from the worker when it has sent it and does
        the work itself otherwise, so the two meet where their speeds put them, never at a
        guessed split, and with all the run's work on one side or the other of that point.

        `briefing check` has the worker check whole briefs, those it does not remember, and gets
        back their results entries; a build has it check the briefs whose YAML it does not
        remember, and gets back their results entries and front matter (to make each Brief
        with). The registries stay here: the run needs their entries as objects, and a parsed
        sources.yml (1.7 MB at 1,000 briefs) sent back through the pipe could hold the worker up
        for the whole run, the pipe full while the thread reading it waited for the interpreter
        (in 4 runs of 11 at 1,000 briefs the worker sent one file)."""
        store = self.cache.yaml if self.need_corpus else self.cache.results
        if not store.stored:
            # Nothing remembered (a first check, or the cache off): every brief is to be
            # checked, and the worker starts at once and reads its own. Reading and hashing them
            # all here first was a twentieth of a check from scratch, on one core.
            todo, size = briefs, sum(path.stat().st_size for path in briefs)
        else:
            todo, size = [], 0
            for path in briefs:
                content = self.read_ahead[path] = read_file(path)
                if self.need_corpus:
                    document = self.yaml_document(path, content)
                    if document is None or self.cache.yaml.get(self.cache.yaml_key(*document)) is not None:
                        continue  # nothing to parse: checking it here costs little
                    size += len(document[0])
                else:
                    key = self.result_keys[path] = self.result_key(path, content)
                    if self.cache.results.get(key) is not None:
                        continue
                    size += len(content)
                todo.append(path)
        if size >= CHECK_AHEAD_BYTES:
            self.ahead = ForkedWorker({path: functools.partial(self.checked_in_worker, path) for path in reversed(todo)})

    def yaml_document(self, path: Path, content: bytes) -> tuple[str, str, int] | None:
        """The YAML the run will parse in the file, as CheckCache.parse takes it: (text, source
        path, first line); None if the file has none. The run may refuse the file before it
        parses it (an encoding problem, say): the document is then never asked for."""
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if path.suffix != ".md":
            return text, self.rel(path), 1
        split = split_brief(text)
        return (split.yaml, self.rel(path), 2) if isinstance(split, SplitBrief) else None

    def checked_in_worker(self, path: Path) -> _CheckedAhead:
        """In the worker: check_brief_file, and the cache entries it found or made; for a build,
        the brief's validated front matter. Not the Brief: unpickling one takes 0.45 ms, its
        front matter 0.29 ms, and the rest (the body's citations) the page worker scans when it
        makes the page."""
        yaml_before, results_before = len(self.cache.yaml.used), len(self.cache.results.used)
        content, key = self.content_and_key(path)
        brief, _ = self.check_brief(path, content, key, None)
        meta = brief.meta if self.need_corpus and brief is not None else None
        return _CheckedAhead(key, self.cache.yaml.since(yaml_before), self.cache.results.since(results_before), meta)

    def run(self) -> CheckResult:
        briefs_dir = self.root / "briefs"
        brief_paths = sorted(briefs_dir.glob("*/*.md"))
        # The registries first (no rule within a brief needs them, nor they a brief), while a
        # worker checks briefs from the last one back (see start_checking_ahead).
        self.start_checking_ahead(brief_paths)
        theme_entries = self.registry(briefs_dir / "themes.yml", "theme", lambda path: self.registry_list(path, ThemeMeta, "themes", "theme"))
        source_entries = self.registry(briefs_dir / "sources.yml", "source", self.load_sources)
        tag_entries = self.registry(briefs_dir / "tags.yml", "tag", lambda path: list(self.load_tags(path).items()))
        briefs, facts = [], []
        for path in sorted(briefs_dir.glob("*.md")):
            self.files_checked += 1
            self.error(self.rel(path), 1, "file", "is not in a theme folder", "expected briefs/<theme>/<id>.md")
        for path in brief_paths:
            brief, brief_facts = self.check_brief_file(path)
            # A check without need for the corpus lets each Brief go at once: memory is reused
            # brief after brief (at 1,000 briefs, 17,700 page faults instead of 22,800, and a
            # tenth less time on one core).
            if brief is not None and self.need_corpus:
                briefs.append(brief)
            if brief_facts is not None:
                facts.append(brief_facts)

        # Without the corpus, ids stand for the entries: the rules across files ask only for ids.
        themes = {entry_id(e): e for e, _ in theme_entries}
        sources = {entry_id(e): e for e, _ in source_entries}
        tags = dict(tag_entries)

        cited = self.cross_rules(facts, themes, sources, tags)
        # A brief that failed to load cites sources we cannot see: no unused-source warnings then.
        for source, index in source_entries if not self.unloaded_ids else []:
            source_id = entry_id(source)
            if source_id not in cited:
                self.warning("briefs/sources.yml", self.line_at("briefs/sources.yml", [index, "id"]), "id", f"source '{source_id}' is not cited by any brief", "cite it or remove it")

        has_errors = any(p.is_error for p in self.problems)
        corpus = None
        if not has_errors and self.need_corpus:
            corpus = Corpus(tuple(themes.values()), dict(sources), dict(tags), tuple(sorted(briefs, key=lambda b: b.id)))
        return CheckResult(corpus, self.problems, self.files_checked)


# -- raw HTML in a brief's body ------------------------------------------------------------------
#
# Python-Markdown passes raw HTML through untouched, and `attr_list` lets `{: onclick="…" }` put
# any attribute on any element, so a brief could smuggle a script into the site. We audit what the
# browser would actually receive: the body rendered by Python-Markdown with the extensions of
# mkdocs.yml, read back with the standard HTML parser. Scanning the Markdown source instead would
# be fooled by code spans inside raw HTML blocks (Markdown does not treat them as code there).
# Everything not on the allow-list below is an error; docs/allowed-html.md documents the list.

# The tags a brief may contain: those Markdown writes itself, and a few for raw HTML.
MARKDOWN_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "img", "em", "strong", "code",
    "pre", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "div",
}
RAW_HTML_TAGS = {"abbr", "br", "div", "kbd", "mark", "small", "span", "sub", "sup"}
# Attributes any allowed tag may carry, and those only some may carry.
COMMON_ATTRIBUTES = {"class", "id", "lang", "title"}
TAG_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "ol": {"start"}, "th": {"style"}, "td": {"style"}}
# The tables extension aligns columns with `style="text-align: …;"`; no other style is allowed.
_CELL_STYLE = re.compile(r"text-align: (left|right|center);")
SAFE_URL_SCHEMES = ("https", "http", "mailto")
_URL_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# mkdocs.yml's extensions, and fenced_code, which MkDocs always adds.
_MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "fenced_code"]


class _HtmlAudit(HTMLParser):
    """Collects (what to look for in the source, message, expected) for every unsafe construct."""

    def __init__(self) -> None:
        # Character references stay unconverted in text, so a literal '<' in the data can only
        # be the start of a tag the parser could not finish (Markdown writes '&lt;' for text).
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[str, str, str]] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MARKDOWN_TAGS | RAW_HTML_TAGS:
            allowed = ", ".join(sorted(RAW_HTML_TAGS))
            self.found.append((f"<{tag}", f"HTML tag <{tag}> is not allowed", f"expected Markdown, or one of the tags {allowed}"))
            self.in_script = tag in {"script", "style"}
            return
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append((name, f"event-handler attribute '{name}' on <{tag}> is not allowed", "expected no scripts in a brief"))
            elif name not in COMMON_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set()):
                self.found.append((name, f"attribute '{name}' on <{tag}> is not allowed", "expected only " + ", ".join(sorted(COMMON_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set())))))
            elif name == "style" and not _CELL_STYLE.fullmatch(value):
                self.found.append((name, f"attribute 'style' on <{tag}> is not allowed", "expected Markdown table alignment only"))
            elif name in {"href", "src"}:
                # Browsers ignore spaces and control characters in a scheme: 'java\tscript:'.
                scheme = _URL_SCHEME.match(re.sub(r"[\x00-\x20]", "", value).lower())
                if scheme and scheme.group(1) not in SAFE_URL_SCHEMES:
                    self.found.append((f"{scheme.group(1)}:", f"link to a '{scheme.group(1)}:' URL is not allowed", "expected an https:, http: or mailto: address, or a relative link"))

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if "<" in data and not self.in_script:
            self.found.append(("<", "unfinished HTML tag", "expected '>' to close it, or '&lt;' for a literal '<'"))

    def handle_comment(self, data: str) -> None:
        # Browsers end '<!-->' at once, the parser does not: what it reads as a comment could
        # hide a tag. A plain comment holds no '<' or '>'.
        if "<" in data or ">" in data:
            self.found.append(("<!--", "HTML comment with '<' or '>' inside is not allowed", "expected <!-- plain text -->"))

    def unknown_decl(self, data: str) -> None:
        self.found.append(("<!", f"HTML declaration <!{data[:20]}> is not allowed", "expected Markdown"))

    handle_decl = unknown_decl

    def handle_pi(self, data: str) -> None:
        self.found.append(("<?", f"processing instruction <?{data[:20]}> is not allowed", "expected Markdown"))


# Rendering every body with Markdown was half the time of `briefing check`. Markdown produces
# raw HTML, attributes or a non-web link only from '<' (tags, autolinks), '{' (attr_list), '&'
# (entities that could spell a scheme) or a link target with a scheme other than http(s); a body
# with none of these cannot hold anything unsafe, so it is not rendered.
_MAY_HOLD_HTML = re.compile(
    r"[<{&]|\]\(\s*(?!https?://|#|/|\.)[^)\s]*:|^\s*\[[^\]]*\]:\s*(?!https?://|#|/|\.)\S*:",
    re.MULTILINE | re.IGNORECASE,
)


_LINK_TARGET = re.compile(r"\][(:]")


def _may_hold_html(body: str) -> bool:
    """_MAY_HOLD_HTML.search(body), with cheaper tests first: they settle most bodies, and the
    pattern's link alternatives cannot match without a "](" or a "]:" (one pattern for both is
    half the time of looking for each)."""
    if any(c in body for c in "<{&"):
        return True
    return _LINK_TARGET.search(body) is not None and bool(_MAY_HOLD_HTML.search(body))


def unsafe_html(body: str, first_line: int) -> list[tuple[int, str, str]]:
    """(line, message, expected) for every tag, attribute or link in `body` that is not allowed.

    The line is where the offending text first appears in the source after the previous finding
    of the same text (the rendered HTML has no lines of its own); the body's first line if the
    source spells it differently (an entity-encoded scheme, say)."""
    if not _may_hold_html(body):
        return []
    # Imported here: no brief of the real corpus needs it, and `briefing check` starts 20 ms
    # sooner without it (of about 0.4 s, most of it pydantic building the schema).
    import markdown

    audit = _HtmlAudit()
    audit.feed(markdown.markdown(body, extensions=_MARKDOWN_EXTENSIONS))
    audit.close()
    problems, searched_from = [], {}
    lowered = body.lower()
    for needle, message, expected in audit.found:
        at = lowered.find(needle.lower(), searched_from.get(needle, 0))
        searched_from[needle] = at + 1 if at != -1 else len(body)
        line = first_line + body.count("\n", 0, at) if at != -1 else first_line
        problems.append((line, message, expected))
    return problems
