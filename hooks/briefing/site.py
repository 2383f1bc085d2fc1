"""One build of the site, independent of MkDocs: what pages exist, what they say, how they are
ordered. The MkDocs hook creates a `SiteBuild` in `on_config` and asks it everything else."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from urllib.parse import urlencode

from . import contributing, derive, exports, seo
from .contributing import contributing_page, has_guide
from .corpus import Brief, Corpus
# build_date lives in dates.py so that `briefing check` starts fast; re-exported for the hook and pdf.py.
from .dates import build_date  # noqa: F401
from .check_cache import CheckCache
from .gc_pause import gc_paused
from .forked import ForkedWorker
from .problems import format_report
from .render import (
    BriefContext,
    render_brief,
    render_latest,
    render_review_page,
    render_sources_page,
    render_theme,
    render_theme_list,
    render_timeline,
)
from .validate import CheckResult, check_corpus

# Markers a hand-written page (docs/index.md) can carry to receive generated lists.
PLACEHOLDERS = {
    "<!-- briefing:latest -->": render_latest,
    "<!-- briefing:themes -->": render_theme_list,
}


Made = tuple[str, list[str]]
"""A generated file's content and the HTML blocks set aside from it (see defer_html_blocks)."""

_BLOCK_MARKER = "<!-- briefing:block {} -->"
_MARKER_PATTERN = re.compile(r"<!-- briefing:block (\d+) -->")
# Briefs listed under each theme in the navigation (see SiteBuild.nav_briefs).
NAV_BRIEFS_PER_THEME = 25
# The navigation section (in mkdocs.yml) of the pages readers need not see: the guide goes first in it.
FOR_CONTRIBUTORS = "For contributors"


def defer_html_blocks(markdown: str, blocks: list[str] | None = None) -> tuple[str, list[str]]:
    """Take the top-level raw HTML blocks out of generated Markdown, leaving numbered markers.

    Generated pages are mostly HTML that this package has already rendered; Python-Markdown's
    raw-HTML handling (md_in_html's parser) costs time in proportion to its size for no change —
    the largest single cost in the profile of a 1,000-brief build — so those blocks skip it and
    are put back into the page's HTML (`restore_blocks`). Never for an author's body, whose HTML
    may need md_in_html. Blocks are appended to `blocks`, so one page can be done in parts."""
    blocks = [] if blocks is None else blocks
    head, separator, body = markdown.partition("\n---\n") if markdown.startswith("---\n") else ("", "", markdown)
    parts = body.split("\n\n")
    for index, part in enumerate(parts):
        text = part.strip("\n")
        if text.startswith("<") and not text.startswith("<!--"):
            parts[index] = _BLOCK_MARKER.format(len(blocks))
            blocks.append(text)
    return head + separator + "\n\n".join(parts), blocks


def restore_blocks(html: str, blocks: list[str]) -> str:
    """Put each block back in place of its marker; one pass (replacing the markers one by one
    copied a sources page of several megabytes a hundred times)."""
    if not blocks:
        return html
    restored: set[int] = set()

    def block(match: re.Match) -> str:
        index = int(match.group(1))
        if index >= len(blocks) or index in restored:  # not ours, or already put back once
            return match.group(0)
        restored.add(index)
        return blocks[index]

    return _MARKER_PATTERN.sub(block, html)


class InvalidCorpus(Exception):
    """The corpus has errors; the message is the whole located report."""


