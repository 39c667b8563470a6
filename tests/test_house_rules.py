"""House rules the code keeps: no Python module longer than 500 lines (a longer one holds several
subjects; split it by subject). Migrations and the demo data are generated or tabular and exempt."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 500
SKIPPED_DIRS = {".venv", "node_modules", "migrations", ".git", "__pycache__"}
# Demo data: tables of seed programs and schools, not code.
DEMO_DATA = {"programs/demo/seed_programs.py", "schools/demo/seed_data.py"}


def _modules() -> list[Path]:
    modules = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if name.endswith(".py") and path.relative_to(ROOT).as_posix() not in DEMO_DATA:
                modules.append(path)
    return modules


def test_no_module_is_longer_than_500_lines():
    too_long = {}
    for path in _modules():
        with path.open(encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        if lines > MAX_LINES:
            too_long[path.relative_to(ROOT).as_posix()] = lines
    assert not too_long, f"modules over {MAX_LINES} lines (split them by subject): {too_long}"


def test_the_walk_sees_the_code_and_the_exempt_data_exists():
    found = {path.relative_to(ROOT).as_posix() for path in _modules()}
    assert "schools/formats.py" in found and "tests/test_house_rules.py" in found
    assert not any("/migrations/" in name or name.startswith(".venv/") for name in found)
    assert all((ROOT / name).is_file() for name in DEMO_DATA)  # the allow-list names real files


def test_no_merge_conflict_markers_are_committed():
    """A half-resolved merge leaves markers that no parser of Markdown, templates or JSON notices."""
    import re
    import subprocess

    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    marker = re.compile(r"^(<{7} |>{7} |={7}$)", re.M)
    found = []
    for name in files:
        path = ROOT / name
        if (
            path.suffix in {".py", ".md", ".html", ".txt", ".toml", ".json", ".css", ".js", ".yml", ".cfg"}
            and path.is_file()
        ):
            if marker.search(path.read_text(encoding="utf-8", errors="replace")):
                found.append(name)
    assert not found, f"merge conflict markers in {found}"
