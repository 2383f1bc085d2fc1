"""What `briefing check` learnt about unchanged files, remembered by content.

Two stores in `.cache/check/`, each one text file with an entry per line (see _Store):

- **parsed YAML** (`yaml-*.jsonl`): each file's data, and the line of every field once something
  asked for one (see yamlpos.parse_yaml), keyed by the file, its first line and its exact text.
  Every build and check uses this store.
- **per-brief results** (`results-*.jsonl`): a brief's own problems and the references it makes
  to other files (themes, tags, sources, briefs, each with its field and where it stands), keyed by the
  file, its exact bytes and, for a brief, the day (one rule compares dates with today); and a
  registry's problems and ids. Only `briefing check` reads it: it then skips an unchanged file
  whole, and runs only the rules across files, against the registries as they are now. The
  build needs every brief's full data, so it reads parsed YAML only (and writes results).

Safety:
- JSON, not pickle: reading a store can never run code.
- Each store's file name carries a digest of the code that produced it (the parser's source for
  parsed YAML; the whole package, pydantic's and PyYAML's versions for results), so changed code
  never sees an old store.
- Parsed YAML is stored only for documents without problems.
- Off under CI (`CI` set, as GitHub Actions does) and with `BRIEFING_CACHE=off`: CI checks from
  scratch, and a store committed by mistake or on purpose is never trusted there.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import pydantic
import yaml

from .yamlpos import PositionedYaml, parse_positioned, parse_yaml, ryml

_DATE, _DATETIME = "\x00date", "\x00datetime"
_HERE = Path(__file__).resolve().parent


def _digest(sources: list[Path], extra: str) -> str:
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.read_bytes())
    digest.update(f"{extra} {yaml.__version__} {yaml.__with_libyaml__} {getattr(ryml, '__version__', None)} {sys.version_info[:2]}".encode())
    return digest.hexdigest()[:16]


def _key(what: bytes, content: bytes) -> str:
    """A store key: 128 bits of SHA-256. OpenSSL computes it with the CPU's SHA instructions
    where there are any (as on the reference machine), twice as fast as blake2b there: hashing
    every brief was a fifth of a check that finds everything remembered."""
    digest = hashlib.sha256(what)
    digest.update(content)
    return digest.hexdigest()[:32]


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


class _Store:
    """Entries (JSON texts) in one file, a line each: the key, a tab, the entry. A run keeps
    the entries it used (and may keep the others: see save). An entry holds no line break
    (json.dumps writes none; see CheckCache.parsed for rapidyaml's JSON).

    Not one JSON object of strings: that escaped every quote of every entry again when saving and
    unescaped it when reading (4.7 MB at 1,000 briefs), and saving it was 7 % of a check from
    scratch. A damaged line is an entry that does not decode: its file is checked again."""

    # `mkdocs serve` rebuilds in one process: the entries read or written last time, by file.
    in_memory: dict[Path, dict[str, str]] = {}

    def __init__(self, file: Path | None):
        self.file = file
        self._stored: dict[str, str] | None = None if file else {}
        self.used: dict[str, str] = {}
        self.hits = self.misses = self.updates = 0

    @property
    def stored(self) -> dict[str, str]:
        """The entries in the file, read when first needed: a check that finds every brief's
        results never asks for parsed YAML (23 MB at 5,000 briefs)."""
        if self._stored is None:
            self._stored = self._read()
        return self._stored

    def _read(self) -> dict[str, str]:
        if self.file in self.in_memory:
            return self.in_memory[self.file]
        try:
            text = self.file.read_text(encoding="utf-8")
        except (OSError, ValueError):  # none yet, unreadable or not UTF-8: start afresh
            return {}
        stored = {}
        for line in text.split("\n"):  # not splitlines(): U+2028 may stand in an entry
            key, tab, entry = line.partition("\t")
            if tab:
                stored[key] = entry
        return stored

    def get(self, key: str) -> str | None:
        return self.stored.get(key) if self.file else None

    def hit(self, key: str, entry: str) -> None:
        self.hits += 1
        self.used[key] = entry

    def put(self, key: str, entry: str | None) -> None:
        # Kept without a file too: a worker checking ahead sends what it made (see `since`).
        self.misses += 1
        if entry is not None:
            self.used[key] = entry

    def update(self, key: str, entry: str) -> None:
        """A better entry for a key this run used (a document's lines, found after all)."""
        self.updates += 1
        self.used[key] = entry

    def take(self, key: str, entry: str) -> None:
        """An entry a worker found or made: a hit if it is the one stored, else a new one."""
        if self.get(key) == entry:
            self.hit(key, entry)
        else:
            self.put(key, entry)

    def since(self, count: int) -> dict[str, str]:
        """The entries used after the first `count` (`len(used)` at some earlier point), in
        order. Taken from the end: skipping the first `count` would make a run quadratic."""
        newest = itertools.islice(reversed(self.used.items()), len(self.used) - count)
        return dict(reversed(list(newest)))

    def save(self, keep_unused: bool = False) -> None:
        """Write the entries this run used; with `keep_unused`, the file's other entries too."""
        if self.file is None or (self.misses == self.updates == 0 and (keep_unused or len(self.used) == len(self.stored))):
            return
        entries = {**self.stored, **self.used} if keep_unused else self.used
        self.in_memory[self.file] = dict(entries)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            prefix = self.file.name.split("-")[0]
            for stale in self.file.parent.glob(f"{prefix}-*.json*"):  # .json: the format before
                if stale != self.file:
                    stale.unlink(missing_ok=True)
            partial = self.file.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text("".join(f"{key}\t{entry}\n" for key, entry in entries.items()), encoding="utf-8")
            os.replace(partial, self.file)
        except (OSError, ValueError):  # a read-only checkout, say: nothing remembered, nothing lost
            pass


class CheckCache:
    """`parse` as yamlpos.parse_yaml, remembered by content; `results` for `briefing check`.

    With `directory=None` it remembers nothing on disk."""

    _in_memory = _Store.in_memory  # for tests that start "a new process"

    def __init__(self, directory: Path | None):
        yaml_version = _digest([_HERE / "yamlpos.py", _HERE / "check_cache.py"], "")
        results_version = _digest(sorted(_HERE.glob("*.py")), pydantic.VERSION)
        self.yaml = _Store(directory / f"yaml-{yaml_version}.jsonl" if directory else None)
        self.results = _Store(directory / f"results-{results_version}.jsonl" if directory else None)

    @classmethod
    def for_repository(cls, root: Path, environ: Mapping[str, str] = os.environ) -> CheckCache:
        return cls(root / ".cache" / "check" if enabled(environ) else None)

    def parse(self, text: str, source_path: str, first_line: int = 1) -> PositionedYaml:
        """The document, from the store if it holds it, else parsed (see `parsed`).

        A plain document's lines are found only when asked for (see yamlpos.parse_yaml), and
        the store then keeps them too, so that a problem reported again next time costs
        nothing to locate."""
        key = self.yaml_key(text, source_path, first_line)
        locate = functools.partial(self._locate, key, text, source_path, first_line)
        entry = self.yaml.get(key)
        if entry is not None:
            try:
                data, lines, raw = json.loads(entry, object_hook=_decode)
                if lines is None:
                    doc = PositionedYaml(data, locate=locate)
                else:
                    doc = PositionedYaml(data, {tuple(path): line for path, line in lines}, {tuple(path): text for path, text in raw})
            except (ValueError, TypeError):  # a damaged entry: parse as if it were not there
                doc = None
            if doc is not None:
                self.yaml.hit(key, entry)
                return doc
        doc, stored = self.parsed(text, source_path, first_line)
        self.yaml.put(key, stored)
        return doc if doc.located else PositionedYaml(doc.data, locate=locate)

    def _locate(self, key: str, text: str, source_path: str, first_line: int) -> PositionedYaml:
        located = parse_positioned(text, source_path, first_line)
        entry = self._entry(located) if self.yaml.file is not None and not located.problems else None
        if entry is not None:
            self.yaml.update(key, entry)
        return located

    def parsed(self, text: str, source_path: str, first_line: int) -> tuple[PositionedYaml, str | None]:
        """The document, and what the store keeps of it (None: nothing, as for a document with
        problems)."""
        doc = parse_yaml(text, source_path, first_line)
        if self.yaml.file is None or doc.problems:
            return doc, None
        if doc.data_json is not None:  # valid JSON of the data already: no need to encode it again
            # Its line breaks are only whitespace between tokens (one in a string is written \n,
            # or json.loads would have refused it): spaces keep the entry on one line of the store.
            one_line = doc.data_json.replace("\n", " ")
            stored, doc.data_json = f"[{one_line},null,null]", None
            return doc, stored
        return doc, self._entry(doc)

    @staticmethod
    def _entry(doc: PositionedYaml) -> str | None:
        """[data, lines, raw scalars] as JSON (a document read quickly is stored as [data, null,
        null] until its lines are found: see `parsed`)."""
        lines = [[list(path), line] for path, line in doc.lines.items()]
        raw = [[list(path), text] for path, text in doc.raw_scalars.items()]
        try:
            return json.dumps([doc.data, lines, raw], ensure_ascii=False, default=_encode, allow_nan=True)
        except (TypeError, ValueError):  # a value JSON cannot hold: just not remembered
            return None

    @staticmethod
    def yaml_key(text: str, source_path: str, first_line: int) -> str:
        return _key(f"{source_path}\n{first_line}\n".encode("utf-8", "surrogatepass"), text.encode("utf-8", "surrogatepass"))

    @staticmethod
    def result_key(source_path: str, content: bytes, today: dt.date | None) -> str:
        """`today` for a brief (one rule compares its dates with today), None for a registry."""
        day = today.isoformat() if today else "any day"
        return _key(f"{source_path}\n{day}\n".encode("utf-8", "surrogatepass"), content)

    def save(self, skipped_whole: bool = False) -> None:
        """`skipped_whole`: the run took unchanged files' results whole (`briefing check`) and
        so never used their parsed YAML; it keeps that for the next build instead of dropping it
        (two checks in a row used to leave the build nothing to reuse)."""
        self.yaml.save(keep_unused=skipped_whole)
        self.results.save()
