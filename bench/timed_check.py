"""One `briefing check`, as the command runs it, timed without Python's start: a fresh process
that has imported what the command imports, then times the check itself (check_corpus with the
repository's cache and no corpus needed, as `briefing check` calls it). bench/run.py runs it
once per measurement, so that no run inherits another's memory or warmed-up caches, and reads
`__check__ <seconds> <cache misses>` from its standard output. The whole command, start and
imports included, is timed there separately.

    python bench/timed_check.py <repository>    # today: SOURCE_DATE_EPOCH's day, as the command
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from briefing.check_cache import CheckCache
from briefing.dates import build_date
from briefing.validate import check_corpus


def main() -> None:
    repo = Path(sys.argv[1])
    cache = CheckCache.for_repository(repo)
    start = time.perf_counter()
    result = check_corpus(repo, build_date(), cache, need_corpus=False)
    seconds = time.perf_counter() - start
    if result.errors:
        raise SystemExit(f"the corpus has errors: {result.errors[0]}")
    print(f"__check__ {seconds} {cache.results.misses}")


if __name__ == "__main__":
    main()
