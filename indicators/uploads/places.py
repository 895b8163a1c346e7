"""The place step of validation: country names and codes resolved against the country reference (each distinct value
once), countries for country-level indicators, origin and destination in the direction people migrate for corridor
indicators (sending/receiving columns turned round where the catalogue says money), aggregates set aside."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indicators.i18n import N_, _
from indicators.i18n.formats import integer
from indicators.store.catalogue import Catalogue
from indicators.uploads.cells import Flags, TextColumn
from indicators.uploads.constants import CLOSE_MATCHES_MAX, CODE_LIKE, PLACE_FIELDS
from indicators.uploads.indicator_codes import IndicatorRows
from indicators.uploads.long import RawLong

AGGREGATE = N_("a regional or income aggregate, not a country")
CORRIDOR_MISSING = N_("missing country code for a corridor-level indicator")


@dataclass
class Places:
    """A place column resolved per distinct value: iso3 index (-1 none), status code, reason."""

    iso: np.ndarray      # per row
    status: np.ndarray   # per row: 0 empty, 1 country, 2 aggregate, 3 unknown/ambiguous
    reason: list[str]    # per distinct value
    text: TextColumn


@dataclass
class PlaceCells:
    """Which place columns each row fills (they decide the level when a series code maps to two indicators)."""

    country: np.ndarray      # an iso3 cell
    migration: np.ndarray    # an origin or destination cell
    money: np.ndarray        # a sending or receiving country cell

    @classmethod
    def of(cls, cells: dict[str, TextColumn]) -> PlaceCells:
        """The place columns filled, per row."""
        return cls(country=cells["iso3"].nonempty(),
                   migration=cells["origin_iso3"].nonempty() | cells["destination_iso3"].nonempty(),
                   money=cells["sending"].nonempty() | cells["receiving"].nonempty())

    def kind(self) -> np.ndarray:
        """Per row: 2 a corridor (any corridor column), 1 a country (iso3 only), 0 no place."""
        return np.where(self.migration | self.money, 2, np.where(self.country, 1, 0)).astype(np.int8)


@dataclass
class PlaceRows:
    """Where every row is: country rows by iso3, corridor rows by origin and destination (migration direction)."""

    iso_list: list[str]        # the valid ISO3 codes, sorted: the positions below index it
    country: Places            # the iso3 column resolved
    origin: np.ndarray         # per row: position of the origin in iso_list (-1 none)
    destination: np.ndarray    # per row: position of the destination in iso_list (-1 none)
    aside: np.ndarray          # per row: set aside (a regional or income aggregate)


def place_reason(text: str, status: str, candidates: tuple[str, ...]) -> str:
    """Why a place cannot be used."""
    if status == "ambiguous":
        return _("ambiguous country name: could be {candidates}; use the ISO3 code").format(
            candidates=_(" or ").join(candidates))
    if CODE_LIKE.match(text):
        return _("unknown ISO 3166-1 alpha-3 country code")
    if candidates:
        return _("unknown country name or code (close: {candidates})").format(candidates=", ".join(candidates))
    return _("unknown country name or code")


class Suggestions:
    """The budget of close-match searches of one upload (each costs about a millisecond): the first
    CLOSE_MATCHES_MAX distinct unknown names get suggestions, the others are counted."""

    def __init__(self) -> None:
        self.left, self.without = CLOSE_MATCHES_MAX, 0

    def take(self) -> bool:
        """True while the budget lasts."""
        self.left -= 1
        return self.left >= 0

    def note(self, flags: Flags) -> None:
        """Say how many unknown names got no suggestion ("and N more")."""
        if self.without:
            flags.file(_("close matches are suggested for the first {n} unknown country names; and {more} more unknown "
                         "names without suggestions").format(n=CLOSE_MATCHES_MAX, more=integer(self.without)))


def resolve_places(t: TextColumn, iso_index: dict[str, int], valid: frozenset[str],
                   budget: Suggestions | None = None) -> Places:
    """Resolve every distinct name or code of a place column (countries.resolve: codes, names, aliases); close
    matches of unknown names only while the budget lasts."""
    from indicators.store.countries import resolve
    budget = budget or Suggestions()
    iso, status, reason = [], [], []
    for v in t.values:
        if not v:
            iso.append(-1), status.append(0), reason.append("")
            continue
        r = resolve(v, suggest=False)
        if r.status == "unknown" and not CODE_LIKE.match(v):
            if budget.take():
                r = resolve(v)
            else:
                budget.without += 1
        if r.iso3 and r.iso3 in valid:
            iso.append(iso_index[r.iso3]), status.append(1), reason.append("")
        elif r.status == "aggregate":
            iso.append(-1), status.append(2), reason.append(_(AGGREGATE))
        else:
            iso.append(-1), status.append(3), reason.append(place_reason(v, r.status, r.candidates))
    return Places(iso=t.per_row(iso, np.int32), status=t.per_row(status, np.int8), reason=reason, text=t)


def check_places(raw: RawLong, cells: dict[str, TextColumn], present: PlaceCells, rows: IndicatorRows,
                 cat: Catalogue, valid: frozenset[str], flags: Flags, notes: list[str],
                 set_aside: list[dict]) -> PlaceRows:
    """Place every row: countries for country-level indicators, corridors for corridor-level ones."""
    check = PlaceCheck(raw, cells, flags, valid, set_aside)
    check.country_rows(rows.country)
    money = (cat.indicators["raw_direction"] == "money").to_numpy(bool)[rows.safe]
    origin, destination = check.corridor_rows(present, rows.corridor, money, notes)
    check.budget.note(flags)
    return PlaceRows(iso_list=check.iso_list, country=check.resolved["iso3"], origin=origin,
                     destination=destination, aside=check.aside)


class PlaceCheck:
    """The place columns of one upload resolved, with the problems and the rows set aside they give."""

    def __init__(self, raw: RawLong, cells: dict[str, TextColumn], flags: Flags, valid: frozenset[str],
                 set_aside: list[dict]) -> None:
        self.raw, self.cells, self.flags, self.valid, self.set_aside = raw, cells, flags, valid, set_aside
        self.iso_list = sorted(valid)
        self.iso_index = {c: k for k, c in enumerate(self.iso_list)}
        self.budget = Suggestions()
        self.resolved = {f: resolve_places(cells[f], self.iso_index, valid, self.budget) for f in PLACE_FIELDS}
        self.aside = np.zeros(raw.length, dtype=bool)

    def column(self, rows_mask: np.ndarray, fld: str, missing: str) -> None:
        """Flag missing/unknown places and set aggregates aside, for the rows of a mask."""
        pl, column = self.resolved[fld], self.raw.label(fld)
        self.flags.add(rows_mask & (pl.status == 0), fld, missing, column=column)
        agg = rows_mask & (pl.status == 2)
        if agg.any():
            self.aside[agg] = True
            weight = self.raw.weight[agg] if self.raw.weight is not None else np.ones(int(agg.sum()), dtype=int)
            for r, v, w in zip(self.raw.rows[agg], [pl.text.values[c] for c in pl.text.codes[agg]], weight):
                self.set_aside.extend({"row": int(r), "column": column, "value": v, "place": v,
                                       "reason": _(AGGREGATE)} for _k in range(w))
        bad = rows_mask & (pl.status == 3)
        if bad.any():
            self.flags.add(bad, fld, pl.text.per_row(pl.reason, object), column=column)

    def country_rows(self, is_country: np.ndarray) -> None:
        """Country-level rows: a known country in iso3 (matching its name, if given), no corridor columns."""
        self.column(is_country, "iso3", _("missing country code for a country-level indicator"))
        if self.cells["iso3_name"].present:
            self.name_matches_code(is_country)
        for col in ("origin_iso3", "destination_iso3", "sending", "receiving"):
            self.flags.add(is_country & self.cells[col].nonempty(), col,
                           _("a country-level indicator takes iso3, not origin/destination"))

    def name_matches_code(self, is_country: np.ndarray) -> None:
        """Flag rows whose country name (a second country column) names another country than the code."""
        iso = self.resolved["iso3"]
        names = resolve_places(self.cells["iso3_name"], self.iso_index, self.valid, self.budget)
        clash = is_country & (iso.status == 1) & (names.status == 1) & (names.iso != iso.iso)
        if clash.any():
            from indicators.store.countries import name_of
            why = np.full(self.raw.length, "", dtype=object)
            sel = np.flatnonzero(clash)
            iso_list = self.iso_list
            text = _("the name is {name} ({named}) but the code in {column} is {code}")
            why[sel] = [text.format(name=name_of(iso_list[b]), named=iso_list[b], column=self.raw.label('iso3'),
                                    code=iso_list[a]) for a, b in zip(iso.iso[sel], names.iso[sel])]
            self.flags.add(clash, "iso3_name", why)

    def corridor_rows(self, present: PlaceCells, is_corridor: np.ndarray, money: np.ndarray,
                      notes: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Corridor-level rows: (origin, destination) per row in migration direction; flags missing, unknown or
        identical ends, iso3 given instead, or both pairs of corridor columns given."""
        P, flags = self.resolved, self.flags
        flags.add(is_corridor & present.country, "iso3",
                  _("a corridor-level indicator takes origin_iso3 and destination_iso3, not iso3"))
        use_mig = is_corridor & present.migration
        use_money = is_corridor & ~present.migration
        both = is_corridor & present.migration & present.money
        flags.add(both, "sending", _("give either origin/destination (migration direction) or sending/receiving "
                                     "country, not both"))
        money_dir = use_money & money
        swap_rows = int(money_dir.sum() if self.raw.weight is None else self.raw.weight[money_dir].sum())
        # origin/destination in the direction people migrate
        o_iso = np.where(use_mig, P["origin_iso3"].iso, np.where(money_dir, P["receiving"].iso, P["sending"].iso))
        d_iso = np.where(use_mig, P["destination_iso3"].iso, np.where(money_dir, P["sending"].iso,
                                                                       P["receiving"].iso))
        self.column(use_mig, "origin_iso3", CORRIDOR_MISSING)
        self.column(use_mig, "destination_iso3", CORRIDOR_MISSING)
        self.column(use_money, "sending", _("missing sending country for a corridor-level indicator"))
        self.column(use_money, "receiving", _("missing receiving country for a corridor-level indicator"))
        same = is_corridor & (o_iso >= 0) & (o_iso == d_iso)
        flags.add(same & use_mig, "destination_iso3", _("origin and destination are the same country"))
        flags.add(same & use_money, "receiving", _("sending and receiving country are the same"))
        if swap_rows:
            notes.append(_("{n} corridor rows run in remittance direction (money sent from the sending to the "
                           "receiving country) and are stored in migration direction: origin = receiving country, "
                           "destination = sending country (catalogue: raw_direction money).").format(
                n=integer(swap_rows)))
        return o_iso, d_iso
