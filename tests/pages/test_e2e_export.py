"""Browser tests: clicking export controls delivers real files (chart PNG, table XLSX, briefing PDF and PowerPoint)."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest

from tests.conftest import OUTPUT, PROJECT

pytestmark = pytest.mark.browser


def _id(**parts: str) -> str:
    """CSS selector of a Dash pattern-matching component id (Dash writes the dict as sorted, compact JSON)."""
    return "[id='" + json.dumps(parts, sort_keys=True, separators=(",", ":")) + "']"


def test_overview_map_png_and_ranking_xlsx(live_server, page):
    page.goto(live_server + "/", wait_until="networkidle")         # the default year follows from the data: 2021
    page.wait_for_selector("#overview-map .js-plotly-plot .geo", timeout=20_000)
    with page.expect_download(timeout=60_000) as dl:             # first render starts the server's browser
        page.click(_id(type="export-btn", target="overview-map", fmt="png"))
    download = dl.value
    assert download.suggested_filename == "migrant-protection-index_2021.png"
    path = OUTPUT / "export-overview-map.png"
    download.save_as(path)
    from PIL import Image
    img = Image.open(path).convert("RGB")
    assert img.size[0] == 2 * 1100 and img.size[1] > 1000      # print width at 2x
    arr = np.asarray(img).astype(int)
    assert tuple(arr[3, 3]) == (255, 255, 255)
    grey = np.all(np.abs(arr - [189, 189, 189]) < 6, axis=2)     # insufficient-data countries drawn
    blue = (arr[:, :, 2] - arr[:, :, 0]) > 60                    # blue-scored countries drawn
    assert grey.mean() > 0.01 and blue.mean() > 0.01
    assert page.locator(_id(type="export-status", target="overview-map")).inner_text() == ""

    with page.expect_download(timeout=20_000) as dl:
        page.click(_id(type="export-btn", target="ranking", fmt="xlsx"))
    assert dl.value.suggested_filename == "ranking_2021.xlsx"
    from openpyxl import load_workbook
    wb = load_workbook(io.BytesIO(open(dl.value.path(), "rb").read()))
    assert wb.sheetnames == ["Data", "Metadata"]
    assert wb["Data"]["A1"].value is not None and wb["Data"].max_row > 100
    meta = {r[0].value: r[1].value for r in wb["Metadata"].iter_rows() if r[0].value}
    assert meta["reference year"] == "2021" and meta["export date"]


def test_country_briefing_pdf(live_server, page):
    page.goto(live_server + "/country/KEN", wait_until="networkidle")
    page.wait_for_selector("#country-name", timeout=20_000)
    page.screenshot(path=str(OUTPUT / "export-country.png"), full_page=False)
    with page.expect_download(timeout=90_000) as dl:
        page.click(_id(type="briefing-btn", kind="country", code="KEN", fmt="pdf"))
    assert dl.value.suggested_filename == "briefing_KEN_2021.pdf"
    from pypdf import PdfReader
    reader = PdfReader(dl.value.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert 2 <= len(reader.pages) <= 4
    from indicators.scoring.service import get_store, scorecard
    overall = scorecard(get_store(str(PROJECT / "data")), 2021).countries.set_index("iso3").at["KEN", "overall"]
    assert "Kenya" in text and f"{overall:.1f}" in text and "Sources" in text and "Method v2" in text


def test_corridor_briefing_pptx(live_server, page):
    page.goto(live_server + "/corridors?origin=NPL&destination=QAT", wait_until="networkidle")
    page.wait_for_selector("#corridors-trend .js-plotly-plot", timeout=20_000)
    # the data behind the corridor's trend chart, taken from the page rebuilt from its URL
    with page.expect_download(timeout=20_000) as dl:
        page.click(_id(type="export-btn", target="corridors-trend", fmt="csv"))
    name = dl.value.suggested_filename
    assert name.startswith("cost-of-sending-usd-200-from-qatar-to-nepal_NPL-QAT_") and name.endswith("Q3.csv")
    lines = open(dl.value.path(), encoding="utf-8-sig").read().splitlines()
    assert lines[0].startswith("period,") and len(lines) > 10 and lines[-1].startswith("2020Q3,")
    with page.expect_download(timeout=90_000) as dl:
        page.click(_id(type="briefing-btn", kind="corridor", code="NPL-QAT", fmt="pptx"))
    assert dl.value.suggested_filename == "corridor-briefing_NPL-QAT_2021.pptx"
    from pptx import Presentation
    slides = list(Presentation(dl.value.path()).slides)
    assert len(slides) >= 5
    assert all(any(sh.name == "Source" and "Source:" in sh.text_frame.text for sh in s.shapes) for s in slides)


def test_legend_entries_switched_off_stay_off_in_the_export(live_server, page):
    # the browser sends only the format and the switched-off trace numbers; the server rebuilds the map itself
    page.goto(live_server + "/?year=2020", wait_until="networkidle")
    page.wait_for_selector("#overview-map .js-plotly-plot .geo", timeout=20_000)

    def svg() -> str:
        with page.expect_download(timeout=60_000) as dl:
            page.click(_id(type="export-btn", target="overview-map", fmt="svg"))
        return open(dl.value.path(), encoding="utf-8").read()

    grey = "rgb(189, 189, 189)"
    drawn = svg().count(grey)
    assert drawn > 20                                              # insufficient-data countries drawn
    page.locator("#overview-map .legend .traces", has_text="Insufficient data").first.click()
    page.wait_for_function("document.querySelector('#overview-map .js-plotly-plot').data[0].visible === 'legendonly'")
    assert svg().count(grey) <= 2                                  # switched off on screen, off in the file (the
                                                                   # legend keeps its swatch)
