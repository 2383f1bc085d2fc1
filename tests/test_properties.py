"""Property-based tests: whatever a contributor (or a prankster) writes, the loader and validator
answer with a valid brief or with located problems — never with an exception."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from briefing.validate import _CONTROL_CHARACTER, _SECTION, SplitBrief, check_corpus, control_character, section_headings, split_brief, unsafe_html
from briefing.yamlpos import parse_positioned, parse_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, TODAY

BRIEF = "briefs/cyber-norms/un-norms.md"
# 300 examples where the issue asks (front matter and text into loader and validator), fewer where
# each example is a whole corpus check or a Markdown render, to keep the suite fast.
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER_EXAMPLES = settings(EXAMPLES, max_examples=100)

# The valid front matter of the fixture's un-norms brief: mutating one field of it reaches the
# rules past the schema (dates, themes, tags, sources), which random mappings rarely do.
VALID_FIELDS = {
    "title": "UN cyber norms",
    "theme": "cyber-norms",
    "summary": "The UN agreed eleven voluntary norms in 2015.",
    "status": "published",
    "published": "2026-11-01",
    "authors": ["Test Author"],
    "tags": ["un"],
    "key_judgments": [
        {"text": "The norms are voluntary.", "confidence": "high", "sources": ["un-2015-gge-report"]},
        {"text": "Russia backs a parallel track.", "confidence": "moderate", "sources": ["un-2015-gge-report"]},
    ],
}
FIELD_NAMES = sorted(VALID_FIELDS) + ["id", "updated", "as_of", "review_by", "related", "key_facts", "timeline", "secondary_themes", "tagz"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(["no", "on", "2026-02-30", "2027-01-01", "cyber-norms", "un", "un-2015-gge-report", "new-start", "high", "draft"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["text", "confidence", "sources", "date", "title", "label", "value", "source"]) | st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
# Fragments that start citations, links, code and HTML, mixed into arbitrary text.
body_fragments = st.sampled_from(
    ["[@", "]", "[@un-2015-gge-report]", "[@ x]", "[[", "]]", "[[new-start]]", "|", "`", "```\n", "\n", "\n\n", "## ", "<", ">",
     "<script>", "<img src=x onerror=alert(1)>", "<!--", "-->", "{: onclick=x }", "[x](javascript:y)", "<div>", "</div>", "&#106;", "@"]
)
bodies = st.lists(st.text(max_size=20) | body_fragments, max_size=25).map("".join)


def mutated_front_matter() -> st.SearchStrategy[str]:
    one_field = st.tuples(st.sampled_from(FIELD_NAMES), values).map(lambda fv: {**VALID_FIELDS, fv[0]: fv[1]})
    random_mapping = st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=10), values, max_size=8)
    as_yaml = (one_field | random_mapping).map(lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return as_yaml | st.text(max_size=200)  # and text that need not be YAML at all


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    shutil.copytree(FIXTURES / "good" / "briefs", root / "briefs")
    return root


def restore(root: Path) -> None:
    """Put back the two files the examples overwrite (one module-wide copy keeps examples fast)."""
    for relative in (BRIEF, "briefs/sources.yml"):
        shutil.copy(FIXTURES / "good" / relative, root / relative)


def assert_located(root: Path, result) -> None:
    """Every problem names a file of the repository, a line inside it, and fits on one line."""
    for problem in result.problems:
        path = root / problem.path
        assert path.is_file(), problem
        lines = path.read_bytes().count(b"\n") + 1
        assert 1 <= problem.line <= lines, problem
        assert "\n" not in str(problem) and "Traceback" not in str(problem), problem
    assert (result.corpus is None) == bool(result.errors)


@EXAMPLES
@given(front_matter=mutated_front_matter(), body=bodies)
def test_any_brief_gives_a_brief_or_located_problems(corpus_root, front_matter, body):
    restore(corpus_root)
    (corpus_root / BRIEF).write_bytes(f"---\n{front_matter}---\n{body}".encode("utf-8", "surrogatepass"))
    result = check_corpus(corpus_root, TODAY)
    assert_located(corpus_root, result)
    if result.corpus is not None:
        assert result.corpus.has_brief("un-norms")


@FEWER_EXAMPLES
@given(text=st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_any_registry_gives_entries_or_located_problems(corpus_root, text):
    """Arbitrary text as sources.yml; the good fixture's other files stay as they were."""
    restore(corpus_root)
    (corpus_root / "briefs/sources.yml").write_bytes(text.encode("utf-8", "surrogatepass"))
    result = check_corpus(corpus_root, TODAY)
    assert_located(corpus_root, result)


