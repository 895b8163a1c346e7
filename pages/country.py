"""Country profile page: /country/<ISO3> — pillar scores, peers, indicators with trends, corridors, explanation."""
from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from indicators.i18n import N_, _
from indicators.i18n.countries import country_name, localise_names
from indicators.i18n.groupings import region_line
from indicators.i18n.formats import number, sort_key
from indicators.scoring.wording import play_reason
from indicators.store.catalogue_text import localised
from indicators.views import profile as pr
from indicators.store.catalogue import PILLARS
from indicators.store.countries import country_table
from indicators.views.figures import all_rating_labels, rating_colour
from indicators.scoring.explain import explain, explain_text
from indicators.scoring.ratings import rate_score
from indicators.scoring.provenance import sources_line
from indicators.scoring.service import (catalogue, indicator_series, scorecard, scores_version,
    version_line)
from indicators.scoring.vintage import vintage_note
from indicators.views.urlstate import make_search, settings_from_query, settings_search, update_search
from pages._export import briefing_control
from pages._later import drawn_later
from pages._layouts import redrawable, scores_notice, shared_layout
from pages._shared import DARK_BACKGROUNDS, chart_card, data_table, empty_note, opened_later, rating_badge
from pages._data import store
from pages._language import dropdown, in_language, lang_query, title

dash.register_page(__name__, path_template="/country/<iso3>", title=title(N_("Country profile")),
                   name="Country profile")



def _picker(iso3: str | None) -> dcc.Dropdown:
    """Country switcher (searchable)."""
    t = country_table()
    names = localise_names(dict(zip(t["iso3"], t["name"])))
    return dropdown(id="country-picker", options=[{"label": names[i], "value": i}
                                                  for i in sorted(names, key=lambda c: sort_key(names[c]))],
                    value=iso3, placeholder=_("Type or choose a country"), clearable=False, searchable=True)


def _score_card(label: str, score, rating: str, sides: str = "") -> dbc.Col:
    """One pillar or index score with its score band in words and colour (a composite: no SDG label), and for a
    pillar its side scores in law and in practice."""
    text = _("n/a") if pd.isna(score) else number(score, 1)          # the badge says "Insufficient data"
    return dbc.Col(dbc.Card(dbc.CardBody([html.Div(label, className="small text-muted"),
                                          html.Div(text, className="fs-4 fw-semibold"),
                                          rating_badge(rating, rating_colour(rating)),
                                          html.Div(sides, className="small text-muted mt-1 country-sides")
                                          if sides else None])), md=2, sm=4, xs=6)


def _rating_styles(column: str) -> list[dict]:
    """Conditional cell colours of a rating column (the words stay, so colour is not the only carrier)."""
    return [{"if": {"filter_query": f'{{{column}}} = "{label}"', "column_id": column},
             "backgroundColor": colour, "color": "#fff" if rid in DARK_BACKGROUNDS else "#222"}
            for rid, label, colour in all_rating_labels()]


def _unknown(code: str, query: dict) -> html.Div:
    """A friendly page for a code that is not a country: close matches and the country picker."""
    search = make_search({**settings_from_query(query).query(), **lang_query()})
    hints = pr.suggestions(code) if code else []
    links = [html.Span([dcc.Link(name, href=f"/country/{iso}{search}"), " "]) for iso, name in hints]
    return html.Div([
        html.H1(_("Country profile"), className="h3"),
        dbc.Alert([html.Div(_("No country with the code {code}.").format(code=repr(code)) if code
                            else _("No country given.")),
                   html.Div([_("Did you mean: "), *links], className="mt-1") if links else None,
                   html.Div(_("Choose a country from the list (type to search):"), className="mt-1")],
                  color="warning", id="country-unknown"),
        _picker(None), dcc.Store(id="country-shown", data={"iso3": None, "ind": None}),
    ])


@redrawable
def layout(iso3: str | None = None, **query) -> html.Div:
    """The profile of the country in the path, for the settings in the URL."""
    return in_language(query, lambda lang: _layout(iso3, lang, query))


def _layout(iso3: str | None, lang: str, query: dict) -> html.Div:
    """The profile in the language in force (built once per data version, view and language)."""
    code = (iso3 or "").strip().upper()
    info = pr.country_info(code)
    if info is None:
        return _unknown(code, query)
    info = {**info, "name": country_name(code, info["name"])}
    s = settings_from_query(query)
    st = store()
    cat = localised(catalogue(st))
    version = scores_version(st, s.year, s.custom_weights, s.aggregation)
    key = ("country-layout", code, s.year, str(s.weights), s.aggregation, query.get("ind"), lang)
    return shared_layout(st, version, key, lambda: _build(st, cat, s, code, info, query.get("ind"), version))


