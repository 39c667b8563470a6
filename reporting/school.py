"""The ``school`` report kind: a school's profile for report sessions and director interviews.

The report is the sections registered into ``SCHOOL_REPORT_SECTIONS`` (schools/extensions.py) in
their ``order``. What schools itself knows — the passport, the yearly profile, the social context,
partners and the project team — is laid out here (schools sits below reporting and cannot build
report blocks); the apps above add theirs from their ``reports`` modules: indices the index
results (40), programs the programs and their measures for the school (50).

Each section gets the user who ordered the report, or None for the operator (``manage.py report``
without --user) and the system: they see everything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from schools import extensions
from schools.models import CONTEXT_FACTORS, School, User
from schools.networks.selectors import school_curators, school_partners, school_team
from schools.selectors import school_context_years

from . import pdf, xlsx
from .document import INT, NUMBER, PERCENT, Column, Document, Fields, Table, Text, generated_meta
from .registry import ReportKind

Block = Table | Fields | Text


class Passport:
    """«Сведения о школе»: the registry's card of the school."""

    key = "passport"
    order = 10

    def blocks(self, school: School, *, user: User | None) -> list[Block]:
        return [
            Fields(
                _("Сведения о школе"),
                [
                    (_("Полное наименование"), school.name),
                    (_("Краткое наименование"), school.short_name),
                    (_("Код ОО"), school.code),
                    (_("Муниципалитет"), school.municipality.name),
                    (_("Тип"), school.get_type_display()),
                    (_("Населённый пункт"), school.settlement),
                    (_("Местность"), school.get_locality_display()),
                    (_("Малокомплектная"), _("да") if school.small_class else _("нет")),
                    (_("Удалённая"), _("да") if school.remote else _("нет")),
                    (_("Адрес"), school.address),
                    (_("Директор"), school.director),
                ],
            )
        ]


class Profiles:
    """The yearly profile: pupils, teachers, their categories, vacancies."""

    key = "profiles"
    order = 20

    def blocks(self, school: School, *, user: User | None) -> list[Block]:
        return [
            Table(
                _("Профиль по учебным годам"),
                [
                    Column(_("Учебный год"), width=13),
                    Column(_("Обучающихся"), INT, width=11),
                    Column(_("С ОВЗ"), INT, width=9),
                    Column(_("Педагогов"), INT, width=10),
                    Column(_("Первая категория, %"), NUMBER, width=12, digits=1),
                    Column(_("Высшая категория, %"), NUMBER, width=12, digits=1),
                    Column(_("Вакансий"), INT, width=9),
                ],
                [
                    [
                        p.year_label,
                        p.enrolment,
                        p.disabilities,
                        p.teachers,
                        p.share_first_category,
                        p.share_highest_category,
                        p.vacancies,
                    ]
                    for p in school.profiles.order_by("-year")
                ],
                sheet=_("Профиль"),
                empty=_("Профиль по годам не заполнен."),
            )
        ]


class SocialContext:
    """The social context over the last four years, beside the region's shares."""

    key = "context"
    order = 30

    def blocks(self, school: School, *, user: User | None) -> list[Block]:
        years = school_context_years(school=school)[:4]
        if not years:
            return [Text(_("Социальный контекст"), [_("Контекстные данные не загружены.")])]
        years = list(reversed(years))  # oldest first, as a trend reads
        latest = years[-1]
        columns = [Column(_("Фактор"), width=40)]
        columns += [Column(_("%(label)s, доля") % {"label": y.label}, PERCENT, width=11, digits=1) for y in years]
        columns.append(Column(_("Регион, %(label)s") % {"label": latest.label}, PERCENT, width=11, digits=1))
        rows = []
        for i, (_key, title) in enumerate(CONTEXT_FACTORS):
            rows.append([title, *[y.factors[i].share for y in years], latest.factors[i].region_share])
        totals = "; ".join(f"{y.label} — {y.total}" for y in years)
        return [
            Table(
                _("Социальный контекст по учебным годам"),
                columns,
                rows,
                sheet=_("Контекст"),
                note=_(
                    "Обучающихся всего: %(totals)s. Доля — от числа обучающихся школы; по региону — общая доля по всем школам региона."
                )
                % {"totals": totals},
            )
        ]


class Partners:
    """The school's ties in networks, as the user may see them."""

    key = "partners"
    order = 60

    def blocks(self, school: School, *, user: User | None) -> list[Block]:
        rows = []
        for row in school_partners(school=school, user=user):
            tie = row.tie
            rows.append(
                [
                    tie.title,
                    tie.get_kind_display(),
                    row.role_label,
                    "\n".join(f"{p.party} ({p.get_role_display()})" for p in row.partners),
                    tie.actions_total,
                    tie.actions_done,
                ]
            )
        return [
            Table(
                _("Партнёры и сетевое взаимодействие"),
                [
                    Column(_("Связь"), width=30),
                    Column(_("Вид"), width=16),
                    Column(_("Роль школы"), width=16),
                    Column(_("Партнёры"), width=36),
                    Column(_("Совместных мероприятий"), INT, width=11),
                    Column(_("Выполнено"), INT, width=9),
                ],
                rows,
                sheet=_("Партнёры"),
                empty=_("Партнёрских связей нет."),
            )
        ]


class Team:
    """The project team and the curators."""

    key = "team"
    order = 70

    def blocks(self, school: School, *, user: User | None) -> list[Block]:
        rows = []
        team = school_team(school=school)
        if team is not None:
            rows += [[m.full_name, m.position, m.get_role_display()] for m in team.members.all() if m.is_active]
        rows += [
            [c.full_name, c.position, _("куратор (%(team)s)") % {"team": c.team}]
            for c in school_curators(school=school)
        ]
        return [
            Table(
                _("Проектная команда и кураторы"),
                [Column(_("ФИО"), width=30), Column(_("Должность"), width=34), Column(_("Роль"), width=30)],
                rows,
                sheet=_("Команда"),
                empty=_("Проектная команда не создана."),
            )
        ]


#: the sections schools' own data make, registered in ReportingConfig.ready()
SCHOOL_SECTIONS = (Passport(), Profiles(), SocialContext(), Partners(), Team())


def school_generate(school: School, *, params: Mapping[str, Any], user: User | None, progress) -> Document:
    sections = extensions.school_report_sections()
    blocks: list = []
    for done, section in enumerate(sections, start=1):
        blocks += section.blocks(school, user=user)
        progress(100 * done // len(sections))
    return Document(
        title=school.name,
        subtitle=_("Профиль школы: %(name)s") % {"name": school.municipality.name},
        short_title=_("Профиль школы: %(short_name)s") % {"short_name": school.short_name},
        filename=f"school-{school.pk}",
        sections=blocks,
        meta=generated_meta(user),
    )


def load_school(pk: int | None) -> School:
    return School.objects.select_related("municipality", "region").get(pk=pk)


SCHOOL_KIND = ReportKind(
    key="school",
    title=_lazy("Профиль школы"),
    allowed=lambda user, school: user.has_perm("schools.view_school", school),
    load=load_school,
    generate=school_generate,
    renderers={"pdf": pdf.render, "xlsx": xlsx.render},
    describe=lambda school, params: _("Профиль школы: %(short_name)s") % {"short_name": school.short_name},
)
