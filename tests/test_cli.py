"""The contributor's command line: `briefing new`, `briefing check` and `briefing schema`, run
in-process on throw-away repositories, with their exact output and exit status."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.scaffold import slugify

from conftest import FIXTURES

BROKEN = FIXTURES / "broken"
EPOCH_2026_11_22 = "1795305600"


@pytest.fixture(autouse=True)
def today_is_2026_11_22(monkeypatch):
    """`build_date()` reads SOURCE_DATE_EPOCH: every date in these tests is fixed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2026_11_22)


@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


class FakeTerminal(io.StringIO):
    """Typed answers, one per line, on what claims to be a terminal."""

    def isatty(self) -> bool:
        return True


def run(capsys, *argv: str | Path) -> tuple[int, str, str]:
    try:
        status = main([str(a) for a in argv])
    except SystemExit as exit:  # argparse's usage errors
        status = exit.code
    out, err = capsys.readouterr()
    return status, out, err


# -- briefing new -----------------------------------------------------------------------------------

NEW_BRIEF = "briefs/cyber-norms/cyber-norms-at-the-un-after-the-oewg.md"


def test_new_writes_a_draft_that_check_reports_only_for_its_placeholders(repo, capsys, no_terminal):
    status, out, err = run(capsys, "--root", repo.path, "new", "--theme", "cyber-norms", "--title", "Cyber norms at the UN after the OEWG")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        f"Created {NEW_BRIEF}, a draft dated 2026-11-22.",
        "Next: replace every TODO in it (the comment above each field says what it wants), then run",
        f"  .venv/bin/briefing check {NEW_BRIEF}",
        "and preview it with `make serve` at http://127.0.0.1:8000/cyber-norms/cyber-norms-at-the-un-after-the-oewg/",
    ]
    text = repo.read(NEW_BRIEF)
    assert 'title: "Cyber norms at the UN after the OEWG"\n' in text
    assert 'status: draft\n' in text
    assert 'published: "2026-11-22"\n' in text

    status, out, _ = run(capsys, "--root", repo.path, "check", repo.path / NEW_BRIEF)
    assert status == 1
    assert out.splitlines() == [
        f"{NEW_BRIEF}:13: warning: summary: is still the template's placeholder 'TODO: the bottom line in one to three sentences — what happ…' — expected your own text",
        f"{NEW_BRIEF}:27: warning: authors[1]: is still the template's placeholder 'TODO: your name' — expected your own text",
        f"{NEW_BRIEF}:35: warning: key_judgments[1].text: is still the template's placeholder 'TODO: your first key judgment.' — expected your own text",
        f"{NEW_BRIEF}:39: key_judgments[1].sources[1]: is still the template's placeholder 'TODO' — expected a source id from briefs/sources.yml (add a new source there first)",
        f"{NEW_BRIEF}:40: warning: key_judgments[2].text: is still the template's placeholder 'TODO: your second key judgment.' — expected your own text",
        f"{NEW_BRIEF}:42: key_judgments[2].sources[1]: is still the template's placeholder 'TODO' — expected a source id from briefs/sources.yml (add a new source there first)",
        f"{NEW_BRIEF}:67: warning: body: is still the template's placeholder 'TODO: the context a reader needs to follow the rest, with a…' — expected your own text",
        f"{NEW_BRIEF}:71: warning: body: is still the template's placeholder 'TODO: the evidence behind each key judgment, and each side'…' — expected your own text",
        f"{NEW_BRIEF}:75: warning: body: is still the template's placeholder 'TODO: what to watch next, and the policy options with the p…' — expected your own text",
        "7 files checked: 2 errors, 7 warnings.",
    ]


def test_a_scaffold_with_its_placeholders_filled_in_is_clean(repo, capsys, no_terminal):
    """Nothing but the placeholders stands between the template and a valid brief."""
    run(capsys, "--root", repo.path, "new", "--theme", "cyber-norms", "--title", "Cyber norms at the UN after the OEWG")
    text = repo.read(NEW_BRIEF)
    text = text.replace("sources: [TODO]", "sources: [un-2015-gge-report]")
    text = text.replace('"TODO: ', '"').replace("  TODO: ", "  ")
    lines = [line.replace("TODO: ", "") + " [@un-2015-gge-report]" if line.startswith("TODO: ") else line for line in text.split("\n")]
    repo.write(NEW_BRIEF, "\n".join(lines))
    assert "TODO" not in repo.read(NEW_BRIEF).split("---\n", 2)[2]

    assert run(capsys, "--root", repo.path, "check") == (0, "7 files checked: no problems.\n", "")


