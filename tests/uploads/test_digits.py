"""Digits other than ASCII 0-9 (issue 12, item 4): Arabic-Indic, fullwidth, Devanagari, superscript digits and the
decimal signs that go with them are refused in periods, codes, values and headers, with the character named and the
ASCII one meant; free text (notes, sources) may hold them. 2020 and ٢٠٢٠ can never become two keys."""
from __future__ import annotations

import pandas as pd
import pytest

from indicators.store.observations import Store
from indicators.uploads.ingest import ingest_bytes
from indicators.uploads.prepare import prepare

L = "labour_rights_sdg882"
H = "indicator_id,iso3,period,value\n"
CASES = {
    "Arabic-Indic year beside the ASCII one": (H + f"{L},KEN,2020,3\n{L},KEN,٢٠٢٠,4\n", 3, "period", "٢", "'2'"),
    "fullwidth year": (H + f"{L},KEN,２０２０,3\n", 2, "period", "２", "'2'"),
    "Devanagari year": (H + f"{L},KEN,२०२०,3\n", 2, "period", "२", "'2'"),
    "Extended Arabic-Indic quarter": (H + f"{L},KEN,۲۰۲۰Q1,3\n", 2, "period", "۲", "'2'"),
    "Arabic decimal": (H + f"{L},KEN,2020,٣٫٥\n", 2, "value", "٫", "'.'"),
    "fullwidth decimal": (H + f"{L},KEN,2020,３．５\n", 2, "value", "．", "'.'"),
    "ASCII digits, Arabic decimal separator": (H + f"{L},KEN,2020,3٫5\n", 2, "value", "٫", "'.'"),
    "superscript in a value": (H + f"{L},KEN,2020,3²\n", 2, "value", "²", "'2'"),
    "M49 code in Arabic-Indic digits": (H + f"{L},٤٠٤,2020,3\n", 2, "iso3", "٤", "'4'"),
    "wide header": (f"indicator_id,iso3,٢٠٢٠\n{L},KEN,3\n", 1, "٢٠٢٠", "٢", "'2'"),
    "wide cell": (f"indicator_id,iso3,2020\n{L},KEN,٣\n", 2, "2020", "٣", "'3'"),
    "NORMLEX date": ("Country,Convention,Date,Status\nKenya,C098,١٩٦٤,In Force\n", 2, "Date", "١", "'1'"),
    "NORMLEX convention": ("Country,Convention,Date,Status\nKenya,C٩٨,1964,In Force\n", 2, "Convention", "٩", "'9'"),
}


@pytest.mark.parametrize("name", CASES)
def test_refused_naming_the_character_and_its_ascii_form(name, tmp_path):
    text, row, column, char, meant = CASES[name]
    store = Store(tmp_path / "data")
    res = ingest_bytes(text.encode(), "d.csv", "g", store=store)
    assert not res.ok and store.file_state() == {}
    first = res.problems[0]
    assert (first.row, first.column) == (row, column), str(first)
    assert char in first.reason and f"for {meant}" in first.reason and "0-9" in first.reason
    assert "not a finite number" not in first.reason


def test_free_text_may_hold_any_digits(tmp_path):
    text = "indicator_id,iso3,period,value,note,source\n" + f"{L},KEN,2020,3,سنة ٢٠٢٠,وزارة العمل ٢٠٢١\n"
    res = ingest_bytes(text.encode(), "d.csv", "g", store=Store(tmp_path / "data"))
    assert res.ok, [str(p) for p in res.problems]


def test_the_duplicate_check_runs_on_the_stored_key(tmp_path):
    # the only spellings that can share a key are those the store writes the same (' ken ' and KEN, 2019.0 and 2019)
    p = prepare((H + f"{L},KEN,2019,3\n{L}, ken ,2019.0,4\n").encode(), "d.csv")
    assert not p.ok and "duplicate of row 2" in p.problems[0].reason


def test_the_store_refuses_a_period_that_is_not_ascii(tmp_path):
    with pytest.raises(ValueError, match="not a year"):
        Store(tmp_path / "d").commit(pd.DataFrame({"indicator_id": [L], "iso3": ["KEN"], "period": ["٢٠٢٠"],
                                                   "value": [3.0]}), "g", "a.csv", "0")


def test_foreign_digit_names_each_character_once():
    from indicators.uploads.digits import foreign_digit
    why = foreign_digit("٢٠٢٠")
    assert why.count("٢") == 1 and "arabic-indic digit two" in why and "'0'" in why
    assert foreign_digit("2020") is None and foreign_digit("Côte d'Ivoire") is None
