"""Worst-case upload files for bench/ingest.py --worst (SYNTHETIC, built in a temporary directory, never shipped):
each as large as the limits allow (200 MB, 5,000,000 rows) in the way that costs validation the most time or
memory. Every writer streams its lines to disk and stops at the byte or row limit."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

L = "labour_rights_sdg882"
PAD = "the same note on every row so that the valid rows reach the size limit; " * 2
MAX_BYTES, MAX_ROWS = 200 * 1024 * 1024, 5_000_000
WIDE_INDICATORS = ["labour_rights_sdg882", "trade_union_freedom_fh", "migration_policy_sdg1072",
                   "remittance_cost_to_country", "remittance_cost_from_country", "economic_exploitation_fh",
                   "freedom_of_movement_fh", "trade_union_density_ilo", "collective_bargaining_coverage_ilo",
                   "recruitment_cost_sdg1071"]


def _write(path: Path, header: str, lines: Iterator[str], max_rows: int = MAX_ROWS,
           max_bytes: int = MAX_BYTES) -> int:
    """Write header + lines until the row or byte limit; returns the data rows written."""
    size, rows, buf = len(header) + 1, 0, [header]
    with open(path, "w", encoding="utf-8") as fh:
        for line in lines:
            if rows >= max_rows or size + len(line) + 1 > max_bytes:
                break
            buf.append(line)
            size += len(line) + 1
            rows += 1
            if len(buf) >= 100_000:
                fh.write("\n".join(buf) + "\n")
                buf = []
        fh.write("\n".join(buf) + "\n" if buf else "")
    return rows


def _isos() -> list[str]:
    """The country codes of the reference."""
    from indicators.store.countries import country_table
    return sorted(country_table()["iso3"])


def long_valid(path: Path) -> int:
    """Valid long rows up to the size limit: 4 indicators x countries x years and quarters x sex."""
    isos = _isos()
    periods = [f"{y}{q}" for y in range(1950, 2026) for q in ("", "Q1", "Q2", "Q3", "Q4")]

    def lines() -> Iterator[str]:
        k = 0
        for ind, hi in (("labour_rights_sdg882", 10), ("trade_union_freedom_fh", 4),
                        ("remittance_cost_to_country", 100), ("migration_policy_sdg1072", 4)):
            for iso in isos:
                for p in periods:
                    for sex in ("total", "female", "male"):
                        k += 1
                        yield (f"{ind},{iso},{p},{1 + (k * 7919 % 300) / 100:.2f},{sex},SYNTHETIC benchmark,"
                               f"{PAD}")
    return _write(path, "indicator_id,iso3,period,value,sex,source,note", lines())


def unknown_names(path: Path) -> int:
    """Invented country names: just under the distinct-value cap, repeated to the size limit (each costs a
    resolution; the first ones a close-match search)."""
    from indicators.uploads.constants import DISTINCT_KEYS_MAX
    names = [f"Republic of Invented{k:05d}" for k in range(DISTINCT_KEYS_MAX)]
    return _write(path, "indicator_id,iso3,period,value",
                  (f"{L},{names[k % len(names)]},{1950 + k % 76},3" for k in range(10 ** 9)))


def many_problems(path: Path) -> int:
    """Every row wrong in every column that can be wrong: indicator, place, period, value, sex, note."""
    return _write(path, "indicator_id,iso3,period,value,sex,note",
                  (f"bad_{k % 5000},XX{k % 9},20x{k % 10},abc{k % 1000},other,=cmd|' /C x'!A{k % 100}"
                   for k in range(10 ** 9)))


def distinct_text(path: Path) -> int:
    """Valid rows whose source and note are different on every row (free text is not capped)."""
    isos = _isos()
    return _write(path, "indicator_id,iso3,period,value,source,note",
                  (f"{L},{isos[k % len(isos)]},{1950 + (k // len(isos)) % 76}Q{(k // len(isos) // 76) % 4 + 1},"
                   f"{k % 10},survey {k},remark number {k}" for k in range(10 ** 9)))


def wide_widest(path: Path) -> int:
    """The widest allowed wide file (id columns + quarter columns up to the column cap, 1800Q1 on, so most are out
    of range), a short value in every cell, up to the row limit in values."""
    from indicators.uploads.constants import MAX_COLUMNS
    cols = [f"{y}Q{q}" for y in range(1800, 2100) for q in range(1, 5)][:MAX_COLUMNS - 3]
    isos = _isos()
    rows = MAX_ROWS // len(cols)
    return _write(path, "indicator_id,iso3,sex," + ",".join(cols),
                  (f"{L},{isos[k % len(isos)]},{('total', 'female', 'male')[k // len(isos) % 3]}," +
                   ",".join(str((k + j) % 10) for j in range(len(cols))) for k in range(rows)))


def wide_sparse(path: Path) -> int:
    """A wide file at the size limit whose cells are nearly all empty (the reader's worst: 200 M cells)."""
    from indicators.uploads.constants import MAX_COLUMNS
    cols = [f"{y}Q{q}" for y in range(1800, 2100) for q in range(1, 5)][:MAX_COLUMNS - 2]
    isos = _isos()
    empty = "," * (len(cols) - 1)
    return _write(path, "indicator_id,iso3," + ",".join(cols),
                  (f"{L},{isos[k % len(isos)]},{empty}" for k in range(10 ** 9)))


def every_row_ragged(path: Path) -> int:
    """Every row one field too many, to the size limit."""
    return _write(path, "indicator_id,iso3,period,value", (f"{L},KEN,{1950 + k % 76},3,extra" for k in range(10 ** 9)))


def blank_lines_and_quotes(path: Path) -> int:
    """The valid rows of long_valid, with a blank line and a line break inside a quoted note every 1,000 rows, so
    that rows are numbered by reading the records one by one (the reader's slow path)."""
    tmp = path.with_suffix(".tmp")
    long_valid(tmp)
    with open(tmp, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for k, line in enumerate(src):
            if k and k % 1000 == 0:
                line = line.rstrip("\n").rsplit(",", 1)[0] + ',"a note\non two lines"\n\n'
            out.write(line)
    tmp.unlink()
    return k


def corridor_rows(path: Path) -> int:
    """Valid corridor rows (origin, destination, quarter) up to the row limit: 5 M rows, every distinct corridor."""
    isos = _isos()
    quarters = [f"{y}Q{q}" for y in range(1990, 2026) for q in range(1, 5)]

    def lines() -> Iterator[str]:
        k = 0
        for o in isos:
            for d in isos:
                if o == d:
                    continue
                for p in quarters:
                    k += 1
                    yield f"remittance_cost_corridor,{o},{d},{p},{k % 97 / 10:.1f}"
    return _write(path, "indicator_id,origin_iso3,destination_iso3,period,value", lines())


def wide_valid(path: Path) -> int:
    """A valid wide file: a row per indicator (10), country and sex, 308 quarter columns (1950Q1-2026Q4), a value
    like 3.25 in every cell (a realistic wide file, as long as the catalogue's keys allow: 2.3 M values)."""
    isos = _isos()
    cols = [f"{y}Q{q}" for y in range(1950, 2027) for q in range(1, 5)]
    keys = [(i, c, x) for i in WIDE_INDICATORS for c in isos for x in ("total", "female", "male")]
    keys = keys[:MAX_ROWS // len(cols)]
    return _write(path, "indicator_id,iso3,sex," + ",".join(cols),
                  (f"{i},{c},{x}," + ",".join(f"{1 + (k + j) % 300 / 100:.2f}" for j in range(len(cols)))
                   for k, (i, c, x) in enumerate(keys)))


def wide_short_valid(path: Path) -> int:
    """A valid wide file of the shortest values: a row per indicator (10), country and sex, a column per year and per
    quarter 1950-2027 (390 columns), a one-digit value (1-4, in every indicator's range) in every cell."""
    isos = _isos()
    cols = [str(y) for y in range(1950, 2028)] + [f"{y}Q{q}" for y in range(1950, 2028) for q in range(1, 5)]
    keys = [(i, c, x) for i in WIDE_INDICATORS for c in isos for x in ("total", "female", "male")]
    return _write(path, "indicator_id,iso3,sex," + ",".join(cols),
                  (f"{i},{c},{x}," + ",".join(str(1 + (k + j) % 4) for j in range(len(cols)))
                   for k, (i, c, x) in enumerate(keys[:MAX_ROWS // len(cols)])))


WORST: dict[str, Callable[[Path], int]] = {
    "wide, valid, 308 quarter columns": wide_valid, "wide, valid, 390 columns, one-digit values": wide_short_valid,
    "long, 5 M corridor rows": corridor_rows,
    "long, blank lines and quoted line breaks": blank_lines_and_quotes, "long, every row ragged": every_row_ragged,
    "long, valid, at the size limit": long_valid, "long, 20,000 unknown country names": unknown_names,
    "long, every cell wrong": many_problems, "long, a different note and source on every row": distinct_text,
    "wide, 1,000 columns, short values": wide_widest, "wide, 200 MB of empty cells": wide_sparse,
}
