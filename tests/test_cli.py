"""The command-line interface, run as a real subprocess against a temporary data directory."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def run(*args: str, data_dir: Path | None = None, env_dir: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m indicators ...` and capture its output."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    env.pop("MPD_DATA_DIR", None)
    if env_dir:
        env["MPD_DATA_DIR"] = str(env_dir)
    cmd = [sys.executable, "-m", "indicators", *args]
    if data_dir:
        cmd += ["--data-dir", str(data_dir)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120)


def rows(text: str) -> list[dict[str, str]]:
    """Parse CSV output."""
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def populated(tmp_path_factory) -> Path:
    """A data directory with a small upload of SDG 8.8.2 and ICRMW for three countries, plus one corridor."""
    d = tmp_path_factory.mktemp("cli") / "data"
    f = d.parent / "upload.csv"
    others = ["UGA", "TZA", "RWA", "ETH", "NGA", "GHA", "SEN", "MLI", "NER", "BFA", "CIV", "BEN", "TGO", "CMR",
              "GAB", "COG", "AGO", "ZMB", "ZWE", "MOZ", "MWI", "NAM", "BWA", "ZAF"]        # 24 + KEN = 25 >= 20
    lines = ["indicator_id,iso3,origin_iso3,destination_iso3,period,value", "labour_rights_sdg882,KEN,,,2020,2",
             "icrmw_party,KEN,,,2020,1", "remittance_cost_corridor,,NPL,QAT,2020Q1,4"]
    lines += [f"labour_rights_sdg882,{iso},,,2020,5" for iso in others]
    f.write_text("\n".join(lines) + "\n")
    r = run("ingest", str(f), "--group", "test group", "--note", "cli test", data_dir=d)
    assert r.returncode == 0, r.stdout + r.stderr
    return d


def test_ingest_prints_upload_id_and_uploads_lists_it(populated):
    log = rows(run("uploads", data_dir=populated).stdout)
    assert len(log) == 1 and log[0]["group"] == "test group" and log[0]["status"] == "committed"
    assert log[0]["upload_id"].startswith("u")


def test_ingest_rejects_with_row_and_column(populated, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2020,eleven\n")
    r = run("ingest", str(bad), "--group", "g", data_dir=populated)
    assert r.returncode != 0
    assert "row 2, column value: not a number" in r.stdout
    assert len(rows(run("uploads", data_dir=populated).stdout)) == 1


def test_score_columns_and_empty_cells(populated):
    r = run("score", "--year", "2020", data_dir=populated)
    assert r.returncode == 0, r.stderr
    out = rows(r.stdout)
    assert list(out[0].keys())[:11] == ["iso3", "name", "overall", "protection", "recruitment", "remittance",
                                        "association", "coverage", "rank", "rank_p05", "rank_p95"]
    ken = next(x for x in out if x["iso3"] == "KEN")
    # 25 countries < 50: no pillar is in play, so no overall score and no rank; empty cells, never 0
    assert ken["overall"] == "" and ken["rank"] == "" and ken["recruitment"] == ""
    assert ken["association"] == "80.00"      # 100 * (2 - 10) / (0 - 10) = 80
    assert "Index over 0 of 4 pillars" in r.stderr
    cite = next(line for line in r.stderr.splitlines() if line.startswith("# Cite: "))
    assert "ILO, SDG indicator 8.8.2, via Our World in Data (CC BY 4.0)" in cite and "Compiled in" in cite


def test_score_accepts_weights_and_rejects_bad_ones(populated):
    assert run("score", "--year", "2020", "--weights", "protection=2,association=1", "--aggregation", "geometric",
               data_dir=populated).returncode == 0
    bad = run("score", "--weights", "happiness=2", data_dir=populated)
    assert bad.returncode == 2 and "unknown pillar" in bad.stderr


def test_corridors_output(populated):
    out = rows(run("corridors", "--year", "2020", data_dir=populated).stdout)
    assert list(out[0].keys())[:6] == ["origin_iso3", "destination_iso3", "score", "recruitment_cost",
                                       "remittance_cost", "rank"]
    assert (out[0]["origin_iso3"], out[0]["destination_iso3"], out[0]["remittance_cost"]) == ("NPL", "QAT", "4")


def test_catalog_output():
    out = rows(run("catalog").stdout)
    assert len(out) >= 12
    assert {"id", "name", "pillar", "level", "unit", "direction", "best", "worst", "weight", "valid_min",
            "valid_max", "sdg", "gcm", "source"} <= set(out[0])


def test_explain_output(populated):
    r = run("explain", "--iso3", "ken", "--year", "2020", data_dir=populated)
    assert r.returncode == 0
    assert "Kenya (KEN), reference year 2020" in r.stdout
    assert "score 100*(2-10)/(0-10) = 80.0" in r.stdout


def test_retract_and_env_var_data_dir(populated, tmp_path):
    f = tmp_path / "second.csv"
    f.write_text("indicator_id,iso3,period,value\nlabour_rights_sdg882,KEN,2020,6\n")
    uid = run("ingest", str(f), "--group", "g", env_dir=populated).stdout.strip()
    assert next(x for x in rows(run("score", "--year", "2020", env_dir=populated).stdout)
                if x["iso3"] == "KEN")["association"] == "40.00"
    r = run("retract", uid, "--note", "wrong", data_dir=populated)
    assert r.returncode == 0
    assert next(x for x in rows(run("score", "--year", "2020", data_dir=populated).stdout)
                if x["iso3"] == "KEN")["association"] == "80.00"
    assert run("retract", "u-does-not-exist", data_dir=populated).returncode == 2


@pytest.fixture(scope="module")
def bundled_copy(tmp_path_factory) -> Path:
    """A private copy of the bundled data (read only by the audit tests, but never the shipped folder itself)."""
    import shutil
    dest = tmp_path_factory.mktemp("audit") / "data"
    shutil.copytree(PROJECT / "data", dest)
    return dest


def test_audit_prints_the_flags_by_default(bundled_copy):
    r = run("audit", "--year", "2021", data_dir=bundled_copy)
    assert r.returncode == 0, r.stderr
    out = rows(r.stdout)
    assert list(out[0].keys())[:6] == ["kind", "subject", "parent", "value", "threshold", "meaning"]
    flags = {(x["kind"], x["subject"]) for x in out}
    # on the bundled data, method v2: the corridor means only stand in for the official series (no redundancy
    # flag left), no binary decides protection; the de facto side explains a little more than its share
    assert not [f for f in flags if f[0] == "redundancy"] and ("dominance", "icrmw_party") not in flags
    assert ("dominance", "freedom_of_movement_fh") in flags and ("wide rank intervals", "ranking") in flags
    assert "statistical audit, 2021, arithmetic mean; Index over 3 of 4 pillars" in r.stderr


def test_audit_tables_options_and_errors(bundled_copy):
    r = run("audit", "--year", "2021", "--table", "all", "--weights", "protection=2", "--aggregation", "geometric",
            data_dir=bundled_copy)
    assert r.returncode == 0, r.stderr
    out = rows(r.stdout)
    assert list(out[0].keys())[0] == "table"
    assert {x["table"] for x in out} == {"flags", "correlations", "redundancy", "dominance", "coverage",
                                         "uncertainty"}
    cor = rows(run("audit", "--year", "2021", "--table", "correlations", data_dir=bundled_copy).stdout)
    pillar = next(x for x in cor if x["subject"] == "protection")
    assert pillar["parent"] == "index" and int(pillar["n"]) > 100 and 0 < float(pillar["pearson"]) <= 1
    assert run("audit", "--weights", "happiness=1", data_dir=bundled_copy).returncode == 2
    assert run("audit", "--table", "nonsense", data_dir=bundled_copy).returncode == 2


def test_lang_translates_the_notes_and_keeps_the_csv_readable(populated):
    en = run("score", "--year", "2020", data_dir=populated)
    fr = run("--lang", "fr", "score", "--year", "2020", data_dir=populated)
    es = run("score", "--year", "2020", "--lang", "es", data_dir=populated)
    assert fr.returncode == 0 and es.returncode == 0, fr.stderr + es.stderr
    assert "Indice sur 0 des 4 piliers (moyenne arithmétique)" in fr.stderr
    assert "Índice sobre 0 de los 4 pilares (media aritmética)" in es.stderr
    # the CSV is for scripts: same columns, codes and ASCII numbers with a decimal point in every language
    assert fr.stdout.splitlines()[0] == en.stdout.splitlines()[0]
    ken = next(x for x in rows(fr.stdout) if x["iso3"] == "KEN")
    assert ken["association"] == "80.00"
    assert run("--lang", "de", "score", data_dir=populated).returncode == 2     # not a language of the product
