"""An annual frame made ready for scoring any reference year: derived indicators appended, one key per place and the
rows' order by indicator, place and year, computed once (per data version) so that each year costs array passes."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from indicators.scoring.derived import with_derived
from indicators.scoring.normalise import place_codes
from indicators.store.catalogue import Catalogue


@dataclass(frozen=True)
class Prepared:
    """An annual frame with its place keys and its rows ordered by indicator, place and year (arrays in that order)."""

    full: pd.DataFrame       # the frame (derived indicators included) with a 'place' column, rows as given
    order: np.ndarray        # positions of full's rows sorted by indicator, place, then year
    group: np.ndarray        # in that order: the number of each row's (indicator, place)
    year: np.ndarray         # in that order: each row's year (float)
    code: np.ndarray         # in that order: each row's indicator, as a position in ids
    ids: pd.Index            # the distinct indicator ids

    def column(self, ids: pd.Series | dict, default: float = np.nan) -> np.ndarray:
        """A per-indicator number (e.g. the catalogue's window) for each row, in the sorted order."""
        return per_id(self.ids, ids, default)[self.code]

    def group_of(self, positions: np.ndarray) -> np.ndarray:
        """The (indicator, place) group number of rows given by their positions in full."""
        inverse = np.empty(len(self.order), dtype=np.int64)
        inverse[self.order] = np.arange(len(self.order))
        return self.group[inverse[positions]]


def per_id(ids: pd.Index, mapping: pd.Series | dict, default: float = np.nan) -> np.ndarray:
    """mapping's number for each id (default where an id has none), as floats."""
    looked = pd.Series(ids, dtype=object).map(mapping).astype(float)
    return looked.fillna(default).to_numpy(dtype=float) if not pd.isna(default) else looked.to_numpy(dtype=float)


def keyed(full: pd.DataFrame, places: tuple[np.ndarray, np.ndarray] | None = None) -> Prepared:
    """Prepared from a frame that already has its derived indicators (its 'place' column added when missing, from
    `places`, place_codes' numbers and keys, when given)."""
    if places is None:
        places = place_codes(full) if "place" not in full else pd.factorize(full["place"], sort=True)
    place, keys = places
    if "place" not in full:
        full = full.assign(place=pd.Series(np.asarray(keys, dtype=object)[place], index=full.index, dtype=object))
    code, ids = pd.factorize(full["indicator_id"], sort=True, use_na_sentinel=False)
    year = full["year"].to_numpy(dtype=np.int64)
    span = int(year.max() - year.min()) + 1 if len(year) else 1
    key = (code.astype(np.int64) * (len(keys) + 1) + place) * span + (year - (year.min() if len(year) else 0))
    order = np.argsort(key, kind="stable")
    k = key[order] // span
    group = np.cumsum(np.r_[False, k[1:] != k[:-1]]) if len(k) else np.array([], dtype=np.int64)
    return Prepared(full, order, group.astype(np.int64), year[order].astype(float), code[order].astype(np.int64),
                    pd.Index(ids, dtype=object))


def prepare(annual: pd.DataFrame, cat: Catalogue, stock: pd.DataFrame | None = None) -> Prepared:
    """The annual frame with the catalogue's derived indicators (with_derived: the annual rows first), keyed for
    scoring any year; the places are numbered on the annual rows' text columns and the few derived rows apart."""
    full = one_chunk(with_derived(annual, cat, stock))
    (a, keys_a), (d, keys_d) = place_codes(annual), place_codes(full.iloc[len(annual):])
    keys = np.unique(np.concatenate([keys_a, keys_d]))
    codes = np.concatenate([np.searchsorted(keys, keys_a)[a], np.searchsorted(keys, keys_d)[d]]).astype(np.int64)
    return keyed(full, (codes, keys))


def one_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each Arrow-backed column in one chunk (a new frame; the same values and dtypes): taking rows from
    a column of many chunks, as DuckDB's Arrow batches give them, costs pyarrow far more (measured at 10 M
    observations: 23 chunks, a year's scorecard 1.5 s, in one chunk 1.0 s)."""
    merged = {}
    for name in frame.columns:
        arr = frame[name].array
        chunked = arr.__arrow_array__() if hasattr(arr, "__arrow_array__") else None
        if isinstance(chunked, pa.ChunkedArray) and chunked.num_chunks > 1:
            merged[name] = pd.array(chunked.combine_chunks(), dtype=frame[name].dtype)
    return frame.assign(**merged) if merged else frame


def as_prepared(frame: pd.DataFrame | Prepared) -> Prepared:
    """A Prepared as given, or keyed from a frame that has its derived indicators."""
    return frame if isinstance(frame, Prepared) else keyed(frame)


def latest_positions(p: Prepared, window: np.ndarray, year: int) -> np.ndarray:
    """Positions in p.full of each (indicator, place)'s latest row in [year - window, year] (window per sorted row,
    NaN leaves the row out), in indicator and place order."""
    idx = np.flatnonzero((p.year <= year) & (p.year >= year - window))
    g = p.group[idx]
    last = idx[np.r_[g[1:] != g[:-1], True]] if len(idx) else idx
    return p.order[last]


def group_numbers(p: Prepared, rows: pd.DataFrame) -> np.ndarray:
    """The (indicator, place) group number of each row of a frame with those columns (-1 where p has no such group)."""
    first = p.order[np.r_[True, p.group[1:] != p.group[:-1]]] if len(p.order) else p.order
    keys = pd.MultiIndex.from_arrays([p.full["indicator_id"].to_numpy(dtype=object)[first],
                                      p.full["place"].to_numpy(dtype=object)[first]])
    return keys.get_indexer(pd.MultiIndex.from_arrays([rows["indicator_id"].to_numpy(dtype=object),
                                                       rows["place"].to_numpy(dtype=object)]))
