"""SDMX: the DSD is valid SDMX-ML 2.1 (pysdmx validates it against the SDMX schemas), values export as SDMX-CSV under
it, read back by pysdmx, and upload again as they are (the same values)."""
from __future__ import annotations

import pandas as pd
from pysdmx.io import read_sdmx
from pysdmx.model.dataflow import DataStructureDefinition, Role

from indicators.opendata.sdmx import dsd_xml, sdmx_csv
from indicators.opendata.values import values
from indicators.scoring.service import catalogue
from indicators.store.catalogue import load_catalogue
from indicators.store.observations import Store
from indicators.uploads.ingest import ingest_bytes
from tests.opendata.tiny import build


def test_dsd_is_schema_valid_sdmx_ml_with_the_sdg_like_dimensions(tmp_path):
    path = tmp_path / "dsd.xml"
    path.write_text(dsd_xml(load_catalogue()), encoding="utf-8")
    msg = read_sdmx(str(path), validate=True)
    dsd = next(s for s in msg.structures if isinstance(s, DataStructureDefinition))
    dims = [c.id for c in dsd.components if c.role == Role.DIMENSION]
    attrs = [c.id for c in dsd.components if c.role == Role.ATTRIBUTE]
    assert dims == ["FREQ", "INDICATOR", "REF_AREA", "COUNTERPART_AREA", "SEX", "TIME_PERIOD"]
    assert {"UNIT_MEASURE", "OBS_STATUS"} <= set(attrs)
    areas = next(s for s in msg.structures if getattr(s, "id", "") == "CL_AREA")
    codes = {c.id for c in areas.items}
    assert {"404", "524", "634", "_Z"} <= codes                 # Kenya, Nepal, Qatar as UN M49; not applicable


def test_dsd_names_every_artefact_in_english_french_and_spanish(tmp_path):
    # pysdmx writes one name marked "en"; the message carries the three, the asked language first, and stays valid
    import xml.etree.ElementTree as ET
    xml = dsd_xml(load_catalogue(), "fr")
    path = tmp_path / "dsd.xml"
    path.write_text(xml, encoding="utf-8")
    read_sdmx(str(path), validate=True)                                   # still schema-valid SDMX-ML 2.1
    root = ET.fromstring(xml.encode("utf-8"))
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    owners = [e for e in root.iter() if e.find("{*}Name") is not None]
    assert all([n.get(lang) for n in e.findall("{*}Name")] == ["fr", "en", "es"] for e in owners)
    sex = {c.get("id"): [n.text for n in c.findall("{*}Name")] for c in root.find(".//{*}Codelist[@id='CL_SEX']")
           if c.get("id")}
    assert sex == {"_T": ["Total"] * 3, "F": ["Femmes", "Female", "Mujeres"], "M": ["Hommes", "Male", "Hombres"]}
    area = root.find(".//{*}Codelist[@id='CL_AREA']/{*}Code[@id='_Z']")
    assert [n.text for n in area.findall("{*}Name")] == ["Sans objet", "Not applicable", "No aplicable"]
    ken = root.find(".//{*}Codelist[@id='CL_AREA']/{*}Code[@id='404']")
    assert [n.text for n in ken.findall("{*}Name")] == ["Kenya (KEN)", "Kenya (KEN)", "Kenia (KEN)"]
    flow = root.find(".//{*}Dataflow")
    assert flow.find("{*}Name").text == "Indicateurs de protection des migrants : valeurs"


def test_values_export_as_sdmx_csv_that_pysdmx_reads_back(tmp_path):
    st, first, _ = build(tmp_path / "d")
    cat = catalogue(st)
    text = sdmx_csv(values(st, "remittance_cost_corridor"), cat.get("remittance_cost_corridor"), cat)
    assert text.splitlines()[0].startswith("DATAFLOW,FREQ,INDICATOR,REF_AREA,COUNTERPART_AREA,SEX,TIME_PERIOD,OBS_VALUE")
    data = read_sdmx(text).data[0].data
    # NPL (524) -> QAT (634) twice, PHL (608) -> SAU (682) once; quarters as 2019-Q1
    assert data[["REF_AREA", "COUNTERPART_AREA", "TIME_PERIOD", "FREQ"]].values.tolist() == [
        ["524", "634", "2019-Q1", "Q"], ["524", "634", "2019-Q2", "Q"], ["608", "682", "2020-Q1", "Q"]]
    assert pd.to_numeric(data["OBS_VALUE"]).tolist() == [4.25, 4.75, 3.0]
    assert set(data["UPLOAD_ID"]) == {first} and set(data["SEX"]) == {"_T"}
    country = sdmx_csv(values(st, "labour_rights_sdg882"), cat.get("labour_rights_sdg882"), cat)
    rows = read_sdmx(country).data[0].data
    assert rows["COUNTERPART_AREA"].tolist() == ["_Z"] * 3 and rows["REF_AREA"].tolist() == ["404", "404", "800"]


def test_an_exported_sdmx_csv_uploads_as_it_is_to_the_same_values(tmp_path):
    st, _, _ = build(tmp_path / "d")
    cat = catalogue(st)
    fresh = Store(tmp_path / "fresh")
    for iid in ("remittance_cost_corridor", "labour_rights_sdg882"):
        text = sdmx_csv(values(st, iid), cat.get(iid), cat)
        res = ingest_bytes(text.encode(), f"{iid}.csv", "Group B", None, store=fresh)
        assert res.ok and res.layout == "sdmx", res.summary()
        back = values(fresh, iid)
        orig = values(st, iid)
        keys = [c for c in ("iso3", "origin_iso3", "destination_iso3", "period", "value", "source") if c in orig]
        assert back[keys].values.tolist() == orig[keys].values.tolist()
