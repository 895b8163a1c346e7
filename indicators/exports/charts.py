"""Exports for briefings (no Dash): print-styled charts rendered offline, data as CSV/XLSX with metadata.

Static rendering uses kaleido 1.x with the machine's own Chromium (Debian's `chromium` on the PATH, or the
`MPD_CHROMIUM` / `BROWSER_PATH` environment variables). One browser is started on first use and kept warm in a
background thread, so a batch of charts (or a web server answering many export clicks) pays the browser start once;
`warm_browser()` scopes it to a block, `stop_browser()` closes it. Base maps come from the bundled TopoJSON
(figures.apply_offline_topojson) and MathJax is disabled: nothing is fetched from a CDN.

Spreadsheet safety: text cells that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab,
carriage return or line feed) are prefixed with an apostrophe; numbers stay numbers.
"""
from __future__ import annotations

import asyncio
import base64
import atexit
import contextlib
import copy
import datetime as dt
import io
import math
import os
import re
import shutil
import textwrap
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from indicators.views import figures
from indicators.store.catalogue import Catalogue, load_catalogue

CHART_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
PRINT_WIDTH = 1100                   # layout pixels; PNG at scale 2 = 2200 px wide (about 18.6 cm at 300 dpi)
PRINT_HEIGHT = 620
PNG_SCALE = 2
RENDER_TIMEOUT = 90.0                # seconds for one image (the first also starts the browser)
DASHBOARD_NAME = "Migrant protection indicator dashboard"
PRINT_FONT = dict(family="Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif", size=15, color="#222222")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_YEARS_RE = re.compile(r"(?<!\d)((?:19|20)\d{2}(?:Q[1-4])?)(?:\s*[-–]\s*((?:19|20)\d{2}(?:Q[1-4])?))?(?!\d)")


