"""ILO NORMLEX ratification tables: Conventions, dates and statuses read; ratifications stored as 1 from their year,
denunciations as 0 from theirs; unknown Conventions set aside; countries and years checked like every upload.

The fixture tests/files/normlex_ratifications_from_store.csv (built by tests/files/build_normlex_fixture.py) holds the
bundled store's ratifications of 20 countries in NORMLEX's shape: uploading it gives exactly the bundled values.
"""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from indicators.store.catalogue import load_catalogue
from indicators.store.observations import Store
from indicators.uploads.indicator_codes import series_map
from indicators.uploads.ingest import ingest
from indicators.uploads.layouts import detect_layout
from indicators.uploads.normlex import catalogue_conventions, convention_code, status_kind, year_in, year_of
from indicators.uploads.prepare import prepare
from indicators.uploads.preview import changes
from tests.conftest import PROJECT

H = "Country,Convention,Date,Status,Note\n"
TOP = date.today().year + 1
FIXTURE = "normlex_ratifications_from_store.csv"
RATIFIED = ["ilo_c29_ratified", "ilo_c87_ratified", "ilo_c98_ratified", "ilo_c105_ratified", "ilo_p29_ratified"]


def prep(text: str, **options):
    """A NORMLEX table checked (nothing written)."""
    return prepare(text.encode("utf-8"), "normlex.csv", group="g", **options)


def stored(p) -> list[tuple]:
    """The clean rows of a checked upload as (indicator, country, period, value)."""
    assert p.ok, [str(x) for x in p.problems]
    f = p.result().frame
    return list(zip(f["indicator_id"], f["iso3"], f["period"], f["value"]))


def found(p) -> list[tuple]:
    """The problems of a refused upload as (row, column, value, reason)."""
    assert not p.ok
    return [(x.row, x.column, x.value, x.reason) for x in p.problems]


def test_convention_spellings():
    spelled = ["C097", "C97", "C.97", "c 97", "C-97", "C097 - Migration for Employment Convention (Revised), 1949 "
               "(No. 97)", "Convention No. 97", "Convention no 97", "Convention 97", "Convention N\u00b0 97",
               "Migration for Employment Convention (Revised), 1949 (No. 97)"]
    assert {convention_code(s) for s in spelled} == {"C097"}
    assert [convention_code(s) for s in ("P029", "P29", "P029 - Protocol of 2014 to the Forced Labour Convention, "
                                         "1930", "Protocol No. 29", "MLC, 2006", "C1000", "C97x", "Forced labour",
                                         "Protocol of 2014 to the Forced Labour Convention, 1930", "")] == [
        "P029", "P029", "P029", "P029", "MLC", None, None, None, None, None]


def test_every_ratification_indicator_is_reached_through_its_series_code():
    cat = load_catalogue()
    codes, series = catalogue_conventions(cat), series_map(cat)
    found_ids = {series[codes[c]][0] for c in ("C087", "C098", "C029", "P029", "C105", "C097", "C143", "C181",
                                               "C189")}
    assert found_ids == {i for i in cat.ids if i.startswith("ilo_") and i.endswith("_ratified")}
    assert "C100" not in codes and not any(c.startswith(("SL", "SI", "CI")) for c in codes)


def test_dates_give_their_year():
    days = ["1952", "1952.0", "22:06:1952", "22/06/1952", "06/22/1952", "22.06.1952", "1952-06-22",
            "1952-06-22 00:00:00", "22 Jun 1952", "22 June 1952", "22-Jun-1952", "June 22, 1952", "22 Sept 1952"]
    assert {year_of(d) for d in days} == {1952}
    assert [year_of(d) for d in ("31:02:1952", "1952-13-01", "22 Jux 1952", "52", "1952?", "mid-1952", "")] == \
        [None] * 7
    assert [year_in(t) for t in ("Denounced on 26 Jun 1990", "Denounced in 1990", "denounced (1990-06-26)",
                                 "Automatic Denunciation on 23 Dec 2004 by convention C181", "Denounced")] == \
        [1990, 1990, 1990, 2004, None]


def test_status_words():
    assert [status_kind(s) for s in ("In Force", "in force", "Ratified", "", "Not in force", "Not yet in force",
                                     "Denounced on 26 Jun 1990", "Automatic Denunciation on 1 Jan 1999",
                                     "Not ratified", "Pending")] == [
        "in_force", "in_force", "in_force", "", "not_in_force", "not_in_force", "denounced", "denounced",
        "not_ratified", None]


