"""CSV text to a sheet of text cells: the header found (below a World Bank metadata block if there is one), its
names checked, every cell read as text by pyarrow (no type guessing), rows numbered as a spreadsheet shows them."""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from indicators.uploads.constants import (MAX_COLUMNS, MAX_HEADER_CHARS, NEWLINE, RAGGED_LISTED, READ_BLOCK,
    SDMX_INDEX, SDMX_SIGNATURE, SDMX_STRUCTURE)
from indicators.uploads.encoding import csv_refusal, detect_delimiter, sniff_binary, split_line, utf8_fast
from indicators.uploads.problems import Problem, Rejected, reject

Ragged = tuple[int | None, str, int, int]        # (row number as pyarrow counts it, text, expected, actual fields)


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
        return np.arange(self.header_row + 1, self.header_row + 1 + self.table.num_rows, dtype=np.int32)

    def column(self, name: str) -> pa.ChunkedArray | None:
        """The column with this normalised name (None if absent)."""
        return self.table.column(self.names.index(name)) if name in self.names else None

    def display(self, name: str) -> str:
        """The header as written for a normalised name."""
        return self.header[self.names.index(name)] if name in self.names else name


def is_sdmx_csv(names: list[str]) -> bool:
    """Whether a header (normalised names) is an SDMX-CSV one."""
    return all(n in names for n in SDMX_SIGNATURE) and any(n in names for n in SDMX_STRUCTURE)


def name_index_column(names: list[str]) -> list[str]:
    """An SDMX-CSV header whose first cell is empty (pandas wrote its row index) gets that column named."""
    if names and names[0] == "" and is_sdmx_csv(names[1:]):
        return [SDMX_INDEX, *names[1:]]
    return names


def normalise_header(name: str) -> str:
    """Comparable form of a column name: stripped, lower case, brackets dropped, spaces/hyphens as underscores."""
    s = name.strip().strip("[]").strip().lower()
    return re.sub(r"[\s\-]+", "_", s)


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
        raise reject(_("the file is empty"))
    first = lines[start][1].decode("utf-8", "replace")
    cells = [c.strip() for c in split_line(first, row=start + 1)]
    if not (cells and cells[0] in ("Data Source", "Last Updated Date")):
        return lines[start][0], start + 1, {}
    meta: dict[str, str] = {}
    for i, (offset, line) in enumerate(lines):
        text = line.decode("utf-8", "replace")
        cells = [c.strip() for c in split_line(text, row=i + 1)]
        names = [normalise_header(c) for c in cells]
        if "country_code" in names and "country_name" in names:
            return offset, i + 1, meta
        if len(cells) >= 2 and cells[0]:
            meta[cells[0]] = cells[1]
    raise reject(_("the file starts with a World Bank metadata block but no header line (Country Name, "
                   "Country Code, ...) follows within 30 lines"))


