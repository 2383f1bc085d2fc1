"""One `mkdocs build`, as the command runs it, that also measures the time the build spends in
our code: every event of our hooks (the check in on_config, the per-page events) and
SiteBuild.page, through which MkDocs reads a generated page (the wait for the page worker, if
it has not sent the page yet, or making it here). Work the page worker does on the other core
is not in it: this is our share of the build's wall time. bench/run.py times the whole command
and reads `__ours__ <seconds>` from its standard error.

    python bench/timed_build.py [--strict] --site-dir site
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from briefing.site import SiteBuild

spent = 0.0


def timed(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        global spent
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent += time.perf_counter() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--site-dir", required=True)
    args = parser.parse_args()
    config = load_config("mkdocs.yml", strict=args.strict, site_dir=args.site_dir)
    hooks = str(Path("hooks/mkdocs_hooks.py").resolve())
    for methods in config.plugins.events.values():
        for index, method in enumerate(methods):
            code = getattr(method, "__code__", None)
            if code is not None and str(Path(code.co_filename).resolve()) == hooks:
                methods[index] = timed(method)
    SiteBuild.page = timed(SiteBuild.page)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    print(f"__ours__ {spent}", file=sys.stderr)


if __name__ == "__main__":
    main()
