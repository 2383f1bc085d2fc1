"""Render briefs and theme pages to the Markdown that MkDocs turns into the site.

The structured parts (header, summary, key judgments, key facts, timeline, sources) are HTML
built here with every front-matter value escaped; the body stays Markdown, with citations and
brief links rewritten. Material's own styles (admonitions, tables) carry the look; extra.css
adds the rest.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import yaml

from .citations import BriefLink, Citation, CitedItem, Found, rewrite_body
from .corpus import Brief, Corpus
from .derive import Backlink, MergedEvent, RelatedBrief, by_year, publisher_of, source_index
from .model import display_date
from .problems import plural
from .sources import author_names

CONFIDENCE_LABELS = {"low": "Low confidence", "moderate": "Moderate confidence", "high": "High confidence"}
# A theme page shows the newest events of its briefs, the timeline page all of them: with every
# event, a theme page of 1,000 briefs was 850 KB, most of its build time, and hard to read.
THEME_TIMELINE_EVENTS = 50
STATUS_LABELS = {"draft": "Draft — not published", "published": "Published", "archived": "Archived"}


def relative_url(from_url: str, to_url: str) -> str:
    """Link from the page at site-relative `from_url` to `to_url` (both directory URLs).

    What posixpath.relpath gives for such URLs, by string work alone: relpath makes both paths
    absolute against the working directory, which cost a tenth of a 1,000-brief build's own
    code (60,000 links). The property test compares the two."""
    source = [part for part in from_url.split("/") if part and part != "."]
    target = [part for part in to_url.split("/") if part and part != "."]
    common = 0
    while common < len(source) and common < len(target) and source[common] == target[common]:
        common += 1
    path = "/".join([".."] * (len(source) - common) + target[common:])
    return "./" if not path else path + ("/" if to_url.endswith("/") else "")


def time_tag(date: dt.date) -> str:
    return f'<time datetime="{date.isoformat()}">{display_date(date)}</time>'


def front_matter(fields: dict) -> str:
    # MkDocs and Material put page.title and meta.description into templates unescaped (Jinja
    # autoescape is off; Material treats titles as HTML), so text must arrive HTML-escaped.
    fields = {name: escape(value) if isinstance(value, str) else value for name, value in fields.items()}
    # A JSON object is a YAML flow mapping, and json.dumps is some thirty times faster than
    # yaml.safe_dump (a tenth of the build's own code at 1,000 briefs). YAML reads a few
    # characters that JSON leaves as they are (U+2028, U+0085 …) as line breaks: they are not
    # printable, so such text goes through PyYAML with every non-ASCII character escaped (written
    # raw, PyYAML's own output would fold U+0085 into a space).
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    if not text.isprintable():
        text = yaml.safe_dump(fields, allow_unicode=False, sort_keys=True, width=1 << 30).rstrip("\n")
    return f"---\n{text}\n---\n"


class CitationNumbers:
    """Numbers a brief's sources in reading order and hands out one anchor per citation."""

    def __init__(self, brief: Brief, corpus: Corpus):
        self.corpus = corpus
        self.number = {key: n for n, key in enumerate(brief.cited_keys(), start=1)}
        self.anchors: dict[int, list[str]] = defaultdict(list)

    def cite(self, items: tuple[CitedItem, ...]) -> str:
        links = []
        for item in items:
            n = self.number[item.key]
            anchor = f"cite-{n}-{len(self.anchors[n]) + 1}"
            self.anchors[n].append(anchor)
            source = self.corpus.sources[item.key]
            hover = escape(f"{author_names(source) + ': ' if source.author else ''}{source.title}")
            link = f'<a id="{anchor}" href="#source-{n}" title="{hover}">{n}</a>'
            links.append(link + (f", {escape(item.locator)}" if item.locator else ""))
        return f'<sup class="citation">[{"; ".join(links)}]</sup>'

    def cite_keys(self, keys: list[str]) -> str:
        return self.cite(tuple(CitedItem(k) for k in dict.fromkeys(keys)))


