"""Numbers, percentages, quarters, dates and Plotly settings per language (Babel's CLDR data), worked by hand."""
import datetime as dt

from indicators.i18n import formats as f, use

NNBSP, NBSP = "\u202f", "\u00a0"      # French groups with a narrow no-break space; the % sign follows a no-break space


def test_decimal_sign_and_grouping():
    assert f.number(1234.567, 1, "en") == "1,234.6"
    assert f.number(1234.567, 1, "fr") == f"1{NNBSP}234,6"
    assert f.number(1234.567, 1, "es") == "1.234,6"
    assert f.number(0.5, 2, "fr") == "0,50"
    assert f.number(float("nan"), 1, "fr") == "–" and f.number(None) == "–"
    assert f.integer(12345, "es") == "12.345" and f.integer(7, "fr") == "7"


def test_percent_keeps_the_value_and_writes_the_sign_per_language():
    assert f.percent(6.54, 1, "en") == "6.5 %"
    assert f.percent(6.54, 1, "fr") == f"6,5{NBSP}%"
    assert f.percent(6.54, 1, "es") == f"6,5{NBSP}%"
    assert f.share(0.42, 0, "fr") == f"42{NBSP}%"


def test_quarters_and_years():
    assert f.period("2020Q2", "en") == "2020Q2"          # English keeps the data's own notation
    assert f.period("2020Q2", "fr") == "T2 2020"
    assert f.period("2020Q4", "es") == "T4 2020"
    assert f.period(2019, "fr") == "2019"


def test_significant_digits_like_g_format():
    assert f.significant(2.456789, 4, "en") == "2.457"
    assert f.significant(2.456789, 4, "fr") == "2,457"
    assert f.significant(3.0, 4, "es") == "3"


def test_dates_written_out():
    d = dt.date(2026, 12, 4)
    assert f.date(d, "en") == "December 4, 2026"
    assert f.date(d, "fr") == "4 décembre 2026"
    assert f.date(d, "es") == "4 de diciembre de 2026"


def test_plotly_locale_and_separators():
    assert f.separators("en") == ".," and f.separators("fr") == "," + NNBSP and f.separators("es") == ",."
    assert f.plotly_locale("en") is None and f.plotly_locale("fr") == "fr"
    with use("es"):
        assert f.graph_config({"displaylogo": False}) == {"displaylogo": False, "locale": "es"}
        fig = {"data": [], "layout": {"title": "t"}}
        out = f.localise_figure(fig)
        assert out["layout"] == {"title": "t", "separators": ",."} and fig["layout"] == {"title": "t"}


def test_sort_key_ignores_accents_and_case():
    names = ["Égypte", "Espagne", "allemagne", "Zambie"]
    assert sorted(names, key=f.sort_key) == ["allemagne", "Égypte", "Espagne", "Zambie"]


def test_plotly_locale_files_are_served_from_assets():
    from indicators.store.config import ASSETS_DIR
    for lang in ("fr", "es"):
        text = (ASSETS_DIR / f"plotly-locale-{lang}.js").read_text(encoding="utf-8")
        assert f'name:"{lang}"' in text and "PlotlyLocales" in text
