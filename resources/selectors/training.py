"""The trained share, computed from the register for any period — never typed in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schools.models import School

from ..models import StaffCount, Training


@dataclass(frozen=True)
class TrainedShare:
    school_id: int
    trained: int  # teachers who completed a training in the period (each person once)
    teachers: int | None  # the staff count of the period's last year
    target: Decimal | None  # the school's target share, %

    @property
    def percent(self) -> Decimal | None:
        if not self.teachers:
            return None
        return (Decimal(100) * min(self.trained, self.teachers) / self.teachers).quantize(Decimal("0.1"))

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.percent is None:
            return None
        return self.percent >= self.target


def trained_shares(
    *, school_ids: Iterable[int], date_from: date, date_to: date, quality_only: bool = False
) -> dict[int, TrainedShare]:
    """school id → its trained share for trainings completed between the dates (inclusive). A named
    teacher counts once however many trainings they completed; a record kept as a count adds its
    count. Two queries whatever the number of schools."""
    ids = list(school_ids)
    rows = Training.objects.filter(school_id__in=ids, ends_on__gte=date_from, ends_on__lte=date_to)
    if quality_only:
        rows = rows.filter(quality_topic=True)
    names: dict[int, set[str]] = defaultdict(set)
    counted: dict[int, int] = defaultdict(int)
    for school_id, full_name, people in rows.values_list("school_id", "full_name", "people"):
        if full_name:
            names[school_id].add(" ".join(full_name.lower().replace("ё", "е").split()))
        else:
            counted[school_id] += people
    staff: dict[int, tuple[int, Decimal | None]] = {}
    for school_id, teachers, target in (
        StaffCount.objects.filter(school_id__in=ids, year__lte=date_to.year)
        .order_by("school_id", "year")
        .values_list("school_id", "teachers", "target_share")
    ):
        staff[school_id] = (teachers, target)  # the latest year up to the period's end wins
    return {
        pk: TrainedShare(
            pk, len(names[pk]) + counted[pk], staff.get(pk, (None, None))[0], staff.get(pk, (None, None))[1]
        )
        for pk in ids
    }


def school_trainings(*, school_id: int, year: int | None = None) -> list[Training]:
    qs = Training.objects.filter(school_id=school_id)
    if year is not None:
        qs = qs.filter(year=year)
    return list(qs.order_by("-ends_on", "pk"))


def staff_count(*, school_id: int, year: int) -> StaffCount | None:
    """The school's staff count of the year, if entered."""
    return StaffCount.objects.filter(school_id=school_id, year=year).first()


def school_source():
    """The school as the register's and the plans' guards read it."""
    return School.objects.select_related("municipality")