@EXAMPLES
@given(text=st.text(max_size=400), first_line=st.integers(min_value=1, max_value=50))
def test_the_yaml_loader_never_raises(text, first_line):
    doc = parse_yaml(text, "f.md", first_line=first_line)
    for problem in doc.problems:
        assert first_line <= problem.line <= first_line + text.count("\n") + len(text), problem
    if doc.problems:
        return
    assert all(line >= first_line for line in doc.lines.values())


# Pieces of YAML that the two readers could take differently: indicators, quotes, comments,
# block scalars, YAML 1.1 words and numbers, document markers.
yaml_pieces = st.sampled_from(
    list("ab:- '\"#[]{},|>\n.~=%?&*!@`\\\t") + ["R&D", "&a ", "*a", "!!str ", "\\n", "\\x41", "\\N", "\\\n", "  ", "\n  ", "\n- ", ": ", "- ", "''", "yes", "no", "null", "NULL", "2026-01-01", "1e3", "0x1",
     "012", "1:20", ".5", "-.inf", "True", "é", "x y", "---", "...", "a: ", "\n  b: ", "\n  - ", "|-\n", ">+\n", "'it''s'"]
)
# Lines a contributor writes: fields, items and flow lists whose values mix words with text that
# YAML 1.1 reads as a number, date or boolean when unquoted ("signed in 2010, the treaty").
typed_texts = st.sampled_from(["1998", "012", "yes", "2026-01-01", "~", "null", "1e3", "0x1", ".5", "1:20", "True", "-1"])
words = typed_texts.flatmap(lambda v: st.sampled_from([v, f"'{v}'", f'"{v}"'])) | st.sampled_from(["in", "the", "(", ")", ",", "#c", ":", "-", "?"])
phrases = st.lists(words, min_size=1, max_size=5).map(" ".join)
written_lines = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["a", "b", "1998", "yes"]), phrases).map(": ".join),
        phrases.map("- {}".format),
        st.lists(words, min_size=1, max_size=4).map(lambda items: "c: [" + ", ".join(items) + "]"),
        phrases.map("  {}".format),
    ),
    min_size=1,
    max_size=6,
).map(lambda lines: "\n".join(lines) + "\n")
dumped = st.tuples(values, st.sampled_from([None, "'", '"', "|", ">"]), st.booleans(), st.integers(min_value=10, max_value=80)).map(
    lambda a: yaml.safe_dump(a[0], default_style=a[1], default_flow_style=a[2], width=a[3], allow_unicode=True)
)


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (1 == 1.0 == True in Python)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)  # NaN


@EXAMPLES
@given(text=st.lists(yaml_pieces, max_size=30).map("".join) | dumped | written_lines)
def test_what_the_quick_reading_takes_pyyaml_reads_the_same(text):
    """yamlpos reads plain documents with rapidyaml and leaves the rest to PyYAML: whatever it
    takes must be exactly the data PyYAML gives, and a document PyYAML accepts."""
    doc = parse_yaml(text, "f.md")
    if doc.located:
        return
    expected = parse_positioned(text, "f.md")
    assert expected.problems == [] and same(doc.data, expected.data), (doc.data, expected.data)
    assert (doc.lines, doc.raw_scalars) == (expected.lines, expected.raw_scalars)


