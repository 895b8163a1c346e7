"""The shapes working groups really have: portal exports as downloaded, wide files, names, encodings, separators,
decimal commas, remittance-direction corridors; each accepted with exactly the right values or refused with a reason.

Portal fixtures (tests/files/, built by tests/files/build_portal_fixtures.py): the real WDI download of BM.TRF.PWKR.CD.DT
trimmed to 14 rows, the real RPW DataBank export trimmed to 4 corridors, and WDI / SDG-layout files holding values of
the bundled store.
"""
from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from indicators.uploads.commit import commit
from indicators.uploads.ingest import ingest
from indicators.uploads.layouts import read_upload
from indicators.uploads.prepare import prepare
from indicators.store.in_force import catalogue_for
from indicators.store.observations import Store

WDI = "wdi_BM.TRF.PWKR.CD.DT_trimmed.csv"
PROPOSAL = """\
id: remittances_paid_usd
name: Personal remittances paid (current US$)
pillar: remittance
level: country
unit: current US$
direction: lower_is_better
best: 0
worst: 100000000000
thresholds: [1000000000, 10000000000, 50000000000]
valid_min: 0
valid_max: 1000000000000
weight: 1
licence: CC BY 4.0 (World Bank)
source: World Bank WDI
series_codes: [BM.TRF.PWKR.CD.DT]
definition: Personal transfers and compensation of employees paid by residents, current US dollars.
"""


def ok(prep):
    """Assert a prepared upload passed, showing its problems otherwise."""
    assert prep.ok, [str(p) for p in prep.problems[:10]]
    return prep.table.to_pandas()


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    """Text as file bytes."""
    return text.encode(encoding)


def wdi_expected(files, codes: set[str]) -> dict[tuple[str, str], float]:
    """(iso3, year) -> value of the chosen rows of the WDI fixture, read with the csv module (independent path)."""
    lines = (files / WDI).read_text(encoding="utf-8-sig").splitlines()
    rows = list(csv.reader(lines[4:]))
    header = rows[0]
    out = {}
    for r in rows[1:]:
        if r and r[1] in codes:
            for y, v in zip(header[4:], r[4:]):
                if v:
                    out[(r[1], y)] = float(v)
    return out


# ---------------------------------------------------------------------- World Bank WDI, as downloaded
def test_wdi_download_with_unmapped_series_is_refused_row_by_row(files):
    prep = prepare((files / WDI).read_bytes(), WDI, group="g")
    assert prep.layout == "wdi" and not prep.ok
    first = prep.problems[0]
    # the header is on row 5 (below the metadata block): Aruba is row 6
    assert (first.row, first.column) == (6, "Indicator Code")
    assert "BM.TRF.PWKR.CD.DT is not mapped" in first.reason and "propose a new indicator" in first.reason
    assert len({p.row for p in prep.problems}) == len(prep.problems)      # one problem per file row, not per cell


def test_wdi_download_loads_with_a_proposed_indicator_and_sets_aggregates_aside(files, empty_store):
    res = ingest(files / WDI, group="Remittance team", store=empty_store, proposal=PROPOSAL)
    assert res.ok, [str(p) for p in res.problems[:5]]
    countries = {"ABW", "CIV", "KEN", "KOR", "NPL", "PHL", "QAT", "SAU", "USA", "XKX"}
    expected = wdi_expected(files, countries)
    got = empty_store.observations("remittances_paid_usd")
    assert len(got) == len(expected) == res.rows
    for r in got.itertuples():
        assert r.value == expected[(r.iso3, r.period)]
    assert set(got["iso3"]) == countries            # "Cote d'Ivoire", "Korea, Rep.", Kosovo (XKX) all placed
    aside = res.set_aside
    aggregates = wdi_expected(files, {"AFE", "CHI", "HIC", "WLD"})    # CHI has no values in this vintage
    assert set(aside["value"]) == {code for code, _ in aggregates} == {"AFE", "HIC", "WLD"}
    assert len(aside) == len(aggregates)                              # aggregates: listed, never loaded
    assert got["source"].iloc[0] == "World Bank, World Development Indicators (file last updated 2021-09-15)"
    cat = catalogue_for(empty_store.root)
    meta = cat.get("remittances_paid_usd")
    assert meta["source"] == "Working group Remittance team: World Bank WDI" and meta["weight"] == 0
    assert meta["proposed_weight"] == 1 and "Proposed by working group Remittance team" in meta["data_status"]