@dataclass(frozen=True)
class BriefContext:
    """What the rest of the corpus says about one brief, derived once per build."""

    related: list[RelatedBrief] = field(default_factory=list)
    referenced_by: list[Backlink] = field(default_factory=list)
    report_url: str = ""


def render_brief(
    brief: Brief,
    corpus: Corpus,
    today: dt.date,
    context: BriefContext = BriefContext(),
    generated: Callable[[str], str] = lambda markdown: markdown,
) -> str:
    """The Markdown page for `brief`, front matter included. `generated` is applied to the parts
    this function writes (not to the author's body): the site build uses it to spare them a
    second pass through Markdown (see site.defer_html_blocks)."""
    meta = brief.meta
    numbers = CitationNumbers(brief, corpus)
    theme = corpus.theme(meta.theme)
    parts = [
        front_matter({"title": meta.title, "description": meta.summary, "tags": list(meta.tags), "brief_id": brief.id}),
        f"# {escape(meta.title, quote=False)}\n",
        _header(brief, theme.title, today, context.report_url),
        f'<div class="admonition abstract brief-summary">\n<p class="admonition-title">Summary</p>\n<p>{escape(meta.summary)}</p>\n</div>\n',
        "## Key judgments {: #key-judgments }\n",
        '<ol class="key-judgments">\n'
        + "".join(
            f'<li><span class="confidence confidence--{j.confidence}">{CONFIDENCE_LABELS[j.confidence]}</span> '
            f"{escape(j.text)} {numbers.cite_keys(list(j.sources))}</li>\n"
            for j in meta.key_judgments
        )
        + "</ol>\n",
    ]
    if meta.key_facts:
        rows = "".join(
            f"<tr><th scope=\"row\">{escape(f.label)}</th><td>{escape(f.value)} {numbers.cite_keys([f.source])}</td></tr>\n"
            for f in meta.key_facts
        )
        parts += ["## Key facts {: #key-facts }\n", f'<table class="key-facts">\n<tbody>\n{rows}</tbody>\n</table>\n']

    def body_item(found: Found) -> str:
        if isinstance(found, Citation):
            return numbers.cite(found.items)
        if isinstance(found, BriefLink):
            target = corpus.brief(found.target)
            text = found.label or target.title
            href = posixpath.relpath(target.src_uri, posixpath.dirname(brief.src_uri))
            return f"[{_markdown_text(text)}]({href})"
        return found.text

    head_end = len(parts)
    parts.append(rewrite_body(brief.body, body_item, brief.found_in_body).strip() + "\n")
    if meta.timeline:
        events = "".join(
            f'<li><span class="event-date">{escape(e.date.display())}{" – " + escape(e.end.display()) if e.end else ""}</span> '
            f"{escape(e.title)} {numbers.cite_keys(list(e.sources))}</li>\n"
            for e in sorted(meta.timeline, key=lambda e: (e.date, e.title))
        )
        parts += ["## Timeline {: #timeline }\n", f'<ol class="brief-timeline">\n{events}</ol>\n']
    items = []
    index_url = relative_url(brief.url, "sources/")
    for key, n in numbers.number.items():
        back = " ".join(
            f'<a class="backref" href="#{a}" aria-label="Back to citation {n}, use {i}">↩</a>'
            for i, a in enumerate(numbers.anchors[n], start=1)
        )
        index_link = f'<a class="source-index-link" href="{index_url}#src-{key}">other briefs citing it</a>'
        items.append(f'<li id="source-{n}">{corpus.reference_html(key)} {back} · {index_link}</li>\n')
    parts += ["## Sources {: #sources }\n", f'<ol class="brief-sources">\n{"".join(items)}</ol>\n']
    if context.related:
        cards = "".join(brief_card(r.brief, brief.url, corpus.theme(r.brief.theme).title) for r in context.related)
        parts += ["## Related briefs {: #related }\n", f'<ul class="brief-cards">\n{cards}</ul>\n']
    if context.referenced_by:
        rows = "".join(
            f'<li><a href="{relative_url(brief.url, b.brief.url)}">{escape(b.brief.title)}</a>: '
            f'<q>{escape(b.sentence)}</q></li>\n'
            for b in context.referenced_by
        )
        parts += ["## Referenced by {: #referenced-by }\n", f'<ul class="referenced-by">\n{rows}</ul>\n']
    front, head = parts[0], "\n".join(parts[1:head_end])
    return "\n".join([front, generated(head), parts[head_end], generated("\n".join(parts[head_end + 1 :]))])


