"""Races on the store (issue 12, item 10): two retractions of one upload at the same moment, from threads and from
processes (on a local folder and on S3), through the store, the HTTP API and the CLI: exactly one wins, the other is told (ValueError, 409, exit 2),
and the table holds exactly one retraction commit."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from indicators.store.objects import Location
from indicators.store.observations import Store
from indicators.uploads import auth
from tests.conftest import PROJECT
from tests.store.layout import retraction_commits

ROUNDS = 20


def committed(root: Location) -> tuple[Store, str]:
    """A store with one upload."""
    store = Store(root)
    uid = store.commit(pd.DataFrame({"indicator_id": ["labour_rights_sdg882"], "iso3": ["KEN"], "period": ["2019"],
                                     "value": [3.0]}), "g", "a.csv", "0")
    return store, uid


def retraction_records(root: Location, uid: str) -> list[Location]:
    """The retraction commits of an upload."""
    return retraction_commits(root, uid)


def test_threads_retracting_at_once_exactly_one_wins(root):
    base = root
    for k in range(ROUNDS if isinstance(base, Path) else 6):
        root = base / f"d{k}"
        _, uid = committed(root)
        barrier, outcomes = threading.Barrier(4), []

        def go() -> None:
            store = Store(root)                      # each its own Store, as separate workers have
            barrier.wait()
            try:
                store.retract(uid, "g", "at once")
                outcomes.append("won")
            except ValueError as exc:
                outcomes.append(str(exc))
        threads = [threading.Thread(target=go) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outcomes.count("won") == 1, outcomes
        assert all("already retracted" in o for o in outcomes if o != "won")
        assert len(retraction_records(root, uid)) == 1


WORKER = """
import sys, time, pathlib
from indicators.store.objects import Location
from indicators.store.observations import Store
root, uid, go = sys.argv[1:4]
store = Store(root)
while not pathlib.Path(go).exists():
    time.sleep(0.0005)
try:
    store.retract(uid, "g", "race")
    print("won")
except ValueError as exc:
    print("lost", exc)
"""


def test_processes_retracting_at_once_exactly_one_wins(root, tmp_path):
    env, base = {**os.environ, "PYTHONPATH": str(PROJECT)}, root
    for k in range(5 if isinstance(base, Path) else 3):
        root = base / f"d{k}"
        _, uid = committed(root)
        go = tmp_path / f"go{k}"
        procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(root), uid, str(go)], env=env, cwd=PROJECT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        time.sleep(1.5)
        go.touch()
        outs = [p.communicate(timeout=60)[0].strip() for p in procs]
        assert sum(o == "won" for o in outs) == 1, outs
        assert len(retraction_records(root, uid)) == 1


@pytest.fixture
def api(tmp_path, monkeypatch):
    """(client factory, token, data dir) of the API over a data directory with one group."""
    from app import server
    d = tmp_path / "data"
    token = auth.add_group("Group A", d)
    monkeypatch.setenv("MPD_DATA_DIR", str(d))
    return server, token, d


def test_api_retractions_at_once_one_200_one_409(api):
    server, token, d = api
    h = {"Authorization": f"Bearer {token}"}
    for _ in range(ROUNDS):
        client = server.test_client()
        uid = client.post("/api/uploads", headers=h, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,"
                                                    b"2019,3\n"), "a.csv")}).json["upload_id"]
        barrier, codes = threading.Barrier(2), []

        def go() -> None:
            c = server.test_client()
            barrier.wait()
            codes.append(c.post(f"/api/uploads/{uid}/retract", headers=h, json={"note": "race"}).status_code)
        threads = [threading.Thread(target=go) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(codes) == [200, 409], codes
        assert len(retraction_records(d, uid)) == 1


def test_cli_second_retraction_is_a_clear_error(tmp_path):
    root = tmp_path / "data"
    _, uid = committed(root)
    run = [sys.executable, "-m", "indicators", "retract", uid, "--data-dir", str(root)]
    assert subprocess.run(run, capture_output=True, text=True, cwd=PROJECT).returncode == 0
    res = subprocess.run(run, capture_output=True, text=True, cwd=PROJECT)
    assert res.returncode == 2 and "already retracted" in res.stderr and "Traceback" not in res.stderr
