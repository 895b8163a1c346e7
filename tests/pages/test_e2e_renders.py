"""End-to-end: one render per view (the opened page comes with the first layout and the Dash Pages callback is not
asked for it; it answers once per later navigation; no callback is asked the same question twice), the loading placeholders shown while scripts and data load, and the partial plotly
bundle drawing the charts (Dash's whole plotly.min.js is never fetched)."""
from __future__ import annotations

import json

import pytest

from tests.conftest import wait_location

pytestmark = pytest.mark.browser
PAGES = ["/", "/country/KEN", "/corridors", "/corridors?origin=NPL&destination=QAT", "/compare",
         "/compare?countries=KEN,UGA&what=protection", "/methodology", "/methodology/audit",
         "/upload"]


def record(page) -> list[dict]:
    """Every callback request of the page: its output and the inputs it sent."""
    calls: list[dict] = []

    def seen(req) -> None:
        if req.method == "POST" and "/_dash-update-component" in req.url:
            body = json.loads(req.post_data or "{}")
            calls.append({"output": body.get("output"), "inputs": json.dumps(body.get("inputs"), sort_keys=True)})
    page.on("request", seen)
    return calls


def settle(page) -> None:
    """Wait until the page's layout is in and the network is quiet."""
    page.wait_for_selector("#_pages_content > :not(.mpd-page-loading)", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)


def renders(calls: list[dict]) -> int:
    """How many times the page's layout was asked for."""
    return sum("_pages_content" in (c["output"] or "") for c in calls)


@pytest.mark.parametrize("path", PAGES)
def test_one_render_per_first_visit(live_server, page, path):
    calls = record(page)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    layouts = []
    page.on("response", lambda r: layouts.append(r) if r.url.endswith("/_dash-layout") else None)
    page.goto(live_server + path)
    settle(page)
    # the page was drawn from the first layout (pages/_first.py), never asked for again
    assert renders(calls) == 0, [c["output"] for c in calls]
    assert len(layouts) == 1 and "mpd-page-loading" not in layouts[0].text()
    asked = [(c["output"], c["inputs"]) for c in calls]
    assert len(asked) == len(set(asked)), "a callback was asked the same question twice"
    assert not [u for u in fetched if "package_data/plotly.min.js" in u]


def test_one_render_per_navigation_and_per_change(live_server, page):
    page.goto(live_server + "/")
    settle(page)
    page.wait_for_selector("#overview-map .js-plotly-plot .geo", timeout=30_000)
    calls = record(page)
    page.click("a.nav-link:has-text('Compare')")
    wait_location(page, r"/compare")
    page.wait_for_selector("#compare-chart .js-plotly-plot .main-svg", timeout=30_000)
    settle(page)
    assert renders(calls) == 1
    calls.clear()
    page.go_back()                                          # back to the overview: one render again
    wait_location(page, r"/$|/\?")
    page.wait_for_selector("#overview-map .js-plotly-plot .geo", timeout=30_000)
    settle(page)
    assert renders(calls) == 1


def test_placeholders_while_scripts_and_data_load(live_server, page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    # a slow link, so the shell is seen before the scripts have run
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 400,
                                                  "downloadThroughput": 400_000, "uploadThroughput": 200_000})
    page.goto(live_server + "/compare", wait_until="commit")
    page.wait_for_selector(".mpd-boot", state="visible", timeout=30_000)
    assert "Loading the dashboard" in page.inner_text(".mpd-boot")
    assert page.get_attribute(".mpd-boot", "role") == "status"
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1})
    page.wait_for_selector("#compare-chart .js-plotly-plot .main-svg", timeout=60_000)
    assert not page.is_visible(".mpd-boot") and not page.locator(".mpd-page-loading").count()
    # the chart placeholder's rule applies to a graph without its svg only
    shown = page.evaluate("getComputedStyle(document.querySelector('#compare-chart'), '::before').content")
    assert shown in ("none", "normal", "")


def test_chart_area_says_loading_until_drawn(live_server, page):
    page.goto(live_server + "/methodology")
    settle(page)
    text = page.evaluate("""() => {
        const g = document.createElement('div'); g.className = 'dash-graph'; g.id = 'probe-graph';
        document.querySelector('#_pages_content').appendChild(g);
        return getComputedStyle(g, '::before').content; }""")
    assert "Loading the chart" in text


def test_country_search_gets_its_options_when_first_focused(live_server, page):
    # the navbar's box is drawn without its 250 options (no search index built before the first chart); opened
    # without typing, it lists the countries (virtualised: only the rows in view are drawn), and it finds one typed
    # after a view change without a reload
    page.goto(live_server + "/compare")
    settle(page)
    assert page.evaluate("() => document.querySelectorAll('[role=option]').length") == 0
    page.click("#country-search")
    page.wait_for_function("() => /\\([A-Z]{3}\\)/.test((document.querySelector('[role=option]') || {}).innerText)")
    page.keyboard.press("Escape")
    page.click("a.nav-link:has-text('Corridors')")
    wait_location(page, r"/corridors")
    page.click("#country-search")
    page.keyboard.type("Kenya")
    page.wait_for_function("() => (document.querySelector('[role=option]') || {}).innerText?.includes('(KEN)')")


def test_plotly_is_loaded_when_a_page_without_a_chart_on_top_first_needs_it(live_server, page):
    # the upload page's shell leaves Plotly out and prefetches it (indicators/web/scripts.py); the first chart drawn
    # after a navigation loads the partial bundle from the prefetched file, never Dash's whole plotly.min.js
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(live_server + "/upload")
    settle(page)
    assert page.evaluate("typeof window.Plotly") == "undefined"
    assert page.evaluate("window._dashPlotlyJSURL").split("?")[0].endswith("/assets/vendor/plotly-partial.min.js")
    page.click("a.nav-link:has-text('Overview')")
    wait_location(page, r"/$|/\?")
    page.wait_for_selector("#overview-map .js-plotly-plot .geo", timeout=30_000)
    assert page.evaluate("typeof window.Plotly.newPlot") == "function"
    assert not [u for u in fetched if "package_data/plotly.min.js" in u]
    loads = page.evaluate("performance.getEntriesByType('resource').filter(e => e.name.includes('plotly-partial'))"
                          ".map(e => [e.initiatorType, e.transferSize])")
    assert ["link", loads[0][1]] == loads[0] and loads[0][1] > 100_000       # the prefetch brought it over the wire
    assert [kind for kind, _ in loads[1:]] == ["script"] and loads[1][1] < 1_000   # then the script, from the cache


def test_a_lazily_loaded_plotly_draws_in_the_pages_language(live_server, page):
    page.goto(live_server + "/methodology?lang=fr")            # no chart: Plotly left out of the page
    settle(page)
    assert page.evaluate("typeof window.Plotly") == "undefined"
    page.click("#methodology-audit-open")                        # to the audit page, in the app: its heat maps
    page.wait_for_selector("#methodology-audit-heatmap .js-plotly-plot .main-svg", timeout=30_000)
    page.hover("#methodology-audit-heatmap .js-plotly-plot")
    titles = page.evaluate("[...document.querySelectorAll('#methodology-audit-heatmap .modebar-btn')]"
                           ".map(b => b.dataset.title)")
    assert "Télécharger le graphique en fichier PNG" in titles, titles        # Plotly's own French words
    assert "Share chart..." not in titles            # no button sending the chart's data to cloud.plotly.com
