"""End-to-end: the country profile page in headless Chromium."""
from __future__ import annotations

import re

import pytest

from tests.conftest import OUTPUT, choose_option, wait_location

pytestmark = pytest.mark.browser

TREND_TITLE = "document.querySelector('#country-trend .js-plotly-plot').layout.title.text.replace(/<br>/g, ' ')"


def trend_title(page) -> str:
    """Title of the trend chart."""
    return page.evaluate(TREND_TITLE)


def wait_trend(page, text: str) -> None:
    """Wait until the trend chart is drawn with a title containing text."""
    page.wait_for_function(f"(() => {{ const g = document.querySelector('#country-trend .js-plotly-plot');"
                           f" return g && g.layout && g.layout.title.text.replace(/<br>/g, ' ').includes({text!r}); }})()", timeout=15_000)


def test_profile_shows_scores_indicators_trend_corridors_and_explanation(live_server, page):
    page.goto(live_server + "/country/PHL?year=2020")
    page.wait_for_selector("#country-indicators .dash-spreadsheet", timeout=30_000)
    assert page.inner_text("#country-name") == "Philippines"
    header = page.inner_text("#country-rank")
    assert "South-Eastern Asia" in header and "Lower middle income" in header and "reference year 2020" in header
    assert re.search(r"rank \d+ of \d+ \(5-95 % interval of rank \d+-\d+\)", header)
    rows = page.locator("#country-indicators tr").all_inner_texts()
    icrmw = next(r for r in rows if r.startswith("ICRMW ratified"))
    assert "\t1\t" in icrmw and "\t1995\t" in icrmw and "State party" in icrmw   # state party since 1995 (UN Treaty Collection)
    assert "SDG" not in icrmw and "in law (de jure)" in icrmw and "migrants" in icrmw   # a ratification: no SDG met
    fh = next(r for r in rows if r.startswith("Freedom from exploitation (FH G4)"))
    assert "in practice (de facto)" in fh and "all workers" in fh                        # practice, about everyone
    # indicators no file feeds are one line, not a grey row each
    assert not any(r.startswith("Recruitment cost (national)") for r in rows)
    unmeasured = page.inner_text("#country-unmeasured")
    assert unmeasured.startswith("Not yet measured") and "ILO C189 ratified" in unmeasured
    # pillar cards show both sides
    assert "in law" in page.inner_text("#country-scores") and "in practice" in page.inner_text("#country-scores")
    # the rating cell carries its colour as well as its words
    colour = page.evaluate("""[...document.querySelectorAll('#country-indicators td[data-dash-column="rating"]')]
                              .find(td => td.innerText.trim() === 'State party').style.backgroundColor""")
    assert colour == "rgb(5, 113, 176)"                                            # #0571b0
    # trend chart: default = first indicator with data, goalposts drawn, reference year marked
    wait_trend(page, "ICRMW ratified")
    ys = page.evaluate("document.querySelector('#country-trend .js-plotly-plot').layout.shapes.map(s => s.y0)")
    assert 0 in ys and 1 in ys
    assert "?ind=" not in page.url                                                 # no URL write on first render
    # corridors both ways, each linked to its corridor view with the settings kept
    out_rows = page.locator("#country-corridors-out tr").all_inner_texts()
    assert any("Japan" in r for r in out_rows)
    href = page.locator("#country-corridors-out a", has_text="Japan").first.get_attribute("href")
    assert href == "/corridors?origin=PHL&destination=JPN&year=2020"
    page.wait_for_selector("#country-flows .js-plotly-plot", timeout=15_000)
    # explain panel: indicator arithmetic and the index formula ending in the overall score shown above
    overall = page.locator("#country-scores .fs-4").first.inner_text()
    page.click("summary:has-text('Explain this score')")
    explain = page.inner_text("#country-explain")
    assert "100*(" in explain and "coverage" in explain.lower()
    assert page.inner_text("#country-explain-formula").endswith(f"= {overall}; rank " + re.search(
        r"rank (\d+)", header).group(1))
    page.screenshot(path=str(OUTPUT / "country.png"), full_page=True)


SETTINGS = "year=2019&w=2,1,1,1&agg=geometric"


def test_change_indicator_then_open_the_copied_url(live_server, page):
    page.goto(live_server + f"/country/PHL?{SETTINGS}")
    wait_trend(page, "ICRMW ratified")
    assert "reference year 2019" in page.inner_text("#country-rank")
    choose_option(page, "country-indicator", "Cost to receive (country)")
    wait_location(page, r"ind=remittance_cost_to_country")
    wait_trend(page, "Cost to receive (country)")
    notes = page.evaluate("document.querySelector('#country-trend .js-plotly-plot').layout.annotations"
                          ".map(a => a.text.replace(/<br>/g, ' ')).join(' | ')")
    assert "≤ 3: SDG achieved (target)" in notes and "≤ 5: challenges remain" in notes     # SDG 10.c lines
    assert "reference year 2019" in notes
    shared = page.url
    assert shared.endswith(f"/country/PHL?{SETTINGS}&ind=remittance_cost_to_country")
    other = page.context.new_page()
    other.goto(shared)
    wait_trend(other, "Cost to receive (country)")
    assert other.inner_text("#country-rank") == page.inner_text("#country-rank")
    assert other.inner_text("#country-scores") == page.inner_text("#country-scores")
    assert other.url == shared                                   # nothing rewrote the URL on load
    other.close()


def test_switch_country_keeps_the_settings_and_back_returns(live_server, page):
    page.goto(live_server + f"/country/PHL?{SETTINGS}&ind=remittance_cost_to_country")
    wait_trend(page, "Cost to receive (country)")
    choose_option(page, "country-picker", "Nepal")
    wait_location(page, rf"/country/NPL\?{re.escape(SETTINGS)}$")                      # settings kept, ind dropped
    page.wait_for_function("document.getElementById('country-name')"
                           " && document.getElementById('country-name').innerText === 'Nepal'", timeout=15_000)
    assert "reference year 2019" in page.inner_text("#country-rank")
    page.go_back()
    wait_location(page, r"/country/PHL\?.*ind=remittance_cost_to_country$")
    wait_trend(page, "Cost to receive (country): Philippines")
    assert page.url.endswith("ind=remittance_cost_to_country")   # the page being left did not write the URL


def test_unknown_code_gets_a_friendly_message_and_a_way_on(live_server, page):
    page.goto(live_server + "/country/XYZ?year=2020")
    page.wait_for_selector("#country-unknown", timeout=30_000)
    assert "No country with the code 'XYZ'" in page.inner_text("#country-unknown")
    choose_option(page, "country-picker", "Kenya")
    wait_location(page, r"/country/KEN\?year=2020$")
    page.wait_for_function("document.getElementById('country-name')"
                           " && document.getElementById('country-name').innerText === 'Kenya'", timeout=15_000)
    page.goto(live_server + "/country/Phillipines")
    page.wait_for_selector("#country-unknown", timeout=30_000)
    page.click("#country-unknown a:has-text('Philippines')")
    wait_location(page, r"/country/PHL\?year=2021$")                     # the data-driven default year
    page.wait_for_selector("#country-name", timeout=15_000)
