"""Spot checks of the sources bundled for the next indicator framework (no access to the raw files at test time).

Expected values were read by hand from the raw files named in each comment (/work/shared/data/real/...), and from
rights/NOTES.md where it states a fact (counts, ratification years) that the raw file confirms.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from indicators.store import build_data as bd
from indicators.store.catalogue import load_catalogue
from indicators.store.config import BUNDLED_DATA_DIR
from indicators.store.observations import Store
from indicators.store.sources.ciri import convert_ciri
from indicators.store.sources.common import BuildError
from indicators.store.sources.ilo import convert_ilo_conventions, convert_ilostat
from indicators.store.sources.ituc import convert_ituc
from indicators.store.sources.us_tip import convert_tip
from indicators.store.sources.world_bank import convert_rpw_uk_average, convert_rpw_uk_corridors

DATA = BUNDLED_DATA_DIR


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return Store(DATA).observations()


@pytest.fixture(scope="module")
def report() -> dict:
    return {s["upload_id"]: s for s in json.loads((DATA / "BUILD_REPORT.json").read_text(encoding="utf-8"))["sources"]}


def series(obs: pd.DataFrame, indicator: str, iso3: str) -> list[tuple[str, float]]:
    f = obs[(obs["indicator_id"] == indicator) & (obs["iso3"] == iso3)].sort_values("period")
    return list(zip(f["period"], f["value"]))


def latest_status(obs: pd.DataFrame, indicator: str) -> pd.Series:
    f = obs[obs["indicator_id"] == indicator].sort_values("period")
    return f.groupby("iso3")["value"].last()


# ---------------------------------------------------------------------- ILO NORMLEX fundamental Conventions
def test_ilo_ratifications_as_status_series(obs: pd.DataFrame) -> None:
    # ilo_fundamental_conventions_2026.csv line 135: "Republic of Korea,KR,2021,2021,2021,,,..."
    assert series(obs, "ilo_c87_ratified", "KOR") == [("1948", 0.0), ("2021", 1.0)]
    assert series(obs, "ilo_c98_ratified", "KOR") == [("1949", 0.0), ("2021", 1.0)]
    assert series(obs, "ilo_c29_ratified", "KOR") == [("1930", 0.0), ("2021", 1.0)]
    # line 90: "Kuwait,KW,1961,2007,1968,,1961,..."
    assert series(obs, "ilo_c87_ratified", "KWT") == [("1948", 0.0), ("1961", 1.0)]
    assert series(obs, "ilo_c98_ratified", "KWT") == [("1949", 0.0), ("2007", 1.0)]
    # line 180: "United States of America,US,,,,,1991,,,,1999,,": only C105 among the five
    for iid, adopted in (("ilo_c87_ratified", "1948"), ("ilo_c98_ratified", "1949"), ("ilo_c29_ratified", "1930"),
                         ("ilo_p29_ratified", "2014")):
        assert series(obs, iid, "USA") == [(adopted, 0.0)]
    assert series(obs, "ilo_c105_ratified", "USA") == [("1957", 0.0), ("1991", 1.0)]
    # line 35: "China,CN,,,2022,,2022,..."; line 31: "Canada,CA,1972,2017,2011,2019,1959,..."
    assert series(obs, "ilo_c29_ratified", "CHN")[-1] == ("2022", 1.0)
    assert series(obs, "ilo_c105_ratified", "CHN")[-1] == ("2022", 1.0)
    assert series(obs, "ilo_c98_ratified", "CAN") == [("1949", 0.0), ("2017", 1.0)]
    assert series(obs, "ilo_p29_ratified", "CAN") == [("2014", 0.0), ("2019", 1.0)]


def test_ilo_denunciations_end_the_ratification(obs: pd.DataFrame) -> None:
    # line 102: Malaysia C105 "1958 (denounced 1990)"; line 151: Singapore C105 "1965 (denounced 1979)"
    assert series(obs, "ilo_c105_ratified", "MYS") == [("1957", 0.0), ("1958", 1.0), ("1990", 0.0)]
    assert series(obs, "ilo_c105_ratified", "SGP") == [("1957", 0.0), ("1965", 1.0), ("1979", 0.0)]
    notes = obs[(obs["indicator_id"] == "ilo_c105_ratified") & (obs["iso3"] == "MYS")].set_index("period")["note"]
    assert "denunciation" in notes["1990"] and "ratification" in notes["1958"] and "baseline" in notes["1957"]


def test_ilo_counts(obs: pd.DataFrame, report: dict) -> None:
    # rights/NOTES.md: C087 has 158 parties (the figure of the ITUC 2026 report); 187 ILO members listed
    c87 = latest_status(obs, "ilo_c87_ratified")
    assert len(c87) == 187 and c87.sum() == 158
    assert latest_status(obs, "ilo_c98_ratified").sum() == 168
    assert latest_status(obs, "ilo_c29_ratified").sum() == 181       # nearly universal: context only
    assert latest_status(obs, "ilo_c105_ratified").sum() == 176      # 178 ratified, 2 denounced
    assert latest_status(obs, "ilo_p29_ratified").sum() == 66
    stats = report["bundled-ilo-fundamental"]["stats"]
    assert stats["C105"] == {"ratified": 178, "denounced": 2, "in_force_at_snapshot": 176}
    # one row per member and convention at adoption unless ratified in the adoption year (one C105 in 1957)
    assert report["bundled-ilo-fundamental"]["rows_committed"] == 1687
    assert obs.loc[obs["indicator_id"] == "ilo_c29_ratified", "period"].min() == "1930"   # before 1950: period_min 1919


# ---------------------------------------------------------------------- ITUC Global Rights Index 2026
def test_ituc_2026(obs: pd.DataFrame, report: dict) -> None:
    ituc = obs[obs["indicator_id"] == "ituc_rights_rating"]
    # 151 rows in ituc_global_rights_index_2026.csv, all kept (Hong Kong, Palestine, Taiwan are in the reference)
    assert len(ituc) == 151 and set(ituc["period"]) == {"2025"}
    assert ituc["value"].value_counts().to_dict() == {5.0: 41, 4.0: 38, 3.0: 31, 2.0: 21, 6.0: 12, 1.0: 8}
    assert report["bundled-ituc-2026"]["stats"]["ratings"]["5+"] == 12
    v = ituc.set_index("iso3")["value"]
    # line 2 "Afghanistan,AF,5+"; 8 "Palestine,PS,5+"; 28 "Hong Kong,HK,5"; 144 "Taiwan,TW,2"; 146 "Denmark,DK,1";
    # 103 "Congo (Republic of),CG,3"
    assert (v["AFG"], v["PSE"], v["HKG"], v["TWN"], v["DNK"], v["COG"]) == (6, 6, 5, 2, 1, 3)
    assert "5+" in ituc.set_index("iso3").at["AFG", "note"]


# ---------------------------------------------------------------------- Freedom House G1, G4
def test_freedom_house_g1_g4(obs: pd.DataFrame) -> None:
    # fiw_2013_2024_assoc_labour_subset.csv line 150: Qatar, edition 2024, G1 = 1, G4 = 1; line 157: Saudi Arabia
    # G1 = 0, G4 = 1; line 129: Nepal G1 = 3, G4 = 1 (columns ..., E3, E, G1, G2, G3, G4, G)
    for iso3, g1, g4 in (("QAT", 1, 1), ("SAU", 0, 1), ("NPL", 3, 1)):
        assert dict(series(obs, "freedom_of_movement_fh", iso3))["2023"] == g1
        assert dict(series(obs, "economic_exploitation_fh", iso3))["2023"] == g4
    for iid in ("freedom_of_movement_fh", "economic_exploitation_fh"):
        f = obs[obs["indicator_id"] == iid]
        assert len(f) == 2340 and f["period"].min() == "2012" and f["period"].max() == "2023"
    # E3 keeps its own upload id and meaning
    e3 = obs[obs["indicator_id"] == "trade_union_freedom_fh"]
    assert set(e3["upload_id"]) == {"bundled-fh-e3"}


# ---------------------------------------------------------------------- US TIP tiers
def test_tip_tiers(obs: pd.DataFrame, report: dict) -> None:
    # us_tip_tiers_1999-2015.csv line 4: Afghanistan 2001 NA (no value); line 5: 2002 "Tier 3" -> 4
    afg = dict(series(obs, "trafficking_tier_us", "AFG"))
    assert "2001" not in afg and afg["2002"] == 4
    # lines 2343-2344: Qatar 2014, 2015 "Watchlist    " -> 3; line 1784: Malaysia 2015 Watchlist
    assert dict(series(obs, "trafficking_tier_us", "QAT"))["2015"] == 3
    assert dict(series(obs, "trafficking_tier_us", "MYS"))["2015"] == 3
    # line 1524: "Kosovo","KOS",2009,1001,"Tier 2    ": the code KOS is not ISO, the name resolves to XKX
    assert dict(series(obs, "trafficking_tier_us", "XKX"))["2009"] == 2
    tip = obs[obs["indicator_id"] == "trafficking_tier_us"]
    assert len(tip) == 2251 and tip["period"].min() == "2001" and tip["period"].max() == "2015"
    stats = report["bundled-us-tip"]["stats"]
    assert stats["rows"] == 3208 and stats["tier_NA_not_values"] == 957 and stats["codes_resolved_by_name"] == ["KOS"]
    assert report["bundled-us-tip"]["rows_excluded"] == 0      # no shifted row in this copy


# ---------------------------------------------------------------------- CIRI WORKER
def test_ciri_worker(obs: pd.DataFrame, report: dict) -> None:
    # CIRI_DATA_2016.csv line 1064: Saudi Arabia 2015 worker 0; line 336: Denmark 2015 worker 2;
    # line 2281: Germany 1985 (COW 260, West Germany) worker 2; line 33: Angola 2010 (unctry "17") worker 1;
    # line 6423: Sudan 2005 (unctry 736, former Sudan) worker 0; line 1220: Taiwan 2010 (no unctry) worker 0
    assert dict(series(obs, "worker_rights_ciri", "SAU"))["2015"] == 0
    assert dict(series(obs, "worker_rights_ciri", "DNK"))["2015"] == 2
    assert dict(series(obs, "worker_rights_ciri", "DEU"))["1985"] == 2
    assert dict(series(obs, "worker_rights_ciri", "AGO"))["2010"] == 1
    assert dict(series(obs, "worker_rights_ciri", "SDN"))["2005"] == 0
    assert dict(series(obs, "worker_rights_ciri", "TWN"))["2010"] == 0
    notes = obs[obs["indicator_id"] == "worker_rights_ciri"].set_index(["iso3", "period"])["note"]
    assert "West Germany" in notes[("DEU", "1985")] and "South Sudan" in notes[("SDN", "2005")]
    ciri = report["bundled-ciri-worker"]
    # line 2262: Czechoslovakia 1985 (unctry 203 = today's Czechia) is a state that no longer exists: set aside
    assert any(e["country"] == "Czechoslovakia" and e["year"] == "1985" for e in ciri["excluded"])
    assert ciri["rows_excluded"] == 58 and ciri["rows_committed"] == 5660
    assert sum(ciri["stats"]["not_values"].values()) == 1240 + 73 + 29 + 1
    same = ciri["stats"]["compared_with_1981_2011_release"]
    assert same["country_years_in_both"] == same["worker_identical"] == 6262


# ---------------------------------------------------------------------- ILOSTAT
def test_ilostat(obs: pd.DataFrame, report: dict) -> None:
    # Trade_Union_Density_Rate_ILO_All_Years.csv line 36: Denmark ... 2019 = 66.976; line 135: United States 2020
    # = 10.293; Collective_Bargaining_Rate_ILO_All_Years.csv line 25: Denmark 2018 = 80.3; line 70: Philippines
    # 2018 = 1.4
    assert dict(series(obs, "trade_union_density_ilo", "DNK"))["2019"] == 66.976
    assert dict(series(obs, "trade_union_density_ilo", "USA"))["2020"] == 10.293
    assert dict(series(obs, "collective_bargaining_coverage_ilo", "DNK"))["2018"] == 80.3
    assert dict(series(obs, "collective_bargaining_coverage_ilo", "PHL"))["2018"] == 1.4
    assert report["bundled-ilostat-tud"]["stats"]["countries"] == 139
    assert report["bundled-ilostat-cbc"]["stats"]["countries"] == 99
    assert not obs.loc[obs["indicator_id"] == "trade_union_density_ilo", "iso3"].isin(["QAT", "SAU", "ARE"]).any()


# ---------------------------------------------------------------------- RPW United Kingdom after 2020
def test_rpw_uk_corridors_in_migration_direction(obs: pd.DataFrame) -> None:
    rpw = obs[(obs["indicator_id"] == "remittance_cost_corridor") & (obs["period"] == "2025Q3")]
    assert len(rpw) == 33 and set(rpw["destination_iso3"]) == {"GBR"}
    v = rpw.set_index("origin_iso3")["value"]
    # rpw_uk_outbound_corridors_2025Q3.csv line 30 "NP","Nepal",...,"2.8968"; line 34 "IN" 1.9054; line 2 "GM" 12.0555
    assert (v["NPL"], v["IND"], v["GMB"]) == (2.8968, 1.9054, 12.0555)
    assert set(rpw["upload_id"]) == {"bundled-rpw-uk-2025q3"}


def test_rpw_uk_average_continues_wdi_without_overlap(obs: pd.DataFrame, report: dict) -> None:
    gbr = dict(series(obs, "remittance_cost_from_country", "GBR"))
    # WDI SI.RMT.COST.OB.ZS (wdi_..._OB.ZS_long_extract.csv) keeps 2011-2020: 2020 = 6.573495
    assert gbr["2020"] == 6.573495 and "2020Q1" not in gbr
    # rpw_uk_outbound_average_2011-2025.csv lines 12-17: 2021_1Q 6.472 ... 2025_3Q 4.614
    assert {p: gbr[p] for p in gbr if "Q" in p} == {"2021Q1": 6.472, "2022Q1": 5.636, "2023Q1": 6.251,
                                                   "2024Q1": 5.691, "2025Q1": 5.195, "2025Q3": 4.614}
    ex = report["bundled-rpw-uk-average"]["excluded"]
    assert [e["period"] for e in ex] == [f"{y}Q1" for y in range(2011, 2021)]
    # line 11: 2020_1Q 7.416 set aside next to WDI's 2020 annual value
    assert ex[-1]["value"] == "7.416" and ex[-1]["wdi_annual_value"] == "6.573495"


# ---------------------------------------------------------------------- converters on tiny frames
def test_convert_ilo_conventions_parses_denunciations_and_fails_on_odd_cells() -> None:
    cols = ["country", "country_iso", "C087", "C098", "C029", "P029", "C105"]
    raw = pd.DataFrame([["Malaysia", "MY", "", "1961", "1957", "2022", "1958 (denounced 1990)"],
                        ["Albania", "AL", "1957", "1957", "1957", "", "1957"]], columns=cols)
    f = convert_ilo_conventions(raw).frame
    c105 = f[f["indicator_id"] == "ilo_c105_ratified"].sort_values(["iso3", "period"])
    assert c105[["iso3", "period", "value"]].values.tolist() == [
        ["ALB", "1957", 1.0], ["MYS", "1957", 0.0], ["MYS", "1958", 1.0], ["MYS", "1990", 0.0]]
    bad = raw.assign(C087=["1960?", ""])
    with pytest.raises(BuildError, match="not a year"):
        convert_ilo_conventions(bad)
    with pytest.raises(BuildError, match="before adoption"):
        convert_ilo_conventions(raw.assign(P029=["2010", ""]))


def test_convert_ituc_and_tip_codes() -> None:
    out = convert_ituc(pd.DataFrame({"Country": ["Yemen", "Uruguay"], "Country_Code": ["YE", "UY"],
                                     "Rating": ["5+", "1"]}))
    assert out.frame[["iso3", "period", "value"]].values.tolist() == [["YEM", "2025", 6.0], ["URY", "2025", 1.0]]
    with pytest.raises(BuildError, match="5\\+"):
        convert_ituc(pd.DataFrame({"Country": ["Yemen"], "Country_Code": ["YE"], "Rating": ["6"]}))
    tip = pd.DataFrame({"countryname": ["Nepal", "Nepal", "Nepal", "Nepal"], "iso": ["NPL"] * 4,
                        "year": ["2001", "2002", "2003", "2004"], "ccode": ["790"] * 4,
                        "tier": ["NA", "Tier 2    ", "Watchlist    ", "790"]})
    out = convert_tip(tip)
    assert out.frame[["period", "value"]].values.tolist() == [["2002", 2.0], ["2003", 3.0]]
    assert out.stats["tier_NA_not_values"] == 1 and out.excluded[0]["tier"] == "790"


def test_convert_ciri_missing_codes_and_historic_states() -> None:
    new = pd.DataFrame({"countryname": ["Albania ", "Albania", "Soviet Union", "Angola", "Atlantis"],
                        "year": ["2014", "2013", "1985", "2010", "2000"], "unctry": ["8", "8", "", "17", ""],
                        "worker": ["2", "-77", "0", "1", ""]})
    old = pd.DataFrame({"CTRY": ["Albania"], "YEAR": ["2013"], "WORKER": ["-77"]})
    out = convert_ciri(new, old)
    assert out.frame[["iso3", "period", "value"]].values.tolist() == [["ALB", "2014", 2.0], ["AGO", "2010", 1.0]]
    assert [e["country"] for e in out.excluded] == ["Soviet Union"]
    assert out.stats["compared_with_1981_2011_release"]["worker_identical"] == 1
    with pytest.raises(BuildError, match="Atlantis"):
        convert_ciri(new.assign(worker=["2", "-77", "0", "1", "1"]), old)


def test_convert_ilostat_fails_when_the_latest_file_disagrees() -> None:
    wide = pd.DataFrame({"country_name": ["Denmark", "Korea, Republic of"], "2019": ["66.976", ""],
                         "2020": ["", "14.2"]})
    latest = pd.DataFrame({"REF_AREA": ["DNK", "KOR"], "TIME_PERIOD": ["2019", "2020"],
                           "OBS_VALUE": ["66.976", "14.2"], "country_name": ["Denmark", "Korea, Republic of"]})
    out = convert_ilostat(wide, latest, "trade_union_density_ilo")
    assert out.frame[["iso3", "period", "value"]].values.tolist() == [["DNK", "2019", 66.976], ["KOR", "2020", 14.2]]
    with pytest.raises(BuildError, match="disagrees"):
        convert_ilostat(wide, latest.assign(OBS_VALUE=["66.9", "14.2"]), "trade_union_density_ilo")


def test_convert_rpw_uk_files() -> None:
    corr = pd.DataFrame({"source_country": ["United Kingdom"], "destination_code": ["NP"],
                         "destination_country": ["Nepal"], "period": ["Q3 2025"], "distinct_firms": ["6"],
                         "service_observations": ["22"], "average_total_cost_pct": ["2.8968"],
                         "normalised_cost_per_gbp_100": ["2.8968"]})
    f = convert_rpw_uk_corridors(corr).frame
    assert f[["origin_iso3", "destination_iso3", "period", "value"]].values.tolist() == [["NPL", "GBR", "2025Q3",
                                                                                          2.8968]]
    with pytest.raises(BuildError, match="name different countries"):
        convert_rpw_uk_corridors(corr.assign(destination_country=["India"]))
    avg = pd.DataFrame({"code": ["GBR", "GBR"], "period": ["2020_1Q", "2021_1Q"], "value": ["7.416", "6.472"],
                        "unit": ["percent", "percent"]})
    wdi = pd.DataFrame({"country_code": ["GBR"], "year": ["2020"], "value_pct": ["6.573495"]})
    out = convert_rpw_uk_average(avg, wdi)
    assert out.frame[["iso3", "period", "value"]].values.tolist() == [["GBR", "2021Q1", 6.472]]
    assert out.excluded[0]["period"] == "2020Q1"


def test_check_frame_rejects_a_period_before_period_min() -> None:
    cat = load_catalogue()
    row = {"indicator_id": "worker_rights_ciri", "iso3": "DNK", "origin_iso3": None, "destination_iso3": None,
           "period": "1975", "value": 2.0, "sex": "total", "source": "s", "note": None}
    with pytest.raises(BuildError, match="period_min 1981"):
        bd.check_frame(pd.DataFrame([row]), cat, "t")
    bd.check_frame(pd.DataFrame([{**row, "period": "1981"}]), cat, "t")
    ilo = {**row, "indicator_id": "ilo_c29_ratified", "period": "1930", "value": 0.0}
    bd.check_frame(pd.DataFrame([ilo]), cat, "t")          # before 1950, accepted: ILO period_min is 1919
