"""Validation of a whole corpus: every mistake, located, in one run, with exact messages."""

import pytest

from briefing.problems import format_report
from briefing.validate import check_corpus, read_file

from bad_inputs import NEW_START_EVENT_ID, shown_twice, un_event
from conftest import TODAY

BROKEN_BRIEF = """---
title: "New START"
theme: arms
summary: Something.
status: publshed
published: "2026-11-01"
updated: "2026-10-01"
authors: Test Author
tagz: [new-start]
related: [un-norm]
key_judgments:
  - text: "Only one."
    confidence: certain
    sources: [State-2011-new-start]
key_facts:
  - label: "No source"
    value: "1,550"
timeline:
  - date: "2021-02-30"
    title: "Impossible date"
    sources: [un-2015-gge-report]
---

## Background

Text [@missing-source] and [@ state-2011-new-start] and [[no-such-brief]].
"""


def report(repo) -> str:
    result = check_corpus(repo.path, TODAY)
    return format_report(result.problems, result.files_checked)


def test_the_good_fixture_is_clean_and_builds_a_corpus(repo):
    result = check_corpus(repo.path, TODAY)
    assert result.problems == []
    assert [b.id for b in result.corpus.briefs] == ["draft-brief", "new-start", "un-norms"]
    assert result.files_checked == 6


def test_every_problem_of_a_broken_brief_in_one_run(repo):
    """The front matter fails the schema, yet its dates, its references and its body are checked
    in the same run: a contributor does not learn of the unknown theme only after fixing the status."""
    repo.write("briefs/arms-control/new-start.md", BROKEN_BRIEF)
    assert report(repo).splitlines() == [
        "briefs/arms-control/new-start.md:3: theme: unknown theme 'arms' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'arms-control'?)",
        "briefs/arms-control/new-start.md:5: status: unknown value 'publshed' — expected one of: draft, published, archived (did you mean 'published'?)",
        "briefs/arms-control/new-start.md:7: updated: 2026-10-01 is before published (2026-11-01) — expected a date on or after published",
        "briefs/arms-control/new-start.md:8: authors: expected a list, got the text 'Test Author' (write [Test Author] or put each item on its own '- ' line)",
        "briefs/arms-control/new-start.md:9: tagz: unknown field 'tagz' — remove it or correct its name (did you mean 'tags'?)",
        "briefs/arms-control/new-start.md:10: related[1]: unknown brief id 'un-norm' — expected one of: draft-brief, new-start, un-norms (did you mean 'un-norms'?)",
        "briefs/arms-control/new-start.md:13: key_judgments[1].confidence: unknown value 'certain' — expected one of: low, moderate, high",
        "briefs/arms-control/new-start.md:14: key_judgments[1].sources: unknown source 'State-2011-new-start' — expected a source id defined in briefs/sources.yml (did you mean 'state-2011-new-start'?)",
        "briefs/arms-control/new-start.md:16: key_facts[1].source: required field is missing — add it: the one source id the figure comes from",
        "briefs/arms-control/new-start.md:19: timeline[1].date: '2021-02-30' is not a valid date — expected \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
        "briefs/arms-control/new-start.md:26: body: link to unknown brief 'no-such-brief' — expected [[brief-id]] or [[brief-id|text]] with an existing id",
        "briefs/arms-control/new-start.md:26: body: malformed citation '[@ state-2011-new-start]': no space is allowed between '@' and the source key — expected [@key], [@key, locator] or [@a; @b]",
        "briefs/arms-control/new-start.md:26: body: unknown source 'missing-source' — expected a source id defined in briefs/sources.yml",
        "6 files checked: 13 errors, 0 warnings.",
    ]