def test_wdi_layout_maps_series_code_to_catalogue_indicator(files, empty_store):
    bundled = Store().observations("remittance_cost_to_country")
    res = ingest(files / "wdi_SI.RMT.COST.IB.ZS_from_store.csv", group="g", store=empty_store)
    assert res.ok and res.layout == "wdi"
    got = empty_store.observations("remittance_cost_to_country").set_index(["iso3", "period"])["value"]
    want = bundled[bundled["iso3"].isin(["KEN", "PHL", "NPL", "MEX", "IND", "CIV", "NGA", "VNM"])]
    want = want.set_index(["iso3", "period"])["value"]
    assert len(got) == len(want) == 80
    assert (got.sort_index() == want.sort_index()).all()
    assert res.set_aside.empty                       # WLD and SSF rows are empty in this vintage: nothing to set aside


# ---------------------------------------------------------------------- UN SDG Global Database, as downloaded
def test_sdg_download_m49_codes_names_and_aggregates(files, empty_store):
    bundled = Store().observations("labour_rights_sdg882")
    prep = prepare((files / "sdg_SL_LBR_NTLCPL_from_store.csv").read_bytes(), "sdg.csv", group="g")
    df = ok(prep)
    assert prep.layout == "sdg" and set(df["indicator_id"]) == {"labour_rights_sdg882"}
    keep = ["CIV", "TZA", "BOL", "PHL", "MEX", "ZAF", "UGA", "GHA", "PAK", "DZA", "TUR", "COD"]
    want = bundled[bundled["iso3"].isin(keep)].set_index(["iso3", "period"])["value"].sort_index()
    got = df.set_index(["iso3", "period"])["value"].sort_index()
    assert got.index.equals(want.index) and np.allclose(got.to_numpy(), want.to_numpy(), rtol=0, atol=0)
    aside = prep.set_aside
    assert sorted(aside["place"].unique()) == ["Northern Africa", "Sub-Saharan Africa", "World"]
    assert set(aside["value"]) == {"1", "15", "202"} and len(aside) == 18
    assert set(df["note"]) == {"nature C; units NUMBER"} and set(df["source"]) == {"ILO"}
    uid = commit(empty_store, prep, "ILO team")
    assert set(empty_store.observations()["upload_id"]) == {uid}


def test_sdg_layout_sex_and_other_disaggregations(empty_store):
    text = ("Goal,Target,Indicator,SeriesCode,GeoAreaCode,GeoAreaName,TimePeriod,Value,Source,FootNote,Nature,"
            "Units,[Sex],[Age]\n"
            "8,8.8,8.8.2,SL_LBR_NTLCPL,404,Kenya,2019,3.5,ILO,,C,NUMBER,BOTHSEX,ALLAGE\n"
            "8,8.8,8.8.2,SL_LBR_NTLCPL,404,Kenya,2019,3.25,ILO,,C,NUMBER,FEMALE,ALLAGE\n"
            "8,8.8,8.8.2,SL_LBR_NTLCPL,404,Kenya,2019,3.75,ILO,,C,NUMBER,MALE,15-24\n")
    prep = prepare(csv_bytes(text), "sdg.csv", group="g")
    df = ok(prep)
    assert df[["sex", "value"]].values.tolist() == [["total", 3.5], ["female", 3.25]]
    assert prep.set_aside.iloc[0]["row"] == 4 and "Age = 15-24" in prep.set_aside.iloc[0]["reason"]


def test_sdg_name_that_contradicts_its_code_is_refused():
    text = ("SeriesCode,GeoAreaCode,GeoAreaName,TimePeriod,Value\n"
            "SL_LBR_NTLCPL,404,Uganda,2019,3.5\n")
    prep = prepare(csv_bytes(text), "sdg.csv", group="g")
    assert [(p.row, p.column) for p in prep.problems] == [(2, "GeoAreaName")]
    assert "Uganda (UGA)" in prep.problems[0].reason and "KEN" in prep.problems[0].reason


