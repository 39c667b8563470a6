import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from indices.methodology import methodology_export, methodology_save
from indices.models import Methodology


class Command(BaseCommand):
    help = "Загружает методику из JSON (новой версией) или выгружает действующую версию в JSON."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="загрузить методику из файла JSON")
        load.add_argument("file")
        export = sub.add_parser("export", help="выгрузить методику в JSON")
        export.add_argument("slug")
        export.add_argument("--output", help="файл; по умолчанию — стандартный вывод")

    def handle(self, *args, action, **options):
        if action == "load":
            try:
                definition = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise CommandError(f"Не удалось прочитать JSON: {exc}") from exc
            try:
                methodology = methodology_save(definition=definition)
            except ValidationError as exc:
                raise CommandError("Методика не загружена:\n  " + "\n  ".join(exc.messages)) from exc
            self.stdout.write(self.style.SUCCESS(f"Методика «{methodology.slug}», версия {methodology.version}."))
            return
        try:
            text = methodology_export(slug=options["slug"])
        except Methodology.DoesNotExist as exc:
            raise CommandError(f"Методика «{options['slug']}» не найдена.") from exc
        if options.get("output"):
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)
