"""Tiny hand-made inputs for the validation steps: a five-indicator catalogue, four valid countries, RawLong tables
built from a few literal cells, and the problems a step flagged as plain tuples."""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from indicators.store.catalogue import parse_catalogue
from indicators.uploads.cells import Flags, encode_cells
from indicators.uploads.long import RawLong

# score and cost_people share the series code SC_ORE: the row's place columns tell them apart
CAT = parse_catalogue({"indicators": [
    {"id": "score", "level": "country", "unit": "score 0-10", "valid_min": 0, "valid_max": 10,
     "series_codes": ["SC_ORE"]},
    {"id": "ratified", "level": "country", "unit": "0/1", "valid_min": 0, "valid_max": 1, "binary": True},
    {"id": "cost_money", "level": "corridor", "unit": "%", "valid_min": 0, "valid_max": 100,
     "raw_direction": "money"},
    {"id": "cost_people", "level": "corridor", "unit": "%", "valid_min": 0, "valid_max": 100,
     "raw_direction": "migration", "series_codes": ["SC_ORE"]},
    {"id": "derived_cost", "level": "country", "unit": "%", "valid_min": 0, "valid_max": 100,
     "derived_from": "cost_money"},
]})
VALID = frozenset({"KEN", "UGA", "NPL", "QAT"})      # positions in sorted order: KEN 0, NPL 1, QAT 2, UGA 3


def raw_long(value_columns: list[str] | None = None, portal: bool = False, **cols: list[str]) -> RawLong:
    """A RawLong of literal text cells; the first data row is row 2, as under a one-line header."""
    n = len(next(iter(cols.values())))
    return RawLong(columns={k: pa.array(v, type=pa.string()) for k, v in cols.items()},
                   rows=np.arange(n, dtype=np.int64) + 2, length=n, layout="long" if value_columns is None else "wide",
                   value_columns=None if value_columns is None else np.asarray(value_columns, dtype=object),
                   portal=portal)


def cells_and_flags(raw: RawLong):
    """The encoded cells of raw and an empty problem collector."""
    cells = encode_cells(raw)
    return cells, Flags(raw, cells)


def found(flags: Flags) -> list[tuple]:
    """The problems flagged so far as (row, column, value, reason), in file order."""
    return sorted(((p.row, p.column, p.value, p.reason) for p in flags.problems),
                  key=lambda t: (t[0] or 0, t[1] or ""))


def active(n: int) -> np.ndarray:
    """Every row active (none set aside)."""
    return np.ones(n, dtype=bool)
