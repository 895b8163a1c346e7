"""The bundled store under data/ holds the real public data, converted correctly (no access to the raw files).

Expected values were read by hand from the raw files named in each comment (/work/shared/data/real/...).
"""
from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from indicators.store.catalogue import load_catalogue
from indicators.store.config import BUNDLED_DATA_DIR
from indicators.store.countries import iso3_set
from indicators.store.observations import KEY_COLUMNS, Store

DATA = BUNDLED_DATA_DIR
OBS_GLOB = str(DATA / "observations" / "*.parquet")
EXPECTED_UPLOADS = {"bundled-rpw", "bundled-wdi-ib", "bundled-wdi-ob", "bundled-icrmw", "bundled-sdg1072",
                    "bundled-sdg882", "bundled-fh-e3", "bundled-fh-g1", "bundled-fh-g4", "bundled-ilo-fundamental",
                    "bundled-ituc-2026", "bundled-us-tip", "bundled-ciri-worker", "bundled-ilostat-tud",
                    "bundled-ilostat-cbc", "bundled-rpw-uk-2025q3", "bundled-rpw-uk-average"}


@pytest.fixture(scope="module")
def store() -> Store:
    return Store(DATA)


@pytest.fixture(scope="module")
def obs(store: Store) -> pd.DataFrame:
    return store.observations()


def value(obs: pd.DataFrame, indicator: str, period: str, iso3: str | None = None, origin: str | None = None,
          destination: str | None = None) -> float:
    f = obs[(obs["indicator_id"] == indicator) & (obs["period"] == period)]
    f = f[f["iso3"] == iso3] if iso3 else f[(f["origin_iso3"] == origin) & (f["destination_iso3"] == destination)]
    assert len(f) == 1, f
    return float(f["value"].iloc[0])