def test_layout_recognised_from_the_header():
    assert detect_layout(["country", "convention", "date", "status", "note"]) == "normlex"
    assert detect_layout(["country", "date", "status"]) == "normlex"              # one Convention's page
    assert detect_layout(["iso3", "convention", "ratification_date", "denunciation_date"]) == "normlex"
    assert detect_layout(["indicator_id", "iso3", "year", "value", "status"]) == "long"     # a value column: long
    long = prep("indicator_id,iso3,period,value\nilo_c98_ratified,GBR,1949,1\n", layout="normlex")
    assert found(long)[0][3] == "the file looks like the long layout, not normlex: choose 'long' or 'auto'"
    assert found(prep(H + "Kenya,C098,1964,In Force,\n", layout="long"))[0][3].startswith(
        "the file looks like the normlex layout")


def test_in_force_denounced_and_not_in_force():
    p = prep(H + "Kenya,C098,13 Jan 1964,In Force,\n"
                 "Malaysia,C105 - Abolition of Forced Labour Convention,1958,Not in force,Denounced on 10 Jan 1990\n"
                 "Singapore,C.105,22:06:1965,Denounced on 19:04:1979,\n"
                 "Ghana,Convention No. 189,2025-06-22,Not in force,The Convention will enter into force in 2026.\n"
                 "Norway,C87,1949,,\n")
    assert p.layout == "normlex" and p.set_aside.empty
    assert stored(p) == [("ilo_c98_ratified", "KEN", "1964", 1.0),
                         ("ilo_c105_ratified", "MYS", "1958", 1.0), ("ilo_c105_ratified", "MYS", "1990", 0.0),
                         ("ilo_c105_ratified", "SGP", "1965", 1.0), ("ilo_c105_ratified", "SGP", "1979", 0.0),
                         ("ilo_c189_ratified", "GHA", "2025", 1.0), ("ilo_c87_ratified", "NOR", "1949", 1.0)]
    notes = list(p.result().frame["note"])
    assert notes[0] == "ratified 13 Jan 1964; status: In Force"
    assert notes[2].startswith("denounced in 1990: the ratification of 1958 ended")
    assert notes[5].startswith("ratified 2025-06-22; status: Not in force; counted as ratified: not yet in force")
    assert notes[5].endswith("The Convention will enter into force in 2026.")
    assert any(n.startswith("1 ratification 'Not in force' without a denunciation") for n in p.notes)
    assert set(p.result().frame["source"]) == {"ILO NORMLEX"}


def test_denunciation_date_column():
    p = prep("Member State,Instrument,Ratification date,Status,Denunciation date\n"
             "MYS,C105,1958,Not in force,10 Jan 1990\nSGP,C105,1965,Denounced,1979\nKEN,C105,1964,,\n")
    assert stored(p) == [("ilo_c105_ratified", "MYS", "1958", 1.0), ("ilo_c105_ratified", "MYS", "1990", 0.0),
                         ("ilo_c105_ratified", "SGP", "1965", 1.0), ("ilo_c105_ratified", "SGP", "1979", 0.0),
                         ("ilo_c105_ratified", "KEN", "1964", 1.0)]


def test_unknown_conventions_and_headings_set_aside_never_guessed():
    p = prep(H + "Fundamental,,,,\nKenya,C100 - Equal Remuneration Convention,2001,In Force,\n"
                 "Kenya,\"MLC, 2006\",2014,In Force,\nKenya,C098,1964,In Force,\nKenya,C097,,Not ratified,\n")
    assert stored(p) == [("ilo_c98_ratified", "KEN", "1964", 1.0)]
    aside = p.set_aside
    assert aside["row"].tolist() == [2, 3, 4, 6] and aside["place"].tolist()[1:3] == ["C100", "MLC"]
    assert aside["reason"][1] == "C100 is not in the catalogue (no indicator lists it in its series_codes): not loaded"
    assert aside["reason"][0].startswith("no ratification date or status")
    assert aside["reason"][3].startswith("not ratified")
    only = prep(H + "Kenya,C100,2001,In Force,\n")
    assert found(only) == [(None, None, None, "no ratifications to load: every row was set aside (listed with the "
                                              "reason)")]


