"""Headline numbers of a briefing: formatting, score bands, and the change since the scores CHANGE_SPAN years
earlier, shown only where both years rest on the same indicators."""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from indicators.exports.constants import CHANGE_ARROWS, CHANGE_SPAN, CHANGE_THRESHOLD
from indicators.i18n import _
from indicators.i18n.formats import number
from indicators.scoring.scorecard import Scorecard
from indicators.scoring.service import scorecard
from indicators.store.catalogue import Catalogue
from indicators.store.observations import Store
from indicators.views.urlstate import Settings


def fmt_value(value: Any, digits: int = 1, suffix: str = "") -> str:
    """A number for a table or headline; 'insufficient data' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return _("insufficient data")
    return f"{number(float(value), digits)}{suffix}"


def as_float(value: Any) -> float:
    """A float, NaN for missing."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return v


def score_change(now: float, before: float) -> tuple[str, str]:
    """Arrow and words for the change of a 0-100 score between two years."""
    if math.isnan(now) or math.isnan(before):
        return CHANGE_ARROWS["none"], _("no comparable earlier score")
    d = now - before
    direction = "up" if d >= CHANGE_THRESHOLD else "down" if d <= -CHANGE_THRESHOLD else "flat"
    change = ("+" if d >= 0 else "-") + number(abs(d), 1)
    return CHANGE_ARROWS[direction], _("{change} points since {year}").format(change=change, year="{year}")


def counted_indicators(card: Scorecard, iso3: str, pillars: list[str]) -> frozenset[str]:
    """Indicators that make up a country's score in the given pillars (in play, with a value)."""
    ind = card.indicators
    rows = ind[(ind["iso3"] == iso3) & (ind["level"] == "country") & ind["in_play"] & ind["pillar"].isin(pillars)]
    return frozenset(rows["indicator_id"])


def compare_headline(card: Scorecard, before: Scorecard | None, iso3: str, col: str, now: float,
                     was: float) -> tuple[str, str]:
    """Arrow and words for a headline score, only when both years rest on the same indicators."""
    if before is None:
        return CHANGE_ARROWS["none"], _("no earlier data")
    pillars = card.index_pillars if col == "overall" else [col]
    if col == "overall" and card.index_pillars != before.index_pillars:
        return CHANGE_ARROWS["none"], _("not comparable with {year} (other pillars in the index)").format(year=before.year)
    if (not math.isnan(now) and not math.isnan(was)
            and counted_indicators(card, iso3, pillars) != counted_indicators(before, iso3, pillars)):
        return CHANGE_ARROWS["none"], not_comparable(before.year)
    arrow, words = score_change(now, was)
    return arrow, since(words, before.year)


def not_comparable(year: int) -> str:
    """Why a change is not shown: the two years rest on other indicators."""
    return _("not comparable with {year} (other indicators counted)").format(year=year)


def since(words: str, year: int) -> str:
    """'+3.2 points since 2015' from score_change's words (other words unchanged)."""
    return words.replace("{year}", str(year))


def earlier_scorecard(store: Store, settings: Settings) -> Scorecard | None:
    """The scorecard CHANGE_SPAN years before the reference year (same weights and rule), or None before the data."""
    year = settings.year - CHANGE_SPAN
    if year < min(store.data_years() or [year]):
        return None
    return scorecard(store, year, settings.custom_weights, settings.aggregation)


def score_bands(cat: Catalogue) -> list[float]:
    """The three cut points of the 0-100 score ratings (catalogue settings, else 75 / 50 / 25)."""
    return [float(b) for b in cat.settings.get("score_bands", [75, 50, 25])]
