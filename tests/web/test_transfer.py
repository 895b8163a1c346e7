"""Transfer (indicators/web/transfer.py, wired in app.py): responses compressed with brotli or gzip (pages, callback
answers, scripts, CSS, map files), fingerprinted static URLs cached a year as immutable, other static files revalidated
by ETag, nothing cached for pages and callbacks, security headers kept on compressed answers; the partial plotly
bundle is the one the pages load, with their other scripts or, on a page with no chart at its top, when first needed."""
from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest

from indicators.web import transfer

ROUTER = {"output": ".._pages_content.children..._pages_store.data..",
          "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
          "changedPropIds": ["_pages_location.pathname"], "state": []}


@pytest.fixture(scope="module")
def client():
    from app import server
    return server.test_client()


def scripts(client, path: str = "/") -> list[str]:
    """The script URLs of the HTML shell of a page."""
    return re.findall(r'<script src="([^"]+)"', client.get(path).get_data(as_text=True))


def test_fingerprinted_urls():
    assert transfer.fingerprinted("/_dash-component-suites/dash/deps/react@18.v4_4_1m1796407743.3.1.min.js", {})
    assert transfer.fingerprinted("/assets/vendor/bootstrap-5.3.9.min.css", {"m": "1796419933.89"})
    assert transfer.fingerprinted("/_favicon.ico", {"v": "4.4.1"})
    assert not transfer.fingerprinted("/_dash-component-suites/dash/dcc/async-graph.js", {})
    assert not transfer.fingerprinted("/assets/topojson/world_110m.json", {})
    assert not transfer.fingerprinted("/compare", {"m": "1"})              # a page is never a static file
    assert not transfer.fingerprinted("/assets/x.css", {"m": ""})


def test_cache_control_by_kind():
    assert transfer.cache_control("/assets/x.css", {"m": "1"}, 200) == transfer.IMMUTABLE
    assert transfer.cache_control("/assets/topojson/world_110m.json", {}, 200) == "no-cache"
    assert transfer.cache_control("/assets/x.css", {"m": "1"}, 404) is None
    assert transfer.cache_control("/_dash-update-component", {}, 200) is None
    assert transfer.cache_control("/", {}, 200) is None


def test_static_bodies_keep_static_files_only_and_are_bounded():
    cache = transfer.StaticBodies(limit=2)
    cache.set("br;-", b"dynamic")
    assert cache.get("br;-") is None
    cache.set("br;/a.js", b"a")
    cache.set("gzip;/a.js", b"ga")
    cache.set("br;/b.js", b"b")                                               # over the limit: not kept
    assert (cache.get("br;/a.js"), cache.get("gzip;/a.js"), cache.get("br;/b.js")) == (b"a", b"ga", None)


class _Req:
    def __init__(self, method: str, path: str) -> None:
        self.method, self.path = method, path


def test_cache_key_names_static_files_by_path_only():
    assert transfer.cache_key(_Req("GET", "/assets/x.css")) == "/assets/x.css"
    assert transfer.cache_key(_Req("POST", "/_dash-update-component")) == transfer.NOT_CACHED
    assert transfer.cache_key(_Req("GET", "/")) == transfer.NOT_CACHED


def test_fingerprinted_scripts_are_compressed_and_immutable(client):
    url = next(u for u in scripts(client) if "dash_renderer" in u)
    raw = client.get(url, headers={"Accept-Encoding": "identity"})
    br = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in raw.headers
    assert br.headers["Content-Encoding"] == "br" and gz.headers["Content-Encoding"] == "gzip"
    assert brotli.decompress(br.data) == raw.data == gzip.decompress(gz.data)
    assert len(br.data) < len(raw.data) / 3
    for r in (raw, br, gz):
        assert r.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in br.headers["Vary"]
    # the second answer comes from the bodies compressed once per process, byte for byte the same
    assert client.get(url, headers={"Accept-Encoding": "br"}).data == br.data


def test_assets_are_fingerprinted_compressed_and_immutable(client):
    css = next(u for u in re.findall(r'href="([^"]+)"', client.get("/").get_data(as_text=True)) if "bootstrap" in u)
    assert "?m=" in css
    r = client.get(css, headers={"Accept-Encoding": "br"})
    assert r.status_code == 200 and r.headers["Content-Encoding"] == "br"
    assert r.headers["Cache-Control"] == transfer.IMMUTABLE
    assert brotli.decompress(r.data).startswith(b"@charset") or b"bootstrap" in brotli.decompress(r.data)[:400]


