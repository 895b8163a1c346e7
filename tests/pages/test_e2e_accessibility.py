"""End-to-end accessibility: axe-core (WCAG 2.1 AA rules) on every page and tab at desktop and phone widths, no
sideways scrolling on a phone, keyboard-only walk-throughs, the collapsing navbar and the country search.

axe-core comes with the axe-playwright-python package (offline). It is injected through Playwright's evaluate, which
the page's Content-Security-Policy would refuse, so these tests' browser contexts bypass the CSP (tests only)."""
from __future__ import annotations

import re

import pytest

from tests.conftest import OUTPUT, wait_location

pytestmark = pytest.mark.browser

PAGES = {"overview": "/", "country": "/country/NPL", "corridors": "/corridors",
         "corridor": "/corridors?origin=NPL&destination=QAT", "one-end": "/corridors?origin=NPL",
         "compare": "/compare", "methodology": "/methodology", "audit": "/methodology/audit", "upload": "/upload",
         "upload-history": "/upload?tab=history", "upload-format": "/upload?tab=format", "developers": "/developers"}
WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}
BLOCKING = ("serious", "critical")


@pytest.fixture
def open_page(browser):
    """open(path, width) -> a loaded page in a CSP-bypassing context of that viewport; fails on console errors."""
    contexts, errors = [], []

    def open_(path: str, size: tuple[int, int]):
        ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, bypass_csp=True)
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(path)
        pg.wait_for_load_state("networkidle")
        pg.wait_for_selector("h1", timeout=30_000)
        pg.wait_for_timeout(400)                     # a11y.js repairs on the next animation frame
        return pg

    yield open_
    for c in contexts:
        c.close()
    assert not errors, f"browser console errors: {errors}"


