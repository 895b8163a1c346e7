"""Reading upload files: raw bytes -> text cells in the long layout, whatever shape the working group's file has.

Layouts (DESIGN §1, README "Uploads"):
  long  one observation per row: indicator_id, iso3 (or origin_iso3 + destination_iso3, or sending + receiving
        country), period, value, optional sex, source, note, unit
  wide  one row per indicator and place, one column per year or quarter ("2019", "2019Q2", "2019 [YR2019]"), as
        the World Bank DataBank and most spreadsheets have it; melted here into long rows
  wdi   the World Bank WDI / Data Catalog CSV exactly as downloaded: metadata lines above the header, Country Name,
        Country Code, Indicator Name, Indicator Code, one column per year, regional and income aggregates mixed in
  sdg   the UN SDG Global Database CSV: SeriesCode, GeoAreaCode (UN M49), GeoAreaName, TimePeriod, Value,
        footnotes, nature, units and disaggregation columns

Everything stays text here: indicator codes and country names are resolved against the catalogue and the country
reference by ingest.validate_long, which reports problems with the file's own row numbers and column names.
Anything that cannot be read unambiguously (encoding, separator, layout) raises Rejected with a reason.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

LAYOUTS = ("long", "wide", "wdi", "sdg")
FIELDS = ("indicator_id", "iso3", "iso3_name", "origin_iso3", "destination_iso3", "sending", "receiving",
          "period", "value", "sex", "source", "note", "unit")
MISSING_MARKERS = frozenset({"", ".."})          # empty cells of wide layouts (".." is the World Bank's marker)
PORTAL_TEXT_MAX = 1000
READ_BLOCK = 1 << 24
NEWLINE = re.compile(rb"\r\n|\r|\n")

# Accepted column names (after normalise_header), in order of preference for each field.
ALIASES: dict[str, tuple[str, ...]] = {
    "indicator_id": ("indicator_id", "indicator", "indicator_code", "series_code", "seriescode"),
    "iso3": ("iso3", "iso3_code", "iso_code", "iso", "country_code", "countrycode", "country", "country_name",
             "countryname", "country_or_area", "economy"),
    "origin_iso3": ("origin_iso3", "origin_code", "origin", "origin_country", "country_of_origin"),
    "destination_iso3": ("destination_iso3", "destination_code", "destination", "destination_country",
                         "country_of_destination"),
    "sending": ("sending_iso3", "sending_country_code", "sending_countries_code", "sending_code", "sending_country",
                "sending_countries_name", "sending_country_name", "sending"),
    "receiving": ("receiving_iso3", "receiving_country_code", "receiving_countries_code", "receiving_code",
                  "receiving_country", "receiving_countries_name", "receiving_country_name", "receiving"),
    "period": ("period", "year", "time_period", "timeperiod"),
    "value": ("value", "obs_value", "observation_value"),
    "sex": ("sex", "gender"),
    "source": ("source", "data_source"),
    "note": ("note", "notes", "comment", "comments", "footnote", "remarks"),
    "unit": ("unit", "units", "unit_of_measure"),
}
DESCRIPTIVE = ("indicator_name", "series_name", "series_description", "seriesdescription")
PERIOD_HEADER = re.compile(r"^(\d{4})(?:\s*-?\s*[qQ]([1-4]))?(?:\s*\[YR\d{4}(?:Q[1-4])?\])?$")
WDI_SIGNATURE = ("country_name", "country_code", "indicator_name", "indicator_code")
SDG_SIGNATURE = ("seriescode", "geoareacode", "timeperiod", "value")
SDG_KNOWN = ("goal", "target", "indicator", "seriescode", "seriesdescription", "geoareacode", "geoareaname",
             "timeperiod", "value", "time_detail", "timecoverage", "upperbound", "lowerbound", "baseperiod", "source",
             "geoinfourl", "footnote", "nature", "units", "reporting_type", "observation_status", "release")
# Values of an SDG disaggregation column that mean "not disaggregated" (the store keeps totals and sex only).
SDG_TOTALS = frozenset({"", "_t", "_z", "all", "total", "allage", "allarea", "all areas", "all ages", "both sexes",
                        "bothsex", "_x", "not applicable", "not_applicable", "all_ages"})
SDG_SEX = {"bothsex": "total", "both sexes": "total", "_t": "total", "female": "female", "f": "female",
           "male": "male", "m": "male"}
# UN M49 codes of regions and groupings used by the UN SDG Global Database (not countries): for readable lists.
M49_AREAS = {
    "1": "World", "2": "Africa", "5": "South America", "9": "Oceania", "11": "Western Africa", "13": "Central America",
    "14": "Eastern Africa", "15": "Northern Africa", "17": "Middle Africa", "18": "Southern Africa", "19": "Americas",
    "21": "Northern America", "29": "Caribbean", "30": "Eastern Asia", "34": "Southern Asia",
    "35": "South-eastern Asia", "39": "Southern Europe", "53": "Australia and New Zealand", "54": "Melanesia",
    "57": "Micronesia", "61": "Polynesia", "62": "Central and Southern Asia", "142": "Asia", "143": "Central Asia",
    "145": "Western Asia", "150": "Europe", "151": "Eastern Europe", "154": "Northern Europe",
    "155": "Western Europe", "199": "Least Developed Countries (LDCs)", "202": "Sub-Saharan Africa",
    "419": "Latin America and the Caribbean", "432": "Landlocked developing countries (LLDCs)",
    "513": "Europe and Northern America", "514": "Developed regions", "515": "Developing regions",
    "543": "Oceania (exc. Australia and New Zealand)", "722": "Small island developing States (SIDS)",
    "747": "Northern Africa and Western Asia", "753": "Eastern and South-Eastern Asia",
}
MAGIC = (
    (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"\xd0\xcf\x11\xe0", "an old Excel/Office file (.xls)"),
    (b"%PDF", "a PDF document"), (b"\x1f\x8b", "a gzip archive"), (b"BZh", "a bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!", "a RAR archive"), (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"{\\rtf", "an RTF document"),
    (b"\xff\xfe\x00\x00", "UTF-32 text"), (b"\x00\x00\xfe\xff", "UTF-32 text"),
)


@dataclass(frozen=True)
class Problem:
    """One reason a file is rejected: where (row, column), what was there, and why."""

    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row is not None else "file"]
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"


class Rejected(Exception):
    """Raised while reading when a file cannot be read at all (the problems say why)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def reject(reason: str, row: int | None = None, column: str | None = None, value: str | None = None) -> Rejected:
    """A Rejected exception with one problem."""
    return Rejected([Problem(row, column, value, reason)])


