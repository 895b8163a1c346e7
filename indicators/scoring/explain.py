"""How one country's score was built, step by step, as tables and as plain text (the CLI `explain`)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from indicators.i18n import _
from indicators.scoring.wording import pillar_word, play_reason, why_text
from indicators.i18n import N_
from indicators.scoring.counting import SIDES, WHY_COUNTED, counting_reasons, field
from indicators.scoring.provenance import source_label
from indicators.scoring.scorecard import Scorecard
from indicators.scoring.trends import TREND_LABELS
from indicators.store.catalogue import PILLARS, Catalogue


# ---------------------------------------------------------------------- explain
def explain(card: Scorecard, iso3: str, cat: Catalogue) -> dict[str, Any]:
    """How one country's score was built: indicator rows, pillar rows and the index arithmetic."""
    ind = card.indicators
    rows = ind[(ind["iso3"] == iso3) & (ind["level"] == "country")].copy()
    rows["why"] = counting_reasons(rows, cat) if len(rows) else pd.Series(dtype=object)
    pil = card.pillars[card.pillars["iso3"] == iso3].set_index("pillar")
    sides, binary, scope = field(cat, "side", "de_facto"), field(cat, "binary", False), field(cat, "scope", "general")
    first = {r["indicator_id"]: r for r in rows.drop_duplicates("indicator_id").to_dict("records")}
    table = [_indicator_row(iid, meta, first.get(iid), card, pil, sides[iid], scope[iid], bool(binary[iid]))
             for iid, meta in cat.indicators[cat.indicators["level"] == "country"].iterrows()]
    pillars = [{
        "pillar": p, "score": float(pil.at[p, "score"]) if p in pil.index else np.nan,
        **{s: float(pil.at[p, s]) if p in pil.index and s in pil else np.nan for s in SIDES},
        "status": pil.at[p, "status"] if p in pil.index else "insufficient data",
        "coverage": float(pil.at[p, "coverage"]) if p in pil.index else 0.0,
        "in_index": p in card.index_pillars, "weight": card.weights[p],
        "reason": card.in_play[p]["reason"], "countries": card.in_play[p].get("countries", 0),
        "need": int(cat.settings.get("pillar_min_countries", 50)),
    } for p in PILLARS]
    crow = card.countries[card.countries["iso3"] == iso3]
    return {
        "iso3": iso3, "year": card.year, "aggregation": card.aggregation, "weights": card.weights,
        "indicators": pd.DataFrame(table), "pillars": pd.DataFrame(pillars),
        "overall": float(crow["overall"].iloc[0]) if len(crow) else np.nan,
        "overall_partial": float(crow["overall_partial"].iloc[0]) if len(crow) and "overall_partial" in crow
        else np.nan,
        "rank": crow["rank"].iloc[0] if len(crow) else pd.NA,
        "status": crow["status"].iloc[0] if len(crow) else "no data",
        "note": card.index_note(),
    }


def _indicator_row(iid: str, meta: pd.Series, r: Any, card: Scorecard, pil: pd.DataFrame, side: str, scope: str,
                   binary: bool) -> dict[str, Any]:
    """One indicator's line of the explanation (r: the country's scorecard row of it, or None)."""
    has = r is not None
    why = r["why"] if has else N_("no value in the window")
    if why == WHY_COUNTED and meta["pillar"] not in card.index_pillars:
        why = N_("pillar not in the index")
    elif why == WHY_COUNTED and pd.isna(pil["score"].get(meta["pillar"], np.nan)):
        why = f"pillar not scored ({pil['status'].get(meta['pillar'], 'insufficient data')})"
    get = (lambda c, default=None: r[c] if c in r else default) if has else (lambda c, default=None: default)
    return {
        "pillar": meta["pillar"], "indicator_id": iid, "indicator": meta["short_name"] or meta["name"],
        "value": float(r["value"]) if has else np.nan, "unit": meta["unit"],
        "year_used": int(r["year_used"]) if has else None,
        "score": float(r["score"]) if has else np.nan,
        "rating": r["rating"] if has else "insufficient",
        "trend": r["trend"] if has else "insufficient_data",
        "weight": float(meta["weight"]), "best": meta["best"], "worst": meta["worst"],
        "side": side, "scope": scope, "binary": binary, "counted": why == WHY_COUNTED, "why": why,
        "source": source_label(r["source"], get("groups"), get("upload_ids")) if has else meta["source"],
        "n_corridors": get("n_corridors", np.nan) if has else np.nan,
        "weighting": get("weighting"), "upload_ids": get("upload_ids"),
    }


