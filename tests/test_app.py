"""The HTML shell of app.py: <html lang>, the tab title and the loading words in the view's language; the page area's
placeholder carries its words in every language (CSS shows the one of <html lang>)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def client():
    from app import server
    return server.test_client()


def test_shell_in_french_from_the_url_and_spanish_from_the_browser(client):
    fr = client.get("/corridors?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in fr and "<title>Indicateurs de protection des migrants</title>" in fr
    assert "Chargement du tableau de bord : carte, graphiques et tableaux…" in fr and "Loading the dashboard" not in fr
    assert "Ce tableau de bord nécessite JavaScript." in fr
    es = client.get("/", headers={"Accept-Language": "es-AR,es;q=0.9"}).get_data(as_text=True)
    assert '<html lang="es">' in es and "Cargando el panel" in es
    en = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in en and "Loading the dashboard: map, charts and tables…" in en


def test_page_placeholder_has_each_language_marked():
    from app import loading_placeholder
    words = loading_placeholder().children[1].children
    assert [w.lang for w in words] == ["en", "fr", "es"]
    assert words[1].children == "Chargement du tableau de bord : carte, graphiques et tableaux…"


def test_start_up_leaves_export_only_libraries_unimported():
    """A new worker imports neither kaleido (with its browser driver) nor pysdmx: they load when a static export or an
    SDMX file is first asked for, so every process starts without them."""
    import subprocess
    import sys
    code = ("import os, sys; os.environ['MPD_WARM_SCORECARDS'] = '0'; import app; "
            "print(sorted(m for m in ('kaleido', 'choreographer', 'pysdmx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_shell_carries_the_accessibility_labels_as_a_json_data_block(client):
    # assets/a11y.js reads its labels from this block (from the catalogues), never from an inline script
    import json
    import re
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="mpd-a11y-words">(.*?)</script>', page)
    assert found and "</" not in found.group(1)
    words = json.loads(found.group(1))
    assert words["fr"]["Next page"] == "Page suivante" and words["es"]["Search in "] == "Buscar en "
    assert set(words) == {"fr", "es"}


def test_shell_loads_regenerator_runtime_first_and_names_ag_grid_for_later(client):
    """Dash's polyfill is swapped for the vendored regenerator-runtime, before React; AG Grid's bundle is not a page
    script but is named in the deferred-scripts block, and its URL is served (assets/deferred.js fetches it)."""
    import json
    import re
    page = client.get("/").get_data(as_text=True)
    srcs = re.findall(r'<script src="([^"]+)"', page)
    assert not [s for s in srcs if "polyfill" in s or "dash_ag_grid" in s]
    assert srcs[0] == "/assets/vendor/regenerator-runtime-0.14.1.js?v=0.14.1" and "/deps/react@" in srcs[1]
    # the app's own scripts (assets/deferred.js among them) come as one file (indicators/web/bundle.py)
    assert not [s for s in srcs if re.fullmatch(r"/assets/[\w.-]+\.js\?m=.*", s)]
    own = [s for s in srcs if s.startswith("/assets-bundle/app.js?m=")]
    assert len(own) == 1 and b"mpd-deferred-scripts" in client.get(own[0]).data
    runtime = client.get(srcs[0])
    assert runtime.status_code == 200 and b"regeneratorRuntime" in runtime.data
    block = re.search(r'<script type="application/json" id="mpd-deferred-scripts">(.*?)</script>', page)
    grid = client.get(json.loads(block.group(1))["dash_ag_grid"])
    assert grid.status_code == 200 and len(grid.data) > 100_000
    # the lazy chunks nearly every page renders come last, fingerprinted (cached for a year), and are served
    chunks = [s for s in srcs if "/async-" in s]
    assert [s.split("/")[-1].split(".")[0] for s in chunks] == ["async-dropdown", "async-graph", "async-slider",
                                                                "async-table", "async-highlight"]
    assert srcs[-len(chunks):] == chunks and all(".v" in s for s in chunks)
    assert all(client.get(s).status_code == 200 for s in chunks)


def test_shell_preloads_the_layout_and_the_callback_graph_in_its_head(client, monkeypatch):
    """The shell asks for /_dash-layout and /_dash-dependencies while the scripts load (fetch preloads, same-origin
    credentials as the renderer's own fetch); Dash's own script list (MPD_SCRIPTS=dash, for benchmarks) has none."""
    import re
    page = client.get("/country/KEN").get_data(as_text=True)
    head = page.split("</head>")[0]
    links = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous">', head)
    assert links == ["/_dash-layout", "/_dash-dependencies"]
    assert all(client.get(u, headers={"Referer": "http://localhost/country/KEN"}).status_code == 200 for u in links)
    monkeypatch.setenv("MPD_SCRIPTS", "dash")
    assert 'rel="preload"' not in client.get("/").get_data(as_text=True)
