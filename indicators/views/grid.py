"""Server-side paging for AG Grid's infinite row model: one block of a table, sorted and filtered as the grid asks."""
from __future__ import annotations

import operator
from typing import Any, Callable

import pandas as pd

from indicators.i18n import N_, _
from indicators.i18n.formats import number, sort_key

BLOCK = 100                    # rows a grid asks for at most in one request (AG Grid's default cacheBlockSize)
NUMBER_TESTS: dict[str, Callable[[Any, Any], Any]] = {
    "equals": operator.eq, "notEqual": operator.ne, "lessThan": operator.lt, "lessThanOrEqual": operator.le,
    "greaterThan": operator.gt, "greaterThanOrEqual": operator.ge,
}


def _text_mask(values: pd.Series, cond: dict[str, Any]) -> pd.Series:
    """Rows whose text meets one text condition (case-insensitive; contains by default)."""
    s = values.fillna("").astype(str).str.casefold()
    word = str(cond.get("filter") or "").casefold()
    kind = cond.get("type") or "contains"
    tests = {"contains": lambda: s.str.contains(word, regex=False),
             "notContains": lambda: ~s.str.contains(word, regex=False),
             "equals": lambda: s == word, "notEqual": lambda: s != word,
             "startsWith": lambda: s.str.startswith(word), "endsWith": lambda: s.str.endswith(word),
             "blank": lambda: s == "", "notBlank": lambda: s != ""}
    return tests[kind]() if kind in tests else pd.Series(True, index=values.index)


def _number_mask(values: pd.Series, cond: dict[str, Any]) -> pd.Series:
    """Rows whose number meets one number condition (a missing value meets none but 'blank')."""
    v = pd.to_numeric(values, errors="coerce").astype(float)
    kind = cond.get("type") or "equals"
    if kind == "blank":
        return v.isna()
    if kind == "notBlank":
        return v.notna()
    if kind == "inRange":
        lo, hi = cond.get("filter"), cond.get("filterTo")
        return v.between(float(lo), float(hi)) if lo is not None and hi is not None else v.notna()
    if kind not in NUMBER_TESTS or cond.get("filter") is None:
        return pd.Series(True, index=values.index)
    return NUMBER_TESTS[kind](v, float(cond["filter"])).fillna(False) & v.notna()


def _mask(values: pd.Series, model: dict[str, Any]) -> pd.Series:
    """Rows meeting a column's filter model: one condition, or two joined by AND / OR."""
    one = _number_mask if model.get("filterType") == "number" else _text_mask
    conds = model.get("conditions")
    if not conds:
        return one(values, model)
    masks = [one(values, c) for c in conds]
    out = masks[0]
    for m in masks[1:]:
        out = (out | m) if model.get("operator") == "OR" else (out & m)
    return out


def filtered(df: pd.DataFrame, filter_model: dict[str, Any] | None) -> pd.DataFrame:
    """The rows meeting every column filter (unknown columns are ignored)."""
    keep = pd.Series(True, index=df.index)
    for col, model in (filter_model or {}).items():
        if col in df.columns and isinstance(model, dict):
            keep &= _mask(df[col], model).astype(bool)
    return df[keep]


def sorted_rows(df: pd.DataFrame, sort_model: list[dict[str, Any]] | None) -> pd.DataFrame:
    """The rows in the grid's sort order (missing values last either way; names in the language's order); no
    sort model keeps the table's own order."""
    keys = [s for s in (sort_model or []) if s.get("colId") in df.columns]
    if not keys:
        return df
    out = df
    for s in reversed(keys):            # stable sorts, least significant key first
        col = out[s["colId"]]
        by = col.map(lambda x: sort_key(str(x)) if isinstance(x, str) else x) if col.dtype == object else col
        order = by.sort_values(ascending=s.get("sort") != "desc", kind="stable", na_position="last").index
        out = out.loc[order]
    return out


def grid_block(df: pd.DataFrame, request: dict[str, Any] | None) -> tuple[list[dict[str, Any]], int]:
    """(rows startRow..endRow, how many rows match) of the table sorted and filtered as the grid's request says."""
    req = request or {}
    rows = sorted_rows(filtered(df, req.get("filterModel")), req.get("sortModel"))
    start = max(int(req.get("startRow") or 0), 0)
    end = min(int(req.get("endRow") if req.get("endRow") is not None else start + BLOCK), start + BLOCK)
    block = rows.iloc[start:max(end, start)]
    return block.astype(object).where(block.notna(), None).to_dict("records"), len(rows)


def shown(rows: list[dict[str, Any]], formats: dict[str, tuple[str, str | None, str]]) -> list[dict[str, Any]]:
    """The rows as the grid shows them: numbers as text with the column's decimals in the language in force ('d':
    whole numbers without grouping, such as years and ranks) and a missing value as the column's words."""
    def one(col: str, v: Any) -> Any:
        kind, fmt, missing = formats.get(col, ("text", None, ""))
        if kind != "numeric":
            return v
        if v is None:
            return _(missing) if missing else ""
        return str(int(v)) if fmt == "d" else number(v, int(fmt.strip(".f")) if fmt else 1)
    return [{c: one(c, v) for c, v in r.items()} for r in rows]


GRID_WORDS = {   # AG Grid's own words (localeText keys) shown on the page, as messages of the catalogues
    "page": N_("Page"), "of": N_("of"), "to": N_("to"), "more": N_("more"), "firstPage": N_("First Page"),
    "previousPage": N_("Previous Page"), "nextPage": N_("Next Page"), "lastPage": N_("Last Page"),
    "loadingOoo": N_("Loading…"), "noRowsToShow": N_("No rows to show"), "filterOoo": N_("Filter…"),
    "ariaFilterInput": N_("Filter Input"), "ariaFilterMenuOpen": N_("Open Filter Menu"),
    # the filter menu: its operators, the AND/OR joiner, its buttons and the labels screen readers hear
    "contains": N_("Contains"), "notContains": N_("Does not contain"), "equals": N_("Equals"),
    "notEqual": N_("Does not equal"), "startsWith": N_("Begins with"), "endsWith": N_("Ends with"),
    "blank": N_("Blank"), "notBlank": N_("Not blank"), "empty": N_("Choose one"), "lessThan": N_("Less than"),
    "greaterThan": N_("Greater than"), "lessThanOrEqual": N_("Less than or equal to"),
    "greaterThanOrEqual": N_("Greater than or equal to"), "inRange": N_("Between"), "inRangeStart": N_("From"),
    "inRangeEnd": N_("To"), "andCondition": N_("AND"), "orCondition": N_("OR"), "applyFilter": N_("Apply"),
    "resetFilter": N_("Reset"), "clearFilter": N_("Clear"), "cancelFilter": N_("Cancel"),
    "textFilter": N_("Text Filter"), "numberFilter": N_("Number Filter"),
    "ariaFilteringOperator": N_("Filtering Operator"), "ariaFilterValue": N_("Filter Value"),
    "ariaFilterFromValue": N_("Filter from value"), "ariaFilterToValue": N_("Filter to value"),
}


def locale_text() -> dict[str, str]:
    """AG Grid's localeText in the language in force."""
    return {k: _(v) for k, v in GRID_WORDS.items()}
