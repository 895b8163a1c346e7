"""Store + catalogue + scoring, cached per data version: what the CLI and the pages call."""
from __future__ import annotations

import time
from functools import lru_cache

from indicators.i18n import _, current
from typing import Any

import pandas as pd

from indicators.scoring.audit import audit_tables
from indicators.scoring.derived import with_derived
from indicators.scoring.explain import explain
from indicators.scoring import materialise
from indicators.scoring.pillars import AGGREGATIONS
from indicators.scoring.scorecard import Scorecard, score_all
from indicators.scoring.vintage import reference_years
from indicators.store.catalogue import PILLARS, Catalogue, load_catalogue
from indicators.store.catalogue_text import localised
from indicators.store.config import data_dir
from indicators.store.countries import country_table
from indicators.store.observations import Store


WARM_PAUSE = 0.05          # seconds the background warming yields between two scorecards


@lru_cache(maxsize=8)
def get_store(data_dir: str | None = None) -> Store:
    """One Store object per data directory (its tables are rebuilt only when the data version changes)."""
    return Store(data_dir)


def country_names() -> dict[str, str]:
    """iso3 -> short English name for every country in the reference."""
    t = country_table()
    return dict(zip(t["iso3"], t["name"]))


def parse_weights(text: str | None) -> dict[str, float]:
    """Parse 'protection=1,remittance=2' into a dict; raises ValueError naming the bad part."""
    out: dict[str, float] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(f"weight {part!r} must look like pillar=number")
        k, v = (x.strip() for x in part.split("=", 1))
        if k not in PILLARS:
            raise ValueError(f"unknown pillar {k!r} (pillars: {', '.join(PILLARS)})")
        try:
            out[k] = float(v)
        except ValueError:
            raise ValueError(f"weight of {k} is not a number: {v!r}") from None
        if out[k] < 0 or out[k] != out[k]:
            raise ValueError(f"weight of {k} must be a non-negative number")
    return out


def configured_store() -> Store:
    """The store of the configured data directory ($MPD_DATA_DIR or the bundled data/)."""
    return get_store(str(data_dir()))


def years(store: Store | None = None) -> dict[str, Any]:
    """The default reference year, the range of years offered and the rule (vintage.reference_years), per data
    version."""
    st = store if store is not None else configured_store()
    cat = catalogue(st)
    path = materialise.version_dir(st.root, st.version()) / "reference-years.pkl"
    return st.memo("reference-years", lambda: materialise.materialised(
        path, lambda: reference_years(with_derived(st.annual(), cat, st.migrant_stock()), cat)))


def default_year(store: Store | None = None) -> int:
    """The reference year used when none is given: follows from the data (vintage.reference_years)."""
    return int(years(store)["default"])


def method_version(cat: Catalogue | None = None) -> str:
    """The version of the scoring method, e.g. 'v1' (catalogue settings; the changelog is on the methodology page)."""
    return str((cat or load_catalogue()).settings.get("method_version", "v1"))


def version_line(store: Store | None = None) -> str:
    """'Method v1 · data version 7 of 2024-07-11': how a quoted figure can be traced to how it was computed."""
    st = store if store is not None else configured_store()
    dv = st.data_version()
    if dv["date"]:
        return _("Method {method} · data version {number} of {date}").format(
            method=method_version(catalogue(st)), number=dv["number"], date=dv["date"])
    return _("Method {method} · data version {number}").format(method=method_version(catalogue(st)), number=dv["number"])


def catalogue(store: Store | None = None) -> Catalogue:
    """The catalogue in force for a store's data directory: the shipped one plus working groups' accepted proposals
    (memoised per data version, so a proposal shows up with its upload and leaves with its retraction)."""
    from indicators.store.in_force import catalogue_for
    st = store if store is not None else get_store(None)
    return st.memo("catalogue", lambda: catalogue_for(st.root))


def scorecard(store: Store, year: int, weights: dict[str, float] | None = None,
              aggregation: str = "arithmetic") -> Scorecard:
    """Score all countries and corridors for a year; memoised per data version, year, weights and rule."""
    key = ("scorecard", int(year), tuple(sorted((weights or {}).items())), aggregation)
    return store.memo(key, lambda: _materialised_scorecard(store, int(year), weights, aggregation))


