"""Embed routes of the real app (Flask test client, bundled data): one chart alone, frameable; everything else not."""
from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def client():
    from app import server
    return server.test_client()


def test_an_embed_renders_the_chart_of_the_view_and_may_be_framed(client):
    r = client.get("/embed/country/KEN?year=2020&chart=country-peers")
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert "X-Frame-Options" not in r.headers and "frame-ancestors *" in r.headers["Content-Security-Policy"]
    page = r.get_data(as_text=True)
    assert "Kenya and its peers, 2020" in page and "href='/country/KEN?year=2020'" in page
    assert "Compiled in Migrant protection indicators, method v2" in page
    assert not re.search(r"(src|href)=['\"]https?://", page)                   # nothing from elsewhere


def test_the_overview_map_embeds_with_its_year(client):
    page = client.get("/embed/?year=2019&chart=overview-map").get_data(as_text=True)
    assert "2019" in page.split("</h1>")[0] and "'geo'" not in page and '"geo"' in page


def test_an_audit_heat_map_embedded_from_the_methodology_page_still_renders(client):
    # made before the statistical audit moved to its own page: the chart comes from there, the link goes there
    page = client.get("/embed/methodology?year=2021&chart=methodology-audit-heatmap").get_data(as_text=True)
    assert "Correlations of the pillars and the index" in page and "href='/methodology/audit?year=2021'" in page


def test_embed_scripts_are_served_and_other_names_are_not(client):
    js = client.get("/embed/_static/plotly.min.js")
    assert js.status_code == 200 and js.mimetype == "text/javascript" and len(js.data) > 1_000_000
    assert client.get("/embed/_static/embed.js").status_code == 200
    assert client.get("/embed/_static/app.py").status_code == 404


def test_bad_embed_requests_say_why(client):
    assert client.get("/embed/country/KEN?year=2020").status_code == 400
    r = client.get("/embed/country/KEN?chart=no-such-chart")
    assert r.status_code == 404 and "no chart" in r.get_data(as_text=True)
    assert client.get("/embed/no/such/page?chart=x").status_code == 404


def test_pages_keep_refusing_to_be_framed(client):
    for url in ("/country/KEN", "/", "/api/v1/", "/embed/_static/embed.js"):
        r = client.get(url)
        assert r.headers["X-Frame-Options"] == "DENY", url


def test_every_chart_export_control_has_an_embed_snippet_and_tables_do_not():
    from pages._export import export_control
    chart = export_control("some-graph")
    table = export_control("some-table", chart=False)
    ids = [c.id for c in chart.children[-1].children if getattr(c, "id", None)]
    assert {"type": "embed-code", "target": "some-graph"} in ids and {"type": "embed-link", "target": "some-graph"} in ids
    assert "embed" not in str(table.children)


def words(component) -> str:
    """The text and link targets of a component tree (Markdown is drawn as html components: pages/_markdown.py)."""
    if isinstance(component, (list, tuple)):
        return " ".join(words(c) for c in component)
    if isinstance(component, str) or component is None:
        return component or ""
    return " ".join([getattr(component, "href", None) or "", words(getattr(component, "children", None))])


def test_methodology_page_shows_how_to_cite_and_links_the_data_package(client):
    from pages._later import find
    from pages.methodology import layout
    page = layout()                                   # the section is drawn after the first screen (pages/_later.py)
    cite = find(page, "methodology-citation").children
    assert cite.endswith(".") and "Compiled in" in cite
    assert "/api/v1/datapackage.zip" in words(find(page, "methodology-open-data"))
    assert len(find(page, "methodology-terms").data) >= 12
