"""The read API /api/v1 through the real app's Flask test client on a tiny hand-made store: every route the OpenAPI
document lists answers, bad parameters get a JSON 4xx with the reason, answers carry the data version and the
citation, are cached per data version (ETag), and are rate limited per address."""
from __future__ import annotations

import re
import uuid

import pytest

from indicators.uploads.ingest import ingest_bytes
from tests.opendata.tiny import SECOND, build

EXAMPLES = {"indicator_id": "remittance_cost_corridor", "iso3": "KEN"}
LAB = "/api/v1/indicators/labour_rights_sdg882/values"


@pytest.fixture
def api(tmp_path, monkeypatch):
    """(client, store, first upload id) over the tiny store; MPD_DATA_DIR points at it."""
    from app import server
    d = tmp_path / "data"
    st, first, _ = build(d)
    monkeypatch.setenv("MPD_DATA_DIR", str(d))
    monkeypatch.setenv("MPD_CACHE_DIR", str(tmp_path / "cache"))
    return server.test_client(), st, first


def test_every_route_the_openapi_document_lists_answers(api):
    client, _, _ = api
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.") and len(spec["paths"]) >= 13
    for path, item in spec["paths"].items():
        url = re.sub(r"\{(\w+)\}", lambda m: EXAMPLES[m.group(1)], path)
        for method, op in item.items():
            r = client.open(url, method=method.upper())
            assert r.status_code == 200, (url, r.data[:300])
            assert {"200", "400", "404", "429"} <= set(op["responses"]), url
            assert r.headers["X-Citation"].endswith("."), url
            if r.is_json:
                assert r.json["citation"] and r.json["data_version"]["number"] == 2, url


def test_values_json_and_csv_carry_year_source_upload_and_citation(api):
    client, st, first = api
    r = client.get("/api/v1/indicators/remittance_cost_corridor/values.json?corridors=NPL-QAT&years=2019")
    body = r.json
    assert body["count"] == 2 and body["unit"] and body["level"] == "corridor"
    assert body["values"][0] == {"indicator_id": "remittance_cost_corridor", "origin_iso3": "NPL",
                                 "destination_iso3": "QAT", "period": "2019Q1", "year": 2019, "value": 4.25,
                                 "sex": "total", "source": "RPW", "note": None, "upload_id": first}
    assert body["citation"].startswith("World Bank, Remittance Prices Worldwide (CC BY 4.0). Compiled in Migrant")
    assert body["data_version"]["label"].startswith("Method v2 · data version 2")
    csv = client.get("/api/v1/indicators/labour_rights_sdg882/values.csv?countries=UGA")
    assert csv.mimetype == "text/csv" and csv.headers["Access-Control-Allow-Origin"] == "*"
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines == ["indicator_id,iso3,period,year,value,sex,source,note,upload_id",
                     f"labour_rights_sdg882,UGA,2019,2019,4.0,total,Uganda ministry,provisional,{first}"]
    assert csv.headers["X-Citation"].startswith("ILO, SDG indicator 8.8.2")


@pytest.mark.parametrize("url,status,words", [
    ("/api/v1/indicators/nope", 404, "no indicator 'nope'"),
    ("/api/v1/indicators/nope/values.json", 404, "no indicator"),
    ("/api/v1/indicators/nope/values.sdmx.csv", 404, "no indicator"),
    ("/api/v1/indicators/nope/datapackage.zip", 404, "no indicator"),
    (LAB + ".json?years=2020-2010", 400, "runs backwards"),
    (LAB + ".csv?years=abc", 400, "must be a year"),
    (LAB + ".json?countries=" + ",".join(["KEN"] * 2000), 400,
     "at most 5000 characters"),
    (LAB + ".json?countries=" + ",".join(f"Q{i:02d}" for i in range(400)),
     400, "at most 300"),
    (LAB + ".json?countries=KEN,XXX", 400, "unknown country code(s): XXX"),
    (LAB + ".json?corridors=NPL-QAT", 400, "is a country indicator"),
    ("/api/v1/indicators/remittance_cost_corridor/values.json?corridors=NPLQAT", 400, "ORIGIN-DESTINATION"),
    (LAB + ".json?country=KEN", 400, "country: Extra inputs"),
    (LAB + ".json?years=2019&years=2020", 400, "bad query parameter"),
    ("/api/v1/scores?year=1800", 400, "outside the years scored"),
    ("/api/v1/scores?weights=health=1", 400, "unknown pillar"),
    ("/api/v1/scores?rule=median", 400, "arithmetic, geometric"),
    ("/api/v1/countries/XXX", 404, "no country"),
    ("/api/v1/corridors?origin=XX1", 400, "unknown country"),
    ("/api/v1/citation?indicators=nope", 404, "no indicator"),
    ("/api/v1/no/such/route", 404, "no route /api/v1/no/such/route"),
])
def test_bad_requests_get_a_json_4xx_with_the_reason(api, url, status, words):
    client, _, _ = api
    r = client.get(url)
    assert r.status_code == status and r.is_json, (r.status_code, r.data[:200])
    assert r.json["ok"] is False and words in r.json["error"], r.json


