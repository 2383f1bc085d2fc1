"""The real MkDocs build, with the real Material theme, on the fixture corpus."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Repo

pytestmark = pytest.mark.build
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
PROPERDOCS = str(Path(sys.executable).parent / "properdocs")


def build(repo, *, drafts=False, site="site", epoch="1795305600", tool=MKDOCS):  # 2026-11-22
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=epoch)
    env.pop("BRIEFING_DRAFTS", None)
    if drafts:
        env["BRIEFING_DRAFTS"] = "1"
    return subprocess.run(
        [tool, "build", "--strict", "--site-dir", site], cwd=repo.path, env=env, capture_output=True, text=True
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
    html = page(repo, "arms-control/new-start/index.html")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):]
    themes = ["Hybrid warfare", "New START and arms control", "Conflict resolution", "Cyber norms", "The eastern neighbourhood"]
    positions = [nav.index(t) for t in themes]
    assert positions == sorted(positions)
    assert 'href="./" class="md-nav__link md-nav__link--active"' in nav


def nav_titles(html: str) -> list[str]:
    """The entries of a page's main navigation, in order (its own table of contents left out).
    A page with a table of contents shows its own entry twice: the toc's toggle, then its link."""
    nav = html[html.index('<nav class="md-nav md-nav--primary"') : html.index('<div class="md-sidebar md-sidebar--secondary"')]
    nav = re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>', "", nav, flags=re.S)
    return re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', nav, flags=re.S)


def test_pages_for_contributors_are_one_section_of_the_navigation_with_the_guide_first(repo):
    shutil.copy(ROOT / "CONTRIBUTING.md", repo.path / "CONTRIBUTING.md")
    assert build(repo).returncode == 0
    themes = ["Hybrid warfare", "New START and arms control", "Conflict resolution", "Cyber norms", "The eastern neighbourhood"]
    readers = [*themes, "Timeline", "Sources", "Review queue", "About", "Data and feeds", "Tags"]
    # Elsewhere the section is one entry (navigation.prune), which opens the guide.
    assert nav_titles(page(repo, "index.html")) == ["Home", "Home", *readers, "For contributors"]
    assert '<a href="contributing/" class="md-nav__link">' in page(repo, "index.html")
    assert nav_titles(page(repo, "allowed-html/index.html")) == ["Home", *readers, "For contributors", "Contributing", "Allowed HTML", "Performance"]


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


def test_generated_timeline_sources_and_cross_links(repo):
    assert build(repo).returncode == 0
    timeline = page(repo, "timeline/index.html")
    assert '<form class="timeline-filter" hidden>' in timeline
    assert '<label><input type="checkbox" name="themes" value="arms-control" checked> New START and arms control</label>' in timeline
    assert (
        '<li id="event-2023-02-russia-suspends-its-participation" data-themes="arms-control"><span class="event-date">February 2023 – March 2023</span>'
        ' <a class="event-title" href="#event-2023-02-russia-suspends-its-participation">Russia suspends its participation</a>'
    ) in timeline
    assert timeline.index('id="year-2023"') < timeline.index('id="year-2011"')
    sources = page(repo, "sources/index.html")
    assert (
        '<li id="src-un-2015-gge-report">United Nations General Assembly. <a href="https://undocs.org/A/70/174">“Report of the Group of Governmental Experts (A/70/174).”</a> United Nations, 22 July 2015.'
        '<br><span class="source-cited-by">Cited by: <a href="../cyber-norms/un-norms/">UN cyber norms</a> (3 citations)</span></li>'
    ) in sources
    brief = page(repo, "arms-control/new-start/index.html")
    assert '<a class="source-index-link" href="../../sources/#src-state-2011-new-start">other briefs citing it</a>' in brief
    assert '<h2 id="related">Related briefs' in brief
    assert '<a class="brief-card__title" href="../../cyber-norms/un-norms/">UN cyber norms</a>' in brief
    assert '<li><a href="../../cyber-norms/un-norms/">UN cyber norms</a>: <q>Compare New START: from Prague to expiry.</q></li>' in brief
    assert 'href="https://github.com/russia-policy-briefings/briefings/edit/main/briefs/arms-control/new-start.md"' in brief
    assert 'issues/new?title=Problem+in+brief+new-start%3A+New+START%3A+from+Prague+to+expiry' in brief
    theme = page(repo, "arms-control/index.html")
    assert '<h2 id="timeline">Timeline' in theme and 'id="event-2011-02-05-new-start-enters-into-force"' in theme