# ---------------------------------------------------------------------- World Bank DataBank RPW: corridors
def test_rpw_databank_corridors_stored_in_migration_direction(files, empty_store):
    bundled = Store().observations("remittance_cost_corridor")
    res = ingest(files / "rpw_databank_trimmed.csv", group="g", store=empty_store)
    assert res.ok and res.layout == "wide"
    got = empty_store.observations("remittance_cost_corridor")
    # Qatar -> Nepal money is the migration corridor Nepal -> Qatar; Saudi -> Pakistan is PAK -> SAU
    assert set(zip(got["origin_iso3"], got["destination_iso3"])) == {("NPL", "QAT"), ("PAK", "SAU"), ("MEX", "USA")}
    merged = got.merge(bundled, on=["origin_iso3", "destination_iso3", "period"], suffixes=("", "_bundled"))
    assert len(merged) == len(got)                   # every uploaded value exists in the bundled RPW build ...
    assert np.allclose(merged["value"], merged["value_bundled"], rtol=1e-12)     # ... with the same value
    assert any("stored in migration direction" in n for n in res.notes)
    assert "Remittance Prices Worldwide" in got["source"].iloc[0]


@pytest.mark.parametrize("indicator,expected", [
    ("remittance_cost_corridor", ("NPL", "QAT")),     # raw_direction money: sending = destination of migrants
    ("recruitment_cost_corridor", ("QAT", "NPL")),    # raw_direction migration: sending country = origin
])
def test_sending_receiving_columns_follow_the_catalogue_direction(indicator, expected):
    text = f"indicator_id,sending_country,receiving_country,period,value\n{indicator},Qatar,Nepal,2020,4.5\n"
    df = ok(prepare(csv_bytes(text), "c.csv", group="g"))
    assert (df.at[0, "origin_iso3"], df.at[0, "destination_iso3"]) == expected


# ---------------------------------------------------------------------- names, encodings, separators, numbers
def test_country_names_aliases_and_latin1_file():
    text = ("indicator_id;country;period;value;note\n"
            "labour_rights_sdg882;Côte d'Ivoire;2020;2,5;Côte d'Ivoire\n"
            "labour_rights_sdg882;Viet Nam;2020;3;\n"
            "labour_rights_sdg882;Vietnam;2019;3,25;\n"
            "labour_rights_sdg882;ken;2019;1;\n")
    prep = prepare(csv_bytes(text, "cp1252"), "l.csv", group="g")
    df = ok(prep)
    assert df[["iso3", "period", "value"]].values.tolist() == [["CIV", "2020", 2.5], ["VNM", "2020", 3.0],
                                                               ["VNM", "2019", 3.25], ["KEN", "2019", 1.0]]
    assert df.at[0, "note"] == "Côte d'Ivoire"
    assert prep.encoding == "Windows-1252" and "Decimal commas read (e.g. 2,5 = 2.5)." in prep.notes


def test_unknown_and_ambiguous_names_list_candidates():
    text = ("indicator_id,iso3,period,value\nlabour_rights_sdg882,Keniya,2020,1\nlabour_rights_sdg882,Congo,2020,1\n"
            "labour_rights_sdg882,XYZ,2020,1\n")
    prep = prepare(csv_bytes(text), "n.csv", group="g")
    reasons = {p.row: p.reason for p in prep.problems}
    assert "unknown country name or code" in reasons[2] and "Kenya (KEN)" in reasons[2]
    assert "ambiguous" in reasons[3] and "(COD)" in reasons[3] and "(COG)" in reasons[3]
    assert reasons[4] == "unknown ISO 3166-1 alpha-3 country code"


def test_utf16_tab_separated_and_bom_and_crlf():
    text = "indicator_id\tiso3\tperiod\tvalue\r\nlabour_rights_sdg882\tCIV\t2020Q3\t2.5\r\n"
    df = ok(prepare(text.encode("utf-16"), "u16.csv", group="g"))
    assert df[["iso3", "period", "year", "value"]].values.tolist() == [["CIV", "2020Q3", 2020, 2.5]]
    df = ok(prepare(b"\xef\xbb\xbf" + text.replace("\t", ",").encode(), "bom.csv", group="g"))
    assert df.at[0, "iso3"] == "CIV"


