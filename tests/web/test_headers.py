"""HTTP hardening of the real app (indicators/web/security.py, wired in app.py): security headers on every response,
path traversal answered 404, request bodies capped with a JSON 413, framing refused except where a route opts in,
and a Content-Security-Policy the pages pass with (every browser test fails on a console error, a CSP violation
included) that really refuses an injected inline script."""
from __future__ import annotations

import io

import pytest
from flask import Flask

from indicators.web import security

PAGES = ["/", "/country/KEN", "/corridors?origin=NPL&destination=QAT", "/compare", "/methodology", "/methodology/audit", "/upload",
         "/api/uploads", "/api/codes.csv", "/_dash-layout", "/_dash-dependencies", "/assets/style.css",
         "/no/such/page", "/api/uploads/nope"]
TRAVERSALS = ["/_dash-component-suites/dash/..%2F..%2Fgroups.json", "/_dash-component-suites/dash/../../groups.json",
              "/_dash-component-suites/dash/deps/..%2F..%2F..%2Fapp.py", "/assets/..%2F..%2Fgroups.json",
              "/assets/..%5Capp.py", "/_dash-component-suites/dash/%2e%2e/%2e%2e/data/groups.json",
              "/_dash-component-suites/dash/no-such-file.js", "/_dash-component-suites/no_such_package/x.js",
              "/_dash-component-suites/dash/%252e%252e/x.js", "/api/templates/..%2F..%2Fgroups.csv"]


@pytest.fixture(scope="module")
def client():
    from app import server
    return server.test_client()


def assert_hardened(resp) -> None:
    """The headers every response carries."""
    h = resp.headers
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Referrer-Policy"] == "same-origin"
    csp = dict(d.strip().split(" ", 1) for d in h["Content-Security-Policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'" and csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["script-src"].startswith("'self' 'sha256-")


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    assert_hardened(client.get(path))


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_and_unknown_component_files_are_404(client, path):
    r = client.get(path)
    assert r.status_code == 404, (path, r.status_code)
    assert b"groups" not in r.data and b"Traceback" not in r.data
    assert_hardened(r)


def test_a_registered_component_file_is_still_served(client):
    r = client.get("/_dash-component-suites/dash/deps/react@18.3.1.min.js")
    assert r.status_code == 200 and r.mimetype.endswith("javascript")


def test_callback_body_over_the_cap_is_413_json(client):
    from pages.upload import PAGE_MAX_BYTES
    limit = security.callback_body_limit(PAGE_MAX_BYTES)
    assert limit >= PAGE_MAX_BYTES * 4 // 3                 # the upload page's largest file still fits
    r = client.post("/_dash-update-component", data=b"{}", content_type="application/json",
                    environ_overrides={"CONTENT_LENGTH": str(limit + 1)})
    assert r.status_code == 413 and r.is_json and r.json["ok"] is False and f"{limit:,}" in r.json["error"]
    assert_hardened(r)


def test_a_streamed_body_is_cut_at_the_cap():
    app = Flask("capped")
    app.post("/echo")(lambda: {"n": len(__import__("flask").request.get_data())})
    security.install(app, body_limit=1000, script_hashes=lambda: [])
    c = app.test_client()
    ok = c.post("/echo", data=b"x" * 1000)
    assert ok.status_code == 200 and ok.json == {"n": 1000}
    streamed = c.post("/echo", input_stream=io.BytesIO(b"x" * 5000),          # no Content-Length: chunked
                      environ_overrides={"wsgi.input_terminated": True})
    assert streamed.status_code == 413 and streamed.is_json


def test_the_api_keeps_its_own_larger_limit(client, tmp_path, monkeypatch):
    from indicators.uploads import auth
    d = tmp_path / "data"
    token = auth.add_group("Group A", d)
    monkeypatch.setenv("MPD_DATA_DIR", str(d))
    monkeypatch.setitem(client.application.config, "MAX_CONTENT_LENGTH", 2000)   # a tiny cap for every route ...
    rows = "".join(f"labour_rights_sdg882,{c},2019,3.5,Kenya inspectorate\n" for c in ("KEN", "UGA", "TZA") * 30)
    body = ("indicator_id,iso3,period,value,source\n" + rows).encode()
    assert len(body) > 2000
    r = client.post("/api/uploads", headers={"Authorization": f"Bearer {token}"},
                    data={"file": (io.BytesIO(body), "big.csv"), "dry_run": "1"}, content_type="multipart/form-data")
    assert r.status_code in (200, 422), r.data                   # ... the API raises its own (nothing too large)
    assert client.post("/_dash-update-component", data=b"x" * 3000, content_type="application/json").status_code == 413


def test_a_route_can_opt_in_to_being_framed():
    app = Flask("embed")

    @app.get("/embed")
    @security.embeddable
    def embed():
        return "chart"

    @app.get("/page")
    def own_page():
        return "page"

    security.install(app, body_limit=1000, script_hashes=lambda: ["'sha256-abc'"])
    c = app.test_client()
    framed, own = c.get("/embed").headers, c.get("/page").headers
    assert "X-Frame-Options" not in framed and "frame-ancestors *" in framed["Content-Security-Policy"]
    assert framed["X-Content-Type-Options"] == "nosniff" and "'sha256-abc'" in framed["Content-Security-Policy"]
    assert own["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in own["Content-Security-Policy"]


def test_debug_mode_alone_allows_eval():
    assert "'unsafe-eval'" in security.content_security_policy([], debug=True)
    assert "'unsafe-eval'" not in security.content_security_policy([])


@pytest.mark.browser
def test_the_browser_enforces_the_policy(live_server, page):
    page.goto(live_server + "/", wait_until="networkidle")
    page.wait_for_selector("#overview-map .js-plotly-plot", timeout=30_000)
    assert not page.console_errors                                # the page itself runs with no violation
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }""")
    assert page.evaluate("window.__injected") is None             # an inline script nobody hashed never runs
    assert any("Content Security Policy" in e for e in page.console_errors)
    page.console_errors.clear()                                   # the violation was the point of the test
    framed = page.evaluate("""async () => { const r = await fetch('/'); return r.headers.get('x-frame-options'); }""")
    assert framed == "DENY"


@pytest.mark.browser
def test_plotly_download_button_works_under_the_policy(live_server, page):
    page.goto(live_server + "/compare", wait_until="networkidle")
    page.wait_for_selector("#compare-chart .js-plotly-plot .main-svg", timeout=30_000)
    page.hover("#compare-chart .js-plotly-plot")
    with page.expect_download(timeout=30_000) as dl:               # plotly draws the PNG through a blob: image
        page.click("#compare-chart .modebar-btn[data-title^='Download plot']")
    assert dl.value.suggested_filename.endswith(".png")
    page.wait_for_timeout(500)                                     # any violation would be logged by now


def test_security_md_states_the_policy_in_force_and_the_readme_links_it():
    from tests.conftest import PROJECT
    doc = " ".join((PROJECT / "SECURITY.md").read_text().split())
    assert "[SECURITY.md](SECURITY.md)" in (PROJECT / "README.md").read_text()
    for directive in security.content_security_policy([]).split("; "):
        if not directive.startswith("script-src"):
            assert directive in doc, directive
    for name, value in security.FIXED_HEADERS.items():
        assert f"{name}: {value}" in doc
