"""Two processes committing at the same moment: both uploads land, nothing is lost, the log stays consistent; a
long-lived reader (a dashboard worker) sees new uploads without a restart; two groups proposing the same new
indicator at once: exactly one wins."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from indicators.scoring.service import scorecard
from indicators.store.observations import Store
from tests.store.layout import commits, data_files, record
from tests.test_cli import PROJECT
from tests.uploads.test_formats import PROPOSAL, WDI

WORKER = """
import sys, time, pathlib
from indicators.uploads.ingest import ingest
data, path, group, go, proposal = sys.argv[1:6]
while not pathlib.Path(go).exists():
    time.sleep(0.001)
res = ingest(path, group=group, data_dir=data, proposal=open(proposal).read() if proposal != "-" else None)
print("OK" if res.ok else "REJECTED " + "; ".join(str(p) for p in res.problems[:3]), res.upload_id)
"""


def start(data: Path, path: Path, group: str, go: Path, proposal: Path | None = None) -> subprocess.Popen:
    """A process that waits for the go file, then ingests."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen([sys.executable, "-c", WORKER, str(data), str(path), group, str(go),
                             str(proposal) if proposal else "-"], env=env, cwd=PROJECT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def run_together(procs: list[subprocess.Popen], go: Path) -> list[str]:
    """Release the processes at once and collect their outputs."""
    time.sleep(1.5)                      # all interpreters up and polling
    go.touch()
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out.strip())
    return outs


def big_file(path: Path, iso3: list[str], value: float, years: range = range(1960, 2024)) -> Path:
    """A long file with one value per country, year and quarter (large enough for the writes to overlap)."""
    rows = [f"labour_rights_sdg882,{c},{y}Q{q},{value}" for c in iso3 for y in years for q in range(1, 5)]
    path.write_text("indicator_id,iso3,period,value\n" + "\n".join(rows) + "\n")
    return path


def test_two_processes_commit_at_once_both_land(tmp_path):
    data = tmp_path / "data"
    from indicators.store.countries import country_table
    codes = sorted(country_table()["iso3"])
    first, second = [c for c in codes[:80] if c != "KEN"][:40] + ["KEN"], codes[150:191]
    a = big_file(tmp_path / "a.csv", first, 1.5)                   # 41 countries x 64 years x 4 quarters
    b = big_file(tmp_path / "b.csv", second, 2.5)
    same = big_file(tmp_path / "same.csv", ["KEN"], 3.5)            # overlaps a.csv: latest commit wins
    for rnd in range(3):
        go = tmp_path / f"go{rnd}"
        outs = run_together([start(data, a, "A", go), start(data, b, "B", go), start(data, same, "C", go)], go)
        assert all(o.startswith("OK") for o in outs), outs
    store = Store(data)
    log = store.uploads()
    assert len(log) == 9 and log["upload_id"].is_unique and set(log["status"]) == {"committed"}
    names = sorted(n for n in os.listdir(data / "observations") if n.endswith(".parquet"))
    assert names == sorted(f.name for u in log["upload_id"] for f in data_files(data, u))    # one file per upload
    assert not [n for n in os.listdir(data / "observations" / "_delta_log") + os.listdir(data / "observations")
                if n.startswith((".tmp", "_commit_")) or "#" in n]
    assert [record(p)["upload_id"] for p, _ in commits(data)] == list(log["upload_id"])  # every commit whole JSON
    obs = store.observations("labour_rights_sdg882")
    per = 64 * 4
    assert len(obs) == 82 * per                                              # nothing lost, nothing doubled
    hist = store.observations("labour_rights_sdg882", history=True)
    assert len(hist) == 3 * (82 * per + per)
    ken = obs[obs["iso3"] == "KEN"]
    last_ken = log[log["group"].isin(["A", "C"])].iloc[-1]                   # the later of A and C in the last round
    assert set(ken["upload_id"]) == {last_ken["upload_id"]}
    assert set(ken["value"]) == {1.5 if last_ken["group"] == "A" else 3.5}


def test_a_long_lived_reader_sees_uploads_from_another_process(tmp_path):
    data = tmp_path / "data"
    store = Store(data)                                                      # as a dashboard worker holds it
    others = ["UGA", "TZA", "RWA", "ETH", "NGA", "GHA", "SEN", "MLI", "NER", "BFA", "CIV", "BEN", "TGO", "CMR",
              "GAB", "COG", "AGO", "ZMB", "ZWE", "MOZ", "MWI", "NAM", "BWA", "ZAF"]
    store.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": others, "period": "2020",
                               "value": 5.0}), "seed", "seed.csv", "0")
    card = scorecard(store, 2020)
    assert "KEN" not in set(card.indicators.loc[card.indicators["indicator_id"] == "labour_rights_sdg882", "iso3"])
    f = tmp_path / "ken.csv"
    f.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2020,2\n")
    go = tmp_path / "go"
    assert run_together([start(data, f, "Kenya NSO", go)], go)[0].startswith("OK")
    card = scorecard(store, 2020)                                            # same objects, no restart
    rows = card.indicators[(card.indicators["indicator_id"] == "labour_rights_sdg882")
                           & (card.indicators["iso3"] == "KEN")]
    assert rows["value"].tolist() == [2.0]


def test_same_new_indicator_proposed_twice_at_once_only_one_lands(tmp_path, files):
    data = tmp_path / "data"
    definition = tmp_path / "def.yaml"
    definition.write_text(PROPOSAL)
    go = tmp_path / "go"
    outs = run_together([start(data, files / WDI, "A", go, definition), start(data, files / WDI, "B", go, definition)],
                        go)
    assert sorted(o.split()[0] for o in outs) == ["OK", "REJECTED"], outs
    from indicators.store.in_force import accepted
    assert [r["indicator"]["id"] for r in accepted(data)] == ["remittances_paid_usd"]
    committed = Store(data).uploads()
    assert len(committed) == sum(o.startswith("OK") for o in outs)
