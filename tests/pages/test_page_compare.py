"""The compare page on the bundled data: a composite's line never joins two compositions (DESIGN §3 item 9)."""
from __future__ import annotations

import json
from typing import Any

import plotly
import pytest


@pytest.fixture(scope="module")
def compare_page():
    import app  # noqa: F401  (registers the pages)
    from pages import compare
    return compare


def component(layout: Any, cid: str) -> dict[str, Any]:
    """The props of the component with this id in a page layout (as JSON)."""
    stack = [json.loads(json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder))]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == cid:
                return node["props"]
            stack += list(node.values())
        elif isinstance(node, list):
            stack += node
    raise KeyError(cid)


def test_indonesia_index_is_not_joined_across_the_2011_and_2012_composition_changes(compare_page):
    lay = compare_page.layout(countries="IDN", year="2012", **{"from": "2010"})
    fig = component(lay, "compare-chart")["figure"]
    lines = [t for t in fig["data"] if t["legendgroup"] == "Indonesia"]
    # bundled data: 2010 protection only (ICRMW), 2011 + remittance pillar, 2012 + association pillar (FH E3):
    # three compositions, three separate pieces of line, none spanning two years here
    assert [t["x"] for t in lines] == [[2010], [2011], [2012]]
    assert lines[0]["y"] == [0.0] and lines[2]["y"][0] > 75          # the jump is there, but not drawn as a trend
    breaks = {a["x"]: a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "composition-break"}
    assert breaks == {2010.5: "+ remittance pillar", 2011.5: "+ association pillar"}
    note = component(lay, "compare-table")["data"][0]
    assert note["country or aggregate"] == "composition changes here"
    assert note["2011"] == "+ remittance pillar" and note["2012"] == "+ association pillar" and note["2010"] is None
    caption = component(lay, "compare-chart-caption")["children"]
    assert "never joins two compositions" in caption and "2012: protection (ICRMW ratified); remittance" in caption


def test_fixed_composition_on_the_bundled_data(compare_page):
    lay = compare_page.layout(countries="IDN", year="2012", composition="fixed", **{"from": "2010"})
    fig = component(lay, "compare-chart")["figure"]
    values = {x: y for t in fig["data"] for x, y in zip(t["x"], t["y"]) if y is not None}
    # over 2012's composition only 2012 can be formed: 2010 lacks remittance and association, 2011 association
    assert list(values) == [2012]
    assert not [a for a in fig["layout"]["annotations"] if a.get("name") == "composition-break"]
    caption = component(lay, "compare-chart-caption")["children"]
    assert caption.endswith("never zero: 2010 (no remittance indicator in play; no association indicator in play); "
                            "2011 (no association indicator in play).")
    assert component(lay, "compare-composition")["value"] == "fixed"


def test_an_indicator_series_has_no_composition(compare_page):
    lay = compare_page.layout(countries="IDN", what="remittance_cost_to_country", year="2020", **{"from": "2011"})
    fig = component(lay, "compare-chart")["figure"]
    assert len(fig["data"]) == 1 and not fig["layout"].get("shapes")
    assert all(o["disabled"] for o in component(lay, "compare-composition")["options"])
