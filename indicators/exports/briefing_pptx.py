"""The PowerPoint writer of briefing packs (python-pptx): 16:9 slides with native, editable bar and line charts, map
images, native tables, and the source line on every slide."""
from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd

from indicators.i18n import _, current
from indicators.exports.briefing_content import BriefingContent, Chart, ChartPNG
from indicators.exports.constants import DASHBOARD_NAME, PPTX_TABLE_ROWS, PPTX_TABLE_WIDTHS
from indicators.exports.figure_meta import figure_meta, strip_tags
from indicators.exports.graphics import png_size, text_colour
from indicators.views import figures


def write_pptx(content: BriefingContent, png: ChartPNG) -> bytes:
    """A 16:9 deck: title, headline scores, one slide per key chart, indicator table, sources and method."""
    from pptx import Presentation
    from pptx.util import Inches

    c = content
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    _title_slide(prs.slides.add_slide(blank), c)
    _headline_slide(prs.slides.add_slide(blank), c)
    for ch in c.charts:
        _chart_slide(prs.slides.add_slide(blank), prs, ch, png, c.date_text)
    _table_slides(prs, blank, c)
    _sources_slide(prs.slides.add_slide(blank), c)

    prs.core_properties.title = c.title
    prs.core_properties.author = _(DASHBOARD_NAME)
    prs.core_properties.subject = _("Briefing, reference year {year}").format(year=c.year)
    prs.core_properties.language = current()
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _title_slide(s: Any, c: BriefingContent) -> None:
    """The title slide: title, subtitle, date and the dashboard's name."""
    from pptx.util import Inches
    _text(s, c.title, Inches(0.7), Inches(2.2), Inches(12), Inches(1.2), 36, bold=True)
    _text(s, c.subtitle, Inches(0.7), Inches(3.4), Inches(12), Inches(1.0), 16, colour="#444444")
    _text(s, _("Briefing prepared {date} from the {dashboard}").format(date=c.date_text, dashboard=_(DASHBOARD_NAME)),
          Inches(0.7), Inches(4.5), Inches(12), Inches(0.5), 14, colour="#444444")
    _footer(s, c.source_line, c.date_text)


def _headline_slide(s: Any, c: BriefingContent) -> None:
    """The headline scores slide: the rated table and the note on what the index counts."""
    from pptx.util import Inches
    _title(s, _("Headline scores, {year}").format(year=c.year))
    _headline_table(s, c)
    _text(s, c.headline_note, Inches(0.6), Inches(6.0), Inches(12.1), Inches(0.7), 11, colour="#444444")
    _footer(s, c.source_line, c.date_text)


def _chart_slide(s: Any, prs: Any, ch: Chart, png: ChartPNG, date: str) -> None:
    """One key chart: native when it has native data, else its PNG centred; caption and its own source line."""
    from pptx.util import Emu, Inches
    title = strip_tags(figure_meta(ch.fig)["title"]) or ch.key
    _title(s, title)
    if ch.native is not None:
        _native_chart(s, ch)
    else:
        data = png(ch)
        w, h = png_size(data)
        max_w, max_h = Inches(12.1), Inches(5.3)
        scale = min(max_w / w, max_h / h)
        pic_w, pic_h = int(w * scale), int(h * scale)
        s.shapes.add_picture(io.BytesIO(data), int((prs.slide_width - pic_w) / 2), Inches(1.1), Emu(pic_w), Emu(pic_h))
    _text(s, ch.caption, Inches(0.6), Inches(6.45), Inches(12.1), Inches(0.45), 11, colour="#444444")
    _footer(s, _("Source: ") + ch.source, date)


def _table_slides(prs: Any, blank: Any, c: BriefingContent) -> None:
    """The indicator table, PPTX_TABLE_ROWS rows a slide, numbered when it takes more than one."""
    rows = c.table
    n = math.ceil(len(rows) / PPTX_TABLE_ROWS)
    for start in range(0, max(len(rows), 1), PPTX_TABLE_ROWS):
        s = prs.slides.add_slide(blank)
        part = "" if len(rows) <= PPTX_TABLE_ROWS else f" ({start // PPTX_TABLE_ROWS + 1}/{n})"
        _title(s, c.table_title + part)
        _data_table(s, rows.iloc[start:start + PPTX_TABLE_ROWS])
        _footer(s, c.source_line, c.date_text)


def _sources_slide(s: Any, c: BriefingContent) -> None:
    """The last slide: every source with its licence, then the method note."""
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt
    _title(s, _("Sources and method"))
    box = s.shapes.add_textbox(Inches(0.6), Inches(1.1), Inches(12.1), Inches(5.5))
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE        # PowerPoint shrinks the text if sources run long
    first = True
    heads = (_("Sources:"), _("Method note:"), _("How to cite:"))
    cite = ["", heads[2], c.citation] if c.citation else []
    for line in [heads[0], *[f"• {x}" for x in c.sources], "", heads[1], c.method_note, *cite]:
        p = tf.paragraphs[0] if first else tf.add_paragraph()
        first = False
        p.text = line
        p.font.size = Pt(11 if line not in heads else 13)
        p.font.bold = line in heads
    _footer(s, c.source_line, c.date_text)


