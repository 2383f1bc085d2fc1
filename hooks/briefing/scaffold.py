"""The template behind `briefing new`: a brief that already passes `briefing check` except for
the placeholders it marks.

Placeholders start with `TODO` (see `validate.is_placeholder`), so `check` can list what is
left to write. The comment above each field is its description in `model.py`, the same text the
JSON Schema and the contributing guide show, so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

from .model import BriefMeta, KeyFact, KeyJudgment, TimelineEntry

MAX_SLUG_LENGTH = 60


def slugify(title: str) -> str:
    """A brief id from a title: 'New START: after expiry' -> 'new-start-after-expiry'.

    Accents and apostrophes are dropped ("Russia's" -> "russias"); any other character outside
    a–z and 0–9 separates words (so a title in Cyrillic gives ""). The id is cut at a word
    boundary near MAX_SLUG_LENGTH characters to keep URLs readable.
    """
    decomposed = unicodedata.normalize("NFKD", title.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'’")
    slug = ""
    for word in re.findall(r"[a-z0-9]+", plain):
        if slug and len(slug) + 1 + len(word) > MAX_SLUG_LENGTH:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _about(model, name: str, indent: str = "") -> str:
    """The field's description as a YAML comment line."""
    return f"{indent}# {model.model_fields[name].description}"


def brief_template(title: str, theme: str, today: dt.date) -> str:
    """The text of a new brief in `theme`, published today as a draft."""
    quoted_title = json.dumps(title, ensure_ascii=False)  # a JSON string is a valid YAML string
    date = f'"{today.isoformat()}"'
    b, j, f, t = BriefMeta, KeyJudgment, KeyFact, TimelineEntry
    lines = [
        "---",
        "# yaml-language-server: $schema=../../schema/brief.schema.json",
        "# Each field is explained by the comment above it. Replace every TODO with your own text:",
        "# `briefing check` lists the ones that are left. Lines starting with # are comments;",
        "# remove the # to use an optional field.",
        _about(b, "title"),
        f"title: {quoted_title}",
        _about(b, "theme"),
        f"theme: {theme}",
        _about(b, "secondary_themes"),
        "# secondary_themes: []",
        _about(b, "summary"),
        "summary: >-",
        "  TODO: the bottom line in one to three sentences — what happened, what it means, what",
        "  to watch.",
        _about(b, "status") + " Leave it as draft until an editor publishes the brief.",
        "status: draft",
        _about(b, "published"),
        f"published: {date}",
        _about(b, "updated"),
        f"# updated: {date}",
        _about(b, "as_of"),
        f"# as_of: {date}",
        _about(b, "review_by") + " Usually six months after publication.",
        f"# review_by: {date}",
        _about(b, "authors"),
        'authors: ["TODO: your name"]',
        _about(b, "tags") + " Add a new tag there in the same pull request.",
        "tags: []",
        _about(b, "related"),
        "related: []",
        _about(b, "key_judgments"),
        "key_judgments:",
        _about(j, "text", "  "),
        '  - text: "TODO: your first key judgment."',
        _about(j, "confidence", "    "),
        "    confidence: moderate",
        _about(j, "sources", "    ") + " Add new sources to briefs/sources.yml.",
        "    sources: [TODO]",
        '  - text: "TODO: your second key judgment."',
        "    confidence: moderate",
        "    sources: [TODO]",
        _about(b, "key_facts"),
        "# key_facts:",
        _about(f, "label", "#   "),
        '#   - label: ""',
        _about(f, "value", "#     "),
        '#     value: ""',
        _about(f, "source", "#     "),
        "#     source: source-id",
        _about(b, "timeline"),
        "# timeline:",
        _about(t, "date", "#   "),
        f"#   - date: {date}",
        _about(t, "title", "#     "),
        '#     title: ""',
        _about(t, "sources", "#     "),
        "#     sources: [source-id]",
        "---",
        "",
        "<!-- The body: 700 to 1,500 words in sections headed with two hashes. Every section cites",
        "     at least one source, as `[@source-id]`, `[@source-id, p. 3]` or `[@a; @b]`; link",
        "     another brief with `[[brief-id]]`. Rename and add sections as the question needs. -->",
        "",
        "## Background",
        "",
        "TODO: the context a reader needs to follow the rest, with a source for every claim.",
        "",
        "## Analysis",
        "",
        "TODO: the evidence behind each key judgment, and each side's position in its strongest form.",
        "",
        "## Outlook",
        "",
        "TODO: what to watch next, and the policy options with the people who hold them.",
        "",
    ]
    return "\n".join(lines)
