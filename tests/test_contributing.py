"""The contributor's path around the code: the committed JSON Schema and field reference are
current, the schema agrees with the validator, the GitHub workflows are valid and run what the
guide promises, and the guide is published as a page of the site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from briefing.contributing import contributing_page
from briefing.fieldref import REFERENCE_END, REFERENCE_START, field_reference, schema_text, with_field_reference
from briefing.site import SiteBuild
from briefing.yamlpos import parse_yaml

from conftest import FIXTURES, ROOT, TODAY

CHECK_JSONSCHEMA = str(Path(sys.executable).parent / "check-jsonschema")
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def front_matter(path: Path):
    text = path.read_text(encoding="utf-8")
    return parse_yaml(text.split("---\n")[1], path.name, first_line=2).data


# -- schema and field reference ---------------------------------------------------------------------


def test_the_committed_schema_is_current():
    """Fails after a change to hooks/briefing/model.py until `briefing schema` is run."""
    assert (ROOT / "schema" / "brief.schema.json").read_text(encoding="utf-8") == schema_text()


def test_the_field_reference_in_the_guide_is_current():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"{REFERENCE_START}\n\n{field_reference()}\n\n{REFERENCE_END}" in guide
    assert with_field_reference(guide) == guide


def test_the_schema_is_valid_json_schema():
    result = subprocess.run(
        [CHECK_JSONSCHEMA, "--check-metaschema", str(ROOT / "schema" / "brief.schema.json")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_accepts_what_check_accepts_and_names_what_it_refuses():
    """An editor using the schema agrees with `briefing check` on the shape of the fields."""
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    for brief in sorted((FIXTURES / "good" / "briefs").glob("*/*.md")):
        assert list(validator.iter_errors(front_matter(brief))) == [], brief.name
    broken = front_matter(FIXTURES / "broken" / "briefs" / "arms-control" / "misspelt-field.md")
    assert sorted(error.message for error in validator.iter_errors(broken)) == [
        "'summary' is a required property",
        "Additional properties are not allowed ('sumary' was unexpected)",
    ]


# -- GitHub workflows ---------------------------------------------------------------------------------


def validate_workflows(*paths: Path) -> subprocess.CompletedProcess:
    """check-jsonschema's own copy of the GitHub workflow schema: no network needed."""
    return subprocess.run(
        [CHECK_JSONSCHEMA, "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
    )


def test_the_workflows_are_valid():
    assert [path.name for path in WORKFLOWS] == ["deploy.yml", "pull-request.yml"]
    result = validate_workflows(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok -- validation done"


def test_workflow_validation_catches_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github/workflows/pull-request.yml").read_text().replace("runs-on:", "run-on:"))
    result = validate_workflows(broken)
    assert result.returncode == 1
    assert "'runs-on' is a required property" in result.stdout


def steps(workflow: str, job: str) -> list[dict]:
    # PyYAML reads the key `on` as True (YAML 1.1); only the jobs are looked at here.
    return yaml.safe_load((ROOT / ".github/workflows" / workflow).read_text())["jobs"][job]["steps"]


def test_pull_requests_test_check_build_and_attach_the_site():
    pr = steps("pull-request.yml", "check")
    runs = [step["run"] for step in pr if "run" in step]
    assert runs[1:] == ["make test", ".venv/bin/briefing check --format github", "make site"]
    check = next(step for step in pr if step.get("run") == ".venv/bin/briefing check --format github")
    assert check["if"] == "${{ !cancelled() }}"
    upload = pr[-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "site/"


def test_main_is_deployed_with_the_official_pages_actions():
    workflow = yaml.safe_load((ROOT / ".github/workflows/deploy.yml").read_text())
    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    build = [step.get("uses", step.get("run")) for step in steps("deploy.yml", "build")]
    assert build[-3:] == ["actions/configure-pages@v5", "make site", "actions/upload-pages-artifact@v4"]
    assert [step["uses"] for step in steps("deploy.yml", "deploy")] == ["actions/deploy-pages@v4"]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


# -- the guide on the site ----------------------------------------------------------------------------


def test_the_guide_page_points_its_docs_links_at_site_pages(tmp_path):
    (tmp_path / "CONTRIBUTING.md").write_text("See the [About page](docs/about.md) and [pre-commit](https://pre-commit.com).\n")
    assert contributing_page(tmp_path) == "See the [About page](about.md) and [pre-commit](https://pre-commit.com).\n"


@pytest.mark.build
def test_the_guide_is_built_into_the_site_with_its_field_reference(repo):
    from test_build import build, page

    shutil.copy(ROOT / "CONTRIBUTING.md", repo.path / "CONTRIBUTING.md")
    result = build(repo)
    assert result.returncode == 0, result.stderr
    guide = page(repo, "contributing/index.html")
    assert '<h1 id="contributing-a-brief">Contributing a brief' in guide
    assert '<a href="../about/">About page</a>' in guide
    assert "<td><code>key_judgments[].confidence</code></td>" in guide
    assert 'href="contributing/"' in page(repo, "index.html")  # in the navigation of every page


def test_the_guide_opens_the_section_for_contributors_or_else_ends_the_navigation(repo):
    shutil.copy(ROOT / "CONTRIBUTING.md", repo.path / "CONTRIBUTING.md")
    site = SiteBuild(repo.path, include_drafts=False, today=TODAY)
    with_section = site.nav(["index.md", "about.md", {"For contributors": ["performance.md"]}])
    assert with_section[-2:] == ["about.md", {"For contributors": [{"Contributing": "contributing.md"}, "performance.md"]}]
    # A mkdocs.yml without the section still lists the guide.
    assert site.nav(["index.md", "about.md"])[-2:] == ["about.md", {"Contributing": "contributing.md"}]
