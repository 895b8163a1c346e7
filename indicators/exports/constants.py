"""The constants of the exports: formats, print sizes, render time-out, briefings, method."""
from __future__ import annotations

from pathlib import Path

from indicators.i18n import N_

# ---------------------------------------------------------------------- formats
CHART_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx")
EXPORT_FORMATS = ("pdf", "pptx", "png", "svg", "xlsx")    # of `python -m indicators export`
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}

# ---------------------------------------------------------------------- print style and rendering
PRINT_WIDTH = 1100                   # layout pixels; PNG at scale 2 = 2200 px wide (about 18.6 cm at 300 dpi)
PRINT_HEIGHT = 620
PNG_SCALE = 2
RENDER_TIMEOUT = 90.0                # seconds for one image (the first also starts the browser)
PRINT_WIDTH_BOUNDS = (600, 1600)     # what a visitor may ask for a chart export, in layout pixels (x2 for PNG)
PRINT_HEIGHT_BOUNDS = (300, 1200)
MAX_HIDDEN = 200                     # legend entries a request may switch off
MAX_RENDER_PIXELS = 4000             # no side of a rendered image beyond this (width or height x scale)
TILE_TRACES = ("scattermapbox", "choroplethmapbox", "densitymapbox", "scattermap", "choroplethmap", "densitymap")
# Chromium of the renderer with network access off: every request goes to a proxy that cannot be resolved, loopback
# included (Chromium bypasses proxies for loopback unless told otherwise), and no host name resolves. The renderer
# only reads its own page, plotly.js and the base maps from local files.
OFFLINE_FLAGS = ("--proxy-server=http://proxy.invalid:9", "--proxy-bypass-list=<-loopback>",
                 "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking", "--no-pings",
                 "--disable-domain-reliability")
DASHBOARD_NAME = N_("Migrant protection indicator dashboard")      # shown as _(DASHBOARD_NAME)
PRINT_FONT = dict(family="Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif", size=15, color="#222222")
FOOTER_FONT = 12                     # px of the source and export-date footer of a print-styled chart


# ---------------------------------------------------------------------- briefing packs
CHANGE_SPAN = 5                       # headline arrows compare with the scores of the reference year minus this
CHANGE_THRESHOLD = 2.0                # points on the 0-100 scale: smaller changes count as stable
CHANGE_ARROWS = {"up": "↑", "down": "↓", "flat": "→", "none": "·"}
MAX_PDF_PAGES = 4
PDF_CHART_FITS = ((16.5, 4), (14.5, 4), (13.0, 3), (12.0, 2))   # (chart width in cm, charts at most), tried in turn
TABLE_HEADERS = (N_("Pillar"), N_("Part"), N_("Indicator"), N_("Value"), N_("Year"), N_("Score"), N_("Rating"),
                 N_("Trend"))                     # the briefing tables' column ids, shown as _(id)
PDF_TABLE_WIDTHS = {"Pillar": 2.5, "Part": 2.6, "Indicator": 4.3, "Value": 3.2, "Year": 1.3, "Score": 1.6,
                    "Rating": 2.5, "Trend": 2.8}         # relative; 'Recruitment' and 'Score' fit on one line
PPTX_TABLE_ROWS = 11                  # indicator table rows on one slide
PPTX_TABLE_WIDTHS = {"Pillar": 1.3, "Part": 1.8, "Indicator": 3.4, "Value": 2.6, "Year": 0.8, "Score": 0.9,
                     "Rating": 1.8, "Trend": 2.4}        # relative column widths of the deck's indicator table
PACK_CHART_WIDTH = 900                # layout px of pack charts: text stays legible at A4 column width
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
ASCII_ARROWS = {"↑": "^", "↗": "/", "→": ">", "↓": "v", "↘": "\\", "·": "-", "—": "-"}

METHOD_SUMMARY = N_(                                # shown as _(METHOD_SUMMARY)
    "Latest value of each indicator within its window (5 years; ratification status has none); goalpost "
    "normalisation score = 100 x (value - worst) / (best - worst), clipped to 0-100; four ratings against three "
    "thresholds per indicator (pillar and index scores: 75 / 50 / 25); trend = least-squares slope of the score "
    "over 10 years against the pace needed to reach the goal by 2030; pillar = weighted mean of the indicators in "
    "play (a country needs half the in-play weight); index = weighted mean of the pillars in play; missing data is "
    "'insufficient data', never zero. Full method: the dashboard's methodology page."
)
