"""Rate limits of the write paths (issue 12, item 2): per working group and per client address, on the API (429
with Retry-After, before the body is read) and on the page (the same counts: one budget per group and per address),
counted in a storage every worker shares; X-Forwarded-For believed only from configured proxies. The suite runs with
high limits in memory (tests/conftest.py); these tests lower them with unique groups and addresses."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid

import flask
import pytest

from indicators.uploads import auth
from tests.conftest import PROJECT

GOOD = b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,3\n"


@pytest.fixture
def api(tmp_path, monkeypatch):
    """(client, token, group, address) with a fresh group and address; the group limit 3/minute."""
    from app import server
    d = tmp_path / "data"
    group = f"G {uuid.uuid4().hex[:8]}"
    token = auth.add_group(group, d)
    monkeypatch.setenv("MPD_DATA_DIR", str(d))
    monkeypatch.setenv("MPD_RATE_LIMIT_GROUP", "3/minute")
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    return server.test_client(), token, group, address


def post(client, token, address, **form):
    """A dry run from an address."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/uploads", headers=headers, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(GOOD), "a.csv"), "dry_run": "1", **form},
                       environ_base={"REMOTE_ADDR": address})


def test_per_group_limit_is_429_before_the_body_is_read(api, monkeypatch):
    client, token, _, address = api
    assert [post(client, token, address).status_code for _ in range(3)] == [200, 200, 200]
    import indicators.web.api as web_api
    monkeypatch.setattr(web_api, "ingest_bytes", lambda *a, **k: pytest.fail("the body was read"))
    r = post(client, token, address)
    assert r.status_code == 429 and r.is_json and "too many" in r.json["error"]
    assert int(r.headers["Retry-After"]) > 0


def test_per_address_limit_covers_every_group_and_anonymous_callers(api, tmp_path, monkeypatch):
    client, token, _, address = api
    other = auth.add_group(f"Other {uuid.uuid4().hex[:6]}", tmp_path / "data")
    monkeypatch.setenv("MPD_RATE_LIMIT_ADDRESS", "4/minute")
    codes = [post(client, t, address).status_code for t in (token, other, None, other)]
    assert codes == [200, 200, 401, 200]
    assert post(client, token, address).status_code == 429
    assert post(client, token, address + "1").status_code == 200           # another address has its own budget


def test_retractions_count_too(api):
    client, token, _, address = api
    h = {"Authorization": f"Bearer {token}"}
    uid = client.post("/api/uploads", headers=h, content_type="multipart/form-data",
                      data={"file": (io.BytesIO(GOOD), "a.csv")}, environ_base={"REMOTE_ADDR": address}).json["upload_id"]
    post(client, token, address)
    post(client, token, address)
    r = client.post(f"/api/uploads/{uid}/retract", headers=h, environ_base={"REMOTE_ADDR": address})
    assert r.status_code == 429


def test_page_and_api_share_one_budget(api):
    from indicators.uploads import throttle
    client, token, group, address = api
    assert throttle.admit(group, address) is None and throttle.admit(group, address) is None   # two page checks
    assert post(client, token, address).status_code == 200
    assert post(client, token, address).status_code == 429
    refused = throttle.admit(group, address)
    assert refused and "your working group (3 per minute)" in refused


def test_page_gate_needs_a_credential_before_the_file_is_read(api, monkeypatch):
    client, token, group, address = api
    from pages import upload as page
    monkeypatch.setattr(page, "_decode", lambda c: pytest.fail("the file was decoded"))
    out = page._check("data:text/csv;base64,AAAA", 1, "auto", None, "a.csv", None, None, None)
    assert "sign in" in str(out[0]) and out[3] is True
    out = page._check("data:text/csv;base64,AAAA", 1, "auto", None, "a.csv", None, "mpdg_" + "x" * 43, None)
    assert "not valid" in str(out[0])


def test_page_gate_applies_the_limits(api):
    client, token, group, address = api
    from pages._upload_gate import gate
    app = flask.Flask(__name__)
    for k in range(4):
        with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
            found, refusal = gate(token, "Not checked", "x")
    assert found is None and "too many" in str(refusal)


def test_forwarded_address_is_believed_only_from_a_configured_proxy(monkeypatch):
    from indicators.web.ratelimit import trust_proxies
    for hops, expected in (("", "127.0.0.1"), ("0", "127.0.0.1"), ("junk", "127.0.0.1"), ("1", "203.0.113.9")):
        monkeypatch.setenv("MPD_TRUSTED_PROXIES", hops)
        app = flask.Flask(__name__)
        app.add_url_rule("/ip", "ip", lambda: flask.request.remote_addr)
        trust_proxies(app)
        got = app.test_client().get("/ip", headers={"X-Forwarded-For": "203.0.113.9"},
                                    environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_data(as_text=True)
        assert got == expected, hops


def test_the_default_storage_is_a_file_every_worker_shares(monkeypatch):
    from indicators.uploads import throttle
    monkeypatch.delenv("MPD_RATE_LIMIT_STORAGE", raising=False)
    assert throttle.storage_uri().startswith("file:///") and throttle.storage_uri().endswith(".sqlite")


WORKER = """
import os, sys
os.environ["MPD_RATE_LIMIT_STORAGE"] = sys.argv[1]
os.environ["MPD_RATE_LIMIT_GROUP"] = "5/minute"
from indicators.uploads import throttle
print(",".join("ok" if throttle.admit("shared group", None) is None else "refused" for _ in range(3)))
"""


def test_file_storage_counts_are_shared_between_processes(tmp_path):
    uri = f"file://{tmp_path}/limits.sqlite"
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    outs = [subprocess.run([sys.executable, "-c", WORKER, uri], capture_output=True, text=True, env=env, cwd=PROJECT,
                           timeout=60).stdout.strip() for _ in range(2)]
    assert outs == ["ok,ok,ok", "ok,ok,refused"]
