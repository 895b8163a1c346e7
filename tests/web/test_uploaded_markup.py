"""Uploaded text never becomes live markup in a chart, end to end: a working group uploads values whose source is
`<a href=...>`, `<b>`, `<br>` markup, and proposes an indicator whose name, short name, unit and source carry it
too (tests/web/hostile_data.py, through the product's own ingest). The country profile, the comparison and the
front-page map are rebuilt from their URLs as the server serves them, and drawn in headless Chromium: the markup is
shown as the text it is, and no link from uploaded text exists in any rendered chart (nor in its hover)."""
from __future__ import annotations

import re

import pytest

from tests.conftest import serve
from tests.web import hostile_data as hd
from tests.views.test_markup import NOT_SHOWN, texts

VIEWS = [   # (path, query, graph id) of every chart that shows the hostile texts
    ("/", "?year=2020&view=" + hd.PROPOSAL_ID, "overview-map"),
    ("/", "?year=2020&view=labour_rights_sdg882", "overview-map"),
    ("/country/KEN", "?year=2020&ind=" + hd.PROPOSAL_ID, "country-trend"),
    ("/country/KEN", "?year=2020&ind=labour_rights_sdg882", "country-peers"),
    ("/compare", f"?year=2020&countries=KEN,UGA&what={hd.PROPOSAL_ID}&from=2018", "compare-chart"),
]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    """A copy of the bundled data with the markup upload and the markup proposal."""
    d = hd.data_copy(tmp_path_factory.mktemp("markup"))
    hd.markup_upload(d)
    hd.proposal_upload(d)
    return d


@pytest.mark.parametrize("path, query, graph", VIEWS)
def test_served_figures_hold_no_uploaded_markup(hostile_dir, monkeypatch, path, query, graph):
    monkeypatch.setenv("MPD_DATA_DIR", str(hostile_dir))
    import app  # noqa: F401  (registers the pages)
    from pages._export import page_parts
    _, fig, _ = page_parts(path, query, graph)
    assert fig is not None, (path, query, graph)
    shown = [s for k, s in texts(fig) if k not in NOT_SHOWN]
    tags = {t.lower() for s in shown for t in re.findall(r"<\s*/?\s*([a-z]+)", s)}
    assert tags <= {"b", "br", "extra"}, tags                     # never <a>, <span>; <b>/<br> only our own
    assert not any("<b>bold</b>" in s or "<br>second line" in s or "<a " in s for s in shown)
    assert any("&lt;a href=" in s for s in shown)                 # the uploaded text is there, shown as typed


@pytest.fixture(scope="module")
def hostile_server(hostile_dir):
    with serve(hostile_dir) as url:
        yield url


HOVER = """() => { const gd = document.querySelector('#GRAPH .js-plotly-plot');
                   Plotly.Fx.hover(gd, [{curveNumber: 0, pointNumber: 0}]); return true; }"""
COUNT = """() => { const gd = document.querySelector('#GRAPH .js-plotly-plot');
                   return {links: gd.querySelectorAll('a').length,
                           text: [...gd.querySelectorAll('svg')].map(s => s.textContent).join(' ')}; }"""


@pytest.mark.browser
@pytest.mark.parametrize("path, query, graph", VIEWS)
def test_no_link_from_uploaded_text_in_the_rendered_svg(hostile_server, page, path, query, graph):
    page.goto(hostile_server + path + query, wait_until="networkidle")
    page.wait_for_selector(f"#{graph} .js-plotly-plot .main-svg", timeout=30_000)
    if graph != "overview-map":                                    # a cartesian chart: show a hover label too
        page.evaluate(HOVER.replace("GRAPH", graph))
    found = page.evaluate(COUNT.replace("GRAPH", graph))
    assert found["links"] == 0, found                              # no <a> anywhere in the chart
    assert "evil.example" in found["text"]                         # the markup is shown as the text it is
    assert page.evaluate("window.__xss") is None
