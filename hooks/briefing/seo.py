"""What search engines and link previews read: Open Graph tags and schema.org JSON-LD.

Material already writes the <title>, the meta description (from each page's summary) and the
canonical link; this adds the rest to <head>. Every value is escaped for its context: HTML
attributes for the tags, and `<` as \\u003c inside the JSON-LD block so no value can close it.
"""

from __future__ import annotations

import html
import json

from .corpus import Brief, Corpus


# Brief authors are plain names; these words mark a team or institution rather than a person.
_ORGANISATION_WORDS = ("team", "desk", "editorial", "institute", "office", "ministry", "department", "centre", "center")


def _author_type(name: str) -> str:
    return "Organization" if any(word in name.lower() for word in _ORGANISATION_WORDS) else "Person"


def brief_json_ld(brief: Brief, corpus: Corpus, url: str, site_name: str) -> dict:
    meta = brief.meta
    return {
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": meta.title,
        "name": meta.title,
        "description": meta.summary,
        "url": url,
        "inLanguage": "en",
        "datePublished": meta.published.isoformat(),
        "dateModified": brief.last_changed.isoformat(),
        "author": [{"@type": _author_type(a), "name": a} for a in meta.authors],
        "publisher": {"@type": "Organization", "name": site_name},
        "about": corpus.theme(meta.theme).title,
        "keywords": list(meta.tags),
        "isAccessibleForFree": True,
    }


def head_tags(*, title: str, description: str, url: str, site_name: str, article: bool, json_ld: dict | None = None) -> str:
    """Open Graph tags, and a JSON-LD block when `json_ld` is given. Arguments are plain text."""
    properties = [
        ("og:type", "article" if article else "website"),
        ("og:site_name", site_name),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
        ("og:locale", "en_GB"),
    ]
    tags = [f'<meta property="{name}" content="{html.escape(value, quote=True)}">' for name, value in properties if value]
    tags.append('<meta name="twitter:card" content="summary">')
    if json_ld is not None:
        data = json.dumps(json_ld, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
        tags.append(f'<script type="application/ld+json">{data}</script>')
    return "\n    ".join(tags) + "\n  "
