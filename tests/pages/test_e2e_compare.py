"""End-to-end: the compare page in headless Chromium."""
from __future__ import annotations

import pytest

from tests.conftest import OUTPUT, choose_option, wait_location

pytestmark = pytest.mark.browser


def traces(page) -> list[str]:
    """Names of the chart's lines."""
    return page.evaluate("document.querySelector('#compare-chart .js-plotly-plot').data.map(t => t.name)")


def test_compare_countries_and_aggregate_over_time(live_server, page):
    page.goto(live_server + "/compare?year=2020")
    page.wait_for_selector("#compare-chart .js-plotly-plot", timeout=30_000)
    assert set(traces(page)) >= {"Philippines", "Indonesia", "Nepal"}
    choose_option(page, "compare-what", "Indicator: Cost to receive (country)")
    wait_location(page, r"what=remittance_cost_to_country")
    page.wait_for_function("document.querySelector('#compare-chart .js-plotly-plot')"
                           " && document.querySelector('#compare-chart .js-plotly-plot').layout.title.text"
                           ".includes('Cost to receive')", timeout=15_000)
    choose_option(page, "compare-groups", "Region: Asia")
    wait_location(page, r"groups=un(%3A|:)Asia")
    page.wait_for_function("document.querySelector('#compare-chart .js-plotly-plot')"
                           " && document.querySelector('#compare-chart .js-plotly-plot').data.length === 4",
                           timeout=15_000)
    rows = page.locator("#compare-table tr").all_inner_texts()
    assert any(r.startswith("Region: Asia") for r in rows)
    page.screenshot(path=str(OUTPUT / "compare.png"), full_page=True)
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_selector("#compare-chart .js-plotly-plot", timeout=30_000)
    assert any(t.startswith("Region: Asia") for t in traces(other))
