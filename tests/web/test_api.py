"""The HTTP API for scripted uploads, through the Flask test client of the real app, on a temporary data directory."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from indicators.uploads import auth
from indicators.store.observations import Store

from tests.conftest import FILES, HOSTILE
GOOD = b"indicator_id,iso3,period,value,source\nlabour_rights_sdg882,KEN,2019,3.5,Kenya inspectorate\n" \
       b"labour_rights_sdg882,UGA,2019,4,\n"


@pytest.fixture(scope="module")
def client():
    """The dashboard's Flask server (blueprint registered by app.py)."""
    from app import server
    return server.test_client()


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A data directory with two groups; MPD_DATA_DIR points at it. Returns (dir, token A, token B)."""
    d = tmp_path / "data"
    a, b = auth.add_group("Group A", d), auth.add_group("Group B", d)
    monkeypatch.setenv("MPD_DATA_DIR", str(d))
    return d, a, b


def post(client, token, data=GOOD, name="survey.csv", **form):
    """POST a file to /api/uploads."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/uploads", headers=headers, content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), name), **form})


def state(d: Path) -> dict:
    """Everything in the data directory except the groups file."""
    return {k: v for k, v in Store(d).file_state().items() if "groups" not in k}


def test_upload_commits_and_answers_with_id_rows_and_changes(client, env):
    d, a, _ = env
    r = post(client, a, note="first")
    assert r.status_code == 201, r.json
    body = r.json
    assert body["ok"] and body["upload_id"] and body["rows"] == 2 and body["group"] == "Group A"
    assert body["changes"] == {"new": 2, "changed": 0, "unchanged": 0} and body["layout"] == "long"
    log = Store(d).uploads().iloc[0]
    assert (log["upload_id"], log["group"], log["file_name"], log["note"]) == (body["upload_id"], "Group A",
                                                                                "survey.csv", "first")
    listing = client.get("/api/uploads").json["uploads"]
    assert [u["upload_id"] for u in listing] == [body["upload_id"]] and listing[0]["rows"] == 2
    assert client.get(f"/api/uploads/{body['upload_id']}").json["group"] == "Group A"
    again = post(client, a, data=GOOD.replace(b"2019,4", b"2019,4.5")).json
    assert again["changes"] == {"new": 0, "changed": 1, "unchanged": 1}


@pytest.mark.parametrize("who,status", [(None, 401), ("mpdg_" + "z" * 43, 401), ("garbage", 401)])
def test_missing_or_wrong_credential_writes_nothing(client, env, who, status):
    d, *_ = env
    before = state(d)
    r = post(client, who)
    assert r.status_code == status and not r.json["ok"] and "credential" in r.json["error"]
    assert r.headers.get("WWW-Authenticate", "").startswith("Bearer")
    assert state(d) == before


def test_revoked_credential_is_403(client, env):
    d, a, _ = env
    auth.revoke_group("Group A", d)
    before = state(d)
    r = post(client, a)
    assert r.status_code == 403 and "revoked" in r.json["error"]
    assert state(d) == before


def test_dry_run_checks_without_writing(client, env):
    d, a, _ = env
    before = state(d)
    r = post(client, a, dry_run="1")
    assert r.status_code == 200 and r.json["ok"] and r.json["upload_id"] is None and r.json["rows"] == 2
    assert state(d) == before


