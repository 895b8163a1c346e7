"""The constants of reading and checking uploads, in one place: layouts and the column names each accepts, the
World Bank and UN SDG portal vocabularies, binary signatures, size limits (and limits(), their configured values),
and the words and patterns cells are checked against; the ILO NORMLEX ratification table's columns, Convention codes,
dates and status words."""
from __future__ import annotations

import os
import re

from indicators.i18n import N_, _
from indicators.i18n.formats import integer

# ---------------------------------------------------------------------- layouts and column names (reading)
LAYOUTS = ("long", "wide", "wdi", "sdg", "normlex", "sdmx")
FIELDS = ("indicator_id", "iso3", "iso3_name", "origin_iso3", "destination_iso3", "sending", "receiving",
          "period", "value", "sex", "source", "note", "unit")
MISSING_MARKERS = frozenset({"", ".."})          # empty cells of wide layouts (".." is the World Bank's marker)
PORTAL_TEXT_MAX = 1000
READ_BLOCK = 1 << 24
CSV_FIELD_LIMIT = 131_072                        # the csv module's field limit (csv.field_size_limit())
MAX_HEADER_CHARS = 100_000                       # a header line longer than this is refused before it is split
MAX_COLUMNS = 1_000                              # columns of a file (a wide file: id columns + one per period)
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
PERIOD_HEADER = re.compile(r"^([0-9]{4})(?:\s*-?\s*[qQ]([1-4]))?(?:\s*\[YR[0-9]{4}(?:Q[1-4])?\])?$")
WDI_SIGNATURE = ("country_name", "country_code", "indicator_name", "indicator_code")
SDG_SIGNATURE = ("seriescode", "geoareacode", "timeperiod", "value")
# SDMX-CSV (1.0: DATAFLOW first; 2.0: STRUCTURE, STRUCTURE_ID, ACTION): ILOSTAT's downloads, this project's export.
SDMX_SIGNATURE = ("ref_area", "time_period", "obs_value")
SDMX_STRUCTURE = ("dataflow", "structure_id")         # one of them names the dataflow
SDMX_INDEX = "sdmx_row_index"                         # an unnamed first column of row numbers (pandas' index)
SDMX_KNOWN = ("dataflow", "structure", "structure_id", "action", "indicator", "ref_area", "counterpart_area", "freq",
              "measure", "time_period", "obs_value", "obs_status", "unit_measure_type", "unit_measure", "unit_mult",
              "source", "source_detail", "note_source", "note_indicator", "note_classif", "comment_obs", "decimals",
              "upper_bound", "lower_bound", "country_name", "upload_id", "nature", "reporting_type", "sex",
              SDMX_INDEX)
SDMX_SEX = {"_t": "total", "t": "total", "sex_t": "total", "_z": "total", "": "total", "f": "female",
            "sex_f": "female", "m": "male", "sex_m": "male"}
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
# ILO NORMLEX ratification tables (normlex.py): one row per country and Convention. Accepted column names per part.
NORMLEX_COLUMNS: dict[str, tuple[str, ...]] = {
    "iso3": ALIASES["iso3"] + ("member", "member_state", "ilo_member", "ilo_member_state", "state"),
    "convention": ("convention", "instrument", "convention_code", "convention_no", "convention_number",
                   "convention_or_protocol", "conventions_and_protocols", "instrument_code", "indicator_id",
                   "indicator"),
    "date": ("date", "ratification_date", "date_of_ratification", "ratification", "ratified", "ratification_year",
             "year_of_ratification", "registration_date", "date_of_registration", "year"),
    "status": ("status", "ratification_status"),
    "denounced": ("denunciation_date", "date_of_denunciation", "denounced", "denounced_on", "denunciation",
                  "denunciation_year", "year_of_denunciation"),
    "note": ("note", "notes", "comment", "comments", "remarks", "footnote"),
    "source": ("source", "data_source"),
}
NORMLEX_ALLOWED = ("country", "convention", "date", "status", "denunciation_date", "note", "source")
NORMLEX_DESCRIPTIVE = ("title", "convention_title", "instrument_title", "convention_name", "instrument_name",
                       "subject")
# C097, C97, C.97, C 97, "C097 - Migration for Employment Convention (Revised), 1949 (No. 97)", P029, MLC, 2006
CONVENTION_CODE = re.compile(r"^(?P<kind>[CP])\s*[.\-]?\s*0*(?P<no>[0-9]{1,3})(?=[\s\-\u2013:(]|$)", re.I)
CONVENTION_WORDS = re.compile(r"^(?P<kind>convention|protocol)\s*(?:no\.?|n[o\u00b0\u00ba]\.?|number|#)?\s*0*"
                              r"(?P<no>[0-9]{1,3})$", re.I)                   # Convention No. 97, Protocol 29
