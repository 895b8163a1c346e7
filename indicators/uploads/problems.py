"""Problems of an upload: one reason a file is rejected (row, column, value, reason), the exception that carries them
while reading, and the problem list as text lines, a table and CSV."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from indicators.i18n import _
from indicators.i18n.formats import integer

from indicators.store.safe_tables import csv_text


@dataclass(frozen=True)
class Problem:
    """One reason a file is rejected: where (row, column), what was there, and why."""

    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", _(self.reason))     # N_-marked constants in the language in force

    def __str__(self) -> str:
        where = [_("row {row}").format(row=self.row) if self.row is not None else _("file")]
        if self.column:
            where.append(_("column {column}").format(column=self.column))
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
        lines.append(_("... and {n} more problems").format(n=integer(total - limit)))
    return "\n".join(lines)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table with columns row, column, value, reason (row is empty for file-level problems)."""
    df = pd.DataFrame([p.__dict__ for p in problems], columns=["row", "column", "value", "reason"])
    df["row"] = df["row"].astype("Int64")
    return df


def problems_csv(problems: list[Problem]) -> str:
    """The problem table as CSV text (row, column, value, reason), formula-like cells neutralised."""
    return csv_text(problems_frame(problems).astype(object).where(lambda d: d.notna(), ""))
