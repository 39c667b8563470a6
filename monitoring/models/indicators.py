"""Indicators (показатели), their values and the targets set for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools import text as text_limits
from schools.models import Municipality, School
from schools.models.fields import CharField, TextField

if TYPE_CHECKING:
    from schools.models import User


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", _("%")
        SCORE = "score", _("балл")
        COUNT = "count", _("человек")
        UNITS = "units", _("единиц")
        ROUBLE = "rouble", _("руб.")
        INDEX = "index", _("индекс")
        GROUP = "group", _("группа (1–11)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("чем больше, тем лучше")
        LOWER = "lower", _("чем меньше, тем лучше")

    class Level(models.TextChoices):
        SCHOOL = "school", _("школа")
        MUNICIPALITY = "municipality", _("муниципалитет")
        PROGRAM = "program", _("программа")

    class Kind(models.TextChoices):
        ENTERED = "entered", _("вводится")
        COMPUTED = "computed", _("вычисляется по формуле")
        INDEX = "index", _("из расчётов портала (индексы, анкеты)")

    code = models.SlugField(_("код"), max_length=64, unique=True)
    name = CharField(_("наименование"), max_length=400)
    unit = CharField(_("единица"), max_length=16, choices=Unit.choices)
    direction = CharField(_("направление"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    level = CharField(_("уровень"), max_length=16, choices=Level.choices, default=Level.SCHOOL)
    kind = CharField(_("способ получения"), max_length=16, choices=Kind.choices, default=Kind.ENTERED)
    formula = CharField(
        _("формула"),
        max_length=500,
        blank=True,
        help_text=_("Например: trained / teachers * 100 — коды других показателей."),
    )
    min_value = models.DecimalField(_("минимум"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("максимум"), max_digits=14, decimal_places=4, null=True, blank=True)
    method = TextField(_("методика расчёта"), max_length=text_limits.MEDIUM, blank=True)
    source = CharField(
        _("источник"), max_length=300, blank=True, help_text=_("Например: паспорт программы (семя 003).")
    )
    is_archived = models.BooleanField(_("в архиве"), default=False)
    history = HistoricalRecords()
    # Set on an instance before its save; simple-history writes them into the historical record.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = _("показатель")
        verbose_name_plural = _("показатели")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="indicator_range_ordered",
                violation_error_message=_("Нижняя граница диапазона показателя не может быть больше верхней."),
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_unit_display()})"


class Period(models.Model):
    """A reporting period: a calendar year, a quarter of it, or an academic year."""

    class Kind(models.TextChoices):
        YEAR = "year", _("календарный год")
        QUARTER = "quarter", _("квартал")
        ACADEMIC_YEAR = "academic_year", _("учебный год")

    kind = CharField(_("вид"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("год"), help_text=_("Для учебного года — год его окончания."))
    # 0 for a whole year: a real value, so that (kind, year, quarter) is unique on every database.
    quarter = models.PositiveSmallIntegerField(_("квартал"), default=0)
    start = models.DateField(_("начало"))
    end = models.DateField(_("окончание"))

    class Meta:
        verbose_name = _("период")
        verbose_name_plural = _("периоды")
        ordering = ["start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "quarter"], name="period_unique"),
            models.CheckConstraint(
                name="period_quarter_only_for_quarters",
                violation_error_message=_("Номер квартала указывается только у квартальных периодов."),
                condition=Q(kind="quarter", quarter__gte=1, quarter__lte=4) | (~Q(kind="quarter") & Q(quarter=0)),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.QUARTER:
            return f"{self.quarter} квартал {self.year} г."
        if self.kind == self.Kind.ACADEMIC_YEAR:
            return f"{self.year - 1}/{self.year} учебный год"
        return f"{self.year} г."


class IndicatorValue(models.Model):
    class Source(models.TextChoices):
        COLLECTION = "collection", _("сбор данных")
        IMPORT = "import", _("загрузка файла")
        COMPUTED = "computed", _("вычислено")
        INDICES = "indices", _("расчёт индексов")
        MANUAL = "manual", _("введено вручную")

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="values")
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="indicator_values")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="indicator_values"
    )
    # The municipality whose value this is: the school's, or the municipality itself. Kept beside
    # school and municipality so that a municipality's values of a period are one range of the
    # (area, period, id) index — a page of a big city's year stops after its rows and its count
    # reads the index only. Set by save() and fill_areas(); follows a school that moves to another
    # municipality (monitoring.services.values.values_follow_schools). Blank: derived, never
    # typed, so validation before save() (which fills it) does not ask for it.
    area = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", db_index=False, editable=False, blank=True,
        verbose_name=_("муниципалитет значения"),
    )  # fmt: skip
    value = models.DecimalField(_("значение"), max_digits=14, decimal_places=4)
    source = CharField(_("источник"), max_length=16, choices=Source.choices)
    source_ref = CharField(_("ссылка на источник"), max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    # Set on an instance before its save; simple-history writes them into the historical record.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = _("значение показателя")
        verbose_name_plural = _("значения показателей")
        constraints = [
            models.CheckConstraint(
                name="value_has_one_subject",
                violation_error_message=_("Значение относится либо к школе, либо к муниципалитету."),
                condition=Q(school__isnull=False, municipality__isnull=True)
                | Q(school__isnull=True, municipality__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "school"],
                name="value_unique_school",
                violation_error_message=_("Значение этого показателя школы за этот период уже есть."),
                condition=Q(school__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period", "municipality"],
                name="value_unique_municipality",
                violation_error_message=_("Значение этого показателя муниципалитета за этот период уже есть."),
                condition=Q(municipality__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period"]),
            models.Index(fields=["school", "indicator"]),
            # The API's lists and dashboards read a set of schools in a period: with the period in
            # the index a big city's year is 17,000 entries, not its 51,000 of every year.
            models.Index(fields=["school", "period"], name="value_school_period"),
            # A municipality's values (its own and its schools') of a period in id order: the API's
            # pages of a municipality and their counts (monitoring.access.visible_values).
            models.Index(fields=["area", "period", "id"], name="value_area_period"),
            # A municipality's values of every period in id order: the keyset pages of a nightly
            # pull (?municipality=…&cursor=…), one range at any depth rather than a walk of the
            # primary key past every other municipality's rows (38,940 of them for the city's
            # page at 40,000 schools, bench/README.md).
            models.Index(fields=["area", "id"], name="value_area_id"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"

    def save(self, *args, **kwargs) -> None:
        if self.area_id is None:
            IndicatorValue.fill_areas([self])
        super().save(*args, **kwargs)

    @staticmethod
    def fill_areas(values: list[IndicatorValue]) -> list[IndicatorValue]:
        """Sets ``area`` on the values that have none (before a bulk_create, which skips save()):
        a municipality's value is its own, a school's its municipality's (one query for all)."""
        for v in values:  # a school already at hand answers without a query
            school = v._state.fields_cache.get("school")
            if v.area_id is None and school is not None:
                v.area_id = school.municipality_id
        wanted = {v.school_id for v in values if v.area_id is None and v.school_id is not None}
        municipality_of = (
            dict(School.objects.filter(pk__in=wanted).values_list("pk", "municipality_id")) if wanted else {}
        )
        for v in values:
            if v.area_id is None:
                v.area_id = v.municipality_id if v.school_id is None else municipality_of.get(v.school_id)
        return values