def test_once_every_brief_loads_an_uncited_source_is_warned_of(repo):
    """The brief fixed: the same problems but those the schema found, and now that every brief
    loads, a source none cites is warned of (a brief that failed could have cited it)."""
    repo.write(
        "briefs/arms-control/new-start.md",
        BROKEN_BRIEF.replace("theme: arms", "theme: arms-contrl")
        .replace("publshed", "published")
        .replace("authors: Test Author", "authors: [Test Author]")
        .replace("tagz: [new-start]", "tags: [new-strat]")
        .replace("confidence: certain", "confidence: high")
        .replace('  - text: "Only one."', '  - text: "Two."\n    confidence: low\n    sources: [shea-2021-hope]\n  - text: "Only one."')
        .replace('    value: "1,550"', '    value: "1,550"\n    source: tass-2023-suspension')
        .replace("2021-02-30", "2021-02-28"),
    )
    assert report(repo).splitlines() == [
        "briefs/arms-control/new-start.md:3: theme: unknown theme 'arms-contrl' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'arms-control'?)",
        "briefs/arms-control/new-start.md:7: updated: 2026-10-01 is before published (2026-11-01) — expected a date on or after published",
        "briefs/arms-control/new-start.md:9: tags[1]: unknown tag 'new-strat' — expected one of: new-start, nuclear-arms-control, un (did you mean 'new-start'?)",
        "briefs/arms-control/new-start.md:10: related[1]: unknown brief id 'un-norm' — expected one of: draft-brief, new-start, un-norms (did you mean 'un-norms'?)",
        "briefs/arms-control/new-start.md:17: key_judgments[2].sources: unknown source 'State-2011-new-start' — expected a source id defined in briefs/sources.yml (did you mean 'state-2011-new-start'?)",
        "briefs/arms-control/new-start.md:30: body: link to unknown brief 'no-such-brief' — expected [[brief-id]] or [[brief-id|text]] with an existing id",
        "briefs/arms-control/new-start.md:30: body: malformed citation '[@ state-2011-new-start]': no space is allowed between '@' and the source key — expected [@key], [@key, locator] or [@a; @b]",
        "briefs/arms-control/new-start.md:30: body: unknown source 'missing-source' — expected a source id defined in briefs/sources.yml",
        "briefs/sources.yml:1: warning: id: source 'state-2011-new-start' is not cited by any brief — cite it or remove it",
        "6 files checked: 8 errors, 1 warning.",
    ]


def test_a_value_the_schema_faults_is_not_reported_again_as_unknown(repo):
    """tags is text, not a list; related[1] and secondary_themes[1] are not ids: each is
    reported by the schema only, while the well-formed references beside them are checked."""
    un = "briefs/cyber-norms/un-norms.md"
    repo.edit(un, "tags: [un]", "tags: un\nrelated: [New-Start, un-norm]\nsecondary_themes: [5, arms-contrl]")
    assert report(repo).splitlines() == [
        "briefs/cyber-norms/un-norms.md:8: tags: expected a list, got the text 'un' (write [un] or put each item on its own '- ' line)",
        "briefs/cyber-norms/un-norms.md:9: related[1]: 'New-Start' is not a valid id — expected lower-case letters, digits and single hyphens, e.g. 'new-start'",
        "briefs/cyber-norms/un-norms.md:9: related[2]: unknown brief id 'un-norm' — expected one of: draft-brief, new-start, un-norms (did you mean 'un-norms'?)",
        "briefs/cyber-norms/un-norms.md:10: secondary_themes[1]: 5 is read as the number 5, not as text — expected text (put it in quotes: \"5\")",
        "briefs/cyber-norms/un-norms.md:10: secondary_themes[2]: unknown theme 'arms-contrl' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'arms-control'?)",
        "6 files checked: 5 errors, 0 warnings.",
    ]


def test_events_given_different_ids_are_different_events(repo):
    # Same day, same source as new-start's first event: declared distinct, so not a duplicate.
    NEW_START_EVENT_ID(repo)
    un_event("2011-02-05", "\n    id: treaty-takes-effect")(repo)
    assert report(repo) == "6 files checked: no problems."


def test_events_written_in_the_same_words_need_no_id(repo):
    # Same day and source as new-start's first event, and the same title but for case and
    # punctuation: the timeline merges them on date and title, so nothing is shown twice.
    un_event("2011-02-05")(repo)
    repo.edit("briefs/cyber-norms/un-norms.md", '"The treaty takes effect"', '"New START enters into force."')
    assert report(repo) == "6 files checked: no problems."


