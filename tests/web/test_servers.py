"""Several app servers over one store (issue 16, item 4, on a local directory and on S3): two gunicorn instances on
different ports over one data directory or s3:// URL; an upload committed through one is visible through the other
at its next request, a retraction through the other is seen by the first, and the scorecard of a data version
materialised by one (in the cache folder both share) is read, not recomputed, by the other."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from indicators.scoring import materialise
from indicators.store.disk_cache import cache_root
from indicators.store.migrate import copy_tree
from indicators.store.objects import Location, S3Path
from indicators.store.observations import Store
from indicators.uploads import auth
from tests.conftest import PROJECT, _free_port
from tests.s3_server import BUCKET
from tests.web.test_gunicorn import GUNICORN, _get

ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.search"], "state": []}


def _start(data: Location, cache: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """One gunicorn (one worker) on a free loopback port; returns it and its base URL once it answers."""
    port = _free_port()
    env = {**os.environ, "MPD_DATA_DIR": str(data), "MPD_CACHE_DIR": str(cache), "PYTHONPATH": str(PROJECT),
           "MPD_WORKERS": "1", "MPD_THREADS": "2"}
    proc = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "app:server"],
                            cwd=PROJECT, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    url, deadline = f"http://127.0.0.1:{port}", time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace"))
        try:
            if _get(url + "/api/uploads")[0] == 200:
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("gunicorn did not answer within 120 s")


@pytest.fixture(scope="module", params=["local", "s3"])
def two_servers(request, tmp_path_factory):
    """(url A, url B, token, data dir, cache dir): two servers over one copy of the bundled data (in a local folder,
    or on the S3 server under an s3:// prefix: the table's files copied as they are) and one shared cache folder."""
    base = tmp_path_factory.mktemp("servers")
    data, cache = base / "data", base / "cache"
    if request.param == "s3":
        request.getfixturevalue("s3_endpoint")
        data = S3Path(f"s3://{BUCKET}/servers-{uuid.uuid4().hex[:8]}/data")
        copy_tree(PROJECT / "data", data)
    else:
        shutil.copytree(PROJECT / "data", data)
    token = auth.add_group("Group A", data)
    procs = []
    try:
        for name in ("a", "b"):
            procs.append(_start(data, cache, base / f"{name}.log"))
        yield procs[0][1], procs[1][1], token, data, cache
    finally:
        for proc, _ in procs:
            proc.terminate()
            proc.wait(30)


def _call(url: str, token: str, method: str = "GET", body: bytes | None = None,
          content_type: str | None = None) -> tuple[int, dict]:
    """An API call with the group's token; (status, JSON answer)."""
    req = urllib.request.Request(url, data=body, method=method, headers={"Authorization": f"Bearer {token}",
                                                                         **({"Content-Type": content_type}
                                                                            if content_type else {})})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def _upload(url: str, token: str, csv: bytes) -> tuple[int, dict]:
    """POST a CSV file to the upload API (multipart form)."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ken.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + csv + f"\r\n--{boundary}--\r\n".encode()
    return _call(url + "/api/uploads", token, "POST", body, f"multipart/form-data; boundary={boundary}")


def _render(url: str, path: str, search: str = "") -> bytes:
    """The page content Dash's router returns for a path (as the browser asks for it)."""
    body = dict(ROUTER, inputs=[{"id": "_pages_location", "property": "pathname", "value": path},
                                {"id": "_pages_location", "property": "search", "value": search}])
    req = urllib.request.Request(url + "/_dash-update-component", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=180) as r:
        assert r.status == 200
        return r.read()


def _cards(cache: Path, data: Location) -> dict[str, int]:
    """The materialised files of the data directory's cache: relative path -> modification time (ns); files being
    written (`.tmp-*`, renamed into place when whole) by the background warming are not materialised yet."""
    root = cache_root(data).resolve() if cache_root(data).exists() else cache / "none"
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*.pkl")
            if not p.name.startswith(".tmp-")}


def test_an_upload_through_one_server_is_seen_by_the_other(two_servers):
    a, b, token, _, _ = two_servers
    status, before = _call(b + "/api/uploads", token)
    assert status == 200
    status, res = _upload(a, token, b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,7.5\n")
    assert status == 201, res
    uid = res["upload_id"]
    status, after = _call(b + "/api/uploads", token)                  # the next request to the other server
    ids = [u["upload_id"] for u in after["uploads"]]
    assert status == 200 and uid in ids and len(ids) == len(before["uploads"]) + 1
    assert _call(b + f"/api/uploads/{uid}/retract", token, "POST", b"{}", "application/json")[0] == 200
    status, one = _call(a + f"/api/uploads/{uid}", token)
    assert status == 200 and one["status"] == "retracted"
    assert _call(a + f"/api/uploads/{uid}/retract", token, "POST", b"{}", "application/json")[0] == 409


def test_a_scorecard_materialised_by_one_server_is_read_by_the_other(two_servers, monkeypatch):
    a, b, _, data, cache = two_servers
    monkeypatch.setenv("MPD_CACHE_DIR", str(cache))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    version, deadline = Store(data).version(), time.time() + 180
    while materialise.being_materialised(data, version) and time.time() < deadline:
        time.sleep(0.5)             # after the previous test's commits: both servers serve this version's scores
    page_a = _render(a, "/", "?year=2016")
    made = _cards(cache, data)
    assert any(name.endswith("2016_arithmetic_default.pkl") for name in made), made
    page_b = _render(b, "/", "?year=2016")
    after = _cards(cache, data)
    assert {k: after.get(k) for k in made} == made                  # B read A's files: none rewritten
    assert b"Migrant protection index" in page_a and page_a == page_b