def scorecard_if_computed(store: Store, year: int, weights: dict[str, float] | None = None,
                          aggregation: str = "arithmetic") -> Scorecard | None:
    """The full scorecard (rank intervals included) only if this process or the shared disk cache already has it;
    never starts the sensitivity analysis (what an anonymous API request may ask for)."""
    key = ("scorecard", int(year), tuple(sorted((weights or {}).items())), aggregation)
    card = store.peek(key)
    if card is None:
        card = materialise.load(materialise.card_path(store.root, store.version(), year, weights, aggregation))
    return card


def scorecard_without_intervals(store: Store, year: int, weights: dict[str, float] | None = None,
                                aggregation: str = "arithmetic") -> Scorecard:
    """Scores and ranks for a year, weights and rule without the rank intervals (no sensitivity draws), memoised per
    data version."""
    key = ("scorecard-no-intervals", int(year), tuple(sorted((weights or {}).items())), aggregation)
    return store.memo(key, lambda: score_all(store.annual(), catalogue(store), int(year), weights, aggregation,
                                             stock=store.migrant_stock(), names=country_names(),
                                             sensitivity_draws=0))


def _compute_scorecard(store: Store, year: int, weights: dict[str, float] | None, aggregation: str) -> Scorecard:
    """Score a year from the store (the work the materialised files save)."""
    return score_all(store.annual(), catalogue(store), year, weights, aggregation, stock=store.migrant_stock(),
                     names=country_names())


def _materialised_scorecard(store: Store, year: int, weights: dict[str, float] | None,
                            aggregation: str) -> Scorecard:
    """The scorecard from the shared on-disk cache of this data version, computed there once if missing; the first
    one of a data version also starts (once per process, if enabled) the warming of every default scorecard."""
    version = store.version()
    path = materialise.card_path(store.root, version, year, weights, aggregation)
    card = materialise.materialised(path, lambda: _compute_scorecard(store, year, weights, aggregation))
    materialise.warm_once(path.parent, lambda: warm(store, version))
    return card


def warm_new_version(store: Store) -> bool:
    """After a commit or retraction: start materialising the new data version in the background (once per process,
    when $MPD_WARM_SCORECARDS is 1), so readers find it done; True when started here."""
    version = store.version()
    return materialise.warm_once(materialise.version_dir(store.root, version), lambda: warm(store, version))


def warm_order(first: int, last: int, default: int) -> list[int]:
    """The years to warm, most asked for first: the default year, then the others from the latest back."""
    return [default] + [y for y in range(last, first - 1, -1) if y != default]


def warm(store: Store, version: str | None = None) -> int:
    """Materialise the default scorecards (catalogue weights) of every year offered, under both rules, for the data
    version; returns how many were computed here (0 when another worker had done them)."""
    version = version or store.version()
    span = years(store)
    done = 0
    for year in warm_order(int(span["first"]), int(span["last"]), int(span["default"])):
        for rule in AGGREGATIONS:
            if store.version() != version:             # a newer upload landed: its own warming takes over
                return done
            path = materialise.card_path(store.root, version, year, None, rule)
            if materialise.load(path) is None:
                materialise.materialised(path, lambda y=year, r=rule: _compute_scorecard(store, y, None, r))
                done += 1
                time.sleep(WARM_PAUSE)                 # let the readers' threads have the interpreter between cards
    materialise.prune_versions(store.root)
    return done


def audit(store: Store, year: int, weights: dict[str, float] | None = None,
          aggregation: str = "arithmetic") -> dict[str, pd.DataFrame]:
    """The statistical audit's tables (scoring.audit.audit_tables) for a year, weights and rule; memoised per data
    version like the scorecard it reads."""
    key = ("audit", int(year), tuple(sorted((weights or {}).items())), aggregation, current())   # flags are words
    return store.memo(key, lambda: audit_tables(scorecard(store, year, weights, aggregation)))


def explanation(store: Store, iso3: str, year: int, weights: dict[str, float] | None = None,
                aggregation: str = "arithmetic") -> dict:
    """The step-by-step explanation of one country's score."""
    return explain(scorecard(store, year, weights, aggregation), iso3, localised(catalogue(store)))   # words per language


def score_table(card: Scorecard) -> pd.DataFrame:
    """The country score table with the columns of the CLI `score` output."""
    cols = ["iso3", "name", "overall", *PILLARS, "coverage", "rank", "rank_p05", "rank_p95", "rank_median", "status"]
    return card.countries[cols]


def corridor_table(card: Scorecard) -> pd.DataFrame:
    """The corridor score table with the columns of the CLI `corridors` output."""
    c = card.corridors
    first = ["origin_iso3", "destination_iso3", "score", "recruitment_cost", "remittance_cost", "rank"]
    return c[first + [x for x in c.columns if x not in first]]
