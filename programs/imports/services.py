"""Keeping an uploaded program document and creating the draft program from what was read.

Nothing is written until the user confirms: the upload row holds the file and the parsed
structure; ``program_import_create`` makes the whole draft in one transaction or nothing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from programs.models import (
    ExpectedResult,
    Goal,
    LegalBasis,
    Program,
    ProgramImport,
    ProgramOrganisation,
    ProgramSchool,
    Risk,
    Section,
    Stage,
    Task,
)
from programs.services.errors import ProgramRuleError
from programs.services.measures import AssignmentChange, measure_create
from programs.services.programs import program_create
from schools.models import Municipality, Organisation, School
from schools.networks.services.directory import organisation_create

from .parse import mark_timing_doubts, read_program
from .parsed import ParsedProgram
from .plan import LEVELS
from .reader import MAX_BYTES, DocxRefused

if TYPE_CHECKING:
    from schools.models import User

#: a resolution of an unknown organisation: leave it as the document's text only
KEEP_TEXT = ""
#: … or add it to the registry as an organisation of the program's municipality
CREATE = "new"
ROLE_OF_LABEL = {label.casefold(): value for value, label in ProgramSchool.Role.choices}


def split_names(text: str) -> list[str]:
    """The organisations a «Ответственные» cell names: split at commas, semicolons and line
    breaks outside «quotes»."""
    names: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch == "«":
            depth += 1
        elif ch == "»":
            depth = max(depth - 1, 0)
        if depth == 0 and ch in ",;\n":
            names.append("".join(current))
            current = []
            continue
        current.append(ch)
    names.append("".join(current))
    return [n.strip(" .-–—") for n in names if n.strip(" .-–—")]


def _norm(text: str) -> str:
    return re.sub(r"[\s«»\"“”]+", "", text).casefold().replace("ё", "е")


def organisation_candidates(*, municipality: Municipality) -> list[Organisation]:
    """The registry a document's names are matched against: the municipality's own organisations
    first, then the region's (a name both have means the program's own body)."""
    orgs = Organisation.objects.filter(region_id=municipality.region_id, is_archived=False)
    return sorted(orgs, key=lambda o: (o.municipality_id != municipality.pk, o.pk))


def match_organisations(names: list[str], candidates: list[Organisation]) -> dict[str, Organisation | None]:
    """Each name → the registry organisation whose short or full name it is exactly (case, spaces,
    quotes and ё aside), or None: never by a part of the name."""
    by_name: dict[str, Organisation] = {}
    for org in reversed(candidates):
        by_name[_norm(org.short_name)] = org
        by_name[_norm(org.name)] = org
    return {name: by_name.get(_norm(name)) for name in names}


def unknown_organisations(*, parsed: ParsedProgram, municipality: Municipality) -> list[str]:
    """The names of responsible organisations not in the registry, in the document's order; marks
    the rows naming them."""
    names: list[str] = []
    for m in parsed.measures:
        for name in split_names(m.responsible):
            if name not in names:
                names.append(name)
    found = match_organisations(names, organisation_candidates(municipality=municipality))
    unknown = [n for n in names if found[n] is None]
    for m in parsed.measures:
        m.doubts = [d for d in m.doubts if d != "organisation"]
        if any(n in unknown for n in split_names(m.responsible)):
            m.doubts.append("organisation")
    return unknown


def upload_limit() -> int:
    return min(MAX_BYTES, getattr(settings, "PORTAL_MAX_UPLOAD_BYTES", MAX_BYTES))


def docx_upload(
    *, municipality: Municipality, name: str, data: bytes, user: User, limit: int | None = None
) -> ProgramImport:
    """Reads the document and keeps it with what was read; a refused file leaves nothing behind."""
    if not name.lower().endswith(".docx"):
        if name.lower().endswith(".doc"):
            raise ProgramRuleError(_("Файл в старом формате Word (.doc): сохраните его как «Документ Word (.docx)»."))
        if name.lower().endswith(".docm"):
            raise ProgramRuleError(_("Документ с макросами (.docm) не принимается: сохраните его как .docx."))
        raise ProgramRuleError(_("Загрузите документ Word в формате .docx."))
    try:
        parsed = read_program(data, limit=upload_limit() if limit is None else limit)
    except DocxRefused as exc:
        raise ProgramRuleError(str(exc)) from exc
    unknown_organisations(parsed=parsed, municipality=municipality)
    upload = ProgramImport(municipality=municipality, filename=name[-255:], parsed=parsed.to_dict(), created_by=user)
    upload.file.save(f"program-{date.today():%Y%m%d}.docx", ContentFile(data), save=False)
    upload.save()
    return upload


def parsed_update(*, upload: ProgramImport, parsed: ParsedProgram) -> ParsedProgram:
    """Keeps the user's corrections, with the doubts read again."""
    mark_timing_doubts(parsed)
    unknown_organisations(parsed=parsed, municipality=upload.municipality)
    upload.parsed = parsed.to_dict()
    upload.save(update_fields=["parsed"])
    return parsed