def _corridor_table(table_id: str, df: pd.DataFrame, other: str, empty: str) -> html.Div | dbc.Alert:
    """Corridors with the other end's name linking to the corridor view (downloads keep plain names and the URL)."""
    if df.empty:
        return empty_note(empty)
    out = data_table(table_id, df, page_size=10, markdown_options={"link_target": "_self"},
                     css=[{"selector": ".dash-cell-value p", "rule": "margin: 0"}])
    shown = df.drop(columns=["link", "origin" if other == "destination" else "destination"])
    shown[other] = [f"[{n}]({u})" for n, u in zip(df[other], df["link"])]
    table = out.children[-1]
    table.data = shown.to_dict("records")
    table.columns = [{"name": _(c), "id": c, **({"presentation": "markdown"} if c == other else {})}
                     for c in shown.columns]
    return out


def _explain_panel(ex: dict, name: str) -> html.Details:
    """The explanation of the score as tables and the index formula, plus the CLI text."""
    inds, pils, formula = pr.explain_frames(ex, name)
    panel = html.Div([
        html.P(ex["note"], className="small"),
        html.H3(_("Indicators"), className="h6"),
        data_table("country-explain-indicators", inds, page_size=25, export=False,
                   style_data_conditional=_rating_styles("rating")),
        html.H3(_("Pillars (weighted mean of the counted indicator scores)"), className="h6 mt-2"),
        data_table("country-explain-pillars", pils, page_size=5, export=False),
        html.P(formula, className="fw-semibold mt-2", id="country-explain-formula"),
        html.Details([html.Summary(_("As plain text (the same as the command-line `explain`)"), className="small"),
                      html.Pre(explain_text(ex, name), className="small", style={"whiteSpace": "pre-wrap"})]),
    ], id="country-explain", className="mt-2")
    # drawn when first opened (its two tables would otherwise render, hidden, before the page's first chart)
    return opened_later(html.Summary(_("Explain this score"), className="fw-semibold"), panel, "country-explain",
                        className="mt-3 mb-3")


def _score_cards(card, cat, code: str, h: dict) -> list[dbc.Col]:
    """The overall index and each pillar with its score band; a pillar also with its side scores."""
    bands = cat.settings.get("score_bands", [75, 50, 25])
    cards = [_score_card(_("Overall index"), h["overall"], h["rating"])]
    sides = pr.side_scores(card, code)
    for p in PILLARS:
        v = h.get(p, float("nan"))
        cards.append(_score_card(cat.pillars[p]["name"], v, rate_score(v, bands),
                                 pr.side_text(sides[p]) if any(pd.notna(x) for x in sides[p].values()) else ""))
    return cards


def _trend(st, cat, code: str, name: str, year: int, ind: str | None):
    """The trend chart of one indicator for the country, with its own sources (or why there is none)."""
    if not ind:
        return empty_note(_("No indicator has data for this country."))
    meta = cat.get(ind)
    rows = indicator_series(st, ind)                  # every country's values, materialised per data version
    series = pr.series_for(rows, code, ind)
    derived = "" if pd.isna(meta.get("derived_from")) else " " + _(
        "Each year's value is the mean over the country's corridors of that year, weighted by migrant stock as "
        "the indicator table and 'Explain this score' say, so it can differ from the value scored in the window.")
    source = pr.series_source(rows, code, ind, cat) if pd.isna(meta.get("derived_from")) else meta["source"]
    return chart_card("country-trend", pr.trend_figure(series, meta, name, year, source).to_dict(),
                      _("{name}. Unit: {unit}. Source: {source}. Dashed grey lines: goalposts of the 0-100 score; "
                        "dotted coloured lines: rating thresholds; vertical line: reference year.").format(
                          name=meta['name'], unit=meta['unit'], source=source) + derived,
                      series.rename(columns={"year": _("year"), "value": _("value")}))