@dataclass
class SiteBuild:
    root: Path
    include_drafts: bool
    today: dt.date
    site_url: str = "http://127.0.0.1:8000/"
    site_name: str = "Russia Policy Briefings"
    repo_url: str = ""
    check: CheckResult = field(init=False)
    corpus: Corpus = field(init=False)

    @gc_paused()
    def __post_init__(self) -> None:
        self.check = check_corpus(self.root, self.today, CheckCache.for_repository(self.root))
        if self.check.corpus is None:
            raise InvalidCorpus(format_report(self.check.problems, self.check.files_checked))
        corpus = self.check.corpus
        self.corpus = corpus if self.include_drafts else corpus.without_drafts()
        self.deferred: dict[str, list[str]] = {}
        self.page_worker = ForkedWorker({}, fork=False)

    # Derived once per build, shared by every page and export; computed where the pages are
    # made, which is the page worker's process when there is one (see start_pages).
    @functools.cached_property
    def related(self) -> dict:
        return derive.related_briefs(self.corpus)

    @functools.cached_property
    def backlinks(self) -> dict:
        return derive.backlinks(self.corpus)

    @functools.cached_property
    def timeline(self) -> list:
        return derive.merged_timeline(self.corpus.briefs)

    def edit_url(self, brief: Brief) -> str:
        return f"{self.repo_url.rstrip('/')}/edit/main/{brief.path}" if self.repo_url else ""

    def report_url(self, brief: Brief) -> str:
        if not self.repo_url:
            return ""
        query = urlencode(
            {
                "title": f"Problem in brief {brief.id}: {brief.title}",
                "body": f"Brief: {brief.id} ({exports.absolute(self.site_url, brief.url)})\n\nWhat is wrong, and where:\n",
            }
        )
        return f"{self.repo_url.rstrip('/')}/issues/new?{query}"

    def head_tags(self, page_url: str, title: str, description: str, brief_id: str | None) -> str:
        """Open Graph and JSON-LD for one page; `title` and `description` as plain text."""
        url = exports.absolute(self.site_url, page_url)
        if brief_id and self.corpus.has_brief(brief_id):
            brief = self.corpus.brief(brief_id)
            data = seo.brief_json_ld(brief, self.corpus, url, self.site_name)
            return seo.head_tags(title=brief.title, description=brief.meta.summary, url=url, site_name=self.site_name, article=True, json_ld=data)
        return seo.head_tags(title=title, description=description, url=url, site_name=self.site_name, article=False)

    def page_makers(self) -> dict[str, Callable[[], Made]]:
        """Every generated file, in the order MkDocs reads them (pages first, then the files it
        copies): src_uri -> the function that makes its content (Markdown pages, JSON, BibTeX,
        the feed) and the HTML blocks set aside from it."""
        corpus = self.corpus
        # Briefs first: the page worker then starts with the pages that are most of the build,
        # and makes the costlier whole-corpus pages (sources, timeline) while MkDocs renders them.
        makers: dict[str, Callable[[], Made]] = {b.src_uri: functools.partial(self.brief_page, b) for b in corpus.briefs}
        for theme in corpus.themes:
            makers[f"{theme.id}/index.md"] = lambda t=theme.id: defer_html_blocks(render_theme(t, corpus, self.timeline))
        makers["timeline.md"] = lambda: defer_html_blocks(render_timeline(self.timeline, corpus))
        makers["sources.md"] = lambda: defer_html_blocks(render_sources_page(corpus))
        makers["review.md"] = lambda: defer_html_blocks(render_review_page(corpus, self.today))
        if has_guide(self.root):
            makers[contributing.PAGE] = lambda: defer_html_blocks(contributing_page(self.root))
        exported = {
            "api/briefs.json": lambda: exports.briefs_json(corpus, self.site_url, self.related),
            "api/timeline.json": lambda: exports.timeline_json(self.timeline, self.site_url),
            "api/sources.json": lambda: exports.sources_csl_json(corpus),
            "sources.bib": lambda: exports.sources_bibtex(corpus),
            "feed.xml": lambda: exports.atom_feed(corpus, self.site_url, self.site_name),
        }
        for src_uri, export in exported.items():
            makers[src_uri] = lambda export=export: (export(), [])
        return makers

    def brief_page(self, brief: Brief) -> Made:
        context = BriefContext(self.related[brief.id], self.backlinks.get(brief.id, []), self.report_url(brief))
        blocks: list[str] = []
        markdown = render_brief(brief, self.corpus, self.today, context, generated=lambda md: defer_html_blocks(md, blocks)[0])
        return markdown, blocks

    def start_pages(self, fork: bool = True) -> None:
        """Start making the generated files: in a forked page worker when `fork` (the MkDocs
        build, so that they are made while MkDocs renders), else here as each is asked for.
        Each is then taken with `page()`; `stop_pages()` ends the worker."""
        self.stop_pages()
        self.page_worker = ForkedWorker(self.page_makers(), fork)

    def generated_uris(self) -> list[str]:
        """The src_uris of the files start_pages() is making, in order."""
        return list(self.page_worker.makers)

    def page(self, src_uri: str) -> str:
        content, self.deferred[src_uri] = self.page_worker.get(src_uri)
        return content

    def stop_pages(self) -> None:
        self.page_worker.close()

    @gc_paused()
    def pages(self) -> dict[str, str]:
        """Every generated file made here, in this process: src_uri -> content."""
        self.start_pages(fork=False)
        return {src_uri: self.page(src_uri) for src_uri in self.generated_uris()}

    def nav_briefs(self, theme_id: str) -> list[Brief]:
        """The briefs a theme's navigation section lists: all of them, by title, while the theme
        has at most NAV_BRIEFS_PER_THEME; past that only the newest ones, newest first.

        Material renders the whole section of the page being built into that page, so a section
        of every brief makes each page's cost grow with the corpus and the build quadratic
        (measured: 1,000 briefs 53 s, 5,000 briefs 563 s, in plain MkDocs as in ours). A bounded
        section keeps it linear; the theme page lists every brief, with its summary and date."""
        briefs = self.corpus.briefs_in(theme_id)  # newest change first
        if len(briefs) <= NAV_BRIEFS_PER_THEME:
            return sorted(briefs, key=lambda b: b.title)
        return briefs[:NAV_BRIEFS_PER_THEME]

    def nav(self, hand_written: list) -> list:
        """The navigation: home first, then each theme with its briefs, then the other pages,
        the Contributing guide first among those for contributors (see FOR_CONTRIBUTORS)."""
        themes = [{t.title: [f"{t.id}/index.md"] + [b.src_uri for b in self.nav_briefs(t.id)]} for t in self.corpus.themes]
        generated = [{"Timeline": "timeline.md"}, {"Sources": "sources.md"}, {"Review queue": "review.md"}]
        rest = hand_written[1:]
        if has_guide(self.root):
            guide = {"Contributing": contributing.PAGE}
            section = next((i for i, entry in enumerate(rest) if isinstance(entry, dict) and FOR_CONTRIBUTORS in entry), None)
            if section is None:
                rest = [*rest, guide]
            else:
                rest[section] = {FOR_CONTRIBUTORS: [guide, *rest[section][FOR_CONTRIBUTORS]]}
        return hand_written[:1] + themes + generated + rest

    def outside_nav(self) -> set[str]:
        """The src_uris of the briefs the navigation does not list; they are built all the same."""
        listed = {b.src_uri for t in self.corpus.themes for b in self.nav_briefs(t.id)}
        return {b.src_uri for b in self.corpus.briefs} - listed

    def restore_blocks(self, html: str, src_uri: str) -> str:
        return restore_blocks(html, self.deferred.get(src_uri, []))

    def fill_placeholders(self, markdown: str, page_url: str) -> str:
        for marker, render in PLACEHOLDERS.items():
            if marker in markdown:
                markdown = markdown.replace(marker, render(self.corpus, page_url))
        return markdown
