"""Groups published by a regional institute (template «Группы»): one row per school × academic
year, kept beside the portal's own computation so the two can be compared.

Only committee staff over the school (``schools.manage_school``) may import them: the groups
decide which support a school gets, so a school team does not set its own.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.fields import Field

from schools.imports.resource_base import chunked

from ..models import ImportedGroups
from .base import LimitedTextWidget, SchoolYearResource, SmallIntWidget, school_field, year_field, year_or_none

MIN_GROUP, MAX_GROUP = 1, 11
SOURCE_MAX_LENGTH = ImportedGroups._meta.get_field("source").max_length


def group_widget() -> SmallIntWidget:
    # Empty is allowed: the institute published no group for the school (no data).
    return SmallIntWidget(
        min_value=MIN_GROUP,
        max_value=MAX_GROUP,
        words=("группа",),
        required_message=None,
        range_message=_("группа должна быть от %(min)s до %(max)s или пусто") % {"min": MIN_GROUP, "max": MAX_GROUP},
    )


class GroupsResource(SchoolYearResource):
    school = school_field()
    year = year_field()
    quality_group = Field(attribute="quality_group", column_name="quality_group")
    wellbeing_group = Field(attribute="wellbeing_group", column_name="wellbeing_group")
    source = Field(attribute="source", column_name="source", widget=LimitedTextWidget(max_length=SOURCE_MAX_LENGTH))

    school_permission = "schools.manage_school"
    widget_validated = ("year", "quality_group", "wellbeing_group", "source")
    # bulk_update does not touch auto_now fields by itself.
    extra_update_fields = ("imported_at",)

    class Meta(SchoolYearResource.Meta):
        model = ImportedGroups
        fields = ("school", "year", "quality_group", "wellbeing_group", "source")
        import_id_fields = ("school", "year")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.duplicate_message = _("школа и учебный год повторяются в файле: уже есть в строке %(row)s")
        self.denied_message = _(
            "нет прав на группы школы «%(school)s» (%(municipality)s): их загружают сотрудники комитета"
        )
        self.fields["quality_group"].widget = group_widget()
        self.fields["wellbeing_group"].widget = group_widget()

    def prepare_more(self, rows: list[dict[str, Any]]) -> None:
        years = self.school_years(rows)
        for chunk in chunked(sorted(self.schools.by_pk)):
            for groups in ImportedGroups.objects.filter(school_id__in=chunk, year__in=years):
                groups.school = self.schools.by_pk[groups.school_id]
                self.existing[(groups.school_id, groups.year)] = groups

    def row_key(self, row: dict[str, Any]) -> tuple | None:
        school, year = self.schools.of_row(row), year_or_none(row.get("year"))
        return None if school is None or year is None else (school.pk, year)

    def before_save_instance(self, instance: ImportedGroups, row, **kwargs):
        instance.imported_at = timezone.now()
