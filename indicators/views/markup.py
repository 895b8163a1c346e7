"""Text into figures: plotly renders titles, annotations, hover and legend text, colour-bar and axis titles as
pseudo-HTML (`<a href>`, `<b>`, `<br>`, `<span style>` ...), so uploaded text (sources, notes, names and units of
proposed indicators) must never reach a figure as it is. Figure builders escape every text they are given with
`esc`, and write their own markup only around escaped pieces (`markup`, `join`); the result is a `Markup`, which a
second `esc` leaves alone. `plain` turns figure text back into plain text (for exports and file names).
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

_TAG = re.compile(r"<[^<>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.I)


class Markup(str):
    """Plotly markup the code wrote itself, with every piece of outside text inside it escaped."""

    __slots__ = ()


def esc(text: object) -> Markup:
    """Any text as plotly shows it literally (& < > escaped); Markup is returned unchanged; None -> ''."""
    # plotly splits a text at its tags first and decodes entities only in the pieces between them, so an uploaded
    # `<a href=...>` arrives as text and is shown as typed, never as a link
    if isinstance(text, Markup):
        return text
    s = "" if text is None else str(text)
    return Markup(s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def markup(template: str, *parts: object) -> Markup:
    """The code's own markup around escaped parts: markup("<b>{}</b><br>{}", name, note)."""
    return Markup(template.format(*(esc(p) for p in parts)))


def join(separator: str, parts: Iterable[object]) -> Markup:
    """Escaped parts joined by the code's own separator ("<br>", "; ")."""
    return Markup(separator.join(esc(p) for p in parts))


def template_text(text: object) -> Markup:
    """Escaped text for a hover or text template, '%' as an entity so no '%{...}' in it is ever a placeholder."""
    return Markup(esc(text).replace("%", "&#37;"))


def plain(text: object) -> str:
    """Figure text as plain text: <br> -> space, tags removed, entities decoded, spaces collapsed."""
    s = _TAG.sub("", _BREAK.sub(" ", "" if text is None else str(text)))
    return re.sub(r"\s+", " ", html.unescape(s)).strip()
