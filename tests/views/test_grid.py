"""Server-side blocks for the infinite grid on a hand-made table (expected rows worked out by hand)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.views.grid import filtered, grid_block, shown, sorted_rows

DF = pd.DataFrame({"origin": ["Nepal", "Pakistan", "India", "nepal east", "Zimbabwe"],
                   "cost": [4.64, 5.0, np.nan, 2.5, 12.0],
                   "year": pd.array([2020, 2020, None, 2019, 2018], dtype="Int64")})


def test_block_slices_and_counts_all_rows():
    rows, n = grid_block(DF, {"startRow": 1, "endRow": 3})
    assert n == 5 and [r["origin"] for r in rows] == ["Pakistan", "India"]
    assert rows[1]["cost"] is None and rows[1]["year"] is None      # missing values travel as null, not NaN


def test_number_filter_greater_than_drops_missing():
    # cost > 4.64: Pakistan 5.0 and Zimbabwe 12.0; India (missing) never matches
    rows, n = grid_block(DF, {"startRow": 0, "endRow": 100,
                              "filterModel": {"cost": {"filterType": "number", "type": "greaterThan", "filter": 4.64}}})
    assert n == 2 and [r["origin"] for r in rows] == ["Pakistan", "Zimbabwe"]


def test_text_filter_is_case_insensitive_contains():
    out = filtered(DF, {"origin": {"filterType": "text", "type": "contains", "filter": "NEPAL"}})
    assert out["origin"].tolist() == ["Nepal", "nepal east"]


def test_two_conditions_joined_by_or():
    model = {"cost": {"filterType": "number", "operator": "OR", "conditions": [
        {"filterType": "number", "type": "lessThan", "filter": 3}, {"filterType": "number", "type": "greaterThan", "filter": 10}]}}
    assert filtered(DF, model)["origin"].tolist() == ["nepal east", "Zimbabwe"]


def test_sort_descending_keeps_missing_last():
    out = sorted_rows(DF, [{"colId": "cost", "sort": "desc"}])
    assert out["origin"].tolist() == ["Zimbabwe", "Pakistan", "Nepal", "nepal east", "India"]


def test_sort_names_ascending_and_unknown_column_ignored():
    assert sorted_rows(DF, [{"colId": "origin", "sort": "asc"}])["origin"].tolist()[:2] == ["India", "Nepal"]
    assert sorted_rows(DF, [{"colId": "nope", "sort": "asc"}]).equals(DF)


def test_block_is_capped_and_past_the_end_is_empty():
    big = pd.DataFrame({"x": range(250)})
    rows, n = grid_block(big, {"startRow": 0, "endRow": 1000})
    assert n == 250 and len(rows) == 100
    assert grid_block(big, {"startRow": 300, "endRow": 400}) == ([], 250)


def test_shown_formats_numbers_and_missing_words():
    formats = {"cost": ("numeric", ".2f", "no data"), "year": ("numeric", "d", ""), "origin": ("text", None, "")}
    rows, _ = grid_block(DF, {"startRow": 0, "endRow": 3})
    assert shown(rows, formats) == [{"origin": "Nepal", "cost": "4.64", "year": "2020"},
                                    {"origin": "Pakistan", "cost": "5.00", "year": "2020"},
                                    {"origin": "India", "cost": "no data", "year": ""}]


def test_grid_words_follow_the_language():
    from indicators.i18n import use
    from indicators.views.grid import locale_text
    assert locale_text()["nextPage"] == "Next Page"
    with use("fr"):
        assert locale_text()["nextPage"] == "Page suivante" and locale_text()["of"] == "sur"


def test_grid_filter_menu_words_follow_the_language():
    # the filter menu's operators and joiners come from the catalogues, as AG Grid's localeText keys
    from indicators.i18n import use
    from indicators.views.grid import locale_text
    assert locale_text()["contains"] == "Contains" and locale_text()["andCondition"] == "AND"
    with use("fr"):
        words = locale_text()
        assert (words["contains"], words["greaterThan"], words["andCondition"], words["orCondition"]) == \
            ("Contient", "Supérieur à", "ET", "OU")
    with use("es"):
        words = locale_text()
        assert (words["contains"], words["lessThan"], words["andCondition"], words["filterOoo"]) == \
            ("Contiene", "Menor que", "Y", "Filtrar…")
