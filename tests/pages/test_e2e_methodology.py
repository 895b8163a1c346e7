"""End-to-end: the methodology page in headless Chromium."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

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


def test_framework_v2_section_and_changelog(live_server, page):
    page.goto(live_server + "/methodology?year=2021")
    page.wait_for_selector("#methodology-framework-pillars .dash-spreadsheet", timeout=30_000)
    assert page.inner_text("#methodology-framework") == "Indicator framework (v2)"
    pillars = page.inner_text("#methodology-framework-pillars")
    assert "in law (de jure), in practice (de facto)" in pillars and "about all workers only" in pillars
    assert "Not yet measured" in page.inner_text("#methodology-unmeasured")
    gcm = page.inner_text("#methodology-framework-gcm")
    assert "14. Enhance consular protection" in gcm and "no measure yet" in gcm
    log = page.inner_text("#methodology-changelog")
    assert "v2" in log and "Spearman rank correlation 0.81" in log
    assert "Method v2" in page.inner_text("#methodology-version")


def test_the_audit_is_linked_with_the_settings_in_force(live_server, page):
    page.goto(live_server + "/methodology?year=2021&w=2,1,1,1&lang=fr")
    link = page.wait_for_selector("#methodology-audit-open", timeout=30_000)
    assert link.inner_text() == "Ouvrir l’audit statistique"
    assert page.locator(".js-plotly-plot").count() == 0              # the page draws no chart (Plotly never loads)
    link.click()
    page.wait_for_selector("#methodology-audit-heatmap .main-svg", timeout=30_000)
    url = urlparse(page.url)
    assert url.path == "/methodology/audit"
    assert parse_qs(url.query) == {"year": ["2021"], "w": ["2,1,1,1"], "lang": ["fr"]}
    heading = page.inner_text("#methodology-audit")
    assert heading.startswith("Audit statistique (2021, pondérations") and " 2, " in heading