def test_answers_are_cached_per_data_version_with_an_etag(api):
    client, st, _ = api
    url = "/api/v1/indicators/labour_rights_sdg882/values.json?countries=KEN"
    r = client.get(url)
    tag = r.headers["ETag"]
    assert "max-age" in r.headers["Cache-Control"]
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    res = ingest_bytes(SECOND.replace(b"3.0", b"2.5"), "third.csv", "Group A", None, store=st)
    assert res.ok
    after = client.get(url, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    assert [v["value"] for v in after.json["values"]] == [4.0, 2.5] and after.json["data_version"]["number"] == 3


def test_reads_are_rate_limited_per_address(api, monkeypatch):
    client, _, _ = api
    monkeypatch.setenv("MPD_RATE_LIMIT_READ", "3/minute")
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    codes = [client.get("/api/v1/catalogue", environ_base={"REMOTE_ADDR": address}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.get("/api/v1/catalogue", environ_base={"REMOTE_ADDR": address})
    assert r.is_json and "too many requests" in r.json["error"] and int(r.headers["Retry-After"]) > 0
    assert client.get("/api/v1/catalogue", environ_base={"REMOTE_ADDR": address + "1"}).status_code == 200


def test_docs_page_is_built_from_the_openapi_document_and_fetches_nothing(api):
    client, _, _ = api
    page = client.get("/api/v1/docs").get_data(as_text=True)
    spec = client.get("/api/v1/openapi.json").json
    for path in spec["paths"]:
        assert f"GET {path}" in page
    assert "<script" not in page and not re.search(r"(src|href)=['\"]https?://", page)
    assert "How to cite" in page and "Compiled in Migrant protection indicators" in page



@pytest.mark.parametrize("lang,words", [
    ("fr", ["<html lang='fr'>", "<h2>Comment citer</h2>", "<th>paramètre</th>", "Réponses :",
            "<a href='/methodology?lang=fr'>méthodologie</a>", "Les descriptions des routes"]),
    ("es", ["<html lang='es'>", "<h2>Cómo citar</h2>", "<th>parámetro</th>", "Respuestas:",
            "<a href='/?lang=es'>inicio</a>", "Las descripciones de las rutas"]),
])
def test_docs_page_speaks_the_language_route_descriptions_marked_english(api, lang, words):
    client, _, _ = api
    page = client.get(f"/api/v1/docs?lang={lang}").get_data(as_text=True)
    assert all(w in page for w in words), [w for w in words if w not in page]
    own = re.sub(r"<(p|td) lang='en'>.*?</\1>", "", page)           # the page's own words, docstrings set aside
    for english in ("How to cite", "<th>parameter</th>", "Answers:", "Open like the dashboard", "Examples"):
        assert english not in own, english
    assert "<p lang='en'>What the API offers" in page          # the docstrings, marked as English
    assert client.get(f"/api/v1/nope?lang={lang}").json["error"] != client.get("/api/v1/nope").json["error"]


def test_api_routes_may_not_be_framed(api):
    client, _, _ = api
    r = client.get("/api/v1/catalogue")
    assert r.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


def test_names_and_units_follow_lang_or_accept_language_values_do_not(api):
    # ?lang= (else Accept-Language) words the metadata; values, codes and ids stay as they are; caches vary by language
    client, _, _ = api
    en = client.get("/api/v1/indicators/labour_rights_sdg882").json
    fr = client.get("/api/v1/indicators/labour_rights_sdg882?lang=fr").json
    es = client.get("/api/v1/indicators/labour_rights_sdg882", headers={"Accept-Language": "es-ES,es;q=0.9"}).json
    from indicators.store.catalogue import load_catalogue
    assert en["name"] == load_catalogue().get("labour_rights_sdg882")["name"]
    assert fr["name"].startswith("Niveau de respect des droits du travail")
    assert es["name"] != en["name"] and es["name"] != fr["name"] and es["id"] == fr["id"] == en["id"]
    v_en = client.get(LAB + ".json").json
    v_fr = client.get(LAB + ".json?lang=fr")
    assert v_fr.json["values"] == v_en["values"] and v_fr.json["unit"] != v_en["unit"]
    assert "Accept-Language" in v_fr.headers["Vary"] and v_fr.headers["Content-Language"] == "fr"
    same_url_es = client.get(LAB + ".json", headers={"Accept-Language": "es"})
    assert same_url_es.headers["ETag"] != client.get(LAB + ".json").headers["ETag"]
    assert same_url_es.json["unit"] != v_en["unit"]
    csv_en, csv_fr = client.get(LAB + ".csv").data, client.get(LAB + ".csv?lang=fr").data
    assert csv_en == csv_fr                               # the data itself is language-neutral
    assert client.get(LAB + ".json?lang=xx").status_code == 200     # an unknown language means English


def test_sdmx_structure_names_in_three_languages_the_asked_one_first(api):
    # every com:Name in en, fr and es; ?lang= / Accept-Language puts its own first (SDMX readers take the first)
    client, _, _ = api
    import xml.etree.ElementTree as ET
    first = {}
    for lang, r in (("en", client.get("/api/v1/sdmx/structure.xml")),
                    ("fr", client.get("/api/v1/sdmx/structure.xml?lang=fr")),
                    ("es", client.get("/api/v1/sdmx/structure.xml", headers={"Accept-Language": "es"}))):
        assert r.status_code == 200 and r.headers["Content-Language"] == lang
        root = ET.fromstring(r.data)
        sex = root.find(".//{*}Codelist[@id='CL_SEX']")
        names = {n.get("{http://www.w3.org/XML/1998/namespace}lang"): n.text for n in sex.findall("{*}Name")}
        assert names == {"en": "Sex", "fr": "Sexe", "es": "Sexo"}
        first[lang] = sex.find("{*}Name").get("{http://www.w3.org/XML/1998/namespace}lang"), r.headers["ETag"]
    assert [f[0] for f in first.values()] == ["en", "fr", "es"]
    assert len({f[1] for f in first.values()}) == 3                 # one cached answer per language


def test_upload_api_answers_in_the_requested_language(api):
    # the upload API's errors and problem reasons in fr/es; codes, rows and columns unchanged
    client, _, _ = api
    r = client.post("/api/uploads", headers={"Authorization": "Bearer nope"}, query_string={"lang": "fr"})
    assert r.status_code == 401 and r.json["error"] == "l’identifiant n’est pas valide"
    r = client.post("/api/uploads", headers={"Accept-Language": "es"})
    assert r.status_code == 401 and r.json["error"].startswith("se necesita una credencial de grupo de trabajo")
    assert r.headers["Content-Language"] == "es" and "Accept-Language" in r.headers["Vary"]


def test_while_scores_update_the_score_routes_serve_the_previous_versions_scores_uncached(tmp_path, monkeypatch):
    """After a commit, until the new data version's scorecards are materialised, /scores, /countries and /corridors
    answer the previous version's materialised scores (computed once, not per worker), say so, and are not cached."""
    import shutil
    import threading
    import pandas as pd
    from app import server
    from indicators.scoring import materialise, service
    from tests.conftest import PROJECT
    data = tmp_path / "data"
    shutil.copytree(PROJECT / "data", data)
    monkeypatch.setenv("MPD_DATA_DIR", str(data))
    monkeypatch.setenv(materialise.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(materialise.WARM_ENV, "1")
    release = threading.Event()

    def blocked_warm(store, version=None):
        with materialise.warming(store.root, version or store.version()):
            release.wait(60)
        return 0
    monkeypatch.setattr(service, "warm", blocked_warm)
    client, st = server.test_client(), service.get_store(str(data))
    year = service.default_year(st)
    old = service.scorecard(st, year).countries.set_index("iso3")["overall"]
    number = st.data_version()["number"]
    iso3 = old.dropna().index[0]
    st.commit(pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": [iso3], "period": [str(year)],
                            "value": [60.0]}), "Group A", "new.csv", "x")
    assert service.warm_new_version(st)
    from indicators.opendata import scores as opendata_scores
    monkeypatch.setattr(opendata_scores, "scorecard_without_intervals",
                        lambda *a, **k: pytest.fail("scored again in this worker"))
    try:
        for url in (f"/api/v1/scores?year={year}", f"/api/v1/countries/{iso3}?year={year}",
                    f"/api/v1/corridors?year={year}"):
            r = client.get(url)
            assert r.status_code == 200, r.data[:300]
            body = r.get_json()
            assert body["scores_data_version"] == number and "Scores updating" in body["scores_updating"], url
            assert body["data_version"]["number"] == number + 1, url
            assert r.headers["Cache-Control"] == "no-store" and "ETag" not in r.headers, url
        got = {c["iso3"]: c["overall"] for c in client.get(f"/api/v1/scores?year={year}").get_json()["countries"]}
        assert got[iso3] == pytest.approx(old[iso3])
    finally:
        release.set()
    service.scorecard(st, year)                                 # the new version's scorecard materialised
    r = client.get(f"/api/v1/scores?year={year}")
    assert "scores_updating" not in r.get_json() and r.headers.get("ETag")
    new = {c["iso3"]: c["overall"] for c in r.get_json()["countries"]}
    assert abs(new[iso3] - old[iso3]) > 0.1
