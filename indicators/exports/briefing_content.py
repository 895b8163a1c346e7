"""The content model of a briefing, independent of the output format: headlines, key charts with native chart data,
the indicator table, sources and method note; and the type of the chart renderer the document writers are given."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import _
from indicators.views.profile import OKABE_ITO


@dataclass
class Headline:
    """One headline figure: a score or value with its rating and its trend arrow."""

    label: str
    value: float
    value_text: str
    rating: str
    arrow: str
    trend: str
    indicator_id: str | None = None     # a raw value's indicator: its own rating words (SDG target met, ...)


@dataclass
class NativeChart:
    """Data for an editable PowerPoint chart: kind bar | barh | line, categories and named series."""

    kind: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str
    number_format: str = "0.0"
    point_colours: list[str] | None = None          # one colour per category (single-series bars)
    series_colours: list[str] = field(default_factory=lambda: list(OKABE_ITO))


@dataclass
class Chart:
    """A key chart: the dashboard figure, its caption, its file stem, and native data when practical."""

    key: str
    fig: go.Figure
    caption: str
    source: str
    years: str
    native: NativeChart | None = None


@dataclass
class BriefingContent:
    """Everything a briefing says, independent of the output format."""

    kind: str                         # country | corridor
    code: str                         # KEN or NPL-QAT
    title: str
    subtitle: str
    year: int
    date: str
    headlines: list[Headline]
    headline_note: str
    charts: list[Chart]
    table: pd.DataFrame
    table_title: str
    sources: list[str]
    method_note: str
    notes: list[str] = field(default_factory=list)
    citation: str = ""                # scoring.citation's line (producers first, then the dashboard and data version)

    @property
    def date_text(self) -> str:
        """The export date written out in the language in force (fr '31 janvier 2026', es '31 de enero de 2026');
        English keeps the ISO date (2026-01-31) the product always printed, as does a date that is not ISO."""
        import datetime as dt
        from indicators.i18n import DEFAULT, current
        from indicators.i18n.formats import date
        if current() == DEFAULT:
            return self.date
        try:
            return date(dt.date.fromisoformat(self.date))
        except ValueError:
            return self.date

    @property
    def source_line(self) -> str:
        """One line naming every source (used on each slide and page)."""
        return _("Source: ") + "; ".join(s.split(" — ")[0] for s in self.sources)


ChartPNG = Callable[[Chart], bytes]
"""Renders a key chart as a print-styled PNG (BriefingPack.png: once per pack); the PDF and PowerPoint writers take one."""
