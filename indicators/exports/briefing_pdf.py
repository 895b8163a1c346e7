"""The PDF writer of briefing packs (reportlab): A4, 2-4 pages, DejaVu Sans when installed (arrows included)."""
from __future__ import annotations

import io
import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from indicators.i18n import current, gettext
from indicators.exports.briefing_content import BriefingContent, ChartPNG
from indicators.exports.constants import (ASCII_ARROWS, DASHBOARD_NAME, DEJAVU, MAX_PDF_PAGES, PDF_CHART_FITS,
                                          PDF_TABLE_WIDTHS)
from indicators.exports.graphics import png_size, text_colour
from indicators.views import figures

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


def _plain(text: str, arrows: bool) -> str:
    """Plain text for the canvas (arrows replaced when the font lacks them)."""
    if not arrows:
        for a, b in ASCII_ARROWS.items():
            text = text.replace(a, b)
    return text


def _t(text: Any, arrows: bool = True) -> str:
    """Text for a reportlab paragraph: escaped; arrows replaced when the font lacks them."""
    return _plain(escape(str(text)), arrows)


def write_pdf(content: BriefingContent, png: ChartPNG) -> bytes:
    """A4 PDF of 2-4 pages: title, date, headline table, key charts, indicator table, sources and method note."""
    for chart_width_cm, max_charts in PDF_CHART_FITS:
        data, pages = _pdf(content, png, chart_width_cm, max_charts)
        if pages <= MAX_PDF_PAGES:
            return data
    return data


def _pdf(c: BriefingContent, png: ChartPNG, chart_width_cm: float, max_charts: int) -> tuple[bytes, int]:
    """Build the PDF at a chart width; returns its bytes and page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer

    font, bold, arrows = pdf_fonts()
    st = _styles(font, bold)
    story: list[Any] = [
        Paragraph(_t(c.title, arrows), st["title"]),
        Paragraph(_t(gettext("Briefing prepared {date} from the {dashboard}").format(
            date=c.date_text, dashboard=gettext(DASHBOARD_NAME)), arrows), st["sub"]),
        Paragraph(_t(c.subtitle, arrows), st["sub"]),
        Spacer(1, 8),
        Paragraph(_t(gettext("Headline scores"), arrows), st["h2"]),
    ]
    story += [_headline_table(c, st, arrows), Spacer(1, 4), Paragraph(_t(c.headline_note, arrows), st["small"]),
              Spacer(1, 6), Paragraph(_t(gettext("Key charts"), arrows), st["h2"])]
    story += _chart_blocks(c, png, st, arrows, chart_width_cm, max_charts)
    story += [CondPageBreak(6 * cm), Paragraph(_t(c.table_title, arrows), st["h2"])]
    story += [_indicator_table(c, st, arrows), Spacer(1, 6), CondPageBreak(5 * cm),
              Paragraph(_t(gettext("Sources"), arrows), st["h2"])]
    story += [Paragraph(_t(f"• {s}", arrows), st["small"]) for s in c.sources]
    story += [Paragraph(_t(gettext("Method note"), arrows), st["h2"]), Paragraph(_t(c.method_note, arrows), st["small"])]
    if c.citation:
        story += [Paragraph(_t(gettext("How to cite"), arrows), st["h2"]), Paragraph(_t(c.citation, arrows), st["small"])]

    footer = _footer(c, font, arrows)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=1.6 * cm, rightMargin=1.6 * cm, topMargin=1.4 * cm,
                            bottomMargin=1.6 * cm, title=c.title, author=gettext(DASHBOARD_NAME),
                            subject=gettext("Briefing, reference year {year}").format(year=c.year),
                            creator=gettext(DASHBOARD_NAME), lang=current())
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue(), doc.page


def _styles(font: str, bold: str) -> dict[str, Any]:
    """The paragraph styles of the briefing, by name."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=19, leading=23, spaceAfter=4),
        "sub": ParagraphStyle("sub", fontName=font, fontSize=9.5, leading=12.5, textColor=colors.HexColor("#444444")),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=12.5, leading=16, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=font, fontSize=9, leading=12, alignment=TA_LEFT),
        "small": ParagraphStyle("small", fontName=font, fontSize=7.8, leading=10, textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7.8, leading=9.5),
        "cellb": ParagraphStyle("cellb", fontName=bold, fontSize=7.8, leading=9.5),
        "score": ParagraphStyle("score", fontName=bold, fontSize=11, leading=13),
    }


