"""Build a report synchronously, with the same builder the Celery worker runs:

python manage.py report program 12 --format pdf --output p.pdf
python manage.py report monitoring 12 --format xlsx --output m.xlsx --param start=2025-09-01 --param end=2025-09-30
python manage.py report identification 3 --format pdf --output run.pdf --user committee
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from reporting.registry import ReportError, all_kinds, get_kind
from reporting.services import report_render


class Command(BaseCommand):
    help = "Формирует отчёт без очереди (тем же построителем, что и Celery) и записывает его в файл."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="вид отчёта: " + ", ".join(k.key for k in all_kinds()))
        parser.add_argument("object_id", type=int, help="id объекта (программы, расчёта, школы)")
        parser.add_argument("--format", default="pdf", help="pdf, xlsx или docx")
        parser.add_argument("--output", required=True, help="куда записать файл")
        parser.add_argument("--param", action="append", default=[], metavar="ИМЯ=ЗНАЧЕНИЕ", help="параметр отчёта")
        parser.add_argument(
            "--user",
            help="логин: отчёт с правами и видимостью этого пользователя (по умолчанию — оператор, видит всё)",
        )

    def handle(self, *args, **options):
        params = {}
        for item in options["param"]:
            name, sep, value = item.partition("=")
            if not sep or not name.strip():
                raise CommandError(f"Параметр «{item}»: нужно ИМЯ=ЗНАЧЕНИЕ.")
            params[name.strip()] = value.strip()
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Пользователь «{options['user']}» не найден.")
        try:
            kind = get_kind(options["kind"])
            unknown = set(params) - set(kind.param_names)
            if unknown:
                raise ReportError(
                    f"Неизвестные параметры: {', '.join(sorted(unknown))}; "
                    f"отчёт «{kind.key}» принимает: {', '.join(kind.param_names) or 'никаких'}."
                )
            content, name = report_render(
                kind=kind.key, format=options["format"], object_id=options["object_id"], params=params, user=user
            )
        except ReportError as exc:
            raise CommandError(str(exc)) from exc
        except ObjectDoesNotExist as exc:
            raise CommandError(f"Объект {options['object_id']} для отчёта «{options['kind']}» не найден.") from exc
        output = Path(options["output"])
        output.write_bytes(content)
        self.stdout.write(f"{output}: {len(content)} байт ({name})")
