"""Table headers and number columns: human names, fixed decimals, right alignment."""
from __future__ import annotations

import pandas as pd

from indicators.i18n import use
from indicators.views import headers


def test_header_known_labels_and_the_generic_rule():
    assert headers.header("iso3") == "ISO code"
    assert headers.header("set_aside") == "Set aside (aggregates)"
    assert headers.header("protection") == "Protection score (0-100)"
    assert headers.header("remittance cost (% of USD 200)") == "Remittance cost (% of USD 200)"
    assert headers.header("first_year") == "First year"


def test_headers_in_french_and_spanish():
    with use("fr"):
        assert headers.header("iso3") == "Code ISO"
        assert headers.header("origin") == "Origine"                             # a message id, capitalised
        assert headers.header("first_year") == "First year"                      # no message: the id in words
        specs = headers.column_specs(pd.DataFrame({"overall": [41.25]}))
        assert specs[0]["name"] == "Indice global (0-100)" and specs[0]["format"]["locale"]["decimal"] == ","
    with use("es"):
        assert headers.header("destination_iso3") == "Código del país de destino"


def test_decimals_is_the_fewest_that_show_every_value():
    assert headers.decimals(pd.Series([1.0, 2.0, None])) == 0
    assert headers.decimals(pd.Series([1.5, 2.25])) == 2
    assert headers.decimals(pd.Series([1.5, 2.0])) == 1
    assert headers.decimals(pd.Series([1.123456])) == 2                       # capped


def test_column_specs_type_numbers_and_keep_text_as_text():
    df = pd.DataFrame({"country": ["Nepal"], "overall": [41.25], "rank": pd.array([3], dtype="Int64"),
                       "ok": [True]})
    specs = headers.column_specs(df)
    assert specs[0] == {"name": "Country", "id": "country"}
    assert specs[1] == {"name": "Overall index (0-100)", "id": "overall", "type": "numeric",
                        "format": {"specifier": ".2f", "nully": "–", "locale": {"decimal": ".", "group": ","}}}
    assert specs[2]["format"]["specifier"] == ".0f" and "type" not in specs[3]
    assert headers.number_alignment(specs) == [
        {"if": {"column_id": "overall"}, "textAlign": "right", "fontVariantNumeric": "tabular-nums"},
        {"if": {"column_id": "rank"}, "textAlign": "right", "fontVariantNumeric": "tabular-nums"}]
