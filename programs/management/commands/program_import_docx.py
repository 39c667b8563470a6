"""program_import_docx FILE.docx --municipality CODE [--dry-run] [--user USERNAME]

Reads a program from its Word document and creates the draft program, as «Загрузить программу
из Word» does without the preview: organisations the registry does not know stay as the
document's text. Prints the new program's id on stdout; what was read and every doubt go to
stderr. A refused file creates nothing and exits with 1."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from programs.imports import services
from programs.imports.parse import read_program
from programs.imports.reader import DocxRefused
from programs.services.errors import ProgramRuleError
from schools.models import Municipality, User


class Command(BaseCommand):
    help = "Создаёт черновик программы из документа Word (.docx) и печатает номер (id) новой программы."

    def add_arguments(self, parser):
        parser.add_argument("file", help="документ программы (.docx)")
        parser.add_argument("--municipality", required=True, help="код муниципалитета")
        parser.add_argument("--dry-run", action="store_true", help="только прочитать документ, ничего не создавая")
        parser.add_argument("--user", help="от чьего имени создать (по умолчанию — первый администратор)")

    def handle(self, *args, **options):
        translation.activate("ru")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Муниципалитет с кодом «{options['municipality']}» не найден.")
        data = path.read_bytes()
        if options["dry_run"]:
            try:
                parsed = read_program(data)
            except DocxRefused as exc:
                raise CommandError(str(exc)) from exc
            with transaction.atomic():
                unknown = services.unknown_organisations(parsed=parsed, municipality=municipality)
            self._report(parsed, unknown)
            return
        user = self._user(options.get("user"))
        try:
            with transaction.atomic():
                upload = services.docx_upload(municipality=municipality, name=path.name, data=data, user=user)
                from programs.imports.parsed import ParsedProgram

                parsed = ParsedProgram.from_dict(upload.parsed)
                unknown = services.unknown_organisations(parsed=parsed, municipality=municipality)
                program = services.program_import_create(upload=upload, parsed=parsed, resolutions={}, user=user)
        except ProgramRuleError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self._report(parsed, unknown)
        self.stdout.write(str(program.pk))

    def _user(self, username: str | None) -> User:
        qs = User.objects.filter(username=username) if username else User.objects.filter(is_superuser=True)
        user = qs.order_by("pk").first()
        if user is None:
            raise CommandError("Укажите пользователя (--user): администратор не найден.")
        return user

    def _report(self, parsed, unknown: list[str]) -> None:
        err = self.stderr
        err.write(f"Наименование: {parsed.title or '—'}")
        err.write(f"Период: {parsed.period_start or '—'} — {parsed.period_end or '—'}")
        err.write(f"Задач: {len(parsed.tasks)}, разделов: {len(parsed.sections)}, мероприятий: {len(parsed.measures)}")
        for note in parsed.notes:
            err.write(f"Замечание: {note}")
        for m in parsed.measures:
            if m.doubts:
                err.write(f"  {m.number}: {'; '.join(m.doubt_labels())}")
        if unknown:
            err.write("Нет в реестре (оставлены текстом): " + "; ".join(unknown))