def _record_rows(body: bytes, delimiter: str, limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Spreadsheet rows of (every non-empty record, every record kept as data), counting blank lines like a
    spreadsheet; used only when the file has blank lines (else rows are consecutive). limit: stop after that many
    non-empty records (enough to place the rows a refusal lists)."""
    nonempty, kept = [], []
    text = io.TextIOWrapper(io.BytesIO(body), encoding="utf-8", newline="")
    try:
        for number, rec in enumerate(csv.reader(text, delimiter=delimiter), start=1):
            if not rec:
                continue
            nonempty.append(number)
            if not (len(rec) == 1 and not rec[0].strip()):
                kept.append(number)
            if limit is not None and len(nonempty) > limit:
                break
    except csv.Error as exc:
        raise csv_refusal(exc) from None
    return np.asarray(nonempty, dtype=np.int64), np.asarray(kept, dtype=np.int64)


def read_sheet(raw: bytes) -> Sheet:
    """Parse CSV bytes into text cells (no type guessing); raises Rejected on anything structurally wrong."""
    utf8, encoding = _utf8_text(raw)
    offset, header_row, meta = _find_header(utf8)
    body = utf8[offset:]
    header, delimiter = _read_header(body, header_row)
    names = name_index_column([normalise_header(h) for h in header])
    trailing_empty = _trailing_empty(names)
    _check_names(header, names[:len(names) - trailing_empty], header_row)
    table, bad = _parse_cells(body, len(header), delimiter, encoding)
    nonempty = kept = None
    if bad.rows:                                      # refused: only the listed rows need placing
        if not bad.stopped and _records_consecutive(body, table.num_rows + bad.count):
            raise _ragged(bad, None, header_row)
        numbers = [b[0] for b in bad.rows if b[0] is not None and b[0] > 0]
        nonempty, _ = _record_rows(body, delimiter, max(numbers, default=0))
        raise _ragged(bad, nonempty, header_row)
    if not _records_consecutive(body, table.num_rows):
        nonempty, kept = _record_rows(body, delimiter)
    row_numbers = None
    if kept is not None and len(kept) == table.num_rows + 1:
        row_numbers = kept[1:] + header_row - 1
    if trailing_empty:
        table, header, names = _drop_unnamed_columns(table, header, names, trailing_empty, header_row)
    return Sheet(table=table, header=header, names=names, header_row=header_row, row_numbers=row_numbers,
                 encoding=encoding, delimiter=delimiter, metadata=meta)


def _utf8_text(raw: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes and the encoding found of a file that is CSV text; binary and empty files are rejected."""
    reason = sniff_binary(raw)
    if reason:
        raise reject(reason)
    if not raw[:4096].strip(b" \t\r\n\xef\xbb\xbf") and not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        raise reject(_("the file is empty"))
    return utf8_fast(raw)


def _read_header(body: bytes, header_row: int) -> tuple[list[str], str]:
    """(header cells as written, stripped; the separator) of the first line of body; one column is rejected."""
    header_line = _first_lines(body, 1)[0][1].decode("utf-8", "replace")
    if len(header_line) > MAX_HEADER_CHARS:
        raise reject(_("the header line is {n} characters long, over the limit of {limit}: is this a CSV file with "
                       "one header line?").format(n=integer(len(header_line)), limit=integer(MAX_HEADER_CHARS)),
                     row=header_row)
    delimiter = detect_delimiter(header_line)
    header = [h.strip() for h in split_line(header_line, delimiter, header_row)]
    if len(header) > MAX_COLUMNS:
        raise reject(_("the file has {n} columns, over the limit of {limit} (a wide file has one column per year or "
                       "quarter: split it, or use the long layout)").format(n=integer(len(header)),
                                                                           limit=integer(MAX_COLUMNS)),
                     row=header_row)
    if len(header) == 1:
        raise reject(_("only one column was found: the separator must be a comma, a semicolon or a tab"),
                     row=header_row,
                     value=header[0][:80])
    return header, delimiter


def _trailing_empty(names: list[str]) -> int:
    """How many nameless columns end the header ("...,2020," as the World Bank writes it: dropped if empty)."""
    trailing_empty = 0
    while len(names) - trailing_empty > 1 and not names[len(names) - 1 - trailing_empty]:
        trailing_empty += 1
    return trailing_empty


def _check_names(header: list[str], names: list[str], header_row: int) -> None:
    """Reject a header with an empty or a repeated column name (names: the normalised ones kept)."""
    problems, seen = [], {}
    for i, name in enumerate(names, start=1):
        if not name:
            problems.append(Problem(header_row, f"#{i}", None, _("empty column name in the header")))
        elif name in seen:
            problems.append(Problem(header_row, header[i - 1],
                                    None, _("column name repeated (also column #{n})").format(n=seen[name])))
        else:
            seen[name] = i
    if problems:
        raise Rejected(problems)


@dataclass
class RaggedRows:
    """Rows with the wrong number of fields: the first RAGGED_LISTED, how many in all, whether reading stopped
    early (past the listed ones nothing more is learnt, so a file of nothing but bad rows is refused at once)."""

    rows: list[Ragged] = field(default_factory=list)
    count: int = 0
    stopped: bool = False


def _parse_cells(body: bytes, width: int, delimiter: str, encoding: str) -> tuple[pa.Table, RaggedRows]:
    """Every data row as text cells (columns c0, c1, ...) and the rows with the wrong number of fields; parsed with
    threads, and again without them when a ragged row's number is unknown (threads lose the row count)."""
    bad = RaggedRows()

    def on_invalid(row: pacsv.InvalidRow) -> str:
        """Skip a row with the wrong number of fields, noting it (whitespace-only lines are blank lines); stop
        reading once more rows are bad than are listed."""
        if not (row.text or "").strip():
            return "skip"                            # whitespace-only line: like a blank line
        bad.count += 1
        if len(bad.rows) < RAGGED_LISTED:
            bad.rows.append((row.number, (row.text or "")[:200], row.expected_columns, row.actual_columns))
            return "skip"
        bad.stopped = True
        return "error"

    def parse(threads: bool) -> pa.Table:
        """The body parsed as text cells, with or without threads."""
        return pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(use_threads=threads, block_size=READ_BLOCK,
                                           column_names=[f"c{i}" for i in range(width)], skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, invalid_row_handler=on_invalid,
                                             newlines_in_values=b'"' in body),
            convert_options=pacsv.ConvertOptions(column_types={f"c{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    try:
        table = _parse_or_stop(parse, True, bad)
        if bad.rows and any(b[0] is None or b[0] < 0 for b in bad.rows):
            bad.rows.clear()
            bad.count, bad.stopped = 0, False
            table = _parse_or_stop(parse, False, bad)
    except pa.ArrowException as exc:
        if "UTF8" in str(exc) and encoding.startswith("UTF-8"):
            raise reject(_("the file is not valid UTF-8 text")) from exc
        raise reject(_("the file cannot be read as CSV ({error})").format(error=exc)) from exc
    return table, bad


def _parse_or_stop(parse, threads: bool, bad: RaggedRows) -> pa.Table:
    """parse(threads), or an empty table when the invalid-row handler stopped it (too many bad rows)."""
    try:
        return parse(threads)
    except pa.ArrowInvalid:
        if bad.stopped:
            return pa.table({})
        raise


def _ragged(ragged: RaggedRows, nonempty: np.ndarray | None, header_row: int) -> Rejected:
    """The rows with the wrong number of fields as problems, at their spreadsheet rows (the first RAGGED_LISTED)."""
    out = []
    bad = ragged.rows
    for number, text_, expected, actual in bad[:RAGGED_LISTED]:
        row = int(number) if number is not None else None
        if row is not None and nonempty is not None and 0 < row <= len(nonempty):
            row = int(nonempty[row - 1])
        if row is not None:
            row += header_row - 1
        why = (_("expected {expected} fields, found {found}; a quoted cell seems to contain a line break or an "
                 "unclosed quote") if text_.count('"') % 2 else _("expected {expected} fields, found {found}"))
        out.append(Problem(row, None, text_[:80], why.format(expected=expected, found=actual)))
    if ragged.stopped:
        out.append(Problem(None, None, None, _("... and more rows with the wrong number of fields (reading stopped "
                                               "after the first {n})").format(n=integer(RAGGED_LISTED))))
    elif ragged.count > len(bad):
        out.append(Problem(None, None, None, _("... and {n} more rows with the wrong number of fields").format(
            n=integer(ragged.count - len(bad)))))
    return Rejected(out)


def _drop_unnamed_columns(table: pa.Table, header: list[str], names: list[str], trailing_empty: int,
                          header_row: int) -> tuple[pa.Table, list[str], list[str]]:
    """The sheet without its trailing nameless columns, which must be empty (else the file is rejected)."""
    extra = table.select(list(range(len(header) - trailing_empty, len(header))))
    if any(pc.any(pc.not_equal(pc.utf8_trim_whitespace(c), "")).as_py()
           for c in extra.columns if len(c)):
        raise reject(_("a column without a name holds values"), row=header_row, column=f"#{len(header)}")
    table = table.select(list(range(len(header) - trailing_empty)))
    return table, header[:len(header) - trailing_empty], names[:len(names) - trailing_empty]


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
