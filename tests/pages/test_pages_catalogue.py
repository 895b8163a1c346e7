"""Pages list a working group's proposed indicator (catalogue in force of the data directory), with its group."""
from __future__ import annotations

import json
import shutil

import plotly

from indicators.uploads.ingest import ingest
from indicators.store.observations import Store
from tests.uploads.test_formats import PROPOSAL, WDI


def test_every_page_shows_a_proposed_indicator_with_its_group(tmp_path, files, monkeypatch):
    import app  # noqa: F401  (registers the pages)
    from indicators.store.config import BUNDLED_DATA_DIR
    from pages import compare, country, methodology, overview
    shutil.copytree(BUNDLED_DATA_DIR, tmp_path / "data")
    monkeypatch.setenv("MPD_DATA_DIR", str(tmp_path / "data"))
    assert ingest(files / WDI, group="Remittance team", store=Store(tmp_path / "data"), proposal=PROPOSAL).ok
    layouts = {"overview": overview.layout(view="remittances_paid_usd"), "country": country.layout("KEN", year="2019"),
               "methodology": methodology.layout(),
               "compare": compare.layout(what="remittances_paid_usd", countries="KEN,NPL", year="2019")}
    for name, lay in layouts.items():
        text = json.dumps(lay, cls=plotly.utils.PlotlyJSONEncoder)
        assert "Personal remittances paid" in text and "Working group Remittance team" in text, name
