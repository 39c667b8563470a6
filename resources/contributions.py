"""What resources adds to the pages and reports of lower apps (registered in apps.py): the program
page's events and funding, the public page's announcements and published totals, the program
document's funding tables, the school page's professional development tab."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from reporting.document import INT, NUMBER, Column, Table
from schools.extensions import MeasureEvidenceNote, ProgramPanel, ReportBlock, SchoolTab

from .charts import funding_spec, trained_spec
from .selectors.events import announcements, program_events, report_events
from .selectors.funding import Funding, is_published, plan_snapshot, program_funding
from .selectors.training import school_trainings, trained_shares


def program_panels(program: Any, *, user: Any, public: bool) -> Sequence[ProgramPanel]:
    if public:
        panels: list[ProgramPanel] = []
        coming = announcements(program=program)
        if coming:
            panels.append(
                {
                    "key": "announcements",
                    "label": "Анонсы методических мероприятий",
                    "template": "resources/_announcements.html",
                    "context": {"events": coming},
                }
            )
        if is_published(program=program):
            funding = program_funding(program=program)
            if funding.lines:
                panels.append(
                    {
                        "key": "funding",
                        "label": "Финансирование программы",
                        "template": "resources/_funding_totals.html",
                        "context": {"funding": funding, "public": True},
                    }
                )
        return panels
    panels = []
    if user.has_perm("resources.view_funding", program):
        funding = program_funding(program=program)
        panels.append(
            {
                "key": "events",
                "label": "Методические мероприятия",
                "template": "resources/_program_events.html",
                "context": {
                    "program": program,
                    "events": program_events(program=program, user=user),
                    "can_plan": user.has_perm("resources.plan_event", program),
                },
            }
        )
        panels.append(
            {
                "key": "funding",
                "label": "Финансирование",
                "template": "resources/_funding_totals.html",
                "context": {
                    "program": program,
                    "funding": funding,
                    "chart": funding_spec(funding),
                    "can_change": user.has_perm("resources.change_funding", program),
                },
            }
        )
    return panels


def funding_tables(funding: Funding) -> list[Table]:
    money = [Column("План, руб.", NUMBER, width=18), Column("Исполнено, руб.", NUMBER, width=18)]
    lines = [
        [
            line.year,
            line.get_source_display(),
            str(line.measure) if line.measure else "Программа в целом",
            line.grant_title or line.note,
            line.planned,
            line.actual,
        ]
        for line in funding.lines
    ]
    if lines:
        lines.append(["Итого", "", "", "", funding.total.planned, funding.total.actual])
    by_year_source: list[list[Any]] = []
    for year in funding.years:
        for source, label in funding.sources:
            sums = funding.by_year_source.get((year, source))
            if sums is not None:
                by_year_source.append([year, label, sums.planned, sums.actual])
        by_year_source.append([year, "Всего за год", funding.by_year[year].planned, funding.by_year[year].actual])
    for source, label in funding.sources:
        sums = funding.by_source[source]
        by_year_source.append(["Все годы", label, sums.planned, sums.actual])
    if funding.lines:
        by_year_source.append(["Все годы", "Всего", funding.total.planned, funding.total.actual])
    by_part = [[title, sums.planned, sums.actual] for title, sums in funding.by_part.items()]
    if by_part:
        by_part.append(["Всего", funding.total.planned, funding.total.actual])
    return [
        Table(
            "Финансирование: итоги по годам и источникам",
            [Column("Год", width=10), Column("Источник", width=30), *money],
            by_year_source,
            sheet="Финансирование — итоги",
            empty="Финансирование не указано.",
        ),
        Table(
            "Финансирование: итоги по задачам и разделам",
            [Column("Задача / раздел", width=60), *money],
            by_part,
            sheet="Финансирование — задачи",
            empty="Финансирование не указано.",
        ),
        Table(
            "Финансирование: строки",
            [
                Column("Год", INT, width=8),
                Column("Источник", width=24),
                Column("Мероприятие", width=50),
                Column("Грант, примечание", width=30),
                *money,
            ],
            lines,
            sheet="Финансирование — строки",
            wide=True,
            empty="Финансирование не указано.",
        ),
    ]


def document_sections(program: Any, *, user: Any) -> Sequence[ReportBlock]:
    funding = program_funding(program=program)
    if not funding.lines:
        return []
    return funding_tables(funding)


def school_tab(school: Any, user: Any) -> SchoolTab | None:
    """The school page's «Повышение квалификации» tab: the register and the computed share."""
    if not user.has_perm("resources.view_trainings", school):
        return None
    year = timezone.localdate().year
    share = trained_shares(school_ids=[school.pk], date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))[
        school.pk
    ]
    return {
        "key": "trainings",
        "label": "Повышение квалификации",
        "template": "resources/_school_tab.html",
        "context": {
            "school": school,
            "year": year,
            "share": share,
            "chart": trained_spec([(school.short_name, share)]),
            "trainings": school_trainings(school_id=school.pk)[:20],
            "can_change": user.has_perm("resources.change_trainings", school),
        },
    }


class FundingSnapshotPart:
    """The planned money in a program's version snapshot (schools.extensions.PROGRAM_SNAPSHOT_PARTS),
    so an amendment's difference lists the money it changes."""

    key = "funding"
    label = "Финансирование (плановые суммы)"

    def items(self, program: Any) -> dict[str, str]:
        return plan_snapshot(program=program)


FUNDING_SNAPSHOT = FundingSnapshotPart()


def measure_evidence(report_ids: Sequence[int], *, user: Any) -> Sequence[MeasureEvidenceNote]:
    """The events that filed these reports, for the measure and report pages (MEASURE_EVIDENCE)."""
    return report_events(report_ids=report_ids, user=user)
