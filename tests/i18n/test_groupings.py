"""The country header's groups line (names in the language in force)."""
from indicators.i18n import use
from indicators.i18n.groupings import region_line


def test_region_line_names_each_group_once_with_who_defines_it():
    info = {"un_region": "Asia", "un_subregion": "Southern Asia", "wb_region": "South Asia",
            "income_group": "Lower middle income"}
    assert region_line(info) == "UN region: Southern Asia · World Bank region: South Asia · Lower middle income"
    assert region_line({"un_region": "Oceania", "un_subregion": "Melanesia", "wb_region": None}) == \
        "UN region: Oceania / Melanesia · income group n/a"
    assert region_line({"un_region": "Europe", "un_subregion": "", "wb_region": "Europe",
                           "income_group": "High income"}) == "UN region: Europe · High income"


def test_region_line_in_french_uses_the_m49_and_world_bank_names():
    info = {"un_region": "Asia", "un_subregion": "Southern Asia", "wb_region": "South Asia",
            "income_group": "Lower middle income"}
    with use("fr"):
        line = region_line(info)
    assert line.startswith("Région de l'ONU : ") and "Asie du Sud" in line and "UN region" not in line
