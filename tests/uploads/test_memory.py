"""Memory of validating a file (issue 12, item 5): no Python object per cell of a wide file, absurd shapes refused
before anything is built, a wide file checked in its own shape (no long row per value). Measured deterministically:
the peak of Python and NumPy allocations (tracemalloc) plus the peak of Arrow's memory pool (an upper bound: the two
peaks come at different moments), against the file's size. A wide file once cost about 190x its size (a Python string
per cell), then 27-75x (a long row per value); bench/ingest.py --worst measures whole processes at the size limit."""
from __future__ import annotations

import tracemalloc

import pyarrow as pa
import pytest

from indicators.store.countries import country_table, iso3_set, resolve
from indicators.store.in_force import catalogue_for
from indicators.uploads.prepare import prepare

L = "labour_rights_sdg882"
QUARTERS = [f"{y}Q{q}" for y in range(1950, 2027) for q in range(1, 5)]


def wide_file(rows: int) -> bytes:
    """A valid wide file: one row per indicator, country and sex, a value in every quarter column."""
    isos = sorted(country_table()["iso3"])
    lines = ["indicator_id,iso3,sex," + ",".join(QUARTERS)]
    for k in range(rows):
        ind = (L, "trade_union_freedom_fh")[k // (3 * len(isos))]
        lines.append(f"{ind},{isos[k // 3 % len(isos)]},{('total', 'female', 'male')[k % 3]}," +
                     ",".join(f"{(k * 7 + j) % 400 / 100:.2f}" for j in range(len(QUARTERS))))
    return ("\n".join(lines) + "\n").encode()


def long_file(rows: int) -> bytes:
    """A valid long file of the same values."""
    isos = sorted(country_table()["iso3"])
    lines = ["indicator_id,iso3,period,value,sex"]
    for k in range(rows):
        lines.append(f"{L},{isos[k % len(isos)]},{QUARTERS[k // len(isos) % len(QUARTERS)]},{k % 400 / 100:.2f},"
                     f"{('total', 'female', 'male')[k // len(isos) // len(QUARTERS) % 3]}")
    return ("\n".join(lines) + "\n").encode()


_POOLS: list[pa.MemoryPool] = []         # proxies stay alive as long as buffers they allocated may


def peak_ratio(raw: bytes, expect_ok: bool = True, **options) -> float:
    """Peak of Python/NumPy allocations plus Arrow's allocations (counted by a proxy pool of their own) during
    prepare(), as a multiple of the file's size."""
    catalogue_for(None), iso3_set(), resolve("Kenya")             # loaded once, as in a running server
    default = pa.default_memory_pool()
    proxy = pa.proxy_memory_pool(default)
    _POOLS.append(proxy)
    pa.set_memory_pool(proxy)
    tracemalloc.start()
    try:
        prep = prepare(raw, "m.csv", max_bytes=1 << 30, **options)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        pa.set_memory_pool(default)
    assert prep.ok == expect_ok, [str(p) for p in prep.problems[:3]]
    if not expect_ok:
        assert prep.problem_count > 100_000 and "year must be between" in prep.problems[0].reason
    return (peak + proxy.max_memory()) / len(raw)


def one_digit_file(rows: int, periods: list[str]) -> bytes:
    """A wide file of the shortest values: a one-digit value (0-3) in every period column."""
    isos = sorted(country_table()["iso3"])
    lines = ["indicator_id,iso3,sex," + ",".join(periods)]
    for k in range(rows):
        ind = (L, "trade_union_freedom_fh")[k // (3 * len(isos)) % 2]
        lines.append(f"{ind},{isos[k // 3 % len(isos)]},{('total', 'female', 'male')[k % 3]}," +
                     ",".join(str((k + j) % 4) for j in range(len(periods))))
    return ("\n".join(lines) + "\n").encode()


def test_a_wide_file_of_short_values_stays_under_ten_times_its_size():
    raw = wide_file(1500)                                       # 2.4 MB, 462,000 values like 3.25
    assert 2e6 < len(raw) < 3e6
    ratio = peak_ratio(raw)                                     # was 27x (a long row per value), 190x before
    assert ratio < 10, f"{ratio:.1f}x the file's size"


def test_a_wide_file_of_one_digit_values_costs_no_long_row_per_value():
    """The shortest values cost most for their size: about 22 bytes per value (the number, its clean row, its file
    row) for 2 bytes of file, and Arrow's CSV reader about 6x the file; a long row per value cost 75x."""
    raw = one_digit_file(1500, QUARTERS)                        # 1 MB, 462,000 values
    ratio = peak_ratio(raw)
    assert ratio < 20, f"{ratio:.1f}x the file's size"


def test_a_refused_wide_file_is_checked_without_a_long_row_per_value():
    """997 quarter columns from 1800: most periods are out of range, one problem per value (342,500), the first
    5,000 listed; each is found in blocks of rows with a byte or two per cell."""
    periods = [f"{y}Q{q}" for y in range(1800, 2050) for q in range(1, 5)][:997]
    raw = one_digit_file(500, periods)
    ratio = peak_ratio(raw, expect_ok=False)
    assert ratio < 15, f"{ratio:.1f}x the file's size"


def test_a_long_file_stays_under_ten_times_its_size():
    raw = long_file(200_000)
    ratio = peak_ratio(raw)
    assert ratio < 10, f"{ratio:.1f}x the file's size"


@pytest.mark.parametrize("columns", [1_001, 10_000])
def test_absurd_shapes_are_refused_before_anything_is_built(columns):
    header = "indicator_id,iso3," + ",".join(f"{1000 + k // 4}Q{k % 4 + 1}" for k in range(columns - 2))
    raw = (header + "\n" + f"{L},KEN" + ",1" * (columns - 2) + "\n").encode()
    tracemalloc.start()
    prep = prepare(raw, "w.csv")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not prep.ok and "over the limit of 1,000" in prep.problems[0].reason
    assert peak < 20 * len(raw) + 2_000_000


def test_rows_over_the_limit_are_refused_before_they_are_melted():
    raw = wide_file(300)
    prep = prepare(raw, "w.csv", max_rows=10_000)
    assert not prep.ok and "over the limit of 10,000 rows" in prep.problems[0].reason
