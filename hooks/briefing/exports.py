"""Machine-readable exports: JSON for briefs and the timeline, CSL-JSON and BibTeX for sources,
an Atom feed of briefs. Deterministic: sorted keys, fixed order, no build timestamps beyond the
data's own dates, so two builds of one commit give identical files."""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape as xml_escape

from .corpus import Brief, Corpus
from .derive import MergedEvent, RelatedBrief, source_index
from .model import PartialDate, SourceMeta
from .sources import reference_text

API_VERSION = 1


def _json(data) -> str:
    # Compact: with `indent`, Python encodes in pure Python, five times slower than its C
    # encoder (a tenth of the build's own code at 1,000 briefs); readers of the API use tools.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def brief_record(brief: Brief, site_url: str, related: list[RelatedBrief]) -> dict:
    meta = brief.meta
    return {
        "id": brief.id,
        "title": meta.title,
        "url": absolute(site_url, brief.url),
        "theme": meta.theme,
        "secondary_themes": list(meta.secondary_themes),
        "summary": meta.summary,
        "status": meta.status,
        "published": meta.published.isoformat(),
        "updated": meta.updated.isoformat() if meta.updated else None,
        "as_of": meta.as_of.isoformat() if meta.as_of else None,
        "review_by": meta.review_by.isoformat() if meta.review_by else None,
        "authors": list(meta.authors),
        "tags": list(meta.tags),
        "key_judgments": [j.model_dump(mode="json") for j in meta.key_judgments],
        "key_facts": [f.model_dump(mode="json") for f in meta.key_facts],
        "timeline": [e.model_dump(mode="json", exclude_none=True) for e in meta.timeline],
        "sources": brief.cited_keys(),
        "related": [r.brief.id for r in related],
    }


def briefs_json(corpus: Corpus, site_url: str, related: dict[str, list[RelatedBrief]]) -> str:
    return _json({"version": API_VERSION, "briefs": [brief_record(b, site_url, related[b.id]) for b in corpus.briefs]})


def timeline_json(events: list[MergedEvent], site_url: str) -> str:
    return _json(
        {
            "version": API_VERSION,
            "order": "newest first",
            "events": [
                {
                    "anchor": e.anchor,
                    "date": e.date.iso(),
                    "precision": e.date.precision,
                    "end": e.end.iso() if e.end else None,
                    "title": e.title,
                    "themes": list(e.themes),
                    "briefs": [b.id for b in e.briefs],
                    "sources": list(e.sources),
                    "url": absolute(site_url, f"timeline/#{e.anchor}"),
                }
                for e in events
            ],
        }
    )


def _date_parts(date: PartialDate) -> dict:
    return {"date-parts": [[p for p in (date.year, date.month, date.day) if p]]}


def csl_names(source: SourceMeta) -> list[dict]:
    names = []
    for name in source.author:
        family, comma, given = name.partition(", ")
        names.append({"family": family, "given": given} if comma else {"literal": name})
    return names


def csl_item(source: SourceMeta) -> dict:
    item = {"id": source.id, "type": source.type, "title": source.title}
    if source.author:
        item["author"] = csl_names(source)
    for field, value in (("publisher", source.publisher), ("container-title", source.container_title),
                         ("URL", source.URL), ("note", source.note)):
        if value:
            item[field] = value
    if source.issued:
        item["issued"] = _date_parts(source.issued)
    if source.accessed:
        item["accessed"] = {"date-parts": [[source.accessed.year, source.accessed.month, source.accessed.day]]}
    return item


def sources_csl_json(corpus: Corpus) -> str:
    return _json([csl_item(corpus.sources[key]) for key in sorted(corpus.sources)])


_BIBTEX_TYPES = {
    "article-newspaper": "article",
    "article-magazine": "article",
    "article-journal": "article",
    "report": "techreport",
    "book": "book",
}
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def bibtex_escape(text: str) -> str:
    def replace(match: re.Match) -> str:
        char = match.group(1)
        return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(char, "\\" + char)

    return _BIBTEX_SPECIAL.sub(replace, text)


def bibtex_entry(source: SourceMeta) -> str:
    kind = _BIBTEX_TYPES.get(source.type, "misc")
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(source.title) + "}")]
    if source.author:
        names = [n if ", " in n else "{" + n + "}" for n in source.author]
        fields.append(("author", bibtex_escape(" and ".join(names)).replace(r"\{", "{").replace(r"\}", "}")))
    if kind == "article" and source.container_title:
        fields.append(("journal", bibtex_escape(source.container_title)))
    if source.publisher:
        fields.append(("institution" if kind == "techreport" else "publisher", bibtex_escape(source.publisher)))
    if source.issued:
        fields.append(("year", str(source.issued.year)))
        if source.issued.month:
            fields.append(("month", str(source.issued.month)))
    if source.URL:
        fields += [("url", source.URL), ("howpublished", r"\url{" + source.URL + "}")]
    if source.note:
        fields.append(("note", bibtex_escape(source.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{source.id},\n{body}\n}}\n"


def sources_bibtex(corpus: Corpus) -> str:
    return "\n".join(bibtex_entry(corpus.sources[key]) for key in sorted(corpus.sources))


def sources_json_index(corpus: Corpus) -> list[dict]:
    """Which briefs cite each source, for the sources page and tests."""
    return [
        {"id": u.source.id, "reference": reference_text(u.source), "cited_by": {b.id: n for b, n in u.citations}}
        for u in source_index(corpus)
    ]


def atom_feed(corpus: Corpus, site_url: str, site_name: str, limit: int = 50) -> str:
    """An Atom feed of briefs, most recently updated first."""
    briefs = corpus.latest(limit)
    updated = max((b.last_changed for b in briefs), default=None)
    entries = []
    for brief in briefs:
        url = absolute(site_url, brief.url)
        authors = "".join(f"<author><name>{xml_escape(a)}</name></author>" for a in brief.meta.authors)
        entries.append(
            "  <entry>\n"
            f"    <id>{xml_escape(url)}</id>\n"
            f"    <title>{xml_escape(brief.title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{xml_escape(url)}"/>\n'
            f"    <published>{brief.meta.published.isoformat()}T00:00:00Z</published>\n"
            f"    <updated>{brief.last_changed.isoformat()}T00:00:00Z</updated>\n"
            f"    {authors}\n"
            f'    <category term="{xml_escape(brief.theme)}"/>\n'
            f"    <summary>{xml_escape(brief.meta.summary)}</summary>\n"
            "  </entry>\n"
        )
    feed_url = absolute(site_url, "feed.xml")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>{xml_escape(feed_url)}</id>\n"
        f"  <title>{xml_escape(site_name)}</title>\n"
        f'  <link rel="self" href="{xml_escape(feed_url)}"/>\n'
        f'  <link rel="alternate" type="text/html" href="{xml_escape(absolute(site_url, ""))}"/>\n'
        f"  <updated>{updated.isoformat() if updated else '1970-01-01'}T00:00:00Z</updated>\n"
        + "".join(entries)
        + "</feed>\n"
    )
