"""The app's own scripts and style sheets served as one file each (indicators/web/bundle.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from indicators.web import bundle, transfer

SHELL = ('<script src="/assets/vendor/regenerator-runtime-0.14.1.js?v=0.14.1"></script>'
         '<script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m17.3.1.min.js"></script>'
         '<script src="/assets/a.js?m=17.5"></script>'
         '<script src="/assets/b-two.js?m=18"></script>'
         '<script src="/assets/vendor/plotly-partial.min.js?m=19"></script>'
         '<script src="/assets/c.js?m=20.1"></script>')


@pytest.fixture
def assets(tmp_path) -> Path:
    """A tiny assets folder: two scripts at the top (one without a final newline), one style sheet, a vendor file."""
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.js").write_text("var lib = 1;\n")
    (tmp_path / "b.js").write_text("window.b = 2\n")
    (tmp_path / "a.js").write_text("window.a = 1")            # no ";": the separator keeps the next script apart
    (tmp_path / "z.css").write_text(".z { color: red; }\n")
    bundle.bundle.cache_clear()
    return tmp_path


def test_own_tags_become_one_where_the_first_was():
    out = bundle.bundled_tags(SHELL, "js", "/assets-bundle/app.js?m=abc")
    srcs = re.findall(r'src="([^"]+)"', out)
    assert srcs == ["/assets/vendor/regenerator-runtime-0.14.1.js?v=0.14.1",
                    "/_dash-component-suites/dash/deps/react@18.v4_4_1m17.3.1.min.js",
                    "/assets-bundle/app.js?m=abc",              # a.js, b-two.js and c.js; the vendor file stays
                    "/assets/vendor/plotly-partial.min.js?m=19"]
    assert bundle.bundled_tags("<script src='/x.js'></script>", "js", "/u") == "<script src='/x.js'></script>"
    css = bundle.bundled_tags('<link rel="stylesheet" href="/assets/a.css?m=1"><link rel="stylesheet" '
                              'href="/assets/vendor/bootstrap.css?m=2"><link rel="stylesheet" href="/assets/b.css?m=3">',
                              "css", "/assets-bundle/app.css?m=h")
    assert re.findall(r'href="([^"]+)"', css) == ["/assets-bundle/app.css?m=h", "/assets/vendor/bootstrap.css?m=2"]


def test_bundle_joins_the_top_level_files_in_dash_order(assets):
    body, digest = bundle.bundle(assets, "js")
    assert body == b"window.a = 1\n;\nwindow.b = 2\n"                 # sorted by name, vendor/ left out
    assert re.fullmatch(r"[0-9a-f]{16}", digest)
    assert bundle.bundle(assets, "css")[0] == b".z { color: red; }\n"
    assert bundle.url(assets, "js", "/app/") == f"/app/assets-bundle/app.js?m={digest}"


def test_bundle_is_served_compressed_and_cached_as_an_asset(assets):
    server = Flask(__name__)
    transfer.install(server)
    bundle.install(server, assets)
    client = server.test_client()
    (assets / "c.js").write_text("// padding\n" * 100)             # over flask-compress's 500-byte minimum
    bundle.bundle.cache_clear()
    r = client.get(bundle.url(assets, "js"), headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.headers["Cache-Control"] == transfer.IMMUTABLE            # fingerprinted by its content's hash
    plain = client.get("/assets-bundle/app.css")
    assert plain.data == b".z { color: red; }\n" and plain.headers["Cache-Control"] == transfer.REVALIDATE
    again = client.get("/assets-bundle/app.css", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/assets-bundle/app.py").status_code == 404
    assert client.get("/assets-bundle/other.js").status_code == 404
