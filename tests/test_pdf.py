"""PDF handouts: what a printed brief says, its metadata and tags, the page budget, the cache,
and the real MkDocs build that writes them. Every PDF here is rendered by the real WeasyPrint."""

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefing import pdf
from briefing.validate import check_corpus

from conftest import FIXTURES, TODAY

SITE_URL = "https://russia-policy-briefings.github.io/"
BRIEF_URL = SITE_URL + "arms-control/new-start/"
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def settings(**values):
    return pdf.HandoutSettings(site_name="Russia Policy Briefings", site_url=SITE_URL, version="test-1", **values)


def corpus(path):
    return check_corpus(path, TODAY).corpus.without_drafts()


def text_of(reader):
    """The text of every page, whitespace collapsed (PDF text comes back in lines)."""
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def structure_tags(element):
    """The tag names (/H1, /P, /Table…) of a tagged PDF's structure element and its descendants."""
    element = element.get_object()
    found = {element["/S"]}
    kids = element.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict) and "/S" in kid.get_object():
            found |= structure_tags(kid)
    return found


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    """The fixture's New START brief, rendered once for the tests that only read it."""
    root = tmp_path_factory.mktemp("handout")
    shutil.copytree(FIXTURES / "good" / "briefs", root / "briefs")
    html = pdf.brief_handout_html(corpus(root).brief("new-start"), corpus(root), settings())
    data, pages, _ = pdf.render_pdf(html)
    (root / "new-start.pdf").write_bytes(data)
    return PdfReader(root / "new-start.pdf"), pages


def test_handout_prints_the_brief_with_numbered_citations_and_sources(handout):
    reader, _ = handout
    text = text_of(reader)
    assert text.startswith(
        "RUSSIA POLICY BRIEFINGS Brief new-start · New START and arms control New START: from Prague to expiry "
        "Published 1 November 2026 · Updated 10 November 2026 · Analysis as of 5 February 2026 Author: Test Author Live page "
        "SUMMARY New START capped US and Russian strategic forces from 2011 until it expired on 5 February 2026. "
        "Key judgments HIGH CONFIDENCE The treaty's verification regime ended before its limits did. [1] "
        "LOW CONFIDENCE A follow-on agreement is unlikely soon. [2; 3] "
        "Key facts Deployed warheads ceiling 1,550 per side [1] "
    )
    # The body keeps the web page's numbers, locators included.
    assert "The treaty entered into force in 2011 [1, art. II]. Shea argued for talks [2; 1]." in text
    assert "Timeline 5 February 2011 New START enters into force [1] February 2023 – March 2023 Russia suspends its participation [3]" in text
    # Sources are numbered, with their URLs printed in full (a long URL may wrap: compare without spaces).
    assert "Sources 1. “New START Treaty.” U.S. Department of State, 5 February 2011. " in text
    assert "3. “Russia suspends participation in New START.” TASS, 21 February 2023. [state media] " in text
    unwrapped = text.replace(" ", "")
    assert "February2011.https://www.state.gov/new-start/2.Shea,Jamie." in unwrapped
    assert "January2021.https://www.friendsofeurope.org/insights/hope-springs-eternal-time-for-a-reset-with-russia/3." in unwrapped


def test_every_page_has_the_footer(handout):
    reader, pages = handout
    for number, page in enumerate(reader.pages, start=1):
        footer = " ".join(page.extract_text().split()[-7:])
        assert footer == f"Page {number} of {pages} {BRIEF_URL} Version test-1"