# ---------------------------------------------------------------------- one warm browser for all renders
def chromium_path() -> str | None:
    """The Chromium to render with: $MPD_CHROMIUM, $BROWSER_PATH, else `chromium` (Debian) on the PATH."""
    for env in ("MPD_CHROMIUM", "BROWSER_PATH"):
        if os.environ.get(env):
            return os.environ[env]
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class _Browser:
    """One kaleido browser living in a daemon thread with its own event loop; thread-safe calls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.started_at: float | None = None
        self.renders = 0

    @property
    def running(self) -> bool:
        """Whether the browser is up."""
        return self._kaleido is not None

    def start(self, tabs: int = 1) -> None:
        """Start the browser (no-op when running); raises RuntimeError when no Chromium can be started."""
        with self._lock:
            if self._kaleido is not None:
                return
            import kaleido
            if not pio.defaults.topojson:               # never let a static export reach for the CDN
                figures.apply_offline_topojson()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido-browser", daemon=True)
            thread.start()
            path = chromium_path()

            async def _open() -> Any:
                k = kaleido.Kaleido(n=tabs, timeout=RENDER_TIMEOUT, mathjax=False, **({"path": path} if path else {}))
                await k.open()
                return k

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(_open(), loop).result(RENDER_TIMEOUT)
            except BaseException as exc:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(5)
                raise RuntimeError(f"could not start the headless browser for static export ({path or 'no chromium on the PATH'}): "
                                   f"{exc}. Install Debian's chromium (see README).") from exc
            self._loop, self._thread = loop, thread
            self.started_at = time.time()
            self.renders = 0

    def stop(self) -> None:
        """Close the browser and its thread (no-op when not running)."""
        with self._lock:
            if self._kaleido is None or self._loop is None:
                return
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
            with contextlib.suppress(BaseException):
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(30)
            loop.call_soon_threadsafe(loop.stop)
            if thread is not None:
                thread.join(10)

    def render(self, fig: dict, opts: dict) -> bytes:
        """Render one figure dict with kaleido options (format, width, height, scale); restarts a dead browser once."""
        for attempt in (1, 2):
            self.start()
            k, loop = self._kaleido, self._loop
            if k is None or loop is None:       # stopped by another thread in between
                continue
            future = asyncio.run_coroutine_threadsafe(
                k.calc_fig(fig, opts=opts, topojson=pio.defaults.topojson), loop)
            try:
                data = future.result(RENDER_TIMEOUT + 5)
                self.renders += 1
                return data
            except Exception as exc:            # a crashed browser: start a fresh one and try once more
                future.cancel()
                if attempt == 2 or not _looks_dead(exc):
                    raise
                self.stop()
        raise RuntimeError("static export failed twice")


def _looks_dead(exc: BaseException) -> bool:
    """Whether an error means the browser process went away (worth one restart)."""
    text = f"{type(exc).__name__} {exc}".lower()
    return any(w in text for w in ("closed", "broken pipe", "connection", "browserfailed", "channel", "timeout"))


_BROWSER = _Browser()
atexit.register(_BROWSER.stop)


def start_browser() -> None:
    """Start the shared render browser now (it otherwise starts on the first render)."""
    _BROWSER.start()


def stop_browser() -> None:
    """Close the shared render browser."""
    _BROWSER.stop()


def browser_running() -> bool:
    """Whether the shared render browser is up."""
    return _BROWSER.running


@contextlib.contextmanager
def warm_browser() -> Iterator[None]:
    """One browser for every render inside the block (started by the first render, if any); closed afterwards
    unless it was already running before the block."""
    was_running = _BROWSER.running
    try:
        yield
    finally:
        if not was_running:
            _BROWSER.stop()


def render(fig: go.Figure | Mapping, fmt: str = "png", scale: float | None = None, width: int | None = None,
           height: int | None = None) -> bytes:
    """Static image bytes (png, svg or pdf) of a figure, rendered by the shared warm browser."""
    fmt = fmt.lower()
    if fmt not in CHART_FORMATS:
        raise ValueError(f"format must be one of {', '.join(CHART_FORMATS)}, not {fmt!r}")
    d = fig.to_dict() if isinstance(fig, go.Figure) else dict(fig)
    layout = d.get("layout") or {}
    opts = {"format": fmt, "width": int(width or layout.get("width") or PRINT_WIDTH),
            "height": int(height or layout.get("height") or PRINT_HEIGHT),
            "scale": float(scale if scale is not None else (PNG_SCALE if fmt == "png" else 1))}
    return _BROWSER.render(_jsonable(d), opts)


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


def _jsonable(obj: Any) -> Any:
    """Plain JSON types for the browser (numpy arrays and scalars, NaN -> None, timestamps -> ISO)."""
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return [_jsonable(v) for v in obj.tolist()]
    if isinstance(obj, (np.floating, float)):
        return None if math.isnan(float(obj)) or math.isinf(float(obj)) else float(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, (pd.Timestamp, dt.date, dt.datetime, np.datetime64)):
        return pd.Timestamp(obj).isoformat()
    if obj is pd.NA or obj is pd.NaT:
        return None
    return obj


# ---------------------------------------------------------------------- metadata read back from a figure
def _text(value: Any) -> str:
    """A title-like property (str, dict with 'text' or a plotly object) as plain text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return str(value.get("text") or "")
    return str(getattr(value, "text", "") or "")


