"""The briefing content of one corridor (origin -> destination, the way people migrate): headlines, key charts, the
table of corridor components and indicators at both ends, sources, method."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from indicators.exports.briefing_content import BriefingContent, Headline
from indicators.i18n import N_, _
from indicators.i18n.formats import number, percent
from indicators.exports.briefing_sources import method_note, source_lines, uploaded_sources
from indicators.exports.constants import CHANGE_ARROWS
from indicators.exports.headline_scores import (as_float, compare_headline, counted_indicators, earlier_scorecard,
                                                fmt_value, not_comparable, score_bands, score_change, since)
from indicators.exports.key_charts import corridor_charts
from indicators.scoring.corridors import component_column, corridor_formula
from indicators.scoring.ratings import rate_score, rate_value
from indicators.scoring.scorecard import Scorecard
from indicators.scoring.service import catalogue, scorecard, version_line
from indicators.scoring.trends import TREND_ARROWS, TREND_LABELS
from indicators.scoring.wording import pillar_word
from indicators.store.catalogue import Catalogue
from indicators.store.catalogue_text import localised
from indicators.store.observations import Store
from indicators.views import figures
from indicators.views import corridors as cv
from indicators.views import profile as pr
from indicators.views.urlstate import Settings

def corridor_content(store: Store, origin: str, destination: str, settings: Settings,
                     export_date: str | None = None) -> BriefingContent:
    """The briefing content of one corridor (origin -> destination, the way people migrate)."""
    o, d = origin.upper(), destination.upper()
    cat = localised(catalogue(store))
    card = scorecard(store, settings.year, settings.custom_weights, settings.aggregation)
    r = _corridor_row(card, o, d, settings.year)
    n = cv.names()
    on, dn = n.get(o, o), n.get(d, d)
    headlines = _headlines(cat, card, earlier_scorecard(store, settings), r, o, d, n)
    charts = corridor_charts(store, cat, card, o, d, on, dn, settings.year)
    ind = card.indicators
    ids = ["remittance_cost_corridor"] + sorted(set(ind.loc[ind["iso3"].isin([o, d]), "indicator_id"]))
    return BriefingContent(
        kind="corridor", code=f"{o}-{d}", title=_("{origin} → {destination}: migration corridor").format(
            origin=on, destination=dn),
        subtitle=_subtitle(card, r, on, dn, settings.year), year=settings.year, date=export_date or dt.date.today().isoformat(),
        headlines=headlines,
        headline_note=corridor_formula(cat) + " " + card.index_note(),
        charts=charts, table=_table(card, r, o, d, on, dn, cat), table_title=_("Corridor components and indicators: {origin} → {destination}").format(
            origin=on, destination=dn),
        sources=source_lines(cat, ids, [_("Natural Earth boundaries and centroids (maps) — public domain")])
        + uploaded_sources(ind[ind["iso3"].isin([o, d]) | ((ind["origin_iso3"] == o) & (ind["destination_iso3"] == d))]),
        method_note=method_note(card, _("Corridors run in the direction people migrate (origin -> destination); "
                                        "the remittance cost is that of sending money back along the corridor."),
                                version=version_line(store)))


END_WORDS = {"destination": N_("Destination"), "origin": N_("Origin")}       # shown as _(word)


def trend_word(trend: str) -> str:
    """A trend class in words, in the language in force."""
    return _(TREND_LABELS.get(trend, trend))


def _ends(cat: Catalogue, o: str, d: str) -> list[tuple[str, str, dict]]:
    """(end, iso3, component) of the parts of a corridor's score that are about one of its countries."""
    return [(c["end"], d if c["end"] == "destination" else o, c)
            for c in cat.corridor_components if c["kind"] != "indicator"]


