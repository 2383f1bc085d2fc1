"""PDF handouts: every published brief, and every theme, as a short dated document for paper.

A handout is built from the same Corpus as the site, with a print template made for paper
(templates/handout.html.j2 and templates/handout.css), not a capture of the web page:

    site/pdf/<brief-id>.pdf   one brief: header, summary, key judgments, key facts, body with
                              numbered citations, timeline, sources with their URLs in full
    site/pdf/<theme-id>.pdf   a cover, a contents page with page numbers, then each brief

WeasyPrint renders them as tagged PDF (PDF/UA-1) with metadata and a bookmark outline. The
HTML of a handout is its cache key: a PDF is rendered again only when something printed in it
changed (.cache/pdf/), and the renders that are left share a pool of two processes.

This module never imports mkdocs: the hook passes in the site's name, URL and Markdown
extensions as plain values. WeasyPrint is imported only where a PDF is rendered, so building
the HTML stays cheap for tests and for `mkdocs serve`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import shutil
import subprocess
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import jinja2
import markdown
import segno
from markupsafe import Markup

from .citations import BriefLink, Citation, Found, rewrite_body
from .corpus import Brief, Corpus
from .model import display_date
from .problems import plural
from .render import CONFIDENCE_LABELS, CitationNumbers, _markdown_text
from .site import build_date

PAGE_BUDGET = 4
"""A brief's handout should fit on this many pages; the build warns about one that runs longer."""

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
"""BRIEFING_PAPER values and the CSS page size each one means."""

# The Markdown extensions of mkdocs.yml, with MkDocs' own defaults first; the hook passes the
# configured ones, and these serve the tests and any caller without a MkDocs config.
DEFAULT_MARKDOWN_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition")

# Bump when the way a handout is rendered changes without its HTML changing.
CACHE_FORMAT = "1"
WORKERS = 2
TEMPLATES = Path(__file__).parent / "templates"
TRUE_VALUES = {"1", "true", "yes"}


def handouts_enabled(environ: Mapping[str, str]) -> bool:
    """PDFs are built when BRIEFING_PDF is set: `make site` sets it, `make serve` does not."""
    return environ.get("BRIEFING_PDF", "").lower() in TRUE_VALUES


def paper_from(environ: Mapping[str, str]) -> str:
    paper = environ.get("BRIEFING_PAPER", "a4").strip().lower() or "a4"
    if paper not in PAPER_SIZES:
        raise ValueError(f"BRIEFING_PAPER: unknown paper size {paper!r} — expected one of: {', '.join(PAPER_SIZES)}")
    return paper


def build_version(root: Path, today: dt.date) -> str:
    """The git commit the site is built from (short hash), or the build date outside a checkout."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return today.isoformat()
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and commit else today.isoformat()


@dataclass(frozen=True)
class HandoutSettings:
    """What a handout prints besides the corpus: everything here is part of the cache key."""

    site_name: str
    site_url: str
    """The canonical base URL of the live site (mkdocs.yml `site_url`)."""
    version: str
    """The build's version: a git commit, or the build date."""
    paper: str = "a4"
    language: str = "en"
    markdown_extensions: tuple = DEFAULT_MARKDOWN_EXTENSIONS
    markdown_configs: Mapping[str, Mapping] = field(default_factory=dict)

    @classmethod
    def for_build(cls, root: Path, environ: Mapping[str, str], **values) -> HandoutSettings:
        """Settings for a build of the repository at `root`: version from git, paper from the environment."""
        today = build_date(dict(environ))
        return cls(version=build_version(root, today), paper=paper_from(environ), **values)

    def canonical_url(self, site_path: str) -> str:
        return self.site_url.rstrip("/") + "/" + site_path


# --------------------------------------------------------------------------------------------
# The handout HTML


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = display_date
    return env


