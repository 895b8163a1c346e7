"""Store + catalogue + scoring, cached per data version: what the CLI and the pages call."""
from __future__ import annotations

import os
import time
from functools import lru_cache
from typing import Any

from indicators.i18n import _, current

import pandas as pd

from indicators.scoring.audit import flags, numbers
from indicators.scoring.derived import country_rows, with_derived
from indicators.scoring.explain import explain
from indicators.scoring import materialise
from indicators.scoring.pillars import AGGREGATIONS
from indicators.scoring.prepared import Prepared, prepare
from indicators.scoring.scorecard import Scorecard, score_all
from indicators.scoring.vintage import reference_years
from indicators.store.catalogue import PILLARS, Catalogue, load_catalogue
from indicators.store.catalogue_text import localised
from indicators.store.config import data_dir
from indicators.store.countries import country_table
from indicators.store.observations import Store


REFERENCE_YEARS = "reference-years.pkl"
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


def years(store: Store | None = None, served: bool = True) -> dict[str, Any]:
    """The default reference year, the range of years offered and the rule (vintage.reference_years), per data
    version; while a new data version is being materialised (served), those of the newest one that is."""
    st = store if store is not None else configured_store()
    current = st.version()
    version = materialise.served(st.root, current, REFERENCE_YEARS) if served else current
    if version != current:
        held = st.memo(("reference-years", version),
                       lambda: materialise.load(materialise.version_dir(st.root, version) / REFERENCE_YEARS))
        if held is not None:
            return held
    path = materialise.version_dir(st.root, current) / REFERENCE_YEARS
    return st.memo("reference-years", lambda: materialise.materialised(
        path, lambda: reference_years(annual_with_derived(st), catalogue(st))))


def annual_with_derived(store: Store) -> pd.DataFrame:
    """The annual frame with the derived country indicators (scoring.derived) and place keys, memoised per data
    version (the prepared frame's: one copy in memory)."""
    return prepared(store).full


def prepared(store: Store) -> Prepared:
    """The annual frame prepared for scoring any year (scoring.prepared), once per data version."""
    return store.memo("prepared", lambda: prepare(store.annual(), catalogue(store), store.migrant_stock()))


def indicator_series(store: Store, indicator_id: str) -> pd.DataFrame:
    """Every country's annual values of one country-level indicator (a derived one computed from its corridors) with
    their sources (derived.country_rows); materialised per data version, shared by every process."""
    path = materialise.object_path(store.root, store.version(), f"series-{indicator_id}")
    return store.memo(("series", indicator_id), lambda: materialise.materialised(
        path, lambda: _indicator_series(store, indicator_id)))


def _indicator_series(store: Store, indicator_id: str) -> pd.DataFrame:
    """One indicator's series from its own values only (or its corridors' for a derived one): no full annual frame."""
    cat = catalogue(store)
    meta = cat.indicators.loc[indicator_id]
    source = indicator_id if pd.isna(meta.get("derived_from")) else str(meta["derived_from"])
    return country_rows(with_derived(store.annual(indicators=(source,)), cat, store.migrant_stock()), indicator_id)


COVERAGE_SQL = """
    SELECT indicator_id, count(DISTINCT coalesce(iso3, origin_iso3 || '>' || destination_iso3)) AS places,
           min(year)::INTEGER AS first_year, max(year)::INTEGER AS last_year, count(DISTINCT
           (coalesce(iso3, origin_iso3 || '>' || destination_iso3), year)) AS "values"
    FROM obs_current WHERE sex = 'total' GROUP BY indicator_id ORDER BY indicator_id"""


def coverage_counts(store: Store) -> pd.DataFrame:
    """Per indicator with current values (index): places (countries or corridors), first and last year and annual
    values of the totals; materialised per data version."""
    path = materialise.object_path(store.root, store.version(), "coverage")
    return store.memo("coverage-counts", lambda: materialise.materialised(path, lambda: _coverage(store)))


def _coverage(store: Store) -> pd.DataFrame:
    """coverage_counts computed from the store."""
    return store.query(COVERAGE_SQL).set_index("indicator_id")


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


def updating_notice(store: Store, version: str, whole_page: bool = False) -> str:
    """When readers are served an earlier data version's scores (scores_version), what the page says (whole_page: the
    page as that version drew it, its values included); else ''."""
    n = materialise.table_version(version)
    if version == store.version() or n is None:
        return ""
    dv = store.data_version_at(n)
    if whole_page:
        return _("Scores updating: this page shows the data and scores as of upload {upload} (data version {number}); "
                 "the new ones appear within seconds.").format(upload=dv["upload"] or "-", number=dv["number"])
    return _("Scores updating: showing the scores as of upload {upload} (data version {number}); the new scores "
             "appear within seconds.").format(upload=dv["upload"] or "-", number=dv["number"])


