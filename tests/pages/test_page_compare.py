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
    # bundled data, method v2: 2010 nothing in play (ratifications alone never make a pillar), 2011 the remittance
    # pillar alone, 2012 + protection (FH G1/G4 with ICRMW) + association (FH E3 with C87/C98): separate pieces
    assert [t["x"] for t in lines] == [[2010], [2011], [2012]]
    assert lines[0]["y"] == [None] and lines[1]["y"][0] > 70 and lines[2]["y"][0] > 75
    breaks = {a["x"]: a["text"] for a in fig["layout"]["annotations"] if a.get("name") == "composition-break"}
    assert breaks == {2011.5: "+ protection pillar<br>+ association pillar"}
    note = component(lay, "compare-table")["data"][0]
    assert note["country or aggregate"] == "composition changes here"
    assert note["2012"] == "+ protection pillar; + association pillar" and note["2011"] is None
    caption = component(lay, "compare-chart-caption")["children"]
    assert "never joins two compositions" in caption and "2010: nothing in play, no score" in caption
    assert "2012: protection (ICRMW ratified, Freedom from exploitation (FH G4), Freedom of movement (FH G1))" in caption


def test_fixed_composition_on_the_bundled_data(compare_page):
    lay = compare_page.layout(countries="IDN", year="2012", composition="fixed", **{"from": "2010"})
    fig = component(lay, "compare-chart")["figure"]
    values = {x: y for t in fig["data"] for x, y in zip(t["x"], t["y"]) if y is not None}
    # over 2012's composition only 2012 can be formed: FH G1/G4/E3 start in 2012, remittance prices in 2011
    assert list(values) == [2012]
    assert not [a for a in fig["layout"]["annotations"] if a.get("name") == "composition-break"]
    caption = component(lay, "compare-chart-caption")["children"]
    assert caption.endswith("2011 (Freedom from exploitation (FH G4) in protection not in play; Freedom of movement "
                            "(FH G1) in protection not in play; Trade-union freedom (FH E3) in association not in "
                            "play).")
    assert component(lay, "compare-composition")["value"] == "fixed"


def test_an_indicator_series_has_no_composition(compare_page):
    lay = compare_page.layout(countries="IDN", what="remittance_cost_to_country", year="2020", **{"from": "2011"})
    fig = component(lay, "compare-chart")["figure"]
    assert len(fig["data"]) == 1 and not fig["layout"].get("shapes")
    assert all(o["disabled"] for o in component(lay, "compare-composition")["options"])
