from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from schools.admin import ArchiveNotDelete

from .models import Measure, Occurrence, Program, ProgramVersion, ProgressReport


@admin.register(Program)
class ProgramAdmin(ArchiveNotDelete, SimpleHistoryAdmin):
    list_display = ("__str__", "municipality", "kind", "status", "period_start", "period_end", "is_public")
    list_filter = ["status", "kind", "municipality"]
    search_fields = ["title", "short_title"]

    def save_model(self, request, obj, form, change):
        if obj.target_set_id is None:  # a program added here gets its target set like any other
            from .services.programs import program_target_set_create

            obj.target_set = program_target_set_create(
                municipality=obj.municipality, title=obj.title, short_title=obj.short_title
            )
        super().save_model(request, obj, form, change)


@admin.register(Measure)
class MeasureAdmin(ArchiveNotDelete, SimpleHistoryAdmin):
    list_display = ("number", "program", "timing_text", "schedule_kind", "schedule_confirmed")
    list_filter = ["schedule_kind", "program"]
    search_fields = ["title", "timing_text"]


admin.site.register(Occurrence)
admin.site.register(ProgramVersion)
admin.site.register(ProgressReport, SimpleHistoryAdmin)
