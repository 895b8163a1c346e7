"""Upload tools shared by the upload page, the HTTP API and the CLI: templates, allowed codes, the layout choices and
the format guide (the upload history and past states: history.py). Pure functions over the store and the catalogue
(no Dash, no Flask)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from indicators.i18n import N_, _
from indicators.i18n.countries import country_name
from indicators.store.catalogue import Catalogue
from indicators.store.catalogue_text import localised
from indicators.store.countries import country_table
from indicators.uploads.constants import SEXES, TEMPLATE_MARK, limit_text
from indicators.uploads.proposals import EXAMPLE
from indicators.store.observations import Store
from indicators.store.safe_tables import csv_text

LAYOUT_CHOICES = [("auto", N_("Recognise the layout")), ("long", N_("Long: one value per row")),
                  ("wide", N_("Wide: one column per year or quarter")),
                  ("wdi", N_("World Bank WDI / Data Catalog CSV")),
                  ("sdg", N_("UN SDG Global Database CSV")),
                  ("normlex", N_("ILO NORMLEX ratification table (country x Convention)")),
                  ("sdmx", N_("SDMX-CSV (ILOSTAT downloads as they are, this dashboard's SDMX export)"))]

SEX_WORDS = {"total": N_("total"), "female": N_("female"), "male": N_("male")}


def upload_catalogue(store: Store) -> Catalogue:
    """The catalogue of a store's data directory (shipped indicators plus accepted proposals), as the pages see it."""
    from indicators.scoring.service import catalogue
    return catalogue(store)


def indicator_options(cat: Catalogue) -> list[dict[str, str]]:
    """Dropdown options of the indicators that can be uploaded (derived ones cannot), grouped by pillar (labels in the
    language of the catalogue given and of the language in force)."""
    from indicators.scoring.wording import pillar_word
    ind = cat.indicators[cat.indicators["derived_from"].isna()]
    out = []
    for iid, row in ind.sort_values(["pillar", "id"]).iterrows():
        out.append({"label": f"{pillar_word(row['pillar'])}: {row['short_name'] or row['name']} ({iid})", "value": iid})
    return out


def layout_options() -> list[dict[str, str]]:
    """The layout dropdown's options in the language in force."""
    return [{"label": _(label), "value": value} for value, label in LAYOUT_CHOICES]


def template_csv(cat: Catalogue, indicator_id: str, store: Store | None = None) -> str:
    """A CSV template for one indicator: header and one example row (marked, so it cannot be committed by mistake).

    The example value is a real current value of the indicator when the store has one; otherwise it is left empty.
    """
    meta = cat.get(indicator_id)
    corridor = meta["level"] == "corridor"
    cols = (["indicator_id", "origin_iso3", "destination_iso3"] if corridor else ["indicator_id", "iso3"]) + \
        ["period", "value", "sex", "source", "note"]
    example: dict[str, Any] = {"indicator_id": indicator_id, "period": "2020", "value": "", "sex": "total",
                               "source": "", "note": TEMPLATE_MARK}
    if corridor:
        example.update(origin_iso3="NPL", destination_iso3="QAT")
    else:
        example["iso3"] = "KEN"
    if store is not None:
        obs = store.observations(indicator_id)
        obs = obs[obs["sex"] == "total"]
        if len(obs):
            last = obs.sort_values(["year", "period"]).iloc[-1]
            example.update(period=last["period"], value=f"{last['value']:g}", source=last["source"] or "")
            if corridor:
                example.update(origin_iso3=last["origin_iso3"], destination_iso3=last["destination_iso3"])
            else:
                example["iso3"] = last["iso3"]
    return csv_text(pd.DataFrame([example], columns=cols), lineterminator="\n")


def codes_csv(cat: Catalogue, indicator_id: str | None = None) -> str:
    """The allowed codes as CSV (field, code, label, note): indicator, period, sex and every country code. Fields and
    codes are what a file must contain; labels and notes are in the language in force (catalogue and country names
    included)."""
    rows: list[dict[str, str]] = []
    words = localised(cat).indicators
    ind = cat.indicators[cat.indicators["derived_from"].isna()]
    if indicator_id:
        ind = ind.loc[[indicator_id]]
    for iid, r in ind.iterrows():
        series = ", ".join(r["series_codes"]) if isinstance(r["series_codes"], list) else ""
        note = _("unit: {unit}; valid range {low} to {high}").format(
            unit=words.at[iid, "unit"], low=f"{r['valid_min']:g}", high=f"{r['valid_max']:g}")
        note += (_("; 0 or 1") if r.get("binary") else "") + _("; level: {level}").format(level=r["level"])
        note += _("; series codes also accepted: {codes}").format(codes=series) if series else ""
        rows.append({"field": "indicator_id", "code": iid, "label": words.at[iid, "name"], "note": note})
    rows.append({"field": "period", "code": "2023", "label": _("a year"), "note": _("or a quarter: 2023Q2")})
    for s in SEXES:
        rows.append({"field": "sex", "code": s, "label": _(SEX_WORDS[s]),
                     "note": _("empty means total") if s == "total" else ""})
    corridor = indicator_id is not None and cat.get(indicator_id)["level"] == "corridor"
    field = "origin_iso3 / destination_iso3" if corridor else "iso3"
    for r in country_table().sort_values("iso3").itertuples():
        rows.append({"field": field, "code": r.iso3, "label": country_name(r.iso3, r.name),
                     "note": _("also accepted: {iso2}, M49 {m49}, the name").format(iso2=r.iso2, m49=r.m49)})
    return csv_text(pd.DataFrame(rows, columns=["field", "code", "label", "note"]), lineterminator="\n")


