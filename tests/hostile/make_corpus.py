"""Build the hostile and malformed upload corpus (tests/hostile/*.csv) and its MANIFEST.json.

    .venv/bin/python tests/hostile/make_corpus.py

Every file is made here from literal bytes (deterministic), so the corpus can be reviewed and rebuilt. The manifest
says for each file what must happen under the suite's limits (64 KiB, 1,000 rows): "reject" with the first
problem's row, column and a phrase of its reason, or "accept" with exactly the values that must be stored.
tests/test_hostile.py runs every file through ingest and through the HTTP API.
"""
from __future__ import annotations

import gzip
import io
import json
import random
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
H = "indicator_id,iso3,period,value\n"
L = "labour_rights_sdg882"
MAX_BYTES, MAX_ROWS = 64 * 1024, 1000
CORPUS: list[dict] = []


def add(name: str, data: bytes | str, outcome: str = "reject", row: int | None = None, column: str | None = None,
        reason: str = "", values: list | None = None, why: str = "") -> None:
    """Register one file: its bytes and what must happen."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    CORPUS.append({"file": name, "bytes": raw, "outcome": outcome, "row": row, "column": column, "reason": reason,
                   "values": values, "why": why})


def zipped(members: dict[str, bytes]) -> bytes:
    """A real zip archive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in members.items():
            z.writestr(k, v)
    return buf.getvalue()


