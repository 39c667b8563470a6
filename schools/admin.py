from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import extensions
from .models import (
    AccessEvent,
    Membership,
    MethodologistAssignment,
    Municipality,
    Organisation,
    Region,
    School,
    User,
)


class ArchiveNotDelete:
    """Schools, organisations, programs and measures are archived (is_archived / status), never
    deleted: values, targets, reports and history refer to them, and a cascade from the admin
    would take their dependants' rows along."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["region", "municipality", "school", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Дополнительно"), {"fields": ("middle_name", "position")}),)
    list_display = ("username", "last_name", "first_name", "email", "is_active", "is_staff")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ["name", "code"]
    list_display = ("code", "name")


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    search_fields = ["name", "code"]
    list_display = ("code", "name", "region")
    list_filter = ["region"]


@admin.register(Organisation)
class OrganisationAdmin(ArchiveNotDelete, SimpleHistoryAdmin):
    search_fields = ["name", "short_name"]
    list_display = ("short_name", "kind", "municipality", "is_archived")
    list_filter = ["kind", "region"]


@admin.register(School)
class SchoolAdmin(ArchiveNotDelete, SimpleHistoryAdmin):
    search_fields = ["name", "short_name", "code"]
    list_display = ("code", "short_name", "type", "municipality", "locality", "is_archived")
    list_filter = ["type", "locality", "region", "municipality"]
    list_select_related = ["municipality"]

    def save_model(self, request, obj, form, change):
        # What follows a school's municipality (its indicator values' area) follows it here too.
        # The stored municipality, not the form's changed_data: reverting to an old version in
        # the history builds its form from that version, so a move back looks unchanged there.
        before = School.objects.filter(pk=obj.pk).values_list("municipality_id", flat=True).first()
        super().save_model(request, obj, form, change)
        if before is not None and before != obj.municipality_id:
            extensions.schools_moved([obj.pk])


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "region", "municipality", "school", "is_active")
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["user", "region", "municipality", "school", "organisation"]
    list_select_related = ["user", "region", "municipality", "school"]


@admin.register(MethodologistAssignment)
class MethodologistAssignmentAdmin(admin.ModelAdmin):
    list_display = ("methodologist", "school", "since", "is_active")
    autocomplete_fields = ["methodologist", "school"]


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence, so nobody edits or deletes single rows (retention does)."""

    list_display = ("at", "username", "kind", "subject", "ip")
    list_filter = ("kind",)
    search_fields = ("username", "subject", "ip")
    date_hierarchy = "at"
    list_select_related = ("user",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
