"""Parts of a page drawn after its first screen (pages/_later.py): the layout carries them as data in a Store, the
server side still finds their components by id (exports, the corridor table's rows), and the browser puts them in,
in the page's order, once the first screen has been drawn."""
from __future__ import annotations

import json

import plotly
import pytest
from dash import dash_table, dcc, html

from tests.conftest import wait_drawn


def _json(obj):
    """What the browser receives for a component or a prop."""
    return json.loads(json.dumps(obj, cls=plotly.utils.PlotlyJSONEncoder))


def test_a_part_travels_as_data_with_its_height_kept():
    from pages._later import drawn_later
    part = html.Div([html.H2("Values"), dash_table.DataTable(id="t", data=[{"a": 1}])])
    holder = drawn_later(part, "values", 450)
    sent = _json(holder.to_plotly_json())
    assert sent["props"]["id"] == {"type": "later", "key": "values"}
    assert sent["props"]["style"] == {"--mpd-later-height": "450px"} and sent["props"]["className"] == "mpd-later"
    store = sent["props"]["children"]
    assert (store["type"], store["props"]["id"]) == ("Store", {"type": "later-spec", "key": "values"})
    spec = store["props"]["data"]                      # the part as data: not a component the first render draws
    assert spec["type"] == "Div" and spec["props"]["children"][1]["props"] == {"id": "t", "data": [{"a": 1}]}
    with pytest.raises(KeyError):
        holder["t"]                                    # Dash's own lookup does not see into the data ...


def test_find_looks_into_parts_and_parts_of_parts():
    from pages._later import drawn_later, find, later_trees
    inner = drawn_later(html.P("deep", id="deep"), "inner")
    page = html.Div([html.H1("Title", id="title"), drawn_later(html.Div([html.P("x", id="x"), inner]), "outer")])
    assert find(page, "title").children == "Title"     # ... find does, at any depth
    assert find(page, "x").children == "x" and find(page, "deep").children == "deep"
    assert find(page, "absent") is None
    assert [getattr(t, "id", None) for t in later_trees(page)] == [None, "deep"]
    assert find(drawn_later(dcc.Store(id="s", data=1), "top"), "s").data == 1        # a part as the whole tree


def test_pages_keep_their_first_screen_and_draw_the_rest_later():
    import app  # noqa: F401  (the pages register with the app)
    from pages._later import find, later_trees
    from pages.country import layout as country
    from pages.audit import layout as audit
    from pages.methodology import layout as methodology
    page = country("KEN")
    first = {str(getattr(c, "id", None)) for c in page._traverse()}
    assert "country-peers" in first and "country-indicators" not in first and "country-flows" not in first
    assert {"country-indicators", "country-trend", "country-corridors-out", "country-flows"} <= {
        str(getattr(c, "id", None)) for t in later_trees(page) for c in [t, *t._traverse()]}
    assert len(find(page, "country-indicators").data) > 5
    page = methodology()
    first = {str(getattr(c, "id", None)) for c in page._traverse()}
    assert "methodology-framework-pillars" in first and "methodology-catalogue" not in first
    assert len(find(page, "methodology-catalogue").data) >= 12
    page = audit()                                  # its lead heat map on the first screen, one per pillar later
    first = {str(getattr(c, "id", None)) for c in page._traverse()}
    assert "methodology-audit-heatmap" in first and "methodology-audit-heatmap-protection" not in first
    assert find(page, "methodology-audit-heatmap-protection").figure["data"][0]["type"] == "heatmap"


def test_exports_read_a_table_and_a_chart_drawn_later():
    import app  # noqa: F401  (the pages register with the app)
    from pages._export import page_data
    table, figure = page_data("/country/KEN", "?year=2020", "country-indicators")
    assert len(table) > 5 and figure is None
    table, figure = page_data("/methodology/audit", "", "methodology-audit-heatmap-protection")   # table view's numbers
    assert figure["data"][0]["type"] == "heatmap" and len(table) >= 3


@pytest.mark.browser
def test_parts_are_put_in_in_the_pages_order_after_the_first_screen(live_server, page):
    # the order in which the placeholders are filled, as the browser does it
    page.add_init_script("""
      window.__filled = [];
      new MutationObserver(() => {
        document.querySelectorAll('.mpd-later:not(:empty)').forEach(e => {
          const key = JSON.parse(e.id).key;
          if (!window.__filled.includes(key)) { window.__filled.push(key); }
        });
      }).observe(document, {childList: true, subtree: true});
    """)
    page.goto(live_server + "/methodology")
    page.wait_for_selector("#methodology-framework-pillars td", timeout=30_000)
    wait_drawn(page)
    keys = page.evaluate("() => [...document.querySelectorAll('.mpd-later')].map(e => JSON.parse(e.id).key)")
    assert len(keys) >= 5 and keys[0] == "methodology-gcm-part"
    assert page.evaluate("() => window.__filled") == keys             # one by one, from the top
    assert page.locator("#methodology-catalogue td[data-dash-column='id']").count() >= 12
    # until it is put in, a part's place says so in words (assets/loading.css), in the view's language
    probe = """() => { const g = document.createElement('div'); g.className = 'mpd-later';
                       document.querySelector('#_pages_content').appendChild(g);
                       return getComputedStyle(g, '::before').content; }"""
    assert page.evaluate(probe) == '"Loading…"'
    # the part's height is kept while it is empty only (a short part leaves no gap once in)
    heights = page.evaluate("""() => [...document.querySelectorAll('.mpd-later')].map(e => [
        getComputedStyle(e).minHeight, e.style.getPropertyValue('--mpd-later-height')])""")
    assert all(m in ("0px", "auto") and h.endswith("px") for m, h in heights[:-1])     # the last: the probe above
    holder = page.evaluate("""() => { const e = document.createElement('div'); e.className = 'mpd-later';
                                      e.style.setProperty('--mpd-later-height', '321px');
                                      document.querySelector('#_pages_content').appendChild(e);
                                      return getComputedStyle(e).minHeight; }""")
    assert holder == "321px"
    page.evaluate("() => document.documentElement.setAttribute('lang', 'fr')")
    assert page.evaluate(probe) == '"Chargement…"'


def test_an_embed_draws_a_chart_of_a_part_drawn_later():
    from app import server
    r = server.test_client().get("/embed/country/KEN?year=2020&chart=country-flows")
    assert r.status_code == 200 and "<h1>Corridors from and to Kenya: cost of sending USD 200" in r.get_data(as_text=True)
