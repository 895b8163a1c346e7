"""Benchmark (not a test): every page callback at scale, side by side with its raw query and a naive pandas baseline.

Builds a SYNTHETIC store in a temporary directory (never shipped, never mixed with real data): 250 countries x 40
indicators x 30 years plus 5,000 corridors x 10 indicators x 60 quarters (about 3.3 M rows), with a synthetic
catalogue. Then, through the Flask test client, it times the Dash Pages callback that renders each page from its
URL (the callback every interaction goes through, since the URL holds the state), in three states, each compared
with what it honestly has to beat:

  cold          the first render of that URL in this process with nothing materialised (scoring included), against
                (a) the floor: the raw DuckDB query the page needs + JSON serialisation of what the page sends;
  materialised  the first render with the process's memo emptied but the data version materialised on disk (what a
                new worker or a restarted server does), against the same floor;
  warm          renders answered from the process's memo: a cache hit is not a query, so it is compared with the
                serialisation of the answer alone;
  and (b) a naive pandas implementation that re-reads the Parquet files on every request and scores from scratch.

Also, step by step (step_timings): the DuckDB tables of the data version built, the annual frame loaded, the annual
frame prepared for scoring, a new year scored once that is done (each rule), and a new year from nothing in a fresh
memo with the tables kept (what the first request for a year not materialised costs a new worker); the world-map
figure's size, and the process's peak memory (resident set).

Run: .venv/bin/python bench/callbacks.py [--quick] [--ten-million]
     (--quick: 500 corridors, a smoke run; --ten-million: 16,200 corridors, about 10 M observations)
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.store.catalogue import CATALOGUE_PATH, PILLARS  # noqa: F401
from indicators.store.countries import country_table  # noqa: F401
from indicators.store.observations import Store  # noqa: F401

ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.search"], "state": []}


def synthetic_catalogue(path: Path) -> dict:
    """The shipped settings with 40 synthetic country indicators (10 per pillar) and 10 corridor indicators."""
    raw = yaml.safe_load(open(CATALOGUE_PATH, encoding="utf-8"))
    inds = []
    for p in PILLARS:
        for k in range(10):
            higher = k % 2 == 0
            inds.append(dict(id=f"syn_{p}_{k}", name=f"SYNTHETIC {p} {k}", short_name=f"SYNTHETIC {p} {k}", pillar=p,
                             level="country", unit="synthetic units", direction="higher_is_better" if higher else
                             "lower_is_better", best=100 if higher else 0, worst=0 if higher else 100,
                             thresholds=[75, 50, 25] if higher else [25, 50, 75], valid_min=0, valid_max=100, weight=1,
                             sdg="-", gcm="-", source="SYNTHETIC benchmark data", licence="-", definition="synthetic"))
    corridor_ids = ["remittance_cost_corridor", "recruitment_cost_corridor"] + [f"syn_corridor_{k}" for k in range(8)]
    for k, cid in enumerate(corridor_ids):
        inds.append(dict(id=cid, name=f"SYNTHETIC corridor {k}", short_name=f"SYNTHETIC corridor {k}",
                         pillar="remittance" if k % 2 == 0 else "recruitment", level="corridor", raw_direction="migration",
                         unit="% synthetic", direction="lower_is_better", best=3, worst=15, thresholds=[3, 5, 10],
                         valid_min=0, valid_max=100, weight=1, sdg="-", gcm="-", source="SYNTHETIC benchmark data",
                         licence="-", definition="synthetic"))
    inds.append(dict(id="remittance_cost_home_from", name="SYNTHETIC derived", short_name="SYNTHETIC derived",
                     pillar="remittance", level="country", unit="% synthetic", direction="lower_is_better", best=3,
                     worst=15, thresholds=[3, 5, 10], valid_min=0, valid_max=100, weight=1, sdg="-", gcm="-",
                     source="SYNTHETIC", licence="-", definition="synthetic", derived_from="remittance_cost_corridor",
                     derived_end="destination"))
    raw["indicators"] = inds
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return raw


def synthetic_store(root: Path, cat: dict, n_corridors: int, seed: int = 1) -> tuple[int, list[str], list[tuple[str, str]]]:
    """Write the synthetic observations as uploads; returns (row count, countries, corridors)."""
    rng = np.random.default_rng(seed)
    isos = country_table()["iso3"].tolist()[:250]
    store = Store(root)
    n = 0
    years = np.arange(1995, 2025)
    for ind in (i for i in cat["indicators"] if i["level"] == "country" and "derived_from" not in i):
        f = pd.DataFrame({"iso3": np.repeat(isos, len(years)), "period": np.tile(years.astype(str), len(isos))})
        f["indicator_id"] = ind["id"]
        f["value"] = rng.uniform(0, 100, len(f)).round(2)
        f["source"] = "SYNTHETIC"
        store.commit(f, "benchmark", f"{ind['id']}.csv", "synthetic", note="SYNTHETIC benchmark data")
        n += len(f)
    pairs = set()
    while len(pairs) < n_corridors:
        o, d = rng.choice(isos, 2, replace=False)
        pairs.add((str(o), str(d)))
    pairs = sorted(pairs)
    quarters = [f"{y}Q{q}" for y in range(2010, 2025) for q in range(1, 5)]
    origin = np.repeat([p[0] for p in pairs], len(quarters))
    dest = np.repeat([p[1] for p in pairs], len(quarters))
    per = np.tile(quarters, len(pairs))
    for ind in (i for i in cat["indicators"] if i["level"] == "corridor"):
        f = pd.DataFrame({"origin_iso3": origin, "destination_iso3": dest, "period": per, "indicator_id": ind["id"],
                          "value": rng.uniform(1, 20, len(per)).round(3), "source": "SYNTHETIC"})
        store.commit(f, "benchmark", f"{ind['id']}.csv", "synthetic", note="SYNTHETIC benchmark data")
        n += len(f)
    stock = pd.DataFrame([(o, d, y, int(rng.integers(100, 1_000_000))) for o, d in pairs for y in (2010, 2015, 2020)],
                         columns=["origin_iso3", "destination_iso3", "year", "stock_total"])
    (root / "context").mkdir(parents=True, exist_ok=True)
    stock.to_parquet(root / "context" / "migrant_stock.parquet")
    return n, isos, pairs


def pct(values: list[float], q: float) -> float:
    """Percentile in milliseconds."""
    return float(np.percentile(values, q)) * 1000


def time_route(client, path: str, search: str, repeat: int, forget) -> tuple[float, list[float], float, bytes]:
    """Cold time of the first render, warm times of the next ones, the first render once more after `forget()`
    (the process's memo emptied, the materialised files kept), and the response."""
    body = dict(ROUTER, inputs=[{"id": "_pages_location", "property": "pathname", "value": path},
                                {"id": "_pages_location", "property": "search", "value": search}])
    t = time.perf_counter()
    r = client.post("/_dash-update-component", json=body)
    cold = time.perf_counter() - t
    if r.status_code != 200:
        raise RuntimeError(f"{path}{search}: HTTP {r.status_code} {r.data[:300]!r}")
    warm = []
    for _ in range(repeat):
        t = time.perf_counter()
        r = client.post("/_dash-update-component", json=body)
        warm.append(time.perf_counter() - t)
    forget()
    t = time.perf_counter()
    client.post("/_dash-update-component", json=body)
    return cold, warm, time.perf_counter() - t, r.data


def query_time(run, repeat: int) -> float:
    """(a1): the page's raw DuckDB query alone, fetched into a DataFrame (median seconds)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def serialise_time(payload: bytes, repeat: int) -> float:
    """(a2): serialising the same response structure (figures included) to JSON (median seconds)."""
    import plotly.io as pio
    obj = json.loads(payload)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        pio.to_json(obj, validate=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def naive_pandas(root: Path, year: int, needs_scores: bool, select=None, build=None) -> float:
    """(b): re-read every Parquet file with pandas, keep the latest upload per key, then do the page's work."""
    from indicators.store.catalogue import load_catalogue
    from indicators.scoring.scorecard import score_all
    t = time.perf_counter()
    frames = [pd.read_parquet(p) for p in sorted((root / "observations").glob("*.parquet"))]
    obs = pd.concat(frames, ignore_index=True)
    obs = obs.drop_duplicates(["indicator_id", "iso3", "origin_iso3", "destination_iso3", "period", "sex"], keep="last")
    if select is not None:
        select(obs)
    if needs_scores:
        annual = obs.groupby(["indicator_id", "iso3", "origin_iso3", "destination_iso3", "year"], dropna=False,
                             as_index=False)["value"].mean()
        annual["year"] = annual["year"].astype(int)
        stock = pd.read_parquet(root / "context" / "migrant_stock.parquet")
        card = score_all(annual, load_catalogue(), year, stock=stock)
        if build is not None:
            build(card).to_json()
    return time.perf_counter() - t


def page_routes(store, isos: list[str], pairs: list[tuple[str, str]], y: int) -> list[tuple]:
    """(name, path, search, the raw DuckDB query the page needs, naive pandas work after the re-read) per page."""
    from indicators.views import overview as ov
    from indicators.store.catalogue import load_catalogue
    iso, (o, d) = isos[10], pairs[0]
    windows = dict(zip(load_catalogue().indicators.index, load_catalogue().indicators["window"]))
    q = store.query
    return [
        ("overview (index)", "/", f"?year={y}", lambda: store.latest(y, windows),
         dict(needs_scores=True, build=lambda c: ov.map_figure(ov.map_view(c, load_catalogue(), "index"), y))),
        ("overview (indicator)", "/", f"?year={y}&view=syn_protection_1",
         lambda: store.latest(y, {"syn_protection_1": windows["syn_protection_1"]}),
         dict(needs_scores=True, build=lambda c: ov.map_figure(ov.map_view(c, load_catalogue(), "syn_protection_1"), y))),
        ("overview (year 2019)", "/", "?year=2019", lambda: store.latest(2019, windows),
         dict(needs_scores=True, build=lambda c: ov.map_figure(ov.map_view(c, load_catalogue(), "index"), 2019))),
        ("country profile", f"/country/{iso}", f"?year={y}",
         lambda: q("SELECT * FROM obs_current WHERE iso3 = ? OR origin_iso3 = ? OR destination_iso3 = ?", [iso] * 3),
         dict(needs_scores=True)),
        ("corridors (all)", "/corridors", f"?year={y}", lambda: store.corridor_table("remittance_cost_corridor", y),
         dict(needs_scores=True)),
        ("corridors (one)", "/corridors", f"?year={y}&origin={o}&destination={d}",
         lambda: store.series("remittance_cost_corridor", origin_iso3=o, destination_iso3=d),
         dict(needs_scores=True, select=lambda obs: obs[(obs["origin_iso3"] == o) & (obs["destination_iso3"] == d)])),
        ("compare", "/compare", f"?year={y}&countries={','.join(isos[:4])}&what=syn_remittance_0&from=2011",
         lambda: q("SELECT * FROM obs_current WHERE indicator_id = ? AND list_contains(?, iso3)",
                   ["syn_remittance_0", isos[:4]]),
         dict(needs_scores=False, select=lambda obs: obs[(obs["indicator_id"] == "syn_remittance_0")
                                                         & obs["iso3"].isin(isos[:4])])),
        ("methodology", "/methodology", f"?year={y}",
         lambda: q("SELECT indicator_id, count(DISTINCT coalesce(iso3, origin_iso3 || destination_iso3)), "
                   "min(year), max(year) FROM obs_current GROUP BY 1"),
         dict(needs_scores=True, select=lambda obs: obs.groupby("indicator_id")["year"].agg(["min", "max"]))),
        ("statistical audit", "/methodology/audit", f"?year={y}",     # the country values it scores, at least
         lambda: q("SELECT indicator_id, iso3, year, value FROM obs_current WHERE iso3 IS NOT NULL AND year <= ?", [y]),
         dict(needs_scores=True, select=lambda obs: obs[obs["iso3"].notna() & (obs["year"] <= y)])),
    ]


def print_table(measured: list, routes: list, data: Path, y: int, ten_million: bool) -> None:
    """One line per page render: floor, cold, materialised, warm, the naive baseline (timed after the app's
    figures, so the peak memory reported is the app's; at 10 M timed once, for the first route) and the size."""
    naive_once = None
    print(f"\n{'callback (page render)':24} {'query ms':>9} {'serial ms':>9} {'cold ms':>8} {'/(q+s)':>7} "
          f"{'mat. ms':>8} {'/(q+s)':>7} {'warm p50':>9} {'p95':>6} {'p95/s':>6} {'pandas ms':>9} {'KB':>6}")
    for (name, got), (_n, path, search, _run, naive_work) in zip(measured, routes):
        if got is None:
            print(f"{name:24} (page not registered)")
            continue
        cold, warm, mat, payload, q_ms, s_ms = got
        p50, p95 = pct(warm, 50), pct(warm, 95)
        year = int(dict(x.split("=") for x in search.lstrip("?").split("&")).get("year", y))
        if not ten_million or naive_once is None:   # at 10 M the naive re-read is timed once (minutes, GBs)
            naive_once = naive_pandas(data, year, **naive_work) * 1000
        naive = naive_once
        floor = q_ms + s_ms
        print(f"{name:24} {q_ms:9.1f} {s_ms:9.1f} {cold * 1000:8.0f} {cold * 1000 / floor:7.1f} {mat * 1000:8.0f} "
              f"{mat * 1000 / floor:7.1f} {p50:9.1f} {p95:6.1f} {p95 / s_ms:6.1f} {naive:9.0f} "
              f"{len(payload) / 1024:6.0f}")


def step_timings(store, years: tuple[int, int]) -> list[tuple[str, float]]:
    """(step, seconds) of scoring from scratch, each step timed alone: the tables rebuilt, the annual frame, its
    preparation, a new year under each rule once those are loaded, then another new year with the memo emptied."""
    from indicators.scoring import service
    from indicators.scoring.pillars import AGGREGATIONS

    def timed(label: str, run) -> None:
        t = time.perf_counter()
        run()
        out.append((label, time.perf_counter() - t))
    out: list[tuple[str, float]] = []
    with store._lock:
        store._memo.clear()
    with store._con_lock:
        store._con = None                          # the next connection() rebuilds the tables of this data version
    timed("DuckDB tables built for the data version", store.connection)
    timed("annual frame loaded (store.annual)", store.annual)
    timed("annual frame prepared for scoring (derived indicators, place keys)", lambda: service.prepared(store))
    for rule in AGGREGATIONS:
        timed(f"a new year ({years[0]}) scored once loaded, {rule}", lambda r=rule: service.scorecard(store, years[0],
                                                                                                      aggregation=r))
    with store._lock:
        store._memo.clear()
    timed(f"a new year ({years[1]}) from nothing: fresh memo, tables kept", lambda: service.scorecard(store, years[1]))
    return out


def main() -> None:
    """Build the synthetic store, time every page, print the comparison."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="500 corridors instead of 5,000")
    ap.add_argument("--ten-million", action="store_true", help="16,200 corridors: about 10 M observations")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mpd-bench-"))
    cat_path = tmp / "synthetic_catalogue.yaml"
    cat = synthetic_catalogue(cat_path)
    os.environ["MPD_CATALOGUE"] = str(cat_path)
    os.environ["MPD_DATA_DIR"] = str(tmp / "data")
    t = time.perf_counter()
    os.environ.setdefault("MPD_CACHE_DIR", str(tmp / "cache"))      # materialised files of this run only
    os.environ["MPD_WARM_SCORECARDS"] = "0"                           # no background work during the timings
    rows, isos, pairs = synthetic_store(tmp / "data", cat, 500 if args.quick else 16_200 if args.ten_million else 5000)
    print(f"SYNTHETIC store: {rows:,} rows, {len(isos)} countries, {len(pairs):,} corridors, "
          f"written in {time.perf_counter() - t:.1f} s to {tmp}")

    from app import server  # imported after the environment points at the synthetic store
    from indicators.views import overview as ov
    from indicators.store.catalogue import load_catalogue
    from indicators.scoring.service import get_store, scorecard
    import dash

    store = get_store(str(tmp / "data"))
    t = time.perf_counter()
    store.connection()
    print(f"DuckDB tables for this data version built in {time.perf_counter() - t:.2f} s")
    client = server.test_client()
    y = 2020
    routes = page_routes(store, isos, pairs, y)
    registered = {p["path"] for p in dash.page_registry.values()} | {"/country/<iso3>"}
    def forget() -> None:
        """Empty the process's memo (as a new worker would start), keeping the materialised files."""
        with store._lock:
            store._memo.clear()
    measured = []
    for name, path, search, run, naive_work in routes:
        if path not in registered and not path.startswith("/country/"):
            measured.append((name, None))
            continue
        cold, warm, mat, payload = time_route(client, path, search, args.repeat, forget)
        q_ms = query_time(run, 5) * 1000
        s_ms = serialise_time(payload, 5) * 1000
        measured.append((name, (cold, warm, mat, payload, q_ms, s_ms)))
    card = scorecard(store, y)
    fig = ov.map_figure(ov.map_view(card, load_catalogue(), "index"), y)
    with store._lock:
        store._memo.clear()                        # as before: the annual frame re-read, then the year scored
    t = time.perf_counter()
    scorecard(store, 2018)
    new_year = time.perf_counter() - t
    steps = step_timings(store, (2017, 2016))
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024     # before the naive baseline's own memory
    print_table(measured, routes, tmp / "data", y, args.ten_million)
    print(f"\nworld map figure JSON: {len(fig.to_json()) / 1024:.0f} KB (target < 250 KB)")
    print(f"scoring all countries and corridors for one new year (memo emptied: annual frame re-read, prepared and "
          f"scored): {new_year:.2f} s")
    print("step by step (each timed alone, in this order):")
    for label, seconds in steps:
        print(f"  {label:72} {seconds:7.2f} s")
    print(f"peak memory of this process (resident) before the naive baseline: {peak:,.0f} MB"
          + (" (the naive pandas column is the first route's, timed once at 10 M)" if args.ten_million else ""))
    print("query = (a) the page's raw DuckDB query alone; serial = JSON serialisation of the page's response (figures "
          "included); cold = first render of the URL in this process, nothing materialised (scoring included); "
          "mat. = first render with the memo emptied and the data version materialised on disk (a new worker); "
          "/(q+s) = against the floor query + serialisation; warm = memo hits, p95/s = against serialisation alone (a "
          "cache hit is not a query); pandas = (b) naive re-read of all Parquet + scoring per request.")


if __name__ == "__main__":
    main()
