"""Writers of briefing packs: PDF (reportlab) and PowerPoint (python-pptx). Used through briefing.BriefingPack."""
from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from indicators.exports.constants import DASHBOARD_NAME
from indicators.exports.figure_meta import figure_meta, strip_tags
from indicators.views import figures

if TYPE_CHECKING:
    from indicators.exports.briefing import BriefingPack, Chart

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DASHBOARD = DASHBOARD_NAME
ASCII_ARROWS = {"↑": "^", "↗": "/", "→": ">", "↓": "v", "↘": "\\", "·": "-", "—": "-"}


# ---------------------------------------------------------------------- fonts
@lru_cache(maxsize=1)
def pdf_fonts() -> tuple[str, str, bool]:
    """(regular, bold, has_arrows): DejaVu Sans when installed (arrows included), else reportlab's bundled Vera."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdfmetrics.registerFont(TTFont("Brief", str(regular)))
        pdfmetrics.registerFont(TTFont("Brief-Bold", str(bold)))
        return "Brief", "Brief-Bold", True
    pdfmetrics.registerFont(TTFont("BriefVera", "Vera.ttf"))          # shipped with reportlab
    pdfmetrics.registerFont(TTFont("BriefVera-Bold", "VeraBd.ttf"))
    return "BriefVera", "BriefVera-Bold", False


def _t(text: Any, arrows: bool = True) -> str:
    """Text for a reportlab paragraph: escaped; arrows replaced when the font lacks them."""
    s = escape(str(text))
    if not arrows:
        for a, b in ASCII_ARROWS.items():
            s = s.replace(a, b)
    return s


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its header."""
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _text_colour(hex_colour: str) -> str:
    """Black or white text for a fill colour (dark fills get white)."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return "#ffffff" if (0.299 * r + 0.587 * g + 0.114 * b) < 140 else "#222222"


# ---------------------------------------------------------------------- PDF
def write_pdf(pack: BriefingPack) -> bytes:
    """A4 PDF of 2-4 pages: title, date, headline table, key charts, indicator table, sources and method note."""
    for chart_width_cm, max_charts in ((16.5, 4), (14.5, 4), (13.0, 3), (12.0, 2)):
        data, pages = _pdf(pack, chart_width_cm, max_charts)
        if pages <= 4:
            return data
    return data


def _pdf(pack: BriefingPack, chart_width_cm: float, max_charts: int) -> tuple[bytes, int]:
    """Build the PDF at a chart width; returns its bytes and page count."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (CondPageBreak, Image, KeepTogether, Paragraph, SimpleDocTemplate,
                                    Spacer, Table, TableStyle)

    c = pack.content
    font, bold, arrows = pdf_fonts()
    st = {
        "title": ParagraphStyle("title", fontName=bold, fontSize=19, leading=23, spaceAfter=4),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=9.5, leading=12.5, textColor=colors.HexColor("#444444")),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12.5, leading=16, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=font, fontSize=9, leading=12, alignment=TA_LEFT),
        "small": ParagraphStyle("small", fontName=font, fontSize=7.8, leading=10, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7.8, leading=9.5),
        "cellb": ParagraphStyle("cellb", fontName=bold, fontSize=7.8, leading=9.5),
        "score": ParagraphStyle("score", fontName=bold, fontSize=11, leading=13),
    }
    story: list[Any] = [
        Paragraph(_t(c.title, arrows), st["title"]),
        Paragraph(_t(f"Briefing prepared {c.date} from the {DASHBOARD}", arrows), st["sub"]),
        Paragraph(_t(c.subtitle, arrows), st["sub"]),
        Spacer(1, 8),
        Paragraph("Headline scores", st["h2"]),
    ]
    rows = [[Paragraph(x, st["cellb"]) for x in ("", "Score", "Rating", "Trend")]]
    fills = []
    for i, h in enumerate(c.headlines, start=1):
        colour = figures.rating_colour(h.rating)
        rating_style = st["cell"].clone(f"r{i}", textColor=colors.HexColor(_text_colour(colour)))
        value_style = st["score"] if not math.isnan(h.value) else st["cell"]
        rows.append([Paragraph(_t(h.label, arrows), st["cellb"]), Paragraph(_t(h.value_text, arrows), value_style),
                     Paragraph(_t(figures.rating_label(h.rating), arrows), rating_style),
                     Paragraph(_t(f"{h.arrow}  {h.trend}", arrows), st["cell"])])
        fills.append(("BACKGROUND", (2, i), (2, i), colors.HexColor(colour)))
    t = Table(rows, colWidths=[5.6 * cm, 3.2 * cm, 3.8 * cm, 5.4 * cm], repeatRows=1)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                           ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                           ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3), *fills]))
    story += [t, Spacer(1, 4), Paragraph(_t(c.headline_note, arrows), st["small"]), Spacer(1, 6),
              Paragraph("Key charts", st["h2"])]
    for ch in c.charts[:max_charts]:
        png = pack.png(ch)
        w, h = _png_size(png)
        width = chart_width_cm * cm
        img = Image(io.BytesIO(png), width=width, height=width * h / w)
        story.append(KeepTogether([img, Paragraph(_t(ch.caption, arrows), st["small"]), Spacer(1, 8)]))
    story += [CondPageBreak(6 * cm), Paragraph(_t(c.table_title, arrows), st["h2"])]
    cols = list(c.table.columns)
    widths = {"Pillar": 2.5, "Part": 2.6, "Indicator": 4.3, "Value": 3.2, "Year": 1.3, "Score": 1.6, "Rating": 2.5,
              "Trend": 2.8}                                  # 'Recruitment' and 'Score' fit on one line
    total = sum(widths.get(col, 2.0) for col in cols)
    colw = [widths.get(col, 2.0) * 17.8 / total * cm for col in cols]
    trows = [[Paragraph(_t(col, arrows), st["cellb"]) for col in cols]]
    for _, r in c.table.iterrows():
        trows.append([Paragraph(_t("" if v is None or (isinstance(v, float) and math.isnan(v)) else v, arrows),
                                st["cell"]) for v in r.tolist()])
    tt = Table(trows, colWidths=colw, repeatRows=1)
    tt.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#dddddd")),
                            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    story += [tt, Spacer(1, 6), CondPageBreak(5 * cm), Paragraph("Sources", st["h2"])]
    story += [Paragraph(_t(f"• {s}", arrows), st["small"]) for s in c.sources]
    story += [Paragraph("Method note", st["h2"]), Paragraph(_t(c.method_note, arrows), st["small"])]

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(1.6 * cm, 1.0 * cm, _plain(f"{c.title} · exported {c.date} · {DASHBOARD}", arrows)[:150])
        canvas.drawRightString(A4[0] - 1.6 * cm, 1.0 * cm, f"page {doc.page}")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=1.6 * cm, rightMargin=1.6 * cm, topMargin=1.4 * cm,
                            bottomMargin=1.6 * cm, title=c.title, author=DASHBOARD,
                            subject=f"Briefing, reference year {c.year}", creator=DASHBOARD)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue(), doc.page


