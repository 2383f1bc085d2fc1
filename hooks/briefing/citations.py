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

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

KEY = r"[A-Za-z0-9][A-Za-z0-9_.:-]*"
_ITEM = re.compile(rf"^@(?P<key>{KEY})(?:\s*,\s*(?P<locator>[^;\]]+?))?\s*$")
_CITATION_START = re.compile(r"\[@")
_BRIEF_LINK = re.compile(r"\[\[(?P<target>[^\]|]*)(?:\|(?P<text>[^\]]*))?\]\]")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?(?<!`)\1(?!`)")


@dataclass(frozen=True)
class CitedItem:
    key: str
    locator: str = ""


@dataclass(frozen=True)
class Citation:
    """One bracketed citation: `[@a; @b, p. 3]`."""

    items: tuple[CitedItem, ...]
    line: int
    text: str


@dataclass(frozen=True)
class MalformedCitation:
    text: str
    line: int
    reason: str


@dataclass(frozen=True)
class BriefLink:
    target: str
    label: str
    line: int
    text: str


Found = Citation | MalformedCitation | BriefLink


def _prose_segments(body: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of the parts of `body` that are not code blocks or code spans."""
    if "```" not in body and "~~~" not in body:  # no fence: no need to look at every line
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
    found: list[tuple[int, Found]] = []
    counted = [0, first_line]  # the last offset asked for, and its line

    def line_at(offset: int) -> int:
        # Counted on from the last offset: the offsets come in order (citations, then links).
        start, line = counted if offset >= counted[0] else (0, first_line)
        counted[:] = offset, line + body.count("\n", start, offset)
        return counted[1]

    for base, text in _prose_segments(body):
        for match in _CITATION_START.finditer(text):
            start = match.start()
            # A citation may wrap onto the next line, but not past the end of its paragraph.
            end = text.find("]", start)
            paragraph_end = text.find("\n\n", start)
            offset = base + start
            if end == -1 or (paragraph_end != -1 and paragraph_end < end):
                stop = text.find("\n", start)
                snippet = text[start : stop if stop != -1 else len(text)][:40]
                found.append((offset, MalformedCitation(snippet, line_at(offset), "the citation is not closed with ']'")))
                continue
            raw = text[start : end + 1]
            parsed = _parse_citation(raw)
            if isinstance(parsed, str):
                found.append((offset, MalformedCitation(raw, line_at(offset), parsed)))
            else:
                found.append((offset, Citation(parsed, line_at(offset), raw)))
        for match in _BRIEF_LINK.finditer(text):
            offset = base + match.start()
            found.append(
                (offset, BriefLink(match["target"].strip(), (match["text"] or "").strip(), line_at(offset), match.group(0)))
            )
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


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
