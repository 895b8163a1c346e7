"""Every CSV and XLSX the product emits goes through the one neutralising writer (indicators.store.safe_tables):
page downloads, the HTTP API (as-of, template, codes), the command line (history, uploads, as-of, score, corridors,
audit, catalog, groups) and briefing workbooks. A text cell a spreadsheet would read as a formula is written with a
leading apostrophe; numbers stay numbers. The hostile cells come from a real upload (tests/web/hostile_data.py)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from indicators.store.safe_tables import csv_text, looks_like_formula, neutral_cell, neutral_frame, xlsx_cell
from tests.web import hostile_data as hd

STARTS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
HOSTILE = ["+ cmd|' /C calc'!A0", "-2+3", '=HYPERLINK("http://evil.example","x")', "@SUM(A1)", " =1+1",
           "  -2+3", "\t=1", "\r=1", "\n=1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20A1", "\u00a0=1", "\u3000+1"]


def _number(text: str) -> bool:
    """Whether a CSV cell is a number as written (a negative number is a number, not a formula)."""
    try:
        float(text)
        return True
    except ValueError:
        return False


def dangerous(cell: str) -> bool:
    """A text cell a spreadsheet would take for a formula (checked independently of the writer's own rule)."""
    rest = cell.lstrip(" \u00a0\u3000")
    return bool(cell) and not _number(cell) and (cell[0] in STARTS or (bool(rest) and rest[0] in STARTS))


def assert_safe_csv(text: str, must_contain: list[str] = ()) -> list[list[str]]:
    """Parse CSV text; no cell may be a live formula, and each must_contain string appears neutralised."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    cells = [c for r in rows for c in r]
    live = [c for c in cells if dangerous(c)]
    assert not live, f"formula-like cells written as they are: {live[:5]}"
    for s in must_contain:
        assert "'" + s in cells, f"{s!r} not found neutralised"
    return rows


# ---------------------------------------------------------------------- the writer
@pytest.mark.parametrize("text", HOSTILE)
def test_every_formula_start_gets_an_apostrophe(text):
    assert looks_like_formula(text) and neutral_cell(text) == "'" + text
    assert xlsx_cell(text).startswith("'")


@pytest.mark.parametrize("text", ["Kenya", "", "3 % target", "a-b", "Survey (2020) = good", "'=already"])
def test_plain_text_is_left_alone(text):
    assert neutral_cell(text) == text


def test_numbers_stay_numbers_and_mixed_columns_touch_only_text():
    df = pd.DataFrame({"value": [-2.0, 3.5, None], "count": pd.array([-1, 2, None], dtype="Int64"),
                       "mixed": [-5, "-2+3", 1.5], "-neg header": ["x", "y", "z"]})
    out = neutral_frame(df)
    assert out["value"].tolist()[:2] == [-2.0, 3.5] and out["count"].tolist()[:2] == [-1, 2]
    assert out["mixed"].tolist() == [-5, "'-2+3", 1.5] and list(out.columns)[-1] == "'-neg header"
    assert csv_text(df).splitlines()[1].startswith("-2.0,-1,-5,")


# ---------------------------------------------------------------------- the outputs, on a hostile upload
@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, str]:
    """A copy of the bundled data with formula sources, note and file name; (data dir, upload id)."""
    d = hd.data_copy(tmp_path_factory.mktemp("csv-outputs"))
    return d, hd.formula_upload(d)


@pytest.fixture
def in_data(hostile, monkeypatch):
    """MPD_DATA_DIR pointing at the hostile copy (the API and the pages read the configured directory)."""
    monkeypatch.setenv("MPD_DATA_DIR", str(hostile[0]))
    return hostile


def test_api_as_of_template_and_codes(in_data):
    from app import server
    d, uid = in_data
    client = server.test_client()
    r = client.get(f"/api/uploads/{uid}/as-of.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert_safe_csv(r.get_data(as_text=True), hd.FORMULAS)
    t = client.get("/api/templates/labour_rights_sdg882.csv")
    assert t.status_code == 200
    assert_safe_csv(t.get_data(as_text=True), [hd.FORMULAS[0]])      # the example row shows the latest source
    assert_safe_csv(client.get("/api/codes.csv").get_data(as_text=True))


def test_codes_csv_of_a_hostile_indicator_name():
    from indicators.store.catalogue import parse_catalogue
    from indicators.uploads.templates import codes_csv
    cat = parse_catalogue({"indicators": [{"id": "odd", "name": "+ cmd|' /C calc'!A0", "level": "country",
                                           "unit": "-2+3", "valid_min": 0, "valid_max": 1}]})
    assert_safe_csv(codes_csv(cat, "odd"), ["+ cmd|' /C calc'!A0"])


def test_problems_csv_neutralises_every_cell():
    from indicators.uploads.problems import Problem, problems_csv
    problems = [Problem(2, "\uff1dcol", " =1+1", "-2+3 is not a number"), Problem(None, None, "\n=1", "x")]
    assert_safe_csv(problems_csv(problems), ["\uff1dcol", " =1+1", "-2+3 is not a number", "\n=1"])


@pytest.mark.parametrize("args, expected", [
    (["history"], [hd.NOTE, hd.FILE_NAME]), (["uploads"], [hd.NOTE, hd.FILE_NAME]),
    (["as-of", "{uid}"], hd.FORMULAS), (["score", "--year", "2020"], []), (["corridors", "--year", "2020"], []),
    (["audit", "--year", "2020", "--table", "all"], []), (["catalog"], []), (["groups", "list"], []),
])
def test_cli_outputs(hostile, capsys, args, expected):
    from indicators.cli import main
    d, uid = hostile
    assert main([a.format(uid=uid) for a in args] + ["--data-dir", str(d)]) == 0
    assert_safe_csv(capsys.readouterr().out, expected)


def test_page_downloads_csv_and_xlsx(in_data):
    import app  # noqa: F401  (registers the pages)
    from openpyxl import load_workbook
    from pages import _export
    found = _export.page_data("/upload", "?tab=history", "upload-history")
    assert found[0] is not None and len(found[0])
    meta = {"name": "upload-history", "meta": {}, "chart": False}
    data, name = _export.export_file({"fmt": "csv"}, meta, "?tab=history", found, "/upload")
    assert name.endswith(".csv")
    assert_safe_csv(data.decode("utf-8-sig"), [hd.NOTE, hd.FILE_NAME])
    data, _ = _export.export_file({"fmt": "xlsx"}, meta, "?tab=history", found, "/upload")
    cells = [c for row in load_workbook(io.BytesIO(data))["Data"].iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert {"'" + hd.NOTE, "'" + hd.FILE_NAME} <= {c.value for c in cells}


def test_briefing_workbook(hostile):
    from openpyxl import load_workbook
    from indicators.exports.briefing_pack import country_pack
    from indicators.store.observations import Store
    wb = load_workbook(io.BytesIO(country_pack(Store(hostile[0]), "KEN").xlsx()))
    texts = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [t for t in texts if dangerous(t)]


def test_read_api_values_sdmx_and_data_package_csvs(in_data):
    import zipfile
    from app import server
    client = server.test_client()
    r = client.get("/api/v1/indicators/labour_rights_sdg882/values.csv?years=2020-2024")
    assert r.status_code == 200
    assert_safe_csv(r.get_data(as_text=True), hd.FORMULAS)
    s = client.get("/api/v1/indicators/labour_rights_sdg882/values.sdmx.csv?years=2020-2024")
    assert s.status_code == 200
    assert_safe_csv(s.get_data(as_text=True), hd.FORMULAS)
    z = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/indicators/labour_rights_sdg882/datapackage.zip").data))
    assert_safe_csv(z.read("data/labour_rights_sdg882.csv").decode("utf-8"), hd.FORMULAS)
