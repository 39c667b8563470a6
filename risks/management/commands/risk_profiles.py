"""Compute the risk profiles of a municipality's (or one school's) schools for an academic year."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from schools.formats import count_of
from schools.models import School

from ...services.profiles import profiles_compute


class Command(BaseCommand):
    help = "Рассчитать профили рисков школ муниципалитета (или одной школы) за учебный год."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="учебный год (год окончания), например 2026")
        parser.add_argument("--municipality", help="код муниципалитета")
        parser.add_argument("--school", help="код школы")

    def handle(self, *args, year: int, municipality: str | None, school: str | None, **options) -> None:
        schools = School.objects.filter(is_archived=False)
        if school:
            schools = schools.filter(code=school)
        elif municipality:
            schools = schools.filter(municipality__code=municipality)
        else:
            raise CommandError("Укажите --municipality или --school.")
        found = list(schools.order_by("short_name"))
        if not found:
            raise CommandError("Школы не найдены: проверьте код.")
        profiles = profiles_compute(schools=found, year=year)
        self.stdout.write(f"Рассчитано: {count_of(len(profiles), 'профиль', 'профиля', 'профилей')}.")
