"""Convert the raw public source files into the bundled store under data/ (one fixed upload per source).

    python -m indicators.build_data --raw /work/shared/data/real --data-dir data

Each source has one pure converter returning a Converted (clean observation rows + the rows set aside, with a
reason each). Rows are checked against the catalogue and the country reference, duplicate keys fail the build,
and every source is committed as one upload with a fixed upload_id and committed_at = the source's vintage date,
so a rebuild gives the same files. Only data/observations, data/log and data/context are deleted and recreated.
A machine-readable report is written to data/BUILD_REPORT.json; the human account is data/PROVENANCE.md.
"""
from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import pyarrow as pa

from indicators.store import countries
from indicators.store.catalogue import Catalogue, load_catalogue
from indicators.store.observations import KEY_COLUMNS, Store
from indicators.store.files import atomic_write_bytes, atomic_write_table, sha256_file

OBS_COLUMNS = ["indicator_id", "iso3", "origin_iso3", "destination_iso3", "period", "value", "sex", "source", "note"]
RESET_DIRS = ("observations", "log", "context")
GROUP = "bundled"
MAX_BUNDLE_BYTES = 5 * 1024 * 1024


class BuildError(RuntimeError):
    """The raw data did not convert cleanly: the build stops rather than bundle doubtful rows."""


@dataclass
class Converted:
    """Output of one converter: clean observation rows, rows set aside with reasons, and counts worth reporting."""

    frame: pd.DataFrame
    excluded: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def _read_text_csv(path: Path, **kw: Any) -> pd.DataFrame:
    """Read a raw CSV with every cell as text and no NA guessing ("NA" is Namibia, ".." stays "..")."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kw)


def _obs(indicator_id: str, values: pd.Series, period: pd.Series, source: str, iso3: pd.Series | None = None,
         origin: pd.Series | None = None, destination: pd.Series | None = None,
         note: pd.Series | str | None = None) -> pd.DataFrame:
    """Assemble observation rows in the store's column order."""
    n = len(values)
    none = pd.Series([None] * n, index=values.index, dtype=object)

    def col(s: pd.Series | None) -> pd.Series:
        return none if s is None else s.astype(object)

    notes = note if isinstance(note, pd.Series) else pd.Series([note] * n, index=values.index, dtype=object)
    return pd.DataFrame({
        "indicator_id": indicator_id, "iso3": col(iso3), "origin_iso3": col(origin),
        "destination_iso3": col(destination), "period": period.astype(str).astype(object),
        "value": values.astype("float64"), "sex": "total", "source": source, "note": notes.astype(object),
    }, index=values.index)[OBS_COLUMNS].reset_index(drop=True)


def _strict_iso3(codes: pd.Series, what: str) -> pd.Series:
    """Map source codes to ISO3 via countries.resolve; anything but a country code or known alias fails the build."""
    res = countries.resolve_series(codes)
    bad = res[res["iso3"].isna()]
    if not bad.empty:
        raise BuildError(f"{what}: codes that are not countries: {sorted(set(bad['input']))}")
    return res["iso3"]


# ---------------------------------------------------------------------- converters (pure)
RPW_SOURCE = "World Bank, Remittance Prices Worldwide (Corridors), ATCR.CORR, DataBank export updated 2020-12-07"


