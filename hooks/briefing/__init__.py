"""Briefing: validated policy briefs built into a static site.

The package never imports mkdocs: the contributor CLI, the tests and the MkDocs hook
(hooks/mkdocs_hooks.py) all use it the same way.
"""