def _strip_tags(text: str) -> str:
    """Plotly pseudo-HTML as plain text (<br> -> space, tags removed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", text or ""))).strip()


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
    return {"title": title, "source_line": source, "units": [u for u in units if u],
            "years": years_in(source) or years_in(title)}


def split_source_line(line: str, units: Sequence[str] = ()) -> tuple[str, str | None, str | None]:
    """Split a figures.source_text line "Source: S; unit; year" into (source, unit, year) where they can be told apart."""
    parts = [p.strip() for p in _strip_tags(line).split("; ")]
    year = unit = None
    if len(parts) > 1 and _YEARS_RE.fullmatch(parts[-1]):
        year = parts.pop()
    if len(parts) > 1 and parts[-1] in set(units):
        unit = parts.pop()
    source = "; ".join(parts)
    return (source[len("Source:"):].strip() if source.startswith("Source:") else source), unit, year


# ---------------------------------------------------------------------- print style
def _wrap(text: str, width_px: int, font_px: int) -> list[str]:
    """Wrap a plain text to the number of characters that fit in width_px at font_px."""
    chars = max(40, int(width_px / (font_px * 0.52)))
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [""]


def print_style(fig: go.Figure | Mapping, title: str | None = None, unit: str | None = None,
                year: str | int | None = None, source: str | None = None, export_date: str | dt.date | None = None,
                *, width: int = PRINT_WIDTH, height: int | None = None) -> go.Figure:
    """The figure restyled for print: white, larger fonts, title + unit/year subtitle, source and export-date footer.

    Anything not given is read back from the figure (its title and its figures.source_annotation line). Values
    that only showed on hover are written on the chart: bar values as labels, the latest value of each line.
    """
    base = fig.to_dict() if isinstance(fig, go.Figure) else copy.deepcopy(dict(fig))
    meta = figure_meta(base)
    src, parsed_unit, parsed_year = split_source_line(meta["source_line"], meta["units"])
    title = title or _strip_tags(meta["title"]) or "Chart"
    unit = unit if unit is not None else parsed_unit
    year = str(year) if year not in (None, "") else parsed_year
    source = source if source is not None else src
    date = export_date.isoformat() if isinstance(export_date, dt.date) else (export_date or dt.date.today().isoformat())
    layout = base.setdefault("layout", {})
    layout["annotations"] = [a for a in layout.get("annotations") or []
                             if not (a.get("name") == "source" or str(a.get("text") or "").startswith("Source:"))]
    for key in ("updatemenus", "sliders"):
        layout.pop(key, None)
    out = go.Figure(base, skip_invalid=True)

    sub = []
    if unit:
        sub.append(f"Unit: {unit}")
    if year:
        sub.append(("Period: " if re.search(r"\d[-–]\d", str(year)) else "Reference year: ") + str(year))
    footer_font = 12
    text_width = width - 60
    lines: list[str] = []
    if source:
        lines += _wrap(("" if source.lower().startswith("source") else "Source: ") + source, text_width, footer_font)
    lines += _wrap(f"Exported {date} from the {DASHBOARD_NAME}.", text_width, footer_font)
    footer_px = 18 * len(lines) + 14

    h0 = int(height or layout.get("height") or PRINT_HEIGHT)
    margin = layout.get("margin") or {}
    bottom = int(margin.get("b") or 60) + footer_px
    out.update_layout(
        width=width, height=h0 + footer_px + 30, autosize=False, font=PRINT_FONT,
        paper_bgcolor="white", plot_bgcolor="white",
        title=dict(text=f"<b>{title}</b>", x=0.01, xanchor="left", y=0.985, yanchor="top", font=dict(size=21),
                   subtitle=dict(text=" · ".join(sub), font=dict(size=14, color="#555555"))),
        margin=dict(l=max(int(margin.get("l") or 60), 60), r=max(int(margin.get("r") or 30), 30),
                    t=100 if sub else 80, b=bottom),
        hoverlabel=dict(font_size=13))
    out.add_annotation(text="<br>".join(lines), xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-(bottom - footer_px + 4), showarrow=False, align="left",
                       font=dict(size=footer_font, color="#444444"), name="source")
    out.update_xaxes(title_font_size=15, tickfont_size=13, gridcolor="#e5e5e5", linecolor="#888888", automargin=True)
    out.update_yaxes(title_font_size=15, tickfont_size=13, gridcolor="#e5e5e5", linecolor="#888888", automargin=True)
    if out.layout.legend is not None:
        out.update_layout(legend=dict(font=dict(size=13), bgcolor="rgba(255,255,255,0.85)"))
    out.update_geos(bgcolor="white")
    _label_values(out)
    return out


def _label_values(fig: go.Figure) -> None:
    """Write hover-only values on the chart: bar values as labels, the last point of each line trace."""
    for tr in fig.data:
        if tr.type == "bar" and tr.text is None and tr.texttemplate is None:
            axis = "x" if tr.orientation == "h" else "y"
            tr.update(texttemplate=f"%{{{axis}:.3~g}}", textposition="outside", cliponaxis=False,
                      textfont_size=12)
        elif tr.type == "bar":
            tr.update(textfont_size=12, cliponaxis=False)
        elif tr.type == "scatter" and "lines" in (tr.mode or "") and len(values_of(tr.y)) > 1:
            ys = values_of(tr.y)
            last = max((i for i, v in enumerate(ys) if v is not None and not (isinstance(v, float) and math.isnan(v))),
                       default=None)
            if last is None or tr.texttemplate is not None:
                continue
            tr.update(mode=tr.mode + "+text", texttemplate=["" if i != last else "%{y:.3~g}" for i in range(len(ys))],
                      textposition="top center", textfont=dict(size=13, color=(tr.line.color or "#222222")),
                      cliponaxis=False, line_width=max(tr.line.width or 2, 2.5))


# ---------------------------------------------------------------------- file names
def slug(text: str, max_len: int = 60) -> str:
    """Lower-case ASCII slug ("Remittance cost (%)" -> "remittance-cost")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:max_len].rstrip("-") or "chart"


