from django.contrib import admin

from audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is appended to by the app, never edited by hand."""

    list_display = ["created_at", "kind", "username", "ip", "method", "path", "status", "detail"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["username", "path", "detail"]
    date_hierarchy = "created_at"
    fields = [*list_display, "user"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