def _markdown_text(text: str) -> str:
    """Escape text for use inside a Markdown link label."""
    return escape(text).replace("[", "&#91;").replace("]", "&#93;").replace("*", "&#42;").replace("_", "&#95;")


def _header(brief: Brief, theme_title: str, today: dt.date, report_url: str = "") -> str:
    meta = brief.meta
    badges = [f'<span class="badge badge--{meta.status}">{STATUS_LABELS[meta.status]}</span>']
    if brief.is_due_for_review(today):
        badges.append(f'<span class="badge badge--review">Due for review since {display_date(meta.review_by)}</span>')
    dates = [("Published", time_tag(meta.published))]
    if brief.was_updated:
        dates.append(("Updated", time_tag(meta.updated)))
    if meta.as_of:
        dates.append(("Analysis as of", time_tag(meta.as_of)))
    if meta.review_by:
        dates.append(("Review by", time_tag(meta.review_by)))
    dates.append(("Authors", escape(", ".join(meta.authors))))
    rows = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in dates)
    return (
        '<div class="brief-header">\n'
        f'<p class="brief-kicker"><a href="../">{escape(theme_title)}</a> {" ".join(badges)}</p>\n'
        f'<dl class="brief-dates">{rows}</dl>\n'
        + (f'<p class="brief-actions"><a href="{escape(report_url)}">Report a problem with this brief</a></p>\n' if report_url else "")
        + "</div>\n"
    )


def brief_card(brief: Brief, from_url: str, show_theme: str = "") -> str:
    """One brief as a card in a list: title link, theme, summary, and the date it last changed,
    named as in the brief's header (a brief never updated says when it was published)."""
    theme = f'<span class="brief-card__theme">{escape(show_theme)}</span> · ' if show_theme else ""
    draft = ' <span class="badge badge--draft">Draft</span>' if brief.meta.status == "draft" else ""
    changed = "Updated" if brief.was_updated else "Published"
    return (
        f'<li class="brief-card"><a class="brief-card__title" href="{relative_url(from_url, brief.url)}">{escape(brief.title)}</a>{draft}\n'
        f'<p class="brief-card__meta">{theme}{changed} {time_tag(brief.last_changed)}</p>\n'
        f'<p class="brief-card__summary">{escape(brief.meta.summary)}</p></li>\n'
    )


def render_theme(theme_id: str, corpus: Corpus, theme_events: list[MergedEvent] | None = None) -> str:
    """The theme page: description, its briefs, then briefs from other themes that touch it."""
    theme = corpus.theme(theme_id)
    url = f"{theme_id}/"
    parts = [
        front_matter({"title": theme.title, "description": theme.description, "theme_id": theme_id}),
        f"# {escape(theme.title, quote=False)}\n",
        f'<p class="theme-description">{escape(theme.description)}</p>\n',
        "## Briefs\n",
    ]
    own = corpus.briefs_in(theme_id)
    if own:
        parts.append('<ul class="brief-cards">\n' + "".join(brief_card(b, url) for b in own) + "</ul>\n")
    else:
        parts.append("<p>No briefs on this theme yet.</p>\n")
    events = [e for e in theme_events if theme_id in e.themes] if theme_events is not None else []
    also = corpus.also_in(theme_id)
    if also:
        parts += [
            "## Also relevant\n",
            '<ul class="brief-cards">\n'
            + "".join(brief_card(b, url, corpus.theme(b.theme).title) for b in also)
            + "</ul>\n",
        ]
    if events:
        timeline_url = f'{relative_url(url, "timeline/")}?themes={theme_id}'
        if len(events) > THEME_TIMELINE_EVENTS:
            intro = (
                f"The {THEME_TIMELINE_EVENTS} newest of {len(events):,} events from this theme's briefs. "
                f'<a href="{timeline_url}">See all of them</a>, with the other themes if you wish.'
            )
        else:
            intro = f'Events from this theme\'s briefs, newest first. <a href="{timeline_url}">See them with the other themes</a>.'
        parts += [
            "## Timeline {: #timeline }\n",
            f"<p>{intro}</p>\n",
            _event_list(events[:THEME_TIMELINE_EVENTS], url, corpus, with_themes=False),
        ]
    return "\n".join(parts)