def catalogue(store: Store | None = None) -> Catalogue:
    """The catalogue in force for a store's data directory: the shipped one plus working groups' accepted proposals
    (memoised per data version, so a proposal shows up with its upload and leaves with its retraction)."""
    from indicators.store.in_force import catalogue_for
    st = store if store is not None else get_store(None)
    return st.memo("catalogue", lambda: catalogue_for(st.root))


def scorecard(store: Store, year: int, weights: dict[str, float] | None = None,
              aggregation: str = "arithmetic", version: str | None = None) -> Scorecard:
    """Score all countries and corridors for a year; memoised per data version, year, weights and rule. With an
    earlier data version (what scores_version serves while a new one is being materialised), its materialised
    scorecard when it is still there."""
    if version is not None and version != store.version() and not weights:
        path = materialise.card_path(store.root, version, year, None, aggregation)
        card = store.memo(("scorecard", int(year), (), aggregation, version), lambda: materialise.load(path))
        if card is not None:
            return card
    key = ("scorecard", int(year), tuple(sorted((weights or {}).items())), aggregation)
    return store.memo(key, lambda: _materialised_scorecard(store, int(year), weights, aggregation))


def scores_version(store: Store, year: int, weights: dict[str, float] | None = None,
                   aggregation: str = "arithmetic") -> str:
    """The data version whose scorecard readers are served: the current one, except while it is being materialised
    after a commit, when the newest earlier version with that scorecard materialised (default weights only: others
    are computed on demand); materialise.served says how it is chosen."""
    version = store.version()
    if weights:
        return version
    served = materialise.served(store.root, version, materialise.card_path(store.root, version, year, None,
                                                                            aggregation).name)
    if served != version:
        warm_new_version(store)           # whoever commits starts it; a reader makes sure this process does too
    return served


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
    return store.memo(key, lambda: score_all(prepared(store), catalogue(store), int(year), weights, aggregation,
                                             names=country_names(), sensitivity_draws=0))


def _compute_scorecard(store: Store, year: int, weights: dict[str, float] | None, aggregation: str) -> Scorecard:
    """Score a year from the store (the work the materialised files save)."""
    return score_all(prepared(store), catalogue(store), year, weights, aggregation, names=country_names())


def _materialised_scorecard(store: Store, year: int, weights: dict[str, float] | None,
                            aggregation: str) -> Scorecard:
    """The scorecard from the shared on-disk cache of this data version, computed there once if missing; the first
    one of a data version also starts (once per process, if enabled) the warming of every default scorecard."""
    version = store.version()
    path = materialise.card_path(store.root, version, year, weights, aggregation)
    card = materialise.materialised(path, lambda: _compute_scorecard(store, year, weights, aggregation))
    if store.version() == version:
        warm_new_version(store)        # as after a commit: a niced process by default, never a thread against that
    return card


def warm_new_version(store: Store) -> bool:
    """After a commit or retraction: start materialising the new data version in the background (once per process,
    when $MPD_WARM_SCORECARDS is 1), so readers find it done; True when started here."""
    version = store.version()
    if os.environ.get(materialise.WARM_ENV) == materialise.WARM_PROCESS:     # a niced process: no server thread
        return materialise.warm_once(materialise.version_dir(store.root, version),
                                     lambda: materialise.run_niced(materialise.warm_command(store.root)))
    return materialise.warm_once(materialise.version_dir(store.root, version), lambda: warm(store, version))


def warm_order(first: int, last: int, default: int) -> list[int]:
    """The years to warm, most asked for first: the default year, then the others from the latest back."""
    return [default] + [y for y in range(last, first - 1, -1) if y != default]


def warm(store: Store, version: str | None = None) -> int:
    """Materialise the default scorecards (catalogue weights) of every year offered, under both rules, and the pages'
    other objects for the data version, holding its warming lock (readers are served the previous version's meanwhile);
    returns how many were computed here (0 when another worker had done them or is doing them)."""
    version = version or store.version()
    with materialise.warming(store.root, version) as mine:
        if not mine:
            return 0
        done = _warm_years(store, version)
        if done is not None and store.version() == version:
            materialise.mark_done(store.root, version)
    materialise.prune_versions(store.root)
    return done or 0


