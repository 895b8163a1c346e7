"""Build the country reference tables (indicators/reference/*.csv) from pycountry and the raw source files.

Run once by a maintainer who has the raw files:

    python -m indicators.build_reference --raw /work/shared/data/real

Outputs (read at run time by indicators.countries, which never touches the raw files):
- countries.csv  one row per ISO 3166-1 country (pycountry) plus Kosovo (XKX): codes, names, UN M49 geographic
                 region and subregion (UN DESA correspondence table), World Bank region and income group.
- aliases.csv    alias, iso3, origin: name spellings harvested from the sources' own name + code pairs,
                 pycountry's names, and a short curated list (CURATED_ALIASES) for names that come without codes.
- aggregates.csv name, code, kind: regional / income / other aggregates seen in WDI, UN DESA and OWID files.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
import pycountry

from indicators.store.config import REFERENCE_DIR
from indicators.store.countries import normalise_name

# Kosovo is not in ISO 3166-1; the World Bank (and this project) use the user-assigned code XKX / XK.
KOSOVO = {"iso3": "XKX", "iso2": "XK", "m49": "", "name": "Kosovo", "official_name": "Kosovo"}

# Countries absent from the UN DESA 2020 correspondence table that take the UN region of the row that contains
# them there: Jersey and Guernsey are published by UN DESA as "Channel Islands" (M49 830); UN DESA includes
# Kosovo in Serbia.
REGION_FROM: dict[str, str] = {"JEY": "CHI", "GGY": "CHI", "XKX": "SRB"}

# Names that appear in sources WITHOUT codes and resolve no other way. Each entry cites the source spelling.
CURATED_ALIASES: list[tuple[str, str, str]] = [
    # Freedom House, Freedom in the World (Country/Territory column): capital-city disambiguation of the Congos.
    ("Congo (Brazzaville)", "COG", "curated: Freedom House spelling"),
    ("Congo (Kinshasa)", "COD", "curated: Freedom House spelling"),
    # Freedom House uses the bare "Micronesia" for the Federated States of Micronesia (C/T = c).
    ("Micronesia", "FSM", "curated: Freedom House spelling"),
]

# Names used in everyday speech for two different countries: resolve() reports them as ambiguous, never picks.
# "Congo" is ISO's short name for COG, but is used for COD just as often; "Korea" for KOR and PRK.
CURATED_AMBIGUOUS: list[tuple[str, str, str]] = [
    ("Congo", "COD", "curated: ambiguous (COG or COD)"),
    ("Korea", "KOR", "curated: ambiguous (KOR or PRK)"),
    ("Korea", "PRK", "curated: ambiguous (KOR or PRK)"),
]

# Groups of ISO countries that sources publish as one economy: set aside as aggregates, never given to one member.
CURATED_AGGREGATES: list[tuple[str, str, str]] = [
    ("Channel Islands", "CHI", "country_group"),   # World Bank CLASS / WDI code (Jersey + Guernsey)
    ("Channel Islands", "830", "country_group"),   # UN DESA M49 code
    ("Channel Islands", "XCX", "country_group"),   # UN DESA bilateral stock files (iom/gdidata)
]

COUNTRY_COLUMNS = ["iso3", "iso2", "m49", "name", "official_name", "un_region", "un_subregion", "wb_region",
                   "income_group"]

# Raw files, relative to the --raw directory.
F_UN = "context/aggregates_correspondence_table_2020_1.xlsx"
F_WB = "context/wb_income_region_by_iso3.csv"
F_WDI_IB = "remittance/wdi_SI.RMT.COST.IB.ZS_long_extract.csv"
F_WDI_OB = "remittance/wdi_SI.RMT.COST.OB.ZS_long_extract.csv"
F_WDI_BX = "remittance/wdi_BX.TRF.PWKR.DT.GD.ZS_long_from_xls.csv"
F_WDI_BM = "remittance/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv"
F_RPW = "remittance/rpw_corridors_databank_2011Q1-2020Q3.csv"
F_OWID_1072 = "rights/facilitate-orderly-safe-migration.csv"
F_OWID_882 = "rights/level-of-national-compliance-with-labor-rights.csv"
F_ICMW = "rights/hr_status_icmw.csv"
F_ILO_TU = "rights/Trade_Union_Density_Rate_ILO_Latest.csv"
F_ILO_CB = "rights/Collective_Bargaining_Rate_ILO_Latest.csv"
F_FH = "rights/fiw_2013_2024_assoc_labour_subset.csv"


def _read_csv(path: Path, **kw) -> pd.DataFrame:
    """Read a raw CSV as text, never turning codes like NA (Namibia) into missing values."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kw)


