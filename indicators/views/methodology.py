"""Data for the methodology page: catalogue with coverage, and the scoring method in plain language."""
from __future__ import annotations

import pandas as pd

from indicators.store.catalogue import PILLARS, Catalogue, catalogue_table
from indicators.scoring.corridors import corridor_formula
from indicators.scoring.scorecard import Scorecard


def coverage(annual: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Per indicator: how many countries or corridors have data, and for which years."""
    a = annual.copy()
    a["place"] = a["iso3"].where(a["iso3"].notna(), a["origin_iso3"].astype(str) + ">" + a["destination_iso3"].astype(str))
    g = a.groupby("indicator_id").agg(places=("place", "nunique"), first_year=("year", "min"),
                                      last_year=("year", "max"), values=("value", "size"))
    out = pd.DataFrame(index=cat.indicators.index)
    out = out.join(g)
    out["places"] = out["places"].fillna(0).astype(int)
    out["years"] = [f"{int(a)}-{int(b)}" if pd.notna(a) else "" for a, b in zip(out["first_year"], out["last_year"])]
    level = cat.indicators["level"].map({"country": "countries", "corridor": "corridors"})
    derived = cat.indicators["derived_from"].notna()
    out["coverage"] = [f"{n} {lv}, {y}" if n else ("computed from corridor data" if d else "no data yet")
                       for n, lv, y, d in zip(out["places"], level, out["years"], derived)]
    return out.reset_index(names="id")[["id", "places", "years", "coverage"]]


def catalogue_with_coverage(annual: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """The catalogue table (one row per indicator) with a coverage column."""
    t = catalogue_table(cat)
    cov = coverage(annual, cat).set_index("id")["coverage"]
    t.insert(4, "coverage", t["id"].map(cov))
    cols = ["id", "name", "pillar", "level", "side", "scope", "role", "coverage", "unit", "direction", "best", "worst",
            "thresholds", "weight", "window", "sdg", "gcm", "source", "licence", "data_status", "definition",
            "method_note"]
    t["window"] = t["window"].map(lambda w: "no limit (status)" if pd.isna(w) else f"{int(w)} years")
    t["direction"] = t["direction"].map(lambda v: v if pd.isna(v) else str(v).replace("_", " "))  # higher is better
    t["thresholds"] = t["thresholds"].map(lambda v: v if pd.isna(v) else str(v).replace(";", " / "))
    return t[cols].fillna("")


def changelog(cat: Catalogue) -> pd.DataFrame:
    """The method's changelog (newest first) as a table: version, date, what changed."""
    return pd.DataFrame([{"version": c["version"], "date": str(c.get("date", "")), "what changed": c["changes"]}
                         for c in cat.method_changelog], columns=["version", "date", "what changed"])


def limitations(cat: Catalogue, default_year: int) -> str:
    """The known limitations, with the default-year rule and its result on the data in force."""
    return LIMITATIONS.format(need=cat.settings.get("pillar_min_countries", 50), default=default_year)


def method_text(cat: Catalogue, card: Scorecard) -> str:
    """The scoring method as Markdown, with the settings and the weights in force."""
    s = cat.settings
    w = ", ".join(f"{cat.pillars[p]['name']} {card.weights[p]:g}" for p in PILLARS)
    play = "\n".join(f"  - {cat.pillars[p]['name']}: {'in the index' if p in card.index_pillars else 'not in the index'}"
                     f" ({card.in_play[p]['reason']})" for p in PILLARS)
    bands = s.get("score_bands", [75, 50, 25])
    comps = corridor_formula(cat)
    return f"""
The method follows the OECD/JRC *Handbook on Constructing Composite Indicators* and the practice of the SDSN
Sustainable Development Report. Every number can be traced: index -> pillar -> indicator -> raw value, year and source
(each country profile has an "Explain this score" panel).

**Settings in force for this view:** reference year {card.year}; {card.aggregation} mean; pillar weights: {w};
method {s.get('method_version', 'v1')} (changes below).
Change them with *Scoring settings* (top right); the link you share carries them.

1. **Latest value.** For reference year Y, each indicator takes its most recent value in [Y - window, Y]
   (window {s.get('window_default', 5)} years unless the catalogue says otherwise; ratification status has no window).
   Quarterly values are averaged within each year. The year used is shown next to every value.
2. **Normalisation.** score = 100 x (value - worst) / (best - worst), clipped to 0..100. The goalposts (best, worst)
   of each indicator are in the table below; for "lower is better" indicators best < worst. Binary indicators
   (ratified or not) score 0 or 100.
3. **Rating.** Each value is rated against three thresholds of its indicator: *top band*, *challenges remain*,
   *significant challenges remain*, *major challenges remain* (colour-blind-safe blue-to-red palette; grey =
   insufficient data). Only where the top threshold *is* an SDG target does the top band read *SDG target met*:
   today the remittance costs, whose 3 % threshold is the SDG 10.c target (their other bands say where the 5 %
   ceiling stands). Ratification status reads in its own words (state party, yes / no). Pillar, index and corridor
   scores are composites to which no SDG applies: they get neutral **score bands**, *high* ({bands[0]}+), *medium*
   ({bands[1]}+), *low* ({bands[2]}+) and *very low*, and a profile says in one sentence where a pillar's band differs
   from its indicators' ratings.
4. **Trend.** The least-squares slope of the score over the last {s.get('trend_span', 10)} years (at least
   {s.get('trend_min_points', 3)} years with data) is compared with the yearly progress needed to reach the best
   goalpost by {s.get('target_year', 2030)}: *on track* (at least the needed pace, or maintaining achievement),
   *moderately improving* (at least half of it), *stagnating* (less than half), *worsening* (going backwards),
   or *insufficient data*.
5. **Pillar score.** Weighted mean of the pillar's indicators that are *in play* this year (an indicator is in play
   when at least {s.get('indicator_min_places', 20)} countries, or {s.get('corridor_min_corridors', 20)} corridors,
   have a value). A country needs at least {s.get('pillar_min_coverage', 0.5):.0%} of the in-play indicator weight of
   a pillar; otherwise its pillar is *insufficient data*, never zero.
6. **Overall index.** Weighted mean of the pillar scores, over the pillars in play (a pillar is in play when at least
   {s.get('pillar_min_countries', 50)} countries have a score in it). A country is ranked only with a score in every
   pillar of the index. Arithmetic mean by default; the geometric mean (pillar scores floored at
   {s.get('geometric_floor', 1.0):g} so a single zero does not wipe out the rest) lets less compensation between pillars.
   This year:
{play}
7. **Corridor score.** For origin -> destination, each part about the country it concerns: {comps} The
   destination is where the worker lives and works, so its protection and freedom of association weigh fully; the
   origin contributes what a state of origin can do for its emigrants (its migration governance), at half weight.
   Same normalisation and aggregation; the table shows the destination's and the origin's part of every score.
8. **Corridor data in country scores.** Corridor costs are also summarised per country at each end (the cost for
   migrants in a destination to send money home; the cost for emigrants to send money to an origin), averaged over the
   country's corridors and weighted by UN DESA International Migrant Stock (the latest stock year not after the data
   year). A corridor without a stock figure (UN DESA lists an origin separately only where its stock is large) counts
   at the smallest stock among the country's weighted corridors that year, a conservative weight; with no stock
   figure at all the mean is unweighted. Each value says how many corridors it summarises and how many had a stock
   figure ("weighted by migrant stock over 17 of 33 corridors; the 16 without ... at the smallest listed stock").
9. **Robustness.** Ranks are shown with their sensitivity: {s.get('sensitivity_draws', 500)} random weight draws from
   a Dirichlet distribution centred on the chosen weights (concentration {s.get('sensitivity_concentration', 20)}),
   each scored with both the arithmetic and the geometric mean; the median rank and the 5th-95th percentile interval
   are reported. The random seed is fixed ({s.get('sensitivity_seed', 0)}), so results are reproducible.
10. **Statistical audit.** Correlations of indicators with their pillar and of pillars with the index, redundancy,
   dominance (importance against weight), coverage and rank uncertainty, for the settings in force, each flag with
   what it means: see *Statistical audit* below.
"""


LIMITATIONS = """
- **Recruitment costs (SDG 10.7.1):** no public machine-readable data was found, so the pillar is out of the index
  until working groups upload survey results. It comes in by itself once enough countries are covered.
- **ILO migrant-worker Conventions (C97, C143, C189) and C181:** not yet measured (no public file of their
  ratifications was found; the bundled NORMLEX transcription covers the fundamental Conventions only); a NORMLEX
  export can be uploaded as it is. The **ITUC Global Rights Index** is one edition (2025), so it counts only for
  reference years from 2025.
- **Most series end in 2020** (World Bank remittance prices, SDG 8.8.2). The default reference year follows from the
  data: the latest year in which every pillar that can be in play has values for at least
  {need} countries dated that year or the year before ({default} on the data in force). A later reference
  year shows, beside every score, which sources are older and by how much.
- **SDG 8.8.2** is published only with the government's consent: a missing country (e.g. the USA, Gulf states,
  Malaysia, Nepal) is a gap, not compliance.
- **Freedom House E3** is an expert-coded ordinal score; an edition describes the previous calendar year.
- **Protection in practice is about all workers**: its de facto side (Freedom House G1 and G4) is not specific to
  migrants; no public measure of migrant workers' protection in practice was found. The migrant-specific share of
  each pillar is shown under *Indicator framework*.
- **Context only, never scored**: the US TIP tiers end in 2015 and CIRI in 2015; both would otherwise fall inside a
  2020 window. Union density and bargaining coverage are outcomes of organising, not measures of rights.
"""