@dataclass
class Sheet:
    """A CSV file parsed into text cells: header as written, normalised names, rows numbered as a spreadsheet does."""

    table: pa.Table                 # one string column per header cell, named by position ("c0", "c1", ...)
    header: list[str]               # column names as written in the file (stripped)
    names: list[str]                # normalised names
    header_row: int                 # spreadsheet row of the header (1, or below a metadata block)
    row_numbers: np.ndarray | None  # spreadsheet row of each data row; None = header_row + 1 + index
    encoding: str
    delimiter: str
    metadata: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def rows(self) -> np.ndarray:
        """Spreadsheet row of each data row."""
        if self.row_numbers is not None:
            return self.row_numbers
        return np.arange(self.table.num_rows, dtype=np.int64) + self.header_row + 1

    def column(self, name: str) -> pa.ChunkedArray | None:
        """The column with this normalised name (None if absent)."""
        return self.table.column(self.names.index(name)) if name in self.names else None

    def display(self, name: str) -> str:
        """The header as written for a normalised name."""
        return self.header[self.names.index(name)] if name in self.names else name


@dataclass
class RawLong:
    """Text cells in the long layout plus where each came from (for row-level reports)."""

    columns: dict[str, pa.Array | pa.ChunkedArray]   # field -> text cells (absent fields are empty)
    rows: np.ndarray                                 # spreadsheet row of each long row
    length: int
    layout: str
    labels: dict[str, str] = field(default_factory=dict)        # field -> the file's column name
    value_columns: np.ndarray | None = None                      # per long row: the file column of the value (wide)
    set_aside: list[dict] = field(default_factory=list)          # rows not loaded on purpose (aggregates ...)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)        # column-level problems found while reading
    default_source: str | None = None
    encoding: str = "UTF-8"
    delimiter: str = ","
    portal: bool = False                                         # a portal export: metadata text may be shortened

    def label(self, name: str) -> str:
        """The column name to show in messages for a field."""
        return self.labels.get(name, name)


# ---------------------------------------------------------------------- bytes -> text
def normalise_header(name: str) -> str:
    """Comparable form of a column name: stripped, lower case, brackets dropped, spaces/hyphens as underscores."""
    s = name.strip().strip("[]").strip().lower()
    return re.sub(r"[\s\-]+", "_", s)


