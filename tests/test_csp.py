"""The Content-Security-Policy each page carries (briefing.csp): which inline scripts it allows."""

from briefing.csp import inline_script_hashes, scripts, with_policy

# sha256 of the script bodies, base64, as `openssl dgst -sha256 -binary | base64` prints them.
ALERT = "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"  # alert(1)
VAR = "'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='"  # var a = 1;


def test_each_inline_script_is_allowed_by_its_hash_once_and_in_order():
    html = "<p>x</p><script>var a = 1;</script><script>alert(1)</script><script>var a = 1;</script>"
    assert inline_script_hashes(html) == [VAR, ALERT]


def test_scripts_from_files_and_data_blocks_need_no_hash():
    html = (
        '<script src="assets/app.js"></script>'
        '<script type="application/ld+json">{"a": 1}</script>'
        '<script id="__config" type="application/json">{"b": 2}</script>'
        "<script>alert(1)</script>"
    )
    assert [attrs for attrs, _ in scripts(html)] == [' src="assets/app.js"', ' type="application/ld+json"', ' id="__config" type="application/json"', ""]
    assert inline_script_hashes(html) == [ALERT]


def test_a_script_not_written_in_lower_case_is_not_allowed():
    # Not hashed, so the browser refuses it: a miss can stop a script, never let one run.
    assert inline_script_hashes("<SCRIPT>alert(1)</SCRIPT>") == []
    assert inline_script_hashes("<script>alert(1)") == []  # never closed: not a script we wrote


def test_the_policy_goes_right_after_the_charset_declaration():
    html = '<html><head><meta charset="utf-8"><title>T</title><script>alert(1)</script></head></html>'
    assert with_policy(html) == (
        '<html><head><meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="'
        f"default-src 'self'; script-src 'self' {ALERT}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
        '"><title>T</title><script>alert(1)</script></head></html>'
    )


def test_the_preview_allows_inline_scripts_instead_of_listing_hashes():
    # `mkdocs serve` adds a live-reload script to each page it sends, unknown at build time.
    html = '<head><meta charset="utf-8"><script>alert(1)</script></head>'
    assert with_policy(html, serving=True) == (
        '<head><meta charset="utf-8">\n    <meta http-equiv="Content-Security-Policy" content="'
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
        '"><script>alert(1)</script></head>'
    )


def test_a_page_without_a_charset_declaration_is_left_as_it_is():
    html = "<html><head><title>T</title><script>alert(1)</script></head></html>"
    assert with_policy(html) == html