def test_a_brief_that_fails_the_schema_still_has_its_events_compared(repo):
    un_event("2011-02-05")(repo)
    repo.edit("briefs/cyber-norms/un-norms.md", "status: published", "status: publshed")
    assert report(repo).splitlines() == [
        "briefs/cyber-norms/un-norms.md:5: status: unknown value 'publshed' — expected one of: draft, published, archived (did you mean 'published'?)",
        shown_twice("give both the same id"),
        "6 files checked: 1 error, 1 warning.",
    ]


def test_a_front_matter_that_cannot_be_read_leaves_the_body_checked(repo):
    un = "briefs/cyber-norms/un-norms.md"
    repo.edit(un, "theme: cyber-norms", "theme: [cyber-norms")
    repo.edit(un, "Compare [[new-start]].", "Compare [[new-strt]] <script>x</script> [@ un] [@nope].")
    assert report(repo).splitlines() == [
        "briefs/cyber-norms/un-norms.md:4:8: YAML: syntax error: expected ',' or ']', but got ':'",
        "briefs/cyber-norms/un-norms.md:20: body: HTML tag <script> is not allowed — expected Markdown, or one of the tags abbr, br, div, kbd, mark, small, span, sub, sup (see docs/allowed-html.md)",
        "briefs/cyber-norms/un-norms.md:20: body: link to unknown brief 'new-strt' — expected [[brief-id]] or [[brief-id|text]] with an existing id (did you mean 'new-start'?)",
        "briefs/cyber-norms/un-norms.md:20: body: malformed citation '[@ un]': no space is allowed between '@' and the source key — expected [@key], [@key, locator] or [@a; @b]",
        "briefs/cyber-norms/un-norms.md:20: body: unknown source 'nope' — expected a source id defined in briefs/sources.yml",
        "6 files checked: 5 errors, 0 warnings.",
    ]


def test_a_brief_that_fails_the_schema_gets_the_rules_on_its_id_too(repo):
    un = "briefs/cyber-norms/un-norms.md"
    repo.edit(un, "title:", "id: new-start\ntitle:")
    repo.edit(un, "status: published", "status: x")
    assert report(repo).splitlines() == [
        "briefs/cyber-norms/un-norms.md:2: id: 'new-start' does not match the file name 'un-norms.md' — expected id 'un-norms' or the file renamed to new-start.md",
        "briefs/cyber-norms/un-norms.md:2: id: duplicate id 'new-start' — already used by briefs/arms-control/new-start.md (ids must be unique across the corpus)",
        "briefs/cyber-norms/un-norms.md:6: status: unknown value 'x' — expected one of: draft, published, archived",
        "6 files checked: 3 errors, 0 warnings.",
    ]


def test_each_kind_of_reference_is_reported_with_its_own_field_and_line(repo):
    brief = "briefs/arms-control/new-start.md"
    repo.edit(brief, "theme: arms-control\n", "theme: arms-control\nsecondary_themes: [arms-control, cyber-normz]\n")
    repo.edit(brief, "related: [un-norms]", "related: [un-norms, new-start]")
    repo.edit(brief, "    value: \"1,550 per side\"\n    source: state-2011-new-start", "    value: \"1,550 per side\"\n    source: state-2011-new-strt")
    repo.edit(brief, "    sources: [tass-2023-suspension]\n---", "    sources: [tass-2023-suspension, tass-2023-suspensoin]\n---")
    assert report(repo).splitlines() == [
        "briefs/arms-control/new-start.md:4: secondary_themes[1]: 'arms-control' is already the primary theme — remove it from secondary_themes",
        "briefs/arms-control/new-start.md:4: secondary_themes[2]: unknown theme 'cyber-normz' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'cyber-norms'?)",
        "briefs/arms-control/new-start.md:15: related[2]: a brief cannot be related to itself — remove it",
        "briefs/arms-control/new-start.md:26: key_facts[1].source: unknown source 'state-2011-new-strt' — expected a source id defined in briefs/sources.yml (did you mean 'state-2011-new-start'?)",
        "briefs/arms-control/new-start.md:34: timeline[2].sources: unknown source 'tass-2023-suspensoin' — expected a source id defined in briefs/sources.yml (did you mean 'tass-2023-suspension'?)",
        "6 files checked: 5 errors, 0 warnings.",
    ]