def convert_rpw(raw: pd.DataFrame) -> Converted:
    """RPW corridor costs (money direction sending -> receiving) as migration corridors receiving -> sending."""
    body = raw[raw["Series Code"] == "ATCR.CORR"]
    footer = len(raw) - len(body)
    period_cols = [c for c in raw.columns if c[:4].isdigit()]
    long = body.melt(id_vars=["Sending Countries Name", "Sending Countries Code", "Receiving Countries  Name",
                              "Receiving Countries  Code"], value_vars=period_cols, var_name="col", value_name="text")
    missing = int((long["text"] == "..").sum())
    long = long[long["text"] != ".."].copy()
    # "2011Q1 [YR2011Q1]" -> "2011Q1"; the half-yearly rounds of 2011-2012 keep the DataBank's Q1/Q3 labels.
    long["period"] = long["col"].str.split(" ").str[0]
    long["value"] = pd.to_numeric(long["text"], errors="raise")
    excluded: list[dict[str, Any]] = []

    def drop(mask: pd.Series, reason: str) -> None:
        for r in long[mask].itertuples():
            excluded.append({"sending": r[2], "receiving": r[4], "period": r.period, "value": r.text,
                             "reason": reason})

    names = pd.concat([long["Receiving Countries  Name"], long["Sending Countries Name"]])
    codes = pd.concat([long["Receiving Countries  Code"], long["Sending Countries Code"]])
    res = countries.resolve_series(codes.reset_index(drop=True))
    by_name = countries.resolve_series(names.reset_index(drop=True))
    iso = res["iso3"].fillna(by_name["iso3"])  # a non-standard code (Kosovo "KSV") resolves through its name
    n = len(long)
    long["origin_iso3"] = iso.iloc[:n].to_numpy()
    long["destination_iso3"] = iso.iloc[n:].to_numpy()
    unmapped = long["origin_iso3"].isna() | long["destination_iso3"].isna()
    historic = unmapped & long["Receiving Countries  Code"].eq("ANT")
    drop(historic, "Netherlands Antilles (ANT) was dissolved in 2010 and has no ISO 3166-1 code; its successors "
                   "(CUW, SXM, BES) cannot be told apart in this corridor, so the value is not assigned to any")
    if (unmapped & ~historic).any():
        bad = long[unmapped & ~historic][["Sending Countries Code", "Receiving Countries  Code"]].drop_duplicates()
        raise BuildError(f"RPW: corridor codes that do not resolve: {bad.to_dict('records')}")
    same = ~unmapped & (long["origin_iso3"] == long["destination_iso3"])
    drop(same, "sending and receiving country are the same")
    negative = ~unmapped & ~same & (long["value"] < 0)
    drop(negative, "negative total cost is impossible (a data error in the DataBank export)")
    keep = long[~(unmapped | same | negative)]
    frame = _obs("remittance_cost_corridor", keep["value"], keep["period"], RPW_SOURCE,
                 origin=keep["origin_iso3"], destination=keep["destination_iso3"])
    return Converted(frame, excluded, {"missing_cells_dotdot": missing, "footer_lines": footer,
                                       "corridors": int(frame[["origin_iso3", "destination_iso3"]]
                                                        .drop_duplicates().shape[0])})


def convert_wdi(raw: pd.DataFrame, indicator_id: str, source: str) -> Converted:
    """A long WDI extract (country_code, year, value_pct) as annual country observations, values unchanged."""
    iso3 = _strict_iso3(raw["country_code"], indicator_id)
    value = pd.to_numeric(raw["value_pct"], errors="raise")
    return Converted(_obs(indicator_id, value, raw["year"], source, iso3=iso3))


ICMW_SOURCE = "UN Treaty Collection ch. IV-13 (ICRMW), via world-politics-datalab, snapshot May 2022"


def convert_icmw(raw: pd.DataFrame) -> Converted:
    """ICRMW status: 0 in 1990 for every listed state, 1 from the ratification/accession year, May 2022 status."""
    iso3 = _strict_iso3(raw["iso2"], "hr_status_icmw iso2")
    by_name = countries.resolve_series(raw["member"])["iso3"]
    clash = by_name.notna() & (by_name != iso3)
    if clash.any():
        raise BuildError(f"ICRMW: iso2 and member name disagree: {raw[clash][['iso2', 'member']].to_dict('records')}")
    party = raw["state party"].astype(int)
    year = raw["year ratification or accession"]
    if ((party == 1) != (year != "")).any():
        raise BuildError("ICRMW: a party without a ratification year, or a year for a non-party")
    base = _obs("icrmw_party", pd.Series(0.0, index=raw.index), pd.Series("1990", index=raw.index), ICMW_SOURCE,
                iso3=iso3, note="baseline: the convention was adopted in December 1990; no state was party before 1993")
    rat = (party == 1) & (year != "1990") & (year != "2022")
    ratified = _obs("icrmw_party", pd.Series(1.0, index=raw.index)[rat], year[rat], ICMW_SOURCE, iso3=iso3[rat],
                    note="year of ratification or accession (UNTC)")
    snap_note = "status in the May 2022 snapshot: " + raw["status"]
    snap_note = snap_note.where(~((party == 1) & (year == "2022")), snap_note + " (ratified or acceded in 2022)")
    snap = _obs("icrmw_party", party.astype(float), pd.Series("2022", index=raw.index), ICMW_SOURCE, iso3=iso3,
                note=snap_note)
    frame = pd.concat([base, ratified, snap], ignore_index=True)
    return Converted(frame, [], {"states": len(raw), "parties": int(party.sum())})