def sniff_binary(raw: bytes) -> str | None:
    """A reason if the bytes are clearly not a text CSV (archives, spreadsheets, images, binary junk), else None."""
    head = raw[:8192]
    for magic, what in MAGIC:
        if head.startswith(magic):
            if what == "zip":
                if b"[Content_Types].xml" in raw[:65536] or b"xl/" in raw[:65536]:
                    return ("this is a zip archive holding an Excel workbook (.xlsx), not a CSV: open it and save "
                            "the sheet as CSV")
                return "this is a zip archive (perhaps a zipped file renamed .csv), not a CSV: unzip it first"
            if what.startswith("an old Excel"):
                return "this is an old Excel/Office file (.xls), not a CSV: save the sheet as CSV"
            if what == "UTF-32 text":
                return "the file is UTF-32 text; save it as UTF-8 CSV"
            return f"the file contains binary data ({what}), not CSV text"
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None                                   # UTF-16 with a byte-order mark: decoded below
    nul = raw.find(b"\x00")
    if nul >= 0:
        if len(head) > 16 and head[1::2].count(0) > len(head) // 4:
            return ("the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 CSV "
                    "(binary data: NUL bytes)")
        return f"the file contains binary data (NUL bytes, first at line {_line_of(raw, nul)}), not CSV text"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "this is an HTML or XML page, not a CSV (save the portal's CSV download instead)"
    return None


def _line_of(raw: bytes, pos: int) -> int:
    """1-based line number of a byte offset."""
    return raw.count(b"\n", 0, pos) + 1


def to_utf8(raw: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes (BOM removed) and the encoding found; mixed or unknown encodings are rejected, never guessed."""
    if raw.startswith(b"\xef\xbb\xbf"):
        body = raw[3:]
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise reject(f"the file starts as UTF-8 (byte-order mark) but byte 0x{body[exc.start]:02x} at line "
                         f"{_line_of(body, exc.start)} is not UTF-8: mixed encodings; save the whole file as UTF-8",
                         row=_line_of(body, exc.start)) from None
        return body, "UTF-8 with BOM"
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16").encode("utf-8"), "UTF-16"
        except UnicodeDecodeError:
            raise reject("the file announces UTF-16 (byte-order mark) but is not valid UTF-16; save it as UTF-8") \
                from None
    try:
        raw.decode("utf-8")
        return raw, "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    multibyte = re.search(rb"[\xc2-\xf4][\x80-\xbf]+", raw)
    if multibyte and _valid_utf8_sequence(multibyte.group(0)):
        line_ok, line_bad = _line_of(raw, multibyte.start()), _line_of(raw, first_bad)
        raise reject(f"mixed encodings: line {line_ok} is UTF-8 but line {line_bad} is not (byte "
                     f"0x{raw[first_bad]:02x}); save the whole file as UTF-8", row=line_bad)
    try:
        return raw.decode("cp1252").encode("utf-8"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = _line_of(raw, exc.start)
        raise reject(f"the encoding cannot be determined: byte 0x{raw[exc.start]:02x} at line {line} is neither "
                     "UTF-8 nor Windows-1252/Latin-1; save the file as UTF-8", row=line) from None


def _valid_utf8_sequence(seq: bytes) -> bool:
    """True if a byte run is (the start of) valid UTF-8."""
    try:
        seq.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > 0


def decode_bytes(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252/Latin-1; raises Rejected if mixed."""
    return to_utf8(raw)[0].decode("utf-8")


def detect_delimiter(header_line: str) -> str:
    """The separator of a header line: comma, semicolon or tab, whichever splits it into most fields.

    Raises Rejected if two separators split it equally (the file cannot be read unambiguously).
    """
    counts = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in (",", ";", "\t")}
    best = max(counts.values())
    if best <= 1:
        return ","
    winners = [d for d, n in counts.items() if n == best]
    if len(winners) > 1:
        names = {",": "comma", ";": "semicolon", "\t": "tab"}
        raise reject(f"the separator is ambiguous: the header splits into {best} columns with "
                     f"{' and with '.join(names[w] for w in winners)}", row=1)
    return winners[0]


# ---------------------------------------------------------------------- text -> sheet
def _first_lines(body: bytes, n: int = 30) -> list[tuple[int, bytes]]:
    """(byte offset, line) of the first n physical lines."""
    out, pos = [], 0
    for _ in range(n):
        if pos >= len(body):
            break
        m = NEWLINE.search(body, pos)
        end = m.start() if m else len(body)
        out.append((pos, body[pos:end]))
        pos = m.end() if m else len(body)
    return out


