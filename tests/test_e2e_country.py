"""End-to-end: the country profile page in headless Chromium."""
from __future__ import annotations

import pytest

from tests.conftest import OUTPUT, choose_option, wait_location

pytestmark = pytest.mark.browser


def trend_title(page) -> str:
    """Title of the trend chart."""
    return page.evaluate("document.querySelector('#country-trend .js-plotly-plot').layout.title.text")


def test_profile_shows_scores_indicators_trend_and_explanation(live_server, page):
    page.goto(live_server + "/country/PHL?year=2020")
    page.wait_for_selector("#country-indicators .dash-spreadsheet", timeout=30_000)
    assert page.inner_text("#country-name") == "Philippines"
    assert "rank" in page.inner_text("#country-rank")
    rows = page.locator("#country-indicators tr").all_inner_texts()
    icrmw = next(r for r in rows if "ICRMW ratified" in r)
    assert "\t1\t" in icrmw and "1995" in icrmw          # state party since 1995 (UN Treaty Collection)
    assert any("Recruitment cost (national)" in r and "No bundled data" in r for r in rows)
    page.wait_for_selector("#country-trend .js-plotly-plot", timeout=15_000)
    page.click("summary:has-text('Explain this score')")
    assert "score 100*(" in page.inner_text("#country-explain")
    page.screenshot(path=str(OUTPUT / "country.png"), full_page=True)


def test_switch_indicator_and_country_and_restore_from_url(live_server, page):
    page.goto(live_server + "/country/PHL?year=2020")
    page.wait_for_selector("#country-trend .js-plotly-plot", timeout=30_000)
    choose_option(page, "country-indicator", "Trade-union freedom (FH E3)")
    wait_location(page, r"ind=trade_union_freedom_fh")
    page.wait_for_function("document.querySelector('#country-trend .js-plotly-plot')"
                           " && document.querySelector('#country-trend .js-plotly-plot').layout.title.text"
                           ".includes('Trade-union freedom')", timeout=15_000)
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    other.wait_for_selector("#country-trend .js-plotly-plot", timeout=30_000)
    assert "Trade-union freedom" in trend_title(other)
    choose_option(page, "country-picker", "Nepal")
    wait_location(page, r"/country/NPL\?year=2020")
    page.wait_for_function("document.getElementById('country-name')"
                           " && document.getElementById('country-name').innerText === 'Nepal'", timeout=15_000)


def test_unknown_code_gets_a_friendly_message(live_server, page):
    page.goto(live_server + "/country/XYZ")
    page.wait_for_selector("#country-unknown", timeout=30_000)
    assert "No country with the code 'XYZ'" in page.inner_text("#country-unknown")