def pycountry_table() -> pd.DataFrame:
    """Codes and names of every ISO 3166-1 country in pycountry, plus Kosovo."""
    rows = []
    for c in pycountry.countries:
        name = getattr(c, "common_name", None) or c.name
        rows.append({"iso3": c.alpha_3, "iso2": c.alpha_2, "m49": f"{int(c.numeric):03d}", "name": name,
                     "official_name": getattr(c, "official_name", None) or c.name})
    rows.append(dict(KOSOVO))
    return pd.DataFrame(rows)


def un_regions(raw: Path) -> pd.DataFrame:
    """UN M49 geographic region and subregion per ISO3 from the UN DESA correspondence table."""
    x = pd.read_excel(raw / F_UN, skiprows=10)
    x["iso3"] = x["ISO3 Alpha-code"].astype("string").str.strip()
    x = x[x["iso3"].str.fullmatch(r"[A-Z]{3}", na=False)]
    # Columns (row 10 of the sheet): Name.1 = Subregion, Name.2 = SDG subregion, Name.4 = Geographic region.
    # Northern America has no subregion in the table: its subregion is the region itself.
    out = pd.DataFrame({
        "iso3": x["iso3"],
        "un_name": x["Region, subregion, country or area*"].astype(str).str.rstrip("*").str.strip(),
        "un_m49": x["Location code"].astype(int).map(lambda v: f"{v:03d}"),
        "un_region": x["Name.4"].astype("string").str.strip(),
        "un_subregion": x["Name.1"].astype("string").str.strip().fillna(x["Name.4"].astype("string").str.strip()),
    })
    return out.reset_index(drop=True)


def wb_classes(raw: Path) -> pd.DataFrame:
    """World Bank region and income group (FY26, else FY25) per ISO3."""
    w = _read_csv(raw / F_WB)
    income = w["income_group_fy26"].where(w["income_group_fy26"] != "", w["income_group_fy25"])
    return pd.DataFrame({"iso3": w["iso3"], "wb_name": w["economy"], "wb_region": w["wb_region"],
                         "income_group": income})


def build_countries(raw: Path) -> pd.DataFrame:
    """The country table: pycountry codes and names joined with UN and World Bank classifications."""
    base = pycountry_table()
    un = un_regions(raw)
    bad = un.merge(base, on="iso3")
    bad = bad[bad["un_m49"] != bad["m49"]]
    if not bad.empty:
        raise ValueError(f"UN M49 codes disagree with pycountry: {bad[['iso3', 'un_m49', 'm49']].to_dict('records')}")
    regions = un.set_index("iso3")[["un_region", "un_subregion"]]
    donors = pd.Series(REGION_FROM)
    filled = regions.reindex(donors.values).set_axis(donors.index)
    regions = pd.concat([regions, filled[~filled.index.isin(regions.index)]])
    out = base.merge(regions, left_on="iso3", right_index=True, how="left")
    out = out.merge(wb_classes(raw)[["iso3", "wb_region", "income_group"]], on="iso3", how="left")
    out = out[COUNTRY_COLUMNS].fillna("").sort_values("iso3").reset_index(drop=True)
    return out


def _pairs(frame: pd.DataFrame, name: str, code: str, origin: str) -> pd.DataFrame:
    """Distinct (name, code) pairs of a source frame, tagged with their origin."""
    p = frame[[name, code]].set_axis(["alias", "code"], axis=1)
    p = p.assign(alias=p["alias"].astype(str).str.strip().str.rstrip("*").str.strip(),
                 code=p["code"].astype(str).str.strip(), origin=origin)
    return p[(p["alias"] != "") & (p["code"] != "")].drop_duplicates()


def _code_to_iso3(countries: pd.DataFrame) -> dict[str, str]:
    """Map every ISO3, ISO2 and M49 code of the country table to its ISO3."""
    from indicators.store.countries import code_map
    return code_map(countries)


def historic_iso2(code: str, countries: pd.DataFrame) -> str | None:
    """ISO3 of the current country that took over a withdrawn ISO2 code with the same numeric code (TP -> TLS)."""
    old = pycountry.historic_countries.get(alpha_2=code)
    if old is None:
        return None
    hit = countries.loc[countries["m49"] == f"{int(old.numeric):03d}", "iso3"]
    return hit.iloc[0] if len(hit) == 1 else None