def _fit(text: str, model, field: str) -> str:
    limit = model._meta.get_field(field).max_length
    return text[:limit] if limit else text


def _check(parsed: ParsedProgram) -> tuple[date, date]:
    if not parsed.title.strip():
        raise ProgramRuleError(_("Укажите наименование программы."))
    if not parsed.period_start or not parsed.period_end:
        raise ProgramRuleError(_("Укажите сроки реализации программы: начало и окончание периода."))
    start, end = date.fromisoformat(parsed.period_start), date.fromisoformat(parsed.period_end)
    if end < start:
        raise ProgramRuleError(_("Окончание периода раньше его начала."))
    numbers = [m.number for m in parsed.measures]
    twice = sorted({n for n in numbers if numbers.count(n) > 1})
    if twice:
        raise ProgramRuleError(
            _("Номера мероприятий повторяются: %s. Исправьте номера в таблице.") % ", ".join(twice[:10])
        )
    empty = [m.number for m in parsed.measures if not m.title.strip()]
    if empty:
        raise ProgramRuleError(_("У мероприятий %s нет наименования.") % ", ".join(empty[:10]))
    return start, end


def _resolve(
    names: list[str], *, municipality: Municipality, resolutions: Mapping[str, str], user: User
) -> dict[str, Organisation | None]:
    candidates = organisation_candidates(municipality=municipality)
    found = match_organisations(names, candidates)
    by_pk = {str(o.pk): o for o in candidates}
    for name in names:
        if found[name] is not None:
            continue
        choice = resolutions.get(name, KEEP_TEXT)
        if choice == CREATE:
            org = organisation_create(
                region_id=municipality.region_id,
                municipality=municipality,
                kind=Organisation.Kind.OTHER,
                name=_fit(name, Organisation, "name"),
                short_name=_fit(name, Organisation, "short_name"),
                actor=user,
            )
            candidates.append(org)
            found[name] = org
        elif choice:
            if choice not in by_pk:
                raise ProgramRuleError(_("Организация для «%s» не из реестра региона программы.") % name)
            found[name] = by_pk[choice]
    return found


def program_import_create(
    *, upload: ProgramImport, parsed: ParsedProgram, resolutions: Mapping[str, str], user: User
) -> Program:
    """The draft program, its passport, measures and roadmap assignments, all at once; the upload
    becomes the program's source document. ``resolutions``: unknown organisation name → the pk of
    a registry organisation, ``CREATE`` or ``KEEP_TEXT``."""
    if upload.program_id is not None:
        raise ProgramRuleError(_("Черновик по этому документу уже создан."))
    start, end = _check(parsed)
    try:
        with transaction.atomic():
            return _create(upload, parsed, resolutions, user, start, end)
    except ProgramRuleError:
        raise
    except ValidationError as exc:  # a passport field the model refuses (program_create's full_clean)
        raise ProgramRuleError(exc.messages) from exc
    except IntegrityError as exc:  # a rule the checks above missed: refused, never a server error
        raise ProgramRuleError(
            _("Черновик не создан: в прочитанном есть повторяющиеся номера задач, разделов или мероприятий.")
        ) from exc