def qr_code(url: str) -> str:
    """An SVG data URI of a QR code for `url`: scanning a printout opens the live page."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=0)


@dataclass(frozen=True)
class PrintedBrief:
    """One brief, prepared for the print template: front matter values plus rendered HTML."""

    brief: Brief
    anchor: str
    """Prefix of every id in this brief, so that several briefs can share a theme handout."""
    url: str
    theme_title: str
    body: Markup
    level: int
    """The HTML heading level of the brief's title: 1 alone, 2 under a theme's cover."""
    judgments: list[tuple[str, str, str, Markup]]
    facts: list[tuple[str, str, Markup]]
    timeline: list[tuple[str, str, Markup]]
    sources: list[tuple[int, Markup, str, tuple[str, str]]]
    """Number, reference, URL, and the URL split after its host (see `_url_parts`)."""
    qr: str


class _PrintCitations:
    """The web page's source numbers, as print citations that link to this handout's source list."""

    def __init__(self, brief: Brief, corpus: Corpus, anchor: str):
        self.number = CitationNumbers(brief, corpus).number
        self.anchor = anchor

    def cite(self, keys_and_locators: list[tuple[str, str]]) -> Markup:
        parts = []
        for key, locator in keys_and_locators:
            n = self.number[key]
            parts.append(f'<a href="#{self.anchor}source-{n}">{n}</a>' + (f", {escape(locator)}" if locator else ""))
        return Markup(f'<sup class="citation">[{"; ".join(parts)}]</sup>')

    def cite_keys(self, keys) -> Markup:
        return self.cite([(key, "") for key in dict.fromkeys(keys)])


def _body_html(brief: Brief, corpus: Corpus, settings: HandoutSettings, numbers: _PrintCitations, heading_base: int) -> Markup:
    """The brief's Markdown body as HTML, with print citations and absolute links to other briefs."""

    def body_item(found: Found) -> str:
        if isinstance(found, Citation):
            return numbers.cite([(item.key, item.locator) for item in found.items])
        if isinstance(found, BriefLink):
            target = corpus.brief(found.target)
            return f"[{_markdown_text(found.label or target.title)}]({settings.canonical_url(target.url)})"
        return found.text

    configs = {name: dict(values) for name, values in settings.markdown_configs.items()}
    # Paper has no permalinks; `baselevel` moves a brief's `##` under its title in a theme handout.
    configs["toc"] = {**configs.get("toc", {}), "permalink": False, "baselevel": heading_base}
    html = markdown.markdown(
        rewrite_body(brief.body, body_item),
        extensions=list(dict.fromkeys(("toc", *settings.markdown_extensions))),
        extension_configs=configs,
    )
    # Ids from the body's headings must stay unique when several briefs share one document.
    return Markup(html.replace(' id="', f' id="{brief.id}--'))


def printed_brief(brief: Brief, corpus: Corpus, settings: HandoutSettings, *, anchor: str = "", heading_base: int = 1) -> PrintedBrief:
    numbers = _PrintCitations(brief, corpus, anchor)
    meta = brief.meta
    url = settings.canonical_url(brief.url)
    events = sorted(meta.timeline, key=lambda e: (e.date, e.title))
    return PrintedBrief(
        brief=brief,
        anchor=anchor,
        url=url,
        theme_title=corpus.theme(meta.theme).title,
        body=_body_html(brief, corpus, settings, numbers, heading_base),
        level=heading_base,
        judgments=[(j.confidence, CONFIDENCE_LABELS[j.confidence], j.text, numbers.cite_keys(j.sources)) for j in meta.key_judgments],
        facts=[(f.label, f.value, numbers.cite_keys([f.source])) for f in meta.key_facts],
        timeline=[
            (e.date.display() + (f" – {e.end.display()}" if e.end else ""), e.title, numbers.cite_keys(e.sources))
            for e in events
        ],
        sources=[
            (n, Markup(corpus.reference_html(key)), corpus.sources[key].URL or "", _url_parts(corpus.sources[key].URL or ""))
            for key, n in numbers.number.items()
        ],
        qr=qr_code(url),
    )