def _rgb(hex_colour: str) -> Any:
    """A python-pptx RGB colour from '#rrggbb'."""
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide: Any, text: str, left: int, top: int, width: int, height: int, size: float, bold: bool = False,
          colour: str = "#222222", name: str | None = None) -> Any:
    """A wrapped text box."""
    from pptx.util import Pt
    box = slide.shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    tf = box.text_frame
    tf.word_wrap = True
    tf.text = text
    for p in tf.paragraphs:
        p.font.size = Pt(size)
        p.font.bold = bold
        p.font.color.rgb = _rgb(colour)
    return box


def _title(slide: Any, text: str) -> None:
    """The slide title (a text box, so the slide pastes into any template)."""
    from pptx.util import Inches
    _text(slide, text, Inches(0.6), Inches(0.3), Inches(12.1), Inches(0.8), 24, bold=True, name="Title")


def _footer(slide: Any, source: str, date: str) -> None:
    """The source line and export date at the bottom of every slide."""
    from pptx.util import Inches
    _text(slide, _("{source} · Exported {date} from the {dashboard}").format(source=source, date=date,
                                                                             dashboard=_(DASHBOARD_NAME)),
          Inches(0.6), Inches(6.9), Inches(12.1), Inches(0.5), 9, colour="#555555", name="Source")


def _headline_table(slide: Any, c: BriefingContent) -> None:
    """Headline scores as a native table with rating colours."""
    from pptx.util import Inches, Pt
    n = len(c.headlines) + 1
    shape = slide.shapes.add_table(n, 4, Inches(0.6), Inches(1.2), Inches(12.1), Inches(0.55 * n))
    table = shape.table
    for j, w in enumerate((4.2, 2.0, 2.9, 3.0)):
        table.columns[j].width = Inches(w)
    for j, head in enumerate(("", _("Score"), _("Rating"), _("Trend"))):
        table.cell(0, j).text = head
    for i, h in enumerate(c.headlines, start=1):
        values = (h.label, h.value_text, figures.rating_label(h.rating, h.indicator_id), f"{h.arrow}  {h.trend}")
        for j, v in enumerate(values):
            cell = table.cell(i, j)
            cell.text = v
            for p in cell.text_frame.paragraphs:
                p.font.size = Pt(18 if j == 1 else 13)
                p.font.bold = j in (0, 1)
        colour = figures.rating_colour(h.rating)
        cell = table.cell(i, 2)
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(colour)
        for p in cell.text_frame.paragraphs:
            p.font.color.rgb = _rgb(text_colour(colour))


def _data_table(slide: Any, df: pd.DataFrame) -> None:
    """A native table of the indicator rows."""
    from pptx.util import Inches, Pt
    cols = list(df.columns)
    shape = slide.shapes.add_table(len(df) + 1, len(cols), Inches(0.4), Inches(1.1), Inches(12.5),
                                   Inches(0.4 * (len(df) + 1)))
    table = shape.table
    total = sum(PPTX_TABLE_WIDTHS.get(col, 1.5) for col in cols)
    for j, col in enumerate(cols):
        table.columns[j].width = Inches(PPTX_TABLE_WIDTHS.get(col, 1.5) * 12.5 / total)
        table.cell(0, j).text = _(col)
    for i, (_k, r) in enumerate(df.iterrows(), start=1):
        for j, v in enumerate(r.tolist()):
            table.cell(i, j).text = "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.text_frame.paragraphs:
                p.font.size = Pt(10)


def _native_chart(slide: Any, ch: Chart) -> None:
    """An editable PowerPoint chart (clustered bars or lines) from the chart's native data."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_LABEL_POSITION
    from pptx.util import Inches, Pt
    nc = ch.native
    data = CategoryChartData(number_format=nc.number_format)
    data.categories = nc.categories
    for name, values in nc.series:
        data.add_series(name, [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values])
    kind = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "barh": XL_CHART_TYPE.BAR_CLUSTERED,
            "line": XL_CHART_TYPE.LINE_MARKERS}[nc.kind]
    frame = slide.shapes.add_chart(kind, Inches(0.6), Inches(1.1), Inches(12.1), Inches(5.3), data)
    chart = frame.chart
    chart.font.size = Pt(12)
    chart.has_legend = len(nc.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    va = chart.value_axis
    va.has_title = True
    va.axis_title.text_frame.text = nc.unit
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = _rgb("#dddddd")
    if nc.kind in ("bar", "barh") and "score" in nc.unit:
        va.minimum_scale, va.maximum_scale = 0, 100
    plot = chart.plots[0]
    if nc.kind in ("bar", "barh"):
        plot.has_data_labels = True
        plot.data_labels.number_format = nc.number_format
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        plot.data_labels.font.size = Pt(11)
        plot.gap_width = 60
    for i, series in enumerate(plot.series):
        colour = nc.series_colours[i % len(nc.series_colours)]
        if nc.kind == "line":
            series.format.line.color.rgb = _rgb(colour)
            series.format.line.width = Pt(2.5)
            series.smooth = False
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(colour)
            if nc.point_colours and len(nc.series) == 1:
                for k, pc in enumerate(nc.point_colours):
                    point = series.points[k]
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = _rgb(pc)
