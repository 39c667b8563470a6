"""python manage.py survey_import FILE.xlsx [--dry-run] [--group parents]

Imports an XLSForm questionnaire; prints the new questionnaire's id and its number of questions.
A problem (an unsupported question type, a broken expression, a missing choice list …) is printed
with its row, the command fails and nothing is created."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from schools.formats import ru_plural

from ... import spec as specs
from ...imports import xlsform
from ...models.questionnaires import Group
from ...services.questionnaires import questionnaire_create


class Command(BaseCommand):
    help = "Загрузить анкету из файла XLSForm (.xlsx)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="файл XLSForm (.xlsx)")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не создавать")
        parser.add_argument("--group", choices=Group.values, help="кого опрашивает анкета, если в файле не указано")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл не найден: {path}")
        try:
            spec = xlsform.read(path.read_bytes(), group=options["group"])
            problems = specs.check(spec)
            if problems:
                raise xlsform.XLSFormError(problems)
            n = len(spec.questions)
            for line in spec.skipped:
                self.stdout.write(line)
            if options["dry_run"]:
                self.stdout.write(
                    f"Проверено: «{spec.title}», {n} {ru_plural(n, 'вопрос', 'вопроса', 'вопросов')}. Ничего не создано."
                )
                return
            questionnaire = questionnaire_create(spec=spec, user=None)
        except xlsform.XLSFormError as exc:
            raise CommandError("Анкета не загружена:\n" + "\n".join(exc.problems)) from exc
        except ValidationError as exc:
            raise CommandError("Анкета не загружена:\n" + "\n".join(exc.messages)) from exc
        n = questionnaire.questions.count()
        self.stdout.write(
            f"Анкета загружена: id {questionnaire.pk}, {n} {ru_plural(n, 'вопрос', 'вопроса', 'вопросов')}."
        )
