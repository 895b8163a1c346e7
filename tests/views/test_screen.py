"""On-screen fitting of figures: titles and source lines wrap, colour bars move beside the plot."""
from __future__ import annotations

from indicators.views import screen


def test_wrap_text_breaks_at_spaces_within_the_width():
    text, n = screen.wrap_text("Cost of sending USD 200 from Qatar to Nepal", 20)
    assert text == "Cost of sending USD<br>200 from Qatar to<br>Nepal"
    assert n == 3


def test_wrap_text_keeps_existing_breaks_and_long_words():
    text, n = screen.wrap_text("a<br>supercalifragilistic b", 5)
    assert text == "a<br>supercalifragilistic<br>b"
    assert n == 3


def test_short_text_is_one_line():
    assert screen.wrap_text("Short", 40) == ("Short", 1)


def test_for_screen_wraps_title_and_source_and_adds_margin_without_touching_the_input():
    fig = {"data": [{"type": "choropleth", "colorbar": {"thickness": 12}}],
           "layout": {"title": {"text": "x " * 30}, "margin": {"t": 45, "b": 50, "r": 5},
                      "annotations": [{"name": "source", "text": "word " * 30}, {"text": "other " * 30}]}}
    out = screen.for_screen(fig)
    # 30 two-character words (59 characters) wrap into 2 lines of 40; 150 characters of source into 3 lines of 54
    assert out["layout"]["title"]["text"].count("<br>") == 1
    assert out["layout"]["margin"]["t"] == 45 + 20
    assert out["layout"]["annotations"][0]["text"].count("<br>") == 2
    assert out["layout"]["margin"]["b"] == 50 + 2 * 13
    assert "<br>" not in out["layout"]["annotations"][1]["text"]       # only the source line is wrapped
    assert out["data"][0]["colorbar"]["x"] == 1.0 and out["layout"]["margin"]["r"] == 70
    assert fig["layout"]["title"]["text"] == "x " * 30 and "x" not in fig["data"][0]["colorbar"]


def test_a_top_anchored_title_of_several_lines_is_padded_down_by_plotlys_shift():
    # plotly.js draws such a title 0.7 em higher than one line: padded by that much, its first line is not cut
    wrapped = screen.for_screen({"layout": {"title": {"text": "x " * 30, "y": 0.99, "yanchor": "top",
                                                      "font": {"size": 15}}}})
    assert wrapped["layout"]["title"]["pad"] == {"t": 10}                                 # round(0.7 * 15)
    padded = screen.for_screen({"layout": {"title": {"text": "x " * 30, "yanchor": "top", "pad": {"t": 4, "l": 2}},
                                           "font": {"size": 20}}})
    assert padded["layout"]["title"]["pad"] == {"t": 4 + 14, "l": 2}                      # the layout's font size
    one_line = screen.for_screen({"layout": {"title": {"text": "Short", "yanchor": "top"}}})
    auto = screen.for_screen({"layout": {"title": {"text": "x " * 30}}})
    assert "pad" not in one_line["layout"]["title"] and "pad" not in auto["layout"]["title"]


def test_for_screen_grows_a_fixed_height_and_leaves_hidden_scales():
    fig = {"data": [{"colorbar": {}, "showscale": False}],
           "layout": {"title": {"text": "a " * 25}, "height": 400}}
    out = screen.for_screen(fig)
    assert out["layout"]["height"] == 420
    assert "x" not in out["data"][0]["colorbar"] and "r" not in out["layout"]["margin"]
