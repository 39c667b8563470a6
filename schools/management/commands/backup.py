from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from schools.backup import backup_create, backup_restore, row_counts


class Command(BaseCommand):
    help = "Резервная копия: backup create [--output DIR] | backup restore DIR (база данных и загруженные файлы)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--output", default=None)
        restore = sub.add_parser("restore")
        restore.add_argument("source")

    def handle(self, *args, action, **options):
        if action == "create":
            out = Path(options["output"] or f"backups/{timezone.now():%Y%m%d-%H%M%S}")
            backup_create(out=out)
            self.stdout.write(self.style.SUCCESS(f"Резервная копия сохранена: {out}"))
            return
        source = Path(options["source"])
        if not (source / "manifest.json").exists():
            raise CommandError(f"В папке {source} нет резервной копии (manifest.json).")
        expected = backup_restore(source=source)
        actual = row_counts()
        differ = {k: (v, actual.get(k)) for k, v in expected.items() if actual.get(k) != v}
        if differ:
            raise CommandError(f"После восстановления не совпадает число записей: {differ}")
        self.stdout.write(self.style.SUCCESS(f"Восстановлено из {source}: записей {sum(expected.values())}."))
