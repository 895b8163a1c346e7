"""Validation of a wide file in its own shape (issue 12, item 5): the id columns (indicator, place, sex, source, note,
unit) are checked once per file row with the long layout's steps, each year/quarter column's period once, and only
the numbers cell by cell, in blocks of rows with a byte or two per cell; no long row is built until the clean table
of an accepted file. Problems name the file's own row and column and are counted and listed as for a melted file
(one per cell for periods, numbers and duplicates; one per file row for the id columns)."""
from __future__ import annotations

from indicators.i18n.formats import significant

from indicators.i18n import _

from datetime import date
from typing import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.store.catalogue import Catalogue
from indicators.uploads.cells import Flags
from indicators.uploads.clean import dictionary, index_type, no_negative_zero, null_column
from indicators.uploads.constants import GRID_BLOCK_VALUES, MAX_PROBLEMS, VALUE_REASONS
from indicators.uploads.indicator_codes import IndicatorRows
from indicators.uploads.keys import Canonical, check_sex, earliest_years
from indicators.uploads.long import RawLong, WideGrid
from indicators.uploads.places import PlaceRows
from indicators.uploads.problems import Problem
from indicators.uploads.steps import indicators_and_places
from indicators.uploads.texts import Texts, check_template_row, check_texts, check_units
from indicators.uploads.values import decimal_evidence, parse_values

Outcome = tuple[pa.Table | None, np.ndarray, list[Problem], int]     # clean table, its file rows, problems, count


class Listed:
    """Problems of one kind found cell by cell: all counted, the first MAX_PROBLEMS in file order kept."""

    def __init__(self, grid: WideGrid, column: Callable[[int], str], value: Callable[[int, int], str],
                 reason: Callable[[int, int], str]) -> None:
        self.grid, self.column, self.value, self.reason = grid, column, value, reason
        self.problems: list[Problem] = []
        self.count = 0

    def add(self, mask: np.ndarray, r: np.ndarray, c: np.ndarray) -> None:
        """Flag the cells of a mask over a block's cells (table row r, column c of each)."""
        k = int(np.count_nonzero(mask))
        self.count += k
        room = MAX_PROBLEMS - len(self.problems)
        if k and room > 0:
            for i in np.flatnonzero(mask)[:room]:
                ri, ci = int(r[i]), int(c[i])
                self.problems.append(Problem(int(self.grid.sheet_rows[ri]), self.column(ci), self.value(ri, ci),
                                             self.reason(ri, ci)))

    def into(self, flags: Flags) -> None:
        """Hand the problems to the upload's collector."""
        flags.count += self.count
        flags.problems.extend(self.problems)


def blocks(grid: WideGrid) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
    """(positions among the values, table row, column) of the filled cells, about GRID_BLOCK_VALUES at a time, in
    file order (row by row)."""
    starts, n = grid.starts, len(grid.counts)
    r0 = 0
    while r0 < n:
        r1 = min(n, max(r0 + 1, int(np.searchsorted(starts, starts[r0] + GRID_BLOCK_VALUES, side="right")) - 1))
        r, c = np.nonzero(grid.present[r0:r1])
        yield slice(int(starts[r0]), int(starts[r1])), (r + r0).astype(np.int32), c.astype(np.int16)
        r0 = r1


def cell_text(grid: WideGrid, r: int, c: int) -> str:
    """The stripped text of one cell (for a problem's message)."""
    return str(grid.table.column(c)[r].as_py()).strip()[:80]


def parse_grid(grid: WideGrid, notes: list[str]) -> tuple[np.ndarray, np.ndarray | None]:
    """(the number of every filled cell, in file order; the reason code of each, None when all are finite numbers).
    Column by column: Arrow parses a column of plain numbers at once; otherwise every column is classified as a
    long file's value column is, with the decimal mark the whole file shows."""
    values = np.empty(int(grid.starts[-1]))
    try:
        for pos, cells in _columns(grid):
            values[pos] = pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
        finite = np.isfinite(values)
        return values, None if finite.all() else np.where(finite, 0, 3).astype(np.int8)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    marks = [decimal_evidence(cells) for _, cells in _columns(grid)]
    evidence = (any(m[0] for m in marks), any(m[1] for m in marks), any(m[2] for m in marks))
    codes = np.empty(len(values), dtype=np.int8)
    said: list[str] = []
    for pos, cells in _columns(grid):
        values[pos], codes[pos], _ = parse_values(cells, len(cells), said, evidence)
    notes.extend(dict.fromkeys(said))
    return values, codes


def _columns(grid: WideGrid) -> Iterator[tuple[np.ndarray, pa.Array]]:
    """(positions among the values, text cells) of each column's filled cells."""
    running = grid.starts[:-1].copy()
    for c in range(len(grid.periods)):
        rows = np.flatnonzero(grid.present[:, c])
        yield running[rows], grid.table.column(c).take(pa.array(rows))
        running[rows] += 1


