"""Located problems and the report that collects them.

Every mistake a contributor can make ends up as one `Problem`: the file, the line (and column
where YAML gives one), the field, what was wrong, what was expected and a hint. The whole corpus
is checked in one pass and the problems are reported together, errors and warnings apart.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "error"
    """Stops every build: nothing is rendered from a corpus with errors."""
    WARNING = "warning"
    """Reported by `briefing check`; fails the strict production build."""


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    expected: str = ""
    hint: str = ""
    severity: Severity = Severity.ERROR
    column: int | None = None

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")
        label = "warning: " if self.severity is Severity.WARNING else ""
        text = f"{place}: {label}{self.field}: {self.message}"
        if self.expected:
            text += f" — {self.expected}"
        if self.hint:
            text += f" ({self.hint})"
        # One problem, one line: a field name or value quoted in a message may hold a line break.
        return text.replace("\r", "\\r").replace("\n", "\\n")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A tentative suggestion for a near miss, or "" when nothing is close."""
    choices = list(choices)
    by_case = [c for c in choices if c.lower() == value.lower()]
    if by_case:
        return f"did you mean '{by_case[0]}'?"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not close and len(value) >= 3:
        # A shortened name ('arms' for 'arms-control') is a near miss too.
        close = sorted(c for c in choices if c.startswith(value.lower()))[:1]
    return f"did you mean '{close[0]}'?" if close else ""


def one_of(choices: Iterable[str]) -> str:
    return "expected one of: " + ", ".join(sorted(choices))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary_line(problems: list[Problem], files_checked: int) -> str:
    """The count that closes every report."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    checked = plural(files_checked, "file")
    if not problems:
        return f"{checked} checked: no problems."
    return f"{checked} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}."


def format_report(problems: list[Problem], files_checked: int) -> str:
    lines = [str(p) for p in sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message))]
    lines.append(summary_line(problems, files_checked))
    return "\n".join(lines)
