"""SDMX-CSV uploads as they are: the real ILOSTAT downloads (pandas' unnamed index column, a country-name column,
the indicator in the dataflow id) and hand-made files for corridors, quarters, sex and set-aside rows."""
from __future__ import annotations

import pandas as pd

from indicators.store.observations import Store
from indicators.uploads.ingest import ingest_bytes
from indicators.uploads.sdmx_csv import dataflow_code, period
from tests.conftest import FILES

ILOSTAT = ("ilostat_trade_union_density_sdmx.csv", "ilostat_collective_bargaining_sdmx.csv")


def test_dataflow_ids_and_periods():
    assert dataflow_code("ILO:DF_ILR_TUMT_NOC_RT(1.0)") == "ILR_TUMT_NOC_RT"
    assert dataflow_code("MPD:DF_MPD(1.0)") == "MPD" and dataflow_code("DF_X") == "X"
    assert period("2019-Q2") == "2019Q2" and period("2019") == "2019" and period("2019-05") == "2019-05"


def test_ilostat_downloads_upload_as_they_are(tmp_path):
    st = Store(tmp_path / "d")
    for name, indicator, rows in zip(ILOSTAT, ("trade_union_density_ilo", "collective_bargaining_coverage_ilo"),
                                     (134, 92)):
        raw = (FILES / name).read_bytes()
        res = ingest_bytes(raw, name, "ILO desk", None, store=st)
        assert res.ok and res.layout == "sdmx" and res.rows == rows, res.summary()
        src = pd.read_csv(FILES / name, index_col=0, keep_default_na=False)
        got = st.observations(indicator).set_index(["iso3", "period"])["value"]
        for r in src.head(5).itertuples():             # Afghanistan 2019 16.767, Albania 2017 36.847, ...
            assert got[(r.REF_AREA, str(r.TIME_PERIOD))] == float(r.OBS_VALUE)


CORRIDORS = (b"DATAFLOW,INDICATOR,REF_AREA,COUNTERPART_AREA,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MULT,AGE,SOURCE_DETAIL\n"
             b"MPD:DF_MPD(1.0),remittance_cost_corridor,524,634,_T,2019-Q1,4.25,0,_T,RPW\n"
             b"MPD:DF_MPD(1.0),remittance_cost_corridor,NPL,MYS,_T,2019-Q1,5.5,,_T,RPW\n"
             b"MPD:DF_MPD(1.0),labour_rights_sdg882,404,_Z,F,2019,3.5,,_T,Survey\n"
             b"MPD:DF_MPD(1.0),labour_rights_sdg882,404,_Z,_T,2019,3.0,3,_T,Survey\n"
             b"MPD:DF_MPD(1.0),labour_rights_sdg882,800,_Z,_T,2019,4.0,,Y15T24,Survey\n")


def test_corridors_sex_quarters_and_rows_set_aside(tmp_path):
    st = Store(tmp_path / "d")
    res = ingest_bytes(CORRIDORS, "mixed.csv", "G", None, store=st)
    assert res.ok and res.rows == 3, res.summary()
    reasons = list(res.set_aside["reason"])
    assert any("scaled by 10^3" in r for r in reasons) and any("disaggregated by AGE" in r for r in reasons)
    cor = st.observations("remittance_cost_corridor")
    assert cor[["origin_iso3", "destination_iso3", "period", "value"]].values.tolist() == [
        ["NPL", "MYS", "2019Q1", 5.5], ["NPL", "QAT", "2019Q1", 4.25]]
    lab = st.observations("labour_rights_sdg882")
    assert lab[["iso3", "sex", "value"]].values.tolist() == [["KEN", "female", 3.5]]


def test_an_unknown_area_is_a_problem_naming_the_row(tmp_path):
    bad = b"DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE\nILO:DF_ILR_TUMT_NOC_RT(1.0),XYZ,2019,10\n"
    res = ingest_bytes(bad, "bad.csv", "G", None, store=Store(tmp_path / "d"))
    assert not res.ok and res.problems[0].row == 2 and "XYZ" in str(res.problems[0].value)
