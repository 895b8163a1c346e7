"""The opened page in the app's first layout (pages/_first.py), through the real app's `/_dash-layout` (Flask test
client, bundled data): drawn in place for a page of the app named by a same-origin Referer, with its Location primed so
the routing callback does not fire; the placeholder otherwise."""
from __future__ import annotations

import pytest

from pages import _first


@pytest.fixture(scope="module")
def client():
    from app import server
    return server.test_client()


def find(node, component_id: str):
    """The component with this id in a layout's JSON, depth first, or None."""
    if isinstance(node, dict):
        if node.get("props", {}).get("id") == component_id:
            return node
        return next((hit for child in node.values() if (hit := find(child, component_id)) is not None), None)
    if isinstance(node, list):
        return next((hit for child in node if (hit := find(child, component_id)) is not None), None)
    return None


def first_layout(client, referer: str | None) -> dict:
    """The `/_dash-layout` answer for a page opened at referer (None: no Referer sent)."""
    r = client.get("/_dash-layout", headers={"Referer": referer} if referer else {})
    assert r.status_code == 200
    return r.get_json()


def test_the_opened_page_comes_with_the_first_layout(client):
    layout = first_layout(client, "http://localhost/country/KEN?year=2020")
    location = find(layout, "_pages_location")["props"]
    assert location["pathname"] == "/country/KEN" and location["search"] == "?year=2020"
    content = str(find(layout, "_pages_content"))
    assert "Kenya" in content and "mpd-page-loading" not in content
    assert find(layout, "_pages_store")["props"]["data"]["title"] == "Country profile - Migrant protection indicators"


def test_the_overview_and_its_query_string(client):
    layout = first_layout(client, "http://localhost/")
    location = find(layout, "_pages_location")["props"]
    assert (location["pathname"], location["search"]) == ("/", "")
    assert find(layout, "overview-map") is not None


def test_the_page_is_drawn_in_the_language_of_its_url(client):
    layout = first_layout(client, "http://localhost/compare?lang=fr")
    assert find(layout, "_pages_store")["props"]["data"]["title"].startswith("Comparer")


@pytest.mark.parametrize("referer", [None, "http://elsewhere.example/country/KEN", "http://localhost/no/such/page",
                                     "not a url"])
def test_otherwise_the_placeholder_and_the_routing_callback(client, referer):
    layout = first_layout(client, referer)
    location = find(layout, "_pages_location")["props"]
    assert "pathname" not in location and "search" not in location      # Location reports the URL: the callback fires
    assert "mpd-page-loading" in str(find(layout, "_pages_content"))


def test_a_page_that_fails_to_build_leaves_the_placeholder(client, monkeypatch):
    def broken(pathname: str, search: str):
        raise RuntimeError("no such scores")
    monkeypatch.setattr(_first, "page_for", broken)
    layout = first_layout(client, "http://localhost/compare")
    assert "pathname" not in find(layout, "_pages_location")["props"]
    assert "mpd-page-loading" in str(find(layout, "_pages_content"))


def test_the_country_search_waits_for_focus_with_its_options_in_a_store(client):
    layout = first_layout(client, "http://localhost/compare")
    assert find(layout, "country-search")["props"]["options"] == []
    stored = find(layout, "country-search-options")["props"]["data"]
    assert len(stored) > 200 and {"label", "value", "search"} <= set(stored[0])
