"""Bytes a reader downloads for a brief page and for the timeline, first visit and with assets
cached, measured in headless Chromium against the built site (make site first).

    python bench/page_weight.py [SITE_DIR]
"""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def weigh(site: Path, paths: list[str]) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"{'page':<28} {'requests':>8} {'bytes':>10} {'gzip':>10} {'cached visit, gzip':>19}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for path in paths:
            context = browser.new_context()
            page = context.new_page()
            bodies: dict[str, bytes] = {}
            page.on("response", lambda r: bodies.__setitem__(r.url, r.body()) if r.status == 200 else None)
            page.goto(base + path, wait_until="networkidle")
            raw = sum(len(b) for b in bodies.values())
            zipped = sum(len(gzip.compress(b, 9)) for b in bodies.values())
            # With assets cached (a long-lived cache, as on a CDN) only the HTML comes again.
            html = bodies[base + path]
            print(f"/{path:<27} {len(bodies):>8} {raw:>10,} {zipped:>10,} {len(gzip.compress(html, 9)):>19,}")
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    weigh(site, ["arms-control/new-start/", "timeline/", ""])