def test_exports_parse_and_match_the_corpus(repo):
    import json
    import xml.etree.ElementTree as ET

    assert build(repo).returncode == 0
    briefs = json.loads(page(repo, "api/briefs.json"))
    assert briefs["version"] == 1
    assert [b["id"] for b in briefs["briefs"]] == ["new-start", "un-norms"]  # no draft
    new_start = briefs["briefs"][0]
    assert new_start["url"] == "https://russia-policy-briefings.github.io/arms-control/new-start/"
    assert new_start["sources"] == ["state-2011-new-start", "shea-2021-hope", "tass-2023-suspension"]
    assert new_start["related"] == ["un-norms"]
    assert new_start["timeline"][1] == {"date": "2023-02", "end": "2023-03", "title": "Russia suspends its participation", "sources": ["tass-2023-suspension"]}
    timeline = json.loads(page(repo, "api/timeline.json"))
    assert [(e["date"], e["precision"], e["briefs"]) for e in timeline["events"]] == [
        ("2023-02", "month", ["new-start"]), ("2011-02-05", "day", ["new-start"])
    ]
    csl = json.loads(page(repo, "api/sources.json"))
    assert [item["id"] for item in csl] == ["shea-2021-hope", "state-2011-new-start", "tass-2023-suspension", "un-2015-gge-report"]
    assert csl[0] == {
        "id": "shea-2021-hope", "type": "article-magazine", "title": "Hope springs eternal: time for a reset with Russia?",
        "author": [{"family": "Shea", "given": "Jamie"}], "publisher": "Friends of Europe",
        "URL": "https://www.friendsofeurope.org/insights/hope-springs-eternal-time-for-a-reset-with-russia/",
        "issued": {"date-parts": [[2021, 1]]},
    }
    bib = page(repo, "sources.bib")
    assert bib.count("\n@") + bib.startswith("@") == 4
    assert "@article{shea-2021-hope,\n  title = {{Hope springs eternal: time for a reset with Russia?}},\n  author = {Shea, Jamie},\n" in bib
    feed = ET.fromstring(page(repo, "feed.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)] == ["New START: from Prague to expiry", "UN cyber norms"]
    assert feed.find("a:updated", ns).text == "2026-11-10T00:00:00Z"


def test_two_builds_write_identical_exports(repo):
    assert build(repo, site="one").returncode == 0
    assert build(repo, site="two").returncode == 0
    for name in ["api/briefs.json", "api/timeline.json", "api/sources.json", "sources.bib", "feed.xml", "timeline/index.html"]:
        assert page(repo, name, site="one") == page(repo, name, site="two"), name


def test_properdocs_builds_the_same_site(repo):
    """ProperDocs, the fork of MkDocs 1.6 its maintainers keep up, runs our hooks and Material
    unchanged: the way on if MkDocs 1.6.1 goes stale (2.x drops hooks and plugins)."""
    assert build(repo, site="mkdocs").returncode == 0
    result = build(repo, site="properdocs", tool=PROPERDOCS)
    assert result.returncode == 0, result.stderr
    made_by = {name: sorted(path.relative_to(repo.path / name) for path in (repo.path / name).rglob("*") if path.is_file()) for name in ("mkdocs", "properdocs")}
    assert made_by["properdocs"] == made_by["mkdocs"]
    for name in made_by["mkdocs"]:
        expected, made = ((repo.path / site / name).read_bytes() for site in ("mkdocs", "properdocs"))
        # Each page names its generator; nothing else differs.
        assert made == expected.replace(b"mkdocs-1.6.1, mkdocs-material", b"mkdocs-ProperDocs 1.6.7, mkdocs-material"), name


def test_review_queue_and_badge_after_the_review_date(repo):
    result = build(repo, epoch="1809216000")  # 2027-05-02: new-start's review_by (2027-05-01) has passed
    assert result.returncode == 0, result.stderr
    review = page(repo, "review/index.html")
    assert "<p>As of <time datetime=\"2027-05-02\">2 May 2027</time>, 1 brief is past the review date." in review
    assert (
        '<tr><td><a href="../arms-control/new-start/">New START: from Prague to expiry</a></td>'
        '<td><time datetime="2027-05-01">1 May 2027</time></td><td><time datetime="2026-11-10">10 November 2026</time></td></tr>'
    ) in review
    brief = page(repo, "arms-control/new-start/index.html")
    assert '<span class="badge badge--review">Due for review since 1 May 2027</span>' in brief


def test_brief_pages_carry_open_graph_and_json_ld(repo):
    import json
    import re

    assert build(repo).returncode == 0
    brief = page(repo, "arms-control/new-start/index.html")
    assert '<meta property="og:type" content="article">' in brief
    assert '<meta property="og:title" content="New START: from Prague to expiry">' in brief
    assert '<meta property="og:url" content="https://russia-policy-briefings.github.io/arms-control/new-start/">' in brief
    assert '<link rel="canonical" href="https://russia-policy-briefings.github.io/arms-control/new-start/">' in brief
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', brief).group(1))
    assert data == {
        "@context": "https://schema.org", "@type": "Report", "about": "New START and arms control",
        "author": [{"@type": "Person", "name": "Test Author"}], "dateModified": "2026-11-10", "datePublished": "2026-11-01",
        "description": "New START capped US and Russian strategic forces from 2011 until it expired on 5 February 2026.",
        "headline": "New START: from Prague to expiry", "inLanguage": "en", "isAccessibleForFree": True,
        "keywords": ["new-start", "nuclear-arms-control"], "name": "New START: from Prague to expiry",
        "publisher": {"@type": "Organization", "name": "Russia Policy Briefings"},
        "url": "https://russia-policy-briefings.github.io/arms-control/new-start/",
    }
    home = page(repo, "index.html")
    assert '<meta property="og:title" content="Russia Policy Briefings">' in home
    assert "application/ld+json" not in home
    sitemap = page(repo, "sitemap.xml")
    for path in ["", "arms-control/", "arms-control/new-start/", "cyber-norms/un-norms/", "timeline/", "sources/", "review/", "about/"]:
        assert f"<loc>https://russia-policy-briefings.github.io/{path}</loc>" in sitemap, path


def test_a_large_theme_lists_only_its_newest_briefs_in_the_navigation(tmp_path):
    """Past NAV_BRIEFS_PER_THEME briefs a theme's navigation section stops growing (so each page
    costs the same, whatever the corpus size); the other briefs are still built, the strict
    build passes, and the theme page lists every brief."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from run import TODAY, repository
    from synthetic import make_corpus

    from briefing.site import NAV_BRIEFS_PER_THEME, SiteBuild

    repo = repository(make_corpus(tmp_path / "corpus", 5 * (NAV_BRIEFS_PER_THEME + 2)))  # 27 a theme
    site_build = SiteBuild(repo, include_drafts=False, today=TODAY)
    everything = site_build.corpus.briefs_in("arms-control")
    listed = site_build.nav_briefs("arms-control")
    assert len(everything) == NAV_BRIEFS_PER_THEME + 2
    assert listed == everything[:NAV_BRIEFS_PER_THEME]  # newest change first
    left_out = everything[-1]
    assert len(site_build.outside_nav()) == 5 * 2  # the two oldest of each theme
    assert left_out.src_uri in site_build.outside_nav() and listed[0].src_uri not in site_build.outside_nav()

    result = build(Repo(repo))
    assert result.returncode == 0, result.stderr
    html = (repo / "site" / listed[0].url / "index.html").read_text(encoding="utf-8")
    # The primary sidebar, up to the table of contents (the page's own links come after it).
    sidebar = html[html.index('<nav class="md-nav md-nav--primary"') : html.index('<div class="md-sidebar md-sidebar--secondary"')]
    assert f'href="../{listed[1].id}/"' in sidebar
    assert f'href="../{left_out.id}/"' not in sidebar
    assert (repo / "site" / left_out.url / "index.html").exists()
    theme_page = (repo / "site" / "arms-control" / "index.html").read_text(encoding="utf-8")
    assert f'href="{left_out.id}/"' in theme_page
