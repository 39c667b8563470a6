"""The two locks: the Docker image installs requirements/runtime.lock only, so no test or lint tool
may be in it; requirements/dev.lock is compiled against it, so both pin every runtime package to the
same version. `make lock` regenerates them (README, «Dependencies»)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_LOCK = ROOT / "requirements" / "runtime.lock"
DEV_LOCK = ROOT / "requirements" / "dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")

# Tools that must never reach the image, whether named in the dev extra or pulled in by it.
TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "ruff",
    "mypy",
    "django-stubs",
    "djangorestframework-stubs",
    "djlint",
    "factory-boy",
    "faker",
    "import-linter",
    "playwright",
    "hypothesis",
    "locust",
    "schemathesis",
    "statsmodels",
    "pip-tools",
}


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_runtime_lock_has_no_dev_tool():
    runtime = set(pins(RUNTIME_LOCK))
    dev_extra = names(project()["optional-dependencies"]["dev"])
    leaked = sorted((runtime & (TOOLS | dev_extra)) | {n for n in runtime if n.startswith(("pytest-", "types-"))})
    leaked += sorted(n for n in runtime if n.endswith("-stubs"))
    assert not leaked, f"в runtime.lock попали инструменты разработки: {leaked}"


def test_runtime_lock_covers_the_runtime_dependencies():
    missing = sorted(names(project()["dependencies"]) - set(pins(RUNTIME_LOCK)))
    assert not missing, f"зависимости из pyproject.toml не закреплены в runtime.lock: {missing}"


def test_dev_lock_pins_every_runtime_package_to_the_same_version():
    runtime, dev = pins(RUNTIME_LOCK), pins(DEV_LOCK)
    differ = {name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version}
    assert not differ, f"runtime.lock и dev.lock расходятся (runtime, dev): {differ}"
    missing = sorted(names(project()["optional-dependencies"]["dev"]) - set(dev))
    assert not missing, f"инструменты из extra dev не закреплены в dev.lock: {missing}"


def test_the_image_installs_the_runtime_lock_only():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "-r requirements/runtime.lock" in dockerfile
    assert "dev.lock" not in dockerfile and "pyproject.toml" not in dockerfile
