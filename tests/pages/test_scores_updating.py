"""'Scores updating' (issue 13): after a commit, while the new data version's scorecards are being materialised,
readers are served the previous version's with a notice instead of waiting; once the new ones exist, they are served.
Through the Flask test client and the Dash Pages callback, as a browser asks for a page."""
from __future__ import annotations

import shutil
import threading
import time

import pandas as pd
import pytest

from indicators.scoring import materialise, service
from pages import _layouts as layouts
from tests.conftest import PROJECT

ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.search"], "state": []}


def _find(node, cid):
    """The props of the component with this id in a callback answer (None when absent)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            if isinstance(n.get("props"), dict) and n["props"].get("id") == cid:
                return n["props"]
            stack += list(n.values())
        elif isinstance(n, list):
            stack += n
    return None


def _render(client, path: str, search: str) -> dict:
    """The page layout as the Dash Pages callback answers it."""
    body = dict(ROUTER, inputs=[{"id": "_pages_location", "property": "pathname", "value": path},
                                {"id": "_pages_location", "property": "search", "value": search}])
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 200, r.data[:300]
    return r.get_json()["response"]["_pages_content"]["children"]


@pytest.fixture
def blocked(tmp_path, monkeypatch):
    """A copy of the bundled data with warming on but blocked (the warming lock held until released)."""
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    monkeypatch.setenv("MPD_DATA_DIR", str(data))
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    release, started = threading.Event(), []

    def blocked_warm(store, version=None):
        version = version or store.version()
        with materialise.warming(store.root, version):
            started.append(version)
            release.wait(60)
        return 0
    monkeypatch.setattr(service, "warm", blocked_warm)
    yield data, release, started
    release.set()


def _overall(layout, iso3: str) -> float:
    rows = _find(layout, "ranking")["data"]
    return next(r for r in rows if r["iso3"] == iso3)["overall"]


def test_readers_get_the_previous_scores_with_a_notice_then_the_new_ones(blocked):
    from app import server
    data, release, started = blocked
    client = server.test_client()
    st = service.get_store(str(data))
    year = service.default_year(st)
    old_card = service.scorecard(st, year)                     # the current version's scorecard materialised
    before = _render(client, "/", f"?year={year}")
    assert _find(before, "scores-updating") is None
    number = st.data_version()["number"]
    iso3 = old_card.countries.dropna(subset=["overall"])["iso3"].iloc[0]
    # a working group's upload changes that country's labour-rights value, so its index changes
    upload = st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": [iso3], "period": [str(year)],
                                     "value": [60.0]}), "Group A", "new.csv", "x")
    assert service.warm_new_version(st)                        # as the upload page and the API do; blocked here
    after = _render(client, "/", f"?year={year}")
    notice = _find(after, "scores-updating")
    assert notice is not None and "Scores updating" in notice["children"]
    assert f"data version {number})" in notice["children"] and f"upload {upload}" not in notice["children"]
    # the overview was drawn for the previous version: that page is reused whole (nothing rebuilt), and says so
    assert "this page shows the data and scores" in notice["children"]
    assert _find(after, "overview-vintage")["children"] == _find(before, "overview-vintage")["children"]
    assert f"data version {number}" in _find(after, "overview-vintage")["children"]
    assert _overall(after, iso3) == pytest.approx(round(old_card.countries.set_index("iso3").at[iso3, "overall"], 1),
                                                   abs=0.051)
    # the country profile too, and the raw values stay current (the version line names the new data version)
    profile = _render(client, f"/country/{iso3}", f"?year={year}")
    assert "Scores updating: showing the scores" in _find(profile, "scores-updating")["children"]
    assert f"data version {number + 1}" in _find(profile, "country-vintage")["children"]
    # the new version's scorecard materialised (what the warming does first): the new scores, no notice
    release.set()
    new_card = service.scorecard(st, year)
    new = new_card.countries.set_index("iso3").at[iso3, "overall"]
    assert abs(new - old_card.countries.set_index("iso3").at[iso3, "overall"]) > 0.1
    # the overview was drawn before the commit: that page is served while the new one is built in the background
    stale = _render(client, "/", f"?year={year}")
    assert "this page shows the data and scores" in _find(stale, "scores-updating")["children"]
    for _ in range(500):
        if layouts.pending() == 0:
            break
        time.sleep(0.02)
    fresh = _render(client, "/", f"?year={year}")
    assert _find(fresh, "scores-updating") is None
    assert _overall(fresh, iso3) == pytest.approx(round(new, 1), abs=0.051)
