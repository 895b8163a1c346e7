"""The ILO NORMLEX ratification table, as exported or copied from NORMLEX: one row per country and Convention (Country,
Convention, Date, Status, Note; or a denunciation date column), read into the status series the catalogue's
ratification indicators hold: 1 from the year of ratification, 0 from the year of a denunciation.

Conventions are read from their code (C097, C97, C.97, P029, "C097 - title"), "Convention No. 97" or a title ending in
"(No. 97)", and mapped through the catalogue's series_codes (the same map the WDI and SDG series codes go through);
rows of Conventions no indicator lists are set aside with the reason, never guessed. Dates are a year or a day
(22 Jun 1952, 22:06:1952, 1952-06-22): the year is kept. A denunciation ends the ratification from its year.
"Not in force" without a denunciation (ratified, not yet in force) is stored as ratified (1) with a note: the
indicators count ratifications, the commitment is made when the ratification is registered, and the bundled NORMLEX
series count it from that year too.
"""
from __future__ import annotations

from indicators.i18n.formats import integer

from indicators.i18n import _, ngettext

import re
from datetime import date
from functools import lru_cache

import numpy as np
import pyarrow as pa

from indicators.store.catalogue import Catalogue
from indicators.uploads.constants import (
    ALIASES, CONVENTION_CODE, CONVENTION_TITLE, CONVENTION_WORDS, DATE_FULL, DATE_IN_TEXT, FORMULA, FORMULA_HELP, MLC,
    MONTHS, NORMLEX_ALLOWED, NORMLEX_COLUMNS, NORMLEX_DATE_HELP, NORMLEX_DESCRIPTIVE, NORMLEX_STATUS_HELP,
    NOT_IN_FORCE_NOTE)
from indicators.uploads.indicator_codes import series_map
from indicators.uploads.long import RawLong, map_columns, nonempty_rows
from indicators.uploads.problems import Problem, Rejected
from indicators.uploads.sheet import Sheet

OUT_FIELDS = ("indicator_id", "iso3", "iso3_name", "period", "value", "source", "note")


def is_normlex(names: list[str]) -> bool:
    """True if a header reads as a NORMLEX ratification table: a ratification date column with a Convention or a
    status column, and no value column."""
    s = set(names)
    has = lambda part: any(a in s for a in NORMLEX_COLUMNS[part])  # noqa: E731
    return not any(a in s for a in ALIASES["value"]) and has("date") and (has("convention") or has("status"))


def convention_code(text: str) -> str | None:
    """Canonical code of a Convention or Protocol cell ('C097', 'P029', 'MLC'), None when it names none."""
    t = text.strip()
    if MLC.match(t):
        return "MLC"
    m = CONVENTION_CODE.match(t) or CONVENTION_WORDS.match(t)
    if m:
        kind = m.group("kind")[0].upper()
    else:
        m = CONVENTION_TITLE.search(t)
        if not m:
            return None
        kind = "P" if t.lower().startswith("protocol") else "C"
    return f"{kind}{int(m.group('no')):03d}"


def catalogue_conventions(cat: Catalogue) -> dict[str, str]:
    """Canonical Convention code -> the series code the catalogue lists for it (C97 and C097 are one Convention)."""
    out: dict[str, str] = {}
    for code in series_map(cat):
        canon = convention_code(code)
        if canon:
            out.setdefault(canon, code)
    return out


