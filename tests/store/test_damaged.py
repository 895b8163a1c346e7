"""A damaged store keeps serving (issue 12, item 11): a truncated or malformed log record, a damaged data file or
proposal, an unreadable credentials file. The damaged part is left out and reported (a log line, `python -m
indicators check` listing it with exit 1, a notice on the upload history); the API and every page keep answering."""
from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.store.observations import Store
from tests.conftest import PROJECT

DAMAGES = {
    "truncated": lambda b: b[:40],
    "empty": lambda b: b"",
    "not json": lambda b: b"\x00\xff garbage",
    "a list": lambda b: b"[1, 2]",
    "another upload's id": lambda b: b.replace(b'"bundled-fh-e3"', b'"bundled-other"'),
    "no time stamp": lambda b: json.dumps({k: v for k, v in json.loads(b).items() if k != "committed_at"}).encode(),
    "rows as text": lambda b: json.dumps({**json.loads(b), "rows_accepted": "many"}).encode(),
}


@pytest.fixture
def bundled(tmp_path) -> Path:
    """A private copy of the bundled data."""
    dest = tmp_path / "data"
    shutil.copytree(PROJECT / "data", dest)
    return dest


def damage(root: Path, how: str, name: str = "bundled-fh-e3.commit.json") -> Path:
    """Damage one log record in place."""
    path = root / "log" / name
    path.write_bytes(DAMAGES[how](path.read_bytes()))
    return path


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_commit_record_is_left_out_and_reported(bundled, how, caplog):
    before = Store(bundled).observations()
    damage(bundled, how)
    with caplog.at_level(logging.WARNING):
        store = Store(bundled)
        now = store.observations()
    assert set(now["upload_id"]) == set(before["upload_id"]) - {"bundled-fh-e3"}
    assert len(now) == len(before[before["upload_id"] != "bundled-fh-e3"])
    assert [d.path for d in store.damaged()] == ["log/bundled-fh-e3.commit.json"]
    assert "bundled-fh-e3.commit.json" in caplog.text


def test_a_damaged_retraction_still_retracts(bundled):
    store = Store(bundled)
    store.retract("bundled-fh-e3", "operator", "test")
    (bundled / "log" / "bundled-fh-e3.retract.json").write_bytes(b'{"kind": "ret')
    store = Store(bundled)
    log = store.uploads().set_index("upload_id")
    assert log.at["bundled-fh-e3", "status"] == "retracted"
    assert "bundled-fh-e3" not in set(store.observations()["upload_id"])


def test_a_damaged_data_file_is_left_out(bundled):
    path = bundled / "observations" / "bundled-fh-g1.parquet"
    path.write_bytes(path.read_bytes()[:500])
    store = Store(bundled)
    assert "bundled-fh-g1" not in set(store.observations()["upload_id"]) and len(store.observations())
    assert [d.path for d in store.damaged()] == ["observations/bundled-fh-g1.parquet"]


def test_a_damaged_proposal_is_left_out_of_the_catalogue(tmp_path, files):
    from indicators.store.in_force import catalogue_for
    from indicators.uploads.ingest import ingest
    from tests.uploads.test_formats import PROPOSAL, WDI
    data = tmp_path / "data"
    res = ingest(files / WDI, group="g", data_dir=data, proposal=PROPOSAL)
    assert res.ok and "remittances_paid_usd" in catalogue_for(data).indicators.index
    (data / "proposals" / f"{res.upload_id}.json").write_bytes(b"{broken")
    from indicators.store import in_force
    in_force._CACHE.clear()                          # as a new worker process reads it
    assert "remittances_paid_usd" not in catalogue_for(data).indicators.index


def test_api_and_pages_keep_serving(bundled, monkeypatch):
    from app import server
    damage(bundled, "truncated")
    monkeypatch.setenv("MPD_DATA_DIR", str(bundled))
    client = server.test_client()
    assert client.get("/api/uploads").status_code == 200
    assert client.get("/api/uploads/bundled-fh-e3").status_code == 404
    from pages import upload as upload_page
    from pages._upload_history import damaged_notice
    page = upload_page.layout(tab="history")
    assert "damaged record" in str(page) and "bundled-fh-e3.commit.json" in str(page)
    assert damaged_notice(Store(bundled)) is not None


def test_a_damaged_credentials_file_refuses_uploads_with_503(tmp_path, monkeypatch):
    from app import server
    from indicators.uploads import auth
    data = tmp_path / "data"
    token = auth.add_group("Group A", data)
    (data / "groups.json").write_bytes(b"{trunc")
    monkeypatch.setenv("MPD_DATA_DIR", str(data))
    r = server.test_client().post("/api/uploads", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 503 and "credentials file" in r.json["error"]


def run_check(root: Path, *extra: str) -> subprocess.CompletedProcess:
    """`python -m indicators check` on a data directory."""
    return subprocess.run([sys.executable, "-m", "indicators", "check", "--data-dir", str(root), *extra],
                          capture_output=True, text=True, cwd=PROJECT, timeout=120)


def test_check_lists_problems_exits_1_and_quarantines(bundled):
    ok = run_check(bundled)
    assert ok.returncode == 0 and ok.stdout.startswith("ok: 17 uploads")
    damage(bundled, "truncated")
    (bundled / "observations" / "bundled-icrmw.parquet").unlink()
    (bundled / "groups.json").write_bytes(b"nope")
    res = run_check(bundled)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "damaged: log/bundled-fh-e3.commit.json" in res.stdout
    assert "missing: observations/bundled-icrmw.parquet" in res.stdout and "damaged: groups.json" in res.stdout
    moved = run_check(bundled, "--quarantine")
    assert "moved to quarantine/bundled-fh-e3.commit.json" in moved.stdout
    assert (bundled / "quarantine" / "bundled-fh-e3.commit.json").exists()
    assert not (bundled / "log" / "bundled-fh-e3.commit.json").exists()
    assert (bundled / "observations" / "bundled-fh-e3.parquet").exists()      # named by the quarantined record
    assert "bundled-fh-e3" not in run_check(bundled).stdout
