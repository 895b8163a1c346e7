"""The methodology page's open-data section: citation, links to the API, SDMX and the data package, terms."""
from __future__ import annotations

from indicators.views.open_data import how_to_cite, open_data_markdown, terms_table
from tests.opendata.tiny import build


def test_links_point_at_the_routes_of_the_read_api():
    md = open_data_markdown()
    for url in ("/api/v1/datapackage.zip", "/api/v1/docs", "/api/v1/openapi.json", "/api/v1/sdmx/structure.xml"):
        assert f"]({url})" in md
    assert "Embed" in md


def test_terms_table_says_ituc_and_ciri_are_restricted():
    t = terms_table().set_index("producer")
    assert t.loc["ITUC Global Rights Index 2026", "redistribution"] == "restricted"
    assert t.loc["CIRI Human Rights Data Project (Cingranelli, Richards & Clay 2014)", "redistribution"] == "restricted"
    assert t.loc["World Bank, Remittance Prices Worldwide", "licence"] == "CC BY 4.0"
    assert "ituc_rights_rating" in t.loc["ITUC Global Rights Index 2026", "indicators"]


def test_how_to_cite_is_the_store_citation(tmp_path):
    st, _, _ = build(tmp_path / "d")
    assert how_to_cite(st).endswith(f"data version 2 of {st.data_version()['date']}.")


def test_terms_table_says_what_each_class_allows_in_the_language_licences_as_written():
    from indicators.i18n import use
    with use("fr"):
        t = terms_table().set_index("producer")
    rpw = t.loc["World Bank, Remittance Prices Worldwide"]
    assert rpw["what it allows"] == "Peut être redistribué sous la licence indiquée, en citant le producteur."
    assert rpw["licence"] == "CC BY 4.0" and rpw["redistribution"] == "open"          # codes and licences as written
