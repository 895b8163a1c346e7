"""Page layouts built once per data version and view for every worker (pages._shared.shared_layout)."""
from __future__ import annotations

import json

import pandas as pd
import plotly
from dash import html

from indicators.scoring import materialise
from indicators.store.observations import Store


def _json(layout) -> str:
    return json.dumps(layout, cls=plotly.utils.PlotlyJSONEncoder)


def _store(root) -> Store:
    st = Store(root)
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["KEN"], "period": ["2020"],
                            "value": [2.0]}), "g", "a.csv", "x")
    return st


def test_a_second_process_reads_the_layout_instead_of_building_it(tmp_path, monkeypatch):
    import pages._shared as shared
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    st = _store(tmp_path / "data")
    built = []

    def build():
        built.append(1)
        return html.Div([html.H1("Kenya"), html.P("2.0")], id="page")
    key = ("country-layout", "KEN", 2020, "en")
    first = shared.shared_layout(st, st.version(), key, build)
    again = shared.shared_layout(Store(tmp_path / "data"), st.version(), key, build)   # a fresh memo: another worker
    assert built == [1] and _json(again) == _json(first)
    assert shared.shared_layout(Store(tmp_path / "data"), st.version(), ("other", "key"), build) and built == [1, 1]
    # another version of the pages' code never reads it
    monkeypatch.setattr(shared, "ui_fingerprint", lambda: "newer-code")
    shared.shared_layout(Store(tmp_path / "data"), st.version(), key, build)
    assert built == [1, 1, 1]


def test_a_layout_over_an_earlier_versions_scores_is_kept_with_the_current_version(tmp_path, monkeypatch):
    import pages._shared as shared
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    st = _store(tmp_path / "data")
    earlier = st.version()
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["UGA"], "period": ["2020"],
                            "value": [3.0]}), "g", "b.csv", "y")
    built = []
    key = ("overview-layout", "en")
    shared.shared_layout(st, earlier, key, lambda: built.append(1) or html.Div("old scores"))
    # written beside the current version (its version line and raw values are the current ones), never the earlier
    assert not list(materialise.version_dir(tmp_path / "data", earlier).glob("layout-*.pkl"))
    assert len(list(materialise.version_dir(tmp_path / "data", st.version()).glob("layout-*.pkl"))) == 1
    # another worker serving the same earlier scores reads it; one serving the new scores builds its own
    shared.shared_layout(Store(tmp_path / "data"), earlier, key, lambda: built.append(1) or html.Div("old scores"))
    assert built == [1]
    shared.shared_layout(Store(tmp_path / "data"), st.version(), key, lambda: built.append(1) or html.Div("new"))
    assert built == [1, 1]
