"""Wide layouts: one row per indicator and place, one column per year or quarter ("2019", "2019Q2", "2019 [YR2019]"),
as spreadsheets, the World Bank DataBank and the World Bank WDI / Data Catalog CSV have it; kept in that shape
(validate_wide checks it without building a long row per cell)."""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _, ngettext

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.uploads.constants import MISSING_MARKERS, PERIOD_HEADER
from indicators.uploads.long import RawLong, WideGrid, has_place_columns, map_columns, nonempty_rows
from indicators.uploads.problems import Problem, Rejected, reject
from indicators.uploads.sheet import Sheet


def _period_of_header(text: str) -> str | None:
    """'2019' -> '2019'; '2019Q2', '2019 Q2', '2019-q2', '2019Q2 [YR2019Q2]' -> '2019Q2'; else None."""
    m = PERIOD_HEADER.match(text.strip().upper())
    if not m:
        return None
    return m.group(1) + (f"Q{m.group(2)}" if m.group(2) else "")


def _wide_columns(sheet: Sheet) -> list[tuple[int, str]]:
    """(column index, canonical period) of the year/quarter columns."""
    out = []
    for i, h in enumerate(sheet.header):
        p = _period_of_header(h)
        if p:
            out.append((i, p))
    return out


def _split_footer(sheet: Sheet, id_cols: list[int]) -> tuple[Sheet, list[str]]:
    """Drop fully empty rows and a World Bank DataBank footer ("Data from database: ...", "Last Updated: ...")."""
    t = sheet.table
    notes, meta = [], {}
    keep = nonempty_rows(sheet, list(range(t.num_columns)))
    first = [s.strip() for s in t.column(0).to_pylist()]
    others_empty = ~nonempty_rows(sheet, list(range(1, t.num_columns))) if t.num_columns > 1 else keep
    for k, text in enumerate(first):
        if others_empty[k] and (text.startswith("Data from database:") or text.startswith("Last Updated:")):
            key, _, val = text.partition(":")
            meta[key.strip()] = val.strip()
            keep[k] = False
    dropped = int((~keep).sum())
    if dropped:
        rows = sheet.rows()[keep]
        sheet = Sheet(table=t.filter(pa.array(keep)), header=sheet.header, names=sheet.names,
                      header_row=sheet.header_row, row_numbers=rows, encoding=sheet.encoding,
                      delimiter=sheet.delimiter, metadata={**sheet.metadata, **meta})
        notes.append(ngettext("{n} empty or footer row skipped.", "{n} empty or footer rows skipped.",
                              dropped).format(n=integer(dropped)))
    return sheet, notes


def gridded(sheet: Sheet, used: dict[str, int], periods: list[tuple[int, str]], layout: str,
            notes: list[str], max_rows: int | None = None) -> RawLong:
    """The wide file kept in its shape: which cells of the year/quarter columns hold a value (a byte per cell), the
    id columns of the rows that have one; no long row, and no Python object per cell, is built (validation checks
    the id columns once per row, each period once per column and each number in blocks of rows)."""
    table, n = sheet.table, sheet.table.num_rows
    markers = pa.array(sorted(MISSING_MARKERS))
    present = np.zeros((n, len(periods)), dtype=bool, order="F")      # a column at a time, contiguous
    total = 0
    for k, (i, _p) in enumerate(periods):
        filled = pc.invert(pc.is_in(pc.utf8_trim_whitespace(table.column(i)), value_set=markers))
        column = pc.fill_null(filled, False).to_numpy(zero_copy_only=False)
        present[:, k] = column
        total += int(np.count_nonzero(column))
        if max_rows is not None and total > max_rows:                     # refused before anything else is built
            raise reject(_("more than {n} values: over the limit of {n} rows").format(n=integer(max_rows)))
    counts = np.count_nonzero(present, axis=1).astype(np.int32)
    keep = np.flatnonzero(counts)
    sheet_rows = sheet.rows()
    index = pa.array(keep)
    cols: dict[str, pa.Array] = {f: table.column(i).take(index) for f, i in used.items()}
    grid = WideGrid(table=table.select([i for i, _ in periods]), present=present, counts=counts, keep=keep,
                    sheet_rows=sheet_rows, periods=[p for _, p in periods],
                    headers=[sheet.header[i] for i, _ in periods])
    labels = {f: sheet.header[i] for f, i in used.items()}
    labels["period"] = _("year column")
    empties = int(n * len(periods) - total)
    if empties:
        notes.append(ngettext("{n} empty cell of the year/quarter columns skipped (no value, not zero).",
                              "{n} empty cells of the year/quarter columns skipped (no value, not zero).",
                              empties).format(n=integer(empties)))
    return RawLong(columns=cols, rows=sheet_rows[keep], length=total, layout=layout, labels=labels, notes=notes,
                   grid=grid)


