"""Briefing packs (no Dash): a country profile or a corridor as a 2-4 page PDF and an editable PowerPoint deck.

The content is built once (country_content, corridor_content); BriefingPack renders each chart once (print-styled PNG
through the shared warm browser of indicators.exports.rendering) and hands the content and its PNG renderer to the
writers: the PDF with reportlab (briefing_pdf), the deck with python-pptx (briefing_pptx).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import plotly.graph_objects as go

from indicators.exports.briefing_content import BriefingContent, Chart
from indicators.exports.briefing_pdf import write_pdf
from indicators.exports.briefing_pptx import write_pptx
from indicators.exports.constants import PACK_CHART_WIDTH, PNG_SCALE
from indicators.exports.corridor_content import corridor_content
from indicators.exports.country_content import country_content
from indicators.exports.filenames import export_filename
from indicators.exports.metadata import export_metadata
from indicators.exports.print_style import print_style
from indicators.exports.rendering import render
from indicators.exports.spreadsheets import data_xlsx
from indicators.scoring.citation import citation
from indicators.scoring.service import default_year
from indicators.store.observations import Store
from indicators.views.urlstate import Settings, default_weights


class BriefingPack:
    """A briefing's content with its charts rendered once, written as PDF, PPTX or chart files."""

    def __init__(self, content: BriefingContent) -> None:
        self.content = content
        self._png: dict[str, bytes] = {}

    @property
    def stem(self) -> str:
        """File stem, e.g. briefing_KEN_2020 or corridor-briefing_NPL-QAT_2020."""
        kind = "briefing" if self.content.kind == "country" else "corridor-briefing"
        return export_filename(kind, self.content.code, self.content.year, "x")[:-2]

    def filename(self, fmt: str) -> str:
        """File name of the pack in a format (pdf, pptx)."""
        return f"{self.stem}.{fmt}"

    def styled(self, chart: Chart) -> go.Figure:
        """A key chart in print style, with its own source line and the export date."""
        return print_style(chart.fig, export_date=self.content.date, width=PACK_CHART_WIDTH)

    def png(self, chart: Chart) -> bytes:
        """The chart as a print-styled PNG (2x), rendered once per pack."""
        if chart.key not in self._png:
            self._png[chart.key] = render(self.styled(chart), "png", scale=PNG_SCALE)
        return self._png[chart.key]

    def chart_files(self, fmt: str) -> dict[str, bytes]:
        """Every key chart as a print-styled file (png, svg or pdf), by self-describing file name."""
        out = {}
        for ch in self.content.charts:
            name = export_filename(ch.key, self.content.code, ch.years, fmt)
            out[name] = self.png(ch) if fmt == "png" else render(self.styled(ch), fmt)
        return out

    def pdf(self) -> bytes:
        """The briefing as a 2-4 page A4 PDF."""
        return write_pdf(self.content, self.png)

    def pptx(self) -> bytes:
        """The briefing as a PowerPoint deck (native bar/line charts, map images, source on every slide)."""
        return write_pptx(self.content, self.png)

    def write(self, fmt: str, out_dir: str | Path) -> list[Path]:
        """Write the pack (pdf, pptx) or its charts (png, svg) into a folder; returns the paths written."""
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        if fmt in ("pdf", "pptx"):
            path = folder / self.filename(fmt)
            path.write_bytes(self.pdf() if fmt == "pdf" else self.pptx())
            return [path]
        if fmt in ("png", "svg"):
            paths = []
            for name, data in self.chart_files(fmt).items():
                (folder / name).write_bytes(data)
                paths.append(folder / name)
            return paths
        if fmt == "xlsx":
            path = folder / self.filename("xlsx")
            path.write_bytes(self.xlsx())
            return [path]
        raise ValueError(f"unknown format {fmt!r} (pdf, pptx, png, svg, xlsx)")

    def xlsx(self) -> bytes:
        """The indicator table as XLSX with the metadata sheet."""
        c = self.content
        return data_xlsx(c.table, export_metadata(
            title=c.table_title, year=c.year, source="; ".join(c.sources), indicator_ids=None,
            notes=c.headline_note, export_date=c.date, version=c.method_note.split(";")[0], citation=c.citation or None))


def country_pack(store: Store, iso3: str, settings: Settings | None = None,
                 export_date: str | None = None) -> BriefingPack:
    """The briefing pack of a country (settings default to the reference year and catalogue weights)."""
    content = country_content(store, iso3, settings or default_settings(store=store), export_date)
    return BriefingPack(replace(content, citation=citation(store)))


def corridor_pack(store: Store, origin: str, destination: str, settings: Settings | None = None,
                  export_date: str | None = None) -> BriefingPack:
    """The briefing pack of a corridor origin -> destination."""
    content = corridor_content(store, origin, destination, settings or default_settings(store=store), export_date)
    return BriefingPack(replace(content, citation=citation(store)))


def default_settings(year: int | None = None, store: Store | None = None) -> Settings:
    """Default scoring settings (the data's default reference year, catalogue weights, arithmetic mean)."""
    return Settings(year=int(year or default_year(store)), weights=default_weights(), aggregation="arithmetic")
