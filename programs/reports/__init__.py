"""The programs' report kinds, registered into reporting on ProgramsConfig.ready():

* ``program`` — the program document in the seeds' official layout (approval block, title,
  passport as a two-column table, stages, the measures table №/мероприятие/сроки/ответственные/
  планируемый результат grouped by task or section, participating schools): PDF, XLSX, DOCX;
* ``monitoring`` — a program's monitoring report for a period: measures done and overdue per
  task, the overall progress, the overdue measures, the calendar, data collections: PDF, XLSX;

* ``school_program`` — a school's own document (program, concept, medium-term or anti-risk
  program) with the sections of its kind: PDF, DOCX (``school_document.py``);

and the programs' section of the ``school`` report (reporting/school.py): the school's programs
and their measures (``school.SECTION``, registered in ProgramsConfig.ready()).

Generators decide which rows (here); the formatters of reporting decide how they look.
Also the beat task ``programs.reports.monthly_program_reports``.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reporting.registry import ReportKind, register

from ..access import visible_programs, visible_school_programs
from ..selectors.programs import program_document
from .common import ALL_FORMATS, PDF_DOCX, PDF_XLSX
from .document import program_generate
from .monitoring_report import (
    monitoring_generate,
    monitoring_params,
    monthly_program_reports,
    program_monthly_reports_order,
)
from .school_document import school_document, school_program_generate

__all__ = ["monthly_program_reports", "program_generate", "program_monthly_reports_order"]

register(
    ReportKind(
        key="program",
        title=_lazy("Программа (документ)"),
        allowed=lambda user, program: user.has_perm("programs.view_program", program),
        load=lambda pk: program_document(program_id=pk),
        generate=program_generate,
        renderers=ALL_FORMATS,
        describe=lambda program, params: _("Программа: %(program)s") % {"program": program},
    )
)
register(
    ReportKind(
        key="monitoring",
        title=_lazy("Мониторинг реализации программы"),
        allowed=lambda user, program: user.has_perm("programs.view_program", program),
        load=lambda pk: program_document(program_id=pk),
        generate=monitoring_generate,
        renderers=PDF_XLSX,
        describe=lambda program, params: (
            _("Мониторинг: %(program)s (%(start)s–%(end)s)")
            % {
                "program": program,
                "start": f"{date.fromisoformat(params['start']):%d.%m.%Y}",
                "end": f"{date.fromisoformat(params['end']):%d.%m.%Y}",
            }
        ),
        param_names=("start", "end"),
        clean_params=monitoring_params,
        visible_ids=lambda user: visible_programs(user).values("pk"),
    )
)
register(
    ReportKind(
        key="school_program",
        title=_lazy("Документ школы"),
        allowed=lambda user, program: user.has_perm("programs.view_school_program", program),
        load=school_document,
        generate=school_program_generate,
        renderers=PDF_DOCX,
        describe=lambda program, params: (
            _("%(kind)s: %(title)s (%(school)s)")
            % {
                "kind": program.get_kind_display().capitalize(),
                "title": program.title,
                "school": program.school.short_name,
            }
        ),
        visible_ids=lambda user: visible_school_programs(user).values("pk"),
    )
)