def read_wide(sheet: Sheet, max_rows: int | None = None) -> RawLong:
    """Wide layout: id columns (indicator, place, optional sex/source/note/unit) and one column per period."""
    periods = _wide_columns(sheet)
    if not periods:
        raise reject(_("no year or quarter columns found (headers such as 2019, 2019Q2 or '2019 [YR2019]')"),
                     row=sheet.header_row)
    used, problems, notes = map_columns(sheet, period_columns=tuple(i for i, _ in periods), layout="wide")
    for fld in ("period", "value"):
        if fld in used:
            problems.append(Problem(sheet.header_row, sheet.header[used[fld]], None,
                                    _("a wide file has one column per year, not a {field} column").format(field=fld)))
    if not has_place_columns(set(used)):
        problems.append(Problem(sheet.header_row, "iso3", None,
                                _("a place column is missing: give iso3 or a country name column, or origin and "
                                  "destination (or sending and receiving country) for corridors")))
    seen: dict[str, str] = {}
    for i, p in periods:
        if p in seen:
            problems.append(Problem(sheet.header_row, sheet.header[i], None,
                                    _("period {period} appears twice (also column {column})").format(
                                        period=p, column=seen[p])))
        seen[p] = sheet.header[i]
    if problems:
        raise Rejected(problems)
    sheet, foot = _split_footer(sheet, list(used.values()))
    out = gridded(sheet, used, periods, "wide", notes + foot, max_rows)
    db = sheet.metadata.get("Data from database")
    if db:
        updated = sheet.metadata.get("Last Updated")
        out.default_source = f"World Bank DataBank: {db}" + (f" (last updated {updated})" if updated else "")
        out.portal = True
    return out


def read_wdi(sheet: Sheet, max_rows: int | None = None) -> RawLong:
    """World Bank WDI / Data Catalog CSV: Country Code and Indicator Code identify each row; years are columns."""
    periods = _wide_columns(sheet)
    if not periods:
        raise reject(_("no year columns found in this World Bank file"), row=sheet.header_row)
    idx = {n: i for i, n in enumerate(sheet.names)}
    used = {"iso3": idx["country_code"], "iso3_name": idx["country_name"], "indicator_id": idx["indicator_code"]}
    taken = set(used.values()) | {idx["indicator_name"]} | {i for i, _ in periods}
    problems = [Problem(sheet.header_row, sheet.header[i], None, _("unknown column in a World Bank WDI file"))
                for i in range(len(sheet.names)) if i not in taken]
    if problems:
        raise Rejected(problems)
    sheet, foot = _split_footer(sheet, list(used.values()))
    out = gridded(sheet, used, periods, "wdi", foot, max_rows)
    out.labels.update({"iso3": sheet.display("country_code"), "iso3_name": sheet.display("country_name"),
                       "indicator_id": sheet.display("indicator_code")})
    src = sheet.metadata.get("Data Source") or "World Bank"
    updated = sheet.metadata.get("Last Updated Date")
    out.default_source = f"World Bank, {src}" + (f" (file last updated {updated})" if updated else "")
    out.portal = True
    if sheet.metadata:
        out.notes.insert(0, _("World Bank metadata: ") + "; ".join(f"{k}: {v}" for k, v in sheet.metadata.items()))
    return out
