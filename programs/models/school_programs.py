"""A school's own program (программа перехода в эффективный режим работы / повышения качества
образования) and its expert review.

The team writes the document in the portal; every submission freezes a numbered version, so a
reviewer always scores a fixed text and later sees exactly what changed since the version they
reviewed. Criteria are data (a template per municipality, editable by committee staff)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import badges
from schools import text as text_limits
from schools.models import Municipality, School
from schools.models.fields import CharField, TextField

from .measures import Measure

# The document's sections in reading order; keys are shared by the form, the completeness check,
# the version snapshot, the diff and the reviewers' per-section comments.
SECTIONS = {
    "mission": _("Миссия и ценности школы"),
    "analysis": _("Анализ ситуации в школе"),
    "goals": _("Цели"),
    "tasks": _("Задачи"),
    "directions": _("Направления развития"),
    "indicators": _("Целевые показатели"),
    "stages": _("Этапы и сроки реализации"),
    "measures": _("Мероприятия"),
    "results": _("Ожидаемые результаты"),
    "management": _("Управление реализацией и контроль"),
    "attachments": _("Приложения"),
}

# The sections of each kind of document, in reading order. The two older kinds keep the sections they
# always had. A development concept (the «500+» model's «концепция развития») says who the school
# wants to be — mission, analysis, goals, directions, expected results — and has no plan of
# measures; the medium-term program turns it into tasks, stages, measures and indicators with the
# way the work is run; an anti-risk program answers one risk: goal, tasks, measurable indicators
# with the way their data are collected, stages, measures with responsible people and participants.
KIND_SECTIONS: dict[str, tuple[str, ...]] = {
    "effective_mode": ("analysis", "goals", "tasks", "measures", "results", "indicators", "attachments"),
    "quality": ("analysis", "goals", "tasks", "measures", "results", "indicators", "attachments"),
    "concept": ("mission", "analysis", "goals", "directions", "results", "attachments"),
    "medium_term": (
        "analysis",
        "goals",
        "tasks",
        "directions",
        "indicators",
        "stages",
        "measures",
        "results",
        "management",
        "attachments",
    ),
    "anti_risk": ("analysis", "goals", "tasks", "indicators", "stages", "measures", "results", "attachments"),
}


# Where a kind names a section otherwise: an anti-risk program analyses one risk and has one goal.
KIND_SECTION_TITLES = {
    "anti_risk": {"analysis": _("Описание риска и его причин"), "goals": _("Цель")},
}


PROGRAM_YEARS = [
    MinValueValidator(2000, _("Год программы — не раньше 2000.")),
    MaxValueValidator(2100, _("Год программы — не позже 2100.")),
]


class SchoolProgramQuerySet(models.QuerySet["SchoolProgram"]):
    def with_school(self) -> SchoolProgramQuerySet:
        return self.select_related("school")


class SchoolProgram(models.Model):
    class Kind(models.TextChoices):
        EFFECTIVE_MODE = "effective_mode", _("программа перехода в эффективный режим работы")
        QUALITY = "quality", _("программа повышения качества образования")
        # The documents of targeted methodological help (the federal «500+» model, issue 21): the
        # school's development concept, its medium-term program, and one anti-risk program for each
        # risk the school confirmed in its risk profile. All go through the same review.
        CONCEPT = "concept", _("концепция развития школы")
        MEDIUM_TERM = "medium_term", _("среднесрочная программа развития")
        ANTI_RISK = "anti_risk", _("антирисковая программа")

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        SUBMITTED = "submitted", _("подана на экспертизу")
        UNDER_REVIEW = "under_review", _("на экспертизе")
        RETURNED = "returned", _("возвращена на доработку")
        RESUBMITTED = "resubmitted", _("подана повторно")
        APPROVED = "approved", _("утверждена")

        tones = badges.badge_tones(
            draft=badges.NEUTRAL,
            submitted=badges.IN_PROGRESS,
            under_review=badges.IN_PROGRESS,
            returned=badges.RETURNED,
            resubmitted=badges.IN_PROGRESS,
            approved=badges.DONE,
        )

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    AWAITING_REVIEW = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.RESUBMITTED)

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="school_programs", verbose_name=_("школа")
    )
    kind = CharField(_("вид"), max_length=32, choices=Kind.choices, default=Kind.EFFECTIVE_MODE)
    title = CharField(_("наименование"), max_length=500)
    # A program runs within these years: 0 or 9999 is a typing mistake, refused with the range.
    period_start = models.PositiveIntegerField(_("начало (год)"), validators=PROGRAM_YEARS)
    period_end = models.PositiveIntegerField(_("окончание (год)"), validators=PROGRAM_YEARS)
    # The municipal program this one carries out at the school, if any (measures may link to its measures).
    municipal_program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="school_programs",
        verbose_name=_("муниципальная программа"),
    )
    analysis = TextField(_("анализ ситуации"), max_length=text_limits.LONG, blank=True)
    goals = TextField(_("цели"), max_length=text_limits.LONG, blank=True, help_text=_("Каждая цель с новой строки."))
    tasks = TextField(
        _("задачи"), max_length=text_limits.LONG, blank=True, help_text=_("Каждая задача с новой строки.")
    )
    results = TextField(_("ожидаемые результаты"), max_length=text_limits.LONG, blank=True)
    # The sections only some kinds have (KIND_SECTIONS); blank in the others.
    mission = TextField(_("миссия и ценности"), max_length=text_limits.LONG, blank=True)
    directions = TextField(
        _("направления развития"),
        max_length=text_limits.LONG,
        blank=True,
        help_text=_("Каждое направление с новой строки."),
    )
    management = TextField(
        _("управление реализацией и контроль"),
        max_length=text_limits.LONG,
        blank=True,
        help_text=_("Кто руководит реализацией, как и когда подводятся итоги, кому и как часто отчитываются."),
    )
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    review_deadline = models.DateField(_("срок экспертизы"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # optimistic lock of the text
    history = HistoricalRecords()

    objects = SchoolProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("программа школы")
        verbose_name_plural = _("программы школ")
        ordering = ["school__name", "-period_start"]
        constraints = [
            models.CheckConstraint(
                name="school_program_period",
                violation_error_message=_("Год окончания программы не может быть раньше года начала."),
                condition=Q(period_end__gte=models.F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.school})"

    def get_absolute_url(self) -> str:
        return reverse("programs:school_program", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def goal_lines(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    @property
    def task_lines(self) -> list[str]:
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]

    @property
    def direction_lines(self) -> list[str]:
        return [line.strip() for line in self.directions.splitlines() if line.strip()]

    @property
    def sections(self) -> tuple[str, ...]:
        """The keys of this kind's sections (KIND_SECTIONS), in reading order."""
        return KIND_SECTIONS.get(self.kind, KIND_SECTIONS["effective_mode"])

    def has_section(self, key: str) -> bool:
        return key in self.sections

    def section_title(self, key: str) -> str:
        """The heading of a section in this kind of document (the form, the page, the PDF/DOCX)."""
        return str(KIND_SECTION_TITLES.get(self.kind, {}).get(key, SECTIONS[key]))

    @property
    def section_titles(self) -> dict[str, str]:
        return {key: self.section_title(key) for key in SECTIONS}


