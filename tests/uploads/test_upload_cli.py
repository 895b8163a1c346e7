"""The upload commands of the CLI as real subprocesses: ingest of portal files, dry run, proposals, history, as-of,
retraction bringing previous values back, limits."""
from __future__ import annotations

import csv
import io

from tests.test_cli import run
from tests.uploads.test_formats import PROPOSAL, WDI


def rows(text: str) -> list[dict[str, str]]:
    """Parse CSV output."""
    return list(csv.DictReader(io.StringIO(text)))


def test_ingest_portal_files_history_as_of_and_retract(tmp_path, files):
    d = tmp_path / "data"
    r = run("ingest", str(files / "sdg_SL_LBR_NTLCPL_from_store.csv"), "--group", "ILO team", "--format", "sdg",
            data_dir=d)
    assert r.returncode == 0, r.stdout + r.stderr
    first = r.stdout.strip()
    assert "set aside (18 values, not loaded): World (6); Sub-Saharan Africa (6); Northern Africa (6)" in r.stderr
    fix = tmp_path / "fix.csv"
    fix.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,PHL,2020,9\n")
    dry = run("ingest", str(fix), "--group", "PSA", "--dry-run", data_dir=d)
    assert dry.returncode == 0 and "1 changed" in dry.stdout and "nothing was written" in dry.stdout
    second = run("ingest", str(fix), "--group", "PSA", "--note", "revised", data_dir=d).stdout.strip()
    hist = rows(run("history", data_dir=d).stdout)
    assert [h["upload_id"] for h in hist] == [second, first]                 # newest first
    assert hist[1]["layout"] == "sdg" and hist[1]["set_aside"] == "18" and len(hist[1]["sha256"]) == 64
    assert rows(run("history", "--group", "PSA", data_dir=d).stdout)[0]["note"] == "revised"
    past = rows(run("as-of", first, "--indicator", "labour_rights_sdg882", data_dir=d).stdout)
    phl = [p for p in past if p["place"] == "PHL" and p["period"] == "2020"]
    now = rows(run("as-of", second, "--indicator", "labour_rights_sdg882", data_dir=d).stdout)
    assert phl[0]["value"] != "9.0" and [p["value"] for p in now if p["place"] == "PHL" and p["period"] == "2020"] \
        == ["9.0"]
    assert run("retract", second, "--note", "typo", data_dir=d).returncode == 0
    after = rows(run("as-of", first, data_dir=d).stdout)
    assert [p["value"] for p in after if p["place"] == "PHL" and p["period"] == "2020"] == [phl[0]["value"]]
    assert rows(run("history", data_dir=d).stdout)[0]["status"] == "retracted"


def test_ingest_with_proposal_and_catalog_lists_it(tmp_path, files):
    d = tmp_path / "data"
    definition = tmp_path / "def.yaml"
    definition.write_text(PROPOSAL)
    r = run("ingest", str(files / WDI), "--group", "Remittance team", "--propose", str(definition), data_dir=d)
    assert r.returncode == 0, r.stdout + r.stderr
    cat = {c["id"]: c for c in rows(run("catalog", data_dir=d).stdout)}
    assert cat["remittances_paid_usd"]["source"] == "Working group Remittance team: World Bank WDI"
    assert cat["remittances_paid_usd"]["series_codes"] == "BM.TRF.PWKR.CD.DT"


def test_ingest_limits_and_rejection_exit_code(tmp_path, files):
    d = tmp_path / "data"
    r = run("ingest", str(files / "valid_long.csv"), "--group", "g", "--max-bytes", "10", data_dir=d)
    assert r.returncode == 1 and "over the limit of 10 bytes" in r.stdout and not d.exists()
    r = run("ingest", str(files / "valid_long.csv"), "--group", "g", "--max-rows", "2", data_dir=d)
    assert r.returncode == 1 and "3 rows is over the limit of 2" in r.stdout and not d.exists()
    r = run("ingest", str(files / WDI), "--group", "g", "--indicator", "remittance_cost_to_country", data_dir=d)
    assert r.returncode == 1 and "outside the valid range 0 to 100" in r.stdout


def test_ingest_a_normlex_ratification_table(tmp_path, files):
    d = tmp_path / "data"
    bad = tmp_path / "ratifications.csv"
    bad.write_text("Country,Convention,Date,Status,Note\nCongo,C098,1999,In Force,\nKenya,C098,1964,Denounced,\n")
    r = run("ingest", str(bad), "--group", "ILO team", "--layout", "normlex", data_dir=d)
    assert r.returncode == 1 and not d.exists()
    assert r.stdout.splitlines()[:2] == [
        "row 2, column Country: ambiguous country name: could be Congo, The Democratic Republic of the (COD) or "
        "Congo (COG); use the ISO3 code",
        "row 3, column Status: denounced, but no date of denunciation: write 'Denounced on 26 Jun 1990' or give a "
        "denunciation date column"]
    r = run("ingest", str(files / "normlex_ratifications_from_store.csv"), "--group", "ILO team", "--layout",
            "normlex", data_dir=d)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "set aside (20 values, not loaded): C182 (20)" in r.stderr
    assert "committed 76 rows (normlex layout)" in r.stderr
    hist = rows(run("history", data_dir=d).stdout)
    assert hist[0]["upload_id"] == r.stdout.strip() and hist[0]["layout"] == "normlex"
    past = rows(run("as-of", r.stdout.strip(), "--indicator", "ilo_c105_ratified", data_dir=d).stdout)
    assert sorted((p["period"], p["value"]) for p in past if p["place"] == "MYS") == [("1958", "1.0"), ("1990", "0.0")]
