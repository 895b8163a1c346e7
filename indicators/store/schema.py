"""The observation table's columns and the form of an upload id (shared by the store's writer and its readers)."""
from __future__ import annotations

import re

import pyarrow as pa

KEY_COLUMNS = ["indicator_id", "iso3", "origin_iso3", "destination_iso3", "period", "sex"]
OBS_SCHEMA = pa.schema([
    ("indicator_id", pa.string()),
    ("iso3", pa.string()),
    ("origin_iso3", pa.string()),
    ("destination_iso3", pa.string()),
    ("period", pa.string()),
    ("year", pa.int16()),
    ("value", pa.float64()),
    ("sex", pa.string()),
    ("source", pa.string()),
    ("note", pa.string()),
    ("upload_id", pa.string()),
])
OBS_COLUMNS = [f.name for f in OBS_SCHEMA]
UPLOAD_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
