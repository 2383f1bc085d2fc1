"""Formatted citations: one source, one consistent reference, wherever it is shown."""

from __future__ import annotations

from html import escape

from .model import SourceMeta

STATE_MEDIA_LABEL = "Russian/Chinese state media: cited only to document an official position"


def author_names(source: SourceMeta) -> str:
    """'Shea, Jamie' · 'Rojansky, Matthew and Michael Kimmage' · 'Gic, Ariana, Hanna Hopko and Roman Sohn'."""
    names = []
    for index, name in enumerate(source.author):
        family, _, given = name.partition(", ")
        names.append(name if index == 0 or not given else f"{given} {family}")
    if len(names) > 3:
        return f"{names[0]} et al."
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def _outlet_and_date(source: SourceMeta) -> str:
    outlet = ", ".join(dict.fromkeys(p for p in (source.container_title, source.publisher) if p))
    date = source.issued.display() if source.issued else "n.d."
    return f"{outlet}, {date}"


def sentence(text: str) -> str:
    """`text` closed with a full stop, unless it already ends with . ? or ! ("G." "Russia?" "n.d.")."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _parts(source: SourceMeta) -> tuple[str, str, str]:
    """(author, title, outlet and date), each punctuated as it will be printed."""
    author = sentence(author_names(source)) + " " if source.author else ""
    return author, f"“{sentence(source.title)}”", sentence(_outlet_and_date(source))


def reference_text(source: SourceMeta) -> str:
    """Plain text, for PDFs, feeds and JSON: `Shea, Jamie. “Title.” Friends of Europe, January 2021. https://…`"""
    author, title, outlet = _parts(source)
    text = f"{author}{title} {outlet}"
    if source.URL:
        text += f" {source.URL}"
    return text


def reference_html(source: SourceMeta) -> str:
    """The same reference as HTML, every value escaped, the title linked to the URL."""
    author, title, outlet = (escape(part) for part in _parts(source))
    if source.URL:
        title = f'<a href="{escape(source.URL)}">{title}</a>'
    html = f"{author}{title} {outlet}"
    if source.state_media:
        html += f' <span class="source-flag" title="{escape(STATE_MEDIA_LABEL)}">[state media]</span>'
    return html