def _build(st, cat, s, code, info, chosen, version: str) -> html.Div:
    """Assemble the profile components (the scores of the data version served: scores_version)."""
    card = scorecard(st, s.year, s.custom_weights, s.aggregation, version)
    h = pr.header(card, code)
    search = make_search({**s.query(), **lang_query()})
    scores = _score_cards(card, cat, code, h)
    peers = pr.peer_table(card, code)
    sources = sources_line(card.indicators[card.indicators["iso3"] == code])
    ex = explain(card, code, cat)                  # once: the indicator table and band notes read it too
    table = pr.indicator_display(pr.indicator_table(card, code, cat, ex))
    choices = pr.trend_choices(card, code, cat)
    ind = chosen if chosen in [c["value"] for c in choices] else (choices[0]["value"] if choices else None)
    trend = _trend(st, cat, code, info["name"], s.year, ind)
    as_origin = pr.corridors_of(card, code, "origin", search)
    as_dest = pr.corridors_of(card, code, "destination", search)
    flow = pr.corridor_map(card, code, info["name"], s.year)
    recruitment = play_reason(card.in_play["recruitment"]) if not card.in_play["recruitment"]["in_play"] else ""
    region = region_line(info)
    reference = _("reference year {year}").format(year=s.year)
    return html.Div([
        dbc.Row([dbc.Col(html.H1(info["name"], className="h3", id="country-name"), md=8),
                 dbc.Col(_picker(code), md=4)]),
        html.P([f"{region} · {reference} · ",
                html.Span(pr.rank_text(h), className="fw-semibold")], className="text-muted mb-1", id="country-rank"),
        html.P(f"{vintage_note(card.indicators[card.indicators['iso3'] == code], cat, s.year)} · "
               f"{version_line(st)}", className="small text-muted", id="country-vintage"),
        briefing_control("country", code),
        scores_notice(st, version),
        dbc.Alert(card.index_note(), color="info", className="py-2 small"),
        dbc.Row(scores, className="g-2 mb-2", id="country-scores"),
        html.P(_("Scores 0-100 with neutral bands (high 75+, medium 50+, low 25+, very low): composites of "
                 "indicators, to which no SDG target applies."), className="small text-muted mb-1"),
        html.Ul([html.Li(n) for n in pr.band_notes(card, code, cat, ex)], className="small", id="country-band-notes"),
        chart_card("country-peers", pr.peer_figure(peers, _("{country} and its peers, {year}").format(
                       country=info['name'], year=s.year), sources, s.year).to_dict(),
                   _("Peer averages are means over the countries of the group (the country included) that have that "
                     "score; the legend gives the number of countries with at least one score. An empty slot says "
                     "why (insufficient data, never zero).") + (" " + _("Recruitment: {why}.").format(why=recruitment)
                                                                 if recruitment else ""),
                   peers.round(1)),
        drawn_later(html.Div([
            html.H2(_("Indicators"), className="h5 mt-3"),
            html.P(_("Latest value within each indicator's window up to the reference year; score 0-100 between the "
                     "goalposts; rating against the thresholds; trend towards 2030. Each pillar is the mean of what the "
                     "country has committed to in law (de jure: ratifications, policy ratings) and what happens in "
                     "practice (de facto); 'about' says whether an indicator is about migrants specifically or about all "
                     "workers. Context indicators (history such as the US TIP tiers) are shown but never counted."),
                   className="small text-muted"),
            data_table("country-indicators", table, page_size=30, export_name=f"{code}-indicators-{s.year}",
                       style_data_conditional=_rating_styles("rating")),
            html.P(pr.unmeasured_line(card, cat), className="small text-muted", id="country-unmeasured"),
        ]), "country-indicators-part", 900),
        drawn_later(html.Div([
            html.H2(_("Trend"), className="h5 mt-3"),
            html.Label(_("Indicator"), htmlFor="country-indicator", className="small"),
            dropdown(id="country-indicator", options=choices, value=ind, clearable=False, className="mb-2"),
            trend,
        ]), "country-trend-part", 650),
        drawn_later(html.Div([
            html.H2(_("Corridors"), className="h5 mt-3"),
            html.P(_("Corridors run in the direction people migrate (origin -> destination); the remittance cost is the "
                     "cost of sending USD 200 back along the corridor (SDG 10.c: 3 % target, no corridor above 5 %). "
                     "The name of the other country links to the corridor's own view."), className="small text-muted"),
            dbc.Row([dbc.Col([html.H3(_("Emigrants from {country} (origin)").format(country=info['name']), className="h6"),
                              _corridor_table("country-corridors-out", as_origin, "destination",
                                              _("No corridor data with this country as origin."))], lg=6),
                     dbc.Col([html.H3(_("Immigrants in {country} (destination)").format(country=info['name']),
                                      className="h6"),
                              _corridor_table("country-corridors-in", as_dest, "origin",
                                              _("No corridor data with this country as destination."))], lg=6)]),
            chart_card("country-flows", flow.to_dict(),
                       _("Lines join origin and destination; colour: cost of sending USD 200 back to the origin (bins 3 / "
                         "5 / 10 %); dotted grey: no cost data."),
                       pd.concat([as_origin, as_dest], ignore_index=True).drop(columns=["link"]))
            if flow is not None else html.Div(),
        ]), "country-corridors-part", 900),
        _explain_panel(ex, info["name"]),
        dcc.Store(id="country-shown", data={"iso3": code, "ind": ind}),     # what this render shows (see callbacks)
    ])


@callback(Output("url", "href", allow_duplicate=True), Input("country-picker", "value"), State("country-shown", "data"),
          State("url", "search"), prevent_initial_call=True)
def _switch(iso3, shown, search):
    """Open another country's profile, keeping the settings."""
    # act only on a real change: the picker also fires when the page is inserted, and a page on its way out (back
    # button) may fire with its own, now stale, value
    if not iso3 or iso3 == (shown or {}).get("iso3"):
        return no_update
    return f"/country/{iso3}" + settings_search(search)


@callback(Output("url", "search", allow_duplicate=True), Input("country-indicator", "value"),
          State("country-shown", "data"), State("url", "search"), prevent_initial_call=True)
def _pick_indicator(ind, shown, search):
    """Show another indicator's trend."""
    if not ind or ind == (shown or {}).get("ind"):
        return no_update                       # the indicator the page was drawn with: nothing to do
    new = update_search(search, ind=ind)
    return no_update if new == (search or "") else new
