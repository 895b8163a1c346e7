"""Text cells as validation sees them: a column as dictionary codes plus its distinct values (each distinct value is
checked once, then the result is broadcast to the rows), the cells of an upload encoded so, and the collector of
row-level problems."""
from __future__ import annotations

import os
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from indicators.uploads.constants import DISTINCT_KEYS_MAX, FIELDS, MAX_PROBLEMS, PARALLEL_ROWS, TEXT_FIELDS
from indicators.uploads.long import RawLong
from indicators.uploads.problems import Problem


class TooManyDistinct(Exception):
    """A key column with more distinct cells than any real file has (DISTINCT_KEYS_MAX): not looked at one by one."""

    def __init__(self, count: int, field: str = "") -> None:
        super().__init__(f"{count:,} distinct values")
        self.count, self.field = count, field


class TextColumn:
    """A text column as dictionary codes plus its distinct values (stripped): each distinct value is checked once.
    An absent or empty column costs no memory per row (its codes are a read-only view of one zero)."""

    def __init__(self, arr: pa.Array | pa.ChunkedArray | None, n: int, limit: int | None = None) -> None:
        self.dictionary: pa.Array | None = None
        if arr is None or n == 0:
            self.codes = _zeros(n)
            self.values = [""]
            self.present = False
            return
        if isinstance(arr, pa.ChunkedArray):
            if all(_all_empty(c) for c in arr.chunks):
                self.codes, self.values, self.present = _zeros(n), [""], True
                return
            arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
        arr = arr.fill_null("") if arr.null_count else arr
        enc = arr if pa.types.is_dictionary(arr.type) else pc.dictionary_encode(arr)
        if limit is not None and len(enc.dictionary) > limit:
            raise TooManyDistinct(len(enc.dictionary))
        self.codes = enc.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
        self.dictionary = pc.utf8_trim_whitespace(enc.dictionary)     # the distinct values, stripped, in Arrow
        self.values = self.dictionary.to_pylist()
        self.present = True

    def per_row(self, per_value: list | np.ndarray, dtype: type | str | None = None) -> np.ndarray:
        """Broadcast one result per distinct value to every row (read-only and without memory per row when the
        column is absent or empty)."""
        lut = np.asarray(per_value, dtype=dtype)
        if self.codes.strides == (0,) and len(lut):
            return np.broadcast_to(lut[:1], self.codes.shape)
        return lut[self.codes]

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


def _zeros(n: int) -> np.ndarray:
    """n zero codes without n zeros in memory (a read-only broadcast view)."""
    return np.broadcast_to(np.zeros(1, dtype=np.int32), (n,))


def encode_cells(raw: RawLong) -> dict[str, TextColumn]:
    """Every field but the value as a TextColumn (absent fields empty); large files are encoded side by side. A key
    column with more than DISTINCT_KEYS_MAX distinct cells raises TooManyDistinct (free text is not limited)."""
    n = raw.length
    names = [f for f in FIELDS if f != "value"]

    def encode(f: str) -> TextColumn:
        """One field encoded (key fields within the limit)."""
        try:
            return TextColumn(raw.columns.get(f), n, None if f in TEXT_FIELDS else DISTINCT_KEYS_MAX)
        except TooManyDistinct as exc:
            exc.field = f
            raise
    if n > PARALLEL_ROWS:                             # Arrow releases the GIL: encode the columns side by side
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            return dict(zip(names, pool.map(encode, names)))
    return {f: encode(f) for f in names}


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
