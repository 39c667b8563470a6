from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ClaimMapping, ExternalIdentity, MappingGrant, SessionRecord


@admin.register(ClaimMapping)
class ClaimMappingAdmin(SimpleHistoryAdmin):
    list_display = ("claim_value", "role", "region", "municipality", "school", "organisation", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("claim_value", "note")
    autocomplete_fields = ("region", "municipality", "school", "organisation")


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(SimpleHistoryAdmin):
    list_display = ("user", "subject", "created_at", "last_seen_at")
    search_fields = ("user__username", "subject")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "last_seen_at")


@admin.register(MappingGrant)
class MappingGrantAdmin(admin.ModelAdmin):
    """Read only: the record of what single sign-on granted and withdrew."""

    list_display = ("membership", "claim_value", "mapping", "granted_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("membership__user__username", "claim_value")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SessionRecord)
class SessionRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "started_at", "user_agent")
    search_fields = ("user__username",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