def test_rejected_file_lists_problems_and_writes_nothing(client, env):
    d, a, _ = env
    before = state(d)
    r = post(client, a, data=b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,eleven\n")
    assert r.status_code == 422
    assert r.json["problems"] == [{"row": 2, "column": "value", "value": "eleven", "reason": "not a number"}]
    assert r.json["problem_count"] == 1 and state(d) == before


def test_normlex_ratification_table_through_the_layout_field(client, env):
    d, a, _ = env
    table = (FILES / "normlex_ratifications_from_store.csv").read_bytes()
    before = state(d)
    bad = post(client, a, data=b"Country,Convention,Date,Status\nKenya,C098,1918,In Force\n", layout="normlex")
    assert bad.status_code == 422 and state(d) == before
    assert bad.json["problems"][0]["column"] == "Date" and "1919" in bad.json["problems"][0]["reason"]
    r = post(client, a, data=table, name="normlex.csv", layout="normlex")
    assert r.status_code == 201, r.json
    assert r.json["layout"] == "normlex" and r.json["rows"] == 76 and r.json["changes"]["new"] == 76
    assert len(r.json["set_aside"]) == 20
    got = Store(d).observations("ilo_c105_ratified")
    assert sorted(got.loc[got["iso3"] == "SGP", ["period", "value"]].values.tolist()) == [["1965", 1.0],
                                                                                       ["1979", 0.0]]


def test_size_limit_is_413_and_writes_nothing(client, env, monkeypatch):
    d, a, _ = env
    monkeypatch.setenv("MPD_MAX_UPLOAD_BYTES", "1000")
    before = state(d)
    r = post(client, a, data=GOOD + b"#" * 400_000)
    assert r.status_code == 413 and "over the limit of 1,000 bytes" in r.json["error"]
    r = post(client, a, data=GOOD + b"labour_rights_sdg882,TZA,2019,4\n" * 40)
    assert r.status_code in (413, 422)
    assert state(d) == before


def test_file_field_missing_is_400(client, env):
    _, a, _ = env
    r = client.post("/api/uploads", headers={"Authorization": f"Bearer {a}"}, data={"note": "x"})
    assert r.status_code == 400


def test_file_name_is_never_a_path(client, env):
    d, a, _ = env
    r = post(client, a, name="../../etc/passwd\x07.csv")
    assert r.status_code == 201 and Store(d).uploads().iloc[0]["file_name"] == "passwd.csv"


def test_retract_only_own_uploads_and_only_once(client, env):
    d, a, b = env
    uid = post(client, a).json["upload_id"]
    h = {"Authorization": f"Bearer {b}"}
    assert client.post(f"/api/uploads/{uid}/retract", headers=h).status_code == 403
    assert client.post(f"/api/uploads/{uid}/retract").status_code == 401
    assert client.post("/api/uploads/nope/retract", headers=h).status_code == 404
    r = client.post(f"/api/uploads/{uid}/retract", headers={"Authorization": f"Bearer {a}"},
                    json={"note": "wrong survey year"})
    assert r.status_code == 200 and r.json["upload_id"] == uid
    log = Store(d).uploads().set_index("upload_id")
    assert log.at[uid, "status"] == "retracted" and log.at[uid, "retraction_note"] == "wrong survey year"
    assert client.post(f"/api/uploads/{uid}/retract", headers={"Authorization": f"Bearer {a}"}).status_code == 409
    assert Store(d).observations().empty


def test_as_of_templates_and_codes(client, env):
    d, a, _ = env
    first = post(client, a).json["upload_id"]
    post(client, a, data=GOOD.replace(b"2019,4", b"2019,4.5"))
    text = client.get(f"/api/uploads/{first}/as-of.csv?indicator=labour_rights_sdg882").data.decode("utf-8-sig")
    assert "UGA,2019,total,4.0" in text
    assert client.get("/api/uploads/nope/as-of.csv").status_code == 404
    t = client.get("/api/templates/remittance_cost_corridor.csv")
    assert t.status_code == 200 and t.headers["Content-Type"].startswith("text/csv")
    assert t.data.decode("utf-8-sig").startswith("indicator_id,origin_iso3,destination_iso3,period,value")
    assert client.get("/api/templates/remittance_cost_home_from.csv").status_code == 404     # derived
    codes = client.get("/api/codes.csv?indicator=labour_rights_sdg882").data.decode("utf-8-sig")
    assert "iso3,KEN,Kenya" in codes and "valid range 0 to 10" in codes
    fr = client.get("/api/codes.csv?indicator=labour_rights_sdg882&lang=fr").data.decode("utf-8-sig")
    assert "iso3,KEN,Kenya" in fr and "plage valide 0 à 10" in fr and "valid range" not in fr
    es = client.get("/api/codes.csv?indicator=labour_rights_sdg882", headers={"Accept-Language": "es"})
    assert "iso3,KEN,Kenia" in es.data.decode("utf-8-sig") and es.headers["Content-Language"] == "es"


def test_proposal_through_the_api(client, env, files):
    from tests.uploads.test_formats import PROPOSAL, WDI
    d, a, _ = env
    r = post(client, a, data=(files / WDI).read_bytes(), name=WDI, definition=PROPOSAL)
    assert r.status_code == 201, r.json
    assert {s["value"] for s in r.json["set_aside"]} == {"AFE", "HIC", "WLD"}
    assert "remittances_paid_usd" in client.get("/api/codes.csv").data.decode("utf-8-sig")
    bad = post(client, a, data=(files / WDI).read_bytes(), name=WDI, definition="id: remittances_paid_usd\n")
    assert bad.status_code == 422 and any("already exists" in p["reason"] for p in bad.json["problems"])


@pytest.mark.parametrize("case", [c for c in json.loads((HOSTILE / "MANIFEST.json").read_text("utf-8"))["files"]
                                  if c["outcome"] == "reject"], ids=lambda c: c["file"])
def test_hostile_corpus_through_the_api(client, env, monkeypatch, case):
    d, a, _ = env
    monkeypatch.setenv("MPD_MAX_UPLOAD_BYTES", str(64 * 1024))
    monkeypatch.setenv("MPD_MAX_UPLOAD_ROWS", "1000")
    before = state(d)
    r = post(client, a, data=(HOSTILE / case["file"]).read_bytes(), name=case["file"])
    assert r.status_code in (413, 422), r.json
    assert state(d) == before
    if r.status_code == 422:
        assert case["reason"] in r.json["problems"][0]["reason"]


def test_problems_in_the_requested_language_with_neutral_rows_and_columns(client, env):
    # ?lang=fr (or Accept-Language: es): the reasons in that language; row, column and value as in English
    d, a, _ = env
    bad = b"indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2019,abc\nlabour_rights_sdg882,XXY,2019,3\n"
    en = post(client, a, data=bad, dry_run="1").json
    fr = client.post("/api/uploads?lang=fr", headers={"Authorization": f"Bearer {a}"},
                     content_type="multipart/form-data", data={"file": (io.BytesIO(bad), "bad.csv"), "dry_run": "1"})
    es = client.post("/api/uploads", headers={"Authorization": f"Bearer {a}", "Accept-Language": "es-ES,es;q=0.9"},
                     content_type="multipart/form-data", data={"file": (io.BytesIO(bad), "bad.csv"), "dry_run": "1"})
    assert fr.status_code == es.status_code == 422 and fr.json["lang"] == "fr" and es.json["lang"] == "es"
    where = [(p["row"], p["column"], p["value"]) for p in en["problems"]]
    assert where == [(p["row"], p["column"], p["value"]) for p in fr.json["problems"]] == \
        [(p["row"], p["column"], p["value"]) for p in es.json["problems"]] == [(2, "value", "abc"), (3, "iso3", "XXY")]
    assert [p["reason"] for p in en["problems"]] == ["not a number", "unknown ISO 3166-1 alpha-3 country code"]
    assert [p["reason"] for p in fr.json["problems"]] == ["n’est pas un nombre",
                                                          "code de pays ISO 3166-1 alpha-3 inconnu"]
    assert [p["reason"] for p in es.json["problems"]] == ["no es un número",
                                                          "código de país ISO 3166-1 alfa-3 desconocido"]
    assert "Accept-Language" in es.headers["Vary"] and es.headers["Content-Language"] == "es"
