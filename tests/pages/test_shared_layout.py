"""Page layouts built once per data version and view for every worker (pages._layouts.shared_layout)."""
from __future__ import annotations

import json
import threading
import time

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
    import pages._layouts as shared
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
    import pages._layouts as shared
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


def test_while_scores_update_the_page_drawn_for_the_earlier_version_is_reused_with_the_notice(tmp_path, monkeypatch):
    import pages._layouts as shared
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    st = _store(tmp_path / "data")
    earlier = st.version()
    built = []
    key = ("overview-layout", "en")
    page = lambda text: lambda: built.append(text) or html.Div([html.Div(id=shared.NOTICE_SLOT), html.P(text)])
    shared.shared_layout(st, earlier, key, page("drawn when current"))          # readers saw it before the commit
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["UGA"], "period": ["2020"],
                            "value": [3.0]}), "g", "b.csv", "y")
    again = shared.shared_layout(Store(tmp_path / "data"), earlier, key, page("rebuilt"))
    assert built == ["drawn when current"]                                        # reused, not rebuilt
    text = _json(again)
    assert "drawn when current" in text and "this page shows the data and scores as of upload" in text
    assert "data version 1)" in text
    # a view nobody drew for the earlier version is built over its scores (with today's values)
    shared.shared_layout(Store(tmp_path / "data"), earlier, ("other",), page("new view"))
    assert built == ["drawn when current", "new view"]


def test_once_the_new_scores_are_served_the_earlier_page_is_served_while_the_new_one_is_built(tmp_path,
                                                                                                monkeypatch):
    import pages._layouts as shared
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    st = _store(tmp_path / "data")
    key = ("country-layout", "KEN", "en")
    release, built = threading.Event(), []

    def page(text, wait=False):
        def build():
            if wait:
                release.wait(30)
            built.append(text)
            return html.Div([html.Div(id=shared.NOTICE_SLOT), html.P(text)])
        return build
    shared.shared_layout(st, st.version(), key, page("v1"))
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["UGA"], "period": ["2020"],
                            "value": [3.0]}), "g", "b.csv", "y")
    reader = Store(tmp_path / "data")
    stale = shared.shared_layout(reader, reader.version(), key, page("v2", wait=True))   # answered at once
    assert built == ["v1"] and "v1" in _json(stale) and "data version 1)" in _json(stale)
    assert shared.pending() == 1
    again = shared.shared_layout(reader, reader.version(), key, page("v2 twice"))        # queued once only
    assert "v1" in _json(again) and shared.pending() == 1
    release.set()
    for _ in range(300):
        if shared.pending() == 0:
            break
        time.sleep(0.01)
    fresh = shared.shared_layout(reader, reader.version(), key, page("never"))
    assert built == ["v1", "v2"] and "v2" in _json(fresh) and "Scores updating" not in _json(fresh)
    # without warming (tests, a single process by hand) the page is built in the request
    monkeypatch.setenv(materialise.WARM_ENV, "0")
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["UGA"], "period": ["2020"],
                            "value": [4.0]}), "g", "c.csv", "z")
    third = Store(tmp_path / "data")
    assert "v3" in _json(shared.shared_layout(third, third.version(), key, page("v3")))


def test_a_view_first_asked_for_after_the_updating_window_is_drawn_in_the_request(tmp_path, monkeypatch):
    # new scores show within 10 s of a commit whatever the views readers ask for: a view nobody asked for in the
    # first UPDATING_FOR seconds is drawn over the new scores when asked, not served as drawn before
    import os
    import pages._layouts as shared
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    st = _store(tmp_path / "data")
    key = ("country-layout", "KEN", "en")
    page = lambda text: lambda: html.Div([html.Div(id=shared.NOTICE_SLOT), html.P(text)])
    shared.shared_layout(st, st.version(), key, page("v1"))
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["UGA"], "period": ["2020"],
                            "value": [3.0]}), "g", "b.csv", "y")
    log = tmp_path / "data" / "observations" / "_delta_log" / f"{materialise.table_version(st.version()):020d}.json"
    old = time.time() - materialise.UPDATING_FOR - 1
    os.utime(log, (old, old))
    reader = Store(tmp_path / "data")
    assert not shared.just_committed(reader, reader.version())
    fresh = shared.shared_layout(reader, reader.version(), key, page("v2"))
    assert "v2" in _json(fresh) and "Scores updating" not in _json(fresh) and shared.pending() == 0
    os.utime(log, (time.time(), time.time()))                          # within the window: served as drawn before
    assert shared.just_committed(reader, reader.version())


def _drained(shared) -> None:
    for _ in range(500):
        if shared.pending() == 0:
            return
        time.sleep(0.01)
    raise AssertionError("the background builder did not finish")


def test_after_a_commit_the_views_a_process_served_are_redrawn_before_readers_ask(tmp_path, monkeypatch):
    from collections import OrderedDict
    import pages._layouts as shared
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    monkeypatch.setattr(shared, "_recent", OrderedDict())                 # only this test's views
    monkeypatch.setattr(shared, "_redrawn", set())
    root = tmp_path / "data"
    _store(root)
    built = []

    @shared.redrawable
    def view(name, **query):
        st = Store(root)
        version = st.version()

        def build():
            built.append((name, materialise.table_version(version), query.get("lang"),
                          threading.current_thread().name))
            return html.Div([html.Div(id=shared.NOTICE_SLOT), html.P(f"{name} at {version}")])
        return shared.shared_layout(st, version, ("view", name), build)
    view("A"), view("B"), view("C")
    assert [b[:2] for b in built] == [("A", 0), ("B", 0), ("C", 0)]
    Store(root).commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": ["UGA"], "period": ["2020"],
                                     "value": [3.0]}), "g", "b.csv", "y")
    view("B")                                  # a reader after the commit: the earlier page, and every view redrawn
    stale = view("A")
    assert "at" in _json(stale) and "Scores updating" in _json(stale)
    _drained(shared)
    again = [b for b in built if b[1] == 1]
    assert sorted(b[0] for b in again) == ["A", "B", "C"]                # each once, C without being asked
    assert again[0][0] == "B" and {b[3] for b in again} == {"mpd-layout-builder"}
    assert [b[2] for b in again if b[0] == "C"] == ["en"]               # redrawn in the view's language
    fresh = view("C")                                                    # read, not built in the request
    assert "Scores updating" not in _json(fresh) and len(built) == 6
    shared.redraw_recent(Store(root).version())
    assert shared.pending() == 0                                         # once per data version


def test_with_notice_fills_the_slot_or_puts_the_notice_on_top():
    import pages._layouts as shared
    slotted = shared.with_notice(html.Div([html.H1("t"), html.Div([html.Div(id=shared.NOTICE_SLOT)])]), "Updating")
    assert slotted.children[1].children[0].children.children == "Updating"
    bare = shared.with_notice(html.Div("page", id="p"), "Updating")
    assert bare.children[0].id == shared.NOTICE_SLOT and bare.children[0].children.children == "Updating"
    assert bare.children[1].id == "p"


def test_the_background_builder_skips_a_page_another_worker_is_building(tmp_path, monkeypatch):
    import pages._layouts as shared
    from indicators.store.disk_cache import lock
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    path = tmp_path / "cache" / "v" / "layout-x.pkl"
    built = []
    with lock(path.parent, path.name):                            # another worker holds this page's lock
        assert shared.rebuild_later(path, lambda: built.append(1) or html.Div("x"))
        for _ in range(300):
            if shared.pending() == 0:
                break
            time.sleep(0.01)
    assert shared.pending() == 0 and built == [] and not path.exists()
