"""The export callback's data lookup (pages/_export.py): the page rebuilt from its URL gives the table behind a view."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def page_export():
    import app  # noqa: F401  (registers the pages)
    from pages import _export
    return _export


def test_corridor_table_of_a_profile_exports_plain_names_and_links(page_export):
    table, figure = page_export.page_data("/country/NPL", "?year=2020", "country-corridors-out")
    assert figure is None and table is not None and len(table) > 0
    qatar = table[table["destination"] == "Qatar"]
    assert len(qatar) == 1 and not any("](" in str(v) for v in table["destination"])
    assert qatar["destination link"].iloc[0].startswith("/corridors?") and "destination=QAT" in qatar["destination link"].iloc[0]


def test_chart_export_finds_the_figure_and_its_table(page_export):
    table, figure = page_export.page_data("/compare", "?year=2020&countries=KEN,UGA&from=2015", "compare-chart")
    assert figure is not None and table is not None
    # the index 2015-2020 changes composition in 2019 (+ SDG 10.7.2 in protection): the table's first row says so
    assert list(table["country or aggregate"]) == ["composition changes here", "Kenya", "Uganda"]
    assert table.iloc[0]["2019"] == "+ SDG 10.7.2 in protection"


def test_unknown_page_or_component_gives_nothing(page_export):
    assert page_export.page_data("/no-such-page", "", "x") == (None, None)
    assert page_export.page_data("/compare", "", "no-such-id") == (None, None)
    assert page_export.place_codes("/country/ken", "") == "KEN"
    assert page_export.place_codes("/corridors", "?origin=npl&destination=QAT") == "NPL-QAT"


def test_match_page_finds_templates_and_plain_paths(page_export):
    page, variables = page_export.match_page("/country/KEN")
    assert page["module"] == "pages.country" and variables == {"iso3": "KEN"}
    assert page_export.match_page("/")[0]["module"] == "pages.overview"
    assert page_export.match_page("/corridors/")[0]["module"] == "pages.corridors"
    assert page_export.match_page("/country/KEN/extra") == (None, {})


def test_chart_citation_names_the_charts_producers_then_the_dashboard(page_export):
    # the corridor page's cost chart shows the World Bank's Remittance Prices Worldwide values only
    _, figure = page_export.page_data("/corridors", "?origin=NPL&destination=QAT", "corridors-trend")
    assert figure is not None
    cite = page_export.chart_citation(figure, {})
    assert "Remittance Prices Worldwide" in cite and cite.index("Remittance") < cite.index("Compiled in")
    assert "Compiled in Migrant protection indicators, method v2, data version" in cite


def test_corridor_grid_exports_its_whole_server_side_table(page_export):
    # the grid sends only a block of rows to the browser; the download is the whole ranked table, rank in order
    table, _ = page_export.page_data("/corridors", "", "corridors-table")
    assert table is not None and len(table) > 100
    assert {"origin", "destination", "remittance cost (% of USD 200)", "origin_iso3"} <= set(table.columns)
    ranks = table["rank"].dropna().tolist()
    assert ranks == sorted(ranks)
