from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indices.exports import EXPORTERS
from indices.models import Run


class Command(BaseCommand):
    help = "Выгружает результаты расчёта по школам (столбцы docs/indices.md, «Results out»)."

    def add_arguments(self, parser):
        parser.add_argument("--run", required=True, help="номер расчёта или latest")
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="csv")
        parser.add_argument("--output", required=True)

    def handle(self, *args, run, format, output, **options):
        done = Run.objects.filter(status=Run.Status.DONE)
        if run == "latest":
            target = done.order_by("-finished_at", "-pk").first()
        else:
            target = done.filter(pk=int(run)).first() if run.isdigit() else None
        if target is None:
            raise CommandError(f"Готовый расчёт «{run}» не найден.")
        Path(output).write_bytes(EXPORTERS[format](target))
        self.stdout.write(self.style.SUCCESS(f"Расчёт {target.pk}: записан {output}."))
