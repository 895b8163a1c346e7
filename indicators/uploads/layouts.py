"""Reading upload files: raw bytes -> text cells in the long layout, whatever shape the working group's file has.

Layouts (DESIGN §1, README "Uploads"):
  long  one observation per row: indicator_id, iso3 (or origin_iso3 + destination_iso3, or sending + receiving
        country), period, value, optional sex, source, note, unit
  wide  one row per indicator and place, one column per year or quarter ("2019", "2019Q2", "2019 [YR2019]"), as
        the World Bank DataBank and most spreadsheets have it; kept in that shape (RawLong.grid) and checked so
  wdi   the World Bank WDI / Data Catalog CSV exactly as downloaded: metadata lines above the header, Country Name,
        Country Code, Indicator Name, Indicator Code, one column per year, regional and income aggregates mixed in
  sdg   the UN SDG Global Database CSV: SeriesCode, GeoAreaCode (UN M49), GeoAreaName, TimePeriod, Value,
        footnotes, nature, units and disaggregation columns
  sdmx  an SDMX-CSV file (1.0 or 2.0): ILOSTAT's downloads as they are, or this project's SDMX export
  normlex  an ILO NORMLEX ratification table: one row per country and Convention (Country, Convention, Date,
        Status, Note, or a denunciation date), read into 1 from the year of ratification, 0 from a denunciation

Everything stays text here: indicator codes and country names are resolved against the catalogue and the country
reference by validate.validate_long, which reports problems with the file's own row numbers and column names.
Anything that cannot be read unambiguously (encoding, separator, layout) raises Rejected with a reason.
"""
from __future__ import annotations

from indicators.i18n import _

import pandas as pd

from indicators.store.catalogue import Catalogue, load_catalogue
from indicators.uploads.constants import ALIASES, LAYOUTS, PERIOD_HEADER, SDG_SIGNATURE, WDI_SIGNATURE
from indicators.uploads.digits import sheet_problems
from indicators.uploads.long import RawLong, read_long
from indicators.uploads.normlex import is_normlex, read_normlex
from indicators.uploads.problems import Rejected, reject
from indicators.uploads.sdg import read_sdg
from indicators.uploads.sdmx_csv import is_sdmx_csv, read_sdmx_csv
from indicators.uploads.sheet import read_sheet
from indicators.uploads.wide import read_wdi, read_wide


def detect_layout(names: list[str], header: list[str] | None = None) -> str:
    """long, wide, wdi, sdg or normlex from the header (normalised names and, for year columns, the header as
    written); raises Rejected when the layout cannot be told."""
    s = set(names)
    if all(n in s for n in WDI_SIGNATURE):
        return "wdi"
    if all(n in s for n in SDG_SIGNATURE):
        return "sdg"
    if is_normlex(names):
        return "normlex"
    if is_sdmx_csv(names):
        return "sdmx"
    periods = [h for h in (header or names) if PERIOD_HEADER.match(h.strip().upper())]
    values = [a for a in ALIASES["value"] if a in s]
    if periods and values:
        raise reject(_("the header has both a value column ({value}) and year columns ({year}, ...): use one layout, "
                       "long or wide").format(value=values[0], year=periods[0]), row=1)
    if periods:
        return "wide"
    known = {a for fld, al in ALIASES.items() for a in al}
    if values or s & known:
        return "long"                               # a long file missing its value column is reported as such
    raise reject(_("the layout cannot be recognised: expected a long file (indicator_id, iso3, period, value), a wide "
                   "file (one column per year, e.g. 2019, 2020), a World Bank WDI CSV, a UN SDG Global Database CSV, "
                   "an SDMX-CSV file or an ILO NORMLEX ratification table (Country, Convention, Date, Status)"), row=1)


def read_upload(raw: bytes, layout: str = "auto", cat: Catalogue | None = None,
                max_rows: int | None = None) -> RawLong:
    """Read an upload of any supported layout into text cells in the long layout (cat: the catalogue a NORMLEX
    table's Conventions are mapped through; the shipped one by default); raises Rejected."""
    sheet = read_sheet(raw)
    digits = sheet_problems(sheet.table, sheet.header, sheet.names, sheet.rows(), sheet.header_row)
    if digits:
        raise Rejected(digits)
    found = detect_layout(sheet.names, sheet.header) if layout in ("auto", None, "") else layout
    if found not in LAYOUTS:
        raise reject(_("unknown layout {layout} (use auto, {layouts})").format(layout=repr(layout),
                                                                             layouts=", ".join(LAYOUTS)))
    if layout not in ("auto", None, ""):
        try:
            detected = detect_layout(sheet.names, sheet.header)
        except Rejected:
            detected = None
        if detected and detected != found and not (found == "wide" and detected == "wdi"):
            raise reject(_("the file looks like the {detected} layout, not {chosen}: choose '{detected}' or "
                           "'auto'").format(detected=detected, chosen=found),
                         row=sheet.header_row)
    if found == "normlex":
        out = read_normlex(sheet, cat or load_catalogue())
    else:
        out = (read_wide(sheet, max_rows) if found == "wide" else read_wdi(sheet, max_rows) if found == "wdi"
               else {"long": read_long, "sdg": read_sdg, "sdmx": read_sdmx_csv}[found](sheet))
    out.encoding, out.delimiter = sheet.encoding, sheet.delimiter
    if sheet.encoding != "UTF-8":
        out.notes.insert(0, _("Read as {encoding}.").format(encoding=sheet.encoding))
    if sheet.delimiter != ",":
        out.notes.insert(0, _("Separator: semicolon.") if sheet.delimiter == ";" else _("Separator: tab."))
    return out


def set_aside_frame(records: list[dict]) -> pd.DataFrame:
    """Set-aside rows as a table: row, column, value, place, reason."""
    return pd.DataFrame(records, columns=["row", "column", "value", "place", "reason"])
