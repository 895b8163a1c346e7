"""Data packages: the store or one indicator as a Frictionless data package, valid for the frictionless library,
with table schemas, sources, licences and what each resource may be redistributed under."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from frictionless import validate

from indicators.opendata.datapackage import package, package_zip
from tests.opendata.tiny import build


@pytest.fixture
def tiny(tmp_path):
    return build(tmp_path / "d")


def unzip(data: bytes, folder):
    """Extract a zipped package; returns its datapackage.json path."""
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    return folder / "datapackage.json"


def test_the_whole_store_is_a_valid_frictionless_package(tiny, tmp_path):
    st, first, second = tiny
    path = unzip(package_zip(st), tmp_path / "pkg")
    report = validate(str(path))
    assert report.valid, report.flatten(["type", "note"])
    desc = json.loads(path.read_text())
    assert [r["path"] for r in desc["resources"]] == ["data/remittance_cost_corridor.csv",
                                                      "data/labour_rights_sdg882.csv", "data/ituc_rights_rating.csv"]
    assert desc["version"] == "2" and desc["citation"].startswith("World Bank, Remittance Prices Worldwide")
    lab = (tmp_path / "pkg" / "data" / "labour_rights_sdg882.csv").read_text().splitlines()
    assert lab[0] == "indicator_id,iso3,period,year,value,sex,source,note,upload_id"
    assert lab[2].endswith(f",3.0,total,Kenya inspectorate,,{second}")
    assert "README.txt" in zipfile.ZipFile(io.BytesIO(package_zip(st))).namelist()


def test_each_resource_states_its_terms_open_ones_with_a_licence_restricted_ones_without(tiny):
    st, _, _ = tiny
    desc, _ = package(st)
    res = {r["name"]: r for r in desc["resources"]}
    ituc, rpw = res["ituc-rights-rating"], res["remittance-cost-corridor"]
    assert ituc["redistribution"] == "restricted" and "licenses" not in ituc
    assert "Ask the producer before redistributing" in ituc["redistributionTerms"]
    assert ituc["sources"] == [{"title": "ITUC Global Rights Index 2026"}]
    assert rpw["redistribution"] == "open" and rpw["licenses"][0]["name"] == "CC-BY-4.0"
    value = next(f for f in rpw["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number" and value["constraints"]["minimum"] == 0


def test_one_indicator_package_is_valid_and_holds_that_indicator_only(tiny, tmp_path):
    st, _, _ = tiny
    path = unzip(package_zip(st, ["remittance_cost_corridor"]), tmp_path / "one")
    assert validate(str(path)).valid
    desc = json.loads(path.read_text())
    assert [r["name"] for r in desc["resources"]] == ["remittance-cost-corridor"]
    assert desc["name"] == "migrant-protection-indicators-remittance-cost-corridor"
    assert desc["citation"].startswith("World Bank, Remittance Prices Worldwide (CC BY 4.0). Compiled in")
