"""End-to-end: the scoring-settings panel changes weights and rule, every view follows, links carry them."""
from __future__ import annotations

import pytest

from tests.conftest import OUTPUT, wait_location

pytestmark = pytest.mark.browser


def first_overall(page) -> str:
    """The overall score of the first row of the ranking."""
    return page.locator("#ranking td[data-dash-column='overall']").first.inner_text().strip()


def test_weights_and_aggregation_change_scores_and_travel_with_links(live_server, page):
    page.goto(live_server + "/?year=2020")
    page.wait_for_selector("#ranking .dash-spreadsheet", timeout=30_000)
    before = first_overall(page)
    page.click("#settings-open")
    page.wait_for_selector("#settings-panel", state="visible")
    # set the association weight to 3 in the slider's number box, choose the geometric mean
    box = page.locator("#settings-w-association input[type=number]")
    box.fill("3")
    box.press("Enter")
    page.get_by_label("Geometric mean (less compensation between pillars)").check()
    page.screenshot(path=str(OUTPUT / "settings-panel.png"))
    page.click("#settings-apply")
    wait_location(page, r"w=1(%2C|,)1(%2C|,)1(%2C|,)3")
    wait_location(page, r"agg=geometric")
    page.wait_for_function(f"document.querySelector(\"#ranking td[data-dash-column='overall']\")"
                           f" && document.querySelector(\"#ranking td[data-dash-column='overall']\").innerText.trim() !== '{before}'",
                           timeout=15_000)
    assert "geometric" in page.inner_text("#index-note")
    # the navigation links now carry the settings
    href = page.get_attribute("a[href^='/compare']", "href")
    assert "agg=geometric" in href and "year=2020" in href
    # a shared link restores the same ranking
    shared, shown = page.url, first_overall(page)
    other = page.context.new_page()
    other.goto(shared)
    other.wait_for_selector("#ranking .dash-spreadsheet", timeout=30_000)
    assert first_overall(other) == shown