def _shot(pg, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    pg.screenshot(path=str(OUTPUT / f"a11y-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_violation_and_the_page_never_scrolls_sideways(live_server, open_page, name, width):
    from axe_playwright_python.sync_playwright import Axe
    size = WIDTHS[width]
    pg = open_page(live_server + PAGES[name], size)
    result = Axe().run(pg)
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result.response["violations"]
             if v["impact"] in BLOCKING]
    _shot(pg, f"{name}-{width}")
    assert result.response["passes"], "axe ran no rule"
    assert not found, found
    assert pg.evaluate("document.documentElement.lang") == "en"
    assert pg.evaluate("document.documentElement.scrollWidth") <= size[0]


def _walk(pg, presses: int, back: bool = False) -> list[str]:
    """Press Tab (or Shift+Tab) and describe each focused element: tag#id.class[aria-label] in id: text."""
    seen = []
    for _ in range(presses):
        pg.keyboard.press("Shift+Tab" if back else "Tab")
        seen.append(pg.evaluate("""() => { const e = document.activeElement;
            return `${e.tagName.toLowerCase()}#${e.id}.${e.className}[${e.getAttribute('aria-label') || ''}]`
                   + ` in ${(e.closest('[id]') || {}).id}: ${(e.innerText || '').slice(0, 40)}`; }"""))
    return seen


def _no_trap(seen: list[str]) -> None:
    """Focus moves on at every press (a trap keeps it on one element)."""
    stuck = [a for a, b in zip(seen, seen[1:]) if a == b and not a.startswith("body")]
    assert not stuck, stuck


@pytest.mark.parametrize("path, table", [("/", "ranking"), ("/methodology", "methodology-catalogue")])
def test_keyboard_reaches_table_filters_and_pagination_and_comes_back(live_server, open_page, path, table):
    pg = open_page(live_server + path, WIDTHS["desktop"])
    pg.focus(f"#{table} .dash-filter input[type=text]")
    forward = _walk(pg, 40)
    _no_trap(forward)
    assert not any("dash-filter--case" in s for s in forward)                  # the "Aa" toggle is no tab stop
    assert any("[Next page]" in s for s in forward) and any("[Last page]" in s for s in forward), forward
    assert not any("[Page number]" in s for s in forward)                      # it swallowed Tab: out of the order
    back = _walk(pg, 45, back=True)
    _no_trap(back)
    assert any("Search in" in s for s in back), back                          # back through the filter row
    pg.focus(f"#{table} button.next-page")
    pg.keyboard.press("Enter")
    pg.wait_for_function(f"() => document.querySelector('#{table} .current-page').placeholder === '2'")


def test_keyboard_reaches_the_corridor_grid_rows_and_pagination_and_comes_back(live_server, open_page):
    pg = open_page(live_server + "/corridors", WIDTHS["desktop"])
    pg.wait_for_selector("#corridors-table .ag-row", timeout=30_000)
    pg.focus("#corridors-table .ag-header-row-filter input:visible")
    forward = _walk(pg, 35)
    _no_trap(forward)
    assert any("Filter Input" in s for s in forward), forward                    # the filter row, one by one
    assert any("ag-cell" in s and not s.endswith(": ") for s in forward), forward     # then into the rows (text)
    pg.focus("#corridors-table .ag-paging-button[aria-label='Last Page']")      # the pagination buttons
    after = _walk(pg, 3)
    assert any("corridors-table" not in s for s in after), after                # Tab leaves the grid
    back = _walk(pg, 6, back=True)
    _no_trap(back)
    assert any("[Last Page]" in s for s in back) and any("[Next Page]" in s for s in back), back
    pg.focus("#corridors-table .ag-paging-button[aria-label='Next Page']")
    pg.keyboard.press("Enter")
    pg.wait_for_function("() => document.querySelector('#corridors-table .ag-paging-row-summary-panel')"
                         ".innerText.trim().startsWith('16')")


@pytest.mark.parametrize("path, dropdown, typed, option, expect", [
    ("/", "overview-view", "cost to send", "Indicator: Cost to send (country)", r"view=remittance_cost"),
    ("/corridors", "corridors-origin", "Nep", "Nepal", r"origin=NPL"),
    ("/compare", "compare-what", "Remittance", "Pillar: Remittance", r"what="),
])
def test_keyboard_types_into_a_searchable_dropdown_and_leaves_it(live_server, open_page, path, dropdown, typed,
                                                                 option, expect):
    pg = open_page(live_server + path, WIDTHS["desktop"])
    label = pg.evaluate(f"document.querySelector('label[for=\"{dropdown}\"]').innerText")
    pg.focus(f"#{dropdown}")
    assert pg.evaluate(f"document.getElementById('{dropdown}').getAttribute('aria-labelledby')").startswith(
        f"{dropdown}-label"), label
    pg.keyboard.press("Enter")
    pg.wait_for_function("document.activeElement.classList.contains('dash-dropdown-search')")   # the search box
    pg.keyboard.type(typed)
    # the list is filtered as the typing arrives: wait for the filtered list, not for any list
    pg.wait_for_function("o => (document.querySelector('[role=option]') || {}).innerText?.includes(o)", arg=option)
    texts = pg.locator("[role=option]").all_inner_texts()
    assert any(option in t for t in texts), texts
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")
    wait_location(pg, expect)
    pg.keyboard.press("Escape")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.closest('.dash-dropdown-content')") is None     # left the widget


def test_keyboard_moves_the_year_slider_with_a_named_thumb(live_server, open_page):
    pg = open_page(live_server + "/?year=2019", WIDTHS["desktop"])
    thumb = pg.locator("#overview-year [role=slider]")
    assert thumb.get_attribute("aria-label").startswith("Reference year")
    thumb.focus()
    pg.keyboard.press("ArrowRight")
    wait_location(pg, r"year=2020")


def test_phone_navbar_folds_and_opens_and_the_country_search_opens_a_profile(live_server, open_page):
    pg = open_page(live_server + "/", WIDTHS["phone"])
    nav = pg.locator("#navbar-collapse")
    assert not pg.locator("a.nav-link", has_text="Corridors").is_visible()
    assert pg.locator("h1").bounding_box()["y"] < 200                          # the title is on the first screen
    pg.focus("#navbar-toggler")
    pg.keyboard.press("Enter")
    pg.wait_for_selector("#navbar-collapse.show")
    assert pg.locator("a.nav-link", has_text="Corridors").is_visible() and nav.is_visible()
    _shot(pg, "navbar-open-phone")
    pg.focus("#country-search")
    pg.keyboard.press("Enter")
    pg.wait_for_function("document.activeElement.classList.contains('dash-dropdown-search')")
    pg.keyboard.type("Ivory")                                                  # an alias of Côte d'Ivoire
    # the options come from the server as the typing arrives: wait until the first one is the country asked for
    pg.wait_for_function("() => (document.querySelector('[role=option]') || {}).innerText?.includes('(CIV)')")
    assert re.search(r"Côte d.Ivoire \(CIV\)", pg.locator("[role=option]").first.inner_text())
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")
    wait_location(pg, r"/country/CIV")


@pytest.mark.parametrize("typed, iso3", [("NPL", "NPL"), ("Qatar", "QAT")])
def test_desktop_country_search_by_code_or_name(live_server, open_page, typed, iso3):
    pg = open_page(live_server + "/corridors", WIDTHS["desktop"])
    pg.click("#country-search")
    pg.keyboard.type(typed)
    # the options come from the server as the typing arrives: wait until the first one is the country asked for
    pg.wait_for_function("c => (document.querySelector('[role=option]') || {}).innerText?.includes('(' + c + ')')",
                         arg=iso3)
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")
    wait_location(pg, rf"/country/{iso3}")
    pg.wait_for_selector("h1")


@pytest.mark.parametrize("path", ["/upload", "/upload?tab=history", "/upload?tab=format"])
def test_upload_pages_show_no_command_line_and_link_the_developer_page(live_server, open_page, path):
    pg = open_page(live_server + path, WIDTHS["desktop"])
    text = pg.inner_text("main")
    assert "python -m" not in text and "curl " not in text
    if path.endswith("format"):
        pg.click("#upload-developers-link")
        wait_location(pg, r"/developers$")
        pg.wait_for_selector("#developers-api")
        assert "curl -H 'Authorization: Bearer <token>'" in pg.inner_text("#developers-api")
        assert pg.inner_text("#developers-limits") in text.replace("\n", " ")   # the same limit sentence