def test_unfingerprinted_static_files_revalidate_with_etag(client):
    r = client.get("/_dash-component-suites/dash/dcc/async-graph.js", headers={"Accept-Encoding": "br"})
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-cache" and r.headers["Content-Encoding"] == "br"
    again = client.get("/_dash-component-suites/dash/dcc/async-graph.js",
                       headers={"Accept-Encoding": "br", "If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    topo = client.get("/assets/topojson/world_110m.json", headers={"Accept-Encoding": "gzip"})
    assert topo.headers["Content-Encoding"] == "gzip" and topo.headers["Cache-Control"] == "no-cache"
    assert json.loads(gzip.decompress(topo.data))["type"] == "Topology"


def test_pages_and_callbacks_are_compressed_and_not_cached(client):
    page = client.get("/", headers={"Accept-Encoding": "br"})
    assert page.headers["Content-Encoding"] == "br" and "Cache-Control" not in page.headers
    assert b"react-entry-point" in brotli.decompress(page.data)
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")      # headers kept
    body = dict(ROUTER, inputs=[{"id": "_pages_location", "property": "pathname", "value": "/methodology"},
                                {"id": "_pages_location", "property": "search", "value": ""}])
    cb = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip, br"})
    assert cb.status_code == 200 and cb.headers["Content-Encoding"] == "br"
    assert "Cache-Control" not in cb.headers
    assert "_pages_content" in json.loads(brotli.decompress(cb.data))["response"]


def test_errors_are_neither_compressed_nor_cached(client):
    for url in ("/api/uploads/nope", "/_dash-component-suites/dash/no-such-file.v4_4_1m1.js"):
        r = client.get(url, headers={"Accept-Encoding": "br, gzip"})
        assert r.status_code == 404
        assert "Content-Encoding" not in r.headers and r.headers.get("Cache-Control") != transfer.IMMUTABLE


def test_the_shell_loads_the_partial_plotly_bundle(client):
    urls = scripts(client)
    bundle = [u for u in urls if "plotly-partial.min.js" in u]
    assert len(bundle) == 1 and "?m=" in bundle[0]
    head = client.get(bundle[0], headers={"Accept-Encoding": "identity"}).data[:300]
    assert b"partial bundle" in head and b"var Plotly=" in head
    assert not any("package_data/plotly.min.js" in u for u in urls)


@pytest.mark.parametrize("path", ["/methodology", "/upload", "/developers"])
def test_a_page_without_a_chart_on_top_loads_plotly_when_first_needed(client, path):
    shell = client.get(path).get_data(as_text=True)
    assert not [u for u in scripts(client, path) if "plotly" in u]
    url = re.search(r'<meta name="mpd-plotly-url" content="([^"]+)">', shell).group(1)
    assert "/assets/vendor/plotly-partial.min.js?m=" in url
    assert f'<link rel="prefetch" href="{url}" as="script">' in shell
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("path", ["/", "/country/KEN", "/corridors", "/compare", "/no-such-page"])
def test_a_page_with_a_chart_on_top_loads_plotly_with_its_scripts(client, path):
    shell = client.get(path).get_data(as_text=True)
    url = re.search(r'<meta name="mpd-plotly-url" content="([^"]+)">', shell).group(1)
    assert url in scripts(client, path) and 'rel="prefetch"' not in shell


def test_the_layout_and_callback_graph_revalidate_by_a_hash_of_their_body(client):
    methodology = {"Referer": "http://localhost/methodology", "Accept-Encoding": "br"}
    first = client.get("/_dash-layout", headers=methodology)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    assert first.headers["Content-Encoding"] == "br" and first.headers["ETag"].endswith(':br"')
    again = client.get("/_dash-layout", headers={**methodology, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data and again.headers["ETag"] == first.headers["ETag"]
    # another page (the Referer names it) is another body: sent whole
    other = client.get("/_dash-layout", headers={"Referer": "http://localhost/upload", "Accept-Encoding": "br",
                                                 "If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200 and other.headers["ETag"] != first.headers["ETag"]
    assert b"upload" in brotli.decompress(other.data)
    plain = client.get("/_dash-layout", headers={"Referer": "http://localhost/methodology"})       # not compressed
    assert client.get("/_dash-layout", headers={"Referer": "http://localhost/methodology",
                                                "If-None-Match": plain.headers["ETag"]}).status_code == 304
    graph = client.get("/_dash-dependencies", headers={"Accept-Encoding": "gzip"})
    assert client.get("/_dash-dependencies", headers={"Accept-Encoding": "gzip",
                                                      "If-None-Match": graph.headers["ETag"]}).status_code == 304