def test_links_are_live_and_other_briefs_link_to_their_live_page(handout):
    reader, _ = handout
    uris = {
        annotation.get_object()["/A"].get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert {BRIEF_URL, SITE_URL + "cyber-norms/un-norms/", "https://www.state.gov/new-start/", "https://tass.com/politics/1578209"} <= uris


def test_handout_is_tagged_with_metadata_language_and_outline(handout):
    reader, _ = handout
    info = reader.metadata
    assert (info["/Title"], info["/Author"], info["/Keywords"], info["/Creator"]) == (
        "New START: from Prague to expiry", "Test Author", "new-start, nuclear-arms-control", "Russia Policy Briefings build test-1"
    )
    assert info["/Subject"] == "New START capped US and Russian strategic forces from 2011 until it expired on 5 February 2026."
    assert (info["/CreationDate"], info["/ModDate"]) == ("D:20261101", "D:20261110")
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"] == {"/Marked": True}
    assert 'pdfuaid:part="1"' in catalog["/Metadata"].get_data().decode()
    document = catalog["/StructTreeRoot"]["/K"][0].get_object()
    assert document["/S"] == "/Document"
    assert {"/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TH", "/Figure", "/Link"} <= structure_tags(document)
    outline = [item.title if not isinstance(item, list) else [i.title for i in item] for item in reader.outline]
    assert outline == [
        "New START: from Prague to expiry",
        ["Summary", "Key judgments", "Key facts", "Background", "Timeline", "Sources"],
    ]


def test_a_brief_fits_the_page_budget_on_a4_and_on_letter(handout):
    reader, pages = handout
    assert pages == len(reader.pages) == 1 <= pdf.PAGE_BUDGET
    a4 = reader.pages[0].mediabox
    assert (round(a4.width), round(a4.height)) == (595, 842)
    fixture = corpus(FIXTURES / "good")
    data, _, _ = pdf.render_pdf(pdf.brief_handout_html(fixture.brief("new-start"), fixture, settings(paper="letter")))
    letter = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(letter.width), round(letter.height)) == (612, 792)


def test_theme_handout_has_a_cover_a_contents_page_then_its_briefs(repo):
    c = corpus(repo.path)
    data, pages, _ = pdf.render_pdf(pdf.theme_handout_html("arms-control", c, settings()))
    path = repo.path / "arms-control.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    cover, first = (" ".join(reader.pages[i].extract_text().split()) for i in (0, 2))
    assert cover.startswith("RUSSIA POLICY BRIEFINGS Theme handout New START and arms control The limits on US and Russian nuclear forces")
    assert "1 brief, last updated 10 November 2026" in cover
    # The contents line: title, a leader of dots, the page the brief starts on.
    contents = [re.sub(r"\.{3,}\s*", " … ", line.strip()) for line in reader.pages[1].extract_text(extraction_mode="layout").splitlines() if line.strip()]
    assert contents[:3] == [
        "Contents",
        "1. New START: from Prague to expiry … 3",
        "New START capped US and Russian strategic forces from 2011 until it expired on 5 February 2026.",
    ]
    assert first.startswith("RUSSIA POLICY BRIEFINGS Brief new-start · New START and arms control New START: from Prague to expiry")
    assert first.endswith(f"3 of {pages} {BRIEF_URL} Version test-1")
    assert [item.title for item in reader.outline if not isinstance(item, list)] == ["New START and arms control"]
    assert reader.metadata["/Title"] == "New START and arms control: 1 brief"


def test_the_cache_renders_only_what_changed(repo):
    site, cache = repo.path / "site/pdf", repo.path / ".cache/pdf"
    first = pdf.write_handouts(corpus(repo.path), settings(), site, cache)
    names = ["new-start", "un-norms", "hybrid-warfare", "arms-control", "conflict-resolution", "cyber-norms", "eastern-neighbourhood"]
    assert [h.name for h in first.handouts] == names
    assert all(h.rendered for h in first.handouts)
    assert sorted(p.name for p in site.iterdir()) == sorted(f"{n}.pdf" for n in names)  # no draft-brief.pdf
    again = pdf.write_handouts(corpus(repo.path), settings(), site, cache)
    assert [h.rendered for h in again.handouts] == [False] * 7
    assert [h.pages for h in again.handouts] == [h.pages for h in first.handouts]
    assert again.summary().startswith("PDF handouts: 7 files in pdf/ (0 rendered, 7 from the cache) in ")
    repo.edit("briefs/cyber-norms/un-norms.md", "summary: The UN agreed eleven", "summary: In 2015 the UN agreed eleven")
    edited = pdf.write_handouts(corpus(repo.path), settings(), site, cache)
    assert [h.name for h in edited.handouts if h.rendered] == ["un-norms", "cyber-norms"]
    assert "In 2015 the UN agreed eleven" in text_of(PdfReader(site / "un-norms.pdf"))


