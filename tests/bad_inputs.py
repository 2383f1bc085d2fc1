"""A catalogue of bad briefs and registries: each case breaks the good fixture in one way and
gives the exact report the contributor must see — file, line, field, message, count.

Each case is a list of steps applied to a copy of tests/fixtures/good (the `repo` fixture), then
the report lines expected from `check_corpus`, closing count line included. tests/test_bad_inputs.py
runs them; a new mistake worth guarding against is one more `Case(...)` here.

The fixture's un-norms brief (briefs/cyber-norms/un-norms.md) is the usual victim:

     1 ---                         9 key_judgments:
     2 title: "UN cyber norms"    10   - text: "The norms are voluntary."
     3 theme: cyber-norms         ...
     4 summary: The UN agreed…    16 ---
     5 status: published          17
     6 published: "2026-11-01"    18 ## The norms
     7 authors: ["Test Author"]   19
     8 tags: [un]                 20 Eleven norms were agreed [@un-2015-gge-report]. Compare [[new-start]].
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

UN = "briefs/cyber-norms/un-norms.md"
NEW_START = "briefs/arms-control/new-start.md"
THEMES = "briefs/themes.yml"
SOURCES = "briefs/sources.yml"
TAGS = "briefs/tags.yml"
ONE_ERROR = "6 files checked: 1 error, 0 warnings."
HTML_TAGS = "expected Markdown, or one of the tags abbr, br, div, kbd, mark, small, span, sub, sup (see docs/allowed-html.md)"
URL_SCHEMES = "expected an https:, http: or mailto: address, or a relative link (see docs/allowed-html.md)"
CITATION_FORMS = "expected [@key], [@key, locator] or [@a; @b]"

Step = Callable[["object"], None]  # takes the conftest Repo


@dataclass(frozen=True)
class Case:
    name: str
    steps: tuple[Step, ...]
    report: tuple[str, ...]

    @property
    def stops_the_build(self) -> bool:
        """Errors stop every build; warnings alone stop only the strict production build."""
        return not self.report[-1].split(": ", 1)[1].startswith("0 errors")


def case(name: str, steps: Step | list[Step], *report: str) -> Case:
    return Case(name, tuple(steps if isinstance(steps, list) else [steps]), report)


# -- steps ---------------------------------------------------------------------------------------


def edit(path: str, old: str, new: str) -> Step:
    return lambda repo: repo.edit(path, old, new)


def write(path: str, text: str) -> Step:
    return lambda repo: repo.write(path, text)


def write_bytes(path: str, data: bytes) -> Step:
    def step(repo) -> None:
        target = repo.path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    return step


def un_event(date: str, more: str = "") -> Step:
    """A timeline for un-norms, after its tags line (so its first event's date is on line 10),
    with one event citing the source of new-start's first event (line 27, 2011-02-05)."""
    return edit(UN, "tags: [un]", f'tags: [un]\ntimeline:\n  - date: "{date}"\n    title: "The treaty takes effect"\n    sources: [state-2011-new-start]{more}')


NEW_START_EVENT_ID = edit(NEW_START, '  - date: "2011-02-05"\n', '  - date: "2011-02-05"\n    id: new-start-in-force\n')


def shown_twice(add: str) -> str:
    """The report on un_event("2011-02-05"), `add` saying which id to add."""
    return (
        "briefs/cyber-norms/un-norms.md:10: warning: timeline[1]: may be the event that briefs/arms-control/new-start.md records "
        "on line 27 (same date, 2011-02-05, and source 'state-2011-new-start'), which the timeline would then show twice "
        f"— expected one event id shared by both (if it is the same event, {add}; if not, give the two events different ids)"
    )


def transform_bytes(path: str, change: Callable[[bytes], bytes]) -> Step:
    def step(repo) -> None:
        target = repo.path / path
        target.write_bytes(change(target.read_bytes()))

    return step


def copy(source: str, target: str, change: Callable[[str], str] = lambda text: text) -> Step:
    return lambda repo: repo.write(target, change(repo.read(source)))


def delete(path: str) -> Step:
    return lambda repo: (repo.path / path).unlink()


def un_body(text: str) -> Step:
    """Put `text` at the start of un-norms' only section (line 20 onwards)."""
    return edit(UN, "Eleven norms were agreed", text + "\n\nEleven norms were agreed")


# -- the catalogue -------------------------------------------------------------------------------

CASES: list[Case] = [
    # ---- a brief that cannot be read -------------------------------------------------------
    case(
        "yaml-unclosed-flow-list",
        edit(UN, "tags: [un]", "tags: [un"),
        "briefs/cyber-norms/un-norms.md:9:14: YAML: syntax error: expected ',' or ']', but got ':'",
        ONE_ERROR,
    ),
    case(
        "yaml-colon-in-plain-value",
        edit(UN, 'title: "UN cyber norms"', "title: UN: cyber norms"),
        "briefs/cyber-norms/un-norms.md:2:10: YAML: syntax error: mapping values are not allowed here",
        ONE_ERROR,
    ),
    case(
        "tab-indentation",
        edit(UN, "theme: cyber-norms", "\ttheme: cyber-norms"),
        "briefs/cyber-norms/un-norms.md:3:1: YAML: syntax error: found character '\\t' that cannot start any token (YAML does not allow tabs; indent with spaces)",
        ONE_ERROR,
    ),
    case(
        "no-front-matter",
        write(UN, "# UN cyber norms\n\nText.\n"),
        "briefs/cyber-norms/un-norms.md:1: front matter: is missing — expected the file to start with a '---' line, then the fields, then '---'",
        ONE_ERROR,
    ),
    case(
        "front-matter-not-closed",
        write(UN, "---\ntitle: x\n\nText.\n"),
        "briefs/cyber-norms/un-norms.md:1: front matter: is not closed — expected a '---' line after the last field",
        ONE_ERROR,
    ),
    case(
        "empty-file",
        write(UN, ""),
        "briefs/cyber-norms/un-norms.md:1: file: is empty — expected front matter between '---' lines, then the body",
        ONE_ERROR,
    ),
    case(
        "not-utf8",
        transform_bytes(UN, lambda data: data.replace(b"Eleven norms", "Onze normes adopt\xe9es".encode("latin-1"))),
        "briefs/cyber-norms/un-norms.md:20: file: is not valid UTF-8 (byte 0xe9) — expected UTF-8 text (re-save the file as UTF-8)",
        ONE_ERROR,
    ),
    case(
        "byte-order-mark",
        transform_bytes(UN, lambda data: b"\xef\xbb\xbf" + data),
        "briefs/cyber-norms/un-norms.md:1: file: starts with a byte-order mark — expected UTF-8 without BOM (re-save the file as UTF-8 without BOM)",
        ONE_ERROR,
    ),
    case(
        "crlf-line-endings",
        transform_bytes(UN, lambda data: data.replace(b"\n", b"\r\n")),
        "briefs/cyber-norms/un-norms.md:1: file: has Windows (CRLF) line endings — expected LF line endings (set your editor to LF, or run: git config core.autocrlf input)",
        ONE_ERROR,
    ),
    case(
        "nul-character-in-body",
        edit(UN, "Eleven norms", "Eleven\x00norms"),
        "briefs/cyber-norms/un-norms.md:20: file: contains the invisible control character U+0000 — expected printable text (delete it; such characters often come in with text pasted from a PDF)",
        ONE_ERROR,
    ),
    case(
        "control-character-in-front-matter",
        edit(UN, 'title: "UN cyber norms"', 'title: "UN cyber\x07norms"'),
        "briefs/cyber-norms/un-norms.md:2: file: contains the invisible control character U+0007 — expected printable text (delete it; such characters often come in with text pasted from a PDF)",
        ONE_ERROR,
    ),
    case(
        "line-separator-shifts-yaml-lines",
        edit(UN, 'title: "UN cyber norms"', 'title: "UN cyber\u2028norms"'),
        "briefs/cyber-norms/un-norms.md:2: file: contains the invisible control character U+2028 — expected printable text (delete it; such characters often come in with text pasted from a PDF)",
        ONE_ERROR,
    ),
    case(
        "brief-larger-than-any-sensible-size",
        edit(UN, "Eleven norms", "Eleven norms " + "padding " * 25_000),
        "briefs/cyber-norms/un-norms.md:1: file: is 200,480 bytes long — expected at most 200,000 bytes (split it into several briefs)",
        ONE_ERROR,
    ),
    case(
        "brief-outside-a-theme-folder",
        copy(UN, "briefs/stray.md"),
        "briefs/stray.md:1: file: is not in a theme folder — expected briefs/<theme>/<id>.md",
        "7 files checked: 1 error, 0 warnings.",
    ),
    case(
        "front-matter-is-a-list",
        write(UN, "---\n- title\n- theme\n---\n\nText.\n"),
        "briefs/cyber-norms/un-norms.md:2: front matter: expected fields (name: value), got a list",
        ONE_ERROR,
    ),
    case(
        "front-matter-is-empty",
        write(UN, "---\n---\n\nText.\n"),
        "briefs/cyber-norms/un-norms.md:2: front matter: expected fields (name: value), got nothing (the value is empty)",
        ONE_ERROR,
    ),
    case(
        "duplicate-field",
        edit(UN, "tags: [un]", "tags: [un]\ntheme: cyber-norms"),
        "briefs/cyber-norms/un-norms.md:9: theme: duplicate field (each field may appear once; remove one)",
        ONE_ERROR,
    ),
    # ---- fields: unknown, missing, wrong type -----------------------------------------------
    case(
        "unknown-field",
        edit(UN, "tags: [un]", "tags: [un]\npriority: high"),
        "briefs/cyber-norms/un-norms.md:9: priority: unknown field 'priority' — remove it or correct its name",
        ONE_ERROR,
    ),
    case(
        "misspelt-field",
        edit(UN, "summary:", "summry:"),
        "briefs/cyber-norms/un-norms.md:2: summary: required field is missing — add it: 1–3 sentences, ≤ 80 words, bottom line first: shown in cards, handouts, feeds",
        "briefs/cyber-norms/un-norms.md:4: summry: unknown field 'summry' — remove it or correct its name (did you mean 'summary'?)",
        "6 files checked: 2 errors, 0 warnings.",
    ),
    case(
        "missing-required-field",
        edit(UN, 'title: "UN cyber norms"\n', ""),
        "briefs/cyber-norms/un-norms.md:2: title: required field is missing — add it: headline, ≤ 120 characters",
        ONE_ERROR,
    ),
    case(
        "title-is-a-list",
        edit(UN, 'title: "UN cyber norms"', "title: [UN, cyber, norms]"),
        "briefs/cyber-norms/un-norms.md:2: title: expected text, got a list",
        ONE_ERROR,
    ),
    case(
        "title-is-a-number",
        edit(UN, 'title: "UN cyber norms"', "title: 1234"),
        "briefs/cyber-norms/un-norms.md:2: title: 1234 is read as the number 1234, not as text — expected text (put it in quotes: \"1234\")",
        ONE_ERROR,
    ),
    case(
        "title-is-an-unquoted-date",
        edit(UN, 'title: "UN cyber norms"', "title: 2015-07-22"),
        "briefs/cyber-norms/un-norms.md:2: title: 2015-07-22 is read as the date 2015-07-22, not as text — expected text (put it in quotes: \"2015-07-22\")",
        ONE_ERROR,
    ),
    case(
        "authors-is-a-string",
        edit(UN, 'authors: ["Test Author"]', "authors: Test Author"),
        "briefs/cyber-norms/un-norms.md:7: authors: expected a list, got the text 'Test Author' (write [Test Author] or put each item on its own '- ' line)",
        ONE_ERROR,
    ),
    case(
        "key-judgment-is-a-string",
        edit(UN, '  - text: "The norms are voluntary."\n    confidence: high\n    sources: [un-2015-gge-report]', '  - "The norms are voluntary."'),
        "briefs/cyber-norms/un-norms.md:10: key_judgments[1]: expected a mapping of fields, got the text 'The norms are voluntary.'",
        ONE_ERROR,
    ),
    case(
        "yaml11-boolean-no-as-status",
        edit(UN, "status: published", "status: no"),
        "briefs/cyber-norms/un-norms.md:5: status: no is read as the boolean false, not as text — expected one of: draft, published, archived",
        ONE_ERROR,
    ),
    case(
        "yaml11-boolean-on-as-title",
        edit(UN, 'title: "UN cyber norms"', "title: on"),
        'briefs/cyber-norms/un-norms.md:2: title: on is read as the boolean true, not as text — expected text (put it in quotes: "on")',
        ONE_ERROR,
    ),
    case(
        "yaml11-boolean-yes-as-author",
        edit(UN, 'authors: ["Test Author"]', "authors: [yes]"),
        'briefs/cyber-norms/un-norms.md:7: authors[1]: yes is read as the boolean true, not as text — expected text (put it in quotes: "yes")',
        ONE_ERROR,
    ),
    case(
        "misspelt-status",
        edit(UN, "status: published", "status: publshed"),
        "briefs/cyber-norms/un-norms.md:5: status: unknown value 'publshed' — expected one of: draft, published, archived (did you mean 'published'?)",
        ONE_ERROR,
    ),
    case(
        "unknown-confidence",
        edit(UN, "confidence: moderate", "confidence: medium"),
        "briefs/cyber-norms/un-norms.md:14: key_judgments[2].confidence: unknown value 'medium' — expected one of: low, moderate, high",
        ONE_ERROR,
    ),
    case(
        "one-key-judgment",
        edit(UN, '  - text: "Russia backs a parallel track."\n    confidence: moderate\n    sources: [un-2015-gge-report]\n', ""),
        "briefs/cyber-norms/un-norms.md:9: key_judgments: has 1 item — expected at least 2",
        ONE_ERROR,
    ),
    case(
        "six-key-judgments",
        edit(UN, "key_judgments:\n", "key_judgments:\n" + '  - text: "More."\n    confidence: low\n    sources: [un-2015-gge-report]\n' * 4),
        "briefs/cyber-norms/un-norms.md:9: key_judgments: has 6 items — expected at most 5",
        ONE_ERROR,
    ),
    case(
        "title-too-long",
        edit(UN, 'title: "UN cyber norms"', f'title: "{"UN cyber norms " * 9}"'),
        "briefs/cyber-norms/un-norms.md:2: title: is 135 characters long — expected at most 120",
        ONE_ERROR,
    ),
    case(
        "summary-too-many-words",
        edit(UN, "summary: The UN agreed eleven voluntary norms in 2015.", "summary: " + "word " * 81),
        "briefs/cyber-norms/un-norms.md:4: summary: has 81 words — expected at most 80",
        ONE_ERROR,
    ),
    case(
        "empty-source-key",
        edit(UN, "    confidence: high\n    sources: [un-2015-gge-report]", '    confidence: high\n    sources: [""]'),
        "briefs/cyber-norms/un-norms.md:12: key_judgments[1].sources[1]: is empty — expected a source id from briefs/sources.yml",
        ONE_ERROR,
    ),
    case(
        "blank-title",
        edit(UN, 'title: "UN cyber norms"', 'title: "  "'),
        "briefs/cyber-norms/un-norms.md:2: title: is empty — expected text",
        ONE_ERROR,
    ),
    # ---- dates ------------------------------------------------------------------------------
    case(
        "impossible-date",
        edit(UN, 'published: "2026-11-01"', "published: 2026-02-30"),
        "briefs/cyber-norms/un-norms.md:6: published: '2026-02-30' is not a valid date — expected \"YYYY-MM-DD\"",
        ONE_ERROR,
    ),
    case(
        "empty-date",
        edit(UN, 'published: "2026-11-01"', "published:"),
        'briefs/cyber-norms/un-norms.md:6: published: is empty — expected "YYYY-MM-DD"',
        ONE_ERROR,
    ),
    case(
        "date-with-a-time",
        edit(UN, 'published: "2026-11-01"', "published: 2026-11-01T10:00:00"),
        'briefs/cyber-norms/un-norms.md:6: published: a date is expected, not a date and time — expected "YYYY-MM-DD" (write the day only, in quotes: "2026-11-01")',
        ONE_ERROR,
    ),
    case(
        "month-thirteen-in-timeline",
        edit(NEW_START, 'date: "2023-02"', 'date: "2023-13"'),
        'briefs/arms-control/new-start.md:30: timeline[2].date: \'2023-13\' is not a valid date — expected "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
        ONE_ERROR,
    ),
    case(
        "updated-before-published",
        edit(UN, 'published: "2026-11-01"', 'published: "2026-11-01"\nupdated: "2026-10-01"'),
        "briefs/cyber-norms/un-norms.md:7: updated: 2026-10-01 is before published (2026-11-01) — expected a date on or after published",
        ONE_ERROR,
    ),
    case(
        "published-in-the-future",
        edit(UN, 'published: "2026-11-01"', 'published: "2027-01-01"'),
        "briefs/cyber-norms/un-norms.md:6: published: 2027-01-01 is in the future (today is 2026-11-22) — expected today's date or earlier (keep status: draft until it is published)",
        ONE_ERROR,
    ),
    case(
        "as-of-after-last-change",
        edit(UN, 'published: "2026-11-01"', 'published: "2026-11-01"\nas_of: "2026-11-05"'),
        "briefs/cyber-norms/un-norms.md:7: as_of: 2026-11-05 is after the brief's last change (2026-11-01) — expected the date the analysis reflects, not later than updated/published",
        ONE_ERROR,
    ),
    case(
        "review-by-before-published",
        edit(UN, 'published: "2026-11-01"', 'published: "2026-11-01"\nreview_by: "2026-01-01"'),
        "briefs/cyber-norms/un-norms.md:7: review_by: 2026-01-01 is not after published (2026-11-01) — expected a future review date",
        ONE_ERROR,
    ),
    case(
        "timeline-ends-before-it-starts",
        edit(NEW_START, 'end: "2023-03"', 'end: "2022-12"'),
        "briefs/arms-control/new-start.md:31: timeline[2].end: 2022-12 is before the start 2023-02 — expected an end on or after date",
        ONE_ERROR,
    ),
    # ---- ids and references across files ----------------------------------------------------
    case(
        "duplicate-id-across-files",
        [
            copy(UN, "briefs/arms-control/un-copy.md", lambda text: text.replace("theme: cyber-norms", "theme: arms-control")),
            copy(UN, "briefs/cyber-norms/un-copy.md"),
        ],
        "briefs/cyber-norms/un-copy.md:2: id: duplicate id 'un-copy' — already used by briefs/arms-control/un-copy.md (ids must be unique across the corpus)",
        "8 files checked: 1 error, 0 warnings.",
    ),
    case(
        "id-disagrees-with-file-name",
        edit(UN, 'title: "UN cyber norms"', 'id: un-cyber-norms\ntitle: "UN cyber norms"'),
        "briefs/cyber-norms/un-norms.md:2: id: 'un-cyber-norms' does not match the file name 'un-norms.md' — expected id 'un-norms' or the file renamed to un-cyber-norms.md",
        ONE_ERROR,
    ),
    case(
        "id-not-a-slug",
        edit(UN, 'title: "UN cyber norms"', 'id: "UN Norms"\ntitle: "UN cyber norms"'),
        "briefs/cyber-norms/un-norms.md:2: id: 'UN Norms' is not a valid id — expected lower-case letters, digits and single hyphens, e.g. 'new-start'",
        ONE_ERROR,
    ),
    case(
        "file-name-not-a-slug",
        copy(UN, "briefs/cyber-norms/UN_Norms_2.md"),
        "briefs/cyber-norms/UN_Norms_2.md:1: file: the name 'UN_Norms_2.md' is not a valid brief id — expected lower-case letters, digits and single hyphens, e.g. new-start.md",
        "7 files checked: 1 error, 0 warnings.",
    ),
    case(
        "unknown-theme",
        edit(UN, "theme: cyber-norms", "theme: cyber"),
        "briefs/cyber-norms/un-norms.md:3: theme: unknown theme 'cyber' — expected one of: arms-control, conflict-resolution, cyber-norms, eastern-neighbourhood, hybrid-warfare (did you mean 'cyber-norms'?)",
        ONE_ERROR,
    ),
    case(
        "theme-disagrees-with-folder",
        edit(UN, "theme: cyber-norms", "theme: arms-control"),
        "briefs/cyber-norms/un-norms.md:3: theme: 'arms-control' does not match the folder 'cyber-norms' — expected the file in briefs/arms-control/ or theme: cyber-norms",
        ONE_ERROR,
    ),
    case(
        "unknown-tag",
        edit(UN, "tags: [un]", "tags: [united-nations]"),
        "briefs/cyber-norms/un-norms.md:8: tags[1]: unknown tag 'united-nations' — expected one of: new-start, nuclear-arms-control, un",
        ONE_ERROR,
    ),
    case(
        "unknown-related-brief",
        edit(UN, "tags: [un]", "tags: [un]\nrelated: [new-strat]"),
        "briefs/cyber-norms/un-norms.md:9: related[1]: unknown brief id 'new-strat' — expected one of: draft-brief, new-start, un-norms (did you mean 'new-start'?)",
        ONE_ERROR,
    ),
    case(
        "related-to-itself",
        edit(UN, "tags: [un]", "tags: [un]\nrelated: [un-norms]"),
        "briefs/cyber-norms/un-norms.md:9: related[1]: a brief cannot be related to itself — remove it",
        ONE_ERROR,
    ),
    case(
        "unknown-source-in-key-judgment",
        edit(UN, "    sources: [un-2015-gge-report]\n  - text: \"Russia", "    sources: [un-2015-gge]\n  - text: \"Russia"),
        "briefs/cyber-norms/un-norms.md:12: key_judgments[1].sources: unknown source 'un-2015-gge' — expected a source id defined in briefs/sources.yml (did you mean 'un-2015-gge-report'?)",
        ONE_ERROR,
    ),
    case(
        "source-cited-but-not-defined",
        un_body("As reported [@nyt-2024-cyber]."),
        "briefs/cyber-norms/un-norms.md:20: body: unknown source 'nyt-2024-cyber' — expected a source id defined in briefs/sources.yml",
        ONE_ERROR,
    ),
    case(
        "citation-not-closed",
        un_body("As reported [@un-2015-gge-report and more."),
        f"briefs/cyber-norms/un-norms.md:20: body: malformed citation '[@un-2015-gge-report and more.': the citation is not closed with ']' — {CITATION_FORMS}",
        ONE_ERROR,
    ),
    case(
        "bare-citation-opener",
        edit(UN, "Compare [[new-start]].", "Compare [[new-start]]. [@"),
        f"briefs/cyber-norms/un-norms.md:20: body: malformed citation '[@': the citation is not closed with ']' — {CITATION_FORMS}",
        ONE_ERROR,
    ),
    case(
        "space-after-at",
        un_body("As reported [@ un-2015-gge-report]."),
        f"briefs/cyber-norms/un-norms.md:20: body: malformed citation '[@ un-2015-gge-report]': no space is allowed between '@' and the source key — {CITATION_FORMS}",
        ONE_ERROR,
    ),
    case(
        "trailing-semicolon-in-citation",
        un_body("As reported [@un-2015-gge-report;]."),
        f"briefs/cyber-norms/un-norms.md:20: body: malformed citation '[@un-2015-gge-report;]': each item must be '@key' or '@key, locator', separated by ';' — {CITATION_FORMS}",
        ONE_ERROR,
    ),
    case(
        "link-to-unknown-brief",
        edit(UN, "Compare [[new-start]].", "Compare [[new-strat]]."),
        "briefs/cyber-norms/un-norms.md:20: body: link to unknown brief 'new-strat' — expected [[brief-id]] or [[brief-id|text]] with an existing id (did you mean 'new-start'?)",
        ONE_ERROR,
    ),
    # A front matter that fails the schema, or cannot be read, leaves the rest checked: every
    # mistake in the first run, each reported once.
    case(
        "unknown-tag-beside-a-schema-fault",
        [edit(UN, "tags: [un]", "tags: [un, cyber]"), edit(UN, "confidence: high", "confidence: certain")],
        "briefs/cyber-norms/un-norms.md:8: tags[2]: unknown tag 'cyber' — expected one of: new-start, nuclear-arms-control, un",
        "briefs/cyber-norms/un-norms.md:11: key_judgments[1].confidence: unknown value 'certain' — expected one of: low, moderate, high",
        "6 files checked: 2 errors, 0 warnings.",
    ),
    case(
        "unknown-brief-link-beside-a-yaml-error",
        [edit(UN, "tags: [un]", "tags: [un"), edit(UN, "Compare [[new-start]].", "Compare [[new-strat]].")],
        "briefs/cyber-norms/un-norms.md:9:14: YAML: syntax error: expected ',' or ']', but got ':'",
        "briefs/cyber-norms/un-norms.md:20: body: link to unknown brief 'new-strat' — expected [[brief-id]] or [[brief-id|text]] with an existing id (did you mean 'new-start'?)",
        "6 files checked: 2 errors, 0 warnings.",
    ),
    case(
        "date-rules-beside-a-schema-fault",
        [
            edit(UN, "status: published", "status: publish"),
            edit(UN, "tags: [un]", 'tags: [un]\ntimeline:\n  - date: "2020-05"\n    end: "2020-04"\n    title: "x"\n    sources: [un-2015-gge-report]'),
        ],
        "briefs/cyber-norms/un-norms.md:5: status: unknown value 'publish' — expected one of: draft, published, archived (did you mean 'published'?)",
        "briefs/cyber-norms/un-norms.md:11: timeline[1].end: 2020-04 is before the start 2020-05 — expected an end on or after date",
        "6 files checked: 2 errors, 0 warnings.",
    ),
    case(
        "no-date-rule-on-a-faulted-date",  # published is not a date: nothing to compare with it
        edit(UN, 'published: "2026-11-01"', 'published: "2026-11-31"\nupdated: "2026-10-01"\nreview_by: "2026-01-01"'),
        'briefs/cyber-norms/un-norms.md:6: published: \'2026-11-31\' is not a valid date — expected "YYYY-MM-DD"',
        ONE_ERROR,
    ),
    # ---- YAML mischief ----------------------------------------------------------------------
    case(
        "nested-thirty-levels",
        edit(UN, "tags: [un]", "tags: [un]\nx: " + "[" * 30 + "]" * 30),
        "briefs/cyber-norms/un-norms.md:9: x" + "[1]" * 20 + ": nested more than 20 levels deep (flatten the structure)",
        ONE_ERROR,
    ),
    case(
        "nested-a-thousand-levels",
        edit(UN, "tags: [un]", "tags: [un]\nx: " + "[" * 1000 + "]" * 1000),
        "briefs/cyber-norms/un-norms.md:9:103: YAML: syntax error: nested more than 100 levels deep; flatten the structure",
        ONE_ERROR,
    ),
    case(
        "alias",
        edit(UN, "tags: [un]", "tags: &t [un]\nrelated: *t"),
        "briefs/cyber-norms/un-norms.md:9:10: YAML: syntax error: aliases ('*name') are not allowed; write the value out",
        ONE_ERROR,
    ),
    case(
        "merge-key",
        edit(UN, "tags: [un]", "tags: [un]\nextra: {<<: {a: 1}}"),
        "briefs/cyber-norms/un-norms.md:9: extra: merge keys ('<<') are not allowed (write the fields out)",
        ONE_ERROR,
    ),
    case(
        "python-object-tag",
        edit(UN, "tags: [un]", 'tags: !!python/object/apply:os.system ["echo pwned"]'),
        "briefs/cyber-norms/un-norms.md:8: tags: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed (briefs hold plain text, numbers, dates, lists and mappings; remove the tag)",
        ONE_ERROR,
    ),
    case(
        "custom-tag",
        edit(UN, 'title: "UN cyber norms"', 'title: !include secrets.txt'),
        "briefs/cyber-norms/un-norms.md:2: title: the YAML tag '!include' is not allowed (briefs hold plain text, numbers, dates, lists and mappings; remove the tag)",
        ONE_ERROR,
    ),
    # ---- unsafe HTML in a body --------------------------------------------------------------
    case(
        "script-tag",
        un_body("<script>alert(1)</script>"),
        f"briefs/cyber-norms/un-norms.md:20: body: HTML tag <script> is not allowed — {HTML_TAGS}",
        ONE_ERROR,
    ),
    case(
        "iframe-tag",
        un_body('Watch: <iframe src="https://example.org/"></iframe>'),
        f"briefs/cyber-norms/un-norms.md:20: body: HTML tag <iframe> is not allowed — {HTML_TAGS}",
        ONE_ERROR,
    ),
    case(
        "object-tag",
        un_body('<object data="https://example.org/x.swf"></object>'),
        f"briefs/cyber-norms/un-norms.md:20: body: HTML tag <object> is not allowed — {HTML_TAGS}",
        ONE_ERROR,
    ),
    case(
        "event-handler-attribute",
        un_body("A picture <img src=x onerror=alert(1)>."),
        "briefs/cyber-norms/un-norms.md:20: body: event-handler attribute 'onerror' on <img> is not allowed — expected no scripts in a brief (see docs/allowed-html.md)",
        ONE_ERROR,
    ),
    case(
        "event-handler-through-attribute-list",
        edit(UN, "## The norms", '## The norms {: onmouseover="alert(1)" }'),
        "briefs/cyber-norms/un-norms.md:18: body: event-handler attribute 'onmouseover' on <h2> is not allowed — expected no scripts in a brief (see docs/allowed-html.md)",
        ONE_ERROR,
    ),
    case(
        "style-attribute",
        un_body('<span style="position:fixed;top:0">Breaking</span>'),
        "briefs/cyber-norms/un-norms.md:20: body: attribute 'style' on <span> is not allowed — expected only class, id, lang, title (see docs/allowed-html.md)",
        ONE_ERROR,
    ),
    case(
        "javascript-url-in-markdown-link",
        un_body("[the report](javascript:alert(1))"),
        f"briefs/cyber-norms/un-norms.md:20: body: link to a 'javascript:' URL is not allowed — {URL_SCHEMES}",
        ONE_ERROR,
    ),
    case(
        "data-url-in-markdown-image",
        un_body("![chart](data:text/html;base64,PHNjcmlwdD4=)"),
        f"briefs/cyber-norms/un-norms.md:20: body: link to a 'data:' URL is not allowed — {URL_SCHEMES}",
        ONE_ERROR,
    ),
    case(
        "entity-encoded-javascript-url-in-html-link",
        un_body('<a href="&#106;avascript:alert(1)">the report</a>'),
        # the source spells it differently from the scheme, so the body's first line is given
        f"briefs/cyber-norms/un-norms.md:17: body: link to a 'javascript:' URL is not allowed — {URL_SCHEMES}",
        ONE_ERROR,
    ),
    case(
        "script-in-code-span-inside-raw-html-block",
        un_body("<div>\n`<script>alert(1)</script>`\n</div>"),
        f"briefs/cyber-norms/un-norms.md:21: body: HTML tag <script> is not allowed — {HTML_TAGS}",
        ONE_ERROR,
    ),
    case(
        "comment-that-browsers-close-early",
        un_body("<!--><script>alert(1)</script>-->"),
        "briefs/cyber-norms/un-norms.md:20: body: HTML comment with '<' or '>' inside is not allowed — expected <!-- plain text --> (see docs/allowed-html.md)",
        ONE_ERROR,
    ),
    # ---- registries -------------------------------------------------------------------------
    case(
        "themes-registry-missing",
        delete(THEMES),
        "briefs/themes.yml:1: file: is missing — expected the themes registry",
        "5 files checked: 1 error, 0 warnings.",
    ),
    case(
        "themes-registry-is-a-mapping",
        write(THEMES, "cyber-norms: Cyber norms\n"),
        "briefs/themes.yml:1: file: expected a list of themes, got a mapping",
        ONE_ERROR,
    ),
    case(
        "themes-registry-empty",
        write(THEMES, "\n"),
        "briefs/themes.yml:1: file: is empty — expected YAML data",
        ONE_ERROR,
    ),
    case(
        "themes-registry-duplicate-id",
        edit(THEMES, "- id: conflict-resolution", "- id: hybrid-warfare"),
        "briefs/themes.yml:15: [3].id: duplicate id 'hybrid-warfare' — ids must be unique; first defined on line 3",
        ONE_ERROR,
    ),
    case(
        "themes-registry-misspelt-field",
        edit(THEMES, "  title: Cyber norms", "  titel: Cyber norms"),
        "briefs/themes.yml:21: [4].title: required field is missing — add it",
        "briefs/themes.yml:22: [4].titel: unknown field 'titel' — remove it or correct its name (did you mean 'title'?)",
        "6 files checked: 2 errors, 0 warnings.",
    ),
    case(
        "sources-registry-syntax-error",
        edit(SOURCES, '  title: "New START Treaty"', '  title: "New START Treaty'),
        "briefs/sources.yml:4:15: YAML: syntax error: expected <block end>, but found '<scalar>'",
        ONE_ERROR,
    ),
    case(
        "sources-registry-tab",
        edit(SOURCES, "  type: webpage", "\ttype: webpage"),
        "briefs/sources.yml:2:1: YAML: syntax error: found character '\\t' that cannot start any token (YAML does not allow tabs; indent with spaces)",
        ONE_ERROR,
    ),
    case(
        "sources-registry-byte-order-mark",
        transform_bytes(SOURCES, lambda data: b"\xef\xbb\xbf" + data),
        "briefs/sources.yml:1: file: starts with a byte-order mark — expected UTF-8 without BOM (re-save the file as UTF-8 without BOM)",
        ONE_ERROR,
    ),
    case(
        "sources-registry-not-utf8",
        transform_bytes(SOURCES, lambda data: data.replace(b"Friends of Europe", "Amis de l'Europe \xe9".encode("latin-1"))),
        "briefs/sources.yml:11: file: is not valid UTF-8 (byte 0xe9) — expected UTF-8 text (re-save the file as UTF-8)",
        ONE_ERROR,
    ),
    case(
        "sources-registry-crlf",
        transform_bytes(SOURCES, lambda data: data.replace(b"\n", b"\r\n")),
        "briefs/sources.yml:1: file: has Windows (CRLF) line endings — expected LF line endings (set your editor to LF, or run: git config core.autocrlf input)",
        ONE_ERROR,
    ),
    case(
        "sources-registry-python-tag",
        edit(SOURCES, "  type: webpage", "  type: !!python/object/new:os.system [ls]"),
        "briefs/sources.yml:2: [1].type: the YAML tag 'tag:yaml.org,2002:python/object/new:os.system' is not allowed (briefs hold plain text, numbers, dates, lists and mappings; remove the tag)",
        ONE_ERROR,
    ),
    case(
        "sources-registry-alias",
        edit(SOURCES, '  publisher: "Friends of Europe"', "  publisher: *state"),
        "briefs/sources.yml:11:14: YAML: syntax error: aliases ('*name') are not allowed; write the value out",
        ONE_ERROR,
    ),
    case(
        "source-unknown-type",
        edit(SOURCES, "  type: report", "  type: blog"),
        "briefs/sources.yml:22: [4].type: unknown value 'blog' — expected one of: webpage, article-newspaper, article-magazine, article-journal, report, treaty, legislation, speech, post-weblog, book, document",
        ONE_ERROR,
    ),
    case(
        "source-javascript-url",
        edit(SOURCES, 'URL: "https://undocs.org/A/70/174"', 'URL: "javascript:alert(1)"'),
        "briefs/sources.yml:27: [4].URL: 'javascript:alert(1)' is not a web address — expected an https:// URL",
        ONE_ERROR,
    ),
    case(
        "source-data-archive-url",
        edit(SOURCES, 'URL: "https://undocs.org/A/70/174"', 'URL: "https://undocs.org/A/70/174"\n  archive_url: "data:text/html,<script>alert(1)</script>"'),
        "briefs/sources.yml:28: [4].archive_url: 'data:text/html,<script>alert(1)</script>' contains spaces, quotes or angle brackets — expected one web address (write a space as %20)",
        ONE_ERROR,
    ),
    case(
        "source-url-without-host",
        edit(SOURCES, 'URL: "https://undocs.org/A/70/174"', 'URL: "https:/undocs.org"'),
        "briefs/sources.yml:27: [4].URL: 'https:/undocs.org' is not a web address — expected an https:// URL",
        ONE_ERROR,
    ),
    case(
        "source-url-with-a-broken-host",  # urlsplit raises on an unbalanced '['; once a traceback
        edit(SOURCES, 'URL: "https://undocs.org/A/70/174"', 'URL: "https://[undocs.org/A/70/174"'),
        "briefs/sources.yml:27: [4].URL: 'https://[undocs.org/A/70/174' is not a web address — expected an https:// URL",
        ONE_ERROR,
    ),
    case(
        "source-url-breaking-out-of-its-attribute",
        edit(SOURCES, 'URL: "https://undocs.org/A/70/174"', "URL: 'https://undocs.org/\" onmouseover=\"alert(1)'"),
        "briefs/sources.yml:27: [4].URL: 'https://undocs.org/\" onmouseover=\"alert(1)' contains spaces, quotes or angle brackets — expected one web address (write a space as %20)",
        ONE_ERROR,
    ),
    case(
        "source-without-url-or-note",
        edit(SOURCES, '  URL: "https://undocs.org/A/70/174"\n', ""),
        "briefs/sources.yml:21: [4].URL: source 'un-2015-gge-report' has no URL and no note saying why — add the URL, or a note explaining that none exists",
        ONE_ERROR,
    ),
    case(
        "source-duplicate-id",
        edit(SOURCES, "- id: tass-2023-suspension", "- id: shea-2021-hope"),
        # the renamed entry's old id is really gone: the briefs citing it are told so
        "briefs/arms-control/new-start.md:21: key_judgments[2].sources: unknown source 'tass-2023-suspension' — expected a source id defined in briefs/sources.yml",
        "briefs/arms-control/new-start.md:33: timeline[2].sources: unknown source 'tass-2023-suspension' — expected a source id defined in briefs/sources.yml",
        "briefs/arms-control/new-start.md:40: body: unknown source 'tass-2023-suspension' — expected a source id defined in briefs/sources.yml",
        "briefs/sources.yml:14: [3].id: duplicate id 'shea-2021-hope' — ids must be unique; first defined on line 7",
        "6 files checked: 4 errors, 0 warnings.",
    ),
    case(
        "source-state-media-not-a-boolean",
        edit(SOURCES, "  state_media: true", "  state_media: maybe"),
        "briefs/sources.yml:20: [3].state_media: expected true or false, got the text 'maybe'",
        ONE_ERROR,
    ),
    case(
        "source-impossible-issued-date",
        edit(SOURCES, 'issued: "2011-02-05"', 'issued: "2011-02-30"'),
        'briefs/sources.yml:5: [1].issued: \'2011-02-30\' is not a valid date — expected "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
        ONE_ERROR,
    ),
    case(
        "tags-registry-is-a-list",
        write(TAGS, "- new-start\n- un\n"),
        "briefs/tags.yml:1: file: expected a mapping of tag: description, got a list",
        ONE_ERROR,
    ),
    case(
        "tags-registry-invalid-tag",
        edit(TAGS, "un: United Nations processes", "un: United Nations processes\nUN Security Council: The council"),
        "briefs/tags.yml:4: UN Security Council: 'UN Security Council' is not a valid tag — expected lower-case letters, digits and single hyphens",
        ONE_ERROR,
    ),
    case(
        "tags-registry-empty-description",
        edit(TAGS, "un: United Nations processes", "un:"),
        "briefs/tags.yml:3: un: expected a one-line description, got nothing (the value is empty)",
        ONE_ERROR,
    ),
    case(
        "tags-registry-boolean-description",
        edit(TAGS, "un: United Nations processes", "un: yes"),
        "briefs/tags.yml:3: un: expected a one-line description, got the boolean true",
        ONE_ERROR,
    ),
    case(
        "tags-registry-duplicate-tag",
        edit(TAGS, "un: United Nations processes", "un: United Nations processes\nun: Again"),
        "briefs/tags.yml:4: un: duplicate field (each field may appear once; remove one)",
        ONE_ERROR,
    ),
    case(
        "event-id-with-two-dates",
        [NEW_START_EVENT_ID, un_event("2011-02-06", "\n    id: new-start-in-force")],
        "briefs/cyber-norms/un-norms.md:10: timeline[1].date: event 'new-start-in-force' is dated 2011-02-06 here but 2011-02-05 "
        "in briefs/arms-control/new-start.md (line 27) — expected the same date and end wherever an event id is used "
        "(correct one of them, or give different events different ids)",
        ONE_ERROR,
    ),
    case(
        # Without a title or an id the event has no merge key: it is not compared with new-start's
        # event of the same day and source, which would add a warning to the error.
        "event-without-title-on-a-day-another-brief-records",
        [un_event("2011-02-05"), edit(UN, '    title: "The treaty takes effect"\n', "")],
        "briefs/cyber-norms/un-norms.md:10: timeline[1].title: required field is missing — add it: what happened, ≤ 140 characters",
        ONE_ERROR,
    ),
    # ---- warnings: the strict production build stops on these too ---------------------------
    case(
        "same-event-twice-in-the-timeline",
        un_event("2011-02-05"),
        shown_twice("give both the same id"),
        "6 files checked: 0 errors, 1 warning.",
    ),
    case(
        "same-event-twice-one-id",
        [NEW_START_EVENT_ID, un_event("2011-02-05")],
        shown_twice("add id: new-start-in-force here"),
        "6 files checked: 0 errors, 1 warning.",
    ),
    case(
        "source-over-http",
        edit(SOURCES, 'URL: "https://undocs.org/A/70/174"', 'URL: "http://undocs.org/A/70/174"'),
        "briefs/sources.yml:27: warning: [4].URL: source 'un-2015-gge-report' uses http — expected an https address (try the same address with https://)",
        "6 files checked: 0 errors, 1 warning.",
    ),
    case(
        "tag-listed-twice",
        edit(UN, "tags: [un]", "tags: [un, un]"),
        "briefs/cyber-norms/un-norms.md:8: warning: tags: 'un' is listed twice — remove one",
        "6 files checked: 0 errors, 1 warning.",
    ),
]
