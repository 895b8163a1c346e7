"""Self-describing export file names."""
from __future__ import annotations

from indicators.exports.filenames import chart_filename, export_filename

from tests.exports.samples import bar


def test_export_filename_says_what_it_is():
    assert export_filename("Remittance cost", "PAK-SAU", "2011-2024", "png") == "remittance-cost_PAK-SAU_2011-2024.png"
    assert export_filename("Côte d'Ivoire: index!", ["CIV"], 2020, "PDF") == "cote-d-ivoire-index_CIV_2020.pdf"
    assert export_filename("x/../../etc", "../KEN", None, "svg") == "x-etc_KEN.svg"   # no path tricks
    assert chart_filename(bar(), "svg") == "cost-of-sending-usd-200-home_2011-2020.svg"
    assert chart_filename(bar(), "png", "remittance-cost_PAK-SAU") == "remittance-cost_PAK-SAU_2011-2020.png"
    assert chart_filename(bar(), "png", None, "NPL-QAT") == "cost-of-sending-usd-200-home_NPL-QAT_2011-2020.png"
    fig = bar().update_layout(title="Migrant protection index, 2020")
    fig.layout.annotations[0].text = "Source: X; score 0-100; 2020"
    assert chart_filename(fig, "png") == "migrant-protection-index_2020.png"