def format_guide(page_bytes: int | None = None) -> str:
    """The accepted upload formats in plain language (Markdown); the limits as limit_text says them."""
    return _("""
**One file = one upload.** It is checked whole: if any row has a problem, nothing is stored and you get a table of
problems (row, column, value, reason) to fix in your spreadsheet. Row numbers are the rows your spreadsheet shows
(the header is row 1). Before anything is stored you see what will change: new values, changed values (old -> new)
and unchanged ones. Every upload can be retracted later; the previous values then come back.

**Layouts recognised automatically**

- *Long*: one value per row. Columns `indicator_id`, `iso3`, `period`, `value`, and optionally `sex`, `source`,
  `note`, `unit`. Corridor indicators take `origin_iso3` and `destination_iso3` (the direction people migrate)
  instead of `iso3`.
- *Wide*: one row per indicator and country, one column per year (`2019`, `2020`) or quarter (`2019Q1`), as the
  World Bank and UN portals and most spreadsheets have it. Empty cells and `..` mean "no value" (never zero).
- *World Bank WDI / Data Catalog CSV*, exactly as downloaded (the metadata lines above the header are fine), and
  the *World Bank DataBank* export.
- *UN SDG Global Database CSV*, exactly as downloaded (SeriesCode, GeoAreaCode, TimePeriod, Value, ...).
- *SDMX-CSV*, exactly as downloaded (ILOSTAT's files, even with the unnamed row-number column pandas adds) or as this
  dashboard exports it: DATAFLOW (or STRUCTURE_ID), REF_AREA, TIME_PERIOD, OBS_VALUE, and optionally INDICATOR,
  COUNTERPART_AREA (a corridor's destination), SEX. The indicator is the INDICATOR column or the dataflow's id.
- *ILO NORMLEX ratification table*, as exported or copied from NORMLEX: one row per country and Convention, with
  columns `Country`, `Convention`, `Date`, `Status` and, if you have them, `Note` or `Denunciation date`.

**Countries** can be ISO3 codes (`KEN`), ISO2 codes, UN M49 numbers or names (`Kenya`, `Côte d'Ivoire`,
`Viet Nam`/`Vietnam`). A name that is unknown or could mean two countries (`Congo`) is an error that lists the
close candidates. Regional and income aggregates (`World`, `Sub-Saharan Africa`, `High income`) are not countries:
they are set aside and listed in the preview, never mixed into country data.

**Indicators** are given by id, or by the series code of the portal (`SI.RMT.COST.IB.ZS`, `SL_LBR_NTLCPL`): the
catalogue maps series codes to indicators. If the file has no indicator column, choose the indicator on the page.

**Corridor files in remittance direction**: columns `sending country` and `receiving country` (as in the World
Bank's Remittance Prices Worldwide) are turned into the migration direction the dashboard uses, as the catalogue
says for each indicator: money sent from Qatar to Nepal is the migration corridor Nepal -> Qatar.

**Numbers**: a decimal point (`4.25`), or a decimal comma (`4,25`) when the whole file uses commas. A value such as
`1,234` that could be a thousands separator is refused, as are text, `NaN`, infinity, spreadsheet errors (`#N/A`),
formulas and values outside the indicator's valid range. Periods are years (`2020`) or quarters (`2020Q2`), from
1950 to next year; some indicators start earlier or later (ILO ratifications in 1919, the year of the first ILO
Conventions; the UN migrant workers' convention in 1990): each indicator's earliest year is in the catalogue.

**Ratification tables (NORMLEX)**: the Convention may be written `C097`, `C97`, `C.97`, `P029`, `Convention No. 97`
or as NORMLEX lists it (`C097 - Migration for Employment Convention (Revised), 1949 (No. 97)`); the catalogue's
series codes say which indicator it feeds. Conventions the catalogue does not list (`C100`, say) are set aside and
listed in the preview, never loaded. The date is a year (`1952`) or a day (`22 Jun 1952`, `22:06:1952`,
`1952-06-22`); only the year is kept. A ratification is stored as 1 from its year. A denunciation ends it: 0 from
the year of denunciation, written `Denounced on 26 Jun 1990` in the status or in the note beside `Not in force`, or
in a denunciation date column. `Not in force` without a denunciation means ratified but not yet in force (a
Convention enters into force for a country 12 months after its ratification is registered): it is stored as
ratified, 1 from the year of ratification, with a note saying so, because these indicators count ratifications,
the commitment a country makes when it ratifies, and the bundled NORMLEX data count it from that year too. The
years before a ratification are left as they are: a table of ratifications says nothing about them. A table of one
Convention (no Convention column) needs the indicator chosen on upload.

**Files**: comma, semicolon or tab separated; UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252/Latin-1
(legacy Excel "CSV" files). {limits} Excel workbooks,
zip files and PDFs must be saved as CSV first.

**New indicators**: a working group can propose one (the catalogue fields: id, name, pillar, level, unit,
direction, best and worst goalposts, thresholds, valid range, licence, definition, optional series codes) together
with its data. It is checked like the catalogue, appears with the group named as its source, and counts in the
index only once the operator adopts it.
""").strip().format(limits=limit_text(page_bytes))


def proposal_example() -> str:
    """An example indicator definition (YAML) for the proposal box, its words in the language in force."""
    return _(EXAMPLE)
