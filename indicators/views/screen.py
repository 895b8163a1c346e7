"""On-screen fitting of a figure for every width down to a 390 px phone: titles and source lines wrap instead of
being clipped, colour bars sit beside the plot instead of over it (exports are styled separately)."""
from __future__ import annotations

import copy
from typing import Any

TITLE_WIDTH = 40      # characters of a 16 px title that fit a 390 px phone's chart (about 330 px)
SOURCE_WIDTH = 54     # characters of the 10 px source line that fit it
LINE_PX = {"title": 20, "source": 13}
COLORBAR_MARGIN = 70  # px at the right for a vertical colour bar with its ticks and title
TOP_TITLE_SHIFT = 0.7  # em: how much higher plotly.js draws a top-anchored title of several lines than one line


def wrap_text(text: str, width: int) -> tuple[str, int]:
    """Break text at spaces into lines of at most width characters (a longer word stays whole), joined by <br>;
    existing <br> breaks are kept. Returns the text and its number of lines."""
    lines: list[str] = []
    for part in text.replace("<br />", "<br>").replace("<br/>", "<br>").split("<br>"):
        line = ""
        for word in part.split(" "):
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "<br>".join(lines), len(lines)


def _title(layout: dict[str, Any]) -> int:
    """Wrap the title in place; the extra height it needs in px."""
    title = layout.get("title")
    text = title.get("text") if isinstance(title, dict) else None
    if not text:
        return 0
    title["text"], n = wrap_text(text, TITLE_WIDTH)
    if n > 1 and title.get("yanchor") == "top":
        # plotly.js draws a title of several lines anchored at its top 0.7 em higher than one line (its first line's
        # cap height is not added): without this pad its first line is cut by the top of the chart
        size = (title.get("font") or {}).get("size") or (layout.get("font") or {}).get("size") or 16
        pad = title.get("pad") or {}
        title["pad"] = {**pad, "t": (pad.get("t") or 0) + round(TOP_TITLE_SHIFT * size)}
    return (n - 1) * LINE_PX["title"]


def _source(layout: dict[str, Any]) -> int:
    """Wrap the source annotation in place; the extra height it needs in px."""
    extra = 0
    for a in layout.get("annotations") or []:
        if a.get("name") == "source" and a.get("text"):
            a["text"], n = wrap_text(a["text"], SOURCE_WIDTH)
            extra = max(extra, (n - 1) * LINE_PX["source"])
    return extra


def _colorbars(data: list[dict[str, Any]]) -> bool:
    """Move visible colour bars into the right margin (beside the plot); True if any."""
    moved = False
    for trace in data:
        if "colorbar" in trace and trace.get("showscale", True) is not False:
            trace["colorbar"] = {**trace["colorbar"], "x": 1.0, "xanchor": "left", "xpad": 4}
            moved = True
    return moved


def for_screen(fig: dict[str, Any]) -> dict[str, Any]:
    """A copy of a figure dict fitted for the screen (the input, often cached, is left untouched)."""
    out = {**fig, "layout": copy.deepcopy(fig.get("layout", {})), "data": copy.deepcopy(fig.get("data", []))}
    layout = out["layout"]
    margin = layout.setdefault("margin", {})
    top, bottom = _title(layout), _source(layout)
    if top:
        margin["t"] = (margin.get("t") or 50) + top
    if bottom:
        margin["b"] = (margin.get("b") or 50) + bottom
    if (top or bottom) and layout.get("height"):
        layout["height"] = layout["height"] + top + bottom
    if _colorbars(out["data"]):
        margin["r"] = max(margin.get("r") or 0, COLORBAR_MARGIN)
    return out