def per_table_row(grid: WideGrid, per_row: np.ndarray, fill: object = 0) -> np.ndarray:
    """A per-row array of the rows with values spread over every table row (fill for the others)."""
    out = np.full(len(grid.counts), fill, dtype=per_row.dtype)
    out[grid.keep] = per_row
    return out


def check_cells(raw: RawLong, rows: IndicatorRows, active: np.ndarray, cat: Catalogue, flags: Flags,
                notes: list[str]) -> np.ndarray:
    """Flag periods out of their indicator's range, cells that are not numbers, numbers out of range and binary
    indicators' values other than 0 and 1, cell by cell; returns the number of every filled cell."""
    grid, ind = raw.grid, cat.indicators
    top = date.today().year + 1
    first, reasons = earliest_years(rows, cat, top)
    slot = per_table_row(grid, np.where(rows.known, rows.index, len(rows.ids)).astype(np.int32), len(rows.ids))
    years = np.asarray([int(p[:4]) for p in grid.periods], dtype=np.int32)
    on = per_table_row(grid, active, False)
    known = per_table_row(grid, rows.known, False)
    vmin = per_table_row(grid, ind["valid_min"].to_numpy(float)[rows.safe], np.nan)
    vmax = per_table_row(grid, ind["valid_max"].to_numpy(float)[rows.safe], np.nan)
    binary = per_table_row(grid, rows.known & ind["binary"].fillna(False).astype(bool).to_numpy(bool)[rows.safe],
                           False)
    values, codes = parse_grid(grid, notes)
    header, text = (lambda c: grid.headers[c]), (lambda r, c: cell_text(grid, r, c))
    period = Listed(grid, lambda c: raw.label("period"), lambda r, c: grid.periods[c], lambda r, c: reasons[slot[r]])
    numbers = {k: Listed(grid, header, text, lambda r, c, k=k: VALUE_REASONS[k]) for k in range(1, len(VALUE_REASONS))}
    ranged = Listed(grid, header, text,
                    lambda r, c: _("outside the valid range {low} to {high} for this indicator").format(
                        low=significant(vmin[r], 6), high=significant(vmax[r], 6)))
    zero_one = Listed(grid, header, text, lambda r, c: _("this indicator is 0 or 1 (not ratified / ratified)"))
    for pos, r, c in blocks(grid):
        live = on[r]
        period.add(live & ((years[c] < first[slot[r]]) | (years[c] > top)), r, c)
        v = values[pos]
        finite = np.ones(len(v), dtype=bool) if codes is None else codes[pos] == 0
        if codes is not None:
            for k, listed in numbers.items():
                listed.add(live & (codes[pos] == k), r, c)
        out = live & finite & known[r] & ((v < vmin[r]) | (v > vmax[r]))
        ranged.add(out, r, c)
        zero_one.add(live & binary[r] & finite & ~out & (v != 0.0) & (v != 1.0), r, c)
    for listed in (period, *numbers.values(), ranged, zero_one):
        listed.into(flags)
    return values


def row_keys(rows: IndicatorRows, places: PlaceRows, sexes: Canonical) -> np.ndarray:
    """Per row with values: its (indicator, place, sex) as one integer, -1 for rows whose key is not well formed
    (those cannot be duplicates)."""
    iso, o_iso, d_iso, is_country = places.country, places.origin, places.destination, rows.country
    placed = (is_country & (iso.status == 1)) | (rows.corridor & (o_iso >= 0) & (d_iso >= 0))
    ok = ~places.aside & rows.known & ~rows.derived & placed & ~sexes.bad
    width = len(places.iso_list) + 1
    key = rows.index.astype(np.int64)
    for part, radix in ((np.where(is_country, iso.iso, o_iso) + 1, width), (np.where(is_country, -1, d_iso) + 1, width),
                        (sexes.codes, len(sexes.values) + 1)):
        key = key * radix + part
    return np.where(ok, key, -1)


