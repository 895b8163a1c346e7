"""Data and figures for the overview page: the world map of any score or indicator, headlines, the ranking."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import N_, _
from indicators.i18n.countries import localise_names
from indicators.i18n.formats import percent, share, sort_key
from indicators.scoring.counting import field
from indicators.scoring.wording import play_reason, status_text
from indicators.scoring.provenance import row_sources, sources_line
from indicators.scoring.ratings import rate_score
from indicators.views.choropleth import choropleth
from indicators.store.catalogue import PILLARS, Catalogue
from indicators.store.countries import country_table
from indicators.scoring.scorecard import Scorecard

INDEX_VIEW = "index"
SDG_TARGET = 3.0          # SDG 10.c: reduce remittance costs to less than 3 %
SDG_CEILING = 5.0         # ... and eliminate corridors costlier than 5 %


@dataclass(frozen=True)
class MapView:
    """What the map shows: one value per country plus everything needed to label it."""

    data: pd.DataFrame          # iso3, name, value, rating, year_used
    title: str
    unit: str
    source: str
    thresholds: list[float]
    direction: str
    value_label: str
    value_range: tuple[float, float] | None
    indicator_id: str | None = None  # an indicator view: its own rating words apply


def view_options(cat: Catalogue, card: Scorecard) -> list[dict[str, str]]:
    """Choices for the map: the index, each pillar, each country-level indicator with data this year, then those
    without data (disabled, at the end)."""
    opts = [{"label": _("Overall index (0-100)"), "value": INDEX_VIEW}]
    opts += [{"label": _("Pillar: {name} (0-100)").format(name=cat.pillars[p]['name']), "value": p} for p in PILLARS]
    with_data = set(card.indicators.loc[card.indicators["level"] == "country", "indicator_id"])
    empty = []
    for iid, row in cat.indicators[cat.indicators["level"] == "country"].iterrows():
        label = _("Indicator: {name}").format(name=row['short_name'] or row['name'])
        if iid in with_data:
            opts.append({"label": label, "value": iid, "disabled": False})
        else:                                      # listed last, greyed out: the catalogue has them, the data not yet
            empty.append({"label": label + " " + _("(no data yet)"), "value": iid, "disabled": True})
    return opts + empty


def valid_view(view: str | None, cat: Catalogue) -> str:
    """The view if it is the index, a pillar or a country-level indicator; else the index."""
    if view == INDEX_VIEW or view in PILLARS:
        return view
    if view in cat.indicators.index and cat.indicators.at[view, "level"] == "country":
        return view
    return INDEX_VIEW


def map_view(card: Scorecard, cat: Catalogue, view: str) -> MapView:
    """One value per country for the chosen view, with rating, year used, title, unit and source."""
    names = localise_names(dict(zip(country_table()["iso3"], country_table()["name"])))
    bands = [float(b) for b in cat.settings.get("score_bands", [75, 50, 25])]
    scored = (field(cat, "role", "scored") == "scored") & (cat.indicators["weight"].astype(float) > 0)
    sources = "; ".join(sorted(set(cat.indicators.loc[          # the publishers of what the scores can count
        cat.indicators.index.isin(card.indicators["indicator_id"].unique()) & cat.indicators["derived_from"].isna()
        & scored, "source"])))
    if view == INDEX_VIEW:
        c = card.countries
        data = pd.DataFrame({"iso3": c["iso3"], "value": c["overall"], "rating": c["rating"],
                             "rank": c["rank"],
                             "status": [status_text(x, i, card.catalogue) for x, i in zip(c["status"], c["iso3"])]})
        title = _("Migrant protection index, {year}").format(year=card.year)
        unit, label = _("score 0-100"), _("Index")
        note = card.index_note().rstrip(".")
        source = _("{sources}; index computed by this dashboard ({note})").format(sources=sources, note=note)
    elif view in PILLARS:
        p = card.pillars[card.pillars["pillar"] == view]
        data = pd.DataFrame({"iso3": p["iso3"], "value": p["score"], "coverage": p["coverage"]})
        data["rating"] = [rate_score(v, bands) for v in data["value"]]
        title = _("{pillar}: pillar score, {year}").format(pillar=cat.pillars[view]['name'], year=card.year)
        unit, label = _("score 0-100"), _("Pillar score")
        in_pillar = cat.indicators[cat.indicators["pillar"] == view]
        source = "; ".join(sorted(set(in_pillar.loc[in_pillar.index.isin(card.indicators["indicator_id"]), "source"])))
        if not card.in_play[view]["in_play"]:
            why = play_reason(card.in_play[view])
            source = _("{source} (not in the index this year: {why})").format(source=source, why=why)
    else:
        meta = cat.indicators.loc[view]
        rows = card.indicators[(card.indicators["indicator_id"] == view) & (card.indicators["level"] == "country")]
        data = pd.DataFrame({"iso3": rows["iso3"], "value": rows["value"], "rating": rows["rating"],
                             "year_used": rows["year_used"], "score": rows["score"],
                             "source": row_sources(rows) if len(rows) else pd.Series(dtype=object)})
        title = _("{name}, latest value up to {year}").format(name=meta['short_name'] or meta['name'], year=card.year)
        return MapView(_with_names(data, names), title, meta["unit"], sources_line(rows) or meta["source"],
                       [float(t) for t in meta["thresholds"]], meta["direction"], meta["short_name"] or _("Value"),
                       (float(min(meta["best"], meta["worst"])), float(max(meta["best"], meta["worst"]))), view)
    return MapView(_with_names(data, names), title, unit, source, sorted(bands), "higher_is_better", label,
                   (0.0, 100.0))


def _with_names(data: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Add country names."""
    data = data.reset_index(drop=True)
    data.insert(1, "name", data["iso3"].map(names).fillna(data["iso3"]))
    return data


