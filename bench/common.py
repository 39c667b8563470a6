"""What the benchmarks of the national scale share: Django set up against the database that
`manage.py demo_scale` filled, the printing of figures, peak memory."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT_MB = 1024  # no process may use more than 1 GB


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Нужен DATABASE_URL базы PostgreSQL, заполненной `manage.py demo_scale` (см. bench/README.md).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from schools.models import User
    from schools.scale.generate import USERNAMES

    if not User.objects.filter(username=USERNAMES["region"]).exists():
        sys.exit("В базе нет данных `manage.py demo_scale`: сначала сгенерируйте их.")


def figure(name: str, value: float, *, limit: float | None = None, extra: str = "") -> None:
    """One line per figure: name, value and, where a target exists, value / limit (≤ 1 is met)."""
    text = f"{name} {value:.0f}" if float(value).is_integer() else f"{name} {value:.3f}"
    if limit is not None:
        text += f" ratio_to_limit {value / limit:.2f}"
    if extra:
        text += f" {extra}"
    print(text, flush=True)


def peak_mb() -> float:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_peak_mb(pid: int) -> float:
    """Another live process's peak resident memory (VmHWM), 0 if it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