def test_a_placeholder_where_a_source_belongs_is_reported_as_one_not_as_an_unknown_source(repo):
    """In each front-matter field that holds source ids; in the body, [@TODO] is a citation of
    an unknown source."""
    brief = "briefs/arms-control/new-start.md"
    repo.edit(brief, "    sources: [state-2011-new-start]\n  - text:", "    sources: [state-2011-new-start, TODO]\n  - text:")
    repo.edit(brief, "    value: \"1,550 per side\"\n    source: state-2011-new-start", "    value: \"1,550 per side\"\n    source: TODO")
    repo.edit(brief, "    sources: [tass-2023-suspension]\n---", "    sources: [TODO]\n---")
    repo.edit(brief, "in 2011 [@state-2011-new-start, art. II]", "in 2011 [@TODO]")
    assert report(repo).splitlines() == [
        "briefs/arms-control/new-start.md:18: key_judgments[1].sources[2]: is still the template's placeholder 'TODO' — expected a source id from briefs/sources.yml (add a new source there first)",
        "briefs/arms-control/new-start.md:25: key_facts[1].source: is still the template's placeholder 'TODO' — expected a source id from briefs/sources.yml (add a new source there first)",
        "briefs/arms-control/new-start.md:33: timeline[2].sources[1]: is still the template's placeholder 'TODO' — expected a source id from briefs/sources.yml (add a new source there first)",
        "briefs/arms-control/new-start.md:38: body: unknown source 'TODO' — expected a source id defined in briefs/sources.yml",
        "6 files checked: 4 errors, 0 warnings.",
    ]


def test_duplicate_ids_across_files_and_id_file_name_mismatch(repo):
    text = repo.read("briefs/cyber-norms/un-norms.md")
    repo.write("briefs/cyber-norms/copy.md", text.replace("---\ntitle:", "---\nid: un-norms\ntitle:", 1))
    lines = report(repo).splitlines()
    assert lines == [
        "briefs/cyber-norms/copy.md:2: id: 'un-norms' does not match the file name 'copy.md' — expected id 'copy' or the file renamed to un-norms.md",
        "briefs/cyber-norms/un-norms.md:2: id: duplicate id 'un-norms' — already used by briefs/cyber-norms/copy.md (ids must be unique across the corpus)",
        "7 files checked: 2 errors, 0 warnings.",
    ]


def test_unreadable_files_are_reported_not_raised(repo):
    (repo.path / "briefs/cyber-norms/latin1.md").write_bytes("---\ntitle: caf\xe9\n---\n".encode("latin-1"))
    (repo.path / "briefs/cyber-norms/bom.md").write_bytes(b"\xef\xbb\xbf---\ntitle: x\n---\n")
    (repo.path / "briefs/cyber-norms/crlf.md").write_bytes(b"---\r\ntitle: x\r\n---\r\n")
    repo.write("briefs/cyber-norms/empty.md", "\n\n")
    repo.write("briefs/cyber-norms/no-front-matter.md", "# Just a heading\n")
    repo.write("briefs/cyber-norms/unclosed.md", "---\ntitle: x\n")
    repo.write("briefs/loose.md", "---\n---\n")
    assert report(repo).splitlines() == [
        "briefs/cyber-norms/bom.md:1: file: starts with a byte-order mark — expected UTF-8 without BOM (re-save the file as UTF-8 without BOM)",
        "briefs/cyber-norms/crlf.md:1: file: has Windows (CRLF) line endings — expected LF line endings (set your editor to LF, or run: git config core.autocrlf input)",
        "briefs/cyber-norms/empty.md:1: file: is empty — expected front matter between '---' lines, then the body",
        "briefs/cyber-norms/latin1.md:2: file: is not valid UTF-8 (byte 0xe9) — expected UTF-8 text (re-save the file as UTF-8)",
        "briefs/cyber-norms/no-front-matter.md:1: front matter: is missing — expected the file to start with a '---' line, then the fields, then '---'",
        "briefs/cyber-norms/unclosed.md:1: front matter: is not closed — expected a '---' line after the last field",
        "briefs/loose.md:1: file: is not in a theme folder — expected briefs/<theme>/<id>.md",
        "13 files checked: 7 errors, 0 warnings.",
    ]


