"""Shared by the export tests: small figures as the pages build them (with their source line), a PDF's text."""
from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go

from indicators.views import figures

DATE = "2026-01-31"
RPW = "World Bank, Remittance Prices Worldwide (Corridors)"


def bar() -> go.Figure:
    """A small bar chart with its source line, as the pages build them."""
    fig = go.Figure(go.Bar(x=["Qatar", "Oman"], y=np.array([4.64, 4.27]), name="cost"))
    fig.update_layout(title="Cost of sending USD 200 home", yaxis=dict(title="% of USD 200 sent"))
    return figures.source_annotation(fig, figures.source_text(RPW, "% of USD 200 sent", "2011-2020"))


def line() -> go.Figure:
    """A line chart whose values only show on hover."""
    fig = go.Figure(go.Scatter(x=[2018, 2019, 2020], y=np.array([5.0, 4.5, 4.2]), mode="lines+markers"))
    fig.update_layout(title="Cost trend", yaxis=dict(title="% of USD 200 sent"))
    return figures.source_annotation(fig, figures.source_text(RPW, "% of USD 200 sent", "2018-2020"))


def pdf_text(data: bytes) -> tuple[int, str]:
    """Page count and extracted text of a PDF."""
    from pypdf import PdfReader
    r = PdfReader(io.BytesIO(data))
    return len(r.pages), "\n".join(p.extract_text() for p in r.pages)
