"""The upload history (newest first, with layout and rows set aside), past states, and set-aside summaries."""
from __future__ import annotations

from indicators.uploads.history import as_of, history
from indicators.uploads.ingest import ingest_bytes
from indicators.uploads.preview import set_aside_summary


def test_history_newest_first_with_layout_and_set_aside_then_as_of(empty_store, files):
    first = ingest_bytes((files / "sdg_SL_LBR_NTLCPL_from_store.csv").read_bytes(), "sdg.csv", "ILO",
                         store=empty_store)
    second = ingest_bytes(b"indicator_id,iso3,period,value\nlabour_rights_sdg882,PHL,2020,9\n", "fix.csv", "PSA",
                          "typo fixed", store=empty_store)
    h = history(empty_store)
    assert h["upload_id"].tolist() == [second.upload_id, first.upload_id]
    assert h.iloc[1][["layout", "set_aside", "rows", "group"]].tolist() == ["sdg", 18, 62, "ILO"]
    assert history(empty_store, group="PSA")["note"].tolist() == ["typo fixed"]
    assert len(history(empty_store, indicator="labour_rights_sdg882")) == 2
    past = as_of(empty_store, second.upload_id, "labour_rights_sdg882")
    assert past.iloc[0][["place", "period", "value", "group"]].tolist() == ["PHL", "2020", 9.0, "PSA"]  # own first
    before = as_of(empty_store, first.upload_id, "labour_rights_sdg882")
    assert before[(before["place"] == "PHL") & (before["period"] == "2020")]["group"].tolist() == ["ILO"]
    summary = set_aside_summary(first.set_aside)
    assert summary[["place", "values", "first row"]].values.tolist() == [["World", 6, 2],
                                                                         ["Sub-Saharan Africa", 6, 8],
                                                                         ["Northern Africa", 6, 14]]


def test_as_of_csv_is_computed_once_per_upload_for_every_later_data_version(empty_store, tmp_path, monkeypatch):
    import pytest
    from indicators.scoring import materialise
    from indicators.store.observations import Store
    from indicators.uploads import history as hist
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    first = ingest_bytes(b"indicator_id,iso3,period,value\nlabour_rights_sdg882,PHL,2020,9\n", "a.csv", "PSA",
                         store=empty_store)
    text = hist.as_of_csv(empty_store, first.upload_id, "labour_rights_sdg882")
    assert "PHL" in text and "9" in text
    ingest_bytes(b"indicator_id,iso3,period,value\nlabour_rights_sdg882,PHL,2020,7\n", "b.csv", "PSA",
                 store=empty_store)                                  # a newer data version
    calls = []
    monkeypatch.setattr(hist, "as_of", lambda *a: calls.append(a))   # would fail if called
    again = hist.as_of_csv(Store(empty_store.root), first.upload_id, "labour_rights_sdg882")   # another worker
    assert again == text and calls == []
    with pytest.raises(KeyError):
        hist.as_of_csv(empty_store, "no-such-upload")
