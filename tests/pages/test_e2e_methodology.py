"""End-to-end: the methodology page in headless Chromium."""
from __future__ import annotations

import pytest

from tests.conftest import OUTPUT

pytestmark = pytest.mark.browser


def test_catalogue_and_method_with_weights_from_the_url(live_server, page):
    page.goto(live_server + "/methodology?year=2020&w=2,1,1,1&agg=geometric")
    page.wait_for_selector("#methodology-catalogue .dash-spreadsheet", timeout=30_000)
    text = page.inner_text("#methodology-method")
    assert "geometric mean" in text and "Protection of migrant workers 2" in text
    n_rows = page.locator("#methodology-catalogue td[data-dash-column='id']").count()
    assert n_rows >= 12
    rows = page.locator("#methodology-catalogue tr").all_inner_texts()
    assert any("remittance_cost_corridor" in r and "corridors, 2011-2025" in r for r in rows)  # UK corridors 2025Q3
    page.screenshot(path=str(OUTPUT / "methodology.png"), full_page=True)
