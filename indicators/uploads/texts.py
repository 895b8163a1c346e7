"""The free-text step of validation: source, note and unit cells (length, control characters, formula-like text;
portal texts shortened), the template's example row, and units that contradict the catalogue."""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _

import re

import numpy as np
import pyarrow.compute as pc

from indicators.store.catalogue import Catalogue
from indicators.uploads.cells import Flags, TextColumn
from indicators.uploads.constants import CONTROL, FORMULA, FORMULA_HELP, MAX_TEXT, TEMPLATE_MARK, TEXT_FIELDS
from indicators.uploads.indicator_codes import IndicatorRows

Texts = dict[str, tuple[np.ndarray, list[str | None]]]      # field -> (codes per row, value per distinct cell)


def check_texts(cells: dict[str, TextColumn], active: np.ndarray, flags: Flags, portal: bool,
                default_source: str | None, notes: list[str], weight: np.ndarray | None = None) -> Texts:
    """Flag overlong, control-character and formula-like text; returns the texts to store (an empty source becomes
    the default source, an empty note None). Portal exports' long source and footnote cells are shortened (weight:
    the values each row stands for, when counting them)."""
    out: Texts = {}
    shortened = 0
    for fld in TEXT_FIELDS:
        t = cells[fld]
        vals, short = shorten(t, weight) if portal and fld != "unit" else (list(t.values), 0)
        shortened += short
        check_text(t, vals, fld, active, flags)
        out[fld] = (t.codes, [v if v else (default_source if fld == "source" else None) for v in vals])
    if shortened:
        notes.append(_("{n} source or footnote cells longer than {limit} characters were shortened.").format(
            n=integer(shortened), limit=MAX_TEXT))
    return out


def shorten(t: TextColumn, weight: np.ndarray | None = None) -> tuple[list[str], int]:
    """(distinct values cut to MAX_TEXT characters with an ellipsis, how many rows, or values, were shortened)."""
    vals = list(t.values)
    shortened = 0
    for k, v in enumerate(vals):
        if len(v) > MAX_TEXT:
            vals[k] = v[:MAX_TEXT - 1] + "…"
            shortened += int((t.codes == k).sum() if weight is None else weight[t.codes == k].sum())
    return vals, shortened


def check_text(t: TextColumn, vals: list[str], fld: str, active: np.ndarray, flags: Flags) -> None:
    """Flag the active rows of one text field that are too long, hold control characters or look like formulas
    (each distinct value once, with Arrow's regular expressions when the values are the column's own)."""
    if t.dictionary is not None and vals is t.values:
        d = t.dictionary
        too_long = pc.greater(pc.utf8_length(d), MAX_TEXT).to_numpy(zero_copy_only=False)
        control = pc.match_substring_regex(d, re2(CONTROL.pattern)).to_numpy(zero_copy_only=False)
        formula = pc.match_substring_regex(d, re2(FORMULA.pattern)).to_numpy(zero_copy_only=False) & ~control
    else:
        too_long = np.asarray([len(v) > MAX_TEXT for v in vals], dtype=bool)
        control = np.asarray([bool(CONTROL.search(v)) for v in vals], dtype=bool)
        formula = np.asarray([bool(FORMULA.match(v)) for v in vals], dtype=bool) & ~control
    if too_long.any():
        flags.add(active & t.per_row(too_long, bool), fld, _("text longer than {n} characters").format(n=MAX_TEXT))
    if control.any():
        flags.add(active & t.per_row(control, bool), fld, _("control characters are not allowed in text"))
    if formula.any():
        flags.add(active & t.per_row(formula, bool), fld, FORMULA_HELP)


def re2(pattern: str) -> str:
    """A Python regular expression in RE2's notation (Arrow): \\uXXXX escapes as \\x{XXXX}."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", pattern)


def check_template_row(note: TextColumn, active: np.ndarray, flags: Flags) -> None:
    """Flag the template's example row (its note says so), left in by mistake."""
    if TEMPLATE_MARK in note.values:
        template = note.per_row([v == TEMPLATE_MARK for v in note.values], bool)
        flags.add(active & template, "note", _("this is the template's example row: delete it and add your own rows"))


def check_units(unit_t: TextColumn, active: np.ndarray, rows: IndicatorRows, cat: Catalogue, flags: Flags) -> None:
    """Flag units that differ from the catalogue's unit of the row's indicator (an empty unit is fine)."""
    if not unit_t.present:
        return
    ids, ind = rows.ids, cat.indicators
    width = len(ids) + 1
    upair = unit_t.codes.astype(np.int64) * width + np.where(rows.known, rows.index, len(ids))
    lut_u = np.zeros(len(unit_t.values) * width, dtype=bool)
    for p in np.flatnonzero(np.bincount(upair, minlength=len(lut_u))):
        u, k = unit_t.values[int(p) // width], int(p) % width
        lut_u[p] = bool(u) and k < len(ids) and u != ind["unit"].iat[k]
    bad_u = lut_u[upair]
    flags.add(active & bad_u, "unit", _("unit does not match the catalogue (leave it empty or use the catalogue's "
                                        "unit)"))
