"""The positional YAML loader: data, lines, and problems instead of exceptions."""

import datetime as dt

import pytest
from briefing import yamlpos
from briefing.yamlpos import dotted, parse_positioned, parse_yaml


def test_records_the_line_of_every_field_and_item():
    doc = parse_yaml("title: A\ntags:\n  - one\n  - two\nkey_judgments:\n  - text: x\n    confidence: high\n", "f.md", first_line=2)
    assert doc.data == {"title": "A", "tags": ["one", "two"], "key_judgments": [{"text": "x", "confidence": "high"}]}
    assert doc.lines[("title",)] == 2
    assert doc.lines[("tags", 1)] == 5
    assert doc.lines[("key_judgments", 0, "confidence")] == 8
    assert doc.line_of(("key_judgments", 0, "missing")) == 7
    assert doc.problems == []


def test_dates_become_dates_and_impossible_dates_stay_text():
    doc = parse_yaml("a: 2026-11-22\nb: 2026-02-30\nc: 2010-04\n", "f.md")
    assert doc.data == {"a": dt.date(2026, 11, 22), "b": "2026-02-30", "c": "2010-04"}


def test_remembers_bare_yaml11_booleans():
    doc = parse_yaml("status: no\nquoted: 'no'\n", "f.md")
    assert doc.data == {"status": False, "quoted": "no"}
    assert doc.raw_scalars == {("status",): "no"}


def test_syntax_error_has_line_and_column():
    doc = parse_yaml("title: A\ntags: [one, two\nsummary: x\n", "b.md", first_line=2)
    assert [str(p) for p in doc.problems] == [
        "b.md:4:8: YAML: syntax error: expected ',' or ']', but got ':'"
    ]


def test_tab_indentation_gets_a_hint():
    doc = parse_yaml("title: A\n\tsummary: x\n", "b.md")
    assert [str(p) for p in doc.problems] == [
        "b.md:2:1: YAML: syntax error: found character '\\t' that cannot start any token"
        " (YAML does not allow tabs; indent with spaces)"
    ]


def test_python_tags_and_aliases_and_duplicates_are_refused():
    doc = parse_yaml("a: !!python/object:os.system x\nb: 1\nb: 2\n", "b.md")
    assert [str(p) for p in doc.problems] == [
        "b.md:1: a: the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"
        " (briefs hold plain text, numbers, dates, lists and mappings; remove the tag)",
        "b.md:3: b: duplicate field (each field may appear once; remove one)",
    ]
    aliased = parse_yaml("a: &x [1, 2]\nb: *x\n", "c.md")
    assert [str(p) for p in aliased.problems] == [
        "c.md:2:4: YAML: syntax error: aliases ('*name') are not allowed; write the value out"
    ]


def test_deep_nesting_is_a_problem_not_a_crash():
    doc = parse_yaml("a: " + "[" * 30 + "]" * 30 + "\n", "d.md")
    assert [str(p) for p in doc.problems] == ["d.md:1: a[1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1][1]: nested more than 20 levels deep (flatten the structure)"]


def test_dotted_counts_items_from_one():
    assert dotted(("key_judgments", 0, "text")) == "key_judgments[1].text"
    assert dotted(()) == ""


# -- the quick reading (rapidyaml) and the positional loader agree -----------------------------------

PLAIN = "title: A\ntags: [one, two]\npublished: '2026-01-02'\nkey_judgments:\n  - text: x\n    confidence: high\n"


def test_a_plain_document_is_read_quickly_and_located_only_when_asked():
    doc = parse_yaml(PLAIN, "f.md", first_line=2)
    assert not doc.located
    assert doc.data == {"title": "A", "tags": ["one", "two"], "published": "2026-01-02", "key_judgments": [{"text": "x", "confidence": "high"}]}
    assert doc.line_of(("key_judgments", 0, "confidence")) == 7
    assert doc.located
    assert doc.lines == parse_positioned(PLAIN, "f.md", first_line=2).lines


def nested(levels: int) -> str:
    """A mapping nested `levels` deep in block style, one space of indentation a level."""
    return "".join(" " * i + f"k{i}:\n" for i in range(levels - 1)) + " " * (levels - 1) + f"k{levels - 1}: x\n"


@pytest.mark.parametrize(
    "text",
    [
        "a: 2026-01-02\n",  # a date, unless quoted
        "a: yes\n",  # YAML 1.1's true
        "a: 1e3\n",  # a number in YAML 1.2, text in 1.1
        "a: ~\n",
        "a: 012\n",  # octal in 1.1
        "a: '2026-01-02'\nb: 2026-01-02\n",  # the same text quoted once, plain once
        "a: 1\na: 2\n",  # a duplicate key
        "a:\tb\n",  # a tab: rapidyaml reads this whole text as one string
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "<<: {a: 1}\n",
        "---\na: 1\n",
        "? a\n: b\n",
        "a: [x, ?, y]\n",  # an empty explicit key in a flow sequence: rapidyaml reads '?' as text
        ": x\n",  # rapidyaml takes it; libyaml does not
        "a: 'x'#c\n",
        "a: |\n  x",  # a block scalar at the very end: rapidyaml adds a line break
        "a: \n>\n",  # libyaml takes it; rapidyaml does not
        "a: " + "[" * 21 + "]" * 21 + "\n",
        nested(21),
        "a: 'x\x01'\n",  # characters YAML does not allow: an ASCII control,
        "a: 'x\x7f'\n",
        "a: 'x\x9f'\n",  # a C1 control (0xC2 0x9F in UTF-8),
        "a: 'x\uffff'\n",  # a noncharacter (0xEF 0xBF 0xBF)
    ],
)
def test_documents_the_quick_reading_leaves_to_pyyaml(text, capfd):
    doc = parse_yaml(text, "f.md")
    expected = parse_positioned(text, "f.md")
    assert doc.located
    assert (doc.data, [str(p) for p in doc.problems], doc.lines) == (expected.data, [str(p) for p in expected.problems], expected.lines)
    assert capfd.readouterr().err == ""  # rapidyaml's own complaints never reach the contributor


def test_every_character_yaml_does_not_allow_is_written_with_a_byte_the_quick_reading_looks_for():
    """yamlpos looks for YAML's non-printable characters only in text whose UTF-8 holds one of
    _MAY_BEGIN_NON_PRINTABLE; every code point is tried (surrogates cannot be encoded)."""
    not_allowed = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and yamlpos._NON_PRINTABLE.match(chr(c))]
    # C0 controls but tab, LF and CR (29), DEL, C1 controls but NEL (31), U+FFFE and U+FFFF
    assert len(not_allowed) == 63
    looked_for = set(yamlpos._MAY_BEGIN_NON_PRINTABLE)
    assert [hex(c) for c in not_allowed if not set(chr(c).encode("utf-8")) & looked_for] == []


def test_nesting_up_to_the_limit_is_read_quickly_and_past_it_is_a_problem():
    assert not parse_yaml(nested(20), "f.md").located  # x stands 20 levels deep
    assert not parse_yaml("a: " + "[" * 19 + "x" + "]" * 19 + "\n", "f.md").located  # and here
    for deep in (nested(21), "a: " + "[" * 20 + "x" + "]" * 20 + "\n"):
        assert [p.message for p in parse_yaml(deep, "f.md").problems] == ["nested more than 20 levels deep"]
