"""End-to-end: the compare page in headless Chromium."""
from __future__ import annotations

import pytest

from tests.conftest import OUTPUT, choose_option, wait_drawn, wait_location

pytestmark = pytest.mark.browser


def traces(page) -> list[str]:
    """Names of the chart's lines."""
    return page.evaluate("document.querySelector('#compare-chart .js-plotly-plot').data.map(t => t.name)")


def check_composition_break(page) -> None:
    """The index 2015-2020 breaks at 2019 (+ SDG 10.7.2 in protection): marked on the chart and in the table, and no
    line joins 2018 to 2019; the fixed-composition choice goes into the URL and drops the break."""
    plot = "document.querySelector('#compare-chart .js-plotly-plot')"
    marks = page.evaluate(f"{plot}.layout.annotations.filter(a => a.name === 'composition-break')"
                          ".map(a => [a.x, a.text])")
    assert marks == [[2018.5, "+ SDG 10.7.2 in protection"]]
    spans = page.evaluate(f"{plot}.data.filter(t => t.legendgroup === 'Indonesia').map(t => t.x)")
    assert spans == [[2015, 2016, 2017, 2018], [2019, 2020]]
    assert page.locator("#compare-chart .shapelayer path").count() >= 1          # the dotted line is drawn
    note = page.locator("#compare-table tr", has_text="composition changes here").inner_text()
    assert "+ SDG 10.7.2 in protection" in note
    assert "never joins two compositions" in page.inner_text("#compare-chart-caption")
    page.get_by_label("fixed: the latest year's composition for every year").check()
    wait_location(page, r"composition=fixed")
    page.wait_for_function(f"{plot} && {plot}.layout.annotations.every(a => a.name !== 'composition-break')",
                           timeout=15_000)
    assert "Fixed composition: every year recomputed" in page.inner_text("#compare-chart-caption")
    page.get_by_label("as scored each year, broken where the composition changes").check()
    page.wait_for_function(f"{plot} && {plot}.layout.annotations.some(a => a.name === 'composition-break')",
                           timeout=15_000)


def test_compare_countries_and_aggregate_over_time(live_server, page):
    page.goto(live_server + "/compare?year=2020")
    page.wait_for_selector("#compare-chart .js-plotly-plot", timeout=30_000)
    assert set(traces(page)) >= {"Philippines", "Indonesia", "Nepal"}
    check_composition_break(page)
    choose_option(page, "compare-what", "Indicator: Cost to receive (country)")
    wait_location(page, r"what=remittance_cost_to_country")
    page.wait_for_function("document.querySelector('#compare-chart .js-plotly-plot')"
                           " && document.querySelector('#compare-chart .js-plotly-plot').layout.title.text.replace(/<br>/g, ' ')"
                           ".includes('Cost to receive')", timeout=15_000)
    choose_option(page, "compare-groups", "Region: Asia")
    wait_location(page, r"groups=un(%3A|:)Asia")
    page.wait_for_function("document.querySelector('#compare-chart .js-plotly-plot')"
                           " && document.querySelector('#compare-chart .js-plotly-plot').data.length === 4",
                           timeout=15_000)
    wait_drawn(page)                                  # the table comes after the first screen (pages/_later.py)
    rows = page.locator("#compare-table tr").all_inner_texts()
    assert any(r.startswith("Region: Asia") for r in rows)
    page.screenshot(path=str(OUTPUT / "compare.png"), full_page=True)
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_selector("#compare-chart .js-plotly-plot", timeout=30_000)
    assert any(t.startswith("Region: Asia") for t in traces(other))
