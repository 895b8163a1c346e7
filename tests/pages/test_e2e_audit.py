"""End-to-end: the statistical audit page in headless Chromium."""
from __future__ import annotations

import pytest

from tests.conftest import OUTPUT

pytestmark = pytest.mark.browser


def test_statistical_audit_with_flags_and_heat_maps(live_server, page):
    page.goto(live_server + "/methodology/audit?year=2021")
    page.wait_for_selector("#methodology-audit-flags .dash-spreadsheet", timeout=30_000)
    heading = page.inner_text("#methodology-audit")
    assert heading.startswith("Statistical audit (2021") and "arithmetic mean" in heading
    flags = page.locator("#methodology-audit-flags tr").all_inner_texts()
    # method v2: the corridor means only stand in for the official series, so no redundancy is left to fix
    assert not any("redundancy" in r for r in flags) and not any("To fix in the framework" in r for r in flags)
    assert any("dominance" in r and "Acceptable (explained)" in r for r in flags)
    assert any("low coverage" in r and "Acceptable (explained)" in r for r in flags)
    assert not any("To review (new flag)" in r for r in flags)           # every flag on the bundled data reviewed
    assert "rank interval is" in page.inner_text("#methodology-audit-uncertainty")
    # the correlation heat map of the pillars and the index, drawn by plotly, with its table view and export
    page.wait_for_selector("#methodology-audit-heatmap .heatmaplayer image", state="attached", timeout=30_000)
    # the chart's title may wrap on screen (SVG lines have no space between them)
    assert "Correlationsofthepillarsandtheindex" in "".join(page.inner_text("#methodology-audit-heatmap").split())
    # the table view is drawn when first opened (pages/_shared.table_view), and stays once drawn
    assert page.locator("#methodology-audit-heatmap-table").count() == 0
    page.click("#methodology-audit-heatmap-caption + details > summary")
    page.wait_for_selector("#methodology-audit-heatmap-table td", timeout=10_000)
    assert page.locator("#methodology-audit-heatmap-table td").count() >= 12          # 4 x (label + 3 values)
    page.click("#methodology-audit-heatmap-table td >> nth=1")                       # a click inside redraws nothing
    page.click("#methodology-audit-heatmap-caption + details > summary")              # closed and opened again
    page.click("#methodology-audit-heatmap-caption + details > summary")
    assert page.locator("#methodology-audit-heatmap-table").count() == 1
    assert page.locator("[id*='methodology-audit-heatmap-']").count() >= 3               # one per index pillar
    page.locator("#methodology-audit-section").screenshot(path=str(OUTPUT / "methodology-audit.png"))


@pytest.mark.parametrize("width", [390, 1440])
def test_heat_maps_fit_their_titles_and_labels_at_every_width(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server + "/methodology/audit?year=2021&lang=fr")
    page.wait_for_selector("#methodology-audit-heatmap-protection .heatmaplayer image", state="attached",
                           timeout=30_000)
    page.wait_for_load_state("networkidle")
    # within its chart: the title (of two lines on a phone, in French), each row label and column number, the source
    out = page.evaluate("""() => [...document.querySelectorAll('[id^="methodology-audit-heatmap"] .js-plotly-plot')]
        .map(g => { const svg = g.querySelector('.main-svg').getBoundingClientRect();
                    const boxes = [...g.querySelectorAll('.gtitle, .ytick text, .xtick text, .annotation-text')]
                        .map(e => e.getBoundingClientRect());
                    return [g.parentElement.id, boxes.filter(b => b.top < svg.top - 0.5 || b.left < svg.left - 0.5
                                                           || b.right > svg.right + 0.5).length, boxes.length]; })""")
    assert len(out) >= 3 and all(n > 5 for _, _, n in out), out
    assert [(gid, cut) for gid, cut, _ in out if cut] == [], out
