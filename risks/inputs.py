"""The named inputs a risk rule may read: name, Russian label, unit, source, and how each is loaded.

The registry is code, not data: an input is a query the portal knows how to run (a share of a
questionnaire's answers, a count of the school's profile, the risk-of-low-results rule, the trained
share of the register). Rules (editable data, `risks.models.Catalogue`) combine these names with
the formula language of computed indicators; derived inputs of a catalogue version add names of
their own. Every loader answers for many schools at once, for the academic year ending in ``year``,
and leaves out a school it has nothing for: a missing input is «нет данных», never a zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from indices.analysis.selectors.risk import school_risk
from resources.selectors.training import trained_shares
from schools.models import School, SchoolContext, SchoolProfile
from schools.years import academic_year_bounds
from surveys.models import Response
from surveys.selectors.results import CHUNK, MIN_GROUP

Loader = Callable[[list[int], int], dict[int, Decimal]]
QUANTUM = Decimal("0.01")

# Sources, as a person names them (shown beside each value in the explanation).
SOURCE_DIRECTOR = "анкета руководителя школы"
SOURCE_TEACHERS = "анкетирование педагогов"
SOURCE_STUDENTS = "анкетирование обучающихся"
SOURCE_PARENTS = "анкетирование родителей"
SOURCE_PROFILE = "профиль школы за учебный год"
SOURCE_CONTEXT = "контекстные данные школы"
SOURCE_RESULTS = "результаты оценочных процедур (правило риска низких результатов)"
SOURCE_TRAINING = "реестр повышения квалификации"


@dataclass(frozen=True)
class Input:
    name: str
    label: str
    unit: str  # «%», «чел.», «балл», «» (a yes/no as 1/0)
    source: str
    load: Loader


def survey_share(group: str, question: str, accepted: Iterable[str], *, min_group: int = MIN_GROUP) -> Loader:
    """The share (%) of a group's questionnaires in the school and year whose answer to the question
    named ``question`` is one of ``accepted``, among those that answered it. Any questionnaire of
    the group counts (the question is found by its name), so a new version of a questionnaire
    keeps feeding the rule. Fewer than ``min_group`` answers give nothing (the surveys' small-group
    rule); the director's questionnaire is answered by one person and is not anonymous."""
    values = {str(v) for v in accepted}

    def load(school_ids: list[int], year: int) -> dict[int, Decimal]:
        start, end = academic_year_bounds(year)
        answered: dict[int, int] = defaultdict(int)
        hits: dict[int, int] = defaultdict(int)
        rows = Response.objects.filter(
            questionnaire__group=group, school_id__in=school_ids, submitted_on__gte=start, submitted_on__lte=end
        ).values_list("school_id", "answers")
        for school_id, answers in rows.iterator(chunk_size=CHUNK):
            value = answers.get(question)
            if value is None or value == [] or value == "":
                continue
            answered[school_id] += 1
            given = value if isinstance(value, list) else [value]
            if any(str(v) in values for v in given):
                hits[school_id] += 1
        return {
            pk: (Decimal(hits[pk]) * 100 / n).quantize(QUANTUM, rounding=ROUND_HALF_UP)
            for pk, n in answered.items()
            if n >= min_group
        }

    return load


def survey_mean(group: str, question: str, *, min_group: int = MIN_GROUP) -> Loader:
    """The mean of a number or scale answer (the director's self-assessment 1–5)."""

    def load(school_ids: list[int], year: int) -> dict[int, Decimal]:
        start, end = academic_year_bounds(year)
        total: dict[int, Decimal] = defaultdict(Decimal)
        count: dict[int, int] = defaultdict(int)
        rows = Response.objects.filter(
            questionnaire__group=group, school_id__in=school_ids, submitted_on__gte=start, submitted_on__lte=end
        ).values_list("school_id", "answers")
        for school_id, answers in rows.iterator(chunk_size=CHUNK):
            value = answers.get(question)
            value = value[0] if isinstance(value, list) and value else value
            try:
                number = Decimal(str(value))
            except ArithmeticError:
                continue
            if value is None or not number.is_finite():
                continue
            total[school_id] += number
            count[school_id] += 1
        return {
            pk: (total[pk] / n).quantize(QUANTUM, rounding=ROUND_HALF_UP) for pk, n in count.items() if n >= min_group
        }

    return load


def _latest(model, field: str) -> Loader:
    """A count of the school's yearly record: the year's own, or else the latest before it."""

    def load(school_ids: list[int], year: int) -> dict[int, Decimal]:
        out: dict[int, Decimal] = {}
        rows = model.objects.filter(school_id__in=school_ids, year__lte=year).order_by("school_id", "year")
        for school_id, value in rows.values_list("school_id", field):
            if value is not None:
                out[school_id] = Decimal(value)  # later years overwrite earlier ones
            else:
                out.pop(school_id, None)
        return out

    return load


def _risk_group(school_ids: list[int], year: int) -> dict[int, Decimal]:
    """1 when the school is in the risk group of low results, 0 when not: by the year's results,
    or else the year before (a profile built in autumn reads last spring's assessments); nothing
    when it has no results in either (the rule cannot say)."""
    out: dict[int, Decimal] = {}
    regions = set(School.objects.filter(pk__in=school_ids).values_list("region_id", flat=True))
    for region_id in regions:
        table = school_risk(years=[year - 1, year], region_id=region_id, school_ids=school_ids, lines="none")
        for row in sorted(table.rows, key=lambda r: r.year):  # the newer year overwrites
            if row.risk_group is not None:
                out[row.school_id] = Decimal(1 if row.risk_group else 0)
    return out