def source_pairs(raw: Path) -> pd.DataFrame:
    """Every (name, code, origin) pair the raw sources state themselves.

    CIRI is left out on purpose: it pairs historical entities with successor codes (e.g. "Czechoslovakia"
    with Czechia's M49 203), which would turn a former state into a silent alias.
    """
    wb = _read_csv(raw / F_WB)
    rpw = _read_csv(raw / F_RPW, encoding="utf-8-sig")
    bm = _read_csv(raw / F_WDI_BM, skiprows=4, encoding="utf-8-sig")
    un = un_regions(raw)
    icmw = _read_csv(raw / F_ICMW)
    parts = [
        _pairs(wb, "economy", "iso3", "wb_class"),
        _pairs(_read_csv(raw / F_WDI_IB), "country_name", "country_code", "wdi"),
        _pairs(_read_csv(raw / F_WDI_OB), "country_name", "country_code", "wdi"),
        _pairs(_read_csv(raw / F_WDI_BX), "country_name", "country_code", "wdi"),
        _pairs(bm, "Country Name", "Country Code", "wdi"),
        _pairs(rpw, "Sending Countries Name", "Sending Countries Code", "rpw"),
        _pairs(rpw, "Receiving Countries  Name", "Receiving Countries  Code", "rpw"),
        _pairs(_read_csv(raw / F_OWID_1072), "Entity", "Code", "owid"),
        _pairs(_read_csv(raw / F_OWID_882), "Entity", "Code", "owid"),
        _pairs(un, "un_name", "iso3", "undesa"),
        _pairs(un, "un_name", "un_m49", "undesa"),
        _pairs(icmw, "member", "iso2", "icmw"),
        _pairs(_read_csv(raw / F_ILO_TU), "country_name", "REF_AREA", "ilostat"),
        _pairs(_read_csv(raw / F_ILO_CB), "country_name", "REF_AREA", "ilostat"),
    ]
    return pd.concat(parts, ignore_index=True)


def pycountry_names(countries: pd.DataFrame) -> pd.DataFrame:
    """pycountry's name, common_name and official_name of every country (plus Kosovo's) as aliases."""
    rows = []
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                rows.append({"alias": v, "iso3": c.alpha_3, "origin": "pycountry"})
    rows.append({"alias": KOSOVO["name"], "iso3": "XKX", "origin": "pycountry"})
    return pd.DataFrame(rows)


