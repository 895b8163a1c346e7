"""The XLSX metadata sheet in the view's language; values stay numbers with ASCII digits and a decimal point."""
import io

import pandas as pd
from openpyxl import load_workbook

from indicators.exports.metadata import export_metadata
from indicators.exports.spreadsheets import data_xlsx
from indicators.i18n import use


def _sheets(lang: str):
    with use(lang):
        md = export_metadata(title="t", unit="u", year=2020, indicator_ids=["remittance_cost_corridor"],
                             weights={"protection": 1, "remittance": 2}, export_date="2026-12-04")
        data = data_xlsx(pd.DataFrame({"iso3": ["NPL"], "value": [4.25]}), md)
    wb = load_workbook(io.BytesIO(data))
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)], \
        [list(r) for r in wb.worksheets[1].iter_rows(values_only=True)]


def test_metadata_sheet_in_french_values_numeric():
    data, meta = _sheets("fr")
    assert data[1] == ["NPL", 4.25]                   # a number, not '4,25'
    fields = {r[0]: r[1] for r in meta if r and r[0]}
    assert fields["champ"] == "valeur" and fields["titre"] == "t"
    assert fields["agrégation"] == "moyenne arithmétique"
    assert fields["pondérations des piliers"] == "protection 1, envois de fonds 2"
    assert any(r and r[0] == "Définitions des indicateurs" for r in meta)
    row = next(r for r in meta if r and r[0] == "remittance_cost_corridor")
    assert "Coût total moyen de l'envoi de 200 dollars É.-U. dans le corridor (RPW, Banque mondiale)" in row


def test_metadata_sheet_in_english_is_unchanged():
    _, meta = _sheets("en")
    fields = {r[0]: r[1] for r in meta if r and r[0]}
    assert fields["field"] == "value" and fields["aggregation"] == "arithmetic mean"
    assert fields["pillar weights"] == "protection 1, remittance 2"
