"""The text that comes with an upload (issue 12, items 7 and 12): its note and its file name follow one rule on every
path (ingest, the HTTP API, the CLI; the page calls the same prepare and commit): at most 1,000 characters, no control
character (ANSI escape sequences start with ESC), nothing UTF-8 cannot encode (a lone surrogate, a Latin-1 byte on the
command line); refused, never stripped, and refused before the first byte is written. -0 is stored as 0.0."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from indicators.store.observations import Store
from indicators.uploads.ingest import ingest_bytes
from tests.conftest import PROJECT

GOOD = b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,3\n"
BAD_NOTES = {"ANSI escape": "\x1b[31mred\x1b[0m", "lone surrogate": "caf\ud800", "Latin-1 byte from argv": "caf\udce9",
             "400,000 characters": "x" * 400_000, "bell": "ring\x07", "bidi override": "\u202eevil",
             "C1 control (CSI)": "a\x9b31m"}


@pytest.mark.parametrize("name", BAD_NOTES)
def test_a_bad_note_is_refused_before_anything_is_written(name, tmp_path):
    store = Store(tmp_path / "data")
    res = ingest_bytes(GOOD, "a.csv", "g", BAD_NOTES[name], store=store)
    assert not res.ok and res.problems[0].column == "note", [str(p) for p in res.problems]
    assert store.file_state() == {}                  # no Parquet file left behind


def test_good_notes_are_kept_as_written():
    from indicators.uploads.notes import clean_note, note_problems
    assert clean_note("  2023 survey\nsecond line\twith a tab  ") == "2023 survey\nsecond line\twith a tab"
    assert clean_note(None) == "" and note_problems("é" * 1000) == [] and note_problems("é" * 1001)


@pytest.mark.parametrize("name", ["caf\udce9.csv", "x\ud800.csv"])
def test_a_file_name_utf8_cannot_record_is_refused(name, tmp_path):
    store = Store(tmp_path / "data")
    res = ingest_bytes(GOOD, name, "g", store=store)
    assert not res.ok and res.problems[0].column == "file name" and "rename the file" in res.problems[0].reason
    assert store.file_state() == {}


def test_negative_zero_is_stored_as_zero(tmp_path):
    store = Store(tmp_path / "data")
    res = ingest_bytes(GOOD.replace(b",3\n", b",-0\n"), "a.csv", "g", store=store)
    value = store.observations()["value"].iloc[0]
    assert res.ok and value == 0 and str(value) == "0.0"
    uid = store.commit(__import__("pandas").DataFrame({"indicator_id": ["labour_rights_sdg882"], "iso3": ["UGA"],
                                                       "period": ["2019"], "value": [-0.0]}), "g", "b.csv", "0")
    assert str(store.observations().set_index("upload_id").at[uid, "value"]) == "0.0"


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m indicators ...` with arguments as bytes where they must not be UTF-8."""
    return subprocess.run([sys.executable.encode(), b"-m", b"indicators",
                           *[a if isinstance(a, bytes) else a.encode() for a in args]],
                          capture_output=True, cwd=PROJECT, timeout=120, env={**os.environ, **(env or {})})


def test_cli_latin1_note_and_file_name_get_a_clear_message(tmp_path):
    data = tmp_path / "data"
    f = tmp_path / "good.csv"
    f.write_bytes(GOOD)
    res = cli("ingest", str(f), "--group", "g", "--data-dir", str(data), "--note", b"caf\xe9")
    out = (res.stdout + res.stderr).decode("utf-8", "replace")
    assert res.returncode == 1 and "byte 0xe9" in out and "Traceback" not in out
    latin = tmp_path.joinpath("x").parent / os.fsdecode(b"caf\xe9.csv")
    latin.write_bytes(GOOD)
    res = cli("ingest", os.fsencode(latin), "--group", "g", "--data-dir", str(data))
    out = (res.stdout + res.stderr).decode("utf-8", "replace")
    assert res.returncode == 1 and "file name" in out and "byte 0xe9" in out and "Traceback" not in out
    assert not data.exists()


def test_cli_history_never_gets_an_escape_sequence(tmp_path):
    data = tmp_path / "data"
    f = tmp_path / "good.csv"
    f.write_bytes(GOOD)
    assert cli("ingest", str(f), "--group", "g", "--data-dir", str(data), "--note", "\x1b[2J\x1b[31mowned").returncode == 1
    assert cli("ingest", str(f), "--group", "g", "--data-dir", str(data), "--note", "fine").returncode == 0
    res = cli("history", "--data-dir", str(data))
    assert res.returncode == 0 and b"\x1b" not in res.stdout and b"fine" in res.stdout


def test_retraction_notes_follow_the_same_rule(tmp_path):
    data = tmp_path / "data"
    f = tmp_path / "good.csv"
    f.write_bytes(GOOD)
    uid = cli("ingest", str(f), "--group", "g", "--data-dir", str(data)).stdout.decode().strip()
    res = cli("retract", uid, "--data-dir", str(data), "--note", "\x1b[31mred")
    assert res.returncode == 2 and b"control character" in res.stderr
    assert Store(data).uploads()["status"].tolist() == ["committed"]


@pytest.fixture
def api(group_api):
    """(client, token, data dir) over a fresh data directory with one group (tests/conftest.py)."""
    return group_api


@pytest.mark.parametrize("name", ["ANSI escape", "400,000 characters", "bell"])
def test_api_refuses_the_same_notes(api, name):
    client, token, d = api
    r = client.post("/api/uploads", headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data",
                    data={"file": (io.BytesIO(GOOD), "a.csv"), "note": BAD_NOTES[name]})
    assert r.status_code == 422 and r.json["problems"][0]["column"] == "note"
    assert not (d / "observations").exists()


def test_api_retraction_note_is_checked(api):
    client, token, d = api
    h = {"Authorization": f"Bearer {token}"}
    uid = client.post("/api/uploads", headers=h, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(GOOD), "a.csv")}).json["upload_id"]
    r = client.post(f"/api/uploads/{uid}/retract", headers=h, json={"note": "x" * 1001})
    assert r.status_code == 422 and Store(d).uploads()["status"].tolist() == ["committed"]
