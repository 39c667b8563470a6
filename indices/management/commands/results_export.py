import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indices.analysis.exports import FORMATS, KINDS, NoResults, export
from indices.analysis.selectors.regions import RegionChoiceError, results_region
from schools.models import Region
from schools.years import AcademicYearError, parse_academic_year

USAGE = "manage.py results_export risk|assessments --year ГОД [--region КОД] --format csv|xlsx --output ФАЙЛ"


class Command(BaseCommand):
    help = (
        "Выгружает риск низких результатов по школам региона (risk) или оценочные процедуры школ (assessments) "
        "за учебный год в CSV или XLSX (столбцы docs/indices.md, «Риск низких результатов»)."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message):  # argparse's own messages are English
            raise CommandError(
                "Не удалось разобрать аргументы: после --year, --region, --format и --output нужно значение, "
                f"других аргументов у команды нет. Использование: {USAGE}"
            )

        parser.error = error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="risk — риск низких результатов; assessments — оценочные процедуры")
        parser.add_argument("--year", help="учебный год: 2025 или 2024/2025")
        parser.add_argument("--region", help="код региона; можно не указывать, если регион в портале один")
        parser.add_argument("--format", dest="file_format", help="csv или xlsx")
        parser.add_argument("--output", help="файл, в который записать выгрузку")

    def handle(self, *args, kind, year, region, file_format, output, **options):
        if kind not in KINDS:
            raise CommandError(
                "Укажите, что выгружать: risk (риск низких результатов по школам) или assessments "
                f"(оценочные процедуры школ). Использование: {USAGE}"
            )
        if not year:
            raise CommandError("Укажите учебный год: --year 2025 или --year 2024/2025.")
        try:
            end_year = parse_academic_year(year)
        except AcademicYearError as exc:
            raise CommandError(f"Учебный год: {exc}.") from exc
        if file_format not in FORMATS:
            raise CommandError("Укажите формат: --format csv или --format xlsx.")
        if not output:
            raise CommandError("Укажите файл: --output ПУТЬ.")
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"Папка «{target.parent}» не существует.")
        where = self._region(region)
        try:
            data = export(kind=kind, year=end_year, region=where, file_format=file_format)
        except NoResults as exc:
            raise CommandError(str(exc)) from exc
        # Written beside the target and renamed: a reader never sees half a file.
        temporary = target.with_name(f".{target.name}.{os.getpid()}.part")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, target)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise CommandError(f"Не удалось записать «{target}»: {exc.strerror or exc}.") from exc
        self.stdout.write(self.style.SUCCESS(f"Записан {target} ({where.name}, {end_year - 1}/{end_year})."))

    @staticmethod
    def _region(code: str | None) -> Region:
        try:
            return results_region(code=code)
        except RegionChoiceError as exc:
            raise CommandError(str(exc)) from exc
