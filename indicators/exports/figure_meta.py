"""What a plotly figure says about itself: its title, source line, units and years, and the data it draws."""
from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import _
from indicators.views.markup import plain

_YEARS_RE = re.compile(r"(?<!\d)((?:19|20)\d{2}(?:Q[1-4])?)(?:\s*[-–]\s*((?:19|20)\d{2}(?:Q[1-4])?))?(?!\d)")


def values_of(v: Any) -> list:
    """A plotly data array as a list: plain lists, numpy arrays and plotly's base64 typed arrays ({dtype, bdata})."""
    if v is None:
        return []
    if isinstance(v, Mapping) and "bdata" in v and "dtype" in v:
        arr = np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
        if v.get("shape"):
            arr = arr.reshape([int(x) for x in str(v["shape"]).split(",")])
        return arr.tolist()
    if isinstance(v, np.ndarray):
        return v.tolist()
    return list(v)


def _text(value: Any) -> str:
    """A title-like property (str, dict with 'text' or a plotly object) as plain text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return str(value.get("text") or "")
    return str(getattr(value, "text", "") or "")


def strip_tags(text: str) -> str:
    """Plotly pseudo-HTML as plain text (<br> -> space, tags removed, escaped text decoded: views/markup.plain)."""
    return plain(text)


def years_in(text: str | None) -> str | None:
    """The last year or year range mentioned in a text ("... 2011Q1-2020Q3" -> "2011Q1-2020Q3"), else None."""
    found = list(_YEARS_RE.finditer(text or ""))
    if not found:
        return None
    m = found[-1]
    return f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1)


def figure_meta(fig: go.Figure | Mapping) -> dict[str, Any]:
    """Title, source line, axis/colour-bar titles (unit candidates) and years read from a figure."""
    d = fig.to_dict() if isinstance(fig, go.Figure) else fig
    layout = d.get("layout") or {}
    source = ""
    for a in layout.get("annotations") or []:
        if a.get("name") == "source" or str(a.get("text") or "").startswith("Source:"):
            source = str(a.get("text") or "")
    units = []
    for key, axis in layout.items():
        if re.fullmatch(r"[xy]axis\d*", key) and isinstance(axis, Mapping):
            units.append(_text(axis.get("title")))
    for trace in d.get("data") or []:
        units.append(_text((trace.get("colorbar") or {}).get("title")))
        units.append(_text(((trace.get("marker") or {}).get("colorbar") or {}).get("title")))
    title = _text(layout.get("title"))
    return {"title": title, "source_line": source, "units": [plain(u) for u in units if u],
            "years": years_in(source) or years_in(title)}


def split_source_line(line: str, units: Sequence[str] = ()) -> tuple[str, str | None, str | None]:
    """Split a figures.source_text line "Source: S; unit; year" into (source, unit, year) where they can be told apart."""
    parts = [p.strip() for p in strip_tags(line).split("; ")]
    year = unit = None
    if len(parts) > 1 and _YEARS_RE.fullmatch(parts[-1]):
        year = parts.pop()
    if len(parts) > 1 and parts[-1] in set(units):
        unit = parts.pop()
    source = "; ".join(parts)
    for prefix in dict.fromkeys(("Source:", _("Source: {}").split("{")[0].strip())):   # English or the view's language
        if source.startswith(prefix):
            return source[len(prefix):].strip(), unit, year
    return source, unit, year


def figure_data(fig: go.Figure | Mapping) -> pd.DataFrame:
    """The data drawn in a figure as a long table (trace, x/location, y/value, text), for charts without a table."""
    d = fig.to_dict() if isinstance(fig, go.Figure) else fig
    rows = []
    for tr in d.get("data") or []:
        name = tr.get("name") or tr.get("type", "trace")
        if tr.get("locations") is not None:
            keys = values_of(tr["locations"])
            vals = values_of(tr.get("z")) or [None] * len(keys)
            rows += [{"series": name, "category": k, "value": v} for k, v in zip(keys, vals)]
        elif tr.get("x") is not None or tr.get("y") is not None:
            xs = values_of(tr.get("x")) if tr.get("x") is not None else list(range(len(values_of(tr["y"]))))
            ys = values_of(tr.get("y")) if tr.get("y") is not None else [None] * len(xs)
            if tr.get("orientation") == "h":
                xs, ys = ys, xs
            rows += [{"series": name, "category": x, "value": y} for x, y in zip(xs, ys)]
    return pd.DataFrame(rows, columns=["series", "category", "value"])