def test_new_refuses_to_overwrite_a_brief(repo, capsys, no_terminal):
    before = repo.read("briefs/cyber-norms/un-norms.md")
    status, out, err = run(capsys, "--root", repo.path, "new", "--theme", "cyber-norms", "--title", "UN norms")
    assert (status, out) == (1, "")
    assert err == "briefs/cyber-norms/un-norms.md already exists; nothing was written. Choose another title, or pass --id.\n"
    assert repo.read("briefs/cyber-norms/un-norms.md") == before


def test_new_refuses_an_id_taken_in_another_theme(repo, capsys, no_terminal):
    status, out, err = run(capsys, "--root", repo.path, "new", "--theme", "arms-control", "--title", "UN norms")
    assert (status, out) == (1, "")
    assert err == (
        "a brief with the id 'un-norms' already exists: briefs/cyber-norms/un-norms.md; nothing was written. "
        "Ids are unique across themes: pass another --id.\n"
    )
    assert not (repo.path / "briefs/arms-control/un-norms.md").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--theme", "cyber-norm", "--title", "X"], "--theme: unknown theme 'cyber-norm' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'cyber-norms'?)"),
        (["--title", "X"], "--theme is required when the input is not a terminal"),
        (["--theme", "cyber-norms"], "--title is required when the input is not a terminal"),
        (["--theme", "cyber-norms", "--title", "x" * 121], "--title: the title is 121 characters long — expected at most 120"),
        (["--theme", "cyber-norms", "--title", "Кибернормы"], "cannot make an id from this title (it has no letters a–z or digits); pass --id"),
        (["--theme", "cyber-norms", "--title", "X", "--id", "Cyber_Norms"], "--id: 'Cyber_Norms' is not a valid id — expected lower-case letters, digits and single hyphens, e.g. new-start"),
    ],
)
def test_new_usage_errors_exit_2_and_write_nothing(repo, capsys, no_terminal, options, message):
    status, out, err = run(capsys, "--root", repo.path, "new", *options)
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == f"briefing new: error: {message}"
    assert sorted(p.name for p in (repo.path / "briefs/cyber-norms").iterdir()) == ["draft-brief.md", "un-norms.md"]


def test_new_asks_for_what_is_missing_in_a_terminal(repo, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", FakeTerminal("cyber\ncyber-norms\n\nRansomware and state responsibility\n"))
    status, out, err = run(capsys, "--root", repo.path, "new", "--id", "ransomware")
    assert status == 0
    assert out.splitlines()[0] == "Themes: hybrid-warfare, arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood"
    assert out.splitlines()[1].startswith("Theme: Theme: Title (at most 120 characters): Title (at most 120 characters): Created briefs/cyber-norms/ransomware.md")
    assert err.splitlines() == [
        "  unknown theme 'cyber' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'cyber-norms'?)",
        "  the title is empty — expected a headline",
    ]
    assert 'title: "Ransomware and state responsibility"\n' in repo.read("briefs/cyber-norms/ransomware.md")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("New START: from Prague to expiry", "new-start-from-prague-to-expiry"),
        ("Belarus après 2020 — Lukashenka's ‘union state’", "belarus-apres-2020-lukashenkas-union-state"),
        ("The Strategic Stability Dialogue, 2021–2022, and what the United States and Russia could still agree", "the-strategic-stability-dialogue-2021-2022-and-what-the"),
        ("Кибернормы", ""),
    ],
)
def test_slugify_makes_short_ascii_ids(title, slug):
    assert slugify(title) == slug


# -- briefing check ---------------------------------------------------------------------------------

