"""Hostile uploads on a private copy of the bundled data: markup in sources and in a proposed indicator's texts, and
spreadsheet formulas in sources, a note and a file name. Shared by the hostile-figure, markup and CSV-output tests."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd

from tests.conftest import PROJECT

GROUP = "Hostile group"
LINK = "http://evil.example/steal"
MARKUP = f'Ministry <a href="{LINK}">click here</a> <b>bold</b><br>second line'
COUNTRIES = ["KEN", "UGA", "TZA", "RWA", "ETH", "NGA", "GHA", "SEN", "NPL", "QAT", "IND", "PHL"]
PROPOSAL_ID = "hostile_markup_rate"
PROPOSAL = {
    "id": PROPOSAL_ID, "name": f'Rate <a href="{LINK}">name link</a>', "pillar": "protection",
    "short_name": f'R <b>b</b><a href="{LINK}">s</a>', "level": "country",
    "unit": f'% <a href="{LINK}">unit link</a>', "direction": "higher_is_better", "best": 100, "worst": 0,
    "thresholds": [90, 60, 30], "valid_min": 0, "valid_max": 100, "weight": 1,
    "source": f'Survey <a href="{LINK}">source link</a><br>x', "licence": "CC BY 4.0",
    "definition": "A test indicator whose texts carry markup.",
}
FORMULAS = ["+ cmd|' /C calc'!A0", "-2+3", '=HYPERLINK("http://evil.example","open")', "@SUM(A1)"]
NOTE = '=HYPERLINK("http://evil.example","note")'
FILE_NAME = '=HYPERLINK("http://evil.example","file").csv'


def data_copy(dest: Path) -> Path:
    """A private copy of the bundled data directory at dest/data."""
    target = dest / "data"
    shutil.copytree(PROJECT / "data", target)
    return target


def _ingest(d: Path, csv: str, file_name: str, note: str | None = None, proposal: str | None = None):
    """Validate and commit one upload through the product's own ingest (the path every upload takes)."""
    from indicators.uploads.ingest import ingest_bytes
    return ingest_bytes(csv.encode("utf-8"), file_name, GROUP, note, data_dir=d, proposal=proposal)


def markup_upload(d: Path) -> str:
    """A labour-rights value for every test country with MARKUP as its source; returns the upload id."""
    rows = "".join(f"labour_rights_sdg882,{c},2020,{3 + i / 10:.1f},\"{MARKUP.replace(chr(34), chr(34) * 2)}\"\n"
                   for i, c in enumerate(COUNTRIES))
    res = _ingest(d, "indicator_id,iso3,period,value,source\n" + rows, "markup.csv")
    assert res.ok, res.problems
    return res.upload_id


def proposal_upload(d: Path) -> str:
    """A proposed indicator whose name, short name, unit and source carry markup, with values for the test
    countries (sources with markup too); returns the upload id."""
    rows = "".join(f"{PROPOSAL_ID},{c},{y},{40 + 3 * i + y - 2018},\"{MARKUP.replace(chr(34), chr(34) * 2)}\"\n"
                   for i, c in enumerate(COUNTRIES) for y in (2018, 2019, 2020))
    res = _ingest(d, "indicator_id,iso3,period,value,source\n" + rows, "proposal.csv", proposal=json.dumps(PROPOSAL))
    assert res.ok, res.problems
    return res.upload_id


def formula_upload(d: Path) -> str:
    """Values whose sources are spreadsheet formulas, with a formula note and file name; returns the upload id.

    Today these cells pass validation and land through ingest. Should a stricter validator refuse them, they are
    stored with the store's own write (Store.commit), so the writers are still tested on them.
    """
    frame = pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": [*COUNTRIES[:len(FORMULAS)], "KEN"],
                          "period": ["2020"] * len(FORMULAS) + ["2024"],      # 2024: the latest value, in templates
                          "value": [2.5, 3.5, 4.5, 5.5, 6.0], "source": [*FORMULAS, FORMULAS[0]]})
    res = _ingest(d, frame.to_csv(index=False), FILE_NAME, NOTE)
    if res.ok:
        return res.upload_id
    from indicators.store.observations import Store
    sha = hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
    return Store(d).commit(frame, GROUP, FILE_NAME, sha, NOTE)
