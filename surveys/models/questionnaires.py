"""A questionnaire (анкета) is a list of questions in sections, for one respondent group.

A questionnaire is versioned: the versions of one form share a ``family`` (the first version's
id); a version that has answers is never rewritten — editing it makes the next version (see
surveys/services/questionnaires.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schools import text as text_limits
from schools.models.fields import CharField, TextField


class Group(models.TextChoices):
    STUDENTS = "students", _("обучающиеся")
    PARENTS = "parents", _("родители (законные представители)")
    TEACHERS = "teachers", _("педагоги")
    DIRECTOR = "director", _("руководитель школы")


#: Groups answered through one anonymous link per school; the others get one-use personal links.
SCHOOL_LINK_GROUPS = frozenset({Group.STUDENTS, Group.PARENTS})


class Questionnaire(models.Model):
    title = CharField(_("название"), max_length=300)
    description = TextField(_("обращение к респонденту"), max_length=text_limits.SHORT, blank=True)
    group = CharField(_("кого опрашиваем"), max_length=16, choices=Group.choices)
    grade_from = models.PositiveSmallIntegerField(_("классы с"), null=True, blank=True)
    grade_to = models.PositiveSmallIntegerField(_("классы по"), null=True, blank=True)
    form_id = models.SlugField(_("идентификатор формы (XLSForm)"), max_length=100, blank=True)
    family = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("первая версия")
    )
    version = models.PositiveIntegerField(_("версия"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")
        ordering = ["title", "-version"]
        constraints = [
            models.CheckConstraint(
                name="questionnaire_grades_ordered",
                violation_error_message=_("Последний класс не может быть меньше первого."),
                condition=Q(grade_from__isnull=True)
                | Q(grade_to__isnull=True)
                | Q(grade_to__gte=models.F("grade_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (версия {self.version})"

    @property
    def family_id_or_own(self) -> int:
        return self.family_id or self.pk


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("порядок"), default=0)
    name = models.SlugField(_("имя"), max_length=64)
    title = CharField(_("заголовок"), max_length=300)
    relevant = CharField(_("показывать, если"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("раздел анкеты")
        verbose_name_plural = _("разделы анкеты")
        ordering = ["questionnaire", "order"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("один вариант")
        MULTIPLE = "multiple", _("несколько вариантов")
        SCALE = "scale", _("шкала")
        NUMBER = "number", _("число")
        TEXT = "text", _("короткий текст")
        LONG_TEXT = "long_text", _("развёрнутый ответ")
        MATRIX = "matrix", _("матрица утверждений")
        NOTE = "note", _("пояснение (без ответа)")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, blank=True, related_name="questions")
    order = models.PositiveIntegerField(_("порядок"), default=0)
    name = models.SlugField(_("имя"), max_length=64)
    kind = CharField(_("тип"), max_length=16, choices=Kind.choices)
    label = CharField(_("вопрос"), max_length=1000)
    hint = CharField(_("подсказка"), max_length=1000, blank=True)
    required = models.BooleanField(_("обязательный"), default=False)
    relevant = CharField(_("показывать, если"), max_length=500, blank=True)
    constraint = CharField(_("ограничение"), max_length=500, blank=True)
    constraint_message = CharField(_("сообщение при нарушении"), max_length=500, blank=True)
    # Choices of single/multiple/matrix questions: [{"value": "1", "label": "…"}]; the list's name
    # is kept for XLSForm export.
    list_name = models.SlugField(_("список вариантов"), max_length=64, blank=True)
    choices = models.JSONField(_("варианты"), default=list, blank=True)
    # The statements of a matrix: [{"name": "q5_1", "label": "…"}] — each is answered under its name.
    statements = models.JSONField(_("утверждения"), default=list, blank=True)
    scale_min = models.IntegerField(_("шкала от"), null=True, blank=True)
    scale_max = models.IntegerField(_("шкала до"), null=True, blank=True)
    integer_only = models.BooleanField(_("только целое"), default=True)

    class Meta:
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")
        ordering = ["questionnaire", "order"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "name"], name="question_name_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def answer_names(self) -> list[str]:
        """The keys this question's answers are stored under (a matrix: one per statement)."""
        if self.kind == self.Kind.MATRIX:
            return [s["name"] for s in self.statements]
        if self.kind == self.Kind.NOTE:
            return []
        return [self.name]


class SurveyIndicator(models.Model):
    """An indicator computed from answers (monitoring reads it through INDICATOR_VALUES): the share
    (%) or the number of respondents whose answer to ``question_name`` is one of ``values``, among
    all who answered it, in the versions of one questionnaire, per school and academic year."""

    class Measure(models.TextChoices):
        SHARE = "share", _("доля ответивших так, %")
        COUNT = "count", _("число ответивших так")
        RESPONDENTS = "respondents", _("число ответивших на вопрос")

    code = models.SlugField(_("код показателя"), max_length=64, unique=True)
    name = CharField(_("наименование"), max_length=400)
    family = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="+", verbose_name=_("анкета"))
    question_name = models.SlugField(_("вопрос (имя)"), max_length=64)
    values = models.JSONField(_("засчитываемые ответы"), default=list)
    measure = CharField(_("что считаем"), max_length=16, choices=Measure.choices, default=Measure.SHARE)

    class Meta:
        verbose_name = _("показатель по анкете")
        verbose_name_plural = _("показатели по анкетам")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name