def test_ambiguous_or_unknown_country_refused_with_row_and_column():
    p = prep(H + "Congo,C105,1999,In Force,\nAtlantis,C105,1963,Not in force,Denounced in 1990\n"
                 "Congo (COG),C105,1999,In Force,\n")
    assert found(p) == [
        (2, "Country", "Congo", "ambiguous country name: could be Congo, The Democratic Republic of the (COD) or "
                                "Congo (COG); use the ISO3 code"),
        (3, "Country", "Atlantis", "unknown country name or code (close: Albania (ALB))"),        # once per row
        (4, "Country", "Congo (COG)", "unknown country name or code (close: Congo, The Democratic Republic of the "
                                      "(COD), Congo (COG), Hong Kong (HKG))")]


def test_rows_that_cannot_be_read():
    p = prep("Country,Convention,Date,Status,Note,Denunciation date\n"
             "Kenya,Forced labour,1964,In Force,,\n"
             "Kenya,C087,22 Jux 1964,In Force,,\n"
             "Kenya,C029,,In Force,,\n"
             "Kenya,C098,1964,Pending,,\n"
             "Kenya,C105,1964,Denounced,,\n"
             "Kenya,C097,1964,Not in force,Denounced,\n"
             "Kenya,C143,1964,Denounced on 2 May 1960,,\n"
             "Kenya,C181,1964,In Force,,1990\n"
             "Kenya,C189,1964,Not in force,,soon\n")
    assert found(p) == [
        (2, "Convention", "Forced labour", "cannot tell which Convention this is: write its code (C097, P029) or "
                                           "'Convention No. 97'"),
        (3, "Date", "22 Jux 1964", "a ratification date must be a year (1952) or a day (22 Jun 1952, 22:06:1952, "
                                   "1952-06-22)"),
        (4, "Date", None, "missing ratification date"),
        (5, "Status", "Pending", "status must be In Force, Not in force or Denounced (with its date: Denounced on "
                                 "26 Jun 1990, or a denunciation date column)"),
        (6, "Status", "Denounced", "denounced, but no date of denunciation: write 'Denounced on 26 Jun 1990' or "
                                   "give a denunciation date column"),
        (7, "Status", "Not in force", "denounced, but no date of denunciation: write 'Denounced on 26 Jun 1990' or "
                                      "give a denunciation date column"),
        (8, "Status", "Denounced on 2 May 1960", "the denunciation (1960) must come after the ratification (1964)"),
        (9, "Denunciation date", "1990", "a date of denunciation, but the status says In Force"),
        (10, "Denunciation date", "soon", "the date of denunciation must be a year (1990) or a day (26 Jun 1990)")]


def test_years_from_1919_for_ilo_ratifications_only():
    p = prep(H + "United Kingdom,C098,1949,In Force,\nFrance,C029,1919,In Force,\nMalaysia,C105,1958,Not in force,"
                 "Denounced in 1949\n")
    assert found(p) == [(4, "Note", "Denounced in 1949", "the denunciation (1949) must come after the ratification "
                                                         "(1958)")]
    p = prep(H + "United Kingdom,C098,22 Jun 1949,In Force,\nFrance,C029,1919,In Force,\n")
    assert stored(p) == [("ilo_c98_ratified", "GBR", "1949", 1.0), ("ilo_c29_ratified", "FRA", "1919", 1.0)]
    early = prep(H + "France,C029,1918,In Force,\nFrance,C087,1917,Not in force,Denounced in 1918\n")
    assert found(early) == [(2, "Date", "1918", f"year must be between 1919 and {TOP} for ilo_c29_ratified"),
                            (3, "Date", "1917", f"year must be between 1919 and {TOP} for ilo_c87_ratified"),
                            (3, "Note", "1918", f"year must be between 1919 and {TOP} for ilo_c87_ratified")]
    icrmw = prep("Country,Date,Status\nMexico,1999,In Force\nPhilippines,1949,In Force\n", indicator="icrmw_party")
    assert found(icrmw) == [(3, "Date", "1949", f"year must be between 1990 and {TOP} for icrmw_party")]


def test_one_convention_table_takes_the_indicator_chosen_on_upload():
    text = "Country,Date,Status,Note\nPhilippines,2012,In Force,\nItaly,2013,In Force,\n"
    assert stored(prep(text, indicator="ilo_c189_ratified")) == [("ilo_c189_ratified", "PHL", "2012", 1.0),
                                                                 ("ilo_c189_ratified", "ITA", "2013", 1.0)]
    assert found(prep(text))[0][:2] == (2, "convention")
    other = prep(H + "Kenya,C098,1964,In Force,\n", indicator="ilo_c87_ratified")
    assert "the indicator chosen on upload is ilo_c87_ratified" in found(other)[0][3]


