"""Honest numbers in the browser: score bands without SDG words, data years and versions, and an uploaded value shown
under its own working group and source (on the profile and in the table download)."""
from __future__ import annotations

import shutil

import pytest

from indicators.uploads.ingest import ingest
from tests.conftest import OUTPUT, PROJECT, serve
from tests.pages.test_e2e_export import _id

pytestmark = pytest.mark.browser
SOURCE = "Nepal Ministry of Labour, labour inspection survey 2020"
GROUP = "Kathmandu labour group"
BUNDLED = len(list((PROJECT / "data" / "observations" / "_delta_log").glob("*.json")))   # a commit per bundled upload


@pytest.fixture(scope="module")
def uploaded(tmp_path_factory):
    """A copy of the bundled data plus one uploaded SDG 8.8.2 value for Nepal with a distinctive source."""
    data = tmp_path_factory.mktemp("honest") / "data"
    shutil.copytree(PROJECT / "data", data)
    csv = data.parent / "nepal.csv"
    csv.write_text(f"indicator_id,iso3,period,value,source\nlabour_rights_sdg882,NPL,2020,4.2,\"{SOURCE}\"\n")
    res = ingest(csv, group=GROUP, data_dir=data)
    assert res.ok, res.problems
    with serve(data) as url:
        yield url, res.upload_id, data


def test_profile_labels_years_versions_and_an_uploaded_source(uploaded, page):
    url, upload_id, _ = uploaded
    page.goto(url + "/country/NPL?year=2020")
    page.wait_for_selector("#country-indicators .dash-spreadsheet", timeout=30_000)
    scores = page.inner_text("#country-scores")
    assert "SDG" not in scores                                        # composites never carry an SDG label
    assert any(b in scores for b in ("High", "Medium", "Low", "Very low"))
    # the remittance pillar reads High while both its costs are above the 3 % target: the page says why
    notes = page.inner_text("#country-band-notes")
    assert "remittance costs pillar reads High" in notes and "Above the 3 % target, within 5 %" in notes
    # data years, method version and data version (the bundled uploads + this one)
    vintage = page.inner_text("#country-vintage")
    assert "2020 data" in vintage and "Method v2" in vintage and f"data version {BUNDLED + 1} of" in vintage
    # the uploaded value is credited to the group, its source text and its upload, not to the ILO
    rows = page.locator("#country-indicators tr").all_inner_texts()
    row = next(r for r in rows if r.startswith("Labour-rights compliance (SDG 8.8.2)"))
    assert "\t4.2\t" in row
    assert f"Working group {GROUP}: {SOURCE} (upload {upload_id})" in row and "via Our World in Data" not in row
    # remittance costs at 4.54 / 4.31 % read in the SDG's own words
    cost = next(r for r in rows if r.startswith("Cost to receive (country)"))
    assert "Above the 3 % target, within 5 %" in cost
    page.screenshot(path=str(OUTPUT / "honest-numbers-profile.png"), full_page=True)
    # the table download carries the same source
    with page.expect_download(timeout=30_000) as dl:
        page.click(_id(type="export-btn", target="country-indicators", fmt="csv"))
    text = dl.value.path().read_bytes().decode("utf-8-sig")
    assert f"Working group {GROUP}: {SOURCE} (upload {upload_id})" in text


def test_corridor_card_says_whether_the_target_is_met(uploaded, page):
    url, _, _ = uploaded
    page.goto(url + "/corridors?origin=NPL&destination=QAT&year=2020")
    page.wait_for_selector("#corridors-status", timeout=30_000)
    status = page.inner_text("#corridors-status")
    assert status.startswith("Latest cost ") and "(2020Q3)" in status and "5 % ceiling" in status and "since" in status
    mean = page.inner_text("#corridors-mean").replace("\n", " ")
    assert "not the World Bank's Global Average" in page.inner_text("#corridors-mean").rsplit("\n", 1)[0] or \
        "not the World Bank's Global Average" in page.content()
    assert "%" in mean


def test_briefing_pdf_names_the_uploaded_source_the_method_and_data_version(uploaded):
    import io

    from pypdf import PdfReader

    from indicators.exports.briefing_pack import country_pack
    from indicators.store.observations import Store
    from indicators.views.urlstate import Settings, default_weights

    _, upload_id, data = uploaded
    pack = country_pack(Store(data), "NPL", Settings(year=2020, weights=default_weights(), aggregation="arithmetic"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pack.pdf())).pages)
    flat = " ".join(text.split())
    assert f"Working group {GROUP}: {SOURCE}" in flat and upload_id in flat.replace(" ", "")
    assert "Method v2" in flat and f"data version {BUNDLED + 1} of" in flat and "2020 data" in flat
    assert "SDG achieved" not in flat
