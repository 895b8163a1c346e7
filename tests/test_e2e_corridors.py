"""End-to-end: the corridors page in headless Chromium."""
from __future__ import annotations

import pytest

from tests.conftest import OUTPUT, choose_option, wait_location

pytestmark = pytest.mark.browser


def test_pick_corridor_shows_quarterly_trend_and_restores_from_url(live_server, page):
    page.goto(live_server + "/corridors?year=2020")
    page.wait_for_selector("#corridors-map .js-plotly-plot", timeout=30_000)
    total = int(page.inner_text("#corridors-count"))
    assert total > 300
    choose_option(page, "corridors-origin", "Nepal")
    wait_location(page, r"origin=NPL")
    page.wait_for_function("document.getElementById('corridors-count')"
                           f" && Number(document.getElementById('corridors-count').innerText) < {total}",
                           timeout=15_000)
    choose_option(page, "corridors-destination", "Qatar")
    wait_location(page, r"destination=QAT")
    page.wait_for_selector("#corridors-trend .js-plotly-plot", timeout=15_000)
    data = page.evaluate("document.querySelector('#corridors-trend .js-plotly-plot').data[0]")
    assert len(data["x"]) >= 10 and all("Q" in t for t in data["text"])            # quarterly points
    shapes = page.evaluate("document.querySelector('#corridors-trend .js-plotly-plot').layout.shapes.map(s => s.y0)")
    assert sorted(shapes) == [3, 5]
    page.screenshot(path=str(OUTPUT / "corridors.png"), full_page=True)
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_selector("#corridors-trend .js-plotly-plot", timeout=30_000)
    assert other.inner_text("#corridors-count") == "1"


def test_clicking_a_row_selects_that_corridor(live_server, page):
    page.goto(live_server + "/corridors?year=2020")
    page.wait_for_selector("#corridors-table .dash-spreadsheet", timeout=30_000)
    o = page.locator("#corridors-table td[data-dash-column='origin_iso3']").first.inner_text().strip()
    page.locator("#corridors-table td[data-dash-column='origin']").first.click()
    wait_location(page, rf"origin={o}&destination=")
    page.wait_for_selector("#corridors-trend .js-plotly-plot", timeout=15_000)
