"""Assessment results (template «Результаты»): one row per school × academic year × procedure ×
grade × subject.

Subjects come from the dictionary (name or any alias, case- and «ё»-insensitive); the maximum
mean of a procedure and subject from ScoreScale. Both are loaded once per file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from import_export.fields import Field

from schools.imports.normalise import normalise_title
from schools.imports.resource_base import chunked
from schools.imports.widgets import MAX_COUNT, ChoiceWidget, CountWidget, LookupWidget

from ..models import AssessmentResult, Procedure, ScoreScale, Subject
from .base import (
    DecimalWidget,
    SchoolYearResource,
    SmallIntWidget,
    format_number,
    school_field,
    year_field,
    year_or_none,
)

MIN_GRADE, MAX_GRADE = 4, 11
SHARE_KEYS = ("share_2", "share_3", "share_4", "share_5")
BELOW_MIN = "share_below_min"
SHARES_TOTAL, SHARES_TOLERANCE = Decimal(100), Decimal("0.5")
MAX_SCORE = Decimal("9999.99")  # what the model's DecimalField(max_digits=6, decimal_places=2) holds

# Every spelling of a procedure a file may use → the stored value.
PROCEDURE_SPELLINGS: dict[str, str] = {
    **{p.value: p.value for p in Procedure},
    "ГИА-9": Procedure.OGE.value,
    "ГИА-11": Procedure.EGE.value,
    "основной государственный экзамен": Procedure.OGE.value,
    "единый государственный экзамен": Procedure.EGE.value,
    "всероссийская проверочная работа": Procedure.VPR.value,
    "всероссийские проверочные работы": Procedure.VPR.value,
    "региональная диагностическая работа": Procedure.RDR.value,
    "муниципальная диагностическая работа": Procedure.MDR.value,
}


_PROCEDURES = {normalise_title(k): v for k, v in PROCEDURE_SPELLINGS.items()}


def procedure_or_none(value: Any) -> str | None:
    return _PROCEDURES.get(normalise_title(value)) if value is not None else None


def grade_widget() -> SmallIntWidget:
    return SmallIntWidget(
        min_value=MIN_GRADE,
        max_value=MAX_GRADE,
        words=("класс", "кл"),
        required_message=_("не заполнено: укажите класс от %(min)s до %(max)s") % {"min": MIN_GRADE, "max": MAX_GRADE},
        range_message=_("класс должен быть от %(min)s до %(max)s") % {"min": MIN_GRADE, "max": MAX_GRADE},
    )


def _share(key: str) -> Field:
    return Field(
        attribute=key,
        column_name=key,
        widget=DecimalWidget(max_value=SHARES_TOTAL, range_message=_("доля должна быть от 0 до 100 %")),
    )


class ResultResource(SchoolYearResource):
    school = school_field()
    year = year_field()
    procedure = Field(attribute="procedure", column_name="procedure")
    grade = Field(attribute="grade", column_name="grade")
    subject = Field(attribute="subject", column_name="subject")
    participants = Field(
        attribute="participants", column_name="participants", widget=CountWidget(required=True, max_value=MAX_COUNT)
    )
    mean_score = Field(attribute="mean_score", column_name="mean_score", widget=DecimalWidget(max_value=MAX_SCORE))
    sd = Field(attribute="sd", column_name="sd", widget=DecimalWidget(max_value=MAX_SCORE))
    share_2 = _share("share_2")
    share_3 = _share("share_3")
    share_4 = _share("share_4")
    share_5 = _share("share_5")
    share_below_min = Field(
        attribute="share_below_min",
        column_name="share_below_min",
        widget=DecimalWidget(
            max_value=SHARES_TOTAL, range_message=_("доля не преодолевших минимальный порог должна быть от 0 до 100 %")
        ),
    )

    school_permission = "schools.change_school_data"
    lookup_fields = ("school", "subject")
    widget_validated = ("year", "procedure", "grade", "participants", "mean_score", "sd", *SHARE_KEYS, BELOW_MIN)

    class Meta(SchoolYearResource.Meta):
        model = AssessmentResult
        fields = (
            "school",
            "year",
            "procedure",
            "grade",
            "subject",
            "participants",
            "mean_score",
            "sd",
            *SHARE_KEYS,
            BELOW_MIN,
        )
        import_id_fields = ("school", "year", "procedure", "grade", "subject")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.duplicate_message = _(
            "школа, учебный год, процедура, класс и предмет повторяются в файле: уже есть в строке %(row)s"
        )
        allowed = ", ".join(Procedure.values)
        self.fields["procedure"].widget = ChoiceWidget(PROCEDURE_SPELLINGS, allowed)
        self.fields["grade"].widget = grade_widget()
        self.fields["subject"].widget = LookupWidget(self._resolve_subject)
        self.subjects: dict[str, Subject] = {}  # every normalised spelling → subject
        self.subjects_by_pk: dict[int, Subject] = {}
        self.max_scores: dict[tuple[str, int], Decimal] = {}

    # --- prefetch ---------------------------------------------------------------------------------

    def prepare_more(self, rows: list[dict[str, Any]]) -> None:
        # The dictionaries are small: read whole, one query each.
        for subject in Subject.objects.all():
            self.subjects_by_pk[subject.pk] = subject
            for spelling in (subject.name, subject.code, *(subject.aliases or [])):
                self.subjects.setdefault(normalise_title(spelling), subject)
        for scale in ScoreScale.objects.all():
            self.max_scores[(scale.procedure, scale.subject_id)] = scale.max_score
        years = self.school_years(rows)
        for chunk in chunked(sorted(self.schools.by_pk)):
            for result in AssessmentResult.objects.filter(school_id__in=chunk, year__in=years):
                # Attach what is loaded already: comparing rows must not query per row.
                result.school = self.schools.by_pk[result.school_id]
                result.subject = self.subjects_by_pk[result.subject_id]
                self.existing[(result.school_id, result.year, result.procedure, result.grade, result.subject_id)] = (
                    result
                )

    def row_key(self, row: dict[str, Any]) -> tuple | None:
        school = self.schools.of_row(row)
        year = year_or_none(row.get("year"))
        procedure = procedure_or_none(row.get("procedure"))
        subject = self._subject_or_none(row.get("subject"))
        try:
            grade = self.fields["grade"].widget.clean(row.get("grade"))
        except ValueError:
            grade = None
        if None in (school, year, procedure, grade, subject):
            return None
        return (school.pk, year, procedure, grade, subject.pk)

    # --- per row ----------------------------------------------------------------------------------

    def _subject_or_none(self, value: Any) -> Subject | None:
        return self.subjects.get(normalise_title(value)) if value is not None else None

    def _resolve_subject(self, value: Any, row: dict[str, Any]) -> Subject:
        if value is None:
            raise ValueError(_("не заполнено: укажите предмет"))
        subject = self._subject_or_none(value)
        if subject is None:
            raise ValueError(_("предмет «%(subject)s» не найден в справочнике") % {"subject": value})
        return subject

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        shares = [row.get(key) for key in SHARE_KEYS]
        if all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in shares):
            total = sum(Decimal(str(v)) for v in shares)
            if all(0 <= v <= 1 for v in shares) and abs(total - 1) <= SHARES_TOLERANCE / 100:
                # Cells formatted as percentages hold fractions (0,45 shows as 45 %). Four
                # fractions adding up to 1 cannot be percentages, which must add up to 100.
                for key in SHARE_KEYS:
                    row[key] = Decimal(str(row[key])) * 100
                below = row.get(BELOW_MIN)
                if isinstance(below, int | float | Decimal) and not isinstance(below, bool) and 0 <= below <= 1:
                    # formatted like the marks beside it
                    row[BELOW_MIN] = Decimal(str(below)) * 100

    def cross_checks(self, instance: AssessmentResult, row: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        participants = self.value_of(instance, "participants")
        mean = self.value_of(instance, "mean_score")
        if participants == 0:
            if mean is not None:
                errors["mean_score"] = _("при 0 участников средний балл должен быть пустым")
            if self.value_of(instance, "sd") is not None:
                errors["sd"] = _("при 0 участников стандартное отклонение должно быть пустым")
            for key in (*SHARE_KEYS, BELOW_MIN):
                if self.value_of(instance, key) is not None:
                    errors[key] = _("при 0 участников доли должны быть пустыми")
            return errors
        if participants is not None and mean is None and "mean_score" not in self._row_failed:
            errors["mean_score"] = _("не заполнено: укажите средний балл (пусто — только при 0 участников)")
        procedure = self.value_of(instance, "procedure")
        subject = self.value_of(instance, "subject")
        if mean is not None and procedure is not None and subject is not None:
            maximum = self.max_scores.get((procedure, subject.pk))
            if maximum is not None and mean > maximum:
                errors["mean_score"] = _(
                    "средний балл выше максимально возможного: в %(procedure)s по предмету «%(subject)s» "
                    "максимум %(max)s"
                ) % {"procedure": procedure, "subject": subject.name, "max": format_number(maximum)}
        shares = [self.value_of(instance, key) for key in SHARE_KEYS]
        if all(s is not None for s in shares):
            total = sum(shares)
            if abs(total - SHARES_TOTAL) > SHARES_TOLERANCE:
                errors["share_2"] = _(
                    "сумма долей «2», «3», «4» и «5» равна %(total)s %%, а должна быть 100 %% (± 0,5)"
                ) % {"total": format_number(total)}
        return errors
