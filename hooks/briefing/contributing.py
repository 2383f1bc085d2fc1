"""The contributing guide as a page of the site.

CONTRIBUTING.md stays at the repository root, where GitHub links to it from every new pull
request; the build publishes the same file as /contributing/ rather than keeping a second copy
in docs/. Its links into docs/ (`docs/about.md`) are written for GitHub, so they are rewritten
to the pages they become; the guide links nothing else in the repository, only code-formats it.
"""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = "CONTRIBUTING.md"
PAGE = "contributing.md"
_DOCS_LINK = re.compile(r"\]\(docs/([^)\s]+)\)")


def has_guide(root: Path) -> bool:
    return (root / GUIDE).is_file()


def contributing_page(root: Path) -> str:
    """The Markdown of the Contributing page, from CONTRIBUTING.md."""
    guide = (root / GUIDE).read_text(encoding="utf-8")
    # The page sits at the top of docs/, so `docs/about.md` becomes `about.md`.
    return _DOCS_LINK.sub(r"](\1)", guide)
