"""The layout rules of the code: imports only run downward (import-linter contracts in pyproject.toml), no module
over 400 lines and no function over 80 (tests excluded), a docstring saying what each sub-package holds."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
CODE = ("indicators", "pages", "bench")
LINT = Path(sys.executable).with_name("lint-imports")


def code_files() -> list[Path]:
    """Every Python file of the product (tests excluded), app.py included."""
    files = [PROJECT / "app.py"]
    for top in CODE:
        files += sorted((PROJECT / top).rglob("*.py"))
    return files


def lint(cwd: Path) -> subprocess.CompletedProcess:
    """Run import-linter with the project's contracts on the packages found in cwd."""
    return subprocess.run([str(LINT), str(PROJECT / "pyproject.toml"), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_import_contracts_are_kept():
    res = lint(PROJECT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout


def _copy_code(dest: Path) -> None:
    for top in ("indicators", "pages"):
        shutil.copytree(PROJECT / top, dest / top, ignore=shutil.ignore_patterns("*.csv", "*.json", "*.yaml",
                                                                                 "__pycache__"))


@pytest.mark.parametrize("module, line, broken", [
    # an upward import: the store reaching into the views
    ("indicators/store/catalogue.py", "import indicators.views.figures\n", "Layers"),
    # uploads and views are independent of each other
    ("indicators/views/overview.py", "import indicators.uploads.ingest\n", "Layers"),
    # two sibling modules importing each other
    ("indicators/scoring/normalise.py", "import indicators.scoring.scorecard\n", "No two modules"),
])
def test_contracts_catch_a_violation(tmp_path, module, line, broken):
    _copy_code(tmp_path)
    target = tmp_path / module
    target.write_text(target.read_text() + "\n" + line)
    res = lint(tmp_path)
    assert res.returncode != 0
    assert f"{broken}" in res.stdout and "BROKEN" in res.stdout


def test_no_module_over_400_lines():
    long = {str(p.relative_to(PROJECT)): n for p in code_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_over_80_lines():
    long = {}
    for p in code_files():
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long[f"{p.relative_to(PROJECT)}:{node.name}"] = n
    assert long == {}


@pytest.mark.parametrize("package", sorted(p.parent.name for p in (PROJECT / "indicators").glob("*/__init__.py")))
def test_each_sub_package_says_what_it_holds_and_may_import(package):
    doc = ast.get_docstring(ast.parse((PROJECT / "indicators" / package / "__init__.py").read_text()))
    assert doc, f"indicators/{package}/__init__.py has no docstring"
    assert 2 <= len(doc.splitlines()) <= 4
    assert "import" in doc


def test_the_layout_has_the_named_sub_packages():
    found = {p.parent.name for p in (PROJECT / "indicators").glob("*/__init__.py")}
    assert {"store", "scoring", "uploads", "views", "exports", "web"} <= found
