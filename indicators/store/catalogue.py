"""The indicator catalogue: definitions, goalposts, thresholds and scoring settings, loaded from catalogue.yaml."""
from __future__ import annotations

import math
import numbers
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from indicators.i18n import N_, _
from indicators.store.config import STORE_PACKAGE_DIR

CATALOGUE_PATH = STORE_PACKAGE_DIR / "catalogue.yaml"
CATALOGUE_ENV = "MPD_CATALOGUE"
PILLARS: tuple[str, ...] = ("protection", "recruitment", "remittance", "association")
LEVELS = ("country", "corridor")
DIRECTIONS = ("higher_is_better", "lower_is_better")
RATING_IDS = ("achieved", "challenges", "significant", "major")
BAND_IDS = ("high", "medium", "low", "very_low")   # pillar, index and corridor scores: neutral bands, no SDG claim
INSUFFICIENT = "insufficient"
BINARY_LABELS = {"achieved": N_("Yes"), "major": N_("No")}
SIDES = ("de_jure", "de_facto")          # commitments in law (ratifications, policy ratings) / practice
SCOPES = ("migrant", "general")          # about migrants specifically / about all workers or residents
ROLES = ("scored", "context")            # counts in its pillar / shown as history or context, never scored
ROLE_DEFAULT = "scored"
PERIOD_MIN_DEFAULT = 1950                # earliest valid year of a value unless the entry says otherwise
REQUIRED_FIELDS = (
    "id", "name", "short_name", "pillar", "level", "unit", "direction", "best", "worst", "thresholds",
    "valid_min", "valid_max", "weight", "sdg", "gcm", "source", "licence", "definition",
)
EXPORT_COLUMNS = [
    "id", "name", "short_name", "pillar", "level", "side", "scope", "role", "unit", "direction", "best", "worst",
    "thresholds", "weight", "window", "period_min", "valid_min", "valid_max", "binary", "derived_from", "derived_end",
    "raw_direction", "sdg", "gcm", "source", "licence", "series_codes", "data_status", "definition", "method_note",
]


@dataclass(frozen=True)
class Catalogue:
    """The parsed catalogue: one row per indicator plus the scoring settings."""

    indicators: pd.DataFrame
    settings: dict[str, Any]
    pillars: dict[str, dict[str, Any]]
    ratings: list[dict[str, str]]
    corridor_components: list[dict[str, Any]] = field(default_factory=list)
    score_bands: list[dict[str, str]] = field(default_factory=list)
    method_changelog: list[dict[str, Any]] = field(default_factory=list)
    gcm_objectives: list[dict[str, Any]] = field(default_factory=list)

    def get(self, indicator_id: str) -> dict[str, Any]:
        """One indicator's definition as a dict (KeyError if unknown)."""
        row = self.indicators.loc[indicator_id]
        return {"id": indicator_id, **row.to_dict()}

    @property
    def ids(self) -> list[str]:
        """All indicator ids, in catalogue order."""
        return list(self.indicators.index)

    def window(self, indicator_id: str) -> float:
        """Look-back window in years for the latest value (inf for status indicators)."""
        w = self.indicators.at[indicator_id, "window"]
        return math.inf if w is None or pd.isna(w) else float(w)

    def rating_colour(self, rating: str) -> str:
        """Colour of a rating id (indicator ratings) or a score band id (pillar, index and corridor scores)."""
        return {r["id"]: r["colour"] for r in self.ratings + self.score_bands}[rating]

    def rating_label(self, rating: str, indicator_id: str | None = None) -> str:
        """Plain-language label of a rating or band id; an indicator's own labels first (only an indicator whose top
        threshold is an SDG target may say "SDG target met"), "Yes"/"No" for a binary indicator."""
        if indicator_id is not None and indicator_id in self.indicators.index and rating in RATING_IDS:
            own = self.indicators.at[indicator_id, "rating_labels"]
            if isinstance(own, dict) and rating in own:
                return str(own[rating])
            if bool(self.indicators.at[indicator_id, "binary"]) and rating in BINARY_LABELS:
                return _(BINARY_LABELS[rating])
        return {r["id"]: r["label"] for r in self.ratings + self.score_bands}[rating]


