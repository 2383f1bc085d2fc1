"""Pandoc-style citations and brief links in a brief's body.

    [@shea-2021]              one source
    [@shea-2021, para. 12]    with a locator
    [@a; @b, p. 3]            several sources
    [[new-start]]             a link to another brief by id
    [[new-start|the treaty]]  ... with its own link text

`scan_body` finds them (outside code) with their lines; `rewrite_body` replaces each by its
rendering. Anything that starts like a citation but is not one (`[@`, `[@ key]`) is reported
as malformed rather than left in the page as stray brackets.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

KEY = r"[A-Za-z0-9][A-Za-z0-9_.:-]*"
_ITEM = re.compile(rf"^@(?P<key>{KEY})(?:\s*,\s*(?P<locator>[^;\]]+?))?\s*$")
# Where a citation starts; for a plain [@key], the key.
_CITATION_START = re.compile(rf"\[@(?:({KEY})\])?")
_BRIEF_LINK = re.compile(r"\[\[(?P<target>[^\]|]*)(?:\|(?P<text>[^\]]*))?\]\]")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")
_OFFSET = operator.itemgetter(0)


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made it three
# times as slow to make, and a check from scratch makes tens of thousands.
@dataclass(slots=True)
class CitedItem:
    key: str
    locator: str = ""


@dataclass(slots=True)
class Citation:
    """One bracketed citation: `[@a; @b, p. 3]`."""

    items: tuple[CitedItem, ...]
    line: int
    text: str


@dataclass(slots=True)
class MalformedCitation:
    text: str
    line: int
    reason: str


@dataclass(slots=True)
class BriefLink:
    target: str
    label: str
    line: int
    text: str


Found = Citation | MalformedCitation | BriefLink


def _prose_segments(body: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of the parts of `body` that are not code blocks or code spans."""
    # No fence: no need to look at every line. (A one-character test first: it is a memchr, and
    # looking for "```" in a brief's body took ten times as long.)
    if ("`" not in body and "~" not in body) or ("```" not in body and "~~~" not in body):
        yield from _outside_spans(body, 0)
        return
    offset, in_fence, fence = 0, False, ""
    prose_start = 0
    for line in body.splitlines(keepends=True):
        match = _FENCE.match(line)
        if match and not in_fence:
            yield from _outside_spans(body[prose_start:offset], prose_start)
            in_fence, fence = True, match.group(1)[0] * len(match.group(1))
        elif in_fence and line.strip().startswith(fence):
            in_fence = False
            prose_start = offset + len(line)
        offset += len(line)
    if not in_fence:
        yield from _outside_spans(body[prose_start:], prose_start)


def _outside_spans(text: str, base: int) -> Iterator[tuple[int, str]]:
    if "`" not in text:  # no code span can start: spare the pattern its scan of the whole text
        yield base, text
        return
    position = 0
    for span in _CODE_SPAN.finditer(text):
        yield base + position, text[position : span.start()]
        position = span.end()
    yield base + position, text[position:]


def _parse_citation(text: str) -> tuple[CitedItem, ...] | str:
    """The items of `[@...]`, or the reason it is malformed."""
    inner = " ".join(text[1:-1].split())
    items = []
    for part in inner.split(";"):
        part = part.strip()
        if part.startswith("@ ") or part == "@":
            return "no space is allowed between '@' and the source key"
        match = _ITEM.match(part)
        if not match:
            return "each item must be '@key' or '@key, locator', separated by ';'"
        items.append(CitedItem(match["key"], (match["locator"] or "").strip()))
    return tuple(items)


def scan_body(body: str, first_line: int = 1) -> list[Found]:
    """Every citation, malformed citation and brief link in `body`, in order."""
    citations: list[tuple[int, Found]] = []  # (offset, what was found), in order
    links: list[tuple[int, Found]] = []
    counted_to, base_line = 0, first_line  # lines are counted on from the last place counted
    for base, text in _prose_segments(body):
        base_line += body.count("\n", counted_to, base)
        counted_to = base
        at, line = 0, base_line
        for match in _CITATION_START.finditer(text):
            start = match.start()
            line += text.count("\n", at, start)
            at = start
            if match.group(1) is not None:  # [@key], most citations: no need to parse
                citations.append((base + start, Citation((CitedItem(match.group(1)),), line, match.group())))
                continue
            # A citation may wrap onto the next line, but not past the end of its paragraph.
            end = text.find("]", start)
            if end == -1 or text.find("\n\n", start, end) != -1:
                stop = text.find("\n", start)
                snippet = text[start : stop if stop != -1 else len(text)][:40]
                citations.append((base + start, MalformedCitation(snippet, line, "the citation is not closed with ']'")))
                continue
            raw = text[start : end + 1]
            parsed = _parse_citation(raw)
            found = MalformedCitation(raw, line, parsed) if isinstance(parsed, str) else Citation(parsed, line, raw)
            citations.append((base + start, found))
        at, line = 0, base_line
        for match in _BRIEF_LINK.finditer(text):
            start = match.start()
            line += text.count("\n", at, start)
            at = start
            links.append((base + start, BriefLink(match["target"].strip(), (match["text"] or "").strip(), line, match.group(0))))
    if citations and links:
        found = citations + links
        found.sort(key=_OFFSET)
    else:
        found = citations or links
    return [item for _, item in found]


def rewrite_body(body: str, render: Callable[[Found], str], found: Sequence[Found] | None = None) -> str:
    """`body` with every citation and brief link replaced by `render(found)`; `found` is what
    scan_body(body) gives, when the caller has it already."""
    pieces: list[str] = []
    position = 0
    items = iter(scan_body(body) if found is None else found)
    pending = next(items, None)
    for base, text in _prose_segments(body):
        segment_end = base + len(text)
        while pending is not None:
            start = body.find(pending.text, max(position, base), segment_end)
            if start == -1:
                break
            pieces.append(body[position:start])
            pieces.append(render(pending))
            position = start + len(pending.text)
            pending = next(items, None)
    pieces.append(body[position:])
    return "".join(pieces)
