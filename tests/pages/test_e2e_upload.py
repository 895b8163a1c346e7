"""End-to-end: the upload page in headless Chromium, against its own server and a private copy of the bundled data.

A working group signs in with a token, drops a valid file, sees the preview (one changed value with old -> new, one
new value, an aggregate set aside), commits, and finds the new value on the country profile, with the uploaded
HTML-looking source shown as text (no script runs). An invalid file shows the problem table, downloadable as CSV.
Then the history tab shows the upload and its past state, and retracting it brings the previous value back. Without
a valid credential a file is not even checked (issue 12, item 2).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indicators.uploads import auth
from indicators.store.observations import Store
from tests.conftest import FILES, OUTPUT, PROJECT, choose_option, serve, wait_location

pytestmark = pytest.mark.browser
XSS = '<img src=x onerror="window.__xss=1">Ministry survey'


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory):
    """(base URL, data dir, token) of a dashboard serving a private copy of the bundled data."""
    data = tmp_path_factory.mktemp("upload-live") / "data"
    shutil.copytree(PROJECT / "data", data)
    token = auth.add_group("Philippines PSA", data)
    other = auth.add_group("Other group", data)
    with serve(data) as url:
        yield url, data, token, other


def labour_value(page) -> str:
    """The SDG 8.8.2 row of the country profile's indicator table."""
    rows = page.locator("#country-indicators tr").all_inner_texts()
    return next(r for r in rows if "Labour-rights compliance" in r)


def open_current_scores(page, url: str, selector: str, tries: int = 90) -> None:
    """Open a page, reloading it while it says "Scores updating" (right after a commit readers are served the previous
    data version's scores while the new ones are materialised in the background, within seconds)."""
    for _ in range(tries):
        page.goto(url)
        page.wait_for_selector(selector, timeout=30_000)
        if page.locator("#scores-updating").count() == 0:
            return
        page.wait_for_timeout(1000)
    raise AssertionError(f"{url} still showed 'Scores updating' after {tries} tries")


def sign_in(page, token: str) -> None:
    """Paste the token and sign in."""
    page.fill("#upload-token", token)
    page.click("#upload-signin")
    page.wait_for_selector("#upload-signed-in", timeout=10_000)


def test_upload_preview_commit_then_profile_shows_it(upload_server, page, tmp_path):
    url, data, token, _ = upload_server
    before = Store(data).observations("labour_rights_sdg882")
    old = before[(before["iso3"] == "PHL") & (before["period"] == "2020")]["value"].iloc[0]
    f = tmp_path / "phl_labour.csv"
    # wide layout with country names: Philippines 2020 changes, 2021 is new; "World" is an aggregate (set aside)
    f.write_text("indicator_id,country,source,2020,2021\n"
                 f'labour_rights_sdg882,Philippines,"{XSS.replace(chr(34), chr(34) * 2)}",9.25,9.5\n'
                 "labour_rights_sdg882,World,ILO,5.01,\n", encoding="utf-8")
    page.goto(url + "/upload")
    sign_in(page, token)
    assert "Philippines PSA" in page.inner_text("#upload-whoami")
    page.set_input_files("#upload-file input[type=file]", str(f))
    page.wait_for_selector("#upload-ready", timeout=15_000)
    counts = page.inner_text("#upload-counts")
    assert "1 new" in counts and "1 changed" in counts and "0 unchanged" in counts
    changes = page.inner_text("#upload-changes")
    assert f"{old:g} -> 9.25" in changes and "(new) -> 9.5" in changes
    assert XSS in changes                                     # uploaded text is shown as text ...
    assert "World" in page.inner_text("#upload-set-aside-box")
    page.fill("#upload-note", "<script>window.__xss=2</script> 2021 survey")
    page.screenshot(path=str(OUTPUT / "upload-preview.png"), full_page=True)
    page.click("#upload-commit")
    page.wait_for_selector("#upload-committed", timeout=15_000)
    upload_id = page.inner_text("#upload-id")
    assert "2 values by Philippines PSA" in page.inner_text("#upload-committed")
    log = Store(data).uploads().set_index("upload_id")
    assert log.at[upload_id, "group"] == "Philippines PSA" and log.at[upload_id, "file_name"] == "phl_labour.csv"
    # the profile (same server, no restart) shows the new value and the uploaded text as text
    open_current_scores(page, url + "/country/PHL?year=2021", "#country-indicators .dash-spreadsheet")
    row = labour_value(page)
    assert "9.5" in row and "2021" in row
    assert page.evaluate("window.__xss") is None              # ... and never run
    page.screenshot(path=str(OUTPUT / "upload-profile.png"), full_page=True)
    # history: the upload, its note as text, the past state; then retract it and the old value is back
    page.goto(url + f"/upload?tab=history&upload={upload_id}")
    page.wait_for_selector("#upload-record", timeout=15_000)
    assert "<script>window.__xss=2</script>" in page.inner_text("#upload-record")
    assert "9.25" in page.inner_text("#upload-asof")
    page.fill("#upload-retract-token", token)
    page.fill("#upload-retract-note", "test upload")
    page.click("#upload-retract")
    page.wait_for_selector("#upload-retracted", timeout=15_000)
    assert page.evaluate("window.__xss") is None
    open_current_scores(page, url + "/country/PHL?year=2020", "#country-indicators .dash-spreadsheet")
    assert f"{old:.4g}" in labour_value(page)


