"""Upload tools shared by the page, the API and the CLI: templates, allowed codes, the format guide (history, past
states and set-aside summaries: test_history.py)."""
from __future__ import annotations

import io

import pandas as pd

from indicators.uploads import templates as uploads
from indicators.store.catalogue import load_catalogue
from indicators.uploads.constants import TEMPLATE_MARK
from indicators.uploads.prepare import prepare
from indicators.store.observations import Store


def test_template_has_header_example_row_and_cannot_be_committed_as_is(empty_store):
    cat = load_catalogue()
    text = uploads.template_csv(cat, "labour_rights_sdg882")
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert list(df.columns) == ["indicator_id", "iso3", "period", "value", "sex", "source", "note"]
    assert len(df) == 1 and df.at[0, "note"] == TEMPLATE_MARK and df.at[0, "value"] == ""   # no invented number
    prep = prepare(text.encode(), "template.csv", group="g")
    assert not prep.ok and any("template's example row" in p.reason for p in prep.problems)
    corridor = uploads.template_csv(cat, "remittance_cost_corridor", Store())     # a real value from the store
    row = pd.read_csv(io.StringIO(corridor), dtype=str, keep_default_na=False).iloc[0]
    bundled = Store().observations("remittance_cost_corridor")
    hit = bundled[(bundled["origin_iso3"] == row["origin_iso3"]) & (bundled["destination_iso3"] ==
                                                                     row["destination_iso3"])
                  & (bundled["period"] == row["period"])]
    assert f"{hit['value'].iloc[0]:g}" == row["value"]


def test_codes_list_range_series_and_countries():
    text = uploads.codes_csv(load_catalogue(), "remittance_cost_to_country")
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    ind = df[df["field"] == "indicator_id"].iloc[0]
    assert "valid range 0 to 100" in ind["note"] and "SI.RMT.COST.IB.ZS" in ind["note"]
    kenya = df[(df["field"] == "iso3") & (df["code"] == "KEN")].iloc[0]
    assert kenya["label"] == "Kenya" and "M49 404" in kenya["note"]
    assert set(df[df["field"] == "sex"]["code"]) == {"total", "female", "male"}
    options = {o["value"] for o in uploads.indicator_options(load_catalogue())}
    assert "remittance_cost_home_from" not in options and "labour_rights_sdg882" in options     # no derived ones



def test_codes_labels_and_notes_in_the_language_fields_and_codes_not():
    from indicators.i18n import use
    en = pd.read_csv(io.StringIO(uploads.codes_csv(load_catalogue(), "remittance_cost_to_country")), dtype=str,
                     keep_default_na=False)
    with use("es"):
        es = pd.read_csv(io.StringIO(uploads.codes_csv(load_catalogue(), "remittance_cost_to_country")), dtype=str,
                         keep_default_na=False)
    assert es[["field", "code"]].values.tolist() == en[["field", "code"]].values.tolist()
    ind = es[es["field"] == "indicator_id"].iloc[0]
    assert "rango válido 0 a 100" in ind["note"] and "también se aceptan los códigos de serie: SI.RMT.COST.IB.ZS" in \
        ind["note"] and ind["label"] != en[en["field"] == "indicator_id"].iloc[0]["label"]
    kenya = es[(es["field"] == "iso3") & (es["code"] == "KEN")].iloc[0]
    assert kenya["label"] == "Kenia" and kenya["note"] == "también se aceptan: KE, M49 404, el nombre"
    assert es[es["field"] == "sex"]["label"].tolist() == ["total", "mujeres", "hombres"]

def test_format_guide_states_the_limits(monkeypatch):
    monkeypatch.setenv("MPD_MAX_UPLOAD_BYTES", str(10 * 2 ** 20))
    monkeypatch.setenv("MPD_MAX_UPLOAD_ROWS", "1000")
    text = uploads.format_guide()
    assert "At most 10 MB through the API; at most 1,000 rows per file." in text and "Côte d'Ivoire" in text
    # the page's own cap, quoted the same way as on the upload tab (limit_text)
    assert "At most 5 MB per file through this page and 10 MB through the API" in uploads.format_guide(5 * 2 ** 20)


def test_limit_text_quotes_one_unit_and_never_more_than_the_server_takes(monkeypatch):
    from indicators.uploads.constants import limit_text, size_text
    monkeypatch.delenv("MPD_MAX_UPLOAD_BYTES", raising=False)
    monkeypatch.delenv("MPD_MAX_UPLOAD_ROWS", raising=False)
    assert size_text(200 * 2 ** 20) == "200 MB"            # the default, not "210 MB" in millions of bytes
    assert limit_text(50 * 2 ** 20) == ("At most 50 MB per file through this page and 200 MB through the API; "
                                        "at most 5,000,000 rows per file.")
    monkeypatch.setenv("MPD_MAX_UPLOAD_BYTES", str(20 * 2 ** 20))
    assert limit_text(50 * 2 ** 20).startswith("At most 20 MB per file through this page")     # the smaller cap


def test_format_guide_and_layout_choices_describe_normlex_tables():
    from indicators.uploads.constants import LAYOUTS
    assert [v for v, _ in uploads.LAYOUT_CHOICES] == ["auto", *LAYOUTS] and "normlex" in LAYOUTS
    text = uploads.format_guide()
    assert "*ILO NORMLEX ratification table*" in text and "`Denounced on 26 Jun 1990`" in text
    assert "`Not in force` without a denunciation" in text and "1919" in text