CONVENTION_TITLE = re.compile(r"\(\s*no\.?\s*0*(?P<no>[0-9]{1,3})\s*\)\s*$", re.I)   # "... Convention, 1949 (No. 97)"
MLC = re.compile(r"^MLC\b", re.I)                                             # the Maritime Labour Convention, 2006
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_DAY_MONTH = r"[0-9]{1,2}[:./\-][0-9]{1,2}[:./\-][0-9]{4}"                 # 22:06:1952, 22/06/1952, 06-22-1952
_ISO_DAY = r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"                                 # 1952-06-22
# 22 Jun 1952, 22-Jun-1952, June 22, 1952
_NAMED = r"[0-9]{1,2}[\s\-]+[A-Za-z]{3,9}\.?[\s\-,]+[0-9]{4}|[A-Za-z]{3,9}\.?\s+[0-9]{1,2},?\s+[0-9]{4}"
_TIME = r"(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"                        # 1952-06-22 00:00:00 (Excel)
DATE_FULL = re.compile(rf"^(?:[0-9]{{4}}(?:\.0+)?|{_DAY_MONTH}|{_ISO_DAY}{_TIME}|{_NAMED})$")
DATE_IN_TEXT = re.compile(rf"(?<![\w.:/\-])(?:{_DAY_MONTH}|{_ISO_DAY}|{_NAMED}|[0-9]{{4}})(?![\w:/\-])")
NORMLEX_STATUS_HELP = N_("status must be In Force, Not in force or Denounced (with its date: Denounced on 26 Jun 1990, "
                         "or a denunciation date column)")
NOT_IN_FORCE_NOTE = ("counted as ratified: not yet in force when the table was exported (NORMLEX lists a "   # stored
                     "ratification as not in force until it enters into force, 12 months after its registration)")
NORMLEX_DATE_HELP = N_("a ratification date must be a year (1952) or a day (22 Jun 1952, 22:06:1952, 1952-06-22)")
MAGIC = (
    (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"\xd0\xcf\x11\xe0", "an old Excel/Office file (.xls)"),
    (b"%PDF", N_("a PDF document")), (b"\x1f\x8b", N_("a gzip archive")), (b"BZh", N_("a bzip2 archive")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive")), (b"Rar!", N_("a RAR archive")), (b"\x89PNG", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")), (b"GIF8", N_("a GIF image")), (b"{\\rtf", N_("an RTF document")),
    (b"\xff\xfe\x00\x00", "UTF-32 text"), (b"\x00\x00\xfe\xff", "UTF-32 text"),
)

# ---------------------------------------------------------------------- limits, words and patterns (checking)
MAX_BYTES_DEFAULT = 200 * 1024 * 1024
MAX_ROWS_DEFAULT = 5_000_000
MAX_BYTES_ENV, MAX_ROWS_ENV = "MPD_MAX_UPLOAD_BYTES", "MPD_MAX_UPLOAD_ROWS"
MAX_TEXT = 1000
MAX_PROBLEMS = 5000
SEXES = ("total", "female", "male")
SEX_WORDS = {"": "total", "total": "total", "t": "total", "all": "total", "both": "total", "both sexes": "total",
             "bothsex": "total", "_t": "total", "female": "female", "f": "female", "women": "female",
             "male": "male", "m": "male", "men": "male"}