def _valid_day(year: int, month: int, day: int) -> bool:
    """True if year-month-day is a real day."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def year_of(text: str) -> int | None:
    """The year of a date cell (1952, 22 Jun 1952, June 22, 1952, 22:06:1952, 1952-06-22), None when it is not a
    year or a real day."""
    t = text.strip()
    if not DATE_FULL.match(t):
        return None
    if re.fullmatch(r"[0-9]{4}(?:\.0+)?", t):
        return int(t[:4])
    nums = [int(n) for n in re.findall(r"[0-9]+", t)]
    word = re.search(r"[A-Za-z]{3,}", t)
    if word:
        w = word.group(0).lower()
        month = next((k for k, m in enumerate(MONTHS, start=1) if m.startswith(w)), 0)
        return nums[-1] if month and _valid_day(nums[-1], month, nums[0]) else None
    if re.match(r"[0-9]{4}-", t):
        return nums[0] if _valid_day(nums[0], nums[1], nums[2]) else None
    a, b, y = nums[:3]
    return y if _valid_day(y, b, a) or _valid_day(y, a, b) else None


def year_in(text: str) -> int | None:
    """The year of the first date written in a text ('Denounced on 26 Jun 1990' -> 1990), None when there is none."""
    for m in DATE_IN_TEXT.finditer(text):
        y = year_of(m.group(0))
        if y:
            return y
    return None


def status_kind(text: str) -> str | None:
    """in_force, not_in_force, denounced, not_ratified or '' (no status) for a status cell; None when unknown."""
    t = " ".join(text.lower().split())
    if not t:
        return ""
    if "denounc" in t or "denunciation" in t:
        return "denounced"
    if t.startswith(("not ratified", "no ratification")):
        return "not_ratified"
    if "not in force" in t or "not yet in force" in t:
        return "not_in_force"
    if t.startswith(("in force", "ratified", "entered into force")):
        return "in_force"
    return None


def read_normlex(sheet: Sheet, cat: Catalogue) -> RawLong:
    """A NORMLEX ratification table: each row's ratification (1) and denunciation (0) as long rows; rows of
    Conventions the catalogue does not know, and rows without a date or status, set aside."""
    used, problems, notes = map_columns(sheet, NORMLEX_DESCRIPTIVE, layout="normlex", fields=NORMLEX_COLUMNS,
                                        allowed=NORMLEX_ALLOWED)
    for part, name in (("iso3", "country"), ("date", "date")):
        if part not in used:
            problems.append(Problem(sheet.header_row, name, None, _("required column is missing")))
    if problems:
        raise Rejected(problems)
    keep = nonempty_rows(sheet, list(range(sheet.table.num_columns)))
    if not keep.all():
        dropped = int((~keep).sum())
        notes.append(ngettext("{n} empty row skipped.", "{n} empty rows skipped.", dropped).format(n=integer(dropped)))
    rows = _Rows(sheet, used, cat)
    for k in np.flatnonzero(keep):
        rows.read(int(k))
    return rows.result(notes)


class _Rows:
    """The rows of a NORMLEX table read one by one into long rows, problems and rows set aside."""

    def __init__(self, sheet: Sheet, used: dict[str, int], cat: Catalogue) -> None:
        self.cells = {part: [s.strip() for s in sheet.table.column(i).to_pylist()] for part, i in used.items()}
        self.labels = {part: sheet.header[i] for part, i in used.items()}
        self.file_rows = sheet.rows()
        self.codes = catalogue_conventions(cat)
        self.ids = {i.lower(): i for i in cat.indicators.index}
        self.out: dict[str, list[str]] = {f: [] for f in OUT_FIELDS}
        self.rows: list[int] = []
        self.period_columns: list[str] = []
        self.problems: list[Problem] = []
        self.set_aside: list[dict] = []
        self.not_in_force = 0

    def cell(self, part: str, k: int) -> str:
        """The stripped cell of a part at sheet row k ('' when the file has no such column)."""
        col = self.cells.get(part)
        return col[k] if col is not None else ""

    def label(self, part: str) -> str:
        """The file's column name of a part (the part's usual name when the file has none)."""
        return self.labels.get(part, {"denounced": _("denunciation date"), "iso3": _("country")}.get(part, part))

    def problem(self, k: int, part: str, reason: str) -> None:
        """A problem at sheet row k, in the column of a part."""
        self.problems.append(Problem(int(self.file_rows[k]), self.label(part), self.cell(part, k)[:80] or None,
                                     reason))

    def aside(self, k: int, part: str, place: str, reason: str) -> None:
        """Sheet row k set aside (not loaded), listed with its reason."""
        self.set_aside.append({"row": int(self.file_rows[k]), "column": self.label(part),
                               "value": self.cell(part, k), "place": place, "reason": reason})

    def read(self, k: int) -> None:
        """One row: its ratification (and denunciation) as long rows, or its problems, or the row set aside."""
        date_t, status_t = self.cell("date", k), self.cell("status", k)
        if not (date_t or status_t or self.cell("denounced", k)):
            self.aside(k, "convention", self.cell("convention", k) or self.cell("iso3", k),
                       _("no ratification date or status: a heading, or a Convention not ratified (nothing to store)"))
            return
        before = len(self.problems)
        code = self.convention(k)
        if code is None and len(self.problems) == before:
            return                                     # set aside: a Convention the catalogue does not know
        kind = status_kind(status_t)
        if kind == "not_ratified":
            if code is not None:
                self.aside(k, "status", code or self.cell("iso3", k),
                           _("not ratified: a ratification series starts at a ratification (nothing to store)"))
            return
        rat = year_of(date_t) if date_t else None
        if rat is None:
            self.problem(k, "date", NORMLEX_DATE_HELP if date_t else _("missing ratification date"))
        if kind is None:
            self.problem(k, "status", NORMLEX_STATUS_HELP)
        if FORMULA.match(self.cell("note", k)):
            self.problem(k, "note", FORMULA_HELP)           # checked on its own: it is stored inside a longer note
        den, den_part = self.denunciation(k, kind)
        if rat and den and den <= rat:
            self.problem(k, den_part, _("the denunciation ({denounced}) must come after the ratification "
                                        "({ratified})").format(denounced=den, ratified=rat))
        if len(self.problems) == before and code is not None and rat is not None and kind is not None:
            self.emit(k, code, rat, den, den_part, kind)

    def convention(self, k: int) -> str | None:
        """The catalogue's code (or id) of the row's Convention ('' without a Convention column: the indicator chosen
        on upload); None when the row is refused or set aside (an unreadable or unknown Convention)."""
        text = self.cell("convention", k)
        if not text:
            return ""                                  # validation: the indicator chosen on upload, or a problem
        if text.lower() in self.ids:
            return self.ids[text.lower()]
        canon = convention_code(text)
        if canon is None:
            self.problem(k, "convention", _("cannot tell which Convention this is: write its code (C097, P029) or "
                                            "'Convention No. 97'"))
            return None
        if canon not in self.codes:
            self.aside(k, "convention", canon, _("{code} is not in the catalogue (no indicator lists it in its "
                                                 "series_codes): not loaded").format(code=canon))
            return None
        return self.codes[canon]

    def denunciation(self, k: int, kind: str | None) -> tuple[int | None, str]:
        """(year, part it was read from) of the row's denunciation: the denunciation date column, a status such as
        'Denounced on 26 Jun 1990', or a note saying so beside 'Not in force'; (None, '') when not denounced."""
        den_t, note_t = self.cell("denounced", k), self.cell("note", k)
        if den_t:
            if kind == "in_force":
                self.problem(k, "denounced", _("a date of denunciation, but the status says In Force"))
            elif year_of(den_t) is None:
                self.problem(k, "denounced", _("the date of denunciation must be a year (1990) or a day (26 Jun "
                                               "1990)"))
            return year_of(den_t), "denounced"
        noted = status_kind(note_t) == "denounced" and kind in ("denounced", "not_in_force", "")
        if kind == "denounced" and year_in(self.cell("status", k)):
            return year_in(self.cell("status", k)), "status"
        if noted and year_in(note_t):
            return year_in(note_t), "note"
        if kind == "denounced" or noted:
            self.problem(k, "status", _("denounced, but no date of denunciation: write 'Denounced on 26 Jun 1990' or "
                                        "give a denunciation date column"))
        return None, ""

    def emit(self, k: int, code: str, rat: int, den: int | None, den_part: str, kind: str) -> None:
        """The long rows of one ratification: 1 from its year, 0 from the year of its denunciation."""
        date_t, status_t, note_t = self.cell("date", k), self.cell("status", k), self.cell("note", k)
        status = f"status: {status_t}" if status_t else ""
        if den is None and kind == "not_in_force":
            self.not_in_force += 1
        extra = NOT_IN_FORCE_NOTE if den is None and kind == "not_in_force" else ""
        self.add(k, code, rat, "1", "date", [f"ratified {date_t}", status, extra, note_t])
        if den is not None:
            self.add(k, code, den, "0", den_part, [f"denounced in {den}: the ratification of {date_t} ended", status,
                                                   note_t])

    def add(self, k: int, code: str, year: int, value: str, period_part: str, note: list[str]) -> None:
        """One long row."""
        cells = {"indicator_id": code, "iso3": self.cell("iso3", k), "iso3_name": self.cell("iso3_name", k),
                 "period": str(year), "value": value, "source": self.cell("source", k),
                 "note": "; ".join(n for n in note if n)}
        for f in OUT_FIELDS:
            self.out[f].append(cells[f])
        self.rows.append(int(self.file_rows[k]))
        self.period_columns.append(self.label(period_part))

    def result(self, notes: list[str]) -> RawLong:
        """The long rows read, with their file rows, problems, rows set aside and notes."""
        if self.set_aside:
            n = len(self.set_aside)
            notes.append(ngettext("{n} row set aside (Conventions the catalogue does not know, rows without a "
                                  "ratification), listed in the preview.",
                                  "{n} rows set aside (Conventions the catalogue does not know, rows without a "
                                  "ratification), listed in the preview.", n).format(n=integer(n)))
        if self.not_in_force:
            notes.append(ngettext("{n} ratification 'Not in force' without a denunciation: stored as ratified (1) "
                                  "from the year of ratification; give the date if one was denounced.",
                                  "{n} ratifications 'Not in force' without a denunciation: stored as ratified (1) "
                                  "from the year of ratification; give the date if one was denounced.",
                                  self.not_in_force).format(n=integer(self.not_in_force)))
        labels = {"indicator_id": self.label("convention"), "iso3": self.label("iso3"),
                  "iso3_name": self.label("iso3_name"), "period": self.label("date"),
                  "value": self.label("status"), "source": self.label("source"), "note": self.label("note")}
        cols = {f: pa.array(v, type=pa.string()) for f, v in self.out.items()}
        return RawLong(columns=cols, rows=np.asarray(self.rows, dtype=np.int64), length=len(self.rows),
                       layout="normlex", labels=labels, set_aside=self.set_aside, notes=notes,
                       row_problems=self.problems, default_source="ILO NORMLEX", portal=True,
                       period_columns=np.asarray(self.period_columns, dtype=object))
