"""The one citation line: producers first (with their licences), then the dashboard, method and data version."""
from __future__ import annotations

from indicators.scoring.citation import citation, citation_line, indicators_with_values
from indicators.store.catalogue import load_catalogue
from tests.opendata.tiny import build


def test_citation_line_names_producers_then_the_dashboard():
    cat = load_catalogue()
    line = citation_line(["remittance_cost_corridor", "ilo_c87_ratified"], cat, "v2", 17, "2026-12-01")
    assert line == ("World Bank, Remittance Prices Worldwide (CC BY 4.0); ILO NORMLEX (free reuse with attribution)."
                    " Compiled in Migrant protection indicators, method v2, data version 17 of 2026-12-01.")


def test_without_producers_or_date_the_line_is_the_dashboard_alone():
    assert citation_line([], load_catalogue(), "v2", 0, None) == \
        "Compiled in Migrant protection indicators, method v2, data version 0."


def test_citation_of_a_store_covers_the_indicators_with_values_in_its_data_version(tmp_path):
    st, _, _ = build(tmp_path / "d")
    cat = load_catalogue()
    assert indicators_with_values(st, cat) == ["remittance_cost_corridor", "labour_rights_sdg882",
                                               "ituc_rights_rating"]
    line = citation(st)
    assert line.startswith("World Bank, Remittance Prices Worldwide (CC BY 4.0); ILO, SDG indicator 8.8.2, via Our "
                           "World in Data (CC BY 4.0); ITUC Global Rights Index 2026 (ITUC copyright, no open licence).")
    dv = st.data_version()
    assert line.endswith(f"method v2, data version 2 of {dv['date']}.")
