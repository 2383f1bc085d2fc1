"""Builds that can be trusted: reproducible to the byte, atomic, free of drafts, and with every
front-matter string escaped in every output. Real `mkdocs build` and real `make site` runs."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.build
BIN = Path(sys.executable).parent
EPOCH = 1803859200  # 2027-03-01T00:00:00Z: unlike the clock, so a build that ignores it shows
EPOCH_DAY = "2027-03-01"

# Front-matter strings written by a prankster; each must show as text in every output.
TITLE = "<img src=x onerror=alert(1)>"
SUMMARY = '"></script><script>alert(2)</script>'
DRAFT_MARKERS = [b"draft-brief", b"A draft that must not be published"]


@pytest.fixture(scope="module")
def commit(tmp_path_factory) -> Path:
    """One snapshot of the code and the good fixture, taken once: every build here is of this
    "commit", even while the working tree changes under the test."""
    path = tmp_path_factory.mktemp("commit")
    shutil.copytree(FIXTURES / "good" / "briefs", path / "briefs")
    for name in ("hooks", "overrides", "docs"):
        shutil.copytree(ROOT / name, path / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("mkdocs.yml", "Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, path / name)
    return path


def make_repo(commit: Path, path: Path) -> Path:
    """A checkout of `commit` at `path`, with a prankster's strings in one brief's front matter."""
    shutil.copytree(commit, path, symlinks=True)
    brief = path / "briefs/cyber-norms/un-norms.md"
    text = brief.read_text(encoding="utf-8")
    text = text.replace('title: "UN cyber norms"', f"title: '{TITLE}'")
    text = text.replace("summary: The UN agreed eleven voluntary norms in 2015.", f"summary: '{SUMMARY}'")
    brief.write_text(text, encoding="utf-8")
    return path


def environment(repo: Path) -> dict[str, str]:
    # BRIEFING_PDF=1 as `make site` sets it: the PDF handouts are part of the production site.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(EPOCH), BRIEFING_PDF="1")
    # the checkout's own `briefing` package, not the working tree's editable install
    env["PYTHONPATH"] = str(repo / "hooks")
    env.pop("BRIEFING_DRAFTS", None)
    return env


def mkdocs_build(repo: Path) -> None:
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=repo, env=environment(repo), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def tree(site: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `site`."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(sites: tuple[Path, Path], path: str) -> str:
    """Where two versions of `path` part, to make a failure readable."""
    a, b = ((site / path).read_bytes() for site in sites)
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"{path} differs at byte {at}: {a[max(0, at - 60):at + 60]!r} != {b[max(0, at - 60):at + 60]!r}"


@pytest.fixture(scope="module")
def two_builds(commit, tmp_path_factory) -> tuple[Path, Path]:
    """The same commit built twice, in two checkouts at different paths."""
    first = make_repo(commit, tmp_path_factory.mktemp("first") / "checkout")
    second = make_repo(commit, tmp_path_factory.mktemp("second") / "elsewhere")
    mkdocs_build(first)
    mkdocs_build(second)
    return first / "site", second / "site"


# -- reproducible ---------------------------------------------------------------------------------


def test_two_builds_of_one_commit_are_byte_identical(two_builds):
    first, second = tree(two_builds[0]), tree(two_builds[1])
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == [], first_difference(two_builds, differing[0])
    assert len(first) > 20  # a real site, PDFs and exports included once they are built


def test_the_build_date_comes_from_source_date_epoch(two_builds):
    site = two_builds[0]
    assert f"<lastmod>{EPOCH_DAY}</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    # gzip stores a modification time in bytes 4-7: the epoch, not the clock
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == EPOCH


# -- drafts ---------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_drafts_reach_no_file_of_a_production_build(two_builds):
    site = two_builds[0]
    assert [p for p in tree(site) if "draft" in p] == []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        if path.suffix == ".pdf":
            data = pdf_text(path).encode()
        for marker in DRAFT_MARKERS:
            assert marker not in data, f"{marker!r} in {path.relative_to(site)}"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "cyber-norms/un-norms/" in sitemap  # the check above can see a brief that is there


# -- escaped everywhere ---------------------------------------------------------------------------


def all_files(site: Path, suffix: str) -> list[Path]:
    return sorted(p for p in site.rglob(f"*{suffix}") if p.is_file())


def test_front_matter_strings_are_text_in_every_html_page(two_builds):
    site = two_builds[0]
    pages = all_files(site, ".html")
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert TITLE not in text.replace(f"<title>{TITLE} - ", "<title>"), page  # <title> holds text only
        assert "<script>alert(2)" not in text, page
        assert 'content=""' not in text, page  # the summary's quote did not close the description
        # JSON-LD must survive a '</script>' inside a string, and carry the exact text
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            data = json.dumps(json.loads(block), ensure_ascii=False)
            assert TITLE in data or "un-norms" not in page.as_posix(), page
    brief = (site / "cyber-norms/un-norms/index.html").read_text(encoding="utf-8")
    assert f">{html.escape(TITLE, quote=False)}<a class=\"headerlink\"" in brief
    assert f'<meta name="description" content="{html.escape(SUMMARY)}">' in brief
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert html.escape(TITLE) in nav and TITLE not in nav


def test_front_matter_strings_are_data_in_json_and_text_in_xml(two_builds):
    site = two_builds[0]
    for path in all_files(site, ".json"):
        data = json.loads(path.read_text(encoding="utf-8"))  # well-formed, whatever the strings held
        if path.name == "search_index.json":  # its text fields are HTML
            assert TITLE not in path.read_text(encoding="utf-8")
    briefs = json.loads((site / "api/briefs.json").read_text(encoding="utf-8"))
    records = briefs["briefs"] if isinstance(briefs, dict) else briefs
    assert {"title": TITLE, "summary": SUMMARY}.items() <= next(r for r in records if r["id"] == "un-norms").items()
    for path in all_files(site, ".xml"):
        root = ET.parse(path).getroot()  # well-formed
        assert not [e for e in root.iter() if e.tag.split("}")[-1] in {"img", "script"}], path
    feed = ET.parse(site / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert TITLE in titles


def test_front_matter_strings_are_text_in_every_pdf(two_builds):
    pdfs = all_files(two_builds[0], ".pdf")
    if not pdfs:
        pytest.skip("this build writes no PDF yet")
    texts = {p.name: pdf_text(p) for p in pdfs}
    assert any(TITLE in text for text in texts.values()), sorted(texts)


# -- atomic ---------------------------------------------------------------------------------------


def run_make(checkout: Path, venv: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", "-C", str(checkout), "site", f"VENV={venv}"], env=environment(checkout), capture_output=True, text=True)


def test_make_site_replaces_site_only_when_the_build_succeeds(commit, tmp_path):
    checkout = make_repo(commit, tmp_path / "checkout")
    # A stand-in for .venv whose install stamp is newer than requirements.txt: `make` runs the
    # real tools and never reinstalls anything into the shared environment.
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "bin").symlink_to(BIN)
    (venv / ".installed").touch()

    # a successful build replaces the old site whole, its stale files included
    (checkout / "site").mkdir()
    (checkout / "site/left-from-an-old-build.txt").write_text("stale")
    built = run_make(checkout, venv)
    assert built.returncode == 0, built.stderr
    assert built.stdout == "Site built in site/\n"
    assert not (checkout / "site/left-from-an-old-build.txt").exists()
    assert (checkout / "site/arms-control/new-start/index.html").is_file()
    assert not (checkout / ".site.tmp").exists() and not (checkout / "site.old").exists()
    before = tree(checkout / "site")

    # a broken brief: the build fails with the located report, and site/ is exactly as it was
    brief = checkout / "briefs/arms-control/new-start.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace("theme: arms-control", "theme: arms"), encoding="utf-8")
    failed = run_make(checkout, venv)
    assert failed.returncode != 0
    assert "briefs/arms-control/new-start.md:3: theme: unknown theme 'arms'" in failed.stderr
    assert tree(checkout / "site") == before
    assert not (checkout / ".site.tmp").exists() and not (checkout / "site.old").exists()
