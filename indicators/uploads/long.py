"""The long layout, which every layout is read into: RawLong (text cells per field, with the file row of each), the
accepted column names mapped to fields, and the reader of long files (one observation per row)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.i18n import _, ngettext
from indicators.i18n.formats import integer
from indicators.uploads.constants import ALIASES, DESCRIPTIVE
from indicators.uploads.problems import Problem, Rejected
from indicators.uploads.sheet import Sheet


@dataclass
class WideGrid:
    """The year/quarter cells of a wide file kept in the file's shape (no long row is built for them): one row per
    row of the file's table, one column per period; the values are the filled cells in file order (row by row)."""

    table: pa.Table | None          # the period columns' text cells (released once the numbers are read)
    present: np.ndarray             # bool (rows, columns): the cell holds a value (not empty, not a missing marker)
    counts: np.ndarray              # values per table row
    keep: np.ndarray                # the table rows with at least one value (the rows of RawLong.columns)
    sheet_rows: np.ndarray          # spreadsheet row of each table row
    periods: list[str]              # canonical period of each column ('2019', '2019Q2')
    headers: list[str]              # each column's header as written

    @property
    def starts(self) -> np.ndarray:
        """Position of each table row's first value among all values (one more entry: the number of values)."""
        out = np.zeros(len(self.counts) + 1, dtype=np.int64)
        np.cumsum(self.counts, out=out[1:])
        return out


@dataclass
class RawLong:
    """Text cells in the long layout plus where each came from (for row-level reports)."""

    columns: dict[str, pa.Array | pa.ChunkedArray]   # field -> text cells (absent fields are empty)
    rows: np.ndarray                                 # spreadsheet row of each long row
    length: int
    layout: str
    labels: dict[str, str] = field(default_factory=dict)        # field -> the file's column name
    value_columns: np.ndarray | None = None                      # per long row: the file column of the value (a
                                                                 # wide file melted by hand; readers use grid)
    period_columns: np.ndarray | None = None                     # per long row: the file column of the period
                                                                 # (normlex: ratification date or denunciation)
    set_aside: list[dict] = field(default_factory=list)          # rows not loaded on purpose (aggregates ...)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)        # column-level problems found while reading
    row_problems: list[Problem] = field(default_factory=list)    # rows the reader could not turn into long rows
    default_source: str | None = None
    encoding: str = "UTF-8"
    delimiter: str = ","
    portal: bool = False                                         # a portal export: metadata text may be shortened
    grid: WideGrid | None = None                                 # wide layouts: the cells in the file's shape; then
                                                                 # columns and rows are per file row with values
    weight: np.ndarray | None = None                             # long rows each row stands for (None: one each)

    def label(self, name: str) -> str:
        """The column name to show in messages for a field."""
        return self.labels.get(name, name)


def map_columns(sheet: Sheet, allowed_extra: tuple[str, ...] = (), period_columns: tuple[int, ...] = (),
                layout: str = "long", fields: dict[str, tuple[str, ...]] | None = None,
                allowed: tuple[str, ...] | None = None) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Field -> column index by the accepted names (fields: field -> names, ALIASES by default; a second country
    column is iso3_name); problems for unknown columns (allowed: the names listed); notes on columns not used."""
    used: dict[str, int] = {}
    problems: list[Problem] = []
    notes: list[str] = []
    taken = set(period_columns)
    for fld, aliases in (fields or ALIASES).items():
        present = [sheet.names.index(a) for a in aliases if a in sheet.names]
        if not present:
            continue
        used[fld] = present[0]
        taken.add(present[0])
        rest = present[1:]
        if fld == "iso3" and rest:
            used["iso3_name"] = rest[0]
            taken.add(rest[0])
            rest = rest[1:]
        for i in rest:
            taken.add(i)
            notes.append(_("Column {column} not used ({used} is).").format(column=sheet.header[i],
                                                                            used=sheet.header[present[0]]))
    for i, name in enumerate(sheet.names):
        if i in taken:
            continue
        if name in DESCRIPTIVE or name in allowed_extra:
            continue
        names = list(allowed or sorted(a for al in ALIASES.values() for a in al[:1]))
        names += [_("<year columns>")] if layout == "wide" else []
        problems.append(Problem(sheet.header_row, sheet.header[i], None,
                                _("unknown column (allowed: {names})").format(names=", ".join(names))))
    return used, problems, notes


def has_place_columns(fields: set[str]) -> bool:
    """True if the mapped fields place a row: iso3, or origin and destination, or sending and receiving country."""
    return "iso3" in fields or {"origin_iso3", "destination_iso3"} <= fields or {"sending", "receiving"} <= fields


def nonempty_rows(sheet: Sheet, cols: list[int]) -> np.ndarray:
    """Boolean mask of rows with at least one non-empty cell among `cols`."""
    mask = np.zeros(sheet.table.num_rows, dtype=bool)
    for i in cols:
        c = pc.utf8_trim_whitespace(sheet.table.column(i))
        mask |= pc.not_equal(c, "").to_numpy(zero_copy_only=False)
    return mask


def read_long(sheet: Sheet) -> RawLong:
    """The long layout: one observation per row; fully empty rows are skipped (and counted)."""
    used, problems, notes = map_columns(sheet)
    labels = {f: sheet.header[i] for f, i in used.items()}
    present = set(used)
    for req in ("indicator_id", "period", "value"):
        if req not in present:
            problems.append(Problem(sheet.header_row, req, None, _("required column is missing")))
    if not has_place_columns(present):
        problems.append(Problem(sheet.header_row, "iso3", None,
                                _("a place column is missing: give iso3 (country indicators) or origin_iso3 and "
                                  "destination_iso3 (corridor indicators, in the direction people migrate)")))
    if problems:
        raise Rejected(problems)
    table, rows = sheet.table, sheet.rows()
    n = table.num_rows
    # drop rows whose cells are all empty (a spreadsheet's trailing ",,,," lines), but only if there are any:
    if n and _has_empty_rows(table):
        keep = nonempty_rows(sheet, list(range(table.num_columns)))
        dropped = int((~keep).sum())
        if dropped:
            table = table.filter(pa.array(keep))
            rows = rows[keep]
            notes.append(ngettext("{n} empty row skipped.", "{n} empty rows skipped.", dropped).format(
                n=integer(dropped)))
    cols = {f: table.column(i) for f, i in used.items()}
    return RawLong(columns=cols, rows=rows, length=table.num_rows, layout="long", labels=labels, notes=notes)


def _has_empty_rows(table: pa.Table) -> bool:
    """Cheap test for rows whose first cell is empty (only then is the full empty-row mask computed)."""
    first = table.column(0)
    return bool(pc.any(pc.equal(pc.utf8_trim_whitespace(first), "")).as_py() or False)
