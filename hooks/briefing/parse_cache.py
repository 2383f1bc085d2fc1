"""Parsed YAML, remembered by content, so that unchanged files are not parsed again.

Parsing YAML with positions is most of `briefing check` (PyYAML, even through libyaml, needs about
a millisecond for a brief's front matter), and a contributor's repeated `make check`, or
`make serve` rebuilding after one edit, parses the same unchanged files every time. The cache
maps (file, first line, exact text) to the parse result; anything else — the schema, the rules,
the cross-file checks — runs every time, so the cache cannot change what is reported.

- Stored as JSON in `.cache/check/`, not pickle: reading it can never run code.
- The file name carries a digest of the parser's own source and of PyYAML's version, so a
  changed parser never sees results of the old one.
- Only documents without problems are stored; a broken file is parsed again each time, and its
  messages come from the parser itself.
- Off under CI (`CI` set, as GitHub Actions does) and with `BRIEFING_CACHE=off`: CI checks from
  scratch, and a cache file committed by mistake or on purpose is never trusted there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

from .yamlpos import PositionedYaml, parse_yaml

_DATE, _DATETIME = "\x00date", "\x00datetime"


def _parser_version() -> str:
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("yamlpos.py", "parse_cache.py"):
        digest.update((here / name).read_bytes())
    digest.update(f"{yaml.__version__} {yaml.__with_libyaml__} {sys.version_info[:2]}".encode())
    return digest.hexdigest()[:16]


def _encode(value):
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__}")


def _decode(obj: dict):
    if len(obj) == 1:
        if _DATE in obj:
            return dt.date.fromisoformat(obj[_DATE])
        if _DATETIME in obj:
            return dt.datetime.fromisoformat(obj[_DATETIME])
    return obj


def enabled(environ: Mapping[str, str]) -> bool:
    return not environ.get("CI") and environ.get("BRIEFING_CACHE", "").lower() not in {"off", "0", "no", "false"}


class ParseCache:
    """`parse(text, source_path, first_line)` as yamlpos.parse_yaml, remembered by content.

    With `directory=None` it remembers nothing and only parses."""

    # `mkdocs serve` rebuilds in one process: the entries read or written last time, by file.
    _in_memory: dict[Path, dict[str, str]] = {}

    def __init__(self, directory: Path | None):
        self.file = directory / f"yaml-{_parser_version()}.json" if directory else None
        self.stored = self._read() if self.file else {}
        self.used: dict[str, str] = {}
        self.hits = self.misses = 0

    @classmethod
    def for_repository(cls, root: Path, environ: Mapping[str, str] = os.environ) -> ParseCache:
        return cls(root / ".cache" / "check" if enabled(environ) else None)

    def _read(self) -> dict[str, str]:
        if self.file in self._in_memory:
            return self._in_memory[self.file]
        try:
            stored = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # none yet, unreadable or damaged: start afresh
            return {}
        return stored if isinstance(stored, dict) else {}

    def parse(self, text: str, source_path: str, first_line: int = 1) -> PositionedYaml:
        if self.file is None:
            return parse_yaml(text, source_path, first_line)
        key = hashlib.blake2b(f"{source_path}\n{first_line}\n{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        entry = self.stored.get(key)
        if entry is not None:
            try:
                data, lines, raw = json.loads(entry, object_hook=_decode)
                doc = PositionedYaml(data, {tuple(path): line for path, line in lines}, {tuple(path): text for path, text in raw})
            except (ValueError, TypeError):  # a damaged entry: parse as if it were not there
                doc = None
            if doc is not None:
                self.hits += 1
                self.used[key] = entry
                return doc
        self.misses += 1
        doc = parse_yaml(text, source_path, first_line)
        if not doc.problems:
            try:
                lines = [[list(path), line] for path, line in doc.lines.items()]
                raw = [[list(path), text] for path, text in doc.raw_scalars.items()]
                self.used[key] = json.dumps([doc.data, lines, raw], ensure_ascii=False, default=_encode, allow_nan=True)
            except (TypeError, ValueError):  # a value JSON cannot hold: just not remembered
                pass
        return doc

    def save(self) -> None:
        """Keep exactly the entries of this run (so deleted files do not pile up), if changed."""
        if self.file is None or (self.misses == 0 and len(self.used) == len(self.stored)):
            return
        self._in_memory[self.file] = dict(self.used)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            for stale in self.file.parent.glob("yaml-*.json"):
                if stale != self.file:
                    stale.unlink(missing_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(json.dumps(self.used, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, self.file)
        except (OSError, ValueError):  # a read-only checkout, say: nothing remembered, nothing lost
            pass