def _plain(text: str, arrows: bool) -> str:
    """Plain text for the canvas (arrows replaced when the font lacks them)."""
    if not arrows:
        for a, b in ASCII_ARROWS.items():
            text = text.replace(a, b)
    return text


# ---------------------------------------------------------------------- PPTX
def write_pptx(pack: BriefingPack) -> bytes:
    """A 16:9 deck: title, headline scores, one slide per key chart, indicator table, sources and method."""
    from pptx import Presentation
    from pptx.util import Emu, Inches, Pt

    c = pack.content
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]

    s = prs.slides.add_slide(blank)
    _text(s, c.title, Inches(0.7), Inches(2.2), Inches(12), Inches(1.2), 36, bold=True)
    _text(s, c.subtitle, Inches(0.7), Inches(3.4), Inches(12), Inches(1.0), 16, colour="#444444")
    _text(s, f"Briefing prepared {c.date} from the {DASHBOARD}", Inches(0.7), Inches(4.5), Inches(12), Inches(0.5),
          14, colour="#444444")
    _footer(s, c.source_line, c.date)

    s = prs.slides.add_slide(blank)
    _title(s, f"Headline scores, {c.year}")
    _headline_table(s, c)
    _text(s, c.headline_note, Inches(0.6), Inches(6.0), Inches(12.1), Inches(0.7), 11, colour="#444444")
    _footer(s, c.source_line, c.date)

    for ch in c.charts:
        s = prs.slides.add_slide(blank)
        title = strip_tags(figure_meta(ch.fig)["title"]) or ch.key
        _title(s, title)
        if ch.native is not None:
            _native_chart(s, ch)
        else:
            png = pack.png(ch)
            w, h = _png_size(png)
            max_w, max_h = Inches(12.1), Inches(5.3)
            scale = min(max_w / w, max_h / h)
            pic_w, pic_h = int(w * scale), int(h * scale)
            s.shapes.add_picture(io.BytesIO(png), int((prs.slide_width - pic_w) / 2), Inches(1.1), Emu(pic_w), Emu(pic_h))
        _text(s, ch.caption, Inches(0.6), Inches(6.45), Inches(12.1), Inches(0.45), 11, colour="#444444")
        _footer(s, f"Source: {ch.source}", c.date)

    rows = c.table
    per_slide = 11
    for start in range(0, max(len(rows), 1), per_slide):
        s = prs.slides.add_slide(blank)
        part = "" if len(rows) <= per_slide else f" ({start // per_slide + 1}/{math.ceil(len(rows) / per_slide)})"
        _title(s, c.table_title + part)
        _data_table(s, rows.iloc[start:start + per_slide])
        _footer(s, c.source_line, c.date)

    s = prs.slides.add_slide(blank)
    _title(s, "Sources and method")
    box = s.shapes.add_textbox(Inches(0.6), Inches(1.1), Inches(12.1), Inches(5.5))
    tf = box.text_frame
    tf.word_wrap = True
    first = True
    for line in ["Sources:", *[f"• {x}" for x in c.sources], "", "Method note:", c.method_note]:
        p = tf.paragraphs[0] if first else tf.add_paragraph()
        first = False
        p.text = line
        p.font.size = Pt(11 if line not in ("Sources:", "Method note:") else 13)
        p.font.bold = line in ("Sources:", "Method note:")
    _footer(s, c.source_line, c.date)

    prs.core_properties.title = c.title
    prs.core_properties.author = DASHBOARD
    prs.core_properties.subject = f"Briefing, reference year {c.year}"
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _rgb(hex_colour: str):
    """A python-pptx RGB colour from '#rrggbb'."""
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, text: str, left, top, width, height, size: float, bold: bool = False, colour: str = "#222222",
          name: str | None = None):
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


