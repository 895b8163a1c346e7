"""Problems of an upload: one reason a file is rejected (row, column, value, reason), the exception that carries them
while reading, and the problem list as text lines, a table and CSV."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.store.safe_tables import csv_text


@dataclass(frozen=True)
class Problem:
    """One reason a file is rejected: where (row, column), what was there, and why."""

    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row is not None else "file"]
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"


class Rejected(Exception):
    """Raised while reading when a file cannot be read at all (the problems say why)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def reject(reason: str, row: int | None = None, column: str | None = None, value: str | None = None) -> Rejected:
    """A Rejected exception with one problem."""
    return Rejected([Problem(row, column, value, reason)])


def format_problems(problems: list[Problem], limit: int = 200, total: int | None = None) -> str:
    """Problems as `row N, column C: reason` lines, capped at `limit` with a count of the rest."""
    lines = [str(p) for p in problems[:limit]]
    total = max(total or 0, len(problems))
    if total > limit:
        lines.append(f"... and {total - limit:,} more problems")
    return "\n".join(lines)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with columns row, column, value, reason (row is empty for file-level problems)."""
    df = pd.DataFrame([p.__dict__ for p in problems], columns=["row", "column", "value", "reason"])
    df["row"] = df["row"].astype("Int64")
    return df


def problems_csv(problems: list[Problem]) -> str:
    """The problem table as CSV text (row, column, value, reason), formula-like cells neutralised."""
    return csv_text(problems_frame(problems).astype(object).where(lambda d: d.notna(), ""))
