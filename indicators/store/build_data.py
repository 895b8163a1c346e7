"""Convert the raw public source files into the bundled store under data/ (one fixed upload per source).

    python -m indicators.build_data --raw /work/shared/data/real --data-dir data

Each source has one pure converter (indicators/store/sources/, one module per publisher family) returning a
Converted (clean observation rows + the rows set aside, with a reason each). Rows are checked against the catalogue
(values in range, no period before the indicator's period_min) and the country reference, duplicate keys fail the
build, and every source is committed as one upload with a fixed upload_id and committed_at = the source's vintage
date (indicators/store/bundled_sources.yaml), in the order of those dates (so the latest vintage wins a shared key,
as a dashboard upload would). The store is a Delta Lake table (indicators.store.observations): each source is one
table commit carrying its record; a rebuild gives the same records and values (the data files' names and the
table's id are new each time). Only data/observations, data/context (and a previous layout's data/log) are deleted
and recreated. A machine-readable report is written to data/BUILD_REPORT.json; the
human account is data/PROVENANCE.md.
"""
from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from indicators.store import countries
from indicators.store.catalogue import Catalogue, load_catalogue
from indicators.store.files import atomic_write_bytes, atomic_write_table, sha256_file
from indicators.store.observations import KEY_COLUMNS, Store
from indicators.store.sources.common import BuildError, Converted
from indicators.store.sources.registry import STOCK_FILE, Source, load_sources
from indicators.store.sources.un import convert_migrant_stock

RESET_DIRS = ("observations", "log", "context")        # log/: the previous layout's records (indicators.store.legacy)
GROUP = "bundled"
# The generated store (observations, log, context) stays under 5 MiB so the repository and a first run stay light.
MAX_BUNDLE_BYTES = 5 * 1024 * 1024


# ---------------------------------------------------------------------- checks
def _indicator_problems(f: pd.DataFrame, ind: dict[str, Any], known: frozenset[str]) -> list[str]:
    """What is wrong with one indicator's rows: places, empty columns, values out of range, periods too early."""
    iid, problems = ind["id"], []
    place_cols = ["iso3"] if ind["level"] == "country" else ["origin_iso3", "destination_iso3"]
    for c in place_cols:
        if not f[c].isin(known).all():
            problems.append(f"{iid}: {c} not a country: {sorted(set(f.loc[~f[c].isin(known), c].astype(str)))}")
    for c in ("iso3", "origin_iso3", "destination_iso3"):
        if c not in place_cols and f[c].notna().any():
            problems.append(f"{iid}: {c} must be empty for a {ind['level']} indicator")
    v = f["value"]
    if v.isna().any():
        problems.append(f"{iid}: missing values")
    out = (v < float(ind["valid_min"])) | (v > float(ind["valid_max"]))
    if out.any():
        problems.append(f"{iid}: {int(out.sum())} values outside [{ind['valid_min']}, {ind['valid_max']}]")
    years = pd.to_numeric(f["period"].str[:4], errors="coerce")
    early = years < int(ind["period_min"])
    if early.any():
        problems.append(f"{iid}: {int(early.sum())} periods before period_min {ind['period_min']} "
                        f"(earliest {sorted(set(f.loc[early, 'period']))[0]})")
    return problems


def check_frame(frame: pd.DataFrame, cat: Catalogue, what: str) -> None:
    """Fail loudly unless every row is a clean observation: known indicator, place, period, value in range."""
    problems: list[str] = []
    ids = set(frame["indicator_id"])
    unknown = ids - set(cat.ids)
    if unknown:
        problems.append(f"unknown indicators {sorted(unknown)}")
    known = countries.iso3_set()
    for iid in sorted(ids - unknown):
        problems += _indicator_problems(frame[frame["indicator_id"] == iid], cat.get(iid), known)
    if not frame["period"].str.fullmatch(r"\d{4}(Q[1-4])?").all():
        problems.append("malformed periods")
    dup = frame.duplicated(KEY_COLUMNS, keep=False)
    if dup.any():
        problems.append(f"{int(dup.sum())} rows share a key (indicator, place, period, sex): "
                        f"{frame[dup].head(6).to_dict('records')}")
    if problems:
        raise BuildError(f"{what}: " + "; ".join(problems))


