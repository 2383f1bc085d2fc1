"""The validated corpus: briefs, themes, sources and tags as immutable value objects."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .citations import Citation, scan_body
from .model import BriefMeta, SourceMeta, ThemeMeta
from .sources import reference_html


@dataclass(frozen=True)
class Brief:
    id: str
    path: str
    """Path of the Markdown file, relative to the repository root (e.g. briefs/arms-control/new-start.md)."""
    meta: BriefMeta
    body: str
    body_line: int
    """The line of the file on which the body starts."""

    def __repr__(self) -> str:
        return f"Brief({self.id!r}, theme={self.meta.theme!r}, status={self.meta.status!r})"

    @property
    def theme(self) -> str:
        return self.meta.theme

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def url(self) -> str:
        """Site-relative URL with a trailing slash (MkDocs' directory URLs)."""
        return f"{self.meta.theme}/{self.id}/"

    @property
    def src_uri(self) -> str:
        """Where the generated page lives among the site's documentation files."""
        return f"{self.meta.theme}/{self.id}.md"

    @property
    def was_updated(self) -> bool:
        """Whether the brief has changed substantively since it was published."""
        return self.meta.updated is not None and self.meta.updated != self.meta.published

    @property
    def last_changed(self) -> dt.date:
        return self.meta.updated or self.meta.published

    def is_due_for_review(self, today: dt.date) -> bool:
        return self.meta.review_by is not None and today > self.meta.review_by

    @functools.cached_property
    def found_in_body(self) -> tuple:
        """Citations, malformed citations and brief links in the body, scanned once per brief:
        validation, numbering, related briefs and the exports all ask for them."""
        return tuple(scan_body(self.body, self.body_line))

    def body_citations(self) -> list[Citation]:
        return [found for found in self.found_in_body if isinstance(found, Citation)]

    def cited_keys(self) -> list[str]:
        """Every source key the brief cites, in the order a reader meets them on the page:
        key judgments, key facts, body, timeline. Each key once."""
        keys: list[str] = []
        for judgment in self.meta.key_judgments:
            keys += judgment.sources
        keys += [fact.source for fact in self.meta.key_facts]
        keys += [item.key for citation in self.body_citations() for item in citation.items]
        for event in self.meta.timeline:
            keys += event.sources
        return list(dict.fromkeys(keys))


@dataclass(frozen=True)
class Corpus:
    themes: tuple[ThemeMeta, ...]
    sources: Mapping[str, SourceMeta]
    tags: Mapping[str, str]
    briefs: tuple[Brief, ...]
    _by_id: Mapping[str, Brief] = field(init=False, repr=False, compare=False)
    _references: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({b.id: b for b in self.briefs}))
        object.__setattr__(self, "_references", {})

    def reference_html(self, key: str) -> str:
        """The formatted reference of source `key` (sources.reference_html), made once: a
        source is listed on the page of every brief citing it, 34,000 times at 1,000 briefs."""
        html = self._references.get(key)
        if html is None:
            html = self._references[key] = reference_html(self.sources[key])
        return html

    def brief(self, brief_id: str) -> Brief:
        return self._by_id[brief_id]

    def has_brief(self, brief_id: str) -> bool:
        return brief_id in self._by_id

    def theme(self, theme_id: str) -> ThemeMeta:
        return next(t for t in self.themes if t.id == theme_id)

    def briefs_in(self, theme_id: str) -> list[Brief]:
        """Briefs whose primary theme is `theme_id`, newest change first, then by title."""
        found = [b for b in self.briefs if b.theme == theme_id]
        return sorted(found, key=lambda b: (-b.last_changed.toordinal(), b.title))

    def also_in(self, theme_id: str) -> list[Brief]:
        """Briefs that list `theme_id` among their secondary themes."""
        found = [b for b in self.briefs if theme_id in b.meta.secondary_themes]
        return sorted(found, key=lambda b: (-b.last_changed.toordinal(), b.title))

    def latest(self, count: int) -> list[Brief]:
        return sorted(self.briefs, key=lambda b: (-b.last_changed.toordinal(), b.title))[:count]

    def without_drafts(self) -> Corpus:
        return Corpus(self.themes, self.sources, self.tags, tuple(b for b in self.briefs if b.meta.status != "draft"))