def test_a_handout_over_budget_is_a_warning():
    long = pdf.Handout("long-brief", "briefs/arms-control/long-brief.md", True, pdf.PAGE_BUDGET + 1, True, 1.0)
    theme = pdf.Handout("arms-control", "theme arms-control", False, 12, True, 1.0)
    fits = pdf.Handout("new-start", "briefs/arms-control/new-start.md", True, pdf.PAGE_BUDGET, True, 1.0)
    assert pdf.HandoutReport([long, theme, fits], 2.0).warnings == [
        "briefs/arms-control/long-brief.md: warning: handout: the PDF handout runs to 5 pages — a brief's handout "
        "should fit in 4 (shorten the body, key facts or timeline)"
    ]


def test_paper_and_version_come_from_the_environment(tmp_path):
    assert pdf.paper_from({}) == "a4"
    assert pdf.paper_from({"BRIEFING_PAPER": "Letter"}) == "letter"
    with pytest.raises(ValueError) as error:
        pdf.paper_from({"BRIEFING_PAPER": "legal"})
    assert str(error.value) == "BRIEFING_PAPER: unknown paper size 'legal' — expected one of: a4, letter"
    # Outside a git checkout the version is the build date, from SOURCE_DATE_EPOCH when set.
    built = pdf.HandoutSettings.for_build(tmp_path, {"SOURCE_DATE_EPOCH": "1795305600"}, site_name="S", site_url=SITE_URL)
    assert (built.version, built.paper) == ("2026-11-22", "a4")
    assert pdf.handouts_enabled({"BRIEFING_PDF": "1"}) and not pdf.handouts_enabled({})


def build(repo, *, pdfs):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1795305600")
    env.pop("BRIEFING_DRAFTS", None)
    env.pop("BRIEFING_PAPER", None)
    env.pop("BRIEFING_PDF", None)
    if pdfs:
        env["BRIEFING_PDF"] = "1"
    return subprocess.run([MKDOCS, "build", "--strict"], cwd=repo.path, env=env, capture_output=True, text=True)


@pytest.mark.build
def test_the_build_writes_handouts_and_download_buttons_only_when_asked(repo):
    result = build(repo, pdfs=False)
    assert result.returncode == 0, result.stderr
    assert not (repo.path / "site/pdf").exists()
    assert 'class="md-button brief-pdf-button"' not in (repo.path / "site/arms-control/new-start/index.html").read_text()

    result = build(repo, pdfs=True)
    assert result.returncode == 0, result.stderr
    assert "INFO    -  PDF handouts: 7 files in pdf/ (7 rendered, 0 from the cache) in " in result.stderr
    reader = PdfReader(repo.path / "site/pdf/new-start.pdf")
    assert "Version 2026-11-22" in text_of(reader)  # no git checkout here: the build date
    brief = (repo.path / "site/arms-control/new-start/index.html").read_text()
    assert '<a class="md-button brief-pdf-button" href="../../pdf/new-start.pdf" download' in brief
    theme = (repo.path / "site/arms-control/index.html").read_text()
    assert '<a class="md-button brief-pdf-button" href="../pdf/arms-control.pdf" download' in theme
    assert 'class="md-button brief-pdf-button"' not in (repo.path / "site/index.html").read_text()


@pytest.mark.build
def test_a_handout_over_the_page_budget_fails_the_strict_build(repo):
    paragraph = "Both sides paused on-site inspections in March 2020 and never resumed them. " * 12
    repo.edit("briefs/arms-control/new-start.md", "## Background\n", "## Background\n\n" + (paragraph + "\n\n") * 20)
    result = build(repo, pdfs=True)
    assert result.returncode == 1
    assert (
        "WARNING -  briefs/arms-control/new-start.md: warning: handout: the PDF handout runs to 5 pages — "
        "a brief's handout should fit in 4 (shorten the body, key facts or timeline)"
    ) in result.stderr
