"""The read API's parameters and answers as pydantic models: spectree checks requests against them and writes the
OpenAPI document from them (indicators.web.read_api)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

LIST_CHARS = 5000            # a comma list longer than this is refused before it is split


class Strict(BaseModel):
    """Query parameters: unknown ones are refused, so a typo never silently returns everything."""

    model_config = ConfigDict(extra="forbid")

    lang: str | None = Field(None, max_length=10, description=(
        "Language of names, units, labels and notes: en, fr or es (default: the Accept-Language header, else en). "
        "Values, codes and column names are the same in every language."))


class NoQuery(Strict):
    """A route without query parameters."""


class ValuesQuery(Strict):
    """Filters of an indicator's values."""

    countries: str | None = Field(None, max_length=LIST_CHARS, description=(
        "Comma list of ISO3 codes (at most 300); for a corridor indicator a corridor matches when either end is "
        "listed. Example: KEN,UGA"))
    corridors: str | None = Field(None, max_length=LIST_CHARS * 2, description=(
        "Comma list of ORIGIN-DESTINATION corridors in migration direction (at most 1,000; corridor indicators "
        "only). Example: NPL-QAT,PHL-SAU"))
    years: str | None = Field(None, max_length=9, description="A year (2019) or a range (2015-2020, 2015-, -2020)")


class ScoresQuery(Strict):
    """Settings of a scorecard."""

    year: str | None = Field(None, max_length=4, description="Reference year (default: the dashboard's default)")
    weights: str | None = Field(None, max_length=200, description=(
        "Pillar weights, e.g. protection=1,remittance=2 (others keep the catalogue's)"))
    rule: str | None = Field(None, max_length=20, description="Aggregation rule: arithmetic (default) or geometric")


class CorridorsQuery(Strict):
    """Settings and filters of the corridor table."""

    year: str | None = Field(None, max_length=4, description="Reference year (default: the dashboard's default)")
    rule: str | None = Field(None, max_length=20, description="Aggregation rule: arithmetic (default) or geometric")
    origin: str | None = Field(None, max_length=3, description="ISO3 of the origin (migration direction)")
    destination: str | None = Field(None, max_length=3, description="ISO3 of the destination")


class CitationQuery(Strict):
    """Which indicators a citation is for."""

    indicators: str | None = Field(None, max_length=LIST_CHARS, description=(
        "Comma list of indicator ids (default: every indicator with values)"))


class Problem(BaseModel):
    """A refused request: why, in plain words."""

    ok: bool = False
    error: str
    problems: list[dict[str, Any]] | None = None


class Answer(BaseModel):
    """Every JSON answer carries the data version and how to cite it."""

    model_config = ConfigDict(extra="allow")
    citation: str
    data_version: dict[str, Any]


class ValuesAnswer(Answer):
    """An indicator's values, each with its period, year, source and upload id."""

    indicator: str
    unit: str
    count: int
    values: list[dict[str, Any]]


class ScoresAnswer(Answer):
    """Scores and ranks of every country for a year, weights and rule."""

    year: int
    rule: str
    rank_intervals: bool
    countries: list[dict[str, Any]]
    scores_updating: str | None = Field(None, description="Only for a few seconds after an upload, while the new "
                                        "data version's scores are computed: the scores are those of an earlier "
                                        "data version (scores_data_version); such an answer is not cached.")
    scores_data_version: int | None = None


class CatalogueAnswer(Answer):
    """The catalogue in force, indicator by indicator."""

    indicators: list[dict[str, Any]]
