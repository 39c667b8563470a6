"""Steps 6–8 of docs/indices.md: low results, unfavourable conditions, support category, stability.

    |                          | quality ≤ low_quality_max_group | quality above |
    |--------------------------|---------------------------------|---------------|
    | wellbeing ≤ unfav. max   | low_on_both (сопровождение)     | resilient     |
    | wellbeing above          | not_coping (наставничество)     | stable        |

``no_data`` where either group is missing (group 0). The pilot-site flag is set by hand in the
Django layer and is not a category here.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._arrays import BoolArray, StrArray
from .errors import IndicesError

LOW_ON_BOTH = "low_on_both"
RESILIENT = "resilient"
NOT_COPING = "not_coping"
STABLE = "stable"
NO_DATA = "no_data"
CATEGORIES = (LOW_ON_BOTH, RESILIENT, NOT_COPING, STABLE, NO_DATA)
CATEGORY_DTYPE = "<U11"


def _groups(values: npt.ArrayLike, name: str) -> npt.NDArray[np.int64]:
    g = np.asarray(values)
    if g.ndim != 1:
        raise IndicesError(f"«{name}»: ожидается одномерный массив номеров групп.")
    if g.dtype.kind == "f":  # nan → 0 (no group)
        g = np.where(np.isnan(g), 0, g)
    g = g.astype(np.int64)
    if (g < 0).any():
        raise IndicesError(f"«{name}»: номера групп не могут быть отрицательными (0 — нет группы).")
    return g


def low_results(quality_group: npt.ArrayLike, *, low_quality_max_group: int = 5) -> BoolArray:
    """ШНОР: quality group 1..low_quality_max_group (group 0 = no data is not low)."""
    g = _groups(quality_group, "quality_group")
    return (g >= 1) & (g <= low_quality_max_group)


def unfavourable(wellbeing_group: npt.ArrayLike, *, unfavourable_max_wellbeing_group: int = 4) -> BoolArray:
    """ШНСУ: wellbeing group 1..unfavourable_max_wellbeing_group."""
    g = _groups(wellbeing_group, "wellbeing_group")
    return (g >= 1) & (g <= unfavourable_max_wellbeing_group)


def categories(
    quality_group: npt.ArrayLike,
    wellbeing_group: npt.ArrayLike,
    *,
    low_quality_max_group: int = 5,
    unfavourable_max_wellbeing_group: int = 4,
) -> StrArray:
    """Support category code of every school (see the module table)."""
    q = _groups(quality_group, "quality_group")
    w = _groups(wellbeing_group, "wellbeing_group")
    if q.shape != w.shape:
        raise IndicesError(f"Групп качества {q.size}, а групп ИСБШ {w.size}.")
    low = q <= low_quality_max_group
    unfav = w <= unfavourable_max_wellbeing_group
    out = np.select(
        [(q == 0) | (w == 0), low & unfav, ~low & unfav, low & ~unfav],
        [NO_DATA, LOW_ON_BOTH, RESILIENT, NOT_COPING],
        default=STABLE,
    )
    return out.astype(CATEGORY_DTYPE)


def stably_low(low_flags_by_year: npt.ArrayLike, *, min_low_years: int) -> BoolArray:
    """Low in at least ``min_low_years`` of the given years.

    ``low_flags_by_year`` is (years, n): True/1 low, False/0 not low, nan — no result that year.
    The caller passes exactly the years to look at (the last ``stability.years`` computed
    years). A year without a result is a year in which the school was *not identified* as low,
    so it does not count towards the minimum — the flag is never inferred from missing years.
    """
    flags = np.asarray(low_flags_by_year, dtype=np.float64)
    if flags.ndim == 1:
        flags = flags[None, :]
    if flags.ndim != 2:
        raise IndicesError("Флаги по годам: ожидается массив (годы × школы).")
    if isinstance(min_low_years, bool) or int(min_low_years) != min_low_years or min_low_years < 1:
        raise IndicesError(f"min_low_years должно быть целым ≥ 1, получено {min_low_years!r}.")
    return (flags == 1.0).sum(axis=0) >= min_low_years
