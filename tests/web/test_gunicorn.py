"""The production server as the README starts it: gunicorn with gunicorn.conf.py, on a free loopback port over a
copy of the bundled data, serves the pages with the security headers and answers traversal with 404."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT, _free_port

GUNICORN = Path(sys.executable).with_name("gunicorn")


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def gunicorn_url(tmp_path_factory):
    """gunicorn -c gunicorn.conf.py app:server on a free port over a private data copy; yields its base URL."""
    data = tmp_path_factory.mktemp("gunicorn") / "data"
    shutil.copytree(PROJECT / "data", data)
    port = _free_port()
    env = {**os.environ, "MPD_DATA_DIR": str(data), "PYTHONPATH": str(PROJECT)}
    log = open(data.parent / "gunicorn.log", "wb")
    proc = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "app:server"],
                            cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError((data.parent / "gunicorn.log").read_text(errors="replace"))
            try:
                if _get(url + "/_dash-layout")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("gunicorn did not answer within 90 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


def test_the_config_is_the_one_the_readme_names():
    text = (PROJECT / "README.md").read_text()
    assert "gunicorn -c gunicorn.conf.py app:server" in text
    conf: dict = {}
    exec((PROJECT / "gunicorn.conf.py").read_text(), conf)
    assert conf["worker_class"] == "gthread" and conf["workers"] == 2 and conf["threads"] >= 2
    assert conf["timeout"] >= 90 and conf["max_requests"] > 0 and conf["max_requests_jitter"] > 0
    assert conf["preload_app"] is False and conf["limit_request_line"] <= 8190


def test_gunicorn_serves_pages_with_the_security_headers(gunicorn_url):
    for path in ("/", "/country/KEN", "/api/uploads"):
        status, headers, _ = _get(gunicorn_url + path)
        assert status == 200, path
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["Server"].startswith("gunicorn")
    status, headers, body = _get(gunicorn_url + "/_dash-component-suites/dash/..%2F..%2Fgroups.json")
    assert status == 404 and b"groups" not in body and headers["X-Frame-Options"] == "DENY"


def test_gunicorn_refuses_an_overlong_request_line(gunicorn_url):
    status, _, _ = _get(gunicorn_url + "/?" + "x" * 5000)
    assert status in (400, 414)                                  # refused before the app sees it
