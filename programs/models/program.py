"""A municipal program and its passport (паспорт программы), as the seeds lay it out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import text as text_limits
from schools.models import Municipality, Organisation, School
from schools.models.fields import CharField, TextField


class ProgramQuerySet(models.QuerySet["Program"]):
    def with_municipality(self) -> ProgramQuerySet:
        return self.select_related("municipality")


class Program(models.Model):
    class Kind(models.TextChoices):
        PROGRAM = "program", _("программа")
        MODEL = "model", _("муниципальная модель")
        ROADMAP = "roadmap", _("дорожная карта")

    class Status(models.TextChoices):
        DRAFT = "draft", _("проект")
        APPROVED = "approved", _("утверждена")
        ACTIVE = "active", _("реализуется")
        COMPLETED = "completed", _("завершена")
        ARCHIVED = "archived", _("в архиве")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="programs", verbose_name=_("муниципалитет")
    )
    # What the program's targets and data collections hang on (monitoring owns it; docs/decisions.md).
    target_set = models.OneToOneField(
        "monitoring.TargetSet",
        on_delete=models.PROTECT,
        related_name="program",
        verbose_name=_("набор целевых показателей"),
        editable=False,
    )
    kind = CharField(_("вид"), max_length=16, choices=Kind.choices, default=Kind.PROGRAM)
    title = TextField(_("наименование"), max_length=text_limits.SHORT)
    short_title = CharField(_("краткое наименование"), max_length=300, blank=True)
    period_start = models.DateField(_("начало периода"))
    period_end = models.DateField(_("окончание периода"))
    # A document that states no end (Sysert's model, Dubna's roadmap): the end is the committee's
    # assumption, and every page says so rather than showing it as the document's.
    # Dubna's roadmap numbers none of its rows, Sysert's model numbers them per group: the numbers
    # the portal keeps them by are its own, and pages and exports mark them so.
    numbers_assigned = models.BooleanField(
        _("номера мероприятий присвоены порталом"),
        default=False,
        help_text=_("В документе строки не пронумерованы (или пронумерованы иначе)."),
    )
    period_end_assumed = models.BooleanField(
        _("срок окончания принят условно"),
        default=False,
        help_text=_("В документе срок окончания не указан."),
    )
    status = CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Approval (утверждение): "Приказ № 267-ОД от 17.09.2020", "Утверждаю: начальник …".
    approval_doc_type = CharField(_("вид документа об утверждении"), max_length=100, blank=True)
    approval_number = CharField(_("номер документа"), max_length=50, blank=True)
    approval_date = models.DateField(_("дата документа"), null=True, blank=True)
    approved_by = CharField(_("кем утверждена"), max_length=300, blank=True)
    signatory = CharField(_("подписант"), max_length=200, blank=True)
    appendix_label = CharField(_("приложение"), max_length=100, blank=True, help_text=_("Например: «Приложение 1»."))
    control = TextField(_("контроль за реализацией"), max_length=text_limits.MEDIUM, blank=True)
    is_public = models.BooleanField(
        _("опубликована"), default=False, help_text=_("Открытая страница программы доступна без входа.")
    )
    amendment_open = models.BooleanField(_("идёт внесение изменений"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("создал"),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    # Cached on the instance by programs.access (who takes part, who executes measures).
    _participant_ids: set[int]
    _executing_org_ids: set[int]

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("программа")
        verbose_name_plural = _("программы")
        ordering = ["municipality", "-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                name="program_period_ordered",
                violation_error_message=_("Окончание программы не может быть раньше её начала."),
                condition=Q(period_end__gte=F("period_start")),
            ),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("programs:public", args=[self.pk])

    @property
    def period_label(self) -> str:
        label = f"{self.period_start.year}–{self.period_end.year}"
        return f"{label} (окончание принято условно)" if self.period_end_assumed else label

    @property
    def is_editable_directly(self) -> bool:
        """Drafts are edited freely; an approved program only inside an open amendment."""
        return self.status == self.Status.DRAFT or self.amendment_open

    @property
    def appendix_line(self) -> str:
        """«Приложение 1 к приказу № 722 от 20.06.2018», the line above an approved document."""
        dative = {
            "приказ": "приказу",
            "постановление": "постановлению",
            "распоряжение": "распоряжению",
            "решение": "решению",
        }
        doc = dative.get(self.approval_doc_type.strip().lower(), self.approval_doc_type.strip().lower())
        parts = [self.appendix_label, "к" if doc else "", doc]
        if self.approval_number:
            parts.append(f"№ {self.approval_number}")
        if self.approval_date:
            parts.append(f"от {self.approval_date:%d.%m.%Y}")
        return " ".join(p for p in parts if p)

    @property
    def approval_lines(self) -> list[str]:
        """The lines above the document's title, as each seed has them (one rule for the page and
        the exports): «Приложение 1 к приказу № 722 от 20.06.2018» where the program is an
        appendix to an order (Korolyov, Sysert, Tungiro-Olyokminsky); the «УТВЕРЖДАЮ» block where
        an official signs it (Dagestanskiye Ogni); «Принята на Совете … от 30.06.2017 № 9» where a
        body adopted it (Dubna)."""
        if self.appendix_label.strip():
            return [self.appendix_line]
        if self.signatory.strip():
            lines = ["«УТВЕРЖДАЮ»"]
            if self.approved_by.strip():
                lines.append(self.approved_by)
            lines.append(f"____________ {self.signatory}")
            if self.approval_label:
                lines.append(self.approval_label)
            return lines
        if self.approved_by.strip():
            line = f"Принята на {_prepositional(self.approved_by.strip())}"
            if self.approval_date:
                line += f" от {self.approval_date:%d.%m.%Y}"
            if self.approval_number:
                line += f" № {self.approval_number}"
            return [line]
        return []

    @property
    def approval_label(self) -> str:
        parts = [self.approval_doc_type]
        if self.approval_number:
            parts.append(f"№ {self.approval_number}")
        if self.approval_date:
            parts.append(f"от {self.approval_date:%d.%m.%Y}")
        return " ".join(p for p in parts if p)


class _Ordered(models.Model):
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class LegalBasis(_Ordered):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="legal_bases")
    text = TextField(_("нормативный акт"), max_length=text_limits.SHORT)
    history = HistoricalRecords()

    class Meta(_Ordered.Meta):
        verbose_name = _("основание для разработки")
        verbose_name_plural = _("основания для разработки")

    def __str__(self) -> str:
        return self.text[:80]


class ProgramOrganisation(_Ordered):
    class Role(models.TextChoices):
        DEVELOPER = "developer", _("разработчик")
        EXECUTOR = "executor", _("основной исполнитель")
        PARTNER = "partner", _("организация-партнёр")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="program_roles",
        verbose_name=_("организация"),
    )
    name = CharField(_("наименование, как в документе"), max_length=500, blank=True)
    role = CharField(_("роль"), max_length=16, choices=Role.choices)
    history = HistoricalRecords()

    class Meta(_Ordered.Meta):
        verbose_name = _("организация программы")
        verbose_name_plural = _("организации программы")

    def __str__(self) -> str:
        return str(self.organisation or self.name)


class Goal(_Ordered):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="goals")
    text = TextField(_("цель"), max_length=text_limits.SHORT)
    history = HistoricalRecords()

    class Meta(_Ordered.Meta):
        verbose_name = _("цель")
        verbose_name_plural = _("цели")

    def __str__(self) -> str:
        return self.text[:80]


class Task(_Ordered):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tasks")
    number = CharField(_("№"), max_length=10)
    text = TextField(_("задача"), max_length=text_limits.SHORT)
    history = HistoricalRecords()

    class Meta(_Ordered.Meta):
        verbose_name = _("задача")
        verbose_name_plural = _("задачи")
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="task_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Section(_Ordered):
    """A section of the measures table (Dagestanskiye Ogni's I–V, Dubna's phases)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sections")
    number = CharField(_("№"), max_length=10)
    title = CharField(_("раздел"), max_length=500)
    history = HistoricalRecords()

    class Meta(_Ordered.Meta):
        verbose_name = _("раздел")
        verbose_name_plural = _("разделы")
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="section_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ExpectedResult(_Ordered):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="expected_results")
    text = TextField(_("ожидаемый результат"), max_length=text_limits.SHORT)
    tasks = models.ManyToManyField(Task, blank=True, related_name="expected_results", verbose_name=_("задачи"))
    history = HistoricalRecords(m2m_fields=[tasks])

    class Meta(_Ordered.Meta):
        verbose_name = _("ожидаемый результат")
        verbose_name_plural = _("ожидаемые результаты")

    def __str__(self) -> str:
        return self.text[:80]