def _create(upload, parsed: ParsedProgram, resolutions, user, start: date, end: date) -> Program:
    municipality = upload.municipality
    data = {
        "kind": parsed.kind if parsed.kind in Program.Kind.values else Program.Kind.PROGRAM,
        "title": parsed.title.strip(),
        "period_start": start,
        "period_end": end,
        "period_end_assumed": parsed.period_end_assumed,
        "approval_doc_type": _fit(parsed.approval_doc_type, Program, "approval_doc_type"),
        "approval_number": _fit(parsed.approval_number, Program, "approval_number"),
        "approval_date": date.fromisoformat(parsed.approval_date) if parsed.approval_date else None,
        "approved_by": _fit(parsed.approved_by, Program, "approved_by"),
        "signatory": _fit(parsed.signatory, Program, "signatory"),
        "appendix_label": _fit(parsed.appendix_label, Program, "appendix_label"),
        "control": parsed.control,
    }
    program = program_create(municipality=municipality, data=data, user=user)
    if parsed.numbers_assigned:
        Program.objects.filter(pk=program.pk).update(numbers_assigned=True)
        program.numbers_assigned = True
    LegalBasis.objects.bulk_create(
        [LegalBasis(program=program, position=i, text=t) for i, t in enumerate(parsed.legal_bases)]
    )
    Goal.objects.bulk_create([Goal(program=program, position=i, text=t) for i, t in enumerate(parsed.goals)])
    tasks: dict[str, Task] = {}
    for i, (number, text) in enumerate(parsed.tasks):
        # A number longer than the column would collide with another once cut: the first one stays.
        if number not in tasks and _fit(number, Task, "number") not in {t.number for t in tasks.values()}:
            tasks[number] = Task.objects.create(
                program=program, position=i, number=_fit(number, Task, "number"), text=text
            )
    sections: dict[str, Section] = {}
    for i, (number, title) in enumerate(parsed.sections):
        if number not in sections and _fit(number, Section, "number") not in {x.number for x in sections.values()}:
            sections[number] = Section.objects.create(
                program=program, position=i, number=_fit(number, Section, "number"), title=_fit(title, Section, "title")
            )
    ExpectedResult.objects.bulk_create(
        [ExpectedResult(program=program, position=i, text=t) for i, t in enumerate(parsed.expected_results)]
    )
    Stage.objects.bulk_create(
        [
            Stage(
                program=program,
                position=i,
                number=_fit(s.number, Stage, "number"),
                title=_fit(s.title, Stage, "title"),
                start=date.fromisoformat(s.start),
                end=date.fromisoformat(s.end),
                content=s.content,
            )
            for i, s in enumerate(parsed.stages)
            if s.start <= s.end
        ]
    )
    Risk.objects.bulk_create(
        [Risk(program=program, position=i, risk=r, mitigation=m) for i, (r, m) in enumerate(parsed.risks)]
    )
    candidates = organisation_candidates(municipality=municipality)
    for role, names in (
        (ProgramOrganisation.Role.DEVELOPER, parsed.developers),
        (ProgramOrganisation.Role.EXECUTOR, parsed.executors),
        (ProgramOrganisation.Role.PARTNER, parsed.partners),
    ):
        matched = match_organisations(list(names), candidates)
        ProgramOrganisation.objects.bulk_create(
            [
                ProgramOrganisation(
                    program=program,
                    role=role,
                    position=i,
                    name=_fit(n, ProgramOrganisation, "name"),
                    organisation=matched[n],
                )
                for i, n in enumerate(names)
            ]
        )
    _schools(program, parsed)
    level_orgs = _level_organisations(program)
    names = list(dict.fromkeys(n for m in parsed.measures for n in split_names(m.responsible)))
    orgs = _resolve(names, municipality=municipality, resolutions=resolutions, user=user)
    for i, m in enumerate(parsed.measures):
        responsible = [o for o in dict.fromkeys(orgs[n] for n in split_names(m.responsible)) if o is not None]
        try:
            measure_create(
                program=program,
                data={
                    "number": m.number,
                    "title": m.title.strip(),
                    "timing_text": m.timing.replace("\n", " ").strip(),
                    "responsible_text": m.responsible.strip(),
                    "planned_result": m.result.strip(),
                    "task": tasks.get(m.task),
                    "section": sections.get(m.section),
                    "position": i,
                    "responsible": responsible,
                },
                assignments=[
                    AssignmentChange(level=level, text=text, organisation=level_orgs.get(level))
                    for level, text in m.assignments.items()
                ],
            )
        except ValidationError as exc:
            raise ProgramRuleError(
                _("Мероприятие %(n)s: %(why)s") % {"n": m.number, "why": " ".join(exc.messages)}
            ) from exc
    upload.program = program
    upload.parsed = parsed.to_dict()
    upload.save(update_fields=["program", "parsed"])
    return program


def _level_organisations(program: Program) -> dict[str, Organisation]:
    """A roadmap's executor column is the executor of the passport its heading names (Dubna:
    «Городское управление народного образования», «Муниципальная методическая служба», «МСОКО»),
    where exactly one registry organisation answers to it."""
    found: dict[str, list[Organisation]] = {}
    executors = program.organisations.filter(role=ProgramOrganisation.Role.EXECUTOR, organisation__isnull=False)
    for row in executors.select_related("organisation"):
        level = next((lv for lv, pattern in LEVELS if pattern.search(row.name)), None)
        if level is not None and row.organisation is not None and row.organisation not in found.get(level, []):
            found.setdefault(level, []).append(row.organisation)
    return {level: orgs[0] for level, orgs in found.items() if len(orgs) == 1}


def _schools(program: Program, parsed: ParsedProgram) -> None:
    schools = list(School.objects.filter(municipality=program.municipality))
    by_code = {s.code: s for s in schools}
    by_name = {_norm(s.short_name): s for s in schools}
    seen: set[int] = set()
    for name, code, role in parsed.schools:
        school = by_code.get(code.strip()) or by_name.get(_norm(name))
        if school is None or school.pk in seen:
            continue
        seen.add(school.pk)
        ProgramSchool.objects.create(
            program=program, school=school, role=ROLE_OF_LABEL.get(role.strip().casefold(), ProgramSchool.Role.TARGET)
        )