def test_registry_mistakes_are_located(repo):
    repo.write(
        "briefs/sources.yml",
        repo.read("briefs/sources.yml")
        + '- id: shea-2021-hope\n  type: blog\n  title: "Again"\n  URL: "ftp://example.org/x"\n'
        + '- id: plain-http\n  type: webpage\n  title: "Old site"\n  publisher: "Example"\n  URL: "http://example.org/"\n',
    )
    assert report(repo).splitlines() == [
        "briefs/sources.yml:29: [5].type: unknown value 'blog' — expected one of: webpage, article-newspaper, article-magazine, article-journal, report, treaty, legislation, speech, post-weblog, book, document",
        "briefs/sources.yml:32: warning: id: source 'plain-http' is not cited by any brief — cite it or remove it",
        # the entry's own place in the file ([6], not its rank among valid entries) and its URL's line
        "briefs/sources.yml:36: warning: [6].URL: source 'plain-http' uses http — expected an https address (try the same address with https://)",
        "6 files checked: 1 error, 2 warnings.",
    ]


def test_yes_no_read_as_booleans_get_a_quoting_hint(repo):
    repo.edit("briefs/cyber-norms/un-norms.md", 'title: "UN cyber norms"', "title: no")
    assert report(repo).splitlines() == [
        'briefs/cyber-norms/un-norms.md:2: title: no is read as the boolean false, not as text — expected text (put it in quotes: "no")',
        "6 files checked: 1 error, 0 warnings.",
    ]


def test_a_section_without_a_citation_is_a_warning(repo):
    repo.edit("briefs/cyber-norms/un-norms.md", "## The norms", "## Context\n\nNo source here.\n\n## The norms")
    assert report(repo).splitlines() == [
        "briefs/cyber-norms/un-norms.md:18: warning: body: section 'Context' cites no source — expected at least one [@key] in every section",
        "6 files checked: 0 errors, 1 warning.",
    ]


def test_a_section_counts_citations_in_its_text_not_in_a_heading(repo):
    """The citations of a section are those on the lines after its heading and before the next:
    one in its own heading does not count, one in the next heading belongs to the next section."""
    repo.edit("briefs/cyber-norms/un-norms.md", "## The norms", "## Context [@un-2015-gge-report]\n\nNo source here.\n\n## Scope\n\nNor here.\n\n## The norms [@un-2015-gge-report]")
    assert report(repo).splitlines() == [
        "briefs/cyber-norms/un-norms.md:18: warning: body: section 'Context [@un-2015-gge-report]' cites no source — expected at least one [@key] in every section",
        "briefs/cyber-norms/un-norms.md:22: warning: body: section 'Scope' cites no source — expected at least one [@key] in every section",
        "6 files checked: 0 errors, 2 warnings.",
    ]


def test_future_dates_and_impossible_ranges(repo):
    repo.edit("briefs/cyber-norms/un-norms.md", 'published: "2026-11-01"', 'published: "2026-12-01"\nas_of: "2026-12-05"\nreview_by: "2026-11-30"')
    repo.edit("briefs/arms-control/new-start.md", 'end: "2023-03"', 'end: "2022"')
    assert report(repo).splitlines() == [
        "briefs/arms-control/new-start.md:31: timeline[2].end: 2022 is before the start 2023-02 — expected an end on or after date",
        "briefs/cyber-norms/un-norms.md:6: published: 2026-12-01 is in the future (today is 2026-11-22) — expected today's date or earlier (keep status: draft until it is published)",
        "briefs/cyber-norms/un-norms.md:7: as_of: 2026-12-05 is after the brief's last change (2026-12-01) — expected the date the analysis reflects, not later than updated/published",
        "briefs/cyber-norms/un-norms.md:8: review_by: 2026-11-30 is not after published (2026-12-01) — expected a future review date",
        "6 files checked: 4 errors, 0 warnings.",
    ]


def test_read_file_reads_the_whole_file_as_path_read_bytes_does(tmp_path):
    data = bytes(range(256)) * 1000  # 256,000 bytes: more than one read
    (tmp_path / "f.md").write_bytes(data)
    assert read_file(tmp_path / "f.md") == data
    (tmp_path / "empty.md").write_bytes(b"")
    assert read_file(tmp_path / "empty.md") == b""
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "missing.md")