def test_columns_checked():
    bad = found(prep("Country,Convention,Date,Status,Ratifying body\nKenya,C098,1964,In Force,Parliament\n"))
    assert bad == [(1, "Ratifying body", None, "unknown column (allowed: country, convention, date, status, "
                                               "denunciation_date, note, source)")]
    assert found(prep("Convention,Date,Status,Note\nC098,1964,In Force,\n")) == [
        (1, "country", None, "required column is missing")]
    p = prep("Country,Country code,Convention,Title,Date,Status\nKenya,KEN,C098,Right to Organise,1964,In Force\n")
    assert stored(p) == [("ilo_c98_ratified", "KEN", "1964", 1.0)]
    p = prep("indicator_id,iso3,date,status\nilo_c189_ratified,PHL,2012,In Force\n")        # catalogue ids too
    assert p.layout == "normlex" and stored(p) == [("ilo_c189_ratified", "PHL", "2012", 1.0)]


def test_rejected_table_leaves_the_data_directory_byte_identical(tmp_path):
    store = Store(tmp_path / "data")
    assert ingest_text(tmp_path, H + "Kenya,C098,1964,In Force,\n", store).ok
    before = store.file_state()
    res = ingest_text(tmp_path, H + "Kenya,C087,1965,In Force,\nCongo,C098,1999,In Force,\n", store)
    assert not res.ok and res.upload_id is None and store.file_state() == before


def ingest_text(tmp_path, text: str, store: Store):
    """Ingest a table written to a file."""
    f = tmp_path / "table.csv"
    f.write_text(text, encoding="utf-8")
    return ingest(f, group="g", store=store)


# ---------------------------------------------------------------------- the fixture: bundled ratifications
@pytest.fixture(scope="module")
def bundled():
    """The bundled ratification series (upload bundled-ilo-fundamental), without the baseline 0 of the adoption
    year: a table of ratifications says nothing about the years before one."""
    obs = Store().observations()
    obs = obs[obs["indicator_id"].isin(RATIFIED) & (obs["upload_id"] == "bundled-ilo-fundamental")]
    return obs[~obs["note"].str.startswith("baseline")]


def test_fixture_uploads_as_exactly_the_bundled_values(files, empty_store, bundled):
    res = ingest(files / FIXTURE, group="ILO team", store=empty_store)
    assert res.ok and res.layout == "normlex", [str(p) for p in res.problems[:5]]
    got = empty_store.observations().set_index(["indicator_id", "iso3", "period"])["value"].sort_index()
    pairs = set(zip(got.index.get_level_values(0), got.index.get_level_values(1)))
    want = bundled[[(i, c) in pairs for i, c in zip(bundled["indicator_id"], bundled["iso3"])]]
    want = want.set_index(["indicator_id", "iso3", "period"])["value"].sort_index()
    assert len(got) == len(want) == 76 and got.index.equals(want.index) and (got == want).all()
    assert got[("ilo_c105_ratified", "MYS")].to_dict() == {"1958": 1.0, "1990": 0.0}
    assert got[("ilo_c105_ratified", "SGP")].to_dict() == {"1965": 1.0, "1979": 0.0}
    early = got[got.index.get_level_values("period") < "1950"]
    assert ("ilo_c87_ratified", "GBR", "1949") in early.index and ("ilo_c29_ratified", "GBR", "1931") in early.index
    assert len(pairs) == 74 and {c for _, c in pairs} == set(bundled_countries(files))
    assert set(res.set_aside["place"]) == {"C182"} and len(res.set_aside) == 20


def bundled_countries(files) -> list[str]:
    """The ISO3 codes of the fixture's countries."""
    from indicators.store.countries import resolve
    import pandas as pd
    names = pd.read_csv(files / FIXTURE, encoding="utf-8-sig")["Country"].unique()
    return [resolve(n).iso3 for n in names]


def test_fixture_on_top_of_the_bundled_data_changes_nothing(files, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    p = prepare((files / FIXTURE).read_bytes(), FIXTURE, group="ILO team", data_dir=data)
    assert p.ok and changes(Store(data), p).counts() == {"new": 0, "changed": 0, "unchanged": 76}
