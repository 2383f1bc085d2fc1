"""A Content-Security-Policy for every generated HTML page, as a <meta> tag.

The site is static, so the policy travels in the page itself. Scripts may come only from the
site; the few inline scripts Material writes (palette and consent set-up) are allowed by their
SHA-256 hashes, computed from the final HTML, so any other inline script — an injection — is
refused by the browser. JSON data blocks (`application/json`, `application/ld+json`) are never
executed and need no hash.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_TYPES = ("application/json", "application/ld+json")


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match["attrs"]
        if "src=" in attrs or any(t in attrs for t in _DATA_TYPES):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.append("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(set(hashes))


def policy(html: str) -> str:
    scripts = " ".join(["'self'"] + inline_script_hashes(html))
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


def with_policy(html: str) -> str:
    """`html` with the policy inserted right after its charset declaration."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return re.sub(r"(<meta charset=[^>]*>)", lambda m: m.group(1) + "\n    " + tag, html, count=1)
