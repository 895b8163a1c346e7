"""The chrome of the first layout (pages/_chrome.py) through the real app's `/_dash-layout` (Flask test client): set
for the opened URL as its callbacks would set it, so they need not run when the page loads."""
from __future__ import annotations

import pytest

from tests.pages.test_first import find, first_layout


@pytest.fixture(scope="module")
def client():
    from app import server
    return server.test_client()


def test_french_view_with_its_settings(client):
    layout = first_layout(client, "http://localhost/compare?lang=fr&w=1,1,2,1&agg=geometric")
    assert find(layout, "page-lang")["props"]["data"] == "fr"
    assert find(layout, "url")["props"]["pathname"] == "/compare"
    assert find(layout, "url")["props"]["search"] == "?lang=fr&w=1,1,2,1&agg=geometric"
    assert find(layout, "navbar-brand")["props"]["children"] == "Indicateurs de protection des migrants"
    overview = find(layout, {"type": "nav-link", "path": "/"})["props"]
    assert overview["children"] == "Vue d'ensemble"
    assert overview["href"].startswith("/?") and "agg=geometric" in overview["href"] and "lang=fr" in overview["href"]
    assert find(layout, "settings-w-remittance")["props"]["value"] == 2.0
    assert find(layout, "settings-agg")["props"]["value"] == "geometric"
    english = find(layout, {"type": "lang-link", "lang": "en"})["props"]
    assert english["href"].startswith("/compare?") and "lang=en" in english["href"] and english["active"] is False
    assert find(layout, {"type": "lang-link", "lang": "fr"})["props"]["active"] is True
    options = find(layout, "country-search-options")["props"]["data"]
    assert any(o["label"].startswith("Allemagne") for o in options)


def test_without_a_referer_the_browser_language_and_a_location_left_to_report_the_url(client):
    r = client.get("/_dash-layout", headers={"Accept-Language": "es"})
    layout = r.get_json()
    assert find(layout, "page-lang")["props"]["data"] == "es"
    assert "pathname" not in find(layout, "url")["props"]     # it reports the URL on mount: the callbacks fire



def test_dropdowns_speak_the_views_language(client):
    # Dash's own dropdown words ("3 selected", "Search", "No options found") are English unless given: every
    # dropdown of a page and the navbar's country search get them in the view's language
    layout = first_layout(client, "http://localhost/compare?lang=fr&countries=KEN,UGA,NPL")
    picked = find(layout, "compare-countries")["props"]["labels"]
    assert picked["selected_count"] == "{num_selected} sélectionnés" and picked["search"] == "Rechercher"
    assert find(layout, "country-search")["props"]["labels"]["no_options_found"] == "Aucun choix trouvé"
    english = first_layout(client, "http://localhost/compare")
    assert find(english, "compare-countries")["props"]["labels"]["selected_count"] == "{num_selected} selected"
