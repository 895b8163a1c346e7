"""Data and figures for the compare page: several countries and regional aggregates over time; index and pillar
series drawn per run of constant composition, broken and marked where it changes (DESIGN §3 item 9)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import N_, _, ngettext
from indicators.i18n.formats import number, significant
from indicators.i18n.groupings import grouping
from indicators.views import figures
from indicators.views.markup import Markup, esc, join, markup
from indicators.store.catalogue import PILLARS, Catalogue
from indicators.store.countries import country_table
from indicators.scoring import composition as cm
from indicators.scoring import materialise
from indicators.scoring.pillars import normalise_weights, overall_index, pillar_scores, pillars_in_play
from indicators.scoring.latest import indicators_in_play, scored_latest

INDEX = "index"
GROUP_COLUMNS = {"un": ("un_region", N_("Region")), "wb": ("wb_region", N_("World Bank region")),
                 "inc": ("income_group", N_("Income group"))}
# Okabe-Ito, the low-contrast yellow last; each line also gets its own marker symbol (colour is never the only cue)
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "cross", "triangle-down", "star", "hexagon",
           "pentagon", "star-square", "hourglass"]
SCORE_UNIT = N_("score 0-100")                        # shown as _(SCORE_UNIT)
SCORE_SOURCE = N_("scores computed by this dashboard from the bundled open data (method: Indicators & methodology)")
YEARLY, FIXED = "yearly", "fixed"                   # composition modes of an index or pillar series (YEARLY default)
BREAK_ROW = N_("composition changes here")
MODE_HELP = N_("Default: every point is the score published for that year, and the line breaks (dotted line) where "
               "the pillars or indicators it rests on change, so a pillar or indicator entering never looks like a "
               "trend. Fixed: every year over the latest year's composition; years that cannot form it stay empty.")


def what_options(cat: Catalogue) -> list[dict[str, str]]:
    """What can be compared: the index, each pillar, each country-level indicator."""
    opts = [{"label": _("Overall index (0-100)"), "value": INDEX}]
    opts += [{"label": _("Pillar: {name} (0-100)").format(name=cat.pillars[p]['name']), "value": p} for p in PILLARS]
    opts += [{"label": _("Indicator: {name}").format(name=r['short_name'] or r['name']), "value": str(i)}
             for i, r in cat.indicators[cat.indicators["level"] == "country"].iterrows()]
    return opts


def mode_options(composite: bool = True) -> list[dict[str, Any]]:
    """The two ways to draw an index or pillar series over time (disabled for a single indicator)."""
    return [{"label": _("as scored each year, broken where the composition changes"), "value": YEARLY,
             "disabled": not composite},
            {"label": _("fixed: the latest year's composition for every year"), "value": FIXED,
             "disabled": not composite}]


def what_meta(what: str, cat: Catalogue) -> tuple[str, str, str]:
    """Label, unit and source of what is compared."""
    if what == INDEX:
        return _("Overall index"), _(SCORE_UNIT), _(SCORE_SOURCE)
    if what in PILLARS:
        return _("{pillar} (pillar score)").format(pillar=cat.pillars[what]['name']), _(SCORE_UNIT), _(SCORE_SOURCE)
    meta = cat.get(what)
    return str(meta["short_name"] or meta["name"]), str(meta["unit"]), str(meta["source"])


def group_options() -> list[dict[str, str]]:
    """Regional and income aggregates, e.g. 'un:Africa' labelled 'Region: Africa'."""
    t = country_table()
    out = []
    for key, (col, label) in GROUP_COLUMNS.items():
        for v in sorted(x for x in t[col].dropna().unique() if x):
            out.append({"label": f"{_(label)}: {grouping(v)}", "value": f"{key}:{v}"})
    return out


def group_members(group: str) -> tuple[str, list[str]]:
    """Label and member iso3 codes of an aggregate id like 'inc:Low income' (unknown -> empty)."""
    key, _sep, value = group.partition(":")
    if key not in GROUP_COLUMNS:
        return group, []
    col, label = GROUP_COLUMNS[key]
    t = country_table()
    return f"{_(label)}: {grouping(value)}", t.loc[t[col] == value, "iso3"].tolist()


# ---------------------------------------------------------------- scores per year (light path)
@dataclass(frozen=True)
class YearScores:
    """One year's light scoring: pillar scores (iso3 x pillar), pillars in play, indicators in play, country values."""

    wide: pd.DataFrame
    play: dict[str, dict[str, Any]]
    status: pd.DataFrame
    latest: pd.DataFrame


