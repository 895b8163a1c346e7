"""Text cells as validation sees them: a column as dictionary codes plus its distinct values (each distinct value is
checked once, then the result is broadcast to the rows), the cells of an upload encoded so, and the collector of
row-level problems."""
from __future__ import annotations

import os
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.uploads.constants import FIELDS, MAX_PROBLEMS, PARALLEL_ROWS
from indicators.uploads.long import RawLong
from indicators.uploads.problems import Problem


class TextColumn:
    """A text column as dictionary codes plus its distinct values (stripped): each distinct value is checked once."""

    def __init__(self, arr: pa.Array | pa.ChunkedArray | None, n: int) -> None:
        if arr is None or n == 0:
            self.codes = np.zeros(n, dtype=np.int32)
            self.values = [""]
            self.present = False
            return
        if isinstance(arr, pa.ChunkedArray):
            if all(_all_empty(c) for c in arr.chunks):
                self.codes, self.values, self.present = np.zeros(n, dtype=np.int32), [""], True
                return
            arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
        arr = arr.fill_null("") if arr.null_count else arr
        enc = pc.dictionary_encode(arr)
        self.codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
        self.values = [v.strip() for v in enc.dictionary.to_pylist()]
        self.present = True

    def per_row(self, per_value: list | np.ndarray, dtype: type | str | None = None) -> np.ndarray:
        """Broadcast one result per distinct value to every row."""
        return np.asarray(per_value, dtype=dtype)[self.codes]

    def canon(self, fn: Callable[[str], str]) -> tuple[np.ndarray, list[str]]:
        """(codes, distinct values) after mapping every value through fn (values that become equal merge)."""
        index: dict[str, int] = {}
        remap = np.fromiter((index.setdefault(fn(v), len(index)) for v in self.values), dtype=np.int32,
                            count=len(self.values))
        return remap[self.codes], list(index)

    def nonempty(self) -> np.ndarray:
        """Rows whose stripped value is not empty."""
        return self.per_row([v != "" for v in self.values], bool)


def _all_empty(arr: pa.Array) -> bool:
    """True if every cell of a string array is empty (its character buffer is empty): no need to encode it."""
    if not pa.types.is_string(arr.type) or arr.null_count:
        return False
    data = arr.buffers()[2]
    return data is None or (arr.offset == 0 and data.size == 0) or len(arr) == 0


def encode_cells(raw: RawLong) -> dict[str, TextColumn]:
    """Every field but the value as a TextColumn (absent fields empty); large files are encoded side by side."""
    n = raw.length
    names = [f for f in FIELDS if f != "value"]
    if n > PARALLEL_ROWS:                             # Arrow releases the GIL: encode the columns side by side
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            return dict(zip(names, pool.map(lambda f: TextColumn(raw.columns.get(f), n), names)))
    return {f: TextColumn(raw.columns.get(f), n) for f in names}


class Flags:
    """Collects problems: one per flagged row, at most MAX_PROBLEMS kept (first rows first), all counted."""

    def __init__(self, raw: RawLong, cells: dict[str, TextColumn]) -> None:
        self.raw, self.cells = raw, cells
        self.problems: list[Problem] = []
        self.count = 0
        self.wide = raw.value_columns is not None
        self.spread = self.wide or raw.period_columns is not None     # a file row may give several long rows

    def cell(self, fld: str, idx: np.ndarray) -> list[str | None]:
        """The (stripped) cell text of a field at rows idx."""
        t = self.cells.get(fld)
        if t is None or not t.present:
            return [None] * len(idx)
        return [t.values[c][:80] for c in t.codes[idx]]

    def add(self, mask: np.ndarray, fld: str, reason: str | list[str] | np.ndarray, column: str | None = None,
            values: list[str] | None = None) -> None:
        """Flag the rows of a mask; reason is one text or one per row of the whole table."""
        if not mask.any():
            return
        idx = np.flatnonzero(mask)
        if self.spread and fld not in ("value", "period"):
            _, first = np.unique(self.raw.rows[idx], return_index=True)   # one problem per file row
            idx = idx[np.sort(first)]
        self.count += len(idx)
        idx = idx[:MAX_PROBLEMS]
        vals = values if values is not None else self.cell(fld, idx)
        if fld == "value" and self.wide:
            cols = [str(c) for c in self.raw.value_columns[idx]]
        elif fld == "period" and column is None and self.raw.period_columns is not None:
            cols = [str(c) for c in self.raw.period_columns[idx]]
        else:
            cols = [column or self.raw.label(fld)] * len(idx)
        reasons = [reason] * len(idx) if isinstance(reason, str) else [reason[i] for i in idx]
        rows = self.raw.rows[idx]
        for r, c, v, why in zip(rows, cols, vals, reasons):
            self.problems.append(Problem(int(r), c, v, why))

    def extend(self, problems: list[Problem]) -> None:
        """Problems found while reading (rows that gave no long row), counted and kept like the others."""
        self.count += len(problems)
        self.problems.extend(problems[:MAX_PROBLEMS])

    def file(self, reason: str) -> None:
        """A problem about the whole file."""
        self.count += 1
        self.problems.append(Problem(None, None, None, reason))