class Stage(_Ordered):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="stages")
    number = CharField(_("№"), max_length=10)
    title = CharField(_("этап"), max_length=300)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))
    content = TextField(_("содержание"), max_length=text_limits.LONG, blank=True)
    history = HistoricalRecords()

    class Meta(_Ordered.Meta):
        verbose_name = _("этап")
        verbose_name_plural = _("этапы")
        constraints = [
            models.CheckConstraint(
                name="stage_period_ordered",
                violation_error_message=_("Окончание этапа не может быть раньше его начала."),
                condition=Q(end__gte=F("start")),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Risk(_Ordered):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="risks")
    risk = TextField(_("риск"), max_length=text_limits.SHORT)
    mitigation = TextField(_("меры по снижению"), max_length=text_limits.MEDIUM, blank=True)
    history = HistoricalRecords()

    class Meta(_Ordered.Meta):
        verbose_name = _("риск")
        verbose_name_plural = _("риски")

    def __str__(self) -> str:
        return self.risk[:80]


class ProgramSchool(models.Model):
    class Role(models.TextChoices):
        TARGET = "target", _("школа — участник программы (получает поддержку)")
        PARTNER = "partner", _("школа-партнёр")
        INTERNSHIP = "internship", _("стажировочная площадка")
        PILOT = "pilot", _("пилотная площадка")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="program_roles", verbose_name=_("школа"))
    role = CharField(_("роль"), max_length=16, choices=Role.choices, default=Role.TARGET)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("школа программы")
        verbose_name_plural = _("школы программы")
        constraints = [models.UniqueConstraint(fields=["program", "school"], name="program_school_once")]

    def __str__(self) -> str:
        return f"{self.school} — {self.get_role_display()}"


# The adopting bodies the seeds name, in the prepositional case («принята на Совете …»).
_PREPOSITIONAL = {"совет": "Совете", "коллегия": "Коллегии", "заседание": "заседании", "педсовет": "педсовете"}


def _prepositional(body: str) -> str:
    first, _, rest = body.partition(" ")
    word = _PREPOSITIONAL.get(first.casefold())
    return f"{word} {rest}".strip() if word else body