def _find_header(body: bytes) -> tuple[int, int, dict[str, str]]:
    """(byte offset of the header, its spreadsheet row, metadata above it). WDI files have a metadata block."""
    lines = _first_lines(body)
    start = next((i for i, (_, line) in enumerate(lines) if line.strip()), None)
    if start is None:
        raise reject("the file is empty")
    first = lines[start][1].decode("utf-8", "replace")
    cells = [c.strip() for c in next(csv.reader([first]), [])]
    if not (cells and cells[0] in ("Data Source", "Last Updated Date")):
        return lines[start][0], start + 1, {}
    meta: dict[str, str] = {}
    for i, (offset, line) in enumerate(lines):
        text = line.decode("utf-8", "replace")
        cells = [c.strip() for c in next(csv.reader([text]), [])]
        names = [normalise_header(c) for c in cells]
        if "country_code" in names and "country_name" in names:
            return offset, i + 1, meta
        if len(cells) >= 2 and cells[0]:
            meta[cells[0]] = cells[1]
    raise reject("the file starts with a World Bank metadata block but no header line (Country Name, "
                 "Country Code, ...) follows within 30 lines")


def _record_rows(text: str, delimiter: str) -> tuple[np.ndarray, np.ndarray]:
    """Spreadsheet rows of (every non-empty record, every record kept as data), counting blank lines like a
    spreadsheet; used only when the file has blank lines (else rows are consecutive)."""
    nonempty, kept = [], []
    for number, rec in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        if not rec:
            continue
        nonempty.append(number)
        if not (len(rec) == 1 and not rec[0].strip()):
            kept.append(number)
    return np.asarray(nonempty, dtype=np.int64), np.asarray(kept, dtype=np.int64)


def read_sheet(raw: bytes) -> Sheet:
    """Parse CSV bytes into text cells (no type guessing); raises Rejected on anything structurally wrong."""
    reason = sniff_binary(raw)
    if reason:
        raise reject(reason)
    if not raw[:4096].strip(b" \t\r\n\xef\xbb\xbf") and not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise reject("the file is empty")
    utf8, encoding = _utf8_fast(raw)
    offset, header_row, meta = _find_header(utf8)
    body = utf8[offset:]
    header_line = _first_lines(body, 1)[0][1].decode("utf-8", "replace")
    delimiter = detect_delimiter(header_line)
    header = [h.strip() for h in next(csv.reader([header_line], delimiter=delimiter), [])]
    if len(header) == 1:
        raise reject("only one column was found: the separator must be a comma, a semicolon or a tab", row=header_row,
                     value=header[0][:80])
    names = [normalise_header(h) for h in header]
    trailing_empty = 0
    while len(names) - trailing_empty > 1 and not names[len(names) - 1 - trailing_empty]:
        trailing_empty += 1                          # "...,2020," as the World Bank writes it: dropped if empty
    problems, seen = [], {}
    for i, name in enumerate(names[:len(names) - trailing_empty], start=1):
        if not name:
            problems.append(Problem(header_row, f"#{i}", None, "empty column name in the header"))
        elif name in seen:
            problems.append(Problem(header_row, header[i - 1],
                                    None, f"column name repeated (also column #{seen[name]})"))
        else:
            seen[name] = i
    if problems:
        raise Rejected(problems)
    bad: list[tuple[int | None, str, int, int]] = []

    def on_invalid(row) -> str:
        if not (row.text or "").strip():
            return "skip"                            # whitespace-only line: like a blank line
        bad.append((row.number, row.text or "", row.expected_columns, row.actual_columns))
        return "skip"

    def parse(threads: bool) -> pa.Table:
        return pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(use_threads=threads, block_size=READ_BLOCK,
                                           column_names=[f"c{i}" for i in range(len(header))], skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid,
                                             newlines_in_values=b'"' in body),
            convert_options=pacsv.ConvertOptions(column_types={f"c{i}": pa.string() for i in range(len(header))},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    try:
        table = parse(True)
        if bad and any(b[0] is None or b[0] < 0 for b in bad):
            bad.clear()
            table = parse(False)
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) and encoding.startswith("UTF-8"):
            raise reject("the file is not valid UTF-8 text") from exc
        raise reject(f"the file cannot be read as CSV ({exc})") from exc
    nonempty = kept = None
    has_blank = not _records_consecutive(body, table.num_rows + len(bad))
    if has_blank or bad:
        text = body.decode("utf-8")
        if has_blank:
            nonempty, kept = _record_rows(text, delimiter)
    if bad:
        out = []
        for number, text_, expected, actual in bad[:1000]:
            row = int(number) if number is not None else None
            if row is not None and nonempty is not None and 0 < row <= len(nonempty):
                row = int(nonempty[row - 1])
            if row is not None:
                row += header_row - 1
            hint = ("; a quoted cell seems to contain a line break or an unclosed quote"
                    if text_.count('"') % 2 else "")
            out.append(Problem(row, None, text_[:80], f"expected {expected} fields, found {actual}{hint}"))
        if len(bad) > 1000:
            out.append(Problem(None, None, None, f"... and {len(bad) - 1000:,} more rows with the wrong number of "
                                                 "fields"))
        raise Rejected(out)
    row_numbers = None
    if kept is not None and len(kept) == table.num_rows + 1:
        row_numbers = kept[1:] + header_row - 1
    if trailing_empty:
        extra = table.select(list(range(len(header) - trailing_empty, len(header))))
        if any(pc.any(pc.not_equal(pc.utf8_trim_whitespace(c), "")).as_py()
               for c in extra.columns if len(c)):
            raise reject("a column without a name holds values", row=header_row, column=f"#{len(header)}")
        table = table.select(list(range(len(header) - trailing_empty)))
        header, names = header[:len(header) - trailing_empty], names[:len(names) - trailing_empty]
    return Sheet(table=table, header=header, names=names, header_row=header_row, row_numbers=row_numbers,
                 encoding=encoding, delimiter=delimiter, metadata=meta)


