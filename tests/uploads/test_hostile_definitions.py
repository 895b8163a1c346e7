"""Hostile indicator definitions (issue 12, item 3): a YAML alias bomb, anchors, tags (Python objects among them),
deep nesting, oversize text and values of the wrong shape are refused quickly, with a reason, before any value is
turned into text; through parse_proposal, ingest, the HTTP API (anonymous callers never reach the parser) and the
page's preview, which needs a signed-in group."""
from __future__ import annotations

import io
import time

import pytest

from indicators.store.observations import Store
from indicators.uploads import auth
from indicators.uploads.ingest import ingest_bytes
from indicators.uploads.proposals import MAX_DEFINITION_BYTES, parse_proposal

BOMB = "a: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi"))
HOSTILE = {
    "alias bomb (633 bytes)": BOMB,
    "one anchor": "id: &x new_score\nname: *x\n",
    "python object tag": "id: !!python/object/apply:os.system ['echo owned']\n",
    "python name tag": "id: !!python/name:os.system\n",
    "local tag": "id: !custom new_score\n",
    "explicit str tag": "id: !!str new_score\n",
    "deep nesting": "a: " + "[" * 3000 + "]" * 3000 + "\n",
    "nested mapping": "thresholds: {best: 1}\n",
    "list of lists": "series_codes: [[A, B]]\n",
    "date value": "definition: 2020-01-01\n",
    "number as field name": "1: x\n",
    "too many fields": "".join(f"f{k}: {k}\n" for k in range(41)),
    "too long": "definition: " + "x" * MAX_DEFINITION_BYTES + "\n",
    "not a mapping": "- a\n- b\n",
    "binary": "id: !!binary aGVsbG8=\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_refused_quickly_with_a_reason(name):
    t0 = time.perf_counter()
    with pytest.raises(ValueError) as exc:
        parse_proposal(HOSTILE[name])
    assert time.perf_counter() - t0 < 1.0
    assert len(str(exc.value)) > 20


def test_the_bomb_is_small_and_refused_at_its_first_anchor():
    assert len(BOMB.encode()) < 700
    with pytest.raises(ValueError, match="aliases and anchors"):
        parse_proposal(BOMB)


def test_good_definitions_still_parse():
    assert parse_proposal('{"id": "x", "thresholds": [1, 2, 3], "binary": false}') == {
        "id": "x", "thresholds": [1, 2, 3], "binary": False}
    assert parse_proposal("id: x\nname: 'A: quoted'\nweight: 1.5\nwindow: null\n")["name"] == "A: quoted"


def test_a_non_ascii_number_is_not_a_number():
    from indicators.uploads.proposals import _number
    assert _number("٣") is None and _number("３") is None and _number("3") == 3.0


@pytest.mark.parametrize("name", ["alias bomb (633 bytes)", "python object tag"])
def test_through_ingest_nothing_is_written(name, tmp_path):
    store = Store(tmp_path / "data")
    res = ingest_bytes(b"indicator_id,iso3,period,value\nx,KEN,2019,3\n", "a.csv", "g", store=store,
                       proposal=HOSTILE[name])
    assert not res.ok and "indicator definition" in str(res.problems[0]) and store.file_state() == {}


def test_through_the_api_anonymous_callers_never_reach_the_parser(tmp_path, monkeypatch):
    from app import server
    import indicators.uploads.proposals as proposals
    d = tmp_path / "data"
    token = auth.add_group("Group A", d)
    monkeypatch.setenv("MPD_DATA_DIR", str(d))
    calls = []
    real = proposals.parse_proposal
    monkeypatch.setattr(proposals, "parse_proposal", lambda text: calls.append(text) or real(text))
    client = server.test_client()
    data = {"file": (io.BytesIO(b"indicator_id,iso3,period,value\nx,KEN,2019,3\n"), "a.csv"),
            "definition": BOMB, "dry_run": "1"}
    assert client.post("/api/uploads", content_type="multipart/form-data", data=data).status_code == 401
    assert calls == []
    data["file"] = (io.BytesIO(b"indicator_id,iso3,period,value\nx,KEN,2019,3\n"), "a.csv")
    r = client.post("/api/uploads", headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data",
                    data=data)
    assert r.status_code == 422 and "aliases and anchors" in r.json["problems"][0]["reason"]
