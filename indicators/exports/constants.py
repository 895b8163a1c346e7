"""The constants of the exports: formats, print sizes, render time-out, spreadsheet safety, method."""
from __future__ import annotations

# ---------------------------------------------------------------------- formats
CHART_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx")
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}

# ---------------------------------------------------------------------- print style and rendering
PRINT_WIDTH = 1100                   # layout pixels; PNG at scale 2 = 2200 px wide (about 18.6 cm at 300 dpi)
PRINT_HEIGHT = 620
PNG_SCALE = 2
RENDER_TIMEOUT = 90.0                # seconds for one image (the first also starts the browser)
DASHBOARD_NAME = "Migrant protection indicator dashboard"
PRINT_FONT = dict(family="Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif", size=15, color="#222222")
FOOTER_FONT = 12                     # px of the source and export-date footer of a print-styled chart

# ---------------------------------------------------------------------- spreadsheet safety
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

METHOD_SUMMARY = (
    "Latest value of each indicator within its window (5 years; ratification status has none); goalpost "
    "normalisation score = 100 x (value - worst) / (best - worst), clipped to 0-100; four ratings against three "
    "thresholds per indicator (pillar and index scores: 75 / 50 / 25); trend = least-squares slope of the score "
    "over 10 years against the pace needed to reach the goal by 2030; pillar = weighted mean of the indicators in "
    "play (a country needs half the in-play weight); index = weighted mean of the pillars in play; missing data is "
    "'insufficient data', never zero. Full method: the dashboard's methodology page."
)
