"""What every converter shares: the Converted result, the build error, observation rows and place resolution."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from indicators.store import countries

OBS_COLUMNS = ["indicator_id", "iso3", "origin_iso3", "destination_iso3", "period", "value", "sex", "source", "note"]


class BuildError(RuntimeError):
    """The raw data did not convert cleanly: the build stops rather than bundle doubtful rows."""


@dataclass
class Converted:
    """Output of one converter: clean observation rows, rows set aside with reasons, and counts worth reporting."""

    frame: pd.DataFrame
    excluded: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def read_text_csv(path: Path, **kw: Any) -> pd.DataFrame:
    """Read a raw CSV with every cell as text and no NA guessing ("NA" is Namibia, ".." stays "..")."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, **kw)


def obs_frame(indicator_id: str, values: pd.Series, period: pd.Series, source: str, iso3: pd.Series | None = None,
              origin: pd.Series | None = None, destination: pd.Series | None = None,
              note: pd.Series | str | None = None) -> pd.DataFrame:
    """Assemble observation rows in the store's column order."""
    n = len(values)
    none = pd.Series([None] * n, index=values.index, dtype=object)

    def col(s: pd.Series | None) -> pd.Series:
        return none if s is None else s.astype(object)

    notes = note if isinstance(note, pd.Series) else pd.Series([note] * n, index=values.index, dtype=object)
    return pd.DataFrame({
        "indicator_id": indicator_id, "iso3": col(iso3), "origin_iso3": col(origin),
        "destination_iso3": col(destination), "period": period.astype(str).astype(object),
        "value": values.astype("float64"), "sex": "total", "source": source, "note": notes.astype(object),
    }, index=values.index)[OBS_COLUMNS].reset_index(drop=True)


def strict_iso3(codes: pd.Series, what: str) -> pd.Series:
    """Map source codes to ISO3 via countries.resolve; anything but a country code or known alias fails the build."""
    res = countries.resolve_series(codes)
    bad = res[res["iso3"].isna()]
    if not bad.empty:
        raise BuildError(f"{what}: codes that are not countries: {sorted(set(bad['input']))}")
    return res["iso3"]


def checked_iso3(codes: pd.Series, names: pd.Series, what: str, name_fallback: bool = False) -> pd.Series:
    """ISO3 from the source's codes, cross-checked with its names wherever a name resolves (a clash fails the build).

    Without name_fallback every code must be a country code; with it, a code that is not one (blank, a region, a
    non-standard code such as "KOS") resolves through the name, and what resolves neither way is left None.
    """
    by_code = countries.resolve_series(codes)["iso3"]
    by_name = countries.resolve_series(names)["iso3"]
    clash = by_code.notna() & by_name.notna() & (by_code != by_name)
    if clash.any():
        pairs = sorted(set(zip(codes[clash].astype(str), names[clash].astype(str))))
        raise BuildError(f"{what}: code and name name different countries: {pairs}")
    if name_fallback:
        return by_code.where(by_code.notna(), by_name)
    if by_code.isna().any():
        raise BuildError(f"{what}: codes that are not countries: {sorted(set(codes[by_code.isna()].astype(str)))}")
    return by_code