def _url_parts(url: str) -> tuple[str, str]:
    """`https://www.state.gov` and `/new-start/`: the template keeps the first part on one line,
    so that a URL printed in full never breaks right after `https://`."""
    scheme, separator, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return scheme + separator + host, slash + path


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ") + '"'


def _css(settings: HandoutSettings) -> Markup:
    """The print stylesheet, with this build's paper size and version in the page footer."""
    css = (TEMPLATES / "handout.css").read_text(encoding="utf-8").replace("PAPER_SIZE", PAPER_SIZES[settings.paper])
    footer = f"@page {{ @bottom-right {{ content: {_css_string('Version ' + settings.version)}; }} }}\n"
    return Markup(css + footer)


def brief_handout_html(brief: Brief, corpus: Corpus, settings: HandoutSettings) -> str:
    """The whole HTML document of a brief's handout."""
    return _environment().get_template("handout.html.j2").render(
        kind="brief",
        settings=settings,
        css=_css(settings),
        title=brief.title,
        description=brief.meta.summary,
        authors=brief.meta.authors,
        keywords=brief.meta.tags,
        created=brief.meta.published,
        modified=brief.last_changed,
        briefs=[printed_brief(brief, corpus, settings)],
    )


def theme_handout_html(theme_id: str, corpus: Corpus, settings: HandoutSettings) -> str:
    """A theme's handout: a cover, a contents page, then each of its briefs, newest first."""
    theme = corpus.theme(theme_id)
    briefs = corpus.briefs_in(theme_id)
    authors = list(dict.fromkeys(a for b in briefs for a in b.meta.authors))
    return _environment().get_template("handout.html.j2").render(
        kind="theme",
        settings=settings,
        css=_css(settings),
        title=f"{theme.title}: {plural(len(briefs), 'brief')}",
        description=theme.description,
        authors=authors or [settings.site_name],
        keywords=sorted({t for b in briefs for t in b.meta.tags}),
        created=min((b.meta.published for b in briefs), default=None),
        modified=max((b.last_changed for b in briefs), default=None),
        theme=theme,
        theme_url=settings.canonical_url(f"{theme_id}/"),
        theme_qr=qr_code(settings.canonical_url(f"{theme_id}/")),
        briefs=[printed_brief(b, corpus, settings, anchor=f"{b.id}--", heading_base=2) for b in briefs],
    )


# --------------------------------------------------------------------------------------------
# Rendering, cache and pool


@dataclass(frozen=True)
class Handout:
    """One PDF written by the build."""

    name: str
    """File name without .pdf: a brief id or a theme id."""
    source: str
    """What it is printed from, for messages: the brief's file, or the theme."""
    is_brief: bool
    pages: int
    rendered: bool
    """False when the PDF came from the cache."""
    seconds: float
    """Rendering time in its worker (0 from the cache)."""


@dataclass(frozen=True)
class HandoutReport:
    handouts: list[Handout]
    seconds: float

    @property
    def warnings(self) -> list[str]:
        return [
            f"{h.source}: warning: handout: the PDF handout runs to {h.pages} pages — a brief's handout should fit "
            f"in {PAGE_BUDGET} (shorten the body, key facts or timeline)"
            for h in self.handouts
            if h.is_brief and h.pages > PAGE_BUDGET
        ]

    def summary(self) -> str:
        rendered = sum(h.rendered for h in self.handouts)
        return (
            f"PDF handouts: {plural(len(self.handouts), 'file')} in pdf/ ({rendered} rendered, "
            f"{len(self.handouts) - rendered} from the cache) in {self.seconds:.1f} s"
        )