def export_filename(subject: str, place: str | Sequence[str] | None = None, years: str | int | None = None,
                    ext: str = "png") -> str:
    """A self-describing file name: export_filename("Remittance cost", "PAK-SAU", "2011-2024") -> remittance-cost_PAK-SAU_2011-2024.png."""
    parts = [slug(subject)]
    if place:
        codes = place if isinstance(place, str) else "-".join(place)
        cleaned = re.sub(r"[^A-Za-z0-9-]+", "-", codes).strip("-")
        if cleaned:
            parts.append(cleaned.upper())
    if years not in (None, ""):
        y = re.sub(r"[^0-9Qq-]+", "-", str(years)).strip("-")
        if y and y.lower() not in parts[0]:
            parts.append(y.upper())
    return "_".join(parts) + "." + ext.lower().lstrip(".")


def chart_filename(fig: go.Figure | Mapping, fmt: str, name: str | None = None, place: str | None = None) -> str:
    """File name for a chart: the export name (or the title's slug), place codes, and the years of its source line.

    A name may carry its own codes after an underscore: "remittance-cost_PAK-SAU" -> remittance-cost_PAK-SAU_<years>.
    """
    meta = figure_meta(fig)
    years = meta["years"]
    if name:
        subject, _, codes = name.partition("_")
        return export_filename(subject, codes or place, years, fmt)
    title = _strip_tags(meta["title"]) or "chart"
    if years:   # "Migrant protection index, 2020" -> "migrant-protection-index" + _2020
        title = re.sub(r"[,:]?\s*(latest( value)?( up to)?\s*)?" + re.escape(years.split("-")[-1]) + r"\s*$", "", title)
    return export_filename(title, place, years, fmt)


# ---------------------------------------------------------------------- chart export in one call
def export_chart(fig: go.Figure | Mapping, fmt: str, *, title: str | None = None, unit: str | None = None,
                 year: str | int | None = None, source: str | None = None, export_date: str | dt.date | None = None,
                 scale: float | None = None) -> bytes:
    """Print-styled static file (png/svg/pdf) of a figure; PNG at twice the layout resolution by default."""
    styled = print_style(fig, title, unit, year, source, export_date)
    return render(styled, fmt, scale=scale)


# ---------------------------------------------------------------------- data: CSV and XLSX
def neutralise_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; anything else is unchanged."""
    if isinstance(value, str) and value and (value.startswith(FORMULA_PREFIXES)
                                             or value.lstrip(" ").startswith(FORMULA_PREFIXES[:4])):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Copy of a frame with formula-like text cells neutralised (text columns only; numbers stay numbers)."""
    out = df.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s) or pd.api.types.is_datetime64_any_dtype(s):
            continue
        out[col] = s.astype(object).map(neutralise_cell)
    return out


MD_LINK = re.compile(r"^\[(?P<text>.*)\]\((?P<url>[^)\s]*)\)$", re.S)