def build() -> None:
    """Declare the whole corpus."""
    rng = random.Random(20301)
    # ---- not text at all
    add("binary_junk.csv", bytes(rng.randrange(256) for _ in range(4096)), reason="binary data",
        why="random bytes")
    add("empty.csv", b"", reason="the file is empty")
    add("whitespace_only.csv", "\n  \r\n\t\n", reason="the file is empty")
    add("zip_renamed.csv", zipped({"data.csv": (H + f"{L},KEN,2019,3\n").encode()}), reason="zip archive",
        why="a zip holding a CSV, renamed .csv")
    add("xlsx_renamed.csv", zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
        reason="Excel workbook (.xlsx)")
    add("xls_renamed.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), reason="old Excel")
    add("gzip_renamed.csv", gzip.compress((H + f"{L},KEN,2019,3\n").encode(), mtime=0), reason="gzip archive")
    add("pdf_renamed.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", reason="PDF")
    add("png_renamed.csv", b"\x89PNG\r\n\x1a\n" + bytes(64), reason="binary data (a PNG image)")
    add("html_page_saved_as.csv", "<!DOCTYPE html>\n<html><body><table><tr><td>KEN</td></tr></table></body></html>\n",
        reason="HTML or XML page")
    add("nul_in_middle.csv", (H + f"{L},KEN,2019,3\n" * 1).encode() + b"x" * 10_000 + b"\x00\n", reason="NUL bytes",
        why="a NUL byte far from the start")
    add("utf16_without_bom.csv", (H + f"{L},KEN,2019,3\n").encode("utf-16-le"), reason="UTF-16 text without a "
                                                                                       "byte-order mark")
    # ---- encodings
    add("mixed_encodings.csv", "indicator_id,iso3,period,value,note\n".encode()
        + f"{L},CIV,2019,3,Côte d'Ivoire\n".encode("utf-8") + f"{L},CIV,2020,2,Côte d'Ivoire\n".encode("cp1252"),
        row=3, reason="mixed encodings", why="line 2 UTF-8, line 3 Windows-1252")
    add("undecodable_bytes.csv", (H + f"{L},KEN,2019,3\n").encode() + b"labour\x81,KEN,2020,3\n",
        row=3, reason="encoding cannot be determined", why="0x81 is neither UTF-8 nor Windows-1252")
    add("utf16_with_bom_tabs.csv", ("indicator_id\tiso3\tperiod\tvalue\n" + f"{L}\tCIV\t2019\t2.5\n").encode("utf-16"),
        outcome="accept", values=[["CIV", "2019", 2.5]], why="Excel 'Unicode text' export")
    add("latin1_names.csv", ("indicator_id;country;period;value\n" + f"{L};Côte d'Ivoire;2019;2,5\n").encode("latin-1"),
        outcome="accept", values=[["CIV", "2019", 2.5]], why="Latin-1, semicolons, decimal comma")
    # ---- header problems
    add("header_only.csv", H, reason="no data rows")
    add("header_only_bom_crlf.csv", b"\xef\xbb\xbf" + H.replace("\n", "\r\n").encode(), reason="no data rows")
    add("missing_value_column.csv", f"indicator_id,iso3,period\n{L},KEN,2019\n", row=1, column="value",
        reason="required column is missing")
    add("missing_place_column.csv", f"indicator_id,period,value\n{L},2019,3\n", row=1, column="iso3",
        reason="a place column is missing")
    add("duplicated_column.csv", f"indicator_id,iso3,period,value,value\n{L},KEN,2019,3,4\n", row=1, column="value",
        reason="column name repeated")
    add("duplicated_column_case.csv", f"indicator_id,iso3,period,Value,VALUE\n{L},KEN,2019,3,4\n", row=1,
        column="VALUE", reason="column name repeated")
    add("unknown_column.csv", f"indicator_id,iso3,period,value,colour\n{L},KEN,2019,3,red\n", row=1, column="colour",
        reason="unknown column")
    add("empty_header_cell.csv", f"indicator_id,,iso3,period,value\n{L},x,KEN,2019,3\n", row=1, column="#2",
        reason="empty column name")
    add("ambiguous_separator.csv", "a,b;c,d;e\n1,2;3,4;5\n", row=1, reason="separator is ambiguous")
    add("single_column.csv", "indicator_id|iso3|period|value\nlabour_rights_sdg882|KEN|2019|3\n", row=1,
        reason="only one column")
    add("wide_duplicate_year.csv", f"indicator_id,iso3,2019,2019\n{L},KEN,3,4\n", row=1, column="2019",
        reason="column name repeated")
    add("wide_value_and_year_columns.csv", f"indicator_id,iso3,value,2019\n{L},KEN,3,4\n", row=1,
        reason="both a value column")
    add("header_case_and_spaces.csv", f"  Indicator_ID , ISO3 ,Period,VALUE\n{L},KEN,2019,3.5\n", outcome="accept",
        values=[["KEN", "2019", 3.5]])
    # ---- structure of rows
    add("ragged_long_row.csv", H + f"{L},KEN,2019,3\n{L},UGA,2019,3,extra\n", row=3,
        reason="expected 4 fields, found 5")
    add("ragged_short_row.csv", H + f"{L},KEN,2019\n{L},UGA,2019,3\n", row=2, reason="expected 4 fields, found 3")
    add("unclosed_quote.csv", H + f'{L},KEN,2019,"3\n{L},UGA,2019,3\n', reason="quote (\") opened and never closed",
        row=2, column="value", why="the quote swallows the line break: one cell '3\\nlabour...' ")
    add("trailing_empty_rows.csv", H + f"{L},KEN,2019,3\n,,,\n,,,\n", outcome="accept", values=[["KEN", "2019", 3.0]])
    add("quoted_newline_in_note.csv", "indicator_id,iso3,period,value,note\n"
        f'{L},KEN,2019,3,"first line\nsecond line"\n{L},UGA,2019,4,\n', outcome="accept",
        values=[["KEN", "2019", 3.0], ["UGA", "2019", 4.0]], why="a line break inside a quoted cell is legitimate")
    add("too_many_rows.csv", H + "".join(f"{L},KEN,{1950 + k // 4}Q{k % 4 + 1},3\n" for k in range(MAX_ROWS + 1)),
        reason="over the limit of 1,000")
    add("over_size_limit.csv", H + "".join(
        f"{L},KEN,{1950 + k % 70},3\n" for k in range(2500)), reason="over the limit of 65,536 bytes",
        why="a plain file bigger than the suite's 64 KiB limit")
    add("very_long_line.csv", "indicator_id,iso3,period,value,note\n" + f"{L},KEN,2019,3,{'A' * 60_000}\n", row=2,
        column="note", reason="text longer than 1000 characters")
    # ---- codes
    add("unknown_indicator.csv", H + "not_an_indicator,KEN,2019,3\n", row=2, column="indicator_id",
        reason="unknown indicator")
    add("html_in_indicator.csv", H + '<img src=x onerror="alert(1)">,KEN,2019,3\n', row=2, column="indicator_id",
        reason="unknown indicator")
    add("derived_indicator.csv", H + "remittance_cost_home_from,KEN,2019,3\n", row=2, column="indicator_id",
        reason="derived")
    add("unknown_iso3.csv", H + f"{L},XYZ,2019,3\n", row=2, column="iso3", reason="unknown ISO 3166-1 alpha-3")
    # not "Kenia": Kenya's Spanish name, accepted since uploads take French and Spanish names (issue 14)
    add("unknown_country_name.csv", H + f"{L},Keniya,2019,3\n", row=2, column="iso3", reason="Kenya (KEN)")
    add("ambiguous_country_name.csv", H + f"{L},Congo,2019,3\n", row=2, column="iso3", reason="ambiguous country name")
    add("aggregate_only.csv", H + f"{L},WLD,2019,3\n{L},World,2020,3\n", reason="every row was set aside")
    add("corridor_same_country.csv", "indicator_id,origin_iso3,destination_iso3,period,value\n"
        "remittance_cost_corridor,NPL,NPL,2020,4\n", row=2, column="destination_iso3", reason="same country")
    add("corridor_with_iso3.csv", "indicator_id,iso3,origin_iso3,destination_iso3,period,value\n"
        "remittance_cost_corridor,KEN,NPL,QAT,2020,4\n", row=2, column="iso3", reason="not iso3")
    add("country_indicator_with_origin.csv", "indicator_id,iso3,origin_iso3,destination_iso3,period,value\n"
        f"{L},KEN,NPL,,2020,4\n", row=2, column="origin_iso3", reason="takes iso3, not origin")
    add("bad_sex.csv", "indicator_id,iso3,period,value,sex\n" + f"{L},KEN,2019,3,other\n", row=2, column="sex",
        reason="sex must be one of")
    add("unit_mismatch.csv", "indicator_id,iso3,period,value,unit\n" + f"{L},KEN,2019,3,%\n", row=2, column="unit",
        reason="unit does not match")
    add("template_example_row.csv", "indicator_id,iso3,period,value,note\n"
        f"{L},KEN,2019,3,EXAMPLE ROW - delete this row before uploading\n", row=2, column="note",
        reason="template's example row")
    # ---- periods
    add("bad_period_date.csv", H + f"{L},KEN,2019-06-30,3\n", row=2, column="period", reason="period must be a year")
    add("period_out_of_range.csv", H + f"{L},KEN,1850,3\n", row=2, column="period", reason="year must be between 1950")
    # ---- numbers
    add("text_in_number.csv", H + f"{L},KEN,2019,three\n", row=2, column="value", reason="not a number")
    add("nan_value.csv", H + f"{L},KEN,2019,NaN\n", row=2, column="value", reason="not a finite number")
    add("inf_value.csv", H + f"{L},KEN,2019,-inf\n", row=2, column="value", reason="not a finite number")
    add("huge_number_overflow.csv", H + f"{L},KEN,2019,1e400\n", row=2, column="value", reason="not a finite number")
    add("huge_finite_number.csv", H + f"{L},KEN,2019,1e300\n", row=2, column="value", reason="outside the valid range")
    add("negative_out_of_range.csv", H + f"{L},KEN,2019,-0.5\n", row=2, column="value",
        reason="outside the valid range 0 to 10")
    add("out_of_range_high.csv", H + f"{L},KEN,2019,10.5\n", row=2, column="value", reason="outside the valid range")
    add("binary_indicator_fraction.csv", H + "icrmw_party,KEN,2019,0.5\n", row=2, column="value", reason="0 or 1")
    add("excel_error_value.csv", H + f"{L},KEN,2019,#DIV/0!\n", row=2, column="value", reason="spreadsheet error")
    add("censored_value.csv", H + f"{L},KEN,2019,<5\n", row=2, column="value", reason="censored value")
    add("missing_marker.csv", H + f"{L},KEN,2019,NA\n", row=2, column="value", reason="missing-value marker")
    add("empty_value.csv", H + f"{L},KEN,2019,\n", row=2, column="value", reason="missing value")
    add("ambiguous_thousands.csv", "indicator_id;iso3;period;value\nrecruitment_cost_sdg1071;KEN;2019;1,234\n", row=2,
        column="value", reason="thousands separator")
    add("mixed_decimal_marks.csv", "indicator_id;iso3;period;value\n" + f"{L};KEN;2019;2.5\n{L};UGA;2019;2,5\n",
        row=3, column="value", reason="decimal mark is ambiguous")
    add("semicolon_decimal_comma.csv", "indicator_id;iso3;period;value\n" + f"{L};KEN;2019;2,5\n{L};UGA;2019;0,75\n",
        outcome="accept", values=[["KEN", "2019", 2.5], ["UGA", "2019", 0.75]])
    # ---- duplicates
    add("duplicate_keys.csv", H + f"{L},KEN,2019,3\n{L},KEN,2019,4\n", row=3, column="period",
        reason="duplicate of row 2")
    add("duplicate_after_normalising.csv", H + f"{L},KEN,2019,3\n{L}, ken ,2019.0,4\n", row=3, column="period",
        reason="duplicate of row 2", why="' ken ' and '2019.0' are KEN and 2019")
    # ---- text injection
    add("formula_in_value.csv", H + f"{L},KEN,2019,=cmd|' /C calc'!A0\n", row=2, column="value",
        reason="spreadsheet formula")
    add("formula_in_note.csv", "indicator_id,iso3,period,value,note\n"
        f'{L},KEN,2019,3,"=HYPERLINK(""http://example.invalid"",""click"")"\n', row=2, column="note",
        reason="spreadsheet formula")
    add("formula_plus_in_source.csv", "indicator_id,iso3,period,value,source\n" + f"{L},KEN,2019,3,+cmd|' /C calc'!A0\n",
        row=2, column="source", reason="spreadsheet formula")
    add("control_char_in_note.csv", "indicator_id,iso3,period,value,note\n" + f"{L},KEN,2019,3,bell\x07\n", row=2,
        column="note", reason="control characters")
    add("bidi_override_in_source.csv", "indicator_id,iso3,period,value,source\n" + f"{L},KEN,2019,3,\u202eevil\n",
        row=2, column="source", reason="control characters")
    add("html_in_note.csv", "indicator_id,iso3,period,value,note\n"
        + f"{L},KEN,2019,3,<script>alert(1)</script><b>bold</b>\n", outcome="accept", values=[["KEN", "2019", 3.0]],
        why="HTML is text: stored verbatim, always shown escaped")
    add("sql_like_text_in_source.csv", "indicator_id,iso3,period,value,source\n"
        + f"{L},KEN,2019,3,Robert'); DROP TABLE uploads;--\n", outcome="accept", values=[["KEN", "2019", 3.0]])
    # ---- portal layouts gone wrong
    add("wdi_unknown_series.csv", '"Data Source","World Development Indicators",\n\n"Last Updated Date","2021-09-15",\n\n'
        '"Country Name","Country Code","Indicator Name","Indicator Code","2019","2020",\n'
        '"Kenya","KEN","Made-up series","XX.FAKE.CODE","1","2",\n', row=6, column="Indicator Code",
        reason="not mapped to any indicator")
    add("wdi_header_missing.csv", '"Data Source","World Development Indicators",\n\n"Last Updated Date","2021-09-15",\n',
        reason="no header line")
    add("sdg_censored_value.csv", "SeriesCode,GeoAreaCode,GeoAreaName,TimePeriod,Value\n"
        "SL_LBR_NTLCPL,404,Kenya,2019,>95\n", row=2, column="Value", reason="censored value")
    N = "Country,Convention,Date,Status,Note\n"
    add("normlex_denounced_without_date.csv", N + "Malaysia,C105,1958,Denounced,\n", row=2, column="Status",
        reason="no date of denunciation", why="a denunciation must say when: never guessed")
    add("normlex_before_1919.csv", N + "France,C029,1918,In Force,\n", row=2, column="Date",
        reason="year must be between 1919", why="ILO ratifications start with the first Conventions (1919)")
    add("normlex_only_unknown_conventions.csv", N + "Kenya,C100,2001,In Force,\nKenya,C111,2001,In Force,\n",
        reason="no ratifications to load", why="Conventions the catalogue does not list are set aside, never loaded")
    add("normlex_formula_in_note.csv", N + "Kenya,C098,1964,In Force,=cmd|' /C calc'!A0\n", row=2, column="Note",
        reason="looks like a spreadsheet formula", why="the note is stored inside a longer note: checked on its own")

    hardening()


def hardening() -> None:
    """Issue 12: digits other than ASCII, shapes past the caps, many unknown names, files of bad rows, escapes."""
    add("arabic_indic_period.csv", H + f"{L},KEN,2020,3\n{L},KEN,\u0662\u0660\u0662\u0660,4\n", row=3, column="period",
        reason="arabic-indic digit two", why="2020 and ٢٠٢٠ would be two keys: ASCII digits only")
    add("fullwidth_period.csv", H + f"{L},KEN,\uff12\uff10\uff12\uff10,3\n", row=2, column="period",
        reason="fullwidth digit two")
    add("arabic_decimal_value.csv", H + f"{L},KEN,2020,\u0663\u066b\u0665\n", row=2, column="value",
        reason="arabic decimal separator", why="not 'not a finite number': the characters are named")
    add("superscript_value.csv", H + f"{L},KEN,2020,3\u00b2\n", row=2, column="value", reason="superscript two")
    add("arabic_indic_m49_code.csv", H + f"{L},\u0664\u0660\u0664,2020,3\n", row=2, column="iso3",
        reason="arabic-indic digit four", why="int() reads it as 404 (Kenya)")
    add("arabic_indic_year_header.csv", f"indicator_id,iso3,\u0662\u0660\u0662\u0660\n{L},KEN,3\n", row=1,
        column="\u0662\u0660\u0662\u0660", reason="the column name holds")
    add("too_many_columns.csv", "indicator_id,iso3," + ",".join(f"{1000 + k // 4}Q{k % 4 + 1}" for k in range(999))
        + f"\n{L},KEN" + ",1" * 999 + "\n", row=1, reason="1,001 columns, over the limit of 1,000",
        why="refused from the header, before any cell is read")
    add("many_unknown_countries.csv", H + "".join(f"{L},Invented Land {k},{1950 + k % 70},3\n" for k in range(400)),
        reason="close matches are suggested for the first 200 unknown country names",
        why="each close-match search costs a millisecond: 200 at most, then 'and N more'")
    add("every_row_ragged.csv", H + f"{L},KEN,2019,3,extra\n" * 1100, row=2, reason="expected 4 fields, found 5",
        why="reading stops after the first 1,000 bad rows")
    add("wide_too_many_values.csv", "indicator_id,iso3," + ",".join(str(y) for y in range(1980, 2020)) + "\n"
        + "".join(f"{L},{c}," + ",".join("3" for _ in range(40)) + "\n" for c in
                  ("KEN", "UGA", "TZA", "RWA", "BDI", "ETH", "SOM", "SSD", "SDN", "COD", "COG", "GAB", "CMR", "NGA",
                   "GHA", "CIV", "SEN", "MLI", "NER", "TCD", "CAF", "AGO", "ZMB", "MWI", "MOZ", "ZWE", "BWA", "NAM")),
        reason="over the limit of 1,000 rows", why="counted before the wide file is melted into long rows")
    add("ansi_escape_in_note.csv", "indicator_id,iso3,period,value,note\n" + f"{L},KEN,2019,3,\x1b[2J\x1b[31mred\n",
        row=2, column="note", reason="control characters")
    add("negative_zero.csv", H + f"{L},KEN,2019,-0\n", outcome="accept", values=[["KEN", "2019", 0.0]],
        why="stored as 0.0, one zero")


def main() -> None:
    """Write the files and the manifest."""
    build()
    for old in HERE.glob("*.csv"):
        old.unlink()
    manifest = []
    for item in CORPUS:
        (HERE / item["file"]).write_bytes(item["bytes"])
        manifest.append({k: v for k, v in item.items() if k != "bytes" and v not in (None, "")})
    (HERE / "MANIFEST.json").write_text(json.dumps({"max_bytes": MAX_BYTES, "max_rows": MAX_ROWS,
                                                    "files": manifest}, indent=1, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    print(f"{len(manifest)} files")


if __name__ == "__main__":
    main()