def render_pdf(html: str) -> tuple[bytes, int, float]:
    """Render one handout's HTML: the PDF, its page count and the seconds it took."""
    # Imported here: a second of start-up that only a render should pay.
    from weasyprint import HTML, URLFetcher

    started = time.perf_counter()
    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    # Only data: URIs (the QR code) are loaded: a build never reaches the network, whatever
    # a brief's body links to, and two builds of one commit give the same bytes.
    fetcher = URLFetcher(allowed_protocols=("data",))
    document = HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher).render(**options)
    pdf = document.write_pdf(**options)
    return pdf, len(document.pages), time.perf_counter() - started


def cache_key(html: str) -> str:
    weasyprint = importlib.metadata.version("weasyprint")
    return hashlib.sha256(f"{CACHE_FORMAT}\0{weasyprint}\0{html}".encode()).hexdigest()


def write_handouts(corpus: Corpus, settings: HandoutSettings, out_dir: Path, cache_dir: Path) -> HandoutReport:
    """Write every brief's and every theme's handout into `out_dir`, rendering only what the
    cache in `cache_dir` does not already hold."""
    started = time.perf_counter()
    clashes = sorted({b.id for b in corpus.briefs} & {t.id for t in corpus.themes})
    if clashes:
        raise ValueError(f"PDF handouts: brief id {clashes[0]!r} is also a theme id — both would be pdf/{clashes[0]}.pdf")
    jobs = [(b.id, b.path, True, brief_handout_html(b, corpus, settings)) for b in corpus.briefs]
    jobs += [(t.id, f"theme {t.id}", False, theme_handout_html(t.id, corpus, settings)) for t in corpus.themes]

    cache_dir.mkdir(parents=True, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    keys = {name: cache_key(html) for name, _, _, html in jobs}
    # Theme handouts first: they are the longest, and starting them early keeps both workers busy.
    missing = [(name, html) for name, _, is_brief, html in sorted(jobs, key=lambda job: job[2]) if not (cache_dir / f"{keys[name]}.json").exists()]
    fresh: dict[str, float] = {}
    for name, (pdf, pages, seconds) in _render_all(missing):
        # The PDF first, then the page count: an entry counts as cached only once both exist.
        _write_atomically(cache_dir / f"{keys[name]}.pdf", pdf)
        _write_atomically(cache_dir / f"{keys[name]}.json", json.dumps({"pages": pages}).encode())
        fresh[name] = seconds

    handouts = []
    for name, source, is_brief, _ in jobs:
        entry = cache_dir / keys[name]
        shutil.copyfile(entry.with_suffix(".pdf"), out_dir / f"{name}.pdf")
        pages = json.loads(entry.with_suffix(".json").read_text(encoding="utf-8"))["pages"]
        handouts.append(Handout(name, source, is_brief, pages, name in fresh, fresh.get(name, 0.0)))
    return HandoutReport(handouts, time.perf_counter() - started)


def _write_atomically(path: Path, data: bytes) -> None:
    """Two builds may share a cache (a test run beside `make site`): neither may read half a file."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def write_site_handouts(corpus: Corpus, *, root: Path, site_dir: Path, environ: Mapping[str, str], **settings) -> HandoutReport:
    """The build's handouts: into site_dir/pdf/, cached in root/.cache/pdf/ across builds."""
    handout_settings = HandoutSettings.for_build(root, environ, **settings)
    return write_handouts(corpus, handout_settings, site_dir / "pdf", root / ".cache" / "pdf")


def _render_all(jobs: list[tuple[str, str]]):
    """(name, render_pdf result) for each job; two at a time in worker processes when there
    are several, because WeasyPrint is single-threaded and the machines have two cores."""
    if len(jobs) <= 1:
        return [(name, render_pdf(html)) for name, html in jobs]
    # "fork" where there is one: "spawn" and "forkserver" re-run the caller's main script in
    # each worker, which breaks any script without an `if __name__ == "__main__"` guard. The
    # workers only render (no threads, locks or logging of the parent's are used in them).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=min(WORKERS, len(jobs), os.cpu_count() or 1), mp_context=context) as pool:
        results = pool.map(render_pdf, [html for _, html in jobs])
        return list(zip([name for name, _ in jobs], results))
