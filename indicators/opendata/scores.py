"""Scores and ranks, country profiles and corridor tables as the read API serves them (the numbers of
`python -m indicators score` and `corridors`). Rank intervals come only from a scorecard already computed (by the
server's warming or a page): an API request never starts the sensitivity analysis."""
from __future__ import annotations

from typing import Any

from indicators.opendata.errors import ApiError
from indicators.opendata.jsonsafe import plain, records
from indicators.scoring.citation import citation
from indicators.scoring.scorecard import Scorecard
from indicators.i18n import current
from indicators.i18n.countries import country_name
from indicators.scoring.materialise import table_version
from indicators.scoring.service import (catalogue, corridor_table, country_names, scorecard, scorecard_if_computed,
    scorecard_without_intervals, score_table, scores_version, updating_notice)
from indicators.store.observations import Store

NO_INTERVALS = ("rank intervals are not computed for these settings yet (they need the 500-draw sensitivity "
                "analysis, which only the catalogue's weights get in advance); rank_p05, rank_p95 and rank_median "
                "are null")
PROFILE_INDICATOR_COLUMNS = ["indicator_id", "pillar", "value", "year_used", "last_period", "score", "rating",
                             "trend", "in_play", "weight", "source", "upload_ids"]


def card_for(store: Store, year: int, weights: dict[str, float] | None, rule: str) -> tuple[Scorecard, bool, str]:
    """(scorecard, whether it has rank intervals, the data version of its scores): while a new data version's scores
    are materialised after a commit, the previous version's full scorecard, as the pages show it (scores_version);
    else the full one when already computed, else one without intervals."""
    served = scores_version(store, year, weights, rule)
    if served != store.version():
        return scorecard(store, year, None, rule, served), True, served
    full = scorecard_if_computed(store, year, weights, rule)
    if full is not None:
        return full, True, served
    return scorecard_without_intervals(store, year, weights, rule), False, served


def settings_record(card: Scorecard, intervals: bool, store: Store | None = None, served: str = "") -> dict[str, Any]:
    """The settings a payload was scored with, and what the index covers; while scores update, which data version the
    scores are of (`scores_updating`, `scores_data_version`)."""
    out = {"year": card.year, "weights": plain(card.weights), "rule": card.aggregation,
           "index_pillars": card.index_pillars, "index_note": card.index_note(), "rank_intervals": intervals}
    if not intervals:
        out["rank_intervals_note"] = NO_INTERVALS
    return {**out, **updating(store, served)}


def updating(store: Store | None, served: str) -> dict[str, Any]:
    """{'scores_updating': notice, 'scores_data_version': number} while the scores are an earlier version's, else {}."""
    text = updating_notice(store, served) if store is not None and served else ""
    if not text:
        return {}
    return {"scores_updating": text, "scores_data_version": store.data_version_at(table_version(served))["number"]}


def scores_payload(store: Store, year: int, weights: dict[str, float] | None, rule: str) -> dict[str, Any]:
    """Every country's scores, rank and (when computed) rank interval for a year, weights and rule."""
    card, intervals, served = card_for(store, year, weights, rule)
    key = ("opendata-scores", year, tuple(sorted((weights or {}).items())), rule, intervals, current(), served)
    return store.memo(key, lambda: {**settings_record(card, intervals, store, served),
                                    "countries": records(named(score_table(card))), "citation": citation(store)})


def named(table):
    """A table's `name` column in the language in force (pycountry's names; codes unchanged)."""
    if "name" not in table.columns or "iso3" not in table.columns:
        return table
    return table.assign(name=[country_name(i, n) for i, n in zip(table["iso3"], table["name"])])


def profile_payload(store: Store, iso3: str, year: int, weights: dict[str, float] | None,
                    rule: str) -> dict[str, Any]:
    """One country's profile: overall and pillar scores, rank, every indicator with value, year, score, rating,
    trend and source, and its corridors."""
    code = iso3.strip().upper()
    names = country_names()
    if code not in names:
        raise ApiError(404, f"no country {iso3[:20]!r} (ISO 3166-1 alpha-3, e.g. KEN)")
    card, intervals, served = card_for(store, year, weights, rule)
    row = card.countries[card.countries["iso3"] == code]
    ind = card.indicators[(card.indicators["iso3"] == code) & (card.indicators["level"] == "country")]
    pil = card.pillars[card.pillars["iso3"] == code].drop(columns=["iso3"])
    cors = corridor_table(card)
    cat = catalogue(store)
    ids = [i for i in cat.ids if i in set(ind["indicator_id"])]
    return {**settings_record(card, intervals, store, served), "iso3": code, "name": country_name(code, names[code]),
            "scores": records(row.drop(columns=["iso3", "name"]))[0] if len(row) else None,
            "pillars": records(pil), "indicators": records(ind.reindex(columns=PROFILE_INDICATOR_COLUMNS)),
            "corridors_from": records(_corridor_rows(cors[cors["origin_iso3"] == code])),
            "corridors_to": records(_corridor_rows(cors[cors["destination_iso3"] == code])),
            "citation": citation(store, ids)}


def _corridor_rows(df):
    """A corridor table without its nested components column (kept flat for JSON and CSV readers)."""
    return df.drop(columns=[c for c in ("components",) if c in df.columns])


def corridors_payload(store: Store, year: int, rule: str, origin: str | None = None,
                      destination: str | None = None) -> dict[str, Any]:
    """The ranked corridor table of a year (optionally one origin and/or destination)."""
    card, _, served = card_for(store, year, None, rule)
    df = corridor_table(card)
    if origin:
        df = df[df["origin_iso3"] == origin]
    if destination:
        df = df[df["destination_iso3"] == destination]
    ids = [i for i in ("remittance_cost_corridor", "recruitment_cost_corridor") if i in catalogue(store).ids]
    return {"year": card.year, "rule": rule, **updating(store, served), "corridors": records(_corridor_rows(df)),
            "citation": citation(store, ids)}