def _records_consecutive(body: bytes, data_rows: int) -> bool:
    """True if the file's lines are exactly the header plus the parsed rows (no blank line, no line break inside a
    cell), so that spreadsheet rows are consecutive; counted with one fast pass over the bytes."""
    newline = b"\n" if b"\n" in body[:65536] or b"\r" not in body[:65536] else b"\r"
    lines = body.count(newline)
    tail = body[-65536:]
    trailing = tail[len(tail.rstrip(b" \t\r\n")):]
    ends = trailing.count(newline)
    records = lines - ends + 1 if ends else lines + 1
    return records == data_rows + 1


def _utf8_fast(raw: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes of the file without decoding it twice: plain UTF-8 is passed through (pyarrow checks it)."""
    if raw.startswith(b"\xef\xbb\xbf") or raw[:2] in (b"\xff\xfe", b"\xfe\xff") or not raw.isascii():
        return to_utf8(raw)
    return raw, "UTF-8"


# ---------------------------------------------------------------------- layouts
def detect_layout(names: list[str], header: list[str] | None = None) -> str:
    """long, wide, wdi or sdg from the header (normalised names and, for year columns, the header as written);
    raises Rejected when the layout cannot be told."""
    s = set(names)
    if all(n in s for n in WDI_SIGNATURE):
        return "wdi"
    if all(n in s for n in SDG_SIGNATURE):
        return "sdg"
    periods = [h for h in (header or names) if PERIOD_HEADER.match(h.strip().upper())]
    values = [a for a in ALIASES["value"] if a in s]
    if periods and values:
        raise reject(f"the header has both a value column ({values[0]}) and year columns ({periods[0]}, ...): "
                     "use one layout, long or wide", row=1)
    if periods:
        return "wide"
    known = {a for fld, al in ALIASES.items() for a in al}
    if values or s & known:
        return "long"                               # a long file missing its value column is reported as such
    raise reject("the layout cannot be recognised: expected a long file (indicator_id, iso3, period, value), a wide "
                 "file (one column per year, e.g. 2019, 2020), a World Bank WDI CSV or a UN SDG Global Database CSV",
                 row=1)


def read_upload(raw: bytes, layout: str = "auto") -> RawLong:
    """Read an upload of any supported layout into text cells in the long layout; raises Rejected."""
    sheet = read_sheet(raw)
    found = detect_layout(sheet.names, sheet.header) if layout in ("auto", None, "") else layout
    if found not in LAYOUTS:
        raise reject(f"unknown layout {layout!r} (use auto, {', '.join(LAYOUTS)})")
    if layout not in ("auto", None, ""):
        try:
            detected = detect_layout(sheet.names, sheet.header)
        except Rejected:
            detected = None
        if detected and detected != found and not (found == "wide" and detected == "wdi"):
            raise reject(f"the file looks like the {detected} layout, not {found}: choose '{detected}' or 'auto'",
                         row=sheet.header_row)
    reader = {"long": read_long, "wide": read_wide, "wdi": read_wdi, "sdg": read_sdg}[found]
    out = reader(sheet)
    out.encoding, out.delimiter = sheet.encoding, sheet.delimiter
    if sheet.encoding != "UTF-8":
        out.notes.insert(0, f"Read as {sheet.encoding}.")
    if sheet.delimiter != ",":
        out.notes.insert(0, f"Separator: {'semicolon' if sheet.delimiter == ';' else 'tab'}.")
    return out


def _map_columns(sheet: Sheet, allowed_extra: tuple[str, ...] = (), period_columns: tuple[int, ...] = (),
                 layout: str = "long") -> tuple[dict[str, int], list[Problem], list[str]]:
    """Field -> column index by the accepted names; problems for unknown columns; notes on columns not used."""
    used: dict[str, int] = {}
    problems: list[Problem] = []
    notes: list[str] = []
    taken = set(period_columns)
    for fld, aliases in ALIASES.items():
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
            notes.append(f"Column {sheet.header[i]} not used ({sheet.header[present[0]]} is).")
    for i, name in enumerate(sheet.names):
        if i in taken:
            continue
        if name in DESCRIPTIVE or name in allowed_extra:
            continue
        allowed = sorted(a for al in ALIASES.values() for a in al[:1]) + (["<year columns>"] if layout == "wide"
                                                                          else [])
        problems.append(Problem(sheet.header_row, sheet.header[i], None,
                                f"unknown column (allowed: {', '.join(allowed)})"))
    return used, problems, notes


def _nonempty_rows(sheet: Sheet, cols: list[int]) -> np.ndarray:
    """Boolean mask of rows with at least one non-empty cell among `cols`."""
    mask = np.zeros(sheet.table.num_rows, dtype=bool)
    for i in cols:
        c = pc.utf8_trim_whitespace(sheet.table.column(i))
        mask |= pc.not_equal(c, "").to_numpy(zero_copy_only=False)
    return mask


def read_long(sheet: Sheet) -> RawLong:
    """The long layout: one observation per row; fully empty rows are skipped (and counted)."""
    used, problems, notes = _map_columns(sheet)
    labels = {f: sheet.header[i] for f, i in used.items()}
    present = set(used)
    for req in ("indicator_id", "period", "value"):
        if req not in present:
            problems.append(Problem(sheet.header_row, req, None, "required column is missing"))
    if "iso3" not in present and not {"origin_iso3", "destination_iso3"} <= present \
            and not {"sending", "receiving"} <= present:
        problems.append(Problem(sheet.header_row, "iso3", None,
                                "a place column is missing: give iso3 (country indicators) or origin_iso3 and "
                                "destination_iso3 (corridor indicators, in the direction people migrate)"))
    if problems:
        raise Rejected(problems)
    table, rows = sheet.table, sheet.rows()
    n = table.num_rows
    # drop rows whose cells are all empty (a spreadsheet's trailing ",,,," lines), but only if there are any:
    if n and _has_empty_rows(table):
        keep = _nonempty_rows(sheet, list(range(table.num_columns)))
        dropped = int((~keep).sum())
        if dropped:
            table = table.filter(pa.array(keep))
            rows = rows[keep]
            notes.append(f"{dropped} empty row(s) skipped.")
    cols = {f: table.column(i) for f, i in used.items()}
    return RawLong(columns=cols, rows=rows, length=table.num_rows, layout="long", labels=labels, notes=notes)


def _has_empty_rows(table: pa.Table) -> bool:
    """Cheap test for rows whose first cell is empty (only then is the full empty-row mask computed)."""
    first = table.column(0)
    return bool(pc.any(pc.equal(pc.utf8_trim_whitespace(first), "")).as_py() or False)


def _period_of_header(text: str) -> str | None:
    """'2019' -> '2019'; '2019Q2', '2019 Q2', '2019-q2', '2019Q2 [YR2019Q2]' -> '2019Q2'; else None."""
    m = PERIOD_HEADER.match(text.strip().upper())
    if not m:
        return None
    return m.group(1) + (f"Q{m.group(2)}" if m.group(2) else "")


def melt(sheet: Sheet, used: dict[str, int], periods: list[tuple[int, str]], layout: str,
         notes: list[str]) -> RawLong:
    """One long row per non-empty cell of the year/quarter columns (row order, then column order)."""
    table = sheet.table
    rows = sheet.rows()
    n = table.num_rows
    cells = np.empty((n, len(periods)), dtype=object)
    for j, (i, _) in enumerate(periods):
        cells[:, j] = np.asarray(table.column(i).to_pylist(), dtype=object)
    stripped = np.vectorize(lambda s: s.strip(), otypes=[object])(cells) if cells.size else cells
    present = ~np.isin(stripped, list(MISSING_MARKERS)) if cells.size else np.zeros((n, 0), dtype=bool)
    r_idx, c_idx = np.nonzero(present)
    empties = int(cells.size - len(r_idx))
    cols: dict[str, pa.Array] = {}
    for fld, i in used.items():
        vals = np.asarray(table.column(i).to_pylist(), dtype=object)
        cols[fld] = pa.array(vals[r_idx].tolist() if len(r_idx) else [], type=pa.string())
    cols["period"] = pa.array([periods[j][1] for j in c_idx], type=pa.string())
    cols["value"] = pa.array(cells[r_idx, c_idx].tolist() if len(r_idx) else [], type=pa.string())
    labels = {f: sheet.header[i] for f, i in used.items()}
    labels["period"] = "year column"
    value_columns = np.asarray([sheet.header[periods[j][0]] for j in c_idx], dtype=object)
    if empties:
        notes.append(f"{empties:,} empty cell{'s' if empties != 1 else ''} of the year/quarter columns skipped "
                     "(no value, not zero).")
    return RawLong(columns=cols, rows=rows[r_idx] if len(r_idx) else np.zeros(0, dtype=np.int64),
                   length=len(r_idx), layout=layout, labels=labels, value_columns=value_columns, notes=notes)


def _wide_columns(sheet: Sheet) -> list[tuple[int, str]]:
    """(column index, canonical period) of the year/quarter columns."""
    out = []
    for i, h in enumerate(sheet.header):
        p = _period_of_header(h)
        if p:
            out.append((i, p))
    return out


def _split_footer(sheet: Sheet, id_cols: list[int]) -> tuple[Sheet, list[str]]:
    """Drop fully empty rows and a World Bank DataBank footer ("Data from database: ...", "Last Updated: ...")."""
    t = sheet.table
    notes, meta = [], {}
    keep = _nonempty_rows(sheet, list(range(t.num_columns)))
    first = [s.strip() for s in t.column(0).to_pylist()]
    others_empty = ~_nonempty_rows(sheet, list(range(1, t.num_columns))) if t.num_columns > 1 else keep
    for k, text in enumerate(first):
        if others_empty[k] and (text.startswith("Data from database:") or text.startswith("Last Updated:")):
            key, _, val = text.partition(":")
            meta[key.strip()] = val.strip()
            keep[k] = False
    dropped = int((~keep).sum())
    if dropped:
        rows = sheet.rows()[keep]
        sheet = Sheet(table=t.filter(pa.array(keep)), header=sheet.header, names=sheet.names,
                      header_row=sheet.header_row, row_numbers=rows, encoding=sheet.encoding,
                      delimiter=sheet.delimiter, metadata={**sheet.metadata, **meta})
        notes.append(f"{dropped} empty or footer row(s) skipped.")
    return sheet, notes


def read_wide(sheet: Sheet) -> RawLong:
    """Wide layout: id columns (indicator, place, optional sex/source/note/unit) and one column per period."""
    periods = _wide_columns(sheet)
    if not periods:
        raise reject("no year or quarter columns found (headers such as 2019, 2019Q2 or '2019 [YR2019]')",
                     row=sheet.header_row)
    used, problems, notes = _map_columns(sheet, period_columns=tuple(i for i, _ in periods), layout="wide")
    for fld in ("period", "value"):
        if fld in used:
            problems.append(Problem(sheet.header_row, sheet.header[used[fld]], None,
                                    f"a wide file has one column per year, not a {fld} column"))
    present = set(used)
    if "iso3" not in present and not {"origin_iso3", "destination_iso3"} <= present \
            and not {"sending", "receiving"} <= present:
        problems.append(Problem(sheet.header_row, "iso3", None,
                                "a place column is missing: give iso3 or a country name column, or origin and "
                                "destination (or sending and receiving country) for corridors"))
    seen: dict[str, str] = {}
    for i, p in periods:
        if p in seen:
            problems.append(Problem(sheet.header_row, sheet.header[i], None,
                                    f"period {p} appears twice (also column {seen[p]})"))
        seen[p] = sheet.header[i]
    if problems:
        raise Rejected(problems)
    sheet, foot = _split_footer(sheet, list(used.values()))
    out = melt(sheet, used, periods, "wide", notes + foot)
    db = sheet.metadata.get("Data from database")
    if db:
        updated = sheet.metadata.get("Last Updated")
        out.default_source = f"World Bank DataBank: {db}" + (f" (last updated {updated})" if updated else "")
        out.portal = True
    return out


def read_wdi(sheet: Sheet) -> RawLong:
    """World Bank WDI / Data Catalog CSV: Country Code and Indicator Code identify each row; years are columns."""
    periods = _wide_columns(sheet)
    if not periods:
        raise reject("no year columns found in this World Bank file", row=sheet.header_row)
    idx = {n: i for i, n in enumerate(sheet.names)}
    used = {"iso3": idx["country_code"], "iso3_name": idx["country_name"], "indicator_id": idx["indicator_code"]}
    taken = set(used.values()) | {idx["indicator_name"]} | {i for i, _ in periods}
    problems = [Problem(sheet.header_row, sheet.header[i], None, "unknown column in a World Bank WDI file")
                for i in range(len(sheet.names)) if i not in taken]
    if problems:
        raise Rejected(problems)
    sheet, foot = _split_footer(sheet, list(used.values()))
    out = melt(sheet, used, periods, "wdi", foot)
    out.labels.update({"iso3": sheet.display("country_code"), "iso3_name": sheet.display("country_name"),
                       "indicator_id": sheet.display("indicator_code")})
    src = sheet.metadata.get("Data Source") or "World Bank"
    updated = sheet.metadata.get("Last Updated Date")
    out.default_source = f"World Bank, {src}" + (f" (file last updated {updated})" if updated else "")
    out.portal = True
    if sheet.metadata:
        out.notes.insert(0, "World Bank metadata: " + "; ".join(f"{k}: {v}" for k, v in sheet.metadata.items()))
    return out


def read_sdg(sheet: Sheet) -> RawLong:
    """UN SDG Global Database CSV: M49 area codes; regional aggregates and unsupported disaggregations set aside."""
    from indicators.store.countries import country_table
    idx = {n: i for i, n in enumerate(sheet.names)}
    t = sheet.table
    n = t.num_rows
    rows = sheet.rows()
    get = lambda name: [s.strip() for s in t.column(idx[name]).to_pylist()] if name in idx else [""] * n  # noqa: E731
    codes, names = get("geoareacode"), get("geoareaname")
    m49 = set(country_table()["m49"])
    dims = [nm for nm in sheet.names if nm not in SDG_KNOWN and nm and nm != "sex"]
    keep = np.ones(n, dtype=bool)
    set_aside: list[dict] = []
    for k in range(n):
        code = codes[k]
        m = re.fullmatch(r"(\d{1,4})(?:\.0+)?", code)
        if m and f"{int(m.group(1)):03d}" in m49:
            continue
        if not code and not names[k]:
            continue                                 # left to validation: missing place
        label = names[k] or M49_AREAS.get(str(int(m.group(1))) if m else "", "")
        keep[k] = False
        set_aside.append({"row": int(rows[k]), "column": sheet.display("geoareacode"), "value": code,
                          "place": label or code,
                          "reason": "not a country: a regional or other aggregate (UN M49 area)"
                          if m else "not a UN M49 country code"})
    for d in dims:
        vals = get(d)
        for k in range(n):
            if keep[k] and vals[k].lower() not in SDG_TOTALS:
                keep[k] = False
                set_aside.append({"row": int(rows[k]), "column": sheet.display(d), "value": vals[k],
                                  "place": names[k] or codes[k],
                                  "reason": f"disaggregated by {sheet.display(d).strip('[]')} = {vals[k]} (the "
                                            "store keeps totals and sex only)"})
    sex_raw = get("sex")
    sex = [SDG_SEX.get(s.lower(), s) for s in sex_raw]
    nature, units, foot = get("nature"), get("units"), get("footnote")
    note = ["; ".join(x for x in (f"nature {a}" if a else "", f"units {b}" if b else "", c) if x)
            for a, b, c in zip(nature, units, foot)]
    sel = np.flatnonzero(keep)
    pick = lambda vals: pa.array([vals[k] for k in sel], type=pa.string())  # noqa: E731
    cols = {"indicator_id": pick(get("seriescode")), "iso3": pick(codes), "iso3_name": pick(names),
            "period": pick([re.sub(r"\.0+$", "", p) for p in get("timeperiod")]), "value": pick(get("value")),
            "sex": pick(sex), "source": pick(get("source")), "note": pick(note)}
    labels = {"indicator_id": sheet.display("seriescode"), "iso3": sheet.display("geoareacode"),
              "iso3_name": sheet.display("geoareaname"), "period": sheet.display("timeperiod"),
              "value": sheet.display("value"), "sex": sheet.display("sex"), "source": sheet.display("source"),
              "note": sheet.display("footnote")}
    notes = []
    if set_aside:
        notes.append(f"{len(set_aside)} row(s) set aside (aggregates or disaggregations), listed in the preview.")
    return RawLong(columns=cols, rows=rows[sel], length=len(sel), layout="sdg", labels=labels,
                   set_aside=set_aside, notes=notes, default_source="UN SDG Global Database", portal=True)


def set_aside_frame(records: list[dict]) -> pd.DataFrame:
    """Set-aside rows as a table: row, column, value, place, reason."""
    return pd.DataFrame(records, columns=["row", "column", "value", "place", "reason"])
