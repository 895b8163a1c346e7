"""Malformed files the readers must refuse with a reason, never with an exception (issue 12, item 6): a header, a
first line or a quoted cell over the csv module's field limit of 131,072 characters, too many columns, a reader
that fails for a reason nobody foresaw; through ingest, the HTTP API (a JSON 422, never an HTML 500) and the CLI
(exit 1 and a reason, never a traceback)."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest

from indicators.store.observations import Store
from indicators.uploads.ingest import ingest_bytes
from indicators.uploads.prepare import prepare
from tests.conftest import PROJECT

L = "labour_rights_sdg882"
BIG = 140_000                                          # over the csv module's field limit (131,072)
MALFORMED = {
    "long header cell": f"indicator_id,iso3,period,value,{'x' * BIG}\n{L},KEN,2019,3,\n",
    "long quoted header cell": f'indicator_id,iso3,period,value,"{"x" * BIG}"\n{L},KEN,2019,3,\n',
    "long first line": f"{'y' * BIG}\n{L},KEN,2019,3\n",
    "long quoted cell after a blank line": f'indicator_id,iso3,period,value,note\n\n{L},KEN,2019,3,"{"z" * BIG}"\n',
    "unclosed quote over the limit": f'indicator_id,iso3,period,value,note\n\n{L},KEN,2019,3,"{"z" * BIG}\n',
    "too many columns": ",".join(f"c{k}" for k in range(1_001)) + "\n" + ",".join("1" * 1_001) + "\n",
}


@pytest.mark.parametrize("name", MALFORMED)
def test_refused_with_a_reason_and_nothing_written(name, tmp_path):
    store = Store(tmp_path / "data")
    res = ingest_bytes(MALFORMED[name].encode(), "bad.csv", "g", store=store)
    assert not res.ok and res.problems and len(res.problems[0].reason) > 15, [str(p) for p in res.problems]
    assert store.file_state() == {}


def test_a_reader_bug_becomes_a_problem_not_an_exception(monkeypatch):
    import indicators.uploads.prepare as prep_module

    def broken(*args, **kwargs):
        raise OverflowError("something nobody foresaw")
    monkeypatch.setattr(prep_module, "read_upload", broken)
    p = prepare(f"indicator_id,iso3,period,value\n{L},KEN,2019,3\n".encode(), "x.csv")
    assert not p.ok and "could not be checked (OverflowError)" in p.problems[0].reason


@pytest.fixture
def api(group_api, monkeypatch):
    """(client, token, dir) of the API over a data directory with one group, files up to 1 MiB."""
    monkeypatch.setenv("MPD_MAX_UPLOAD_BYTES", str(1 << 20))
    return group_api


@pytest.mark.parametrize("name", MALFORMED)
def test_api_answers_422_in_json(api, name):
    client, token, d = api
    r = client.post("/api/uploads", headers={"Authorization": f"Bearer {token}"},
                    content_type="multipart/form-data", data={"file": (io.BytesIO(MALFORMED[name].encode()), "b.csv")})
    assert r.status_code == 422 and r.is_json and r.json["problems"][0]["reason"]


def test_api_failure_is_json_without_traceback(api, monkeypatch):
    client, token, d = api
    import indicators.web.api as web_api

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")
    monkeypatch.setattr(web_api, "ingest_bytes", broken)
    r = client.post("/api/uploads", headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data",
                    data={"file": (io.BytesIO(b"a,b\n1,2\n"), "b.csv")})
    assert r.status_code == 500 and r.is_json and not r.json["ok"]
    assert "Traceback" not in r.get_data(as_text=True) and "secret" not in r.get_data(as_text=True)


@pytest.mark.parametrize("name", ["long header cell", "long quoted cell after a blank line"])
def test_cli_exits_1_with_a_reason(name, tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text(MALFORMED[name], encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "indicators", "ingest", str(f), "--group", "g", "--data-dir",
                          str(tmp_path / "data")], capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stdout + res.stderr and "131,072" in res.stdout
    assert not (tmp_path / "data").exists()


def test_cli_failure_is_one_line_without_traceback(tmp_path):
    code = ("import sys, indicators.cli as c\n"
            "def boom(*a, **k):\n    raise RuntimeError('unexpected')\n"
            "c._run = boom\nsys.exit(c.main(['uploads']))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "error: the command failed (RuntimeError: unexpected)" in res.stderr
