"""One build of the site, independent of MkDocs: what pages exist, what they say, how they are
ordered. The MkDocs hook creates a `SiteBuild` in `on_config` and asks it everything else."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import Corpus
from .problems import format_report
from .render import render_brief, render_latest, render_theme, render_theme_list
from .validate import CheckResult, check_corpus

# Markers a hand-written page (docs/index.md) can carry to receive generated lists.
PLACEHOLDERS = {
    "<!-- briefing:latest -->": render_latest,
    "<!-- briefing:themes -->": render_theme_list,
}


class InvalidCorpus(Exception):
    """The corpus has errors; the message is the whole located report."""


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that two builds of one commit are identical."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass
class SiteBuild:
    root: Path
    include_drafts: bool
    today: dt.date
    check: CheckResult = field(init=False)
    corpus: Corpus = field(init=False)

    def __post_init__(self) -> None:
        self.check = check_corpus(self.root, self.today)
        if self.check.corpus is None:
            raise InvalidCorpus(format_report(self.check.problems, self.check.files_checked))
        corpus = self.check.corpus
        self.corpus = corpus if self.include_drafts else corpus.without_drafts()

    def pages(self) -> dict[str, str]:
        """Every generated page: src_uri -> Markdown."""
        pages = {f"{t.id}/index.md": render_theme(t.id, self.corpus) for t in self.corpus.themes}
        for brief in self.corpus.briefs:
            pages[brief.src_uri] = render_brief(brief, self.corpus, self.today)
        return pages

    def nav(self, hand_written: list) -> list:
        """The navigation: home first, then each theme with its briefs, then the other pages."""
        themes = [
            {t.title: [f"{t.id}/index.md"] + [b.src_uri for b in sorted(self.corpus.briefs_in(t.id), key=lambda b: b.title)]}
            for t in self.corpus.themes
        ]
        return hand_written[:1] + themes + hand_written[1:]

    def fill_placeholders(self, markdown: str, page_url: str) -> str:
        for marker, render in PLACEHOLDERS.items():
            if marker in markdown:
                markdown = markdown.replace(marker, render(self.corpus, page_url))
        return markdown
