"""Browser test: a chart's Embed snippet carries the view's URL and, put in another page's iframe, draws the chart
alone with its title, source and link back (plotly.js and the figure from this server, no CSP error)."""
from __future__ import annotations

import json

import pytest

from tests.conftest import OUTPUT

pytestmark = pytest.mark.browser


def _id(**parts: str) -> str:
    """CSS selector of a Dash pattern-matching component id."""
    return "[id='" + json.dumps(parts, sort_keys=True, separators=(",", ":")) + "']"


def test_embed_snippet_frames_the_chart_alone(live_server, page):
    page.goto(live_server + "/country/KEN?year=2020", wait_until="networkidle")
    page.wait_for_selector("#country-peers .js-plotly-plot", timeout=30_000)
    details = page.locator(".embed-control").filter(has=page.locator(_id(type="embed-code", target="country-peers")))
    details.locator("summary").click()
    code = page.locator(_id(type="embed-code", target="country-peers")).input_value()
    src = f"{live_server}/embed/country/KEN?year=2020&chart=country-peers"
    assert code.startswith(f'<iframe src="{src}"')
    assert page.locator(_id(type="embed-link", target="country-peers")).get_attribute("href") == src

    page.set_content(f"<h1>A ministry's page</h1>{code}")          # another origin (about:blank) frames it
    frame = page.frame_locator("iframe")
    frame.locator("#embed-chart .main-svg").first.wait_for(timeout=30_000)
    assert "Kenya and its peers, 2020" in frame.locator("h1").inner_text()
    assert frame.locator("p.source").inner_text().startswith("Source:")
    assert frame.locator("a").get_attribute("href") == "/country/KEN?year=2020"
    frame.locator("#embed-chart").hover()
    assert frame.locator(".modebar-btn[data-title^='Download plot']").count() == 1
    assert frame.locator(".modebar-btn[data-title^='Share chart']").count() == 0     # nothing sent to plotly.com
    page.screenshot(path=str(OUTPUT / "embed-country-peers.png"))
