"""Bytes to UTF-8 text: binary files told apart from CSV text, the encoding found (UTF-8 with or without BOM, UTF-16
with BOM, Windows-1252/Latin-1; mixed or unknown encodings rejected, never guessed) and the separator of the header.
"""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _

import csv
import re

from indicators.uploads.constants import CSV_FIELD_LIMIT, MAGIC
from indicators.uploads.problems import Rejected, reject


def sniff_binary(raw: bytes) -> str | None:
    """A reason if the bytes are clearly not a text CSV (archives, spreadsheets, images, binary junk), else None."""
    head = raw[:8192]
    for magic, what in MAGIC:
        if head.startswith(magic):
            if what == "zip":
                if b"[Content_Types].xml" in raw[:65536] or b"xl/" in raw[:65536]:
                    return _("this is a zip archive holding an Excel workbook (.xlsx), not a CSV: open it and save "
                             "the sheet as CSV")
                return _("this is a zip archive (perhaps a zipped file renamed .csv), not a CSV: unzip it first")
            if what.startswith("an old Excel"):
                return _("this is an old Excel/Office file (.xls), not a CSV: save the sheet as CSV")
            if what == "UTF-32 text":
                return _("the file is UTF-32 text; save it as UTF-8 CSV")
            return _("the file contains binary data ({what}), not CSV text").format(what=_(what))
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None                                   # UTF-16 with a byte-order mark: decoded below
    nul = raw.find(b"\x00")
    if nul >= 0:
        if len(head) > 16 and head[1::2].count(0) > len(head) // 4:
            return _("the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 CSV "
                     "(binary data: NUL bytes)")
        return _("the file contains binary data (NUL bytes, first at line {line}), not CSV text").format(
            line=_line_of(raw, nul))
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return _("this is an HTML or XML page, not a CSV (save the portal's CSV download instead)")
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
            raise reject(_("the file starts as UTF-8 (byte-order mark) but byte 0x{byte} at line {line} is not "
                           "UTF-8: mixed encodings; save the whole file as UTF-8").format(
                byte=f"{body[exc.start]:02x}", line=_line_of(body, exc.start)),
                         row=_line_of(body, exc.start)) from None
        return body, "UTF-8 with BOM"
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16").encode("utf-8"), "UTF-16"
        except UnicodeDecodeError:
            raise reject(_("the file announces UTF-16 (byte-order mark) but is not valid UTF-16; save it as "
                           "UTF-8")) \
                from None
    try:
        raw.decode("utf-8")
        return raw, "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    multibyte = re.search(rb"[\xc2-\xf4][\x80-\xbf]+", raw)
    if multibyte and _valid_utf8_sequence(multibyte.group(0)):
        line_ok, line_bad = _line_of(raw, multibyte.start()), _line_of(raw, first_bad)
        raise reject(_("mixed encodings: line {good} is UTF-8 but line {bad} is not (byte 0x{byte}); save the whole "
                       "file as UTF-8").format(good=line_ok, bad=line_bad, byte=f"{raw[first_bad]:02x}"), row=line_bad)
    try:
        return raw.decode("cp1252").encode("utf-8"), "Windows-1252"
    except UnicodeDecodeError as exc:
        line = _line_of(raw, exc.start)
        raise reject(_("the encoding cannot be determined: byte 0x{byte} at line {line} is neither UTF-8 nor "
                       "Windows-1252/Latin-1; save the file as UTF-8").format(byte=f"{raw[exc.start]:02x}", line=line),
                     row=line) from None


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
    counts = {d: len(split_line(header_line, d)) for d in (",", ";", "\t")}
    best = max(counts.values())
    if best <= 1:
        return ","
    winners = [d for d, n in counts.items() if n == best]
    if len(winners) > 1:
        names = {",": _("comma"), ";": _("semicolon"), "\t": _("tab")}
        raise reject(_("the separator is ambiguous: the header splits into {n} columns with {separators}").format(
            n=best, separators=_(" and with ").join(names[w] for w in winners)), row=1)
    return winners[0]


def utf8_fast(raw: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes of the file without decoding it twice: plain UTF-8 is passed through (pyarrow checks it)."""
    if raw.startswith(b"\xef\xbb\xbf") or raw[:2] in (b"\xff\xfe", b"\xfe\xff") or not raw.isascii():
        return to_utf8(raw)
    return raw, "UTF-8"


def split_line(line: str, delimiter: str = ",", row: int | None = 1) -> list[str]:
    """The cells of one CSV line; a line the csv module cannot read (a cell over its field limit of 131,072
    characters) is Rejected with the reason, never raised as csv.Error."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error as exc:
        raise csv_refusal(exc, row) from None


def csv_refusal(exc: csv.Error, row: int | None = None) -> Rejected:
    """A csv.Error as a refusal with a reason people can act on."""
    if "field limit" in str(exc):
        return reject(_("a cell is longer than {n} characters: probably a quote (\") opened and never closed, or "
                        "not a CSV file").format(n=integer(CSV_FIELD_LIMIT)), row=row)
    return reject(_("the line cannot be read as CSV ({error})").format(error=exc), row=row)