def _corridor_row(card: Scorecard, o: str, d: str, year: int) -> pd.Series:
    """The corridor's row of the scorecard; KeyError when it has no data up to the year."""
    row = card.corridors[(card.corridors["origin_iso3"] == o) & (card.corridors["destination_iso3"] == d)]
    if row.empty:
        raise KeyError(_("no corridor {origin}-{destination} with data up to {year}").format(origin=o, destination=d,
                                                                                            year=year))
    return row.iloc[0]


def _cost_rows(card: Scorecard, o: str, d: str) -> pd.DataFrame:
    """The scorecard rows of the corridor's remittance cost indicator (one, or none without data)."""
    ind = card.indicators
    return ind[(ind["indicator_id"] == "remittance_cost_corridor") & (ind["origin_iso3"] == o)
               & (ind["destination_iso3"] == d)]


def _subtitle(card: Scorecard, r: pd.Series, on: str, dn: str, year: int) -> str:
    """Who migrates where, the way remittances flow, the reference year and the corridor's rank."""
    rank = (_("corridor rank {rank} of {n}").format(rank=int(r['rank']), n=int(card.corridors['rank'].notna().sum()))
            if pd.notna(r["rank"]) else _("corridor not ranked (insufficient data)"))
    return _("Migrants from {origin} working in {destination}; remittances flow {destination} → {origin} · reference "
             "year {year} · {rank}").format(origin=on, destination=dn, year=year, rank=rank)


def _headlines(cat: Catalogue, card: Scorecard, before: Scorecard | None, r: pd.Series, o: str, d: str,
               n: dict[str, str]) -> list[Headline]:
    """Corridor score, remittance cost, recruitment cost, then the pillars at both ends that make up the score."""
    bands = score_bands(cat)
    on, dn = n.get(o, o), n.get(d, d)
    headlines = [_score_headline(card, before, r, o, d, bands), _cost_headline(cat, card, o, d, on, dn),
                 Headline(_("Recruitment cost"), float("nan"), _("insufficient data"), "insufficient", "·",
                          _("no public SDG 10.7.1 data yet; working groups can upload corridor surveys"))]
    prev_p = before.pillars.pivot(index="iso3", columns="pillar", values="score") if before is not None else pd.DataFrame()
    for end, iso, c in _ends(cat, o, d):
        if c["kind"] != "pillar":                    # the origin's governance: a part of the corridor score only
            now = as_float(r.get(component_column(c)))
            headlines.append(Headline(f"{c['name']} ({n.get(iso, iso)})", now, fmt_value(now),
                                      rate_score(now, bands), "·",
                                      _("weight {weight} in the score").format(weight=number(c.get('weight', 1), 2))))
            continue
        pillar = c["id"]
        p = card.pillars[(card.pillars["iso3"] == iso) & (card.pillars["pillar"] == pillar)]
        now = as_float(p["score"].iloc[0]) if len(p) else float("nan")
        was = as_float(prev_p.at[iso, pillar]) if iso in prev_p.index and pillar in prev_p.columns else float("nan")
        arrow, words = compare_headline(card, before, iso, pillar, now, was)
        headlines.append(Headline(f"{_(END_WORDS[end])} {pillar_word(pillar)} ({n.get(iso, iso)})", now, fmt_value(now), rate_score(now, bands),
                                  arrow, words))
    return headlines


def _score_headline(card: Scorecard, before: Scorecard | None, r: pd.Series, o: str, d: str,
                    bands: list[float]) -> Headline:
    """The corridor score with its change since the earlier scorecard, when both rest on the same components."""
    prev_c = before.corridors.set_index(["origin_iso3", "destination_iso3"]) if before is not None else pd.DataFrame()
    score = as_float(r["score"])
    was = as_float(prev_c.at[(o, d), "score"]) if (o, d) in prev_c.index else float("nan")
    same = before is not None and (o, d) in prev_c.index and prev_c.at[(o, d), "components"] == r["components"] and all(
        counted_indicators(card, iso, [c["id"]]) == counted_indicators(before, iso, [c["id"]])
        for _, iso, c in _ends(card.catalogue, o, d) if c["kind"] == "pillar")
    if before is None:
        arrow, words = CHANGE_ARROWS["none"], _("no earlier data")
    elif not same and not math.isnan(was):
        arrow, words = CHANGE_ARROWS["none"], not_comparable(before.year)
    else:
        arrow, words = score_change(score, was)
        words = since(words, before.year)
    return Headline(_("Corridor score"), score, fmt_value(score), rate_score(score, bands), arrow, words)


