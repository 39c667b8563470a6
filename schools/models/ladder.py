"""The organisational ladder: region → municipality → school, plus other organisations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import CharField


class Region(models.Model):
    code = CharField(_("код"), max_length=8, unique=True)
    name = CharField(_("наименование"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def with_region(self) -> MunicipalityQuerySet:
        return self.select_related("region")


class Municipality(models.Model):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("регион")
    )
    code = CharField(_("код"), max_length=32)
    name = CharField(_("наименование"), max_length=200)
    history = HistoricalRecords()

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="municipality_code_unique_in_region"),
            models.UniqueConstraint(fields=["region", "name"], name="municipality_name_unique_in_region"),
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A body that is not a general-education school: the education authority itself,
    methodological centres, colleges, additional education, culture, sport, psychological
    centres, universities. Programs name them as developers, executors and partners."""

    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("орган управления образованием")
        METHODOLOGICAL_CENTRE = "methodological_centre", _("методический центр")
        QUALITY_ASSESSMENT = "quality_assessment", _("служба оценки качества")
        COLLEGE = "college", _("колледж, техникум")
        ADDITIONAL_EDUCATION = "additional_education", _("дополнительное образование")
        CULTURE = "culture", _("учреждение культуры")
        SPORT = "sport", _("спортивная организация")
        PSYCHOLOGICAL_CENTRE = "psychological_centre", _("психолого-педагогический центр")
        UNIVERSITY = "university", _("вуз")
        SOCIAL = "social", _("социальная служба, профилактика")
        OTHER = "other", _("другая организация")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("регион"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        verbose_name=_("муниципалитет"),
        help_text=_("Пусто для организаций регионального уровня."),
    )
    kind = CharField(_("вид"), max_length=32, choices=Kind.choices)
    name = CharField(_("полное наименование"), max_length=500)
    short_name = CharField(_("краткое наименование"), max_length=200)
    is_archived = models.BooleanField(_("в архиве"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "municipality", "name"], name="organisation_name_unique"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class SchoolQuerySet(models.QuerySet["School"]):
    def with_municipality(self) -> SchoolQuerySet:
        return self.select_related("municipality")

    def with_ladder(self) -> SchoolQuerySet:
        """With the municipality and the region (a school's place on the ladder)."""
        return self.select_related("municipality", "region")


class School(models.Model):
    class Type(models.TextChoices):
        NOSH = "НОШ", _("начальная общеобразовательная школа (НОШ)")
        OOSH = "ООШ", _("основная общеобразовательная школа (ООШ)")
        SOSH = "СОШ", _("средняя общеобразовательная школа (СОШ)")
        GYMNASIUM = "гимназия", _("гимназия")
        LYCEUM = "лицей", _("лицей")
        BOARDING = "школа-интернат", _("школа-интернат")
        CENTRE = "центр образования", _("центр образования")
        OTHER = "другое", _("другое")

    class Locality(models.TextChoices):
        URBAN = "urban", _("городская")
        RURAL = "rural", _("сельская")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="schools", verbose_name=_("регион"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="schools", verbose_name=_("муниципалитет")
    )
    code = CharField(_("код ОО"), max_length=32)
    name = CharField(_("полное наименование"), max_length=500)
    short_name = CharField(_("краткое наименование"), max_length=200)
    type = CharField(_("тип"), max_length=32, choices=Type.choices, default=Type.SOSH)
    settlement = CharField(_("населённый пункт"), max_length=200, blank=True)
    locality = CharField(_("городская/сельская"), max_length=8, choices=Locality.choices, default=Locality.URBAN)
    small_class = models.BooleanField(_("малокомплектная"), default=False)
    remote = models.BooleanField(_("удалённая"), default=False)
    address = CharField(_("адрес"), max_length=500, blank=True)
    director = CharField(_("директор"), max_length=200, blank=True)
    is_archived = models.BooleanField(_("в архиве"), default=False)
    history = HistoricalRecords()

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("школа")
        verbose_name_plural = _("школы")
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="school_code_unique_in_region"),
        ]
        indexes = [models.Index(fields=["municipality", "short_name"])]

    def __str__(self) -> str:
        return self.short_name

    def save(self, *args, **kwargs):
        # The region is denormalised for the per-region uniqueness of codes; it always
        # follows the municipality so the two can never disagree.
        if self.municipality_id and not self.region_id:
            self.region_id = self.municipality.region_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("schools:detail", args=[self.pk])
