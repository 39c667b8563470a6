"""Which region an export of the results is about — one rule for ``manage.py results_export`` and
the API (/api/v1/risk/, /api/v1/assessments/): the region asked for, else the only one there is
(among all regions for the operator, among the caller's schools for a token)."""

from __future__ import annotations

from django.db.models import QuerySet

from schools.models import Region, School


class RegionChoiceError(Exception):
    """No region can be taken; the message is Russian and names the option to give."""


class RegionNotFound(RegionChoiceError):
    pass


class RegionAmbiguous(RegionChoiceError):
    pass


def results_region(
    *,
    schools: QuerySet[School] | None = None,
    region_id: int | None = None,
    code: str | None = None,
    option: str = "--region",
) -> Region:
    """The region by ``region_id`` or ``code``; with neither, the only region (of ``schools`` when
    given). With ``schools``, a region none of them is in is not found. Two queries at most."""
    regions = Region.objects.all()
    if schools is not None:
        regions = regions.filter(pk__in=schools.order_by().values("region_id"))
    if region_id is not None or code:
        found = (regions.filter(pk=region_id) if region_id is not None else regions.filter(code=code)).first()
        if found is None:
            if schools is not None:
                raise RegionNotFound("Такого региона нет или его школы не входят в область доступа.")
            raise RegionNotFound(f"Регион с кодом «{code}» не найден.")
        return found
    candidates = list(regions.order_by("code")[:21])
    if not candidates:
        if schools is not None:
            raise RegionNotFound("В область доступа не входит ни одна школа.")
        raise RegionNotFound("В портале нет ни одного региона.")
    if len(candidates) > 1:
        if schools is not None:
            raise RegionAmbiguous(f"Укажите регион ({option}): доступны школы не одного региона.")
        codes = ", ".join(r.code for r in candidates[:20]) + (", …" if len(candidates) > 20 else "")
        raise RegionAmbiguous(f"В портале несколько регионов ({codes}): укажите {option}.")
    return candidates[0]
