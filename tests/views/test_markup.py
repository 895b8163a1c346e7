"""Uploaded text never becomes live markup in a figure: every figure builder escapes the texts it is given (titles,
units, sources, names, hover columns) where it puts them into the figure, and keeps its own <b> and <br>.
Each builder is called here with hostile text in every text it takes; the figure may hold only the builders' own
tags, and the hostile text is there, escaped (shown as typed)."""
from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from indicators.views import audit as av
from indicators.views import compare as cp
from indicators.views import corridor_trend as ct
from indicators.views import corridors as cv
from indicators.views import figures as F
from indicators.views import profile as pr
from indicators.views.choropleth import choropleth
from indicators.views.flows import flow_map
from indicators.views.markup import Markup, esc, join, markup, plain, template_text

EVIL = '<a href="http://evil.example/x">click</a> <b>bold</b><br>line <span style="font-size:99px">big</span> %{y}'
OWN_TAGS = {"<b>", "</b>", "<br>", "<extra>", "</extra>"}       # what the builders write themselves
TEMPLATE_KEYS = ("hovertemplate", "texttemplate")
NOT_SHOWN = ("legendgroup", "meta", "uid")                       # identities plotly never renders as text


def texts(obj, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, text) of every string in a figure dict, however deep."""
    if isinstance(obj, str):
        yield key, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from texts(v, k)
    elif isinstance(obj, (list, tuple, np.ndarray)):
        for v in obj:
            yield from texts(v, key)


def assert_no_live_markup(fig: go.Figure | dict, shown: int = 1) -> None:
    """Only the builders' own tags; no hostile tag, no placeholder smuggled into a template; the hostile text is
    there (escaped) at least `shown` times."""
    d = fig.to_dict() if isinstance(fig, go.Figure) else fig
    found = [(k, s) for k, s in texts(d) if k not in NOT_SHOWN]
    tags = {t for _, s in found for t in re.findall(r"<[^<>]*>", s)}
    assert tags <= OWN_TAGS, f"markup that is not the builders' own: {sorted(tags - OWN_TAGS)}"
    assert not [s for k, s in found if k in TEMPLATE_KEYS and "%{y} " in s.replace("%{y:", "")], "a placeholder"
    assert sum(esc("click</a> <b>bold</b>") in s for _, s in found) >= shown


# ---------------------------------------------------------------------- the markup helpers
def test_escape_shows_text_as_typed_and_keeps_own_markup():
    e = esc(EVIL)
    assert isinstance(e, Markup) and "<" not in e and ">" not in e and esc(e) is e      # escaping twice: no-op
    assert plain(e) == " ".join(EVIL.split()) and plain(markup("<b>{}</b><br>{}", "a<b>", "x")) == "a<b> x"
    assert markup("<b>{}</b>", "a & b") == "<b>a &amp; b</b>" and join("<br>", ["<i>", "x"]) == "&lt;i&gt;<br>x"
    assert esc(None) == "" and esc(3.5) == "3.5"
    assert template_text("%{y} of 100") == "&#37;{y} of 100"
    assert plain("A &amp; B<br>c &lt;a&gt;") == "A & B c <a>"


# ---------------------------------------------------------------------- every builder, hostile text everywhere
def test_choropleth():
    df = pd.DataFrame({"iso3": ["KEN", "UGA", "FJI"], "name": [EVIL, "Uganda", EVIL], "value": [1.0, 5.0, 2.0],
                       "year_used": [2020, 2019, 2020], "source": [EVIL, "x", EVIL]})
    fig = choropleth(df, "value", title=EVIL, unit=EVIL, source=EVIL, year_label="2020", value_label=EVIL,
                     thresholds=(4, 3, 2), hover_cols=("source",))
    assert_no_live_markup(fig, shown=5)
    assert plain(fig.layout.title.text) == plain(esc(EVIL))
    rated = choropleth(df, "value", title=EVIL, colour_mode="rating", thresholds=(4, 3, 2), hover_cols=("source",))
    assert_no_live_markup(rated)


def test_flow_map_and_corridor_figures():
    sel = pd.DataFrame({"origin_iso3": ["NPL", "IND"], "destination_iso3": ["QAT", "ARE"],
                        "origin_name": [EVIL, "India"], "destination_name": ["Qatar", EVIL],
                        "value": [4.0, 12.0], "note": [EVIL, "x"]})
    assert_no_live_markup(flow_map(sel, title=EVIL, unit=EVIL, source=EVIL, hover_cols=("note",)), shown=4)
    bars = sel.rename(columns={"value": "remittance_cost"}).assign(remittance_cost_year=2020)
    assert_no_live_markup(cv.bar_figure(bars, EVIL, 2020))
    q = ct.quarterly(pd.DataFrame({"period": ["2019Q1", "2019Q2"], "value": [4.0, 3.5]}))
    assert_no_live_markup(ct.trend_figure(q, EVIL, EVIL, EVIL))


def test_profile_figures():
    meta = {"name": EVIL, "short_name": EVIL, "unit": EVIL, "source": EVIL, "best": 100, "worst": 0,
            "thresholds": [90, 60, 30], "direction": "higher_is_better", "binary": False}
    series = pd.DataFrame({"year": [2018, 2019, 2020], "value": [40.0, 45.0, 50.0]})
    fig = pr.trend_figure(series, meta, EVIL, 2020)
    assert_no_live_markup(fig, shown=4)
    assert "&#37;{y}" in fig.data[0].hovertemplate                 # a unit's placeholder-like text is only text
    peers = pd.DataFrame([{"group": EVIL, "countries": 1, **{c: 50.0 for c in pr.SCORE_COLUMNS}},
                          {"group": EVIL, "countries": 9, **{c: np.nan for c in pr.SCORE_COLUMNS}}])
    assert_no_live_markup(pr.peer_figure(peers, EVIL, EVIL, 2020), shown=3)


def test_compare_figure():
    series = pd.DataFrame({"entity": [EVIL, EVIL, "Region: x"], "year": [2019, 2020, 2020], "value": [1.0, 2.0, 3.0],
                           "n": [1, 1, 4], "kind": ["country", "country", "aggregate"], "iso3": ["KEN"] * 3})
    from indicators.scoring.composition import Segment
    segments = [Segment(2019, 2019, frozenset(), ""), Segment(2020, 2020, frozenset(), f"+ {EVIL}; - x")]
    assert_no_live_markup(cp.figure(series, EVIL, EVIL, EVIL, (2019, 2020), segments), shown=4)


def test_audit_heatmap():
    m = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]])
    assert_no_live_markup(av.correlation_heatmap(m, [EVIL, "b"], EVIL, 2020, source=EVIL), shown=3)


def test_source_line_and_annotation():
    line = F.source_text(EVIL, EVIL, "2020")
    assert isinstance(line, Markup) and "<a" not in line and line.startswith("Source: &lt;a")
    fig = F.source_annotation(go.Figure(), EVIL)                   # plain text given: escaped
    assert fig.layout.annotations[0].text == esc(EVIL)
    assert F.source_annotation(go.Figure(), line).layout.annotations[0].text == line    # markup given: kept


def test_print_style_rewrites_texts_escaped():
    from indicators.exports.print_style import print_style
    fig = F.source_annotation(go.Figure(go.Bar(x=["a"], y=[1])), F.source_text(EVIL, "%", "2020"))
    fig.update_layout(title=esc(EVIL))
    styled = print_style(fig, unit=EVIL)
    assert_no_live_markup(styled, shown=2)
    assert styled.layout.title.text.startswith("<b>&lt;a href")    # our bold around the escaped title