def _warm_years(store: Store, version: str) -> int | None:
    """The scorecards of every year (the default year first, then its pages' objects); None when a newer data version
    landed meanwhile (its own warming takes over)."""
    span = years(store, served=False)
    done = 0
    for year in warm_order(int(span["first"]), int(span["last"]), int(span["default"])):
        for rule in AGGREGATIONS:
            if store.version() != version:             # a newer upload landed: its own warming takes over
                return None
            made = _made(materialise.card_path(store.root, version, year, None, rule),
                         lambda y=year, r=rule: _compute_scorecard(store, y, None, r))
            if made:
                done += made
                time.sleep(WARM_PAUSE)                 # let the readers' threads have the interpreter between cards
        if year == int(span["default"]) and store.version() == version:
            done += warm_pages(store, version, year)
    return done


def warm_pages(store: Store, version: str, year: int) -> int:
    """Materialise what the country profile, compare and methodology pages compute besides the scorecards: every
    country indicator's series, the coverage counts and the default year's audit tables; returns how many were
    computed here."""
    cat, root = catalogue(store), store.root
    done = 0
    for i in cat.indicators.index[cat.indicators["level"] == "country"]:
        done += _made(materialise.object_path(root, version, f"series-{i}"),
                      lambda i=i: country_rows(annual_with_derived(store), i))
    done += _made(materialise.object_path(root, version, "coverage"), lambda: _coverage(store))
    for rule in AGGREGATIONS:
        done += _made(_audit_path(root, version, year, rule), lambda r=rule: numbers(scorecard(store, year, None, r)))
    return done


def _audit_path(root, version: str, year: int, rule: str):
    """Where the audit tables of a default scorecard are materialised: beside it."""
    card_file = materialise.card_path(root, version, year, None, rule)
    return card_file.with_name("audit-" + card_file.name)


def _made(path, compute) -> int:
    """Materialise one object unless it is there: 1 when computed here, else 0."""
    if materialise.load(path) is not None:
        return 0
    materialise.materialised(path, compute)
    return 1


def audit(store: Store, year: int, weights: dict[str, float] | None = None,
          aggregation: str = "arithmetic", version: str | None = None) -> dict[str, pd.DataFrame]:
    """The statistical audit's tables (scoring.audit.audit_tables) for a year, weights and rule (and data version, as
    scorecard takes it); memoised per data version like the scorecard it reads."""
    key = ("audit", int(year), tuple(sorted((weights or {}).items())), aggregation, current(), version)  # flags: words

    def compute() -> dict[str, pd.DataFrame]:
        card = scorecard(store, year, weights, aggregation, version)
        t = audit_numbers(store, card, weights, version)
        return {"flags": flags(card, t), **t}
    return store.memo(key, compute)


def audit_numbers(store: Store, card: Scorecard, weights: dict[str, float] | None = None,
                  version: str | None = None) -> dict[str, pd.DataFrame]:
    """The audit's tables without the flags (scoring.audit.numbers) of a scorecard; those of the default weights are
    materialised beside their scorecard (the flags, words, are written per language). An earlier data version's are
    only read, never written."""
    if weights:
        return numbers(card)
    current_version = store.version()
    path = _audit_path(store.root, version or current_version, card.year, card.aggregation)
    if (version or current_version) != current_version:
        return materialise.load(path) or numbers(card)
    return materialise.materialised(path, lambda: numbers(card))


def explanation(store: Store, iso3: str, year: int, weights: dict[str, float] | None = None,
                aggregation: str = "arithmetic", version: str | None = None) -> dict:
    """The step-by-step explanation of one country's score (of a data version, as scorecard takes it)."""
    return explain(scorecard(store, year, weights, aggregation, version), iso3, localised(catalogue(store)))


def score_table(card: Scorecard) -> pd.DataFrame:
    """The country score table with the columns of the CLI `score` output."""
    cols = ["iso3", "name", "overall", *PILLARS, "coverage", "rank", "rank_p05", "rank_p95", "rank_median", "status"]
    return card.countries[cols]


def corridor_table(card: Scorecard) -> pd.DataFrame:
    """The corridor score table with the columns of the CLI `corridors` output."""
    c = card.corridors
    first = ["origin_iso3", "destination_iso3", "score", "recruitment_cost", "remittance_cost", "rank"]
    return c[first + [x for x in c.columns if x not in first]]
