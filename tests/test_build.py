"""The real MkDocs build, with the real Material theme, on the fixture corpus."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def build(repo, *, drafts=False, site="site"):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795305600")  # 2026-11-22
    env.pop("BRIEFING_DRAFTS", None)
    if drafts:
        env["BRIEFING_DRAFTS"] = "1"
    return subprocess.run(
        [MKDOCS, "build", "--strict", "--site-dir", site], cwd=repo.path, env=env, capture_output=True, text=True
    )


def page(repo, path, site="site"):
    return (repo.path / site / path).read_text(encoding="utf-8")


def test_build_writes_brief_theme_and_home_pages(repo):
    result = build(repo)
    assert result.returncode == 0, result.stderr
    brief = page(repo, "arms-control/new-start/index.html")
    assert "<title>New START: from Prague to expiry - Russia Policy Briefings</title>" in brief
    assert '<meta name="description" content="New START capped US and Russian strategic forces from 2011 until it expired on 5 February 2026.">' in brief
    assert '<p class="brief-kicker"><a href="../">New START and arms control</a>' in brief
    assert '<h2 id="key-judgments">Key judgments' in brief
    assert '<a id="cite-1-3" href="#source-1" title="New START Treaty">1</a>, art. II]</sup>' in brief
    assert '<li id="source-1"><a href="https://www.state.gov/new-start/">“New START Treaty.”</a> U.S. Department of State, 5 February 2011.' in brief
    # a [[brief-id]] link resolves to the other brief's URL
    assert '<a href="../../cyber-norms/un-norms/">UN cyber norms</a>' in brief
    # Material's tags plugin links each tag to the tags page
    assert '<a href="../../tags/#tag:new-start" class="md-tag">new-start</a>' in brief
    theme = page(repo, "arms-control/index.html")
    assert '<a class="brief-card__title" href="new-start/">New START: from Prague to expiry</a>' in theme
    home = page(repo, "index.html")
    assert '<a class="theme-card__title" href="arms-control/">New START and arms control</a> <span class="theme-card__count">1 brief</span>' in home
    assert '<a class="brief-card__title" href="cyber-norms/un-norms/">UN cyber norms</a>' in home


def test_navigation_groups_briefs_under_their_theme_in_registry_order(repo):
    assert build(repo).returncode == 0
    nav = page(repo, "arms-control/new-start/index.html")
    themes = ["Hybrid warfare", "New START and arms control", "Conflict resolution", "Cyber norms", "The eastern neighbourhood"]
    positions = [nav.index(t) for t in themes]
    assert positions == sorted(positions)
    assert 'href="./" class="md-nav__link md-nav__link--active"' in nav


def test_drafts_are_left_out_of_production_and_shown_in_preview(repo):
    assert build(repo).returncode == 0
    assert not (repo.path / "site/cyber-norms/draft-brief").exists()
    assert "draft-brief" not in page(repo, "cyber-norms/index.html")
    assert "draft-brief" not in page(repo, "search/search_index.json")
    assert build(repo, drafts=True, site="preview").returncode == 0
    draft = page(repo, "cyber-norms/draft-brief/index.html", site="preview")
    assert '<span class="badge badge--draft">Draft — not published</span>' in draft


def test_an_invalid_corpus_stops_the_build_with_the_located_report(repo):
    repo.edit("briefs/arms-control/new-start.md", "theme: arms-control", "theme: arms")  # the issue's own example
    repo.edit("briefs/cyber-norms/un-norms.md", "confidence: moderate", "confidence: medium")
    result = build(repo)
    assert result.returncode == 1
    assert not (repo.path / "site").exists()
    assert (
        "ERROR   -  The briefs have problems; nothing was built.\n"
        "briefs/arms-control/new-start.md:3: theme: unknown theme 'arms' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'arms-control'?)\n"
        "briefs/cyber-norms/un-norms.md:14: key_judgments[2].confidence: unknown value 'medium' — expected one of: low, moderate, high\n"
        "6 files checked: 2 errors, 0 warnings.\n"
    ) in result.stderr


def test_warnings_fail_the_strict_production_build(repo):
    repo.write("briefs/sources.yml", repo.read("briefs/sources.yml") + '- id: unused\n  type: webpage\n  title: "U"\n  publisher: "P"\n  URL: "https://u.org/"\n')
    result = build(repo)
    assert result.returncode == 1
    assert "WARNING -  briefs/sources.yml:28: warning: id: source 'unused' is not cited by any brief — cite it or remove it" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout
