"""Data and figures for a country profile: header, peer comparison, indicator table, trend charts, corridors."""
from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from indicators.i18n import N_, _, ngettext
from indicators.i18n.countries import country_name, localise_names
from indicators.i18n.groupings import grouping
from indicators.i18n.formats import number, share, significant
from indicators.scoring.wording import pillar_word, play_reason, status_text, why_text
from indicators.store.catalogue import load_catalogue
from indicators.views import figures
from indicators.views.markup import Markup, esc, join, markup, plain, template_text
from indicators.store.catalogue import BAND_IDS, PILLARS, RATING_IDS, Catalogue
from indicators.store.countries import country_table, resolve
from indicators.scoring.trends import TREND_ARROWS, TREND_LABELS
from indicators.scoring.scorecard import Scorecard
from indicators.scoring.explain import explain, explain_text
from indicators.scoring.provenance import sources_line
from indicators.scoring.ratings import rate_score

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SCORE_COLUMNS = ["overall", *PILLARS]
PEER_GROUPS = (("un_region", N_("Region")), ("income_group", N_("Income group")))
SIDE_WORDS = {"de_jure": N_("in law (de jure)"), "de_facto": N_("in practice (de facto)")}
SCOPE_WORDS = {"migrant": N_("migrants"), "general": N_("all workers")}
SERIES_COLOUR = "#000000"                      # Okabe-Ito black: distinct from the rating-coloured reference lines


@lru_cache(maxsize=1)
def figures_template() -> go.layout.Template:
    """The chart template of the profile (plotly_white), looked up once."""
    return pio.templates["plotly_white"]


def country_info(iso3: str) -> dict[str, Any] | None:
    """Reference data of one country (name, regions, income group), or None for an unknown code."""
    t = country_table()
    row = t[t["iso3"] == iso3]
    return None if row.empty else row.iloc[0].to_dict()


def suggestions(text: str) -> list[tuple[str, str]]:
    """(iso3, name) of the countries a mistyped code or name may mean (empty when nothing is close)."""
    r = resolve(text)
    names = localise_names(dict(zip(country_table()["iso3"], country_table()["name"])))
    if r.iso3:
        return [(r.iso3, names.get(r.iso3, r.iso3))]
    codes = [m.group(1) for c in r.candidates if (m := re.search(r"\(([A-Z]{3})\)$", c))]
    return [(c, names.get(c, c)) for c in codes if c in names]


def header(card: Scorecard, iso3: str) -> dict[str, Any]:
    """Overall score, rating, rank with its interval and status of one country."""
    c = card.countries[card.countries["iso3"] == iso3]
    if c.empty:
        return {"overall": np.nan, "rating": "insufficient", "rank": None, "rank_p05": None, "rank_p95": None,
                "status": N_("no data for this country in the window"), "iso3": iso3, "ranked_of": int(card.countries["rank"].notna().sum())}
    r = c.iloc[0]
    return {"overall": r["overall"], "rating": r["rating"], "rank": None if pd.isna(r["rank"]) else int(r["rank"]),
            "rank_p05": None if pd.isna(r["rank_p05"]) else int(r["rank_p05"]),
            "rank_p95": None if pd.isna(r["rank_p95"]) else int(r["rank_p95"]),
            "status": r["status"], "ranked_of": int(card.countries["rank"].notna().sum()), "iso3": iso3,
            **{p: r[p] for p in PILLARS}}


def rank_text(h: dict[str, Any]) -> str:
    """'rank 18 of 132 (5-95 % interval 10-34)', or 'not ranked: insufficient data (no score for ...)'."""
    if h["rank"]:
        return _("rank {rank} of {of} (5-95 % interval of rank {lo}-{hi})").format(
            rank=h['rank'], of=h['ranked_of'], lo=h['rank_p05'], hi=h['rank_p95'])
    status = str(h["status"])
    if status.endswith("weight 0"):                     # 'all pillars in play have weight 0': a choice, not a gap
        return _("not ranked: {why}").format(why=_(status))
    if status.startswith("partial index"):
        return _("not ranked: {why}").format(why=status_text(status, h.get("iso3", ""), load_catalogue()))
    why = status_text(status, h.get("iso3", ""), load_catalogue()) if status.startswith("insufficient data: no score") \
        else _(status.removeprefix("insufficient data").lstrip(": ").strip() or N_("no score"))
    why = why.split(": ", 1)[-1] if status.startswith("insufficient data: no score") else why
    return _("not ranked: insufficient data ({why})").format(why=why)


def peer_table(card: Scorecard, iso3: str) -> pd.DataFrame:
    """The country's overall and pillar scores beside the means of its UN region and income group."""
    ref = country_table().set_index("iso3")
    scores = card.countries.set_index("iso3")[SCORE_COLUMNS]
    rows = []
    if iso3 in scores.index:
        rows.append({"group": country_name(iso3, ref.at[iso3, "name"]) if iso3 in ref.index else iso3, "countries": 1,
                     **scores.loc[iso3].to_dict()})
    for col, label in PEER_GROUPS:
        if iso3 not in ref.index or pd.isna(ref.at[iso3, col]) or not ref.at[iso3, col]:
            continue
        members = ref.index[ref[col] == ref.at[iso3, col]]            # the country itself included
        sub = scores.reindex(members).dropna(how="all")
        row = {"group": f"{_(label)}: {grouping(ref.at[iso3, col])}", "countries": int(len(sub))}
        row.update({c: sub[c].mean() for c in SCORE_COLUMNS})            # mean over countries with that score
        rows.append(row)
    return pd.DataFrame(rows, columns=["group", "countries", *SCORE_COLUMNS])


def wrap_source(text: str, width: int = 170) -> tuple[Markup, int]:
    """A source line (text or source_text markup) as escaped lines of at most width characters, and their count."""
    lines = textwrap.wrap(plain(text), width) or [""]
    return join("<br>", lines), len(lines)


def peer_figure(peers: pd.DataFrame, title: str, source: str, year: int) -> go.Figure:
    """Grouped bars: the country, its region and its income group, per pillar and overall (0-100)."""
    fig = go.Figure()
    labels = [_("Overall") if c == "overall" else pillar_word(c).capitalize() for c in SCORE_COLUMNS]
    patterns = ["", "/", "."]
    for i, (_row, r) in enumerate(peers.iterrows()):
        vals = [r[c] for c in SCORE_COLUMNS]
        fig.add_bar(x=labels, y=vals, name=esc(ngettext("{group} ({n} country)", "{group} ({n} countries)",
                                                        int(r['countries'])).format(group=r['group'], n=r['countries'])
                                               if i else r["group"]),
                    marker=dict(color=OKABE_ITO[i % len(OKABE_ITO)], pattern_shape=patterns[i % 3]),
                    text=["" if pd.isna(v) else number(v, 0) for v in vals], textposition="outside",   # gaps: below
                    hovertemplate="%{x}: %{y:.1f}<extra>%{fullData.name}</extra>")
    for label, col in zip(labels, SCORE_COLUMNS):       # an empty slot says why, on screen and in exported files
        missing = [str(r["group"]) for _row, r in peers.iterrows() if pd.isna(r[col])]
        if missing:
            text = _("insufficient data") if len(missing) == len(peers) else _("no score for {groups}").format(
                groups=", ".join(missing))
            fig.add_annotation(x=label, y=0, yanchor="bottom", yshift=4, text=esc(text), showarrow=False,
                               font=dict(size=11, color="#555555"), name="no-score")
    # the title at the very top, the legend just above the plot: on a phone the legend's three lines stay clear of it
    fig.update_layout(barmode="group", title=dict(text=esc(title), x=0.01, y=0.99, yanchor="top"),
                      yaxis=dict(title=_("score 0-100"), range=[0, 110]),
                      template=figures_template(), font=figures.FONT,
                      legend=dict(orientation="h", x=0, y=1.02, xanchor="left", yanchor="bottom"),
                      margin=dict(l=50, r=20, t=120, b=100), height=460)
    text, n = wrap_source(figures.source_text(source, _("score 0-100"), str(year)))
    figures.source_annotation(fig, text)
    fig.update_layout(margin=dict(b=90 + 13 * n))
    return fig


def unmeasured(card: Scorecard, cat: Catalogue) -> list[str]:
    """Country-level indicators that no file feeds yet (no value in the store at all), catalogue order."""
    ids = cat.indicators.index[cat.indicators["level"] == "country"]
    return [i for i in ids if i not in card.measured] if card.measured else []


def unmeasured_line(card: Scorecard, cat: Catalogue) -> str:
    """One line for the indicators no file feeds yet, e.g. 'Not yet measured: ILO C97 ratified, ...; upload ...'."""
    ids = unmeasured(card, cat)
    if not ids:
        return ""
    names = ", ".join(str(cat.indicators.at[i, "short_name"] or cat.indicators.at[i, "name"]) for i in ids)
    return _("Not yet measured (no file feeds them; working groups can upload them, e.g. a NORMLEX ratification "
             "export or SDG 10.7.1 survey results): {names}.").format(names=names)


def indicator_table(card: Scorecard, iso3: str, cat: Catalogue, ex: dict[str, Any] | None = None) -> pd.DataFrame:
    """Every measured country-level indicator: side (in law / in practice), scope, raw value, unit, year used,
    score, rating, trend, whether it counts, source (or why no data). Indicators no file feeds are left out (see
    unmeasured_line). value and year are "" where there is no value in the window (the briefing relies on that).
    ex: the country's explanation when already made (scoring.explain.explain of the same card and catalogue).
    """
    ex = (ex or explain(card, iso3, cat))["indicators"]
    ex = ex[~ex["indicator_id"].isin(unmeasured(card, cat))].reset_index(drop=True)
    status = cat.indicators["data_status"]
    out = pd.DataFrame({
        "pillar": ex["pillar"].map(pillar_word), "indicator": ex["indicator"], "indicator_id": ex["indicator_id"],
        "side": ex["side"].map(lambda s: _(SIDE_WORDS[s]) if s in SIDE_WORDS else s),
        "about": ex["scope"].map(lambda s: _(SCOPE_WORDS[s]) if s in SCOPE_WORDS else s),
        "value": [("" if pd.isna(v) else significant(v)) for v in ex["value"]], "unit": ex["unit"],
        "year": [("" if y is None or pd.isna(y) else str(int(y))) for y in ex["year_used"]],
        "score": ex["score"].round(1),
        "rating": [figures.rating_label(r, i) for r, i in zip(ex["rating"], ex["indicator_id"])],
        "trend": [f"{TREND_ARROWS.get(t, '')} {_(TREND_LABELS.get(t, t))}".strip() if pd.notna(v) else ""
                  for t, v in zip(ex["trend"], ex["value"])],
        "counted": [_("yes") if c else why_text(w) for c, w in zip(ex["counted"], ex["why"])],
        "source": [s if pd.notna(v) else (status.get(i) if isinstance(status.get(i), str)
                                          else _("no value for this country in the window; source: {source}").format(
                                              source=s))
                   for s, v, i in zip(ex["source"], ex["value"], ex["indicator_id"])],
    })
    return out


def indicator_display(table: pd.DataFrame) -> pd.DataFrame:
    """The indicator table as the page shows it: indicator first, "no data" written out, source or data status."""
    no = table["value"] == ""
    return pd.DataFrame({
        N_("indicator"): table["indicator"], N_("pillar"): table["pillar"],
        N_("commitment or practice"): table["side"], N_("about"): table["about"],
        N_("value"): table["value"].where(~no, _("no data")), N_("unit"): table["unit"], N_("year used"): table["year"],
        N_("score 0-100"): table["score"], N_("rating"): table["rating"], N_("trend"): table["trend"],
        N_("in the index"): table["counted"], N_("source (or data status)"): table["source"],
    })


def side_scores(card: Scorecard, iso3: str) -> dict[str, dict[str, float]]:
    """Per pillar, the country's de jure and de facto side scores (NaN where a side has no counted value)."""
    pil = card.pillars[card.pillars["iso3"] == iso3].set_index("pillar")
    return {p: {s: float(pil.at[p, s]) if p in pil.index and s in pil and pd.notna(pil.at[p, s]) else np.nan
                for s in SIDE_WORDS} for p in PILLARS}


def side_text(sides: dict[str, float]) -> str:
    """'in law 55.0 · in practice 40.0' (a side without a counted value reads 'no measure')."""
    law, practice, none = _("in law"), _("in practice"), _("no measure")
    return " · ".join(f"{law if s == 'de_jure' else practice} {none if pd.isna(v) else number(v, 1)}"
                      for s, v in sides.items())


def band_notes(card: Scorecard, iso3: str, cat: Catalogue, ex: dict[str, Any] | None = None) -> list[str]:
    """One sentence per pillar whose score band differs from all its counted indicators' ratings, saying why (ex: the
    country's explanation when already made)."""
    ex = ex or explain(card, iso3, cat)
    ind, pil = ex["indicators"], ex["pillars"].set_index("pillar")
    bands = [float(b) for b in cat.settings.get("score_bands", [75, 50, 25])]
    notes = []
    for p in PILLARS:
        score = pil.at[p, "score"] if p in pil.index else np.nan
        rows = ind[(ind["pillar"] == p) & ind["counted"]]
        if pd.isna(score) or rows.empty:
            continue
        band = rate_score(score, bands)
        level = BAND_IDS.index(band)
        ratings = [r for r in rows["rating"] if r in RATING_IDS]
        if not ratings or any(RATING_IDS.index(r) == level for r in ratings):
            continue
        words = sorted({figures.rating_label(r, i) for r, i in zip(rows["rating"], rows["indicator_id"])})
        top = rows.iloc[0]
        t1 = cat.indicators.at[top["indicator_id"], "thresholds"][0]
        t1_score = float(np.clip(100 * (t1 - top["worst"]) / (top["best"] - top["worst"]), 0, 100))
        notes.append(_(
            "The {pillar} pillar reads {band} ({score} of 100) while its indicators read {words}: a pillar band cuts "
            "the 0-100 score at {cuts}, while each indicator is rated against its own thresholds (e.g. {indicator}: "
            "its top band needs {t1}, a score of {t1_score}).").format(
            pillar=cat.pillars[p]['name'].lower(), band=figures.rating_label(band), score=number(score, 1),
            words=" / ".join(words), cuts=" / ".join(significant(b) for b in bands), indicator=top['indicator'],
            t1=significant(t1), t1_score=number(t1_score, 0)))
    return notes


def series_source(annual: pd.DataFrame, iso3: str, indicator_id: str, cat: Catalogue) -> str:
    """The sources of one country's values of an indicator (working groups named), else the catalogue's."""
    rows = annual[(annual["indicator_id"] == indicator_id) & (annual["iso3"] == iso3)]
    return sources_line(rows) or str(cat.indicators.at[indicator_id, "source"])


def series_for(annual: pd.DataFrame, iso3: str, indicator_id: str) -> pd.DataFrame:
    """Annual values of one indicator for one country, by year."""
    s = annual[(annual["indicator_id"] == indicator_id) & (annual["iso3"] == iso3)]
    return s[["year", "value"]].sort_values("year").reset_index(drop=True)


def reference_lines(meta: dict[str, Any]) -> list[tuple[float, str, str, str]]:
    """(y, label, dash, colour) of the goalposts and rating thresholds; coinciding lines share one label."""
    op = "≥" if meta["direction"] == "higher_is_better" else "≤"
    lines: dict[float, dict[str, Any]] = {}
    for y, label in ((meta["best"], _("best goalpost {y} (score 100)")),
                     (meta["worst"], _("worst goalpost {y} (score 0)"))):
        entry = lines.setdefault(float(y), {"labels": [], "dash": "dash", "colour": "#636363"})
        entry["labels"].append(label.format(y=significant(y)))
    if len(set(meta["thresholds"])) > 1:                     # binary indicators: one cut point = the best goalpost
        names = [_("SDG achieved (target)"), _("challenges remain"), _("significant challenges")]
        for t, label, rid in zip(meta["thresholds"], names, ("achieved", "challenges", "significant")):
            entry = lines.setdefault(float(t), {"labels": [], "dash": "dot", "colour": figures.rating_colour(rid)})
            entry["labels"].append(f"{op} {significant(t)}: {label}")
    return [(y, "; ".join(e["labels"]), e["dash"], e["colour"]) for y, e in sorted(lines.items())]


def trend_figure(series: pd.DataFrame, meta: dict[str, Any], country: str, year: int,
                 source: str | None = None) -> go.Figure:
    """A country's series of one indicator with goalposts, rating thresholds and the reference year drawn."""
    name = meta.get("short_name") or meta["name"]
    binary = meta.get("binary") is True or meta.get("binary") == 1     # NaN / None: not binary
    shapes, notes = [], []
    for y, label, dash, colour in reference_lines(meta):              # drawn as plain shapes: add_hline is slow
        shapes.append(dict(type="line", xref="paper", x0=0, x1=1, yref="y", y0=y, y1=y, layer="below",
                           line=dict(dash=dash, color=colour, width=1.5)))
        notes.append(dict(text=esc(label), xref="paper", x=0, yref="y", y=y, xanchor="left", yanchor="bottom",
                          showarrow=False, font=dict(size=10, color="#444")))
    shapes.append(dict(type="line", xref="x", x0=year, x1=year, yref="paper", y0=0, y1=1, layer="above",
                       line=dict(color="#636363", width=1.5, dash="dashdot")))
    notes.append(dict(text=_("reference year {year}").format(year=year), xref="x", x=year, yref="paper", y=1, xanchor="left",
                      yanchor="bottom", showarrow=False, font=dict(size=10)))
    span = [meta["best"], meta["worst"], *series["value"].dropna().tolist()]
    pad = (max(span) - min(span)) * 0.1 or 1
    years = [*series["year"].tolist(), year]
    trace = go.Scatter(x=series["year"], y=series["value"], mode="lines+markers", name=esc(country),
                       line=dict(color=SERIES_COLOUR, width=2, shape="hv" if binary else "linear"), marker=dict(size=7),
                       hovertemplate="%{x}: %{y:.3g} " + template_text(meta["unit"]) + "<extra></extra>")
    fig = go.Figure(trace, layout=dict(
        title=dict(text=markup("{}: {}", name, country), x=0.01), template=figures_template(), font=figures.FONT,
        xaxis=dict(title=_("year"), range=[min(years) - 1, max(years) + 1], tickformat="d"),
        yaxis=dict(title=esc(meta["unit"]), range=[min(span) - pad, max(span) + pad],
                   **({"tickvals": [0, 1]} if binary else {})),
        shapes=shapes, annotations=notes, showlegend=False, height=400, margin=dict(l=60, r=20, t=60, b=70)))
    label = f"{int(series['year'].min())}-{int(series['year'].max())}" if len(series) else ""
    text, n = wrap_source(figures.source_text(source or meta["source"], meta["unit"], label))
    figures.source_annotation(fig, text)
    fig.update_layout(margin=dict(b=90 + 13 * n))
    return fig


def corridors_of(card: Scorecard, iso3: str, end: str, settings_query: str = "") -> pd.DataFrame:
    """Corridors where the country is the origin or the destination, with remittance cost, score, rank and link."""
    c = card.corridors
    col = "origin_iso3" if end == "origin" else "destination_iso3"
    sub = c[c[col] == iso3]
    names = localise_names(dict(zip(country_table()["iso3"], country_table()["name"])))
    extra = "&" + settings_query.lstrip("?") if settings_query.lstrip("?") else ""
    out = pd.DataFrame({
        N_("origin"): sub["origin_iso3"].map(names).fillna(sub["origin_iso3"]),
        N_("destination"): sub["destination_iso3"].map(names).fillna(sub["destination_iso3"]),
        N_("remittance cost (% of USD 200)"): sub["remittance_cost"].round(2),
        N_("year"): sub.get("remittance_cost_year", pd.Series(index=sub.index, dtype=float)).astype("Int64"),
        N_("corridor score"): sub["score"].round(1), N_("rank"): sub["rank"].astype("Int64"),
        "link": [f"/corridors?origin={o}&destination={d}{extra}"
                 for o, d in zip(sub["origin_iso3"], sub["destination_iso3"])],
    })
    return out.sort_values("remittance cost (% of USD 200)", ascending=False, na_position="last").reset_index(drop=True)


def corridor_map(card: Scorecard, iso3: str, country: str, year: int) -> go.Figure | None:
    """Flow map of the country's corridors (both directions) coloured by remittance cost; None without corridors."""
    from indicators.views import corridors as cv
    sel = pd.concat([cv.select(card, iso3, cv.ALL), cv.select(card, cv.ALL, iso3)], ignore_index=True)
    if sel.empty:
        return None
    fig = cv.flow_figure(sel, "remittance_cost", year)
    fig.update_layout(title=dict(text=markup(_("Corridors from and to {}: cost of sending USD 200, latest up to {}"),
                                             country, year)),
                      height=440)
    return fig


def trend_choices(card: Scorecard, iso3: str, cat: Catalogue) -> list[dict[str, str]]:
    """Indicators with a value for the country (for the trend chart picker), catalogue order."""
    have = set(card.indicators.loc[card.indicators["iso3"] == iso3, "indicator_id"])
    return [{"label": r["short_name"] or r["name"], "value": i} for i, r in cat.indicators.iterrows() if i in have]


def explain_frames(ex: dict[str, Any], name: str) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The explain() dict as an indicator table (with the normalisation arithmetic), a pillar table and the formula."""
    ind = ex["indicators"]
    has = ind["value"].notna()
    arithmetic = [f"100*({v:.4g}-{w:g})/({b:g}-{w:g}) = {s:.1f}" if h else ""
                  for v, w, b, s, h in zip(ind["value"], ind["worst"], ind["best"], ind["score"], has)]
    corridors = ["; " + _("mean of {n} corridors, {how}").format(n=int(n), how=_(w)) if pd.notna(n) else ""
                 for n, w in zip(ind.get("n_corridors", pd.Series(np.nan, index=ind.index)),
                                 ind.get("weighting", pd.Series(None, index=ind.index)))]
    indicators = pd.DataFrame({
        N_("pillar"): ind["pillar"].map(pillar_word), N_("indicator"): ind["indicator"],
        N_("raw value"): [f"{significant(v)} ({u}){c}" if h else _("no data") for v, u, c, h in
                          zip(ind["value"], ind["unit"], corridors, has)],
        N_("year used"): [str(int(y)) if h else "" for y, h in zip(ind["year_used"], has)],
        N_("score = 100*(value-worst)/(best-worst), clipped 0..100"): arithmetic,
        N_("rating"): [figures.rating_label(r, i) for r, i in zip(ind["rating"], ind["indicator_id"])],
        N_("trend"): [f"{TREND_ARROWS.get(t, '')} {_(TREND_LABELS.get(t, t))}".strip() if h else ""
                      for t, h in zip(ind["trend"], has)],
        N_("weight"): ind["weight"],
        N_("counted"): [_("yes") if c else _("no: {why}").format(why=why_text(w))
                        for c, w in zip(ind["counted"], ind["why"])],
    })
    p = ex["pillars"]
    need = int(load_catalogue().settings.get("pillar_min_countries", 50))
    pillars = pd.DataFrame({
        N_("pillar"): p["pillar"].map(pillar_word),
        N_("score"): [_("insufficient data") if pd.isna(s) else number(s, 1) for s in p["score"]],
        N_("coverage of in-play indicator weight"): [share(c) for c in p["coverage"]],
        N_("weight"): p["weight"],
        N_("in the index"): [_("yes") if i else _("no: {why}").format(why=play_reason({"countries": n}, need))
                             for i, n in zip(p["in_index"], p.get("countries", pd.Series(0, index=p.index)))],
    })
    lines = explain_text(ex, name).splitlines()
    formula = next((ln for ln in reversed(lines) if ln.strip()), "")        # the last line: the index arithmetic
    return indicators, pillars, formula

