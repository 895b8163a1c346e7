"""Where each value comes from, in words: the publisher of a bundled value, or the working group, the source text and
the upload id of an uploaded one (DESIGN: the source shown is the value's own, never the catalogue's default)."""
from __future__ import annotations

import pandas as pd

from indicators.i18n import _

BUNDLED_GROUP = "bundled"


def _parts(text: object, sep: str) -> list[str]:
    """The distinct non-empty items of a joined text (the store's annual table joins groups by '; ', ids by ',')."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    return list(dict.fromkeys(t.strip() for t in str(text).split(sep) if t.strip()))


def source_label(source: object, groups: object = None, upload_ids: object = None) -> str:
    """One value's source: the bundled publisher as is; else 'Working group G: source (upload U)'."""
    src = str(source).strip() if isinstance(source, str) else ""
    uploaded = [g for g in _parts(groups, ';') if g != BUNDLED_GROUP]
    if not uploaded:
        return src
    ids = ", ".join(_parts(upload_ids, ","))
    who = _("Working group {names}").format(names=_(" and ").join(uploaded))
    return f"{who}: {src}" + (" " + _("(upload {ids})").format(ids=ids) if ids else "")


def row_sources(rows: pd.DataFrame) -> pd.Series:
    """source_label of every row of a values table (columns source, and groups / upload_ids when present)."""
    groups = rows["groups"] if "groups" in rows else pd.Series(None, index=rows.index)
    ids = rows["upload_ids"] if "upload_ids" in rows else pd.Series(None, index=rows.index)
    return pd.Series([source_label(s, g, u) for s, g, u in zip(rows["source"], groups, ids)], index=rows.index,
                     dtype=object)


def sources_line(rows: pd.DataFrame) -> str:
    """The distinct sources of the values in a view, bundled publishers first, then working groups ('; ' joined)."""
    if rows.empty or "source" not in rows:
        return ""
    labels = [s for s in dict.fromkeys(row_sources(rows)) if s]
    group = _("Working group {names}").split("{")[0]
    return "; ".join(sorted(labels, key=lambda s: (s.startswith(group), s)))
