"""Validation of an upload read into the long layout, against the catalogue and the country reference.

Vectorised: every text column is dictionary-encoded, each distinct value is checked once, then flags are mapped
back to rows. validate_long runs the steps in order: the file as a whole, indicators, places, periods, values (number,
range, 0/1), sex, free text, the template row, units, duplicate keys; then builds the clean table or reports every
problem with the file's own row numbers and column names (at most MAX_PROBLEMS listed, all counted).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from indicators.i18n import _
from indicators.i18n.formats import integer
from indicators.store.catalogue import Catalogue
from indicators.uploads.cells import TooManyDistinct
from indicators.uploads.clean import clean_table
from indicators.uploads.constants import DISTINCT_KEYS_MAX, MAX_PROBLEMS, MAX_ROWS_DEFAULT
from indicators.uploads.keys import check_duplicates, check_periods, check_sex
from indicators.uploads.long import RawLong
from indicators.uploads.problems import Problem
from indicators.uploads.steps import indicators_and_places
from indicators.uploads.texts import check_template_row, check_texts, check_units
from indicators.uploads.values import check_binary, check_numbers, check_ranges
from indicators.uploads.wide_checks import validate_wide


@dataclass
class Validation:
    """Outcome of validate_long: clean observations or problems, plus rows set aside and notes."""

    table: pa.Table | None
    rows: np.ndarray
    problems: list[Problem]
    problem_count: int
    set_aside: list[dict]
    notes: list[str]


def validate_long(raw: RawLong, cat: Catalogue, valid_iso3: frozenset[str] | None = None, *,
                  indicator: str | None = None, max_rows: int = MAX_ROWS_DEFAULT,
                  default_source: str | None = None) -> Validation:
    """Validate text cells in the long layout; returns clean observations or every problem (vectorised)."""
    from indicators.store.countries import iso3_set
    valid = valid_iso3 or iso3_set()
    notes, set_aside = list(raw.notes), list(raw.set_aside)
    problems = check_file(raw, cat, indicator, max_rows)
    if problems:
        return Validation(None, np.zeros(0, dtype=np.int64), problems, len(problems), set_aside, notes)
    if raw.grid is not None:
        return _wide(raw, cat, valid, indicator, default_source, notes, set_aside)
    try:
        placed = indicators_and_places(raw, cat, valid, indicator, notes, set_aside)
    except TooManyDistinct as exc:
        return Validation(None, np.zeros(0, dtype=np.int64), [too_many(raw, exc)], 1, set_aside, notes)
    cells, flags, rows, places, active = placed.cells, placed.flags, placed.rows, placed.places, placed.active
    periods = check_periods(cells["period"], active, flags, rows, cat)
    values, finite = check_numbers(raw, active, flags, notes)
    out_of_range = check_ranges(raw, values, finite, active, rows, cat, flags)
    check_binary(raw, values, finite, out_of_range, active, rows, cat, flags)
    sexes = check_sex(cells["sex"], active, flags)
    texts = check_texts(cells, active, flags, raw.portal, default_source, notes)
    check_template_row(cells["note"], active, flags)
    check_units(cells["unit"], active, rows, cat, flags)
    check_duplicates(raw, rows, places, periods, sexes, active, flags)
    if flags.problems:
        return Validation(None, np.zeros(0, dtype=np.int64), sorted_problems(flags.problems), flags.count,
                          set_aside, notes)
    keep = np.flatnonzero(active)
    if len(keep) == 0:
        return Validation(None, np.zeros(0, dtype=np.int64),
                          [Problem(None, None, None, _("no rows to load: every row was set aside (aggregates)"))], 1,
                          set_aside, notes)
    table = clean_table(keep, raw.length, rows, places, periods, values, sexes, texts)
    return Validation(table, raw.rows[keep], [], 0, set_aside, notes)


def _wide(raw: RawLong, cat: Catalogue, valid: frozenset[str], indicator: str | None, default_source: str | None,
          notes: list[str], set_aside: list[dict]) -> Validation:
    """validate_long of a wide file kept in its shape (wide_checks.validate_wide)."""
    empty = np.zeros(0, dtype=np.int64)
    try:
        table, rows, problems, count = validate_wide(raw, cat, valid, indicator, default_source, notes, set_aside)
    except TooManyDistinct as exc:
        return Validation(None, empty, [too_many(raw, exc)], 1, set_aside, notes)
    if problems:
        return Validation(None, empty, sorted_problems(problems), count, set_aside, notes)
    return Validation(table, rows, [], 0, set_aside, notes)


def check_file(raw: RawLong, cat: Catalogue, indicator: str | None, max_rows: int) -> list[Problem]:
    """Problems of the file as a whole, before any row is looked at: found while reading, no rows, too many rows, an
    unknown indicator chosen on upload."""
    n = raw.length
    if raw.problems:
        return list(raw.problems)
    if n == 0 and raw.row_problems:
        return sorted_problems(list(raw.row_problems))
    if n == 0:
        reason = (_("the file has a header but no data rows") if raw.layout in ("long", "normlex")
                  and not raw.set_aside
                  else _("no ratifications to load: every row was set aside (listed with the reason)")
                  if raw.layout == "normlex"
                  else _("no values to load: every row was set aside (aggregates) or every year cell is empty"))
        return [Problem(None, None, None, reason)]
    if n > max_rows:
        return [Problem(None, None, None, _("{n} rows is over the limit of {limit}").format(
            n=integer(n), limit=integer(max_rows)))]
    if indicator is not None and indicator not in cat.indicators.index:
        return [Problem(None, None, indicator, _("the chosen indicator is not in the catalogue"))]
    return []


def too_many(raw: RawLong, exc: TooManyDistinct) -> Problem:
    """The refusal of a file whose key column has more distinct cells than any real file."""
    return Problem(None, raw.label(exc.field), None,
                   _("{n} different values in this column, more than the {limit} a file of indicators, places, "
                     "periods and sexes can have: check the column (is it the right one?); the rows were not checked "
                     "one by one").format(n=integer(exc.count), limit=integer(DISTINCT_KEYS_MAX)))


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in file order (row, then column; file-level ones first), the first MAX_PROBLEMS."""
    problems.sort(key=lambda p: (p.row if p.row is not None else 0, p.column or ""))
    return problems[:MAX_PROBLEMS]
