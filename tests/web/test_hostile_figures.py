"""Chart exports render only figures the server builds itself, in a browser that cannot reach the network.

The export callback is attacked the way a hostile visitor would, by posting it directly (/_dash-update-component)
with a figure of their own: an image URL on a local port (the server must never request it), a file:// image on
the server's disk (it must never come back inside the export) and a 4000x4000 canvas (the size is the server's,
within fixed bounds). What a visitor may choose (format, size within bounds, hidden legend entries) is checked, and
the renderer itself is shown to fetch nothing even when handed an image URL directly."""
from __future__ import annotations

import base64
import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from indicators.exports.requests import ExportRequest, hide_traces, parse_request

TARGET = "overview-map"


class Hits:
    """A loopback HTTP server that serves a red PNG and records every request it gets."""

    def __init__(self) -> None:
        from PIL import Image
        buf = io.BytesIO()
        Image.new("RGB", (40, 40), (255, 0, 0)).save(buf, "PNG")
        png, paths = buf.getvalue(), []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(png)

            def log_message(self, *args) -> None:
                pass

        self.paths = paths
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def hits() -> Iterator[Hits]:
    h = Hits()
    yield h
    h.server.shutdown()


@pytest.fixture(scope="module")
def secret_png(tmp_path_factory) -> Path:
    """A file on the server's disk: a solid green PNG (were it embedded, the export would turn green)."""
    from PIL import Image
    path = tmp_path_factory.mktemp("secret") / "secret.png"
    Image.new("RGB", (40, 40), (0, 255, 0)).save(path)
    return path


def hostile_figure(hits: Hits, secret: Path) -> dict:
    """A browser-made figure: an URL image, a file:// image covering the canvas, and a huge canvas."""
    cover = dict(xref="paper", yref="paper", x=0, y=1, sizex=1, sizey=1, sizing="stretch", layer="above")
    return {"data": [{"type": "bar", "x": ["a"], "y": [1]}],
            "layout": {"width": 4000, "height": 4000, "title": {"text": "hostile"},
                       "images": [{"source": f"{hits.url}/fetched.png", **cover},
                                  {"source": secret.as_uri(), **cover}]}}


def post_export(client, req: dict, pathname: str = "/", search: str = "?year=2020") -> dict:
    """POST the export callback as a browser (or an attacker) would; returns its outputs."""
    dep = next(d for d in client.get("/_dash-dependencies").json if "export-dl" in d["output"])
    ids = {k: {"type": k, "target": TARGET} for k in ("export-dl", "export-status", "export-req", "export-meta")}
    values = {"pathname": pathname, "search": search, "data": {"name": None, "meta": {}, "chart": True}}
    state = [{"id": ids["export-meta"] if "export-meta" in s["id"] else s["id"], "property": s["property"],
              "value": values[s["property"]]} for s in dep["state"]]
    body = {"output": dep["output"], "outputs": [{"id": ids["export-dl"], "property": "data"},
                                                 {"id": ids["export-status"], "property": "children"}],
            "inputs": [{"id": ids["export-req"], "property": "data", "value": req}],
            "changedPropIds": [json.dumps(ids["export-req"], sort_keys=True, separators=(",", ":")) + ".data"],
            "state": state}
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code in (200, 204), r.data[:500]
    return r.json["response"] if r.status_code == 200 else {}


def exported_png(outputs: dict):
    """The PNG of a download answer, as an RGB image."""
    from PIL import Image
    dl = outputs[json.dumps({"target": TARGET, "type": "export-dl"}, sort_keys=True, separators=(",", ":"))]["data"]
    return Image.open(io.BytesIO(base64.b64decode(dl["content"]))).convert("RGB")


@pytest.fixture(scope="module")
def client():
    from app import server
    return server.test_client()


def test_a_figure_from_the_browser_is_never_rendered(client, hits, secret_png):
    import numpy as np
    before = len(hits.paths)
    outputs = post_export(client, {"fmt": "png", "figure": hostile_figure(hits, secret_png)})
    img = exported_png(outputs)
    assert hits.paths[before:] == []                               # the server requested nothing
    assert img.size[0] == 2 * 1100                                 # the print size, not the visitor's 4000 px
    arr = np.asarray(img).astype(int)
    green = (arr[:, :, 1] > 200) & (arr[:, :, 0] < 60) & (arr[:, :, 2] < 60)
    assert green.mean() < 0.001                                    # the file on disk is not in the export
    blue = (arr[:, :, 2] - arr[:, :, 0]) > 60
    assert blue.mean() > 0.01                                      # it is the page's own map, rebuilt on the server


@pytest.mark.parametrize("req, reason", [
    ({"fmt": "png", "width": 4000}, "width"), ({"fmt": "png", "height": 4000}, "height"),
    ({"fmt": "png", "width": "1100"}, "width"), ({"fmt": "png", "hidden": ["x" * 400]}, "hidden"),
    ({"fmt": "png", "hidden": [True]}, "hidden"), ({"fmt": "png", "hidden": list(range(500))}, "hidden"),
    ({"fmt": "exe"}, "format"), ("png", "fields"),
])
def test_out_of_bounds_requests_are_refused(req, reason):
    with pytest.raises(ValueError, match=reason):
        parse_request(req)


def test_a_refused_request_says_why_and_renders_nothing(client, hits):
    before = len(hits.paths)
    outputs = post_export(client, {"fmt": "png", "width": 4000})
    status = outputs[json.dumps({"target": TARGET, "type": "export-status"}, sort_keys=True, separators=(",", ":"))]
    assert "Export refused" in status["children"] and "width" in status["children"]
    assert "data" not in outputs.get(json.dumps({"target": TARGET, "type": "export-dl"}, sort_keys=True,
                                                separators=(",", ":")), {})
    assert hits.paths[before:] == []


def test_hidden_entries_must_name_a_trace_of_the_server_figure():
    fig = {"data": [{"name": "Insufficient data"}, {"name": "&gt; 10 (Above 10 %)"}], "layout": {}}
    out = hide_traces(fig, (0, "> 10 (Above 10 %)"))
    assert [t.get("visible") for t in out["data"]] == ["legendonly", "legendonly"] and "visible" not in fig["data"][0]
    for bad in ((7,), ("<img src=x>",)):
        with pytest.raises(ValueError):
            hide_traces(fig, bad)
    assert parse_request({"fmt": "svg", "hidden": [1, 1, "a"], "width": 800, "ts": 5, "figure": {}}) == \
        ExportRequest("svg", 800, None, (1, "a"))                 # the figure sent along is simply not read


def test_the_renderer_refuses_images_and_fetches_nothing(hits, secret_png):
    from indicators.exports import rendering
    fig = hostile_figure(hits, secret_png)
    fig["layout"].update(width=300, height=200)
    with pytest.raises(ValueError, match="images"):
        rendering.render(fig, "png")                               # a file:// or URL image never reaches Chromium
    fig["layout"]["images"] = fig["layout"]["images"][:1] + [dict(fig["layout"]["images"][0],
                                                                  source=hits.url.replace("127.0.0.1", "localhost")
                                                                  + "/by-name.png")]
    before = len(hits.paths)
    data = rendering._BROWSER.render(fig, {"format": "png", "width": 300, "height": 200, "scale": 1})
    assert data[:8] == b"\x89PNG\r\n\x1a\n"                        # the chart is drawn ...
    assert hits.paths[before:] == []                               # ... and its image URLs were never requested
    with pytest.raises(ValueError, match="pixels"):
        rendering.render({"data": [], "layout": {"width": 3000, "height": 600}}, "png")
