"""A Content-Security-Policy for every generated HTML page, as a <meta> tag.

The site is static, so the policy travels in the page itself. Scripts may come only from the
site; the few inline scripts Material writes (palette and consent set-up) are allowed by their
SHA-256 hashes, computed from the final HTML, so any other inline script — an injection — is
refused by the browser. JSON data blocks (`application/json`, `application/ld+json`) are never
executed and need no hash.

One exception: the local preview. `mkdocs serve` adds its live-reload script to each page as it
sends it, with that request's own numbers in it, so no hash made at build time can allow it;
there the policy allows inline scripts instead (`serving=True`). The built site never does.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator

_DATA_TYPES = ("application/json", "application/ld+json")


def scripts(html: str) -> Iterator[tuple[str, str]]:
    """(attributes, body) of each `<script>` element, in order.

    MkDocs, Material and our templates write the tag in lower case. A script spelt otherwise is
    not found, so not hashed, so the browser refuses it: a miss can stop a script from running,
    never let one run. Plain `str.find` takes a third less time than a case-blind pattern, on
    every page of the build."""
    start = html.find("<script")
    while start != -1:
        tag_end = html.find(">", start)
        close = html.find("</script>", tag_end)
        if tag_end == -1 or close == -1:
            return
        yield html[start + len("<script") : tag_end], html[tag_end + 1 : close]
        start = html.find("<script", close)


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for attrs, body in scripts(html):
        if "src=" in attrs or any(t in attrs for t in _DATA_TYPES):
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(set(hashes))


def policy(html: str, serving: bool = False) -> str:
    # With 'unsafe-inline' no hash may be listed: a browser that knows hashes ignores it then.
    scripts = " ".join(["'self'"] + (["'unsafe-inline'"] if serving else inline_script_hashes(html)))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # Material sets inline style attributes (e.g. for the header shadow); no style can run code.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(html: str, serving: bool = False) -> str:
    """`html` with the policy inserted right after its charset declaration (unchanged without
    one); `serving`: for `mkdocs serve` (see above). Found with `str.find`: a pattern starting
    with a group is tried at every character."""
    charset = html.find("<meta charset=")
    end = html.find(">", charset) + 1 if charset != -1 else 0
    if not end:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, serving)}">'
    return html[:end] + "\n    " + tag + html[end:]
