"""The contributor's command line.

    briefing new [--theme THEME] [--title TITLE] [--id ID]   scaffold a brief from the template
    briefing check [PATH…] [--format text|github]            report every problem, located
    briefing schema                                          regenerate the JSON Schema and field reference

Exit status: 0 clean (or done), 1 problems (or refused), 2 usage error — argparse's own code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .dates import build_date
from .fieldref import GUIDE_PATH, SCHEMA_PATH, schema_text, write_generated
from .model import SLUG_PATTERN, BriefMeta
from .problems import Problem, did_you_mean, format_report, one_of, summary_line
from .scaffold import brief_template, slugify
from .check_cache import CheckCache
from .validate import check_corpus
from .yamlpos import parse_yaml

USAGE_ERROR = 2


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds mkdocs.yml and briefs/."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "briefs").is_dir():
            return folder
    return None


def _escape(text: str) -> str:
    """Workflow-command data escaping, as GitHub's @actions/core does it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command: shown inline on the pull request's changed files."""
    level = "error" if problem.is_error else "warning"
    column = f",col={problem.column}" if problem.column else ""
    text = f"{problem.field}: {problem.message}"
    if problem.expected:
        text += f" — {problem.expected}"
    if problem.hint:
        text += f" ({problem.hint})"
    return f"::{level} file={problem.path},line={problem.line}{column}::{_escape(text)}"


# -- briefing check ---------------------------------------------------------------------------------


def run_check(parser: argparse.ArgumentParser, args: argparse.Namespace, root: Path) -> int:
    wanted = []
    for path in args.paths:
        resolved = path.resolve()
        if not resolved.exists():
            parser.error(f"{path}: no such file or folder")
        try:
            wanted.append(resolved.relative_to(root).as_posix())
        except ValueError:
            parser.error(f"{path}: is outside the repository at {root}")

    def is_wanted(problem: Problem) -> bool:
        return not wanted or any(w == "." or problem.path == w or problem.path.startswith(w + "/") for w in wanted)

    result = check_corpus(root, build_date(), CheckCache.for_repository(root), need_corpus=False)
    problems = [p for p in result.problems if is_wanted(p)]
    if args.format == "github":
        for problem in sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message)):
            print(github_annotation(problem))
        print(summary_line(problems, result.files_checked))
    else:
        print(format_report(problems, result.files_checked))
    return 1 if problems else 0


# -- briefing new -----------------------------------------------------------------------------------


def _theme_ids(root: Path) -> dict[str, str]:
    """id -> title of each theme in briefs/themes.yml, in registry order ({} if unreadable)."""
    path = root / "briefs" / "themes.yml"
    if not path.is_file():
        return {}
    doc = parse_yaml(path.read_text(encoding="utf-8"), "briefs/themes.yml")
    entries = doc.data if isinstance(doc.data, list) else []
    return {str(e["id"]): str(e.get("title", e["id"])) for e in entries if isinstance(e, dict) and "id" in e}


def _ask(prompt: str, check) -> str:
    """Prompt until `check(answer)` returns no complaint; Ctrl-D gives up."""
    while True:
        try:
            answer = input(prompt).strip()
        except EOFError:
            print(file=sys.stderr)
            raise SystemExit(USAGE_ERROR) from None
        complaint = check(answer)
        if not complaint:
            return answer
        print(f"  {complaint}", file=sys.stderr)


def run_new(parser: argparse.ArgumentParser, args: argparse.Namespace, root: Path) -> int:
    themes = _theme_ids(root)
    if not themes:
        print("briefs/themes.yml cannot be read; run `briefing check` to see why.", file=sys.stderr)
        return 1
    max_title = BriefMeta.model_json_schema()["properties"]["title"]["maxLength"]
    interactive = sys.stdin.isatty()

    def theme_complaint(answer: str) -> str:
        if answer in themes:
            return ""
        hint = did_you_mean(answer, themes)
        return f"unknown theme '{answer}' — {one_of(themes)}" + (f" ({hint})" if hint else "")

    def title_complaint(answer: str) -> str:
        if not answer:
            return "the title is empty — expected a headline"
        if len(answer) > max_title:
            return f"the title is {len(answer)} characters long — expected at most {max_title}"
        return ""

    theme = args.theme
    if theme is None and interactive:
        print("Themes: " + ", ".join(themes))
        theme = _ask("Theme: ", theme_complaint)
    elif theme is None:
        parser.error("--theme is required when the input is not a terminal")
    elif theme_complaint(theme):
        parser.error(f"--theme: {theme_complaint(theme)}")

    title = args.title
    if title is None and interactive:
        title = _ask(f"Title (at most {max_title} characters): ", title_complaint)
    elif title is None:
        parser.error("--title is required when the input is not a terminal")
    elif title_complaint(title.strip()):
        parser.error(f"--title: {title_complaint(title.strip())}")
    title = title.strip()

    brief_id = args.id or slugify(title)
    if not brief_id:
        parser.error("cannot make an id from this title (it has no letters a–z or digits); pass --id")
    if not re.match(SLUG_PATTERN, brief_id):
        parser.error(f"--id: '{brief_id}' is not a valid id — expected lower-case letters, digits and single hyphens, e.g. new-start")

    target = root / "briefs" / theme / f"{brief_id}.md"
    rel = target.relative_to(root).as_posix()
    if target.exists():
        print(f"{rel} already exists; nothing was written. Choose another title, or pass --id.", file=sys.stderr)
        return 1
    for other in sorted((root / "briefs").glob(f"*/{brief_id}.md")):
        print(
            f"a brief with the id '{brief_id}' already exists: {other.relative_to(root).as_posix()}; "
            "nothing was written. Ids are unique across themes: pass another --id.",
            file=sys.stderr,
        )
        return 1
    today = build_date()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(brief_template(title, theme, today), encoding="utf-8")
    print(f"Created {rel}, a draft dated {today.isoformat()}.")
    print("Next: replace every TODO in it (the comment above each field says what it wants), then run")
    print(f"  .venv/bin/briefing check {rel}")
    print(f"and preview it with `make serve` at http://127.0.0.1:8000/{theme}/{brief_id}/")
    return 0


# -- briefing schema --------------------------------------------------------------------------------


def run_schema(args: argparse.Namespace, root: Path) -> int:
    if args.stdout:
        sys.stdout.write(schema_text())
        return 0
    changed = write_generated(root)
    for path in changed:
        print(f"Wrote {path}")
    if not changed:
        print(f"{SCHEMA_PATH} and the field reference in {GUIDE_PATH} are up to date.")
    return 0


# -- entry point ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="briefing", description="Write, check and build policy briefs.")
    parser.add_argument("--root", type=Path, help="repository root (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", help="scaffold a brief from the template (asks for what is missing)")
    new.add_argument("--theme", help="theme id from briefs/themes.yml")
    new.add_argument("--title", help="the brief's headline")
    new.add_argument("--id", help="the brief's id and file name (default: made from the title)")

    check = commands.add_parser("check", help="validate briefs and registries; report every problem")
    check.add_argument("paths", nargs="*", type=Path, help="only report problems in these files or folders")
    check.add_argument("--format", choices=["text", "github"], default="text", help="github: workflow annotations for pull requests")

    schema = commands.add_parser("schema", help="write schema/brief.schema.json and the field reference in CONTRIBUTING.md")
    schema.add_argument("--stdout", action="store_true", help="print the JSON Schema instead of writing files")

    # --root is accepted after the command too: `briefing check --root DIR`.
    for sub in (new, check, schema):
        sub.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    root = args.root or find_root(Path.cwd().resolve())
    if root is None or not (root / "briefs").is_dir():
        parser.error("no briefs/ folder found here or above; run inside the repository or pass --root")
    root = root.resolve()
    if args.command == "new":
        return run_new(new, args, root)
    if args.command == "schema":
        return run_schema(args, root)
    return run_check(check, args, root)


if __name__ == "__main__":
    sys.exit(main())
