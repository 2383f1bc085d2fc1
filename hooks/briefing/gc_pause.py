"""Pausing Python's cyclic garbage collector while a corpus is loaded and its pages are made.

Loading a corpus allocates hundreds of thousands of objects (YAML data, pydantic models, page
text) that nearly all stay alive. Every 700 allocations the collector runs, and every tenth of
those runs it again over the older objects, so the collector ends up walking the growing corpus
over and over: at 1,000 briefs it took about a third of our code's time (measured with
bench/run.py's in-process figures: 9.1 s with it, 5.8 s without). Reference counting still
frees everything that is not part of a cycle while the collector is paused; the data we build
holds almost no cycles (a 1,000-brief build left about 300 objects for the collector), and the
collector resumes when the block ends. Peak memory rose by 8 to 26 MiB, to 352–370 MiB.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Nothing is collected in cycles inside the block, or the decorated function (a
    contextmanager is also a decorator); nesting is harmless."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
