"""The first steps of validation, shared by long files and wide files kept in their shape: the cells encoded, then
every row's indicator and place resolved (rows set aside as aggregates are no longer active)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from indicators.store.catalogue import Catalogue
from indicators.uploads.cells import Flags, TextColumn, encode_cells
from indicators.uploads.indicator_codes import IndicatorRows, check_indicators
from indicators.uploads.long import RawLong
from indicators.uploads.places import PlaceCells, PlaceRows, check_places


@dataclass
class Placed:
    """Rows with their indicator and place resolved, and the problems flagged so far."""

    cells: dict[str, TextColumn]
    flags: Flags
    rows: IndicatorRows
    places: PlaceRows

    @property
    def active(self) -> np.ndarray:
        """Rows not set aside."""
        return ~self.places.aside


def indicators_and_places(raw: RawLong, cat: Catalogue, valid: frozenset[str], indicator: str | None,
                          notes: list[str], set_aside: list[dict]) -> Placed:
    """Encode the cells (raises TooManyDistinct), then flag unknown indicators and places, set aggregates aside."""
    cells = encode_cells(raw)
    flags = Flags(raw, cells)
    flags.extend(raw.row_problems)
    present = PlaceCells.of(cells)
    rows = check_indicators(cells, present.kind(), cat, indicator, flags, notes)
    places = check_places(raw, cells, present, rows, cat, valid, flags, notes, set_aside)
    return Placed(cells, flags, rows, places)