def _event_list(events: list[MergedEvent], from_url: str, corpus: Corpus, with_themes: bool = True) -> str:
    sources_url = relative_url(from_url, "sources/")
    items = []
    for event in events:
        when = escape(event.date.display()) + (" – " + escape(event.end.display()) if event.end else "")
        themes = " · ".join(escape(corpus.theme(t).title) for t in event.themes)
        in_briefs = ", ".join(
            f'<a href="{relative_url(from_url, b.url)}">{escape(b.title)}</a>' for b in event.briefs
        )
        sources = ", ".join(
            f'<a href="{sources_url}#src-{key}">{escape(_short_source(corpus, key))}</a>' for key in event.sources
        )
        theme_note = f'<span class="event-themes">{themes}</span><br>' if with_themes else ""
        items.append(
            f'<li id="{event.anchor}" data-themes="{" ".join(event.themes)}">'
            f'<span class="event-date">{when}</span> <a class="event-title" href="#{event.anchor}">{escape(event.title)}</a>'
            f'<div class="event-meta">{theme_note}In: {in_briefs}<br>Sources: {sources}</div></li>\n'
        )
    return f'<ol class="timeline-events">\n{"".join(items)}</ol>\n'


def _short_source(corpus: Corpus, key: str) -> str:
    source = corpus.sources[key]
    year = f", {source.issued.year}" if source.issued else ""
    return f"{publisher_of(source)}{year}"


def render_timeline(events: list[MergedEvent], corpus: Corpus) -> str:
    """/timeline/: every event of every brief, grouped by year, newest first, with a theme filter
    that works without JavaScript (all events shown) and keeps its state in the URL."""
    url = "timeline/"
    boxes = "".join(
        f'<label><input type="checkbox" name="themes" value="{t.id}" checked> {escape(t.title)}</label>\n'
        for t in corpus.themes
    )
    parts = [
        # Index pages repeat the briefs' own text: left out of search so results lead to briefs.
        front_matter({"title": "Timeline", "description": "Every dated event from every brief, merged into one chronology.", "search": {"exclude": True}}),
        "# Timeline\n",
        f"<p>{plural(len(events), 'event')} from every brief, merged into one chronology and grouped by year. "
        "The newest come first, because most readers want the latest developments; scroll down for the history. "
        "An event recorded by several briefs appears once and lists each of them.</p>\n",
        '<form class="timeline-filter" hidden>\n<fieldset>\n<legend>Show events from these themes</legend>\n'
        f"{boxes}</fieldset>\n</form>\n",
    ]
    for year, year_events in by_year(events):
        parts += [f"## {year} {{: #year-{year} }}\n", _event_list(year_events, url, corpus)]
    return "\n".join(parts)


