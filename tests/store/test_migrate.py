"""Migration from the previous layout (a Parquet file and a JSON record per upload) to the Delta Lake store: upload
ids, records, retractions and history kept (as_of answers as before); other files copied; the old directory only
read; a damaged old store or a target that already holds a store refused; the bundled data's values unchanged."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from indicators.store.legacy import write_retraction, write_upload
from indicators.store.migrate import migrate
from indicators.store.observations import Store, to_observation_table
from tests.conftest import PROJECT
from tests.store.layout import commits, record


def old_upload(root: Path, uid: str, stamp: str, values: dict[str, float], note: str = "") -> dict:
    """Write one upload in the previous layout (SDG 8.8.2, period 2019); returns its record."""
    frame = pd.DataFrame({"indicator_id": "labour_rights_sdg882", "iso3": list(values), "period": "2019",
                          "value": list(values.values())})
    rec = {"kind": "commit", "upload_id": uid, "group": "ILO team", "committed_at": stamp, "file_name": f"{uid}.csv",
           "sha256": "ab" * 32, "rows_accepted": len(frame), "rows_rejected": 1, "note": note,
           "indicators": ["labour_rights_sdg882"], "details": {"layout": "long", "rows_set_aside": 1}}
    write_upload(root, to_observation_table(frame, uid), rec)
    return rec


@pytest.fixture
def old(tmp_path) -> Path:
    """An old store: u1 (KEN 3.5, UGA 4.0), u2 (KEN 5.0) retracted after u3 (TZA 1.0); a proposal and groups file."""
    root = tmp_path / "old"
    old_upload(root, "u1", "2024-01-01T00:00:00.000000Z", {"KEN": 3.5, "UGA": 4.0}, "first")
    old_upload(root, "u2", "2024-02-01T00:00:00.000000Z", {"KEN": 5.0})
    old_upload(root, "u3", "2024-03-01T00:00:00.000000Z", {"TZA": 1.0})
    write_retraction(root, {"kind": "retract", "upload_id": "u2", "group": "ILO team",
                            "retracted_at": "2024-04-01T00:00:00.000000Z", "note": "wrong year"})
    (root / "proposals").mkdir()
    (root / "proposals" / "u3.json").write_text('{"upload_id": "u3", "indicator": {"id": "x"}}')
    (root / "groups.json").write_text('{"groups": {}}')
    return root


def digest(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under a directory."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def values(df: pd.DataFrame) -> dict[str, float]:
    """iso3 -> value of a frame of observations."""
    return df.set_index("iso3")["value"].to_dict()


def test_ids_records_retractions_and_history_are_kept(old, tmp_path):
    before = digest(old)
    lines = migrate(old, tmp_path / "new")
    assert [line.split()[1:] for line in lines] == [["commit", "u1"], ["commit", "u2"], ["commit", "u3"],
                                                    ["retract", "u2"]]
    assert digest(old) == before                                      # the old directory is only read
    store = Store(tmp_path / "new")
    log = store.uploads().set_index("upload_id")
    assert list(log.index) == ["u1", "u2", "u3"] and list(log["version"]) == [0, 1, 2]
    assert log.at["u1", "committed_at"] == "2024-01-01T00:00:00.000000Z" and log.at["u1", "note"] == "first"
    assert log.at["u2", "status"] == "retracted" and log.at["u2", "retraction_note"] == "wrong year"
    assert log.at["u2", "retracted_at"] == "2024-04-01T00:00:00.000000Z" and log.at["u1", "rows_rejected"] == 1
    assert store.details()["u1"] == {"layout": "long", "rows_set_aside": 1}
    assert values(store.observations()) == {"KEN": 3.5, "UGA": 4.0, "TZA": 1.0}
    assert values(store.as_of("u2")) == {"KEN": 5.0, "UGA": 4.0}          # before the retraction
    assert values(store.as_of("u3")) == {"KEN": 5.0, "UGA": 4.0, "TZA": 1.0}
    assert values(store.as_of("u1")) == {"KEN": 3.5, "UGA": 4.0}
    assert [record(p)["kind"] for p, _ in commits(tmp_path / "new")] == ["commit"] * 3 + ["retract"]
    assert (tmp_path / "new" / "proposals" / "u3.json").exists() and (tmp_path / "new" / "groups.json").exists()
    assert not (tmp_path / "new" / "log").exists()


def test_a_second_migration_into_a_store_is_refused(old, tmp_path):
    migrate(old, tmp_path / "new")
    with pytest.raises(ValueError, match="already holds a store"):
        migrate(old, tmp_path / "new")
    with pytest.raises(ValueError, match="not a data directory of the previous layout"):
        migrate(tmp_path / "new", tmp_path / "other")


def test_a_damaged_old_store_is_refused_and_nothing_is_written(old, tmp_path):
    (old / "log" / "u3.commit.json").write_bytes(b"{trunc")
    with pytest.raises(ValueError, match="damaged.*u3.commit.json"):
        migrate(old, tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_the_command_line(old, tmp_path):
    res = subprocess.run([sys.executable, "-m", "indicators", "migrate-store", str(old), str(tmp_path / "new")],
                         capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert res.returncode == 0 and res.stdout.splitlines()[-1].split() == ["v3", "retract", "u2"]
    again = subprocess.run([sys.executable, "-m", "indicators", "migrate-store", str(old), str(tmp_path / "new")],
                           capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert again.returncode == 2 and "already holds a store" in again.stderr and "Traceback" not in again.stderr


def test_migration_to_s3_gives_the_local_migrations_values_records_and_history(old, tmp_path, s3_dir):
    assert migrate(old, tmp_path / "new") == migrate(old, str(s3_dir))
    local, remote = Store(tmp_path / "new"), Store(s3_dir)
    pd.testing.assert_frame_equal(remote.uploads(), local.uploads())
    pd.testing.assert_frame_equal(remote.observations(history=True), local.observations(history=True))
    assert values(remote.as_of("u2")) == {"KEN": 5.0, "UGA": 4.0} and remote.details() == local.details()
    assert remote.version().endswith("-v3") and remote.damaged() == []
    assert (s3_dir / "proposals" / "u3.json").read_bytes() == (old / "proposals" / "u3.json").read_bytes()
    assert (s3_dir / "groups.json").exists() and not (s3_dir / "log").exists()


def test_the_command_line_migrates_to_an_s3_url(old, s3_dir):
    res = subprocess.run([sys.executable, "-m", "indicators", "migrate-store", str(old), str(s3_dir)],
                         capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert res.returncode == 0 and res.stdout.splitlines()[-1].split() == ["v3", "retract", "u2"], res.stderr
    assert values(Store(str(s3_dir)).observations()) == {"KEN": 3.5, "UGA": 4.0, "TZA": 1.0}
    check = subprocess.run([sys.executable, "-m", "indicators", "check", "--data-dir", str(s3_dir)],
                           capture_output=True, text=True, cwd=PROJECT, timeout=120)
    assert check.returncode == 0 and check.stdout.startswith("ok: 3 uploads"), check.stdout + check.stderr


# SHA-256 of the current values (sorted CSV of the columns below) and of `python -m indicators score --year 2020`,
# computed on the bundled data in the previous layout (data/log + data/observations/<id>.parquet) at commit
# d9ca5fe, the last one before the Delta Lake store, and reproduced on the migrated copy of that directory.
BEFORE_CURRENT = "4099cfc1283db9f896612a08c1a4f16c52a5cd5ca5c54308de8daeb8e48fcd2b"
BEFORE_SCORES_2020 = "b87c0d56424ea9cea261f0a9ddeeec9a9d37f1af7322df854a8cd224a00b71f0"
CURRENT_COLUMNS = ["indicator_id", "iso3", "origin_iso3", "destination_iso3", "period", "sex", "value", "source",
                   "upload_id"]


def test_bundled_values_and_scores_are_those_of_the_previous_layout():
    obs = Store(PROJECT / "data").observations()
    csv = obs[CURRENT_COLUMNS].sort_values(CURRENT_COLUMNS[:6]).to_csv(index=False)
    assert len(obs) == 32115 and hashlib.sha256(csv.encode()).hexdigest() == BEFORE_CURRENT
    out = subprocess.run([sys.executable, "-m", "indicators", "score", "--year", "2020", "--data-dir",
                          str(PROJECT / "data")], capture_output=True, text=True, cwd=PROJECT, timeout=300).stdout
    assert hashlib.sha256(out.encode()).hexdigest() == BEFORE_SCORES_2020
    assert json.loads((PROJECT / "data" / "BUILD_REPORT.json").read_text())["sources"]
