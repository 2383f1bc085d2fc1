"""Shared fixtures: a throw-away copy of a small, valid repository to break or build."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

# No parse cache (.cache/check/) in the tests, which check fixtures inside the source tree too:
# every test parses from scratch. tests/test_check_cache.py turns it on where it is the subject.
os.environ["BRIEFING_CACHE"] = "off"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 22)


class Repo:
    """A repository laid out like the real one, with the fixture briefs in briefs/."""

    def __init__(self, path: Path):
        self.path = path

    def write(self, relative: str, text: str) -> Path:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def read(self, relative: str) -> str:
        return (self.path / relative).read_text(encoding="utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, 1))


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    shutil.copytree(FIXTURES / "good" / "briefs", tmp_path / "briefs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "hooks").symlink_to(ROOT / "hooks")
    (tmp_path / "overrides").symlink_to(ROOT / "overrides")
    return Repo(tmp_path)
