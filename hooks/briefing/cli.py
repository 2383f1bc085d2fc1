"""The contributor's command line: `briefing check [PATH…]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import Problem, format_report
from .site import build_date
from .validate import check_corpus


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds mkdocs.yml and briefs/."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "briefs").is_dir():
            return folder
    return None


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command, shown inline on the pull request."""
    level = "error" if problem.is_error else "warning"
    column = f",col={problem.column}" if problem.column else ""
    message = str(problem).split(": ", 1)[1].replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={problem.path},line={problem.line}{column}::{message}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description="Check and build policy briefs.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate briefs and registries; report every problem")
    check.add_argument("paths", nargs="*", type=Path, help="only report problems in these files or folders")
    check.add_argument("--format", choices=["text", "github"], default="text")
    check.add_argument("--root", type=Path, help="repository root (default: found from the current folder)")
    args = parser.parse_args(argv)

    root = (args.root or find_root(Path.cwd().resolve()))
    if root is None or not (root / "briefs").is_dir():
        parser.error("no briefs/ folder found here or above; run inside the repository or pass --root")
    root = root.resolve()
    wanted = []
    for path in args.paths:
        resolved = path.resolve()
        if not resolved.exists():
            parser.error(f"{path}: no such file or folder")
        try:
            wanted.append(resolved.relative_to(root).as_posix())
        except ValueError:
            parser.error(f"{path}: is outside the repository at {root}")

    result = check_corpus(root, build_date())
    problems = [
        p for p in result.problems
        if not wanted or any(p.path == w or p.path.startswith(w.rstrip("/") + "/") or w in {".", ""} for w in wanted)
    ]
    if args.format == "github":
        for problem in sorted(problems, key=lambda p: (p.path, p.line)):
            print(github_annotation(problem))

        print(format_report(problems, result.files_checked).splitlines()[-1])
    else:
        print(format_report(problems, result.files_checked))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
