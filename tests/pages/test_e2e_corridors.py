"""End-to-end: the corridors page in headless Chromium (NPL -> QAT has RPW prices 2015Q4-2020Q3)."""
from __future__ import annotations

import html
import re

import pytest

from tests.conftest import OUTPUT, choose_option, wait_location

pytestmark = pytest.mark.browser

PLOT = "document.querySelector('#{} .js-plotly-plot')"


def _count_below(page, n: int) -> None:
    """Wait until the headline corridor count is below n (the page re-rendered for the new URL)."""
    page.wait_for_function(f"(() => {{ const e = document.getElementById('corridors-count');"
                           f" return e && Number(e.innerText) < {n}; }})()", timeout=15_000)


def _table_column(page, column: str) -> list[str]:
    """The cells of one column of the ranked grid's rows in view (rows in their displayed order), once the rows'
    block has arrived (the infinite row model draws rows empty until then)."""
    page.wait_for_selector(f"#corridors-table .ag-center-cols-container .ag-cell[col-id='{column}']", timeout=15_000)
    page.wait_for_function(f"c => {{ const v = ({CELLS})(c); return v.length > 0 && v[0] !== ''; }}", arg=column,
                           timeout=15_000)
    return page.evaluate(CELLS, column)


CELLS = """c => [...document.querySelectorAll('#corridors-table .ag-center-cols-container .ag-row')]
    .filter(r => r.getAttribute('row-index') !== null)
    .sort((a, b) => Number(a.getAttribute('row-index')) - Number(b.getAttribute('row-index')))
    .map(r => r.querySelector(`.ag-cell[col-id='${c}']`)).filter(e => e).map(e => e.innerText.trim())"""


def _filter(page, column: str, query: str, check: str) -> None:
    """Type a query into a column's filter box (the row under the headers) and wait until every cell x of that
    column in view passes `check`."""
    idx = page.get_attribute(f"#corridors-table .ag-header-cell[col-id='{column}']", "aria-colindex")
    box = page.locator(f"#corridors-table .ag-header-row-filter [aria-colindex='{idx}'] input:visible")
    box.fill(query)
    _wait_column(page, column, check)


def _wait_column(page, column: str, check: str) -> None:
    """Wait until the grid's rows in view are there and every cell x of the column passes `check` (the grid
    fetches its rows from the server after each change)."""
    page.wait_for_function(f"(() => {{ const c = ({CELLS})({column!r});"
                           f" return c.length > 0 && c.every(x => {check}); }})()", timeout=15_000)


def test_pick_origin_then_destination_shows_quarterly_trend_and_restores_from_url(live_server, page):
    page.goto(live_server + "/corridors?year=2020")
    page.wait_for_selector("#corridors-map .js-plotly-plot", timeout=30_000)
    total = int(page.inner_text("#corridors-count"))
    assert total > 300
    assert "no bundled data yet" in page.inner_text("#corridors-recruitment-note")

    choose_option(page, "corridors-origin", "Nepal")
    wait_location(page, r"[?&]origin=NPL")
    _count_below(page, total)
    page.wait_for_selector("#corridors-bars .js-plotly-plot", timeout=15_000)       # one end: sorted bars
    bars = page.evaluate("(() => { const t = " + PLOT.format("corridors-bars") + "._fullData[0];"
                         " return {x: Array.from(t.x), y: Array.from(t.y)}; })()")
    assert "Qatar" in bars["y"] and len(bars["x"]) > 5 and bars["x"] == sorted(bars["x"])    # costliest on top
    assert set(_table_column(page, "origin")) == {"Nepal"}

    choose_option(page, "corridors-destination", "Qatar")
    wait_location(page, r"[?&]origin=NPL&destination=QAT")
    page.wait_for_selector("#corridors-trend .js-plotly-plot", timeout=15_000)
    trend = page.evaluate("(() => { const t = " + PLOT.format("corridors-trend") + "._fullData[0];"
                          " return {x: Array.from(t.x), text: Array.from(t.text)}; })()")
    assert len(trend["x"]) == 20 and trend["text"][0] == "2015Q4" and trend["text"][-1] == "2020Q3"
    assert all(re.fullmatch(r"\d{4}Q[1-4]", t) for t in trend["text"])              # quarterly points
    assert page.evaluate(PLOT.format("corridors-trend") + "._fullLayout.xaxis.type") == "date"
    lines = page.evaluate(PLOT.format("corridors-trend") + ".layout.shapes.map(s => s.y0)")
    assert sorted(lines) == [3, 5]                                                 # SDG target and 5 % limit
    source = page.evaluate(PLOT.format("corridors-trend") + ".layout.annotations.map(a => a.text.replace(/<br>/g, ' ')).join(' | ')")
    assert "ATCR.CORR, 2011Q1-2025Q3" in source and "% of USD 200 sent" in source   # with the UK 2025Q3 corridors
    assert page.inner_text("#corridors-count") == "1"
    assert _table_column(page, "destination") == ["Qatar"] and _table_column(page, "origin") == ["Nepal"]
    assert page.inner_text("#corridors-mean") == "4.6 %"                            # 2020 mean of three quarters
    page.screenshot(path=str(OUTPUT / "corridors.png"), full_page=True)

    other = page.context.new_page()                                                  # a shared link
    other.goto(page.url)
    other.wait_for_selector("#corridors-trend .js-plotly-plot", timeout=30_000)
    assert other.inner_text("#corridors-count") == "1"
    assert "Nepal" in other.inner_text("#corridors-origin") and "Qatar" in other.inner_text("#corridors-destination")
    assert other.evaluate(PLOT.format("corridors-trend") + ".data[0].x.length") == 20
    other.close()