def plain_links(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Markdown link cells '[Qatar](/corridors?...)' as plain text, with the address in a '<column> link' column."""
    out = df.copy()
    for col in columns:
        if col not in out.columns:
            continue
        found = out[col].astype(object).map(lambda v: MD_LINK.match(v) if isinstance(v, str) else None)
        out[col] = [m["text"] if m else v for m, v in zip(found, out[col])]
        out.insert(out.columns.get_loc(col) + 1, f"{col} link", [m["url"] if m else None for m in found])
    return out


def data_csv(df: pd.DataFrame) -> bytes:
    """The frame as UTF-8 CSV with a byte-order mark (Excel opens it right), formula cells neutralised."""
    buf = io.StringIO()
    neutralise(df).to_csv(buf, index=False, lineterminator="\r\n")
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _cell(value: Any) -> Any:
    """A value openpyxl can store: numpy -> Python, missing -> empty, text neutralised and control chars removed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(float(value)) or math.isinf(float(value)) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).to_pydatetime()
    if isinstance(value, (list, tuple, dict, set)):
        value = ", ".join(map(str, value)) if not isinstance(value, dict) else str(value)
    if isinstance(value, str):
        return neutralise_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def data_xlsx(df: pd.DataFrame, metadata: Mapping[str, Any] | None = None, sheet: str = "Data") -> bytes:
    """An XLSX workbook: the data sheet (header frozen) and a Metadata sheet (fields, then indicator definitions)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([_cell(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for i, col in enumerate(df.columns, start=1):
        sample = [len(str(col))] + [len(str(v)) for v in df[col].head(200).tolist()]
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, max(sample) + 2))

    ms = wb.create_sheet("Metadata")
    meta = dict(metadata or {})
    definitions = meta.pop("indicators", None)
    ms.append(["field", "value"])
    for key, value in meta.items():
        ms.append([_cell(str(key)), _cell(value if not isinstance(value, Mapping) else
                                          ", ".join(f"{k} {v}" for k, v in value.items()))])
    if isinstance(definitions, pd.DataFrame) and not definitions.empty:
        ms.append([])
        ms.append(["Indicator definitions"])
        ms.cell(ms.max_row, 1).font = Font(bold=True)
        ms.append([_cell(str(c)) for c in definitions.columns])
        for c in ms[ms.max_row]:
            c.font = Font(bold=True)
        for row in definitions.itertuples(index=False, name=None):
            ms.append([_cell(v) for v in row])
    for c in ms[1]:
        c.font = Font(bold=True)
    ms.column_dimensions["A"].width = 24
    ms.column_dimensions["B"].width = 90
    for row in ms.iter_rows(min_row=2, max_col=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def indicator_definitions(ids: Sequence[str] | None = None, cat: Catalogue | None = None) -> pd.DataFrame:
    """Catalogue definitions (id, name, pillar, unit, direction, goalposts, thresholds, definition, source, licence)."""
    ind = (cat or load_catalogue()).indicators
    if ids is not None:
        ind = ind[ind.index.isin(list(ids))]
    out = ind.reset_index().rename(columns={"index": "id"})
    if "id" not in out.columns:
        out = out.rename(columns={out.columns[0]: "id"})
    cols = ["id", "name", "pillar", "level", "unit", "direction", "best", "worst", "thresholds", "weight", "sdg",
            "definition", "source", "licence"]
    out = out[[c for c in cols if c in out.columns]].copy()
    out["thresholds"] = out["thresholds"].map(lambda t: ", ".join(f"{x:g}" for x in t) if isinstance(t, list) else t)
    return out


def indicators_mentioned(text: str, cat: Catalogue | None = None) -> list[str]:
    """Catalogue indicators whose source, name or short name appears in a text (for a chart's metadata sheet)."""
    ind = (cat or load_catalogue()).indicators
    low = (text or "").lower()
    hits = []
    for iid, r in ind.iterrows():
        keys = [str(r.get("source") or ""), str(r.get("name") or ""), str(r.get("short_name") or "")]
        if any(k and len(k) > 6 and k.lower() in low for k in keys):
            hits.append(iid)
    return hits


METHOD_SUMMARY = (
    "Latest value of each indicator within its window (5 years; ratification status has none); goalpost "
    "normalisation score = 100 x (value - worst) / (best - worst), clipped to 0-100; four ratings against three "
    "thresholds per indicator (pillar and index scores: 75 / 50 / 25); trend = least-squares slope of the score "
    "over 10 years against the pace needed to reach the goal by 2030; pillar = weighted mean of the indicators in "
    "play (a country needs half the in-play weight); index = weighted mean of the pillars in play; missing data is "
    "'insufficient data', never zero. Full method: the dashboard's methodology page."
)


def export_metadata(*, title: str, unit: str | None = None, year: str | int | None = None, source: str | None = None,
                    indicator_ids: Sequence[str] | None = None, weights: Mapping[str, float] | None = None,
                    aggregation: str = "arithmetic", notes: str | None = None,
                    export_date: str | dt.date | None = None, cat: Catalogue | None = None) -> dict[str, Any]:
    """The metadata sheet of an export: what, unit, year, source, licences, method, weights, date, definitions."""
    defs = indicator_definitions(indicator_ids if indicator_ids else None, cat)
    licences = "; ".join(dict.fromkeys(str(x) for x in defs["licence"].dropna() if str(x)))
    date = export_date.isoformat() if isinstance(export_date, dt.date) else (export_date or dt.date.today().isoformat())
    w = weights or {}
    meta: dict[str, Any] = {
        "title": title, "unit": unit or "", "reference year": "" if year is None else str(year),
        "source": source or "", "licences": licences,
        "method": METHOD_SUMMARY,
        "pillar weights": ", ".join(f"{k} {v:g}" for k, v in w.items()) if w else "equal (1 each)",
        "aggregation": f"{aggregation} mean",
        "missing values": "empty cells = insufficient data (never zero)",
        "export date": date, "exported from": DASHBOARD_NAME,
    }
    if notes:
        meta["notes"] = notes
    meta["indicators"] = defs if indicator_ids else defs.assign(
        note="all indicators of the dashboard (the chart's own could not be singled out)")
    return meta


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