def build_aliases(raw: Path, countries: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Aliases (alias, iso3, origin) and the source pairs whose code is not a country (kept aside)."""
    pairs = source_pairs(raw)
    codes = _code_to_iso3(countries)
    iso3 = pairs["code"].map(codes)
    hist = pairs.loc[iso3.isna() & pairs["code"].str.fullmatch(r"[A-Z]{2}") & (pairs["origin"] == "icmw"), "code"]
    iso3 = iso3.fillna(hist.map(lambda c: historic_iso2(c, countries)))
    known = pairs.assign(iso3=iso3)[iso3.notna()]
    unmatched = pairs[iso3.isna()].reset_index(drop=True)
    # A withdrawn ISO2 code kept by a source (hr_status_icmw.csv: TP = Timor-Leste) becomes an alias itself.
    extra_codes = known[(known["origin"] == "icmw") & (known["code"] != known["iso3"].map(
        countries.set_index("iso3")["iso2"]))]
    extra = extra_codes.assign(alias=extra_codes["code"], origin="icmw iso2")[["alias", "iso3", "origin"]]
    # A non-standard code whose name is a known country name becomes an alias (rpw: Kosovo = KSV -> XKX).
    by_name = known.assign(norm=known["alias"].map(normalise_name)).groupby("norm")["iso3"].agg(set)
    named = unmatched.assign(iso3=unmatched["alias"].map(normalise_name).map(
        lambda n: next(iter(by_name[n])) if n in by_name and len(by_name[n]) == 1 else None))
    named = named[named["iso3"].notna()]
    codes_alias = named.assign(alias=named["code"], origin=named["origin"] + " code")[["alias", "iso3", "origin"]]
    unmatched = unmatched[~unmatched.index.isin(named.index)].reset_index(drop=True)
    curated = pd.DataFrame(CURATED_ALIASES + CURATED_AMBIGUOUS, columns=["alias", "iso3", "origin"])
    al = pd.concat([pycountry_names(countries), known[["alias", "iso3", "origin"]], extra, codes_alias, curated],
                   ignore_index=True)
    al = (al.groupby(["alias", "iso3"], sort=True)["origin"]
            .agg(lambda s: ";".join(dict.fromkeys(s)))
            .reset_index())
    return al, unmatched


def alias_conflicts(aliases: pd.DataFrame) -> pd.DataFrame:
    """Aliases whose normalised form maps to more than one ISO3 (resolve() reports them as ambiguous)."""
    a = aliases.assign(norm=aliases["alias"].map(normalise_name))
    n = a.groupby("norm")["iso3"].nunique()
    return a[a["norm"].isin(n[n > 1].index)].sort_values(["norm", "iso3"])


def aggregate_kind_wb(name: str, regions: set[str]) -> str:
    """Label a World Bank aggregate: world, region, income, lending or other (a display label only)."""
    n = normalise_name(name)
    if n == "world":
        return "world"
    if any(n.startswith(normalise_name(r)) for r in regions):
        return "region"
    if "income" in n.split():
        return "income"
    if n.split()[0] in ("ida", "ibrd"):
        return "lending"
    return "other"


def build_aggregates(raw: Path, countries: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """Aggregate names and codes (WDI, UN DESA, OWID) that are not countries, with a kind label."""
    bm = _read_csv(raw / F_WDI_BM, skiprows=4, encoding="utf-8-sig")
    bx = _read_csv(raw / F_WDI_BX)
    wb = _read_csv(raw / F_WB)
    regions = set(wb["wb_region"]) - {""}
    wdi = pd.concat([bm[["Country Name", "Country Code"]].set_axis(["name", "code"], axis=1),
                     bx.loc[bx["is_aggregate"] == "1", ["country_name", "country_code"]].set_axis(["name", "code"],
                                                                                                 axis=1)])
    wdi = wdi[~wdi["code"].isin(set(wb["iso3"]))].drop_duplicates()
    wdi = wdi.assign(kind=wdi["name"].map(lambda s: "wb_" + aggregate_kind_wb(s, regions)))
    un = pd.read_excel(raw / F_UN, skiprows=10)
    iso = un["ISO3 Alpha-code"].astype("string").str.strip()
    un = un[~iso.str.fullmatch(r"[A-Z]{3}", na=False)]
    kind = un["Name"].fillna("World").astype(str).str.lower().str.replace(r"[^a-z]+", "_", regex=True)
    und = pd.DataFrame({"name": un["Region, subregion, country or area*"].astype(str).str.rstrip("*").str.strip(),
                        "code": un["Location code"].astype(int).astype(str), "kind": "un_" + kind})
    owid = _read_csv(raw / F_OWID_882)
    owid = owid.loc[~owid["Code"].str.fullmatch(r"[A-Z]{3}"), ["Entity", "Code"]].drop_duplicates()
    owid = owid.set_axis(["name", "code"], axis=1).assign(kind="owid_region")
    cur = pd.DataFrame(CURATED_AGGREGATES, columns=["name", "code", "kind"])
    agg = pd.concat([wdi, und, owid, cur], ignore_index=True)
    # A name that is also a country name or alias stays a country (e.g. UN subregion "Micronesia" vs FSM).
    country_norms = set(aliases["alias"].map(normalise_name)) | set(countries["name"].map(normalise_name))
    agg = agg[~agg["name"].map(normalise_name).isin(country_norms)]
    agg = agg.assign(norm=agg["name"].map(normalise_name)).drop_duplicates(["norm", "code"])
    return agg[["name", "code", "kind"]].sort_values(["kind", "name"]).reset_index(drop=True)


def fh_unresolved(raw: Path) -> list[str]:
    """Freedom House country names (C/T == c) that the current reference tables do not resolve."""
    from indicators.store import countries as cty
    fh = _read_csv(raw / F_FH)
    names = sorted(set(fh.loc[fh["C/T"] == "c", "Country/Territory"]))
    return [n for n in names if cty.resolve(n).iso3 is None]


def write_csv_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write a CSV through a temporary file and rename it into place."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    frame.to_csv(tmp, index=False, lineterminator="\n")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    """Build countries.csv, aliases.csv and aggregates.csv from the raw files."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", required=True, type=Path, help="folder with the raw source files (data/real)")
    ap.add_argument("--out", type=Path, default=REFERENCE_DIR, help="output folder (default indicators/reference)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    countries = build_countries(args.raw)
    aliases, unmatched = build_aliases(args.raw, countries)
    aggregates = build_aggregates(args.raw, countries, aliases)
    write_csv_atomic(countries, args.out / "countries.csv")
    write_csv_atomic(aliases, args.out / "aliases.csv")
    write_csv_atomic(aggregates, args.out / "aggregates.csv")
    from indicators.store import countries as cty
    for fn in (cty.country_table, cty.alias_table, cty.aggregate_table, cty._index):
        fn.cache_clear()
    print(f"countries: {len(countries)}  aliases: {len(aliases)}  aggregates: {len(aggregates)}")
    conflicts = alias_conflicts(aliases)
    if not conflicts.empty:
        print("ambiguous aliases (resolve() reports them as ambiguous):")
        print(conflicts.to_string(index=False))
    ua = unmatched[~unmatched["code"].isin(set(aggregates["code"]))]
    if not ua.empty:
        print("source name/code pairs whose code is neither a country nor an aggregate (not used):")
        print(ua.drop_duplicates(["alias", "code"]).to_string(index=False))
    missing = fh_unresolved(args.raw)
    if missing:
        print(f"Freedom House country names that do not resolve: {missing}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