def pillar_year(full: pd.DataFrame, cat: Catalogue, year: int) -> YearScores:
    """Pillar scores (NaN = insufficient data), pillars and indicators in play for one year; weight-independent.

    The same steps 1, 2 and 5 as scoring.score_all, without ratings, trends, corridors and rank sensitivity
    (a full scorecard per year takes ~0.25 s; this takes ~0.03 s). `full` is the annual frame with derived indicators.
    """
    latest = scored_latest(full, cat, year)
    pil = pillar_scores(latest, cat)
    wide = pil.pivot(index="iso3", columns="pillar", values="score").reindex(columns=list(PILLARS))
    countries = sorted(set(latest.loc[latest["level"] == "country", "iso3"].dropna()))
    return YearScores(wide.reindex(countries), pillars_in_play(pil, cat), indicators_in_play(latest, cat),
                      latest[latest["level"] == "country"])


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A hash of this module (pillar_year's code), so a new version of it never reads an older materialised year."""
    return hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]


def materialised_year(root: Path, version: str, cat: Catalogue, year: int,
                      full: Callable[[], pd.DataFrame]) -> YearScores:
    """pillar_year of a data version from the shared disk cache (computed once for every worker and process);
    `full` (the annual frame with derived indicators) is built only when the year is not there yet."""
    path = materialise.version_dir(root, version) / f"compare-year-{int(year)}-{_code_fingerprint()}.pkl"
    return materialise.materialised(path, lambda: pillar_year(full(), cat, int(year)))


def index_year(wide: pd.DataFrame, play: dict[str, dict[str, Any]], cat: Catalogue,
               weights: dict[str, float] | None, aggregation: str) -> tuple[pd.Series, list[str]]:
    """Overall index per country from one year's pillar scores (step 6), and the pillars it is made of."""
    w = normalise_weights(weights, cat)
    used = [p for p in PILLARS if play[p]["in_play"] and w[p] > 0]
    return overall_index(wide, used, w, aggregation, cat.settings.get("geometric_floor", 1.0))[0], used


def score_values(what: str, years: list[int], year_scores: Callable[[int], tuple[pd.DataFrame, pd.Series]]
                 ) -> pd.DataFrame:
    """(iso3, year, value) of a pillar score or the index; `year_scores(y)` gives (pillar wide frame, overall)."""
    parts = []
    for y in years:
        wide, overall = year_scores(y)
        v = overall if what == INDEX else wide[what]
        parts.append(pd.DataFrame({"iso3": v.index, "year": y, "value": v.to_numpy(dtype=float)}))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["iso3", "year", "value"])
    return out.dropna(subset=["value"]).reset_index(drop=True)


def composite_values(what: str, years: list[int], year_scores: Callable[[int], YearScores], cat: Catalogue,
                     weights: dict[str, float] | None, aggregation: str, mode: str = YEARLY
                     ) -> tuple[pd.DataFrame, list[cm.Segment], dict[int, str]]:
    """(iso3, year, value) of the index or a pillar, its runs of constant composition and, when fixed, empty years.

    YEARLY (default): each year as that year's scorecard has it, over that year's composition; the chart draws one
    line segment per run of constant composition and marks each break. FIXED: every year recomputed over the last
    year's composition; a year whose data cannot form it (one of its indicators or pillars not in play) stays empty,
    never zero and never scored around the missing part (scoring.composition.scores_over).
    """
    comps: dict[int, cm.Composition] = {}
    empty: dict[int, str] = {}
    w, floor = normalise_weights(weights, cat), cat.settings.get("geometric_floor", 1.0)

    def own(y: int) -> tuple[YearScores, pd.Series, cm.Composition]:
        """The year as scored, its index and its composition."""
        ys = year_scores(y)
        overall, used = index_year(ys.wide, ys.play, cat, weights, aggregation)
        return ys, overall, cm.composition(ys.status, used if what == INDEX else [what])

    target = own(years[-1])[2] if mode == FIXED and years else None

    def scores(y: int) -> tuple[pd.DataFrame, pd.Series]:
        """Pillar scores and index of one year over its own composition, or over the target one."""
        ys, overall, comps[y] = own(y)
        if target is None or comps[y] == target:
            return ys.wide, overall
        wide, empty[y] = cm.scores_over(ys.latest, cat, target, what == INDEX)
        comps[y] = target
        return wide, overall_index(wide, [p for p, _ in target], w, aggregation, floor)[0]

    values = score_values(what, years, scores)
    return values, cm.segments(comps, cat), {y: r for y, r in empty.items() if r}


def indicator_values(what: str, years: list[int], annual: pd.DataFrame) -> pd.DataFrame:
    """(iso3, year, value) of a country indicator: the yearly values (quarterly ones averaged within the year)."""
    a = annual[(annual["indicator_id"] == what) & annual["iso3"].notna() & annual["year"].isin(years)]
    a = a.dropna(subset=["value"])
    return a.groupby(["iso3", "year"], as_index=False)["value"].mean()


# ---------------------------------------------------------------- series, figure, table
def build_series(values: pd.DataFrame, countries: list[str], groups: list[str], names: dict[str, str]) -> pd.DataFrame:
    """Long series (entity, kind, year, value, n = countries averaged) for the chosen countries and aggregate means."""
    cols = ["entity", "kind", "year", "value", "n"]
    parts = []
    for iso in countries:
        v = values[values["iso3"] == iso]
        parts.append(pd.DataFrame({"entity": names.get(iso, iso), "kind": "country", "year": v["year"],
                                   "value": v["value"], "n": 1}))
    for g in groups:
        label, members = group_members(g)
        v = values[values["iso3"].isin(members)].dropna(subset=["value"])
        agg = v.groupby("year", as_index=False).agg(value=("value", "mean"), n=("value", "size"))
        parts.append(agg.assign(entity=label, kind="aggregate")[cols])
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["n"] = out["n"].astype(int)
    return out[cols].reset_index(drop=True)


def missing_countries(values: pd.DataFrame, countries: list[str]) -> list[str]:
    """The selected countries with no value at all in the period."""
    have = set(values["iso3"])
    return [c for c in countries if c not in have]


def n_range(s: pd.DataFrame) -> str:
    """How many countries an aggregate line averages: '12' or '9-12'."""
    lo, hi = int(s["n"].min()), int(s["n"].max())
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def legend_name(entity: str, s: pd.DataFrame) -> Markup:
    """Legend label (escaped); aggregates say how many countries they average."""
    if s["kind"].iloc[0] != "aggregate":
        return esc(entity)
    return markup("{}<br>{}", entity, _("(mean of {n} countries)").format(n=n_range(s)))


def _fmt(v: float) -> str:
    """A value for hover text: 3 significant figures for small numbers, 1 decimal for larger ones."""
    return number(v, 1) if abs(v) >= 100 else significant(v, 3)


def _runs(segments: list[cm.Segment] | None, years: tuple[int, int]) -> list[tuple[int, int]]:
    """The year spans drawn as separate line segments: one per composition, or the whole range."""
    runs = [(max(g.start, years[0]), min(g.end, years[1])) for g in segments or []]
    return [(a, b) for a, b in runs if a <= b] or [years]


def _break_markers(fig: go.Figure, segments: list[cm.Segment] | None) -> None:
    """A dotted vertical line before each year where the composition changes, labelled with what changed."""
    for g in segments or []:
        if not g.change:
            continue
        x = g.start - 0.5
        fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper", name="composition-break",
                      line=dict(color="#555555", width=1.5, dash="dot"))
        fig.add_annotation(x=x, y=1, yref="paper", text=join("<br>", g.change.split("; ")), name="composition-break",
                           hovertext=esc(_("From {year} the composition changes: {change}").format(
                               year=g.start, change=g.change)), showarrow=False,
                           textangle=-90, xanchor="right", yanchor="top", font=dict(size=10, color="#444444"))


def figure(series: pd.DataFrame, title: str, unit: str, source: str, years: tuple[int, int],
           segments: list[cm.Segment] | None = None) -> go.Figure:
    """One line per entity, Okabe-Ito colours and distinct marker symbols; a missing year is a gap, never zero.

    With segments (an index or pillar series), each entity's line is drawn per run of constant composition, never
    joined across a break, and each break gets a labelled dotted vertical line.
    """
    fig = go.Figure()
    full_years = list(range(years[0], years[1] + 1))
    for i, (entity, s) in enumerate(series.groupby("entity", sort=False)):
        s = s.set_index("year").reindex(full_years)            # missing years -> None -> gap in the line
        s["kind"] = s["kind"].ffill().bfill()
        name = legend_name(entity, s.dropna(subset=["value"]).reset_index())
        s["text"] = [esc(ngettext("{entity}: {value} ({n} country averaged)", "{entity}: {value} ({n} countries averaged)",
                                  int(n)).format(entity=entity, value=_fmt(v), n=int(n)) if k == "aggregate" and pd.notna(v)
                         else f"{entity}: {_fmt(v)}" if pd.notna(v) else _("{entity}: no data").format(entity=entity))
                     for v, n, k in zip(s["value"], s["n"].fillna(0), s["kind"])]
        aggregate_line = s["kind"].iloc[0] == "aggregate"
        line = dict(color=COLOURS[i % len(COLOURS)], width=2, dash="dash" if aggregate_line else "solid")
        for j, (a, b) in enumerate(_runs(segments, years)):
            part = s.loc[a:b]
            fig.add_scatter(x=list(part.index), y=[None if pd.isna(v) else float(v) for v in part["value"]],
                            mode="lines+markers", name=name, legendgroup=entity, showlegend=j == 0,
                            text=list(part["text"]), hovertemplate="%{x}: %{text}<extra></extra>", connectgaps=False,
                            line=line, marker=dict(symbol=SYMBOLS[i % len(SYMBOLS)], size=9))
    _break_markers(fig, segments)
    fig.update_layout(title=dict(text=esc(title), x=0.01, xanchor="left", font=dict(size=16)), template="plotly_white",
                      font=figures.FONT, height=440, hovermode="closest",
                      xaxis=dict(title=_("year"), dtick=1, range=[years[0] - 0.3, years[1] + 0.3]),
                      yaxis=dict(title=esc(unit), rangemode="tozero" if unit == _(SCORE_UNIT) else "normal"),
                      legend=dict(orientation="v", x=1.01, y=1, xanchor="left", yanchor="top", font=dict(size=11)),
                      margin=dict(l=60, r=20, t=50, b=100))
    if unit == _(SCORE_UNIT):
        fig.update_yaxes(range=[0, 100])
    year_label = f"{years[0]}-{years[1]}" if years[0] != years[1] else str(years[0])
    return figures.source_annotation(fig, figures.source_text(source, unit, year_label))


def wide_table(series: pd.DataFrame, years: tuple[int, int] | None = None,
               segments: list[cm.Segment] | None = None) -> pd.DataFrame:
    """Entity x year table of the same numbers (the chart's accessible alternative); aggregates say how many
    countries they average; empty cells are years without a value; a first row marks each composition change."""
    if series.empty:
        return pd.DataFrame(columns=[N_("country or aggregate")])
    order = list(dict.fromkeys(series["entity"]))
    t = series.pivot_table(index="entity", columns="year", values="value", aggfunc="first").round(2)
    if years:
        t = t.reindex(columns=range(years[0], years[1] + 1))
    t = t.reindex(order)
    t.columns = [str(c) for c in t.columns]
    avg = {e: ("" if s["kind"].iloc[0] == "country" else _("mean of {n} countries").format(n=n_range(s)))
           for e, s in series.groupby("entity", sort=False)}
    if any(avg.values()):
        t.insert(0, N_("averages"), [avg[e] for e in t.index])
    notes = {str(g.start): g.change for g in segments or [] if g.change and str(g.start) in t.columns}
    if notes:
        t = pd.concat([pd.DataFrame([notes], index=[_(BREAK_ROW)]), t.astype(object)])[t.columns]
    t.index.name = "country or aggregate"
    t = t.reset_index()
    return t.astype(object).where(t.notna(), None)


def composition_note(segments: list[cm.Segment], cat: Catalogue, mode: str = YEARLY,
                     empty: dict[int, str] | None = None) -> str:
    """The caption's words on the composition of an index or pillar series: the rule, each run and each break."""
    if not segments:
        return ""
    if mode == FIXED:
        last = segments[-1]
        gaps = "; ".join(f"{a if a == b else f'{a}-{b}'} ({why})" for a, b, why in cm.runs(empty or {}))
        return (_("Fixed composition: every year recomputed over the composition of {year}: {composition}. A year "
                  "whose data cannot form it stays empty, never zero").format(
                    year=last.end, composition=cm.describe(last.composition, cat)) + (f": {gaps}." if gaps else "."))
    live = [g for g in segments if not cm.empty(g.composition)]
    if len({g.composition for g in live}) <= 1:
        return (_("Composition, the same in every year with a score: {composition}.").format(
            composition=cm.describe(live[0].composition, cat)) if live else "")
    none = _("nothing in play, no score")
    parts = " ".join(f"{cm.span(g)}: {cm.describe(g.composition, cat) if g in live else none}." for g in segments)
    return _("Comparable trends: each year as scored that year, drawn as separate line segments per composition "
             "(the pillars in the index and the indicators in play in each); a line never joins two compositions. "
             "Each change is a dotted vertical line on the chart and the row '{row}' in the table.").format(
                 row=_(BREAK_ROW)) + f" {parts}"
