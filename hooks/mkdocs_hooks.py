"""MkDocs adapter for the briefing package: a few event handlers, no domain logic.

MkDocs loads this file by path (mkdocs.yml `hooks:`); everything it calls lives in the
`briefing` package, which never imports mkdocs. Per-build state is the `SiteBuild` created in
`on_config` and kept on the config object, because `mkdocs serve` reuses this module across
rebuilds.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from material.plugins.tags.structure.tag.options import TagSet

from briefing.pdf import handouts_enabled, write_site_handouts
from briefing.csp import with_policy
from briefing.site import InvalidCorpus, SiteBuild, build_date

log = logging.getLogger("mkdocs.hooks.briefing")
STATE_KEY = "briefing_build"
# The build in progress, for on_build_error, the one event MkDocs sends without the config.
_current: SiteBuild | None = None
# Whether this process is `mkdocs serve` (see on_startup): the same for every build it makes.
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    """Sent once, before the first build, with the command: `serve` pages carry MkDocs'
    live-reload script, which the Content-Security-Policy must then allow (see briefing.csp).
    (`mkdocs serve --clean` says `build`: its pages do not reload by themselves.)"""
    global _serving
    _serving = command == "serve"


def _build(config: MkDocsConfig) -> SiteBuild:
    return config[STATE_KEY]


# Runs before Material's tags plugin reads `tags_allowed` in its own on_config.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _current
    root = Path(config.config_file_path).parent
    drafts = os.environ.get("BRIEFING_DRAFTS", "").lower() in {"1", "true", "yes"}
    try:
        build = SiteBuild(
            root,
            include_drafts=drafts,
            today=build_date(),
            site_url=config.site_url or "http://127.0.0.1:8000/",
            site_name=config.site_name,
            repo_url=config.repo_url or "",
        )
    except InvalidCorpus as report:
        raise PluginError(f"The briefs have problems; nothing was built.\n{report}") from None
    for warning in build.check.warnings:
        log.warning(str(warning))
    config[STATE_KEY] = _current = build
    # Read by overrides/main.html: the "Download PDF" button shows only when the PDFs are built.
    config.extra["pdf_handouts"] = handouts_enabled(os.environ)
    tags = config.plugins.get("material/tags")
    if tags is not None:
        # briefs/tags.yml is the one vocabulary; Material enforces it on every page too.
        tags.config.tags_allowed = TagSet().run_validation(sorted(build.corpus.tags))
    config.nav = build.nav(config.nav or ["index.md"])
    # The pages are made from here on, on the other core, while MkDocs goes on (see on_files).
    build.start_pages(fork=True)
    return config


class _MadeOnRead(File):
    """A generated file whose content SiteBuild.page() gives when MkDocs first reads it: the
    page worker makes our pages while MkDocs renders the ones before them."""

    build: SiteBuild
    made: str | None = None

    @property
    def _content(self) -> str:
        if self.made is None:
            self.made = self.build.page(self.src_uri)
        return self.made

    @_content.setter
    def _content(self, value: str) -> None:
        self.made = value


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _build(config)
    # A brief the navigation does not list (a large theme's older briefs) is a page all the
    # same; NOT_IN_NAV tells MkDocs that this is intended, so strict builds do not fail.
    outside_nav = build.outside_nav()
    for src_uri in build.generated_uris():
        inclusion = InclusionLevel.NOT_IN_NAV if src_uri in outside_nav else InclusionLevel.UNDEFINED
        file = _MadeOnRead.generated(config, src_uri, content="", inclusion=inclusion)
        file.build, file.made = build, None  # made on first read
        files.append(file)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _build(config)
    brief_id = page.meta.get("brief_id")
    if brief_id:
        # Material's "Edit this page" must open the brief in briefs/, not the generated page.
        page.edit_url = build.edit_url(build.corpus.brief(brief_id)) or None
    return build.fill_placeholders(markdown, page.url)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _build(config).restore_blocks(html, page.file.src_uri)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    build = _build(config)
    # page.title and the description arrive HTML-escaped (see render.front_matter): unescape once.
    tags = build.head_tags(
        page.url,
        config.site_name if page.is_homepage else html.unescape(page.title or config.site_name),
        html.unescape(page.meta.get("description") or config.site_description or ""),
        page.meta.get("brief_id"),
    )
    return with_policy(output.replace("</head>", tags + "</head>", 1), serving=_serving)


def on_post_build(config: MkDocsConfig) -> None:
    """PDF handouts into site/pdf/ when BRIEFING_PDF is set (`make site`; not `make serve`)."""
    _build(config).stop_pages()
    if not handouts_enabled(os.environ):
        return
    try:
        report = write_site_handouts(
            _build(config).corpus,
            root=Path(config.config_file_path).parent,
            site_dir=Path(config.site_dir),
            environ=os.environ,
            site_name=config.site_name,
            site_url=config.site_url or "http://127.0.0.1:8000/",
            language=config.theme["language"],
            markdown_extensions=tuple(config.markdown_extensions),
            markdown_configs=config.mdx_configs,
        )
    except ValueError as error:
        raise PluginError(str(error)) from None
    for warning in report.warnings:
        log.warning(warning)
    log.info(report.summary())


def on_build_error(error: Exception) -> None:
    """A failed build stops its page worker too. MkDocs passes no config here, so the build
    in progress is the one on_config made last."""
    if _current is not None:
        _current.stop_pages()
