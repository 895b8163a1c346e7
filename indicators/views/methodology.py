"""Data for the methodology page: catalogue with coverage, and the scoring method in plain language."""
from __future__ import annotations

import pandas as pd

from indicators.i18n import N_, _, current, ngettext
from indicators.i18n.formats import share
from indicators.scoring.wording import play_reason
from indicators.store.catalogue import PILLARS, Catalogue, catalogue_table
from indicators.scoring.corridors import corridor_formula
from indicators.scoring.scorecard import Scorecard


def coverage(counts: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """Per indicator: how many countries or corridors have data, and for which years, in words (`counts`: places,
    first_year, last_year per indicator id, as scoring.service.coverage_counts gives them)."""
    g = counts[["places", "first_year", "last_year"]]
    out = pd.DataFrame(index=cat.indicators.index)
    out = out.join(g)
    out["places"] = out["places"].fillna(0).astype(int)
    out["years"] = [f"{int(a)}-{int(b)}" if pd.notna(a) else "" for a, b in zip(out["first_year"], out["last_year"])]
    level = cat.indicators["level"]
    derived = cat.indicators["derived_from"].notna()
    out["coverage"] = [_places(n, lv) + f", {y}" if n else (_("computed from corridor data") if d else _("no data yet"))
                       for n, lv, y, d in zip(out["places"], level, out["years"], derived)]
    return out.reset_index(names="id")[["id", "places", "years", "coverage"]]


def catalogue_with_coverage(counts: pd.DataFrame, cat: Catalogue) -> pd.DataFrame:
    """The catalogue table (one row per indicator) with a coverage column (`counts` as coverage takes them)."""
    t = catalogue_table(cat)
    cov = coverage(counts, cat).set_index("id")["coverage"]
    t.insert(4, "coverage", t["id"].map(cov))
    cols = ["id", "name", "pillar", "level", "side", "scope", "role", "coverage", "unit", "direction", "best", "worst",
            "thresholds", "weight", "window", "sdg", "gcm", "source", "licence", "data_status", "definition",
            "method_note"]
    for col in ("level", "scope", "role", "direction") if current() != "en" else ():   # codes in words (English: codes)
        t[col] = t[col].map(lambda v: _(CODE_WORDS[v]) if v in CODE_WORDS else v)
    t["window"] = t["window"].map(lambda w: _("no limit (status)") if pd.isna(w) else
                                  ngettext("{n} year", "{n} years", int(w)).format(n=int(w)))
    t["direction"] = t["direction"].map(lambda v: v if pd.isna(v) else str(v).replace("_", " "))  # higher is better
    t["thresholds"] = t["thresholds"].map(lambda v: v if pd.isna(v) else str(v).replace(";", " / "))
    return t[cols].fillna("")


CODE_WORDS = {"country": N_("country"), "corridor": N_("corridor"), "migrant": N_("migrants"),
              "general": N_("all workers"), "scored": N_("scored"), "context": N_("context"),
              "higher_is_better": N_("higher is better"), "lower_is_better": N_("lower is better")}
CATALOGUE_COLUMNS = (N_("id"), N_("name"), N_("level"), N_("side"), N_("scope"), N_("role"), N_("direction"),
                     N_("best"), N_("worst"), N_("thresholds"), N_("window"), N_("sdg"), N_("gcm"), N_("licence"),
                     N_("data_status"), N_("definition"), N_("method_note"), N_("version"), N_("date"),
                     N_("what changed"))     # the catalogue table's and changelog's headers, shown translated


def _places(n: int, level: str) -> str:
    """'132 countries' or '376 corridors' in the language in force."""
    if level == "corridor":
        return ngettext("{n} corridor", "{n} corridors", int(n)).format(n=int(n))
    return ngettext("{n} country", "{n} countries", int(n)).format(n=int(n))


def changelog(cat: Catalogue) -> pd.DataFrame:
    """The method's changelog (newest first) as a table: version, date, what changed."""
    return pd.DataFrame([{"version": c["version"], "date": str(c.get("date", "")), "what changed": c["changes"]}
                         for c in cat.method_changelog], columns=["version", "date", "what changed"])


def limitations(cat: Catalogue, default_year: int) -> str:
    """The known limitations, with the default-year rule and its result on the data in force."""
    return _(LIMITATIONS).format(need=cat.settings.get("pillar_min_countries", 50), default=default_year)


def method_text(cat: Catalogue, card: Scorecard) -> str:
    """The scoring method as Markdown, with the settings and the weights in force, in the language in force."""
    s = cat.settings
    w = ", ".join(f"{cat.pillars[p]['name']} {card.weights[p]:g}" for p in PILLARS)
    inside, outside = _("in the index"), _("not in the index")
    play = "\n".join(f"  - {cat.pillars[p]['name']}: {inside if p in card.index_pillars else outside}"
                     f" ({play_reason(card.in_play[p])})" for p in PILLARS)
    bands = s.get("score_bands", [75, 50, 25])
    cover = float(s.get("pillar_min_coverage", 0.5))
    return _(METHOD).format(
        year=card.year, rule=_("{rule} mean").format(rule=_(card.aggregation)), weights=w,
        method=s.get("method_version", "v1"), window=s.get("window_default", 5), band_high=bands[0],
        band_medium=bands[1], band_low=bands[2], trend_span=s.get("trend_span", 10),
        trend_points=s.get("trend_min_points", 3), target_year=s.get("target_year", 2030),
        min_places=s.get("indicator_min_places", 20), min_corridors=s.get("corridor_min_corridors", 20),
        min_coverage=f"{cover:.0%}" if current() == "en" else share(cover), min_countries=int(s.get("pillar_min_countries", 50)),
        floor=f"{s.get('geometric_floor', 1.0):g}", play=play, corridor_parts=corridor_formula(cat),
        draws=s.get("sensitivity_draws", 500), concentration=s.get("sensitivity_concentration", 20),
        seed=s.get("sensitivity_seed", 0))


METHOD = N_("""
The method follows the OECD/JRC *Handbook on Constructing Composite Indicators* and the practice of the SDSN
Sustainable Development Report. Every number can be traced: index -> pillar -> indicator -> raw value, year and source
(each country profile has an "Explain this score" panel).

**Settings in force for this view:** reference year {year}; {rule}; pillar weights: {weights};
method {method} (changes below).
Change them with *Scoring settings* (top right); the link you share carries them.

1. **Latest value.** For reference year Y, each indicator takes its most recent value in [Y - window, Y]
   (window {window} years unless the catalogue says otherwise; ratification status has no window).
   Quarterly values are averaged within each year. The year used is shown next to every value.
2. **Normalisation.** score = 100 x (value - worst) / (best - worst), clipped to 0..100. The goalposts (best, worst)
   of each indicator are in the table below; for "lower is better" indicators best < worst. Binary indicators
   (ratified or not) score 0 or 100.
3. **Rating.** Each value is rated against three thresholds of its indicator: *top band*, *challenges remain*,
   *significant challenges remain*, *major challenges remain* (colour-blind-safe blue-to-red palette; grey =
   insufficient data). Only where the top threshold *is* an SDG target does the top band read *SDG target met*:
   today the remittance costs, whose 3 % threshold is the SDG 10.c target (their other bands say where the 5 %
   ceiling stands). Ratification status reads in its own words (state party, yes / no). Pillar, index and corridor
   scores are composites to which no SDG applies: they get neutral **score bands**, *high* ({band_high}+), *medium*
   ({band_medium}+), *low* ({band_low}+) and *very low*, and a profile says in one sentence where a pillar's band differs
   from its indicators' ratings.
4. **Trend.** The least-squares slope of the score over the last {trend_span} years (at least
   {trend_points} years with data) is compared with the yearly progress needed to reach the best
   goalpost by {target_year}: *on track* (at least the needed pace, or maintaining achievement),
   *moderately improving* (at least half of it), *stagnating* (less than half), *worsening* (going backwards),
   or *insufficient data*.
5. **Pillar score.** Weighted mean of the pillar's indicators that are *in play* this year (an indicator is in play
   when at least {min_places} countries, or {min_corridors} corridors,
   have a value). A country needs at least {min_coverage} of the in-play indicator weight of
   a pillar; otherwise its pillar is *insufficient data*, never zero.
6. **Overall index.** Weighted mean of the pillar scores, over the pillars in play (a pillar is in play when at least
   {min_countries} countries have a score in it). A country is ranked only with a score in every
   pillar of the index. Arithmetic mean by default; the geometric mean (pillar scores floored at
   {floor} so a single zero does not wipe out the rest) lets less compensation between pillars.
   This year:
{play}
7. **Corridor score.** For origin -> destination, each part about the country it concerns: {corridor_parts} The
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
9. **Robustness.** Ranks are shown with their sensitivity: {draws} random weight draws from
   a Dirichlet distribution centred on the chosen weights (concentration {concentration}),
   each scored with both the arithmetic and the geometric mean; the median rank and the 5th-95th percentile interval
   are reported. The random seed is fixed ({seed}), so results are reproducible.
10. **Statistical audit.** Correlations of indicators with their pillar and of pillars with the index, redundancy,
   dominance (importance against weight), coverage and rank uncertainty, for the settings in force, each flag with
   what it means: see the *Statistical audit* page.
""")


LIMITATIONS = N_("""
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
""")
