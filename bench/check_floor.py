"""The floor under `briefing check` from scratch: what the libraries it stands on take alone.

A check from scratch has to read every file, check each document's YAML syntax (libyaml, for
the messages contributors see), read its data (rapidyaml, then json), validate it (pydantic) and
pass over each body once for citations and links. This times exactly those calls on a corpus,
one core, nothing of ours around them (the best of three runs each), next to our whole check on
one core (the best of three too), so the benchmark shows how much of the check is ours and what
two cores could reach at best if ours cost nothing.

    python bench/check_floor.py <repository>    # a repository with briefs/, e.g. the real one
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ryml
from yaml._yaml import CParser

from briefing import validate
from briefing.check_cache import CheckCache
from briefing.model import BriefMeta, SourceMeta

# The least a pass over a body can do: find every '[@...]' and '[[...]]'.
_CITATIONS_AND_LINKS = re.compile(r"\[@[^\]\n]*\]|\[\[[^\]\n]*\]\]")


def _best_of_three(step: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def library_seconds(repo: Path) -> dict[str, float]:
    """Seconds on one core for each step the libraries do in a check of `repo` from scratch."""
    paths = sorted((repo / "briefs").glob("*/*.md"))
    registry = repo / "briefs" / "sources.yml"
    front_matters: list[str] = []
    bodies: list[str] = []

    def read() -> None:
        front_matters.clear()
        bodies.clear()
        for path in paths:
            split = validate.split_brief(path.read_bytes().decode("utf-8"))
            front_matters.append(split.yaml)
            bodies.append(split.body)
        front_matters.append(registry.read_bytes().decode("utf-8"))

    data: list = []

    def syntax() -> None:
        for text in front_matters:
            CParser(text).raw_parse()

    def rapidyaml() -> None:
        data.clear()
        for text in front_matters:
            tree = ryml.parse_in_arena(text.encode("utf-8"))
            data.append(json.loads(ryml.emit_json_malloc(tree, tree.root_id())))

    def pydantic() -> None:
        for meta in data[:-1]:
            BriefMeta.model_validate(meta)
        for source in data[-1]:
            SourceMeta.model_validate(source)

    def body_pass() -> None:
        for body in bodies:
            for _ in _CITATIONS_AND_LINKS.finditer(body):
                pass

    steps = {"read": read, "libyaml syntax": syntax, "rapidyaml + json": rapidyaml, "pydantic": pydantic, "one pass over each body": body_pass}
    return {name: _best_of_three(step) for name, step in steps.items()}


def our_check_one_core(repo: Path, today: dt.date) -> float:
    """Our whole `briefing check` from scratch (an empty cache, saved at the end), in-process,
    with no worker on the second core."""
    ahead = validate.CHECK_AHEAD_BYTES
    validate.CHECK_AHEAD_BYTES = float("inf")
    try:
        with tempfile.TemporaryDirectory() as empty:
            start = time.perf_counter()
            result = validate.check_corpus(repo, today, CheckCache(Path(empty)), need_corpus=False)
            seconds = time.perf_counter() - start
    finally:
        validate.CHECK_AHEAD_BYTES = ahead
    if result.errors:
        raise SystemExit(f"the corpus has errors: {result.errors[0]}")
    return seconds


def floor_note(repo: Path, today: dt.date) -> str:
    """One line for the results: the libraries' seconds, the briefs per second they would allow
    split perfectly over two cores, and our check on one core."""
    briefs = sum(1 for _ in (repo / "briefs").glob("*/*.md"))
    ours = our_check_one_core(repo, today)  # first: it stops with the first error of a broken corpus
    # The best of three, as for the libraries: a single run measured 2.2 to 4.6 times the floor
    # with the same code on the same day.
    ours = min(ours, our_check_one_core(repo, today), our_check_one_core(repo, today))
    steps = library_seconds(repo)
    total = sum(steps.values())
    parts = ", ".join(f"{name} {seconds:.2f}" for name, seconds in steps.items())
    return (
        f"Floor of `briefing check` from scratch at {briefs:,} briefs: the libraries alone take {total:.2f} s on one core "
        f"({parts}), at most {briefs / (total / 2):,.0f} briefs/s split perfectly over two cores; "
        f"our whole check takes {ours:.2f} s on one core ({ours / total:.1f}× the floor)"
    )


if __name__ == "__main__":
    print(floor_note(Path(sys.argv[1]), dt.date.today()))