COUNTRY_COLUMNS = ("iso3",)
CORRIDOR_COLUMNS = ("origin_iso3", "destination_iso3")
REQUIRED = ("indicator_id", "period", "value")
OPTIONAL = ("sex", "source", "note", "unit")
PERIOD_RE = r"^[0-9]{4}(Q[1-4])?$"
PERIOD_IN = re.compile(r"^([0-9]{4})(?:\.0+)?(?:\s*-?\s*Q([1-4]))?$", re.IGNORECASE)
TEMPLATE_MARK = "EXAMPLE ROW - delete this row before uploading"
NUM_DOT = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
NUM_COMMA = re.compile(r"^[+-]?[0-9]+,[0-9]+$")
NUM_EURO = re.compile(r"^[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+$")
NUM_ENGLISH = re.compile(r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+$")
NON_FINITE = re.compile(r"^[+-]?(?:nan|inf|infinity)$", re.IGNORECASE)
MISSING_WORDS = frozenset({"..", "...", "…", "na", "n/a", "n.a.", "-", "--", "—", "null", "none", "missing", "nd"})
EXCEL_ERRORS = frozenset({"#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!"})
FORMULA = re.compile(r"^[=@]|^[+\-]\S*[(|!]")
FORMULA_HELP = N_("looks like a spreadsheet formula (starts with = + - @): remove the leading sign or quote the text")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_NOTE = 1000                          # characters of an upload's or retraction's note (line breaks, tabs allowed)
MAX_FILE_NAME = 200                      # characters of a recorded file name
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("", "0", "false", "no", "off")   # boolean fields of the API
# Rate limits of the write paths (previews, dry runs, commits, retractions), in flask-limiter's notation: a group
# checks files a few times a minute at most; one address rarely hosts more than a few groups (throttle.py).
RATE_LIMIT_GROUP = "20/minute;200/hour"
RATE_LIMIT_ADDRESS = "30/minute;300/hour"
RATE_LIMIT_GROUP_ENV, RATE_LIMIT_ADDRESS_ENV = "MPD_RATE_LIMIT_GROUP", "MPD_RATE_LIMIT_ADDRESS"
RATE_LIMIT_STORAGE_ENV = "MPD_RATE_LIMIT_STORAGE"      # memory://, file:///path.sqlite (default), redis://host:port
TRUSTED_PROXIES_ENV = "MPD_TRUSTED_PROXIES"            # how many proxies in front set X-Forwarded-For (0: none)
CODE_LIKE = re.compile(r"^[A-Za-z]{3}$")
# Signs that go with non-ASCII digits (digits.py): the sign, and the ASCII sign meant.
DIGIT_SIGNS = {"\u066b": ("arabic decimal separator", "."), "\u066c": ("arabic thousands separator", ","),
               "\uff0e": ("fullwidth full stop", "."), "\uff0c": ("fullwidth comma", ",")}
# Columns of free text (normalised names), where digits of any script are text: every other cell is checked.
FREE_TEXT_COLUMNS = frozenset(ALIASES["source"] + ALIASES["note"] + ALIASES["unit"] + DESCRIPTIVE
                              + NORMLEX_DESCRIPTIVE + ("footnote", "nature", "units", "geoinfourl", "title"))

VALUE_REASONS = ("", N_("missing value (leave the row out instead)"), N_("not a number"), N_("not a finite number"),
                 N_("a missing-value marker, not a number (leave the row out instead)"),
                 N_("a spreadsheet error value, not a number"), N_("looks like a spreadsheet formula, not a number"),
                 N_("a censored value (such as <5) cannot be stored as a number"),
                 N_("decimal mark is ambiguous: the file has both decimal points and decimal commas"),
                 N_("could be a thousands separator or a decimal comma (1,234 = 1234 or 1.234?): write the number "
                    "without thousands separators, with a decimal point"),
                 N_("the value contains a line break: probably a quote (\") opened and never closed"))
RAGGED_LISTED = 1000                 # rows with the wrong number of fields listed one by one (the rest counted)
GRID_BLOCK_VALUES = 1 << 16          # a wide file's cells are checked in blocks of rows holding about this many values
PARALLEL_ROWS = 100_000              # above this, text columns are dictionary-encoded side by side (threads)
PARALLEL_HASH_BYTES = 1 << 22        # above this, the file is hashed in a thread while it is parsed
FRAME_ROWS_MAX = 100_000             # an IngestResult carries a pandas frame of the clean rows up to this size
CHANGES_LISTED = 5000                # changed and new rows listed in a preview
CLOSE_MATCHES_MAX = 200              # distinct unknown country names given close-match suggestions (1 ms each)
DISTINCT_KEYS_MAX = 20_000           # distinct cells of a key column (indicator, place, period, sex) looked at one by
                                     # one; a real file has a few hundred (countries x spellings, years x quarters)
PLACE_FIELDS = ("iso3", "origin_iso3", "destination_iso3", "sending", "receiving")
TEXT_FIELDS = ("source", "note", "unit")


def limits() -> tuple[int, int]:
    """(maximum bytes, maximum rows) of an upload: $MPD_MAX_UPLOAD_BYTES / $MPD_MAX_UPLOAD_ROWS or the defaults."""
    def env(name: str, default: int) -> int:
        try:
            v = int(os.environ.get(name, "") or default)
            return v if v > 0 else default
        except ValueError:
            return default
    return env(MAX_BYTES_ENV, MAX_BYTES_DEFAULT), env(MAX_ROWS_ENV, MAX_ROWS_DEFAULT)


def size_text(n_bytes: int) -> str:
    """A byte count as the limits quote it: megabytes of 1,048,576 bytes, whole ("50 MB")."""
    return f"{n_bytes / 2 ** 20:,.0f} MB"


def limit_text(page_bytes: int | None = None) -> str:
    """The upload limits in one sentence, quoted the same on the upload page, its format guide and the README (in
    the language in force; English: the README's words)."""
    max_bytes, max_rows = limits()
    if page_bytes:
        return _("At most {page} per file through this page and {api} through the API; at most {rows} rows per "
                 "file.").format(page=size_text(min(page_bytes, max_bytes)), api=size_text(max_bytes),
                                 rows=integer(max_rows))
    return _("At most {api} through the API; at most {rows} rows per file.").format(api=size_text(max_bytes),
                                                                                    rows=integer(max_rows))