def _headline_table(c: BriefingContent, st: dict[str, Any], arrows: bool) -> Any:
    """The headline scores as a table: label, score, rating on its colour, trend."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows = [[Paragraph(x, st["cellb"]) for x in ("", gettext("Score"), gettext("Rating"), gettext("Trend"))]]
    fills = []
    for i, h in enumerate(c.headlines, start=1):
        colour = figures.rating_colour(h.rating)
        rating_style = st["cell"].clone(f"r{i}", textColor=colors.HexColor(text_colour(colour)))
        value_style = st["score"] if not math.isnan(h.value) else st["cell"]
        rows.append([Paragraph(_t(h.label, arrows), st["cellb"]), Paragraph(_t(h.value_text, arrows), value_style),
                     Paragraph(_t(figures.rating_label(h.rating, h.indicator_id), arrows), rating_style),
                     Paragraph(_t(f"{h.arrow}  {h.trend}", arrows), st["cell"])])
        fills.append(("BACKGROUND", (2, i), (2, i), colors.HexColor(colour)))
    t = Table(rows, colWidths=[5.6 * cm, 3.2 * cm, 3.8 * cm, 5.4 * cm], repeatRows=1)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                           ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                           ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3), *fills]))
    return t


def _chart_blocks(c: BriefingContent, png: ChartPNG, st: dict[str, Any], arrows: bool, chart_width_cm: float,
                  max_charts: int) -> list[Any]:
    """The first key charts as images at the chart width, each kept together with its caption."""
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer

    blocks = []
    for ch in c.charts[:max_charts]:
        data = png(ch)
        w, h = png_size(data)
        width = chart_width_cm * cm
        img = Image(io.BytesIO(data), width=width, height=width * h / w)
        blocks.append(KeepTogether([img, Paragraph(_t(ch.caption, arrows), st["small"]), Spacer(1, 8)]))
    return blocks


def _indicator_table(c: BriefingContent, st: dict[str, Any], arrows: bool) -> Any:
    """The indicator table across the text width (missing cells empty), header repeated on each page."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Table, TableStyle

    cols = list(c.table.columns)
    total = sum(PDF_TABLE_WIDTHS.get(col, 2.0) for col in cols)
    colw = [PDF_TABLE_WIDTHS.get(col, 2.0) * 17.8 / total * cm for col in cols]
    trows = [[Paragraph(_t(gettext(col), arrows), st["cellb"]) for col in cols]]
    for _, r in c.table.iterrows():
        trows.append([Paragraph(_t("" if v is None or (isinstance(v, float) and math.isnan(v)) else v, arrows),
                                st["cell"]) for v in r.tolist()])
    tt = Table(trows, colWidths=colw, repeatRows=1)
    tt.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#dddddd")),
                            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return tt


def _footer(c: BriefingContent, font: str, arrows: bool) -> Callable[[Any, Any], None]:
    """The page footer drawer: title, export date and dashboard at the left, the page number at the right."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm

    def footer(canvas: Any, doc: Any) -> None:
        """Draw the footer on one page."""
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        line = gettext("{title} · exported {date} · {dashboard}").format(title=c.title, date=c.date_text,
                                                                         dashboard=gettext(DASHBOARD_NAME))
        canvas.drawString(1.6 * cm, 1.0 * cm, _plain(line, arrows)[:150])
        canvas.drawRightString(A4[0] - 1.6 * cm, 1.0 * cm, gettext("page {n}").format(n=doc.page))
        canvas.restoreState()

    return footer
