"""The work validation may do is bounded (issue 12, item 2): close-match searches for at most CLOSE_MATCHES_MAX
distinct unknown country names (then "and N more"), key columns with more distinct values than any real file
refused before they are looked at one by one, a file of bad rows refused after the first RAGGED_LISTED. Counted
deterministically (calls, not seconds); bench/ingest.py --worst times the worst cases at the size limits."""
from __future__ import annotations

import pytest

from indicators.store import countries
from indicators.uploads import constants
from indicators.uploads.prepare import prepare

L = "labour_rights_sdg882"
CLOSE_MATCHES_MAX = getattr(constants, "CLOSE_MATCHES_MAX", 200)      # read so, the module loads on older code
DISTINCT_KEYS_MAX = getattr(constants, "DISTINCT_KEYS_MAX", 20_000)
RAGGED_LISTED = constants.RAGGED_LISTED
H = "indicator_id,iso3,period,value\n"


@pytest.fixture
def close_calls(monkeypatch):
    """The close-match searches made (countries._close), counted; the resolution cache emptied first."""
    calls = []
    real = countries._close
    monkeypatch.setattr(countries, "_close", lambda norm: calls.append(norm) or real(norm))
    countries._resolve_text.cache_clear()
    yield calls
    countries._resolve_text.cache_clear()


def test_close_matches_for_the_first_names_only_then_and_n_more(close_calls):
    n = 3 * CLOSE_MATCHES_MAX
    text = H + "".join(f"{L},Invented Land {k},{1950 + k % 70},3\n" for k in range(n)) + f"{L},Keniya,2019,3\n"
    prep = prepare(text.encode(), "u.csv")
    assert not prep.ok and len(close_calls) == CLOSE_MATCHES_MAX
    assert f"and {n + 1 - CLOSE_MATCHES_MAX:,} more unknown names without suggestions" in prep.problems[0].reason
    assert prep.problem_count == n + 2


def test_a_few_unknown_names_still_get_suggestions(close_calls):
    prep = prepare((H + f"{L},Keniya,2019,3\n").encode(), "u.csv")
    assert "Kenya (KEN)" in prep.problems[0].reason and len(close_calls) == 1


@pytest.mark.parametrize("column, cell", [("iso3", "Land {k}"), ("period", "20x{k}"), ("indicator_id", "ind{k}")])
def test_too_many_distinct_keys_are_refused_at_once(close_calls, column, cell):
    n = DISTINCT_KEYS_MAX + 1
    values = {"indicator_id": L, "iso3": "KEN", "period": "2019", "value": "3"}
    rows = [",".join(cell.format(k=k) if c == column else v for c, v in values.items()) for k in range(n)]
    prep = prepare((H + "\n".join(rows) + "\n").encode(), "u.csv", max_rows=10 ** 6)
    assert not prep.ok and prep.problem_count == 1 and close_calls == []
    assert f"{n:,} different values in this column" in prep.problems[0].reason and prep.problems[0].column == column


def test_free_text_is_not_capped():
    n = DISTINCT_KEYS_MAX + 10
    text = "indicator_id,iso3,period,value,note\n" + "".join(
        f"{L},KEN,{1950 + k // 4 % 70}Q{k % 4 + 1},3,note {k}\n" for k in range(n))
    prep = prepare(text.encode(), "t.csv", max_rows=10 ** 6)
    assert "different values" not in str(prep.problems[:1])


def test_a_file_of_bad_rows_is_refused_after_the_first_listed():
    text = H + f"{L},KEN,2019,3,extra\n" * (RAGGED_LISTED * 5)
    prep = prepare(text.encode(), "r.csv", max_rows=10 ** 6)
    assert not prep.ok and len(prep.problems) == RAGGED_LISTED + 1
    assert prep.problems[0].row == 2 and "reading stopped" in prep.problems[-1].reason