def check_duplicates(raw: RawLong, keys: np.ndarray, flags: Flags) -> None:
    """Flag every value whose (indicator, place, sex) row and period repeat an earlier row's, naming that row: only
    rows whose key appears twice are looked at, one column at a time."""
    grid = raw.grid
    ok = np.flatnonzero(keys >= 0)
    _keys, group, size = np.unique(keys[ok], return_inverse=True, return_counts=True)
    twice = size[group] > 1
    if not twice.any():
        return
    table_rows, group = grid.keep[ok[twice]], group[twice]       # rows sharing a key, in file order
    order = np.argsort(group, kind="stable")                       # by key, then file order
    by_key, sorted_groups = table_rows[order], group[order]
    dup = np.zeros((len(table_rows), len(grid.periods)), dtype=bool)
    for c in range(len(grid.periods)):
        has = np.flatnonzero(grid.present[by_key, c])
        g = sorted_groups[has]
        dup[order[has[1:][g[1:] == g[:-1]]], c] = True

    def earliest(r: int, c: int) -> str:
        """Why a repeated value is refused: the first row with the same key and a value in column c."""
        g = group[np.searchsorted(table_rows, r)]
        members = by_key[np.searchsorted(sorted_groups, g, side="left"):np.searchsorted(sorted_groups, g, "right")]
        f = members[grid.present[members, c]][0]
        return _("duplicate of row {row} (same indicator, place, period and sex)").format(row=int(grid.sheet_rows[f]))
    listed = Listed(grid, lambda c: grid.headers[c], lambda r, c: grid.periods[c], earliest)
    step = max(1, GRID_BLOCK_VALUES // max(1, len(grid.periods)))
    for s in range(0, len(table_rows), step):
        r, c = np.nonzero(dup[s:s + step])
        listed.add(np.ones(len(r), dtype=bool), table_rows[r + s], c)
    listed.into(flags)


def validate_wide(raw: RawLong, cat: Catalogue, valid: frozenset[str], indicator: str | None,
                  default_source: str | None, notes: list[str], set_aside: list[dict]) -> Outcome:
    """The steps of validate_long on a wide file kept in its shape: the id columns once per file row with values
    (each standing for its values in counts and set-aside rows), then the cells; the clean table or the problems.
    Raises TooManyDistinct as encode_cells does."""
    grid = raw.grid
    view = RawLong(columns=raw.columns, rows=raw.rows, length=len(raw.rows), layout=raw.layout, labels=raw.labels,
                   weight=grid.counts[grid.keep], portal=raw.portal)
    placed = indicators_and_places(view, cat, valid, indicator, notes, set_aside)
    cells, flags, rows, places, active = placed.cells, placed.flags, placed.rows, placed.places, placed.active
    values = check_cells(raw, rows, active, cat, flags, notes)
    sexes = check_sex(cells["sex"], active, flags)
    texts = check_texts(cells, active, flags, raw.portal, default_source, notes, view.weight)
    check_template_row(cells["note"], active, flags)
    check_units(cells["unit"], active, rows, cat, flags)
    check_duplicates(raw, row_keys(rows, places, sexes), flags)
    if flags.problems:
        return None, np.zeros(0, dtype=np.int64), flags.problems, flags.count
    if not active.any():
        return None, np.zeros(0, dtype=np.int64), [
            Problem(None, None, None, _("no rows to load: every row was set aside (aggregates)"))], 1
    grid.table = None                                  # the cells' text is no longer needed: released, and the
    pa.default_memory_pool().release_unused()          # memory handed back before the clean table is built
    return clean_grid(grid, active, rows, places, values, sexes, texts)


def clean_grid(grid: WideGrid, active: np.ndarray, rows: IndicatorRows, places: PlaceRows, values: np.ndarray,
               sexes: Canonical, texts: Texts) -> tuple[pa.Table, np.ndarray, list[Problem], int]:
    """The clean observations of the active rows' values, in file order, as dictionary arrays with narrow codes
    (built from one code per file row, repeated for its values), and the file row of each."""
    counts = grid.counts[grid.keep][active]

    def spread(codes: np.ndarray, size: int) -> np.ndarray:
        """One code per row with values, narrowed for a dictionary of size values, repeated for each value."""
        return np.repeat(codes[active].astype(np.int32).astype(index_type(size)), counts)
    kept = None if active.all() else np.repeat(per_table_row(grid, active, False), grid.counts)
    column = np.empty(int(grid.starts[-1]), dtype=np.int16)
    for pos, _, c in blocks(grid):
        column[pos] = c
    if kept is not None:
        column, values = column[kept], values[kept]
    iso_list, country = places.iso_list, rows.country
    n_iso = len(iso_list)

    def nulls(per_row: np.ndarray) -> np.ndarray | None:
        """A per-row null mask repeated for each value (None when no value is null)."""
        return np.repeat(per_row[active], counts) if per_row[active].any() else None

    def place(codes: np.ndarray, null: np.ndarray) -> pa.Array | pa.ChunkedArray:
        """A place column (null where the row's level has no such place)."""
        if null[active].all():
            return null_column(len(values), n_iso)
        return dictionary(iso_list, spread(np.where(null, 0, codes), n_iso), nulls(null))
    out = {
        "indicator_id": dictionary(rows.ids, spread(rows.index, len(rows.ids))),
        "iso3": place(places.country.iso, ~country),
        "origin_iso3": place(places.origin, country),
        "destination_iso3": place(places.destination, country),
        "period": dictionary(grid.periods, column),
        "year": pa.array(np.asarray([int(p[:4]) for p in grid.periods], dtype=np.int16)[column]),
        "value": pa.array(no_negative_zero(values)),
        "sex": dictionary(sexes.values, spread(sexes.codes, len(sexes.values))),
    }
    for fld in ("source", "note"):
        codes, vals = texts[fld]
        present = np.asarray([v is not None for v in vals], dtype=bool)
        out[fld] = dictionary([v or "" for v in vals], spread(codes, len(vals)), nulls(~present[codes]))
    file_rows = np.repeat(grid.sheet_rows[grid.keep][active].astype(np.int32), counts)
    return pa.table(out), file_rows, [], 0
