"""The briefing content of one country: headline scores, subtitle, key charts, indicator table, sources, method."""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from indicators.exports.briefing_content import BriefingContent, Chart, Headline
from indicators.exports.briefing_sources import method_note, source_lines, uploaded_sources
from indicators.exports.headline_scores import (as_float, compare_headline, earlier_scorecard, fmt_value,
                                                score_bands)
from indicators.i18n import _
from indicators.i18n.groupings import grouping
from indicators.store.catalogue_text import localised
from indicators.exports.key_charts import country_corridor_charts, peer_chart, trend_charts
from indicators.scoring.ratings import rate_score
from indicators.scoring.wording import play_reason
from indicators.scoring.scorecard import Scorecard
from indicators.scoring.service import catalogue, scorecard, version_line
from indicators.store.catalogue import PILLARS, Catalogue
from indicators.store.observations import Store
from indicators.views import profile as pr
from indicators.views.urlstate import Settings


def country_content(store: Store, iso3: str, settings: Settings, export_date: str | None = None) -> BriefingContent:
    """The briefing content of one country for the settings (year, weights, aggregation)."""
    code = iso3.upper()
    info = pr.country_info(code)
    if info is None:
        raise KeyError(_("unknown country code {code}").format(code=repr(iso3)))
    cat = localised(catalogue(store))
    card = scorecard(store, settings.year, settings.custom_weights, settings.aggregation)
    h = pr.header(card, code)
    name = info["name"]
    headlines = _headlines(cat, card, earlier_scorecard(store, settings), code, h)

    ids = sorted(set(card.indicators.loc[card.indicators["iso3"] == code, "indicator_id"]))
    charts = [peer_chart(cat, card, code, name, ids)]
    charts += trend_charts(store, cat, card, code, name, settings.year)
    charts += country_corridor_charts(card, code, name, settings.year)
    return BriefingContent(
        kind="country", code=code, title=_("{name}: protection of migrant workers").format(name=name),
        subtitle=_subtitle(info, h, settings.year), year=settings.year,
        date=export_date or dt.date.today().isoformat(), headlines=headlines, headline_note=card.index_note(),
        charts=charts, table=_table(card, code, cat), table_title=_("Indicators for {name}").format(name=name),
        sources=_sources(cat, ids, charts) + uploaded_sources(card.indicators[card.indicators["iso3"] == code]),
        method_note=method_note(card, version=version_line(store)), notes=[h["status"]])


def _headlines(cat: Catalogue, card: Scorecard, before: Scorecard | None, code: str,
               h: dict[str, Any]) -> list[Headline]:
    """The overall index and each pillar, rated, with the change since the earlier scorecard where comparable."""
    bands = score_bands(cat)
    prev = before.countries.set_index("iso3") if before is not None else pd.DataFrame()
    headlines = []
    for col, label in [("overall", _("Overall index")), *[(p, cat.pillars[p]["name"]) for p in PILLARS]]:
        now = as_float(h.get(col, np.nan))
        was = as_float(prev.at[code, col]) if code in prev.index and col in prev.columns else float("nan")
        arrow, trend = compare_headline(card, before, code, col, now, was)
        rating = rate_score(now, bands)
        text = fmt_value(now)
        if col == "recruitment" and math.isnan(now):
            trend = play_reason(card.in_play["recruitment"])
        headlines.append(Headline(label, now, text, rating, arrow, trend))
    return headlines


def _subtitle(info: dict[str, Any], h: dict[str, Any], year: int) -> str:
    """Region, sub-region, income group, reference year and rank (or why the country is not ranked)."""
    rank = (_("rank {rank} of {n} (5-95 % interval {low}-{high})").format(rank=h['rank'], n=h['ranked_of'],
                                                                           low=h['rank_p05'], high=h['rank_p95'])
            if h["rank"] else _("not ranked: {why}").format(why=h['status']))
    return " · ".join(x for x in [grouping(info.get("un_region") or ""), grouping(info.get("un_subregion") or ""),
                                  grouping(info.get("income_group") or ""), _("reference year {year}").format(year=year), rank]
                      if x)


def _table(card: Scorecard, code: str, cat: Catalogue) -> pd.DataFrame:
    """The country's indicator table as printed: value with unit, year, score, rating and trend."""
    table = pr.indicator_table(card, code, cat)
    return pd.DataFrame({
        "Pillar": table["pillar"].str.capitalize(), "Indicator": table["indicator"],
        "Value": [f"{v} ({u})" if v else _("no data") for v, u in zip(table["value"], table["unit"])],
        "Year": table["year"], "Score": [fmt_value(s) if s == s else "" for s in table["score"]],
        "Rating": [r if v else _("Insufficient data") for r, v in zip(table["rating"], table["value"])],
        "Trend": [t or "" for t in table["trend"]],
    })


def _sources(cat: Catalogue, ids: list[str], charts: list[Chart]) -> list[str]:
    """Sources of the country's indicators and charts: corridor data, migrant stock weights, map boundaries."""
    derived = [i for i in ids if pd.notna(cat.indicators.at[i, "derived_from"])] if ids else []
    if any(ch.key.startswith(("remittance-cost", "corridor-map")) for ch in charts):
        ids = ids + ["remittance_cost_corridor"]             # the corridor charts draw on RPW corridor data
    extra = [_("UN DESA International Migrant Stock 2024 (weights of corridor averages) — licence: UN terms")
             ] if derived else []
    extra.append(_("Natural Earth boundaries and centroids (maps) — public domain"))
    return source_lines(cat, ids, extra)
