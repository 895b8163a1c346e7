"""The outcome of an ingest as callers see it: committed (upload id), checked only (dry run) or rejected (problems),
with a JSON-ready summary for the HTTP API."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from indicators.uploads.preview import Changes
from indicators.uploads.problems import Problem, problems_frame


@dataclass
class IngestResult:
    """Outcome of an ingest: committed (upload_id set), checked only (dry run), or rejected (problems listed)."""

    ok: bool
    upload_id: str | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    frame: pd.DataFrame | None = None           # the clean rows (None for uploads over 100,000 rows: see table)
    table: pa.Table | None = None
    problem_count: int = 0
    layout: str | None = None
    notes: list[str] = field(default_factory=list)
    set_aside: pd.DataFrame | None = None
    changes: Changes | None = None
    sha256: str | None = None
    file_name: str | None = None

    def problems_frame(self) -> pd.DataFrame:
        """Problems as a table with columns row, column, value, reason."""
        return problems_frame(self.problems)

    def summary(self) -> dict[str, Any]:
        """A JSON-ready summary (the HTTP API's answer)."""
        out: dict[str, Any] = {"ok": self.ok, "upload_id": self.upload_id, "rows": self.rows, "layout": self.layout,
                               "file_name": self.file_name, "sha256": self.sha256, "notes": self.notes}
        if self.set_aside is not None and len(self.set_aside):
            out["set_aside"] = _records(self.set_aside)
        if self.changes is not None:
            out["changes"] = self.changes.counts()
        if not self.ok:
            out["problem_count"] = self.problem_count or len(self.problems)
            out["problems"] = _records(self.problems_frame())
        return out


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-safe dicts (NaN -> None, numpy ints -> int)."""
    out = []
    for rec in df.to_dict("records"):
        out.append({k: (None if (v is None or (isinstance(v, float) and np.isnan(v))) else
                        int(v) if isinstance(v, (np.integer,)) else float(v) if isinstance(v, np.floating) else v)
                    for k, v in rec.items()})
    return out
