"""End-to-end: the overview page in headless Chromium, on a copy of the bundled data."""
from __future__ import annotations

import re

import pytest

from tests.conftest import OUTPUT, choose_option, wait_location

pytestmark = pytest.mark.browser


def map_title(page) -> str:
    """The title text of the rendered map figure."""
    return page.evaluate("document.querySelector('#overview-map .js-plotly-plot').layout.title.text.replace(/<br>/g, ' ')")


def test_overview_shows_map_headlines_and_ranking(live_server, page):
    page.goto(live_server + "/")
    page.wait_for_selector("#ranking .dash-spreadsheet", timeout=30_000)
    page.wait_for_selector("#overview-map .js-plotly-plot .geo", timeout=30_000)
    note = page.inner_text("#index-note")
    assert "Index over 3 of 4 pillars" in note and "recruitment: no data yet" in note
    assert page.locator("#ranking td[data-dash-column='rank']").first.inner_text().strip() == "1"
    # the default reference year follows from the data (scoring.vintage.reference_years): 2021 on the bundled data
    assert "Migrant protection index, 2021" in map_title(page)
    assert re.match(r"\d+\.\d %", page.inner_text("#overview-mean-cost"))
    # grey trace for insufficient data exists and is not coloured as a score
    names = page.evaluate("document.querySelector('#overview-map .js-plotly-plot').data.map(t => t.name)")
    assert "Insufficient data" in names
    page.screenshot(path=str(OUTPUT / "overview.png"), full_page=True)


def test_pick_indicator_and_year_updates_url_and_map(live_server, page):
    page.goto(live_server + "/")
    page.wait_for_selector("#overview-map .js-plotly-plot .geo", timeout=30_000)
    choose_option(page, "overview-view", "Indicator: Labour-rights compliance (SDG 8.8.2)")
    wait_location(page, r"view=labour_rights_sdg882")
    page.wait_for_function("document.querySelector('#overview-map .js-plotly-plot')"
                           " && document.querySelector('#overview-map .js-plotly-plot').layout.title.text.replace(/<br>/g, ' ')"
                           ".includes('SDG 8.8.2')", timeout=15_000)
    # move the year: click the slider track where 2016 lies
    lo, hi = page.evaluate("""() => { const t = [...document.querySelectorAll('#overview-year [role=slider]')][0];
                                       return [Number(t.getAttribute('aria-valuemin')), Number(t.getAttribute('aria-valuemax'))]; }""")
    box = page.locator("#overview-year .dash-slider-root").bounding_box()
    page.mouse.click(box["x"] + box["width"] * (2016 - lo) / (hi - lo), box["y"] + box["height"] / 2)
    wait_location(page, r"year=2016")
    page.wait_for_function("document.querySelector('#overview-map .js-plotly-plot')"
                           " && document.querySelector('#overview-map .js-plotly-plot').layout.title.text.replace(/<br>/g, ' ').includes('2016')",
                           timeout=15_000)
    shared = page.url
    # the copied URL opens the same view in a fresh page
    other = page.context.new_page()
    other.goto(shared)
    other.wait_for_selector("#overview-map .js-plotly-plot .geo", timeout=30_000)
    assert "SDG 8.8.2" in other.evaluate(
        "document.querySelector('#overview-map .js-plotly-plot').layout.title.text.replace(/<br>/g, ' ')")
    assert "2016" in other.inner_text("label[for='overview-year']")
    # back goes to the previous view
    page.go_back()
    page.wait_for_function("!location.search.includes('year=2016')", timeout=15_000)
    page.wait_for_function("document.querySelector('#overview-map .js-plotly-plot')"
                           " && document.querySelector('#overview-map .js-plotly-plot').layout.title.text.replace(/<br>/g, ' ').includes('2021')",
                           timeout=15_000)


def test_clicking_a_ranked_country_opens_its_profile(live_server, page):
    page.goto(live_server + "/?year=2020")
    page.wait_for_selector("#ranking .dash-spreadsheet", timeout=30_000)
    iso3 = page.locator("#ranking td[data-dash-column='iso3']").first.inner_text().strip()
    page.locator("#ranking td[data-dash-column='country']").first.click()
    wait_location(page, rf"/country/{iso3}\?year=2020")
