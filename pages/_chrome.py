"""The app's chrome (navbar, footer, language store) in the first layout as its callbacks would set it for the opened
URL: the language's words, the settings of the URL, the links carrying them. Those callbacks then need not run when a
page loads (they wait for the URL or the language to change): measured, their two waves of requests and re-renders
just after the first render delayed the first chart by 100-250 ms.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from dash import html

from pages import _language as language
from pages import _search as country_search
from pages import _settings as settings
from indicators.store.catalogue import PILLARS


def by_id(root: Any) -> dict[str, Any]:
    """The components of a layout with an id, by id (dict ids as sorted JSON)."""
    return {key(c.id): c for c in root._traverse() if getattr(c, "id", None) is not None}


def key(component_id: Any) -> str:
    """A component id as a dictionary key."""
    return json.dumps(component_id, sort_keys=True) if isinstance(component_id, dict) else component_id


def ids_of(found: dict[str, Any], kind: str) -> list[dict]:
    """The ids of the pattern-matched components of a type, in layout order."""
    return [c.id for c in found.values() if isinstance(c.id, dict) and c.id.get("type") == kind]


def put(found: dict[str, Any], prop: str, ids: list, values: list) -> None:
    """Set one property of several components."""
    for component_id, value in zip(ids, values):
        setattr(found[key(component_id)], prop, value)


def prime(root: html.Div, lang: str, pathname: str, search: str,
          chrome_texts: Callable[[str, list[dict]], tuple]) -> html.Div:
    """Set the chrome's freshly built components (root: the chrome alone, not the page) as the callbacks would for
    this URL and language (chrome_texts: the app's navbar and footer texts callback)."""
    found = by_id(root)
    nav, pillars, langs = ids_of(found, "nav-link"), ids_of(found, "settings-pillar"), ids_of(found, "lang-link")
    found["page-lang"].data = lang
    brand, footer, labels = chrome_texts(lang, nav)
    put(found, "children", ["navbar-brand", "footer-text"], [brand, footer])
    put(found, "children", nav, labels)
    put(found, "href", nav, settings._carry_settings(search, nav))
    options, placeholder, label, words = country_search._in_language(lang, None)
    put(found, "data", ["country-search-options"], [options])
    put(found, "placeholder", ["country-search"], [placeholder])
    put(found, "labels", ["country-search"], [words])
    put(found, "children", ["country-search-label"], [label])
    *texts, title, agg_options, pillar_names = settings._texts(lang, pillars)
    put(found, "children", list(settings.TEXTS), texts)
    put(found, "title", ["settings-panel"], [title])
    put(found, "options", ["settings-agg"], [agg_options])
    put(found, "children", pillars, pillar_names)
    *weights, agg, current = settings._from_url(search)
    put(found, "value", [f"settings-w-{p}" for p in PILLARS] + ["settings-agg"], [*weights, agg])
    put(found, "children", ["settings-current"], [current])
    hrefs, active = language._switch_hrefs(pathname, search, lang, langs)
    put(found, "href", langs, hrefs)
    put(found, "active", langs, active)
    return root
