"""The indicator framework v2 as the methodology page shows it: what each pillar measures in law and in practice, how
much of it is about migrants specifically, what is not yet measured, and which GCM objectives it answers."""
from __future__ import annotations

import pandas as pd

from indicators.i18n import N_, _, current
from indicators.i18n.formats import share
from indicators.scoring.counting import field, in_play_weights
from indicators.scoring.scorecard import Scorecard
from indicators.store.catalogue import PILLARS, Catalogue

SIDE_WORDS = {"de_jure": N_("in law (de jure)"), "de_facto": N_("in practice (de facto)")}     # shown as _(word)
SCOPE_WORDS = {"migrant": N_("migrants"), "general": N_("all workers")}

PLAIN = N_("""
**What the index asks, in plain words.** For each country: does it protect migrant workers, what does it cost them to
be recruited and to send money home, and can they organise? Each question is a *pillar*. Within a pillar we keep apart
what a state **has committed to in law** (de jure: treaties ratified, policies rated by the UN) and what **happens in
practice** (de facto: prices paid, violations recorded, freedoms rated by independent experts). A ratification alone
says a government signed; it does not say workers are protected, so a pillar is the **average of its two sides** and
never rests on ratifications alone. Some measures are about **migrants specifically** (the Migrant Workers Convention,
the UN's migration-policy rating, remittance and recruitment costs); others are about **all workers or residents**
(Freedom House scores, ILO core Conventions). Where today's data only offer general measures, the table below says so.

**Where each choice comes from.** Goalposts are the ends of each scale or an SDG target (remittance costs: 3 %);
thresholds are this project's, stated for each indicator; sides and pillars weigh equally unless you change the pillar
weights (*Scoring settings*); the corridor score gives the destination's protection and association full weight and
the origin's migration governance half, because a state of origin cannot protect people abroad as the state they work
in can. *Context* indicators (the US Trafficking in Persons tiers, CIRI worker rights, union density, bargaining
coverage, the nearly universal C29 and C105) are shown on profiles as history or background and never counted.
""")


def pillar_framework(card: Scorecard, cat: Catalogue) -> pd.DataFrame:
    """One row per indicator: pillar, side, scope, role, whether it counts this year and its share of the pillar."""
    shares = in_play_weights(card.indicators, cat)["share"]
    ind = cat.indicators[cat.indicators["level"] == "country"]
    role, fallback = field(cat, "role", "scored"), field(cat, "fallback_for", "")
    rows = []
    for iid, r in ind.iterrows():
        measured = iid in card.measured
        status = (_("context, never counted") if role[iid] == "context" else
                  _("stands in for {indicator} where it has no value").format(
                      indicator=cat.indicators.at[fallback[iid], 'short_name']) if fallback[iid] else
                  _("counts: {share} of the pillar").format(share=_pct(shares[iid])) if iid in shares.index else
                  _("not yet measured") if not measured else _("not in play this year (too few countries)"))
        rows.append({N_("pillar"): cat.pillars[r["pillar"]]["name"], N_("indicator"): r["short_name"] or r["name"],
                     N_("commitment or practice"): _word(SIDE_WORDS, field(cat, "side", "de_facto")[iid]),
                     N_("about"): _word(SCOPE_WORDS, field(cat, "scope", "general")[iid]),
                     N_("binary"): _("yes") if bool(r.get("binary")) else "", N_("this year"): status})
    return pd.DataFrame(rows)


def migrant_share(card: Scorecard, cat: Catalogue) -> pd.DataFrame:
    """Per pillar: the share of its counted weight that is about migrants specifically, and its sides in play."""
    w = in_play_weights(card.indicators, cat)
    scope = field(cat, "scope", "general").reindex(w.index)
    rows = []
    for p in PILLARS:
        part = w[w["pillar"] == p]
        if part.empty:
            rows.append({N_("pillar"): cat.pillars[p]["name"], N_("about migrants"): _("no indicator in play"),
                         N_("sides in play"): ""})
            continue
        share = float(part.loc[scope.reindex(part.index) == "migrant", "share"].sum() / part["share"].sum())
        sides = ", ".join(_(SIDE_WORDS[s]) for s in ("de_jure", "de_facto") if s in set(part["side"]))
        facto_general = part[(part["side"] == "de_facto")]
        note = (" " + _("(its practice side is about all workers only)") if len(facto_general) and
                (scope.reindex(facto_general.index) == "general").all() and share < 1 else "")
        rows.append({N_("pillar"): cat.pillars[p]["name"], N_("about migrants"): f"{_pct(share)}{note}",
                     N_("sides in play"): sides})
    return pd.DataFrame(rows)


def gcm_coverage(card: Scorecard, cat: Catalogue) -> pd.DataFrame:
    """Per GCM objective of the framework: the indicators with data that measure it, or what would feed it."""
    rows = []
    for g in cat.gcm_objectives:
        have = [i for i in g.get("indicators", []) if i in card.measured]
        names = ", ".join(str(cat.indicators.at[i, "short_name"]) for i in have)
        rows.append({N_("GCM objective"): f"{g['number']}. {g['title']}",
                     N_("measured by"): names or _("no measure yet"),
                     N_("what would feed it"): "" if have else str(g.get("would_feed") or "")})
    return pd.DataFrame(rows)


def _word(words: dict[str, str], key: object) -> str:
    """A side or scope word in the language in force ('' for an unknown key)."""
    return _(words[key]) if key in words else ""


def _pct(x: float) -> str:
    """A share as the product writes it: '42%' in English (as before), '42 %' in French and Spanish."""
    return f"{x:.0%}" if current() == "en" else share(x)