def _owid(raw: pd.DataFrame, indicator_id: str, source: str, what: str) -> Converted:
    """An Our World in Data grapher export (Entity, Code, Year, value): countries kept, aggregates set aside."""
    value_col = raw.columns[3]
    res = countries.resolve_series(raw["Code"].where(raw["Code"] != "", raw["Entity"]))
    agg = res["iso3"].isna() & ((res["status"] == "aggregate") | raw["Code"].str.startswith("OWID_"))
    bad = res["iso3"].isna() & ~agg
    if bad.any():
        raise BuildError(f"{what}: entities that are neither countries nor aggregates: "
                         f"{sorted(set(raw.loc[bad, 'Entity']))}")
    excluded = [{"entity": r.Entity, "code": r.Code, "year": r.Year, "value": r[4],
                 "reason": "regional or world aggregate, not a country"} for r in raw[agg].itertuples()]
    keep = raw[~agg]
    frame = _obs(indicator_id, pd.to_numeric(keep[value_col], errors="raise"), keep["Year"], source,
                 iso3=res.loc[~agg, "iso3"])
    return Converted(frame, excluded)


def convert_sdg1072(raw: pd.DataFrame) -> Converted:
    """SDG 10.7.2 overall migration-policy rating (1-4) by country and year."""
    return _owid(raw, "migration_policy_sdg1072",
                 "UN DESA/IOM SDG 10.7.2 SG_CPA_MIGRS (All domains), via Our World in Data (copy of 2024-07-11)",
                 "SDG 10.7.2")


def convert_sdg882(raw: pd.DataFrame) -> Converted:
    """SDG 8.8.2 labour-rights compliance (0-10, 0 best) by country; UN regional aggregates set aside."""
    return _owid(raw, "labour_rights_sdg882",
                 "ILO SDG 8.8.2 SL_LBR_NTLCPL, via Our World in Data (copy of 2023-07-16)", "SDG 8.8.2")


FH_SOURCE = "Freedom House, Freedom in the World 2013-2024 raw data, E3"


def convert_fh(raw: pd.DataFrame) -> Converted:
    """Freedom House E3 (trade-union freedom, 0-4) for countries; edition N describes year N-1."""
    c = raw[raw["C/T"] == "c"].copy()
    territories = int((raw["C/T"] == "t").sum())
    res = countries.resolve_series(c["Country/Territory"])
    bad = res[res["iso3"].isna()]
    if not bad.empty:
        raise BuildError(f"Freedom House names that do not resolve (add a justified entry to "
                         f"build_reference.CURATED_ALIASES): {sorted(set(bad['input']))} "
                         f"{sorted(set(bad['status']))}")
    c["iso3"] = res["iso3"]
    value = pd.to_numeric(c["E3"], errors="coerce")
    excluded = [{"country": r._1, "edition": r.Edition, "value": r.E3, "reason": "E3 cell is not a number"}
                for r in c[value.isna()].itertuples()]
    ok = value.notna()
    edition = c.loc[ok, "Edition"].astype(int)
    note = "edition " + edition.astype(str) + " (scores describe " + (edition - 1).astype(str) + ")"
    frame = _obs("trade_union_freedom_fh", value[ok], (edition - 1).astype(str), FH_SOURCE, iso3=c.loc[ok, "iso3"],
                 note=note)
    return Converted(frame, excluded, {"territory_rows_skipped": territories})