def parse_catalogue(raw: dict[str, Any]) -> Catalogue:
    """Build a Catalogue from the YAML structure (defaults filled in)."""
    settings = dict(raw.get("settings", {}))
    rows = []
    for entry in raw.get("indicators", []):
        e = dict(entry)
        e.setdefault("binary", False)
        e.setdefault("trend", not e["binary"])
        e.setdefault("window", settings.get("window_default", 5))
        for key in ("derived_from", "derived_end", "raw_direction", "data_status", "method_note", "short_name",
                    "rating_labels", "sdg_target", "side", "scope", "fallback_for"):
            e.setdefault(key, None)
        e.setdefault("role", ROLE_DEFAULT)
        e.setdefault("period_min", PERIOD_MIN_DEFAULT)
        e.setdefault("series_codes", [])
        rows.append(e)
    frame = pd.DataFrame(rows)
    frame = frame.set_index("id", drop=False)
    frame.index.name = None
    return Catalogue(
        indicators=frame,
        settings=settings,
        pillars=dict(raw.get("pillars", {})),
        ratings=list(raw.get("ratings", [])),
        corridor_components=list(raw.get("corridor_components", [])),
        score_bands=list(raw.get("score_bands", [])),
        method_changelog=list(raw.get("method_changelog", [])),
        gcm_objectives=list(raw.get("gcm_objectives", [])),
    )


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The catalogue: `path`, else $MPD_CATALOGUE (benchmarks use a synthetic one), else the shipped YAML."""
    return _load_catalogue(str(path or os.environ.get(CATALOGUE_ENV) or CATALOGUE_PATH))


@lru_cache(maxsize=4)
def _load_catalogue(path: str) -> Catalogue:
    """Read and parse one catalogue YAML file (cached per path)."""
    with open(path, encoding="utf-8") as fh:
        return parse_catalogue(yaml.safe_load(fh))


def classification_problems(ind: pd.Series | dict[str, Any]) -> list[str]:
    """Problems with an entry's side, scope, role and period_min (side and scope may be left empty: not classified)."""
    iid, problems = ind["id"], []
    for key, allowed in (("side", SIDES), ("scope", SCOPES)):
        v = ind.get(key)
        if v is not None and not (isinstance(v, float) and math.isnan(v)) and v not in allowed:
            problems.append(f"{iid}: " + _("{key} must be one of {allowed} (or left empty), not {value}").format(
                key=key, allowed=", ".join(allowed), value=repr(v)))
    if ind.get("role") not in ROLES:
        problems.append(f"{iid}: " + _("role must be one of {allowed}, not {value}").format(
            allowed=", ".join(ROLES), value=repr(ind.get("role"))))
    elif ind["role"] == "context" and float(ind["weight"]) != 0:
        problems.append(f"{iid}: " + _("a context indicator is never counted in a score, so its weight must be 0"))
    pm = ind.get("period_min")
    year = isinstance(pm, numbers.Real) and not isinstance(pm, bool) and math.isfinite(pm) and pm == int(pm)
    if not (year and 1800 <= pm <= 2100):
        problems.append(f"{iid}: " + _("period_min must be a year (1800-2100), not {value}").format(value=repr(pm)))
    return problems