def _trained(school_ids: list[int], year: int) -> dict[int, Decimal]:
    start, end = academic_year_bounds(year)
    shares = trained_shares(school_ids=school_ids, date_from=start, date_to=end)
    return {pk: s.percent for pk, s in shares.items() if s.percent is not None}


INPUTS: tuple[Input, ...] = (
    # The school's own data.
    Input("students", "Обучающихся", "чел.", SOURCE_PROFILE, _latest(SchoolProfile, "enrolment")),
    Input("disabilities", "Обучающихся с ОВЗ", "чел.", SOURCE_PROFILE, _latest(SchoolProfile, "disabilities")),
    Input("teachers", "Педагогов", "чел.", SOURCE_PROFILE, _latest(SchoolProfile, "teachers")),
    Input("vacancies", "Вакансий", "чел.", SOURCE_PROFILE, _latest(SchoolProfile, "vacancies")),
    Input("context_total", "Обучающихся всего", "чел.", SOURCE_CONTEXT, _latest(SchoolContext, "total")),
    Input("non_native", "Русский язык не родной", "чел.", SOURCE_CONTEXT, _latest(SchoolContext, "non_native")),
    Input("on_register", "Состоят на учёте", "чел.", SOURCE_CONTEXT, _latest(SchoolContext, "on_register")),
    Input("risk_group", "В группе риска низких результатов (1 — да, 0 — нет)", "", SOURCE_RESULTS, _risk_group),
    Input("trained_share", "Доля педагогов, прошедших повышение квалификации", "%", SOURCE_TRAINING, _trained),
    # The director's questionnaire.
    Input(
        "director_equipment",
        "Оценка оснащённости школы руководителем (1–5)",
        "балл",
        SOURCE_DIRECTOR,
        survey_mean("director", "equipment", min_group=1),
    ),
    Input(
        "director_pd_plan",
        "Есть план внутришкольного повышения квалификации (1 — да, 0 — нет)",
        "",
        SOURCE_DIRECTOR,
        # A share of one answer is 100 or 0: divided by 100 it reads as yes or no.
        lambda ids, year: {
            pk: v / 100 for pk, v in survey_share("director", "pd_plan", ["yes"], min_group=1)(ids, year).items()
        },
    ),
    # Teachers.
    Input(
        "teachers_assess_difficulty",
        "Доля педагогов, часто испытывающих затруднения в оценивании результатов",
        "%",
        SOURCE_TEACHERS,
        survey_share("teachers", "diff_assess", ["often"]),
    ),
    Input(
        "teachers_exam_difficulty",
        "Доля педагогов, часто испытывающих затруднения в подготовке к ГИА",
        "%",
        SOURCE_TEACHERS,
        survey_share("teachers", "diff_exam", ["often"]),
    ),
    Input(
        "teachers_low_achievers",
        "Доля педагогов, часто испытывающих затруднения в работе с неуспевающими",
        "%",
        SOURCE_TEACHERS,
        survey_share("teachers", "diff_low", ["often"]),
    ),
    Input(
        "teachers_support_low",
        "Доля педагогов, оценивших методическую поддержку в школе на 1–2 балла",
        "%",
        SOURCE_TEACHERS,
        survey_share("teachers", "support", ["1", "2"]),
    ),
    # Students.
    Input(
        "students_unmotivated",
        "Доля обучающихся, которым скорее не нравится учиться",
        "%",
        SOURCE_STUDENTS,
        survey_share("students", "like_learning", ["no", "rather_no"]),
    ),
    Input(
        "students_unsafe",
        "Доля обучающихся, которые не всегда чувствуют себя в школе в безопасности",
        "%",
        SOURCE_STUDENTS,
        survey_share("students", "feel_safe", ["no", "rather_no"]),
    ),
    Input(
        "students_language_help",
        "Доля обучающихся, которым трудно понимать объяснения на русском языке",
        "%",
        SOURCE_STUDENTS,
        survey_share("students", "language", ["often", "sometimes"]),
    ),
    # Parents.
    Input(
        "parents_dissatisfied",
        "Доля родителей, не удовлетворённых качеством образования (1–2 балла)",
        "%",
        SOURCE_PARENTS,
        survey_share("parents", "satisfaction", ["1", "2"]),
    ),
    Input(
        "parents_rare_meetings",
        "Доля родителей, бывавших в школе не больше одного раза за год",
        "%",
        SOURCE_PARENTS,
        survey_share("parents", "meetings", ["0", "1"]),
    ),
)
BY_NAME: Mapping[str, Input] = {i.name: i for i in INPUTS}


def load_inputs(names: Iterable[str], *, school_ids: list[int], year: int) -> dict[int, dict[str, Decimal | None]]:
    """school id → input name → value (None: no data) for the registered inputs among ``names``."""
    wanted = [BY_NAME[n] for n in sorted(set(names)) if n in BY_NAME]
    out: dict[int, dict[str, Decimal | None]] = {pk: {i.name: None for i in wanted} for pk in school_ids}
    for definition in wanted:
        for pk, value in definition.load(school_ids, year).items():
            if pk in out:
                out[pk][definition.name] = value
    return out