def explain_text(ex: dict[str, Any], name: str) -> str:
    """The explanation as plain text (CLI `explain`), showing the arithmetic of each step."""
    lines = [_("{name} ({iso3}), reference year {year}").format(name=name, iso3=ex['iso3'], year=ex['year']),
             ex["note"], ""]
    lines.append(_("Indicators (score = 100 * (value - worst) / (best - worst), clipped to 0..100):"))
    for _row, r in ex["indicators"].iterrows():
        if pd.isna(r["value"]):
            lines.append(f"  [{pillar_word(r['pillar'])}] {r['indicator']}: " + _("no value ({why})").format(
                why=why_text(r['why'])))
            continue
        extra = (", " + _("{n} corridors, {how}").format(n=int(r['n_corridors']), how=r['weighting'])
                 if pd.notna(r["n_corridors"]) else "")
        side = str(r.get("side", "")).replace("_", " ")
        lines.append(f"  [{pillar_word(r['pillar'])}, {side}] {r['indicator']}: " + _(
            "value {value} ({unit}) in {year}; score 100*({value}-{worst})/({best}-{worst}) = {score}; rating {rating}; "
            "trend {trend}; weight {weight}; {why}{extra}; source: {source}").format(
            value=f"{r['value']:.4g}", unit=r['unit'], year=int(r['year_used']), worst=f"{r['worst']:g}",
            best=f"{r['best']:g}", score=f"{r['score']:.1f}", rating=r['rating'],
            trend=_(TREND_LABELS.get(r['trend'], r['trend'])), weight=f"{r['weight']:g}", why=why_text(r['why']),
            extra=extra, source=r['source']))
    lines.append("")
    lines.append(_("Pillars (the mean of the de jure and the de facto side scores the country has; each side is the "
                   "weighted mean of its counted indicator scores):"))
    for _row, p in ex["pillars"].iterrows():
        sc = _(p.get("status", "insufficient data")) if pd.isna(p["score"]) else f"{p['score']:.1f}"
        parts = [f"{s.replace('_', ' ')} {p[s]:.1f}" for s in SIDES if s in p and pd.notna(p[s])]
        where = _("in the index") if p['in_index'] else _("not in the index: {why}").format(
            why=play_reason({"countries": p["countries"]}, int(p["need"])) if "need" in p else p['reason'])
        lines.append(f"  {pillar_word(p['pillar'])}: {sc}{' (' + ', '.join(parts) + ')' if parts and pd.notna(p['score']) else ''} "
                     + _("(coverage {coverage} of in-play indicator weight; {where}; weight {weight})").format(
                         coverage=f"{p['coverage']:.0%}", where=where, weight=f"{p['weight']:g}"))
    used = ex["pillars"][ex["pillars"]["in_index"]]
    if pd.notna(ex["overall"]):
        terms = " + ".join(f"{r['weight']:g}*{r['score']:.1f}" for _, r in used.iterrows())
        total = used["weight"].sum()
        formula = (f"({terms}) / {total:g}" if ex["aggregation"] == "arithmetic"
                   else f"exp(({' + '.join(f'{r.weight:g}*ln({r.score:.1f})' for r in used.itertuples())}) / {total:g})")
        lines.append("")
        lines.append(_("Overall ({rule}): {formula} = {score}; rank {rank}").format(
            rule=_(ex['aggregation']), formula=formula, score=f"{ex['overall']:.1f}", rank=ex['rank']))
    elif pd.notna(ex.get("overall_partial", np.nan)):
        lines.append("")
        lines.append(_("Overall: partial index {score} ({status})").format(score=f"{ex['overall_partial']:.1f}",
                                                                         status=_(ex['status'])))
    else:
        lines.append("")
        lines.append(_("Overall: not scored ({status})").format(status=_(ex['status'])))
    return "\n".join(lines)