def test_invalid_file_shows_problem_table_and_download(upload_server, page, tmp_path):
    url, data, token, _ = upload_server
    state = Store(data).file_state()
    f = tmp_path / "bad.csv"
    f.write_text("indicator_id;iso3;period;value\nlabour_rights_sdg882;PHL;2020;3,5\n"
                 "labour_rights_sdg882;PHL;2019;three\nlabour_rights_sdg882;Congo;2019;2\n", encoding="utf-8")
    page.goto(url + "/upload")
    sign_in(page, token)
    page.set_input_files("#upload-file input[type=file]", str(f))
    page.wait_for_selector("#upload-rejected", timeout=15_000)
    assert "2 problems" in page.inner_text("#upload-rejected")
    page.wait_for_selector("#upload-problem-table td:has-text('Congo')", timeout=10_000)
    rows = page.locator("#upload-problem-table tr").all_inner_texts()
    assert any("3" in r and "value" in r and "three" in r and "not a number" in r for r in rows)
    assert any("4" in r and "Congo" in r and "COD" in r and "COG" in r for r in rows), rows
    assert page.is_disabled("#upload-commit")
    page.screenshot(path=str(OUTPUT / "upload-problems.png"), full_page=True)
    with page.expect_download() as dl:
        page.click("#upload-problems-btn")
    text = Path(dl.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "row,column,value,reason" and "not a number" in text
    assert Store(data).file_state() == state


def test_wrong_or_other_group_credential_cannot_commit_or_retract(upload_server, page, tmp_path):
    url, data, token, other = upload_server
    f = tmp_path / "ok.csv"
    f.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,PHL,2018,4.5\n", encoding="utf-8")
    state = Store(data).file_state()
    page.goto(url + "/upload")
    page.set_input_files("#upload-file input[type=file]", str(f))      # no credential: the file is not checked
    page.wait_for_selector("#upload-signin-needed", timeout=15_000)
    assert "sign in" in page.inner_text("#upload-signin-needed") and page.is_disabled("#upload-commit")
    page.fill("#upload-token", "mpdg_" + "x" * 43)
    page.click("#upload-check")
    page.wait_for_selector("#upload-signin-needed:has-text('not valid')", timeout=10_000)
    assert page.is_disabled("#upload-commit")
    assert Store(data).file_state() == state
    page.goto(url + "/upload?tab=history&upload=bundled-sdg882")
    page.wait_for_selector("#upload-record", timeout=15_000)
    page.fill("#upload-retract-token", other)
    page.click("#upload-retract")
    page.wait_for_selector("#upload-retract-denied", timeout=10_000)
    assert "made by bundled" in page.inner_text("#upload-retract-denied")
    assert Store(data).file_state() == state


def test_normlex_table_chosen_in_the_layout_picker(upload_server, page):
    url, data, token, _ = upload_server
    state = Store(data).file_state()
    page.goto(url + "/upload")
    sign_in(page, token)
    choose_option(page, "upload-layout", "ILO NORMLEX ratification table")
    page.set_input_files("#upload-file input[type=file]", str(FILES / "normlex_ratifications_from_store.csv"))
    page.wait_for_selector("#upload-ready", timeout=15_000)
    assert "Layout normlex" in page.inner_text("#upload-ready")
    counts = page.inner_text("#upload-counts")                # the bundled ratifications: nothing changes
    assert "0 new" in counts and "0 changed" in counts and "76 unchanged" in counts
    page.wait_for_selector("#upload-set-aside td", timeout=15_000)       # the table renders after its box
    aside = page.inner_text("#upload-set-aside-box")
    assert "C182" in aside and "not in the catalogue" in aside
    assert Store(data).file_state() == state


def test_format_tab_template_and_url_state(upload_server, page):
    url, *_ = upload_server
    page.goto(url + "/upload?tab=format&indicator=remittance_cost_corridor")
    page.wait_for_selector("#upload-guide", timeout=15_000)
    assert page.inner_text("#upload-template-text").startswith("indicator_id,origin_iso3,destination_iso3")
    assert page.get_attribute("#upload-template-link", "href") == "/api/templates/remittance_cost_corridor.csv"
    page.click("text=History and rollback")
    wait_location(page, r"/upload\?tab=history")
    page.wait_for_selector("#upload-history", timeout=15_000)
    page.screenshot(path=str(OUTPUT / "upload-history.png"), full_page=True)
