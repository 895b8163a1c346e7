"""What a visitor may ask of a chart export, checked: the format, the size within fixed bounds, and the legend
entries switched off (by trace index or name). Nothing else from the request is used: the figure itself is rebuilt
on the server from the page's URL, so no figure, URL or path sent by a browser ever reaches the renderer."""
from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from indicators.exports.constants import (CHART_FORMATS, DATA_FORMATS, MAX_HIDDEN, PRINT_HEIGHT_BOUNDS,
    PRINT_WIDTH, PRINT_WIDTH_BOUNDS)
from indicators.views.markup import plain


@dataclass(frozen=True)
class ExportRequest:
    """A checked export request: format, print width and height (None: the chart's own), hidden legend entries."""

    fmt: str
    width: int = PRINT_WIDTH
    height: int | None = None
    hidden: tuple[int | str, ...] = ()


def _size(req: Mapping[str, Any], key: str, bounds: tuple[int, int], default: int | None) -> int | None:
    """A size in layout pixels: absent -> default; else a whole number within bounds (ValueError otherwise)."""
    v = req.get(key)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, int) or not bounds[0] <= v <= bounds[1]:
        raise ValueError(f"{key} must be a whole number of pixels from {bounds[0]} to {bounds[1]}")
    return v


def parse_request(req: Any) -> ExportRequest:
    """The export request a browser sent, checked; ValueError with the reason for anything out of bounds."""
    if not isinstance(req, Mapping):
        raise ValueError("an export request is a set of fields")
    fmt = req.get("fmt")
    if fmt not in CHART_FORMATS + DATA_FORMATS:
        raise ValueError(f"format must be one of {', '.join(CHART_FORMATS + DATA_FORMATS)}")
    hidden = req.get("hidden") or []
    if not isinstance(hidden, list) or len(hidden) > MAX_HIDDEN or not all(
            (isinstance(h, int) and not isinstance(h, bool)) or (isinstance(h, str) and len(h) <= 300)
            for h in hidden):
        raise ValueError(f"hidden legend entries are at most {MAX_HIDDEN} trace numbers or names")
    return ExportRequest(fmt, _size(req, "width", PRINT_WIDTH_BOUNDS, PRINT_WIDTH),
                         _size(req, "height", PRINT_HEIGHT_BOUNDS, None), tuple(dict.fromkeys(hidden)))


def hide_traces(fig: Mapping[str, Any], hidden: tuple[int | str, ...]) -> dict[str, Any]:
    """A copy of a server-built figure with the given traces (index or name as drawn) switched off; else ValueError."""
    out = copy.deepcopy(dict(fig))
    data = [dict(t) for t in out.get("data") or []]
    for h in hidden:
        if isinstance(h, int):
            if not 0 <= h < len(data):
                raise ValueError(f"the chart has no trace number {h}")
            data[h]["visible"] = "legendonly"
            continue
        matches = [t for t in data if h in (t.get("name"), plain(t.get("name")))]
        if not matches:
            raise ValueError("the chart has no legend entry of that name")
        for t in matches:
            t["visible"] = "legendonly"
    out["data"] = data
    return out
