from django.contrib import admin

from plans.models import Plan, Section


class NoDeleteMixin:
    """Deleting goes through the app, which keeps what it deletes in the trash (trash/).

    A delete here would bypass it: nothing to restore, only the change history.
    """

    def has_delete_permission(self, request, obj=None):
        return False


class SectionInline(NoDeleteMixin, admin.TabularInline):
    model = Section
    fields = ["parent", "position", "heading", "lead_phrase", "show_count"]
    autocomplete_fields = ["parent"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["title", "committee", "year", "kind", "status", "updated_at"]
    list_filter = ["year", "kind", "status", "committee"]
    list_select_related = ["committee"]
    search_fields = ["title", "document_number"]
    autocomplete_fields = ["committee"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "parent", "position", "show_count"]
    list_filter = ["plan"]
    list_select_related = ["plan", "parent"]
    search_fields = ["heading", "lead_phrase", "body"]
    autocomplete_fields = ["plan", "parent"]
