"""Time the derived indexes (related briefs, backlinks, timeline, source index) on synthetic
corpora. Prints a table; not a test.   python bench/derive_cost.py [SIZES...]"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_corpus  # noqa: E402

from briefing.derive import backlinks, merged_timeline, related_briefs, source_index  # noqa: E402
from briefing.validate import check_corpus  # noqa: E402


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print(f"{'briefs':>7} {'check s':>8} {'briefs/s':>9} {'related s':>10} {'backlinks s':>12} {'timeline s':>11} {'sources s':>10}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = make_corpus(Path(tmp) / "corpus", size)
            result, check_s = timed(check_corpus, root, dt.date(2026, 11, 22))
            assert not result.errors, result.errors[:3]
            corpus = result.corpus
            _, related_s = timed(related_briefs, corpus)
            _, back_s = timed(backlinks, corpus)
            _, timeline_s = timed(merged_timeline, corpus.briefs)
            _, sources_s = timed(source_index, corpus)
            print(f"{size:>7} {check_s:>8.2f} {size / check_s:>9.0f} {related_s:>10.2f} {back_s:>12.2f} {timeline_s:>11.2f} {sources_s:>10.2f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])
