"""What a checked upload would change before it is committed: new keys, changed values (old -> new) and unchanged
ones against the current data, and the rows it sets aside, summarised."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa

from indicators.store.observations import Store
from indicators.uploads.constants import CHANGES_LISTED


class Checked(Protocol):
    """A checked upload (prepare.Prepared): its clean observations and the file row of each."""

    table: pa.Table | None
    rows: np.ndarray | None


@dataclass
class Changes:
    """What a prepared upload changes in the current data."""

    new: int
    changed: int
    unchanged: int
    detail: pd.DataFrame          # changed rows first, then new ones (capped): row, indicator, place, period, ...

    def counts(self) -> dict[str, int]:
        """{'new': ..., 'changed': ..., 'unchanged': ...}."""
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


def changes(store: Store, prep: Checked, limit: int = CHANGES_LISTED) -> Changes:
    """Compare a prepared upload with the current data: new keys, changed values (old -> new), unchanged values."""
    if prep.table is None:
        return Changes(0, 0, 0, pd.DataFrame())
    con = store.connection()
    t = prep.table.append_column("row", pa.array(prep.rows.astype(np.int32, copy=False)))
    con.register("incoming", t)
    try:
        base = """
            SELECT i.row, i.indicator_id, coalesce(i.iso3, i.origin_iso3 || ' -> ' || i.destination_iso3) AS place,
                   i.period, i.sex, c.value AS old_value, i.value AS new_value, c.upload_id AS old_upload,
                   c.upload_group AS old_group, i.source AS source,
                   CASE WHEN c.value IS NULL THEN 'new' WHEN c.value = i.value THEN 'unchanged' ELSE 'changed' END
                       AS status
            FROM incoming i LEFT JOIN obs_current c
              ON c.indicator_id = i.indicator_id AND c.period = i.period AND c.sex = i.sex
             AND coalesce(c.iso3, '') = coalesce(i.iso3, '')
             AND coalesce(c.origin_iso3, '') = coalesce(i.origin_iso3, '')
             AND coalesce(c.destination_iso3, '') = coalesce(i.destination_iso3, '')"""
        counts = dict(con.execute(f"SELECT status, count(*) FROM ({base}) GROUP BY status").fetchall())
        detail = con.execute(f"""SELECT * FROM ({base}) WHERE status <> 'unchanged'
                                 ORDER BY status = 'new', row LIMIT ?""", [limit]).df()
    finally:
        con.unregister("incoming")
    return Changes(int(counts.get("new", 0)), int(counts.get("changed", 0)), int(counts.get("unchanged", 0)),
                   detail)


def set_aside_summary(set_aside: pd.DataFrame) -> pd.DataFrame:
    """Rows set aside, one line per place and reason, with how many values each had."""
    if set_aside is None or set_aside.empty:
        return pd.DataFrame(columns=["place", "reason", "values", "first row"])
    g = set_aside.groupby(["place", "reason"], sort=False)
    return pd.DataFrame({"values": g.size(), "first row": g["row"].min()}).reset_index()