def _cost_headline(cat: Catalogue, card: Scorecard, o: str, d: str, on: str, dn: str) -> Headline:
    """The cost of sending money back along the corridor (destination -> origin), rated, with its trend."""
    rc = _cost_rows(card, o, d)
    cost = as_float(rc["value"].iloc[0]) if len(rc) else float("nan")
    trend = rc["trend"].iloc[0] if len(rc) else "insufficient_data"
    meta_rc = cat.get("remittance_cost_corridor")
    cost_year = int(rc["year_used"].iloc[0]) if len(rc) else None
    return Headline(_("Remittance cost ({destination} → {origin})").format(destination=dn, origin=on), cost,
                    (percent(cost, 2) if cost == cost else _("insufficient data")) + (f" ({cost_year})" if cost_year
                                                                                      else ""),
                    rate_value(cost, list(meta_rc["thresholds"]), meta_rc["direction"]),
                    TREND_ARROWS.get(trend, "·") or "·", trend_word(trend), "remittance_cost_corridor")


def _table(card: Scorecard, r: pd.Series, o: str, d: str, on: str, dn: str, cat: Catalogue) -> pd.DataFrame:
    """Corridor components, then the country indicators at both ends that have a value."""
    bands = score_bands(cat)
    rows = []
    meta = cat.get("remittance_cost_corridor")
    cost = as_float(r.get("remittance_cost"))
    rc = _cost_rows(card, o, d)
    trend = rc["trend"].iloc[0] if len(rc) else "insufficient_data"
    rows.append({"Part": _("Corridor"), "Indicator": _("Remittance cost ({destination} → {origin})").format(
                     destination=dn, origin=on),
                 "Value": _("{value} of USD 200").format(value=percent(cost, 2)) if cost == cost
                 else _("insufficient data"),
                 "Year": "" if pd.isna(r.get("remittance_cost_year")) else str(int(r["remittance_cost_year"])),
                 "Score": fmt_value(r.get("remittance_cost_corridor_score")),
                 "Rating": figures.rating_label(rate_value(cost, list(meta["thresholds"]), meta["direction"]),
                                                "remittance_cost_corridor"),
                 "Trend": f"{TREND_ARROWS.get(trend, '')} {trend_word(trend)}".strip()})
    rows.append({"Part": _("Corridor"), "Indicator": _("Recruitment cost (SDG 10.7.1)"), "Value": _("no data"),
                 "Year": "", "Score": "", "Rating": _("Insufficient data"), "Trend": ""})
    for end, _iso, c in _ends(cat, o, d):
        v = as_float(r.get(component_column(c)))
        label = f"{c['name']} ({dn if end == 'destination' else on})"
        rows.append({"Part": _("Corridor"), "Indicator": label, "Value": fmt_value(v), "Year": str(card.year),
                     "Score": fmt_value(v), "Rating": figures.rating_label(rate_score(v, bands)), "Trend": ""})
    for end, iso, nm in ((_("Destination"), d, dn), (_("Origin"), o, on)):
        t = pr.indicator_table(card, iso, cat)
        t = t[t["value"] != ""]
        for _k, x in t.iterrows():
            rows.append({"Part": f"{end}: {nm}", "Indicator": x["indicator"], "Value": f"{x['value']} ({x['unit']})",
                         "Year": x["year"], "Score": fmt_value(x["score"]), "Rating": x["rating"], "Trend": x["trend"]})
    return pd.DataFrame(rows)