def test_uploads_are_the_fixed_bundled_ones(store: Store) -> None:
    up = store.uploads()
    assert set(up["upload_id"]) == EXPECTED_UPLOADS
    assert (up["status"] == "committed").all() and (up["group"] == "bundled").all()
    assert up.set_index("upload_id").at["bundled-rpw", "committed_at"] == "2020-12-07T00:00:00Z"
    assert up["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()


def test_rpw_stored_in_migration_direction(obs: pd.DataFrame) -> None:
    # rpw_corridors_databank_2011Q1-2020Q3.csv, row "United States of America,USA,...,Yemen,YEM", column 2014Q1:
    # 5.52199983596802 for money sent USA -> YEM, i.e. migration corridor YEM -> USA.
    assert value(obs, "remittance_cost_corridor", "2014Q1", origin="YEM", destination="USA") == 5.52199983596802
    rpw = obs[obs["indicator_id"] == "remittance_cost_corridor"]
    assert not ((rpw["origin_iso3"] == "USA") & (rpw["destination_iso3"] == "YEM")).any()
    assert rpw["iso3"].isna().all()
    # half-yearly rounds of 2011-2012 keep their DataBank labels Q1/Q3
    assert {"2011Q1", "2011Q3", "2012Q1", "2012Q3"} <= set(rpw["period"])
    assert not rpw["period"].isin(["2011Q2", "2011Q4", "2012Q2", "2012Q4"]).any()
    # Kosovo is written "KSV" in the DataBank file and stored as XKX
    assert ((rpw["origin_iso3"] == "XKX") & (rpw["destination_iso3"] == "DEU")).any()


def test_rpw_counts_and_exclusions() -> None:
    report = json.loads((DATA / "BUILD_REPORT.json").read_text(encoding="utf-8"))
    rpw = next(s for s in report["sources"] if s["upload_id"] == "bundled-rpw")
    # 10,417 non-missing cells = 10,397 stored + 5 negative costs + 15 Netherlands Antilles values
    assert rpw["rows_committed"] + rpw["rows_excluded"] == 10417
    reasons = pd.Series([e["reason"] for e in rpw["excluded"]])
    assert reasons.str.startswith("negative").sum() == 5
    assert reasons.str.startswith("Netherlands Antilles").sum() == 15
    # the most negative one: Saudi Arabia -> Sudan, 2017Q4, -11.36
    assert {"sending": "SAU", "receiving": "SDN", "period": "2017Q4"}.items() <= min(
        (e for e in rpw["excluded"] if e["reason"].startswith("negative")), key=lambda e: float(e["value"])).items()


def test_no_negative_costs(obs: pd.DataFrame) -> None:
    cost = obs[obs["indicator_id"].str.startswith("remittance_cost")]
    assert len(cost) > 10000 and (cost["value"] >= 0).all()


def test_wdi_values_exact(obs: pd.DataFrame) -> None:
    # wdi_SI.RMT.COST.IB.ZS_long_extract.csv line 380: India,IND,SI.RMT.COST.IB.ZS,2020,5.406043
    assert value(obs, "remittance_cost_to_country", "2020", iso3="IND") == 5.406043
    # wdi_SI.RMT.COST.OB.ZS_long_extract.csv line 385: United States,USA,SI.RMT.COST.OB.ZS,2020,5.140987
    assert value(obs, "remittance_cost_from_country", "2020", iso3="USA") == 5.140987
    assert (obs["indicator_id"] == "remittance_cost_to_country").sum() == 956
    wdi_ob = obs[(obs["indicator_id"] == "remittance_cost_from_country") & (obs["upload_id"] == "bundled-wdi-ob")]
    assert len(wdi_ob) == 394


def test_icrmw(obs: pd.DataFrame) -> None:
    # hr_status_icmw.csv: "PH,Philippines,1,1995,..." ; "NP,Nepal,0,,0,1,no action" ; "TP,East Timor,1,2004"
    assert value(obs, "icrmw_party", "1990", iso3="PHL") == 0
    assert value(obs, "icrmw_party", "1995", iso3="PHL") == 1
    assert value(obs, "icrmw_party", "2022", iso3="PHL") == 1
    assert value(obs, "icrmw_party", "2022", iso3="NPL") == 0
    assert value(obs, "icrmw_party", "2004", iso3="TLS") == 1
    icr = obs[obs["indicator_id"] == "icrmw_party"]
    assert icr.loc[icr["period"] == "1990", "iso3"].nunique() == 193
    snap = icr[icr["period"] == "2022"]
    assert len(snap) == 193 and snap["value"].sum() == 57


def test_sdg_1072_and_882(obs: pd.DataFrame) -> None:
    # facilitate-orderly-safe-migration.csv: Mexico,MEX,2019,1 and Mexico,MEX,2021,3
    assert value(obs, "migration_policy_sdg1072", "2019", iso3="MEX") == 1
    assert value(obs, "migration_policy_sdg1072", "2021", iso3="MEX") == 3
    # level-of-national-compliance-with-labor-rights.csv: Germany,DEU,2020,0.38
    assert value(obs, "labour_rights_sdg882", "2020", iso3="DEU") == 0.38
    ilo = obs[obs["indicator_id"] == "labour_rights_sdg882"]
    assert len(ilo) == 768 and ilo["iso3"].notna().all()
    assert not ilo["iso3"].isin(["USA", "SAU", "QAT", "ARE", "NPL"]).any()  # not published: a gap, not a value


def test_freedom_house_edition_shift(obs: pd.DataFrame) -> None:
    # fiw_2013_2024_assoc_labour_subset.csv line 157: Saudi Arabia,Middle East,c,2024,... E3 = 0
    assert value(obs, "trade_union_freedom_fh", "2023", iso3="SAU") == 0
    fh = obs[obs["indicator_id"] == "trade_union_freedom_fh"]
    assert fh["period"].min() == "2012" and fh["period"].max() == "2023"
    assert len(fh) == 2340 and fh.groupby("period")["iso3"].nunique().eq(195).all()
    assert {"XKX", "TWN", "COG", "COD", "FSM"} <= set(fh["iso3"])


def test_values_within_catalogue_ranges_and_places_known(obs: pd.DataFrame) -> None:
    cat = load_catalogue()
    known = iso3_set()
    for iid, f in obs.groupby("indicator_id"):
        ind = cat.get(iid)
        assert f["value"].between(float(ind["valid_min"]), float(ind["valid_max"])).all(), iid
        cols = ["iso3"] if ind["level"] == "country" else ["origin_iso3", "destination_iso3"]
        for c in cols:
            assert f[c].isin(known).all(), (iid, c)
    assert (obs["sex"] == "total").all()


def test_no_duplicate_keys_in_any_file() -> None:
    con = duckdb.connect()
    dup = con.execute(f"""
        SELECT upload_id, count(*) - count(DISTINCT ({", ".join(KEY_COLUMNS)})) AS dups
        FROM read_parquet('{OBS_GLOB}') GROUP BY upload_id HAVING dups > 0
    """).fetchall()
    assert dup == []
    n = con.execute(f"SELECT count(*) FROM read_parquet('{OBS_GLOB}')").fetchone()[0]
    # existing sources + FH G1, G4 + ILO conventions + ITUC + TIP + CIRI + ILOSTAT x2 + RPW UK corridors, UK average
    assert n == (10397 + 956 + 394 + 442 + 198 + 768 + 2340
                 + 2 * 2340 + 1687 + 151 + 2251 + 5660 + 1287 + 865 + 33 + 6)


def test_migrant_stock_context(store: Store) -> None:
    ms = store.migrant_stock()
    assert list(ms.columns) == ["origin_iso3", "destination_iso3", "year", "stock_total", "stock_male",
                                "stock_female"]
    assert all(str(ms[c].dtype) == "int64" for c in ["year", "stock_total", "stock_male", "stock_female"])
    assert not (ms["origin_iso3"] == "OOO").any()
    # undesa_ims2024_bilateral_stock_long.csv line 31801: IND,ARE,2024,3248545,2280318,968227
    row = ms[(ms["origin_iso3"] == "IND") & (ms["destination_iso3"] == "ARE") & (ms["year"] == 2024)]
    assert row["stock_total"].tolist() == [3248545]
    assert (ms["origin_iso3"] == "NAM").any()  # Namibia survives CSV reading


def test_bundle_is_small() -> None:
    size = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert size < 5 * 1024 * 1024


# ---------------------------------------------------------------------- converters on tiny frames (no raw files)
from indicators.store import build_data as bd  # noqa: E402
from indicators.store.sources.common import BuildError  # noqa: E402
from indicators.store.sources.freedom_house import convert_fh  # noqa: E402
from indicators.store.sources.world_bank import convert_rpw  # noqa: E402

RPW_COLS = ["Sending Countries Name", "Sending Countries Code", "Series Name", "Series Code",
            "Receiving Countries  Name", "Receiving Countries  Code", "2011Q1 [YR2011Q1]", "2014Q1 [YR2014Q1]"]


def test_convert_rpw_direction_missing_negative_footer() -> None:
    raw = pd.DataFrame([
        ["Saudi Arabia", "SAU", "x", "ATCR.CORR", "Pakistan", "PAK", "..", "4.5"],
        ["Saudi Arabia", "SAU", "x", "ATCR.CORR", "Sudan", "SDN", "-1", "7"],
        ["Germany", "DEU", "x", "ATCR.CORR", "Kosovo", "KSV", "6", ".."],
        ["", "", "", "", "", "", "", ""],
        ["Last Updated: 12/07/2020", "", "", "", "", "", "", ""],
    ], columns=RPW_COLS)
    out = convert_rpw(raw)
    f = out.frame.sort_values(["origin_iso3", "period"]).reset_index(drop=True)
    assert f[["origin_iso3", "destination_iso3", "period", "value"]].values.tolist() == [
        ["PAK", "SAU", "2014Q1", 4.5], ["SDN", "SAU", "2014Q1", 7.0], ["XKX", "DEU", "2011Q1", 6.0]]
    assert [e["reason"].split()[0] for e in out.excluded] == ["negative"]
    assert out.stats["missing_cells_dotdot"] == 2 and out.stats["footer_lines"] == 2


def test_convert_fh_fails_loudly_on_unknown_names() -> None:
    raw = pd.DataFrame({"Country/Territory": ["Atlantis"], "C/T": ["c"], "Edition": ["2024"], "E3": ["2"]})
    with pytest.raises(BuildError, match="Atlantis"):
        convert_fh(raw)


def test_convert_fh_shift_and_non_numeric() -> None:
    raw = pd.DataFrame({"Country/Territory": ["Congo (Kinshasa)", "Hong Kong", "Nepal"], "C/T": ["c", "t", "c"],
                        "Edition": ["2024", "2024", "2013"], "E3": ["1", "1", "N/A"]})
    out = convert_fh(raw)
    assert out.frame[["iso3", "period", "value"]].values.tolist() == [["COD", "2023", 1.0]]
    assert len(out.excluded) == 1 and out.excluded[0]["country"] == "Nepal"


def test_check_frame_rejects_duplicates_and_out_of_range() -> None:
    cat = load_catalogue()
    row = {"indicator_id": "migration_policy_sdg1072", "iso3": "NPL", "origin_iso3": None, "destination_iso3": None,
           "period": "2019", "value": 2.0, "sex": "total", "source": "s", "note": None}
    with pytest.raises(BuildError, match="share a key"):
        bd.check_frame(pd.DataFrame([row, row]), cat, "t")
    with pytest.raises(BuildError, match="outside"):
        bd.check_frame(pd.DataFrame([{**row, "value": 7.0}]), cat, "t")
    bd.check_frame(pd.DataFrame([row]), cat, "t")