def convert_migrant_stock(raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """UN DESA IMS 2024 bilateral stock as context: unknown origin "OOO" dropped, counts as int64."""
    s = raw[raw["origin_iso3"] != "OOO"]
    out = pd.DataFrame({
        "origin_iso3": s["origin_iso3"].astype(str), "destination_iso3": s["destination_iso3"].astype(str),
        "year": s["year"].astype("int64"), "stock_total": s["stock_total"].astype("int64"),
        "stock_male": s["stock_male"].astype("int64"), "stock_female": s["stock_female"].astype("int64"),
    }).sort_values(["origin_iso3", "destination_iso3", "year"]).reset_index(drop=True)
    if out.duplicated(["origin_iso3", "destination_iso3", "year"]).any():
        raise BuildError("migrant stock: duplicate origin/destination/year rows")
    codes = set(out["origin_iso3"]) | set(out["destination_iso3"])
    return out, {"rows_dropped_unknown_origin_OOO": int(len(raw) - len(s)),
                 "codes_not_in_country_table": sorted(codes - countries.iso3_set())}


# ---------------------------------------------------------------------- checks
def check_frame(frame: pd.DataFrame, cat: Catalogue, what: str) -> None:
    """Fail loudly unless every row is a clean observation: known indicator, place, period, value in range."""
    problems: list[str] = []
    ids = set(frame["indicator_id"])
    unknown = ids - set(cat.ids)
    if unknown:
        problems.append(f"unknown indicators {sorted(unknown)}")
    known = countries.iso3_set()
    for iid in ids - unknown:
        ind = cat.get(iid)
        f = frame[frame["indicator_id"] == iid]
        place_cols = ["iso3"] if ind["level"] == "country" else ["origin_iso3", "destination_iso3"]
        other = [c for c in ("iso3", "origin_iso3", "destination_iso3") if c not in place_cols]
        for c in place_cols:
            if not f[c].isin(known).all():
                problems.append(f"{iid}: {c} not a country: {sorted(set(f.loc[~f[c].isin(known), c].astype(str)))}")
        for c in other:
            if f[c].notna().any():
                problems.append(f"{iid}: {c} must be empty for a {ind['level']} indicator")
        v = f["value"]
        if v.isna().any():
            problems.append(f"{iid}: missing values")
        out = (v < float(ind["valid_min"])) | (v > float(ind["valid_max"]))
        if out.any():
            problems.append(f"{iid}: {int(out.sum())} values outside [{ind['valid_min']}, {ind['valid_max']}]")
    if not frame["period"].str.fullmatch(r"\d{4}(Q[1-4])?").all():
        problems.append("malformed periods")
    dup = frame.duplicated(KEY_COLUMNS, keep=False)
    if dup.any():
        problems.append(f"{int(dup.sum())} rows share a key (indicator, place, period, sex): "
                        f"{frame[dup].head(6).to_dict('records')}")
    if problems:
        raise BuildError(f"{what}: " + "; ".join(problems))


# ---------------------------------------------------------------------- sources
@dataclass(frozen=True)
class Source:
    """One bundled upload: where the raw file is, how to read and convert it, and its fixed identity."""

    upload_id: str
    raw_file: str
    committed_at: str
    note: str
    convert: Callable[[Path], Converted]


def _wdi_reader(indicator_id: str, source: str) -> Callable[[Path], Converted]:
    """Reader+converter for a long WDI extract."""
    return lambda p: convert_wdi(_read_text_csv(p), indicator_id, source)


SOURCES: tuple[Source, ...] = (
    Source("bundled-rpw", "remittance/rpw_corridors_databank_2011Q1-2020Q3.csv", "2020-12-07T00:00:00Z",
           "World Bank RPW corridor costs; rows run in money direction and are stored as migration corridors "
           "(receiving country -> sending country); negative costs and Netherlands Antilles excluded.",
           lambda p: convert_rpw(_read_text_csv(p, encoding="utf-8-sig"))),
    Source("bundled-wdi-ib", "remittance/wdi_SI.RMT.COST.IB.ZS_long_extract.csv", "2022-02-15T00:00:00Z",
           "WDI SI.RMT.COST.IB.ZS (SDG 10.c.1, cost of sending to the country), values as published.",
           _wdi_reader("remittance_cost_to_country",
                       "World Bank WDI SI.RMT.COST.IB.ZS, last updated 2022-02-15")),
    Source("bundled-wdi-ob", "remittance/wdi_SI.RMT.COST.OB.ZS_long_extract.csv", "2022-02-15T00:00:00Z",
           "WDI SI.RMT.COST.OB.ZS (SDG 10.c.1, cost of sending from the country), values as published.",
           _wdi_reader("remittance_cost_from_country",
                       "World Bank WDI SI.RMT.COST.OB.ZS, last updated 2022-02-15")),
    Source("bundled-icrmw", "rights/hr_status_icmw.csv", "2022-05-29T00:00:00Z",
           "ICRMW status of 193 UN members: 0 in 1990, 1 from the ratification/accession year, May 2022 status.",
           lambda p: convert_icmw(_read_text_csv(p))),
    Source("bundled-sdg1072", "rights/facilitate-orderly-safe-migration.csv", "2024-07-11T00:00:00Z",
           "SDG 10.7.2 overall migration-policy rating (1-4), 2019 and 2021, OWID export.",
           lambda p: convert_sdg1072(_read_text_csv(p))),
    Source("bundled-sdg882", "rights/level-of-national-compliance-with-labor-rights.csv", "2023-07-16T00:00:00Z",
           "SDG 8.8.2 labour-rights compliance (0-10, 0 best), 2015-2020, OWID export; UN aggregates excluded.",
           lambda p: convert_sdg882(_read_text_csv(p))),
    Source("bundled-fh-e3", "rights/fiw_2013_2024_assoc_labour_subset.csv", "2024-04-25T00:00:00Z",
           "Freedom House E3 trade-union freedom (0-4), countries only; edition N stored as period N-1.",
           lambda p: convert_fh(_read_text_csv(p))),
)
STOCK_FILE = "context/undesa_ims2024_bilateral_stock_long.csv"


# ---------------------------------------------------------------------- build
def reset_data_dir(data_dir: Path) -> None:
    """Delete and recreate only observations/, log/ and context/ (nothing else in the data directory)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in RESET_DIRS:
        shutil.rmtree(data_dir / name, ignore_errors=True)
        (data_dir / name).mkdir()


def write_migrant_stock(frame: pd.DataFrame, data_dir: Path) -> Path:
    """Write the migrant-stock context table atomically (temporary file, fsync, os.replace)."""
    path = data_dir / "context" / "migrant_stock.parquet"
    atomic_write_table(path, pa.Table.from_pandas(frame, preserve_index=False))
    return path


def dir_size(path: Path, parts: tuple[str, ...] = RESET_DIRS) -> int:
    """Total bytes of the generated store files."""
    return sum(p.stat().st_size for d in parts for p in (path / d).rglob("*") if p.is_file())


def build(raw: Path, data_dir: Path, cat: Catalogue | None = None) -> dict[str, Any]:
    """Convert and check every source first, then reset the store and commit; returns the build report."""
    cat = cat or load_catalogue()
    converted = []
    for src in SOURCES:
        path = raw / src.raw_file
        conv = src.convert(path)
        check_frame(conv.frame, cat, src.upload_id)
        converted.append((src, path, conv))
    stock, stock_stats = convert_migrant_stock(pd.read_csv(raw / STOCK_FILE, keep_default_na=False))
    reset_data_dir(data_dir)
    store = Store(data_dir)
    report: dict[str, Any] = {"sources": [], "context": []}
    for src, path, conv in converted:
        digest = sha256_file(path)
        store.commit(conv.frame, group=GROUP, file_name=path.name, sha256=digest, note=src.note,
                     upload_id=src.upload_id, committed_at=src.committed_at, rows_rejected=len(conv.excluded))
        report["sources"].append({
            "upload_id": src.upload_id, "raw_file": src.raw_file, "sha256": digest,
            "committed_at": src.committed_at, "indicators": sorted(set(conv.frame["indicator_id"])),
            "rows_committed": len(conv.frame), "rows_excluded": len(conv.excluded),
            "periods": [conv.frame["period"].min(), conv.frame["period"].max()],
            "places": int(conv.frame[["iso3", "origin_iso3", "destination_iso3"]].astype(str)
                          .drop_duplicates().shape[0]),
            "stats": conv.stats, "excluded": conv.excluded,
        })
    write_migrant_stock(stock, data_dir)
    report["context"].append({
        "file": "context/migrant_stock.parquet", "raw_file": STOCK_FILE,
        "sha256": sha256_file(raw / STOCK_FILE), "rows": len(stock),
        "years": sorted(int(y) for y in stock["year"].unique()), "stats": stock_stats,
    })
    report["store_bytes"] = dir_size(data_dir)
    atomic_write_bytes(data_dir / "BUILD_REPORT.json",
                       (json.dumps(report, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8"))
    if report["store_bytes"] > MAX_BUNDLE_BYTES:
        raise BuildError(f"bundled store is {report['store_bytes']} bytes (> {MAX_BUNDLE_BYTES})")
    return report


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: build the bundled store and print a one-line summary per source."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", required=True, type=Path, help="folder with the raw source files (data/real)")
    ap.add_argument("--data-dir", default=Path("data"), type=Path, help="store to (re)build (default data/)")
    args = ap.parse_args(argv)
    report = build(args.raw, args.data_dir)
    for s in report["sources"]:
        print(f"{s['upload_id']:<16} committed {s['rows_committed']:>6}  excluded {s['rows_excluded']:>3}  "
              f"{s['periods'][0]}..{s['periods'][1]}  {s['raw_file']}")
    for c in report["context"]:
        print(f"{c['file']:<16} rows {c['rows']}  {c['stats']}")
    print(f"store size: {report['store_bytes']} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
