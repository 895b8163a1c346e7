"""End-to-end: the overview page in headless Chromium shows the real index from the bundled data."""
from __future__ import annotations

import pytest

from tests.conftest import OUTPUT

pytestmark = pytest.mark.browser


def test_overview_shows_ranked_index(live_server, page):
    page.goto(live_server + "/")
    page.wait_for_selector("#ranking .dash-spreadsheet", timeout=30_000)
    note = page.inner_text("#index-note")
    assert "Index over 3 of 4 pillars" in note and "recruitment: no data yet" in note
    first = page.locator("#ranking td[data-dash-column='rank']").first.inner_text()
    assert first.strip() == "1"
    page.screenshot(path=str(OUTPUT / "overview.png"), full_page=True)
