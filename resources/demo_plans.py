"""Demo per-teacher plans and mentor–mentee pairs (resources/demo_data.py calls it after the register).

The live program's target school plans its teachers' development the way Korolyov's program asks
(2.3–2.4 «персонифицированное повышение квалификации»): the register written before decides which
planned trainings are done. Dagestanskiye Ogni's item 29 fixes mentors to teachers whose students'
results stay low: pairs in its first participating school."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from programs.models import Program
from schools.models import School

from .models import MentorPair, TeacherPlan, Training
from .services.plans import PairData, PlanItemData, pair_add, plan_item_add


def _target() -> School | None:
    program = Program.objects.filter(title__endswith="(демонстрационная)").first()
    if program is None:
        return None
    trained = (
        Training.objects.filter(school__program_roles__program=program).values_list("school_id", flat=True).first()
    )
    return School.objects.filter(pk=trained).first() if trained else None


def load_plans_and_pairs() -> tuple[int, int]:
    if TeacherPlan.objects.exists() or MentorPair.objects.exists():
        return TeacherPlan.objects.count(), MentorPair.objects.count()
    year = timezone.localdate().year
    school = _target()
    if school is not None:
        plans = [
            ("Смирнова Ольга Викторовна", "учитель", "математика",
             "Формирование и оценка функциональной грамотности", Training.Form.COURSE, "36", (1, 3)),
            ("Смирнова Ольга Викторовна", "учитель", "математика",
             "Подготовка экспертов ОГЭ по математике", Training.Form.COURSE, "24", (10, 12)),
            ("Морозова Елена Сергеевна", "учитель начальных классов", "",
             "Обновлённые ФГОС", Training.Form.COURSE, "18", (3, 5)),
            ("Морозова Елена Сергеевна", "учитель начальных классов", "",
             "Инклюзивное образование детей с ОВЗ", Training.Form.INTERNSHIP, "16", (9, 11)),
            ("Новикова Дарья Олеговна", "учитель", "математика",
             "Наставничество молодого учителя", Training.Form.MENTORING, "72", (1, 6)),
        ]  # fmt: skip
        for name, position, subject, topic, form, hours, (first, last) in plans:
            plan_item_add(
                school=school,
                data=PlanItemData(
                    year=year, full_name=name, position=position, subject=subject, topic=topic, form=form,
                    hours=hours, planned_from=date(year, first, 1), planned_to=date(year, last, 28),
                ),
            )  # fmt: skip
        pair_add(
            school=school,
            data=PairData(
                "Смирнова Ольга Викторовна", "Новикова Дарья Олеговна", "Первый год в профессии: уроки математики",
                date(year, 1, 15), date(year, 5, 31), "Новикова ведёт уроки самостоятельно; открытый урок в мае.",
            ),
        )  # fmt: skip
    dagogni = Program.objects.filter(municipality__code="dagogni").first()
    first = dagogni.participants.select_related("school").order_by("school__short_name").first() if dagogni else None
    if first is not None:
        end = dagogni.period_end  # type: ignore[union-attr]  # set when ``first`` is
        for mentor, mentee, subject in [
            ("Алиева Патимат Магомедовна", "Гасанов Руслан Абдуллаевич", "математика"),
            ("Курбанова Зарема Ахмедовна", "Исмаилова Асият Расуловна", "русский язык"),
        ]:
            pair_add(
                school=first.school,
                data=PairData(
                    mentor, mentee, f"Подготовка к ГИА по предмету «{subject}»: причины низких результатов",
                    date(end.year - 1, 10, 1), date(end.year, 5, 31),
                    "Средний балл ОГЭ класса наставляемого вырос; затруднения сняты по двум темам из трёх.",
                ),
            )  # fmt: skip
    return TeacherPlan.objects.count(), MentorPair.objects.count()
