"""Country reference: codes, classifications and name resolution (reads only indicators/reference/*.csv)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry
import pytest

from indicators.store import countries as c
from indicators.store.config import REFERENCE_DIR

RAW = Path("/work/shared/data/real")


def test_every_iso_country_plus_kosovo() -> None:
    ct = c.country_table()
    assert set(ct["iso3"]) == {x.alpha_3 for x in pycountry.countries} | {"XKX"}
    assert len(ct) == len(pycountry.countries) + 1 == 250
    assert ct["iso3"].is_unique and ct["iso2"].is_unique
    assert list(ct.columns) == ["iso3", "iso2", "m49", "name", "official_name", "un_region", "un_subregion",
                                "wb_region", "income_group"]
    m49 = ct.loc[ct["m49"] != "", "m49"]
    assert m49.str.fullmatch(r"\d{3}").all() and m49.is_unique
    assert c.iso3_set() == frozenset(ct["iso3"])


def test_namibia_is_not_missing() -> None:
    ct = c.country_table()
    assert ct.loc[ct["iso3"] == "NAM", "iso2"].item() == "NA"
    assert c.resolve("NA") == c.Resolution("NAM", "code")


def test_classifications() -> None:
    ct = c.country_table().set_index("iso3")
    assert ct.at["KEN", "un_region"] == "Africa"
    assert ct.at["KEN", "un_subregion"] == "Eastern Africa"
    assert ct.at["NPL", "income_group"] in {"Low income", "Lower middle income", "Upper middle income", "High income"}
    assert ct.at["NPL", "wb_region"] == "South Asia"
    assert ct.at["USA", "un_subregion"] == "Northern America"
    assert ct.at["XKX", "wb_region"] == "Europe & Central Asia"
    assert ct.at["VEN", "income_group"] == ""          # unclassified by the World Bank since 2021
    assert ct.at["CRI", "income_group"] == "High income"  # FY26 (UM -> H), not FY25
    no_region = set(ct.index[ct["un_region"] == ""])
    assert no_region == {"ALA", "ATA", "ATF", "BVT", "CCK", "CXR", "HMD", "IOT", "NFK", "PCN", "SGS", "SJM", "UMI"}


@pytest.mark.parametrize("text, iso3", [
    ("Viet Nam", "VNM"), ("Vietnam", "VNM"),
    ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Ivory Coast", "CIV"), ("Côte d’Ivoire", "CIV"),
    ("Lao, PDR", "LAO"), ("Korea, Rep.", "KOR"), ("Egypt, Arab Rep.", "EGY"), ("Yemen, Rep.", "YEM"),
    ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Turkiye", "TUR"), ("  india ", "IND"), ("Gambia, The", "GMB"),
    ("The Gambia", "GMB"), ("West Bank/Gaza Strip", "PSE"), ("Congo (Kinshasa)", "COD"),
    ("Congo, Rep.", "COG"), ("Kosovo", "XKX"), ("Swaziland", "SWZ"), ("St. Kitts and Nevis", "KNA"),
])
def test_names_resolve(text: str, iso3: str) -> None:
    r = c.resolve(text)
    assert r.iso3 == iso3 and r.status in {"exact", "alias"}, r


@pytest.mark.parametrize("code, iso3", [
    ("NPL", "NPL"), ("np", "NPL"), ("524", "NPL"), (524, "NPL"), ("4", "AFG"), ("004", "AFG"), (4.0, "AFG"),
    ("TL", "TLS"), ("XKX", "XKX"), ("XK", "XKX"),
])
def test_codes_resolve(code: object, iso3: str) -> None:
    assert c.resolve(code) == c.Resolution(iso3, "code")  # type: ignore[arg-type]


def test_withdrawn_code_tp_is_only_an_alias() -> None:
    # hr_status_icmw.csv writes Timor-Leste as iso2 "TP" (withdrawn in 2002): accepted as that source's alias.
    assert c.resolve("TP") == c.Resolution("TLS", "alias")
    assert "icmw" in c.alias_table().set_index("alias").at["TP", "origin"]


def test_nonstandard_rpw_kosovo_code() -> None:
    assert c.resolve("KSV").iso3 == "XKX"


def test_unknown_never_crashes_or_guesses() -> None:
    for bad in ("Atlantis", "", None, float("nan"), "Macau SAR?!", "999", 12345):
        r = c.resolve(bad)  # type: ignore[arg-type]
        assert r.iso3 is None and r.status == "unknown"
        assert len(r.candidates) <= 5
    r = c.resolve("Virgin Islands")
    assert r.status == "unknown" and any("(VGB)" in x for x in r.candidates) and any("(VIR)" in x for x in r.candidates)


def test_ambiguous_congo_and_korea() -> None:
    # "Congo" is ISO's short name for COG but is used for COD just as often: never pick one silently.
    r = c.resolve("Congo")
    assert r.iso3 is None and r.status == "ambiguous"
    assert {x[-4:-1] for x in r.candidates} == {"COG", "COD"}
    assert c.resolve("Korea").status == "ambiguous"


@pytest.mark.parametrize("text", ["World", "High income", "WLD", "HIC", "Sub-Saharan Africa", "Euro area",
                                  "Channel Islands", "1830", "Least developed countries"])
def test_aggregates(text: str) -> None:
    assert c.resolve(text) == c.Resolution(None, "aggregate")


def test_aggregate_codes_never_collide_with_countries() -> None:
    ag = c.aggregate_table()
    ct = c.country_table()
    codes = set(ct["iso3"]) | set(ct["iso2"]) | set(ct["m49"])
    assert not (set(ag["code"]) - {""}) & (codes - {""})


def test_normalise_name() -> None:
    assert c.normalise_name("  Côte d’Ivoire ") == c.normalise_name("COTE D'IVOIRE") == "cote d ivoire"
    assert c.normalise_name("Bosnia & Herzegovina") == "bosnia and herzegovina"
    assert c.normalise_name("The  Bahamas") == c.normalise_name("Bahamas, The") == "bahamas"


def test_resolve_series_keeps_order_and_index() -> None:
    s = pd.Series(["Vietnam", "NA", None, "Congo", "Vietnam", "World"], index=[10, 11, 12, 13, 14, 15])
    out = c.resolve_series(s)
    assert list(out.columns) == ["input", "iso3", "status", "candidates"]
    assert list(out.index) == [10, 11, 12, 13, 14, 15]
    assert list(out["iso3"].fillna("-")) == ["VNM", "NAM", "-", "-", "VNM", "-"]
    assert list(out["status"]) == ["exact", "code", "unknown", "ambiguous", "exact", "aggregate"]


def test_name_of() -> None:
    assert c.name_of("VNM") == "Vietnam"
    assert c.name_of("OOO") == "OOO"


def test_aliases_reference_known_countries() -> None:
    al = c.alias_table()
    assert set(al["iso3"]) <= c.iso3_set()
    assert not (al["alias"].str.strip() == "").any()


def test_runtime_reads_only_reference_files() -> None:
    src = (REFERENCE_DIR.parent / "countries.py").read_text(encoding="utf-8")
    assert "/work/shared" not in src and "data/real" not in src


@pytest.mark.skipif(not RAW.exists(), reason="raw source files not available")
def test_every_freedom_house_country_resolves() -> None:
    fh = pd.read_csv(RAW / "rights/fiw_2013_2024_assoc_labour_subset.csv", dtype=str, keep_default_na=False)
    names = pd.Series(sorted(set(fh.loc[fh["C/T"] == "c", "Country/Territory"])))
    out = c.resolve_series(names)
    assert out["iso3"].notna().all(), out[out["iso3"].isna()]
    assert out["iso3"].is_unique


def test_french_and_spanish_names_are_aliases_never_guesses():
    # ISO 3166 translations (pycountry / iso-codes) matched like the English aliases: exact after normalisation
    from indicators.store.countries import resolve
    assert resolve("Allemagne").iso3 == "DEU" and resolve("Alemania").iso3 == "DEU"
    assert resolve("Costa de Marfil").iso3 == "CIV"         # accents are normalised away (iso-codes: "Marfíl")
    assert resolve("États-Unis").iso3 == "USA" and resolve("Estados Unidos").iso3 == "USA"
    assert resolve("Países Bajos").iso3 == "NLD"
    assert resolve("Alemagne").iso3 is None                 # a misspelling is not matched, only suggested
    assert resolve("Congo").status == "ambiguous"            # no translation makes an ambiguous name resolve