def _title(slide, text: str) -> None:
    """The slide title (a text box, so the slide pastes into any template)."""
    from pptx.util import Inches
    _text(slide, text, Inches(0.6), Inches(0.3), Inches(12.1), Inches(0.8), 24, bold=True, name="Title")


def _footer(slide, source: str, date: str) -> None:
    """The source line and export date at the bottom of every slide."""
    from pptx.util import Inches
    _text(slide, f"{source} · Exported {date} from the {DASHBOARD}", Inches(0.6), Inches(6.9), Inches(12.1),
          Inches(0.5), 9, colour="#555555", name="Source")


def _headline_table(slide, c) -> None:
    """Headline scores as a native table with rating colours."""
    from pptx.util import Inches, Pt
    n = len(c.headlines) + 1
    shape = slide.shapes.add_table(n, 4, Inches(0.6), Inches(1.2), Inches(12.1), Inches(0.55 * n))
    table = shape.table
    for j, w in enumerate((4.2, 2.0, 2.9, 3.0)):
        table.columns[j].width = Inches(w)
    for j, head in enumerate(("", "Score", "Rating", "Trend")):
        table.cell(0, j).text = head
    for i, h in enumerate(c.headlines, start=1):
        values = (h.label, h.value_text, figures.rating_label(h.rating), f"{h.arrow}  {h.trend}")
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
            p.font.color.rgb = _rgb(_text_colour(colour))


def _data_table(slide, df) -> None:
    """A native table of the indicator rows."""
    from pptx.util import Inches, Pt
    cols = list(df.columns)
    shape = slide.shapes.add_table(len(df) + 1, len(cols), Inches(0.4), Inches(1.1), Inches(12.5),
                                   Inches(0.4 * (len(df) + 1)))
    table = shape.table
    widths = {"Pillar": 1.3, "Part": 1.8, "Indicator": 3.4, "Value": 2.6, "Year": 0.8, "Score": 0.9, "Rating": 1.8,
              "Trend": 2.4}
    total = sum(widths.get(col, 1.5) for col in cols)
    for j, col in enumerate(cols):
        table.columns[j].width = Inches(widths.get(col, 1.5) * 12.5 / total)
        table.cell(0, j).text = col
    for i, (_, r) in enumerate(df.iterrows(), start=1):
        for j, v in enumerate(r.tolist()):
            table.cell(i, j).text = "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.text_frame.paragraphs:
                p.font.size = Pt(10)


def _native_chart(slide, ch: Chart) -> None:
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