def test_table_search_then_row_click_selects_that_corridor(live_server, page):
    page.goto(live_server + "/corridors?year=2020")
    page.wait_for_selector("#corridors-table .ag-row", timeout=30_000)
    first = _table_column(page, "remittance cost (% of USD 200)")
    assert float(first[0]) >= float(first[1])                                        # costliest first
    _filter(page, "origin", "philippines", "x === 'Philippines'")
    _filter(page, "remittance cost (% of USD 200)", "5", "Number(x) > 5")        # number filters: above
    dest = _table_column(page, "destination_iso3")[0]
    page.locator("#corridors-table .ag-row[row-index='0'] .ag-cell[col-id='destination']").click()
    wait_location(page, rf"[?&]origin=PHL&destination={dest}")
    page.wait_for_selector("#corridors-trend .js-plotly-plot", timeout=15_000)
    assert page.inner_text("#corridors-count") == "1"


def test_map_indicator_picker_and_back_button(live_server, page):
    page.goto(live_server + "/corridors?year=2020&top=all")                 # every corridor: every rating bin
    page.wait_for_selector("#corridors-map .js-plotly-plot", timeout=30_000)
    names = page.evaluate(PLOT.format("corridors-map") + "._fullData.map(t => t.name).join('|')")
    names = html.unescape(names)                                    # escaped in the figure, shown as is
    assert "≤ 3 (SDG target met (3 % or less))" in names and "> 10 (Above 10 %)" in names
    page.click("#corridors-ind")
    assert page.get_by_role("option", name=re.compile("Recruitment cost")).first.is_disabled() \
        or page.get_by_role("option", name=re.compile("Recruitment cost")).first.get_attribute("aria-disabled") == "true"
    page.get_by_role("option", name="Corridor score").first.click()
    wait_location(page, r"[?&]ind=score")
    page.wait_for_function(PLOT.format("corridors-map") + " && " + PLOT.format("corridors-map")
                           + ".layout.title.text.replace(/<br>/g, ' ').startsWith('Corridor score')", timeout=15_000)
    names = page.evaluate(PLOT.format("corridors-map") + "._fullData.map(t => t.name).join('|')")
    assert "≥ 75" in names or "50–75" in names
    page.go_back()
    wait_location(page, r"/corridors\?year=2020&top=all$")
    page.wait_for_function(PLOT.format("corridors-map") + " && " + PLOT.format("corridors-map")
                           + ".layout.title.text.replace(/<br>/g, ' ').startsWith('Remittance cost')", timeout=15_000)


def test_reversed_link_opens_the_migration_corridor_with_a_note_and_the_target_in_words(live_server, page):
    page.goto(live_server + "/corridors?origin=QAT&destination=NPL&year=2020")
    page.wait_for_selector("#corridors-direction", timeout=30_000)
    assert page.inner_text("#corridors-direction") == \
        "Money sent from Qatar to Nepal: the migration corridor Nepal → Qatar."
    assert "the corridor Nepal → Qatar" in page.inner_text("#corridors-selection")
    status = page.inner_text("#corridors-status")
    assert re.search(r"Latest cost \d+\.\d+ % \(\d{4}Q\d\): .*3 % target.*5 % ceiling, since \d{4}Q\d", status), status
    page.wait_for_timeout(1000)
    assert "origin=QAT&destination=NPL" in page.url                         # the question stays in the address
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(OUTPUT / f"corridors-reversed-{width}.png"), full_page=True)


def test_typing_the_destination_as_origin_offers_it_and_opens_its_corridors(live_server, page):
    page.goto(live_server + "/corridors?year=2020")
    page.wait_for_selector("#corridors-map .js-plotly-plot", timeout=30_000)
    choose_option(page, "corridors-origin", "Qatar (a migrant destination")
    wait_location(page, r"[?&]origin=QAT")
    page.wait_for_selector("#corridors-direction", timeout=15_000)
    assert "Qatar is a destination" in page.inner_text("#corridors-direction")
    _wait_column(page, "destination", "x === 'Qatar'")
    assert set(_table_column(page, "destination")) == {"Qatar"}


def test_all_corridors_map_draws_the_worst_20_and_the_rank_follows_the_order(live_server, page):
    page.goto(live_server + "/corridors?year=2020")
    page.wait_for_selector("#corridors-map .js-plotly-plot", timeout=30_000)
    assert "draws the 20 corridors with the highest remittance cost" in page.inner_text("#corridors-map-caption")
    assert _table_column(page, "rank")[:5] == ["1", "2", "3", "4", "5"]
    costs = [float(x) for x in _table_column(page, "remittance cost (% of USD 200)")[:5]]
    assert costs == sorted(costs, reverse=True)
    choose_option(page, "corridors-top", "the 50 worst")
    wait_location(page, r"[?&]top=50")
    page.wait_for_function("document.getElementById('corridors-map-caption').innerText.includes('the 50 corridors')")