# ---------------------------------------------------------------------- build
def reset_data_dir(data_dir: Path) -> None:
    """Delete observations/, log/ and context/ (nothing else in the data directory); context/ is made anew."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in RESET_DIRS:
        shutil.rmtree(data_dir / name, ignore_errors=True)
    (data_dir / "context").mkdir()


def write_migrant_stock(frame: pd.DataFrame, data_dir: Path) -> Path:
    """Write the migrant-stock context table atomically (temporary file, fsync, os.replace)."""
    path = data_dir / "context" / "migrant_stock.parquet"
    atomic_write_table(path, pa.Table.from_pandas(frame, preserve_index=False))
    return path


def dir_size(path: Path, parts: tuple[str, ...] = RESET_DIRS) -> int:
    """Total bytes of the generated store files."""
    return sum(p.stat().st_size for d in parts if (path / d).is_dir() for p in (path / d).rglob("*") if p.is_file())


def convert_all(raw: Path, cat: Catalogue) -> list[tuple[Source, Converted]]:
    """Run and check every source's converter (nothing is written)."""
    converted = []
    for src in load_sources():
        conv = src.convert(raw / src.raw_file, *(raw / f for f in src.also_reads))
        check_frame(conv.frame, cat, src.upload_id)
        converted.append((src, conv))
    return converted


def source_report(src: Source, conv: Converted, raw: Path, digest: str) -> dict[str, Any]:
    """The BUILD_REPORT entry of one committed source."""
    f = conv.frame
    return {
        "upload_id": src.upload_id, "raw_file": src.raw_file, "sha256": digest,
        "also_reads": [{"raw_file": a, "sha256": sha256_file(raw / a)} for a in src.also_reads],
        "committed_at": src.committed_at, "indicators": sorted(set(f["indicator_id"])),
        "rows_committed": len(f), "rows_excluded": len(conv.excluded),
        "periods": [f["period"].min(), f["period"].max()],
        "places": int(f[["iso3", "origin_iso3", "destination_iso3"]].astype(str).drop_duplicates().shape[0]),
        "stats": conv.stats, "excluded": conv.excluded,
    }


def build(raw: Path, data_dir: Path, cat: Catalogue | None = None) -> dict[str, Any]:
    """Convert and check every source first, then reset the store and commit; returns the build report."""
    cat = cat or load_catalogue()
    converted = convert_all(raw, cat)
    stock, stock_stats = convert_migrant_stock(pd.read_csv(raw / STOCK_FILE, keep_default_na=False))
    reset_data_dir(data_dir)
    store = Store(data_dir)
    report: dict[str, Any] = {"sources": [], "context": []}
    for src, conv in sorted(converted, key=lambda sc: (sc[0].committed_at, sc[0].upload_id)):
        path = raw / src.raw_file
        store.commit(conv.frame, group=GROUP, file_name=path.name, sha256=sha256_file(path), note=src.note,
                     upload_id=src.upload_id, committed_at=src.committed_at, rows_rejected=len(conv.excluded))
    for src, conv in converted:
        report["sources"].append(source_report(src, conv, raw, sha256_file(raw / src.raw_file)))
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
        print(f"{s['upload_id']:<24} committed {s['rows_committed']:>6}  excluded {s['rows_excluded']:>3}  "
              f"{s['periods'][0]}..{s['periods'][1]}  {s['raw_file']}")
    for c in report["context"]:
        print(f"{c['file']:<24} rows {c['rows']}  {c['stats']}")
    print(f"store size: {report['store_bytes']} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