class SchoolProgramStage(models.Model):
    """A stage of the document's plan with its dates (the anti-risk and medium-term programs)."""

    program = models.ForeignKey(SchoolProgram, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveIntegerField(_("№"))
    title = CharField(_("этап"), max_length=300)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("этап программы школы")
        verbose_name_plural = _("этапы программ школ")
        ordering = ["program", "number", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class SchoolProgramMeasure(models.Model):
    program = models.ForeignKey(SchoolProgram, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveIntegerField(_("№"))
    title = TextField(_("мероприятие"), max_length=text_limits.SHORT)
    task_number = models.PositiveIntegerField(_("к задаче №"), null=True, blank=True)
    deadline = models.DateField(_("срок"), null=True, blank=True)
    responsible = CharField(_("ответственный"), max_length=300, blank=True)
    participants = CharField(_("участники"), max_length=500, blank=True)
    municipal_measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="school_measures",
        verbose_name=_("мероприятие муниципальной программы"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("мероприятие программы школы")
        verbose_name_plural = _("мероприятия программы школы")
        ordering = ["program", "number", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class SchoolProgramIndicator(models.Model):
    program = models.ForeignKey(SchoolProgram, on_delete=models.CASCADE, related_name="indicators")
    name = CharField(_("показатель"), max_length=300)
    # The indicator of the monitoring catalogue this row measures, if any: its direction (higher or
    # lower is better) decides which way the target must move from the baseline.
    indicator = models.ForeignKey(
        "monitoring.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="school_program_rows",
        verbose_name=_("показатель из перечня мониторинга"),
    )
    unit = CharField(_("единица"), max_length=40, blank=True)
    baseline = models.DecimalField(_("базовое значение"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("целевое значение"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveIntegerField(_("год достижения"), null=True, blank=True)
    method = CharField(_("способ сбора данных"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("показатель программы школы")
        verbose_name_plural = _("показатели программы школы")
        ordering = ["program", "pk"]

    def __str__(self) -> str:
        return self.name


class SchoolProgramAttachment(models.Model):
    program = models.ForeignKey(SchoolProgram, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("файл"), upload_to="school-programs/%Y/")
    original_name = CharField(_("имя файла"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("приложение к программе школы")
        verbose_name_plural = _("приложения к программам школ")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class SchoolProgramVersion(models.Model):
    """The text as submitted: reviews are bound to a version, never to a moving draft."""

    program = models.ForeignKey(SchoolProgram, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("версия"))
    snapshot = models.JSONField(_("содержание версии"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("версия программы школы")
        verbose_name_plural = _("версии программ школ")
        ordering = ["program", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="school_program_version_unique")]

    def __str__(self) -> str:
        return f"{self.program} — версия {self.number}"


class ReviewCriterion(models.Model):
    """One line of a municipality's review template; an empty municipality = the portal default."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="review_criteria"
    )
    order = models.PositiveIntegerField(_("порядок"), default=0)
    text = CharField(_("критерий"), max_length=500)
    max_score = models.PositiveSmallIntegerField(
        _("максимальный балл"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    is_active = models.BooleanField(_("действует"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("критерий экспертизы")
        verbose_name_plural = _("критерии экспертизы")
        ordering = ["municipality", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class ReviewAssignment(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", _("назначен")
        CONFLICT = "conflict", _("заявлен конфликт интересов")
        WITHDRAWN = "withdrawn", _("отозван")

    program = models.ForeignKey(SchoolProgram, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments", verbose_name=_("эксперт")
    )
    deadline = models.DateField(_("срок экспертизы"))
    state = CharField(_("состояние"), max_length=16, choices=State.choices, default=State.ACTIVE)
    conflict_reason = TextField(_("причина конфликта интересов"), max_length=text_limits.SHORT, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("назначение эксперта")
        verbose_name_plural = _("назначения экспертов")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "reviewer"],
                condition=Q(state="active"),
                name="one_active_assignment_per_reviewer",
                violation_error_message=_("Этому эксперту программа уже назначена."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.program}"


class ProgramReview(models.Model):
    """One reviewer's scores and comments on one version, with their verdict."""

    class Verdict(models.TextChoices):
        APPROVE = "approve", _("рекомендую утвердить")
        RETURN = "return", _("вернуть на доработку")

    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.PROTECT, related_name="reviews")
    version = models.ForeignKey(SchoolProgramVersion, on_delete=models.PROTECT, related_name="reviews")
    verdict = CharField(_("решение"), max_length=16, choices=Verdict.choices)
    summary = TextField(_("общий комментарий"), max_length=text_limits.MEDIUM, blank=True)
    # Criteria texts are copied in: editing the template later must not rewrite an old review.
    scores = models.JSONField(_("баллы"), default=list)  # [{"criterion": text, "max": 2, "score": 1}, …]
    section_comments = models.JSONField(_("комментарии к разделам"), default=dict)  # {section: text}
    submitted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("экспертное заключение")
        verbose_name_plural = _("экспертные заключения")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "version"], name="one_review_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.reviewer} — версия {self.version.number}"

    @property
    def total(self) -> int:
        return sum(row["score"] for row in self.scores)

    @property
    def maximum(self) -> int:
        return sum(row["max"] for row in self.scores)


class SchoolProgramEvent(models.Model):
    """The program's story as the team sees it: submitted, reviewer assigned, returned, approved."""

    program = models.ForeignKey(SchoolProgram, on_delete=models.CASCADE, related_name="events")
    action = CharField(_("действие"), max_length=64)
    comment = TextField(_("комментарий"), max_length=text_limits.MEDIUM, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("событие программы школы")
        verbose_name_plural = _("события программ школ")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} — {self.at:%d.%m.%Y}"