def map_figure(mv: MapView, year: int) -> go.Figure:
    """The world choropleth of a map view (grey = insufficient data, small states as markers)."""
    return choropleth(
        mv.data, "value", title=mv.title, unit=mv.unit, source=mv.source, year_label=str(year),
        rating_col="rating", thresholds=mv.thresholds, direction=mv.direction, value_range=mv.value_range,
        value_label=mv.value_label, colour_mode="continuous", year_col="year_used" if "year_used" in mv.data else None,
        height=520, indicator_id=mv.indicator_id,
        hover_cols=("source",) if "source" in mv.data else ("status",) if "status" in mv.data else ())


def missing_countries(mv: MapView) -> list[str]:
    """Names of countries in the reference that have no value in this view (shown grey, listed for the record)."""
    ref = country_table()
    have = set(mv.data.loc[mv.data["value"].notna(), "iso3"])
    names = localise_names(dict(zip(ref["iso3"], ref["name"])))
    return sorted((names[c] for c in ref["iso3"] if c not in have), key=sort_key)


def headlines(card: Scorecard) -> dict[str, Any]:
    """Headline figures: countries ranked, mean corridor remittance cost vs the 3 % target, corridors above 5 %."""
    corr = card.indicators[card.indicators["indicator_id"] == "remittance_cost_corridor"]
    costs = corr["value"].astype(float)
    return {
        "year": card.year,
        "countries_ranked": int(card.countries["rank"].notna().sum()),
        "countries_with_data": int(len(card.countries)),
        "corridors": int(len(costs)),
        "mean_corridor_cost": float(costs.mean()) if len(costs) else float("nan"),
        "corridors_above_5": int((costs > SDG_CEILING).sum()),
        "corridors_at_target": int((costs <= SDG_TARGET).sum()),
        "latest_corridor_year": int(corr["year_used"].max()) if len(corr) else None,
        "corridor_years": (f"{int(corr['year_used'].min())}-{int(corr['year_used'].max())}" if len(corr) and
                           corr["year_used"].min() != corr["year_used"].max() else
                           (str(int(corr["year_used"].max())) if len(corr) else "")),
        "corridor_last_period": str(corr["last_period"].max()) if len(corr) and "last_period" in corr else None,
    }


def ranking_table(card: Scorecard) -> pd.DataFrame:
    """The ranking for display: rank with its 5th-95th percentile interval, scores rounded, status in words
    (column names stay the English ids, pages show them translated; names and status in the language in force)."""
    c = card.countries
    names = localise_names(dict(zip(c["iso3"], c["name"])))
    interval = [f"{int(a)}-{int(b)}" if pd.notna(a) else "" for a, b in zip(c["rank_p05"], c["rank_p95"])]
    out = pd.DataFrame({
        N_("rank"): c["rank"].astype("Int64"), N_("rank interval (5-95 %)"): interval, N_("country"): c["iso3"].map(names), "iso3": c["iso3"],
        N_("overall"): c["overall"].round(1),
    })
    for p in PILLARS:
        out[p] = c[p].round(1)
    out[N_("coverage")] = [share(v) if pd.notna(v) else "" for v in c["coverage"]]
    out[N_("status")] = [status_text(s, i, card.catalogue) for s, i in zip(c["status"], c["iso3"])]
    return out.reset_index(drop=True)


def year_bounds(years: list[int], default: int) -> tuple[int, int]:
    """Slider range: the data's years, at least covering the default year."""
    if not years:
        return default - 10, default
    return int(min(min(years), default)), int(max(max(years), default))


def year_marks(lo: int, hi: int, step: int = 2, most: int = 8) -> dict[int, str]:
    """Slider labels every `step` years counted back from the latest, so the last year never crowds its neighbour;
    the step grows so that at most `most` labels show (8 four-digit years fit a 390 px phone's slider)."""
    step = max(step, -(-(hi - lo) // (most - 1)))
    years = list(range(hi, lo - 1, -step))
    if years[-1] - lo >= step:                       # the first year too, when it has room
        years.append(lo)
    return {y: str(y) for y in sorted(years)}


def clicked_iso3(click: dict[str, Any] | None) -> str | None:
    """The country code of a click on the map (shape 'location' or marker 'customdata')."""
    if not click or not click.get("points"):
        return None
    p = click["points"][0]
    code = p.get("location") or p.get("customdata")
    if isinstance(code, list):
        code = code[0] if code else None
    return code if isinstance(code, str) and len(code) == 3 and code.isalpha() else None


def format_pct(v: float) -> str:
    """'5.4 %' or an en dash for missing."""
    return "–" if v is None or (isinstance(v, float) and np.isnan(v)) else percent(v, 1)