class Target(models.Model):
    """A target of a program (Dubna: «утверждение целевых показателей»): baseline and a planned
    value per year, for one school or the municipality. It hangs on the program's target set
    (programs.Program.target_set points down to it: monitoring may not import programs)."""

    target_set = models.ForeignKey(
        "TargetSet", on_delete=models.PROTECT, related_name="targets", verbose_name=_("набор целевых показателей")
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="targets")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="targets"
    )
    baseline_value = models.DecimalField(_("базовое значение"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("базовый год"), null=True, blank=True)
    planned = models.JSONField(_("плановые значения по годам"), default=dict, help_text=_('{"2025": 60, "2026": 70}'))
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    # Set on an instance before its save; simple-history writes them into the historical record.
    _history_user: User | None
    _change_reason: str

    class Meta:
        verbose_name = _("целевой показатель")
        verbose_name_plural = _("целевые показатели")
        constraints = [
            models.CheckConstraint(
                name="target_has_one_subject",
                violation_error_message=_("Целевое значение относится либо к школе, либо к муниципалитету."),
                condition=Q(school__isnull=False, municipality__isnull=True)
                | Q(school__isnull=True, municipality__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["target_set", "indicator", "school"],
                name="target_unique_school",
                condition=Q(school__isnull=False),
                violation_error_message=_("Для этой школы целевой показатель по этому показателю уже задан."),
            ),
            models.UniqueConstraint(
                fields=["target_set", "indicator", "municipality"],
                name="target_unique_municipality",
                condition=Q(municipality__isnull=False),
                violation_error_message=_("Для муниципалитета целевой показатель по этому показателю уже задан."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} — {self.school or self.municipality}"
