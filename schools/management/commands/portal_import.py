"""portal_import {schools,context} FILE.xlsx [--dry-run] [--create-missing]
portal_import template {schools,context} OUT.xlsx

A system operation (no user: every row is within scope). A file with any problem changes
nothing: the report goes to stderr, one line per problem, and the exit code is 1.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from schools.imports.registry import all_kinds
from schools.imports.services import ImportFileError, ImportOutcome, import_run, template_xlsx


class Command(BaseCommand):
    help = (
        "Загружает данные из книги Excel (.xlsx) по шаблону портала: реестр школ или "
        "контекстные данные. «template» записывает шаблон для заполнения."
    )

    def add_arguments(self, parser):
        kinds = list(all_kinds())
        actions = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{" + ",".join([*(k.key for k in kinds), "template"]) + "}",
        )
        for kind in kinds:
            sub = actions.add_parser(kind.key, help=str(kind.title))
            sub.add_argument("file", help="книга Excel (.xlsx)")
            sub.add_argument("--dry-run", action="store_true", help="только проверить файл, ничего не записывая")
            if kind.supports_create_missing:
                sub.add_argument(
                    "--create-missing",
                    action="store_true",
                    help="создать регионы и муниципалитеты, которых нет в портале",
                )
        template = actions.add_parser("template", help="записать шаблон для заполнения")
        template.add_argument("kind", choices=[k.key for k in kinds])
        template.add_argument("out", help="куда записать .xlsx")

    def handle(self, *args, **options):
        # Messages are Russian whatever locale the shell has.
        with translation.override(settings.LANGUAGE_CODE):
            if options["action"] == "template":
                self._template(options["kind"], options["out"])
            else:
                self._import(options["action"], options)

    def _template(self, kind: str, out: str) -> None:
        with open(out, "wb") as handle:
            handle.write(template_xlsx(kind))
        self.stdout.write(self.style.SUCCESS(_("Шаблон записан: %(path)s") % {"path": out}))

    def _import(self, kind: str, options: dict) -> None:
        path = options["file"]
        if not os.path.isfile(path):
            raise CommandError(_("Файл не найден: %(path)s") % {"path": path})
        dry_run = options["dry_run"]
        try:
            outcome = import_run(
                kind=kind,
                file=path,
                user=None,
                dry_run=dry_run,
                create_missing=options.get("create_missing", False),
                file_name=path,
            )
        except ImportFileError as exc:
            raise CommandError(
                _("%(path)s: %(message)s База данных не изменена.") % {"path": path, "message": exc.message}
            ) from exc
        self._summary(outcome)
        if outcome.has_errors:
            for problem in outcome.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("Файл не загружен: ошибок %(problems)s (строк с ошибками: %(rows)s). База данных не изменена.")
                % {"problems": outcome.problems_total, "rows": outcome.invalid_rows}
            )
        if dry_run:
            self.stdout.write(_("Проверка без записи (--dry-run): ошибок нет, база данных не изменена."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Файл загружен.")))

    def _summary(self, outcome: ImportOutcome) -> None:
        new_label, upd_label = (_("добавлено"), _("обновлено")) if outcome.applied else (_("новых"), _("изменённых"))
        self.stdout.write(
            _(
                "Лист «%(sheet)s», заголовок в строке %(header)s, строк с данными: %(rows)s. "
                "%(new_label)s: %(new)s, %(upd_label)s: %(updated)s, без изменений: %(unchanged)s, "
                "с ошибками: %(invalid)s."
            )
            % {
                "sheet": outcome.sheet,
                "header": outcome.header_row,
                "rows": outcome.total_rows,
                "new_label": new_label.capitalize(),
                "new": outcome.new,
                "upd_label": upd_label,
                "updated": outcome.updated,
                "unchanged": outcome.unchanged,
                "invalid": outcome.invalid_rows,
            }
        )
        if outcome.to_create.get("regions"):
            self.stdout.write(
                _("Регионы, которых нет в портале: %(names)s") % {"names": ", ".join(outcome.to_create["regions"])}
            )
        if outcome.to_create.get("municipalities"):
            self.stdout.write(
                _("Муниципалитеты, которых нет в портале: %(names)s")
                % {"names": ", ".join(outcome.to_create["municipalities"])}
            )
        if outcome.ignored_columns:
            self.stdout.write(
                _("Не распознаны и не загружаются столбцы: %(names)s") % {"names": ", ".join(outcome.ignored_columns)}
            )
