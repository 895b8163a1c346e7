"""The print style of a chart: white, larger fonts, title with unit/year subtitle, source and export-date footer,
hover-only values written on the chart; and the print-styled chart file in one call. Texts are read back from the
figure as plain text and escaped again where they are written (views/markup.py)."""
from __future__ import annotations

import copy
import datetime as dt
import math
import re
import textwrap
from collections.abc import Mapping

import plotly.graph_objects as go

from indicators.i18n import _
from indicators.exports.constants import DASHBOARD_NAME, FOOTER_FONT, PRINT_FONT, PRINT_HEIGHT, PRINT_WIDTH
from indicators.exports.figure_meta import figure_meta, split_source_line, strip_tags, values_of
from indicators.exports.rendering import render
from indicators.views.markup import join, markup


def _wrap(text: str, width_px: int, font_px: int) -> list[str]:
    """Wrap a plain text to the number of characters that fit in width_px at font_px."""
    chars = max(40, int(width_px / (font_px * 0.52)))
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [""]


def print_style(fig: go.Figure | Mapping, title: str | None = None, unit: str | None = None,
                year: str | int | None = None, source: str | None = None, export_date: str | dt.date | None = None,
                *, width: int = PRINT_WIDTH, height: int | None = None, citation: str | None = None) -> go.Figure:
    """The figure restyled for print: white, larger fonts, title + unit/year subtitle, source, export-date and
    citation footer."""
    # Anything not given is read back from the figure (its title and its figures.source_annotation line). Values
    # that only showed on hover are written on the chart: bar values as labels, the latest value of each line.
    base = fig.to_dict() if isinstance(fig, go.Figure) else copy.deepcopy(dict(fig))
    meta = figure_meta(base)
    src, parsed_unit, parsed_year = split_source_line(meta["source_line"], meta["units"])
    title = title or strip_tags(meta["title"]) or "Chart"
    unit = unit if unit is not None else parsed_unit
    year = str(year) if year not in (None, "") else parsed_year
    source = source if source is not None else src
    date = export_date.isoformat() if isinstance(export_date, dt.date) else (export_date or dt.date.today().isoformat())
    layout = base.setdefault("layout", {})
    layout["annotations"] = [a for a in layout.get("annotations") or []
                             if not (a.get("name") == "source" or str(a.get("text") or "").startswith(
                                 ("Source:", _("Source: {}").split("{")[0].strip())))]
    for key in ("updatemenus", "sliders"):
        layout.pop(key, None)
    out = go.Figure(base, skip_invalid=True)
    _print_layout(out, title, _subtitle(unit, year), _footer_lines(source, date, width, citation), width,
                  int(height or layout.get("height") or PRINT_HEIGHT), layout.get("margin") or {})
    _label_values(out)
    return out


def _subtitle(unit: str | None, year: str | None) -> list[str]:
    """The parts of the subtitle: the unit, then the reference year or period."""
    sub = []
    if unit:
        sub.append(_("Unit: {unit}").format(unit=unit))
    if year:
        sub.append((_("Period: {period}") if re.search(r"\d[-–]\d", str(year)) else _("Reference year: {year}"))
                   .format(period=year, year=year))
    return sub


def _footer_lines(source: str | None, date: str, width: int, citation: str | None = None) -> list[str]:
    """The footer wrapped to the chart width: the source line, the export date and the dashboard's name, then the
    citation line when given."""
    text_width = width - 60
    lines: list[str] = []
    if source:
        prefix = _("Source: {}").split("{")[0].strip()
        lines += _wrap(source if source.lower().startswith(("source", prefix.lower())) else _("Source: {}").format(
            source), text_width, FOOTER_FONT)
    lines += _wrap(_("Exported {date} from the {name}.").format(date=date, name=_(DASHBOARD_NAME)), text_width,
                   FOOTER_FONT)
    if citation:
        lines += _wrap(_("Cite as: {}").format(citation), text_width, FOOTER_FONT)
    return lines


def _print_layout(out: go.Figure, title: str, sub: list[str], lines: list[str], width: int, h0: int,
                  margin: Mapping) -> None:
    """Apply the print layout in place: size, fonts, white paper, title and subtitle, footer below the plot."""
    footer_px = 18 * len(lines) + 14
    bottom = int(margin.get("b") or 60) + footer_px
    out.update_layout(
        width=width, height=h0 + footer_px + 30, autosize=False, font=PRINT_FONT,
        paper_bgcolor="white", plot_bgcolor="white",
        title=dict(text=markup("<b>{}</b>", title), x=0.01, xanchor="left", y=0.985, yanchor="top",
                   font=dict(size=21), subtitle=dict(text=join(" · ", sub), font=dict(size=14, color="#555555"))),
        margin=dict(l=max(int(margin.get("l") or 60), 60), r=max(int(margin.get("r") or 30), 30),
                    t=100 if sub else 80, b=bottom),
        hoverlabel=dict(font_size=13))
    out.add_annotation(text=join("<br>", lines), xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-(bottom - footer_px + 4), showarrow=False, align="left",
                       font=dict(size=FOOTER_FONT, color="#444444"), name="source")
    out.update_xaxes(title_font_size=15, tickfont_size=13, gridcolor="#e5e5e5", linecolor="#888888", automargin=True)
    out.update_yaxes(title_font_size=15, tickfont_size=13, gridcolor="#e5e5e5", linecolor="#888888", automargin=True)
    if out.layout.legend is not None:
        out.update_layout(legend=dict(font=dict(size=13), bgcolor="rgba(255,255,255,0.85)"))
    out.update_geos(bgcolor="white")


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


def export_chart(fig: go.Figure | Mapping, fmt: str, *, title: str | None = None, unit: str | None = None,
                 year: str | int | None = None, source: str | None = None, export_date: str | dt.date | None = None,
                 scale: float | None = None, width: int = PRINT_WIDTH, height: int | None = None,
                 citation: str | None = None) -> bytes:
    """Print-styled static file (png/svg/pdf) of a figure at a print size; PNG at twice the layout resolution."""
    styled = print_style(fig, title, unit, year, source, export_date, width=width, height=height, citation=citation)
    return render(styled, fmt, scale=scale)
