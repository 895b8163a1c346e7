"""Markdown drawn on the server (pages/_markdown.py): hand-written texts and the components they must give."""
from __future__ import annotations

from dash import html

from pages._markdown import markdown


def json(component) -> object:
    """A component tree as plain data (type, props without children, children), to compare trees."""
    if isinstance(component, list):
        return [json(c) for c in component]
    if not hasattr(component, "to_plotly_json"):
        return component
    props = {k: v for k, v in component.to_plotly_json()["props"].items() if k != "children"}
    return (type(component).__name__, props, json(getattr(component, "children", None)))


def test_blocks_and_inline_marks():
    got = markdown("""
        ## How

        Some *em*, **strong**, `code` and [a link](/methodology#open-data "Open data").
        Next line  
        after a break.
        """, id="m", className="small")
    want = html.Div([html.H2(["How"]),
                     html.P(["Some ", html.Em(["em"]), ", ", html.Strong(["strong"]), ", ", html.Code("code"),
                             " and ", html.A(["a link"], href="/methodology#open-data", title="Open data"), ".", "\n",
                             "Next line", html.Br(), "after a break."])], id="m", className="mpd-markdown small")
    assert json(got) == json(want)


def test_lists_tight_and_loose_and_numbered_from_three():
    got = markdown("- one\n- two\n\n3. three\n\n4. four\n")
    want = html.Div([html.Ul([html.Li(["one"]), html.Li(["two"])]),
                     html.Ol([html.Li([html.P(["three"])]), html.Li([html.P(["four"])])], start=3)],
                    className="mpd-markdown")
    assert json(got) == json(want)


def test_a_table_keeps_its_column_alignment():
    got = markdown("| country | cost |\n|:--|--:|\n| Nepal | 4.5 % |\n")
    want = html.Div([html.Table([
        html.Thead([html.Tr([html.Th(["country"], style={"textAlign": "left"}),
                             html.Th(["cost"], style={"textAlign": "right"})])]),
        html.Tbody([html.Tr([html.Td(["Nepal"], style={"textAlign": "left"}),
                             html.Td(["4.5 %"], style={"textAlign": "right"})])])])], className="mpd-markdown")
    assert json(got) == json(want)


def test_raw_html_stays_text_and_code_blocks_are_preformatted():
    got = markdown("<script>alert(1)</script>\n\ntext <b>bold</b> ~~old~~\n\n```\nx = 1\n```\n\n---\n")
    want = html.Div([html.P(["<script>alert(1)</script>"]),
                     html.P(["text <b>bold</b> ", html.S(["old"])]),
                     html.Pre(html.Code("x = 1\n")), html.Hr()], className="mpd-markdown")
    assert json(got) == json(want)
