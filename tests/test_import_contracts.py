"""The import contracts of pyproject.toml ([tool.importlinter], run by `make lint`) hold for the
project, and each one fails when a forbidden import is added to a copy of it.

lint-imports runs in a subprocess: the copy has the same top-level package names as the project that
this test process has already imported.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACT_NAMES = {contract["id"]: contract["name"] for contract in CONFIG["contracts"]}


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"]
        + ["--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's packages (Python sources only) and its pyproject.toml, copied once."""
    copy = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package,
            copy / package,
            ignore=lambda folder, names: (
                [name for name in names if not name.endswith(".py") and not (Path(folder) / name).is_dir()]
                + ["__pycache__"]
            ),
        )
    return copy


def test_every_app_is_under_the_contracts() -> None:
    """A new app joins root_packages (else import-linter does not see its imports at all), and a
    layer is marked optional, ``(name)``, only while its package does not exist yet."""
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    missing = (apps | {"config"}) - set(CONFIG["root_packages"])
    assert not missing, f"add {sorted(missing)} to root_packages and to the contracts"
    layers = next(c for c in CONFIG["contracts"] if c["id"] == "layers")["layers"]
    for layer in layers:
        for name in layer.replace("|", " ").replace(":", " ").split():
            if name.startswith("("):
                assert not (ROOT / name.strip("()")).exists(), f"{name}: the package exists, drop the parentheses"


def test_the_project_keeps_every_contract() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in CONTRACT_NAMES.values():
        assert f"{name} KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # The ladder knows nothing of the apps built on it (and monitoring, which imports schools, would
        # then reach programs indirectly).
        ("schools/models/__init__.py", "import programs.models", {"layers", "schools-alone", "no-programs-below"}),
        ("schools/access.py", "from indices import selectors", {"layers", "schools-alone"}),
        # Lower apps reach programs only through AppConfig hooks.
        ("monitoring/services/values.py", "from programs.models import Program", {"layers", "no-programs-below"}),
        ("indices/selectors.py", "import programs.access", {"layers", "no-programs-below"}),
        # monitoring and indices are independent siblings.
        ("monitoring/selectors/values.py", "import indices.models", {"layers"}),
        # Nothing imports config.
        ("programs/services/programs.py", "from config import navigation", {"layers"}),
        # The numerical core stays free of Django.
        ("indices/stats/compute.py", "from django.db import models", {"stats-without-django"}),
    ],
)
def test_a_forbidden_import_breaks_its_contract(project_copy: Path, module: str, line: str, broken: set[str]) -> None:
    path = project_copy / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{original}\n{line}\n", encoding="utf-8")
    try:
        result = lint_imports(project_copy)
    finally:
        path.write_text(original, encoding="utf-8")

    assert result.returncode != 0, result.stdout
    for contract_id, name in CONTRACT_NAMES.items():
        state = "BROKEN" if contract_id in broken else "KEPT"
        assert f"{name} {state}" in result.stdout, result.stdout


def test_the_unchanged_copy_keeps_every_contract(project_copy: Path) -> None:
    """The copy itself is clean, so each failure above comes from the added line alone."""
    result = lint_imports(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