@pytest.mark.parametrize("values,expected,reason", [
    (["2,5", "3,25"], [2.5, 3.25], None),
    (["1.234,5", "2,5"], [1234.5, 2.5], None),                  # dot thousands + decimal comma: unambiguous
    (["1,234.5", "7"], [1234.5, 7.0], None),                    # comma thousands + decimal point: unambiguous
    (["1,234", "2,345"], None, "could be a thousands separator"),
    (["2.5", "2,5"], None, "decimal mark is ambiguous"),
    (["1 234", "5"], None, "not a number"),
])
def test_decimal_commas_only_where_unambiguous(values, expected, reason):
    rows = "".join(f'recruitment_cost_sdg1071;KEN;{2010 + i};"{v}"\n' for i, v in enumerate(values))
    prep = prepare(csv_bytes("indicator_id;iso3;period;value\n" + rows), "d.csv", group="g")
    if expected:
        assert ok(prep)["value"].tolist() == expected
    else:
        assert not prep.ok and reason in prep.problems[0].reason


def test_blank_lines_keep_spreadsheet_row_numbers():
    text = "indicator_id,iso3,period,value\n\nlabour_rights_sdg882,KEN,2020,1\n\n\nlabour_rights_sdg882,KEN,2021,x\n"
    prep = prepare(csv_bytes(text), "b.csv", group="g")
    assert [(p.row, p.column, p.reason) for p in prep.problems] == [(6, "value", "not a number")]


def test_wide_file_with_quarters_names_and_chosen_indicator():
    text = "Country,2019Q4,2020 Q1,2020-q2\nNepal,4.5,,..\nQatar,5,6,\n"
    prep = prepare(csv_bytes(text), "w.csv", group="g", indicator="remittance_cost_to_country")
    df = ok(prep)
    assert df[["iso3", "period", "value"]].values.tolist() == [["NPL", "2019Q4", 4.5], ["QAT", "2019Q4", 5.0],
                                                               ["QAT", "2020Q1", 6.0]]
    bad = prepare(csv_bytes(text), "w.csv", group="g")
    assert "choose the indicator on upload" in bad.problems[0].reason


def test_wide_problem_names_the_year_column():
    text = "indicator_id,iso3,2019,2020\nlabour_rights_sdg882,KEN,3,11\nlabour_rights_sdg882,UGA,x,1\n"
    prep = prepare(csv_bytes(text), "w.csv", group="g")
    got = sorted((p.row, p.column, p.value) for p in prep.problems)
    assert got == [(2, "2020", "11"), (3, "2019", "x")]


def test_chosen_indicator_that_contradicts_the_file():
    text = "indicator_id,iso3,period,value\nSI.RMT.COST.IB.ZS,KEN,2020,4\n"
    prep = prepare(csv_bytes(text), "c.csv", group="g", indicator="labour_rights_sdg882")
    assert "the file says SI.RMT.COST.IB.ZS (remittance_cost_to_country)" in prep.problems[0].reason


@pytest.mark.parametrize("place,expected", [("iso3,KEN", "recruitment_cost_sdg1071"),
                                            ("origin_iso3,destination_iso3\nNPL,QAT", "recruitment_cost_corridor")])
def test_series_code_of_two_indicators_is_told_apart_by_level(place, expected):
    cols, _, vals = place.partition("\n") if "\n" in place else (place.split(",")[0], "", place.split(",")[1])
    text = f"indicator_id,{cols},period,value\nSL_EMP_RCOST_MO,{vals},2020,25\n"
    assert ok(prepare(csv_bytes(text), "s.csv", group="g"))["indicator_id"].tolist() == [expected]


def test_forced_layout_that_does_not_fit(files):
    prep = prepare((files / WDI).read_bytes(), WDI, group="g", layout="long")
    assert "looks like the wdi layout" in prep.problems[0].reason


# ---------------------------------------------------------------------- reading
def test_read_upload_reports_layout_and_rows(files):
    raw = read_upload((files / "rpw_databank_trimmed.csv").read_bytes())
    assert raw.layout == "wide" and raw.length == 90 and raw.labels["sending"] == "Sending Countries Code"
    assert raw.rows.min() == 3 and raw.rows.max() == 5      # Angola -> Afghanistan (row 2) has no values
    assert io is not None