def render_sources_page(corpus: Corpus) -> str:
    """/sources/: every source once, grouped by publisher, with the briefs that cite it."""
    url = "sources/"
    uses = source_index(corpus)
    groups: dict[str, list] = {}
    for use in uses:
        groups.setdefault(publisher_of(use.source), []).append(use)
    parts = [
        front_matter({"title": "Sources", "description": "Every source cited by the briefs, with the briefs that cite it.", "search": {"exclude": True}}),
        "# Sources\n",
        f"<p>{plural(len(uses), 'source')} cited by {plural(len(corpus.briefs), 'brief')}, grouped by publisher "
        "(A to Z). Each entry lists the briefs that cite it and how many times. The same list is available "
        'as <a href="../api/sources.json">CSL-JSON</a> and <a href="../sources.bib">BibTeX</a>.</p>\n',
    ]
    # A brief citing many sources is linked from each of them: its link is made once.
    links = {b.id: f'<a href="{relative_url(url, b.url)}">{escape(b.title)}</a>' for b in corpus.briefs}
    for publisher, group in groups.items():
        items = []
        for use in group:
            cited = ", ".join(f'{links[b.id]} ({plural(n, "citation")})' for b, n in use.citations)
            items.append(
                f'<li id="src-{use.source.id}">{corpus.reference_html(use.source.id)}'
                f'<br><span class="source-cited-by">Cited by: {cited or "no published brief"}</span></li>\n'
            )
        parts.append(
            f'<section class="source-group">\n<h2 class="source-group__title">{escape(publisher)}</h2>\n<ul class="source-list">\n{"".join(items)}</ul>\n</section>\n'
        )
    return "\n".join(parts)


def render_review_page(corpus: Corpus, today: dt.date) -> str:
    """/review/: for maintainers, the briefs past their review date, most overdue first."""
    overdue = sorted((b for b in corpus.briefs if b.is_due_for_review(today)), key=lambda b: (b.meta.review_by, b.id))
    upcoming = sorted(
        (b for b in corpus.briefs if b.meta.review_by and not b.is_due_for_review(today)),
        key=lambda b: (b.meta.review_by, b.id),
    )

    def rows(briefs: list[Brief]) -> str:
        return "".join(
            f'<tr><td><a href="{relative_url("review/", b.url)}">{escape(b.title)}</a></td>'
            f"<td>{time_tag(b.meta.review_by)}</td><td>{time_tag(b.last_changed)}</td></tr>\n"
            for b in briefs
        )

    head = "<thead><tr><th>Brief</th><th>Review by</th><th>Last changed</th></tr></thead>\n"
    parts = [
        front_matter({"title": "Review queue", "description": "Briefs due for review, for maintainers.", "search": {"exclude": True}}),
        "# Review queue\n",
        f"<p>As of {time_tag(today)}, {plural(len(overdue), 'brief')} {'is' if len(overdue) == 1 else 'are'} past "
        "the review date. Reviewing a brief means checking it against events since its <em>analysis as of</em> date, "
        "then setting a new <code>review_by</code> (and <code>updated</code>, if anything substantive changed).</p>\n",
        "## Due for review {: #overdue }\n",
        f'<table class="review-queue">\n{head}<tbody>\n{rows(overdue)}</tbody>\n</table>\n' if overdue else "<p>None.</p>\n",
        "## Coming up {: #upcoming }\n",
        f'<table class="review-queue">\n{head}<tbody>\n{rows(upcoming)}</tbody>\n</table>\n' if upcoming else "<p>None.</p>\n",
    ]
    return "\n".join(parts)


def render_latest(corpus: Corpus, from_url: str, count: int = 6) -> str:
    """The latest briefs across themes, for the home page."""
    cards = "".join(brief_card(b, from_url, corpus.theme(b.theme).title) for b in corpus.latest(count))
    return f'<ul class="brief-cards">\n{cards}</ul>\n'


def render_theme_list(corpus: Corpus, from_url: str) -> str:
    """The five themes with their descriptions and brief counts, for the home page."""
    items = "".join(
        f'<li class="theme-card"><a class="theme-card__title" href="{relative_url(from_url, t.id + "/")}">{escape(t.title)}</a> '
        f'<span class="theme-card__count">{plural(len(corpus.briefs_in(t.id)), "brief")}</span>\n'
        f"<p>{escape(t.description)}</p></li>\n"
        for t in corpus.themes
    )
    return f'<ul class="theme-cards">\n{items}</ul>\n'