def catalogue_problems(cat: Catalogue) -> list[str]:
    """Every inconsistency in the catalogue, as readable sentences (empty list = consistent)."""
    problems: list[str] = []
    ids = list(cat.indicators["id"])
    if len(ids) != len(set(ids)):
        problems.append(_("duplicate indicator ids"))
    for _row, ind in cat.indicators.iterrows():
        iid = ind["id"]
        for f in REQUIRED_FIELDS:
            v = ind.get(f)
            if v is None or (not isinstance(v, (list, str)) and pd.isna(v)) or v == "":
                problems.append(f"{iid}: " + _("missing {field}").format(field=f))
        if ind["pillar"] not in PILLARS:
            problems.append(f"{iid}: " + _("unknown pillar {value}").format(value=repr(ind["pillar"])))
        if ind["level"] not in LEVELS:
            problems.append(f"{iid}: " + _("unknown level {value}").format(value=repr(ind["level"])))
        if ind["direction"] not in DIRECTIONS:
            problems.append(f"{iid}: " + _("unknown direction {value}").format(value=repr(ind["direction"])))
            continue
        best, worst = float(ind["best"]), float(ind["worst"])
        higher = ind["direction"] == "higher_is_better"
        if best == worst or (best > worst) != higher:
            problems.append(f"{iid}: " + (_("best {best} is not on the high side of worst {worst}") if higher else _(
                "best {best} is not on the low side of worst {worst}")).format(best=best, worst=worst))
        t = list(ind["thresholds"]) if isinstance(ind["thresholds"], list) else []
        if len(t) != 3:
            problems.append(f"{iid}: " + _("thresholds must be three cut points"))
        else:
            ordered = all(a >= b for a, b in zip(t, t[1:])) if higher else all(a <= b for a, b in zip(t, t[1:]))
            if not ordered:
                problems.append(f"{iid}: " + _("thresholds {values} are not ordered from best to worst").format(
                    values=t))
            lo, hi = min(best, worst), max(best, worst)
            if any(x < lo or x > hi for x in t):
                problems.append(f"{iid}: " + _("thresholds {values} fall outside the goalposts").format(values=t))
        if not float(ind["valid_min"]) <= min(best, worst) or not max(best, worst) <= float(ind["valid_max"]):
            problems.append(f"{iid}: " + _("goalposts fall outside the valid range"))
        if float(ind["weight"]) < 0:
            problems.append(f"{iid}: " + _("negative weight"))
        if ind["level"] == "corridor" and ind.get("raw_direction") not in ("migration", "money"):
            problems.append(f"{iid}: " + _("corridor indicator needs raw_direction migration|money"))
        if ind.get("binary") and (best, worst) != (1.0, 0.0):
            problems.append(f"{iid}: " + _("binary indicator needs best 1 and worst 0"))
        problems += classification_problems(ind)
        src = ind.get("derived_from")
        if isinstance(src, str):
            if src not in cat.indicators.index:
                problems.append(f"{iid}: " + _("derived_from {value} is not in the catalogue").format(value=repr(src)))
            elif cat.indicators.at[src, "level"] != "corridor" or ind["level"] != "country":
                problems.append(f"{iid}: " + _("derived indicators are country summaries of corridor indicators"))
            if ind.get("derived_end") not in ("origin", "destination"):
                problems.append(f"{iid}: " + _("derived_end must be origin or destination"))
    for p in PILLARS:
        own = cat.indicators[(cat.indicators["pillar"] == p) & (cat.indicators["level"] == "country")
                             & cat.indicators["derived_from"].isna()]
        if own.empty:
            problems.append(_("pillar {pillar}: needs at least one country-level indicator of its own").format(
                pillar=p))
        if p not in cat.pillars:
            problems.append(_("pillar {pillar}: missing from the pillars section").format(pillar=p))
    if [r["id"] for r in cat.ratings][:4] != list(RATING_IDS):
        problems.append(_("ratings must list achieved, challenges, significant, major in that order"))
    if cat.score_bands and [b["id"] for b in cat.score_bands] != list(BAND_IDS):
        problems.append(_("score_bands must list high, medium, low, very_low in that order"))
    problems += _rating_label_problems(cat)
    problems += _component_problems(cat)
    return problems


def _component_problems(cat: Catalogue) -> list[str]:
    """GCM objectives and corridor components that name unknown indicators or pillars, or are badly formed."""
    problems: list[str] = []
    for g in cat.gcm_objectives:
        if not set(g.get("indicators", [])) <= set(cat.indicators.index):
            problems.append(_("GCM objective {number}: lists indicators that are not in the catalogue").format(
                number=g.get("number")))
    for c in cat.corridor_components:
        if c["kind"] == "indicator" and c["id"] not in cat.indicators.index:
            problems.append(_("corridor component {id} is not an indicator").format(id=c["id"]))
        if c["kind"] == "pillar" and c["id"] not in PILLARS:
            problems.append(_("corridor component {id} is not a pillar").format(id=c["id"]))
        if c["kind"] == "indicators" and not set(c.get("indicators", [])) <= set(cat.indicators.index):
            problems.append(_("corridor component {id} lists indicators that are not in the catalogue").format(
                id=c["id"]))
        if c["kind"] not in ("indicator", "pillar", "indicators"):
            problems.append(_("corridor component {id}: kind must be indicator, pillar or indicators").format(
                id=c["id"]))
        if c["kind"] != "indicator" and c.get("end") not in ("origin", "destination"):
            problems.append(_("corridor component {id}: end must be origin or destination").format(id=c["id"]))
    return problems


def _rating_label_problems(cat: Catalogue) -> list[str]:
    """An indicator's own rating labels name known ratings; "SDG" appears in them only with an sdg_target."""
    out = []
    for iid, own in cat.indicators["rating_labels"].items():
        if own is None or (not isinstance(own, dict) and pd.isna(own)):
            continue
        if not isinstance(own, dict) or not set(own) <= set(RATING_IDS):
            out.append(f"{iid}: " + _("rating_labels must map some of {names} to words").format(
                names=", ".join(RATING_IDS)))
        elif any("SDG" in str(v) for v in own.values()) and not cat.indicators.at[iid, "sdg_target"]:
            out.append(f"{iid}: " + _("rating labels claim an SDG but the indicator has no sdg_target"))
    return out


def catalogue_table(cat: Catalogue) -> pd.DataFrame:
    """The catalogue as a flat table (lists joined), one row per indicator, for CSV export and the methodology page."""
    out = cat.indicators.reindex(columns=EXPORT_COLUMNS).copy()
    for col in ("thresholds", "series_codes"):
        out[col] = out[col].map(lambda v: ";".join(str(x) for x in v) if isinstance(v, list) else "")
    return out.reset_index(drop=True)
