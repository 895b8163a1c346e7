"""The batch command line: `python -m indicators export` writes the packs asked for, reports the codes it cannot."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT
from tests.exports.samples import pdf_text


def test_cli_export(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    run = subprocess.run([sys.executable, "-m", "indicators", "--data-dir", str(PROJECT / "data"), "export",
                          "--corridor", "NPL-QAT", "--iso3", "XXX", "--format", "pdf", "--format", "xlsx",
                          "--out", str(tmp_path / "packs")], capture_output=True, text=True, env=env, cwd=PROJECT,
                         timeout=180)
    assert run.returncode == 1                                     # XXX failed, the rest was written
    assert "unknown country code 'XXX'" in run.stderr
    written = sorted(Path(p).name for p in run.stdout.split())
    # no --year: the default reference year follows from the data (2021 on the bundled data)
    assert written == ["corridor-briefing_NPL-QAT_2021.pdf", "corridor-briefing_NPL-QAT_2021.xlsx"]
    pages, text = pdf_text((tmp_path / "packs" / written[0]).read_bytes())
    assert 2 <= pages <= 4 and "Nepal" in text
    bad = subprocess.run([sys.executable, "-m", "indicators", "export", "--format", "gif"], capture_output=True,
                         text=True, env=env, cwd=PROJECT, timeout=60)
    assert bad.returncode == 2 and "error" in bad.stderr
