"""The API's form fields read strictly (issue 12): a boolean other than 1/true/yes/on or 0/false/no/off is refused
(422: `dry_run=y` used to commit), a field or a file part given twice is refused (400), and a dry run needs a
working-group credential like a commit (issue 12, item 2). Nothing is written by any refused request."""
from __future__ import annotations

import io

import pytest

from indicators.store.observations import Store

GOOD = b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,3\n"


@pytest.fixture
def api(group_api):
    """(client, token, data dir) over a fresh data directory with one group (tests/conftest.py)."""
    return group_api


def state(d) -> dict:
    """The data directory without the groups file."""
    return {k: v for k, v in Store(d).file_state().items() if "groups" not in k}


def post(client, token, data):
    """POST /api/uploads with multipart data (a list of pairs keeps repeated fields)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/uploads", headers=headers, content_type="multipart/form-data", data=data)


@pytest.mark.parametrize("value", ["y", "Y", "2", "maybe", "tru", "nein", "-1"])
def test_unknown_boolean_is_refused_and_nothing_is_committed(api, value):
    client, token, d = api
    r = post(client, token, {"file": (io.BytesIO(GOOD), "a.csv"), "dry_run": value})
    assert r.status_code == 422 and "dry_run must be one of" in r.json["error"]
    assert state(d) == {}


@pytest.mark.parametrize("value, status", [("1", 200), ("true", 200), ("YES", 200), ("on", 200), ("0", 201),
                                           ("false", 201), ("no", 201), ("off", 201), ("", 201)])
def test_known_booleans(api, value, status):
    client, token, d = api
    r = post(client, token, {"file": (io.BytesIO(GOOD), "a.csv"), "dry_run": value})
    assert r.status_code == status, r.json
    assert bool(state(d)) == (status == 201)


def test_two_file_parts_are_refused(api):
    client, token, d = api
    from werkzeug.datastructures import MultiDict
    data = MultiDict([("file", (io.BytesIO(GOOD), "a.csv")), ("file", (io.BytesIO(GOOD), "b.csv"))])
    r = post(client, token, data)
    assert r.status_code == 400 and "one file per request" in r.json["error"] and state(d) == {}


@pytest.mark.parametrize("field", ["dry_run", "note", "layout", "indicator"])
def test_a_field_given_twice_is_refused(api, field):
    client, token, d = api
    from werkzeug.datastructures import MultiDict
    data = MultiDict([("file", (io.BytesIO(GOOD), "a.csv")), (field, "0"), (field, "1")])
    r = post(client, token, data)
    assert r.status_code == 400 and "given 2 times" in r.json["error"] and state(d) == {}


@pytest.mark.parametrize("token", [None, "mpdg_" + "q" * 43])
def test_a_dry_run_needs_a_credential(api, token):
    client, _, d = api
    r = post(client, token, {"file": (io.BytesIO(GOOD), "a.csv"), "dry_run": "1"})
    assert r.status_code == 401 and state(d) == {}

