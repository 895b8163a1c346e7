"""A damaged store keeps serving (issue 12, item 11): a truncated or malformed table commit (the upload's record),
a damaged data file or proposal, an unreadable credentials file. The damaged part is left out and reported (a log
line, `python -m indicators check` listing it with exit 1, a notice on the upload history); the API and every page
keep answering; uploads are refused with a clear reason while a commit file cannot be read."""
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
from tests.store.layout import commit_file, data_files, retraction_commits



def with_record(change):
    """A damage that rewrites the record inside a commit file (its commitInfo's userMetadata)."""
    def apply(b: bytes) -> bytes:
        lines = [json.loads(line) for line in b.decode().splitlines()]
        for a in lines:
            if "commitInfo" in a:
                a["commitInfo"]["userMetadata"] = json.dumps(change(json.loads(a["commitInfo"]["userMetadata"])))
        return "\n".join(json.dumps(a) for a in lines).encode()
    return apply


DAMAGES = {
    "truncated": lambda b: b[:40],
    "empty": lambda b: b"",
    "not json": lambda b: b"\x00\xff garbage",
    "a list": lambda b: b"[1, 2]",
    "another upload's id": with_record(lambda r: {**r, "upload_id": "bundled-other"}),
    "no time stamp": with_record(lambda r: {k: v for k, v in r.items() if k != "committed_at"}),
    "rows as text": with_record(lambda r: {**r, "rows_accepted": "many"}),
}


@pytest.fixture
def bundled(tmp_path) -> Path:
    """A private copy of the bundled data."""
    dest = tmp_path / "data"
    shutil.copytree(PROJECT / "data", dest)
    return dest


def damage(root: Path, how: str, uid: str = "bundled-fh-e3") -> Path:
    """Damage the commit of one upload in place; returns its path relative to the data directory."""
    path = commit_file(root, uid)
    path.write_bytes(DAMAGES[how](path.read_bytes()))
    return path.relative_to(root)


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_commit_record_is_left_out_and_reported(bundled, how, caplog):
    before = Store(bundled).observations()
    path = damage(bundled, how)
    with caplog.at_level(logging.WARNING):
        store = Store(bundled)
        now = store.observations()
    assert set(now["upload_id"]) == set(before["upload_id"]) - {"bundled-fh-e3"}
    assert len(now) == len(before[before["upload_id"] != "bundled-fh-e3"])
    assert [d.path for d in store.damaged()] == [str(path)]
    assert path.name in caplog.text


def test_a_damaged_retraction_still_retracts(bundled):
    store = Store(bundled)
    store.retract("bundled-fh-e3", "operator", "test")
    path, = retraction_commits(bundled, "bundled-fh-e3")
    path.write_bytes(b'{"commitInfo": {"userMetadata": "{\\"kind\\": \\"ret"}}\n' +   # record unreadable, the
                     path.read_bytes().splitlines()[-1])                                # transaction line kept
    store = Store(bundled)
    assert [d.path for d in store.damaged()] == [str(path.relative_to(bundled))]
    log = store.uploads().set_index("upload_id")
    assert log.at["bundled-fh-e3", "status"] == "retracted"
    assert "bundled-fh-e3" not in set(store.observations()["upload_id"])


def test_a_damaged_data_file_is_left_out(bundled):
    path, = data_files(bundled, "bundled-fh-g1")
    path.write_bytes(path.read_bytes()[:500])
    store = Store(bundled)
    assert "bundled-fh-g1" not in set(store.observations()["upload_id"]) and len(store.observations())
    assert [d.path for d in store.damaged()] == [str(path.relative_to(bundled))]


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
    path = damage(bundled, "truncated")
    monkeypatch.setenv("MPD_DATA_DIR", str(bundled))
    client = server.test_client()
    assert client.get("/api/uploads").status_code == 200
    assert client.get("/api/uploads/bundled-fh-e3").status_code == 404
    from pages import upload as upload_page
    from pages._upload_history import damaged_notice
    page = upload_page.layout(tab="history")
    assert "damaged record" in str(page) and str(path) in str(page)
    assert damaged_notice(Store(bundled)) is not None


def test_uploads_are_refused_with_a_reason_while_a_commit_file_is_unreadable(bundled):
    from indicators.uploads.ingest import ingest_bytes
    damage(bundled, "truncated")
    res = ingest_bytes(b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,3\n", "a.csv", "g",
                       data_dir=bundled)
    assert not res.ok and "restore" in str(res.problems[0]) and "check" in str(res.problems[0])


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


def test_check_lists_problems_exits_1_and_says_what_to_do(bundled):
    ok = run_check(bundled)
    assert ok.returncode == 0 and ok.stdout.startswith("ok: 17 uploads")
    named, = data_files(bundled, "bundled-fh-e3")
    path = damage(bundled, "truncated")
    missing, = data_files(bundled, "bundled-icrmw")
    missing.unlink()
    (bundled / "groups.json").write_bytes(b"nope")
    res = run_check(bundled)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"damaged: {path}" in res.stdout
    assert f"missing: {missing.relative_to(bundled)}" in res.stdout and "damaged: groups.json" in res.stdout
    kept = run_check(bundled, "--quarantine", "--clean")
    assert f"kept {path} in place" in kept.stdout and "restore this file from a backup" in kept.stdout
    assert (bundled / path).exists() and named.exists()   # a commit is never moved; its data file is never deleted
    (bundled / path).write_bytes((PROJECT / "data" / path).read_bytes())                 # restored from a backup
    assert str(path) not in run_check(bundled).stdout