BROKEN_REPORT = [
    "briefs/arms-control/misspelt-field.md:2: summary: required field is missing — add it: 1–3 sentences, ≤ 80 words, bottom line first: shown in cards, handouts, feeds",
    "briefs/arms-control/misspelt-field.md:4: sumary: unknown field 'sumary' — remove it or correct its name (did you mean 'summary'?)",
    'briefs/arms-control/unquoted-date.md:6: published: a date is expected, not a date and time — expected "YYYY-MM-DD" (write the day only, in quotes: "2026-11-01")',
    'briefs/arms-control/unquoted-date.md:17: key_facts[1].value: 2011-02-05 is read as the date 2011-02-05, not as text — expected text (put it in quotes: "2011-02-05")',
    'briefs/arms-control/yes-and-no.md:17: key_facts[1].value: no is read as the boolean false, not as text — expected text (put it in quotes: "no")',
    "briefs/cyber-norms/almost-right.md:3: theme: unknown theme 'cyber-norm' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'cyber-norms'?)",
    "briefs/cyber-norms/almost-right.md:8: tags[1]: unknown tag 'UN' — expected one of: new-start, nuclear-arms-control, un (did you mean 'un'?)",
    "briefs/cyber-norms/almost-right.md:12: key_judgments[1].sources: unknown source 'UN-2015-GGE-report' — expected a source id defined in briefs/sources.yml (did you mean 'un-2015-gge-report'?)",
    "briefs/cyber-norms/almost-right.md:20: body: unknown source 'UN-2015-gge-report' — expected a source id defined in briefs/sources.yml (did you mean 'un-2015-gge-report'?)",
    "briefs/cyber-norms/tab-indent.md:10:1: YAML: syntax error: found character '\\t' that cannot start any token (YAML does not allow tabs; indent with spaces)",
    "briefs/cyber-norms/unfinished.md:12: warning: key_judgments[2].text: is still the template's placeholder 'TODO: your second key judgment.' — expected your own text",
    "briefs/cyber-norms/unfinished.md:14: key_judgments[2].sources[1]: is still the template's placeholder 'TODO' — expected a source id from briefs/sources.yml (add a new source there first)",
    "briefs/cyber-norms/unfinished.md:23: warning: body: is still the template's placeholder 'TODO: what to watch next, and the policy options with the p…' — expected your own text",
    "9 files checked: 11 errors, 2 warnings.",
]


def test_check_reports_every_mistake_in_the_broken_fixtures(capsys):
    status, out, err = run(capsys, "--root", BROKEN, "check")
    assert (status, err) == (1, "")
    assert out.splitlines() == BROKEN_REPORT


def test_check_prints_github_annotations(capsys):
    status, out, err = run(capsys, "check", "--root", BROKEN, "--format", "github")
    assert (status, err) == (1, "")
    assert out.splitlines() == [
        "::error file=briefs/arms-control/misspelt-field.md,line=2::summary: required field is missing — add it: 1–3 sentences, ≤ 80 words, bottom line first: shown in cards, handouts, feeds",
        "::error file=briefs/arms-control/misspelt-field.md,line=4::sumary: unknown field 'sumary' — remove it or correct its name (did you mean 'summary'?)",
        '::error file=briefs/arms-control/unquoted-date.md,line=6::published: a date is expected, not a date and time — expected "YYYY-MM-DD" (write the day only, in quotes: "2026-11-01")',
        '::error file=briefs/arms-control/unquoted-date.md,line=17::key_facts[1].value: 2011-02-05 is read as the date 2011-02-05, not as text — expected text (put it in quotes: "2011-02-05")',
        '::error file=briefs/arms-control/yes-and-no.md,line=17::key_facts[1].value: no is read as the boolean false, not as text — expected text (put it in quotes: "no")',
        "::error file=briefs/cyber-norms/almost-right.md,line=3::theme: unknown theme 'cyber-norm' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'cyber-norms'?)",
        "::error file=briefs/cyber-norms/almost-right.md,line=8::tags[1]: unknown tag 'UN' — expected one of: new-start, nuclear-arms-control, un (did you mean 'un'?)",
        "::error file=briefs/cyber-norms/almost-right.md,line=12::key_judgments[1].sources: unknown source 'UN-2015-GGE-report' — expected a source id defined in briefs/sources.yml (did you mean 'un-2015-gge-report'?)",
        "::error file=briefs/cyber-norms/almost-right.md,line=20::body: unknown source 'UN-2015-gge-report' — expected a source id defined in briefs/sources.yml (did you mean 'un-2015-gge-report'?)",
        "::error file=briefs/cyber-norms/tab-indent.md,line=10,col=1::YAML: syntax error: found character '\\t' that cannot start any token (YAML does not allow tabs; indent with spaces)",
        "::warning file=briefs/cyber-norms/unfinished.md,line=12::key_judgments[2].text: is still the template's placeholder 'TODO: your second key judgment.' — expected your own text",
        "::error file=briefs/cyber-norms/unfinished.md,line=14::key_judgments[2].sources[1]: is still the template's placeholder 'TODO' — expected a source id from briefs/sources.yml (add a new source there first)",
        "::warning file=briefs/cyber-norms/unfinished.md,line=23::body: is still the template's placeholder 'TODO: what to watch next, and the policy options with the p…' — expected your own text",
        "9 files checked: 11 errors, 2 warnings.",
    ]