@FEWER_EXAMPLES
@given(body=bodies, first_line=st.integers(min_value=1, max_value=50))
def test_the_html_audit_never_raises_and_stays_in_the_body(body, first_line):
    for line, message, expected in unsafe_html(body, first_line):
        assert first_line <= line <= first_line + body.count("\n"), (line, message)
        assert message and expected


def test_a_date_strategy_value_is_really_checked(corpus_root):
    """The properties above can fail: an unquoted date where text belongs is a located error."""
    restore(corpus_root)
    (corpus_root / BRIEF).write_text("---\n" + yaml.safe_dump({**VALID_FIELDS, "title": dt.date(2020, 1, 1)}) + "---\nBody.\n")
    result = check_corpus(corpus_root, TODAY)
    assert [str(p) for p in result.problems] == [
        'briefs/cyber-norms/un-norms.md:19: title: 2020-01-01 is read as the date 2020-01-01, not as text — expected text (put it in quotes: "2020-01-01")'
    ]
    with pytest.raises(AssertionError):  # and the located-problem check itself can fail
        assert_located(corpus_root, type(result)(None, [result.problems[0].__class__(BRIEF, 999, "x", "y")], 1))


# Site URLs as the build writes them: "" for the home page, "a/b/" for a page, "api/x.json".
_segments = st.lists(st.sampled_from(["arms-control", "new-start", "sources", "api", "a", "b", "."]), max_size=4)
site_urls = st.builds(lambda parts, slash: "/".join(parts) + ("/" if parts and slash else ""), _segments, st.booleans())


@EXAMPLES
@given(from_url=site_urls, to_url=site_urls)
def test_relative_url_agrees_with_posixpath_relpath(from_url, to_url):
    """render.relative_url does by string work what posixpath.relpath did, much faster."""
    import posixpath

    from briefing.render import relative_url

    target = posixpath.relpath(to_url or ".", from_url or ".")
    expected = "./" if target == "." else target + ("/" if to_url.endswith("/") else "")
    assert relative_url(from_url, to_url) == expected


# Bodies made of the pieces the two shortcuts below look at: heading marks, line breaks, tabs,
# spaces, words, and each kind of character a file may not contain.
BODY_PIECES = st.lists(
    st.sampled_from(["##", "#", "## ", "###", "\n", "\n\n", "\t", " ", "word", "Title", "\x00", "\x1f", "\x85", "\u2028", "\xa0", "\ufffe", "é"]),
    max_size=40,
).map("".join)


@EXAMPLES
@given(st.one_of(BODY_PIECES, st.text(max_size=200)))
def test_section_headings_are_the_sections_pattern_finds(body):
    found = [(m.span(), m.groups()) for m in section_headings(body)]
    assert found == [(m.span(), m.groups()) for m in _SECTION.finditer(body)]


@EXAMPLES
@given(st.one_of(BODY_PIECES, st.text(max_size=200)))
def test_control_character_is_the_first_the_pattern_finds(text):
    found, expected = control_character(text, text.encode("utf-8")), _CONTROL_CHARACTER.search(text)
    if expected is None:
        assert found is None
    else:
        assert found is not None and (found.start(), found.group()) == (expected.start(), expected.group())


def split_by_lines(text: str) -> SplitBrief | str:
    """split_brief's definition, the way it was first written: by the file's lines."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return "missing"
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if closing is None:
        return "not closed"
    return SplitBrief("".join(line + "\n" for line in lines[1:closing]), "\n".join(lines[closing + 1 :]), closing + 2)


# Files as lines, so that opening and closing lines, and lines that only look like them, are common.
FILE_LINES = st.lists(st.sampled_from(["---", "--- ", "---\t", "----", " ---", "-- -", "", "a: 1", "x ---"]), max_size=10).map("\n".join)


@EXAMPLES
@given(st.one_of(FILE_LINES, st.text(max_size=200)))
def test_split_brief_splits_where_the_lines_do(text):
    assert split_brief(text) == split_by_lines(text)