def test_annotations_escape_newlines_and_percent_signs():
    from briefing.cli import github_annotation
    from briefing.problems import Problem

    problem = Problem("briefs/a/b.md", 3, "title", "is 100% wrong\nreally", "expected text")
    assert github_annotation(problem) == "::error file=briefs/a/b.md,line=3::title: is 100%25 wrong%0Areally — expected text"


def test_check_limited_to_paths_reports_only_their_problems(capsys):
    status, out, _ = run(capsys, "--root", BROKEN, "check", BROKEN / "briefs/cyber-norms/tab-indent.md", BROKEN / "briefs/arms-control")
    assert status == 1
    assert out.splitlines() == [line for line in BROKEN_REPORT if "/arms-control/" in line or "tab-indent" in line] + [
        "9 files checked: 6 errors, 0 warnings."
    ]
    assert run(capsys, "--root", BROKEN, "check", BROKEN / "briefs/themes.yml") == (0, "9 files checked: no problems.\n", "")


def test_check_exit_status_is_0_when_clean(repo, capsys):
    assert run(capsys, "--root", repo.path, "check") == (0, "6 files checked: no problems.\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["check", "--format", "xml"], "briefing check: error: argument --format: invalid choice: 'xml' (choose from 'text', 'github')"),
        (["check", "no-such-brief.md"], "briefing check: error: no-such-brief.md: no such file or folder"),
        (["check", "/"], "briefing check: error: /: is outside the repository at {root}"),
        (["publish"], "briefing: error: argument command: invalid choice: 'publish' (choose from 'new', 'check', 'schema')"),
    ],
)
def test_usage_errors_exit_2(repo, capsys, argv, message):
    status, out, err = run(capsys, "--root", repo.path, *argv)
    assert (status, out) == (2, "")
    assert err.splitlines()[-1] == message.format(root=repo.path.resolve())


def test_check_outside_a_repository_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "check")
    assert status == 2
    assert err.splitlines()[-1] == "briefing: error: no briefs/ folder found here or above; run inside the repository or pass --root"


# -- briefing schema --------------------------------------------------------------------------------


def test_schema_writes_the_schema_and_the_guide_reference_then_reports_them_current(repo, capsys):
    repo.write("CONTRIBUTING.md", "# Guide\n\n<!-- field reference: generated by `briefing schema` from hooks/briefing/model.py; do not edit by hand -->\nstale\n<!-- end of field reference -->\n")
    assert run(capsys, "--root", repo.path, "schema") == (0, "Wrote schema/brief.schema.json\nWrote CONTRIBUTING.md\n", "")
    assert "| `key_judgments[].confidence` | yes | one of `low`, `moderate`, `high` |" in repo.read("CONTRIBUTING.md")
    assert "stale" not in repo.read("CONTRIBUTING.md")
    assert run(capsys, "--root", repo.path, "schema") == (
        0,
        "schema/brief.schema.json and the field reference in CONTRIBUTING.md are up to date.\n",
        "",
    )
    status, out, _ = run(capsys, "--root", repo.path, "schema", "--stdout")
    assert (status, out) == (0, repo.read("schema/brief.schema.json"))
